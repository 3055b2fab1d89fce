// Tests of the workspace's timeline reconstruction: it runs in a pool thread on its own read-only
// connection, gives what timeline::reconstruct() gives, carries the events its findings cite, and
// stops when cancelled. The store holds the bundled example incident, imported as the demo does.
#include "model/timestamp.h"
#include "workspace/workspace.h"

#include "examplesupport.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QThreadPool>

#include <algorithm>
#include <future>
#include <mutex>
#include <thread>

namespace {

using namespace aftermath;
using timeline::Finding;
using workspace::IncidentTimeline;
using workspace::TimelineJob;
using workspace::Workspace;

using test::exampleIncident;

// A store holding the example's evidence and its incident.
struct ExampleStore {
    QTemporaryDir dir;
    QString storePath = dir.filePath(QStringLiteral("example.sqlite"));
    Workspace ws = create();
    model::Incident incident = addIncident();

    Workspace create()
    {
        REQUIRE(dir.isValid());
        auto opened = Workspace::open(storePath);
        REQUIRE(opened);
        const auto outcome = workspace::importInto({.store = opened->location(),
            .inputs = {test::exampleEvidence()},
            .zone = QTimeZone(QByteArrayLiteral("Europe/London"))});
        REQUIRE(outcome);
        REQUIRE(outcome->errorCount() == 0);
        REQUIRE(outcome->eventsAdded() > 500);
        return std::move(*opened);
    }

    model::Incident addIncident()
    {
        auto created = ws.postmortems().createIncident(exampleIncident());
        REQUIRE(created);
        return *created;
    }
};

Result<IncidentTimeline> waitInEventLoop(const TimelineJob& job)
{
    // An event loop, not waitForFinished() (which may run a task not yet started in this thread).
    QFutureWatcher<Result<IncidentTimeline>> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(job.future());
    REQUIRE((job.future().isFinished() || finished.wait(60'000)));
    REQUIRE(job.future().resultCount() == 1);
    return job.future().result();
}

} // namespace

TEST_CASE("a reconstruction runs in a pool thread and gives timeline::reconstruct's timeline", "[workspace][timeline]")
{
    ExampleStore example;
    const QStringList connectionsBefore = QSqlDatabase::connectionNames();

    std::mutex mutex;
    std::vector<int> progress;
    std::vector<std::thread::id> threads;
    const workspace::TimelineRequest request{.store = example.ws.location(), .incidentId = example.incident.id};

    std::promise<Result<IncidentTimeline>> done;
    QThreadPool::globalInstance()->start([&] {
        done.set_value(workspace::reconstructIncident(request, [&](const workspace::JobProgress& p) {
            const std::lock_guard lock(mutex);
            progress.push_back(p.permille);
            threads.push_back(std::this_thread::get_id());
        }));
    });
    auto future = done.get_future();
    REQUIRE(future.wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    const Result<IncidentTimeline> built = future.get();
    REQUIRE(built);
    CHECK(built->incident == example.incident);

    // The same timeline as the core's own reconstruct(), read on this thread's connection.
    const auto readHere = [&](qint64 fromUs, qint64 toUs, const std::function<bool(model::StoredEvent &&)>& visit) {
        return example.ws.evidence().forEachEvent({.fromUs = fromUs, .toUs = toUs}, visit);
    };
    const auto expected = timeline::reconstruct(readHere, {example.incident.fromUs, example.incident.toUs});
    REQUIRE(expected);
    const timeline::Timeline& t = built->timeline;
    REQUIRE(t.entries.size() == expected->entries.size());
    for (std::size_t i = 0; i < t.entries.size(); ++i) {
        INFO("entry " << i << ": " << expected->entries[i].summary);
        CHECK(t.entries[i].timeUs == expected->entries[i].timeUs);
        CHECK(t.entries[i].summary == expected->entries[i].summary);
        CHECK(t.entries[i].count == expected->entries[i].count);
        CHECK(t.entries[i].eventIds == expected->entries[i].eventIds);
    }
    REQUIRE(t.findings.size() == expected->findings.size());
    for (std::size_t i = 0; i < t.findings.size(); ++i)
        CHECK(t.findings[i].summary == expected->findings[i].summary);
    CHECK(t.runs.size() == expected->runs.size());
    CHECK(t.phases.impactStart == expected->phases.impactStart);

    // The example's first error, 02:02:43 BST, and its top suspect, PR #412.
    const auto firstError = std::find_if(
        t.findings.begin(), t.findings.end(), [](const Finding& f) { return f.type == Finding::Type::FirstError; });
    REQUIRE(firstError != t.findings.end());
    CHECK(model::formatInZone(firstError->timeUs, QTimeZone(QByteArrayLiteral("Europe/London")))
              .startsWith(QStringLiteral("2026-06-18T02:02:43")));
    const auto topSuspect = std::find_if(t.findings.begin(), t.findings.end(),
        [](const Finding& f) { return f.type == Finding::Type::SuspectChange && f.rank == 1; });
    REQUIRE(topSuspect != t.findings.end());
    CHECK(topSuspect->summary.contains(QStringLiteral("#412")));

    // Every event a finding, a run or a key entry cites came along, and is the cited one.
    for (const Finding& f : t.findings) {
        REQUIRE_FALSE(f.eventIds.empty());
        CHECK(built->hasEvidence(f.eventIds));
    }
    for (const timeline::Run& r : t.runs)
        CHECK(built->hasEvidence(r.eventIds));
    std::size_t keyEntries = 0;
    for (const timeline::Entry& e : t.entries) {
        if (!e.key)
            continue;
        ++keyEntries;
        // Its first events are read with the timeline; it keeps the ids of the rest (maxCited).
        const std::span<const qint64> first(e.eventIds.data(), std::min(e.eventIds.size(), timeline::maxEvidence));
        CHECK(built->hasEvidence(first));
        const auto cited = built->citedEvents(first);
        REQUIRE(cited.size() == first.size());
        CHECK(cited.front().event.id == e.eventIds.front());
        CHECK(cited.front().event.timeUs == e.timeUs);
        CHECK(e.source.contains(cited.front().sourceName)); // an entry may name several sources
    }
    CHECK(keyEntries > 20);
    const auto errorEvents = built->citedEvents(firstError->eventIds);
    REQUIRE(errorEvents.size() == 1);
    CHECK(errorEvents.front().event.message.contains(QStringLiteral("create_post_funding failed")));
    CHECK(errorEvents.front().sourceName.endsWith(QStringLiteral("cloudwatch-nhs-e.json")));

    // Entries that are not key are left to EvidenceStore::findEvents(), which reads them from their window.
    const auto plain
        = std::find_if(t.entries.begin(), t.entries.end(), [](const timeline::Entry& e) { return !e.key; });
    REQUIRE(plain != t.entries.end());
    CHECK_FALSE(built->hasEvidence(plain->eventIds));
    const auto found
        = example.ws.evidence().findEvents(plain->eventIds, plain->timeUs, plain->endUs.value_or(plain->timeUs));
    REQUIRE(found);
    REQUIRE(found->size() == plain->eventIds.size());
    for (std::size_t i = 0; i < found->size(); ++i)
        CHECK((*found)[i].event.id == plain->eventIds[i]);

    {
        const std::lock_guard lock(mutex);
        REQUIRE_FALSE(progress.empty());
        CHECK(std::is_sorted(progress.begin(), progress.end()));
        CHECK(std::adjacent_find(progress.begin(), progress.end()) == progress.end()); // changes only
        CHECK(progress.back() == 1000);
        CHECK(progress.front() < 1000);
        for (const std::thread::id id : threads)
            CHECK(id != std::this_thread::get_id());
    }
    // The worker closed its connection in its own thread.
    CHECK(QSqlDatabase::connectionNames() == connectionsBefore);
}

TEST_CASE("startReconstruct finishes with the timeline and reports progress", "[workspace][timeline]")
{
    ExampleStore example;
    TimelineJob job = example.ws.startReconstruct(example.incident.id);
    const auto built = waitInEventLoop(job);
    REQUIRE(built);
    CHECK_FALSE(built->timeline.entries.empty());
    CHECK(built->incident.id == example.incident.id);
    CHECK(job.future().progressMinimum() == 0);
    CHECK(job.future().progressMaximum() == 1000);
    CHECK(job.future().progressValue() == 1000);
    CHECK_FALSE(job.isRunning());
}

TEST_CASE("findEvents stops at the window and finds nothing for no ids", "[workspace][timeline]")
{
    ExampleStore example;
    const auto all = example.ws.evidence().events({});
    REQUIRE(all);
    REQUIRE(all->size() > 10);
    const model::StoredEvent& first = all->front();
    // A later event, at a later time.
    const auto laterEvent = std::find_if(
        all->begin() + 9, all->end(), [&](const model::StoredEvent& e) { return e.event.timeUs > first.event.timeUs; });
    REQUIRE(laterEvent != all->end());
    const model::StoredEvent& last = *laterEvent;
    const std::vector<qint64> ids{last.event.id, first.event.id};

    const auto both = example.ws.evidence().findEvents(ids, first.event.timeUs, last.event.timeUs);
    REQUIRE(both);
    REQUIRE(both->size() == 2);
    CHECK((*both)[0].event.id == first.event.id); // time order, not the order asked for
    CHECK((*both)[1].event.id == last.event.id);

    const auto later = example.ws.evidence().findEvents(ids, first.event.timeUs + 1, last.event.timeUs);
    REQUIRE(later);
    REQUIRE(later->size() == 1);
    CHECK(later->front().event.id == last.event.id);
    const auto none = example.ws.evidence().findEvents({}, first.event.timeUs, last.event.timeUs);
    REQUIRE(none);
    CHECK(none->empty());
}

TEST_CASE("a reconstruction of a missing incident or store fails and creates nothing", "[workspace][timeline]")
{
    ExampleStore example;
    workspace::TimelineRequest request{.store = example.ws.location(), .incidentId = example.incident.id + 41};
    const auto missing = workspace::reconstructIncident(request);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    CHECK(missing.error().context == example.ws.path());

    request.store.path = example.dir.filePath(QStringLiteral("gone.sqlite"));
    request.store.options.create = true; // ignored: the reconstruction never creates a store
    const auto gone = workspace::reconstructIncident(request);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == Error::Code::NotFound);
    CHECK_FALSE(QFileInfo::exists(request.store.path));
}

TEST_CASE("a cancelled reconstruction stops with Cancelled", "[workspace][timeline][cancel]")
{
    ExampleStore example;
    const workspace::TimelineRequest request{.store = example.ws.location(), .incidentId = example.incident.id};

    SECTION("cancelled before it starts")
    {
        const std::atomic_bool cancel = true;
        int updates = 0;
        const auto result = workspace::reconstructIncident(
            request, [&](const workspace::JobProgress&) { ++updates; }, &cancel);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Error::Code::Cancelled);
        CHECK(updates == 0);
    }

    SECTION("cancelled part-way: it stops at the next event")
    {
        std::atomic_bool cancel = false;
        std::vector<int> seen;
        const auto result = workspace::reconstructIncident(
            request,
            [&](const workspace::JobProgress& p) {
                seen.push_back(p.permille);
                if (p.permille >= 100)
                    cancel = true;
            },
            &cancel);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Error::Code::Cancelled);
        CHECK(result.error().message.contains(QStringLiteral("cancelled")));
        REQUIRE_FALSE(seen.empty());
        CHECK(seen.back() < 1000);
    }

    SECTION("a job cancelled while it waits for a thread")
    {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        std::promise<void> release;
        std::shared_future<void> released = release.get_future().share();
        pool.start([released] { released.wait(); }); // holds the pool's only thread
        TimelineJob job = workspace::startReconstruct(request, &pool);
        CHECK(job.isRunning());
        CHECK_FALSE(job.cancelRequested());
        job.cancel();
        CHECK(job.cancelRequested());
        release.set_value();
        const auto result = waitInEventLoop(job);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Error::Code::Cancelled);
    }
}
