#pragma once

#include "jobs.h"
#include "store/evidencestore.h"

#include <vector>

namespace aftermath::workspace {

// Which events to find, in which store: what the app's filter bar asks.
struct FindRequest {
    StoreLocation store = {};
    store::EventQuery query = {};
};

// The events matching the query, as positions in timeline order: a view shows row N by reading
// the event at position N (EvidenceStore::eventsWithIds), so it never holds more than it shows.
struct FoundEvents {
    std::vector<store::EventPosition> positions;
    // The events in the query's window, whatever else it asks: "N of M".
    qint64 inWindow = 0;
};

// Finds the events of request.query synchronously, on its own read-only connection; progress
// follows the blocks read. Setting `*cancel` stops it with Error::Code::Cancelled.
Result<FoundEvents> findEvents(
    const FindRequest& request, const JobProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

using FindJob = Job<FoundEvents>;

// Runs findEvents() in `pool` (nullptr: jobPool()).
inline FindJob startFind(FindRequest request, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &findEvents, {}, pool);
}

} // namespace aftermath::workspace
