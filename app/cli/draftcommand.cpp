// aftermath-cli draft: an incident's postmortem drafted from its evidence.

#include "draftcommand.h"

#include "cli.h"
#include "cliutil.h"
#include "draft/draft.h"
#include "workspace/workspace.h"

namespace aftermath::cli {

void draftOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The incident to draft."));
}

int draftRun(const Invocation& in)
{
    const auto id = incidentArgument(in);
    if (!id)
        return UsageError;
    const auto clock = readClock(in);
    if (!clock)
        return UsageError;
    auto ws = openForWriting(in, clock->clock());
    if (!ws)
        return failed(in, ws.error());
    const auto report = workspace::draftIncident({ws->location(), *id});
    if (!report)
        return failed(in, report.error());
    const auto incident = ws->postmortems().incident(*id);
    if (!incident)
        return failed(in, incident.error());
    in.out << "Drafted incident #" << *id << " (" << terminalSafe(incident->title) << ") in " << ws->path() << '\n';
    in.out << "timeline:   " << plural(report->entriesAdded, "entry", "entries") << " added, "
           << report->entriesReplaced << " of the previous draft's replaced\n";
    in.out << "kept:       " << report->entriesKeptEdited << " edited by a person, " << report->entriesKeptUser
           << " written by a person\n";
    in.out << "left out:   " << report->entriesCovered << " a kept entry already cites, " << report->entriesDismissed
           << " removed by a person\n";
    for (const draft::FieldOutcome& field : report->fields)
        in.out << QString(field.field + u':').leftJustified(12) << draft::describe(field.action) << '\n';
    return Success;
}

} // namespace aftermath::cli
