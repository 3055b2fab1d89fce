// CSV with a header row: hand-kept deploy logs and spreadsheet exports.

#include "ingest/format.h"
#include "ingest/jsonutil.h"
#include "ingest/timeparse.h"
#include "ingestsupport.h"
#include "model/timestamp.h"
#include "testsupport.h"

#include <QTemporaryDir>

using namespace aftermath;
using model::EventKind;
using model::Level;

namespace {

const QString format = QStringLiteral("csv");

std::string text(const QString& value) { return value.toStdString(); }
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }

QTimeZone london() { return QTimeZone(QByteArrayLiteral("Europe/London")); }

test::Parsed parseBytes(
    const QTemporaryDir& dir, const QString& name, const QByteArray& bytes, const QTimeZone& zone = QTimeZone::utc())
{
    const QString path = dir.filePath(name);
    REQUIRE(test::writeFile(path, bytes));
    return test::parseFile(format, path, zone);
}

int csvScore(const QString& fileName, const QByteArray& bytes)
{
    for (const auto& candidate : ingest::detect(ingest::makeSample(fileName, bytes, true))) {
        if (candidate.format->name == format)
            return candidate.score;
    }
    return 0;
}

} // namespace

TEST_CASE("A hand-kept deploy log: columns by name, naive times in the given zone", "[csv]")
{
    // shape: a deploy log kept in a spreadsheet and saved as CSV (Excel "CSV UTF-8": BOM, CRLF-free, RFC 4180 quoting)
    const auto parsed = test::parseFile(format, test::fixture(QStringLiteral("csv/deploy-log.csv")), london());
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 7);
    CHECK(parsed.sink.zoneAssumedCount == 6);

    CHECK(utc(events[0].timeUs) == "2026-06-18T00:07:00.000000Z"); // 01:07 in London (BST)
    CHECK(events[0].timeQuality == model::TimeQuality::ZoneAssumed);
    CHECK(events[0].kind == EventKind::Commit);
    CHECK(text(events[0].service) == "etl-post-funding");
    CHECK(text(events[0].actor) == "Priya Shah");
    CHECK(text(events[0].message) == "Add funding_band to the post-funding extract");
    CHECK(events[0].line == 2);
    CHECK(events[0].locator.isEmpty());

    // Doubled quotes and a comma inside a quoted field.
    CHECK(text(events[1].message) == "PR #418 \"Funding bands\" merged, auto-deploy to production");
    CHECK(events[1].kind == EventKind::Merge);
    CHECK(utc(events[1].timeUs) == "2026-06-18T00:25:00.000000Z");
    CHECK(events[2].kind == EventKind::Deploy);
    CHECK(events[3].kind == EventKind::Log); // "job" is no kind Aftermath knows
    CHECK(text(events[3].message) == "Nightly run, tenant NHS E");
    CHECK(utc(events[4].timeUs) == "2026-06-18T01:30:00.000000Z");

    // A quoted field with a line break: one record from line 8, spanning two lines (the blank line 7 is no record).
    CHECK(events[5].kind == EventKind::Deploy);
    CHECK(events[5].line == 8);
    CHECK(text(events[5].message)
        == "Ran the previous task definition (etl-post-funding:41)\nfor NHS E and NHS S by hand");
    CHECK(utc(events[5].timeUs) == "2026-06-18T04:39:00.000000Z");
    CHECK(events[5].raw.contains(QStringLiteral("rollback,Dana Whitfield,\"Ran the previous")));

    // An explicit offset is not a zone assumption.
    CHECK(utc(events[6].timeUs) == "2026-06-18T08:12:00.000000Z");
    CHECK(events[6].timeQuality == model::TimeQuality::Explicit);
    CHECK(events[6].kind == EventKind::Alert);
    CHECK(text(events[6].message) == "Ticket: \"post-funding report incomplete\", NHS E and NHS S");
    CHECK(events[6].line == 12);

    // No time, and a slashed date that could be read two ways: skipped with reasons, never guessed.
    REQUIRE(parsed.sink.skipped.size() == 2);
    CHECK(parsed.sink.skipped[0].first == 10);
    CHECK(text(parsed.sink.skipped[0].second) == "no time in this record");
    CHECK(parsed.sink.skipped[1].first == 11);
    CHECK(parsed.sink.skipped[1].second.contains(QStringLiteral("day/month or month/day")));
}

TEST_CASE("CSV synonyms, a UTC header, year-first slashes, UTC suffixes and epoch seconds", "[csv]")
{
    // shape: a deploy tracker's CSV export with a "(UTC)" time column and a status column
    const auto parsed = test::parseFile(
        format, test::fixture(QStringLiteral("csv/deploys-utc.csv")), QTimeZone(QByteArrayLiteral("America/New_York")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 3);
    CHECK(parsed.sink.skipped.empty());
    CHECK(parsed.sink.zoneAssumedCount == 0);

    CHECK(utc(events[0].timeUs) == "2026-06-18T00:31:00.000000Z");
    CHECK(events[0].timeQuality == model::TimeQuality::Explicit);
    CHECK(events[0].kind == EventKind::Deploy);
    CHECK(text(events[0].actor) == "codepipeline");
    CHECK(text(events[0].service) == "etl-post-funding");
    CHECK(text(events[0].message) == "etl-post-funding:42");
    CHECK(text(events[0].outcome) == "succeeded");
    CHECK(utc(events[1].timeUs) == "2026-06-18T04:39:10.000000Z");
    CHECK(events[1].kind == EventKind::Deploy); // "Rollback"
    CHECK(utc(events[2].timeUs) == "2026-06-18T05:20:00.000000Z");
    CHECK(text(events[2].outcome) == "failed");
}

TEST_CASE("CSV quoting edge cases and column layouts", "[csv]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());

    SECTION("quotes, empty fields, short rows and CRLF")
    {
        const auto parsed = parseBytes(dir, QStringLiteral("q.csv"),
            "time,message,actor\r\n"
            "2026-06-18 01:00,\"a, b\",\"\"\r\n"
            "2026-06-18 01:01,\"\"\"quoted\"\" start\",x\r\n"
            "2026-06-18 01:02,short row\r\n"
            "2026-06-18 01:03,\"two\r\n\r\nblank lines inside\",y\r\n");
        REQUIRE(parsed.result.has_value());
        const auto& events = parsed.sink.events;
        REQUIRE(events.size() == 4);
        CHECK(text(events[0].message) == "a, b");
        CHECK(events[0].actor.isEmpty());
        CHECK(text(events[1].message) == "\"quoted\" start");
        CHECK(text(events[2].message) == "short row");
        CHECK(events[2].actor.isEmpty());
        CHECK(text(events[3].message) == "two\n\nblank lines inside");
        CHECK(events[3].line == 5);
    }

    SECTION("a quote that never closes is reported at its record's line")
    {
        const auto parsed = parseBytes(dir, QStringLiteral("open.csv"),
            "time,message\n2026-06-18 01:00,ok\n2026-06-18 01:05,\"never closed\n"
            "2026-06-18 01:06,swallowed\n");
        REQUIRE(parsed.result.has_value());
        REQUIRE(parsed.sink.events.size() == 1);
        REQUIRE(parsed.sink.skipped.size() == 1);
        CHECK(parsed.sink.skipped[0].first == 3);
        CHECK(parsed.sink.skipped[0].second.contains(QStringLiteral("quoted field")));
    }

    SECTION("split date and time columns, no message column")
    {
        const auto parsed = parseBytes(dir, QStringLiteral("split.csv"),
            "Date,Time,Component,Ticket,Severity\n2026-06-18,05:39,etl-post-funding,INC-2291,warn\n");
        REQUIRE(parsed.result.has_value());
        REQUIRE(parsed.sink.events.size() == 1);
        const auto& event = parsed.sink.events[0];
        CHECK(utc(event.timeUs) == "2026-06-18T05:39:00.000000Z");
        CHECK(text(event.service) == "etl-post-funding");
        CHECK(text(event.message) == "Ticket: INC-2291");
        CHECK(event.level == Level::Warning);
    }

    SECTION("an unreadable time is skipped with what to write instead")
    {
        const auto parsed = parseBytes(dir, QStringLiteral("bad.csv"), "when,what\nlast Tuesday,deploy\n");
        REQUIRE(parsed.result.has_value());
        CHECK(parsed.sink.events.empty());
        REQUIRE(parsed.sink.skipped.size() == 1);
        CHECK(parsed.sink.skipped[0].first == 2);
        CHECK(parsed.sink.skipped[0].second.contains(QStringLiteral("2026-06-18 02:00")));
    }
}

TEST_CASE("Detection: CSV with a time column and a known column, nothing else", "[csv]")
{
    for (const QString& file : {QStringLiteral("csv/deploy-log.csv"), QStringLiteral("csv/deploys-utc.csv")}) {
        INFO(text(file));
        const QString path = test::fixture(file);
        const auto candidates
            = ingest::detect(ingest::makeSample(QFileInfo(path).fileName(), test::fileBytes(path), true));
        REQUIRE_FALSE(candidates.empty());
        CHECK(text(candidates.front().format->name) == text(format));
    }
    CHECK(csvScore(QStringLiteral("etl.log"),
              "2026-06-18 01:00:12,431 ERROR etl: column, missing\n"
              "2026-06-18 01:00:12,440 WARNING etl: retrying, 300s\n")
        == 0);
    CHECK(
        csvScore(QStringLiteral("events.jsonl"), "{\"time\": \"2026-06-18T01:00:00Z\", \"message\": \"a,b\"}\n") == 0);
    CHECK(csvScore(QStringLiteral("people.csv"), "name,email\nDana,dana@example.com\n") == 0);
    CHECK(csvScore(QStringLiteral("HDFS_2k.log_structured.csv"),
              "LineId,Date,Time,Pid,Level,Component,Content,EventId,EventTemplate\n1,081109,203615,148,INFO,x,y,E5,z\n")
        <= 20);
}

TEST_CASE("CSV: epoch numbers outside 2000-2100 are refused per row, never wrapped into another year", "[csv]")
{
    QTemporaryDir dir;
    // 253402300799 is year 9999 in seconds, 1978 if taken as milliseconds; 1e20 is past any unit.
    auto parsed = parseBytes(dir, QStringLiteral("epochs.csv"),
        "time,event\n253402300799,deploy a\n100000000000000000000,deploy b\n1781744400,deploy c\n");
    REQUIRE(parsed.result);
    REQUIRE(parsed.sink.events.size() == 1);
    CHECK(model::formatUtc(parsed.sink.events[0].timeUs) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    REQUIRE(parsed.sink.skipped.size() == 2);
    CHECK(parsed.sink.skipped[0].first == 2);
    CHECK(parsed.sink.skipped[0].second.contains(QStringLiteral("253402300799 is no time")));
    CHECK(parsed.sink.skipped[1].first == 3);
    // And in the JSON readers and text logs, through the same rule.
    CHECK_FALSE(ingest::json::epochTime(QJsonValue(253402300799.0)).has_value());
    CHECK_FALSE(ingest::json::epochTime(QJsonValue(1e20)).has_value());
    CHECK(ingest::json::epochTime(QJsonValue(1781744400.0)).has_value());
    CHECK_FALSE(ingest::learnTimeShape({QStringLiteral("253402300799 first")}).has_value());
}
