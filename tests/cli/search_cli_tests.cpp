// The search index that ingest, demo and init bring up to date.

#include "cli.h"
#include "clitestsupport.h"
#include "model/textquery.h"
#include "model/timestamp.h"
#include "store/store.h"

#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimeZone>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <functional>
#include <random>

using namespace aftermath;
using aftermath::test::incidentNightUs;
using aftermath::test::usPerSecond;

namespace {

using Run = test::CliRun;
using test::lines;
using test::runCli;

} // namespace

TEST_CASE("cli: ingest indexes what it imported unless --no-index, and init indexes a store that lags or was "
          "upgraded",
    "[cli][search]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i.sqlite"));
    const QString log = test::fixture(QStringLiteral("text/etl-python-logging.log"));
    const Run skipped = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--no-index"),
        QStringLiteral("--tz"), QStringLiteral("UTC"), log});
    CHECK(skipped.code == cli::Success);
    CHECK_FALSE(skipped.out.contains(QStringLiteral("Indexed")));
    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        CHECK(store->evidence().searchIndexStatus()->pendingEvents == 7);
    }
    const Run init = runCli({QStringLiteral("--db"), db, QStringLiteral("init")});
    CHECK(init.code == cli::Success);
    CHECK(init.out.contains(QRegularExpression(QStringLiteral(
        "^Store .* is up to date \\(schema version \\d+\\)\\nIndexed 7 events for search in \\d+\\.\\d s.\\n$"))));
    CHECK_FALSE(runCli({QStringLiteral("--db"), db, QStringLiteral("init")}).out.contains(QStringLiteral("Indexed")));

    const QString other = dir.filePath(QStringLiteral("nginx.log"));
    REQUIRE(QFile::copy(test::fixture(QStringLiteral("text/nginx-access.log")), other));
    const Run json = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--format-out"),
        QStringLiteral("json"), other});
    CHECK(json.code == cli::Success);
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(object[u"events"].toInt() == 3);
    CHECK(object[u"indexed"].toInt() == 3);

    // A store from before the index: init upgrades it, then indexes it.
    const QString old = dir.filePath(QStringLiteral("v4.sqlite"));
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(QFile::encodeName(old).constData(), &raw) == SQLITE_OK);
        const QByteArray fixture = test::fileBytes(QStringLiteral(AFTERMATH_TEST_DATA "/store/schema-v4.sql"));
        REQUIRE(sqlite3_exec(raw, fixture.constData(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    const Run upgraded = runCli({QStringLiteral("--db"), old, QStringLiteral("init")});
    CHECK(upgraded.code == cli::Success);
    CHECK(upgraded.out.contains(QRegularExpression(QStringLiteral(
        "^Upgraded store .* from schema version 4 to \\d+\\nIndexed 4 events for search in \\d+\\.\\d s.\\n$"))));
}
