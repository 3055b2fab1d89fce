#include "reconstruct.h"

#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <unordered_set>

namespace aftermath::workspace {

namespace {

// Share of the progress the reconstruction pass takes; reading the cited events takes the rest.
constexpr int reconstructShare = 800;

Error cancelledError(const QString& storePath)
{
    return Error{Error::Code::Cancelled, QStringLiteral("the timeline reconstruction was cancelled"), storePath};
}

// Turns the time of the event being read into a permille of [fromUs, toUs] mapped onto
// [base, base + share]; reports only changes, and never goes back.
class TimeProgress {
public:
    TimeProgress(const TimelineProgress& callback, qint64 fromUs, qint64 toUs, int base, int share)
        : m_callback(callback), m_fromUs(fromUs), m_spanUs(std::max<qint64>(1, toUs - fromUs)), m_base(base),
          m_share(share)
    {
    }

    void at(qint64 timeUs)
    {
        report(m_base + int(std::clamp<qint64>(timeUs - m_fromUs, 0, m_spanUs) * m_share / m_spanUs));
    }
    void done() { report(m_base + m_share); }

private:
    void report(int permille)
    {
        if (!m_callback || permille <= m_last)
            return;
        m_last = permille;
        m_callback(permille);
    }

    const TimelineProgress& m_callback;
    qint64 m_fromUs;
    qint64 m_spanUs;
    int m_base;
    int m_share;
    int m_last = -1;
};

// The events a front end shows without asking the store again: those behind the key entries,
// the findings and the runs.
std::unordered_set<qint64> citedIds(const timeline::Timeline& t)
{
    std::unordered_set<qint64> ids;
    for (const timeline::Entry& e : t.entries)
        if (e.key)
            ids.insert(e.eventIds.begin(), e.eventIds.end());
    for (const timeline::Finding& f : t.findings)
        ids.insert(f.eventIds.begin(), f.eventIds.end());
    for (const timeline::Run& r : t.runs)
        ids.insert(r.eventIds.begin(), r.eventIds.end());
    return ids;
}

} // namespace

std::vector<store::StoredEvent> IncidentTimeline::citedEvents(std::span<const qint64> ids) const
{
    std::vector<store::StoredEvent> events;
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

Result<std::vector<store::StoredEvent>> findEvents(
    const store::Store& store, std::span<const qint64> ids, qint64 fromUs, qint64 toUs)
{
    std::unordered_set<qint64> wanted(ids.begin(), ids.end());
    std::vector<store::StoredEvent> found;
    if (wanted.empty())
        return found;
    store::EventFilter filter;
    filter.fromUs = fromUs;
    filter.toUs = toUs;
    auto read = store.forEachEvent(filter, [&](const store::StoredEvent& e) {
        if (wanted.erase(e.event.id) > 0)
            found.push_back(e);
        return !wanted.empty();
    });
    if (!read)
        return std::unexpected(read.error());
    return found;
}

Result<IncidentTimeline> reconstructIncident(
    const TimelineRequest& request, const TimelineProgress& progress, const std::atomic_bool* cancel)
{
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    if (cancelled())
        return std::unexpected(cancelledError(request.storePath));

    store::OpenOptions storeOptions = request.storeOptions;
    storeOptions.access = store::OpenOptions::Access::ReadOnly;
    storeOptions.create = false;
    // This thread's own connection: a Store is used only in the thread that opened it.
    auto store = store::Store::open(request.storePath, storeOptions);
    if (!store)
        return std::unexpected(store.error());
    auto incident = store->incident(request.incidentId);
    if (!incident)
        return std::unexpected(incident.error());

    IncidentTimeline result;
    result.incident = std::move(*incident);
    timeline::Options options;
    options.fromUs = result.incident.fromUs;
    options.toUs = result.incident.toUs;

    // Changes up to lookBackUs before the window can be suspects: the read starts there.
    store::EventFilter window;
    window.fromUs = options.fromUs - options.lookBackUs;
    window.toUs = options.toUs;
    TimeProgress reconstructing(progress, *window.fromUs, *window.toUs, 0, reconstructShare);
    auto reconstructed = timeline::reconstruct(
        *store, options, [&](qint64 timeUs) { reconstructing.at(timeUs); }, cancel);
    if (!reconstructed)
        return std::unexpected(reconstructed.error());
    result.timeline = std::move(*reconstructed);
    reconstructing.done();

    // A second pass for the cited events; it ends at the last one, usually well before the end.
    std::unordered_set<qint64> wanted = citedIds(result.timeline);
    TimeProgress citing(progress, *window.fromUs, *window.toUs, reconstructShare, 1000 - reconstructShare);
    if (!wanted.empty()) {
        bool stopped = false;
        auto read = store->forEachEvent(window, [&](const store::StoredEvent& e) {
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
            return std::unexpected(cancelledError(store->path()));
    }
    citing.done();
    return result;
}

void TimelineJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

TimelineJob startReconstruct(TimelineRequest request, QThreadPool* pool)
{
    auto cancel = std::make_shared<std::atomic_bool>(false);
    const qint64 incidentId = request.incidentId;
    QFuture<Result<IncidentTimeline>> future = QtConcurrent::run(
        pool ? pool : QThreadPool::globalInstance(),
        [](QPromise<Result<IncidentTimeline>>& promise, TimelineRequest request,
            std::shared_ptr<std::atomic_bool> cancel) {
            promise.setProgressRange(0, 1000);
            // QFuture::cancel() reaches the reconstruction through its flag, checked at each update.
            const auto progress = [&](int permille) {
                if (promise.isCanceled())
                    cancel->store(true);
                promise.setProgressValue(permille);
            };
            if (promise.isCanceled())
                cancel->store(true);
            promise.addResult(reconstructIncident(request, progress, cancel.get()));
        },
        std::move(request), cancel);
    return TimelineJob(std::move(future), std::move(cancel), incidentId);
}

} // namespace aftermath::workspace
