// aftermath-cli init and info: the store itself.

#include "storecommands.h"

#include "cli.h"
#include "cliutil.h"
#include "jsonwriter.h"
#include "workspace/workspace.h"


namespace aftermath::cli {

void initOptions(QCommandLineParser&) {}

int initRun(const Invocation& in)
{
    auto ws = openCreating(in);
    if (!ws)
        return failed(in, ws.error());
    const int version = workspace::Workspace::schemaVersion();
    // Version 0 before this open: a new store, in a new file or an empty server database.
    if (ws->upgradedFrom() == 0)
        in.out << "Created store " << ws->path() << " (schema version " << version << ")\n";
    else if (ws->upgradedFrom() != version)
        in.out << "Upgraded store " << ws->path() << " from schema version " << ws->upgradedFrom() << " to " << version
               << '\n';
    else
        in.out << "Store " << ws->path() << " is up to date (schema version " << version << ")\n";
    // A store upgraded from before the search index (or imported into with --no-index) is indexed.
    const auto status = ws->evidence().searchIndexStatus();
    if (!status)
        return failed(in, status.error());
    if (status->lags())
        in.out << reportIndexRun(in, updateSearchIndex(in, ws->location()));
    return Success;
}

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
    auto ws = openForReading(in);
    if (!ws)
        return failed(in, ws.error());
    const auto info = ws->info();
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

} // namespace aftermath::cli
