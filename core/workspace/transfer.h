#pragma once

// Copying an incident with its evidence from one store to another: `aftermath-cli push` (a store
// file to the team store) and `pull` (the other way); docs/team-store.md.

#include "jobs.h"

#include <atomic>

namespace aftermath::workspace {

// Which incident to copy, from where to where.
struct TransferRequest {
    StoreLocation from = {}; // opened read-only
    qint64 incidentId = 0; // in `from`
    // Opened read-write; created when its options say so (a pull may start a store file).
    StoreLocation to = {};
};

struct TransferOutcome {
    qint64 incidentId = 0; // the incident in `to`
    bool incidentCopied = false; // false: `to` already held this incident, the same
    int sourcesCopied = 0;
    int sourcesPresent = 0; // sources `to` already held (the same file, the same bytes)
    qint64 eventsCopied = 0;
};

// Copies the incident's postmortem and the evidence it stands on: every source with events in
// its window or baseline, or cited by its timeline, whole. Idempotent: an incident is known in
// every store by its uid and a source by its path and content hash, so what `to` already holds is
// not copied again, and copying twice changes nothing. The copied timeline cites the copied events.
//
// An incident `to` already holds that differs there (someone edited one copy) is refused, naming
// what differs, before anything is written: edit the one copy instead. The evidence lands in one
// transaction and the postmortem in another, after it: a copy that fails between them leaves whole
// sources and no incident, and running it again finishes it. Synchronous; progress 0 to 1000;
// `*cancel` stops it before it writes, with Error::Code::Cancelled.
Result<TransferOutcome> transferIncident(
    const TransferRequest& request, const JobProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

} // namespace aftermath::workspace
