// Tests of the workspace facade: imports run in a pool thread on their own connection while the
// test thread keeps the same store open, and are cancelled mid-file through both ways to cancel.
#include "workspace/workspace.h"

#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace aftermath;
using ingest::FileReport;
using Status = ingest::FileReport::Status;
using workspace::ImportJob;
using workspace::ImportOutcome;
using workspace::ImportStatus;
using workspace::Workspace;

const QTimeZone london("Europe/London");

QString pythonLog() { return test::fixture(QStringLiteral("text/etl-python-logging.log")); }
QString workerJsonl() { return test::fixture(QStringLiteral("structured/etl-worker.jsonl")); }

// A temporary folder with a store in it.
struct Fixture {
    QTemporaryDir dir;
    QString storePath = dir.filePath(QStringLiteral("incident.sqlite"));

    Workspace open()
    {
        REQUIRE(dir.isValid());
        auto opened = Workspace::open(storePath);
        REQUIRE(opened);
        return std::move(*opened);
    }

    // A Python-logging style log of `megabytes` MiB: big enough to be cancelled mid-way (the
    // reader reports progress every 8 MiB).
    QString bigLog(int megabytes)
    {
        const QString path = dir.filePath(QStringLiteral("big.log"));
        QByteArray bytes;
        bytes.reserve(qsizetype(megabytes) * 1024 * 1024 + 200);
        for (int i = 0; bytes.size() < qsizetype(megabytes) * 1024 * 1024; ++i) {
            const int second = i % 3600;
            bytes += QStringLiteral("2026-06-18 03:%1:%2,%3 - etl.big - INFO - row %4 processed for tenant NHS E\n")
                         .arg(second / 60, 2, 10, QLatin1Char('0'))
                         .arg(second % 60, 2, 10, QLatin1Char('0'))
                         .arg(i % 1000, 3, 10, QLatin1Char('0'))
                         .arg(i)
                         .toLatin1();
        }
        REQUIRE(test::writeFile(path, bytes));
        return path;
    }
};

// Records progress updates from the import's threads.
struct ProgressLog {
    std::mutex mutex;
    std::vector<ImportStatus> statuses;
    std::vector<std::thread::id> threads;

    workspace::ImportProgressCallback callback()
    {
        return [this](const ImportStatus& status) {
            const std::lock_guard lock(mutex);
            statuses.push_back(status);
            threads.push_back(std::this_thread::get_id());
        };
    }
};

// Holds the importer's parser inside its progress callback once it is part-way through `path`,
// until the test has cancelled: so the cancel lands mid-file every time.
struct MidFileGate {
    QString path;
    std::promise<void> reached;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    bool fired = false; // only touched by the import's threads, one update at a time

    workspace::ImportProgressCallback callback()
    {
        return [this](const ImportStatus& status) {
            if (fired || status.path != path || status.bytesDone <= 0 || status.bytesDone >= status.bytesTotal)
                return;
            fired = true;
            reached.set_value();
            released.wait();
        };
    }

    void waitUntilReached()
    {
        REQUIRE(reached.get_future().wait_for(std::chrono::seconds(60)) == std::future_status::ready);
    }
};

Result<ImportOutcome> waitForOutcome(const ImportJob& job)
{
    QFuture<Result<ImportOutcome>> future = job.future();
    future.waitForFinished();
    REQUIRE(future.resultCount() == 1);
    return future.result();
}

} // namespace

TEST_CASE("Workspace opens a store and answers event queries", "[workspace]")
{
    Fixture f;
    Workspace ws = f.open();
    CHECK(ws.path() == QFileInfo(f.storePath).absoluteFilePath());
    CHECK(QFileInfo::exists(f.storePath));
    REQUIRE(ws.evidence().countEvents({}));
    CHECK(*ws.evidence().countEvents({}) == 0);
    REQUIRE(ws.evidence().sources());
    CHECK(ws.evidence().sources()->empty());
    REQUIRE(ws.evidence().events({}));
    CHECK(ws.evidence().events({})->empty());

    const auto folder = Workspace::open(f.dir.path());
    REQUIRE_FALSE(folder);
    CHECK(folder.error().code == Error::Code::NotAStore);

    const workspace::StoreLocation location = ws.location();
    CHECK(location.path == ws.path());
    CHECK(&ws.clock() == &Clock::system());
}

TEST_CASE("a store is told by its header, whatever its name, and other SQLite files are not stores", "[workspace]")
{
    Fixture fixture;
    {
        auto ws = fixture.open();
    } // created, and closed again
    CHECK(workspace::isStoreFile(fixture.storePath));
    const QString renamed = fixture.dir.filePath(QStringLiteral("incident.postmortem"));
    REQUIRE(QFile::copy(fixture.storePath, renamed));
    CHECK(workspace::isStoreFile(renamed));

    const QString other = fixture.dir.filePath(QStringLiteral("other.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("isStoreFile"));
        db.setDatabaseName(other);
        REQUIRE(db.open());
        REQUIRE(db.exec(QStringLiteral("CREATE TABLE t (x)")).lastError().type() == QSqlError::NoError);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("isStoreFile"));
    CHECK_FALSE(workspace::isStoreFile(other));
    CHECK_FALSE(workspace::isStoreFile(pythonLog()));
    CHECK_FALSE(workspace::isStoreFile(fixture.dir.filePath(QStringLiteral("missing.sqlite"))));
    CHECK_FALSE(workspace::isStoreFile(fixture.dir.path()));
}

TEST_CASE("an import runs in a pool thread while this thread keeps the store open", "[workspace][import]")
{
    Fixture f;
    Workspace ws = f.open();
    const QStringList connectionsBefore = QSqlDatabase::connectionNames();

    ProgressLog progress;
    ImportJob job = ws.startImport({pythonLog(), workerJsonl()}, london, progress.callback());
    // Waiting in an event loop (not waitForFinished(), which may run a task not yet started in
    // this thread) shows the import ran in another thread.
    QFutureWatcher<Result<ImportOutcome>> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(job.future());
    REQUIRE((job.future().isFinished() || finished.wait(60'000)));

    const Result<ImportOutcome> outcome = job.future().result();
    REQUIRE(outcome);
    REQUIRE(outcome->reports.size() == 2);
    const FileReport& log = outcome->reports[0];
    CHECK(log.status == Status::Ok);
    CHECK(log.format == QStringLiteral("text-log"));
    CHECK(log.path == QFileInfo(pythonLog()).absoluteFilePath());
    CHECK(log.events == 7);
    CHECK(log.zoneAssumed == QStringLiteral("Europe/London"));
    const FileReport& jsonl = outcome->reports[1];
    CHECK(jsonl.status == Status::Ok);
    CHECK(jsonl.format == QStringLiteral("jsonl"));
    CHECK(jsonl.events == 4);
    CHECK(outcome->eventsAdded() == 11);
    CHECK(outcome->errorCount() == 0);
    CHECK_FALSE(outcome->cancelled);
    CHECK(outcome->zone == QStringLiteral("Europe/London"));

    // This thread's connection sees what the worker's connection committed.
    REQUIRE(ws.evidence().countEvents({}));
    CHECK(*ws.evidence().countEvents({}) == 11);
    const auto events = ws.evidence().events({});
    REQUIRE(events);
    REQUIRE(events->size() == 11);
    CHECK(events->front().sourceName == QStringLiteral("etl-python-logging.log"));
    REQUIRE(ws.evidence().sources());
    CHECK(ws.evidence().sources()->size() == 2);

    {
        const std::lock_guard lock(progress.mutex);
        REQUIRE_FALSE(progress.threads.empty());
        for (const std::thread::id id : progress.threads)
            CHECK(id != std::this_thread::get_id());
    }
    // The worker closed its connection in its own thread.
    CHECK(QSqlDatabase::connectionNames() == connectionsBefore);

    SECTION("importing the same files again adds nothing")
    {
        const auto again = waitForOutcome(ws.startImport({pythonLog(), workerJsonl()}, london));
        REQUIRE(again);
        REQUIRE(again->reports.size() == 2);
        CHECK(again->reports[0].status == Status::Unchanged);
        CHECK(again->reports[1].status == Status::Unchanged);
        CHECK(again->eventsAdded() == 0);
        CHECK(*ws.evidence().countEvents({}) == 11);
    }
}

TEST_CASE("the synchronous import reads naive times in the requested zone", "[workspace][import]")
{
    Fixture f;
    Workspace ws = f.open();
    workspace::ImportRequest request{.store = ws.location(), .inputs = {pythonLog()}, .zone = QTimeZone::utc()};
    const auto outcome = workspace::importInto(request);
    REQUIRE(outcome);
    REQUIRE(outcome->reports.size() == 1);
    CHECK(outcome->reports[0].zoneAssumed == QStringLiteral("UTC"));
    CHECK(outcome->zone == QStringLiteral("UTC"));
    const auto events = ws.evidence().events({});
    REQUIRE(events);
    REQUIRE_FALSE(events->empty());
    // 02:00:00,013 read as UTC, not as BST.
    CHECK(events->front().event.timeUs == 1781748000013000LL);
}

TEST_CASE("cancelling mid-file keeps the files before it and nothing of that file", "[workspace][cancel]")
{
    Fixture f;
    Workspace ws = f.open();
    const QString big = QFileInfo(f.bigLog(24)).absoluteFilePath();

    MidFileGate gate;
    gate.path = big;
    ImportJob job = ws.startImport({pythonLog(), big, workerJsonl()}, london, gate.callback());
    gate.waitUntilReached();
    CHECK(job.isRunning());
    CHECK_FALSE(job.cancelRequested());
    job.cancel();
    CHECK(job.cancelRequested());
    gate.release.set_value();

    const auto outcome = waitForOutcome(job);
    REQUIRE(outcome);
    CHECK(outcome->cancelled);
    REQUIRE(outcome->reports.size() == 3);
    CHECK(outcome->reports[0].status == Status::Ok);
    CHECK(outcome->reports[0].events == 7);
    CHECK(outcome->reports[1].path == big);
    CHECK(outcome->reports[1].status == Status::Error);
    CHECK(outcome->reports[1].message.contains(QStringLiteral("cancelled")));
    CHECK(outcome->reports[2].status == Status::Error);
    CHECK(outcome->reports[2].message.contains(QStringLiteral("cancelled before it was read")));
    // Both errors are the cancel's doing, not the files'.
    CHECK(outcome->cancelledReports == std::vector<std::size_t>{1, 2});
    CHECK(outcome->isCancelledReport(1));
    CHECK_FALSE(outcome->isCancelledReport(0));
    CHECK(outcome->errorCount() == 0);

    // The big file's transaction was rolled back: no source row, no events.
    const auto bigSource = ws.evidence().findSource(big);
    REQUIRE(bigSource);
    CHECK_FALSE(bigSource->has_value());
    CHECK(*ws.evidence().countEvents({}) == 7);
    CHECK(ws.evidence().sources()->size() == 1);
}

TEST_CASE("QFuture::cancel() stops the import too", "[workspace][cancel]")
{
    Fixture f;
    Workspace ws = f.open();
    const QString big = QFileInfo(f.bigLog(24)).absoluteFilePath();

    MidFileGate gate;
    gate.path = big;
    ImportJob job = ws.startImport({big}, london, gate.callback());
    gate.waitUntilReached();
    QFuture<Result<ImportOutcome>> future = job.future();
    future.cancel();
    gate.release.set_value();
    future.waitForFinished();
    CHECK(future.isCanceled());
    // A cancelled QFuture keeps no result: that is why ImportJob::cancel() exists.
    CHECK(future.resultCount() == 0);

    const auto bigSource = ws.evidence().findSource(big);
    REQUIRE(bigSource);
    CHECK_FALSE(bigSource->has_value());
    CHECK(*ws.evidence().countEvents({}) == 0);
}

TEST_CASE("progress covers the whole import, never goes back and ends at 1000", "[workspace][progress]")
{
    Fixture f;
    Workspace ws = f.open();
    const QString big = QFileInfo(f.bigLog(20)).absoluteFilePath();
    const QStringList inputs{pythonLog(), big, workerJsonl()};

    ProgressLog progress;
    ImportJob job = ws.startImport(inputs, london, progress.callback());
    QFutureWatcher<Result<ImportOutcome>> watcher;
    QSignalSpy values(&watcher, &QFutureWatcherBase::progressValueChanged);
    QSignalSpy texts(&watcher, &QFutureWatcherBase::progressTextChanged);
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(job.future());
    REQUIRE((job.future().isFinished() || finished.wait(120'000)));

    const auto outcome = job.future().result();
    REQUIRE(outcome);
    CHECK(outcome->errorCount() == 0);
    CHECK(job.future().progressMinimum() == 0);
    CHECK(job.future().progressMaximum() == 1000);
    CHECK(job.future().progressValue() == 1000);

    {
        const std::lock_guard lock(progress.mutex);
        const auto& statuses = progress.statuses;
        REQUIRE(statuses.size() >= 6); // a start and an end per input, and the big file part-way
        int previous = 0;
        int previousInput = 0;
        bool partWay = false;
        for (const ImportStatus& status : statuses) {
            CHECK(status.permille >= previous);
            CHECK(status.inputIndex >= previousInput);
            CHECK(status.inputCount == 3);
            CHECK(status.permille <= 1000);
            previous = status.permille;
            previousInput = status.inputIndex;
            if (status.path == big && status.bytesDone > 0 && status.bytesDone < status.bytesTotal) {
                partWay = true;
                // The big file is nearly all of the bytes: part-way through it is part-way overall.
                CHECK(status.permille > 0);
                CHECK(status.permille < 1000);
            }
        }
        CHECK(partWay);
        CHECK(statuses.back().permille == 1000);
        CHECK(statuses.back().inputIndex == 2);
    }

    // What a QFutureWatcher sees: increasing values, the last one 1000, with the file as text.
    REQUIRE_FALSE(values.isEmpty());
    int previous = -1;
    for (const QList<QVariant>& signal : values) {
        CHECK(signal.at(0).toInt() > previous);
        previous = signal.at(0).toInt();
    }
    CHECK(previous == 1000);
    REQUIRE_FALSE(texts.isEmpty());
    QStringList seen;
    for (const QList<QVariant>& signal : texts)
        seen << signal.at(0).toString();
    CHECK(seen.contains(QDir::toNativeSeparators(big)));
}

TEST_CASE("an import into a store that cannot be opened for writing fails with the reason", "[workspace][errors]")
{
    Fixture f;
    REQUIRE(f.dir.isValid());

    SECTION("a file that is not a store")
    {
        const QString garbage = f.dir.filePath(QStringLiteral("garbage.sqlite"));
        REQUIRE(test::writeFile(garbage, QByteArray("not a database\n").repeated(100)));
        const QByteArray before = test::fileHash(garbage);
        workspace::ImportRequest request;
        request.store.path = garbage;
        request.inputs = {pythonLog()};
        const auto outcome = waitForOutcome(workspace::startImport(request));
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == Error::Code::NotAStore);
        CHECK(outcome.error().toString().contains(garbage));
        CHECK(test::fileHash(garbage) == before);
    }

    SECTION("a store deleted since it was opened is not re-created")
    {
        const QString gone = f.dir.filePath(QStringLiteral("gone.sqlite"));
        workspace::ImportRequest request;
        request.store.path = gone;
        request.inputs = {pythonLog()};
        const auto outcome = waitForOutcome(workspace::startImport(request));
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == Error::Code::NotFound);
        CHECK_FALSE(QFileInfo::exists(gone));
    }
}

TEST_CASE("inputs that fail are reported and the others still import", "[workspace][errors]")
{
    Fixture f;
    Workspace ws = f.open();
    const QString folder = f.dir.filePath(QStringLiteral("evidence"));
    REQUIRE(QDir().mkpath(folder));
    REQUIRE(QFile::copy(pythonLog(), folder + QStringLiteral("/etl.log")));
    REQUIRE(QFile::copy(workerJsonl(), folder + QStringLiteral("/worker.jsonl")));
    REQUIRE(test::writeFile(folder + QStringLiteral("/empty.log"), {}));
    const QString missing = f.dir.filePath(QStringLiteral("missing.log"));

    const auto outcome = waitForOutcome(ws.startImport({missing, folder}, london));
    REQUIRE(outcome);
    REQUIRE(outcome->reports.size() == 4);
    CHECK(outcome->reports[0].status == Status::Error);
    CHECK(outcome->reports[0].message.contains(QStringLiteral("no such file")));
    CHECK(outcome->errorCount() == 1);
    CHECK(outcome->cancelledReports.empty());
    int ok = 0;
    int empty = 0;
    for (std::size_t i = 1; i < outcome->reports.size(); ++i) {
        ok += outcome->reports[i].status == Status::Ok;
        empty += outcome->reports[i].status == Status::Empty;
    }
    CHECK(ok == 2);
    CHECK(empty == 1);
    CHECK(outcome->eventsAdded() == 11);
    CHECK(*ws.evidence().countEvents({}) == 11);
}
