#pragma once

#include "find.h"
#include "import.h"
#include "jobs.h"
#include "model/error.h"
#include "postmortemjobs.h"
#include "reconstruct.h"
#include "index.h"
#include "store/evidencestore.h"
#include "store/openoptions.h"
#include "store/postmortemstore.h"

#include <QStringList>
#include <QTimeZone>

#include <memory>

namespace aftermath::store {
class Store;
}

namespace aftermath::workspace {

// The one door both front ends use. A Workspace is one open store, used only in the thread that
// opened it: its evidence (read only: imports write it) and its postmortems, as the store's
// interfaces. The long work (import, index for search, reconstruct, draft, export, import a
// postmortem) is done by the synchronous functions of import.h, index.h, reconstruct.h and
// postmortemjobs.h, each on its own connection with progress and cancel; startX() runs one in a
// thread pool, and location() says where they find this store.
class Workspace {
public:
    // Opens (and creates or upgrades, unless `options` say otherwise) the store at `path`.
    static Result<Workspace> open(const QString& path, const store::OpenOptions& options = {});

    Workspace(Workspace&&) noexcept;
    Workspace& operator=(Workspace&&) noexcept;
    ~Workspace();

    // The schema version this Aftermath writes.
    static int schemaVersion();

    // The store's absolute path.
    QString path() const;
    bool isReadOnly() const;
    // Why it cannot be changed (Store::readOnlyReason); empty when it can or was opened for reading.
    QString readOnlyReason() const;
    // The schema version the file had when opened (0 for a new file).
    int upgradedFrom() const;
    Result<store::StoreInfo> info() const;
    // "Now" for what the store records and "today" for overdue action items.
    const Clock& clock() const;
    // Where jobs find this store, with the options it was opened with.
    StoreLocation location() const;

    const store::EvidenceStore& evidence() const;
    store::PostmortemStore& postmortems();
    const store::PostmortemStore& postmortems() const;

    // The jobs for this store.
    ImportJob startImport(const QStringList& inputs, const QTimeZone& zone = QTimeZone::systemTimeZone(),
        ImportProgressCallback observer = {}) const;
    // The same with every choice of an ImportRequest (rules files, time format...); its store is
    // this one's, whatever it says.
    ImportJob startImport(ImportRequest request, ImportProgressCallback observer = {}) const;
    // Brings the search index up to date (after an import, or when evidence().searchIndexStatus()
    // lags); never for a read-only store.
    IndexJob startIndex(IndexProgressCallback observer = {}) const;
    TimelineJob startReconstruct(qint64 incidentId) const;
    DraftJob startDraft(qint64 incidentId) const;
    ExportJob startExport(qint64 incidentId, const QString& templateName, const report::ExportOptions& options) const;
    FindJob startFind(const store::EventQuery& query) const;

private:
    Workspace(std::unique_ptr<store::Store> store, const store::OpenOptions& options);

    std::unique_ptr<store::Store> m_store;
    store::OpenOptions m_options;
};

// The store both programs use when none is given: $AFTERMATH_DB when set, else
// <user data dir>/aftermath/aftermath.sqlite (~/.local/share/aftermath/ on Linux).
QString defaultStorePath();

// Whether `path` is an Aftermath store by its header (an SQLite file whose application id is
// "AFTM", as the MIME type packaging/io.github.aftermath.Aftermath.mime.xml matches it), read
// without opening it: the app takes such a file on its command line as the store to open.
bool isStoreFile(const QString& path);

} // namespace aftermath::workspace
