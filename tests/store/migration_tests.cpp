#include "store/eventblock.h"
#include "store/migrations.h"
#include "store/store.h"

#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>

#include <catch2/catch.hpp>
#include <sqlite3.h>

using namespace aftermath;
using namespace aftermath::store;

namespace {

// An SQLite connection for the duration of a test section.
class RawDb {
public:
    explicit RawDb(const QString& path)
    {
        REQUIRE(sqlite3_open(QFile::encodeName(path).constData(), &m_db) == SQLITE_OK);
    }
    ~RawDb() { sqlite3_close(m_db); }
    sqlite3* get() const { return m_db; }

    void exec(const QByteArray& sql)
    {
        char* message = nullptr;
        const int rc = sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &message);
        INFO((message ? message : ""));
        sqlite3_free(message);
        REQUIRE(rc == SQLITE_OK);
    }
    QStringList column(const char* sql)
    {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) == SQLITE_OK);
        QStringList values;
        while (sqlite3_step(stmt) == SQLITE_ROW)
            values << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
        sqlite3_finalize(stmt);
        return values;
    }

private:
    sqlite3* m_db = nullptr;
};

constexpr const char* schemaQuery = "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema "
                                    "ORDER BY type, name";

QString fixturePath(int version) { return QStringLiteral(AFTERMATH_TEST_DATA "/store/schema-v%1.sql").arg(version); }

} // namespace

TEST_CASE("every released schema has a fixture, and the migrations still produce it exactly", "[migration]")
{
    // Changing a released migration in place would corrupt users' stores; add a step instead.
    for (int version = 1; version <= Store::schemaVersion; ++version) {
        INFO("schema version " << version);
        const QByteArray fixture = test::fileBytes(fixturePath(version));
        REQUIRE_FALSE(fixture.isEmpty());
        QTemporaryDir dir;
        RawDb fromFixture(dir.filePath(QStringLiteral("fixture.sqlite")));
        fromFixture.exec(fixture);
        CHECK(fromFixture.column("PRAGMA user_version") == QStringList{QString::number(version)});

        RawDb migrated(dir.filePath(QStringLiteral("migrated.sqlite")));
        const auto steps = schemaMigrations().first(std::size_t(version));
        REQUIRE(migrate(migrated.get(), 0, steps, QStringLiteral("migrated.sqlite")));
        CHECK(migrated.column("PRAGMA user_version") == QStringList{QString::number(version)});
        CHECK(migrated.column(schemaQuery) == fromFixture.column(schemaQuery));
    }
}

TEST_CASE("stores of every released version open, upgrade and keep their data", "[migration]")
{
    for (int version = 1; version <= Store::schemaVersion; ++version) {
        INFO("schema version " << version);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        {
            RawDb db(path);
            db.exec(test::fileBytes(fixturePath(version)));
        }
        auto store = Store::open(path);
        REQUIRE(store);
        CHECK(store->upgradedFrom() == version);
        const auto info = store->info();
        REQUIRE(info);
        CHECK(info->schemaVersion == Store::schemaVersion);
        const auto events = store->evidence().events({});
        REQUIRE(events);
        REQUIRE(events->size() == 4);
        CHECK(events->front().sourceName == QStringLiteral("etl-nhs.log"));
        CHECK(events->front().event.message == QStringLiteral("Starting create_post_funding for tenant NHS E"));
        CHECK(events->back().event.kind == model::EventKind::Retry);
        for (const auto& [table, rows] : info->counts)
            CHECK(rows > 0);
    }
}

TEST_CASE("a failing migration step is undone and leaves the previous version", "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.sqlite"));
    RawDb db(path);
    const Migration steps[] = {
        {1, "CREATE TABLE first (x INTEGER);"},
        {2, "CREATE TABLE second (x INTEGER); INSERT INTO missing_table VALUES (1);"},
        {3, "CREATE TABLE third (x INTEGER);"},
    };
    const auto result = migrate(db.get(), 0, steps, path);
    REQUIRE_FALSE(result);
    CHECK(result.error().context == path);
    CHECK(result.error().message.contains(QStringLiteral("schema version 2 failed and was undone")));
    CHECK(result.error().message.contains(QStringLiteral("missing_table")));
    CHECK(db.column("PRAGMA user_version") == QStringList{QStringLiteral("1")});
    CHECK(db.column("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        == QStringList{QStringLiteral("first")});

    // Steps at or below the current version are skipped.
    const Migration later[] = {{1, "CREATE TABLE first (x INTEGER);"}, {2, "CREATE TABLE second (x INTEGER);"}};
    REQUIRE(migrate(db.get(), 1, later, path));
    CHECK(db.column("PRAGMA user_version") == QStringList{QStringLiteral("2")});
}

TEST_CASE("a version 1 store with a postmortem upgrades to version 2 with every record intact", "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v1.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(1)));
        // Every incident text field filled, so that none is lost or shifted by the upgrade.
        db.exec("UPDATE incidents SET authors = 'Dana W', description = 'd', impact = 'i', trigger_text = 't', "
                "detection = 'de', resolution = 'r', contributing_factors = 'c', went_well = 'ww', "
                "went_wrong = 'wr', got_lucky = 'gl', status = 'final' WHERE id = 1");
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 1);
    RawDb raw(path);
    CHECK(raw.column("PRAGMA user_version") == QStringList{QString::number(Store::schemaVersion)});
    CHECK(raw.column("SELECT name FROM sqlite_schema WHERE name IN ('drafted_fields', 'dismissed_draft_events') "
                     "ORDER BY name")
        == QStringList{QStringLiteral("dismissed_draft_events"), QStringLiteral("drafted_fields")});

    const auto postmortem = store->postmortems().postmortem(1);
    REQUIRE(postmortem);
    const model::Incident& incident = postmortem->incident;
    CHECK(incident.title == QStringLiteral("Nightly ETL runs failed after merge"));
    CHECK(incident.fromUs == 1781734020000000);
    CHECK(incident.toUs == 1781760000000000);
    CHECK(incident.displayZone == QStringLiteral("Europe/London"));
    CHECK(incident.severity == QStringLiteral("SEV2"));
    CHECK(incident.status == QStringLiteral("final"));
    CHECK(incident.summary == QStringLiteral("Post-funding reports incomplete"));
    CHECK(
        QStringList{incident.authors, incident.description, incident.impact, incident.trigger, incident.detection,
            incident.resolution, incident.contributingFactors, incident.wentWell, incident.wentWrong, incident.gotLucky}
        == QStringList{QStringLiteral("Dana W"), QStringLiteral("d"), QStringLiteral("i"), QStringLiteral("t"),
            QStringLiteral("de"), QStringLiteral("r"), QStringLiteral("c"), QStringLiteral("ww"), QStringLiteral("wr"),
            QStringLiteral("gl")});
    REQUIRE(postmortem->timeline.size() == 1);
    CHECK(postmortem->timeline[0].text == QStringLiteral("NHS E run starts"));
    CHECK(postmortem->timeline[0].origin == model::TimelineEntry::Origin::Draft);
    CHECK(postmortem->timeline[0].eventIds == std::vector<qint64>{1});
    REQUIRE(postmortem->rootCauses.size() == 1);
    CHECK(postmortem->rootCauses[0].text == QStringLiteral("Migration not yet applied in production"));
    REQUIRE(postmortem->actionItems.size() == 1);
    const model::ActionItem& action = postmortem->actionItems[0];
    CHECK(action.description == QStringLiteral("Add max retries for all steps"));
    CHECK(action.owner == QStringLiteral("priya"));
    CHECK(action.due == QDate(2026, 7, 1));
    CHECK(action.priority == QStringLiteral("P2"));
    CHECK(action.type == model::ActionItem::Type::Prevent);
    CHECK_FALSE(action.closedAtUs);

    // Nothing the draft wrote is known for a store from before version 2: every text is a person's.
    CHECK(store->postmortems().draftedFields(1)->isEmpty());
    CHECK(store->postmortems().dismissedDraftEvents(1)->empty());
    // And the new tables work.
    REQUIRE(store->postmortems().updateIncident(1, {.impact = QStringLiteral("drafted")}, Writer::Draft));
    CHECK(store->postmortems().draftedFields(1)->impact == QStringLiteral("drafted"));
}

TEST_CASE("the version 2 fixture reads as the postmortem it holds", "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v2.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(2)));
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 2);
    const auto postmortem = store->postmortems().postmortem(1);
    REQUIRE(postmortem);
    CHECK(postmortem->incident.status == QStringLiteral("in_review"));
    CHECK(postmortem->incident.authors == QStringLiteral("Dana W, Sam Okafor"));
    CHECK(store->postmortems().draftedFields(1)->trigger == postmortem->incident.trigger);
    REQUIRE(postmortem->timeline.size() == 2);
    CHECK(postmortem->timeline[1].edited);
    CHECK(postmortem->timeline[1].note == QStringLiteral("seen by the monitor first"));
    CHECK(store->postmortems().dismissedDraftEvents(1) == std::vector<qint64>{4});
    REQUIRE(postmortem->actionItems.size() == 2);
    CHECK(postmortem->actionItems[1].status == model::ActionItem::Status::Done);
    CHECK(postmortem->actionItems[1].closedAtUs == 1781856000000000);
    CHECK(postmortem->actionItems[1].link == QStringLiteral("https://github.com/example/etl/issues/7"));
}

TEST_CASE("a version 2 store's events move into blocks, and what cites them follows to the new ids", "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v2.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(2)));
        // Old ids out of time order, a second source interleaved in time, and a citation of an event
        // that is gone (its row deleted without the cascade, as a damaged store might have it).
        db.exec("PRAGMA foreign_keys = OFF;"
                "UPDATE events SET id = 100 - id;"
                "UPDATE timeline_entry_events SET event_id = 100 - event_id;"
                "UPDATE dismissed_draft_events SET event_id = 100 - event_id;"
                "INSERT INTO sources VALUES(2,'/evidence/deploy.csv','deploy.csv','csv',NULL,10,10,1,NULL,"
                "1781769600000000,1,0);"
                "INSERT INTO events VALUES(50,2,1781744500000000,'explicit',0,2,NULL,'info','deploy','etl',NULL,"
                "'dana',NULL,'Deploy ETL #88',NULL,0);"
                "INSERT INTO timeline_entry_events VALUES(2, 50);"
                "INSERT INTO timeline_entry_events VALUES(1, 77);");
    }
    std::vector<std::pair<QString, QString>> before; // (source, message) in timeline order
    {
        RawDb raw(path);
        const QStringList rows = raw.column("SELECT s.display_name || '|' || e.message FROM events e JOIN sources s "
                                            "ON s.id = e.source_id ORDER BY e.ts_us, e.source_id, e.seq");
        for (const QString& row : rows)
            before.emplace_back(row.section(QLatin1Char('|'), 0, 0), row.section(QLatin1Char('|'), 1));
    }
    REQUIRE(before.size() == 5);

    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 2);
    const auto events = store->evidence().events({});
    REQUIRE(events);
    REQUIRE(events->size() == before.size());
    QHash<QString, qint64> idOf; // by message
    for (std::size_t i = 0; i < before.size(); ++i) {
        INFO("event " << i);
        CHECK((*events)[i].sourceName == before[i].first);
        CHECK((*events)[i].event.message == before[i].second);
        idOf.insert((*events)[i].event.message, (*events)[i].event.id);
    }
    // The etl log's four events are block 1 (ids 1-4, in time order); the deploy is block 2.
    CHECK(idOf.value(QStringLiteral("Starting create_post_funding for tenant NHS E")) == 1);
    CHECK(idOf.value(QStringLiteral("Deploy ETL #88")) == blocks::eventId(2, 0));

    const auto postmortem = store->postmortems().postmortem(1);
    REQUIRE(postmortem);
    REQUIRE(postmortem->timeline.size() == 2);
    // Entry 1 cited old id 99 (now 1) and the missing 77, which is dropped.
    CHECK(postmortem->timeline[0].eventIds == std::vector<qint64>{1});
    // Entry 2 cited old 98 (the first error, now 2) and the deploy.
    CHECK(postmortem->timeline[1].eventIds == std::vector<qint64>{2, blocks::eventId(2, 0)});
    CHECK(store->postmortems().dismissedDraftEvents(1) == std::vector<qint64>{4});

    RawDb raw(path);
    CHECK(raw.column("SELECT name FROM sqlite_schema WHERE name IN ('events', 'event_id_map') OR name LIKE '%_v3'")
              .isEmpty());
    CHECK(raw.column("PRAGMA foreign_key_check").isEmpty());
    CHECK(raw.column("PRAGMA integrity_check") == QStringList{QStringLiteral("ok")});
    // The pages the old events table held went back to the disk (VACUUM after the upgrade).
    CHECK(raw.column("PRAGMA freelist_count") == QStringList{QStringLiteral("0")});
}

TEST_CASE("a version 3 store upgrades to version 4: no custom sections, the rest intact",
    "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v3.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(3)));
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 3);
    const auto postmortem = store->postmortems().postmortem(1);
    REQUIRE(postmortem);
    CHECK(postmortem->incident.title == QStringLiteral("Nightly ETL runs failed after merge"));
    CHECK(postmortem->customSections.empty());
    CHECK(postmortem->rootCauses.size() == 1);

    // The version 4 fixture reads as the sections it holds.
    const QString v4 = dir.filePath(QStringLiteral("v4.sqlite"));
    {
        RawDb db(v4);
        db.exec(test::fileBytes(fixturePath(4)));
    }
    auto current = Store::open(v4);
    REQUIRE(current);
    CHECK(current->upgradedFrom() == 4);
    const auto sections = current->postmortems().customSections(1);
    REQUIRE(sections);
    REQUIRE(sections->size() == 2);
    CHECK((*sections)[0].heading == QStringLiteral("Customer communication"));
    CHECK((*sections)[0].after == QStringLiteral("impact"));
    CHECK_FALSE((*sections)[0].fromEvidence);
    CHECK((*sections)[1].after == QStringLiteral("action_items"));
    CHECK((*sections)[1].fromEvidence);
}

TEST_CASE("a version 4 store upgrades to version 5 with nothing indexed, is searched whole, then gets indexed",
    "[migration][search]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v4.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(4)));
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 4);
    auto status = store->evidence().searchIndexStatus();
    REQUIRE(status);
    CHECK(status->pendingEvents == 4);
    CHECK(status->indexedEvents == 0);
    CHECK(status->lags());
    EventQuery query;
    query.text = model::TextQuery::parse(u"funding_band");
    const auto scanned = store->evidence().findEventPositions(query);
    REQUIRE(scanned);
    REQUIRE(scanned->size() == 1);
    CHECK(scanned->front().id == 2);

    const auto updated = store->evidence().updateSearchIndex();
    REQUIRE(updated);
    CHECK(updated->eventsIndexed == 4);
    CHECK_FALSE(store->evidence().searchIndexStatus()->lags());
    const auto indexed = store->evidence().findEventPositions(query);
    REQUIRE(indexed);
    REQUIRE(indexed->size() == 1);
    CHECK(indexed->front().id == 2);
    RawDb raw(path);
    CHECK(raw.column("SELECT rowid FROM event_text WHERE event_text MATCH '\"funding\" \"band\"*'")
        == QStringList{QStringLiteral("2")});

    // The version 5 fixture holds its index: nothing lags, and its words are found through it.
    const QString v5 = dir.filePath(QStringLiteral("v5.sqlite"));
    {
        RawDb db(v5);
        db.exec(test::fileBytes(fixturePath(5)));
    }
    {
        RawDb db(v5); // a connection that reads the schema the fixture wrote
        CHECK(db.column("SELECT rowid FROM event_text WHERE event_text MATCH '\"retrying\"' ORDER BY rowid")
            == QStringList{QStringLiteral("4")});
    }
    auto current = Store::open(v5);
    REQUIRE(current);
    CHECK(current->upgradedFrom() == 5);
    CHECK_FALSE(current->evidence().searchIndexStatus()->lags());
    query.text = model::TextQuery::parse(u"retry");
    const auto retries = current->evidence().findEventPositions(query);
    REQUIRE(retries);
    REQUIRE(retries->size() == 1);
    CHECK(retries->front().id == 4);
}

TEST_CASE("a version 5 store upgrades to version 6, whose window index counts events without reading blocks",
    "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v5.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(5)));
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 5);
    CHECK(store->evidence().countEvents({}) == 4);
    // The query countEvents() sums a window's whole blocks with: its plan's detail (column 3).
    RawDb raw(path);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw.get(),
                "EXPLAIN QUERY PLAN SELECT COALESCE(SUM(count), 0) FROM event_blocks "
                "WHERE first_us >= 0 AND last_us <= 9000000000000000",
                -1, &stmt, nullptr)
        == SQLITE_OK);
    QString plan;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        plan += QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3))) + u' ';
    sqlite3_finalize(stmt);
    CHECK(plan.contains(QStringLiteral("COVERING INDEX event_blocks_time")));
}

TEST_CASE("a version 6 store upgrades to version 7 with no baseline, and the version 7 fixture reads its own",
    "[migration]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v6.sqlite"));
    {
        RawDb db(path);
        db.exec(test::fileBytes(fixturePath(6)));
    }
    auto store = Store::open(path);
    REQUIRE(store);
    CHECK(store->upgradedFrom() == 6);
    const auto upgraded = store->postmortems().incident(1);
    REQUIRE(upgraded);
    CHECK_FALSE(upgraded->baseline);
    CHECK(upgraded->title == QStringLiteral("Nightly ETL runs failed after merge"));

    const QString v7 = dir.filePath(QStringLiteral("v7.sqlite"));
    {
        RawDb db(v7);
        db.exec(test::fileBytes(fixturePath(7)));
    }
    auto current = Store::open(v7);
    REQUIRE(current);
    const auto incident = current->postmortems().incident(1);
    REQUIRE(incident);
    REQUIRE(incident->baseline);
    // The two hours before the window, as the fixture's header says.
    CHECK(incident->baseline->second == incident->fromUs - 3600LL * 1'000'000);
    CHECK(incident->baseline->first == incident->fromUs - 7200LL * 1'000'000);
    // The schema itself refuses a baseline that is not before the window, whoever writes it.
    RawDb raw(v7);
    CHECK(sqlite3_exec(raw.get(), "UPDATE incidents SET baseline_to_us = window_from_us + 1", nullptr, nullptr, nullptr)
        == SQLITE_CONSTRAINT);
}

TEST_CASE("a version 7 store upgrades to version 8: each incident gets its own uid, and the version 8 fixture reads "
          "its own",
    "[migration]")
{
    QTemporaryDir dir;
    QStringList uids;
    for (int copy = 0; copy < 2; ++copy) {
        const QString path = dir.filePath(QStringLiteral("v7-%1.sqlite").arg(copy));
        {
            RawDb db(path);
            db.exec(test::fileBytes(fixturePath(7)));
        }
        auto store = Store::open(path);
        REQUIRE(store);
        CHECK(store->upgradedFrom() == 7);
        const auto upgraded = store->postmortems().incident(1);
        REQUIRE(upgraded);
        CHECK(upgraded->uid.size() == 32);
        CHECK(upgraded->rowVersion == 1);
        CHECK(upgraded->baseline);
        uids << upgraded->uid;
    }
    // Two stores upgraded from the same file hold two different incidents as far as push and pull know.
    CHECK(uids[0] != uids[1]);

    const QString v8 = dir.filePath(QStringLiteral("v8.sqlite"));
    {
        RawDb db(v8);
        db.exec(test::fileBytes(fixturePath(8)));
    }
    auto current = Store::open(v8);
    REQUIRE(current);
    auto incident = current->postmortems().incident(1);
    REQUIRE(incident);
    CHECK(incident->uid == QStringLiteral("5f0c2a7e9b1d4c3a8e6f0b2d4a6c8e01"));
    CHECK(incident->rowVersion == 3);
    // A change counts; the uid stays.
    model::IncidentUpdate retitle;
    retitle.title = QStringLiteral("Nightly ETL runs failed after a merge");
    auto changed = current->postmortems().updateIncident(1, retitle, Writer::Person);
    REQUIRE(changed);
    CHECK(changed->rowVersion == 4);
    incident = current->postmortems().incident(1);
    REQUIRE(incident);
    CHECK(incident->rowVersion == 4);
    CHECK(incident->uid == QStringLiteral("5f0c2a7e9b1d4c3a8e6f0b2d4a6c8e01"));
    // Two incidents never share a uid, whoever writes them.
    RawDb raw(v8);
    CHECK(sqlite3_exec(raw.get(),
              "INSERT INTO incidents (title, window_from_us, window_to_us, created_at_us, updated_at_us, uid) "
              "SELECT 'copy', window_from_us, window_to_us, 0, 0, uid FROM incidents",
              nullptr, nullptr, nullptr)
        == SQLITE_CONSTRAINT);
}
