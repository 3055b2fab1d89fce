// aftermath-cli timeline.

#include "timelinecommands.h"

#include "cli.h"
#include "model/timestamp.h"
#include "store/store.h"
#include "timeline/render.h"
#include "timeline/timeline.h"

namespace aftermath::cli {

void timelineOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Start of the window (ISO 8601; without an offset, read in --tz)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("to"), QStringLiteral("End of the window (ISO 8601)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(QStringLiteral("tz"),
        QStringLiteral("Zone to show times in and to read times without an offset: an IANA name, UTC, +02:00 or "
                       "system (default)."),
        QStringLiteral("ZONE"), QStringLiteral("system")));
    parser.addOption(QCommandLineOption(QStringLiteral("all"),
        QStringLiteral("List every entry, not only the key ones (changes, runs, errors, retries, alerts, people).")));
    parser.addOption(QCommandLineOption(QStringLiteral("format"),
        QStringLiteral("Output format: text, markdown or json (default text)."), QStringLiteral("FORMAT"),
        QStringLiteral("text")));
}

int timelineRun(const Invocation& in)
{
    const QString format = in.parser.value(QStringLiteral("format"));
    if (format != u"text" && format != u"markdown" && format != u"json")
        return in.usageError(QStringLiteral("unknown format \"%1\"; expected text, markdown or json").arg(format));
    const auto zone = model::parseZone(in.parser.value(QStringLiteral("tz")));
    if (!zone)
        return in.usageError(QStringLiteral("--tz: ") + zone.error().message);
    if (!in.parser.isSet(QStringLiteral("from")) || !in.parser.isSet(QStringLiteral("to")))
        return in.usageError(QStringLiteral("give the window with --from TIME and --to TIME"));
    timeline::Options options;
    for (const auto& [name, target] :
        {std::pair{QStringLiteral("from"), &options.fromUs}, std::pair{QStringLiteral("to"), &options.toUs}}) {
        const auto time = model::parseIsoTime(in.parser.value(name), *zone);
        if (!time)
            return in.usageError(QStringLiteral("--%1: %2").arg(name, time.error().message));
        *target = *time;
    }
    if (options.fromUs > options.toUs)
        return in.usageError(
            QStringLiteral("--from (%1) is after --to (%2); give the earlier time first")
                .arg(model::formatInZone(options.fromUs, *zone), model::formatInZone(options.toUs, *zone)));

    auto store = store::Store::open(in.storePath, {.access = store::OpenOptions::Access::ReadOnly});
    if (!store)
        return in.runtimeError(store.error().toString());
    const auto built = timeline::reconstruct(*store, options);
    if (!built)
        return in.runtimeError(built.error().toString());
    if (built->entries.empty())
        return in.runtimeError(QStringLiteral("%1: there are no events between %2 and %3; check the window and --tz, "
                                              "or import the evidence first")
                                   .arg(store->path(), model::formatInZone(options.fromUs, *zone),
                                       model::formatInZone(options.toUs, *zone)));
    const bool all = in.parser.isSet(QStringLiteral("all"));
    if (format == u"json")
        in.out << timeline::renderJson(*built, *zone, all);
    else if (format == u"markdown")
        in.out << timeline::renderMarkdown(*built, *zone, all);
    else
        in.out << timeline::renderText(*built, *zone, all);
    return Success;
}

} // namespace aftermath::cli
