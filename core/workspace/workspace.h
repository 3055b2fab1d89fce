#pragma once

#include "ingest/importer.h"
#include "model/error.h"
#include "reconstruct.h"
#include "store/store.h"

#include <QFuture>
#include <QStringList>
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QThreadPool;

namespace aftermath::workspace {

// What to import, into which store, and how naive times are read.
struct ImportRequest {
    QString storePath;
    // How the import's own connection opens the store (busy timeout, clock). The store must exist:
    // `access` and `create` are ignored.
    store::OpenOptions storeOptions;
    QStringList inputs; // files, folders and archives
    QString formatName; // force this format; empty: detect per file
    QTimeZone zone = QTimeZone::systemTimeZone(); // naive times are read in this zone
};

// Where a running import is.
struct ImportStatus {
    QString path; // the file being read (an archive member is "archive.zip/member")
    int inputIndex = 0; // which of the request's inputs, from 0
    int inputCount = 0;
    qint64 bytesDone = 0; // within `path`
    qint64 bytesTotal = 0;
    int permille = 0; // of the whole import, 0 to 1000; never decreases
};

// What an import did: a report per file read (a folder or archive gives one per file in it).
struct ImportOutcome {
    std::vector<ingest::FileReport> reports;
    // Stopped early: the file being read was rolled back, and the inputs not yet started have an
    // error report saying so. Files finished before the cancel stay imported.
    bool cancelled = false;
    // Which reports (indices) are of files the cancel stopped or that were never started: errors
    // that are not the files' fault.
    std::vector<std::size_t> cancelledReports;
    QString zone; // the IANA id of the zone naive times were read in

    qint64 eventsAdded() const;
    // Files that failed on their own: error reports other than the cancelled ones.
    int errorCount() const;
    bool isCancelledReport(std::size_t index) const;
};

// Called from the import's threads (the one running it and its parser thread), one call at a time
// and in order, so a callback touching anything else must be thread-safe.
using ProgressCallback = std::function<void(const ImportStatus&)>;

// Imports request.inputs into the store at request.storePath, synchronously. It opens its own
// connection to the store in the calling thread and closes it before returning, so it may run in
// any thread while other threads keep the same store open; they see the new events once each
// file's transaction commits. Setting `*cancel` stops it at the next batch. Fails only when the
// store cannot be opened for writing; per-file failures are error reports.
Result<ImportOutcome> importInto(
    const ImportRequest& request, const ProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

class ImportJob;

// Runs importInto() in `pool` (nullptr: the global pool). `observer`, when set, gets every
// progress update in the import's threads (see ProgressCallback).
ImportJob startImport(ImportRequest request, ProgressCallback observer = {}, QThreadPool* pool = nullptr);

// An import running in a thread pool: its future, and the way to stop it.
class ImportJob {
public:
    ImportJob() = default;

    // Finishes with the outcome; progress is 0 to 1000 with the current file's path as text.
    QFuture<Result<ImportOutcome>> future() const { return m_future; }
    bool isRunning() const { return m_future.isValid() && !m_future.isFinished(); }

    // Asks the import to stop; thread-safe. The future still finishes with an outcome (cancelled,
    // with the reports of the files imported before). QFuture::cancel() stops it too, but a
    // cancelled QFuture drops its result, so what did get imported is not reported.
    void cancel();
    bool cancelRequested() const { return m_cancel && m_cancel->load(); }

private:
    friend ImportJob startImport(ImportRequest request, ProgressCallback observer, QThreadPool* pool);
    ImportJob(QFuture<Result<ImportOutcome>> future, std::shared_ptr<std::atomic_bool> cancel)
        : m_future(std::move(future)), m_cancel(std::move(cancel))
    {
    }

    QFuture<Result<ImportOutcome>> m_future;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

// The facade both front ends use: one open store (used only in the thread that opened it), its
// event and incident queries, and imports and timeline reconstructions that run off that thread on
// their own connections.
class Workspace {
public:
    // Opens (and creates, unless options say otherwise) the store at `path`.
    static Result<Workspace> open(const QString& path, const store::OpenOptions& options = {});

    Workspace(Workspace&&) noexcept = default;
    Workspace& operator=(Workspace&&) noexcept = default;

    // The store's absolute path.
    QString path() const { return m_store.path(); }
    store::Store& store() { return m_store; }
    const store::Store& store() const { return m_store; }

    Result<qint64> countEvents(const store::EventFilter& filter = {}) const { return m_store.countEvents(filter); }
    Result<std::vector<store::StoredEvent>> events(const store::EventFilter& filter) const
    {
        return m_store.events(filter);
    }
    Result<std::vector<model::Source>> sources() const { return m_store.sources(); }

    Result<std::vector<model::Incident>> incidents() const { return m_store.incidents(); }
    Result<model::Incident> incident(qint64 id) const { return m_store.incident(id); }
    Result<model::Incident> createIncident(const model::Incident& incident) { return m_store.createIncident(incident); }

    // A request to import `inputs` into this store, reading naive times in `zone`.
    ImportRequest importRequest(const QStringList& inputs, const QTimeZone& zone = QTimeZone::systemTimeZone()) const;
    // startImport() for this store.
    ImportJob startImport(const QStringList& inputs, const QTimeZone& zone = QTimeZone::systemTimeZone(),
        ProgressCallback observer = {}) const;

    // A request to reconstruct the timeline of incident `incidentId` of this store.
    TimelineRequest timelineRequest(qint64 incidentId) const;
    // startReconstruct() for this store.
    TimelineJob startReconstruct(qint64 incidentId) const;

private:
    Workspace(store::Store store, const store::OpenOptions& options) : m_store(std::move(store)), m_options(options) {}

    store::Store m_store;
    store::OpenOptions m_options;
};

} // namespace aftermath::workspace
