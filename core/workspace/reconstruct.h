#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "store/store.h"
#include "timeline/timeline.h"

#include <QFuture>

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

class QThreadPool;

namespace aftermath::workspace {

// Which incident's timeline to reconstruct, from which store.
struct TimelineRequest {
    QString storePath;
    // How the reconstruction's own connection opens the store (busy timeout, clock). It always
    // opens it read-only and never creates it: `access` and `create` are ignored.
    store::OpenOptions storeOptions;
    qint64 incidentId = 0;
};

// An incident's reconstructed timeline, with the events its findings, runs and key entries cite,
// read in the same pass so that a front end can show them without going back to the store.
struct IncidentTimeline {
    model::Incident incident; // as stored when the reconstruction read it
    timeline::Timeline timeline;
    // The cited events by id. Entries that are not key (shown only with "all") are left out: a
    // store of millions of events has as many of them; findEvents() reads theirs on demand.
    std::unordered_map<qint64, store::StoredEvent> evidence;

    // The events of `ids` that `evidence` holds, in the order of `ids`.
    std::vector<store::StoredEvent> citedEvents(std::span<const qint64> ids) const;
    // Whether `evidence` holds every one of `ids`.
    bool hasEvidence(std::span<const qint64> ids) const;
};

// Called from the reconstruction's thread with how far it is, 0 to 1000; never decreases.
using TimelineProgress = std::function<void(int permille)>;

// Reconstructs the timeline of request.incidentId synchronously. It opens its own read-only
// connection to the store in the calling thread and closes it before returning, so it may run in
// any thread while others keep the store open (or import into it). Setting `*cancel` stops it at
// the next event with Error::Code::Cancelled. Fails with NotFound when there is no such incident.
Result<IncidentTimeline> reconstructIncident(
    const TimelineRequest& request, const TimelineProgress& progress = {}, const std::atomic_bool* cancel = nullptr);

// The events with `ids` among those between fromUs and toUs (inclusive), in time order. It stops
// reading as soon as all are found; ids outside the window are not found.
Result<std::vector<store::StoredEvent>> findEvents(
    const store::Store& store, std::span<const qint64> ids, qint64 fromUs, qint64 toUs);

class TimelineJob;

// Runs reconstructIncident() in `pool` (nullptr: the global pool).
TimelineJob startReconstruct(TimelineRequest request, QThreadPool* pool = nullptr);

// A reconstruction running in a thread pool: its future, and the way to stop it.
class TimelineJob {
public:
    TimelineJob() = default;

    // Finishes with the timeline or the error; progress is 0 to 1000.
    QFuture<Result<IncidentTimeline>> future() const { return m_future; }
    bool isRunning() const { return m_future.isValid() && !m_future.isFinished(); }
    qint64 incidentId() const { return m_incidentId; }

    // Asks the reconstruction to stop; thread-safe. The future then finishes with
    // Error::Code::Cancelled.
    void cancel();
    bool cancelRequested() const { return m_cancel && m_cancel->load(); }

private:
    friend TimelineJob startReconstruct(TimelineRequest request, QThreadPool* pool);
    TimelineJob(QFuture<Result<IncidentTimeline>> future, std::shared_ptr<std::atomic_bool> cancel, qint64 incidentId)
        : m_future(std::move(future)), m_cancel(std::move(cancel)), m_incidentId(incidentId)
    {
    }

    QFuture<Result<IncidentTimeline>> m_future;
    std::shared_ptr<std::atomic_bool> m_cancel;
    qint64 m_incidentId = 0;
};

} // namespace aftermath::workspace
