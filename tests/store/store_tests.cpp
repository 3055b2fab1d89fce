#include "store/eventblock.h"
#include "store/store.h"

#include "systemsupport.h"
#include "teststore.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <csignal>
#include <limits>
#include <set>
#include <tuple>
#include <unistd.h>

using namespace aftermath;
using namespace aftermath::store;
using aftermath::test::incidentNightUs;
using aftermath::test::makeEvent;
using aftermath::test::makeSource;
using aftermath::test::usPerSecond;
using model::StoredEvent;
using Code = aftermath::Error::Code;

namespace {

// Runs one SQL script on a file through a plain sqlite3 connection (not the Store).
void rawExec(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    INFO((message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

QString rawScalar(const QString& path, const char* sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    QString value;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

qint64 countOf(const StoreInfo& info, const QString& table)
{
    for (const auto& [name, rows] : info.counts) {
        if (name == table)
            return rows;
    }
    FAIL("no count for table " << table.toStdString());
    return -1;
}

// A store with one source and `count` events a minute apart, committed.
qint64 fillStore(Store& store, int count, const QString& sourceName = QStringLiteral("etl.log"))
{
    auto tx = store.evidence().beginEvidence();
    REQUIRE(tx);
    auto sourceId = (*tx)->addSource(makeSource(sourceName));
    REQUIRE(sourceId);
    std::vector<model::Event> events;
    for (int i = 0; i < count; ++i)
        events.push_back(
            makeEvent(*sourceId, incidentNightUs + i * 60 * usPerSecond, i, QStringLiteral("step %1 done").arg(i)));
    REQUIRE((*tx)->addEvents(events));
    REQUIRE((*tx)->commit());
    return *sourceId;
}

QString helperPath() { return QStringLiteral(AFTERMATH_STORE_HELPER); }

} // namespace

TEST_CASE("a new store is created with the current schema, WAL and Aftermath's application id", "[store]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nested/folder/new.sqlite"));
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->path() == QFileInfo(path).absoluteFilePath());
    CHECK(store->upgradedFrom() == 0);
    const auto info = store->info();
    REQUIRE(info);
    CHECK(info->schemaVersion == Store::schemaVersion);
    for (const auto& [table, rows] : info->counts)
        CHECK(rows == 0);
    CHECK(info->counts.size() == 6);
    CHECK(rawScalar(path, "PRAGMA user_version") == QString::number(Store::schemaVersion));
    CHECK(rawScalar(path, "PRAGMA application_id") == QString::number(Store::applicationId));
    CHECK(rawScalar(path, "PRAGMA journal_mode") == QStringLiteral("wal"));
}

TEST_CASE("events round-trip exactly and come back in (time, source, seq) order", "[store][engines]")
{
    const test::TestStore where;
    const QString path = where.location;
    FixedClock clock(incidentNightUs);
    std::vector<model::Event> written;
    {
        auto store = Store::open(path, {.clock = &clock});
        REQUIRE(store);
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        const qint64 a = *(*tx)->addSource(makeSource(QStringLiteral("a.log")));
        const qint64 b = *(*tx)->addSource(makeSource(QStringLiteral("b.json"), QStringLiteral("jsonl")));
        model::Event full = makeEvent(b, incidentNightUs, 0, QStringLiteral("Traceback (most recent call last):\n  x"),
            model::Level::Error, model::EventKind::Error);
        full.timeQuality = model::TimeQuality::ZoneAssumed;
        full.locator = QStringLiteral("/events/0");
        full.service = QStringLiteral("etl-nhs");
        full.runId = QStringLiteral("run-42");
        full.actor = QStringLiteral("octocat");
        full.outcome = QStringLiteral("failure");
        full.raw = QStringLiteral("{\"msg\":\"Traceback\"}");
        full.flags = model::Event::InvalidUtf8 | model::Event::Truncated;
        // Same instant in two sources, and a later event with a lower seq: order is time, source, seq.
        written = {makeEvent(a, incidentNightUs + 1, 0, QStringLiteral("later")), full,
            makeEvent(a, incidentNightUs, 2, QStringLiteral("a2 \u00e9\u6f22")),
            makeEvent(a, incidentNightUs, 1, QStringLiteral("a1"))};
        const auto added = (*tx)->addEvents(written);
        INFO((added ? QString() : added.error().message).toStdString());
        REQUIRE(added);
        REQUIRE((*tx)->commit());
    }
    auto store = Store::open(path, {.access = OpenOptions::Access::ReadOnly});
    REQUIRE(store);
    const auto events = store->evidence().events({});
    REQUIRE(events);
    REQUIRE(events->size() == 4);
    const std::vector<std::pair<QString, QString>> expectedOrder = {{QStringLiteral("a.log"), QStringLiteral("a1")},
        {QStringLiteral("a.log"), QStringLiteral("a2 \u00e9\u6f22")}, {QStringLiteral("b.json"), written[1].message},
        {QStringLiteral("a.log"), QStringLiteral("later")}};
    for (std::size_t i = 0; i < expectedOrder.size(); ++i) {
        CHECK((*events)[i].sourceName == expectedOrder[i].first);
        CHECK((*events)[i].event.message == expectedOrder[i].second);
    }
    model::Event readBack = (*events)[2].event;
    CHECK(readBack.id > 0);
    readBack.id = 0;
    CHECK(readBack == written[1]);

    const auto sources = store->evidence().sources();
    REQUIRE(sources);
    REQUIRE(sources->size() == 2);
    CHECK(sources->at(0).importedAtUs == incidentNightUs); // from the injected clock
    CHECK(sources->at(1).format == QStringLiteral("jsonl"));
}

TEST_CASE("time windows are inclusive and keyset paging visits every event once", "[store][engines]")
{
    const test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    fillStore(*store, 100);
    fillStore(*store, 50, QStringLiteral("second.log"));

    EventFilter window;
    window.fromUs = incidentNightUs + 10 * 60 * usPerSecond;
    window.toUs = incidentNightUs + 19 * 60 * usPerSecond;
    CHECK(store->evidence().countEvents(window) == 20); // minutes 10..19 of both sources
    const auto inWindow = store->evidence().events(window);
    REQUIRE(inWindow);
    CHECK(inWindow->front().event.timeUs == *window.fromUs);
    CHECK(inWindow->back().event.timeUs == *window.toUs);

    std::vector<qint64> seen;
    EventFilter page;
    page.limit = 7;
    for (;;) {
        const auto rows = store->evidence().events(page);
        REQUIRE(rows);
        if (rows->empty())
            break;
        CHECK(rows->size() <= 7);
        for (const auto& row : *rows)
            seen.push_back(row.event.id);
        page.after = rows->back();
    }
    CHECK(seen.size() == 150);
    CHECK(std::set<qint64>(seen.begin(), seen.end()).size() == 150);
    const auto all = store->evidence().events({});
    REQUIRE(all);
    std::vector<qint64> allIds;
    for (const auto& row : *all)
        allIds.push_back(row.event.id);
    CHECK(seen == allIds);

    int visited = 0;
    REQUIRE(store->evidence().forEachEvent({}, [&](const StoredEvent&) { return ++visited < 3; }));
    CHECK(visited == 3);
}

TEST_CASE("reads across many blocks and interleaved sources match a plain sort of the events", "[store][engines]")
{
    const test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    // Three sources written in several batches each: one in order, one whose times run backwards
    // now and then (a log with clock steps), one sparse; ties in time across sources and within one.
    std::vector<model::Event> written;
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        std::vector<qint64> sources;
        for (const char* name : {"ordered.log", "stepped.log", "sparse.log"})
            sources.push_back(*(*tx)->addSource(makeSource(QString::fromLatin1(name))));
        for (int batch = 0; batch < 3; ++batch) {
            for (std::size_t s = 0; s < sources.size(); ++s) {
                std::vector<model::Event> events;
                const int count = s == 2 ? 40 : 1500;
                for (int i = 0; i < count; ++i) {
                    const qint64 seq = qint64(batch) * count + i;
                    qint64 t = seq * 1000; // ms apart
                    if (s == 1 && seq % 700 > 600)
                        t -= 250'000; // runs back a quarter of a second
                    if (s == 2)
                        t = seq * 37'000;
                    events.push_back(makeEvent(sources[s], incidentNightUs + t, seq, QStringLiteral("%1").arg(seq)));
                }
                REQUIRE((*tx)->addEvents(events));
                written.insert(written.end(), events.begin(), events.end());
            }
        }
        REQUIRE((*tx)->commit());
    }
    auto ordered = [](const model::Event& a, const model::Event& b) {
        return std::tuple(a.timeUs, a.sourceId, a.seq) < std::tuple(b.timeUs, b.sourceId, b.seq);
    };
    std::ranges::sort(written, ordered);
    auto keys = [](const std::vector<StoredEvent>& events) {
        std::vector<std::tuple<qint64, qint64, qint64>> result;
        for (const auto& e : events)
            result.emplace_back(e.event.timeUs, e.event.sourceId, e.event.seq);
        return result;
    };
    auto expectedIn = [&](qint64 from, qint64 to) {
        std::vector<std::tuple<qint64, qint64, qint64>> result;
        for (const auto& e : written) {
            if (e.timeUs >= from && e.timeUs <= to)
                result.emplace_back(e.timeUs, e.sourceId, e.seq);
        }
        return result;
    };

    const auto all = store->evidence().events({});
    REQUIRE(all);
    CHECK(keys(*all) == expectedIn(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max()));
    CHECK(countOf(*store->info(), QStringLiteral("events")) == qint64(written.size()));
    std::set<qint64> ids;
    for (const auto& e : *all)
        ids.insert(e.event.id);
    CHECK(ids.size() == written.size());

    // Windows that start and end inside blocks, on a tie, and around the backward steps.
    for (const auto& [from, to] : {std::pair<qint64, qint64>{0, 0}, {650'000, 651'000}, {1'234'567, 2'345'678},
             {3'999'000, 4'600'000}, {-5, 10}, {4'499'000, 99'000'000}}) {
        INFO("window " << from << ".." << to);
        EventFilter window;
        window.fromUs = incidentNightUs + from;
        window.toUs = incidentNightUs + to;
        const auto expected = expectedIn(*window.fromUs, *window.toUs);
        const auto got = store->evidence().events(window);
        REQUIRE(got);
        CHECK(keys(*got) == expected);
        CHECK(store->evidence().countEvents(window) == qint64(expected.size()));
    }

    // Keyset pages in odd sizes give every event once, in order; counts after a key agree.
    std::vector<StoredEvent> paged;
    EventFilter page;
    page.limit = 333;
    for (;;) {
        const auto rows = store->evidence().events(page);
        REQUIRE(rows);
        if (rows->empty())
            break;
        CHECK(store->evidence().countEvents({.after = page.after}) == qint64(written.size() - paged.size()));
        paged.insert(paged.end(), rows->begin(), rows->end());
        page.after = rows->back();
    }
    CHECK(keys(paged) == keys(*all));
    CHECK(store->evidence().countEvents({.limit = 10}) == 10);
}

TEST_CASE("deleting a source removes the citations of its events and only those", "[store][engines]")
{
    const test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    const qint64 kept = fillStore(*store, 3, QStringLiteral("kept.log"));
    const qint64 dropped = fillStore(*store, 3, QStringLiteral("dropped.log"));
    std::vector<qint64> keptIds;
    std::vector<qint64> droppedIds;
    const auto before = store->evidence().events({});
    REQUIRE(before);
    for (const auto& e : *before)
        (e.event.sourceId == kept ? keptIds : droppedIds).push_back(e.event.id);
    REQUIRE(droppedIds.size() == 3);

    model::Incident incident;
    incident.title = QStringLiteral("t");
    incident.fromUs = incidentNightUs;
    incident.toUs = incidentNightUs + 3600 * usPerSecond;
    const qint64 incidentId = store->postmortems().createIncident(incident)->id;
    model::TimelineEntry entry;
    entry.incidentId = incidentId;
    entry.timeUs = incidentNightUs;
    entry.text = QStringLiteral("both sources");
    entry.eventIds = {keptIds[0], droppedIds[1]};
    REQUIRE(store->postmortems().addTimelineEntry(entry));
    entry.eventIds = {droppedIds[0] + 4 * blocks::maxEvents}; // an id in no block
    CHECK(store->postmortems().addTimelineEntry(entry).error().code == Code::NotFound);

    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE((*tx)->deleteSource(dropped));
        REQUIRE((*tx)->commit());
    }
    const auto entries = store->postmortems().timelineEntries(incidentId);
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    CHECK(entries->front().eventIds == std::vector<qint64>{keptIds[0]});
    CHECK(countOf(*store->info(), QStringLiteral("events")) == 3);

    // Ids are never handed out again: the next import's events get new ones.
    fillStore(*store, 3, QStringLiteral("again.log"));
    const auto after = store->evidence().events({});
    REQUIRE(after);
    for (const auto& e : *after) {
        if (e.event.sourceId != kept)
            CHECK(std::ranges::find(droppedIds, e.event.id) == droppedIds.end());
    }
}

TEST_CASE("an uncommitted write transaction leaves nothing behind", "[store][engines]")
{
    const test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        const auto sourceId = (*tx)->addSource(makeSource(QStringLiteral("x.log")));
        REQUIRE(sourceId);
        REQUIRE((*tx)->addEvents(std::vector{makeEvent(*sourceId, 0, 0, QStringLiteral("x"))}));
        auto second = store->evidence().beginEvidence();
        REQUIRE_FALSE(second);
        CHECK(second.error().code == Code::InvalidArgument);
    } // destroyed without commit
    CHECK(countOf(*store->info(), QStringLiteral("sources")) == 0);
    CHECK(countOf(*store->info(), QStringLiteral("events")) == 0);
    CHECK(store->evidence().beginEvidence().has_value()); // and the store takes writes again
}

TEST_CASE("events must belong to a stored source (foreign keys are on)", "[store][engines]")
{
    const test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    auto tx = store->evidence().beginEvidence();
    REQUIRE(tx);
    const auto added = (*tx)->addEvents(std::vector{makeEvent(999, 0, 0, QStringLiteral("orphan"))});
    REQUIRE_FALSE(added);
    CHECK(added.error().message.contains(QStringLiteral("FOREIGN KEY"), Qt::CaseInsensitive));
}

TEST_CASE("a store from a newer Aftermath is refused and left byte-for-byte untouched", "[store]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("future.sqlite"));
    {
        auto store = Store::open(path);
        REQUIRE(store);
        fillStore(*store, 10);
    }
    rawExec(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
    const QByteArray before = test::fileHash(path);
    for (auto access : {OpenOptions::Access::ReadWrite, OpenOptions::Access::ReadOnly}) {
        const auto opened = Store::open(path, {.access = access});
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NewerVersion);
        CHECK(opened.error().context == path);
        CHECK(opened.error().message.contains(QStringLiteral("newer Aftermath")));
        CHECK(opened.error().message.contains(QStringLiteral("99")));
    }
    CHECK(test::fileHash(path) == before);
    CHECK(rawScalar(path, "PRAGMA journal_mode") == QStringLiteral("delete")); // not switched to WAL
}

TEST_CASE("files that are not Aftermath stores give clear errors and stay untouched", "[store]")
{
    QTemporaryDir dir;
    SECTION("text that is not SQLite")
    {
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        REQUIRE(test::writeFile(path, "incident notes, not a database\n"));
        const auto opened = Store::open(path);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NotAStore);
        CHECK(opened.error().toString().startsWith(path));
        CHECK(test::fileBytes(path) == "incident notes, not a database\n");
    }
    SECTION("random binary bytes")
    {
        const QString path = dir.filePath(QStringLiteral("random.bin"));
        QByteArray bytes;
        for (int i = 0; i < 8192; ++i)
            bytes.append(char((i * 7919 + 13) % 251));
        REQUIRE(test::writeFile(path, bytes));
        const auto opened = Store::open(path);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NotAStore);
        CHECK(test::fileBytes(path) == bytes);
    }
    SECTION("the SQLite header followed by garbage")
    {
        const QString path = dir.filePath(QStringLiteral("fake.sqlite"));
        const QByteArray bytes = QByteArray("SQLite format 3\0", 16) + QByteArray(4080, '\x5a');
        REQUIRE(test::writeFile(path, bytes));
        const auto opened = Store::open(path);
        REQUIRE_FALSE(opened);
        CHECK((opened.error().code == Code::NotAStore || opened.error().code == Code::Corrupt));
        CHECK(test::fileBytes(path) == bytes);
    }
    SECTION("an SQLite database of another application")
    {
        const QString path = dir.filePath(QStringLiteral("other.db"));
        rawExec(path,
            "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places VALUES (1, 'x');");
        const QByteArray before = test::fileHash(path);
        const auto opened = Store::open(path);
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NotAStore);
        CHECK(opened.error().message.contains(QStringLiteral("another application")));
        CHECK(test::fileHash(path) == before);
    }
    SECTION("a folder")
    {
        const auto opened = Store::open(dir.path());
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NotAStore);
    }
    SECTION("a missing file opened read-only")
    {
        const auto opened
            = Store::open(dir.filePath(QStringLiteral("missing.sqlite")), {.access = OpenOptions::Access::ReadOnly});
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NotFound);
        CHECK(opened.error().message.contains(QStringLiteral("init")));
        CHECK_FALSE(QFileInfo::exists(dir.filePath(QStringLiteral("missing.sqlite"))));
    }
}

TEST_CASE("an empty file becomes a store", "[store]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("empty.sqlite"));
    REQUIRE(test::writeFile(path, {}));
    const auto readOnly = Store::open(path, {.access = OpenOptions::Access::ReadOnly});
    REQUIRE_FALSE(readOnly);
    CHECK(readOnly.error().message.contains(QStringLiteral("empty")));
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->info()->schemaVersion == Store::schemaVersion);
}

TEST_CASE("a damaged store reports corruption instead of crashing", "[store]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("damaged.sqlite"));
    {
        auto store = Store::open(path);
        REQUIRE(store);
        fillStore(*store, 20000);
    }
    rawExec(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
    QByteArray bytes = test::fileBytes(path);
    REQUIRE(bytes.size() > 64 * 1024);
    // Overwrite pages in the middle of the file (the events table and its indexes).
    for (qsizetype i = bytes.size() / 3; i < 2 * bytes.size() / 3; ++i)
        bytes[i] = char(0xA5);
    REQUIRE(test::writeFile(path, bytes));

    auto store = Store::open(path);
    std::optional<Error> error;
    if (!store) {
        error = store.error();
    } else {
        const auto events = store->evidence().events({});
        if (!events)
            error = events.error();
    }
    REQUIRE(error.has_value());
    CHECK(error->code == Code::Corrupt);
    CHECK(error->message.contains(QStringLiteral("damaged")));
    CHECK(error->context == path);
}

TEST_CASE("a locked store gives a clear error after the busy timeout, then works once released", "[store]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("busy.sqlite"));
    {
        auto store = Store::open(path);
        REQUIRE(store);
    }
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(QFile::encodeName(path).constData(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);

    auto store = Store::open(path, {.busyTimeout = std::chrono::milliseconds(100)});
    REQUIRE(store); // readers are not blocked in WAL mode
    auto tx = store->evidence().beginEvidence();
    REQUIRE_FALSE(tx);
    CHECK(tx.error().code == Code::Locked);
    CHECK(tx.error().message.contains(QStringLiteral("locked by another program")));

    REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);
    CHECK(store->evidence().beginEvidence().has_value());
}

TEST_CASE("a store being created by another program is reported as locked", "[store]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("creating.sqlite"));
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(QFile::encodeName(path).constData(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE; CREATE TABLE t (x);", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto opened = Store::open(path, {.busyTimeout = std::chrono::milliseconds(100)});
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == Code::Locked);
}

TEST_CASE("a store opened read-only refuses writes", "[store][engines]")
{
    const test::TestStore where;
    const QString path = where.location;
    REQUIRE(Store::open(path));
    auto store = Store::open(path, {.access = OpenOptions::Access::ReadOnly});
    REQUIRE(store);
    CHECK(store->isReadOnly());
    const auto tx = store->evidence().beginEvidence();
    REQUIRE_FALSE(tx);
    CHECK(tx.error().code == Code::ReadOnly);
}

TEST_CASE("a store file the user cannot write gives a read-only error, and can still be read", "[store][process]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("theirs.sqlite"));
    {
        auto store = Store::open(path);
        REQUIRE(store);
        fillStore(*store, 5);
    }
    rawExec(path, "PRAGMA wal_checkpoint(TRUNCATE)");
    const QByteArray before = test::fileHash(path);
    // Root ignores permission bits, so as root the helper drops to the unprivileged "nobody".
    REQUIRE(QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
            | QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::WriteOther
            | QFileDevice::WriteGroup));
    REQUIRE(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));

    auto runHelper = [&](const QStringList& arguments) {
        QProcess helper;
        test::runUnprivileged(helper);
        helper.start(helperPath(), arguments);
        REQUIRE(helper.waitForFinished(30000));
        REQUIRE(helper.exitCode() != 99);
        return std::pair{
            helper.exitCode(), QString::fromUtf8(helper.readAllStandardOutput() + helper.readAllStandardError())};
    };

    const auto [writeCode, writeOutput] = runHelper({QStringLiteral("open"), path});
    CHECK(writeCode == 1);
    CHECK(writeOutput.contains(path));
    CHECK(writeOutput.contains(QStringLiteral("read-only")));

    const auto [readCode, readOutput] = runHelper({QStringLiteral("count"), path});
    CHECK(readCode == 0);
    CHECK(readOutput.trimmed() == QStringLiteral("5"));
    CHECK(test::fileHash(path) == before);
}

TEST_CASE("killing a writer mid-batch leaves whole batches only and a store that opens cleanly", "[store][process]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("killed.sqlite"));
    constexpr int batchSize = 40000;

    QProcess writer;
    writer.start(
        helperPath(), {QStringLiteral("insert-batches"), path, QStringLiteral("1000"), QString::number(batchSize)});
    REQUIRE(writer.waitForStarted(10000));
    int committed = 0;
    QByteArray pending;
    // Wait for a few commits, then kill as soon as the next batch has begun.
    while (true) {
        REQUIRE(writer.waitForReadyRead(30000));
        pending += writer.readAllStandardOutput();
        const QList<QByteArray> lines = pending.split('\n');
        for (const QByteArray& line : lines) {
            if (line.startsWith("committed "))
                committed = line.mid(10).toInt();
        }
        if (committed >= 3 && pending.endsWith(QByteArray("begin " + QByteArray::number(committed + 1) + '\n')))
            break;
    }
    usleep(20000); // into the batch's inserts
    ::kill(pid_t(writer.processId()), SIGKILL);
    REQUIRE(writer.waitForFinished(10000));
    CHECK(writer.exitStatus() == QProcess::CrashExit);

    auto store = Store::open(path);
    REQUIRE(store);
    const auto info = store->info();
    REQUIRE(info);
    const qint64 events = countOf(*info, QStringLiteral("events"));
    INFO("events after the kill: " << events << ", batches reported committed: " << committed);
    CHECK(events % batchSize == 0);
    CHECK(events >= qint64(committed) * batchSize);
    CHECK(events <= qint64(committed + 1) * batchSize);
    CHECK(countOf(*info, QStringLiteral("sources")) == events / batchSize);
    CHECK(rawScalar(path, "PRAGMA integrity_check") == QStringLiteral("ok"));
    CHECK(fillStore(*store, 10) > 0); // and it takes new writes
}

TEST_CASE("sources are found by path, updated and deleted with their events", "[store][engines]")
{
    const test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    const qint64 first = fillStore(*store, 5, QStringLiteral("a.log"));
    const qint64 second = fillStore(*store, 3, QStringLiteral("b.log"));
    const auto missing = store->evidence().findSource(QStringLiteral("/evidence/missing.log"));
    REQUIRE(missing);
    CHECK_FALSE(missing->has_value());
    auto found = store->evidence().findSource(QStringLiteral("/evidence/a.log"));
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->id == first);

    model::Source changed = **found;
    changed.eventCount = 5;
    changed.bytesConsumed = 4096;
    changed.linesConsumed = 77;
    changed.zoneAssumed = QStringLiteral("Europe/London");
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE((*tx)->updateSource(changed));
        REQUIRE((*tx)->deleteSource(second));
        model::Source missing = changed;
        missing.id = 999;
        CHECK((*tx)->updateSource(missing).error().code == Code::NotFound);
        REQUIRE((*tx)->commit());
    }
    const auto sources = store->evidence().sources();
    REQUIRE(sources);
    REQUIRE(sources->size() == 1);
    CHECK(sources->front() == changed);
    CHECK(countOf(*store->info(), QStringLiteral("events")) == 5);
}

TEST_CASE("incidents are stored with their window and clock times, and refused without a title", "[store]")
{
    QTemporaryDir dir;
    FixedClock clock(incidentNightUs + 8 * 3600 * usPerSecond);
    auto store = Store::open(dir.filePath(QStringLiteral("s.sqlite")), {.clock = &clock});
    REQUIRE(store);
    model::Incident incident;
    incident.title = QStringLiteral("Nightly ETL failed");
    incident.fromUs = incidentNightUs;
    incident.toUs = incidentNightUs + 3600 * usPerSecond;
    incident.displayZone = QStringLiteral("Europe/London");
    const auto created = store->postmortems().createIncident(incident);
    REQUIRE(created);
    CHECK(created->id == 1);
    CHECK(created->createdAtUs == clock.nowUtcUs());
    CHECK(store->postmortems().incident(1) == created);
    CHECK(store->postmortems().incidents()->size() == 1);
    CHECK(store->postmortems().incident(2).error().code == Code::NotFound);
    incident.title = QStringLiteral("  ");
    CHECK(store->postmortems().createIncident(incident).error().code == Code::InvalidArgument);
    incident.title = QStringLiteral("backwards");
    incident.toUs = incident.fromUs - 1;
    CHECK(store->postmortems().createIncident(incident).error().code == Code::InvalidArgument);
}

namespace {

// The files in `folder`, hidden ones too: what a store left beside itself.
QStringList filesIn(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// Runs the helper as an unprivileged user (when the test is root); its exit code and its output.
std::pair<int, QString> runHelperUnprivileged(const QStringList& arguments)
{
    const test::ProcessRun run = test::runProgram(helperPath(), arguments, true);
    REQUIRE(run.code != 99); // dropping to "nobody" failed
    return {run.code, run.out + run.err};
}

constexpr auto readAndEnter = QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
constexpr auto everything = readAndEnter | QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;

// A closed store with `events` events (its write-ahead log folded in and removed), alone in `folder`.
QString closedStore(const QString& folder, int events)
{
    const QString path = QDir(folder).filePath(QStringLiteral("evidence.sqlite"));
    {
        auto store = Store::open(path);
        REQUIRE(store);
        fillStore(*store, events);
    }
    REQUIRE(filesIn(folder) == QStringList{QStringLiteral("evidence.sqlite")});
    return path;
}

// closedStore() in `folder`, a folder inside `dir` that the unprivileged helper may enter.
QString sharedStore(const QTemporaryDir& dir, const QString& folder, int events)
{
    REQUIRE(QFile::setPermissions(dir.path(), readAndEnter | QFileDevice::WriteOwner));
    REQUIRE(QDir().mkpath(folder));
    return closedStore(folder, events);
}

} // namespace

TEST_CASE("a store from a newer Aftermath in WAL mode is refused without creating files beside it", "[store]")
{
    QTemporaryDir dir;
    const QString path = closedStore(dir.path(), 10);
    rawExec(path, "PRAGMA user_version = 99;"); // stays in WAL mode; the last close removes -wal and -shm
    REQUIRE(filesIn(dir.path()) == QStringList{QStringLiteral("evidence.sqlite")});
    const QByteArray before = test::fileHash(path);
    for (auto access : {OpenOptions::Access::ReadWrite, OpenOptions::Access::ReadOnly}) {
        const auto opened = Store::open(path, {.access = access});
        REQUIRE_FALSE(opened);
        CHECK(opened.error().code == Code::NewerVersion);
        CHECK(filesIn(dir.path()) == QStringList{QStringLiteral("evidence.sqlite")}); // no -wal, no -shm
    }
    CHECK(test::fileHash(path) == before);
}

TEST_CASE("a store whose creation fails on a full disk leaves no file behind", "[store][system]")
{
    test::SmallFilesystem disk(256 * 1024); // less than an empty store's pages (64 KiB each)
    if (!disk.mounted()) {
        WARN("skipped: " << disk.why().toStdString()); // Catch2 v2 has no SKIP
        return;
    }
    const QString path = disk.filePath(QStringLiteral("new.sqlite"));
    const auto created = Store::open(path);
    REQUIRE_FALSE(created);
    CHECK(created.error().context == path);
    CHECK(created.error().message.contains(QStringLiteral("disk is full")));
    CHECK(filesIn(disk.path()).isEmpty()); // no stub, no -wal, -shm or -journal, no temporary file

    // With room, the same path becomes a store.
    test::SmallFilesystem roomy(16 * 1024 * 1024);
    REQUIRE(roomy.mounted());
    const QString fine = roomy.filePath(QStringLiteral("new.sqlite"));
    auto store = Store::open(fine);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 0);
    CHECK(filesIn(roomy.path()).contains(QStringLiteral("new.sqlite")));
    CHECK_FALSE(filesIn(roomy.path()).join(u' ').contains(QStringLiteral("creating")));
}

TEST_CASE("a store in a read-only folder is read without files beside it and refuses writes, saying why",
    "[store][process]")
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("shared"));
    const QString path = sharedStore(dir, folder, 5);
    REQUIRE(QFile::setPermissions(path, readAndEnter | QFileDevice::WriteOwner | QFileDevice::WriteOther));
    REQUIRE(QFile::setPermissions(folder, readAndEnter));
    const QByteArray before = test::fileHash(path);

    const auto [readCode, readOutput] = runHelperUnprivileged({QStringLiteral("count"), path});
    CHECK(readCode == 0);
    CHECK(readOutput.trimmed() == QStringLiteral("5"));

    const auto [writeCode, writeOutput] = runHelperUnprivileged({QStringLiteral("open"), path});
    CHECK(writeCode == 1);
    CHECK(writeOutput.contains(path));
    CHECK(writeOutput.contains(QStringLiteral("its folder %1 is read-only").arg(folder)));
    CHECK(writeOutput.contains(QStringLiteral("it can still be read")));

    const QString fresh = QDir(folder).filePath(QStringLiteral("new.sqlite"));
    const auto [createCode, createOutput] = runHelperUnprivileged({QStringLiteral("open"), fresh});
    CHECK(createCode == 1);
    CHECK(createOutput.contains(QStringLiteral("cannot create the store here: its folder")));

    CHECK(filesIn(folder) == QStringList{QStringLiteral("evidence.sqlite")});
    CHECK(test::fileHash(path) == before);
    REQUIRE(QFile::setPermissions(folder, everything));
}

TEST_CASE("a store in a read-only folder with changes still in its write-ahead log is refused for reading, "
          "not read stale",
    "[store][process]")
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("shared"));
    const QString path = sharedStore(dir, folder, 5);
    {
        // A writer that stopped before folding its log into the file (as after a crash).
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(QFile::encodeName(path).constData(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "PRAGMA wal_autocheckpoint = 0; INSERT INTO incidents (title, window_from_us, "
                                 "window_to_us, status, created_at_us, updated_at_us) VALUES ('x', 0, 1, 'draft', 0, 0)",
                    nullptr, nullptr, nullptr)
            == SQLITE_OK);
        sqlite3_close(db);
    }
    REQUIRE(QFileInfo(path + QStringLiteral("-wal")).size() > 0);
    QFile::remove(path + QStringLiteral("-shm"));
    REQUIRE(QFile::setPermissions(folder, readAndEnter));

    const auto [code, output] = runHelperUnprivileged({QStringLiteral("count"), path});
    CHECK(code == 1);
    CHECK(output.contains(path));
    CHECK(output.contains(QStringLiteral("write-ahead log (%1-wal)").arg(path)));
    CHECK(output.contains(QStringLiteral("copy the store together with its -wal file")));
    REQUIRE(QFile::setPermissions(folder, everything));
}

TEST_CASE("a store on a read-only mount is read without files beside it and refuses writes, saying why",
    "[store][system]")
{
    test::SmallFilesystem disk(16 * 1024 * 1024);
    if (!disk.mounted()) {
        WARN("skipped: " << disk.why().toStdString()); // Catch2 v2 has no SKIP
        return;
    }
    const QString path = closedStore(disk.path(), 7);
    REQUIRE(::mount(nullptr, QFile::encodeName(disk.path()).constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr)
        == 0);
    {
        auto store = Store::open(path, {.access = OpenOptions::Access::ReadOnly});
        REQUIRE(store);
        CHECK(store->evidence().countEvents({}) == 7);
        const auto tx = store->evidence().beginEvidence();
        REQUIRE_FALSE(tx);
        CHECK(tx.error().message.contains(QStringLiteral("is read-only")));
    }
    const auto writable = Store::open(path);
    REQUIRE_FALSE(writable);
    CHECK(writable.error().code == Code::ReadOnly);
    CHECK(writable.error().context == path);
    CHECK(writable.error().message.contains(
        QStringLiteral("the disk it is on (mounted at %1) is read-only").arg(QFileInfo(disk.path()).canonicalFilePath())));
    CHECK(filesIn(disk.path()) == QStringList{QStringLiteral("evidence.sqlite")});
}

TEST_CASE("a second connection in a process keeps the first one's locks, so no other program deletes its log",
    "[store][process]")
{
    // Closing a file descriptor drops every POSIX lock the process holds on that file. Store::open
    // once read the header through a descriptor of its own, so a process that opened the store
    // twice (the app's connection and a job's) held no lock at all; another program closing the
    // store took itself for the last one and deleted the write-ahead log, and what the process
    // wrote next went into the deleted file: lost for everyone else.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("shared.sqlite"));
    auto first = Store::open(path);
    REQUIRE(first);
    auto second = Store::open(path);
    REQUIRE(second);
    fillStore(*second, 100, QStringLiteral("before.log"));
    const auto helper = [&](const QString& command) {
        QProcess process;
        process.start(helperPath(), {command, path});
        REQUIRE(process.waitForFinished(30000));
        INFO(process.readAllStandardError().toStdString());
        REQUIRE(process.exitCode() == 0);
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    };
    CHECK(helper(QStringLiteral("open")) == QString()); // opens and closes the store
    fillStore(*second, 50, QStringLiteral("after.log"));
    CHECK(helper(QStringLiteral("count")) == QStringLiteral("150"));
    CHECK(*first->evidence().countEvents({}) == 150);
}
