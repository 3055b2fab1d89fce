#pragma once

#include "ingest/importer.h"
#include "jobs.h"

#include <QDir>
#include <QStringList>
#include <QTimeZone>

#include <vector>

namespace aftermath::workspace {

// What to import, into which store, and how.
struct ImportRequest {
    StoreLocation store = {}; // the store must exist
    QStringList inputs = {}; // files, folders and archives
    QString formatName = {}; // force this format; empty: detect per file
    QString sourceName = {}; // the name a single input is shown under; empty: its file name
    QTimeZone zone = QTimeZone::systemTimeZone(); // naive times are read in this zone
    QString timeFormat = {}; // text logs' timestamp spelling; empty: learned per file
    int year = 0; // the year of stamps without one; 0: from each file's date
    // Classification rules tried before the built-in ones (docs/rules.md). Empty: the user's own
    // rules file (ingest::Classifier::userRulesPath()) when it exists. Both front ends leave it
    // empty unless told otherwise, so they classify alike.
    QStringList ruleFiles = {};
    ingest::UnpackLimits unpack = {}; // how far archives may unpack; the defaults suit real log archives
};

// Where a running import is.
struct ImportStatus {
    QString path = {}; // the file being read (an archive member is "archive.zip/member")
    int inputIndex = 0; // which of the request's inputs, from 0
    int inputCount = 0;
    qint64 bytesDone = 0; // within `path`
    qint64 bytesTotal = 0;
    qint64 lines = 0; // lines of `path` read so far (line formats)
    int permille = 0; // of the whole import, 0 to 1000; never decreases
    // Set while the import waits for another program writing to the store: what it waits for
    // ("waiting for another import into /srv/aftermath.sqlite to let it write...").
    QString waiting = {};
};

inline QString progressText(const ImportStatus& status)
{
    return status.waiting.isEmpty() ? QDir::toNativeSeparators(status.path) : status.waiting;
}

// What an import did: a report per file read (a folder or archive gives one per file in it).
struct ImportOutcome {
    std::vector<ingest::FileReport> reports;
    // Stopped early: the file being read was rolled back (a grown log or a resumed import keeps the
    // parts that landed, incomplete until it is imported again), and the inputs not yet started
    // have an error report saying so. Files finished before the cancel stay imported.
    bool cancelled = false;
    // Which reports (indices) are of files the cancel stopped or that were never started: errors
    // that are not the files' fault.
    std::vector<std::size_t> cancelledReports;
    QString zone = {}; // the IANA id of the zone naive times were read in

    qint64 eventsAdded() const;
    // Files that failed on their own: error reports other than the cancelled ones.
    int errorCount() const;
    bool isCancelledReport(std::size_t index) const;
};

// Called from the import's threads (the one running it and its parser thread), one call at a time
// and in order, so a callback touching anything else must be thread-safe.
using ImportProgressCallback = std::function<void(const ImportStatus&)>;

// Imports request.inputs into the store, synchronously, on its own connection; the other
// connections see a file's events as each part of it lands (a fraction of a second of writing).
// When another import is writing, it waits its turn, and says so through `progress`
// (ImportStatus::waiting). Setting `*cancel` stops it at the next batch. Fails only when the store
// cannot be opened for writing or the rules cannot be read; per-file failures are error reports.
Result<ImportOutcome> importInto(const ImportRequest& request, const ImportProgressCallback& progress = {},
    const std::atomic_bool* cancel = nullptr);

using ImportJob = Job<ImportOutcome>;

// Runs importInto() in `pool` (nullptr: jobPool()); `observer`, when set, gets every progress
// update in the import's threads (see ImportProgressCallback).
inline ImportJob startImport(ImportRequest request, ImportProgressCallback observer = {}, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &importInto, std::move(observer), pool);
}

} // namespace aftermath::workspace
