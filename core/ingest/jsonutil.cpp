#include "jsonutil.h"

#include "model/timestamp.h"

#include <cmath>
#include <cstring>

namespace aftermath::ingest::json {

qint64 lineAt(const QByteArray& content, qint64 offset)
{
    const qint64 end = std::min<qint64>(offset, content.size());
    return 1 + std::count(content.constBegin(), content.constBegin() + end, '\n');
}

Result<QJsonDocument> parse(const QByteArray& content, const QString& path)
{
    QJsonParseError error;
    QJsonDocument document = QJsonDocument::fromJson(content, &error);
    if (error.error == QJsonParseError::NoError)
        return document;
    const qint64 offset = std::min<qint64>(error.offset, content.size());
    const qint64 line = lineAt(content, offset);
    const qint64 lineStart = content.lastIndexOf('\n', offset - 1) + 1;
    const qint64 column = offset - lineStart + 1;
    // Whatever the parser's complaint, an error at the very end means the text stops too early.
    const bool truncated = offset >= content.trimmed().size() - 1;
    const QString what = truncated
        ? QStringLiteral("the JSON ends too early; the file looks truncated, export it again")
        : QStringLiteral("this is not valid JSON (%1)").arg(error.errorString());
    return fail(Error::Code::InvalidArgument, what, QStringLiteral("%1:%2:%3").arg(path).arg(line).arg(column));
}

Result<QJsonDocument> parse(QByteArrayView piece, qint64 firstLine, const QString& path)
{
    auto document = parse(piece.toByteArray(), path);
    if (document)
        return document;
    // Report the line in the whole file, not in the piece.
    Error error = document.error();
    const qsizetype colon = error.context.indexOf(u':', path.size() + 1);
    const qint64 pieceLine = error.context.sliced(path.size() + 1, colon - path.size() - 1).toLongLong();
    error.context = QStringLiteral("%1:%2").arg(path).arg(firstLine + pieceLine - 1);
    return std::unexpected(error);
}

std::optional<QJsonObject> objectOnLine(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink)
{
    const QStringView trimmed = line.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        sink.skip(lineNumber,
            (flags & LineTruncated) ? QStringLiteral("line over 1 MiB, cut, so its JSON is incomplete")
                                    : QStringLiteral("not a JSON object (%1)").arg(error.errorString()));
        return std::nullopt;
    }
    return document.object();
}

std::vector<std::pair<qsizetype, QByteArrayView>> topLevelValues(QByteArrayView content)
{
    std::vector<std::pair<qsizetype, QByteArrayView>> values;
    int depth = 0;
    StringTracker strings;
    qsizetype start = -1;
    for (qsizetype i = 0; i < content.size(); ++i) {
        const char c = content[i];
        if (strings.inString(c))
            continue;
        if (c == '{' || c == '[') {
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

std::optional<Time> isoTime(const QJsonValue& value, const QTimeZone& naiveZone)
{
    if (!value.isString())
        return std::nullopt;
    const QString text = value.toString();
    const auto parsed = model::parseIsoTime(text, naiveZone);
    if (!parsed)
        return std::nullopt;
    // Naive when nothing after the time says Z or an offset.
    const QStringView tail = QStringView(text).trimmed();
    const bool hasOffset = tail.endsWith(u'Z') || tail.endsWith(u'z')
        || (tail.size() > 10 && (tail.lastIndexOf(u'+') > 10 || tail.lastIndexOf(u'-') > 10));
    return Time{*parsed, hasOffset ? model::TimeQuality::Explicit : model::TimeQuality::ZoneAssumed};
}

std::optional<qint64> epochTime(const QJsonValue& value)
{
    double number = 0;
    if (value.isDouble()) {
        number = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        number = value.toString().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(number) || number <= 0 || number >= 1e20)
        return std::nullopt;
    // Seconds until year 5138, then milliseconds, microseconds, nanoseconds; a result outside
    // 2000..2100 is no time (253402300799 would be ms in 1978; 1e20 ns the year 5138).
    const qint64 us = number < 1e11 ? qint64(std::llround(number * 1e6))
        : number < 1e14             ? qint64(std::llround(number * 1e3))
        : number < 1e17             ? qint64(std::llround(number))
                                    : qint64(std::llround(number / 1e3));
    return model::isPlausibleEpochUs(us) ? std::optional(us) : std::nullopt;
}

QString pointerSegment(QStringView key)
{
    QString out = key.toString();
    out.replace(u'~', QStringLiteral("~0"));
    out.replace(u'/', QStringLiteral("~1"));
    return out;
}

namespace {

// Walks JSON text that QJsonDocument has accepted, noting the line each value starts on.
class LineScanner {
public:
    LineScanner(QByteArrayView text, int maxDepth, qint64 firstLine, QHash<QString, qint64>& lines)
        : m_p(text.data()), m_end(text.data() + text.size()), m_maxDepth(maxDepth), m_line(firstLine), m_lines(lines)
    {
        value(QString(), 0);
    }

private:
    void space()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r')) {
            if (*m_p == '\n')
                ++m_line;
            ++m_p;
        }
    }

    QByteArrayView string()
    {
        const char* start = ++m_p;
        while (m_p < m_end && *m_p != '"')
            m_p += *m_p == '\\' ? 2 : 1;
        const QByteArrayView text(start, std::min(m_p, m_end) - start);
        ++m_p;
        return text;
    }

    static QString decodeKey(QByteArrayView raw)
    {
        if (!raw.contains('\\'))
            return QString::fromUtf8(raw);
        const QByteArray wrapped = QByteArray("[\"") + raw.toByteArray() + QByteArray("\"]");
        return QJsonDocument::fromJson(wrapped).array().at(0).toString();
    }

    void value(const QString& pointer, int depth)
    {
        space();
        if (m_p >= m_end)
            return;
        if (depth <= m_maxDepth)
            m_lines.insert(pointer, m_line);
        const bool deeper = depth < m_maxDepth;
        const int childDepth = deeper ? depth + 1 : m_maxDepth + 1;
        if (*m_p == '{' || *m_p == '[') {
            const bool object = *m_p == '{';
            const char close = object ? '}' : ']';
            ++m_p;
            qint64 index = 0;
            for (;;) {
                space();
                if (m_p >= m_end)
                    return;
                if (*m_p == close) {
                    ++m_p;
                    return;
                }
                if (*m_p == ',') {
                    ++m_p;
                    continue;
                }
                QString child;
                if (object) {
                    const QByteArrayView key = string();
                    space();
                    if (m_p < m_end && *m_p == ':')
                        ++m_p;
                    if (deeper)
                        child = QString(pointer + u'/' + json::pointerSegment(decodeKey(key)));
                } else if (deeper) {
                    child = QString(pointer + u'/' + QString::number(index));
                }
                value(child, childDepth);
                ++index;
            }
        }
        if (*m_p == '"') {
            string();
            return;
        }
        while (m_p < m_end && !std::strchr(",]} \t\r\n", *m_p))
            ++m_p;
    }

    const char* m_p;
    const char* m_end;
    int m_maxDepth;
    qint64 m_line;
    QHash<QString, qint64>& m_lines;
};

} // namespace

ValueLines::ValueLines(QByteArrayView text, int maxDepth, qint64 firstLine)
{
    LineScanner(text, maxDepth, firstLine, m_lines);
}

} // namespace aftermath::ingest::json
