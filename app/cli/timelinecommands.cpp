// aftermath-cli timeline.

#include "timelinecommands.h"

#include "cli.h"
#include "cliutil.h"
#include "model/timeformat.h"
#include "model/timestamp.h"
#include "timeline/render.h"
#include "workspace/workspace.h"

namespace aftermath::cli {

namespace {

QString describe(const model::Incident& incident, const QTimeZone& zone)
{
    return QStringLiteral("#%1  %2  %3 to %4  %5%6")
        .arg(incident.id)
        .arg(incident.title, model::formatInZone(incident.fromUs, zone), model::formatInZone(incident.toUs, zone),
            incident.status, incident.severity.isEmpty() ? QString() : QStringLiteral("  ") + incident.severity);
}

} // namespace

void incidentOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("new, list or show"));
    parser.addOption(QCommandLineOption(
        QStringLiteral("title"), QStringLiteral("The incident's title (new)."), QStringLiteral("TEXT")));
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Start of the incident's window (ISO 8601; without an offset, read in --tz)."),
        QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("to"), QStringLiteral("End of the incident's window."), QStringLiteral("TIME")));
    addZoneOption(parser);
    parser.addOption(QCommandLineOption(
        QStringLiteral("severity"), QStringLiteral("Severity, e.g. SEV2 (new)."), QStringLiteral("LEVEL")));
}

int incidentRun(const Invocation& in)
{
    const QStringList args = in.parser.positionalArguments();
    const QString action = args.value(0);
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const QTimeZone& zone = tz->zone;
    if (action == u"new") {
        if (args.size() != 1)
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
        incident.displayZone = QString::fromUtf8(zone.id());
        incident.severity = in.parser.value(QStringLiteral("severity"));
        auto store = openCreating(in);
        if (!store)
            return failed(in, store.error());
        const auto created = store->postmortems().createIncident(incident);
        if (!created)
            return failed(in, created.error());
        in.out << created->id << '\n';
        return Success;
    }
    if (action == u"list" || action == u"show") {
        auto store = openForReading(in);
        if (!store)
            return failed(in, store.error());
        if (action == u"list") {
            const auto all = store->postmortems().incidents();
            if (!all)
                return failed(in, all.error());
            if (all->empty())
                in.err << "No incidents in " << store->path() << "; create one with `aftermath-cli incident new`.\n";
            for (const model::Incident& incident : *all)
                in.out << describe(incident, model::displayZone(incident, tz->chosen)) << '\n';
            return Success;
        }
        bool ok = false;
        const qint64 id = args.value(1).toLongLong(&ok);
        if (args.size() != 2 || !ok)
            return in.usageError(QStringLiteral("incident show needs an incident number"));
        const auto incident = store->postmortems().incident(id);
        if (!incident)
            return failed(in, incident.error());
        const QTimeZone shown = model::displayZone(*incident, tz->chosen);
        in.out << "incident:  #" << incident->id << ' ' << incident->title << '\n'
               << "window:    " << model::formatInZone(incident->fromUs, shown) << " to "
               << model::formatInZone(incident->toUs, shown) << '\n'
               << "zone:      " << (incident->displayZone.isEmpty() ? QStringLiteral("system") : incident->displayZone)
               << '\n'
               << "severity:  " << (incident->severity.isEmpty() ? QStringLiteral("-") : incident->severity) << '\n'
               << "status:    " << incident->status << '\n';
        store::EventFilter window;
        window.fromUs = incident->fromUs;
        window.toUs = incident->toUs;
        const auto events = store->evidence().countEvents(window);
        if (events)
            in.out << "events:    " << *events << '\n';
        return Success;
    }
    return in.usageError(action.isEmpty()
            ? QStringLiteral("say what to do: incident new, list or show ID")
            : QStringLiteral("unknown action \"%1\"; expected new, list or show").arg(action));
}

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
    parser.addOption(formatOption(QStringLiteral("text, markdown or json"), QStringLiteral("text")));
}

int timelineRun(const Invocation& in)
{
    const auto format = chosenFormat(in, {QStringLiteral("text"), QStringLiteral("markdown"), QStringLiteral("json")},
        QStringLiteral("text, markdown or json"));
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
    workspace::TimelineRequest request;
    request.withEvidence = false; // printed, not browsed
    {
        auto store = openForReading(in);
        if (!store)
            return failed(in, store.error());
        request.store = store->location();
        if (byIncident) {
            bool ok = false;
            request.incidentId = in.parser.value(QStringLiteral("incident")).toLongLong(&ok);
            if (!ok)
                return in.usageError(QStringLiteral("--incident needs an incident number"));
            const auto incident = store->postmortems().incident(request.incidentId);
            if (!incident)
                return failed(in, incident.error());
            zone = model::displayZone(*incident, tz->chosen);
        }
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
    const timeline::Timeline& built = reconstructed->timeline;
    if (built.entries.empty())
        return in.runtimeError(QStringLiteral("%1: there are no events between %2 and %3; check the window and --tz, "
                                              "or import the evidence first")
                                   .arg(request.store.path, model::formatInZone(built.fromUs, zone),
                                       model::formatInZone(built.toUs, zone)));
    const bool all = in.parser.isSet(QStringLiteral("all"));
    if (*format == u"json")
        in.out << timeline::renderJson(built, zone, all);
    else if (*format == u"markdown")
        in.out << timeline::renderMarkdown(built, zone, all);
    else
        in.out << timeline::renderText(built, zone, all);
    return Success;
}

} // namespace aftermath::cli
