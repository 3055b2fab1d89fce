// aftermath-cli sql (app/cli/sqlcommand.cpp): a statement's rows as a table, CSV, JSON and JSON
// Lines, awkward text included; what it refuses and the exit codes (docs/sql.md).

#include "cli.h"
#include "clitestsupport.h"
#include "store/store.h"

#include "examplesupport.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace aftermath;
using aftermath::test::incidentNightUs;
using aftermath::test::usPerSecond;

namespace {

using Run = test::CliRun;
using test::lines;
using test::runCli;

// Messages as logs write them when they are awkward for a table or a CSV: commas and quotes, a
// stack trace's line break, a terminal escape, a bidirectional override, a spreadsheet formula.
const QString commaQuote = QStringLiteral("tenant \"NHS E\", batch 7, failed");
const QString traceback = QStringLiteral("column \"funding_band\" does not exist\nTraceback (most recent call last):");
const QString escape = QStringLiteral("red \x1b[31mALERT\x1b[0m bell\x07");
const QString bidi = QStringLiteral("right-to-left \u202e override");
const QString formula = QStringLiteral("=HYPERLINK(\"http://evil\")");

QString awkwardStore(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("awkward.sqlite"));
    auto store = store::Store::open(path);
    REQUIRE(store);
    auto tx = store->evidence().beginEvidence();
    REQUIRE(tx);
    const qint64 source
        = *(*tx)->addSource(test::makeSource(QStringLiteral("etl, \"nightly\".log"), QStringLiteral("python-logging")));
    std::vector<model::Event> events;
    const QString messages[] = {commaQuote, traceback, escape, bidi, formula};
    for (int i = 0; i < 5; ++i) {
        auto e = test::makeEvent(source, incidentNightUs + i * usPerSecond, i, messages[i],
            i == 1 ? model::Level::Error : model::Level::Info,
            i == 1 ? model::EventKind::Error : model::EventKind::Log);
        if (i % 2 == 0)
            e.service = QStringLiteral("etl");
        events.push_back(e);
    }
    REQUIRE((*tx)->addEvents(events));
    REQUIRE((*tx)->commit());
    return path;
}

Run sql(const QString& db, const QString& statement, const QStringList& options = {})
{
    return runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("sql"), statement} + options);
}

Run sqlAs(const QString& db, const QString& format, const QString& statement)
{
    return sql(db, statement, {QStringLiteral("--format"), format});
}

const QString awkwardQuery = QStringLiteral("SELECT id, service, message, line * 1.5 AS half FROM events");

} // namespace

TEST_CASE("cli: sql prints rows as an aligned table, each on its line, terminal-safe", "[cli][sql]")
{
    QTemporaryDir dir;
    const QString db = awkwardStore(dir);
    const Run run = sql(db, awkwardQuery);
    INFO(run.err.toStdString());
    REQUIRE(run.code == cli::Success);
    CHECK(run.err.isEmpty());
    CHECK_FALSE(run.out.contains(QChar(0x1b)));
    CHECK_FALSE(run.out.contains(QChar(0x202e)));
    CHECK(run.out.split(u'\n')
        == QStringList{
            QStringLiteral("id  service  message                                                       half"),
            QStringLiteral("--  -------  ------------------------------------------------------------  ----"),
            QStringLiteral("1   etl      tenant \"NHS E\", batch 7, failed                               1.5"),
            QStringLiteral(
                "2            column \"funding_band\" does not exist\\x0aTraceback (most recent call last):  3"),
            QStringLiteral("3   etl      red \\x1b[31mALERT\\x1b[0m bell\\x07                             4.5"),
            QStringLiteral("4            right-to-left \\u202e override                                 6"),
            QStringLiteral("5   etl      =HYPERLINK(\"http://evil\")                                     7.5"),
            QString()});

    // No rows: the header alone.
    const Run none = sql(db, QStringLiteral("SELECT id, message FROM events WHERE level = 'fatal'"));
    CHECK(none.code == cli::Success);
    CHECK(none.out == QStringLiteral("id  message\n--  -------\n"));
}

TEST_CASE("cli: sql's table takes its widths from the first thousand rows and streams the rest", "[cli][sql]")
{
    QTemporaryDir dir;
    const QString db = awkwardStore(dir);
    const Run run = sql(db,
        QStringLiteral("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1500) "
                       "SELECT substr('abcdefgh', 1, CASE WHEN x <= 1000 THEN 3 ELSE 8 END) AS v, x FROM n"));
    REQUIRE(run.code == cli::Success);
    const QStringList out = lines(run.out);
    REQUIRE(out.size() == 1502);
    CHECK(out[0] == QStringLiteral("v    x"));
    CHECK(out[2] == QStringLiteral("abc  1"));
    CHECK(out[1001] == QStringLiteral("abc  1000"));
    CHECK(out[1002] == QStringLiteral("abcdefgh  1001")); // wider than the widths: shown whole
}

TEST_CASE("cli: sql as CSV is RFC 4180 with a header, text quoted as needed and formulas defused", "[cli][sql]")
{
    QTemporaryDir dir;
    const QString db = awkwardStore(dir);
    const Run run = sqlAs(db, QStringLiteral("csv"), awkwardQuery);
    REQUIRE(run.code == cli::Success);
    const auto records = test::parseCsv(run.out);
    REQUIRE(records.size() == 6);
    CHECK(records[0]
        == QStringList{
            QStringLiteral("id"), QStringLiteral("service"), QStringLiteral("message"), QStringLiteral("half")});
    CHECK(records[1] == QStringList{QStringLiteral("1"), QStringLiteral("etl"), commaQuote, QStringLiteral("1.5")});
    CHECK(records[2] == QStringList{QStringLiteral("2"), QString(), traceback, QStringLiteral("3")});
    CHECK(records[3][2] == escape); // CSV carries the characters as they are
    CHECK(records[4][2] == bidi);
    CHECK(records[5][2] == u'\'' + formula); // a spreadsheet shows it, does not run it
    CHECK(run.out.startsWith(
        QStringLiteral("id,service,message,half\r\n1,etl,\"tenant \"\"NHS E\"\", batch 7, failed\",1.5\r\n")));

    const Run none = sqlAs(db, QStringLiteral("csv"), QStringLiteral("SELECT id, message FROM events WHERE id < 0"));
    CHECK(none.out == QStringLiteral("id,message\r\n"));
}

TEST_CASE("cli: sql as JSON and JSON lines keeps types, nulls and every character", "[cli][sql]")
{
    QTemporaryDir dir;
    const QString db = awkwardStore(dir);
    const Run json = sqlAs(db, QStringLiteral("json"), awkwardQuery);
    REQUIRE(json.code == cli::Success);
    QJsonParseError parseError;
    const QJsonArray array = QJsonDocument::fromJson(json.out.toUtf8(), &parseError).array();
    REQUIRE(parseError.error == QJsonParseError::NoError);
    REQUIRE(array.size() == 5);
    const QString messages[] = {commaQuote, traceback, escape, bidi, formula};
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject row = array[i].toObject();
        INFO(i);
        CHECK(row.keys().size() == 4);
        CHECK(row[u"id"].isDouble());
        CHECK(row[u"id"].toInteger() == i + 1);
        CHECK(row[u"message"].toString() == messages[i]);
        CHECK(row[u"half"].toDouble() == double(i + 1) * 1.5);
        CHECK((i % 2 == 0 ? row[u"service"].toString() == QStringLiteral("etl") : row[u"service"].isNull()));
    }
    // Keys in column order.
    CHECK(json.out.startsWith(QStringLiteral("[\n{\"id\":1,\"service\":\"etl\",\"message\":")));
    CHECK(json.out.endsWith(QStringLiteral("}\n]\n")));

    const Run jsonl = sqlAs(db, QStringLiteral("jsonl"), awkwardQuery);
    REQUIRE(jsonl.code == cli::Success);
    const QStringList rows = lines(jsonl.out);
    REQUIRE(rows.size() == 5);
    for (qsizetype i = 0; i < rows.size(); ++i)
        CHECK(QJsonDocument::fromJson(rows[i].toUtf8()).object() == array[i].toObject());

    CHECK(sqlAs(db, QStringLiteral("json"), QStringLiteral("SELECT 1 WHERE 0")).out == QStringLiteral("[]\n"));
    CHECK(sqlAs(db, QStringLiteral("jsonl"), QStringLiteral("SELECT 1 WHERE 0")).out.isEmpty());
    // A REAL JSON cannot hold is null; a BLOB is its SQL literal.
    CHECK(sqlAs(db, QStringLiteral("jsonl"), QStringLiteral("SELECT 1e999 AS inf, x'00ff' AS b, 0.1 AS r")).out
        == QStringLiteral("{\"inf\":null,\"b\":\"x'00ff'\",\"r\":0.1}\n"));
}

TEST_CASE("cli: sql's events columns are events --format jsonl's, line for line", "[cli][sql]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("example.sqlite"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
                       QStringLiteral("Europe/London"), test::exampleEvidence()})
                .code
        == cli::Success);
    const Run events = runCli(
        {QStringLiteral("--db"), db, QStringLiteral("events"), QStringLiteral("--format"), QStringLiteral("jsonl")});
    REQUIRE(events.code == cli::Success);
    const Run rows = sqlAs(db, QStringLiteral("jsonl"),
        QStringLiteral(
            "SELECT id, time, time_quality, source, line, locator, level, kind, service, run, actor, outcome, "
            "message FROM events"));
    REQUIRE(rows.code == cli::Success);
    CHECK(lines(rows.out).size() > 500);
    CHECK(rows.out == events.out);
}

TEST_CASE("cli: sql refuses what is not one statement that reads, and says what SQLite said", "[cli][sql]")
{
    QTemporaryDir dir;
    const QString db = awkwardStore(dir);
    for (const auto& [statement, message] :
        {std::pair{QStringLiteral("DELETE FROM event_blocks"), QStringLiteral("only statements that read run here")},
            std::pair{QStringLiteral("SELECT 1; DROP TABLE incidents"), QStringLiteral("give one statement at a time")},
            std::pair{QStringLiteral("SELEC 1"), QStringLiteral("near \"SELEC\": syntax error")},
            std::pair{QStringLiteral("SELECT * FROM incident"), QStringLiteral("no such table: incident")},
            std::pair{QString(), QStringLiteral("no SQL statement given")}}) {
        INFO(statement.toStdString());
        const Run run = sql(db, statement);
        CHECK(run.code == cli::UsageError);
        CHECK(run.out.isEmpty());
        CHECK(run.err.startsWith(QStringLiteral("aftermath-cli: ")));
        CHECK(run.err.contains(message));
    }
    CHECK(lines(sql(db, QStringLiteral("SELECT count(*) FROM event_blocks")).out).value(2) == QStringLiteral("1"));

    // A failure while running, or a store that is not there, is a runtime error.
    const Run overflow = sql(db, QStringLiteral("SELECT sum(time_us * 5000) FROM events"));
    CHECK(overflow.code == cli::RuntimeError);
    CHECK(overflow.err.contains(QStringLiteral("integer overflow")));
    const Run missing = sql(dir.filePath(QStringLiteral("none.sqlite")), QStringLiteral("SELECT 1"));
    CHECK(missing.code == cli::RuntimeError);
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("none.sqlite"))));

    const Run two
        = runCli({QStringLiteral("--db"), db, QStringLiteral("sql"), QStringLiteral("SELECT"), QStringLiteral("1")});
    CHECK(two.code == cli::UsageError);
    CHECK(two.err.contains(QStringLiteral("sql takes one SQL statement, quoted as one argument")));
    const Run badFormat = sqlAs(db, QStringLiteral("xml"), QStringLiteral("SELECT 1"));
    CHECK(badFormat.code == cli::UsageError);
    CHECK(badFormat.err.contains(QStringLiteral("expected one of: table, csv, json, jsonl")));
}

TEST_CASE("cli: sql's time column is UTC, and local_time shows a time in --tz", "[cli][sql][zone]")
{
    QTemporaryDir dir;
    const QString db = awkwardStore(dir);
    const QString statement = QStringLiteral("SELECT time, local_time(time_us) AS local, local_time(time_us, "
                                             "'America/New_York') AS ny FROM events WHERE id = 1");
    const Run run = runCli({QStringLiteral("--db"), db, QStringLiteral("sql"), QStringLiteral("--format"),
        QStringLiteral("csv"), QStringLiteral("--tz"), QStringLiteral("Europe/London"), statement});
    REQUIRE(run.code == cli::Success);
    CHECK(test::parseCsv(run.out).back()
        == QStringList{QStringLiteral("2026-06-18T01:00:00.000000Z"),
            QStringLiteral("2026-06-18T02:00:00.000000+01:00"), QStringLiteral("2026-06-17T21:00:00.000000-04:00")});
    const Run utc = runCli({QStringLiteral("--db"), db, QStringLiteral("sql"), QStringLiteral("--tz"),
        QStringLiteral("UTC"), QStringLiteral("--format"), QStringLiteral("csv"), statement});
    CHECK(test::parseCsv(utc.out).back().value(1) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    const Run badZone = sql(db, QStringLiteral("SELECT local_time(time_us, 'Mars/Olympus') FROM events"));
    CHECK(badZone.code == cli::RuntimeError);
    CHECK(badZone.err.contains(QStringLiteral("local_time(): unknown time zone \"Mars/Olympus\"")));
}

TEST_CASE("cli: sql's help says --tz is local_time's zone, not one that time text is read in", "[cli][sql][zone]")
{
    // Time text without an offset is compared as UTC text and local_time() reads it as UTC, so the
    // shared --tz help ("times without an offset are read in it") was wrong here.
    const Run help = runCli({QStringLiteral("sql"), QStringLiteral("--help")});
    REQUIRE(help.code == cli::Success);
    const QString text = help.out.simplified();
    CHECK(text.contains(QStringLiteral("The zone local_time(TIME) shows times in when given no zone")));
    CHECK(text.contains(QStringLiteral("The time column is UTC whatever it says.")));
    CHECK_FALSE(text.contains(QStringLiteral("Times without an offset are read in it")));
}
