#pragma once

#include <optional>

#include "jobs.h"
#include "model/event.h"
#include "model/incident.h"
#include "timeline/timeline.h"

#include <span>
#include <unordered_map>
#include <vector>

namespace aftermath::workspace {

// Which timeline to reconstruct, from which store: an incident's window, or any window.
struct TimelineRequest {
    StoreLocation store = {};
    // The incident whose window to reconstruct; 0: the window fromUs..toUs, with no incident.
    qint64 incidentId = 0;
    qint64 fromUs = 0;
    qint64 toUs = 0;
    // Also read the events the key entries, findings and runs cite (IncidentTimeline::evidence),
    // in a second pass; a front end that only prints the timeline skips it.
    bool withEvidence = true;
    // The window [from, to) the templates' rates are compared with; unset: the incident's own
    // (model::Incident::baseline), else timeline::Options' default.
    std::optional<std::pair<qint64, qint64>> baseline = {};
};

// A reconstructed timeline, with the events its findings, runs and key entries cite, read in the
// same pass so that a front end can show them without going back to the store.
struct IncidentTimeline {
    model::Incident incident; // as stored when the reconstruction read it (empty for a bare window)
    timeline::Timeline timeline;
    // The cited events by id. Entries that are not key (shown only with "all") are left out: a
    // store of millions of events has as many of them; EvidenceStore::findEvents reads theirs.
    std::unordered_map<qint64, model::StoredEvent> evidence;

    // The events of `ids` that `evidence` holds, in the order of `ids`.
    std::vector<model::StoredEvent> citedEvents(std::span<const qint64> ids) const;
    // Whether `evidence` holds every one of `ids`.
    bool hasEvidence(std::span<const qint64> ids) const;
};

// Reconstructs the timeline of request.incidentId (or of its window) synchronously, on its own
// read-only connection. Setting `*cancel` stops it at the next event with Error::Code::Cancelled.
// Fails with NotFound when there is no such incident.
Result<IncidentTimeline> reconstructIncident(
    const TimelineRequest& request, const JobProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

using TimelineJob = Job<IncidentTimeline>;

// Runs reconstructIncident() in `pool` (nullptr: jobPool()).
inline TimelineJob startReconstruct(TimelineRequest request, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &reconstructIncident, {}, pool);
}

} // namespace aftermath::workspace
