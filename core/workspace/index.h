#pragma once

#include "jobs.h"
#include "store/evidencestore.h"

#include <QString>

namespace aftermath::workspace {

// Which store's search index to bring up to date.
struct IndexRequest {
    StoreLocation store = {};
};

// Where a running index update is.
struct IndexStatus {
    qint64 eventsDone = 0;
    qint64 eventsTotal = 0;
    int permille = 0; // 0 to 1000; never decreases
    // Set while the update waits for another program writing to the store ("waiting for another
    // program writing to /srv/aftermath.sqlite...").
    QString waiting = {};
};

inline QString progressText(const IndexStatus& status)
{
    return status.waiting.isEmpty()
        ? QStringLiteral("indexing events for search: %1 of %2").arg(status.eventsDone).arg(status.eventsTotal)
        : status.waiting;
}

// Called from the thread running the update.
using IndexProgressCallback = std::function<void(const IndexStatus&)>;

// Brings the store's search index up to date (store::EvidenceStore::updateSearchIndex), synchronously,
// on its own read-write connection: the events imported since the last update, in parts that each
// land on their own, so an edit or an import gets the store in between; while another program
// writes, it waits, and says so through `progress`. The front ends run it after each import (the
// CLI's ingest, demo and init; the app in the background, and when it opens a store whose index
// lags, EvidenceStore::searchIndexStatus). Setting `*cancel` stops it after the block being
// indexed, with Error::Code::Cancelled; what landed stays, and searches read the rest event by
// event. Fails with Error::Code::ReadOnly for a store that cannot be written: it is never indexed,
// and its searches read what its index does not hold.
Result<store::SearchIndexUpdate> indexEvidence(
    const IndexRequest& request, const IndexProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

using IndexJob = Job<store::SearchIndexUpdate>;

// Runs indexEvidence() in `pool` (nullptr: jobPool()); `observer`, when set, gets every
// progress update in the job's thread.
inline IndexJob startIndex(IndexRequest request, IndexProgressCallback observer = {}, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &indexEvidence, std::move(observer), pool);
}

} // namespace aftermath::workspace
