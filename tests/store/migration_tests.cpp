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
        const auto events = store->events({});
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
