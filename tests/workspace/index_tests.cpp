// The index job (workspace/index.h): it brings a store's search index up to date after imports, in
// a pool thread on its own connection, with progress and cancel; searches give the same events
// before, during and after.
#include "workspace/workspace.h"

#include "testsupport.h"

#include <QScopeGuard>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <atomic>
#include <mutex>
#include <vector>

namespace {

using namespace aftermath;
using workspace::IndexStatus;
using workspace::Workspace;

// A Python-logging style log of `lines` lines; a line in a hundred says `word`.
QByteArray logLines(int lines, const char* word)
{
    QByteArray bytes;
    for (int i = 0; i < lines; ++i) {
        const int second = i % 3600;
        bytes += QStringLiteral("2026-06-18 03:%1:%2,%3 - etl.big - INFO - row %4 processed for tenant NHS E%5\n")
                     .arg(second / 60, 2, 10, QLatin1Char('0'))
                     .arg(second % 60, 2, 10, QLatin1Char('0'))
                     .arg(i % 1000, 3, 10, QLatin1Char('0'))
                     .arg(i)
                     .arg(i % 100 == 7 ? QStringLiteral(" after a ") + QLatin1StringView(word) : QString())
                     .toLatin1();
    }
    return bytes;
}

struct Fixture {
    QTemporaryDir dir;
    QString storePath = dir.filePath(QStringLiteral("incident.sqlite"));
    std::optional<Workspace> ws;

    Fixture()
    {
        auto opened = Workspace::open(storePath);
        REQUIRE(opened);
        ws.emplace(std::move(*opened));
    }

    // Imports `bytes` as the log `name`; returns its report's status.
    ingest::FileReport::Status import(const QString& name, const QByteArray& bytes)
    {
        const QString path = dir.filePath(name);
        REQUIRE(test::writeFile(path, bytes));
        workspace::ImportRequest request;
        request.store = ws->location();
        request.inputs = {path};
        request.zone = QTimeZone("Europe/London");
        const auto outcome = workspace::importInto(request);
        REQUIRE(outcome);
        REQUIRE(outcome->reports.size() == 1);
        return outcome->reports.front().status;
    }

    std::vector<qint64> search(const char* typed) const
    {
        store::EventQuery query;
        query.text = model::TextQuery::parse(QString::fromUtf8(typed));
        const auto found = ws->evidence().findEventPositions(query);
        REQUIRE(found);
        std::vector<qint64> ids;
        for (const auto& position : *found)
            ids.push_back(position.id);
        return ids;
    }

    store::SearchIndexStatus status() const
    {
        const auto status = ws->evidence().searchIndexStatus();
        REQUIRE(status);
        return *status;
    }
};

} // namespace

TEST_CASE("the index job indexes what was imported, with progress to 1000, and searches find the same events",
    "[workspace][index]")
{
    Fixture f;
    REQUIRE(f.import(QStringLiteral("big.log"), logLines(20000, "timeout")) == ingest::FileReport::Status::Ok);
    CHECK(f.status().pendingEvents == 20000);
    CHECK(f.status().lags());
    const auto before = f.search("timeout");
    const auto rows = f.search("\"row 1234\"");
    CHECK(before.size() == 200);
    CHECK(rows.size() == 11); // row 1234 and 12340 to 12349: the last word is a prefix

    std::mutex mutex;
    std::vector<IndexStatus> updates;
    const auto job = f.ws->startIndex([&](const IndexStatus& status) {
        const std::lock_guard lock(mutex);
        updates.push_back(status);
    });
    QFuture<Result<store::SearchIndexUpdate>> future = job.future();
    future.waitForFinished();
    REQUIRE(future.resultCount() == 1);
    const auto result = future.result();
    REQUIRE(result);
    CHECK(result->eventsIndexed == 20000);
    CHECK_FALSE(result->rebuilt);
    REQUIRE_FALSE(updates.empty());
    int permille = 0;
    for (const IndexStatus& status : updates) {
        CHECK(status.permille >= permille);
        permille = status.permille;
        CHECK(status.eventsDone <= status.eventsTotal);
        CHECK(workspace::progressText(status).startsWith(QStringLiteral("indexing events for search: ")));
    }
    CHECK(updates.back().permille == 1000);
    CHECK(updates.back().eventsDone == 20000);
    CHECK(future.progressValue() == 1000);

    CHECK_FALSE(f.status().lags());
    CHECK(f.status().indexedEvents == 20000);
    CHECK(f.search("timeout") == before);
    CHECK(f.search("\"row 1234\"") == rows);
}

TEST_CASE("a cancelled index update keeps the blocks it indexed and stops with Cancelled, and searches stay whole",
    "[workspace][index][cancel]")
{
    Fixture f;
    REQUIRE(f.import(QStringLiteral("big.log"), logLines(20000, "timeout")) == ingest::FileReport::Status::Ok);
    const auto before = f.search("timeout");
    std::atomic_bool cancel = false;
    int updates = 0;
    const auto stopped = workspace::indexEvidence(
        {f.ws->location()},
        [&](const IndexStatus&) {
            ++updates;
            cancel = true; // after the first block
        },
        &cancel);
    REQUIRE_FALSE(stopped);
    CHECK(stopped.error().code == Error::Code::Cancelled);
    CHECK(stopped.error().message.contains(QStringLiteral("cancelled")));
    CHECK(updates == 1);
    const auto partial = f.status();
    CHECK(partial.indexedEvents > 0);
    CHECK(partial.pendingEvents > 0);
    CHECK(partial.indexedEvents + partial.pendingEvents == 20000);
    CHECK(f.search("timeout") == before);

    // The next update takes it from there.
    const auto finished = workspace::indexEvidence({f.ws->location()});
    REQUIRE(finished);
    CHECK(finished->eventsIndexed == partial.pendingEvents);
    CHECK_FALSE(f.status().lags());
    CHECK(f.search("timeout") == before);
}

TEST_CASE(
    "a changed file's old events are never found again, before and after the index catches up", "[workspace][index]")
{
    Fixture f;
    REQUIRE(f.import(QStringLiteral("app.log"), logLines(3000, "alphaonly")) == ingest::FileReport::Status::Ok);
    REQUIRE(f.import(QStringLiteral("other.log"), logLines(500, "gamma")) == ingest::FileReport::Status::Ok);
    REQUIRE(workspace::indexEvidence({f.ws->location()}));
    CHECK(f.search("alphaonly").size() == 30);

    // The file changes (another export of it) and is imported again: its source is replaced.
    REQUIRE(f.import(QStringLiteral("app.log"), logLines(2000, "betaonly")) == ingest::FileReport::Status::Replaced);
    CHECK(f.search("alphaonly").empty());
    CHECK(f.search("betaonly").size() == 20);
    auto status = f.status();
    CHECK(status.staleEvents == 3000);
    CHECK(status.pendingEvents == 2000);
    CHECK(status.rebuildDue); // 3,000 of 3,500 are stale
    const auto gamma = f.search("gamma");
    CHECK(gamma.size() == 5);

    const auto rebuilt = workspace::indexEvidence({f.ws->location()});
    REQUIRE(rebuilt);
    CHECK(rebuilt->rebuilt);
    CHECK(rebuilt->eventsIndexed == 2500);
    status = f.status();
    CHECK(status.staleEvents == 0);
    CHECK(status.indexedEvents == 2500);
    CHECK(f.search("alphaonly").empty());
    CHECK(f.search("betaonly").size() == 20);
    CHECK(f.search("gamma") == gamma);
}

TEST_CASE("an up-to-date index is left alone, and a store that is missing is not created", "[workspace][index]")
{
    Fixture f;
    const auto nothing = workspace::indexEvidence({f.ws->location()});
    REQUIRE(nothing);
    CHECK(nothing->eventsIndexed == 0);
    const QString gone = f.dir.filePath(QStringLiteral("gone.sqlite"));
    const auto missing = workspace::indexEvidence({{gone, {}}});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    CHECK_FALSE(QFileInfo::exists(gone));
}

TEST_CASE("jobs run in Aftermath's own pool: they end while every thread of Qt's global pool is taken",
    "[workspace][index][find]")
{
    // Qt's painting waits for the global pool's threads; a job there froze the window (issue 12).
    Fixture f;
    REQUIRE(f.import(QStringLiteral("big.log"), logLines(2000, "deadlock")) == ingest::FileReport::Status::Ok);
    QSemaphore release;
    QThreadPool* global = QThreadPool::globalInstance();
    const int taken = global->maxThreadCount();
    for (int i = 0; i < taken; ++i)
        global->start([&release] { release.acquire(); });
    const auto freeGlobalPool = qScopeGuard([&] {
        release.release(taken);
        global->waitForDone();
    });

    workspace::IndexJob index = f.ws->startIndex();
    store::EventQuery query;
    query.text = model::TextQuery::parse(u"deadlock");
    workspace::FindJob find = f.ws->startFind(query);
    CHECK(QTest::qWaitFor([&] { return index.future().isFinished() && find.future().isFinished(); }, 20000));
    REQUIRE(index.future().isFinished());
    REQUIRE(find.future().isFinished());
    CHECK(index.future().result()->eventsIndexed == 2000);
    REQUIRE(find.future().result());
    CHECK(find.future().result()->positions.size() == 20);
}
