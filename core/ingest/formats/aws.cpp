#include "ingest/families.h"
#include "ingest/jsonutil.h"
#include "ingest/textlevel.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QStringList>

#include <cstring>
#include <optional>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::EventKind;
using model::Level;

const QString noTime = QStringLiteral("no time in this record");

// ------------------------------------------------------------------------------------------------
// Shared helpers

// The start of a sample without a byte-order mark and leading whitespace.
QByteArrayView jsonStart(const Sample& sample)
{
    QByteArrayView head(sample.head);
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    return head.trimmed();
}

bool startsWithObject(const Sample& sample) { return jsonStart(sample).startsWith('{'); }

bool startsWithJson(const Sample& sample)
{
    const QByteArrayView start = jsonStart(sample);
    return start.startsWith('{') || start.startsWith('[');
}

// One JSON object per line is the "jsonl" format's, not a document of ours.
bool looksLikeJsonLines(const Sample& sample)
{
    int objectLines = 0;
    for (const QString& line : sample.lines) {
        const QStringView text = QStringView(line).trimmed();
        if (text.isEmpty())
            continue;
        if (!(text.startsWith(u'{') && text.endsWith(u'}')))
            return false;
        if (++objectLines >= 2)
            return true;
    }
    return false;
}

bool has(const Sample& sample, const char* key) { return sample.head.contains(key); }

Error wrongShape(const ParseContext& context, const QString& expected)
{
    return Error{Error::Code::InvalidArgument,
        QStringLiteral("this is not %1; pick the right format or export the data again").arg(expected), context.path};
}

QString str(const QJsonObject& object, QStringView key) { return object.value(key).toString(); }

// An ISO string (what EventBridge and CLI v2 print) or an epoch number (CLI v1, SDK dumps).
std::optional<json::Time> anyTime(const QJsonValue& value, const QTimeZone& naiveZone)
{
    if (auto iso = json::isoTime(value, naiveZone))
        return iso;
    if (value.isString() && value.toString().contains(u'-'))
        return std::nullopt; // a date we could not read is not an epoch number
    if (auto epoch = json::epochTime(value))
        return json::Time{*epoch, model::TimeQuality::Explicit};
    return std::nullopt;
}

// The part of an ARN or path after its last '/', e.g. the task id of a task ARN.
QString lastSegment(const QString& text)
{
    const qsizetype slash = text.lastIndexOf(u'/');
    return slash >= 0 ? text.mid(slash + 1) : text;
}

QString compactJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

bool isFailureState(QStringView state)
{
    return state.contains(u"FAIL") || state == u"FAULT" || state == u"TIMED_OUT" || state == u"ERROR";
}

void addEvent(EventSink& sink, Event event, const json::Time& time)
{
    event.timeUs = time.utcUs;
    event.timeQuality = time.quality;
    const bool assumed = time.quality == model::TimeQuality::ZoneAssumed;
    sink.add(std::move(event));
    if (assumed)
        sink.zoneAssumed();
}

// The level a program wrote into its log line: "[ERROR] ...", "2026-06-18 01:00:07 WARNING etl: ...",
// "level=error", {"level":"error"}. Upper-case words anywhere near the start count; lower-case ones
// only as a leading "error:" or after a level key, so prose ("no errors found") does not.
std::optional<Level> levelWord(QStringView word, bool anyCase)
{
    static const std::pair<QStringView, Level> words[] = {
        {u"ERROR", Level::Error},
        {u"WARN", Level::Warning},
        {u"WARNING", Level::Warning},
        {u"INFO", Level::Info},
        {u"DEBUG", Level::Debug},
        {u"CRITICAL", Level::Critical},
        {u"FATAL", Level::Fatal},
        {u"TRACE", Level::Trace},
        {u"NOTICE", Level::Notice},
    };
    for (const auto& [name, level] : words) {
        if (word.compare(name, anyCase ? Qt::CaseInsensitive : Qt::CaseSensitive) == 0)
            return level;
    }
    return std::nullopt;
}

std::optional<Level> levelInText(QStringView text)
{
    const QStringView head = text.left(240);
    qsizetype i = 0;
    bool first = true;
    while (i < head.size()) {
        if (!head[i].isLetter()) {
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < head.size() && head[j].isLetter())
            ++j;
        const QStringView word = head.sliced(i, j - i);
        const bool leadingTag = first && j < head.size() && (head[j] == u':' || head[j] == u']');
        if (auto level = levelWord(word, leadingTag))
            return level;
        first = false;
        i = j;
    }
    for (QStringView key : {QStringView(u"level="), QStringView(u"\"level\":"), QStringView(u"\"levelname\":"),
             QStringView(u"\"severity\":")}) {
        qsizetype at = head.indexOf(key, 0, Qt::CaseInsensitive);
        if (at < 0)
            continue;
        at += key.size();
        while (at < head.size() && (head[at] == u' ' || head[at] == u'"'))
            ++at;
        qsizetype end = at;
        while (end < head.size() && head[end].isLetter())
            ++end;
        if (auto level = levelWord(head.sliced(at, end - at), true))
            return level;
    }
    return std::nullopt;
}

void describeEventBridge(
    const QJsonObject& envelope, const ParseContext& context, Event& event, std::optional<json::Time>& time);

// ------------------------------------------------------------------------------------------------
// CloudWatch Logs: `aws logs filter-log-events` / `get-log-events` output and subscription messages

int scoreCloudWatchLogs(const Sample& sample)
{
    if (!startsWithObject(sample) || looksLikeJsonLines(sample))
        return 0;
    if (has(sample, "\"logEvents\"") && has(sample, "\"messageType\""))
        return 95;
    if (has(sample, "\"events\"") && has(sample, "\"timestamp\"") && has(sample, "\"message\"")) {
        if (has(sample, "\"ingestionTime\"") || has(sample, "\"nextForwardToken\"")
            || has(sample, "\"searchedLogStreams\""))
            return 95;
        // Without the CLI's own keys, only a whole document shaped like {"events":[{timestamp, message}]}.
        if (!sample.complete)
            return 0;
        const QJsonObject first
            = QJsonDocument::fromJson(sample.head).object().value(u"events").toArray().at(0).toObject();
        return first.value(u"timestamp").isDouble() && first.value(u"message").isString() ? 60 : 0;
    }
    return 0;
}

Result<void> parseCloudWatchLogs(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    const QJsonObject root = document->object();
    QString arrayKey;
    QString stream;
    if (root.value(u"events").isArray()) {
        arrayKey = QStringLiteral("events");
    } else if (root.value(u"logEvents").isArray()) {
        arrayKey = QStringLiteral("logEvents"); // a subscription filter's DATA_MESSAGE
        stream = str(root, u"logStream");
    } else {
        return std::unexpected(wrongShape(context,
            QStringLiteral("CloudWatch Logs output (an object with an \"events\" array, as `aws logs "
                           "filter-log-events` and `get-log-events` print)")));
    }
    const json::ValueLines lines(content, 2);
    const QJsonArray records = root.value(arrayKey).toArray();
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QString pointer = QString(u'/' + arrayKey + u'/' + QString::number(i));
        const qint64 line = lines(pointer);
        if (!records.at(i).isObject()) {
            sink.skip(line, QStringLiteral("not a log event object"));
            continue;
        }
        const QJsonObject record = records.at(i).toObject();
        const auto time = json::epochTime(record.value(u"timestamp"));
        if (!time) {
            sink.skip(line, noTime);
            continue;
        }
        Event event;
        event.line = line;
        event.locator = pointer;
        event.message = str(record, u"message");
        // CloudWatch keeps the newline the program printed; it is not part of the message.
        while (event.message.endsWith(u'\n') || event.message.endsWith(u'\r'))
            event.message.chop(1);
        std::optional<json::Time> eventTime = json::Time{*time, model::TimeQuality::Explicit};
        // An EventBridge rule that targets a log group writes each event as one JSON message.
        const QJsonObject envelope = event.message.startsWith(u'{') && event.message.contains(u"\"detail-type\"")
            ? QJsonDocument::fromJson(event.message.toUtf8()).object()
            : QJsonObject();
        if (envelope.contains(u"detail-type")) {
            event.raw = event.message;
            describeEventBridge(envelope, context, event, eventTime);
        } else {
            event.level = levelInText(event.message).value_or(Level::Unknown);
            event.kind = kindForLevel(event.level); // an ERROR line is an error, as in a text log
            event.service = str(record, u"logStreamName");
            if (event.service.isEmpty())
                event.service = stream;
        }
        addEvent(sink, std::move(event), *eventTime);
    }
    return {};
}

// ------------------------------------------------------------------------------------------------
// ECS tasks, as EventBridge "ECS Task State Change" details and `aws ecs describe-tasks` output

// The tenant (or customer) a task runs for, from its containers' environment overrides.
QString tenantOverride(const QJsonObject& task)
{
    static const QRegularExpression tenantVariable(
        QStringLiteral("(?i)^(?:tenant|customer|client)(?:_?(?:id|name))?$"));
    const QJsonArray containers = task.value(u"overrides").toObject().value(u"containerOverrides").toArray();
    for (const QJsonValue& container : containers) {
        for (const QJsonValue& variable : container.toObject().value(u"environment").toArray()) {
            const QJsonObject pair = variable.toObject();
            if (tenantVariable.match(str(pair, u"name")).hasMatch() && !str(pair, u"value").trimmed().isEmpty())
                return str(pair, u"value").trimmed();
        }
    }
    return {};
}

// Fills in an event for a task that reached `status` (RUNNING, STOPPED, or another lastStatus).
// The task definition's revision goes into message and outcome: ":42 then :41" is a rollback.
void describeEcsTask(const QJsonObject& task, const QString& status, Event& event)
{
    const QString definition = lastSegment(str(task, u"taskDefinitionArn")); // "etl-post-funding:42"
    const QString group = str(task, u"group");
    event.service = !group.isEmpty() ? group : definition.section(u':', 0, 0);
    event.runId = lastSegment(str(task, u"taskArn"));
    event.kind = status == u"RUNNING" ? EventKind::JobStart : status == u"STOPPED" ? EventKind::JobEnd : EventKind::Log;
    event.level = Level::Info;
    event.message = QStringLiteral("ECS task %1 %2").arg(definition, status);
    // One task definition serving several tenants says which in an environment override; the
    // timeline links the task to the tenant's logs and chat posts through it.
    if (const QString tenant = tenantOverride(task); !tenant.isEmpty())
        event.message += QStringLiteral(" for tenant %1").arg(tenant);
    if (const QString startedBy = str(task, u"startedBy"); !startedBy.isEmpty())
        event.message += QStringLiteral(" (started by %1)").arg(startedBy);
    event.outcome = QStringLiteral("%1 %2").arg(status, definition);
    if (status != u"STOPPED")
        return;

    const QString stopCode = str(task, u"stopCode");
    const QString reason = str(task, u"stoppedReason");
    std::optional<int> exitCode;
    QString containerReason;
    for (const QJsonValue& value : task.value(u"containers").toArray()) {
        const QJsonObject container = value.toObject();
        if (container.value(u"exitCode").isDouble()) {
            const int code = container.value(u"exitCode").toInt();
            if (!exitCode || (*exitCode == 0 && code != 0))
                exitCode = code;
        }
        if (containerReason.isEmpty())
            containerReason = str(container, u"reason");
    }
    QStringList details;
    if (exitCode)
        details << QStringLiteral("exit %1").arg(*exitCode);
    if (!stopCode.isEmpty())
        details << stopCode;
    if (!details.isEmpty())
        event.outcome += QStringLiteral(" (%1)").arg(details.join(QStringLiteral(", ")));
    if (!reason.isEmpty())
        event.message += QStringLiteral(": ") + reason;
    if (!containerReason.isEmpty())
        event.message += QStringLiteral(" (%1)").arg(containerReason);
    const bool failed = (exitCode && *exitCode != 0) || stopCode == u"TaskFailedToStart"
        || reason.contains(u"fail", Qt::CaseInsensitive) || reason.contains(u"error", Qt::CaseInsensitive)
        || containerReason.contains(u"error", Qt::CaseInsensitive);
    if (failed)
        event.level = Level::Error;
}

// ------------------------------------------------------------------------------------------------
// CloudTrail records (inside lookup-events output, trail log files, or EventBridge)

// API calls that change what runs; the rest are logged. Kept short on purpose.
bool isDeployCall(QStringView name)
{
    static const QStringView calls[] = {
        u"UpdateService",
        u"CreateService",
        u"RegisterTaskDefinition",
        u"CreateDeployment",
        u"RunTask",
        u"StartTask",
        u"UpdateFunctionCode",
        u"UpdateFunctionConfiguration",
        u"StartPipelineExecution",
    };
    return std::find(std::begin(calls), std::end(calls), name) != std::end(calls);
}

QString identityName(const QJsonObject& identity)
{
    for (QStringView key :
        {QStringView(u"userName"), QStringView(u"arn"), QStringView(u"principalId"), QStringView(u"invokedBy")}) {
        const QString value = str(identity, key);
        if (!value.isEmpty())
            return key == u"arn" ? lastSegment(value) : value;
    }
    return str(identity, u"type");
}

// What a call acted on, from requestParameters: the task definition run, the service updated...
QStringList requestTargets(const QJsonObject& record)
{
    QStringList targets;
    const QJsonObject parameters = record.value(u"requestParameters").toObject();
    for (QStringView key : {QStringView(u"taskDefinition"), QStringView(u"service"), QStringView(u"family"),
             QStringView(u"functionName"), QStringView(u"name"), QStringView(u"applicationName")}) {
        const QString value = str(parameters, key);
        if (!value.isEmpty())
            targets << (value.startsWith(u"arn:") ? lastSegment(value) : value);
    }
    return targets;
}

// `record` is a CloudTrail record (may be empty); name and user may come from lookup-events' own
// fields, which the CLI prints beside the record.
void describeCloudTrail(const QJsonObject& record, QString name, QString user, QStringList targets, Event& event)
{
    if (name.isEmpty())
        name = str(record, u"eventName");
    if (user.isEmpty())
        user = identityName(record.value(u"userIdentity").toObject());
    for (const QString& target : requestTargets(record)) {
        // "etl-post-funding" adds nothing beside "etl-post-funding:42".
        const bool known = std::any_of(targets.begin(), targets.end(),
            [&](const QString& other) { return other == target || other.startsWith(target + u':'); });
        if (!known)
            targets << target;
    }
    event.kind = isDeployCall(name) ? EventKind::Deploy : EventKind::Log;
    event.actor = user;
    event.service = str(record, u"eventSource");
    event.level = Level::Info;
    event.message = user.isEmpty() ? name : QStringLiteral("%1 by %2").arg(name, user);
    if (!targets.isEmpty())
        event.message += QStringLiteral(" (%1)").arg(targets.mid(0, 3).join(QStringLiteral(", ")));
    if (const QString errorCode = str(record, u"errorCode"); !errorCode.isEmpty()) {
        event.outcome = errorCode;
        event.level = Level::Error;
        if (const QString errorMessage = str(record, u"errorMessage"); !errorMessage.isEmpty())
            event.message += QStringLiteral(": %1: %2").arg(errorCode, errorMessage);
        else
            event.message += QStringLiteral(": ") + errorCode;
    }
}

int scoreCloudTrail(const Sample& sample)
{
    if (!startsWithObject(sample) || looksLikeJsonLines(sample))
        return 0;
    if (has(sample, "\"CloudTrailEvent\"") && has(sample, "\"EventName\""))
        return 97;
    if (has(sample, "\"eventVersion\"") && has(sample, "\"eventName\"") && has(sample, "\"eventTime\""))
        return has(sample, "\"detail-type\"") ? 40 : 93; // wrapped in EventBridge: that format reads it
    return 0;
}

Result<void> parseCloudTrail(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    const QJsonObject root = document->object();
    const json::ValueLines lines(content, 2);

    // One record: a single CloudTrail record copied from the console or a doc.
    auto record = [&](const QJsonObject& object, const QString& pointer) {
        const qint64 line = lines(pointer);
        Event event;
        event.line = line;
        event.locator = pointer;
        event.raw = compactJson(object);
        std::optional<json::Time> time;
        if (object.contains(u"EventName")) { // lookup-events: the CLI's own fields plus the record as a string
            const QJsonObject inner = QJsonDocument::fromJson(str(object, u"CloudTrailEvent").toUtf8()).object();
            QStringList targets;
            for (const QJsonValue& resource : object.value(u"Resources").toArray()) {
                const QString name = str(resource.toObject(), u"ResourceName");
                if (!name.isEmpty())
                    targets << (name.startsWith(u"arn:") ? lastSegment(name) : name);
            }
            describeCloudTrail(inner, str(object, u"EventName"), str(object, u"Username"), targets, event);
            if (const QString source = str(object, u"EventSource"); !source.isEmpty())
                event.service = source;
            time = anyTime(object.value(u"EventTime"), context.naiveZone);
        } else {
            describeCloudTrail(object, {}, {}, {}, event);
            time = anyTime(object.value(u"eventTime"), context.naiveZone);
        }
        if (!time) {
            sink.skip(line, noTime);
            return;
        }
        addEvent(sink, std::move(event), *time);
    };

    QString arrayKey;
    if (root.value(u"Events").isArray())
        arrayKey = QStringLiteral("Events"); // aws cloudtrail lookup-events
    else if (root.value(u"Records").isArray())
        arrayKey = QStringLiteral("Records"); // a trail's log file in S3
    if (!arrayKey.isEmpty()) {
        const QJsonArray records = root.value(arrayKey).toArray();
        for (qsizetype i = 0; i < records.size(); ++i) {
            const QString pointer = QString(u'/' + arrayKey + u'/' + QString::number(i));
            if (!records.at(i).isObject()) {
                sink.skip(lines(pointer), QStringLiteral("not a CloudTrail record"));
                continue;
            }
            record(records.at(i).toObject(), pointer);
        }
        return {};
    }
    if (document->isObject() && root.contains(u"eventName")) {
        record(root, QString());
        return {};
    }
    return std::unexpected(wrongShape(context,
        QStringLiteral("CloudTrail output (`aws cloudtrail lookup-events` "
                       "output with \"Events\", or a trail file with "
                       "\"Records\")")));
}

// ------------------------------------------------------------------------------------------------
// EventBridge events: one event object or an array of them

int scoreEventBridge(const Sample& sample)
{
    if (!startsWithJson(sample) || looksLikeJsonLines(sample))
        return 0;
    if (has(sample, "\"detail-type\"") && has(sample, "\"detail\"") && has(sample, "\"source\""))
        return 95;
    return 0;
}

void describeEventBridge(
    const QJsonObject& envelope, const ParseContext& context, Event& event, std::optional<json::Time>& time)
{
    const QString type = str(envelope, u"detail-type");
    const QJsonObject detail = envelope.value(u"detail").toObject();
    const QString resource = lastSegment(envelope.value(u"resources").toArray().at(0).toString());
    event.level = Level::Info;

    if (type == u"ECS Task State Change") {
        const QString status = str(detail, u"lastStatus");
        describeEcsTask(detail, status, event);
        // The detail says when the task started or stopped; the envelope says when EventBridge
        // noticed, which can be later.
        const char16_t* key = status == u"RUNNING" ? u"startedAt" : status == u"STOPPED" ? u"stoppedAt" : nullptr;
        if (key) {
            if (auto detailTime = json::isoTime(detail.value(QStringView(key)), context.naiveZone))
                time = detailTime;
        }
    } else if (type == u"ECS Deployment State Change") {
        const QString name = str(detail, u"eventName");
        event.kind = EventKind::Deploy;
        event.service = resource;
        event.runId = str(detail, u"deploymentId");
        event.outcome = name;
        event.message = QStringLiteral("ECS deployment %1 of %2 %3").arg(event.runId, resource, name);
        if (const QString reason = str(detail, u"reason"); !reason.isEmpty())
            event.message += QStringLiteral(": ") + reason;
        if (name.contains(u"FAILED") || str(detail, u"eventType") == u"ERROR")
            event.level = Level::Error;
    } else if (type == u"ECS Service Action") {
        const QString name = str(detail, u"eventName");
        const QString severity = str(detail, u"eventType");
        event.kind = severity == u"ERROR" ? EventKind::Alert : EventKind::Log;
        event.level = severity == u"ERROR" ? Level::Error : severity == u"WARN" ? Level::Warning : Level::Info;
        event.service = resource;
        event.outcome = name;
        event.message = QStringLiteral("ECS service %1 %2").arg(resource, name);
        if (const QString reason = str(detail, u"reason"); !reason.isEmpty())
            event.message += QStringLiteral(" (%1)").arg(reason);
    } else if (type == u"CodeDeploy Deployment State-change Notification"
        || type == u"CodeDeploy Instance State-change Notification") {
        const QString state = str(detail, u"state");
        event.kind = EventKind::Deploy;
        event.service = str(detail, u"application");
        event.runId = str(detail, u"deploymentId");
        event.outcome = state;
        const QString target = QStringLiteral("%1/%2").arg(event.service, str(detail, u"deploymentGroup"));
        event.message = type.contains(u"Instance")
            ? QStringLiteral("CodeDeploy deployment %1 on %2 (%3) %4")
                  .arg(event.runId, str(detail, u"instanceId"), target, state)
            : QStringLiteral("CodeDeploy deployment %1 of %2 %3").arg(event.runId, target, state);
        if (isFailureState(state))
            event.level = Level::Error;
    } else if (type == u"CodeBuild Build State Change" || type == u"CodeBuild Build Phase Change") {
        const QJsonObject info = detail.value(u"additional-information").toObject();
        const bool phase = type.contains(u"Phase");
        const QString state = str(detail, phase ? u"completed-phase-status" : u"build-status");
        event.kind = phase ? EventKind::StepEnd : EventKind::CiRun;
        event.service = str(detail, u"project-name");
        event.runId = lastSegment(str(detail, u"build-id"));
        event.actor = str(info, u"initiator");
        event.outcome = state;
        QString build = event.service;
        if (info.value(u"build-number").isDouble())
            build += QStringLiteral(" #%1").arg(qint64(info.value(u"build-number").toDouble()));
        event.message = phase
            ? QStringLiteral("CodeBuild %1 phase %2 %3").arg(build, str(detail, u"completed-phase"), state)
            : QStringLiteral("CodeBuild %1 %2").arg(build, state);
        if (isFailureState(state))
            event.level = Level::Error;
    } else if (type.startsWith(u"CodePipeline ") && type.endsWith(u"Execution State Change")) {
        const QString state = str(detail, u"state");
        const QString pipeline = str(detail, u"pipeline");
        event.service = pipeline;
        event.runId = str(detail, u"execution-id");
        event.outcome = state;
        if (type == u"CodePipeline Pipeline Execution State Change") {
            event.kind = EventKind::CiRun;
            event.message = QStringLiteral("CodePipeline %1 execution %2").arg(pipeline, state);
        } else {
            event.kind = state == u"STARTED" ? EventKind::StepStart : EventKind::StepEnd;
            const QString action = str(detail, u"action");
            event.message = action.isEmpty()
                ? QStringLiteral("CodePipeline %1 stage %2 %3").arg(pipeline, str(detail, u"stage"), state)
                : QStringLiteral("CodePipeline %1 stage %2 action %3 %4")
                      .arg(pipeline, str(detail, u"stage"), action, state);
        }
        if (isFailureState(state))
            event.level = Level::Error;
    } else if (type == u"CloudWatch Alarm State Change") {
        const QJsonObject state = detail.value(u"state").toObject();
        const QString value = str(state, u"value");
        event.kind = EventKind::Alert;
        event.service = str(detail, u"alarmName");
        event.outcome = value;
        event.level = value == u"ALARM" ? Level::Error : value == u"OK" ? Level::Info : Level::Warning;
        event.message = QStringLiteral("CloudWatch alarm %1 %2").arg(event.service, value);
        if (const QString reason = str(state, u"reason"); !reason.isEmpty())
            event.message += QStringLiteral(": ") + reason;
    } else if (type == u"AWS API Call via CloudTrail") {
        describeCloudTrail(detail, {}, {}, {}, event);
        if (auto callTime = json::isoTime(detail.value(u"eventTime"), context.naiveZone))
            time = callTime;
    } else {
        // Any other event still happened at its time; say what it was and where.
        event.service = str(envelope, u"source");
        QString state;
        for (QStringView key : {QStringView(u"status"), QStringView(u"state"), QStringView(u"result")}) {
            if (detail.value(key).isString()) {
                state = str(detail, key);
                break;
            }
        }
        event.outcome = state;
        event.message = state.isEmpty() ? type : QStringLiteral("%1 %2").arg(type, state);
        if (!resource.isEmpty())
            event.message += QStringLiteral(" (%1)").arg(resource);
        if (isFailureState(state))
            event.level = Level::Error;
    }
}

// One EventBridge envelope, wherever it came from: an element of an array, a whole document or
// one line of JSON lines. `line` and `pointer` say where it is.
void readEnvelope(const QJsonObject& envelope, const ParseContext& context, qint64 line, const QString& pointer,
    unsigned flags, EventSink& sink)
{
    if (!envelope.contains(u"detail-type")) {
        sink.skip(line, QStringLiteral("not an EventBridge event (no \"detail-type\")"));
        return;
    }
    Event event;
    event.line = line;
    event.locator = pointer;
    event.flags = flags;
    event.raw = compactJson(envelope);
    std::optional<json::Time> time = json::isoTime(envelope.value(u"time"), context.naiveZone);
    describeEventBridge(envelope, context, event, time);
    if (!time) {
        sink.skip(line, noTime);
        return;
    }
    addEvent(sink, std::move(event), *time);
}

Result<void> parseEventBridge(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    const json::ValueLines lines(content, 1);
    const QString expected = QStringLiteral("an EventBridge event (an object with \"detail-type\", \"source\", "
                                            "\"time\" and \"detail\") or an array of them");
    if (document->isObject()) {
        if (!document->object().contains(u"detail-type"))
            return std::unexpected(wrongShape(context, expected));
        readEnvelope(document->object(), context, lines(QString()), QString(), 0, sink);
        return {};
    }
    const QJsonArray events = document->array();
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QString pointer = QString(u'/' + QString::number(i));
        if (!events.at(i).isObject()) {
            sink.skip(lines(pointer), QStringLiteral("not an EventBridge event"));
            continue;
        }
        readEnvelope(events.at(i).toObject(), context, lines(pointer), pointer, 0, sink);
    }
    return {};
}

// EventBridge events one per line, as an archive replay, a Firehose delivery to S3 or a log
// group subscription writes them: each line goes through the same reader as an array element.
class EventBridgeLinesParser final : public LineParser {
public:
    explicit EventBridgeLinesParser(const ParseContext& context) : m_context(context) {}

    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        const std::optional<QJsonObject> object = json::objectOnLine(line, lineNumber, flags, sink);
        if (!object)
            return;
        readEnvelope(*object, m_context, lineNumber, QString(), flags, sink);
    }
    void finish(EventSink&) override {}

private:
    ParseContext m_context;
};

// Most lines are EventBridge envelopes: this format's, not the generic JSON lines one's.
int scoreEventBridgeLines(const Sample& sample)
{
    if (!looksLikeJsonLines(sample))
        return 0;
    int total = 0;
    int envelopes = 0;
    for (const QString& line : sample.lines) {
        const QStringView text = QStringView(line).trimmed();
        if (text.isEmpty())
            continue;
        ++total;
        const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
        if (object.contains(u"detail-type") && object.contains(u"source") && object.value(u"detail").isObject())
            ++envelopes;
    }
    return total > 0 && envelopes * 10 >= total * 8 ? 96 : 0;
}

std::unique_ptr<LineParser> makeEventBridgeLinesParser(const ParseContext& context)
{
    return std::make_unique<EventBridgeLinesParser>(context);
}

// ------------------------------------------------------------------------------------------------
// `aws ecs describe-tasks` and `aws ecs describe-services` output

int scoreEcsCli(const Sample& sample)
{
    if (!startsWithObject(sample) || looksLikeJsonLines(sample) || has(sample, "\"detail-type\""))
        return 0;
    if (has(sample, "\"tasks\"") && has(sample, "\"taskArn\"") && has(sample, "\"taskDefinitionArn\""))
        return 92;
    if (has(sample, "\"services\"") && has(sample, "\"serviceArn\"") && has(sample, "\"deployments\""))
        return 92;
    return 0;
}

Result<void> parseEcsCli(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto document = json::parse(content, context.path);
    if (!document)
        return std::unexpected(document.error());
    const QJsonObject root = document->object();
    const json::ValueLines lines(content, 4);
    const QTimeZone& zone = context.naiveZone;

    if (root.value(u"tasks").isArray()) {
        const QJsonArray tasks = root.value(u"tasks").toArray();
        for (qsizetype i = 0; i < tasks.size(); ++i) {
            const QString pointer = QStringLiteral("/tasks/%1").arg(i);
            const QJsonObject task = tasks.at(i).toObject();
            // A snapshot: the task's start and its stop are each an event, when they happened.
            bool any = false;
            for (const auto& [status, key] : {std::pair{QStringLiteral("RUNNING"), u"startedAt"},
                     std::pair{QStringLiteral("STOPPED"), u"stoppedAt"}}) {
                const auto time = anyTime(task.value(QStringView(key)), zone);
                if (!time)
                    continue;
                Event event;
                event.line = lines(pointer);
                event.locator = pointer;
                describeEcsTask(task, status, event);
                addEvent(sink, std::move(event), *time);
                any = true;
            }
            if (!any)
                sink.skip(
                    lines(pointer), QStringLiteral("the task has neither started nor stopped: no time in this record"));
        }
        return {};
    }
    if (root.value(u"services").isArray()) {
        const QJsonArray services = root.value(u"services").toArray();
        for (qsizetype i = 0; i < services.size(); ++i) {
            const QJsonObject service = services.at(i).toObject();
            const QString name = str(service, u"serviceName");
            const QJsonArray deployments = service.value(u"deployments").toArray();
            for (qsizetype j = 0; j < deployments.size(); ++j) {
                const QString pointer = QStringLiteral("/services/%1/deployments/%2").arg(i).arg(j);
                const QJsonObject deployment = deployments.at(j).toObject();
                const auto time = anyTime(deployment.value(u"createdAt"), zone);
                if (!time) {
                    sink.skip(lines(pointer), noTime);
                    continue;
                }
                Event event;
                event.line = lines(pointer);
                event.locator = pointer;
                event.kind = EventKind::Deploy;
                event.level = Level::Info;
                event.service = name;
                event.runId = str(deployment, u"id");
                const QString rollout = str(deployment, u"rolloutState");
                event.outcome = !rollout.isEmpty() ? rollout : str(deployment, u"status");
                event.message = QStringLiteral("ECS deployment %1 of %2: %3 %4")
                                    .arg(event.runId, name, lastSegment(str(deployment, u"taskDefinition")),
                                        str(deployment, u"status"));
                if (deployment.contains(u"runningCount"))
                    event.message += QStringLiteral(" (%1/%2 running)")
                                         .arg(deployment.value(u"runningCount").toInt())
                                         .arg(deployment.value(u"desiredCount").toInt());
                if (rollout == u"FAILED")
                    event.level = Level::Error;
                addEvent(sink, std::move(event), *time);
            }
            const QJsonArray events = service.value(u"events").toArray();
            for (qsizetype j = 0; j < events.size(); ++j) {
                const QString pointer = QStringLiteral("/services/%1/events/%2").arg(i).arg(j);
                const QJsonObject record = events.at(j).toObject();
                const auto time = anyTime(record.value(u"createdAt"), zone);
                if (!time) {
                    sink.skip(lines(pointer), noTime);
                    continue;
                }
                Event event;
                event.line = lines(pointer);
                event.locator = pointer;
                event.service = name;
                event.message = str(record, u"message");
                // ECS service events are sentences; the ones that matter say the service could not do something.
                const bool trouble = event.message.contains(u"unable", Qt::CaseInsensitive)
                    || event.message.contains(u"fail", Qt::CaseInsensitive);
                event.level = trouble ? Level::Warning : Level::Info;
                addEvent(sink, std::move(event), *time);
            }
        }
        return {};
    }
    return std::unexpected(wrongShape(context,
        QStringLiteral("`aws ecs describe-tasks` or `aws ecs describe-services` output (an object with "
                       "\"tasks\" or \"services\")")));
}

} // namespace

std::vector<Format> awsFormats()
{
    std::vector<Format> formats;
    Format cloudWatch;
    cloudWatch.name = QStringLiteral("aws-cloudwatch-logs");
    cloudWatch.summary = QStringLiteral("CloudWatch Logs: `aws logs filter-log-events` / `get-log-events` JSON output "
                                        "and subscription messages");
    cloudWatch.score = scoreCloudWatchLogs;
    cloudWatch.parseDocument = parseCloudWatchLogs;
    formats.push_back(cloudWatch);

    Format eventBridge;
    eventBridge.name = QStringLiteral("aws-eventbridge");
    eventBridge.summary = QStringLiteral("EventBridge events (ECS tasks and deployments, CodeDeploy, CodeBuild, "
                                         "CodePipeline, alarms): one event or a JSON array of them");
    eventBridge.score = scoreEventBridge;
    eventBridge.parseDocument = parseEventBridge;
    formats.push_back(eventBridge);

    Format eventBridgeLines;
    eventBridgeLines.name = QStringLiteral("aws-eventbridge-lines");
    eventBridgeLines.summary = QStringLiteral("EventBridge events one per line (archive replays, Firehose deliveries "
                                              "to S3), read as aws-eventbridge reads each event");
    eventBridgeLines.score = scoreEventBridgeLines;
    eventBridgeLines.makeLineParser = makeEventBridgeLinesParser;
    formats.push_back(eventBridgeLines);

    Format cloudTrail;
    cloudTrail.name = QStringLiteral("aws-cloudtrail");
    cloudTrail.summary = QStringLiteral("CloudTrail: `aws cloudtrail lookup-events` output, trail log files, "
                                        "single records");
    cloudTrail.score = scoreCloudTrail;
    cloudTrail.parseDocument = parseCloudTrail;
    formats.push_back(cloudTrail);

    Format ecs;
    ecs.name = QStringLiteral("aws-ecs-describe");
    ecs.summary = QStringLiteral("`aws ecs describe-tasks` (task starts and stops) and `describe-services` "
                                 "(deployments, service events) JSON output");
    ecs.score = scoreEcsCli;
    ecs.parseDocument = parseEcsCli;
    formats.push_back(ecs);
    return formats;
}

} // namespace aftermath::ingest
