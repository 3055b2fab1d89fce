// aftermath-cli timeline: the reconstruction of an incident's or a window's evidence.

#include "timelinecommand.h"

#include "cli.h"
#include "cliutil.h"
#include "model/timeformat.h"
#include "model/timestamp.h"
#include "timeline/render.h"
#include "workspace/workspace.h"

#include <QFileInfo>

namespace aftermath::cli {

void timelineOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("incident"),
        QStringLiteral("Reconstruct this incident's window (shown in its zone unless --tz is given)."),
        QStringLiteral("ID")));
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Start of the window (ISO 8601; without an offset, read in --tz)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("to"), QStringLiteral("End of the window (ISO 8601)."), QStringLiteral("TIME")));
    addZoneOption(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("all"),
        QStringLiteral("List every entry, not only the key ones (changes, runs, errors, retries, alerts, people).")));
    parser.addOption(timelineFormatOption(QStringLiteral("Output format")));
}

int timelineRun(const Invocation& in)
{
    const auto format = chosenTimelineFormat(in);
    if (!format)
        return UsageError;
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    QTimeZone zone = tz->zone;
    const bool byIncident = in.parser.isSet(QStringLiteral("incident"));
    const bool byWindow = in.parser.isSet(QStringLiteral("from")) || in.parser.isSet(QStringLiteral("to"));
    if (byIncident == byWindow
        || (byWindow && !(in.parser.isSet(QStringLiteral("from")) && in.parser.isSet(QStringLiteral("to")))))
        return in.usageError(QStringLiteral("give either --incident ID or the window with --from TIME and --to TIME"));
    // The reconstruction opens the store itself (its errors name it) and reads the incident.
    workspace::TimelineRequest request{.store = {in.storePath, {}}, .withEvidence = false}; // printed, not browsed
    if (byIncident) {
        const auto id = parseId(in.parser.value(QStringLiteral("incident")));
        if (!id)
            return in.usageError(QStringLiteral("--incident needs an incident number"));
        request.incidentId = *id;
    }
    for (const auto& [name, target] :
        {std::pair{QStringLiteral("from"), &request.fromUs}, std::pair{QStringLiteral("to"), &request.toUs}}) {
        if (byIncident)
            break;
        const auto time = readTimeOption(in, name, zone);
        if (!time)
            return UsageError;
        *target = *time;
    }
    if (request.fromUs > request.toUs)
        return in.usageError(
            QStringLiteral("--from (%1) is after --to (%2); give the earlier time first")
                .arg(model::formatInZone(request.fromUs, zone), model::formatInZone(request.toUs, zone)));

    const auto reconstructed = workspace::reconstructIncident(request);
    if (!reconstructed)
        return failed(in, reconstructed.error());
    if (byIncident)
        zone = model::displayZone(reconstructed->incident, tz->chosen);
    const timeline::Timeline& built = reconstructed->timeline;
    if (built.entries.empty())
        return in.runtimeError(QStringLiteral("%1: there are no events between %2 and %3; check the window and --tz, "
                                              "or import the evidence first")
                                   .arg(QFileInfo(request.store.path).absoluteFilePath(),
                                       model::formatInZone(built.fromUs, zone), model::formatInZone(built.toUs, zone)));
    in.out << renderTimeline(built, zone, in.parser.isSet(QStringLiteral("all")), *format);
    return Success;
}

QCommandLineOption timelineFormatOption(const QString& label)
{
    return formatOption(QStringLiteral("text, markdown or json"), QStringLiteral("text"), label);
}

std::optional<QString> chosenTimelineFormat(const Invocation& in)
{
    return chosenFormat(in, {QStringLiteral("text"), QStringLiteral("markdown"), QStringLiteral("json")},
        QStringLiteral("text, markdown or json"));
}

QString renderTimeline(const timeline::Timeline& built, const QTimeZone& zone, bool all, QStringView format)
{
    if (format == u"json")
        return timeline::renderJson(built, zone, all);
    if (format == u"markdown")
        return timeline::renderMarkdown(built, zone, all);
    return terminalSafe(timeline::renderText(built, zone, all));
}

} // namespace aftermath::cli
