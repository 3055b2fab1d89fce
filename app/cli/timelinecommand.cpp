// aftermath-cli timeline: the reconstruction of an incident's or a window's evidence.

#include "timelinecommand.h"

#include "cli.h"
#include "cliutil.h"
#include "model/timeformat.h"
#include "model/timestamp.h"
#include "timeline/render.h"
#include "workspace/workspace.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <expected>

namespace aftermath::cli {

namespace {

// The window options timeline and templates share: an incident or --from/--to, the zone, and the
// baseline.
void windowOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("incident"),
        QStringLiteral("Reconstruct this incident's window (shown in its zone unless --tz is given)."),
        QStringLiteral("ID")));
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Start of the window (ISO 8601; without an offset, read in --tz)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("to"), QStringLiteral("End of the window (ISO 8601)."), QStringLiteral("TIME")));
    addBaselineOptions(parser);
    addZoneOption(parser);
}

// Reconstructs the window the options name; on failure, the exit status.
std::expected<workspace::IncidentTimeline, int> reconstructFromOptions(const Invocation& in, QTimeZone& zone)
{
    const auto tz = readZoneOption(in);
    if (!tz)
        return std::unexpected(UsageError);
    zone = tz->zone;
    const bool byIncident = in.parser.isSet(QStringLiteral("incident"));
    const bool byWindow = in.parser.isSet(QStringLiteral("from")) || in.parser.isSet(QStringLiteral("to"));
    if (byIncident == byWindow
        || (byWindow && !(in.parser.isSet(QStringLiteral("from")) && in.parser.isSet(QStringLiteral("to")))))
        return std::unexpected(
            in.usageError(QStringLiteral("give either --incident ID or the window with --from TIME and --to TIME")));
    // The reconstruction opens the store itself (its errors name it) and reads the incident.
    workspace::TimelineRequest request{.store = {in.storePath, {}}, .withEvidence = false}; // printed, not browsed
    if (byIncident) {
        const auto id = parseId(in.parser.value(QStringLiteral("incident")));
        if (!id)
            return std::unexpected(in.usageError(QStringLiteral("--incident needs an incident number")));
        request.incidentId = *id;
    }
    for (const auto& [name, target] :
        {std::pair{QStringLiteral("from"), &request.fromUs}, std::pair{QStringLiteral("to"), &request.toUs}}) {
        if (byIncident)
            break;
        const auto time = readTimeOption(in, name, zone);
        if (!time)
            return std::unexpected(UsageError);
        *target = *time;
    }
    if (request.fromUs > request.toUs)
        return std::unexpected(in.usageError(
            QStringLiteral("--from (%1) is after --to (%2); give the earlier time first")
                .arg(model::formatInZone(request.fromUs, zone), model::formatInZone(request.toUs, zone))));
    const auto baseline = readBaselineOptions(in, zone);
    if (!baseline)
        return std::unexpected(baseline.error());
    request.baseline = *baseline;
    const auto baselineAfterStart = [&](qint64 windowFromUs, const QTimeZone& shown) -> std::optional<int> {
        if (!request.baseline || request.baseline->second <= windowFromUs)
            return std::nullopt;
        return in.usageError(QStringLiteral("the baseline must end by the window's start (%1)")
                                 .arg(model::formatInZone(windowFromUs, shown)));
    };
    // A window given by hand is checked before the reconstruction reads it; an incident's, once
    // the reconstruction has read the incident.
    if (byWindow)
        if (const auto refused = baselineAfterStart(request.fromUs, zone))
            return std::unexpected(*refused);

    auto reconstructed = workspace::reconstructIncident(request);
    if (!reconstructed)
        return std::unexpected(failed(in, reconstructed.error()));
    if (byIncident) {
        zone = model::displayZone(reconstructed->incident, tz->chosen);
        if (const auto refused = baselineAfterStart(reconstructed->incident.fromUs, zone))
            return std::unexpected(*refused);
    }
    const timeline::Timeline& built = reconstructed->timeline;
    if (built.entries.empty())
        return std::unexpected(in.runtimeError(
            QStringLiteral("%1: there are no events between %2 and %3; check the window and --tz, "
                           "or import the evidence first")
                .arg(QFileInfo(request.store.path).absoluteFilePath(), model::formatInZone(built.fromUs, zone),
                    model::formatInZone(built.toUs, zone))));
    return std::move(*reconstructed);
}

} // namespace

void timelineOptions(QCommandLineParser& parser)
{
    windowOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("all"),
        QStringLiteral("List every entry, not only the key ones (changes, runs, errors, retries, alerts, people).")));
    parser.addOption(timelineFormatOption(QStringLiteral("Output format")));
}

int timelineRun(const Invocation& in)
{
    const auto format = chosenTimelineFormat(in);
    if (!format)
        return UsageError;
    QTimeZone zone;
    const auto reconstructed = reconstructFromOptions(in, zone);
    if (!reconstructed)
        return reconstructed.error();
    in.out << renderTimeline(reconstructed->timeline, zone, in.parser.isSet(QStringLiteral("all")), *format);
    return Success;
}

void templatesOptions(QCommandLineParser& parser)
{
    windowOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("role"),
        QStringLiteral("Only templates of this role: incident (new or surging), background (steady before the "
                       "incident) or window (neither)."),
        QStringLiteral("ROLE")));
    parser.addOption(formatOption(QStringLiteral("text or json"), QStringLiteral("text"), QStringLiteral("Output format")));
}

int templatesRun(const Invocation& in)
{
    const auto format = chosenFormat(in, {QStringLiteral("text"), QStringLiteral("json")}, QStringLiteral("text or json"));
    if (!format)
        return UsageError;
    const QString role = in.parser.value(QStringLiteral("role"));
    if (!role.isEmpty() && role != u"incident" && role != u"background" && role != u"window")
        return in.usageError(QStringLiteral("--role is incident, background or window, not \"%1\"").arg(role));
    QTimeZone zone;
    const auto reconstructed = reconstructFromOptions(in, zone);
    if (!reconstructed)
        return reconstructed.error();
    const timeline::Timeline& t = reconstructed->timeline;
    // The incident's templates first, in the order they began; then the rest, the most frequent first.
    std::vector<const timeline::TemplateStat*> rows;
    for (const timeline::TemplateStat& stat : t.templates) {
        if (role.isEmpty() || timeline::toString(stat.role) == role)
            rows.push_back(&stat);
    }
    std::ranges::stable_sort(rows, [](const timeline::TemplateStat* a, const timeline::TemplateStat* b) {
        const bool incidentA = a->role == timeline::TemplateStat::Role::Incident;
        const bool incidentB = b->role == timeline::TemplateStat::Role::Incident;
        if (incidentA != incidentB)
            return incidentA;
        if (incidentA)
            return *a->changeUs < *b->changeUs;
        return a->count + a->baselineCount > b->count + b->baselineCount;
    });
    const model::WindowTimeFormat time(t.fromUs, t.toUs, zone);
    if (*format == u"json") {
        auto window = [&](qint64 from, qint64 to) {
            return QJsonObject{{QStringLiteral("from"), model::formatInZone(from, zone)},
                {QStringLiteral("to"), model::formatInZone(to, zone)}};
        };
        QJsonArray templates;
        for (const timeline::TemplateStat* s : rows) {
            QJsonArray ids;
            for (const qint64 id : s->eventIds)
                ids.append(id);
            QJsonValue change = QJsonValue::Null;
            if (s->changeUs)
                change = QJsonObject{
                    {QStringLiteral("type"), s->isNew ? QStringLiteral("new_template") : QStringLiteral("rate_change")},
                    {QStringLiteral("time"), model::formatInZone(*s->changeUs, zone)},
                    {QStringLiteral("until"), model::formatInZone(*s->surgeEndUs, zone)},
                    {QStringLiteral("rate_per_hour"), QJsonObject{{QStringLiteral("before"), s->ratePerHourBefore},
                                                          {QStringLiteral("after"), s->ratePerHourAfter}}}};
            templates.append(QJsonObject{{QStringLiteral("role"), timeline::toString(s->role)},
                {QStringLiteral("template"), s->text}, {QStringLiteral("source"), s->source},
                {QStringLiteral("kind"), model::toString(s->kind).toString()},
                {QStringLiteral("in_window"), s->count}, {QStringLiteral("in_baseline"), s->baselineCount},
                {QStringLiteral("change"), change}, {QStringLiteral("event_ids"), ids}});
        }
        const QJsonObject root{{QStringLiteral("window"), window(t.fromUs, t.toUs)},
            {QStringLiteral("baseline"),
                t.baseline ? QJsonValue(window(t.baseline->first, t.baseline->second)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("templates"), templates}};
        in.out << QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
        return Success;
    }
    in.out << QStringLiteral("Templates from %1 to %2 (times in %3); baseline %4\n\n")
                  .arg(model::formatInZone(t.fromUs, zone), model::formatInZone(t.toUs, zone), time.zoneLabelWithOffsets(),
                      t.baseline ? QStringLiteral("%1 to %2").arg(model::formatInZone(t.baseline->first, zone),
                                       model::formatInZone(t.baseline->second, zone))
                                 : QStringLiteral("none (no evidence before the window)"));
    const QLocale locale = QLocale::c();
    in.out << QStringLiteral("%1 %2 %3  %4 %5  %6  %7\n")
                  .arg(QStringLiteral("role").leftJustified(10), QStringLiteral("window").rightJustified(9),
                      QStringLiteral("baseline").rightJustified(9), QStringLiteral("change").leftJustified(12),
                      QStringLiteral("per hour").rightJustified(14), QStringLiteral("source"), QStringLiteral("template"));
    for (const timeline::TemplateStat* s : rows) {
        const QString change = s->changeUs ? (s->isNew ? QStringLiteral("new ") : QStringLiteral("up ")) + time.time(*s->changeUs) : QString();
        const QString rates = s->changeUs ? QStringLiteral("%1 -> %2").arg(timeline::formatRate(s->ratePerHourBefore), timeline::formatRate(s->ratePerHourAfter)) : QString();
        in.out << terminalSafe(QStringLiteral("%1 %2 %3  %4 %5  %6  %7\n")
                                   .arg(timeline::toString(s->role).leftJustified(10),
                                       locale.toString(s->count).rightJustified(9),
                                       locale.toString(s->baselineCount).rightJustified(9), change.leftJustified(12),
                                       rates.rightJustified(14), s->source, s->text));
    }
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
