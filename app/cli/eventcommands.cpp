// aftermath-cli events: the stored evidence, event by event.

#include "eventcommands.h"

#include "cli.h"
#include "cliutil.h"
#include "jsonwriter.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

namespace aftermath::cli {

namespace {

QString eventJson(const model::StoredEvent& stored)
{
    const model::Event& e = stored.event;
    JsonObjectWriter json;
    json.add(u"id", e.id)
        .add(u"time", model::formatUtc(e.timeUs))
        .add(u"time_quality", model::toString(e.timeQuality))
        .add(u"source", stored.sourceName)
        .add(u"line", e.line)
        .addOptional(u"locator", e.locator)
        .add(u"level", model::toString(e.level))
        .add(u"kind", model::toString(e.kind))
        .addOptional(u"service", e.service)
        .addOptional(u"run", e.runId)
        .addOptional(u"actor", e.actor)
        .addOptional(u"outcome", e.outcome)
        .add(u"message", e.message);
    return json.finish();
}

QString eventText(const model::StoredEvent& stored, const QTimeZone& zone)
{
    const model::Event& e = stored.event;
    QString where = stored.sourceName;
    if (e.line > 0)
        where += u':' + QString::number(e.line);
    QString line = model::formatInZone(e.timeUs, zone) + u"  " + model::toString(e.level).toString().leftJustified(8)
        + model::toString(e.kind).toString().leftJustified(11) + where;
    if (!e.service.isEmpty())
        line += QStringLiteral("  [") + e.service + u']';
    // Continuation lines (stack traces) stay visibly part of their event.
    QString message = e.message;
    message.replace(u'\n', QStringLiteral("\n    "));
    return line + u"  " + message;
}

} // namespace

void eventsOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Only events at or after this time (ISO 8601)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(QStringLiteral("to"),
        QStringLiteral("Only events at or before this time (ISO 8601)."), QStringLiteral("TIME")));
    addZoneOption(parser);
    parser.addOption(
        QCommandLineOption(QStringLiteral("limit"), QStringLiteral("Print at most N events."), QStringLiteral("N")));
    parser.addOption(formatOption(QStringLiteral("text, jsonl"), QStringLiteral("text")));
}

int eventsRun(const Invocation& in)
{
    const auto format
        = chosenFormat(in, {QStringLiteral("text"), QStringLiteral("jsonl")}, QStringLiteral("one of: text, jsonl"));
    if (!format)
        return UsageError;
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const QTimeZone& zone = tz->zone;

    store::EventFilter filter;
    for (const auto& [name, target] :
        {std::pair{QStringLiteral("from"), &filter.fromUs}, std::pair{QStringLiteral("to"), &filter.toUs}}) {
        if (!in.parser.isSet(name))
            continue;
        const auto time = readTimeOption(in, name, zone);
        if (!time)
            return UsageError;
        *target = *time;
    }
    if (filter.fromUs && filter.toUs && *filter.fromUs > *filter.toUs)
        return in.usageError(
            QStringLiteral("--from (%1) is after --to (%2); give the earlier time first")
                .arg(model::formatInZone(*filter.fromUs, zone), model::formatInZone(*filter.toUs, zone)));
    if (in.parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        const qint64 limit = in.parser.value(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok || limit < 0)
            return in.usageError(QStringLiteral("--limit needs a whole number of events, 0 or more"));
        filter.limit = limit;
    }

    auto ws = openForReading(in);
    if (!ws)
        return failed(in, ws.error());
    const bool jsonl = *format == u"jsonl";
    qint64 printed = 0;
    const auto done = ws->evidence().forEachEvent(filter, [&](const model::StoredEvent& stored) {
        in.out << (jsonl ? eventJson(stored) : terminalSafe(eventText(stored, zone))) << '\n';
        ++printed;
        return in.out.status() == QTextStream::Ok;
    });
    in.out.flush();
    if (!done)
        return failed(in, done.error());
    if (in.out.status() != QTextStream::Ok)
        return in.runtimeError(QStringLiteral("could not write the output"));
    if (printed == 0)
        in.err << "No events" << (filter.fromUs || filter.toUs ? " in that time window" : "") << " in " << ws->path()
               << ".\n";
    return Success;
}

} // namespace aftermath::cli
