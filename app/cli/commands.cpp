// The command table: every subcommand, in the order the general help lists them.

#include "commands.h"

#include "actioncommands.h"
#include "democommand.h"
#include "draftcommand.h"
#include "entrycommands.h"
#include "eventcommands.h"
#include "exportcommand.h"
#include "importcommand.h"
#include "incidentcommands.h"
#include "ingestcommands.h"
#include "rootcausecommands.h"
#include "sqlcommand.h"
#include "storecommands.h"
#include "timelinecommand.h"
#include "transfercommands.h"

namespace aftermath::cli {

namespace {

constexpr Command allCommands[] = {
    {u"init", u"", u"Create a store, or upgrade an existing one to this version's schema and index it for search.",
        initOptions, initRun},
    {u"info", u"", u"Show the store's path, schema version and the number of rows in each table.", infoOptions,
        infoRun},
    {u"events", u"",
        u"Print stored events in time order: all, or those in a window that match words, levels, kinds, sources, "
        u"services or runs.",
        eventsOptions, eventsRun},
    {u"sql", u"STATEMENT",
        u"Run one read-only SQL statement over the events, incidents and action items (docs/sql.md).", sqlOptions,
        sqlRun},
    {u"ingest", u"PATH...",
        u"Import files, folders and archives (.zip, .tar.gz, .gz): job logs, deploy events, chat exports.",
        ingestOptions, ingestRun},
    {u"formats", u"", u"List the input formats Aftermath reads, with what each one reads.", formatsOptions, formatsRun},
    {u"demo", u"",
        u"Import the bundled example incident into a fresh store, create the incident and print its timeline.",
        demoOptions, demoRun},
    {u"incident", u"new|list|show|set [ID]",
        u"Create, list, show and edit incidents: the window, severity, status and the postmortem's text fields.",
        incidentOptions, incidentRun},
    {u"timeline", u"",
        u"Reconstruct the timeline of a window: merged, repeats collapsed, runs paired, findings and suspects.",
        timelineOptions, timelineRun},
    {u"templates", u"",
        u"List a window's message templates: counts in the window and the baseline, which are new or surging.",
        templatesOptions, templatesRun},
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
    {u"push", u"ID --to URL",
        u"Copy an incident with its evidence to the team store (or another store); copying again changes nothing.",
        pushOptions, pushRun},
    {u"pull", u"ID --from URL",
        u"Copy an incident with its evidence from the team store (or another store) into this one.", pullOptions,
        pullRun},
};

} // namespace

std::span<const Command> commands() { return allCommands; }

} // namespace aftermath::cli
