#include "timeline.h"

#include "model/handoff.h"
#include "model/timeformat.h"
#include "templateminer.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

namespace aftermath::timeline {

namespace {

using model::EventKind;
using model::Level;

constexpr qint64 usPerMinute = 60LL * 1'000'000;
constexpr qsizetype maxSummaryChars = 240;
constexpr qint64 retryLoopThreshold = 3;
// Runs in different sources that start this close together can be one run (see sameRun).
constexpr qint64 runLinkWindowUs = 10 * usPerMinute;

bool isChange(EventKind kind)
{
    return kind == EventKind::Commit || kind == EventKind::Merge || kind == EventKind::Deploy
        || kind == EventKind::CiRun;
}

bool isError(const model::Event& e) { return e.kind == EventKind::Error || e.level >= Level::Error; }

bool isKeyKind(EventKind kind)
{
    switch (kind) {
    case EventKind::Commit:
    case EventKind::Merge:
    case EventKind::Deploy:
    case EventKind::CiRun:
    case EventKind::JobStart:
    case EventKind::JobEnd:
    case EventKind::Error:
    case EventKind::Retry:
    case EventKind::Chat:
    case EventKind::Alert:
        return true;
    case EventKind::Log:
    case EventKind::StepStart:
    case EventKind::StepEnd:
        return false;
    }
    return false;
}

// The first line of a message, without what the timeline shows in its own columns: a leading
// timestamp and a "logger - LEVEL -" prefix, as Python logging writes into CloudWatch messages.
QString firstLine(const QString& message)
{
    static const QRegularExpression prefix(QStringLiteral(
        "^\\[?\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?\\]?\\s*(?:-\\s+)?"
        "|^(?:[\\w.]+\\s+-\\s+)?(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\\s+-\\s+"));
    QString line = message.section(u'\n', 0, 0).trimmed();
    for (int pass = 0; pass < 2; ++pass) {
        const auto match = prefix.match(line);
        if (!match.hasMatch() || match.capturedLength() == line.size())
            break;
        line = line.sliced(match.capturedLength());
    }
    if (line.size() > maxSummaryChars)
        line = line.left(maxSummaryChars - 1) + QChar(0x2026);
    return line;
}

// Words that say what a change or a failure is about: lower case, split at separators, stop words
// and short words dropped ("create_post_funding" -> create, post, funding).
QSet<QString> topicWords(const QString& text)
{
    static const QSet<QString> stopWords = {QStringLiteral("from"), QStringLiteral("into"), QStringLiteral("with"),
        QStringLiteral("this"), QStringLiteral("that"), QStringLiteral("main"), QStringLiteral("master"),
        QStringLiteral("merge"), QStringLiteral("merged"), QStringLiteral("pull"), QStringLiteral("request"),
        QStringLiteral("commit"), QStringLiteral("deploy"), QStringLiteral("started"), QStringLiteral("starting"),
        QStringLiteral("completed"), QStringLiteral("success"), QStringLiteral("failure"), QStringLiteral("failed"),
        QStringLiteral("error"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("does"),
        QStringLiteral("exist"), QStringLiteral("column"), QStringLiteral("step"), QStringLiteral("tenant"),
        QStringLiteral("task"), QStringLiteral("running"), QStringLiteral("queued"), QStringLiteral("run")};
    QSet<QString> words;
    QString word;
    auto flush = [&] {
        if (word.size() >= 4 && !stopWords.contains(word)
            && !std::ranges::all_of(word, [](QChar c) { return c.isDigit(); }))
            words.insert(word);
        word.clear();
    };
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            word += c.toLower();
        else
            flush();
    }
    flush();
    return words;
}

// Words of an alert or a message that reports trouble.
bool soundsWrong(const QString& message)
{
    static const QRegularExpression trouble(QStringLiteral(
        "(?i)\\b(?:fail\\w*|error\\w*|not completed|incomplete|stuck|missing|down|outage|broken|firing|critical|"
        "timed? ?out|overdue|late|wrong|warning|alarm|incident)\\b|:warning:|:rotating_light:|:red_circle:"));
    return trouble.match(message).hasMatch();
}

// "etl-post-funding:42" in "ECS task etl-post-funding:42 RUNNING"
const QRegularExpression versionPattern(QStringLiteral("\\b([A-Za-z][\\w.-]*):(\\d+)\\b"));

// The version a run's start names: a task definition revision ("etl-post-funding:42"), else the
// commit it was built from ("build 8e1d5f3", "commit=4be1c1d9e0").
QString versionOf(const QString& message)
{
    if (const auto revision = versionPattern.match(message); revision.hasMatch())
        return revision.captured(0);
    static const QRegularExpression commit(
        QStringLiteral("(?i)\\b(?:build|commit|sha|revision|rev)[ :=#]+([0-9a-f]{7,40})\\b"));
    if (const auto sha = commit.match(message); sha.hasMatch())
        return sha.captured(1).left(12);
    return {};
}

struct Group {
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    EventKind kind = EventKind::Log;
    bool error = false;
    QString source;
    QString run;
    QString summary;
    qint64 count = 0;
    std::vector<qint64> eventIds;
};

// What makes repeats one entry: the same source, run, kind (and error-ness) and message template.
struct GroupKey {
    QString source;
    QString run;
    std::size_t messageTemplate; // the miner's cluster
    int kindAndError;
    bool operator==(const GroupKey&) const = default;
};

size_t qHash(const GroupKey& key, size_t seed = 0)
{
    return qHashMulti(seed, key.source, key.run, key.messageTemplate, key.kindAndError);
}

struct Change {
    qint64 timeUs;
    EventKind kind;
    QString summary;
    QSet<QString> words;
    qint64 eventId;
    QString text; // message and run id, to find the commits a deploy or CI run names
    QString commit; // the commit a merge or commit event is about (its sha), when known
    QString identity; // kind and run id: a PR's merge and its merge commit, a run's start and end, are one change
};

// A commit sha (7 to 40 hex digits) in a run id, or nothing.
QString commitSha(const QString& runId)
{
    static const QRegularExpression sha(QStringLiteral("^[0-9a-f]{7,40}$"));
    return sha.match(runId).hasMatch() ? runId : QString();
}

// The tenant a run is for: named in its start ("for tenant NHS E", "tenant=acme"), or its run id
// when that is a name rather than an id (the tenant rule sets it so for plain logs).
QString tenantOf(const model::Event& e)
{
    static const QRegularExpression named(QStringLiteral("(?i:\\btenant)[:= ]+\"?(\\w[\\w-]*(?: [A-Z0-9][\\w-]*)?)"));
    if (const auto match = named.match(e.message); match.hasMatch())
        return match.captured(1);
    static const QRegularExpression idLike(QStringLiteral("^[0-9a-fA-F-]{8,}$|^\\d+$|[/:]"));
    if (!e.runId.isEmpty() && e.runId.size() <= 60 && !idLike.match(e.runId).hasMatch())
        return e.runId;
    return {};
}

// The job a run is of, without the wrapping sources add ("family:etl-post-funding").
QString plainJob(const QString& job) { return job.startsWith(u"family:") ? job.sliced(7) : job; }

// Long hexadecimal ids (ECS task ids, UUIDs without dashes) a run's job and run id carry; a log
// stream "ecs/etl-post-funding/3f9c1e7a..." names the ECS task it is the log of.
QSet<QString> runIds(const Run& run)
{
    static const QRegularExpression hexId(QStringLiteral("[0-9a-f]{16,}"));
    QSet<QString> ids;
    for (const QString& text : {run.job, run.runId}) {
        for (auto it = hexId.globalMatch(text); it.hasNext();)
            ids.insert(it.next().captured(0));
    }
    return ids;
}

// Whether two runs from different sources describe the same run: they share a task id, or they
// are of the same tenant and job, started within minutes of each other, on the same version.
bool sameRun(const Run& a, const Run& b, const QSet<QString>& idsA, const QSet<QString>& idsB)
{
    if (a.source == b.source)
        return false;
    if (idsA.intersects(idsB))
        return true;
    if (a.tenant.isEmpty() || a.tenant.compare(b.tenant, Qt::CaseInsensitive) != 0)
        return false;
    if (!a.version.isEmpty() && !b.version.isEmpty() && a.version != b.version)
        return false;
    if (std::abs(a.startedUs - b.startedUs) > runLinkWindowUs)
        return false;
    const QSet<QString> jobA = topicWords(plainJob(a.job));
    const QSet<QString> jobB = topicWords(plainJob(b.job));
    return jobA.isEmpty() || jobB.isEmpty() || jobA.intersects(jobB);
}

// One run from the runs found per source that describe it (`members`, in start order).
Run mergeRuns(const std::vector<const Run*>& members)
{
    Run merged = *members.front();
    merged.sources.clear();
    merged.eventIds.clear();
    merged.startEventIds.clear();
    merged.endEventIds.clear();
    std::optional<qint64> succeededAt;
    std::optional<qint64> failedAt;
    for (const Run* run : members) {
        if (!merged.sources.contains(run->source))
            merged.sources << run->source;
        std::ranges::copy(run->startEventIds, std::back_inserter(merged.startEventIds));
        std::ranges::copy(run->endEventIds, std::back_inserter(merged.endEventIds));
        const QString job = plainJob(run->job);
        if (!job.isEmpty()
            && (merged.job.isEmpty() || job.size() < merged.job.size()
                || (job.size() == merged.job.size() && job < merged.job)))
            merged.job = job;
        if (merged.tenant.isEmpty())
            merged.tenant = run->tenant;
        if (merged.version.isEmpty())
            merged.version = run->version;
        merged.retries = std::max(merged.retries, run->retries);
        merged.errors = std::max(merged.errors, run->errors);
        // The earliest report of the end is when it ended; a chat bot posts seconds later.
        if (run->endedUs && run->outcome == Run::Outcome::Failed)
            failedAt = std::min(failedAt.value_or(*run->endedUs), *run->endedUs);
        if (run->endedUs && run->outcome == Run::Outcome::Succeeded)
            succeededAt = std::min(succeededAt.value_or(*run->endedUs), *run->endedUs);
    }
    merged.job = merged.job.isEmpty() ? plainJob(members.front()->job) : merged.job;
    if (!merged.tenant.isEmpty())
        merged.run = merged.tenant;
    merged.outcome = failedAt ? Run::Outcome::Failed : succeededAt ? Run::Outcome::Succeeded : Run::Outcome::Unfinished;
    merged.endedUs = failedAt ? failedAt : succeededAt;
    // Every member's start first, then the rest of each, up to the evidence limit.
    for (const Run* run : members)
        merged.eventIds.push_back(run->eventIds.front());
    for (const Run* run : members) {
        for (std::size_t i = 1; i < run->eventIds.size() && merged.eventIds.size() < maxEvidence; ++i)
            merged.eventIds.push_back(run->eventIds[i]);
    }
    return merged;
}

// Runs linked across sources (see sameRun), in start order.
std::vector<Run> linkRuns(const std::vector<Run>& runs)
{
    std::vector<std::size_t> order(runs.size());
    std::iota(order.begin(), order.end(), 0);
    std::ranges::stable_sort(
        order, [&](std::size_t a, std::size_t b) { return runs[a].startedUs < runs[b].startedUs; });
    std::vector<QSet<QString>> ids;
    for (const Run& run : runs)
        ids.push_back(runIds(run));
    // Union-find over runs; a run joins the group of the first earlier run it describes.
    std::vector<std::size_t> parent(runs.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](std::size_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    };
    for (std::size_t i = 0; i < order.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            const std::size_t a = order[j], b = order[i];
            if (root(a) == root(b) || !sameRun(runs[a], runs[b], ids[a], ids[b]))
                continue;
            // One run per source in a group: two runs of one source are two runs.
            bool clash = false;
            for (std::size_t k = 0; k < runs.size() && !clash; ++k)
                clash = root(k) == root(a) && runs[k].source == runs[b].source;
            if (!clash)
                parent[root(b)] = root(a);
        }
    }
    std::vector<Run> linked;
    QHash<std::size_t, std::size_t> groupOf; // root -> index in linked
    std::vector<std::vector<const Run*>> groups;
    for (const std::size_t i : order) {
        const std::size_t r = root(i);
        auto found = groupOf.constFind(r);
        if (found == groupOf.constEnd()) {
            found = groupOf.insert(r, groups.size());
            groups.emplace_back();
        }
        groups[*found].push_back(&runs[i]);
    }
    for (const auto& members : groups)
        linked.push_back(members.size() == 1 ? *members.front() : mergeRuns(members));
    for (Run& run : linked)
        run.job = plainJob(run.job);
    return linked;
}

// Repeating cycles within one source and run (started / failed / retrying, started / failed /
// retrying, ...): groups of a run's errors, retries and starts that repeat about as often as each
// other over about the same span. Returns, for each group, the first group of its cycle (itself
// when it is in none).
std::vector<std::size_t> findCycles(const std::vector<Group>& groups)
{
    constexpr qint64 minimumRepeats = 3;
    std::vector<std::size_t> head(groups.size());
    std::iota(head.begin(), head.end(), 0);
    auto cyclePart = [](const Group& g) {
        return g.count >= minimumRepeats
            && (g.error || g.kind == EventKind::Retry || g.kind == EventKind::JobStart || g.kind == EventKind::JobEnd
                || g.kind == EventKind::StepStart || g.kind == EventKind::StepEnd);
    };
    QHash<QString, std::vector<std::size_t>> byRun; // source and run -> candidate groups, in order
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (cyclePart(groups[g]))
            byRun[groups[g].source + u'\x1f' + groups[g].run].push_back(g);
    }
    for (const std::vector<std::size_t>& candidates : std::as_const(byRun)) {
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            const Group& a = groups[candidates[i]];
            if (head[candidates[i]] != candidates[i])
                continue;
            std::vector<std::size_t> members{candidates[i]};
            bool troubled = a.error || a.kind == EventKind::Retry;
            for (std::size_t j = i + 1; j < candidates.size(); ++j) {
                const Group& b = groups[candidates[j]];
                if (head[candidates[j]] != candidates[j] || std::abs(a.count - b.count) > 1)
                    continue;
                const qint64 overlap = std::min(a.lastUs, b.lastUs) - std::max(a.firstUs, b.firstUs);
                const qint64 span = std::max(a.lastUs, b.lastUs) - std::min(a.firstUs, b.firstUs);
                if (span <= 0 || overlap * 10 < span * 9)
                    continue;
                members.push_back(candidates[j]);
                troubled = troubled || b.error || b.kind == EventKind::Retry;
            }
            // Steady heartbeats are not a cycle worth folding; a failure loop is.
            if (members.size() < 2 || !troubled)
                continue;
            for (const std::size_t m : members)
                head[m] = candidates[i];
        }
    }
    return head;
}

QString runName(const Run& run)
{
    return run.tenant.isEmpty()
        ? QStringList{run.job, run.run}.join(u' ').trimmed()
        : QStringLiteral("%1 for %2").arg(run.job.isEmpty() ? QStringLiteral("run") : run.job, run.tenant);
}

// A run several sources report gets one key entry for its start and one for its end; the entries of
// each source's own start and end stay, but only with --all.
void addRunEntries(Timeline& t)
{
    QSet<qint64> covered;
    std::vector<Entry> added;
    for (const Run& run : t.runs) {
        if (run.sources.size() < 2)
            continue;
        const QString sources = run.sources.join(QStringLiteral(", "));
        const QString version = run.version.isEmpty() ? QString() : QStringLiteral(" on %1").arg(run.version);
        Entry start;
        start.timeUs = run.startedUs;
        start.kind = EventKind::JobStart;
        start.source = sources;
        start.run = run.run;
        start.summary = QStringLiteral("%1 started%2").arg(runName(run), version);
        start.key = true;
        start.eventIds = run.startEventIds;
        added.push_back(std::move(start));
        for (const qint64 id : run.startEventIds)
            covered.insert(id);
        if (run.endedUs && !run.endEventIds.empty()) {
            Entry end = added.back();
            end.timeUs = *run.endedUs;
            end.kind = EventKind::JobEnd;
            end.summary = QStringLiteral("%1 %2%3").arg(runName(run), toString(run.outcome), version);
            end.eventIds = run.endEventIds;
            added.push_back(std::move(end));
            for (const qint64 id : run.endEventIds)
                covered.insert(id);
        }
    }
    if (added.empty())
        return;
    for (Entry& entry : t.entries) {
        // Every event behind it (repeats of one post for two runs too) is a run's start or end.
        if (std::size_t(entry.count) == entry.eventIds.size()
            && std::ranges::all_of(entry.eventIds, [&](qint64 id) { return covered.contains(id); }))
            entry.key = false;
    }
    // Entries stay in time order; a run entry follows the source entry it shares a time with.
    std::ranges::move(added, std::back_inserter(t.entries));
    std::ranges::stable_sort(t.entries, [](const Entry& a, const Entry& b) { return a.timeUs < b.timeUs; });
}

// One entry per group, except that a cycle's groups fold into the entry of its first group. The
// groups' evidence moves into the entries.
std::vector<Entry> entriesFromGroups(std::vector<Group>& groups)
{
    std::vector<Entry> entries;
    const std::vector<std::size_t> cycleOf = findCycles(groups);
    std::vector<std::optional<std::size_t>> cycleEntry(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        Group& group = groups[g];
        if (const std::size_t head = cycleOf[g]; head != g) {
            // Part of a cycle: folded into the entry of the cycle's first group.
            Entry& entry = entries[*cycleEntry[head]];
            entry.count = std::max(entry.count, group.count);
            entry.endUs = std::max(*entry.endUs, group.lastUs);
            if (group.error)
                entry.kind = EventKind::Error;
            entry.summary += QStringLiteral(" → ") + group.summary;
            for (const qint64 id : group.eventIds) {
                if (entry.eventIds.size() < maxCited)
                    entry.eventIds.push_back(id);
            }
            continue;
        }
        cycleEntry[g] = entries.size();
        Entry entry;
        entry.timeUs = group.firstUs;
        if (group.count > 1)
            entry.endUs = group.lastUs;
        entry.kind = group.kind;
        entry.source = group.source;
        entry.run = group.run;
        entry.summary = group.summary;
        entry.count = group.count;
        entry.key = isKeyKind(group.kind) || group.error;
        entry.eventIds = std::move(group.eventIds);
        entries.push_back(std::move(entry));
    }
    return entries;
}

// The first error is where the impact starts.
void addFirstError(Timeline& t, const model::StoredEvent& firstError)
{
    const model::Event& e = firstError.event;
    t.findings.push_back({Finding::Type::FirstError, e.timeUs,
        QStringLiteral("First error, in %1: %2").arg(firstError.sourceName, firstLine(e.message)), 0, QString(),
        {e.id}});
    t.phases.impactStart = e.timeUs;
}

// Runs that never ended, and runs that kept retrying: how a stuck job shows.
void addRunFindings(Timeline& t)
{
    for (const Run& run : t.runs) {
        const QString name = run.run.isEmpty() ? run.job : run.job.isEmpty() ? run.run : run.job + u' ' + run.run;
        if (run.outcome == Run::Outcome::Unfinished)
            t.findings.push_back({Finding::Type::UnfinishedRun, run.startedUs,
                QStringLiteral("%1 started and never completed (%2 retries, %3 errors)")
                    .arg(name.isEmpty() ? run.source : name)
                    .arg(run.retries)
                    .arg(run.errors),
                0,
                QStringLiteral("no end event for this run in %1")
                    .arg(run.sources.size() > 1 ? run.sources.join(QStringLiteral(", ")) : run.source),
                run.eventIds});
        if (run.retries >= retryLoopThreshold)
            t.findings.push_back({Finding::Type::RetryLoop, run.startedUs,
                QStringLiteral("%1 retried %2 times%3")
                    .arg(name.isEmpty() ? run.source : name)
                    .arg(run.retries)
                    .arg(run.outcome == Run::Outcome::Unfinished ? QStringLiteral(", no retry limit seen") : QString()),
                0, QString(), run.eventIds});
    }
}

// Suspect changes: before the first error, ranked by proximity and shared names; the top one is
// the trigger.
void addSuspectChanges(
    Timeline& t, const model::StoredEvent& firstError, const std::vector<Change>& changes, qint64 lookBackUs)
{
    const model::Event& error = firstError.event;
    const QSet<QString> errorWords
        = topicWords(error.message + u' ' + error.service + u' ' + error.runId + u' ' + firstError.sourceName);
    struct Scored {
        const Change* change;
        double score;
        QStringList shared;
        QString shipped; // "ships 8e1d5f3 (...)": a deploy of a suspect commit
    };
    std::vector<Scored> scored;
    for (const Change& change : changes) {
        const qint64 before = error.timeUs - change.timeUs;
        if (before < 0 || before > lookBackUs)
            continue;
        QStringList shared = QSet<QString>(change.words).intersect(errorWords).values();
        shared.sort();
        const double hours = double(before) / (60.0 * usPerMinute);
        const double score = std::exp(-hours / 6.0) + 0.5 * std::min<qsizetype>(shared.size(), 3)
            + (change.kind == EventKind::Merge || change.kind == EventKind::Deploy ? 0.25 : 0.0);
        scored.push_back({&change, score, shared, {}});
    }
    // A deploy or CI run of a suspect commit ("Deploy ETL on main (8e1d5f3)") ranks with it.
    for (Scored& s : scored) {
        if (s.change->kind != EventKind::Deploy && s.change->kind != EventKind::CiRun)
            continue;
        for (const Scored& other : scored) {
            const QString& sha = other.change->commit;
            if (sha.isEmpty() || other.score <= s.score || other.change->timeUs > s.change->timeUs)
                continue;
            if (!s.change->text.contains(sha.left(7)))
                continue;
            // A deploy puts the commit in front of users; a CI run only builds it.
            static const QRegularExpression deployWords(QStringLiteral("(?i)deploy|release|rollout|ship"));
            const bool deploys = s.change->kind == EventKind::Deploy || deployWords.match(s.change->text).hasMatch();
            s.score = deploys ? other.score - 0.001 : std::max(s.score, other.score - 0.5);
            s.shipped = QStringLiteral("%1 %2 (%3)")
                            .arg(deploys ? QStringLiteral("deploys") : QStringLiteral("builds"), sha.left(7),
                                other.change->summary);
        }
    }
    std::ranges::stable_sort(scored, [](const Scored& a, const Scored& b) {
        return a.score != b.score ? a.score > b.score : a.change->timeUs > b.change->timeUs;
    });
    int rank = 0;
    QHash<QString, std::size_t> findingOf; // change identity -> its finding
    for (const Scored& s : scored) {
        // The same change seen twice (a PR's merge and the merge commit in git log, a workflow
        // run's start and its completion) is one suspect with both pieces of evidence.
        if (!s.change->identity.isEmpty()) {
            if (const auto seen = findingOf.constFind(s.change->identity); seen != findingOf.constEnd()) {
                Finding& first = t.findings[*seen];
                first.eventIds.push_back(s.change->eventId);
                first.reason += QStringLiteral("; also seen as: %1").arg(s.change->summary);
                continue;
            }
            findingOf.insert(s.change->identity, t.findings.size());
        }
        QString reason = QStringLiteral("%1 %2 before the first error")
                             .arg(model::toString(s.change->kind).toString(),
                                 model::formatDuration(error.timeUs - s.change->timeUs));
        if (!s.shipped.isEmpty())
            reason += QStringLiteral("; ") + s.shipped;
        if (!s.shared.isEmpty())
            reason += QStringLiteral("; shares %1").arg(s.shared.join(QStringLiteral(", ")));
        t.findings.push_back(
            {Finding::Type::SuspectChange, s.change->timeUs, s.change->summary, ++rank, reason, {s.change->eventId}});
    }
    if (!scored.empty())
        t.phases.trigger = scored.front().change->timeUs;
}

// Version changes between runs of the same job family: ":42 then :41" is a rollback, and a
// rollback after the impact began is its mitigation.
void addVersionChanges(Timeline& t)
{
    QHash<QString, const Run*> lastByFamily;
    for (const Run& run : t.runs) {
        const auto match = versionPattern.match(run.version);
        if (!match.hasMatch())
            continue;
        const QString family = match.captured(1);
        if (const Run* previous = lastByFamily.value(family); previous && previous->version != run.version) {
            const int before = versionPattern.match(previous->version).captured(2).toInt();
            const int after = match.captured(2).toInt();
            const bool rollback = after < before;
            t.findings.push_back({Finding::Type::VersionChange, run.startedUs,
                QStringLiteral("%1 ran %2 after %3%4")
                    .arg(
                        family, run.version, previous->version, rollback ? QStringLiteral(" (a rollback)") : QString()),
                0, rollback ? QStringLiteral("the revision went down: a previous version") : QString(),
                {previous->eventIds.front(), run.eventIds.front()}});
            if (rollback && t.phases.impactStart && run.startedUs >= *t.phases.impactStart && !t.phases.mitigated)
                t.phases.mitigated = run.startedUs;
        }
        lastByFamily.insert(family, &run);
    }
}

// Detection, mitigation and resolution after the impact began: the first alert or person saying
// something is wrong, a rollback or else a run succeeding again, the last run to succeed.
void addResponsePhases(Timeline& t, const std::vector<std::pair<qint64, qint64>>& alertsAndPeople)
{
    if (!t.phases.impactStart)
        return;
    for (const auto& [time, id] : alertsAndPeople) {
        if (time >= *t.phases.impactStart) {
            t.phases.detected = time;
            break;
        }
    }
    for (const Run& run : t.runs) {
        if (run.outcome != Run::Outcome::Succeeded || !run.endedUs || *run.endedUs < *t.phases.impactStart)
            continue;
        if (!t.phases.mitigated)
            t.phases.mitigated = *run.endedUs;
        if (!t.phases.resolved || *run.endedUs > *t.phases.resolved)
            t.phases.resolved = *run.endedUs;
    }
}

// Findings by type, suspects by rank, the rest in time order.
void sortFindings(std::vector<Finding>& findings)
{
    std::ranges::stable_sort(findings, [](const Finding& a, const Finding& b) {
        if (a.type != b.type)
            return int(a.type) < int(b.type);
        if (a.rank != b.rank)
            return a.rank < b.rank;
        return a.timeUs < b.timeUs;
    });
}

} // namespace

struct Reconstructor::State {
    Options options;
    std::vector<Group> groups;
    QHash<GroupKey, std::size_t> groupIndex;
    TemplateMiner templates;
    std::vector<Run> runs;
    QHash<QString, std::size_t> openRuns; // run key -> index of its open run
    QSet<std::size_t> retrySinceStart; // open runs whose last retry line has not been followed by a start
    std::vector<Change> changes;
    std::optional<model::StoredEvent> firstError;
    std::vector<std::pair<qint64, qint64>> alertsAndPeople; // (time, event id) of alerts and chat
};

QString toString(Run::Outcome outcome)
{
    switch (outcome) {
    case Run::Outcome::Succeeded:
        return QStringLiteral("succeeded");
    case Run::Outcome::Failed:
        return QStringLiteral("failed");
    case Run::Outcome::Unfinished:
        return QStringLiteral("unfinished");
    }
    return {};
}

QString toString(Finding::Type type)
{
    switch (type) {
    case Finding::Type::FirstError:
        return QStringLiteral("first_error");
    case Finding::Type::UnfinishedRun:
        return QStringLiteral("unfinished_run");
    case Finding::Type::RetryLoop:
        return QStringLiteral("retry_loop");
    case Finding::Type::SuspectChange:
        return QStringLiteral("suspect_change");
    case Finding::Type::VersionChange:
        return QStringLiteral("version_change");
    }
    return {};
}

Reconstructor::Reconstructor(const Options& options) : d(std::make_unique<State>()) { d->options = options; }
Reconstructor::~Reconstructor() = default;

void Reconstructor::add(const model::StoredEvent& stored)
{
    const model::Event& e = stored.event;
    const bool inWindow = e.timeUs >= d->options.fromUs && e.timeUs <= d->options.toUs;
    // Changes are kept from the look-back period before the window too: they may be the trigger.
    if (isChange(e.kind))
        d->changes.push_back({e.timeUs, e.kind, firstLine(e.message),
            topicWords(e.message + u' ' + e.service + u' ' + e.runId), e.id, e.message + u' ' + e.runId,
            e.kind == EventKind::Merge || e.kind == EventKind::Commit ? commitSha(e.runId) : QString(),
            e.runId.isEmpty() ? QString() : model::toString(e.kind).toString() + u':' + e.runId});
    if (!inWindow)
        return;

    const bool error = isError(e);
    if (error && !d->firstError)
        d->firstError = stored;
    // Detection is someone or something saying that things are wrong, not a bot's routine post.
    if ((e.kind == EventKind::Alert || e.kind == EventKind::Chat) && soundsWrong(e.message))
        d->alertsAndPeople.emplace_back(e.timeUs, e.id);

    // Repeats of one template within one source and run are one entry.
    const GroupKey groupKey{stored.sourceName, e.runId, d->templates.add(e.message), int(e.kind) * 2 + int(error)};
    auto found = d->groupIndex.constFind(groupKey);
    if (found == d->groupIndex.constEnd()) {
        found = d->groupIndex.insert(groupKey, d->groups.size());
        Group group;
        group.firstUs = e.timeUs;
        group.kind = e.kind;
        group.error = error;
        group.source = stored.sourceName;
        group.run = e.runId;
        group.summary = firstLine(e.message);
        d->groups.push_back(std::move(group));
    }
    Group& group = d->groups[*found];
    group.lastUs = e.timeUs;
    ++group.count;
    if (group.eventIds.size() < maxCited)
        group.eventIds.push_back(e.id);

    // Runs: starts pair with ends of the same job and run id in the same source.
    if (e.runId.isEmpty() && e.service.isEmpty())
        return;
    const QString runKey = stored.sourceName + u'\x1f' + e.service + u'\x1f' + e.runId;
    auto open = d->openRuns.constFind(runKey);
    if (e.kind == EventKind::JobStart) {
        const QString version = versionOf(e.message);
        // A start naming another version is a new run (a rerun on :41), not a restart of the open one.
        if (open != d->openRuns.constEnd() && !version.isEmpty() && !d->runs[*open].version.isEmpty()
            && version != d->runs[*open].version) {
            d->retrySinceStart.remove(*open);
            d->openRuns.remove(runKey);
            open = d->openRuns.constEnd();
        }
        if (open != d->openRuns.constEnd()) {
            // Started again before it ended: the job retried itself (counted once with its retry line).
            Run& run = d->runs[*open];
            if (!d->retrySinceStart.contains(*open))
                ++run.retries;
            d->retrySinceStart.remove(*open);
            if (run.eventIds.size() < maxEvidence)
                run.eventIds.push_back(e.id);
            return;
        }
        Run run;
        run.job = e.service;
        run.tenant = tenantOf(e);
        run.runId = e.runId;
        run.run = run.tenant.isEmpty() ? e.runId : run.tenant;
        run.source = stored.sourceName;
        run.sources = {stored.sourceName};
        run.startedUs = e.timeUs;
        run.version = version;
        run.eventIds.push_back(e.id);
        run.startEventIds.push_back(e.id);
        d->openRuns.insert(runKey, d->runs.size());
        d->runs.push_back(std::move(run));
        return;
    }
    if (open == d->openRuns.constEnd())
        return;
    Run& run = d->runs[*open];
    if (e.kind == EventKind::Retry) {
        ++run.retries;
        d->retrySinceStart.insert(*open);
    }
    if (error)
        ++run.errors;
    if (e.kind == EventKind::JobEnd) {
        run.endedUs = e.timeUs;
        run.endEventIds.push_back(e.id);
        const QString outcome = e.outcome.toLower();
        const bool failed = error || outcome.contains(u"fail") || outcome.contains(u"error")
            || (outcome.contains(u"exit ") && !outcome.contains(u"exit 0"));
        run.outcome = failed ? Run::Outcome::Failed : Run::Outcome::Succeeded;
        d->openRuns.remove(runKey);
    }
    if (run.eventIds.size() < maxEvidence)
        run.eventIds.push_back(e.id);
}

Timeline Reconstructor::finish()
{
    Timeline t;
    t.fromUs = d->options.fromUs;
    t.toUs = d->options.toUs;
    t.entries = entriesFromGroups(d->groups);
    t.runs = linkRuns(d->runs);
    addRunEntries(t);
    if (d->firstError)
        addFirstError(t, *d->firstError);
    addRunFindings(t);
    if (d->firstError)
        addSuspectChanges(t, *d->firstError, d->changes, d->options.lookBackUs);
    addVersionChanges(t);
    addResponsePhases(t, d->alertsAndPeople);
    sortFindings(t.findings);
    return t;
}

Result<Timeline> reconstruct(
    const EventReader& read, const Options& options, const ReadProgress& progress, const std::atomic_bool* cancel)
{
    // The events are read in this thread (the store's connection lives here) while another thread
    // reconstructs what was read: on two cores that is about the time of the read alone.
    constexpr std::size_t batchSize = 4096;
    using Batch = std::vector<model::StoredEvent>;
    model::Handoff<Batch> handoff;
    Reconstructor reconstructor(options);
    std::thread worker([&] {
        while (std::optional<Batch> batch = handoff.pop()) {
            for (const model::StoredEvent& e : *batch)
                reconstructor.add(e);
        }
    });
    Batch batch;
    batch.reserve(batchSize);
    bool cancelled = false;
    qint64 count = 0;
    auto done = read(options.fromUs - options.lookBackUs, options.toUs, [&](model::StoredEvent&& e) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            cancelled = true;
            return false;
        }
        const qint64 timeUs = e.event.timeUs;
        batch.push_back(std::move(e));
        if (progress && ++count % 256 == 0)
            progress(timeUs);
        if (batch.size() == batchSize) {
            handoff.push(std::move(batch));
            batch = {};
            batch.reserve(batchSize);
        }
        return true;
    });
    if (!batch.empty() && !cancelled)
        handoff.push(std::move(batch));
    handoff.close();
    worker.join();
    if (!done)
        return std::unexpected(done.error());
    if (cancelled)
        return fail(Error::Code::Cancelled, QStringLiteral("the timeline reconstruction was cancelled"));
    if (progress)
        progress(options.toUs);
    return reconstructor.finish();
}

} // namespace aftermath::timeline
