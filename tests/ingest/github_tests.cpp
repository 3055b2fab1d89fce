// Tests for the GitHub formats (core/ingest/formats/github.cpp). The fixtures under
// tests/data/ingest/github are the project's own; tests/data/ingest/github/README.md says which
// REST endpoint, webhook or CLI command each file's shape comes from.

#include "ingest/format.h"
#include "ingest/linereader.h"
#include "model/timestamp.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace aftermath;
using aftermath::test::fixture;
using aftermath::test::parseFile;
using model::EventKind;
using model::Level;
using model::TimeQuality;

namespace {

QString gh(const char* name) { return fixture(QStringLiteral("github/") + QString::fromUtf8(name)); }
QString s(const char* text) { return QString::fromUtf8(text); }
// Strings compared as std::string, so that Catch prints them when a check fails.
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }
std::string str(const QString& text) { return text.toStdString(); }

// Everything a test says about one event; line is 0 for documents.
struct Expect {
    EventKind kind;
    const char* time; // UTC, as model::formatUtc writes it
    const char* message;
    const char* outcome;
    Level level;
    const char* actor;
    const char* service;
    const char* runId;
    const char* locator;
};

void checkEvent(const model::Event& event, const Expect& expect)
{
    INFO("event: " << event.message.toStdString() << " at " << event.locator.toStdString());
    CHECK(event.kind == expect.kind);
    CHECK(utc(event.timeUs) == expect.time);
    CHECK(event.timeQuality == TimeQuality::Explicit);
    CHECK(str(event.message) == expect.message);
    CHECK(str(event.outcome) == expect.outcome);
    CHECK(event.level == expect.level);
    CHECK(str(event.actor) == expect.actor);
    CHECK(str(event.service) == expect.service);
    CHECK(str(event.runId) == expect.runId);
    CHECK(str(event.locator) == expect.locator);
    CHECK(event.line == 0);
}

void checkEvents(const test::Parsed& parsed, std::initializer_list<Expect> expected)
{
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == expected.size());
    size_t i = 0;
    for (const Expect& e : expected)
        checkEvent(parsed.sink.events[i++], e);
}

// The name of the format detection puts first for these bytes, or "" when none can read them.
QString detectedFormat(const QString& fileName, const QByteArray& bytes, bool complete = true)
{
    const auto candidates = ingest::detect(ingest::makeSample(fileName, bytes, complete));
    return candidates.empty() ? QString() : candidates.front().format->name;
}

QString detectedFormat(const QString& path)
{
    return detectedFormat(QFileInfo(path).fileName(), test::fileBytes(path));
}

// The GitHub formats that would read the sample (asked directly, so that no other format's
// scoring is involved).
std::vector<std::string> githubClaims(const ingest::Sample& sample)
{
    std::vector<std::string> claims;
    for (const ingest::Format& format : ingest::formats()) {
        if (format.name.startsWith(u"github-") && format.score(sample) > 0)
            claims.push_back(format.name.toStdString());
    }
    return claims;
}

// Writes `bytes` into `dir` and returns the path.
QString writeTemp(const QTemporaryDir& dir, const char* name, const QByteArray& bytes)
{
    const QString path = dir.filePath(s(name));
    REQUIRE(test::writeFile(path, bytes));
    return path;
}

int countKind(const test::Parsed& parsed, EventKind kind)
{
    return int(std::ranges::count(parsed.sink.events, kind, &model::Event::kind));
}

const QString runs = QStringLiteral("github-workflow-runs");
const QString jobs = QStringLiteral("github-workflow-jobs");
const QString pulls = QStringLiteral("github-pull-requests");
const QString deployments = QStringLiteral("github-deployments");
const QString commits = QStringLiteral("github-commits");
const QString webhook = QStringLiteral("github-webhook");
const QString releases = QStringLiteral("github-releases");
const QString checkRuns = QStringLiteral("github-check-runs");
const QString issueEvents = QStringLiteral("github-issue-events");
const QString actionsLog = QStringLiteral("github-actions-log");

constexpr const char* mergeSha = "8e1d5f3a9c7b2e4d6f0a1c3e5b7d9f2a4c6e8b0d";

} // namespace

TEST_CASE("github-workflow-runs reads the REST runs list: starts, completions, re-run attempts", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/actions/runs, GitHub REST API v2022-11-28
    const auto parsed = parseFile(runs, gh("actions-runs.json"));
    checkEvents(parsed,
        {
            {EventKind::CiRun, "2026-06-18T04:39:51.000000Z",
                "CI run #17 'Rollback ETL tasks' on main (8e1d5f3) started", "", Level::Info, "cnguyen",
                "Rollback ETL tasks", "9537120044", "/workflow_runs/0"},
            {EventKind::Deploy, "2026-06-18T00:25:12.000000Z", "Workflow run #311 'Deploy ETL' on main (8e1d5f3) started", "",
                Level::Info, "blindqvist", "Deploy ETL", "9534817265", "/workflow_runs/1"},
            {EventKind::Deploy, "2026-06-18T00:31:40.000000Z",
                "Workflow run #311 'Deploy ETL' on main (8e1d5f3) completed: failure", "failure", Level::Error, "blindqvist",
                "Deploy ETL", "9534817265", "/workflow_runs/1"},
            // Attempt 2 was re-run by blindqvist: run_started_at, not created_at, and the
            // triggering actor, not the PR author.
            {EventKind::CiRun, "2026-06-18T00:09:30.000000Z",
                "CI run #1287 'CI' (attempt 2) on amoreau/funding-band (3f9c2a7) started", "", Level::Info,
                "blindqvist", "CI", "9534790112", "/workflow_runs/2"},
            {EventKind::CiRun, "2026-06-18T00:12:31.000000Z",
                "CI run #1287 'CI' (attempt 2) on amoreau/funding-band (3f9c2a7) completed: success", "success",
                Level::Info, "blindqvist", "CI", "9534790112", "/workflow_runs/2"},
        });
    CHECK(parsed.sink.skipped.empty());
    CHECK(parsed.sink.zoneAssumedCount == 0);
}

TEST_CASE("github-workflow-runs reads a single run object", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/actions/runs/{run_id}
    const auto parsed = parseFile(runs, gh("actions-run-9534817265.json"));
    checkEvents(parsed,
        {
            {EventKind::Deploy, "2026-06-18T00:25:12.000000Z", "Workflow run #311 'Deploy ETL' on main (8e1d5f3) started", "",
                Level::Info, "blindqvist", "Deploy ETL", "9534817265", ""},
            {EventKind::Deploy, "2026-06-18T00:31:40.000000Z",
                "Workflow run #311 'Deploy ETL' on main (8e1d5f3) completed: failure", "failure", Level::Error, "blindqvist",
                "Deploy ETL", "9534817265", ""},
        });
}

TEST_CASE("github-workflow-runs reads gh run list --json output", "[github]")
{
    // shape: gh run list --json attempt,conclusion,createdAt,databaseId,...,workflowName (gh 2.x)
    const auto parsed = parseFile(runs, gh("gh-run-list.json"));
    checkEvents(parsed,
        {
            // Queued: the time it was queued, and no completion.
            {EventKind::CiRun, "2026-06-18T04:41:02.000000Z",
                "CI run #18 'Rollback ETL tasks' on main (8e1d5f3) queued", "", Level::Info, "", "Rollback ETL tasks",
                "9537188230", "/0"},
            {EventKind::CiRun, "2026-06-18T04:39:51.000000Z",
                "CI run #17 'Rollback ETL tasks' on main (8e1d5f3) started", "", Level::Info, "", "Rollback ETL tasks",
                "9537120044", "/1"},
            {EventKind::Deploy, "2026-06-18T00:25:12.000000Z", "Workflow run #311 'Deploy ETL' on main (8e1d5f3) started", "",
                Level::Info, "", "Deploy ETL", "9534817265", "/2"},
            {EventKind::Deploy, "2026-06-18T00:31:40.000000Z",
                "Workflow run #311 'Deploy ETL' on main (8e1d5f3) completed: failure", "failure", Level::Error, "",
                "Deploy ETL", "9534817265", "/2"},
            {EventKind::CiRun, "2026-06-18T00:09:30.000000Z",
                "CI run #1287 'CI' (attempt 2) on amoreau/funding-band (3f9c2a7) started", "", Level::Info, "", "CI",
                "9534790112", "/3"},
            {EventKind::CiRun, "2026-06-18T00:12:31.000000Z",
                "CI run #1287 'CI' (attempt 2) on amoreau/funding-band (3f9c2a7) completed: success", "success",
                Level::Info, "", "CI", "9534790112", "/3"},
        });
}

TEST_CASE("github-workflow-jobs reads jobs and steps, each time with its own offset", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs; job times in Z, step times in +01:00
    const auto parsed = parseFile(jobs, gh("actions-jobs.json"));
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 28); // 3 jobs x (start + end) + 11 steps x (start + end)
    CHECK(countKind(parsed, EventKind::JobStart) == 3);
    CHECK(countKind(parsed, EventKind::JobEnd) == 3);
    CHECK(countKind(parsed, EventKind::StepStart) == 11);
    CHECK(countKind(parsed, EventKind::StepEnd) == 11);
    CHECK(parsed.sink.skipped.empty());

    // The migrate job is events 8..19: start, five steps, end.
    const auto& e = parsed.sink.events;
    checkEvent(e[8],
        {EventKind::JobStart, "2026-06-18T00:27:10.000000Z", "Job 'migrate' of 'Deploy ETL' started", "", Level::Info,
            "", "migrate", "9534817265", "/jobs/1"});
    checkEvent(e[9],
        {EventKind::StepStart, "2026-06-18T00:27:09.000000Z", "Step 1 'Set up job' of job 'migrate' started", "",
            Level::Info, "", "migrate", "9534817265", "/jobs/1/steps/0"});
    checkEvent(e[13],
        {EventKind::StepStart, "2026-06-18T00:27:15.000000Z", "Step 3 'Run migrations' of job 'migrate' started", "",
            Level::Info, "", "migrate", "9534817265", "/jobs/1/steps/2"});
    checkEvent(e[14],
        {EventKind::StepEnd, "2026-06-18T00:31:36.000000Z",
            "Step 3 'Run migrations' of job 'migrate' completed: failure", "failure", Level::Error, "", "migrate",
            "9534817265", "/jobs/1/steps/2"});
    checkEvent(e[16],
        {EventKind::StepEnd, "2026-06-18T00:31:36.000000Z",
            "Step 4 'Smoke test post-funding step' of job 'migrate' completed: skipped", "skipped", Level::Info, "",
            "migrate", "9534817265", "/jobs/1/steps/3"});
    checkEvent(e[19],
        {EventKind::JobEnd, "2026-06-18T00:31:38.000000Z", "Job 'migrate' of 'Deploy ETL' completed: failure",
            "failure", Level::Error, "", "migrate", "9534817265", "/jobs/1"});
    checkEvent(e.back(),
        {EventKind::JobEnd, "2026-06-18T00:28:45.000000Z", "Job 'deploy-tasks' of 'Deploy ETL' completed: success",
            "success", Level::Info, "", "deploy-tasks", "9534817265", "/jobs/2"});
}

TEST_CASE("github-workflow-jobs reads a single job object", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/actions/jobs/{job_id}
    const auto parsed = parseFile(jobs, gh("actions-job-26190344355.json"));
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 12);
    checkEvent(parsed.sink.events[0],
        {EventKind::JobStart, "2026-06-18T00:27:10.000000Z", "Job 'migrate' of 'Deploy ETL' started", "", Level::Info,
            "", "migrate", "9534817265", ""});
    checkEvent(parsed.sink.events[6],
        {EventKind::StepEnd, "2026-06-18T00:31:36.000000Z",
            "Step 3 'Run migrations' of job 'migrate' completed: failure", "failure", Level::Error, "", "migrate",
            "9534817265", "/steps/2"});
    CHECK(parsed.sink.events[11].kind == EventKind::JobEnd);
}

TEST_CASE("github-workflow-jobs reads gh run view --json jobs with the run's own fields", "[github]")
{
    // shape: gh run view <id> --json conclusion,createdAt,databaseId,...,jobs,...,workflowName
    const auto parsed = parseFile(jobs, gh("gh-run-view-jobs.json"));
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 14); // the run's start and end, the job's 12
    checkEvent(parsed.sink.events[0],
        {EventKind::Deploy, "2026-06-18T00:25:12.000000Z", "Workflow run #311 'Deploy ETL' on main (8e1d5f3) started", "",
            Level::Info, "", "Deploy ETL", "9534817265", ""});
    checkEvent(parsed.sink.events[1],
        {EventKind::Deploy, "2026-06-18T00:31:40.000000Z",
            "Workflow run #311 'Deploy ETL' on main (8e1d5f3) completed: failure", "failure", Level::Error, "", "Deploy ETL",
            "9534817265", ""});
    // The jobs have no run_id of their own here: they take the run's.
    checkEvent(parsed.sink.events[2],
        {EventKind::JobStart, "2026-06-18T00:27:10.000000Z", "Job 'migrate' of 'Deploy ETL' started", "", Level::Info,
            "", "migrate", "9534817265", "/jobs/0"});
    checkEvent(parsed.sink.events[8],
        {EventKind::StepEnd, "2026-06-18T00:31:36.000000Z",
            "Step 3 'Run migrations' of job 'migrate' completed: failure", "failure", Level::Error, "", "migrate",
            "9534817265", "/jobs/0/steps/2"});
    CHECK(parsed.sink.events[13].kind == EventKind::JobEnd);
}

TEST_CASE("github-pull-requests: a merged PR is a merge event, unmerged ones are skipped", "[github]")
{
    SECTION("single PR with merged_by")
    {
        // shape: GET /repos/{owner}/{repo}/pulls/{pull_number}
        const auto parsed = parseFile(pulls, gh("pull-412.json"));
        checkEvents(parsed,
            {{EventKind::Merge, "2026-06-18T00:25:07.000000Z",
                "PR #412 'Add funding_band column to post-funding step' merged into main by blindqvist", "",
                Level::Info, "blindqvist", "etl-pipelines", mergeSha, ""}});
        CHECK(parsed.sink.skipped.empty());
    }
    SECTION("list: no merged_by, one open and one closed without merging")
    {
        // shape: GET /repos/{owner}/{repo}/pulls?state=all
        const auto parsed = parseFile(pulls, gh("pulls.json"));
        checkEvents(parsed,
            {{EventKind::Merge, "2026-06-18T00:25:07.000000Z",
                "PR #412 'Add funding_band column to post-funding step' by amoreau merged into main", "", Level::Info,
                "amoreau", "etl-pipelines", mergeSha, "/1"}});
        REQUIRE(parsed.sink.skipped.size() == 2);
        CHECK(parsed.sink.skipped[0].first == 0);
        CHECK(str(parsed.sink.skipped[0].second) == "not merged: PR #415 is open (at /0)");
        CHECK(str(parsed.sink.skipped[1].second) == "not merged: PR #409 was closed without merging (at /2)");
    }
}

TEST_CASE("github-deployments reads deployments and their statuses", "[github]")
{
    SECTION("deployments")
    {
        // shape: GET /repos/{owner}/{repo}/deployments
        const auto parsed = parseFile(deployments, gh("deployments.json"));
        checkEvents(parsed,
            {
                {EventKind::Deploy, "2026-06-18T00:28:40.000000Z",
                    "Deployment 1470392214 of main (8e1d5f3) to production created: Deploy ETL #311", "", Level::Info,
                    "github-actions[bot]", "production", "1470392214", "/0"},
                {EventKind::Deploy, "2026-06-17T16:05:33.000000Z",
                    "Deployment 1469801111 of main (5b7e2c1) to staging created", "", Level::Info, "blindqvist",
                    "staging", "1469801111", "/1"},
            });
    }
    SECTION("statuses pair with their deployment by run id")
    {
        // shape: GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses
        const auto parsed = parseFile(deployments, gh("deployment-statuses.json"));
        checkEvents(parsed,
            {
                {EventKind::Deploy, "2026-06-18T00:31:39.000000Z",
                    "Deployment 1470392214 to production: failure (Run migrations failed; task definitions were "
                    "already registered)",
                    "failure", Level::Error, "github-actions[bot]", "production", "1470392214", "/0"},
                {EventKind::Deploy, "2026-06-18T00:28:41.000000Z", "Deployment 1470392214 to production: in_progress",
                    "in_progress", Level::Info, "github-actions[bot]", "production", "1470392214", "/1"},
                {EventKind::Deploy, "2026-06-18T00:28:40.000000Z", "Deployment 1470392214 to production: queued",
                    "queued", Level::Info, "github-actions[bot]", "production", "1470392214", "/2"},
            });
    }
}

TEST_CASE("github-deployments reads the list exactly as docs.github.com shows it, and one deployment", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/deployments, the documented example response
    const auto parsed = parseFile(deployments, gh("deployments-docs.json"));
    checkEvents(parsed,
        {{EventKind::Deploy, "2012-07-20T01:19:13.000000Z",
            "Deployment 1 of topic-branch (a84d88e) to production created: Deploy request from hubot", "", Level::Info,
            "octocat", "production", "1", "/0"}});
    CHECK(detectedFormat(gh("deployments-docs.json")) == deployments);

    // GET /repos/{owner}/{repo}/deployments/{deployment_id}: one object; payload may be a string,
    // creator null, and an app's deployment names the app.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QJsonObject one = QJsonDocument::fromJson(test::fileBytes(gh("deployments-docs.json"))).array().first().toObject();
    one.insert(u"payload", s("{\"deploy\": \"migrate\"}"));
    one.insert(u"creator", QJsonValue::Null);
    one.insert(u"performed_via_github_app",
        QJsonDocument::fromJson(R"({"id": 1, "slug": "octoapp", "name": "Octocat App", "owner": {"login": "github"},
            "created_at": "2017-07-08T16:18:44-04:00", "permissions": {"deployments": "write"},
            "events": ["deployment", "deployment_status"]})")
            .object());
    const QString path = writeTemp(dir, "deployment-1.json", QJsonDocument(one).toJson());
    CHECK(detectedFormat(path) == deployments);
    const auto single = parseFile(deployments, path);
    checkEvents(single,
        {{EventKind::Deploy, "2012-07-20T01:19:13.000000Z",
            "Deployment 1 of topic-branch (a84d88e) to production created: Deploy request from hubot", "", Level::Info,
            "", "production", "1", ""}});
}

TEST_CASE("github list formats read the pages gh api --paginate writes, one after another or slurped", "[github]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QJsonArray list = QJsonDocument::fromJson(test::fileBytes(gh("deployments.json"))).array();
    REQUIRE(list.size() == 2);
    const QByteArray page1 = QJsonDocument(QJsonArray{list[0]}).toJson();
    const QByteArray page2 = QJsonDocument(QJsonArray{list[1]}).toJson();
    const auto expectTwo = [](const test::Parsed& parsed, const char* first, const char* second) {
        checkEvents(parsed,
            {
                {EventKind::Deploy, "2026-06-18T00:28:40.000000Z",
                    "Deployment 1470392214 of main (8e1d5f3) to production created: Deploy ETL #311", "", Level::Info,
                    "github-actions[bot]", "production", "1470392214", first},
                {EventKind::Deploy, "2026-06-17T16:05:33.000000Z",
                    "Deployment 1469801111 of main (5b7e2c1) to staging created", "", Level::Info, "blindqvist",
                    "staging", "1469801111", second},
            });
    };
    SECTION("--paginate: each page its own array")
    {
        const QString path = writeTemp(dir, "deployments-paged.json", page1 + page2);
        CHECK(detectedFormat(path) == deployments);
        expectTwo(parseFile(deployments, path), "#0/0", "#1/0");
    }
    SECTION("--paginate --slurp: the pages in one array")
    {
        const QString path = writeTemp(dir, "deployments-slurped.json", "[" + page1 + "," + page2 + "]");
        CHECK(detectedFormat(path) == deployments);
        expectTwo(parseFile(deployments, path), "/0/0", "/1/0");
    }
    SECTION("a cut last page names its line in the whole file")
    {
        const QByteArray cut = page1 + page2.left(page2.size() / 2);
        const QString path = writeTemp(dir, "deployments-cut.json", cut);
        const auto parsed = parseFile(deployments, path);
        REQUIRE_FALSE(parsed.result.has_value());
        const qint64 cutLine = cut.count('\n') + 1;
        CHECK(parsed.result.error().context == path + u':' + QString::number(cutLine));
        CHECK(parsed.result.error().message.contains(s("truncated")));
    }
    SECTION("wrapped lists: check runs paged one after another, workflow runs slurped")
    {
        const QJsonObject checks = QJsonDocument::fromJson(test::fileBytes(gh("check-runs.json"))).object();
        const QJsonArray all = checks.value(u"check_runs").toArray();
        QJsonObject first = checks;
        first.insert(u"check_runs", QJsonArray{all[0]});
        QJsonObject rest = checks;
        rest.insert(u"check_runs", QJsonArray{all[1], all[2]});
        const QString paged
            = writeTemp(dir, "check-runs-paged.json", QJsonDocument(first).toJson() + QJsonDocument(rest).toJson());
        CHECK(detectedFormat(paged) == checkRuns);
        const auto parsed = parseFile(checkRuns, paged);
        REQUIRE(parsed.result.has_value());
        REQUIRE(parsed.sink.events.size() == 5);
        CHECK(str(parsed.sink.events[1].locator) == "#0/check_runs/0");
        CHECK(str(parsed.sink.events[2].locator) == "#1/check_runs/0");
        CHECK(str(parsed.sink.events[4].service) == "smoke-tests");

        // GET .../actions/runs/{run_id}/jobs pages, {"total_count", "jobs"} each.
        const QByteArray jobsPage = test::fileBytes(gh("actions-jobs.json"));
        const auto jobsOnce = parseFile(jobs, gh("actions-jobs.json"));
        REQUIRE(jobsOnce.result.has_value());
        const QString jobsPaged = writeTemp(dir, "jobs-paged.json", jobsPage + jobsPage);
        CHECK(detectedFormat(jobsPaged) == jobs);
        const auto jobsParsed = parseFile(jobs, jobsPaged);
        REQUIRE(jobsParsed.result.has_value());
        REQUIRE(jobsParsed.sink.events.size() == 2 * jobsOnce.sink.events.size());
        CHECK(str(jobsParsed.sink.events.back().locator) == "#1" + str(jobsOnce.sink.events.back().locator));
        const QString jobsSlurped = writeTemp(dir, "jobs-slurped.json", "[" + jobsPage + "," + jobsPage + "]");
        CHECK(detectedFormat(jobsSlurped) == jobs);
        const auto slurpedJobs = parseFile(jobs, jobsSlurped);
        REQUIRE(slurpedJobs.result.has_value());
        CHECK(slurpedJobs.sink.events.size() == 2 * jobsOnce.sink.events.size());
        CHECK(str(slurpedJobs.sink.events.front().locator) == "/0" + str(jobsOnce.sink.events.front().locator));

        const QByteArray runsPage = test::fileBytes(gh("actions-runs.json"));
        const QString slurped = writeTemp(dir, "runs-slurped.json", "[" + runsPage + "]");
        CHECK(detectedFormat(slurped) == runs);
        const auto runsParsed = parseFile(runs, slurped);
        REQUIRE(runsParsed.result.has_value());
        CHECK(runsParsed.sink.events.size() == 5);
        CHECK(str(runsParsed.sink.events[0].locator) == "/0/workflow_runs/0");
    }
}

TEST_CASE("github-releases: a published release is a deploy marker, drafts are skipped", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/releases
    const auto parsed = parseFile(releases, gh("releases.json"));
    checkEvents(parsed,
        {
            {EventKind::Deploy, "2026-06-18T00:25:02.000000Z", "Release v2.14.0 'Funding bands' published from 8e1d5f3",
                "published", Level::Info, "blindqvist", "etl-pipelines", "v2.14.0", "/1"},
            {EventKind::Deploy, "2026-06-17T16:01:12.000000Z", "Pre-release v2.14.0-rc.1 published from main",
                "prerelease", Level::Info, "blindqvist", "etl-pipelines", "v2.14.0-rc.1", "/2"},
        });
    CHECK(parsed.sink.skipped
        == std::vector<std::pair<qint64, QString>>{{0, s("not published: release 'v2.14.1' is a draft (at /0)")}});
}

TEST_CASE("github-check-runs: check runs are jobs, the conclusion the outcome", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/commits/{ref}/check-runs ({"total_count", "check_runs"})
    const auto parsed = parseFile(checkRuns, gh("check-runs.json"));
    checkEvents(parsed,
        {
            {EventKind::JobStart, "2026-06-18T00:29:02.000000Z", "Check 'migrate' by GitHub Actions (8e1d5f3) started",
                "", Level::Info, "", "migrate", "26190344355", "/check_runs/0"},
            {EventKind::JobEnd, "2026-06-18T00:31:37.000000Z",
                "Check 'migrate' by GitHub Actions (8e1d5f3) completed: failure (Run migrations failed)", "failure",
                Level::Error, "", "migrate", "26190344355", "/check_runs/0"},
            {EventKind::JobStart, "2026-06-18T00:25:20.000000Z", "Check 'build' by GitHub Actions (8e1d5f3) started",
                "", Level::Info, "", "build", "26190310017", "/check_runs/1"},
            {EventKind::JobEnd, "2026-06-18T00:28:33.000000Z",
                "Check 'build' by GitHub Actions (8e1d5f3) completed: success", "success", Level::Info, "", "build",
                "26190310017", "/check_runs/1"},
            // Queued: noted, not a start.
            {EventKind::Log, "2026-06-18T00:31:40.000000Z", "Check 'smoke-tests' by GitHub Actions (8e1d5f3) queued",
                "", Level::Info, "", "smoke-tests", "26190399102", "/check_runs/2"},
        });

    // GET /repos/{owner}/{repo}/check-runs/{check_run_id}: one check run.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QJsonObject first = QJsonDocument::fromJson(test::fileBytes(gh("check-runs.json")))
                                  .object()
                                  .value(u"check_runs")
                                  .toArray()
                                  .first()
                                  .toObject();
    const QString path = writeTemp(dir, "check-run.json", QJsonDocument(first).toJson());
    CHECK(detectedFormat(path) == checkRuns);
    const auto one = parseFile(checkRuns, path);
    REQUIRE(one.result.has_value());
    REQUIRE(one.sink.events.size() == 2);
    CHECK(one.sink.events[1].kind == EventKind::JobEnd);
    CHECK(str(one.sink.events[1].outcome) == "failure");
}

TEST_CASE("github-issue-events: merges, deployments, closes and labels on issues and pull requests", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/issues/events
    const auto parsed = parseFile(issueEvents, gh("issue-events.json"));
    const char* issue = "Issue #418 'Post-funding ETL failing for NHS E: column funding_band does not exist'";
    const char* pr = "PR #412 'Add funding_band column to post-funding step'";
    checkEvents(parsed,
        {
            {EventKind::Log, "2026-06-18T05:10:02.000000Z",
                (std::string(issue) + " closed in d41c9a0 by dana-ops").c_str(), "closed", Level::Info, "dana-ops",
                "etl-pipelines", "d41c9a07b3e2f5a8c6d0e1f2a3b4c5d6e7f8a9b0", "/0"},
            {EventKind::Log, "2026-06-18T01:13:05.000000Z",
                (std::string(issue) + " labeled 'incident' by dana-ops").c_str(), "labeled", Level::Info, "dana-ops",
                "etl-pipelines", "", "/1"},
            {EventKind::Merge, "2026-06-18T00:25:07.000000Z",
                (std::string(pr) + " merged in 8e1d5f3 by blindqvist").c_str(), "merged", Level::Info, "blindqvist",
                "etl-pipelines", mergeSha, "/2"},
            {EventKind::Log, "2026-06-18T00:25:07.000000Z", (std::string(pr) + " closed by blindqvist").c_str(),
                "closed", Level::Info, "blindqvist", "etl-pipelines", "", "/3"},
            {EventKind::Deploy, "2026-06-18T00:28:41.000000Z",
                (std::string(pr) + " deployed by github-actions[bot]").c_str(), "deployed", Level::Info,
                "github-actions[bot]", "etl-pipelines", "", "/4"},
        });
    CHECK(parsed.sink.skipped.empty());

    // GET .../issues/{number}/timeline mixes in reviews (submitted_at) and commits (author.date).
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = writeTemp(dir, "timeline.json", R"([
  {"id": 1, "url": "https://api.github.com/repos/acme/etl-pipelines/issues/events/1", "actor": {"login": "amoreau"},
   "event": "review_requested", "commit_id": null, "created_at": "2026-06-16T09:13:00Z",
   "requested_reviewer": {"login": "blindqvist"}},
  {"id": 2, "user": {"login": "blindqvist"}, "state": "APPROVED", "event": "reviewed",
   "submitted_at": "2026-06-17T18:02:11Z", "html_url": "https://github.com/acme/etl-pipelines/pull/412#pullrequestreview-2"},
  {"sha": "3f9c2a7b1d4e6f8a0c2e4b6d8f1a3c5e7b9d2f4a", "event": "committed",
   "author": {"name": "A. Moreau", "date": "2026-06-16T09:10:02+02:00"}, "message": "Add funding_band column\n\nDetails"}
])");
    CHECK(detectedFormat(path) == issueEvents);
    const auto timeline = parseFile(issueEvents, path);
    checkEvents(timeline,
        {
            {EventKind::Log, "2026-06-16T09:13:00.000000Z", "review requested blindqvist by amoreau",
                "review_requested", Level::Info, "amoreau", "etl-pipelines", "", "/0"},
            {EventKind::Log, "2026-06-17T18:02:11.000000Z", "reviewed approved by blindqvist", "reviewed", Level::Info,
                "blindqvist", "", "", "/1"},
            {EventKind::Log, "2026-06-16T07:10:02.000000Z", "committed 3f9c2a7 'Add funding_band column' by A. Moreau",
                "committed", Level::Info, "A. Moreau", "", "3f9c2a7b1d4e6f8a0c2e4b6d8f1a3c5e7b9d2f4a", "/2"},
        });
}

TEST_CASE("github-commits reads commits at their author dates, merge commits are merges", "[github]")
{
    // shape: GET /repos/{owner}/{repo}/commits
    const auto parsed = parseFile(commits, gh("commits.json"));
    checkEvents(parsed,
        {
            {EventKind::Merge, "2026-06-18T00:25:07.000000Z", "Merge pull request #412 from acme/amoreau/funding-band",
                "", Level::Info, "blindqvist", "etl-pipelines", mergeSha, "/0"},
            // Rebased at 00:20:45 (committer date); the change was made at 00:07:12.
            {EventKind::Commit, "2026-06-18T00:07:12.000000Z", "Add funding_band column to post-funding step", "",
                Level::Info, "amoreau", "etl-pipelines", "3f9c2a7e5b1d4c8f9a0e6b2d7c4f1a8e5b9d3c6a", "/1"},
            // No GitHub account: the author's name from the commit.
            {EventKind::Commit, "2026-06-17T22:02:44.000000Z", "Log tenant id in post-funding step", "", Level::Info,
                "Carol Nguyen", "etl-pipelines", "5b7e2c1d9a3f6e8b0c2d4f6a8b1c3e5d7f9a2b4c", "/2"},
        });
}

TEST_CASE("github-webhook reads each supported payload", "[github]")
{
    // shape: GitHub webhook payloads (X-GitHub-Event: workflow_run, workflow_job, deployment,
    // deployment_status, push, pull_request), as delivered.
    SECTION("workflow_run completed gives the run's start and end")
    {
        const auto parsed = parseFile(webhook, gh("webhook-workflow_run-completed.json"));
        checkEvents(parsed,
            {
                {EventKind::Deploy, "2026-06-18T00:25:12.000000Z", "Workflow run #311 'Deploy ETL' on main (8e1d5f3) started",
                    "", Level::Info, "blindqvist", "Deploy ETL", "9534817265", "/workflow_run"},
                {EventKind::Deploy, "2026-06-18T00:31:40.000000Z",
                    "Workflow run #311 'Deploy ETL' on main (8e1d5f3) completed: failure", "failure", Level::Error,
                    "blindqvist", "Deploy ETL", "9534817265", "/workflow_run"},
            });
    }
    SECTION("workflow_job completed gives the job and its steps")
    {
        const auto parsed = parseFile(webhook, gh("webhook-workflow_job-completed.json"));
        REQUIRE(parsed.result.has_value());
        REQUIRE(parsed.sink.events.size() == 12);
        checkEvent(parsed.sink.events[6],
            {EventKind::StepEnd, "2026-06-18T00:31:36.000000Z",
                "Step 3 'Run migrations' of job 'migrate' completed: failure", "failure", Level::Error, "", "migrate",
                "9534817265", "/workflow_job/steps/2"});
        checkEvent(parsed.sink.events[11],
            {EventKind::JobEnd, "2026-06-18T00:31:38.000000Z", "Job 'migrate' of 'Deploy ETL' completed: failure",
                "failure", Level::Error, "", "migrate", "9534817265", "/workflow_job"});
    }
    SECTION("deployment (which also carries its workflow_run)")
    {
        const auto parsed = parseFile(webhook, gh("webhook-deployment.json"));
        checkEvents(parsed,
            {{EventKind::Deploy, "2026-06-18T00:28:40.000000Z",
                "Deployment 1470392214 of main (8e1d5f3) to production created: Deploy ETL #311", "", Level::Info,
                "github-actions[bot]", "production", "1470392214", "/deployment"}});
    }
    SECTION("deployment_status")
    {
        const auto parsed = parseFile(webhook, gh("webhook-deployment_status.json"));
        checkEvents(parsed,
            {{EventKind::Deploy, "2026-06-18T00:31:39.000000Z",
                "Deployment 1470392214 to production: failure (Run migrations failed; task definitions "
                "were already registered)",
                "failure", Level::Error, "github-actions[bot]", "production", "1470392214", "/deployment_status"}});
    }
    SECTION("push: the push at the epoch pushed_at, the commits at their ISO timestamps")
    {
        const auto parsed = parseFile(webhook, gh("webhook-push.json"));
        checkEvents(parsed,
            {
                {EventKind::Log, "2026-06-18T00:25:07.000000Z", "blindqvist pushed 2 commits to refs/heads/main", "",
                    Level::Info, "blindqvist", "etl-pipelines", mergeSha, "/repository"},
                {EventKind::Commit, "2026-06-18T00:07:12.000000Z", "Add funding_band column to post-funding step", "",
                    Level::Info, "amoreau", "etl-pipelines", "3f9c2a7e5b1d4c8f9a0e6b2d7c4f1a8e5b9d3c6a", "/commits/0"},
                {EventKind::Commit, "2026-06-18T00:25:07.000000Z",
                    "Merge pull request #412 from acme/amoreau/funding-band", "", Level::Info, "blindqvist",
                    "etl-pipelines", mergeSha, "/commits/1"},
            });
    }
    SECTION("pull_request closed and merged")
    {
        const auto parsed = parseFile(webhook, gh("webhook-pull_request-merged.json"));
        checkEvents(parsed,
            {{EventKind::Merge, "2026-06-18T00:25:07.000000Z",
                "PR #412 'Add funding_band column to post-funding step' merged into main by blindqvist", "",
                Level::Info, "blindqvist", "etl-pipelines", mergeSha, "/pull_request"}});
    }
    SECTION("pull_request closed without merging is skipped with the reason")
    {
        const auto parsed = parseFile(webhook, gh("webhook-pull_request-closed-unmerged.json"));
        REQUIRE(parsed.result.has_value());
        CHECK(parsed.sink.events.empty());
        REQUIRE(parsed.sink.skipped.size() == 1);
        CHECK(
            str(parsed.sink.skipped[0].second) == "not merged: PR #409 was closed without merging (at /pull_request)");
    }
}

TEST_CASE("github-actions-log reads a job log: commands, untimed lines, BOMs, colour codes", "[github]")
{
    // shape: a GitHub Actions job log as downloaded from the run page
    const auto parsed = parseFile(actionsLog, gh("actions-job-migrate.log"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 18);
    // Three ##[endgroup] lines yield nothing; the traceback's untimed lines continue line 17.
    REQUIRE(parsed.sink.skipped.size() == 3);
    CHECK(parsed.sink.skipped[0] == std::pair<qint64, QString>(5, s("end of a log group")));
    CHECK(parsed.sink.continuations == std::vector<qint64>{18, 19, 20});

    // Line 1 starts with a BOM; the 7th fraction digit (100 ns) is below a microsecond.
    CHECK(e[0].line == 1);
    CHECK(utc(e[0].timeUs) == "2026-06-18T00:27:10.851234Z");
    CHECK(str(e[0].message) == "Current runner version: '2.317.0'");
    CHECK(e[0].kind == EventKind::Log);
    CHECK(e[0].raw.isEmpty());

    CHECK(e[1].line == 2);
    CHECK(e[1].kind == EventKind::StepStart);
    CHECK(str(e[1].message) == "Operating System");
    CHECK(str(e[1].raw) == "2026-06-18T00:27:10.8520001Z ##[group]Operating System");

    const auto at = [&](qint64 line) -> const model::Event& {
        const auto it = std::ranges::find(e, line, &model::Event::line);
        REQUIRE(it != e.end());
        return *it;
    };
    CHECK(at(11).kind == EventKind::StepStart);
    CHECK(str(at(11).message) == "Run ./scripts/migrate.sh --env production");
    // Colour codes leave the message; raw keeps them.
    CHECK(str(at(12).message) == "./scripts/migrate.sh --env production");
    CHECK(at(12).raw.contains(QChar(0x1B)));
    CHECK(at(16).level == Level::Error);
    CHECK(at(16).kind == EventKind::Error);
    CHECK(str(at(17).message)
        == std::string(
            "Traceback (most recent call last):\n"
            "  File \"/home/runner/work/etl-pipelines/etl-pipelines/scripts/migrate.py\", line 88, in <module>\n"
            "    apply(migration)\n"
            "psycopg2.errors.LockNotAvailable: canceling statement due to lock timeout"));
    CHECK(utc(at(17).timeUs) == "2026-06-18T00:31:36.512003Z");
    CHECK(at(21).level == Level::Warning);
    CHECK(at(21).kind == EventKind::Log);
    CHECK(str(at(21).message) == "Migration 0042_add_funding_band was rolled back");
    CHECK(at(22).level == Level::Error);
    CHECK(at(22).kind == EventKind::Error);
    CHECK(str(at(22).message) == "Process completed with exit code 1.");
    // A BOM in the middle of the file does not hide the timestamp.
    CHECK(str(at(23).message) == "Post job cleanup.");
    CHECK(utc(at(23).timeUs) == "2026-06-18T00:31:37.102034Z");
    // Line 24 is a timestamp with no text.
    CHECK(e.back().line == 25);
    for (const auto& event : e) {
        CHECK(event.timeQuality == TimeQuality::Explicit);
        CHECK(event.locator.isEmpty());
        CHECK(event.flags == 0u);
    }
}

TEST_CASE("github-actions-log flags cut lines and bad UTF-8, and skips text before the first time", "[github]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QByteArray log = "preamble without a time\n";
    log += "2026-06-18T00:31:36.0000000Z start " + QByteArray(ingest::LineReader::maxLineBytes + 4096, 'x') + '\n';
    log += "2026-06-18T00:31:37.0000000Z bad \xff byte\n";
    log += "untimed \xfe continuation\n";
    log += "2026-06-18T00:31:38.5Z short fraction, no newline at the end";
    const auto parsed = parseFile(actionsLog, writeTemp(dir, "huge.log", log));
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 3);
    CHECK(parsed.sink.skipped == std::vector<std::pair<qint64, QString>>{{1, s("no time in this record")}});
    const auto& e = parsed.sink.events;
    CHECK(e[0].line == 2);
    CHECK(e[0].flags == unsigned(model::Event::Truncated));
    CHECK(e[0].message.size() < ingest::LineReader::maxLineBytes);
    CHECK(e[0].message.startsWith(s("start xxx")));
    // The continuation's bad byte marks the event it joined.
    CHECK(e[1].flags == unsigned(model::Event::InvalidUtf8));
    CHECK(str(e[1].message) == "bad \uFFFD byte\nuntimed \uFFFD continuation");
    CHECK(utc(e[2].timeUs) == "2026-06-18T00:31:38.500000Z");
    CHECK(e[2].flags == 0u);
}

TEST_CASE("github formats: naive times assume the zone, missing times skip the record", "[github]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QByteArray document = R"([
      {"databaseId": 1, "workflowName": "Deploy ETL", "number": 7, "headBranch": "main", "headSha": "abcdef0123",
       "status": "completed", "conclusion": "success", "createdAt": "2026-06-18T01:25:12",
       "startedAt": "0001-01-01T00:00:00Z", "updatedAt": null},
      {"databaseId": 2, "workflowName": "Deploy ETL", "number": 8, "status": "in_progress", "conclusion": ""}
    ])";
    const auto parsed = parseFile(runs, writeTemp(dir, "runs.json", document), QTimeZone("Europe/London"));
    REQUIRE(parsed.result.has_value());
    // gh's zero startedAt is no time: the naive createdAt is used, read in Europe/London (BST).
    REQUIRE(parsed.sink.events.size() == 1);
    CHECK(utc(parsed.sink.events[0].timeUs) == "2026-06-18T00:25:12.000000Z");
    CHECK(parsed.sink.events[0].timeQuality == TimeQuality::ZoneAssumed);
    CHECK(parsed.sink.zoneAssumedCount == 1);
    // The completion has no updatedAt, the second run no time at all.
    CHECK(parsed.sink.skipped
        == std::vector<std::pair<qint64, QString>>{
            {0, s("no time in this record (at /0)")}, {0, s("no time in this record (at /1)")}});
}

TEST_CASE("github formats: broken and wrong documents are errors naming the file", "[github]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    SECTION("truncated JSON names the file, line and column")
    {
        const QByteArray whole = test::fileBytes(gh("actions-runs.json"));
        const QString path = writeTemp(dir, "runs-cut.json", whole.left(whole.size() / 2));
        const auto parsed = parseFile(runs, path);
        REQUIRE_FALSE(parsed.result.has_value());
        const Error& error = parsed.result.error();
        CHECK(error.context.startsWith(path + u':'));
        const QStringList where = error.context.sliced(path.size() + 1).split(u':');
        REQUIRE(where.size() == 2);
        CHECK(where[0].toInt() > 100); // the cut is deep in the file
        CHECK(error.message.contains(s("truncated")));
        CHECK(parsed.sink.events.empty());
    }
    SECTION("valid JSON of another shape says what was expected")
    {
        const QString path = gh("pull-412.json");
        for (const QString& format : {runs, jobs, deployments, commits, webhook}) {
            INFO(format.toStdString());
            const auto parsed = parseFile(format, path);
            REQUIRE_FALSE(parsed.result.has_value());
            CHECK(parsed.result.error().context == path);
            CHECK(parsed.result.error().message.startsWith(s("the JSON is not what this format reads: expected ")));
            CHECK(parsed.result.error().message.contains(s("GitHub")));
        }
        const QString runsPath = gh("actions-runs.json");
        const auto parsed = parseFile(pulls, runsPath);
        REQUIRE_FALSE(parsed.result.has_value());
        CHECK(parsed.result.error().toString()
            == runsPath
                + s(": the JSON is not what this format reads: expected GitHub pull requests (GET "
                    "/repos/{owner}/{repo}/pulls or /pulls/{number}); choose the format that matches the file, "
                    "or let Aftermath detect it"));
    }
}

TEST_CASE("github formats are detected for their fixtures", "[github]")
{
    const std::pair<const char*, const QString*> cases[] = {
        {"actions-runs.json", &runs},
        {"actions-run-9534817265.json", &runs},
        {"gh-run-list.json", &runs},
        {"actions-jobs.json", &jobs},
        {"actions-job-26190344355.json", &jobs},
        {"gh-run-view-jobs.json", &jobs},
        {"pull-412.json", &pulls},
        {"pulls.json", &pulls},
        {"deployments.json", &deployments},
        {"deployment-statuses.json", &deployments},
        {"commits.json", &commits},
        {"deployments-docs.json", &deployments},
        {"releases.json", &releases},
        {"check-runs.json", &checkRuns},
        {"issue-events.json", &issueEvents},
        {"webhook-workflow_run-completed.json", &webhook},
        {"webhook-workflow_job-completed.json", &webhook},
        {"webhook-deployment.json", &webhook},
        {"webhook-deployment_status.json", &webhook},
        {"webhook-push.json", &webhook},
        {"webhook-pull_request-merged.json", &webhook},
        {"webhook-pull_request-closed-unmerged.json", &webhook},
        {"actions-job-migrate.log", &actionsLog},
    };
    for (const auto& [name, format] : cases) {
        INFO(name);
        CHECK(detectedFormat(gh(name)) == *format);
    }

    SECTION("the start of a larger file is enough")
    {
        const QByteArray bytes = test::fileBytes(gh("actions-runs.json"));
        CHECK(detectedFormat(s("runs.json"), bytes.left(900), false) == runs);
        CHECK(detectedFormat(s("jobs.json"), test::fileBytes(gh("actions-jobs.json")).left(700), false) == jobs);
        CHECK(detectedFormat(s("hook.json"), test::fileBytes(gh("webhook-push.json")).left(3000), false) == webhook);
    }
}

TEST_CASE("github formats leave JSON lines, plain logs and other JSON alone", "[github]")
{
    // One object per line with a time and a message: the jsonl format's, even with GitHub-like keys.
    const QByteArray jsonLines
        = R"({"time": "2026-06-18T02:00:00Z", "message": "run started", "action": "completed", "workflow_run": {"id": 1}}
{"time": "2026-06-18T02:00:05Z", "message": "step failed", "action": "completed", "workflow_run": {"id": 1}}
)";
    const QByteArray plainLog = "2026-06-18 02:00:00,123 INFO post_funding: starting tenant 17\n"
                                "2026-06-18 02:00:05,002 ERROR post_funding: column \"funding_band\" does not exist\n";
    const QByteArray isoLog = "2026-06-18T02:00:00.123Z INFO starting\n2026-06-18T02:00:05.002Z ERROR failed\n";
    const QByteArray otherJson = R"({"billable": {"UBUNTU": {"total_ms": 0}}, "run_duration_ms": 241000})";
    const QByteArray checkSuite = R"({"action": "completed", "check_suite": {"id": 1, "status": "completed"},
                                      "repository": {"name": "etl-pipelines"}, "sender": {"login": "blindqvist"}})";
    const QByteArray gitLog = test::fileBytes(fixture(QStringLiteral("git/git-log-default.txt")));
    REQUIRE_FALSE(gitLog.isEmpty());
    for (const QByteArray& bytes : {jsonLines, plainLog, isoLog, otherJson, checkSuite, gitLog}) {
        INFO(bytes.left(60).toStdString());
        CHECK(githubClaims(ingest::makeSample(s("evidence.txt"), bytes, true)).empty());
    }
}

// ---------------------------------------------------------------------------------------------
// The shared corpus: real GitHub responses, payloads and logs nobody on this project wrote.

namespace {

struct CorpusCase {
    QString path; // under ../shared/corpus/github
    const QString* format; // nullptr: not a shape these formats read
    int events;
    int skipped;
};

void checkCorpus(std::initializer_list<CorpusCase> cases)
{
    for (const CorpusCase& c : cases) {
        INFO("corpus file " << c.path.toStdString());
        const QString path = test::corpusFile(QStringLiteral("github/") + c.path);
        if (path.isEmpty()) {
            WARN("the shared corpus is not there: skipping " << c.path.toStdString());
            continue;
        }
        if (c.format == nullptr) {
            CHECK(githubClaims(ingest::makeSample(QFileInfo(path).fileName(), test::fileBytes(path), true)).empty());
            continue;
        }
        CHECK(detectedFormat(path) == *c.format);
        const auto parsed = parseFile(*c.format, path);
        REQUIRE(parsed.result.has_value());
        CHECK(int(parsed.sink.events.size()) == c.events);
        CHECK(int(parsed.sink.skipped.size()) == c.skipped);
        for (const auto& event : parsed.sink.events) {
            CHECK(event.timeQuality == TimeQuality::Explicit);
            CHECK(event.timeUs > 1'300'000'000LL * 1'000'000); // 2011 or later
            CHECK_FALSE(event.message.isEmpty());
        }
    }
}

// The log as the runner wrote it: upstream put a "#=SOURCE=#" line first and marked one line
// with "#=MATCH=# " and ‹ › around the matched text.
QByteArray verbatimLog(const QByteArray& bytes)
{
    QList<QByteArray> lines = bytes.split('\n');
    if (!lines.isEmpty() && lines.first().startsWith("#=SOURCE=#"))
        lines.removeFirst();
    for (QByteArray& line : lines) {
        if (!line.startsWith("#=MATCH=# "))
            continue;
        line.remove(0, int(qstrlen("#=MATCH=# ")));
        const QByteArray open = "\xE2\x80\xB9"; // ‹
        const QByteArray close = "\xE2\x80\xBA"; // ›
        if (const qsizetype at = line.indexOf(open); at >= 0)
            line.remove(at, open.size());
        if (const qsizetype at = line.lastIndexOf(close); at >= 0)
            line.remove(at, close.size());
    }
    return lines.join('\n');
}

} // namespace

TEST_CASE("github corpus: recorded REST responses", "[github][corpus]")
{
    const auto p = [](const char* name) { return QString(u"rest-api-recorded/extracted-json/" + s(name)); };
    checkCorpus({
        {p("Repository.testGetWorkflowRuns__GET_repos_PyGithub_PyGithub_actions_runs.json"), &runs, 10, 0},
        {p("WorkflowRun.setUp__GET_repos_PyGithub_PyGithub_actions_runs_3881497935.json"), &runs, 2, 0},
        {p("WorkflowJob.setUp__GET_repos_PyGithub_PyGithub_actions_runs_4205440316.json"), &runs, 2, 0},
        {p("WorkflowRun.test_jobs__GET_repos_PyGithub_PyGithub_actions_runs_3881497935_jobs.json"), &jobs, 100, 0},
        {p("WorkflowJob.setUp__GET_repos_PyGithub_PyGithub_actions_runs_4205440316_jobs.json"), &jobs, 100, 0},
        {p("Deployment.setUp__GET_repos_jacquev6_PyGithub_deployments_263877258.json"), &deployments, 1, 0},
        {p("DeploymentStatus.setUp__GET_repos_jacquev6_PyGithub_deployments_263877258.json"), &deployments, 1, 0},
        {p("DeploymentStatus.setUp__GET_repos_jacquev6_PyGithub_deployments_263877258_statuses_388454671.json"),
            &deployments, 1, 0},
        {p("DeploymentStatus.testGetStatuses__GET_repos_jacquev6_PyGithub_deployments_263877258_statuses.json"),
            &deployments, 3, 0},
        {p("Repository.testGetDeployments__GET_repos_PyGithub_PyGithub_deployments.json"), &deployments, 2, 0},
        {p("PullRequest.setUp__GET_repos_FlorentClarret_PyGithub_pulls_2.json"), &pulls, 0, 1},
        {p("PullRequest.setUp__GET_repos_MarcoFalke_PyGithub_pulls_1.json"), &pulls, 0, 1},
        {p("PullRequest.setUp__GET_repos_MarcoFalke_PyGithub_pulls_2.json"), &pulls, 1, 0},
        {p("PullRequest.setUp__GET_repos_MarcoFalke_PyGithub_pulls_3.json"), &pulls, 0, 1},
        {p("PullRequest.setUp__GET_repos_MarcoFalke_PyGithub_pulls_4.json"), &pulls, 0, 1},
        {p("PullRequest.setUp__GET_repos_PyGithub_PyGithub_pulls_31.json"), &pulls, 1, 0},
        {p("PullRequest.setUp__GET_repos_austinsasko_PyGithub_pulls_21.json"), &pulls, 1, 0},
        {p("Repository.testGetPulls__GET_repos_PyGithub_PyGithub_pulls.json"), &pulls, 0, 1},
        // Billable milliseconds per OS: no times, nothing to read.
        {p("WorkflowRun.test_timing__GET_repos_PyGithub_PyGithub_actions_runs_3881497935_timing.json"), nullptr, 0, 0},
        // PyGithub's replay format (request and response on alternating lines) is a test recording,
        // not something GitHub or a tool hands an engineer.
        {s("rest-api-recorded/pygithub-replay-raw/Repository.testGetWorkflowRuns.txt"), nullptr, 0, 0},
        {s("rest-api-recorded/pygithub-replay-raw/WorkflowJob.setUp.txt"), nullptr, 0, 0},
    });

    // Spot checks of what was read.
    if (const QString path = test::corpusFile(
            s("github/rest-api-recorded/extracted-json/WorkflowJob.setUp__GET_repos_PyGithub_PyGithub_actions_runs_"
              "4205440316_jobs.json"));
        !path.isEmpty()) {
        // Job times are Z, step times +01:00: both are the same instants in UTC.
        const auto parsed = parseFile(jobs, path);
        REQUIRE(parsed.sink.events.size() == 100);
        checkEvent(parsed.sink.events[0],
            {EventKind::JobStart, "2023-02-17T16:03:46.000000Z", "Job 'test (Python 3.7)' of 'CI' started", "",
                Level::Info, "", "test (Python 3.7)", "4205440316", "/jobs/0"});
        checkEvent(parsed.sink.events[1],
            {EventKind::StepStart, "2023-02-17T16:03:46.000000Z",
                "Step 1 'Set up job' of job 'test (Python 3.7)' started", "", Level::Info, "", "test (Python 3.7)",
                "4205440316", "/jobs/0/steps/0"});
    }
    if (const QString path = test::corpusFile(
            s("github/rest-api-recorded/extracted-json/PullRequest.setUp__GET_repos_MarcoFalke_PyGithub_pulls_2.json"));
        !path.isEmpty()) {
        const auto parsed = parseFile(pulls, path);
        REQUIRE(parsed.sink.events.size() == 1);
        CHECK(utc(parsed.sink.events[0].timeUs) == "2018-05-22T14:53:13.000000Z");
        CHECK(parsed.sink.events[0].kind == EventKind::Merge);
        CHECK(str(parsed.sink.events[0].actor) == "MarcoFalke");
    }
}

TEST_CASE("github corpus: webhook payloads", "[github][corpus]")
{
    const auto p = [](const char* name) { return QString(u"webhooks/" + s(name)); };
    checkCorpus({
        {p("workflow_run__completed.payload.json"), &webhook, 2, 0},
        {p("workflow_run__completed.with-pull-requests.payload.json"), &webhook, 2, 0},
        {p("workflow_run__requested.payload.json"), &webhook, 1, 0},
        {p("workflow_run__requested.with-conclusion.payload.json"), &webhook, 2, 0},
        {p("workflow_job__queued.payload.json"), &webhook, 1, 0},
        {p("workflow_job__queued.with-deployment.payload.json"), &webhook, 1, 0},
        {p("workflow_job__waiting.payload.json"), &webhook, 1, 0},
        {p("workflow_job__in_progress.payload.json"), &webhook, 2, 0},
        {p("workflow_job__in_progress.with-queued-steps.payload.json"), &webhook, 6, 6},
        {p("workflow_job__completed.success.with-organization.payload.json"), &webhook, 18, 0},
        {p("workflow_job__completed.failure.with-organization.payload.json"), &webhook, 26, 0},
        {p("deployment__payload.json"), &webhook, 1, 0},
        {p("deployment__with-installation.payload.json"), &webhook, 1, 0},
        {p("deployment__gh-pages.payload.json"), &webhook, 1, 0},
        {p("deployment_status__payload.json"), &webhook, 1, 0},
        {p("deployment_status__with-installation.payload.json"), &webhook, 1, 0},
        {p("deployment_status__gh-pages.payload.json"), &webhook, 1, 0},
        {p("deployment_review__requested.payload.json"), &webhook, 1, 0},
        {p("pull_request__closed.payload.json"), &webhook, 0, 1},
        {p("push__payload.json"), &webhook, 1, 0},
        {p("push__1.payload.json"), &webhook, 1, 0},
        {p("push__with-installation.payload.json"), &webhook, 1, 0},
        {p("push__with-organization.payload.json"), &webhook, 1, 0},
        {p("push__with-new-branch.payload.json"), &webhook, 2, 0},
        {p("push__with-no-username-committer.payload.json"), &webhook, 2, 0},
        {p("check_run__completed.payload.json"), &webhook, 2, 0},
        {p("status__payload.json"), &webhook, 1, 0},
        // A check suite only sums up its check runs; a release is not a change to what runs.
        {p("check_suite__completed.payload.json"), nullptr, 0, 0},
        {p("release__published.payload.json"), nullptr, 0, 0},
    });

    // The push payload's repository.pushed_at is an epoch integer; the commit's time is ISO.
    if (const QString path = test::corpusFile(s("github/webhooks/push__with-new-branch.payload.json"));
        !path.isEmpty()) {
        const auto parsed = parseFile(webhook, path);
        REQUIRE(parsed.sink.events.size() == 2);
        CHECK(utc(parsed.sink.events[0].timeUs) == "2019-05-15T15:20:57.000000Z");
        CHECK(parsed.sink.events[0].kind == EventKind::Log);
        CHECK(utc(parsed.sink.events[1].timeUs) == "2019-05-15T15:19:25.000000Z");
        CHECK(parsed.sink.events[1].kind == EventKind::Commit);
        CHECK(str(parsed.sink.events[1].actor) == "Codertocat");
    }
    if (const QString path
        = test::corpusFile(s("github/webhooks/workflow_job__in_progress.with-queued-steps.payload.json"));
        !path.isEmpty()) {
        const auto parsed = parseFile(webhook, path);
        REQUIRE(parsed.sink.skipped.size() == 6);
        CHECK(str(parsed.sink.skipped[0].second) == "no time in this record (at /workflow_job/steps/3)");
        CHECK(parsed.sink.events.back().kind == EventKind::StepStart); // step 3 is still running
    }
}

TEST_CASE("github corpus: Actions job logs", "[github][corpus]")
{
    struct LogCase {
        const char* name;
        int events;
        int skipped;
        int continuations;
        int groups;
        int errors;
        const char* first;
        const char* last;
    };
    const LogCase cases[] = {
        {"pytorch__error_log1.txt", 4430, 74, 207, 74, 2, "2024-07-08T16:48:09.375004Z", "2024-07-08T16:59:37.956140Z"},
        {"pytorch__classify__docker_manifest_unknown.txt", 38, 4, 0, 4, 1, "2026-07-29T09:10:41.417626Z",
            "2026-07-29T09:10:59.937992Z"},
        {"pytorch__classify__gha_cancellation_shutdown.txt", 15, 1, 0, 1, 2, "2026-07-29T18:08:09.384921Z",
            "2026-07-29T18:08:10.647046Z"},
        {"pytorch__classify__gha_operation_canceled.txt", 60, 1, 0, 1, 1, "2026-07-28T22:57:41.442919Z",
            "2026-07-28T23:09:28.586445Z"},
        {"pytorch__classify__test_file_timeout.txt", 65, 0, 0, 1, 0, "2026-07-30T10:02:40.230623Z",
            "2026-07-30T10:37:52.622643Z"},
    };
    for (const LogCase& c : cases) {
        INFO("corpus file " << c.name);
        const QString path = test::corpusFile(QStringLiteral("github/actions-job-logs/") + s(c.name));
        if (path.isEmpty()) {
            WARN("the shared corpus is not there: skipping " << c.name);
            continue;
        }
        const QByteArray raw = test::fileBytes(path);
        const QByteArray verbatim = verbatimLog(raw);
        CHECK(detectedFormat(path) == actionsLog);
        CHECK(detectedFormat(s(c.name), verbatim) == actionsLog);

        QBuffer buffer;
        buffer.setData(verbatim);
        REQUIRE(buffer.open(QIODevice::ReadOnly));
        test::CollectingSink sink;
        ingest::ParseContext context;
        context.path = path;
        context.naiveZone = QTimeZone::utc();
        const auto result = ingest::readWith(*ingest::findFormat(actionsLog), buffer, context, sink);
        REQUIRE(result.has_value());
        CHECK(int(sink.events.size()) == c.events);
        CHECK(int(sink.skipped.size()) == c.skipped);
        CHECK(int(sink.continuations.size()) == c.continuations);
        CHECK(std::ranges::count(sink.events, EventKind::StepStart, &model::Event::kind) == c.groups);
        CHECK(std::ranges::count_if(sink.events, [](const model::Event& e) {
            return e.kind == EventKind::Error && e.raw.contains(s("##[error]"));
        }) == c.errors);
        REQUIRE_FALSE(sink.events.empty());
        CHECK(utc(sink.events.front().timeUs) == c.first);
        CHECK(utc(sink.events.back().timeUs) == c.last);
        for (const auto& event : sink.events) {
            CHECK(event.flags == 0u);
            CHECK_FALSE(event.message.contains(QChar(0x1B)));
        }
    }
    // The 110 KB line is one event, whole.
    if (const QString path = test::corpusFile(s("github/actions-job-logs/pytorch__classify__test_file_timeout.txt"));
        !path.isEmpty()) {
        const auto parsed = parseFile(actionsLog, path);
        REQUIRE(parsed.result.has_value());
        const auto longest
            = std::ranges::max(parsed.sink.events, {}, [](const model::Event& e) { return e.message.size(); });
        CHECK(longest.message.size() > 100'000);
        CHECK(longest.message.startsWith(s("Running 770 items in this shard")));
    }
}
