#include "model/timestamp.h"
#include "timeline/messagetemplate.h"
#include "timeline/render.h"
#include "timeline/timeline.h"

#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace aftermath;
using namespace aftermath::timeline;
using model::EventKind;
using model::Level;

namespace {

constexpr qint64 minute = 60LL * 1'000'000;
const qint64 night = test::incidentNightUs; // 01:00Z = 02:00 BST

// Builds events in (time, source, seq) order as the store would hand them over.
class Scenario {
public:
    Scenario& add(const QString& source, qint64 timeUs, EventKind kind, const QString& message, const QString& run = {},
        const QString& service = {}, Level level = Level::Info, const QString& outcome = {})
    {
        model::StoredEvent e;
        e.sourceName = source;
        e.event.id = ++m_nextId;
        e.event.sourceId = qHash(source) % 1000;
        e.event.timeUs = timeUs;
        e.event.seq = m_nextId;
        e.event.kind = kind;
        e.event.message = message;
        e.event.runId = run;
        e.event.service = service;
        e.event.level = kind == EventKind::Error ? Level::Error : level;
        e.event.outcome = outcome;
        m_events.push_back(e);
        return *this;
    }
    Timeline build(qint64 fromUs, qint64 toUs)
    {
        std::ranges::stable_sort(m_events, [](const auto& a, const auto& b) {
            return std::tie(a.event.timeUs, a.event.sourceId, a.event.seq)
                < std::tie(b.event.timeUs, b.event.sourceId, b.event.seq);
        });
        Options options;
        options.fromUs = fromUs;
        options.toUs = toUs;
        Reconstructor reconstructor(options);
        for (const auto& e : m_events)
            reconstructor.add(e);
        return reconstructor.finish();
    }

private:
    std::vector<model::StoredEvent> m_events;
    qint64 m_nextId = 0;
};

// The night of the motivating incident, in one tenant's log: a start, then 41 failed/retrying
// cycles three minutes apart, never a completion.
Scenario retryForever()
{
    Scenario s;
    s.add(QStringLiteral("git"), night - 53 * minute, EventKind::Commit,
        QStringLiteral("Add funding_band column to post-funding step"), QStringLiteral("4be1c1d"));
    s.add(QStringLiteral("github"), night - 35 * minute, EventKind::Merge,
        QStringLiteral("PR #412 'Add funding_band column to post-funding step' merged into main"),
        QStringLiteral("8e1d5f3a9c")); // the merge commit
    s.add(QStringLiteral("git"), night - 20 * minute, EventKind::Commit, QStringLiteral("Update README typo"));
    s.add(QStringLiteral("git"), night - 35 * minute, EventKind::Merge, QStringLiteral("Merge pull request #412"),
        QStringLiteral("8e1d5f3a9c"));
    s.add(QStringLiteral("github"), night - 29 * minute, EventKind::CiRun,
        QStringLiteral("CI run #88 'Deploy ETL' on main (8e1d5f3) completed: success"), QStringLiteral("9534817265"));
    s.add(QStringLiteral("github"), night - 32 * minute, EventKind::CiRun,
        QStringLiteral("CI run #311 'CI' on main (8e1d5f3) completed: success"), QStringLiteral("9534817266"));
    s.add(QStringLiteral("git"), night - 30 * 60 * minute, EventKind::Commit,
        QStringLiteral("Tune post-funding batch size")); // outside the 24 h look-back
    s.add(QStringLiteral("etl.log"), night, EventKind::JobStart,
        QStringLiteral("Starting create_post_funding for tenant NHS E"), QStringLiteral("NHS E"));
    for (int i = 0; i < 41; ++i) {
        const qint64 t = night + 3 * minute + i * 3 * minute;
        s.add(QStringLiteral("etl.log"), t, EventKind::Error,
            QStringLiteral("Step create_post_funding failed: column \"funding_band\" does not exist"),
            QStringLiteral("NHS E"));
        s.add(QStringLiteral("etl.log"), t + 30 * 1'000'000, EventKind::Retry,
            QStringLiteral("Retrying create_post_funding (attempt %1)").arg(i + 2), QStringLiteral("NHS E"));
        // The step starts again after each retry: one retry, not two.
        if (i < 40)
            s.add(QStringLiteral("etl.log"), t + 3 * minute - 1, EventKind::JobStart,
                QStringLiteral("Starting create_post_funding for tenant NHS E"), QStringLiteral("NHS E"));
    }
    return s;
}

} // namespace

TEST_CASE("templates mask what varies and keep what names", "[timeline]")
{
    CHECK(messageTemplate(u"Retrying create_post_funding (attempt 12) after 30s")
        == QStringLiteral("Retrying create_post_funding (attempt <*>) after <*>"));
    CHECK(
        messageTemplate(u"column \"funding_band\" does not exist") == QStringLiteral("column \"<*>\" does not exist"));
    CHECK(messageTemplate(u"ECS task etl-post-funding:42 RUNNING")
        == QStringLiteral("ECS task etl-post-funding:<*> RUNNING"));
    CHECK(messageTemplate(u"deployed 4be1c1d9e0 to prod.") == QStringLiteral("deployed <*> to prod."));
    CHECK(messageTemplate(u"failed\n  File \"x.py\", line 3") == QStringLiteral("failed"));
    CHECK(messageTemplate(u"Step failed") != messageTemplate(u"Step started"));
    CHECK(messageTemplate(u"block blk_-6952295868487656571 of appattempt_1445144423722_0020_000001")
        == QStringLiteral("block blk_<*> of appattempt_<*>"));
    CHECK(messageTemplate(u"at Fri Jun 17 07:07:00 2005, on Fri") == QStringLiteral("at <*> <*> <*> <*> <*>, on Fri"));
}

TEST_CASE("repeats within a run collapse into one entry with a count and a span", "[timeline]")
{
    Scenario s;
    for (int i = 0; i < 10; ++i)
        s.add(QStringLiteral("api.log"), night + i * minute, EventKind::Error,
            QStringLiteral("Connection pool exhausted (%1 waiting)").arg(20 + i));
    s.add(QStringLiteral("api.log"), night + 2 * minute, EventKind::Log, QStringLiteral("GC pause 120ms"));
    s.add(QStringLiteral("other.log"), night + 3 * minute, EventKind::Error,
        QStringLiteral("Connection pool exhausted (7 waiting)")); // another source: its own entry
    const Timeline t = s.build(night - 60 * minute, night + 60 * minute);
    REQUIRE(t.entries.size() == 3);
    const Entry& errors = t.entries[0];
    CHECK(errors.kind == EventKind::Error);
    CHECK(errors.count == 10);
    CHECK(errors.key);
    CHECK(errors.summary == QStringLiteral("Connection pool exhausted (20 waiting)"));
    CHECK(model::formatUtc(errors.timeUs) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    CHECK(model::formatUtc(*errors.endUs) == QStringLiteral("2026-06-18T01:09:00.000000Z"));
    CHECK(errors.eventIds.size() == 10);
    CHECK(t.entries[1].summary == QStringLiteral("GC pause 120ms"));
    CHECK_FALSE(t.entries[1].key); // plain log lines show with --all
    CHECK(t.entries[2].source == QStringLiteral("other.log"));
    CHECK(t.entries[2].count == 1);
}

TEST_CASE("a repeating started / failed / retrying cycle is one entry", "[timeline]")
{
    const Timeline t = retryForever().build(night - 60 * minute, night + 8 * 60 * minute);
    std::vector<const Entry*> key;
    for (const Entry& e : t.entries) {
        if (e.key)
            key.push_back(&e);
    }
    REQUIRE(key.size() == 7); // 6 changes in the window, then the cycle
    const Entry& cycle = *key[6];
    CHECK(cycle.kind == EventKind::Error);
    CHECK(cycle.count == 41);
    CHECK(model::formatUtc(cycle.timeUs) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    CHECK(model::formatUtc(*cycle.endUs) == QStringLiteral("2026-06-18T03:03:30.000000Z")); // the last retry
    CHECK(cycle.summary
        == QStringLiteral("Starting create_post_funding for tenant NHS E → Step create_post_funding failed: column "
                          "\"funding_band\" does not exist → Retrying create_post_funding (attempt 2)"));
    // Every event of its three steps (41 starts, 41 failures, 41 retries), to cite them all.
    CHECK(cycle.eventIds.size() == 3 * 41);

    // Steady repeats with no failure in them are not folded into a cycle.
    Scenario steady;
    for (int i = 0; i < 5; ++i) {
        steady.add(QStringLiteral("cron.log"), night + i * 10 * minute, EventKind::JobStart,
            QStringLiteral("heartbeat job started"), QStringLiteral("hb"));
        steady.add(QStringLiteral("cron.log"), night + i * 10 * minute + 1, EventKind::JobEnd,
            QStringLiteral("heartbeat job finished"), QStringLiteral("hb"));
    }
    const Timeline quiet = steady.build(night - 60 * minute, night + 60 * minute);
    CHECK(quiet.entries.size() == 2);
    REQUIRE(quiet.runs.size() == 5);
    CHECK(quiet.runs.back().outcome == Run::Outcome::Succeeded);
}

TEST_CASE("a run that never completes, its retry loop and the first error are findings", "[timeline]")
{
    const Timeline t = retryForever().build(night - 60 * minute, night + 8 * 60 * minute);
    REQUIRE(t.runs.size() == 1);
    const Run& run = t.runs.front();
    CHECK(run.run == QStringLiteral("NHS E"));
    CHECK(run.outcome == Run::Outcome::Unfinished);
    CHECK(run.retries == 41);
    CHECK(run.errors == 41);
    std::map<Finding::Type, std::vector<const Finding*>> byType;
    for (const Finding& f : t.findings)
        byType[f.type].push_back(&f);
    REQUIRE(byType[Finding::Type::FirstError].size() == 1);
    CHECK(byType[Finding::Type::FirstError].front()->timeUs == night + 3 * minute);
    REQUIRE(byType[Finding::Type::UnfinishedRun].size() == 1);
    CHECK(byType[Finding::Type::UnfinishedRun].front()->summary.contains(QStringLiteral("never completed")));
    REQUIRE(byType[Finding::Type::RetryLoop].size() == 1);
    CHECK(byType[Finding::Type::RetryLoop].front()->summary
        == QStringLiteral("NHS E retried 41 times, no retry limit seen"));
    CHECK(t.phases.impactStart == night + 3 * minute);
}

TEST_CASE("suspects: changes before the first error, ranked by shared names and proximity", "[timeline]")
{
    const Timeline t = retryForever().build(night - 60 * minute, night + 8 * 60 * minute);
    std::vector<const Finding*> suspects;
    for (const Finding& f : t.findings) {
        if (f.type == Finding::Type::SuspectChange)
            suspects.push_back(&f);
    }
    // The commit 30 h earlier is outside the look-back; the PR's merge and the merge commit in git
    // log are one suspect with both events.
    REQUIRE(suspects.size() == 5);
    CHECK(suspects[0]->summary.startsWith(QStringLiteral("PR #412")));
    CHECK(suspects[0]->rank == 1);
    CHECK(suspects[0]->eventIds.size() == 2);
    CHECK(suspects[0]->reason.endsWith(QStringLiteral("also seen as: Merge pull request #412")));
    CHECK(suspects[0]->reason.startsWith(QStringLiteral("merge 38 min before the first error")));
    CHECK(suspects[0]->reason.contains(QStringLiteral("band, funding, post")));
    // The deploy of the merged commit ranks right after it; a CI build of it does not.
    CHECK(suspects[1]->summary.startsWith(QStringLiteral("CI run #88 'Deploy ETL'")));
    CHECK(suspects[1]->reason.contains(QStringLiteral("deploys 8e1d5f3 (PR #412")));
    CHECK(suspects[2]->summary == QStringLiteral("Add funding_band column to post-funding step"));
    const auto build = std::ranges::find_if(
        suspects, [](const Finding* f) { return f->summary.startsWith(QStringLiteral("CI run #311")); });
    REQUIRE(build != suspects.end());
    CHECK((*build)->reason.contains(QStringLiteral("builds 8e1d5f3")));
    CHECK(suspects.back()->summary == QStringLiteral("Update README typo")); // closest, but about something else
    CHECK(t.phases.trigger == night - 35 * minute);

    // How long before the first error, in the one duration format (model::formatDuration).
    Scenario earlier = retryForever();
    earlier.add(QStringLiteral("deploys"), night + 3 * minute - 95 * minute, EventKind::Deploy,
        QStringLiteral("Deploy of funding service 2.1"));
    const Timeline withDeploy = earlier.build(night - 120 * minute, night + 8 * 60 * minute);
    const auto deploy = std::ranges::find_if(withDeploy.findings, [](const Finding& f) {
        return f.type == Finding::Type::SuspectChange && f.summary.startsWith(QStringLiteral("Deploy of funding"));
    });
    REQUIRE(deploy != withDeploy.findings.end());
    CHECK(deploy->reason.startsWith(QStringLiteral("deploy 1 h 35 min before the first error")));
}

TEST_CASE("runs pair starts with ends, a lower revision after a higher one is a rollback", "[timeline]")
{
    Scenario s;
    s.add(QStringLiteral("ecs"), night, EventKind::JobStart, QStringLiteral("ECS task etl-post-funding:42 RUNNING"),
        QStringLiteral("task-a"), QStringLiteral("family:etl-post-funding"));
    s.add(QStringLiteral("ecs"), night + 2 * minute, EventKind::Error, QStringLiteral("step failed"),
        QStringLiteral("task-a"), QStringLiteral("family:etl-post-funding"));
    s.add(QStringLiteral("ecs"), night + 219 * minute, EventKind::JobStart,
        QStringLiteral("ECS task etl-post-funding:41 RUNNING"), QStringLiteral("task-b"),
        QStringLiteral("family:etl-post-funding"));
    s.add(QStringLiteral("ecs"), night + 242 * minute, EventKind::JobEnd,
        QStringLiteral("ECS task etl-post-funding:41 STOPPED"), QStringLiteral("task-b"),
        QStringLiteral("family:etl-post-funding"), Level::Info,
        QStringLiteral("STOPPED etl-post-funding:41 (exit 0, EssentialContainerExited)"));
    // A bot's routine post is not detection; someone saying something is wrong is.
    s.add(QStringLiteral("slack"), night + 30 * minute, EventKind::Alert,
        QStringLiteral("etl-post-funding started for NHS S"));
    s.add(QStringLiteral("slack"), night + 300 * minute, EventKind::Chat, QStringLiteral("reports look incomplete?"));
    const Timeline t = s.build(night - 60 * minute, night + 8 * 60 * minute);
    REQUIRE(t.runs.size() == 2);
    CHECK(t.runs[0].outcome == Run::Outcome::Unfinished);
    CHECK(t.runs[0].version == QStringLiteral("etl-post-funding:42"));
    CHECK(t.runs[1].outcome == Run::Outcome::Succeeded);
    CHECK(*t.runs[1].endedUs == night + 242 * minute);
    const auto version = std::ranges::find(t.findings, Finding::Type::VersionChange, &Finding::type);
    REQUIRE(version != t.findings.end());
    CHECK(version->summary
        == QStringLiteral("etl-post-funding ran etl-post-funding:41 after etl-post-funding:42 (a rollback)"));
    CHECK(t.phases.mitigated == night + 219 * minute);
    CHECK(t.phases.resolved == night + 242 * minute);
    CHECK(t.phases.detected == night + 300 * minute);
}

TEST_CASE("a run several sources report is one run, other tenants and reruns stay apart", "[timeline]")
{
    const QString ecs = QStringLiteral("ecs-task-events.json");
    const QString logs = QStringLiteral("cloudwatch.json");
    const QString slack = QStringLiteral("slack-export");
    const QString taskA = QStringLiteral("3f9c1e7a52b84d0e9a61c2f7d4b80e15");
    const QString family = QStringLiteral("family:etl");
    Scenario s;
    // ACME's run on :42: the task, its log stream (named after the task) and the bot's post.
    s.add(ecs, night, EventKind::JobStart, QStringLiteral("ECS task etl:42 RUNNING for tenant ACME"), taskA, family);
    s.add(logs, night + 2'000'000, EventKind::JobStart, QStringLiteral("Starting load (task definition etl:42)"), {},
        QStringLiteral("ecs/etl/") + taskA);
    s.add(slack, night + 4'000'000, EventKind::JobStart, QStringLiteral("etl started for ACME (etl:42)"),
        QStringLiteral("ACME"), QStringLiteral("etl"));
    for (int i = 0; i < 4; ++i)
        s.add(logs, night + (i + 1) * 3 * minute, EventKind::Retry, QStringLiteral("Retrying load"), {},
            QStringLiteral("ecs/etl/") + taskA);
    // BETA's run starts a minute later: another tenant, another run.
    s.add(ecs, night + minute, EventKind::JobStart, QStringLiteral("ECS task etl:42 RUNNING for tenant BETA"),
        QStringLiteral("8b2d47e1c0a94f3b86e5d1a27c9f4b60"), family);
    s.add(slack, night + minute + 3'000'000, EventKind::JobStart, QStringLiteral("etl started for BETA (etl:42)"),
        QStringLiteral("BETA"), QStringLiteral("etl"));
    // ACME rerun on :41 hours later, which the bot reports in the same channel: a new run, not a
    // restart of the open one.
    s.add(ecs, night + 200 * minute, EventKind::JobStart, QStringLiteral("ECS task etl:41 RUNNING for tenant ACME"),
        QStringLiteral("c5e80b3d17f2468a9b0d3e6f1a2c4b57"), family);
    s.add(slack, night + 200 * minute + 3'000'000, EventKind::JobStart, QStringLiteral("etl started for ACME (etl:41)"),
        QStringLiteral("ACME"), QStringLiteral("etl"));
    s.add(ecs, night + 213 * minute, EventKind::JobEnd, QStringLiteral("ECS task etl:41 STOPPED for tenant ACME"),
        QStringLiteral("c5e80b3d17f2468a9b0d3e6f1a2c4b57"), family, Level::Info, QStringLiteral("STOPPED (exit 0)"));
    s.add(slack, night + 213 * minute + 9'000'000, EventKind::JobEnd,
        QStringLiteral(":white_check_mark: etl completed for ACME (etl:41)"), QStringLiteral("ACME"),
        QStringLiteral("etl"), Level::Info, QStringLiteral("succeeded"));
    const Timeline t = s.build(night - 60 * minute, night + 8 * 60 * minute);
    REQUIRE(t.runs.size() == 3);
    const Run& acme = t.runs[0];
    CHECK(acme.job == QStringLiteral("etl"));
    CHECK(acme.tenant == QStringLiteral("ACME"));
    CHECK(acme.run == QStringLiteral("ACME"));
    CHECK(acme.runId == taskA);
    CHECK(acme.sources == QStringList{ecs, logs, slack});
    CHECK(acme.startedUs == night);
    CHECK(acme.outcome == Run::Outcome::Unfinished);
    CHECK(acme.retries == 4);
    CHECK(acme.version == QStringLiteral("etl:42"));
    CHECK(acme.startEventIds.size() == 3);
    const Run& beta = t.runs[1];
    CHECK(beta.tenant == QStringLiteral("BETA"));
    CHECK(beta.sources == QStringList{ecs, slack});
    CHECK(beta.retries == 0);
    const Run& rerun = t.runs[2];
    CHECK(rerun.tenant == QStringLiteral("ACME"));
    CHECK(rerun.version == QStringLiteral("etl:41"));
    CHECK(rerun.outcome == Run::Outcome::Succeeded);
    CHECK(rerun.endedUs == night + 213 * minute); // the task's stop, not the bot's post seconds later
    CHECK(std::ranges::count(t.findings, Finding::Type::UnfinishedRun, &Finding::type) == 2);

    // The run's start is one key entry citing each source's start; those entries show with --all.
    std::vector<const Entry*> starts;
    for (const Entry& e : t.entries) {
        if (e.key && e.kind == EventKind::JobStart)
            starts.push_back(&e);
        if (e.source == slack && e.kind == EventKind::JobStart)
            CHECK_FALSE(e.key); // one entry for both of ACME's posts: each is a run's start
    }
    REQUIRE(starts.size() == 3);
    CHECK(starts[0]->summary == QStringLiteral("etl for ACME started on etl:42"));
    CHECK(starts[0]->source == QStringLiteral("ecs-task-events.json, cloudwatch.json, slack-export"));
    CHECK(starts[0]->eventIds == acme.startEventIds);
    const auto end
        = std::ranges::find_if(t.entries, [](const Entry& e) { return e.key && e.kind == EventKind::JobEnd; });
    REQUIRE(end != t.entries.end());
    CHECK(end->summary == QStringLiteral("etl for ACME succeeded on etl:41"));
    CHECK(end->timeUs == night + 213 * minute);

    // A run whose start names only the commit it was built from runs that commit.
    Scenario built;
    built.add(QStringLiteral("job.log"), night, EventKind::JobStart,
        QStringLiteral("Starting nightly load (build 8e1d5f3a9c)"), QStringLiteral("nightly"));
    REQUIRE(built.build(night - minute, night + minute).runs.size() == 1);
    CHECK(built.build(night - minute, night + minute).runs[0].version == QStringLiteral("8e1d5f3a9c"));

    // The same tenant in one source only, or a start too far apart, is not linked.
    Scenario apart;
    apart.add(
        ecs, night, EventKind::JobStart, QStringLiteral("ECS task etl:42 RUNNING for tenant ACME"), taskA, family);
    apart.add(slack, night + 30 * minute, EventKind::JobStart, QStringLiteral("etl started for ACME"),
        QStringLiteral("ACME"), QStringLiteral("etl"));
    CHECK(apart.build(night - 60 * minute, night + 60 * minute).runs.size() == 2);
}

TEST_CASE("rendering: zones with offsets, dates across days, offsets across a DST change, JSON contract", "[timeline]")
{
    const QTimeZone london("Europe/London");
    Timeline t = retryForever().build(night - 60 * minute, night + 8 * 60 * minute);
    const QString text = renderText(t, london, false);
    CHECK(
        text.startsWith(QStringLiteral("Timeline 2026-06-18T01:00:00.000000+01:00 to 2026-06-18T10:00:00.000000+01:00 "
                                       "(times in Europe/London, UTC+01:00)\n")));
    CHECK(
        text.contains(QStringLiteral("\n02:00:00–04:03:30  error      Starting create_post_funding for tenant NHS E → "
                                     "Step create_post_funding failed: column \"funding_band\" does not exist → "
                                     "Retrying create_post_funding (attempt 2) ×41  [etl.log]\n")));
    CHECK(text.contains(QStringLiteral("  trigger       01:25:00\n")));
    CHECK(renderText(t, london, false) == text); // deterministic

    // Across midnight: dates are shown.
    Scenario days;
    days.add(QStringLiteral("a"), night - 3 * 60 * minute, EventKind::Deploy, QStringLiteral("deploy v1"));
    days.add(QStringLiteral("a"), night + 60 * minute, EventKind::Deploy, QStringLiteral("deploy v2"));
    const QString twoDays = renderText(days.build(night - 4 * 60 * minute, night + 2 * 60 * minute), london, false);
    CHECK(twoDays.contains(QStringLiteral("2026-06-17 23:00:00")));
    // Across the October DST change: every time carries its offset.
    const qint64 autumn = model::parseIsoTime(u"2026-10-25T00:30:00Z", QTimeZone::utc()).value();
    Scenario dst;
    dst.add(QStringLiteral("a"), autumn, EventKind::Deploy, QStringLiteral("before the change"));
    dst.add(QStringLiteral("a"), autumn + 60 * minute, EventKind::Deploy, QStringLiteral("after the change"));
    const QString changing = renderText(dst.build(autumn - minute, autumn + 2 * 60 * minute), london, false);
    CHECK(changing.contains(QStringLiteral("01:30:00 +01:00")));
    CHECK(changing.contains(QStringLiteral("01:30:00 +00:00")));

    const QJsonObject json = QJsonDocument::fromJson(renderJson(t, london, false).toUtf8()).object();
    CHECK(json[u"tz"].toString() == QStringLiteral("Europe/London"));
    CHECK(json[u"window"][u"from"].toString() == QStringLiteral("2026-06-18T01:00:00.000000+01:00"));
    const QJsonArray entries = json[u"entries"].toArray();
    REQUIRE(entries.size() == 7); // key entries: 6 changes and the cycle
    CHECK(entries[6][u"count"].toInt() == 41);
    CHECK(entries[6][u"end"].toString() == QStringLiteral("2026-06-18T04:03:30.000000+01:00"));
    CHECK(json[u"runs"].toArray()[0][u"outcome"].toString() == QStringLiteral("unfinished"));
    CHECK(json[u"findings"].toArray()[0][u"type"].toString() == QStringLiteral("first_error"));
    CHECK(json[u"phases"][u"detected"].isNull());
    CHECK(json[u"phases"][u"impact_start"].toString() == QStringLiteral("2026-06-18T02:03:00.000000+01:00"));

    const QString markdown = renderMarkdown(t, london, false);
    CHECK(markdown.contains(QStringLiteral("create\\_post\\_funding")));
}

TEST_CASE("an empty window gives an empty timeline", "[timeline]")
{
    const Timeline t = retryForever().build(night + 100 * 60 * minute, night + 101 * 60 * minute);
    CHECK(t.entries.empty());
    CHECK(t.runs.empty());
    CHECK(t.findings.empty());
}
