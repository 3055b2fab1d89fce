// JSON events of any kind (formats/structured.cpp): records in a JSON document (json-events),
// CloudEvents 1.0 (cloudevents), OpenTelemetry OTLP/JSON logs (otlp-logs), and JSON lines whose
// time, message and level sit under other names (jsonl). tests/data/ingest/json/README.md says
// where each fixture's shape comes from.

#include "ingest/format.h"
#include "ingest/rules.h"
#include "model/timestamp.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QTemporaryDir>

using namespace aftermath;
using aftermath::test::fixture;
using aftermath::test::parseFile;
using model::EventKind;
using model::Level;

namespace {

QString data(const char* name) { return fixture(QStringLiteral("json/") + QString::fromUtf8(name)); }
std::string str(const QString& text) { return text.toStdString(); }
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }

std::string detected(const QString& path)
{
    const auto candidates = ingest::detect(ingest::makeSample(QFileInfo(path).fileName(), test::fileBytes(path), true));
    return candidates.empty() ? std::string() : str(candidates.front().format->name);
}

std::string detected(const QString& fileName, const QByteArray& bytes, bool complete = true)
{
    const auto candidates = ingest::detect(ingest::makeSample(fileName, bytes, complete));
    return candidates.empty() ? std::string() : str(candidates.front().format->name);
}

QString writeTemp(const QTemporaryDir& dir, const char* name, const QByteArray& bytes)
{
    const QString path = dir.filePath(QString::fromUtf8(name));
    REQUIRE(test::writeFile(path, bytes));
    return path;
}

const QString jsonEvents = QStringLiteral("json-events");
const QString cloudEvents = QStringLiteral("cloudevents");
const QString otlpLogs = QStringLiteral("otlp-logs");

} // namespace

TEST_CASE("json-events: an array of records, time by name, nested name and value shape", "[jsonevents]")
{
    const auto parsed = parseFile(jsonEvents, data("records.json"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 4);

    // Elastic Common Schema nesting: event.created, log.level, service.name.
    CHECK(utc(e[0].timeUs) == "2026-06-18T01:00:05.250000Z");
    CHECK(str(e[0].message) == "scheduled etl-post-funding for NHS E");
    CHECK(e[0].level == Level::Info);
    CHECK(e[0].kind == EventKind::Log);
    CHECK(str(e[0].service) == "etl-scheduler");
    CHECK(str(e[0].locator) == "/0");
    CHECK(e[0].line == 2);
    CHECK(e[0].raw.isEmpty());

    // Epoch milliseconds in a field named like a time; the message is a summary.
    CHECK(utc(e[1].timeUs) == "2026-06-18T01:00:12.431000Z");
    CHECK(str(e[1].message) == "load_funding failed: column \"funding_band\" does not exist");
    CHECK(e[1].level == Level::Error);
    CHECK(e[1].kind == EventKind::Error);
    CHECK(str(e[1].service) == "etl-worker");
    CHECK(str(e[1].runId) == "nhs-e-20260618");
    CHECK(e[1].line == 16);

    // An ISO 8601 time with an offset under a name that says nothing ("when").
    CHECK(utc(e[2].timeUs) == "2026-06-18T01:00:12.000000Z");
    CHECK(e[2].timeQuality == model::TimeQuality::Explicit);
    CHECK(str(e[2].message) == "retrying load_funding in 300s");
    CHECK(e[2].level == Level::Warning);
    CHECK(str(e[2].service) == "etl-worker");
    CHECK(str(e[2].locator) == "/2");

    // No message field: its plain fields, not its JSON; "status": "error" is the level.
    CHECK(utc(e[3].timeUs) == "2026-06-18T01:05:13.000000Z");
    CHECK(str(e[3].message) == "check=\"etl freshness\" host=etl-1");
    CHECK(e[3].level == Level::Error);
    CHECK(str(e[3].raw)
        == R"({"check":"etl freshness","created_at":"2026-06-18T01:05:13Z","host":"etl-1","status":"error"})");
    CHECK(e[3].line == 34);

    // {"id": 4411, "status": "ok"}: a number that is an id is no time.
    REQUIRE(parsed.sink.skipped.size() == 1);
    CHECK(parsed.sink.skipped[0].first == 30);
    CHECK(parsed.sink.skipped[0].second.startsWith(QStringLiteral("no time field")));
}

TEST_CASE("json-events: an object holding its records (Opsgenie's list alerts)", "[jsonevents]")
{
    const auto parsed = parseFile(jsonEvents, data("opsgenie-alerts.json"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 2);
    CHECK(parsed.sink.skipped.empty());
    // createdAt, not lastOccurredAt or updatedAt: when the alert was raised.
    CHECK(utc(e[0].timeUs) == "2026-06-18T01:02:41.506000Z");
    CHECK(str(e[0].message) == "ETL post-funding run failed for NHS E");
    CHECK(str(e[0].locator) == "/data/0");
    CHECK(e[0].line == 3);
    CHECK(e[0].level == Level::Unknown); // "closed" is a state, not a level
    CHECK(utc(e[1].timeUs) == "2026-06-18T01:10:00.000000Z");
    CHECK(str(e[1].message) == "etl-db CPU above 90% for 10 minutes");
    CHECK(str(e[1].locator) == "/data/1");
}

TEST_CASE("json-events: bad documents are errors naming the file and line", "[jsonevents]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    SECTION("truncated")
    {
        const QByteArray whole = test::fileBytes(data("records.json"));
        const QString path = writeTemp(dir, "cut.json", whole.left(whole.indexOf("\"attempt\"")));
        const auto parsed = parseFile(jsonEvents, path);
        REQUIRE_FALSE(parsed.result.has_value());
        INFO(parsed.result.error().toString().toStdString());
        CHECK(parsed.result.error().context == path + QStringLiteral(":28")); // where the text stops
        CHECK(parsed.result.error().message.contains(QStringLiteral("truncated")));
        CHECK(parsed.sink.events.empty());
    }
    SECTION("no record has a time")
    {
        const QString path = writeTemp(dir, "untimed.json",
            "{\"took\": 0.2,\n \"items\": [\n  {\"id\": 1, \"message\": \"a\"},\n  {\"id\": 2, \"message\": "
            "\"b\"}\n]}\n");
        const auto parsed = parseFile(jsonEvents, path);
        REQUIRE_FALSE(parsed.result.has_value());
        INFO(parsed.result.error().toString().toStdString());
        CHECK(parsed.result.error().context == path + QStringLiteral(":3"));
        CHECK(parsed.result.error().message.startsWith(QStringLiteral("none of the 2 records has a time")));
    }
    SECTION("no records at all")
    {
        const QString path = writeTemp(dir, "config.json", "{\"retries\": 3, \"name\": \"etl\"}\n");
        const auto parsed = parseFile(jsonEvents, path);
        REQUIRE_FALSE(parsed.result.has_value());
        CHECK(parsed.result.error().context == path);
        CHECK(parsed.result.error().message.startsWith(QStringLiteral("no records found")));
    }
}

TEST_CASE("cloudevents: a batch, with JSON, text and binary data", "[jsonevents]")
{
    const auto parsed = parseFile(cloudEvents, data("cloudevents-batch.json"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 3);

    CHECK(utc(e[0].timeUs) == "2026-06-18T00:28:40.000000Z");
    CHECK(str(e[0].message) == "com.acme.deploy.started (etl-post-funding): deploying etl-post-funding:42 (8e1d5f3)");
    CHECK(e[0].level == Level::Info);
    CHECK(str(e[0].service) == "deployer"); // the data says who; the source is the fallback
    CHECK(str(e[0].actor) == "blindqvist");
    CHECK(str(e[0].runId) == "deploy-311");
    CHECK(str(e[0].locator) == "/0");
    CHECK(e[0].line == 2);
    CHECK(e[0].raw.contains(QStringLiteral("\"specversion\":\"1.0\"")));

    // A time with an offset; the data's "severity" is the level.
    CHECK(utc(e[1].timeUs) == "2026-06-18T00:31:39.500000Z");
    CHECK(str(e[1].message)
        == "com.acme.deploy.failed (etl-post-funding): migrations failed; task definitions were already registered");
    CHECK(e[1].level == Level::Error);
    CHECK(e[1].kind == EventKind::Error);
    CHECK(str(e[1].service) == "/acme/deployer");
    CHECK(str(e[1].runId) == "deploy-311");

    // Text data: its first line.
    CHECK(utc(e[2].timeUs) == "2026-06-18T04:38:55.000000Z");
    CHECK(str(e[2].message) == "com.acme.rollback.requested: roll etl-post-funding back to :41");
    CHECK(str(e[2].service) == "urn:acme:chatops");
    CHECK(e[2].line == 32);

    // time is optional in CloudEvents: an event without one is skipped, by line.
    REQUIRE(parsed.sink.skipped.size() == 1);
    CHECK(parsed.sink.skipped[0].first == 41);
    CHECK(parsed.sink.skipped[0].second.startsWith(QStringLiteral("no time in this CloudEvent")));
}

TEST_CASE("cloudevents: one event per line, and a single event", "[jsonevents]")
{
    const auto parsed = parseFile(cloudEvents, data("cloudevents.jsonl"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 2);
    CHECK(utc(e[0].timeUs) == "2026-06-18T01:00:07.482000Z");
    CHECK(str(e[0].message) == "com.acme.job.started (etl-post-funding): run started for NHS E");
    CHECK(str(e[0].runId) == "nhs-e-20260618");
    CHECK(str(e[0].service) == "/acme/scheduler");
    CHECK(e[0].line == 1);
    CHECK(e[0].locator.isEmpty());
    CHECK(utc(e[1].timeUs) == "2026-06-18T01:04:12.004000Z");
    CHECK(e[1].level == Level::Error);
    CHECK(e[1].line == 2);

    // The same lines read as generic JSON lines give the same events: one record reader.
    const auto lines = parseFile(QStringLiteral("jsonl"), data("cloudevents.jsonl"));
    REQUIRE(lines.result.has_value());
    REQUIRE(lines.sink.events.size() == 2);
    CHECK(lines.sink.events[0].message == e[0].message);
    CHECK(lines.sink.events[1].level == Level::Error);

    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString single = writeTemp(dir, "event.json", R"({
    "specversion" : "1.0",
    "type" : "com.example.someevent",
    "source" : "/mycontext",
    "id" : "A234-1234-1234",
    "time" : "2018-04-05T17:31:00Z",
    "comexampleextension1" : "value",
    "datacontenttype" : "application/xml",
    "data" : "<much wow=\"xml\"/>"
})");
    CHECK(detected(single) == "cloudevents");
    const auto one = parseFile(cloudEvents, single);
    REQUIRE(one.result.has_value());
    REQUIRE(one.sink.events.size() == 1);
    CHECK(utc(one.sink.events[0].timeUs) == "2018-04-05T17:31:00.000000Z");
    CHECK(str(one.sink.events[0].message) == "com.example.someevent: <much wow=\"xml\"/>");
    CHECK(str(one.sink.events[0].service) == "/mycontext");
}

TEST_CASE("otlp-logs: resources, scopes and records, nanosecond strings, severity numbers", "[jsonevents]")
{
    const auto parsed = parseFile(otlpLogs, data("otlp-logs.json"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 3);

    // "1781746262118000473" ns: exact to the microsecond (a double would not be).
    CHECK(utc(e[0].timeUs) == "2026-06-18T01:31:02.118000Z");
    CHECK(e[0].level == Level::Error);
    CHECK(e[0].kind == EventKind::Error);
    CHECK(str(e[0].message) == "create_post_funding failed: column \"funding_band\" does not exist");
    CHECK(str(e[0].service) == "etl-worker");
    CHECK(str(e[0].runId) == "nhs-s-20260618");
    CHECK(str(e[0].locator) == "/resourceLogs/0/scopeLogs/0/logRecords/0");
    CHECK(e[0].line == 18);

    // timeUnixNano "0" is unset: the observed time; a kvlist body's msg is the message.
    CHECK(utc(e[1].timeUs) == "2026-06-18T01:31:32.000000Z");
    CHECK(e[1].level == Level::Warning);
    CHECK(str(e[1].message) == "retrying create_post_funding");
    CHECK(str(e[1].service) == "etl-worker");

    // Another resource: another service; severityNumber 9 is INFO whatever the text says.
    CHECK(utc(e[2].timeUs) == "2026-06-18T01:00:05.000000Z");
    CHECK(e[2].level == Level::Info);
    CHECK(str(e[2].service) == "etl-scheduler");
    CHECK(str(e[2].locator) == "/resourceLogs/1/scopeLogs/0/logRecords/0");

    REQUIRE(parsed.sink.skipped.size() == 1);
    CHECK(parsed.sink.skipped[0].second.startsWith(QStringLiteral("no time in this log record")));

    // The collector's file exporter writes one request per line.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QByteArray compact
        = QJsonDocument::fromJson(test::fileBytes(data("otlp-logs.json"))).toJson(QJsonDocument::Compact);
    const QString path = writeTemp(dir, "otel.jsonl", compact + '\n' + compact + '\n');
    CHECK(detected(path) == "otlp-logs");
    const auto lines = parseFile(otlpLogs, path);
    REQUIRE(lines.result.has_value());
    REQUIRE(lines.sink.events.size() == 6);
    CHECK(lines.sink.events[3].line == 2);
    CHECK(str(lines.sink.events[3].locator) == "#1/resourceLogs/0/scopeLogs/0/logRecords/0");
    CHECK(lines.sink.events[3].timeUs == e[0].timeUs);
}

TEST_CASE("jsonl: JSON lines of an unknown kind find their time, message and level", "[jsonevents]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    // Serilog's compact format (CLEF), a nested time, epoch nanoseconds in a time-named field, and
    // a line without any time.
    const QString path = writeTemp(dir, "app.log.json",
        R"({"@t":"2026-06-18T01:00:12.4310000Z","@mt":"Loading {Table}","@l":"Warning","Table":"funding"}
{"event":{"created":"2026-06-18T01:00:13Z"},"log":{"level":"error"},"message":"load failed"}
{"ingest_time_ns":1781744414000000000,"text":"retry scheduled","severity":"info"}
{"level":"info","msg":"heartbeat","pid":4113}
)");
    CHECK(detected(path) == "jsonl");
    const auto parsed = parseFile(QStringLiteral("jsonl"), path);
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 3);
    CHECK(utc(e[0].timeUs) == "2026-06-18T01:00:12.431000Z");
    CHECK(str(e[0].message) == "Loading {Table}");
    CHECK(e[0].level == Level::Warning);
    CHECK(utc(e[1].timeUs) == "2026-06-18T01:00:13.000000Z");
    CHECK(e[1].level == Level::Error);
    CHECK(utc(e[2].timeUs) == "2026-06-18T01:00:14.000000Z");
    CHECK(str(e[2].message) == "retry scheduled");
    REQUIRE(parsed.sink.skipped.size() == 1);
    CHECK(parsed.sink.skipped[0].first == 4);
    CHECK(parsed.sink.skipped[0].second.startsWith(QStringLiteral("no time field")));
}

TEST_CASE("detection: each JSON events fixture is read by its own format", "[jsonevents][detection]")
{
    for (const auto& [file, format] :
        {std::pair{"json/records.json", "json-events"}, std::pair{"json/opsgenie-alerts.json", "json-events"},
            std::pair{"json/cloudevents-batch.json", "cloudevents"}, std::pair{"json/cloudevents.jsonl", "cloudevents"},
            std::pair{"json/otlp-logs.json", "otlp-logs"}}) {
        INFO(file);
        CHECK(detected(fixture(QLatin1StringView(file))) == format);
    }
    // The start of a larger array is enough (the sample is cut mid-record).
    const QByteArray records = test::fileBytes(data("records.json"));
    CHECK(detected(QStringLiteral("records.json"), records.left(records.indexOf("\"when\"")), false) == "json-events");
    // A specific format wins over the generic one: CloudWatch's bare {"events": [...]} and the
    // GitHub and EventBridge documents.
    CHECK(detected(QStringLiteral("events.json"),
              "{\"events\": [{\"timestamp\": 1781744409214, \"message\": \"ERROR boom\"}]}\n")
        == "aws-cloudwatch-logs");
    CHECK(detected(fixture(QStringLiteral("github/deployments.json"))) == "github-deployments");
    CHECK(detected(fixture(QStringLiteral("aws/ecs-task-state-changes.json"))) == "aws-eventbridge");
    // JSON that holds no timed records is not claimed.
    CHECK(detected(QStringLiteral("package.json"), "{\"name\": \"etl\", \"dependencies\": {\"pg\": \"8.11.3\"}}\n")
              .empty());
    CHECK(detected(QStringLiteral("ids.json"), "[{\"id\": 1781744409, \"name\": \"a\"}, {\"id\": 1781744410}]\n")
              .empty());
}

TEST_CASE("JSON events get the classification rules JSON lines get", "[jsonevents]")
{
    const ingest::Classifier& rules = ingest::Classifier::builtIn();
    const auto textRules = rules.forFormat(u"jsonl").rules.size();
    REQUIRE(textRules > 0);
    for (const char16_t* format : {u"json-events", u"cloudevents", u"otlp-logs"}) {
        INFO(str(QString::fromUtf16(format)));
        CHECK(rules.forFormat(format).rules.size() == textRules);
    }
    // A record's message is classified as the same line would be: "Retrying" is a retry.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path
        = writeTemp(dir, "r.json", R"([{"time": "2026-06-18T01:00:00Z", "msg": "Retrying step load_funding"}])");
    auto parsed = parseFile(jsonEvents, path);
    REQUIRE(parsed.sink.events.size() == 1);
    model::Event event = parsed.sink.events[0];
    rules.apply(event, u"json-events");
    CHECK(event.kind == EventKind::Retry);
}

TEST_CASE("jsonl: an EventBridge envelope among other lines reads as its detail-type, not as JSON", "[jsonevents]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = writeTemp(dir, "mixed.jsonl",
        R"({"time":"2026-06-18T01:00:08Z","msg":"worker up"}
{"time":"2026-06-18T01:00:09Z","msg":"polling"}
{"version":"0","detail-type":"ECS Task State Change","source":"aws.ecs","time":"2026-06-18T01:00:10Z","detail":{}}
)");
    CHECK(detected(path) == "jsonl");
    const auto parsed = parseFile(QStringLiteral("jsonl"), path);
    REQUIRE(parsed.sink.events.size() == 3);
    CHECK(str(parsed.sink.events[2].message) == "ECS Task State Change");
    CHECK(utc(parsed.sink.events[2].timeUs) == "2026-06-18T01:00:10.000000Z");
}

TEST_CASE("cloudevents and otlp-logs: a cut file is an error naming the file and line", "[jsonevents]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    for (const auto& [format, name] :
        {std::pair{cloudEvents, "cloudevents-batch.json"}, std::pair{otlpLogs, "otlp-logs.json"}}) {
        INFO(name);
        const QByteArray whole = test::fileBytes(data(name));
        const QByteArray cut = whole.left(whole.size() * 2 / 3);
        const QString path = writeTemp(dir, name, cut);
        const auto parsed = parseFile(format, path);
        REQUIRE_FALSE(parsed.result.has_value());
        CHECK(parsed.result.error().context == path + u':' + QString::number(cut.count('\n') + 1));
        CHECK(parsed.result.error().message.contains(QStringLiteral("truncated")));
    }
}

TEST_CASE("JSON events: odd but valid input is refused or skipped, never misread", "[jsonevents]")
{
    // An empty batch first, then an event: nothing to score, and no first element to look at.
    CHECK(detected(QStringLiteral("e.json"), R"([] {"specversion":"1.0","type":"t","source":"s","id":"1"})")
        != "cloudevents");
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    // Nanoseconds as a number too large for any clock, and one below 2000: no time, not a crash.
    const QString path = writeTemp(dir, "otel.json", R"({"resourceLogs": [{"scopeLogs": [{"logRecords": [
        {"timeUnixNano": 1e30, "body": {"stringValue": "far"}},
        {"timeUnixNano": "946684799999999999", "body": {"stringValue": "1999"}},
        {"timeUnixNano": 1781744405000000000, "body": {"stringValue": "a number, not a string"}}]}]}]})");
    const auto parsed = parseFile(otlpLogs, path);
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 1);
    CHECK(str(parsed.sink.events[0].message) == "a number, not a string");
    CHECK(utc(parsed.sink.events[0].timeUs) == "2026-06-18T01:00:05.000000Z");
    CHECK(parsed.sink.skipped.size() == 2);
}
