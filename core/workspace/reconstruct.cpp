#include "reconstruct.h"

#include "jobsupport.h"

#include <algorithm>
#include <unordered_set>

namespace aftermath::workspace {

namespace {

// Share of the progress the reconstruction pass takes; reading the cited events takes the rest.
constexpr int reconstructShare = 800;

// The events a front end shows without asking the store again: those behind the key entries,
// the findings and the runs.
std::unordered_set<qint64> citedIds(const timeline::Timeline& t)
{
    std::unordered_set<qint64> ids;
    // An entry's first events: those a front end shows (it cites the rest without reading them).
    for (const timeline::Entry& e : t.entries)
        if (e.key)
            ids.insert(e.eventIds.begin(), e.eventIds.begin() + std::ptrdiff_t(std::min(e.eventIds.size(), timeline::maxEvidence)));
    for (const timeline::Finding& f : t.findings)
        ids.insert(f.eventIds.begin(), f.eventIds.end());
    for (const timeline::Run& r : t.runs)
        ids.insert(r.eventIds.begin(), r.eventIds.end());
    return ids;
}

} // namespace

Result<timeline::Timeline> reconstructWindow(
    const store::Store& store, const timeline::Options& options, TimeProgress* progress, const std::atomic_bool* cancel)
{
    const store::EvidenceStore& evidence = store.evidence();
    const auto read = [&evidence](qint64 from, qint64 to, const std::function<bool(model::StoredEvent &&)>& visit) {
        store::EventFilter filter;
        filter.fromUs = from;
        filter.toUs = to;
        return evidence.forEachEvent(filter, visit);
    };
    auto built = timeline::reconstruct(
        read, options,
        [progress](qint64 timeUs) {
            if (progress)
                progress->at(timeUs);
        },
        cancel);
    if (!built && built.error().code == Error::Code::Cancelled)
        return std::unexpected(cancelledError(QStringLiteral("timeline reconstruction"), store.path()));
    if (built && progress)
        progress->done();
    return built;
}

std::vector<model::StoredEvent> IncidentTimeline::citedEvents(std::span<const qint64> ids) const
{
    std::vector<model::StoredEvent> events;
    events.reserve(ids.size());
    for (const qint64 id : ids)
        if (const auto it = evidence.find(id); it != evidence.end())
            events.push_back(it->second);
    return events;
}

bool IncidentTimeline::hasEvidence(std::span<const qint64> ids) const
{
    return std::all_of(ids.begin(), ids.end(), [this](qint64 id) { return evidence.contains(id); });
}

Result<IncidentTimeline> reconstructIncident(
    const TimelineRequest& request, const JobProgressCallback& progress, const std::atomic_bool* cancel)
{
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    if (cancelled())
        return std::unexpected(cancelledError(QStringLiteral("timeline reconstruction"), request.store.path));

    // This thread's own connection: a Store is used only in the thread that opened it.
    auto store = openForJob(request.store, store::OpenOptions::Access::ReadOnly);
    if (!store)
        return std::unexpected(store.error());
    IncidentTimeline result;
    if (request.incidentId != 0) {
        auto incident = store->postmortems().incident(request.incidentId);
        if (!incident)
            return std::unexpected(incident.error());
        result.incident = std::move(*incident);
    } else {
        result.incident.fromUs = request.fromUs;
        result.incident.toUs = request.toUs;
    }

    // Changes up to lookBackUs before the window can be suspects, and the baseline is before it:
    // the read starts at the earlier.
    // The request's baseline, else the incident's own.
    timeline::Options options = timelineOptions(result.incident);
    if (request.baseline) {
        options.baselineFromUs = request.baseline->first;
        options.baselineToUs = request.baseline->second;
    }
    const qint64 readFromUs = timeline::readStartUs(options);
    const qint64 readToUs = result.incident.toUs;
    TimeProgress reconstructing(progress, readFromUs, readToUs, 0, reconstructShare);
    auto reconstructed = reconstructWindow(*store, options, &reconstructing, cancel);
    if (!reconstructed)
        return std::unexpected(reconstructed.error());
    result.timeline = std::move(*reconstructed);

    // A second pass for the cited events; it ends at the last one, usually well before the end.
    std::unordered_set<qint64> wanted;
    if (request.withEvidence)
        wanted = citedIds(result.timeline);
    TimeProgress citing(progress, readFromUs, readToUs, reconstructShare, 1000 - reconstructShare);
    if (!wanted.empty()) {
        store::EventFilter window;
        window.fromUs = readFromUs;
        window.toUs = readToUs;
        bool stopped = false;
        auto read = store->evidence().forEachEvent(window, [&](const model::StoredEvent& e) {
            if (cancelled()) {
                stopped = true;
                return false;
            }
            if (wanted.erase(e.event.id) > 0)
                result.evidence.emplace(e.event.id, e);
            citing.at(e.event.timeUs);
            return !wanted.empty();
        });
        if (!read)
            return std::unexpected(read.error());
        if (stopped)
            return std::unexpected(cancelledError(QStringLiteral("timeline reconstruction"), store->path()));
    }
    citing.done();
    return result;
}

} // namespace aftermath::workspace
