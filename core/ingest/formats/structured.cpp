// Structured log lines: JSON Lines (any logger that writes one JSON object per line, and
// `journalctl -o json`), journald's pretty-printed JSON (`-o json-pretty`, one object or an array),
// and logfmt (key=value pairs).

#include "ingest/families.h"
#include "ingest/jsonutil.h"
#include "ingest/textlevel.h"

#include <QJsonParseError>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::Level;

// Field names, most specific first.
const QStringList timeKeys = {QStringLiteral("@timestamp"), QStringLiteral("timestamp"), QStringLiteral("time"),
    QStringLiteral("ts"), QStringLiteral("date"), QStringLiteral("datetime"), QStringLiteral("asctime"),
    QStringLiteral("eventTime"), QStringLiteral("__REALTIME_TIMESTAMP"), QStringLiteral("_SOURCE_REALTIME_TIMESTAMP")};
const QStringList messageKeys = {QStringLiteral("message"), QStringLiteral("msg"), QStringLiteral("MESSAGE"),
    QStringLiteral("log"), QStringLiteral("text"), QStringLiteral("event")};
const QStringList levelKeys = {QStringLiteral("level"), QStringLiteral("severity"), QStringLiteral("lvl"),
    QStringLiteral("levelname"), QStringLiteral("log.level"), QStringLiteral("PRIORITY")};
const QStringList serviceKeys = {QStringLiteral("service"), QStringLiteral("service.name"), QStringLiteral("logger"),
    QStringLiteral("logger_name"), QStringLiteral("name"), QStringLiteral("app"), QStringLiteral("component"),
    QStringLiteral("job"), QStringLiteral("SYSLOG_IDENTIFIER"), QStringLiteral("_SYSTEMD_UNIT")};
const QStringList runKeys = {QStringLiteral("run_id"), QStringLiteral("runId"), QStringLiteral("job_id"),
    QStringLiteral("execution_id"), QStringLiteral("task_id")};
const QStringList actorKeys = {QStringLiteral("actor"), QStringLiteral("user"), QStringLiteral("username")};

// A value by key; "a.b" also finds {"a": {"b": ...}} (Elastic Common Schema nests like that).
QJsonValue lookup(const QJsonObject& object, const QString& key)
{
    if (const auto it = object.constFind(key); it != object.constEnd())
        return *it;
    if (const qsizetype dot = key.indexOf(u'.'); dot > 0) {
        const QJsonValue parent = object.value(key.first(dot));
        if (parent.isObject())
            return parent.toObject().value(key.sliced(dot + 1));
    }
    return QJsonValue(QJsonValue::Undefined);
}

QJsonValue firstOf(const QJsonObject& object, const QStringList& keys)
{
    for (const QString& key : keys) {
        const QJsonValue value = lookup(object, key);
        // {"service": {"name": ...}} is found through "service.name", not as "service".
        if (!value.isUndefined() && !value.isNull() && !value.isObject())
            return value;
    }
    return QJsonValue(QJsonValue::Undefined);
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

// One structured record as an event; `line` and `locator` are set by the caller.
Record eventFromObject(const QJsonObject& object, const ParseContext& context)
{
    Record record;
    std::optional<json::Time> time;
    for (const QString& key : timeKeys) {
        const QJsonValue value = lookup(object, key);
        if (value.isUndefined() || value.isNull())
            continue;
        time = json::isoTime(value, context.naiveZone);
        if (!time) {
            if (const auto epoch = json::epochTime(value))
                time = json::Time{*epoch, model::TimeQuality::Explicit};
        }
        if (time)
            break;
    }
    if (!time) {
        record.skipReason = QStringLiteral("no time field (looked for time, timestamp, ts, @timestamp, date, "
                                           "__REALTIME_TIMESTAMP)");
        return record;
    }
    Event e;
    e.timeUs = time->utcUs;
    e.timeQuality = time->quality;
    record.zoneAssumed = time->quality == model::TimeQuality::ZoneAssumed;
    const QJsonValue message = firstOf(object, messageKeys);
    e.message = message.isUndefined() ? QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact))
                                      : messageText(message, e.flags);
    if (e.message.endsWith(u'\n'))
        e.message.chop(1);
    const bool journald = object.contains(QStringLiteral("__REALTIME_TIMESTAMP"));
    e.level = levelOf(firstOf(object, levelKeys), journald);
    e.kind = kindForLevel(e.level);
    e.service = text(firstOf(object, serviceKeys));
    e.runId = text(firstOf(object, runKeys));
    e.actor = text(firstOf(object, actorKeys));
    record.event = std::move(e);
    return record;
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
        const QStringView trimmed = line.trimmed();
        if (trimmed.isEmpty())
            return;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            sink.skip(lineNumber,
                (flags & LineTruncated) ? QStringLiteral("line over 1 MiB, cut, so its JSON is incomplete")
                                        : QStringLiteral("not a JSON object (%1)").arg(error.errorString()));
            return;
        }
        Record record = eventFromObject(document.object(), m_context);
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
        if (!firstOf(object, timeKeys).isUndefined())
            ++timed;
    }
    if (total == 0 || objects * 10 < total * 6 || timed * 2 < objects)
        return 0;
    return 70 + 20 * objects / total;
}

// ---- journald json-pretty (objects spread over lines, or an array of them) -------------------

// Splits concatenated top-level JSON values ("{...}\n{...}"), as journalctl -o json-pretty
// writes them, returning each with the offset it starts at.
std::vector<std::pair<qsizetype, QByteArrayView>> topLevelValues(QByteArrayView content)
{
    std::vector<std::pair<qsizetype, QByteArrayView>> values;
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    qsizetype start = -1;
    for (qsizetype i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (depth++ == 0)
                start = i;
        } else if (c == '}' || c == ']') {
            if (--depth == 0 && start >= 0) {
                values.emplace_back(start, content.sliced(start, i - start + 1));
                start = -1;
            }
            if (depth < 0)
                depth = 0;
        }
    }
    if (depth > 0 && start >= 0)
        values.emplace_back(start, content.sliced(start)); // unterminated: the parse reports it
    return values;
}

Result<void> parseJournald(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    const auto values = topLevelValues(content);
    if (values.empty())
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("no JSON objects found; expected journalctl -o json output"), context.path);
    int index = 0;
    // Lines are counted on from the previous value, not from the top each time.
    qint64 line = 1;
    qsizetype counted = 0;
    for (const auto& [offset, bytes] : values) {
        line += std::count(content.constBegin() + counted, content.constBegin() + offset, '\n');
        counted = offset;
        auto document = json::parse(bytes.toByteArray(), context.path);
        if (!document) {
            // Report the line in the whole file, not in the piece.
            Error error = document.error();
            const qsizetype colon = error.context.indexOf(u':', context.path.size() + 1);
            const qint64 pieceLine
                = error.context.sliced(context.path.size() + 1, colon - context.path.size() - 1).toLongLong();
            error.context = QStringLiteral("%1:%2").arg(context.path).arg(line + pieceLine - 1);
            return std::unexpected(error);
        }
        auto deliverObject = [&](const QJsonObject& object, const QString& locator) {
            deliver(eventFromObject(object, context), line, locator, sink);
        };
        if (document->isArray()) {
            const QJsonArray array = document->array();
            for (qsizetype i = 0; i < array.size(); ++i)
                deliverObject(array.at(i).toObject(), QStringLiteral("/%1").arg(i));
        } else {
            deliverObject(document->object(), values.size() > 1 ? QStringLiteral("#%1").arg(index) : QString());
        }
        ++index;
    }
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
            if (!fields->contains(QStringLiteral("msg")) && !fields->contains(QStringLiteral("message")))
                record.event->message = line.toString();
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
        if (fields && !firstOf(*fields, timeKeys).isUndefined() && fields->size() >= 3)
            ++hits;
    }
    return total > 0 && hits * 10 >= total * 6 ? 60 + 30 * hits / total : 0;
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
        QStringLiteral("JSON Lines: one JSON object per line (time in time/timestamp/ts/@timestamp/date, "
                       "message in msg/message/log, level/severity), including journalctl -o json"),
        scoreJsonLines, make<JsonLinesParser>, nullptr, nullptr});
    formats.push_back({QStringLiteral("journald-json"),
        QStringLiteral("journalctl -o json-pretty output (objects over several lines, or an array); "
                       "MESSAGE byte arrays decoded, PRIORITY as the level"),
        scoreJournald, nullptr, parseJournald, nullptr});
    formats.push_back(
        {QStringLiteral("logfmt"), QStringLiteral("logfmt lines: time=... level=... msg=\"...\" key=value pairs"),
            scoreLogfmt, make<LogfmtParser>, nullptr, nullptr});
    return formats;
}

} // namespace aftermath::ingest
