// AWS formats: CloudWatch Logs, EventBridge, CloudTrail and `aws ecs describe-*` output.

#include "ingest/format.h"
#include "ingestsupport.h"
#include "model/timestamp.h"
#include "testsupport.h"

#include <QTemporaryDir>

using namespace aftermath;
using model::EventKind;
using model::Level;

namespace {

std::string text(const QString& value) { return value.toStdString(); }
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }

// The name of the format detection ranks first for a file, or "" when nothing claims it.
std::string detectedFormat(const QString& path)
{
    const QByteArray bytes = test::fileBytes(path);
    const auto candidates = ingest::detect(ingest::makeSample(QFileInfo(path).fileName(), bytes, true));
    return candidates.empty() ? std::string() : text(candidates.front().format->name);
}

std::string detectedFormat(const QByteArray& bytes, const QString& fileName)
{
    const auto candidates = ingest::detect(ingest::makeSample(fileName, bytes, true));
    return candidates.empty() ? std::string() : text(candidates.front().format->name);
}

// Whether any format whose name starts with `prefix` claims these bytes.
bool claimedBy(const QString& prefix, const QString& fileName, const QByteArray& bytes)
{
    for (const auto& candidate : ingest::detect(ingest::makeSample(fileName, bytes, true))) {
        if (candidate.format->name.startsWith(prefix))
            return true;
    }
    return false;
}

const QString e42 = QStringLiteral("3f9c1e7a52b84d0e9a61c2f7d4b80e15"); // NHS E, etl-post-funding:42
const QString s42 = QStringLiteral("8b2d47e1c0a94f3b86e5d1a27c9f4b60"); // NHS S, etl-post-funding:42
const QString e41 = QStringLiteral("c51e0b9d7a2f4e68b3d9a04f1e6c2b87"); // NHS E, etl-post-funding:41

QString stream(const QString& task) { return QStringLiteral("etl/etl-post-funding/") + task; }

} // namespace

TEST_CASE("CloudWatch filter-log-events output: one event per record, level from the text", "[aws]")
{
    // shape: `aws logs filter-log-events` JSON output, AWS CLI v2 (events[] + searchedLogStreams[])
    const auto parsed = test::parseFile(
        QStringLiteral("aws-cloudwatch-logs"), test::fixture(QStringLiteral("aws/filter-log-events.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 12);
    CHECK(parsed.sink.skipped.empty());

    CHECK(utc(events[0].timeUs) == "2026-06-18T01:00:09.214000Z");
    CHECK(events[0].timeQuality == model::TimeQuality::Explicit);
    CHECK(text(events[0].message)
        == "2026-06-18 01:00:09,214 INFO etl.run: tenant=NHS E task definition etl-post-funding:42 starting");
    CHECK(events[0].level == Level::Info);
    CHECK(events[0].kind == EventKind::Log);
    CHECK(events[0].service == stream(e42));
    CHECK(text(events[0].locator) == "/events/0");
    CHECK(events[0].line == 3);

    CHECK(events[2].level == Level::Error);
    CHECK(text(events[2].message)
        == "2026-06-18 01:00:12,431 ERROR etl.steps.load_funding: column \"funding_band\" does not exist");
    // A traceback is its own CloudWatch record: it stays one event, without the final newline.
    CHECK(events[3].message.startsWith(QStringLiteral("Traceback (most recent call last):\n")));
    CHECK(events[3].message.endsWith(QStringLiteral("\n            ^")));
    CHECK(events[3].level == Level::Unknown);
    CHECK(events[4].level == Level::Warning);
    CHECK(text(events[4].locator) == "/events/4");
    CHECK(events[4].line == 31);

    const auto errors
        = std::count_if(events.begin(), events.end(), [](const model::Event& e) { return e.level == Level::Error; });
    CHECK(errors == 4);
    CHECK(events[7].service == stream(s42));
    CHECK(utc(events[7].timeUs) == "2026-06-18T01:30:08.776000Z");
    CHECK(events[11].service == stream(e41));
    CHECK(utc(events[11].timeUs) == "2026-06-18T04:39:15.120000Z");
    CHECK(text(events[11].locator) == "/events/11");
}

TEST_CASE("CloudWatch get-log-events output: no stream name, CRLF trimmed", "[aws]")
{
    // shape: `aws logs get-log-events` JSON output, AWS CLI v2 (events[] + nextForwardToken/nextBackwardToken)
    const auto parsed = test::parseFile(
        QStringLiteral("aws-cloudwatch-logs"), test::fixture(QStringLiteral("aws/get-log-events.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 4);
    CHECK(events[0].service.isEmpty());
    CHECK(text(events[1].message)
        == "2026-06-18 01:30:11,903 ERROR etl.steps.load_funding: column \"funding_band\" does not exist");
    CHECK(events[1].level == Level::Error);
    CHECK(utc(events[3].timeUs) == "2026-06-18T01:35:11.955000Z");
    CHECK(text(events[3].locator) == "/events/3");
    CHECK(events[3].line == 18);
}

TEST_CASE("CloudWatch: EventBridge events a rule wrote to a log group are read as events", "[aws]")
{
    // shape: `aws logs filter-log-events` output for a log group that an EventBridge rule targets
    // (each message is one EventBridge event as compact JSON)
    const auto parsed = test::parseFile(
        QStringLiteral("aws-cloudwatch-logs"), test::fixture(QStringLiteral("aws/eventbridge-log-group.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == EventKind::JobStart);
    CHECK(utc(events[0].timeUs) == "2026-06-18T01:00:07.482000Z"); // detail.startedAt, not the log timestamp
    CHECK(text(events[0].message)
        == "ECS task etl-post-funding:42 RUNNING for tenant NHS E (started by events-rule/etl-post-funding-nhs-e)");
    CHECK(text(events[0].service) == "family:etl-post-funding");
    CHECK(events[0].runId == e42);
    CHECK(events[0].raw.startsWith(QStringLiteral("{\"version\":\"0\"")));
    CHECK(text(events[0].locator) == "/events/0");
    CHECK(events[1].runId == s42);
    CHECK(utc(events[1].timeUs) == "2026-06-18T01:30:06.915000Z");
}

TEST_CASE("CloudWatch: a record without a timestamp is skipped, a truncated file names its line", "[aws]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("events.json"));
    REQUIRE(test::writeFile(path,
        "{\n  \"events\": [\n    {\"message\": \"no time\\n\", \"ingestionTime\": 1781744409826},\n"
        "    {\"timestamp\": 1781744409214, \"message\": \"[ERROR] boom\\n\"},\n"
        "    {\"timestamp\": 1781744409215, \"message\": "
        "\"{\\\"level\\\":\\\"warning\\\",\\\"msg\\\":\\\"slow\\\"}\"},\n"
        "    {\"timestamp\": 1781744409216, \"message\": \"error: connection refused\"},\n"
        "    {\"timestamp\": 1781744409217, \"message\": \"no errors found\"}\n  ],\n"
        "  \"nextForwardToken\": \"f/1\"\n}\n"));
    const auto parsed = test::parseFile(QStringLiteral("aws-cloudwatch-logs"), path);
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 4);
    CHECK(events[0].line == 4);
    CHECK(events[0].level == Level::Error);
    CHECK(events[1].level == Level::Warning); // a JSON-structured message's "level"
    CHECK(events[2].level == Level::Error); // a leading lower-case "error:"
    CHECK(events[3].level == Level::Unknown); // prose is not a level
    REQUIRE(parsed.sink.skipped.size() == 1);
    CHECK(parsed.sink.skipped[0].first == 3);
    CHECK(text(parsed.sink.skipped[0].second) == "no time in this record");

    const QString truncated = test::fixture(QStringLiteral("aws/filter-log-events-truncated.json"));
    const auto broken = test::parseFile(QStringLiteral("aws-cloudwatch-logs"), truncated);
    REQUIRE_FALSE(broken.result.has_value());
    CHECK(text(broken.result.error().context) == text(truncated + QStringLiteral(":41:53")));
    CHECK(broken.result.error().message.contains(QStringLiteral("truncated")));

    // A document of another shape says what was expected.
    const QString other = test::fixture(QStringLiteral("aws/ecs-task-stopped.json"));
    const auto wrong = test::parseFile(QStringLiteral("aws-cloudwatch-logs"), other);
    REQUIRE_FALSE(wrong.result.has_value());
    CHECK(wrong.result.error().context == other);
    CHECK(wrong.result.error().message.contains(QStringLiteral("CloudWatch Logs output")));
}

TEST_CASE("EventBridge ECS task state changes: starts, the rollback's revision, one stop", "[aws]")
{
    // shape: EventBridge "ECS Task State Change" events (Amazon ECS Developer Guide, ecs_cwe_events), as a JSON array
    const auto parsed = test::parseFile(
        QStringLiteral("aws-eventbridge"), test::fixture(QStringLiteral("aws/ecs-task-state-changes.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 6);
    CHECK(parsed.sink.skipped.empty());

    CHECK(events[0].kind == EventKind::Log);
    CHECK(text(events[0].message)
        == "ECS task etl-post-funding:42 PENDING for tenant NHS E (started by events-rule/etl-post-funding-nhs-e)");
    CHECK(utc(events[0].timeUs) == "2026-06-18T01:00:01.000000Z");

    // RUNNING is placed at detail.startedAt, not at the envelope's time (01:00:08).
    CHECK(events[1].kind == EventKind::JobStart);
    CHECK(utc(events[1].timeUs) == "2026-06-18T01:00:07.482000Z");
    CHECK(text(events[1].message)
        == "ECS task etl-post-funding:42 RUNNING for tenant NHS E (started by events-rule/etl-post-funding-nhs-e)");
    CHECK(text(events[1].outcome) == "RUNNING etl-post-funding:42");
    CHECK(text(events[1].service) == "family:etl-post-funding");
    CHECK(events[1].runId == e42);
    CHECK(events[1].level == Level::Info);
    CHECK(text(events[1].locator) == "/1");
    CHECK(events[1].line == 72);

    CHECK(events[2].kind == EventKind::JobStart);
    CHECK(events[2].runId == s42);
    CHECK(utc(events[2].timeUs) == "2026-06-18T01:30:06.915000Z");

    CHECK(events[3].kind == EventKind::JobStart);
    CHECK(utc(events[3].timeUs) == "2026-06-18T04:39:12.306000Z");
    CHECK(text(events[3].message) == "ECS task etl-post-funding:41 RUNNING for tenant NHS E (started by manual-rerun-dana)");
    CHECK(text(events[3].outcome) == "RUNNING etl-post-funding:41");
    CHECK(events[4].kind == EventKind::JobStart);

    CHECK(events[5].kind == EventKind::JobEnd);
    CHECK(events[5].runId == e41);
    CHECK(utc(events[5].timeUs) == "2026-06-18T05:02:10.644000Z");
    CHECK(text(events[5].outcome) == "STOPPED etl-post-funding:41 (exit 0, EssentialContainerExited)");
    CHECK(text(events[5].message)
        == "ECS task etl-post-funding:41 STOPPED for tenant NHS E (started by manual-rerun-dana): Essential container in task exited");
    CHECK(events[5].level == Level::Info);

    // The :42 runs never stopped: no job_end for them.
    const auto ends = std::count_if(
        events.begin(), events.end(), [](const model::Event& e) { return e.kind == EventKind::JobEnd; });
    CHECK(ends == 1);
}

TEST_CASE(
    "EventBridge JSON lines: task starts and stops with names and revisions, a rollback, any detail-type", "[aws]")
{
    // shape: "ECS Task State Change" / "ECS Deployment State Change" events one per line (archive
    // replay, Firehose to S3); tests/data/ingest/aws/README.md
    const auto parsed = test::parseFile(
        QStringLiteral("aws-eventbridge-lines"), test::fixture(QStringLiteral("aws/ecs-task-state-changes.jsonl")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 5);
    CHECK(parsed.sink.skipped.empty());
    for (const auto& event : events) {
        INFO(text(event.message));
        CHECK(event.locator.isEmpty());
        CHECK(event.raw.startsWith(QStringLiteral("{")));
        CHECK_FALSE(event.message.startsWith(QStringLiteral("{"))); // a summary, not the JSON
    }

    // RUNNING: a job start at detail.startedAt, named by the task's group, on revision 17.
    CHECK(events[0].kind == EventKind::JobStart);
    CHECK(utc(events[0].timeUs) == "2026-06-18T02:10:21.532000Z");
    CHECK(text(events[0].service) == "service:etl-ingest");
    CHECK(text(events[0].runId) == "4e8f1a2b3c4d5e6f7a8b9c0d1e2f3a4b");
    CHECK(text(events[0].message) == "ECS task etl-ingest:17 RUNNING (started by ecs-svc/2781954402741003721)");
    CHECK(text(events[0].outcome) == "RUNNING etl-ingest:17");
    CHECK(events[0].line == 1);

    // STOPPED: the end of the same run, its exit code and stop code the outcome, the reason in the message.
    CHECK(events[1].kind == EventKind::JobEnd);
    CHECK(utc(events[1].timeUs) == "2026-06-18T02:14:47.908000Z");
    CHECK(events[1].runId == events[0].runId);
    CHECK(text(events[1].outcome) == "STOPPED etl-ingest:17 (exit 137, EssentialContainerExited)");
    CHECK(text(events[1].message)
        == "ECS task etl-ingest:17 STOPPED (started by ecs-svc/2781954402741003721): Task failed container health "
           "checks");
    CHECK(events[1].level == Level::Error);
    CHECK(events[1].line == 2);

    // Another detail-type on the same stream goes through the same reader.
    CHECK(events[2].kind == EventKind::Deploy);
    CHECK(utc(events[2].timeUs) == "2026-06-18T02:31:09.000000Z");
    CHECK(text(events[2].service) == "etl-ingest");
    CHECK(text(events[2].outcome) == "SERVICE_DEPLOYMENT_FAILED");
    CHECK(events[2].level == Level::Error);

    // The rollback: the next run of the same service is on revision 16, lower than 17.
    CHECK(events[3].kind == EventKind::JobStart);
    CHECK(utc(events[3].timeUs) == "2026-06-18T02:31:58.771000Z");
    CHECK(text(events[3].service) == "service:etl-ingest");
    CHECK(text(events[3].outcome) == "RUNNING etl-ingest:16");
    CHECK(text(events[3].message).find("etl-ingest:16") != std::string::npos);
    CHECK(events[4].kind == EventKind::JobEnd);
    CHECK(text(events[4].outcome) == "STOPPED etl-ingest:16 (exit 0, ServiceSchedulerInitiated)");
    CHECK(events[4].level == Level::Info);
    CHECK(events[4].line == 5);
}

TEST_CASE("EventBridge JSON lines: a cut line and a line of another kind are skipped by line number", "[aws]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QByteArray whole = test::fileBytes(test::fixture(QStringLiteral("aws/ecs-task-state-changes.jsonl")));
    const QList<QByteArray> lines = whole.split('\n');
    QByteArray bytes
        = lines[0] + '\n' + "{\"level\":\"info\",\"msg\":\"not an envelope\"}\n" + lines[1].left(300) + '\n';
    const QString path = dir.filePath(QStringLiteral("cut.jsonl"));
    REQUIRE(test::writeFile(path, bytes));
    const auto parsed = test::parseFile(QStringLiteral("aws-eventbridge-lines"), path);
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 1);
    CHECK(parsed.sink.events[0].kind == EventKind::JobStart);
    REQUIRE(parsed.sink.skipped.size() == 2);
    CHECK(parsed.sink.skipped[0].first == 2);
    CHECK(text(parsed.sink.skipped[0].second) == "not an EventBridge event (no \"detail-type\")");
    CHECK(parsed.sink.skipped[1].first == 3);
    CHECK(parsed.sink.skipped[1].second.startsWith(QStringLiteral("not a JSON object")));
}

TEST_CASE("EventBridge: a single stopped task with a failing container is an error", "[aws]")
{
    // shape: one EventBridge "ECS Task State Change" event object, lastStatus STOPPED
    const auto parsed = test::parseFile(
        QStringLiteral("aws-eventbridge"), test::fixture(QStringLiteral("aws/ecs-task-stopped.json")));
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 1);
    const auto& event = parsed.sink.events[0];
    CHECK(event.kind == EventKind::JobEnd);
    CHECK(event.level == Level::Error);
    CHECK(utc(event.timeUs) == "2026-06-18T03:14:55.201000Z");
    CHECK(text(event.outcome) == "STOPPED etl-post-funding:42 (exit 1, EssentialContainerExited)");
    CHECK(text(event.runId) == "9a41c7d2e5b84f06a3c1d8e7f2b5a690");
    CHECK(event.locator.isEmpty());
    CHECK(event.line == 1);
    CHECK(event.raw.contains(QStringLiteral("\"detail-type\":\"ECS Task State Change\"")));
}

TEST_CASE("EventBridge CodePipeline and CodeBuild events are CI runs and steps", "[aws]")
{
    // shape: EventBridge CodePipeline execution/stage/action and CodeBuild state/phase events (aws-lambda-go testdata)
    const auto parsed
        = test::parseFile(QStringLiteral("aws-eventbridge"), test::fixture(QStringLiteral("aws/pipeline-events.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 7);
    const std::vector<EventKind> kinds{EventKind::CiRun, EventKind::StepStart, EventKind::CiRun, EventKind::StepEnd,
        EventKind::CiRun, EventKind::StepEnd, EventKind::CiRun};
    const std::vector<std::string> outcomes{
        "STARTED", "STARTED", "IN_PROGRESS", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"};
    for (size_t i = 0; i < events.size(); ++i) {
        INFO("event " << i);
        CHECK(events[i].kind == kinds[i]);
        CHECK(text(events[i].outcome) == outcomes[i]);
        CHECK(events[i].level == Level::Info);
    }
    CHECK(text(events[0].message) == "CodePipeline etl-post-funding-pipeline execution STARTED");
    CHECK(text(events[0].runId) == "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    CHECK(utc(events[0].timeUs) == "2026-06-18T00:25:31.000000Z");
    CHECK(text(events[1].message) == "CodePipeline etl-post-funding-pipeline stage Build STARTED");
    CHECK(text(events[2].message) == "CodeBuild etl-post-funding-build #118 IN_PROGRESS");
    CHECK(text(events[2].actor) == "codepipeline/etl-post-funding-pipeline");
    CHECK(text(events[2].runId) == "etl-post-funding-build:7e1d3c5b-9a2f-4b6d-8c0e-1f2a3b4c5d6e");
    CHECK(text(events[3].message) == "CodeBuild etl-post-funding-build #118 phase BUILD SUCCEEDED");
    CHECK(text(events[5].message)
        == "CodePipeline etl-post-funding-pipeline stage Deploy action RegisterTaskDefinition SUCCEEDED");
    CHECK(utc(events[6].timeUs) == "2026-06-18T00:31:05.000000Z");
    CHECK(text(events[6].locator) == "/6");
}

TEST_CASE("EventBridge deployments, service actions, alarms and CloudTrail calls", "[aws]")
{
    // shape: EventBridge ECS deployment/service, CodeDeploy, CloudWatch alarm and "AWS API Call via CloudTrail" events
    const auto parsed
        = test::parseFile(QStringLiteral("aws-eventbridge"), test::fixture(QStringLiteral("aws/service-events.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 6);

    CHECK(events[0].kind == EventKind::Alert);
    CHECK(events[0].level == Level::Error);
    CHECK(text(events[0].outcome) == "ALARM");
    CHECK(events[0].message.startsWith(
        QStringLiteral("CloudWatch alarm etl-post-funding-errors ALARM: Threshold Crossed")));

    CHECK(events[1].kind == EventKind::Deploy);
    CHECK(events[1].level == Level::Info);
    CHECK(text(events[1].service) == "etl-api");
    CHECK(text(events[1].outcome) == "SERVICE_DEPLOYMENT_IN_PROGRESS");

    CHECK(events[2].kind == EventKind::Log);
    CHECK(events[2].level == Level::Warning);
    CHECK(text(events[2].message) == "ECS service etl-api SERVICE_TASK_START_IMPAIRED");

    CHECK(events[3].kind == EventKind::Deploy);
    CHECK(events[3].level == Level::Error);
    CHECK(text(events[3].outcome) == "SERVICE_DEPLOYMENT_FAILED");
    CHECK(text(events[3].runId) == "ecs-svc/4187530291847563021");
    CHECK(text(events[3].message)
        == "ECS deployment ecs-svc/4187530291847563021 of etl-api SERVICE_DEPLOYMENT_FAILED: ECS deployment circuit "
           "breaker: task failed to start.");
    CHECK(utc(events[3].timeUs) == "2026-06-18T00:41:52.000000Z");

    CHECK(events[4].kind == EventKind::Deploy);
    CHECK(events[4].level == Level::Error);
    CHECK(text(events[4].message) == "CodeDeploy deployment d-7QX2KD1Z9 of etl-reports/production FAILURE");

    CHECK(events[5].kind == EventKind::Deploy);
    CHECK(text(events[5].actor) == "dana.whitfield");
    CHECK(text(events[5].message) == "RunTask by dana.whitfield (etl-post-funding:41)");
    CHECK(utc(events[5].timeUs) == "2026-06-18T04:39:10.000000Z");
}

TEST_CASE("CloudTrail lookup-events: ISO times with offsets (CLI v2) and epoch numbers (CLI v1)", "[aws]")
{
    // shape: `aws cloudtrail lookup-events` JSON output, AWS CLI v2 (EventTime ISO with local offset)
    const auto parsed = test::parseFile(
        QStringLiteral("aws-cloudtrail"), test::fixture(QStringLiteral("aws/cloudtrail-lookup-events.json")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 4);
    CHECK(events[0].kind == EventKind::Deploy);
    CHECK(utc(events[0].timeUs) == "2026-06-18T04:39:10.000000Z");
    CHECK(events[0].timeQuality == model::TimeQuality::Explicit);
    CHECK(text(events[0].message) == "RunTask by dana.whitfield (etl-post-funding:41)");
    CHECK(text(events[0].actor) == "dana.whitfield");
    CHECK(text(events[0].service) == "ecs.amazonaws.com");
    CHECK(text(events[0].locator) == "/Events/0");
    CHECK(events[0].line == 3);
    CHECK(events[1].kind == EventKind::Log);
    CHECK(text(events[1].message) == "DescribeTasks by dana.whitfield");
    CHECK(text(events[2].service) == "signin.amazonaws.com");
    CHECK(events[3].kind == EventKind::Deploy);
    CHECK(text(events[3].message) == "RegisterTaskDefinition by etl-post-funding-build (etl-post-funding:42)");
    CHECK(utc(events[3].timeUs) == "2026-06-18T00:30:58.000000Z");

    // shape: `aws cloudtrail lookup-events` JSON output, AWS CLI v1 (EventTime as epoch seconds)
    const auto v1 = test::parseFile(
        QStringLiteral("aws-cloudtrail"), test::fixture(QStringLiteral("aws/cloudtrail-lookup-events-cli-v1.json")));
    REQUIRE(v1.result.has_value());
    REQUIRE(v1.sink.events.size() == 2);
    CHECK(utc(v1.sink.events[0].timeUs) == "2026-06-18T04:35:00.000000Z");
    CHECK(v1.sink.events[0].kind == EventKind::Log);
    CHECK(v1.sink.events[0].message == QString(QStringLiteral("StopTask by dana.whitfield (") + e42 + u')'));
    const auto& denied = v1.sink.events[1];
    CHECK(utc(denied.timeUs) == "2026-06-18T04:29:50.000000Z");
    CHECK(denied.kind == EventKind::Deploy);
    CHECK(denied.level == Level::Error);
    CHECK(text(denied.outcome) == "AccessDeniedException");
    CHECK(denied.message.startsWith(QStringLiteral("UpdateService by sam.okafor: AccessDeniedException: User:")));
}

TEST_CASE("Detection picks the AWS format for each AWS fixture and leaves text and JSON lines alone", "[aws]")
{
    const std::vector<std::pair<QString, std::string>> expected{
        {QStringLiteral("aws/filter-log-events.json"), "aws-cloudwatch-logs"},
        {QStringLiteral("aws/get-log-events.json"), "aws-cloudwatch-logs"},
        {QStringLiteral("aws/eventbridge-log-group.json"), "aws-cloudwatch-logs"},
        {QStringLiteral("aws/ecs-task-state-changes.json"), "aws-eventbridge"},
        {QStringLiteral("aws/ecs-task-stopped.json"), "aws-eventbridge"},
        {QStringLiteral("aws/pipeline-events.json"), "aws-eventbridge"},
        {QStringLiteral("aws/service-events.json"), "aws-eventbridge"},
        {QStringLiteral("aws/cloudtrail-lookup-events.json"), "aws-cloudtrail"},
        {QStringLiteral("aws/cloudtrail-lookup-events-cli-v1.json"), "aws-cloudtrail"},
    };
    for (const auto& [file, format] : expected) {
        INFO(text(file));
        CHECK(detectedFormat(test::fixture(file)) == format);
    }
    const QByteArray textLog
        = "2026-06-18 01:00:12,431 ERROR etl.steps.load_funding: column \"funding_band\" does not exist\n"
          "2026-06-18 01:00:12,440 WARNING etl.retry: retrying in 300s\n";
    CHECK_FALSE(claimedBy(QStringLiteral("aws-"), QStringLiteral("etl.log"), textLog));
    const QByteArray jsonLines
        = "{\"timestamp\": 1781744409214, \"message\": \"ERROR boom\", \"ingestionTime\": 1781744409826}\n"
          "{\"timestamp\": 1781744409215, \"message\": \"INFO ok\", \"ingestionTime\": 1781744409827}\n";
    CHECK_FALSE(claimedBy(QStringLiteral("aws-"), QStringLiteral("events.jsonl"), jsonLines));
    // EventBridge events one per line are the EventBridge reader's, not generic JSON lines.
    const QByteArray eventBridgeLines
        = "{\"version\":\"0\",\"detail-type\":\"ECS Task State "
          "Change\",\"source\":\"aws.ecs\",\"time\":\"2026-06-18T01:00:08Z\",\"detail\":{}}\n"
          "{\"version\":\"0\",\"detail-type\":\"ECS Task State "
          "Change\",\"source\":\"aws.ecs\",\"time\":\"2026-06-18T01:30:07Z\",\"detail\":{}}\n";
    CHECK(detectedFormat(eventBridgeLines, QStringLiteral("events.jsonl")) == "aws-eventbridge-lines");
    CHECK(detectedFormat(test::fixture(QStringLiteral("aws/ecs-task-state-changes.jsonl"))) == "aws-eventbridge-lines");
    // Lines of which only one is an envelope stay generic JSON lines.
    const QByteArray mostlyOther
        = "{\"time\":\"2026-06-18T01:00:08Z\",\"msg\":\"a\"}\n{\"time\":\"2026-06-18T01:00:09Z\",\"msg\":\"b\"}\n"
          "{\"detail-type\":\"x\",\"source\":\"s\",\"time\":\"2026-06-18T01:30:07Z\",\"detail\":{}}\n";
    CHECK(detectedFormat(mostlyOther, QStringLiteral("events.jsonl")) == "jsonl");
    // "events", "timestamp" and "message" somewhere in another document are not enough.
    const QByteArray webhook
        = "{\"action\": \"completed\", \"check_suite\": {\"events\": {\"timestamp\": \"2026-06-18T01:00:00Z\"}, "
          "\"head_commit\": {\"message\": \"Add funding bands\"}}}\n";
    CHECK_FALSE(claimedBy(QStringLiteral("aws-"), QStringLiteral("payload.json"), webhook));
    const QByteArray bare = "{\"events\": [{\"timestamp\": 1781744409214, \"message\": \"ERROR boom\"}]}\n";
    CHECK(detectedFormat(bare, QStringLiteral("events.json")) == "aws-cloudwatch-logs");
}

TEST_CASE("AWS corpus files are detected and read with exact event counts", "[aws]")
{
    // Counts read off the files: one event per EventBridge event; CloudTrail/CloudWatch one per record;
    // describe-tasks one per started task (none stopped); describe-services one deployment plus one event.
    const std::vector<std::tuple<QString, QString, size_t>> files{
        {QStringLiteral("aws/extracted-json/cloudtrail_lookup-events.json"), QStringLiteral("aws-cloudtrail"), 1},
        {QStringLiteral("aws/extracted-json/logging-using-cloudtrail__CreateCluster.json"),
            QStringLiteral("aws-cloudtrail"), 1},
        {QStringLiteral("aws/extracted-json/cloudwatch-logs-event__decoded.json"),
            QStringLiteral("aws-cloudwatch-logs"), 2},
        {QStringLiteral("aws/extracted-json/logs_get-log-events.json"), QStringLiteral("aws-cloudwatch-logs"), 3},
        {QStringLiteral("aws/extracted-json/ecs_describe-tasks__output1.json"), QStringLiteral("aws-ecs-describe"), 1},
        {QStringLiteral("aws/extracted-json/ecs_describe-tasks__output2.json"), QStringLiteral("aws-ecs-describe"), 2},
        {QStringLiteral("aws/extracted-json/ecs_describe-services.json"), QStringLiteral("aws-ecs-describe"), 2},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__01_ECS-Container-Instance-State-Change.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__02_ECS-Task-State-Change.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__03_ECS-Service-Action.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__04_ECS-Service-Action.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__05_ECS-Service-Action.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__06_ECS-Service-Action.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__07_ECS-Service-Action.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__08_ECS-Deployment-State-Change.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__09_ECS-Deployment-State-Change.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__10_ECS-Deployment-State-Change.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/extracted-json/ecs_cwe_events__11_ECS-Deployment-State-Change.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/aws-lambda-go-events/codebuild-phase-change.json"), QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/aws-lambda-go-events/codebuild-state-change.json"), QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/aws-lambda-go-events/codedeploy-deployment-event.json"), QStringLiteral("aws-eventbridge"),
            1},
        {QStringLiteral("aws/aws-lambda-go-events/codedeploy-instance-event.json"), QStringLiteral("aws-eventbridge"),
            1},
        {QStringLiteral("aws/aws-lambda-go-events/codepipeline-action-execution-stage-change-event.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/aws-lambda-go-events/codepipeline-execution-state-change-event.json"),
            QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/aws-lambda-go-events/ecr-image-push-event.json"), QStringLiteral("aws-eventbridge"), 1},
        {QStringLiteral("aws/aws-lambda-go-events/ecs-container-instance-state-change.json"),
            QStringLiteral("aws-eventbridge"), 1},
    };
    int present = 0;
    for (const auto& [relative, format, count] : files) {
        const QString path = test::corpusFile(relative);
        if (path.isEmpty())
            continue;
        ++present;
        INFO(text(relative));
        CHECK(detectedFormat(path) == text(format));
        const auto parsed = test::parseFile(format, path);
        REQUIRE(parsed.result.has_value());
        CHECK(parsed.sink.events.size() == count);
        CHECK(parsed.sink.skipped.empty());
    }
    if (present == 0)
        WARN("the shared corpus (../shared/corpus/aws) is not here; corpus checks skipped");

    // Shapes without times (ids, stream lists, definitions) or with other envelopes are not ours.
    for (const QString& relative : {QStringLiteral("aws/extracted-json/deploy_list-deployments.json"),
             QStringLiteral("aws/extracted-json/logs_describe-log-streams.json"),
             QStringLiteral("aws/extracted-json/ecs_register-task-definition.json"),
             QStringLiteral("aws/aws-lambda-go-events/cloudwatch-logs-event.json"),
             QStringLiteral("aws/aws-lambda-go-events/cloudwatch-alarm-sns-payload-single-metric.json")}) {
        const QString path = test::corpusFile(relative);
        if (path.isEmpty())
            continue;
        INFO(text(relative));
        CHECK_FALSE(claimedBy(QStringLiteral("aws-"), QFileInfo(path).fileName(), test::fileBytes(path)));
    }
}
