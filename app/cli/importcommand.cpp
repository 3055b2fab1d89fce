// aftermath-cli import-postmortem: a Markdown postmortem read into a new incident.

#include "importcommand.h"

#include "cli.h"
#include "cliutil.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

#include <QFileInfo>

#include <algorithm>

namespace aftermath::cli {

void importPostmortemOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The Markdown postmortem to import."));
    addZoneOption(parser); // for times the document gives without a zone, when it states none
}

int importPostmortemRun(const Invocation& in)
{
    const QStringList args = in.parser.positionalArguments();
    if (args.size() != 1)
        return in.usageError(QStringLiteral("import-postmortem takes one file: import-postmortem FILE.md"));
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const auto clock = readClock(in);
    if (!clock)
        return UsageError;

    const QString path = args[0];
    // The store is created when missing, once the document has been read.
    const workspace::PostmortemImportRequest request{
        .store = {in.storePath, {.create = true, .clock = &clock->clock()}}, .file = path, .zone = tz->zone};
    const auto imported = workspace::importPostmortemFile(request);
    if (!imported)
        return failed(in, imported.error());
    const qint64 id = imported->incidentId;

    const model::Postmortem& p = imported->postmortem;
    for (const QString& warning : imported->warnings)
        in.err << "aftermath-cli: warning: " << path << ": " << terminalSafe(warning) << '\n';
    in.err << "Imported " << QFileInfo(path).fileName() << " as incident #" << id << ": "
           << terminalSafe(p.incident.title) << " (" << p.timeline.size() << " timeline entries, "
           << p.rootCauses.size() << " root causes, " << p.actionItems.size() << " action items, "
           << std::ranges::count_if(p.customSections,
                  [](const model::CustomSection& s) { return !s.heading.isEmpty() && !s.fromEvidence; })
           << " sections of their own)\n";
    in.out << id << '\n';
    return Success;
}

} // namespace aftermath::cli
