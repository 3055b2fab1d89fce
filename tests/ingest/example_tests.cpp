// The bundled example incident (resources/examples/etl-incident) imports as the evidence of the
// motivating incident: every file in its intended format, and the moments the timeline is built
// from at their UTC times.

#include "ingest/importer.h"
#include "model/timestamp.h"
#include "store/store.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>
#include <map>

using namespace aftermath;
using model::EventKind;
using model::Level;
using Status = ingest::FileReport::Status;

namespace {

QString exampleDir()
{
    return QDir::cleanPath(QStringLiteral(AFTERMATH_TEST_DATA "/../../resources/examples/etl-incident"));
}

// The example's files and its Slack export folder, each one input. (Sources are matched by file
// name below, so importing exampleDir() as one folder, "etl-incident/git-log.txt", reads the same.)
QStringList exampleInputs()
{
    const QDir dir(exampleDir());
    QStringList inputs;
    for (const QString& name : dir.entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        inputs << dir.filePath(name);
    return inputs;
}

qint64 utc(const char* iso)
{
    const auto us = model::parseIsoTime(QString::fromLatin1(iso), QTimeZone::utc());
    INFO(iso);
    REQUIRE(us);
    return *us;
}

struct Example {
    QTemporaryDir dir;
    store::Store store = open(dir.filePath(QStringLiteral("example.sqlite")));
    std::vector<ingest::FileReport> reports;
    std::vector<model::StoredEvent> events;

    static store::Store open(const QString& path)
    {
        auto opened = store::Store::open(path);
        REQUIRE(opened);
        return std::move(*opened);
    }

    Example()
    {
        ingest::ImportOptions options;
        options.zone = QTimeZone("Europe/London");
        reports = ingest::importPaths(store.evidence(), exampleInputs(), options);
        auto read = store.evidence().events({});
        REQUIRE(read);
        events = std::move(*read);
    }

    std::vector<model::Event> where(const QString& source, const std::function<bool(const model::Event&)>& test) const
    {
        std::vector<model::Event> found;
        for (const model::StoredEvent& stored : events) {
            if (QFileInfo(stored.sourceName).fileName() == source && test(stored.event))
                found.push_back(stored.event);
        }
        return found;
    }

    // The one event of `source` that passes `test`.
    model::Event one(const QString& source, const std::function<bool(const model::Event&)>& test) const
    {
        const auto found = where(source, test);
        INFO("source " << source.toStdString());
        REQUIRE(found.size() == 1);
        return found.front();
    }
};

} // namespace

TEST_CASE("the example incident imports every file in its intended format", "[example]")
{
    Example example;
    struct Expected {
        QString format;
        qint64 events;
        qint64 skipped;
    };
    const std::map<QString, Expected> expected{
        {QStringLiteral("cloudwatch-nhs-e.json"), {QStringLiteral("aws-cloudwatch-logs"), 390, 0}},
        {QStringLiteral("ecs-task-events.json"), {QStringLiteral("aws-eventbridge"), 10, 0}},
        {QStringLiteral("etl-nhs-s.log"), {QStringLiteral("text-log"), 360, 0}},
        {QStringLiteral("git-log.txt"), {QStringLiteral("git-log"), 6, 0}},
        {QStringLiteral("github-pulls.json"), {QStringLiteral("github-pull-requests"), 2, 1}}, // #411, unmerged
        {QStringLiteral("github-workflow-runs.json"), {QStringLiteral("github-workflow-runs"), 14, 0}},
        {QStringLiteral("slack-export"), {QStringLiteral("slack-export"), 17, 0}},
    };
    REQUIRE(example.reports.size() == expected.size());
    for (const ingest::FileReport& report : example.reports) {
        const QString name = QFileInfo(report.path).fileName();
        INFO(name.toStdString() << ": " << report.message.toStdString());
        REQUIRE(expected.contains(name));
        const Expected& want = expected.at(name);
        CHECK(report.status == Status::Ok);
        CHECK(report.format == want.format);
        CHECK(report.events == want.events);
        CHECK(report.skipped == want.skipped);
        CHECK(report.message.isEmpty());
        // Only the Python log has naive times; the rest give Z, an offset or epoch numbers.
        CHECK(report.zoneAssumed == (name == u"etl-nhs-s.log" ? QStringLiteral("Europe/London") : QString()));
    }
    CHECK(example.events.size() == 799);

    SECTION("importing it again adds nothing")
    {
        ingest::ImportOptions options;
        options.zone = QTimeZone("Europe/London");
        for (const ingest::FileReport& report :
            ingest::importPaths(example.store.evidence(), exampleInputs(), options)) {
            INFO(report.path.toStdString());
            CHECK(report.status == Status::Unchanged);
            CHECK(report.events == 0);
        }
    }
}

TEST_CASE("the example incident's key moments are at their UTC times", "[example]")
{
    const Example example;
    const QString git = QStringLiteral("git-log.txt");
    const QString pulls = QStringLiteral("github-pulls.json");
    const QString runs = QStringLiteral("github-workflow-runs.json");
    const QString ecs = QStringLiteral("ecs-task-events.json");
    const QString nhsE = QStringLiteral("cloudwatch-nhs-e.json");
    const QString nhsS = QStringLiteral("etl-nhs-s.log");
    const QString slack = QStringLiteral("slack-export");

    SECTION("01:07 BST the change, 01:25 BST its merge, then the deploy")
    {
        const auto change = example.one(git, [](const model::Event& e) {
            return e.kind == EventKind::Commit && e.message == u"Add funding_band column to post-funding step";
        });
        CHECK(change.timeUs == utc("2026-06-18T00:07:12Z"));
        CHECK(change.actor == u"Alice Moreau");
        CHECK(change.runId.startsWith(u"3f9c2a7"));

        const auto merge = example.one(
            git, [](const model::Event& e) { return e.kind == EventKind::Merge && e.message.contains(u"#412"); });
        CHECK(merge.timeUs == utc("2026-06-18T00:25:07Z"));
        CHECK(merge.actor == u"Bob Lindqvist");
        const auto pr = example.one(pulls, [](const model::Event& e) { return e.message.startsWith(u"PR #412 "); });
        CHECK(pr.kind == EventKind::Merge);
        CHECK(pr.timeUs == utc("2026-06-18T00:25:07Z"));
        CHECK(pr.runId == merge.runId);

        const auto deploy = example.where(runs, [](const model::Event& e) { return e.service == u"Deploy ETL"; });
        REQUIRE(deploy.size() == 4); // #87 (06-16, :41) and #88 (the merge, :42), each started and completed
        const auto deployed = example.one(runs, [](const model::Event& e) {
            return e.service == u"Deploy ETL" && e.message.contains(u"8e1d5f3") && e.outcome == u"success";
        });
        CHECK(deployed.kind == EventKind::Deploy);
        CHECK(deployed.timeUs == utc("2026-06-18T00:31:12Z"));
        const auto deployStarted = example.one(runs, [](const model::Event& e) {
            return e.service == u"Deploy ETL" && e.message.contains(u"8e1d5f3") && e.outcome.isEmpty();
        });
        CHECK(deployStarted.timeUs == utc("2026-06-18T00:25:40Z"));
    }

    SECTION("02:00 and 02:30 BST the :42 tasks start and never stop; 05:39 BST :41 runs by hand")
    {
        const auto running = [&](const char* revision) {
            const QString outcome = QStringLiteral("RUNNING etl-post-funding:") + QLatin1String(revision);
            auto found = example.where(ecs, [&](const model::Event& e) { return e.outcome == outcome; });
            std::vector<qint64> times;
            for (const auto& e : found) {
                CHECK(e.kind == EventKind::JobStart);
                times.push_back(e.timeUs);
            }
            std::sort(times.begin(), times.end());
            return times;
        };
        CHECK(running("42") == std::vector<qint64>{utc("2026-06-18T01:00:03.517Z"), utc("2026-06-18T01:30:01.204Z")});
        CHECK(running("41") == std::vector<qint64>{utc("2026-06-18T04:39:21.688Z"), utc("2026-06-18T04:39:27.944Z")});

        const auto stopped = example.where(ecs, [](const model::Event& e) { return e.kind == EventKind::JobEnd; });
        REQUIRE(stopped.size() == 2);
        for (const auto& e : stopped)
            CHECK(e.outcome == u"STOPPED etl-post-funding:41 (exit 0, EssentialContainerExited)");
        const auto stopped42 = example.where(
            ecs, [](const model::Event& e) { return e.outcome.startsWith(u"STOPPED") && e.outcome.contains(u":42"); });
        CHECK(stopped42.empty());
        CHECK(stopped.front().timeUs == utc("2026-06-18T04:52:31.402Z"));
        CHECK(stopped.back().timeUs == utc("2026-06-18T05:03:14.118Z"));
    }

    SECTION("each tenant's run fails on funding_band and retries, with no completion")
    {
        // CloudWatch: NHS E from 02:00:05 BST. Its ERROR records are level error (the parser leaves them kind log).
        const auto startE = example.where(nhsE, [](const model::Event& e) { return e.kind == EventKind::JobStart; });
        REQUIRE(startE.size() == 129);
        CHECK(startE.front().timeUs == utc("2026-06-18T01:00:05.120Z"));
        CHECK(startE.front().runId == u"NHS E");
        const auto errorsE = example.where(nhsE, [](const model::Event& e) { return e.level == Level::Error; });
        REQUIRE(errorsE.size() == 129);
        CHECK(errorsE.front().timeUs == utc("2026-06-18T01:02:43.186Z"));
        CHECK(errorsE.front().runId == u"NHS E");
        CHECK(errorsE.front().message.contains(
            u"psycopg2.errors.UndefinedColumn: column \"funding_band\" does not exist"));
        CHECK(example.where(nhsE, [](const model::Event& e) { return e.kind == EventKind::Retry; }).size() == 129);

        // Python log: NHS S from 02:30:02 BST, naive times read in Europe/London.
        const auto startS = example.where(nhsS, [](const model::Event& e) { return e.kind == EventKind::JobStart; });
        REQUIRE(startS.size() == 119);
        CHECK(startS.front().timeUs == utc("2026-06-18T01:30:02.114Z"));
        CHECK(startS.front().timeQuality == model::TimeQuality::ZoneAssumed);
        const auto errorsS = example.where(nhsS, [](const model::Event& e) { return e.kind == EventKind::Error; });
        REQUIRE(errorsS.size() == 119);
        CHECK(errorsS.front().timeUs == utc("2026-06-18T01:32:54.544Z"));
        CHECK(errorsS.front().runId == u"NHS S");
        CHECK(errorsS.front().message.contains(u"column \"funding_band\" does not exist"));
        CHECK(errorsS.front().message.contains(u"Traceback (most recent call last):"));
        CHECK(example.where(nhsS, [](const model::Event& e) { return e.kind == EventKind::Retry; }).size() == 119);

        // Neither run ever ends: the logs stop mid-retry, before 08:30 BST, when they were exported.
        for (const QString& source : {nhsE, nhsS}) {
            CHECK(example.where(source, [](const model::Event& e) { return e.kind == EventKind::JobEnd; }).empty());
            const auto all = example.where(source, [](const model::Event&) { return true; });
            CHECK(all.back().kind == EventKind::Retry);
            CHECK(all.back().timeUs < utc("2026-06-18T07:30:00Z"));
            CHECK(all.back().timeUs > utc("2026-06-18T07:25:00Z"));
        }
    }

    SECTION("the alerts channel: overdue alerts, the rollback, the user's report")
    {
        const auto overdue = example.where(slack, [](const model::Event& e) {
            return e.kind == EventKind::Alert && e.message.contains(u"has not completed");
        });
        REQUIRE(overdue.size() == 2);
        CHECK(overdue[0].timeUs == utc("2026-06-18T03:00:00.402511Z"));
        CHECK(overdue[0].message.contains(u"NHS E"));
        CHECK(overdue[0].actor == u"ETL Monitor");
        CHECK(overdue[1].timeUs == utc("2026-06-18T03:30:00.377208Z"));

        const auto rollback = example.one(slack,
            [](const model::Event& e) { return e.kind == EventKind::Chat && e.message.startsWith(u"Rolling back"); });
        CHECK(rollback.timeUs == utc("2026-06-18T04:35:12.903561Z"));
        CHECK(rollback.actor == u"Dana W");

        const auto noticed = example.one(slack,
            [](const model::Event& e) { return e.kind == EventKind::Chat && e.message.contains(u"look incomplete"); });
        CHECK(noticed.timeUs == utc("2026-06-18T07:10:22.481093Z"));
        CHECK(noticed.actor == u"Sam Okafor");
    }

    SECTION("the bot's job posts are starts and ends of the job for the tenant they name")
    {
        const auto starts = example.where(slack, [](const model::Event& e) { return e.kind == EventKind::JobStart; });
        REQUIRE(starts.size() == 4); // 02:00 and 02:30 on :42, both tenants again on :41 at 05:39
        CHECK(starts[0].service == u"etl-post-funding");
        CHECK(starts[0].runId == u"NHS E");
        CHECK(starts[0].timeUs > utc("2026-06-18T01:00:00Z"));
        CHECK(starts[1].runId == u"NHS S");
        CHECK(starts[3].message.contains(u"etl-post-funding:41"));
        const auto ends = example.where(slack, [](const model::Event& e) { return e.kind == EventKind::JobEnd; });
        REQUIRE(ends.size() == 2);
        for (const auto& end : ends) {
            CHECK(end.outcome == u"succeeded");
            CHECK(end.service == u"etl-post-funding");
        }
        CHECK(ends[0].runId == u"NHS E");
        CHECK(ends[1].runId == u"NHS S");
    }

    SECTION("each ECS task says the tenant it ran for")
    {
        const auto tasks = example.where(ecs, [](const model::Event& e) { return e.kind == EventKind::JobStart; });
        REQUIRE(tasks.size() == 4);
        CHECK(tasks[0].message.contains(u"for tenant NHS E"));
        CHECK(tasks[1].message.contains(u"for tenant NHS S"));
    }
}
