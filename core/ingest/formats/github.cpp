// GitHub's evidence: REST API responses (workflow runs, jobs with their steps, pull requests,
// deployments and their statuses, commits, releases, check runs, issue and pull request events),
// `gh` CLI JSON output, webhook payloads, and GitHub Actions job logs.

#include "ingest/families.h"
#include "ingest/jsonutil.h"
#include "ingest/textlevel.h"
#include "model/timestamp.h"

#include <QRegularExpression>

#include <initializer_list>
#include <optional>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::EventKind;
using model::Level;
using model::TimeQuality;

const QString noTimeReason = QStringLiteral("no time in this record");

// ---------------------------------------------------------------------------------------------
// Detection: the outline of a JSON sample, read without parsing it, so that the first 64 KiB of
// a larger file can be recognised too.

bool isJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

struct Outline {
    enum class Top { None, Object, Array };
    Top top = Top::None;
    bool firstElementIsObject = false;
    bool trailingValues = false; // more JSON after the first value: JSON lines, not one document
    // The keys of the top-level object (or of an array's first element), each with the first
    // character of its value ('?' when the sample ends first).
    std::vector<std::pair<QByteArrayView, char>> keys;

    char valueOf(const char* key) const
    {
        const QByteArrayView wanted(key);
        for (const auto& [name, first] : keys) {
            if (name == wanted)
                return first;
        }
        return 0;
    }
    bool has(const char* key) const { return valueOf(key) != 0; }
    bool isObject(const char* key) const { return valueOf(key) == '{'; }
    bool isArray(const char* key) const { return valueOf(key) == '['; }
    bool itemShaped() const { return top == Top::Object || (top == Top::Array && firstElementIsObject); }
};

Outline outline(QByteArrayView text)
{
    Outline out;
    const qsizetype n = text.size();
    auto skipSpace = [&](qsizetype at) {
        while (at < n && isJsonSpace(text[at]))
            ++at;
        return at;
    };
    qsizetype i = skipSpace(text.startsWith("\xEF\xBB\xBF") ? 3 : 0);
    if (i >= n)
        return out;
    if (text[i] == '{')
        out.top = Outline::Top::Object;
    else if (text[i] == '[')
        out.top = Outline::Top::Array;
    else
        return out;
    // Keys of interest sit in the top object, or in the first object of a top array (of its first
    // page, when `gh api --paginate --slurp` put the pages of a list in one array).
    int keyDepth = out.top == Outline::Top::Object ? 1 : 2;
    int depth = 0;
    bool firstElement = true;
    for (; i < n; ++i) {
        const char c = text[i];
        if (c == '"') {
            const qsizetype start = ++i;
            while (i < n && text[i] != '"') {
                if (text[i] == '\\')
                    ++i;
                ++i;
            }
            if (i >= n)
                return out;
            if (depth == keyDepth) {
                qsizetype j = skipSpace(i + 1);
                if (j < n && text[j] == ':') {
                    j = skipSpace(j + 1);
                    out.keys.emplace_back(text.sliced(start, i - start), j < n ? text[j] : '?');
                }
            }
        } else if (c == '{' || c == '[') {
            ++depth;
            if (out.top == Outline::Top::Array && depth == keyDepth && firstElement) {
                if (c == '[' && keyDepth == 2) {
                    keyDepth = 3; // an array of pages: look into the first page
                } else {
                    out.firstElementIsObject = c == '{';
                    firstElement = false;
                }
            }
        } else if (c == '}' || c == ']') {
            --depth;
            if (depth == 0) {
                out.trailingValues = skipSpace(i + 1) < n;
                return out;
            }
            if (out.top == Outline::Top::Array && depth == keyDepth - 1)
                return out; // the first element is enough
        } else if (out.top == Outline::Top::Array && depth == keyDepth - 1 && !isJsonSpace(c) && c != ',') {
            return out; // an array of scalars
        }
    }
    return out;
}

// The same key tests over a parsed object, so one shape test serves detection and parsing.
struct ObjectKeys {
    const QJsonObject& object;
    bool has(const char* key) const { return object.contains(QLatin1String(key)); }
    bool isObject(const char* key) const { return object.value(QLatin1String(key)).isObject(); }
    bool isArray(const char* key) const { return object.value(QLatin1String(key)).isArray(); }
};

// The shapes, by the keys GitHub always sends.
template <typename Keys>
bool isRun(const Keys& k)
{
    const bool rest = k.has("head_sha") && k.has("run_number") && !k.has("steps");
    const bool gh = k.has("databaseId") && (k.has("workflowName") || k.has("displayTitle") || k.has("headSha"));
    return (rest || gh) && !k.has("action");
}

template <typename Keys>
bool isJob(const Keys& k)
{
    return k.isArray("steps") && (k.has("run_id") || k.has("started_at") || k.has("startedAt"));
}

template <typename Keys>
bool isPull(const Keys& k)
{
    return k.has("number") && k.has("merged_at") && k.isObject("head") && k.isObject("base") && !k.has("action");
}

template <typename Keys>
bool isDeployment(const Keys& k)
{
    return k.has("statuses_url") && k.has("environment") && k.has("sha") && !k.has("action");
}

template <typename Keys>
bool isDeploymentStatus(const Keys& k)
{
    return k.has("deployment_url") && k.has("state") && !k.has("action");
}

template <typename Keys>
bool isDeploymentOrStatus(const Keys& k)
{
    return isDeployment(k) || isDeploymentStatus(k);
}

template <typename Keys>
bool isCommit(const Keys& k)
{
    return k.has("sha") && k.isObject("commit") && k.isArray("parents");
}

template <typename Keys>
bool isRelease(const Keys& k)
{
    return k.has("tag_name") && k.has("published_at") && k.has("draft") && k.isArray("assets") && !k.has("action");
}

template <typename Keys>
bool isCheckRun(const Keys& k)
{
    return k.has("head_sha") && k.has("external_id") && k.has("check_suite") && k.has("started_at") && !k.has("action");
}

// GET .../issues/events and .../issues/{number}/events: what happened to an issue or pull request
// (closed, merged, labeled, deployed...). The timeline (.../issues/{number}/timeline) mixes in
// comments, reviews and commits, which are read too when the list starts with an event.
template <typename Keys>
bool isIssueEvent(const Keys& k)
{
    return k.has("event") && k.has("actor") && k.has("commit_id") && k.has("created_at") && !k.has("action");
}

enum class Hook {
    None,
    WorkflowRun,
    WorkflowJob,
    Deployment,
    DeploymentStatus,
    DeploymentReview,
    PullRequest,
    Push,
    CheckRun,
    Status
};

// Which webhook a payload is. GitHub sends the event name only in a header, so it is told by the
// payload's keys; the order matters (a deployment_status payload carries its deployment too).
template <typename Keys>
Hook hookKind(const Keys& k)
{
    if (k.has("action")) {
        if (k.isObject("workflow_job"))
            return Hook::WorkflowJob;
        if (k.isObject("deployment_status"))
            return Hook::DeploymentStatus;
        if (k.isObject("deployment"))
            return Hook::Deployment;
        if (k.isObject("pull_request") && k.has("number"))
            return Hook::PullRequest;
        if (k.isObject("workflow_run"))
            return k.has("reviewers") || k.has("requestor") || k.has("approver") ? Hook::DeploymentReview
                                                                                 : Hook::WorkflowRun;
        if (k.isObject("check_run"))
            return Hook::CheckRun;
        return Hook::None;
    }
    if (k.has("ref") && k.has("before") && k.has("after") && k.isArray("commits") && k.has("pusher"))
        return Hook::Push;
    if (k.has("sha") && k.has("state") && k.has("context") && k.isObject("commit") && k.has("branches"))
        return Hook::Status;
    return Hook::None;
}

// A list wrapped in an object ({"workflow_runs": [...]}) is certain; one object or a plain array
// of objects with the right keys is nearly so.
constexpr int wrappedListScore = 98;
constexpr int itemScore = 92;
constexpr int webhookScore = 95;

template <bool (*IsItem)(const Outline&)>
int scoreItems(const Sample& sample)
{
    const Outline o = outline(sample.head);
    return !o.trailingValues && o.itemShaped() && IsItem(o) ? itemScore : 0;
}

// A list wrapped in an object ({"total_count": 2, "workflow_runs": [...]}), also when `gh api
// --paginate` wrote its pages one after another or `--slurp` put them in an array.
bool isWrappedList(const Outline& o, const char* listKey)
{
    return o.isArray(listKey) && (o.top == Outline::Top::Object || o.firstElementIsObject);
}

int scoreRuns(const Sample& sample)
{
    const Outline o = outline(sample.head);
    if (isWrappedList(o, "workflow_runs"))
        return wrappedListScore;
    if (o.trailingValues || o.top == Outline::Top::None)
        return 0;
    if (o.top == Outline::Top::Object && o.isArray("jobs"))
        return 0; // `gh run view --json jobs,...`: the jobs format reads the run and its jobs
    return o.itemShaped() && isRun(o) ? itemScore : 0;
}

int scoreJobs(const Sample& sample)
{
    const Outline o = outline(sample.head);
    if (o.top == Outline::Top::None || (o.trailingValues && !(o.isArray("jobs") && o.has("total_count"))))
        return 0;
    if (o.top == Outline::Top::Object && o.isArray("jobs"))
        return o.has("total_count") ? wrappedListScore - 1 : 90;
    if (isWrappedList(o, "jobs") && o.has("total_count"))
        return wrappedListScore - 1; // pages of GET .../jobs that `gh api --paginate --slurp` put in an array
    return o.itemShaped() && isJob(o) ? itemScore : 0;
}

int scoreWebhook(const Sample& sample)
{
    const Outline o = outline(sample.head);
    return !o.trailingValues && o.top == Outline::Top::Object && hookKind(o) != Hook::None ? webhookScore : 0;
}

// ---------------------------------------------------------------------------------------------
// Reading JSON values.

QJsonValue at(const QJsonValue& value, std::initializer_list<QStringView> path)
{
    QJsonValue current = value;
    for (QStringView key : path)
        current = current.toObject().value(key);
    return current;
}

QString text(const QJsonValue& value, std::initializer_list<QStringView> path) { return at(value, path).toString(); }

// The REST API's snake_case field, else the `gh` CLI's camelCase one.
QJsonValue pick(const QJsonObject& object, QStringView snake, QStringView camel)
{
    const QJsonValue value = object.value(snake);
    return value.isUndefined() || value.isNull() ? object.value(camel) : value;
}

// Ids are numbers in GitHub's JSON (too large for int), sometimes strings.
QString idText(const QJsonValue& value)
{
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

QString quoted(const QString& s) { return QString(u'\'' + s + u'\''); }
QString shortSha(const QString& sha) { return sha.left(7); }
QString firstLine(const QString& s) { return s.section(u'\n', 0, 0).trimmed(); }
QString pointer(const QString& parent, QStringView key) { return QString(parent + u'/' + json::pointerSegment(key)); }
QString pointer(const QString& parent, qsizetype index) { return QString(parent + u'/' + QString::number(index)); }

// "failure" and friends are errors; a cancelled run or one awaiting approval is worth a warning.
Level levelForOutcome(QStringView outcome)
{
    for (QStringView bad : {u"failure", u"timed_out", u"startup_failure", u"error"}) {
        if (outcome == bad)
            return Level::Error;
    }
    for (QStringView doubtful : {u"cancelled", u"action_required", u"stale"}) {
        if (outcome == doubtful)
            return Level::Warning;
    }
    return Level::Info;
}

// The repository name in an API URL (".../repos/acme/etl-pipelines/commits/...").
QString repositoryFromUrl(const QString& url)
{
    const QList<QStringView> parts = QStringView(url).split(u'/');
    for (qsizetype i = 0; i + 2 < parts.size(); ++i) {
        if (parts[i] == u"repos")
            return parts[i + 2].toString();
    }
    return {};
}

// An ISO string, or an epoch number (push payloads give repository.pushed_at as one).
std::optional<json::Time> timeOf(const QJsonValue& value, const QTimeZone& zone)
{
    std::optional<json::Time> time = json::isoTime(value, zone);
    if (!time && value.isDouble()) {
        if (const auto us = json::epochTime(value))
            time = json::Time{*us, TimeQuality::Explicit};
    }
    // `gh` writes Go's zero time (0001-01-01) for times that are not set.
    if (time && time->utcUs < qint64(86400) * 1'000'000)
        return std::nullopt;
    return time;
}

// Puts events into the sink with their times; a record without a usable time is skipped, never
// given a made-up one.
class Emitter {
public:
    Emitter(const ParseContext& context, EventSink& sink) : m_context(context), m_sink(sink) {}

    // The first usable time among `times` becomes the event's.
    bool add(Event event, std::initializer_list<QJsonValue> times)
    {
        for (const QJsonValue& value : times) {
            if (const auto time = timeOf(value, m_context.naiveZone)) {
                event.timeUs = time->utcUs;
                event.timeQuality = time->quality;
                m_sink.add(std::move(event));
                if (time->quality == TimeQuality::ZoneAssumed)
                    m_sink.zoneAssumed();
                return true;
            }
        }
        skip(event.locator, noTimeReason);
        return false;
    }

    // Documents have no lines: the reason says where the record is.
    void skip(const QString& locator, const QString& reason)
    {
        m_sink.skip(0, locator.isEmpty() ? reason : QStringLiteral("%1 (at %2)").arg(reason, locator));
    }

private:
    const ParseContext& m_context;
    EventSink& m_sink;
};

Event baseEvent(EventKind kind, const QString& locator)
{
    Event event;
    event.kind = kind;
    event.level = Level::Info;
    event.locator = locator;
    return event;
}

// ---------------------------------------------------------------------------------------------
// Records, each read from wherever it appears: a REST list, a single response, a webhook.

QString completedMessage(const QString& what, const QString& conclusion)
{
    return what + QStringLiteral(" completed") + (conclusion.isEmpty() ? QString() : QString(u": " + conclusion));
}

// A workflow run (REST or `gh run list`): a ci_run event when it starts (or is queued), and one
// when it completes, carrying the conclusion.
void readRun(const QJsonObject& run, const QString& locator, Emitter& out, const QString& workflowFallback = {})
{
    QString workflow = pick(run, u"name", u"workflowName").toString();
    if (workflow.isEmpty())
        workflow = workflowFallback;
    const QString title = workflow.isEmpty() ? pick(run, u"display_title", u"displayTitle").toString() : workflow;
    const QString runId = idText(pick(run, u"id", u"databaseId"));
    const QJsonValue number = pick(run, u"run_number", u"number");
    const QString branch = pick(run, u"head_branch", u"headBranch").toString();
    const QString sha = pick(run, u"head_sha", u"headSha").toString();
    const qint64 attempt = pick(run, u"run_attempt", u"attempt").toInteger(1);

    // A workflow named for deploying ("Deploy ETL", "release", "CD") ships what it builds: a deploy.
    static const QRegularExpression deployWorkflow(
        QStringLiteral("(?i)\\b(?:deploy\\w*|releas\\w*|rollout|roll out|publish\\w*|ship\\w*|cd|promot\\w*)\\b"));
    const bool deploys = deployWorkflow.match(workflow).hasMatch();
    const QString noun = deploys ? QStringLiteral("Workflow run") : QStringLiteral("CI run");
    QString name = number.isDouble() ? QStringLiteral("%1 #%2").arg(noun).arg(number.toInteger())
                                     : QStringLiteral("%1 %2").arg(noun, runId);
    if (!title.isEmpty())
        name += u' ' + quoted(title);
    if (attempt > 1)
        name += QStringLiteral(" (attempt %1)").arg(attempt);
    if (!branch.isEmpty())
        name += QStringLiteral(" on ") + branch;
    if (!sha.isEmpty())
        name += QStringLiteral(" (%1)").arg(shortSha(sha));

    Event event = baseEvent(deploys ? EventKind::Deploy : EventKind::CiRun, locator);
    event.service = workflow;
    event.runId = runId;
    // triggering_actor is who started this attempt (a re-run's is not the original actor's).
    event.actor = text(run, {u"triggering_actor", u"login"});
    if (event.actor.isEmpty())
        event.actor = text(run, {u"actor", u"login"});

    const QString status = run.value(u"status").toString();
    const bool started = status.isEmpty() || status == u"in_progress" || status == u"completed";
    Event start = event;
    start.message = name + u' ' + (started ? QStringLiteral("started") : status);
    const QJsonValue created = pick(run, u"created_at", u"createdAt");
    if (started)
        out.add(std::move(start), {pick(run, u"run_started_at", u"startedAt"), created});
    else
        out.add(std::move(start), {created});

    if (status == u"completed") {
        const QString conclusion = run.value(u"conclusion").toString();
        Event end = event;
        end.outcome = conclusion;
        end.level = levelForOutcome(conclusion);
        end.message = completedMessage(name, conclusion);
        out.add(std::move(end), {pick(run, u"updated_at", u"updatedAt")});
    }
}

// A job (REST, webhook or `gh run view --json jobs`) and its steps. Each time keeps its own offset:
// GitHub gives job times in Z while step times may carry the runner's +01:00.
void readJob(const QJsonObject& job, const QString& locator, Emitter& out, const QString& runIdFallback = {},
    const QString& workflowFallback = {})
{
    const QString name = job.value(u"name").toString();
    QString workflow = job.value(u"workflow_name").toString();
    if (workflow.isEmpty())
        workflow = workflowFallback;
    QString runId = idText(job.value(u"run_id"));
    if (runId.isEmpty())
        runId = runIdFallback;

    Event event = baseEvent(EventKind::JobStart, locator);
    event.service = name.isEmpty() ? workflow : name;
    event.runId = runId;
    const QString label = QStringLiteral("Job ") + quoted(name)
        + (workflow.isEmpty() ? QString() : QStringLiteral(" of ") + quoted(workflow));

    const QString status = job.value(u"status").toString();
    if (status == u"queued" || status == u"waiting" || status == u"pending" || status == u"requested") {
        // Not started: GitHub fills started_at with the creation time, which is no start.
        Event queued = event;
        queued.kind = EventKind::Log;
        queued.message = label + u' ' + status;
        out.add(std::move(queued), {pick(job, u"created_at", u"createdAt")});
    } else {
        Event start = event;
        start.message = label + QStringLiteral(" started");
        out.add(std::move(start), {pick(job, u"started_at", u"startedAt")});
    }

    const QJsonArray steps = job.value(u"steps").toArray();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QJsonObject step = steps[i].toObject();
        const QString stepLocator = pointer(pointer(locator, u"steps"), i);
        const QString stepStatus = step.value(u"status").toString();
        const QString stepLabel = QStringLiteral("Step %1 %2 of job %3")
                                      .arg(step.value(u"number").toInteger())
                                      .arg(quoted(step.value(u"name").toString()), quoted(name));
        Event stepEvent = event;
        stepEvent.locator = stepLocator;
        if (stepStatus == u"queued" || stepStatus == u"pending" || stepStatus == u"waiting") {
            out.skip(stepLocator, noTimeReason); // not started yet: it has no times
            continue;
        }
        Event start = stepEvent;
        start.kind = EventKind::StepStart;
        start.message = stepLabel + QStringLiteral(" started");
        if (!out.add(std::move(start), {pick(step, u"started_at", u"startedAt")}))
            continue;
        if (stepStatus == u"completed") {
            const QString conclusion = step.value(u"conclusion").toString();
            Event end = stepEvent;
            end.kind = EventKind::StepEnd;
            end.outcome = conclusion;
            end.level = levelForOutcome(conclusion);
            end.message = completedMessage(stepLabel, conclusion);
            out.add(std::move(end), {pick(step, u"completed_at", u"completedAt")});
        }
    }

    if (status == u"completed") {
        const QString conclusion = job.value(u"conclusion").toString();
        Event end = event;
        end.kind = EventKind::JobEnd;
        end.outcome = conclusion;
        end.level = levelForOutcome(conclusion);
        end.message = completedMessage(label, conclusion);
        out.add(std::move(end), {pick(job, u"completed_at", u"completedAt")});
    }
}

// A pull request: a merge event when it was merged; otherwise nothing happened to the code.
void readPull(const QJsonObject& pr, const QString& locator, Emitter& out)
{
    const qint64 number = pr.value(u"number").toInteger();
    const QJsonValue mergedAt = pr.value(u"merged_at");
    if (mergedAt.isNull() || mergedAt.isUndefined()) {
        const QString state = pr.value(u"state").toString();
        out.skip(locator,
            state == u"open" ? QStringLiteral("not merged: PR #%1 is open").arg(number)
                             : QStringLiteral("not merged: PR #%1 was closed without merging").arg(number));
        return;
    }
    const QString title = pr.value(u"title").toString();
    const QString base = text(pr, {u"base", u"ref"});
    const QString mergedBy = text(pr, {u"merged_by", u"login"});
    const QString author = text(pr, {u"user", u"login"});
    Event event = baseEvent(EventKind::Merge, locator);
    event.service = text(pr, {u"base", u"repo", u"name"});
    event.runId = pr.value(u"merge_commit_sha").toString();
    if (event.runId.isEmpty())
        event.runId = QString::number(number);
    // Lists leave merged_by out: then say whose PR it was rather than guess who merged it.
    event.actor = mergedBy.isEmpty() ? author : mergedBy;
    event.message = mergedBy.isEmpty()
        ? QStringLiteral("PR #%1 %2 by %3 merged into %4").arg(number).arg(quoted(title), author, base)
        : QStringLiteral("PR #%1 %2 merged into %3 by %4").arg(number).arg(quoted(title), base, mergedBy);
    out.add(std::move(event), {mergedAt});
}

QString refAndSha(const QString& ref, const QString& sha)
{
    if (sha.isEmpty() || ref == sha)
        return sha.isEmpty() ? ref : shortSha(sha);
    return QStringLiteral("%1 (%2)").arg(ref, shortSha(sha));
}

// A deployment: asked for at created_at; its statuses say how it went.
void readDeployment(const QJsonObject& deployment, const QString& locator, Emitter& out)
{
    Event event = baseEvent(EventKind::Deploy, locator);
    event.service = deployment.value(u"environment").toString();
    event.runId = idText(deployment.value(u"id"));
    event.actor = text(deployment, {u"creator", u"login"});
    const QString description = deployment.value(u"description").toString();
    event.message
        = QStringLiteral("Deployment %1 of %2 to %3 created")
              .arg(event.runId, refAndSha(deployment.value(u"ref").toString(), deployment.value(u"sha").toString()),
                  event.service);
    if (!description.isEmpty())
        event.message += u": " + description;
    out.add(std::move(event), {deployment.value(u"created_at")});
}

// A deployment status; its run id is the deployment's, so the statuses pair with the deployment.
void readDeploymentStatus(
    const QJsonObject& status, const QString& locator, Emitter& out, const QJsonObject& deployment = {})
{
    Event event = baseEvent(EventKind::Deploy, locator);
    event.service = status.value(u"environment").toString();
    if (event.service.isEmpty())
        event.service = deployment.value(u"environment").toString();
    event.runId = status.value(u"deployment_url").toString().section(u'/', -1);
    if (event.runId.isEmpty())
        event.runId = idText(deployment.value(u"id"));
    event.actor = text(status, {u"creator", u"login"});
    event.outcome = status.value(u"state").toString();
    event.level = levelForOutcome(event.outcome);
    const QString description = status.value(u"description").toString();
    event.message = QStringLiteral("Deployment %1 to %2: %3").arg(event.runId, event.service, event.outcome);
    if (!description.isEmpty())
        event.message += u" (" + description + u')';
    out.add(std::move(event), {status.value(u"created_at")});
}

void readDeploymentOrStatus(const QJsonObject& object, const QString& locator, Emitter& out)
{
    if (isDeploymentStatus(ObjectKeys{object}))
        readDeploymentStatus(object, locator, out);
    else
        readDeployment(object, locator, out);
}

// A commit from the REST API. Its time is the author date, when the change was made: the
// committer date moves with every rebase, cherry-pick or merge through the web UI.
void readCommit(const QJsonObject& commit, const QString& locator, Emitter& out)
{
    const QJsonObject details = commit.value(u"commit").toObject();
    Event event
        = baseEvent(commit.value(u"parents").toArray().size() > 1 ? EventKind::Merge : EventKind::Commit, locator);
    event.runId = commit.value(u"sha").toString();
    event.service = repositoryFromUrl(commit.value(u"url").toString());
    event.actor = text(commit, {u"author", u"login"});
    if (event.actor.isEmpty())
        event.actor = text(details, {u"author", u"name"});
    event.message = firstLine(details.value(u"message").toString());
    out.add(std::move(event), {at(details, {u"author", u"date"})});
}

// ---------------------------------------------------------------------------------------------
// Documents.

std::unexpected<Error> wrongShape(const ParseContext& context, const QString& expected)
{
    return fail(Error::Code::InvalidArgument,
        QStringLiteral("the JSON is not what this format reads: expected %1; choose the format that "
                       "matches the file, or let Aftermath detect it")
            .arg(expected),
        context.path);
}

using ReadItem = void (*)(const QJsonObject&, const QString&, Emitter&);
using IsItem = bool (*)(const ObjectKeys&);

// A document that is one item, a plain array of items, or an object wrapping the array in
// `listKey`; or an array of such pages, as `gh api --paginate --slurp` writes them. Array elements
// that are not items are skipped. Locators start with `page` (where the page is in its file).
Result<void> readItems(const QJsonDocument& document, const ParseContext& context, EventSink& sink, QStringView listKey,
    IsItem isItem, ReadItem read, const QString& expected, const QString& page = {})
{
    Emitter out(context, sink);
    QJsonArray items;
    QString prefix = page;
    if (document.isObject()) {
        const QJsonObject root = document.object();
        if (!listKey.isEmpty() && root.value(listKey).isArray()) {
            items = root.value(listKey).toArray();
            prefix = pointer(page, listKey);
        } else if (isItem(ObjectKeys{root})) {
            read(root, page, out);
            return {};
        } else {
            return wrongShape(context, expected);
        }
    } else {
        items = document.array();
        const QJsonValue first = items.isEmpty() ? QJsonValue() : items.first();
        if (first.isArray() || (!listKey.isEmpty() && first.toObject().value(listKey).isArray())) {
            for (qsizetype p = 0; p < items.size(); ++p) {
                const QJsonDocument inner
                    = items[p].isArray() ? QJsonDocument(items[p].toArray()) : QJsonDocument(items[p].toObject());
                if (auto done = readItems(inner, context, sink, listKey, isItem, read, expected, pointer(page, p));
                    !done)
                    return done;
            }
            return {};
        }
        if (!items.isEmpty() && !(first.isObject() && isItem(ObjectKeys{first.toObject()})))
            return wrongShape(context, expected);
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject item = items[i].toObject();
        const QString locator = pointer(prefix, i);
        if (items[i].isObject() && isItem(ObjectKeys{item}))
            read(item, locator, out);
        else
            out.skip(locator, QStringLiteral("not one of the records this format reads"));
    }
    return {};
}

// The whole file: one response, or the pages of a list that `gh api --paginate` wrote one after
// another (each its own JSON value, cli/cli#1268), read in order; a page's locators start "#page".
Result<void> readItems(const QByteArray& content, const ParseContext& context, EventSink& sink, QStringView listKey,
    IsItem isItem, ReadItem read, const QString& expected)
{
    const auto values = json::topLevelValues(content);
    if (values.size() > 1) {
        for (size_t p = 0; p < values.size(); ++p) {
            const auto& [offset, bytes] = values[p];
            const auto document = json::parse(bytes, json::lineAt(content, offset), context.path);
            if (!document)
                return std::unexpected(document.error());
            if (auto done = readItems(
                    *document, context, sink, listKey, isItem, read, expected, QString(u'#' + QString::number(p)));
                !done)
                return done;
        }
        return {};
    }
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    return readItems(*document, context, sink, listKey, isItem, read, expected);
}

Result<void> parseRuns(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    return readItems(
        content, context, sink, u"workflow_runs", [](const ObjectKeys& k) { return isRun(k); },
        [](const QJsonObject& run, const QString& locator, Emitter& out) { readRun(run, locator, out); },
        QStringLiteral("GitHub workflow runs ({\"workflow_runs\": [...]} from GET /repos/{owner}/{repo}/actions/runs, "
                       "one run, or `gh run list --json` output)"));
}

Result<void> parseJobs(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const QString expected = QStringLiteral(
        "GitHub Actions jobs ({\"jobs\": [...]} from GET /repos/{owner}/{repo}/actions/runs/{id}/jobs, one job, "
        "or `gh run view --json jobs` output)");
    const auto isJobItem = [](const ObjectKeys& k) { return isJob(k); };
    const auto readJobItem
        = [](const QJsonObject& job, const QString& locator, Emitter& out) { readJob(job, locator, out); };
    if (json::topLevelValues(content).size() > 1) // `gh api --paginate`: pages of {"total_count", "jobs"}
        return readItems(content, context, sink, u"jobs", isJobItem, readJobItem, expected);
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    const QJsonObject root = document->object();
    if (!document->isObject() || !root.value(u"jobs").isArray())
        return readItems(*document, context, sink, u"jobs", isJobItem, readJobItem, expected);
    Emitter out(context, sink);
    // `gh run view --json jobs,databaseId,...` puts the run's own fields beside its jobs.
    if (isRun(ObjectKeys{root}))
        readRun(root, QString(), out);
    const QString runId = idText(pick(root, u"id", u"databaseId"));
    const QString workflow = pick(root, u"name", u"workflowName").toString();
    const QJsonArray jobs = root.value(u"jobs").toArray();
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        const QString locator = pointer(QStringLiteral("/jobs"), i);
        if (jobs[i].isObject())
            readJob(jobs[i].toObject(), locator, out, runId, workflow);
        else
            out.skip(locator, QStringLiteral("not one of the records this format reads"));
    }
    return {};
}

Result<void> parsePulls(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    return readItems(
        content, context, sink, {}, [](const ObjectKeys& k) { return isPull(k); }, readPull,
        QStringLiteral("GitHub pull requests (GET /repos/{owner}/{repo}/pulls or /pulls/{number})"));
}

Result<void> parseDeployments(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    return readItems(
        content, context, sink, {}, [](const ObjectKeys& k) { return isDeploymentOrStatus(k); }, readDeploymentOrStatus,
        QStringLiteral("GitHub deployments or deployment statuses (GET /repos/{owner}/{repo}/deployments, "
                       "/deployments/{id} or /deployments/{id}/statuses)"));
}

Result<void> parseCommits(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    return readItems(
        content, context, sink, {}, [](const ObjectKeys& k) { return isCommit(k); }, readCommit,
        QStringLiteral("GitHub commits (GET /repos/{owner}/{repo}/commits or /commits/{ref})"));
}

// A push: the push itself at repository.pushed_at (an epoch number in push payloads), then each
// commit at its own ISO timestamp.
void readPush(const QJsonObject& root, Emitter& out)
{
    const QString repository = text(root, {u"repository", u"name"});
    const QString ref = root.value(u"ref").toString();
    const QJsonArray commits = root.value(u"commits").toArray();
    Event push = baseEvent(EventKind::Log, pointer(QString(), u"repository"));
    push.service = repository;
    push.runId = root.value(u"after").toString();
    push.actor = text(root, {u"sender", u"login"});
    if (push.actor.isEmpty())
        push.actor = text(root, {u"pusher", u"name"});
    if (root.value(u"deleted").toBool())
        push.message = QStringLiteral("%1 deleted %2").arg(push.actor, ref);
    else if (commits.isEmpty())
        push.message = QStringLiteral("%1 pushed %2 (%3)").arg(push.actor, ref, shortSha(push.runId));
    else
        push.message
            = QStringLiteral("%1 %2 %3 commit%4 to %5")
                  .arg(push.actor,
                      root.value(u"forced").toBool() ? QStringLiteral("force-pushed") : QStringLiteral("pushed"))
                  .arg(commits.size())
                  .arg(commits.size() == 1 ? QString() : QStringLiteral("s"), ref);
    out.add(std::move(push), {at(root, {u"repository", u"pushed_at"})});

    for (qsizetype i = 0; i < commits.size(); ++i) {
        const QJsonObject commit = commits[i].toObject();
        Event event = baseEvent(EventKind::Commit, pointer(QStringLiteral("/commits"), i));
        event.service = repository;
        event.runId = commit.value(u"id").toString();
        event.actor = text(commit, {u"author", u"username"});
        if (event.actor.isEmpty())
            event.actor = text(commit, {u"author", u"name"});
        event.message = firstLine(commit.value(u"message").toString());
        out.add(std::move(event), {commit.value(u"timestamp")});
    }
}

// A check run from any CI app (an Actions job is one too): a job that starts, then ends with its
// conclusion as the outcome; one still queued is only noted.
void readCheckRun(const QJsonObject& check, const QString& locator, Emitter& out)
{
    const QString name = check.value(u"name").toString();
    const QString branch = text(check, {u"check_suite", u"head_branch"});
    QString label = QStringLiteral("Check ") + quoted(name);
    if (const QString app = text(check, {u"app", u"name"}); !app.isEmpty())
        label += QStringLiteral(" by ") + app;
    if (!branch.isEmpty())
        label += QStringLiteral(" on ") + branch;
    label += QStringLiteral(" (%1)").arg(shortSha(check.value(u"head_sha").toString()));
    Event event = baseEvent(EventKind::JobStart, locator);
    event.service = name;
    event.runId = idText(check.value(u"id"));
    const QString status = check.value(u"status").toString();
    Event start = event;
    if (status == u"queued" || status == u"waiting" || status == u"pending" || status == u"requested") {
        start.kind = EventKind::Log;
        start.message = label + u' ' + status;
    } else {
        start.message = label + QStringLiteral(" started");
    }
    out.add(std::move(start), {check.value(u"started_at")});
    if (status == u"completed") {
        const QString conclusion = check.value(u"conclusion").toString();
        Event end = event;
        end.kind = EventKind::JobEnd;
        end.outcome = conclusion;
        end.level = levelForOutcome(conclusion);
        end.message = completedMessage(label, conclusion);
        if (const QString title = text(check, {u"output", u"title"}); !title.isEmpty())
            end.message += QStringLiteral(" (%1)").arg(title);
        out.add(std::move(end), {check.value(u"completed_at")});
    }
}

// A release: published, it is what users get, so it marks a deploy. Drafts are not out yet.
void readRelease(const QJsonObject& release, const QString& locator, Emitter& out)
{
    const QString tag = release.value(u"tag_name").toString();
    const QString name = release.value(u"name").toString();
    if (release.value(u"draft").toBool()) {
        out.skip(locator, QStringLiteral("not published: release %1 is a draft").arg(quoted(tag)));
        return;
    }
    Event event = baseEvent(EventKind::Deploy, locator);
    event.service = repositoryFromUrl(release.value(u"url").toString());
    event.runId = tag;
    event.actor = text(release, {u"author", u"login"});
    const bool pre = release.value(u"prerelease").toBool();
    event.outcome = pre ? QStringLiteral("prerelease") : QStringLiteral("published");
    event.message = QStringLiteral("%1 %2").arg(pre ? QStringLiteral("Pre-release") : QStringLiteral("Release"), tag);
    if (!name.isEmpty() && name != tag)
        event.message += u' ' + quoted(name);
    event.message += QStringLiteral(" published");
    if (const QString target = release.value(u"target_commitish").toString(); !target.isEmpty())
        event.message += QStringLiteral(" from ") + (target.size() == 40 ? shortSha(target) : target);
    out.add(std::move(event), {release.value(u"published_at")});
}

// What an issue event adds to its name: the label, the assignee, the new title, the commit.
QString issueEventDetail(const QJsonObject& item, const QString& name)
{
    if (name == u"labeled" || name == u"unlabeled")
        return quoted(text(item, {u"label", u"name"}));
    if (name == u"assigned" || name == u"unassigned")
        return text(item, {u"assignee", u"login"});
    if (name == u"review_requested" || name == u"review_request_removed") {
        const QString reviewer = text(item, {u"requested_reviewer", u"login"});
        return reviewer.isEmpty() ? text(item, {u"requested_team", u"name"}) : reviewer;
    }
    if (name == u"milestoned" || name == u"demilestoned")
        return quoted(text(item, {u"milestone", u"title"}));
    if (name == u"renamed")
        return QStringLiteral("from %1 to %2")
            .arg(quoted(text(item, {u"rename", u"from"})), quoted(text(item, {u"rename", u"to"})));
    if (name == u"reviewed")
        return item.value(u"state").toString().toLower();
    if (name == u"committed")
        return QStringLiteral("%1 %2").arg(
            shortSha(item.value(u"sha").toString()), quoted(firstLine(item.value(u"message").toString())));
    if (const QString commit = item.value(u"commit_id").toString(); !commit.isEmpty())
        return QStringLiteral("in %1").arg(shortSha(commit));
    return {};
}

// One issue or pull request event: a merge is a merge, a deployment a deploy, the rest notes.
void readIssueEvent(const QJsonObject& item, const QString& locator, Emitter& out)
{
    const QString name = item.value(u"event").toString();
    const QJsonObject issue = item.value(u"issue").toObject();
    Event event = baseEvent(name == u"merged" ? EventKind::Merge
            : name == u"deployed"             ? EventKind::Deploy
                                              : EventKind::Log,
        locator);
    event.service = repositoryFromUrl(item.value(u"url").toString());
    if (event.service.isEmpty())
        event.service = repositoryFromUrl(issue.value(u"url").toString());
    for (const auto& who :
        {std::pair{u"actor", u"login"}, std::pair{u"user", u"login"}, std::pair{u"author", u"name"}}) {
        if (event.actor.isEmpty())
            event.actor = text(item, {who.first, who.second});
    }
    event.runId = item.value(u"commit_id").toString();
    if (event.runId.isEmpty())
        event.runId = item.value(u"sha").toString();
    event.outcome = name;
    QString subject;
    if (issue.contains(u"number")) {
        subject = QStringLiteral("%1 #%2 %3")
                      .arg(issue.contains(u"pull_request") ? QStringLiteral("PR") : QStringLiteral("Issue"))
                      .arg(issue.value(u"number").toInteger())
                      .arg(quoted(issue.value(u"title").toString()));
    }
    const QString detail = issueEventDetail(item, name);
    event.message = (subject.isEmpty() ? QString() : QString(subject + u' ')) + QString(name).replace(u'_', u' ')
        + (detail.isEmpty() ? QString() : QString(u' ' + detail))
        + (event.actor.isEmpty() ? QString() : QString(QStringLiteral(" by ") + event.actor));
    // Reviews have submitted_at, commits their author's date; everything else created_at.
    out.add(std::move(event), {item.value(u"created_at"), item.value(u"submitted_at"), at(item, {u"author", u"date"})});
}

// A commit status (what CI systems outside Actions report): one result per delivery.
void readStatus(const QJsonObject& root, Emitter& out)
{
    Event event = baseEvent(EventKind::CiRun, QString());
    event.service = root.value(u"context").toString();
    event.runId = idText(root.value(u"id"));
    event.actor = text(root, {u"sender", u"login"});
    event.outcome = root.value(u"state").toString();
    event.level = levelForOutcome(event.outcome);
    event.message = QStringLiteral("Commit status %1 for %2: %3")
                        .arg(quoted(event.service), shortSha(root.value(u"sha").toString()), event.outcome);
    const QString description = root.value(u"description").toString();
    if (!description.isEmpty())
        event.message += u" (" + description + u')';
    out.add(std::move(event), {root.value(u"created_at")});
}

// A deployment waiting on (or passing) an environment's required reviewers.
void readDeploymentReview(const QJsonObject& root, Emitter& out)
{
    const QString action = root.value(u"action").toString();
    Event event = baseEvent(EventKind::Log, QString());
    event.level = Level::Notice;
    event.service = root.value(u"environment").toString();
    if (event.service.isEmpty())
        event.service = text(root, {u"workflow_job_run", u"environment"});
    event.runId = idText(at(root, {u"workflow_run", u"id"}));
    for (QStringView who : {u"approver", u"requestor", u"sender"}) {
        if (event.actor.isEmpty())
            event.actor = text(root, {who, u"login"});
    }
    event.message
        = QStringLiteral("Deployment review %1 for environment %2 (run %3 of %4)")
              .arg(action, quoted(event.service), event.runId, quoted(text(root, {u"workflow_run", u"name"})));
    out.add(std::move(event), {root.value(u"since")});
}

Result<void> parseReleases(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    return readItems(
        content, context, sink, {}, [](const ObjectKeys& k) { return isRelease(k); }, readRelease,
        QStringLiteral("GitHub releases (GET /repos/{owner}/{repo}/releases or /releases/{id})"));
}

Result<void> parseCheckRuns(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    return readItems(
        content, context, sink, u"check_runs", [](const ObjectKeys& k) { return isCheckRun(k); }, readCheckRun,
        QStringLiteral("GitHub check runs ({\"total_count\", \"check_runs\": [...]} from GET "
                       "/repos/{owner}/{repo}/commits/{ref}/check-runs, or one check run)"));
}

Result<void> parseIssueEvents(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    // A timeline mixes events with comments, reviews and commits: every element with a time is read.
    return readItems(
        content, context, sink, {},
        [](const ObjectKeys& k) {
            return isIssueEvent(k)
                || (k.has("event") && (k.has("created_at") || k.has("submitted_at") || k.has("sha")));
        },
        readIssueEvent,
        QStringLiteral("GitHub issue events (GET /repos/{owner}/{repo}/issues/events, /issues/{number}/events or "
                       "/issues/{number}/timeline)"));
}

int scoreCheckRuns(const Sample& sample)
{
    const Outline o = outline(sample.head);
    if (isWrappedList(o, "check_runs"))
        return wrappedListScore;
    if (o.trailingValues || o.top == Outline::Top::None)
        return 0;
    return o.itemShaped() && isCheckRun(o) ? itemScore : 0;
}

Result<void> parseWebhook(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    const QJsonObject root = document->object();
    const Hook hook = document->isObject() ? hookKind(ObjectKeys{root}) : Hook::None;
    Emitter out(context, sink);
    switch (hook) {
    case Hook::None:
        return wrongShape(context,
            QStringLiteral("one GitHub webhook payload of a workflow_run, workflow_job, deployment, "
                           "deployment_status, deployment_review, push, pull_request, check_run or "
                           "status event"));
    case Hook::WorkflowRun:
        // A completed payload holds the whole run, so it gives the start as well as the end.
        readRun(root.value(u"workflow_run").toObject(), QStringLiteral("/workflow_run"), out,
            text(root, {u"workflow", u"name"}));
        break;
    case Hook::WorkflowJob:
        readJob(root.value(u"workflow_job").toObject(), QStringLiteral("/workflow_job"), out);
        break;
    case Hook::Deployment:
        readDeployment(root.value(u"deployment").toObject(), QStringLiteral("/deployment"), out);
        break;
    case Hook::DeploymentStatus:
        readDeploymentStatus(root.value(u"deployment_status").toObject(), QStringLiteral("/deployment_status"), out,
            root.value(u"deployment").toObject());
        break;
    case Hook::DeploymentReview:
        readDeploymentReview(root, out);
        break;
    case Hook::PullRequest: {
        const QString action = root.value(u"action").toString();
        if (action == u"closed")
            readPull(root.value(u"pull_request").toObject(), QStringLiteral("/pull_request"), out);
        else
            out.skip(QStringLiteral("/pull_request"),
                QStringLiteral("not merged: a pull_request %1 event").arg(quoted(action)));
        break;
    }
    case Hook::Push:
        readPush(root, out);
        break;
    case Hook::CheckRun:
        readCheckRun(root.value(u"check_run").toObject(), QStringLiteral("/check_run"), out);
        break;
    case Hook::Status:
        readStatus(root, out);
        break;
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// GitHub Actions job logs: "2026-06-18T00:25:41.1234567Z text", always UTC, with workflow
// commands (##[group], ##[error], ...) and untimed lines where a value spans lines.

// A message stops growing here, so a runaway multi-line value cannot use unbounded memory.
constexpr qsizetype maxMessageChars = 1024 * 1024;

struct ActionsStamp {
    qint64 utcUs = 0;
    qsizetype textStart = 0;
    int fractionDigits = 0;
};

std::optional<ActionsStamp> actionsStamp(QStringView line)
{
    const qsizetype n = line.size();
    auto number = [&](qsizetype from, int count, int& value) {
        if (from + count > n)
            return false;
        value = 0;
        for (qsizetype i = from; i < from + count; ++i) {
            const char16_t c = line[i].unicode();
            if (c < u'0' || c > u'9')
                return false;
            value = value * 10 + (c - u'0');
        }
        return true;
    };
    auto is = [&](qsizetype i, char16_t c) { return i < n && line[i] == c; };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!(number(0, 4, year) && is(4, u'-') && number(5, 2, month) && is(7, u'-') && number(8, 2, day) && is(10, u'T')
            && number(11, 2, hour) && is(13, u':') && number(14, 2, minute) && is(16, u':') && number(17, 2, second)))
        return std::nullopt;
    ActionsStamp stamp;
    qsizetype i = 19;
    qint64 micros = 0;
    if (is(i, u'.')) {
        ++i;
        while (i < n && line[i] >= u'0' && line[i] <= u'9') {
            // Seven digits are 100 ns; Aftermath keeps microseconds, so the seventh is dropped.
            if (stamp.fractionDigits < 6)
                micros = micros * 10 + (line[i].unicode() - u'0');
            ++stamp.fractionDigits;
            ++i;
        }
        if (stamp.fractionDigits == 0)
            return std::nullopt;
        for (int d = stamp.fractionDigits; d < 6; ++d)
            micros *= 10;
    }
    if (!is(i, u'Z'))
        return std::nullopt;
    ++i;
    if (i < n && line[i] != u' ')
        return std::nullopt;
    stamp.textStart = std::min(i + 1, n);
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const qint64 days = model::daysFromCivil(year, month, day);
    const model::CivilDate check = model::civilFromDays(days);
    if (check.day != day || check.month != month)
        return std::nullopt; // no such date (June 31st)
    stamp.utcUs = (days * 86400 + hour * 3600 + minute * 60 + second) * 1'000'000 + micros;
    return stamp;
}

// Without terminal colour codes (ESC [ ... letter), which Actions logs keep.
QString withoutAnsi(QStringView s)
{
    if (!s.contains(QChar(0x1B)))
        return s.toString();
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] != QChar(0x1B)) {
            out += s[i];
            continue;
        }
        if (i + 1 < s.size() && s[i + 1] == u'[') {
            i += 2;
            while (i < s.size() && !(s[i].unicode() >= 0x40 && s[i].unicode() <= 0x7E))
                ++i;
        } else {
            ++i; // a two-character escape
        }
    }
    return out;
}

class ActionsLogParser final : public LineParser {
public:
    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        const auto stamp = actionsStamp(line);
        if (!stamp) {
            if (line.trimmed().isEmpty())
                return; // blank lines carry nothing
            if (!m_pending) {
                sink.skip(lineNumber, noTimeReason);
                return;
            }
            append(line, flags);
            sink.continuation(lineNumber);
            return;
        }
        const QStringView text = line.sliced(stamp->textStart);
        if (text.trimmed().isEmpty())
            return; // an empty output line
        if (text.startsWith(u"##[endgroup]")) {
            sink.skip(lineNumber, QStringLiteral("end of a log group"));
            return;
        }
        flush(sink);

        Event event;
        event.timeUs = stamp->utcUs;
        event.line = lineNumber;
        event.flags = flags;
        QStringView body = text;
        struct Command {
            QStringView prefix;
            EventKind kind;
            Level level;
        };
        static constexpr Command commands[] = {
            {u"##[group]", EventKind::StepStart, Level::Info},
            {u"##[error]", EventKind::Error, Level::Error},
            {u"##[warning]", EventKind::Log, Level::Warning},
            {u"##[notice]", EventKind::Log, Level::Notice},
            {u"##[debug]", EventKind::Log, Level::Debug},
            {u"##[command]", EventKind::Log, Level::Info},
            {u"##[section]", EventKind::Log, Level::Info},
        };
        bool command = false;
        for (const Command& c : commands) {
            if (text.startsWith(c.prefix)) {
                body = text.sliced(c.prefix.size());
                event.kind = c.kind;
                event.level = c.level;
                command = true;
                break;
            }
        }
        if (!command) {
            event.level = findLevel(text, 3);
            event.kind = kindForLevel(event.level);
        }
        event.message = withoutAnsi(body);
        if (event.message != text)
            event.raw = line.toString();
        m_pending = std::move(event);
    }

    void finish(EventSink& sink) override { flush(sink); }

private:
    void append(QStringView line, unsigned flags)
    {
        m_pending->flags |= flags;
        if (m_pending->message.size() + line.size() >= maxMessageChars) {
            m_pending->flags |= Event::Truncated;
            return;
        }
        m_pending->message += u'\n' + withoutAnsi(line);
        if (!m_pending->raw.isEmpty())
            m_pending->raw += u'\n' + line;
    }

    void flush(EventSink& sink)
    {
        if (m_pending)
            sink.add(std::move(*m_pending));
        m_pending.reset();
    }

    std::optional<Event> m_pending;
};

int scoreActionsLog(const Sample& sample)
{
    int total = 0;
    int stamped = 0;
    bool commands = false;
    for (const QString& line : sample.lines) {
        QStringView view(line);
        while (view.startsWith(QChar(0xFEFF)))
            view = view.sliced(1);
        if (view.trimmed().isEmpty())
            continue;
        ++total;
        // Seven fraction digits and a Z are how the runner writes every line.
        if (const auto stamp = actionsStamp(view); stamp && stamp->fractionDigits == 7) {
            ++stamped;
            commands = commands || view.sliced(stamp->textStart).startsWith(u"##[");
        }
    }
    if (total == 0 || stamped == 0)
        return 0;
    const double share = double(stamped) / total;
    if (share >= 0.6)
        return commands ? 98 : 93;
    return share >= 0.3 ? 70 : 0;
}

std::unique_ptr<LineParser> makeActionsLogParser(const ParseContext&) { return std::make_unique<ActionsLogParser>(); }

} // namespace

std::vector<Format> githubFormats()
{
    std::vector<Format> formats;
    formats.push_back({QStringLiteral("github-workflow-runs"),
        QStringLiteral("GitHub Actions workflow runs: GET .../actions/runs (a list or one run) and `gh run "
                       "list --json` output; a ci_run event when a run starts and when it completes"),
        scoreRuns, nullptr, parseRuns, nullptr});
    formats.push_back({QStringLiteral("github-workflow-jobs"),
        QStringLiteral("GitHub Actions jobs and their steps: GET .../actions/runs/{id}/jobs (a list or "
                       "one job) and `gh run view --json jobs`; job and step start/end events"),
        scoreJobs, nullptr, parseJobs, nullptr});
    formats.push_back({QStringLiteral("github-pull-requests"),
        QStringLiteral("GitHub pull requests from GET .../pulls (a list or one PR): a merge event for "
                       "each merged PR; unmerged ones are skipped"),
        scoreItems<isPull<Outline>>, nullptr, parsePulls, nullptr});
    formats.push_back({QStringLiteral("github-deployments"),
        QStringLiteral("GitHub deployments and deployment statuses from GET .../deployments[/{id}"
                       "[/statuses]]: deploy events, statuses with their state as the outcome"),
        scoreItems<isDeploymentOrStatus<Outline>>, nullptr, parseDeployments, nullptr});
    formats.push_back({QStringLiteral("github-commits"),
        QStringLiteral("GitHub commits from GET .../commits (a list or one commit): a commit or merge "
                       "event at each author date"),
        scoreItems<isCommit<Outline>>, nullptr, parseCommits, nullptr});
    formats.push_back({QStringLiteral("github-releases"),
        QStringLiteral("GitHub releases from GET .../releases (a list or one release): a deploy marker when "
                       "each release was published; drafts are skipped"),
        scoreItems<isRelease<Outline>>, nullptr, parseReleases, nullptr});
    formats.push_back({QStringLiteral("github-check-runs"),
        QStringLiteral("GitHub check runs from GET .../commits/{ref}/check-runs ({total_count, check_runs}) "
                       "or one check run: job start and end events, the conclusion as the outcome"),
        scoreCheckRuns, nullptr, parseCheckRuns, nullptr});
    formats.push_back({QStringLiteral("github-issue-events"),
        QStringLiteral("GitHub issue and pull request events from GET .../issues/events, "
                       ".../issues/{number}/events or .../timeline: merges, deployments, closes, labels"),
        scoreItems<isIssueEvent<Outline>>, nullptr, parseIssueEvents, nullptr});
    formats.push_back({QStringLiteral("github-webhook"),
        QStringLiteral("One GitHub webhook payload: workflow_run, workflow_job, deployment, "
                       "deployment_status, deployment_review, push, pull_request (merges), check_run "
                       "or commit status"),
        scoreWebhook, nullptr, parseWebhook, nullptr});
    formats.push_back({QStringLiteral("github-actions-log"),
        QStringLiteral("GitHub Actions job logs (\"2026-06-18T00:25:41.1234567Z text\"): ##[group] "
                       "starts a step, ##[error] is an error, untimed lines continue the line before"),
        scoreActionsLog, makeActionsLogParser, nullptr, nullptr});
    return formats;
}

} // namespace aftermath::ingest
