#pragma once

// Helpers for the JSON document formats.

#include "format.h"
#include "model/error.h"
#include "model/event.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTimeZone>

#include <optional>
#include <utility>
#include <vector>

namespace aftermath::ingest::json {

// Parses a whole document. On failure the Error's context is "path:line:column" and its message
// says what went wrong ("the JSON ends too early (truncated?)").
Result<QJsonDocument> parse(const QByteArray& content, const QString& path);

// Parses one piece of a file that starts on `firstLine` of it (a value among several, as
// topLevelValues splits them); a failure names the line in the whole file ("path:line").
Result<QJsonDocument> parse(QByteArrayView piece, qint64 firstLine, const QString& path);

// One line of a JSON-lines file as an object. A blank line gives nothing; a line that is not a
// JSON object gives nothing and is reported to the sink as skipped, saying why (cut at the line
// length limit, or the parser's error).
std::optional<QJsonObject> objectOnLine(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink);

// Splits concatenated top-level JSON values ("{...}\n{...}", "[...][...]"), as journalctl -o
// json-pretty and `gh api --paginate` write them, each with the offset it starts at. An
// unterminated last value is returned as it is, for its parse to report.
std::vector<std::pair<qsizetype, QByteArrayView>> topLevelValues(QByteArrayView content);

// Follows a scan of JSON text byte by byte and says which bytes belong to a string (its quotes
// included), where brackets and braces do not count.
class StringTracker {
public:
    bool inString(char c)
    {
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"')
                m_inString = false;
            return true;
        }
        m_inString = c == '"';
        return m_inString;
    }

private:
    bool m_inString = false;
    bool m_escaped = false;
};

// The 1-based line of a byte offset in content.
qint64 lineAt(const QByteArray& content, qint64 offset);

struct Time {
    qint64 utcUs = 0;
    model::TimeQuality quality = model::TimeQuality::Explicit;
};

// An ISO 8601 / RFC 3339 string ("2026-06-18T01:25:07Z", "2026-06-18T02:25:07+01:00", or naive,
// read in naiveZone), or nullopt when the value is absent, null or not such a string.
std::optional<Time> isoTime(const QJsonValue& value, const QTimeZone& naiveZone);

// A number (or numeric string) of seconds, milliseconds, microseconds or nanoseconds since the
// epoch, told apart by magnitude (Slack's "1781745907.000200" is seconds with a fraction).
std::optional<qint64> epochTime(const QJsonValue& value);

// Where each value of a JSON text starts (1-based line), by JSON pointer, down to maxDepth levels
// (the root is level 0). QJsonDocument keeps no positions, so text it has accepted is scanned once
// more; firstLine is the line the text starts on in its file.
class ValueLines {
public:
    ValueLines() = default;
    ValueLines(QByteArrayView text, int maxDepth, qint64 firstLine = 1);
    // The line of the value at `pointer` ("" is the root), or 0 when it was not recorded.
    qint64 operator()(const QString& pointer) const { return m_lines.value(pointer, 0); }
    const QHash<QString, qint64>& all() const { return m_lines; }

private:
    QHash<QString, qint64> m_lines;
};

// A JSON pointer segment, escaped per RFC 6901 ("a/b" -> "a~1b").
QString pointerSegment(QStringView key);

} // namespace aftermath::ingest::json
