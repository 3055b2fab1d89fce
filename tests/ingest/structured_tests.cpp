// Fixture shapes: structlog/pino/Elastic Common Schema JSON lines, logfmt as logged by Go's
// log/slog TextHandler and logrus, and `journalctl -o json-pretty` (MESSAGE as a byte array for
// non-UTF-8 text, as journalctl writes it).

#include "ingest/format.h"
#include "model/timestamp.h"

#include "ingestsupport.h"

#include "testsupport.h"
#include <QTemporaryDir>

using namespace aftermath;
using aftermath::test::fixture;
using aftermath::test::parseFile;
using model::Level;

TEST_CASE("JSON lines: time, message and level under their common names", "[structured]")
{
    auto parsed = parseFile(
        QStringLiteral("jsonl"), fixture(QStringLiteral("structured/etl-worker.jsonl")), QTimeZone("Europe/London"));
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 4);
    CHECK(model::formatUtc(events[0].timeUs) == QStringLiteral("2026-06-18T01:30:00.118000Z"));
    CHECK(events[0].message == QStringLiteral("run started"));
    CHECK(events[0].service == QStringLiteral("etl.worker"));
    CHECK(events[0].runId == QStringLiteral("nhs-s-20260618"));
    CHECK(events[0].level == Level::Info);
    // Epoch seconds with a fraction, and pino's numeric level 50 = error.
    CHECK(model::formatUtc(events[1].timeUs) == QStringLiteral("2026-06-18T01:30:03.500000Z"));
    CHECK(events[1].level == Level::Error);
    CHECK(events[1].kind == model::EventKind::Error);
    // Elastic Common Schema nests log.level and service.name.
    CHECK(model::formatUtc(events[2].timeUs) == QStringLiteral("2026-06-18T01:30:33.000000Z"));
    CHECK(events[2].level == Level::Warning);
    CHECK(events[2].service == QStringLiteral("etl-worker"));
    // A naive time is read in the given zone (BST).
    CHECK(model::formatUtc(events[3].timeUs) == QStringLiteral("2026-06-18T01:31:03.000000Z"));
    CHECK(events[3].timeQuality == model::TimeQuality::ZoneAssumed);
    CHECK(parsed.sink.zoneAssumedCount == 1);
    CHECK(events[3].line == 5);
    REQUIRE(parsed.sink.skipped.size() == 2);
    CHECK(parsed.sink.skipped[0].first == 4);
    CHECK(parsed.sink.skipped[0].second.startsWith(QStringLiteral("not a JSON object")));
    CHECK(parsed.sink.skipped[1].first == 6);
    CHECK(parsed.sink.skipped[1].second.startsWith(QStringLiteral("no time field")));
}

TEST_CASE("logfmt: pairs with quoted values", "[structured]")
{
    auto parsed = parseFile(QStringLiteral("logfmt"), fixture(QStringLiteral("structured/etl-worker.logfmt")));
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 3);
    CHECK(events[1].message == QStringLiteral("step create_post_funding failed"));
    CHECK(events[1].level == Level::Error);
    CHECK(events[1].service == QStringLiteral("etl-worker"));
    CHECK(model::formatUtc(events[1].timeUs) == QStringLiteral("2026-06-18T01:30:03.250000Z"));
    CHECK(events[2].level == Level::Warning);
}

TEST_CASE("journald json-pretty: realtime microseconds, priorities, byte-array messages", "[structured]")
{
    auto parsed = parseFile(QStringLiteral("journald-json"), fixture(QStringLiteral("structured/journal-pretty.json")));
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 2);
    CHECK(model::formatUtc(events[0].timeUs) == QStringLiteral("2026-06-18T01:30:05.123456Z"));
    CHECK(events[0].level == Level::Error); // PRIORITY 3
    CHECK(events[0].service == QStringLiteral("systemd"));
    CHECK(events[0].line == 1);
    CHECK(events[1].level == Level::Warning); // PRIORITY 4
    CHECK(events[1].message.startsWith(QStringLiteral("retry loop ")));
    CHECK(events[1].message.contains(QChar(0xFFFD)));
    CHECK((events[1].flags & model::Event::InvalidUtf8) != 0);
    CHECK(events[1].line == 10);
}

TEST_CASE("journald: a truncated export names the file and line", "[structured]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.json"));
    const QByteArray whole = test::fileBytes(fixture(QStringLiteral("structured/journal-pretty.json")));
    REQUIRE(test::writeFile(path, whole.left(whole.size() - 40)));
    auto parsed = parseFile(QStringLiteral("journald-json"), path);
    REQUIRE_FALSE(parsed.result);
    CHECK(parsed.result.error().context.startsWith(path + QStringLiteral(":")));
    CHECK(parsed.result.error().message.contains(QStringLiteral("truncated")));
}

TEST_CASE("structured formats are detected, and the corpus's journald samples read", "[structured][corpus]")
{
    for (const auto& [file, format] :
        {std::pair{"structured/etl-worker.jsonl", "jsonl"}, std::pair{"structured/etl-worker.logfmt", "logfmt"},
            std::pair{"structured/journal-pretty.json", "journald-json"}}) {
        const QString path = fixture(QLatin1StringView(file));
        const auto candidates
            = ingest::detect(ingest::makeSample(QFileInfo(path).fileName(), test::fileBytes(path), true));
        REQUIRE_FALSE(candidates.empty());
        CHECK(candidates.front().format->name == QLatin1StringView(format));
    }
    const QString sample = test::corpusFile(QStringLiteral("joblogs/journald/beats__sample-journal-event.json"));
    const QString corner = test::corpusFile(QStringLiteral("joblogs/journald/beats__corner-cases.json"));
    if (sample.isEmpty() || corner.isEmpty()) {
        WARN("../shared/corpus/joblogs/journald is not here; skipped");
        return;
    }
    auto one = parseFile(QStringLiteral("journald-json"), sample);
    REQUIRE(one.result);
    REQUIRE(one.sink.events.size() == 1);
    CHECK(model::formatUtc(one.sink.events[0].timeUs) == QStringLiteral("2024-08-19T15:20:55.230058Z"));
    CHECK(one.sink.events[0].message == QStringLiteral("Count: 0000000001"));
    CHECK(one.sink.events[0].level == Level::Info);
    auto two = parseFile(QStringLiteral("journald-json"), corner);
    REQUIRE(two.result);
    REQUIRE(two.sink.events.size() == 2);
    CHECK(two.sink.events[0].level == Level::Critical); // PRIORITY 2, a core dump
    CHECK(two.sink.events[0].message.contains(QStringLiteral("Stack trace of thread 3717:\n")));
    CHECK(two.sink.events[0].locator == QStringLiteral("/0"));
    CHECK(two.sink.events[1].locator == QStringLiteral("/1"));
    CHECK_FALSE(two.sink.events[1].message.isEmpty()); // decoded from its byte array
    for (const QString& path : {sample, corner}) {
        const auto candidates
            = ingest::detect(ingest::makeSample(QFileInfo(path).fileName(), test::fileBytes(path), true));
        REQUIRE_FALSE(candidates.empty());
        CHECK(candidates.front().format->name == QStringLiteral("journald-json"));
    }
}
