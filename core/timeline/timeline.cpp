#include "timeline.h"

#include "messagetemplate.h"
#include "ratechange.h"
#include "model/handoff.h"
#include "model/timeformat.h"
#include "templateminer.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>
#include <cmath>
#include <numeric>
#include <thread>

namespace aftermath::timeline {

namespace {

using model::EventKind;
using model::Level;

constexpr qint64 usPerMinute = 60LL * 1'000'000;
constexpr qint64 usPerHour = 60 * usPerMinute;
constexpr qint64 dayUs = 24 * usPerHour;
// The window is cut into about this many buckets to compare templates' rates: a minute a bucket
// for a day.
constexpr qint64 maxBuckets = 1440;
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

// An alerting system's line ("alert firing: ...", "[FIRING:1] ..."), logged at error level, so
// that its kind says error rather than alert.
bool isAlertLine(const QString& message)
{
    static const QRegularExpression alert(QStringLiteral("(?i)\\balert(?:ing)?\\b.*\\bfiring\\b|\\bfiring\\b.*\\balert|\\[firing\\b"));
    return alert.match(message).hasMatch();
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

// Occurrences of a group in one bucket of the window (see State::bucketOf).
struct Bucket {
    qint64 index = 0;
    qint64 count = 0;
    qint64 firstUs = 0;
    qint64 lastUs = 0;
};

struct Group {
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    EventKind kind = EventKind::Log;
    bool error = false;
    bool background = false;
    QString source;
    QString run;
    QString service;
    QString summary;
    qint64 count = 0;
    std::size_t templateIndex = 0;
    std::vector<qint64> eventIds;
    std::vector<qint64> eventTimes; // of eventIds
    std::vector<Bucket> buckets; // in order; memory grows with the buckets it occurs in, not events
};

// A message template of one source, kind and error-ness: what rates are compared for. Groups split
// it further by run.
struct TemplateAcc {
    std::size_t cluster = 0; // the miner's
    QString text; // its template, as the miner has it at the end
    QString source;
    EventKind kind = EventKind::Log;
    bool error = false;
    Level level = Level::Unknown; // the highest seen
    qint64 count = 0; // in the window
    qint64 baselineBefore = 0; // in the window's length just before it
    qint64 baselineDayBefore = 0; // in the same hours a day before
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    std::vector<std::size_t> groups;
};

struct TemplateKey {
    QString source;
    std::size_t cluster; // the miner's
    int kindAndError;
    bool operator==(const TemplateKey&) const = default;
};

size_t qHash(const TemplateKey& key, size_t seed = 0)
{
    return qHashMulti(seed, key.source, key.cluster, key.kindAndError);
}

// What a source was seen saying: its span in the window and whether it said anything in either
// baseline.
struct SourceSeen {
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    bool inWindow = false;
    bool inBaselineBefore = false;
    bool inBaselineDayBefore = false;
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
    merged.background = std::ranges::all_of(members, [](const Run* run) { return run->background; });
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
std::vector<Entry> entriesFromGroups(std::vector<Group>& groups, const std::vector<TemplateAcc>& templates)
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
        entry.key = (isKeyKind(group.kind) || group.error) && !group.background;
        entry.background = group.background;
        entry.templateText = templates[group.templateIndex].text;
        entry.eventIds = std::move(group.eventIds);
        entries.push_back(std::move(entry));
    }
    return entries;
}

// Where the impact starts: the window's first error, or in noisy logs the first event of the first
// error template that is new or surging (see classifyTemplates).
struct FirstError {
    qint64 timeUs = 0;
    qint64 eventId = 0;
    QString source;
    QString line; // its message's first line
    QString words; // what suspects share names with: message, service, run, source
    QString reason; // why this error and not the window's first one, when it is not
    bool ofIncident = false;
};

FirstError firstErrorOf(const model::StoredEvent& stored)
{
    const model::Event& e = stored.event;
    return {e.timeUs, e.id, stored.sourceName, firstLine(e.message),
        e.message + u' ' + e.service + u' ' + e.runId + u' ' + stored.sourceName, {}, false};
}

void addFirstError(Timeline& t, const FirstError& error)
{
    t.findings.push_back({Finding::Type::FirstError, error.timeUs,
        QStringLiteral("First error%1, in %2: %3")
            .arg(error.ofIncident ? QStringLiteral(" of the incident") : QString(), error.source, error.line),
        0, error.reason, {error.eventId}});
    t.phases.impactStart = error.timeUs;
}

bool foldable(EventKind kind) { return !isChange(kind) && kind != EventKind::Alert && kind != EventKind::Chat; }

struct Baselines {
    qint64 fromUs = 0; // the window
    qint64 toUs = 0;
    qint64 bucketUs = 0;
    qint64 beforeFromUs = 0;
    qint64 beforeToUs = 0;
    qint64 dayBeforeFromUs = 0;
    qint64 dayBeforeToUs = 0;
};

// Cuts a group at bucket `index`: returns the occurrences before it, with the events cited among
// them, as a group of its own; `group` keeps the rest. Either may be left with none (count 0).
Group cutBefore(Group& group, qint64 index)
{
    const auto kept = std::ranges::find_if(group.buckets, [&](const Bucket& b) { return b.index >= index; });
    Group before = group;
    before.buckets.assign(group.buckets.begin(), kept);
    group.buckets.erase(group.buckets.begin(), kept);
    before.count = 0;
    for (const Bucket& b : before.buckets)
        before.count += b.count;
    group.count -= before.count;
    if (!before.buckets.empty())
        before.lastUs = before.buckets.back().lastUs;
    if (!group.buckets.empty())
        group.firstUs = group.buckets.front().firstUs;
    // Buckets are whole: every occurrence before the first kept bucket's first is in `before`.
    const qint64 splitUs = group.buckets.empty() ? std::numeric_limits<qint64>::max() : group.firstUs;
    before.eventIds.clear();
    before.eventTimes.clear();
    std::vector<qint64> ids;
    std::vector<qint64> times;
    for (std::size_t i = 0; i < group.eventIds.size(); ++i) {
        const bool earlier = group.eventTimes[i] < splitUs;
        (earlier ? before.eventIds : ids).push_back(group.eventIds[i]);
        (earlier ? before.eventTimes : times).push_back(group.eventTimes[i]);
    }
    group.eventIds = std::move(ids);
    group.eventTimes = std::move(times);
    return before;
}

// Tells the incident from the background in noisy logs. Each template's rate in the window is
// compared with its rate before (findSurge): a new or surging template of warnings or errors is an
// incident template and a finding; the first event of the first such error template is where the
// impact starts. Then every template that was already occurring well before that, and is no change,
// alert or person, folds into the background group (entries kept, not key), and a surging
// template's occurrences before its change point fold with it. Without an incident template the
// timeline is what it always was: quiet logs are all incident.
std::optional<FirstError> classifyTemplates(std::vector<TemplateAcc>& templates, std::vector<Group>& groups,
    const QHash<QString, SourceSeen>& sources, const Baselines& b, Timeline& t)
{
    // The baseline: the window's length before it, else the same hours a day before.
    enum class Chosen { None, Before, DayBefore } chosen = Chosen::None;
    for (const SourceSeen& seen : sources) {
        if (seen.inBaselineBefore)
            chosen = Chosen::Before;
        else if (seen.inBaselineDayBefore && chosen == Chosen::None)
            chosen = Chosen::DayBefore;
    }
    if (chosen == Chosen::Before)
        t.baseline = std::pair{b.beforeFromUs, b.beforeToUs};
    else if (chosen == Chosen::DayBefore)
        t.baseline = std::pair{b.dayBeforeFromUs, b.dayBeforeToUs};
    const double baselineBuckets = t.baseline ? double(t.baseline->second - t.baseline->first) / double(b.bucketUs) : 0;
    auto baselineCount = [&](const TemplateAcc& acc) {
        return chosen == Chosen::Before ? acc.baselineBefore : chosen == Chosen::DayBefore ? acc.baselineDayBefore : 0;
    };
    const double bucketsPerHour = double(usPerHour) / double(b.bucketUs);
    const qint64 bucketCount = (b.toUs - b.fromUs) / b.bucketUs + 1;

    struct Result {
        Surge surge;
        qint64 changeUs = 0;
        qint64 endUs = 0;
    };
    std::vector<std::optional<Result>> surges(templates.size());
    std::vector<qint64> counts(std::size_t(bucketCount), 0);
    const SurgeThresholds thresholds;
    for (std::size_t i = 0; i < templates.size(); ++i) {
        const TemplateAcc& acc = templates[i];
        if (acc.count < thresholds.minimumInside || isChange(acc.kind))
            continue;
        const SourceSeen seen = sources.value(acc.source);
        const bool inBaseline = (chosen == Chosen::Before && seen.inBaselineBefore)
            || (chosen == Chosen::DayBefore && seen.inBaselineDayBefore);
        RateSeries series;
        std::ranges::fill(counts, 0);
        for (const std::size_t g : acc.groups) {
            for (const Bucket& bucket : groups[g].buckets)
                counts[std::size_t(bucket.index)] += bucket.count;
        }
        series.counts = counts;
        series.firstBucket = (seen.firstUs - b.fromUs) / b.bucketUs;
        series.lastBucket = (seen.lastUs - b.fromUs) / b.bucketUs;
        series.baselineCount = baselineCount(acc);
        series.baselineBuckets = inBaseline ? baselineBuckets : 0;
        const std::optional<Surge> surge = findSurge(series, thresholds);
        if (!surge)
            continue;
        Result result{*surge, std::numeric_limits<qint64>::max(), 0};
        for (const std::size_t g : acc.groups) {
            for (const Bucket& bucket : groups[g].buckets) {
                if (bucket.index == surge->startBucket)
                    result.changeUs = std::min(result.changeUs, bucket.firstUs);
                if (bucket.index == surge->endBucket)
                    result.endUs = std::max(result.endUs, bucket.lastUs);
            }
        }
        surges[i] = result;
    }

    // The incident begins with the first new or surging error template.
    auto isErrorTemplate = [](const TemplateAcc& acc) { return acc.error || acc.kind == EventKind::Error; };
    std::optional<qint64> incidentStart;
    std::optional<qint64> incidentEnd;
    std::size_t firstTemplate = 0;
    for (std::size_t i = 0; i < templates.size(); ++i) {
        if (!surges[i] || !isErrorTemplate(templates[i]))
            continue;
        if (!incidentStart || surges[i]->changeUs < *incidentStart) {
            incidentStart = surges[i]->changeUs;
            firstTemplate = i;
        }
        incidentEnd = std::max(incidentEnd.value_or(0), surges[i]->endUs);
    }

    // Roles, and the groups folded or cut.
    constexpr qint64 nearStartUs = 30 * usPerMinute; // a change this close before the incident is part of it
    std::vector<TemplateStat::Role> roles(templates.size(), TemplateStat::Role::Window);
    for (std::size_t i = 0; i < templates.size(); ++i) {
        const TemplateAcc& acc = templates[i];
        const bool troubled = isErrorTemplate(acc) || acc.kind == EventKind::Retry || acc.level >= Level::Warning;
        if (surges[i] && incidentStart && (troubled || surges[i]->changeUs >= *incidentStart - nearStartUs))
            roles[i] = TemplateStat::Role::Incident;
        else if (incidentStart && acc.count > 0 && foldable(acc.kind)
            && (acc.firstUs < *incidentStart - nearStartUs / 2 || baselineCount(acc) > 0))
            roles[i] = TemplateStat::Role::Background; // steady since before the incident, or in the baseline

    }
    if (incidentStart) {
        // An incident template's occurrences before and after its surge are background.
        std::vector<Group> cut;
        for (Group& group : groups) {
            const std::size_t i = group.templateIndex;
            if (roles[i] == TemplateStat::Role::Background)
                group.background = true;
            if (roles[i] != TemplateStat::Role::Incident) {
                cut.push_back(std::move(group));
                continue;
            }
            Group before = cutBefore(group, surges[i]->surge.startBucket);
            Group surge = cutBefore(group, surges[i]->surge.endBucket + 1);
            before.background = true;
            group.background = true;
            for (Group* part : {&before, &surge, &group}) {
                if (part->count > 0)
                    cut.push_back(std::move(*part));
            }
        }
        std::ranges::stable_sort(cut, [](const Group& a, const Group& c) { return a.firstUs < c.firstUs; });
        groups = std::move(cut);
    }

    // The templates, and a finding for each incident template. Each template's groups, as they are
    // after the cuts, in order: one pass, not a scan of every group per template.
    std::vector<std::vector<const Group*>> groupsOf(templates.size());
    for (const Group& group : groups)
        groupsOf[group.templateIndex].push_back(&group);
    for (std::size_t i = 0; i < templates.size(); ++i) {
        const TemplateAcc& acc = templates[i];
        TemplateStat stat;
        stat.text = acc.text;
        stat.source = acc.source;
        stat.kind = acc.kind;
        stat.error = acc.error;
        stat.count = acc.count;
        stat.baselineCount = baselineCount(acc);
        stat.firstUs = acc.firstUs;
        stat.lastUs = acc.lastUs;
        stat.role = roles[i];
        // Its first events, from the change point when there is one.
        const qint64 fromUs = roles[i] == TemplateStat::Role::Incident ? surges[i]->changeUs : acc.firstUs;
        std::vector<std::pair<qint64, qint64>> evidence; // (time, id)
        QString line;
        for (const Group* groupOf : groupsOf[i]) {
            const Group& group = *groupOf;
            if (group.background != (roles[i] == TemplateStat::Role::Background))
                continue;
            if (line.isEmpty())
                line = group.summary;
            for (std::size_t k = 0; k < group.eventIds.size() && k < maxEvidence; ++k) {
                if (group.eventTimes[k] >= fromUs)
                    evidence.emplace_back(group.eventTimes[k], group.eventIds[k]);
            }
        }
        std::ranges::sort(evidence);
        for (std::size_t k = 0; k < evidence.size() && k < maxEvidence; ++k)
            stat.eventIds.push_back(evidence[k].second);
        if (roles[i] == TemplateStat::Role::Incident) {
            const Result& r = *surges[i];
            stat.isNew = r.surge.isNew;
            stat.changeUs = r.changeUs;
            stat.surgeEndUs = r.endUs;
            stat.ratePerHourBefore = r.surge.rateBefore * bucketsPerHour;
            stat.ratePerHourAfter = r.surge.rateInside * bucketsPerHour;
            const QString span = model::formatDuration(std::max<qint64>(r.endUs - r.changeUs, 1'000'000));
            Finding f;
            f.type = r.surge.isNew ? Finding::Type::NewTemplate : Finding::Type::RateChange;
            f.timeUs = r.changeUs;
            f.summary = r.surge.isNew
                ? QStringLiteral("New in %1: %2 (%3 in %4, %5 an hour)")
                      .arg(acc.source, line)
                      .arg(r.surge.inside)
                      .arg(span, formatRate(stat.ratePerHourAfter))
                : QStringLiteral("Surge in %1: %2 (%3 in %4, %5 an hour where it was %6)")
                      .arg(acc.source, line)
                      .arg(r.surge.inside)
                      .arg(span, formatRate(stat.ratePerHourAfter), formatRate(stat.ratePerHourBefore));
            f.reason = r.surge.isNew
                ? QStringLiteral("never seen before it in %1%2")
                      .arg(acc.source, t.baseline ? QStringLiteral(" or the baseline") : QString())
                : QStringLiteral("%1 before it, in the window%2").arg(r.surge.before).arg(t.baseline ? QStringLiteral(" and the baseline") : QString());
            f.eventIds = stat.eventIds;
            f.ratePerHourBefore = stat.ratePerHourBefore;
            f.ratePerHourAfter = stat.ratePerHourAfter;
            t.findings.push_back(std::move(f));
        }
        t.templates.push_back(std::move(stat));
    }
    if (!incidentStart)
        return std::nullopt;

    // The first error of the incident: the first event of the first incident error template.
    const Group* first = nullptr;
    for (const Group& group : groups) {
        if (group.templateIndex == firstTemplate && !group.background && group.firstUs == *incidentStart) {
            first = &group;
            break;
        }
    }
    if (!first || first->eventIds.empty())
        return std::nullopt;
    FirstError error;
    error.timeUs = *incidentStart;
    error.eventId = first->eventIds.front();
    error.source = first->source;
    error.line = first->summary;
    error.words = first->summary + u' ' + first->service + u' ' + first->run + u' ' + first->source;
    error.ofIncident = true;
    error.reason = surges[firstTemplate]->surge.isNew
        ? QStringLiteral("where a new error began; errors before it are background")
        : QStringLiteral("where an error surged; errors before it are background");
    if (incidentEnd && *incidentEnd < b.toUs - 2 * b.bucketUs)
        t.phases.resolved = *incidentEnd; // the rates were back to normal; addResponsePhases may say later
    return error;
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
void addSuspectChanges(Timeline& t, const FirstError& error, const std::vector<Change>& changes, qint64 lookBackUs)
{
    const QSet<QString> errorWords = topicWords(error.words);
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
void addResponsePhases(
    Timeline& t, const std::vector<std::pair<qint64, qint64>>& alertsAndPeople, const std::vector<Change>& changes)
{
    if (!t.phases.impactStart)
        return;
    for (const auto& [time, id] : alertsAndPeople) {
        if (time >= *t.phases.impactStart) {
            t.phases.detected = time;
            break;
        }
    }
    // A change that rolls back or reverts, after the impact began, is its mitigation.
    static const QRegularExpression rollback(
        QStringLiteral("(?i)\\b(?:roll(?:ed|ing)? ?back|rollback|revert(?:ed|ing|s)?)\\b"));
    for (const Change& change : changes) {
        if (!t.phases.mitigated && change.timeUs >= *t.phases.impactStart && rollback.match(change.text).hasMatch())
            t.phases.mitigated = change.timeUs;
    }
    for (const Run& run : t.runs) {
        if (run.background || run.outcome != Run::Outcome::Succeeded || !run.endedUs
            || *run.endedUs < *t.phases.impactStart)
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
    // The first error, then what is new or surging, then runs, suspects and versions.
    auto order = [](Finding::Type type) {
        switch (type) {
        case Finding::Type::FirstError:
            return 0;
        case Finding::Type::NewTemplate:
        case Finding::Type::RateChange:
            return 1;
        case Finding::Type::UnfinishedRun:
            return 2;
        case Finding::Type::RetryLoop:
            return 3;
        case Finding::Type::SuspectChange:
            return 4;
        case Finding::Type::VersionChange:
            return 5;
        }
        return 6;
    };
    std::ranges::stable_sort(findings, [&](const Finding& a, const Finding& b) {
        if (order(a.type) != order(b.type))
            return order(a.type) < order(b.type);
        if (a.rank != b.rank)
            return a.rank < b.rank;
        return a.timeUs < b.timeUs;
    });
}

} // namespace

struct Reconstructor::State {
    Options options;
    // The baselines: an explicit one, else the window's length before it and the same hours a day
    // before; finish() takes the first a source said something in.
    qint64 beforeFromUs = 0;
    qint64 beforeToUs = 0;
    qint64 dayBeforeFromUs = 0;
    qint64 dayBeforeToUs = 0;
    qint64 bucketUs = 1'000'000; // the window in about maxBuckets buckets, at least a second each
    std::vector<Group> groups;
    QHash<GroupKey, std::size_t> groupIndex;
    std::vector<TemplateAcc> templates;
    QHash<TemplateKey, std::size_t> templateIndex;
    QHash<QString, SourceSeen> sources;
    // The last event's source: events come in runs of one source, and hashing its name for each
    // one costs more than the rest of what add() does for rates.
    QString lastSourceName;
    SourceSeen* lastSource = nullptr;
    SourceSeen& sourceOf(const model::StoredEvent& stored)
    {
        if (!lastSource || stored.sourceName != lastSourceName) {
            lastSource = &sources[stored.sourceName];
            lastSourceName = stored.sourceName;
        }
        return *lastSource;
    }
    std::vector<std::size_t> runStartTemplate; // per run: the template of its first start

    qint64 bucketOf(qint64 timeUs) const { return (timeUs - options.fromUs) / bucketUs; }
    std::size_t templateFor(const model::StoredEvent& stored, std::size_t cluster, bool error);
    TemplateMiner miner;
    // Changes, alerts and people are each a moment of their own: they repeat only as the same
    // masked message ("Deployed search v3.1.0" and "Deployed payments-api v2.14.0" are two), never
    // merged by the miner's similarity. Their clusters count down from the top of the range.
    QHash<QString, std::size_t> exactClusters;
    QStringList exactTexts;
    static constexpr std::size_t exactBase = std::numeric_limits<std::size_t>::max() / 2;
    std::size_t clusterOf(const model::Event& e)
    {
        if (!isChange(e.kind) && e.kind != EventKind::Alert && e.kind != EventKind::Chat)
            return miner.add(e.message);
        const QString shape = messageTemplate(e.message);
        auto found = exactClusters.constFind(shape);
        if (found == exactClusters.constEnd()) {
            found = exactClusters.insert(shape, exactBase + std::size_t(exactTexts.size()));
            exactTexts << shape;
        }
        return *found;
    }
    QString templateText(std::size_t cluster) const
    {
        return cluster >= exactBase ? exactTexts[qsizetype(cluster - exactBase)] : miner.templateText(cluster);
    }
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
    case Finding::Type::NewTemplate:
        return QStringLiteral("new_template");
    case Finding::Type::RateChange:
        return QStringLiteral("rate_change");
    }
    return {};
}

QString formatRate(double perHour)
{
    if (perHour >= 10)
        return QString::number(qRound64(perHour));
    return QString::number(perHour, 'g', 2);
}

BackgroundGroup backgroundGroup(const Timeline& timeline)
{
    BackgroundGroup group;
    for (const Entry& e : timeline.entries) {
        if (e.background) {
            ++group.entries;
            group.events += e.count;
        }
    }
    return group;
}

QString toString(TemplateStat::Role role)
{
    switch (role) {
    case TemplateStat::Role::Incident:
        return QStringLiteral("incident");
    case TemplateStat::Role::Background:
        return QStringLiteral("background");
    case TemplateStat::Role::Window:
        return QStringLiteral("window");
    }
    return {};
}

std::size_t Reconstructor::State::templateFor(const model::StoredEvent& stored, std::size_t cluster, bool error)
{
    const model::Event& e = stored.event;
    const TemplateKey key{stored.sourceName, cluster, int(e.kind) * 2 + int(error)};
    auto found = templateIndex.constFind(key);
    if (found == templateIndex.constEnd()) {
        found = templateIndex.insert(key, templates.size());
        TemplateAcc acc;
        acc.cluster = cluster;
        acc.source = stored.sourceName;
        acc.kind = e.kind;
        acc.error = error;
        templates.push_back(std::move(acc));
    }
    return *found;
}

qint64 readStartUs(const Options& options)
{
    const qint64 length = std::max<qint64>(0, options.toUs - options.fromUs);
    qint64 start = std::min(options.fromUs - options.lookBackUs, options.fromUs - std::max(length, dayUs));
    if (options.baselineFromUs)
        start = std::min(start, *options.baselineFromUs);
    return start;
}

Reconstructor::Reconstructor(const Options& options) : d(std::make_unique<State>())
{
    d->options = options;
    const qint64 length = std::max<qint64>(0, options.toUs - options.fromUs);
    if (options.baselineFromUs && options.baselineToUs) {
        d->beforeFromUs = *options.baselineFromUs;
        d->beforeToUs = std::min(*options.baselineToUs, options.fromUs);
    } else {
        d->beforeFromUs = options.fromUs - length;
        d->beforeToUs = options.fromUs;
        d->dayBeforeFromUs = options.fromUs - dayUs;
        d->dayBeforeToUs = std::min(options.toUs - dayUs, options.fromUs);
    }
    d->bucketUs = std::max<qint64>(1'000'000, (length + maxBuckets - 1) / maxBuckets);
}
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
    const bool error = isError(e);
    if (!inWindow) {
        // The baselines count occurrences per template, nothing more.
        const bool before = e.timeUs >= d->beforeFromUs && e.timeUs < d->beforeToUs;
        const bool dayBefore = e.timeUs >= d->dayBeforeFromUs && e.timeUs < d->dayBeforeToUs;
        if (!before && !dayBefore)
            return;
        TemplateAcc& acc = d->templates[d->templateFor(stored, d->clusterOf(e), error)];
        SourceSeen& seen = d->sourceOf(stored);
        if (before) {
            ++acc.baselineBefore;
            seen.inBaselineBefore = true;
        }
        if (dayBefore) {
            ++acc.baselineDayBefore;
            seen.inBaselineDayBefore = true;
        }
        return;
    }

    if (error && !d->firstError)
        d->firstError = stored;
    // Detection is someone or something saying that things are wrong, not a bot's routine post.
    if ((e.kind == EventKind::Alert || e.kind == EventKind::Chat || (error && isAlertLine(e.message)))
        && soundsWrong(e.message))
        d->alertsAndPeople.emplace_back(e.timeUs, e.id);

    SourceSeen& seen = d->sourceOf(stored);
    if (!seen.inWindow) {
        seen.inWindow = true;
        seen.firstUs = e.timeUs;
    }
    seen.lastUs = e.timeUs;

    // Repeats of one template within one source and run are one entry.
    const std::size_t cluster = d->clusterOf(e);
    const GroupKey groupKey{stored.sourceName, e.runId, cluster, int(e.kind) * 2 + int(error)};
    auto found = d->groupIndex.constFind(groupKey);
    if (found == d->groupIndex.constEnd()) {
        found = d->groupIndex.insert(groupKey, d->groups.size());
        Group group;
        group.firstUs = e.timeUs;
        group.kind = e.kind;
        group.error = error;
        group.source = stored.sourceName;
        group.run = e.runId;
        group.service = e.service;
        group.summary = firstLine(e.message);
        group.templateIndex = d->templateFor(stored, cluster, error);
        TemplateAcc& acc = d->templates[group.templateIndex];
        if (acc.count == 0)
            acc.firstUs = e.timeUs;
        acc.groups.push_back(d->groups.size());
        d->groups.push_back(std::move(group));
    }
    Group& group = d->groups[*found];
    group.lastUs = e.timeUs;
    ++group.count;
    if (group.eventIds.size() < maxCited) {
        group.eventIds.push_back(e.id);
        group.eventTimes.push_back(e.timeUs);
    }
    const qint64 bucket = d->bucketOf(e.timeUs);
    if (group.buckets.empty() || group.buckets.back().index != bucket)
        group.buckets.push_back({bucket, 0, e.timeUs, e.timeUs});
    ++group.buckets.back().count;
    group.buckets.back().lastUs = e.timeUs;
    TemplateAcc& acc = d->templates[group.templateIndex];
    ++acc.count;
    acc.lastUs = e.timeUs;
    acc.level = std::max(acc.level, e.level);

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
        d->runStartTemplate.push_back(group.templateIndex);
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
    const Baselines baselines{d->options.fromUs, d->options.toUs, d->bucketUs, d->beforeFromUs, d->beforeToUs,
        d->dayBeforeFromUs, d->dayBeforeToUs};
    for (TemplateAcc& acc : d->templates)
        acc.text = d->templateText(acc.cluster);
    std::optional<FirstError> firstError = classifyTemplates(d->templates, d->groups, d->sources, baselines, t);
    if (!firstError && d->firstError)
        firstError = firstErrorOf(*d->firstError);
    t.entries = entriesFromGroups(d->groups, d->templates);
    for (std::size_t i = 0; i < d->runs.size(); ++i)
        d->runs[i].background = t.templates[d->runStartTemplate[i]].role == TemplateStat::Role::Background;
    t.runs = linkRuns(d->runs);
    addRunEntries(t);
    if (firstError)
        addFirstError(t, *firstError);
    addRunFindings(t);
    if (firstError)
        addSuspectChanges(t, *firstError, d->changes, d->options.lookBackUs);
    addVersionChanges(t);
    addResponsePhases(t, d->alertsAndPeople, d->changes);
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
    auto done = read(readStartUs(options), options.toUs, [&](model::StoredEvent&& e) {
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
