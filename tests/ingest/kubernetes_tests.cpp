// Kubernetes events: `kubectl get events -o json` / `-o yaml` output and watch streams.

#include "ingest/format.h"
#include "ingestsupport.h"
#include "model/timestamp.h"
#include "testsupport.h"

#include <QTemporaryDir>

using namespace aftermath;
using model::EventKind;
using model::Level;

namespace {

const QString format = QStringLiteral("kubernetes-events");

std::string text(const QString& value) { return value.toStdString(); }
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }

std::string detectedFormat(const QString& fileName, const QByteArray& bytes)
{
    const auto candidates = ingest::detect(ingest::makeSample(fileName, bytes, true));
    return candidates.empty() ? std::string() : text(candidates.front().format->name);
}

bool claimed(const QString& fileName, const QByteArray& bytes)
{
    for (const auto& candidate : ingest::detect(ingest::makeSample(fileName, bytes, true))) {
        if (candidate.format->name == format)
            return true;
    }
    return false;
}

// Writes `bytes` to a file in `dir` and parses it.
test::Parsed parseBytes(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    REQUIRE(test::writeFile(path, bytes));
    return test::parseFile(format, path);
}

} // namespace

TEST_CASE("kubectl get events -o json: one event per item at its last occurrence", "[kubernetes]")
{
    // shape: `kubectl get events -n etl -o json` output (kind List, core/v1 Event items), kubectl 1.29
    const auto parsed = test::parseFile(format, test::fixture(QStringLiteral("kubernetes/events.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 8);
    CHECK(parsed.sink.skipped.empty());

    CHECK(utc(events[0].timeUs) == "2026-06-18T01:00:00.000000Z");
    CHECK(text(events[0].message) == "SuccessfulCreate: Created job etl-post-funding-nhs-e-29683260");
    CHECK(text(events[0].service) == "etl/etl-post-funding-nhs-e");
    CHECK(text(events[0].actor) == "cronjob-controller");
    CHECK(events[0].kind == EventKind::Log);
    CHECK(events[0].level == Level::Info);
    CHECK(text(events[0].locator) == "/items/0");
    CHECK(events[0].line == 4);

    // Scheduled events carry only eventTime (a MicroTime) and name the scheduler as reporter.
    CHECK(utc(events[2].timeUs) == "2026-06-18T01:00:00.412906Z");
    CHECK(text(events[2].actor) == "default-scheduler");
    CHECK(text(events[2].message)
        == "Scheduled: Successfully assigned etl/etl-post-funding-nhs-e-29683260-x7k2p to "
           "ip-10-0-3-41.eu-west-2.compute.internal");

    // A repeated event sits at lastTimestamp and says how often it happened.
    CHECK(utc(events[5].timeUs) == "2026-06-18T03:47:33.000000Z");
    CHECK(events[5].kind == EventKind::Error);
    CHECK(events[5].level == Level::Warning);
    CHECK(text(events[5].message)
        == "BackOff: Back-off restarting failed container etl in pod "
           "etl-post-funding-nhs-e-29683260-x7k2p_etl(7c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f) (\u00d714)");
    CHECK(text(events[5].locator) == "/items/5");
    CHECK(events[5].line == 160);

    CHECK(events[6].kind == EventKind::Deploy);
    CHECK(text(events[6].service) == "etl/etl-reports");
    CHECK(text(events[6].actor) == "deployment-controller");
    CHECK(utc(events[6].timeUs) == "2026-06-18T04:39:30.000000Z");

    CHECK(events[7].kind == EventKind::Error);
    CHECK(utc(events[7].timeUs) == "2026-06-18T04:40:10.000000Z");
    CHECK(events[7].message.endsWith(QStringLiteral("statuscode: 503 (\u00d73)")));
    CHECK(events[7].raw.contains(QStringLiteral("\"reason\":\"Unhealthy\"")));
}

TEST_CASE("kubectl get events -o yaml: quoted, folded and block messages", "[kubernetes]")
{
    // shape: `kubectl get events -n etl -o yaml` output (go-yaml: sequences at the key's indent, long strings folded)
    const auto parsed = test::parseFile(format, test::fixture(QStringLiteral("kubernetes/events.yaml")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 4);
    CHECK(parsed.sink.skipped.empty());

    CHECK(text(events[0].message) == "SuccessfulCreate: Created pod: etl-post-funding-nhs-s-29683290-m4c9d");
    CHECK(utc(events[0].timeUs) == "2026-06-18T01:30:00.000000Z");
    CHECK(text(events[0].service) == "etl/etl-post-funding-nhs-s-29683290");
    CHECK(text(events[0].locator) == "/items/0");
    CHECK(events[0].line == 3);

    CHECK(text(events[1].message)
        == "Failed: Failed to pull image \"123456789012.dkr.ecr.eu-west-2.amazonaws.com/etl-post-funding:43\": rpc "
           "error: code = NotFound desc = failed to pull and unpack image: the tenant's tag was not found (\u00d72)");
    CHECK(events[1].kind == EventKind::Error);
    CHECK(events[1].level == Level::Warning);
    CHECK(utc(events[1].timeUs) == "2026-06-18T01:30:19.000000Z");
    CHECK(events[1].line == 29);

    CHECK(text(events[2].message)
        == "BackOff: Back-off restarting failed container etl in pod "
           "etl-post-funding-nhs-s-29683290-m4c9d_etl(3e4f5a6b-7c8d-4e9f-0a1b-c2d3e4f5a6b7) (\u00d79)");
    CHECK(utc(events[2].timeUs) == "2026-06-18T03:58:41.000000Z");

    CHECK(events[3].kind == EventKind::Error);
    CHECK(events[3].message.startsWith(
        QStringLiteral("FailedPreStopHook: Exec lifecycle hook ([/bin/sh -c /app/drain.sh])")));
    CHECK(
        events[3].message.endsWith(QStringLiteral("exited with 1: draining 3 report jobs\ndrain timed out after 20s")));
    CHECK(text(events[3].locator) == "/items/3");
    CHECK(events[3].line == 88);
}

TEST_CASE("Kubernetes watch streams: YAML documents and concatenated JSON objects", "[kubernetes]")
{
    // shape: `kubectl get events --watch-only -o yaml` (--- separated documents, other objects mixed in)
    const auto yaml = test::parseFile(format, test::fixture(QStringLiteral("kubernetes/events-watch.yaml")));
    REQUIRE(yaml.result.has_value());
    REQUIRE(yaml.sink.events.size() == 2);
    CHECK(yaml.sink.events[0].kind == EventKind::Deploy);
    CHECK(text(yaml.sink.events[0].locator) == "/0");
    CHECK(yaml.sink.events[0].line == 3);
    CHECK(utc(yaml.sink.events[1].timeUs) == "2026-06-18T04:39:31.208344Z");
    CHECK(text(yaml.sink.events[1].actor) == "default-scheduler");
    CHECK(text(yaml.sink.events[1].locator) == "/2");
    CHECK(yaml.sink.events[1].line == 46);
    REQUIRE(yaml.sink.skipped.size() == 1);
    CHECK(yaml.sink.skipped[0].first == 38);
    CHECK(text(yaml.sink.skipped[0].second) == "a ReplicaSet object, not an Event");

    // shape: `kubectl get events --watch -o json` (one pretty-printed Event after another, not one JSON document)
    const auto json = test::parseFile(format, test::fixture(QStringLiteral("kubernetes/events-watch.json")));
    REQUIRE(json.result.has_value());
    REQUIRE(json.sink.events.size() == 2);
    CHECK(text(json.sink.events[0].locator) == "/0");
    CHECK(json.sink.events[0].line == 1);
    CHECK(utc(json.sink.events[0].timeUs) == "2026-06-18T03:47:33.000000Z");
    CHECK(text(json.sink.events[1].locator) == "/1");
    CHECK(json.sink.events[1].line == 34);
    CHECK(json.sink.events[1].kind == EventKind::Deploy);
}

TEST_CASE("Kubernetes watch streams: a long JSON stream keeps every event's line and pointer", "[kubernetes]")
{
    // shape: a long `kubectl get events --watch -o json` recording (the fixture, 500 times over).
    // Reading it copied the rest of the file and counted its lines from the top for every document,
    // which took quadratic time (15 s for 4 MB); lines are now counted on from document to document.
    const QByteArray watch = test::fileBytes(test::fixture(QStringLiteral("kubernetes/events-watch.json")));
    REQUIRE(watch.endsWith('\n'));
    const qint64 linesPerCopy = watch.count('\n');
    const int copies = 500;
    QTemporaryDir dir;
    const auto parsed = parseBytes(dir, QStringLiteral("watch.json"), watch.repeated(copies));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == size_t(2 * copies));
    for (const size_t i : {size_t(0), size_t(1), size_t(2), size_t(3), events.size() - 2, events.size() - 1}) {
        INFO("event " << i);
        CHECK(text(events[i].locator) == "/" + std::to_string(i));
        CHECK(events[i].line == qint64(i / 2) * linesPerCopy + (i % 2 == 0 ? 1 : 34));
    }
}

TEST_CASE("Kubernetes: events.k8s.io/v1 fields, records without a time, broken input", "[kubernetes]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());

    // events.k8s.io/v1 names the fields differently (regarding, note, series, deprecated*).
    const auto v1 = parseBytes(dir, QStringLiteral("v1.json"),
        "{\"apiVersion\": \"events.k8s.io/v1\", \"kind\": \"Event\", \"reason\": \"BackOff\", "
        "\"note\": \"Back-off restarting failed container etl\", \"type\": \"Warning\", "
        "\"regarding\": {\"kind\": \"Pod\", \"name\": \"etl-x7k2p\", \"namespace\": \"etl\"}, "
        "\"eventTime\": null, \"deprecatedFirstTimestamp\": \"2026-06-18T01:02:10Z\", "
        "\"deprecatedLastTimestamp\": \"2026-06-18T03:47:33Z\", \"deprecatedCount\": 14, "
        "\"series\": {\"count\": 14, \"lastObservedTime\": \"2026-06-18T03:47:33.120000Z\"}, "
        "\"reportingController\": \"kubelet\"}\n");
    REQUIRE(v1.result.has_value());
    REQUIRE(v1.sink.events.size() == 1);
    CHECK(utc(v1.sink.events[0].timeUs) == "2026-06-18T03:47:33.120000Z");
    CHECK(text(v1.sink.events[0].message) == "BackOff: Back-off restarting failed container etl (\u00d714)");
    CHECK(text(v1.sink.events[0].actor) == "kubelet");
    CHECK(text(v1.sink.events[0].service) == "etl/etl-x7k2p");
    CHECK(v1.sink.events[0].locator.isEmpty());

    // No time at all: skipped, never given one.
    const auto untimed = parseBytes(dir, QStringLiteral("untimed.json"),
        "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"kind\": \"Event\", \"reason\": \"Pulled\", "
        "\"involvedObject\": {\"name\": \"p\"}, \"eventTime\": null, \"lastTimestamp\": null}\n  ]\n}\n");
    REQUIRE(untimed.result.has_value());
    CHECK(untimed.sink.events.empty());
    REQUIRE(untimed.sink.skipped.size() == 1);
    CHECK(untimed.sink.skipped[0].first == 4);
    CHECK(text(untimed.sink.skipped[0].second) == "no time in this record");

    // Truncated JSON names the file, line and column.
    QByteArray whole = test::fileBytes(test::fixture(QStringLiteral("kubernetes/events.json")));
    const auto cut = parseBytes(dir, QStringLiteral("cut.json"), whole.left(whole.indexOf("\"reason\": \"BackOff\"")));
    REQUIRE_FALSE(cut.result.has_value());
    CHECK(
        text(cut.result.error().context) == text(dir.filePath(QStringLiteral("cut.json")) + QStringLiteral(":184:13")));

    // A YAML string that never closes names its line.
    const auto open = parseBytes(dir, QStringLiteral("open.yaml"),
        "apiVersion: v1\nitems:\n- kind: Event\n  message: 'Created pod\nkind: List\n");
    REQUIRE_FALSE(open.result.has_value());
    CHECK(text(open.result.error().context) == text(dir.filePath(QStringLiteral("open.yaml")) + QStringLiteral(":5")));

    // Some other JSON document is refused with what was expected.
    const auto other = parseBytes(dir, QStringLiteral("other.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}\n");
    REQUIRE_FALSE(other.result.has_value());
    CHECK(other.result.error().message.contains(QStringLiteral("kubectl get events -o json")));
}

TEST_CASE("Detection picks kubernetes-events for event lists and streams only", "[kubernetes]")
{
    for (const QString& file : {QStringLiteral("kubernetes/events.json"), QStringLiteral("kubernetes/events.yaml"),
             QStringLiteral("kubernetes/events-watch.yaml"), QStringLiteral("kubernetes/events-watch.json")}) {
        INFO(text(file));
        const QString path = test::fixture(file);
        CHECK(detectedFormat(QFileInfo(path).fileName(), test::fileBytes(path)) == text(format));
    }
    CHECK_FALSE(claimed(QStringLiteral("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: etl-reports\nspec:\n  replicas: 2\n"));
    CHECK_FALSE(
        claimed(QStringLiteral("etl.log"), "2026-06-18T01:00:12Z ERROR load_funding: reason: column missing\n"));
    CHECK_FALSE(claimed(QStringLiteral("pods.json"), "{\"kind\": \"PodList\", \"items\": [{\"kind\": \"Pod\"}]}\n"));
}

TEST_CASE("Kubernetes corpus: a recorded watch stream in YAML", "[kubernetes]")
{
    const QString path = test::corpusFile(QStringLiteral("joblogs/kubernetes/kspan__deployment-2-pods.yaml"));
    if (path.isEmpty()) {
        WARN("the shared corpus (../shared/corpus/joblogs/kubernetes) is not here; skipped");
        return;
    }
    CHECK(detectedFormat(QFileInfo(path).fileName(), test::fileBytes(path)) == text(format));
    const auto parsed = test::parseFile(format, path);
    REQUIRE(parsed.result.has_value());
    // 26 documents: 19 Events, and 7 Deployment/ReplicaSet/Pod snapshots that are skipped.
    REQUIRE(parsed.sink.events.size() == 19);
    CHECK(parsed.sink.skipped.size() == 7);
    const auto& first = parsed.sink.events.front();
    CHECK(text(first.message) == "ScalingReplicaSet: Scaled up replica set px-5d567cc74c to 1");
    CHECK(first.kind == EventKind::Deploy);
    CHECK(text(first.service) == "default/px");
    CHECK(utc(first.timeUs) == "2021-05-19T09:42:58.000000Z");
    CHECK(first.line == 3);
    CHECK(utc(parsed.sink.events[2].timeUs) == "2021-05-19T09:42:58.638469Z"); // Scheduled: eventTime only
    CHECK(utc(parsed.sink.events.back().timeUs) == "2021-05-19T09:43:07.000000Z");
}
