// aftermath-cli push and pull (docs/team-store.md).

#include "transfercommands.h"

#include "cli.h"
#include "cliutil.h"
#include "workspace/transfer.h"

namespace aftermath::cli {

namespace {

QCommandLineOption storeOption(const QString& name, const QString& what)
{
    return QCommandLineOption(name, what, QStringLiteral("URL|FILE"));
}

// Runs the copy and says what it did: "Copied incident 3 ... as incident 7: 2 sources (1,204
// events) copied, 1 already there." or that nothing was needed.
int transfer(const Invocation& in, const QString& otherOption, bool toOther)
{
    const auto id = incidentArgument(in);
    if (!id)
        return UsageError;
    const QString other = in.parser.value(otherOption);
    if (other.isEmpty())
        return in.usageError(QStringLiteral("give the other store with --%1 URL (or a store file)").arg(otherOption));
    workspace::TransferRequest request;
    request.incidentId = *id;
    if (toOther) {
        request.from = {in.storePath, {}};
        request.to = {other, {}}; // the team store must exist: `aftermath-cli --db URL init` makes it
    } else {
        request.from = {other, {}};
        request.to = {in.storePath, {}};
        request.to.options.create = true; // a pull may start a store file
    }
    const auto outcome = workspace::transferIncident(request);
    if (!outcome)
        return failed(in, outcome.error());
    const QString where = toOther ? other : in.storePath;
    if (outcome->incidentCopied)
        in.out << "Copied incident " << *id << " to " << where << " as incident " << outcome->incidentId;
    else
        in.out << "Incident " << *id << " is already in " << where << " as incident " << outcome->incidentId;
    in.out << ": " << outcome->sourcesCopied << (outcome->sourcesCopied == 1 ? " source" : " sources") << " ("
           << outcome->eventsCopied << " events) copied, " << outcome->sourcesPresent << " already there.\n";
    return Success;
}

} // namespace

void pushOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The incident (in the --db store) to copy."));
    parser.addOption(storeOption(QStringLiteral("to"),
        QStringLiteral("The store to copy it to: the team store's postgresql:// URL, or a store file.")));
}

int pushRun(const Invocation& in) { return transfer(in, QStringLiteral("to"), true); }

void pullOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The incident (in the --from store) to copy."));
    parser.addOption(storeOption(QStringLiteral("from"),
        QStringLiteral("The store to copy it from: the team store's postgresql:// URL, or a store file.")));
}

int pullRun(const Invocation& in) { return transfer(in, QStringLiteral("from"), false); }

} // namespace aftermath::cli
