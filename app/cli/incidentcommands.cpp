// aftermath-cli incident new|list|show|set: incidents, their windows and the postmortem's text fields.

#include "incidentcommands.h"

#include "cli.h"
#include "cliutil.h"
#include "model/timeformat.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

namespace aftermath::cli {

namespace {

using model::IncidentUpdate;

QString describe(const model::Incident& incident, const QTimeZone& zone)
{
    return QStringLiteral("#%1  %2  %3 to %4  %5%6")
        .arg(incident.id)
        .arg(incident.title, model::formatInZone(incident.fromUs, zone), model::formatInZone(incident.toUs, zone),
            incident.status, incident.severity.isEmpty() ? QString() : QStringLiteral("  ") + incident.severity);
}

// `incident set` options beyond those `incident new` has, with the field each one sets.
struct TextOption {
    const char* name;
    const char* help;
    std::optional<QString> IncidentUpdate::*field;
};

constexpr TextOption incidentTextOptions[] = {
    {"status", "Status: draft, in_review or final (set).", &IncidentUpdate::status},
    {"authors", "Authors, as people write them: \"Dana W, Sam Okafor\" (set).", &IncidentUpdate::authors},
    {"description", "The non-technical description (set).", &IncidentUpdate::description},
    {"summary", "Summary (set).", &IncidentUpdate::summary},
    {"impact", "Impact (set).", &IncidentUpdate::impact},
    {"trigger", "Trigger (set).", &IncidentUpdate::trigger},
    {"detection", "Detection (set).", &IncidentUpdate::detection},
    {"resolution", "Resolution (set).", &IncidentUpdate::resolution},
    {"contributing-factors", "Contributing factors (set).", &IncidentUpdate::contributingFactors},
    {"went-well", "What went well (set).", &IncidentUpdate::wentWell},
    {"went-wrong", "What went wrong (set).", &IncidentUpdate::wentWrong},
    {"got-lucky", "Where we got lucky (set).", &IncidentUpdate::gotLucky},
};

int incidentNew(const Invocation& in, const QTimeZone& zone)
{
    if (in.parser.positionalArguments().size() != 1)
        return in.usageError(QStringLiteral("incident new takes options only"));
    model::Incident incident;
    incident.title = in.parser.value(QStringLiteral("title")).trimmed();
    if (incident.title.isEmpty())
        return in.usageError(QStringLiteral("give the incident a --title"));
    for (const auto& [name, target] :
        {std::pair{QStringLiteral("from"), &incident.fromUs}, std::pair{QStringLiteral("to"), &incident.toUs}}) {
        if (!in.parser.isSet(name))
            return in.usageError(QStringLiteral("give the incident's window with --from TIME --to TIME"));
        const auto time = readTimeOption(in, name, zone);
        if (!time)
            return UsageError;
        *target = *time;
    }
    if (incident.fromUs > incident.toUs)
        return in.usageError(QStringLiteral("--from is after --to; give the earlier time first"));
    const auto baseline = readBaselineOptions(in, zone);
    if (!baseline)
        return baseline.error();
    incident.baseline = *baseline;
    incident.displayZone = QString::fromUtf8(zone.id());
    incident.severity = in.parser.value(QStringLiteral("severity"));
    auto ws = openCreating(in);
    if (!ws)
        return failed(in, ws.error());
    const auto created = ws->postmortems().createIncident(incident);
    if (!created)
        return failed(in, created.error());
    in.out << created->id << '\n';
    return Success;
}

int incidentListOrShow(const Invocation& in, const ZoneOption& tz)
{
    const QStringList args = in.parser.positionalArguments();
    const QString action = args.value(0);
    auto ws = openForReading(in);
    if (!ws)
        return failed(in, ws.error());
    if (action == u"list") {
        const auto all = ws->postmortems().incidents();
        if (!all)
            return failed(in, all.error());
        if (all->empty())
            in.err << "No incidents in " << ws->path() << "; create one with `aftermath-cli incident new`.\n";
        for (const model::Incident& incident : *all)
            in.out << terminalSafe(describe(incident, model::displayZone(incident, tz.chosen))) << '\n';
        return Success;
    }
    bool ok = false;
    const qint64 id = args.value(1).toLongLong(&ok);
    if (args.size() != 2 || !ok)
        return in.usageError(QStringLiteral("incident show needs an incident number"));
    const auto incident = ws->postmortems().incident(id);
    if (!incident)
        return failed(in, incident.error());
    const QTimeZone shown = model::displayZone(*incident, tz.chosen);
    in.out << "incident:  #" << incident->id << ' ' << terminalSafe(incident->title) << '\n'
           << "window:    " << model::formatInZone(incident->fromUs, shown) << " to "
           << model::formatInZone(incident->toUs, shown) << '\n'
           << "zone:      " << (incident->displayZone.isEmpty() ? QStringLiteral("system") : incident->displayZone)
           << '\n'
           << "severity:  " << (incident->severity.isEmpty() ? QStringLiteral("-") : terminalSafe(incident->severity))
           << '\n'
           << "status:    " << incident->status << '\n'
           << "version:   " << incident->rowVersion << '\n'
           << "baseline:  "
           << (incident->baseline ? model::formatInZone(incident->baseline->first, shown) + QStringLiteral(" to ")
                       + model::formatInZone(incident->baseline->second, shown)
                                  : QStringLiteral("automatic (the window's length before it, else the same hours a "
                                                   "day before)"))
           << '\n';
    store::EventFilter window;
    window.fromUs = incident->fromUs;
    window.toUs = incident->toUs;
    const auto events = ws->evidence().countEvents(window);
    if (events)
        in.out << "events:    " << *events << '\n';
    return Success;
}

int incidentSet(const Invocation& in)
{
    const QStringList args = in.parser.positionalArguments();
    if (args.size() != 2)
        return in.usageError(QStringLiteral("incident set takes the incident's number: incident set ID --summary "
                                            "TEXT ..."));
    const auto id = idArgument(in, 1, u"an incident number");
    if (!id)
        return UsageError;

    IncidentUpdate update;
    QStringList changed;
    if (in.parser.isSet(QStringLiteral("title"))) {
        update.title = in.parser.value(QStringLiteral("title")).trimmed();
        if (update.title->isEmpty())
            return in.usageError(QStringLiteral("--title cannot be empty"));
        changed << QStringLiteral("title");
    }
    if (in.parser.isSet(QStringLiteral("severity"))) {
        update.severity = in.parser.value(QStringLiteral("severity"));
        changed << QStringLiteral("severity");
    }
    for (const TextOption& option : incidentTextOptions) {
        const QString name = QString::fromLatin1(option.name);
        if (!in.parser.isSet(name))
            continue;
        update.*option.field = in.parser.value(name);
        changed << name;
    }
    if (update.status && !model::isIncidentStatus(*update.status))
        return in.usageError(
            QStringLiteral("--status: expected draft, in_review or final, not \"%1\"").arg(*update.status));
    const bool from = in.parser.isSet(QStringLiteral("from"));
    const bool to = in.parser.isSet(QStringLiteral("to"));
    const bool baseline = in.parser.isSet(QStringLiteral("baseline-from")) || in.parser.isSet(QStringLiteral("baseline-to"));
    const bool baselineAuto = in.parser.isSet(QStringLiteral("baseline-auto"));
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const auto ifVersion = ifVersionOption(in);
    if (!ifVersion)
        return UsageError;
    if (changed.isEmpty() && !from && !to && !baseline && !baselineAuto && !tz->chosen)
        return in.usageError(QStringLiteral("say what to change: --title, --severity, --status, --summary, --impact, "
                                            "... the window with --from, --to and --tz, or the baseline with "
                                            "--baseline-from and --baseline-to (or --baseline-auto)"));
    if (baseline && baselineAuto)
        return in.usageError(QStringLiteral("give either the baseline (--baseline-from, --baseline-to) or "
                                            "--baseline-auto, not both"));
    if (baselineAuto) {
        update.baseline = std::optional<std::pair<qint64, qint64>>();
        changed << QStringLiteral("baseline");
    }
    if (tz->chosen) {
        update.displayZone = QString::fromUtf8(tz->chosen->id());
        changed << QStringLiteral("zone");
    }
    const auto clock = readClock(in);
    if (!clock)
        return UsageError;
    auto ws = openForWriting(in, clock->clock());
    if (!ws)
        return failed(in, ws.error());
    if (from || to || baseline) {
        // Times without an offset are read in the zone the incident is shown in: --tz, else its own.
        const auto incident = ws->postmortems().incident(*id);
        if (!incident)
            return failed(in, incident.error());
        const QTimeZone zone = model::displayZone(*incident, tz->chosen);
        if (baseline) {
            const auto read = readBaselineOptions(in, zone);
            if (!read)
                return read.error();
            update.baseline = *read;
            changed << QStringLiteral("baseline");
        }
        for (const auto& [name, target] :
            {std::pair{QStringLiteral("from"), &update.fromUs}, std::pair{QStringLiteral("to"), &update.toUs}}) {
            if (!in.parser.isSet(name))
                continue;
            const auto time = readTimeOption(in, name, zone);
            if (!time)
                return UsageError;
            *target = *time;
            changed << name;
        }
        if (update.fromUs && update.toUs && *update.fromUs > *update.toUs)
            return in.usageError(QStringLiteral("--from is after --to; give the earlier time first"));
    }
    update.basedOn = *ifVersion;
    const auto updated = ws->postmortems().updateIncident(*id, update);
    if (!updated)
        return failed(in, updated.error());
    in.out << "Updated incident #" << updated->id << ": " << changed.join(QStringLiteral(", ")) << " (version "
           << updated->rowVersion << ")\n";
    return Success;
}

} // namespace

void incidentOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("new, list, show or set"));
    parser.addOption(QCommandLineOption(
        QStringLiteral("title"), QStringLiteral("The incident's title (new)."), QStringLiteral("TEXT")));
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Start of the incident's window (ISO 8601; without an offset, read in --tz)."),
        QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("to"), QStringLiteral("End of the incident's window."), QStringLiteral("TIME")));
    addZoneOption(parser);
    addBaselineOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("baseline-auto"),
        QStringLiteral("Forget the baseline set: the timeline chooses it again (set).")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("severity"), QStringLiteral("Severity, e.g. SEV2 (new)."), QStringLiteral("LEVEL")));
    for (const TextOption& option : incidentTextOptions)
        parser.addOption(QCommandLineOption(
            QString::fromLatin1(option.name), QString::fromLatin1(option.help), QStringLiteral("TEXT")));
    parser.addOption(QCommandLineOption(QStringLiteral("if-version"),
        QStringLiteral("Only if no one changed the incident since this version (`incident show` prints it); "
                       "otherwise exit 3 showing the stored and given values (set)."),
        QStringLiteral("N")));
}

int incidentRun(const Invocation& in)
{
    const QString action = in.parser.positionalArguments().value(0);
    if (action == u"set")
        return incidentSet(in);
    if (in.parser.isSet(QStringLiteral("if-version")))
        return in.usageError(QStringLiteral("--if-version is for incident set"));
    if (action != u"new" && action != u"list" && action != u"show")
        return in.usageError(action.isEmpty()
                ? QStringLiteral("say what to do: incident new, list, show ID or set ID")
                : QStringLiteral("unknown action \"%1\"; expected new, list, show or set").arg(action));
    for (const TextOption& option : incidentTextOptions) {
        if (in.parser.isSet(QString::fromLatin1(option.name)))
            return in.usageError(QStringLiteral("--%1 is for incident set; create the incident first, then run "
                                                "incident set ID --%1 ...")
                                     .arg(QLatin1StringView(option.name)));
    }
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    return action == u"new" ? incidentNew(in, tz->zone) : incidentListOrShow(in, *tz);
}

} // namespace aftermath::cli
