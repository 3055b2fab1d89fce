// Structured logs and events: JSON Lines (any logger that writes one JSON object per line, and
// `journalctl -o json`), journald's pretty-printed JSON (`-o json-pretty`, one object or an array),
// logfmt (key=value pairs), JSON documents of records of any kind (an array, or an object holding
// one), CloudEvents 1.0 (structured mode and batches) and OpenTelemetry logs (OTLP/JSON). One record
// reader serves them all: it finds a record's time by name and by the shape of its value, and its
// message, level and service by name, nested fields included.

#include "ingest/families.h"
#include "ingest/jsonutil.h"
#include "ingest/textlevel.h"
#include "model/timestamp.h"

#include <QJsonParseError>

#include <cmath>
#include <functional>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::Level;

// Field names, most specific first; "a.b" is also {"a": {"b": ...}}. The first names are the ones
// JSON Lines always read, in the same order, so that what they found does not change.
const QStringList timeKeys = {QStringLiteral("@timestamp"), QStringLiteral("timestamp"), QStringLiteral("time"),
    QStringLiteral("ts"), QStringLiteral("date"), QStringLiteral("datetime"), QStringLiteral("asctime"),
    QStringLiteral("eventTime"), QStringLiteral("__REALTIME_TIMESTAMP"), QStringLiteral("_SOURCE_REALTIME_TIMESTAMP"),
    QStringLiteral("@t"), QStringLiteral("Timestamp"), QStringLiteral("TimeGenerated"), QStringLiteral("EventTime"),
    QStringLiteral("event.created"), QStringLiteral("created_at"), QStringLiteral("createdAt"),
    QStringLiteral("occurred_at"), QStringLiteral("occurredAt"), QStringLiteral("logged_at")};
const QStringList messageKeys = {QStringLiteral("message"), QStringLiteral("msg"), QStringLiteral("MESSAGE"),
    QStringLiteral("log"), QStringLiteral("text"), QStringLiteral("event"), QStringLiteral("@m"), QStringLiteral("@mt"),
    QStringLiteral("summary"), QStringLiteral("description"), QStringLiteral("title"), QStringLiteral("body"),
    QStringLiteral("details"), QStringLiteral("detail-type"), QStringLiteral("name")};
const QStringList levelKeys = {QStringLiteral("level"), QStringLiteral("severity"), QStringLiteral("lvl"),
    QStringLiteral("levelname"), QStringLiteral("log.level"), QStringLiteral("PRIORITY"), QStringLiteral("@l"),
    QStringLiteral("loglevel"), QStringLiteral("log_level"), QStringLiteral("severityText"),
    QStringLiteral("severity_text"), QStringLiteral("status")};
const QStringList serviceKeys = {QStringLiteral("service"), QStringLiteral("service.name"), QStringLiteral("logger"),
    QStringLiteral("logger_name"), QStringLiteral("name"), QStringLiteral("app"), QStringLiteral("component"),
    QStringLiteral("job"), QStringLiteral("SYSLOG_IDENTIFIER"), QStringLiteral("_SYSTEMD_UNIT"),
    QStringLiteral("service_name"), QStringLiteral("serviceName"), QStringLiteral("application")};
const QStringList runKeys = {QStringLiteral("run_id"), QStringLiteral("runId"), QStringLiteral("job_id"),
    QStringLiteral("execution_id"), QStringLiteral("task_id")};
const QStringList actorKeys = {QStringLiteral("actor"), QStringLiteral("user"), QStringLiteral("username")};

const QString noTimeReason = QStringLiteral("no time field (looked for time, timestamp, ts, @timestamp, date, "
                                            "created_at, eventTime, __REALTIME_TIMESTAMP and more, then for any "
                                            "ISO 8601 time or epoch number in a field named like a time)");

// A value by key; "a.b.c" also finds {"a": {"b": {"c": ...}}} (Elastic Common Schema nests like that).
QJsonValue lookup(const QJsonObject& object, QStringView key)
{
    if (const auto it = object.constFind(key); it != object.constEnd())
        return *it;
    if (const qsizetype dot = key.indexOf(u'.'); dot > 0) {
        const QJsonValue parent = object.value(key.first(dot));
        if (parent.isObject())
            return lookup(parent.toObject(), key.sliced(dot + 1));
    }
    return QJsonValue(QJsonValue::Undefined);
}

struct Field {
    QJsonValue value = QJsonValue(QJsonValue::Undefined);
    QString key;
    bool found() const { return !value.isUndefined(); }
};

Field firstOf(const QJsonObject& object, const QStringList& keys, QStringView except = {})
{
    for (const QString& key : keys) {
        if (key == except)
            continue;
        const QJsonValue value = lookup(object, key);
        // {"service": {"name": ...}} is found through "service.name", not as "service".
        if (!value.isUndefined() && !value.isNull() && !value.isObject())
            return {value, key};
    }
    return {};
}

QString text(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

// journald writes fields that are not valid UTF-8 as arrays of byte values.
QString messageText(const QJsonValue& value, unsigned& flags)
{
    if (value.isArray()) {
        QByteArray bytes;
        for (const QJsonValue& byte : value.toArray())
            bytes.append(char(byte.toInt()));
        if (!QByteArrayView(bytes).isValidUtf8())
            flags |= Event::InvalidUtf8;
        return QString::fromUtf8(bytes);
    }
    return text(value);
}

Level levelOf(const QJsonValue& value, bool syslogPriority)
{
    if (value.isDouble() || (syslogPriority && value.isString())) {
        const int n = value.isDouble() ? value.toInt() : value.toString().toInt();
        if (syslogPriority) {
            static constexpr Level priorities[] = {Level::Fatal, Level::Critical, Level::Critical, Level::Error,
                Level::Warning, Level::Notice, Level::Info, Level::Debug};
            return n >= 0 && n <= 7 ? priorities[n] : Level::Unknown;
        }
        // pino/bunyan numbers.
        return n >= 60 ? Level::Fatal
            : n >= 50  ? Level::Error
            : n >= 40  ? Level::Warning
            : n >= 30  ? Level::Info
            : n >= 20  ? Level::Debug
                       : Level::Trace;
    }
    return levelFromName(value.toString());
}

struct Record {
    std::optional<Event> event;
    bool zoneAssumed = false;
    QString skipReason;
};

// An ISO 8601 string, or an epoch number (seconds to nanoseconds) between 2000 and 2100.
std::optional<json::Time> timeValue(const QJsonValue& value, const QTimeZone& naiveZone)
{
    if (auto iso = json::isoTime(value, naiveZone))
        return iso;
    if (value.isString() && value.toString().contains(u'-'))
        return std::nullopt; // a date we could not read is not an epoch number
    if (const auto epoch = json::epochTime(value))
        return json::Time{*epoch, model::TimeQuality::Explicit};
    return std::nullopt;
}

// A field named like a time: created, updatedAt, start_date, timestamp_ms, ingest_ts.
bool isTimeName(QStringView key)
{
    for (QStringView part : {u"time", u"date", u"stamp", u"created"}) {
        if (key.contains(part, Qt::CaseInsensitive))
            return true;
    }
    return key.endsWith(u"_at") || key.endsWith(u"At") || key.endsWith(u"_ts") || key.endsWith(u"Ts");
}

// "2026-06-18T01:25:07Z", "2026-06-18 02:25:07.5+01:00": a date with a time, not a bare date.
bool looksLikeDateTime(const QJsonValue& value)
{
    if (!value.isString())
        return false;
    const QString text = value.toString();
    return text.size() >= 16 && text.size() <= 40 && text[4] == u'-' && text[7] == u'-'
        && (text[10] == u'T' || text[10] == u' ') && text[13] == u':';
}

// The record's time: a field with a known name, else a field named like a time holding a time,
// else any field holding an ISO 8601 date and time (in key order, one level of nesting deep).
std::optional<json::Time> recordTime(const QJsonObject& object, const QTimeZone& naiveZone)
{
    for (const QString& key : timeKeys) {
        const QJsonValue value = lookup(object, key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (auto time = timeValue(value, naiveZone))
            return time;
    }
    std::vector<std::pair<QString, QJsonValue>> fields;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        fields.emplace_back(it.key(), it.value());
        if (it.value().isObject()) {
            const QJsonObject inner = it.value().toObject();
            for (auto in = inner.constBegin(); in != inner.constEnd(); ++in)
                fields.emplace_back(QString(it.key() + u'.' + in.key()), in.value());
        }
    }
    for (const auto& [key, value] : fields) {
        if (isTimeName(QStringView(key).sliced(key.lastIndexOf(u'.') + 1)))
            if (auto time = timeValue(value, naiveZone))
                return time;
    }
    for (const auto& [key, value] : fields) {
        if (looksLikeDateTime(value))
            if (auto time = json::isoTime(value, naiveZone))
                return time;
    }
    return std::nullopt;
}

QString compactJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A record without a message field reads as its plain fields, "key=value ...", not as JSON.
QString fieldsSummary(const QJsonObject& object)
{
    QStringList pairs;
    for (auto it = object.constBegin(); it != object.constEnd() && pairs.size() < 12; ++it) {
        if (timeKeys.contains(it.key()) || levelKeys.contains(it.key()))
            continue;
        QString value = text(it.value());
        if (value.isEmpty() && !it.value().isString())
            continue;
        if (value.contains(u' ') || value.contains(u'"') || value.isEmpty())
            value = QString(u'"' + QString(value).replace(u'"', QStringLiteral("\\\"")) + u'"');
        pairs << QString(it.key() + u'=' + value);
    }
    return pairs.isEmpty() ? compactJson(object) : pairs.join(u' ');
}

Level recordLevel(const QJsonObject& object, bool syslogPriority)
{
    for (const QString& key : levelKeys) {
        const QJsonValue value = lookup(object, key);
        if (value.isUndefined() || value.isNull() || value.isObject())
            continue;
        if (key != u"status")
            return levelOf(value, syslogPriority);
        // "status" is a level only when it names one ("error", "warning"), never an HTTP code.
        if (const Level level = value.isString() ? levelFromName(value.toString()) : Level::Unknown;
            level != Level::Unknown)
            return level;
    }
    return Level::Unknown;
}

// The message, level, service, run and actor of a record (its time is the caller's).
void describeRecord(const QJsonObject& object, Event& e, bool syslogPriority)
{
    const Field message = firstOf(object, messageKeys);
    if (message.found()) {
        e.message = messageText(message.value, e.flags);
    } else {
        e.message = fieldsSummary(object);
        e.raw = compactJson(object);
    }
    if (e.message.endsWith(u'\n'))
        e.message.chop(1);
    e.level = recordLevel(object, syslogPriority);
    e.kind = kindForLevel(e.level);
    // A field that is the message is not also the service ({"name": "nightly export"}).
    e.service = text(firstOf(object, serviceKeys, message.key).value);
    e.runId = text(firstOf(object, runKeys).value);
    e.actor = text(firstOf(object, actorKeys).value);
}

Record timedRecord(Event e, const std::optional<json::Time>& time, const QString& skipReason)
{
    Record record;
    if (!time) {
        record.skipReason = skipReason;
        return record;
    }
    e.timeUs = time->utcUs;
    e.timeQuality = time->quality;
    record.zoneAssumed = time->quality == model::TimeQuality::ZoneAssumed;
    record.event = std::move(e);
    return record;
}

// ---- CloudEvents 1.0 (JSON event format) ------------------------------------------------------

bool isCloudEvent(const QJsonObject& object)
{
    return object.value(u"specversion").isString() && object.value(u"type").isString() && object.contains(u"source")
        && object.contains(u"id");
}

// A CloudEvent: when it happened is the envelope's `time` (else a time in its data); what happened
// is its type and subject, with the data's own message and level when the data is a record.
Record cloudEventRecord(const QJsonObject& object, const ParseContext& context)
{
    const QJsonValue data = object.value(u"data");
    const QJsonObject fields = data.isObject() ? data.toObject() : QJsonObject();
    std::optional<json::Time> time = json::isoTime(object.value(u"time"), context.naiveZone);
    if (!time)
        time = recordTime(fields, context.naiveZone);
    Event e;
    e.raw = compactJson(object);
    e.message = object.value(u"type").toString();
    if (const QString subject = object.value(u"subject").toString(); !subject.isEmpty())
        e.message += QStringLiteral(" (%1)").arg(subject);
    QString detail;
    if (const Field message = firstOf(fields, messageKeys); message.found())
        detail = messageText(message.value, e.flags);
    else if (data.isString())
        detail = data.toString().section(u'\n', 0, 0).trimmed();
    if (!detail.isEmpty())
        e.message += u": " + detail;
    e.level = recordLevel(fields, false);
    e.kind = kindForLevel(e.level);
    e.service = text(firstOf(fields, serviceKeys, u"name").value);
    if (e.service.isEmpty())
        e.service = text(object.value(u"source"));
    e.runId = text(firstOf(fields, runKeys).value);
    e.actor = text(firstOf(fields, actorKeys).value);
    return timedRecord(std::move(e), time,
        QStringLiteral("no time in this CloudEvent (no \"time\" attribute and no time in its data)"));
}

// One structured record as an event; `line` and `locator` are set by the caller. CloudEvents are
// recognised by their envelope wherever a record is read.
Record eventFromObject(const QJsonObject& object, const ParseContext& context)
{
    if (isCloudEvent(object))
        return cloudEventRecord(object, context);
    Event e;
    // journald spells the syslog priority as a number in a string.
    describeRecord(object, e, object.contains(QStringLiteral("__REALTIME_TIMESTAMP")));
    return timedRecord(std::move(e), recordTime(object, context.naiveZone), noTimeReason);
}

void deliver(Record record, qint64 line, const QString& locator, EventSink& sink)
{
    if (!record.event) {
        sink.skip(line, record.skipReason);
        return;
    }
    record.event->line = line;
    record.event->locator = locator;
    sink.add(std::move(*record.event));
    if (record.zoneAssumed)
        sink.zoneAssumed();
}

// ---- JSON Lines -----------------------------------------------------------------------------

class JsonLinesParser final : public LineParser {
public:
    explicit JsonLinesParser(const ParseContext& context) : m_context(context) {}

    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        const std::optional<QJsonObject> object = json::objectOnLine(line, lineNumber, flags, sink);
        if (!object)
            return;
        Record record = eventFromObject(*object, m_context);
        if (record.event)
            record.event->flags |= flags;
        deliver(std::move(record), lineNumber, {}, sink);
    }
    void finish(EventSink&) override {}

private:
    ParseContext m_context;
};

bool isJsonObjectLine(const QString& line)
{
    const QStringView trimmed = QStringView(line).trimmed();
    if (!trimmed.startsWith(u'{') || !trimmed.endsWith(u'}'))
        return false;
    QJsonParseError error;
    return QJsonDocument::fromJson(trimmed.toUtf8(), &error).isObject();
}

int scoreJsonLines(const Sample& sample)
{
    int total = 0;
    int objects = 0;
    int timed = 0;
    for (const QString& line : sample.lines) {
        if (line.trimmed().isEmpty())
            continue;
        ++total;
        if (!isJsonObjectLine(line))
            continue;
        ++objects;
        const QJsonObject object = QJsonDocument::fromJson(line.trimmed().toUtf8()).object();
        if (recordTime(object, QTimeZone::utc()))
            ++timed;
    }
    if (total == 0 || objects * 10 < total * 6 || timed * 2 < objects)
        return 0;
    return 70 + 20 * objects / total;
}

// ---- journald json-pretty (objects spread over lines, or an array of them) -------------------

// Each top-level JSON value of `content` (one document, JSON lines, or values one after another),
// parsed, with the line it starts on and where it is among `count`. A broken value fails with the
// line in the whole file.
using ValueVisitor
    = std::function<void(const QJsonDocument& document, QByteArrayView text, qint64 line, int index, int count)>;

Result<int> forEachValue(const QByteArray& content, const ParseContext& context, const ValueVisitor& visit)
{
    const auto values = json::topLevelValues(content);
    int index = 0;
    // Lines are counted on from the previous value, not from the top each time.
    qint64 line = 1;
    qsizetype counted = 0;
    for (const auto& [offset, bytes] : values) {
        line += std::count(content.constBegin() + counted, content.constBegin() + offset, '\n');
        counted = offset;
        auto document = json::parse(bytes, line, context.path);
        if (!document)
            return std::unexpected(document.error());
        visit(*document, bytes, line, index, int(values.size()));
        ++index;
    }
    return int(values.size());
}

Result<void> parseJournald(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto values = json::topLevelValues(content);
    if (values.empty())
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("no JSON objects found; expected journalctl -o json output"), context.path);
    auto read = forEachValue(
        content, context, [&](const QJsonDocument& document, QByteArrayView, qint64 line, int index, int count) {
            auto deliverObject = [&](const QJsonObject& object, const QString& locator) {
                deliver(eventFromObject(object, context), line, locator, sink);
            };
            if (document.isArray()) {
                const QJsonArray array = document.array();
                for (qsizetype i = 0; i < array.size(); ++i)
                    deliverObject(array.at(i).toObject(), QStringLiteral("/%1").arg(i));
            } else {
                deliverObject(document.object(), count > 1 ? QStringLiteral("#%1").arg(index) : QString());
            }
        });
    if (!read)
        return std::unexpected(read.error());
    return {};
}

int scoreJournald(const Sample& sample)
{
    if (!sample.head.contains("\"__REALTIME_TIMESTAMP\""))
        return 0;
    const QByteArray start = sample.head.trimmed().left(1);
    if (start != "{" && start != "[")
        return 0;
    // One object per line is JSON Lines, which reads journald too.
    return scoreJsonLines(sample) > 0 ? 0 : 93;
}

// ---- logfmt ---------------------------------------------------------------------------------

// key=value key="quoted value" pairs; returns nothing when the line is not logfmt.
std::optional<QJsonObject> logfmtFields(QStringView line)
{
    QJsonObject object;
    qsizetype i = 0;
    int pairs = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i].isSpace())
            ++i;
        if (i >= line.size())
            break;
        const qsizetype keyStart = i;
        while (i < line.size() && !line[i].isSpace() && line[i] != u'=')
            ++i;
        const QString key = line.sliced(keyStart, i - keyStart).toString();
        if (i >= line.size() || line[i] != u'=') {
            object.insert(key, true); // a bare key
            continue;
        }
        ++i;
        QString value;
        if (i < line.size() && line[i] == u'"') {
            ++i;
            while (i < line.size() && line[i] != u'"') {
                if (line[i] == u'\\' && i + 1 < line.size())
                    ++i;
                value += line[i++];
            }
            if (i >= line.size())
                return std::nullopt; // unterminated quote
            ++i;
        } else {
            const qsizetype valueStart = i;
            while (i < line.size() && !line[i].isSpace())
                ++i;
            value = line.sliced(valueStart, i - valueStart).toString();
        }
        if (key.isEmpty())
            return std::nullopt;
        object.insert(key, value);
        ++pairs;
    }
    if (pairs < 2)
        return std::nullopt;
    return object;
}

class LogfmtParser final : public LineParser {
public:
    explicit LogfmtParser(const ParseContext& context) : m_context(context) {}

    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        if (line.trimmed().isEmpty())
            return;
        const auto fields = logfmtFields(line);
        if (!fields) {
            sink.skip(lineNumber, QStringLiteral("not key=value pairs"));
            return;
        }
        Record record = eventFromObject(*fields, m_context);
        if (record.event) {
            record.event->flags |= flags;
            if (!fields->contains(QStringLiteral("msg")) && !fields->contains(QStringLiteral("message"))) {
                record.event->message = line.toString(); // the line itself, not its fields summed up
                record.event->raw.clear();
            }
        }
        deliver(std::move(record), lineNumber, {}, sink);
    }
    void finish(EventSink&) override {}

private:
    ParseContext m_context;
};

int scoreLogfmt(const Sample& sample)
{
    int total = 0;
    int hits = 0;
    for (const QString& line : sample.lines) {
        if (line.trimmed().isEmpty())
            continue;
        ++total;
        const auto fields = logfmtFields(line);
        if (fields && firstOf(*fields, timeKeys).found() && fields->size() >= 3)
            ++hits;
    }
    return total > 0 && hits * 10 >= total * 6 ? 60 + 30 * hits / total : 0;
}

// ---- Shared by the JSON document formats -----------------------------------------------------

// The start of a sample as JSON: without a byte-order mark and leading whitespace.
QByteArrayView jsonStart(const Sample& sample)
{
    QByteArrayView head(sample.head);
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    return head.trimmed();
}

// The first JSON value of a sample. A sample cut at 64 KiB is closed after the last whole element
// of the array it was in ("[{...},{...},{.." becomes "[{...},{...}]"), so that its start can be read.
std::optional<QJsonDocument> sampleDocument(const Sample& sample)
{
    const QByteArrayView start = jsonStart(sample);
    if (!start.startsWith('{') && !start.startsWith('['))
        return std::nullopt;
    std::string open; // the brackets open at each point
    std::string openAtCut;
    qsizetype cut = -1;
    json::StringTracker strings;
    for (qsizetype i = 0; i < start.size(); ++i) {
        const char c = start[i];
        if (strings.inString(c))
            continue;
        if (c == '{' || c == '[') {
            open.push_back(c);
        } else if (c == '}' || c == ']') {
            if (open.empty())
                return std::nullopt;
            open.pop_back();
            if (open.empty()) {
                cut = i + 1; // the whole first value
                openAtCut.clear();
                break;
            }
            if (open.back() == '[') {
                cut = i + 1;
                openAtCut = open;
            }
        }
    }
    if (cut < 0)
        return std::nullopt;
    QByteArray text = start.first(cut).toByteArray();
    for (auto it = openAtCut.rbegin(); it != openAtCut.rend(); ++it)
        text += *it == '[' ? ']' : '}';
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    return document;
}

QString pointer(const QString& parent, QStringView key) { return QString(parent + u'/' + json::pointerSegment(key)); }
QString pointer(const QString& parent, qsizetype index) { return QString(parent + u'/' + QString::number(index)); }

// ---- JSON documents of records of any kind ---------------------------------------------------

struct Records {
    QJsonArray items;
    QString pointer; // of the array; empty for a top-level array
    int depth = 1; // of its elements, for json::ValueLines
};

// The keys an API or exporter puts its list of records under, most likely first.
const QStringList recordListKeys = {QStringLiteral("records"), QStringLiteral("Records"), QStringLiteral("events"),
    QStringLiteral("Events"), QStringLiteral("items"), QStringLiteral("entries"), QStringLiteral("logs"),
    QStringLiteral("data"), QStringLiteral("results"), QStringLiteral("hits"), QStringLiteral("messages"),
    QStringLiteral("rows"), QStringLiteral("value")};

bool isArrayOfObjects(const QJsonValue& value)
{
    return value.isArray() && !value.toArray().isEmpty() && value.toArray().first().isObject();
}

// The records of a document: the elements of a top-level array, or of the array of objects an
// object holds (under a list key, else its longest one), looking one object deeper when needed
// ({"hits": {"hits": [...]}}, {"data": {"items": [...]}}).
std::optional<Records> findRecords(const QJsonDocument& document)
{
    if (document.isArray())
        return Records{document.array(), QString(), 1};
    std::function<std::optional<Records>(const QJsonObject&, const QString&, int)> inObject
        = [&](const QJsonObject& object, const QString& at, int depth) -> std::optional<Records> {
        for (const QString& key : recordListKeys) {
            if (isArrayOfObjects(object.value(key)))
                return Records{object.value(key).toArray(), pointer(at, key), depth + 2};
        }
        std::optional<Records> longest;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (isArrayOfObjects(it.value()) && (!longest || it.value().toArray().size() > longest->items.size()))
                longest = Records{it.value().toArray(), pointer(at, it.key()), depth + 2};
        }
        if (longest || depth > 0)
            return longest;
        for (const QString& key : recordListKeys) {
            if (object.value(key).isObject()) {
                if (auto inner = inObject(object.value(key).toObject(), pointer(at, key), depth + 1))
                    return inner;
            }
        }
        return std::nullopt;
    };
    return inObject(document.object(), QString(), 0);
}

// Elasticsearch and OpenSearch hits keep the document in _source.
QJsonObject recordFields(const QJsonObject& record)
{
    const QJsonValue source = record.value(u"_source");
    return source.isObject() ? source.toObject() : record;
}

int scoreJsonEvents(const Sample& sample)
{
    if (scoreJsonLines(sample) > 0)
        return 0; // one object per line: the jsonl format's
    const auto document = sampleDocument(sample);
    if (!document)
        return 0;
    const auto records = findRecords(*document);
    if (!records || records->items.isEmpty())
        return 0;
    int checked = 0;
    int timed = 0;
    for (const QJsonValue& item : records->items) {
        if (checked == 50)
            break;
        ++checked;
        if (item.isObject() && recordTime(recordFields(item.toObject()), QTimeZone::utc()))
            ++timed;
    }
    // A fallback: below every format that knows its document (CloudWatch's bare {"events": [...]} is 60).
    return timed * 2 >= checked ? 55 : 0;
}

Result<void> parseJsonEvents(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    qsizetype recordCount = 0;
    qsizetype timedCount = 0;
    qint64 firstRecordLine = 0;
    bool shapeless = false;
    const auto read = forEachValue(
        content, context, [&](const QJsonDocument& document, QByteArrayView text, qint64 line, int, int) {
            const auto records = findRecords(document);
            if (!records) {
                shapeless = true;
                return;
            }
            const json::ValueLines lines(text, records->depth, line);
            for (qsizetype i = 0; i < records->items.size(); ++i) {
                const QString at = pointer(records->pointer, i);
                const qint64 recordLine = lines(at);
                ++recordCount;
                if (firstRecordLine == 0)
                    firstRecordLine = recordLine;
                if (!records->items.at(i).isObject()) {
                    sink.skip(recordLine, QStringLiteral("not a JSON object"));
                    continue;
                }
                const QJsonObject record = records->items.at(i).toObject();
                Record event = eventFromObject(recordFields(record), context);
                if (event.event) {
                    ++timedCount;
                    if (event.event->raw.isEmpty() && record.contains(u"_source"))
                        event.event->raw = compactJson(record);
                }
                deliver(std::move(event), recordLine, at, sink);
            }
        });
    if (!read)
        return std::unexpected(read.error());
    if (recordCount == 0 || (shapeless && timedCount == 0))
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("no records found: expected a JSON array of objects, or an object holding one "
                           "(\"records\", \"events\", \"items\", \"data\", ...)"),
            context.path);
    if (timedCount == 0)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("none of the %1 records has a time; looked for fields named time, timestamp, ts, "
                           "@timestamp, date, created_at, eventTime and the like, and for ISO 8601 or epoch values; "
                           "export the records with their times")
                .arg(recordCount),
            QStringLiteral("%1:%2").arg(context.path).arg(firstRecordLine));
    return {};
}

// ---- CloudEvents 1.0: one event, a batch (application/cloudevents-batch+json), or one per line ----

int scoreCloudEvents(const Sample& sample)
{
    const QByteArrayView start = jsonStart(sample);
    if (!start.startsWith('{') && !start.startsWith('['))
        return 0;
    const QByteArray& head = sample.head;
    if (!head.contains("\"specversion\"") || !head.contains("\"type\"") || !head.contains("\"source\"")
        || !head.contains("\"id\""))
        return 0;
    // The first event must be one: "specversion" elsewhere in a document is not enough.
    std::optional<QJsonDocument> document = sampleDocument(sample);
    if (!document)
        return 0;
    const QJsonObject first = document->isArray() ? document->array().at(0).toObject() : document->object();
    return isCloudEvent(first) ? 94 : 0;
}

Result<void> parseCloudEvents(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    qsizetype events = 0;
    const auto read = forEachValue(
        content, context, [&](const QJsonDocument& document, QByteArrayView text, qint64 line, int index, int count) {
            const json::ValueLines lines(text, 1, line);
            auto one = [&](const QJsonValue& value, const QString& at) {
                const qint64 where = lines(at);
                if (!value.isObject() || !isCloudEvent(value.toObject())) {
                    sink.skip(where, QStringLiteral("not a CloudEvent (needs specversion, id, source and type)"));
                    return;
                }
                ++events;
                deliver(cloudEventRecord(value.toObject(), context), where, at, sink);
            };
            if (document.isArray()) {
                const QJsonArray batch = document.array();
                for (qsizetype i = 0; i < batch.size(); ++i)
                    one(batch.at(i), pointer(count > 1 ? QStringLiteral("#%1").arg(index) : QString(), i));
            } else {
                one(document.object(), QString());
            }
        });
    if (!read)
        return std::unexpected(read.error());
    if (events == 0)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("no CloudEvents found: expected JSON events with specversion, id, source, type "
                           "(one event, a batch array, or one event per line)"),
            context.path);
    return {};
}

// ---- OpenTelemetry logs: OTLP/JSON ExportLogsServiceRequest (one, or one per line) --------------

// An OTLP AnyValue as plain JSON: {"stringValue": "x"} is "x", a kvlistValue an object.
QJsonValue anyValue(const QJsonValue& wrapped)
{
    const QJsonObject value = wrapped.toObject();
    if (value.contains(u"stringValue"))
        return value.value(u"stringValue");
    if (value.contains(u"boolValue"))
        return value.value(u"boolValue");
    if (value.contains(u"intValue")) // an int64: a string in OTLP/JSON
        return QJsonValue(value.value(u"intValue").isString() ? value.value(u"intValue").toString().toDouble()
                                                              : value.value(u"intValue").toDouble());
    if (value.contains(u"doubleValue"))
        return value.value(u"doubleValue");
    if (value.contains(u"bytesValue"))
        return value.value(u"bytesValue");
    if (value.contains(u"arrayValue")) {
        QJsonArray out;
        for (const QJsonValue& item : value.value(u"arrayValue").toObject().value(u"values").toArray())
            out.append(anyValue(item));
        return out;
    }
    if (value.contains(u"kvlistValue")) {
        QJsonObject out;
        for (const QJsonValue& pair : value.value(u"kvlistValue").toObject().value(u"values").toArray())
            out.insert(pair.toObject().value(u"key").toString(), anyValue(pair.toObject().value(u"value")));
        return out;
    }
    return QJsonValue(QJsonValue::Undefined);
}

QJsonObject attributes(const QJsonValue& keyValues)
{
    QJsonObject out;
    for (const QJsonValue& pair : keyValues.toArray())
        out.insert(pair.toObject().value(u"key").toString(), anyValue(pair.toObject().value(u"value")));
    return out;
}

// Nanoseconds since the epoch, a decimal string in OTLP/JSON (a number from some exporters); 0 is unset.
std::optional<qint64> unixNanoUs(const QJsonValue& value)
{
    bool ok = value.isDouble();
    qint64 nanos = 0;
    if (value.isString())
        nanos = value.toString().toLongLong(&ok);
    else if (ok && std::abs(value.toDouble()) < 9e18) // beyond qint64 the cast is undefined
        nanos = qint64(value.toDouble());
    if (!ok || nanos <= 0)
        return std::nullopt;
    const qint64 us = nanos / 1000;
    return model::isPlausibleEpochUs(us) ? std::optional<qint64>(us) : std::nullopt;
}

// SeverityNumber ranges of the OpenTelemetry log data model: TRACE 1-4 ... FATAL 21-24.
Level otelLevel(const QJsonObject& record)
{
    const int number = record.value(u"severityNumber").toInt();
    if (number >= 1 && number <= 24) {
        static constexpr Level levels[]
            = {Level::Trace, Level::Debug, Level::Info, Level::Warning, Level::Error, Level::Fatal};
        return levels[(number - 1) / 4];
    }
    const QString text = record.value(u"severityText").toString();
    return text.compare(u"Information", Qt::CaseInsensitive) == 0 ? Level::Info : levelFromName(text);
}

Record otelRecord(const QJsonObject& record, const QJsonObject& resource, const QString& scope)
{
    Event e;
    const QJsonObject attrs = attributes(record.value(u"attributes"));
    const QJsonValue body = anyValue(record.value(u"body"));
    if (body.isObject()) {
        // A structured body: its own message field, else its fields.
        const Field message = firstOf(body.toObject(), messageKeys);
        e.message = message.found() ? messageText(message.value, e.flags) : fieldsSummary(body.toObject());
    } else if (body.isArray()) {
        e.message = QString::fromUtf8(QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact));
    } else {
        e.message = text(body);
    }
    if (e.message.endsWith(u'\n'))
        e.message.chop(1);
    if (e.message.isEmpty())
        e.message = record.value(u"eventName").toString();
    e.level = otelLevel(record);
    e.kind = kindForLevel(e.level);
    e.service = resource.value(u"service.name").toString();
    if (e.service.isEmpty())
        e.service = scope;
    e.runId = text(firstOf(attrs, runKeys).value);
    e.actor = text(firstOf(attrs, actorKeys).value);
    e.raw = compactJson(record);
    // The time the event happened, else the time the collector saw it (the data model's rule).
    std::optional<qint64> us = unixNanoUs(record.value(u"timeUnixNano"));
    if (!us)
        us = unixNanoUs(record.value(u"observedTimeUnixNano"));
    return timedRecord(std::move(e), us ? std::optional(json::Time{*us, model::TimeQuality::Explicit}) : std::nullopt,
        QStringLiteral("no time in this log record (timeUnixNano and observedTimeUnixNano unset)"));
}

int scoreOtlpLogs(const Sample& sample)
{
    const QByteArrayView start = jsonStart(sample);
    if (!start.startsWith('{'))
        return 0;
    const QByteArray& head = sample.head;
    return head.contains("\"resourceLogs\"") && (head.contains("\"scopeLogs\"") || head.contains("\"logRecords\"")) ? 96
                                                                                                                    : 0;
}

Result<void> parseOtlpLogs(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    qsizetype requests = 0;
    const auto read = forEachValue(
        content, context, [&](const QJsonDocument& document, QByteArrayView text, qint64 line, int index, int count) {
            if (!document.isObject() || !document.object().contains(u"resourceLogs"))
                return;
            ++requests;
            const QJsonArray resourceLogs = document.object().value(u"resourceLogs").toArray();
            const QString root = count > 1 ? QStringLiteral("#%1").arg(index) : QString();
            const json::ValueLines lines(text, 6, line);
            for (qsizetype r = 0; r < resourceLogs.size(); ++r) {
                const QJsonObject resourceLog = resourceLogs.at(r).toObject();
                const QJsonObject resource = attributes(resourceLog.value(u"resource").toObject().value(u"attributes"));
                // Older exporters (before OTLP 0.19) say instrumentationLibraryLogs.
                const bool old = !resourceLog.contains(u"scopeLogs");
                const QString scopesKey
                    = old ? QStringLiteral("instrumentationLibraryLogs") : QStringLiteral("scopeLogs");
                const QJsonArray scopes = resourceLog.value(scopesKey).toArray();
                for (qsizetype s = 0; s < scopes.size(); ++s) {
                    const QJsonObject scopeLog = scopes.at(s).toObject();
                    const QString scope = scopeLog.value(old ? u"instrumentationLibrary" : u"scope")
                                              .toObject()
                                              .value(u"name")
                                              .toString();
                    const QJsonArray records = scopeLog.value(u"logRecords").toArray();
                    for (qsizetype i = 0; i < records.size(); ++i) {
                        const QString at = pointer(
                            pointer(pointer(pointer(pointer(pointer(QString(), u"resourceLogs"), r), scopesKey), s),
                                u"logRecords"),
                            i);
                        deliver(otelRecord(records.at(i).toObject(), resource, scope), lines(at),
                            root.isEmpty() ? at : QString(root + at), sink);
                    }
                }
            }
        });
    if (!read)
        return std::unexpected(read.error());
    if (requests == 0)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("no OpenTelemetry logs found: expected OTLP/JSON with \"resourceLogs\" (an "
                           "ExportLogsServiceRequest, or one per line as the collector's file exporter writes)"),
            context.path);
    return {};
}

template <typename Parser>
std::unique_ptr<LineParser> make(const ParseContext& context)
{
    return std::make_unique<Parser>(context);
}

} // namespace

std::vector<Format> structuredFormats()
{
    std::vector<Format> formats;
    formats.push_back({QStringLiteral("jsonl"),
        QStringLiteral("JSON Lines: one JSON object per line (time in time/timestamp/ts/@timestamp/date/..., or "
                       "any field holding one; message in msg/message/log/..., level/severity), including "
                       "journalctl -o json and CloudEvents"),
        scoreJsonLines, make<JsonLinesParser>, nullptr, nullptr});
    formats.push_back({QStringLiteral("journald-json"),
        QStringLiteral("journalctl -o json-pretty output (objects over several lines, or an array); "
                       "MESSAGE byte arrays decoded, PRIORITY as the level"),
        scoreJournald, nullptr, parseJournald, nullptr});
    formats.push_back(
        {QStringLiteral("logfmt"), QStringLiteral("logfmt lines: time=... level=... msg=\"...\" key=value pairs"),
            scoreLogfmt, make<LogfmtParser>, nullptr, nullptr});
    formats.push_back({QStringLiteral("json-events"),
        QStringLiteral("JSON records of any kind: an array of objects or an object holding one (\"records\", "
                       "\"events\", \"items\", ...); the time found by name or by its ISO 8601/epoch value, "
                       "message, level and service by name, nested fields too"),
        scoreJsonEvents, nullptr, parseJsonEvents, nullptr});
    formats.push_back({QStringLiteral("cloudevents"),
        QStringLiteral("CloudEvents 1.0 in JSON: one event, a batch array, or one per line; the type, subject and "
                       "the data's message, at the event's time"),
        scoreCloudEvents, nullptr, parseCloudEvents, nullptr});
    formats.push_back({QStringLiteral("otlp-logs"),
        QStringLiteral("OpenTelemetry logs as OTLP/JSON (resourceLogs[].scopeLogs[].logRecords[]), one request or "
                       "one per line: timeUnixNano, severity, body, service.name"),
        scoreOtlpLogs, nullptr, parseOtlpLogs, nullptr});
    return formats;
}

} // namespace aftermath::ingest
