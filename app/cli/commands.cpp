#include "commands.h"

#include "cli.h"
#include "cliutil.h"
#include "democommand.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "ingestcommands.h"
#include "jsonwriter.h"
#include "model/timestamp.h"
#include "postmortemcommands.h"
#include "timelinecommands.h"
#include "workspace/workspace.h"

#include <QFileInfo>

namespace aftermath::cli {

namespace {

using workspace::Workspace;

// ---- init ----------------------------------------------------------------------------------

void initOptions(QCommandLineParser&) {}

int initRun(const Invocation& in)
{
    const bool existed = QFileInfo::exists(in.storePath);
    auto opened = openCreating(in);
    if (!opened)
        return failed(in, opened.error());
    const Workspace& store = *opened;
    const int version = Workspace::schemaVersion();
    if (!existed)
        in.out << "Created store " << store.path() << " (schema version " << version << ")\n";
    else if (store.upgradedFrom() != version)
        in.out << "Upgraded store " << store.path() << " from schema version " << store.upgradedFrom() << " to "
               << version << '\n';
    else
        in.out << "Store " << store.path() << " is up to date (schema version " << version << ")\n";
    return Success;
}

// ---- info ----------------------------------------------------------------------------------

void infoOptions(QCommandLineParser& parser)
{
    parser.addOption(formatOption(QStringLiteral("text, json"), QStringLiteral("text")));
}

int infoRun(const Invocation& in)
{
    const auto format
        = chosenFormat(in, {QStringLiteral("text"), QStringLiteral("json")}, QStringLiteral("one of: text, json"));
    if (!format)
        return UsageError;
    auto opened = openForReading(in);
    if (!opened)
        return failed(in, opened.error());
    const auto info = opened->info();
    if (!info)
        return failed(in, info.error());

    if (*format == u"json") {
        JsonObjectWriter counts;
        for (const auto& [table, rows] : info->counts)
            counts.add(table, rows);
        in.out << JsonObjectWriter()
                      .add(u"store", info->path)
                      .add(u"schema_version", info->schemaVersion)
                      .addRaw(u"counts", counts.finish())
                      .finish()
               << '\n';
        return Success;
    }
    in.out << "store:             " << info->path << '\n';
    in.out << "schema version:    " << info->schemaVersion << '\n';
    for (const auto& [table, rows] : info->counts)
        in.out << QString(table + u':').leftJustified(19) << rows << '\n';
    return Success;
}

// ---- events --------------------------------------------------------------------------------

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

    auto opened = openForReading(in);
    if (!opened)
        return failed(in, opened.error());
    const bool jsonl = *format == u"jsonl";
    qint64 printed = 0;
    const auto done = opened->evidence().forEachEvent(filter, [&](const model::StoredEvent& stored) {
        in.out << (jsonl ? eventJson(stored) : eventText(stored, zone)) << '\n';
        ++printed;
        return in.out.status() == QTextStream::Ok;
    });
    in.out.flush();
    if (!done)
        return failed(in, done.error());
    if (in.out.status() != QTextStream::Ok)
        return in.runtimeError(QStringLiteral("could not write the output"));
    if (printed == 0)
        in.err << "No events" << (filter.fromUs || filter.toUs ? " in that time window" : "") << " in "
               << opened->path() << ".\n";
    return Success;
}

constexpr Command allCommands[] = {
    {u"init", u"", u"Create a store, or upgrade an existing one to this version's schema.", initOptions, initRun},
    {u"info", u"", u"Show the store's path, schema version and the number of rows in each table.", infoOptions,
        infoRun},
    {u"events", u"", u"Print stored events in time order, optionally within a time window.", eventsOptions, eventsRun},
    {u"ingest", u"PATH...",
        u"Import files, folders and archives (.zip, .tar.gz, .gz): job logs, deploy events, chat exports.",
        ingestOptions, ingestRun},
    {u"formats", u"", u"List the input formats Aftermath reads, with what each one reads.", formatsOptions, formatsRun},
    {u"demo", u"",
        u"Import the bundled example incident into a fresh store, create the incident and print its timeline.",
        demoOptions, demoRun},
    {u"incident", u"new|list|show|set [ID]",
        u"Create, list, show and edit incidents: the window, severity, status and the postmortem's text fields.",
        incidentCommandOptions, incidentCommandRun},
    {u"timeline", u"",
        u"Reconstruct the timeline of a window: merged, repeats collapsed, runs paired, findings and suspects.",
        timelineOptions, timelineRun},
    {u"rootcause", u"add ID TEXT | list ID | rm ID POSITION | move ID FROM TO",
        u"Add, list, remove and reorder an incident's root causes.", rootCauseOptions, rootCauseRun},
    {u"entry", u"add ID TIME TEXT | list ID | set ID EID | rm ID EID",
        u"Write the postmortem's curated timeline: entries with a time, text, a note and the events they cite.",
        entryOptions, entryRun},
    {u"action", u"add ID DESCRIPTION | set AID | rm AID | list | export",
        u"Track action items: add, update, remove, list (text, CSV for Jira, JSON) and export as gh issue commands.",
        actionOptions, actionRun},
    {u"draft", u"ID",
        u"Draft an incident's postmortem from its evidence (timeline, trigger, detection, impact); keeps edits.",
        draftOptions, draftRun},
    {u"export", u"ID",
        u"Write an incident's postmortem through a template as Markdown or HTML, with a timeline chart (--chart).",
        exportOptions, exportRun},
    {u"import-postmortem", u"FILE",
        u"Create an incident from an existing Markdown postmortem: fields, timeline, root causes, action items.",
        importPostmortemOptions, importPostmortemRun},
};

} // namespace

std::span<const Command> commands() { return allCommands; }

} // namespace aftermath::cli
