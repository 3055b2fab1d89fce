#include "workspace.h"

#include "store/store.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace aftermath::workspace {

Result<Workspace> Workspace::open(const QString& path, const store::OpenOptions& options)
{
    auto opened = store::Store::open(path, options);
    if (!opened)
        return std::unexpected(opened.error());
    return Workspace(std::make_unique<store::Store>(std::move(*opened)), options);
}

Workspace::Workspace(std::unique_ptr<store::Store> store, const store::OpenOptions& options)
    : m_store(std::move(store)), m_options(options)
{
}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

int Workspace::schemaVersion() { return store::Store::schemaVersion; }
QString Workspace::path() const { return m_store->path(); }
bool Workspace::isReadOnly() const { return m_store->isReadOnly(); }
QString Workspace::readOnlyReason() const { return m_store->readOnlyReason(); }
int Workspace::upgradedFrom() const { return m_store->upgradedFrom(); }
Result<store::StoreInfo> Workspace::info() const { return m_store->info(); }
const Clock& Workspace::clock() const { return m_options.clock ? *m_options.clock : Clock::system(); }
StoreLocation Workspace::location() const { return {m_store->path(), m_options}; }

const store::EvidenceStore& Workspace::evidence() const { return m_store->evidence(); }
store::PostmortemStore& Workspace::postmortems() { return m_store->postmortems(); }
const store::PostmortemStore& Workspace::postmortems() const { return m_store->postmortems(); }

ImportJob Workspace::startImport(
    const QStringList& inputs, const QTimeZone& zone, ImportProgressCallback observer) const
{
    ImportRequest request;
    request.inputs = inputs;
    request.zone = zone;
    return startImport(std::move(request), std::move(observer));
}

ImportJob Workspace::startImport(ImportRequest request, ImportProgressCallback observer) const
{
    request.store = location();
    return workspace::startImport(std::move(request), std::move(observer));
}

IndexJob Workspace::startIndex(IndexProgressCallback observer) const
{
    return workspace::startIndex(IndexRequest{location()}, std::move(observer));
}

TimelineJob Workspace::startReconstruct(qint64 incidentId) const
{
    return workspace::startReconstruct(TimelineRequest{.store = location(), .incidentId = incidentId});
}

FindJob Workspace::startFind(const store::EventQuery& query) const
{
    return workspace::startFind(FindRequest{location(), query});
}

DraftJob Workspace::startDraft(qint64 incidentId) const
{
    return workspace::startDraft(DraftRequest{location(), incidentId});
}

ExportJob Workspace::startExport(
    qint64 incidentId, const QString& templateName, const report::ExportOptions& options) const
{
    return workspace::startExport(ExportRequest{location(), incidentId, templateName, options});
}

QString defaultStorePath()
{
    const QString fromEnvironment = qEnvironmentVariable("AFTERMATH_DB");
    if (!fromEnvironment.isEmpty())
        return QDir::cleanPath(QDir::current().absoluteFilePath(fromEnvironment));
    const QString dataHome = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return dataHome + QStringLiteral("/aftermath/aftermath.sqlite");
}

bool isStoreFile(const QString& path)
{
    // The SQLite header: its magic string, and the application id big-endian at offset 68.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(72);
    const auto id = static_cast<quint32>(store::Store::applicationId);
    const char idBytes[] = {char(id >> 24), char(id >> 16), char(id >> 8), char(id)};
    return header.size() == 72 && header.startsWith(QByteArrayView("SQLite format 3\0", 16))
        && header.mid(68) == QByteArrayView(idBytes, 4);
}

} // namespace aftermath::workspace
