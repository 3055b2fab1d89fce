// aftermath-cli demo: the bundled example incident, from evidence to timeline.

#include "democommand.h"

#include "cli.h"
#include "cliutil.h"
#include "model/datadirs.h"
#include "model/timestamp.h"
#include "timeline/timeline.h"
#include "timelinecommand.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace aftermath::cli {

namespace {

// The example's manifest (title, window, zone) and its evidence beside it, from the first data
// folder that has them (/usr/share/aftermath/examples when installed, else the compiled-in copy).
const QString manifestName = QStringLiteral("examples/etl-incident.json");

// Copies the example's evidence to `target` so that it can be imported and read like any export.
Result<void> copyEvidence(const QString& evidenceRoot, const QString& target)
{
    QDirIterator it(evidenceRoot, QDir::Files, QDirIterator::Subdirectories);
    const QDir source(evidenceRoot);
    int copied = 0;
    while (it.hasNext()) {
        const QString from = it.next();
        if (QFileInfo(from).fileName() == u"README.md")
            continue; // the example's description, not evidence
        const QString to = QDir(target).filePath(source.relativeFilePath(from));
        QDir().mkpath(QFileInfo(to).absolutePath());
        QFile::remove(to);
        if (!QFile::copy(from, to))
            return fail(Error::Code::Io, QStringLiteral("cannot write the example evidence there"), to);
        QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        ++copied;
    }
    if (copied == 0)
        return fail(Error::Code::NotFound,
            QStringLiteral("the example's evidence is missing; reinstall Aftermath to bring it back"), evidenceRoot);
    return {};
}

} // namespace

void demoOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("out"),
        QStringLiteral("Folder for the example's evidence and store (default: ./aftermath-demo). The store is made "
                       "afresh; --db is ignored."),
        QStringLiteral("DIR"), QStringLiteral("aftermath-demo")));
    parser.addOption(timelineFormatOption(QStringLiteral("Timeline format")));
}

int demoRun(const Invocation& in)
{
    const auto format = chosenTimelineFormat(in);
    if (!format)
        return UsageError;
    const QDir out(QDir::current().absoluteFilePath(in.parser.value(QStringLiteral("out"))));
    const QString evidence = out.filePath(QStringLiteral("evidence"));
    const QString storePath = out.filePath(QStringLiteral("aftermath.sqlite"));

    const QString manifestPath = model::locateData(manifestName);
    QFile manifestFile(manifestPath);
    if (manifestPath.isEmpty() || !manifestFile.open(QIODevice::ReadOnly))
        return in.runtimeError(QStringLiteral("the example incident is missing: there is no %1 in %2")
                                   .arg(manifestName, model::dataDirs().join(QStringLiteral(", "))));
    const QString evidenceRoot = QFileInfo(manifestPath).dir().filePath(QStringLiteral("etl-incident"));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    const auto zone = model::parseZone(manifest.value(u"zone").toString());
    if (!zone)
        return failed(in, zone.error());

    if (auto copied = copyEvidence(evidenceRoot, evidence); !copied)
        return failed(in, copied.error());
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(storePath + QLatin1StringView(suffix));
    auto ws = workspace::Workspace::open(storePath);
    if (!ws)
        return failed(in, ws.error());

    workspace::ImportRequest request;
    request.store = ws->location();
    request.inputs = QStringList{evidence};
    request.zone = *zone;
    const auto imported = workspace::importInto(request);
    if (!imported)
        return failed(in, imported.error());
    const auto& reports = imported->reports;
    for (const ingest::FileReport& report : reports) {
        if (report.status == ingest::FileReport::Status::Error)
            return in.runtimeError(
                QStringLiteral("the example evidence did not import: %1: %2").arg(report.path, report.message));
    }
    const qint64 events = imported->eventsAdded();
    const QString indexed = reportIndexRun(in, updateSearchIndex(in, ws->location()));

    model::Incident incident;
    incident.title = manifest.value(u"title").toString();
    incident.severity = manifest.value(u"severity").toString();
    incident.displayZone = QString::fromUtf8(zone->id());
    const auto from = model::parseIsoTime(manifest.value(u"from").toString(), *zone);
    const auto to = model::parseIsoTime(manifest.value(u"to").toString(), *zone);
    if (!from || !to)
        return in.runtimeError(QStringLiteral("the example's window does not parse"));
    incident.fromUs = *from;
    incident.toUs = *to;
    const auto created = ws->postmortems().createIncident(incident);
    if (!created)
        return failed(in, created.error());

    const auto reconstructed
        = workspace::reconstructIncident({.store = ws->location(), .incidentId = created->id, .withEvidence = false});
    if (!reconstructed)
        return failed(in, reconstructed.error());
    const timeline::Timeline& built = reconstructed->timeline;
    in.err << "Imported " << reports.size() << " example files (" << events << " events) into " << storePath
           << "; incident #" << created->id << ": " << created->title << '\n'
           << indexed << "Evidence: " << evidence << '\n';
    in.err.flush();
    in.out << renderTimeline(built, *zone, false, *format);
    in.out.flush();

    // The postmortem as the default template writes it, beside the store.
    workspace::ExportRequest exportRequest{.store = ws->location(), .incidentId = created->id};
    exportRequest.options.outputPath = out.filePath(QStringLiteral("postmortem.md"));
    const auto exported = workspace::exportIncident(exportRequest);
    if (!exported)
        return failed(in, exported.error());
    in.err << "Postmortem (" << exportRequest.templateName << " template): " << exportRequest.options.outputPath
           << "; export it again with `aftermath-cli --db " << storePath << " export " << created->id << "`\n";
    return Success;
}

} // namespace aftermath::cli
