#include "ingest/families.h"
#include "ingest/jsonutil.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cstring>
#include <optional>
#include <vector>

namespace aftermath::ingest {

namespace {

using model::Event;
using model::EventKind;
using model::Level;

// Where the values of a parsed document start: JSON pointer -> 1-based line.
using LineMap = QHash<QString, qint64>;

// ------------------------------------------------------------------------------------------------
// JSON positions

// One value of a document or stream: the value, the line it starts on, and its values' lines.
struct Document {
    QJsonValue value;
    qint64 line = 1;
    LineMap lines;
};

// `kubectl get events -o json` is one document; `kubectl get events -w -o json` prints one
// pretty-printed object after another, which QJsonDocument reads one at a time.
Result<std::vector<Document>> readJsonStream(const QByteArray& content, const QString& path)
{
    std::vector<Document> documents;
    qsizetype pos = 0;
    qint64 line = 1; // the line of `counted`, to which newlines have been counted
    qsizetype counted = 0;
    // Each document is parsed in place and its line counted on from the last one: copying or
    // counting from the start for every document made long watch streams quadratic.
    auto parse = [](QByteArrayView text, QJsonParseError* error) {
        return QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), text.size()), error);
    };
    while (pos < content.size()) {
        while (pos < content.size() && std::strchr(" \t\r\n", content.at(pos)) && content.at(pos) != '\0')
            ++pos;
        if (pos >= content.size())
            break;
        QByteArrayView rest = QByteArrayView(content).sliced(pos);
        QJsonParseError error;
        QJsonDocument document = parse(rest, &error);
        if (error.error == QJsonParseError::GarbageAtEnd && error.offset > 0) {
            rest = rest.first(error.offset);
            document = parse(rest, &error);
        }
        if (error.error != QJsonParseError::NoError) {
            // Blank out what was read so json::parse reports the right line and column.
            QByteArray blanked = content;
            for (qsizetype i = 0; i < pos; ++i) {
                if (blanked[i] != '\n')
                    blanked[i] = ' ';
            }
            const auto failed = json::parse(blanked, path);
            return std::unexpected(failed
                    ? Error{Error::Code::InvalidArgument, QStringLiteral("this is not valid JSON"), path}
                    : failed.error());
        }
        Document one;
        one.value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
        line += QByteArrayView(content).sliced(counted, pos - counted).count('\n');
        counted = pos;
        one.line = line;
        one.lines = json::ValueLines(rest, 2, one.line).all();
        documents.push_back(std::move(one));
        pos += rest.size();
    }
    return documents;
}

// ------------------------------------------------------------------------------------------------
// YAML

// The YAML that kubectl and client-go print (`kubectl get events -o yaml`, watch recorders):
// block mappings and sequences (also sequences at their key's indent), plain, quoted and folded
// multi-line scalars, | and > block scalars, empty flow collections, comments and "---" markers.
// Anchors, aliases and tags are not interpreted; a flow collection that is also JSON is read as
// JSON, any other as text. Enough for Event objects without a YAML library.
class YamlReader {
public:
    YamlReader(const QByteArray& content, QString path, int maxDepth) : m_path(std::move(path)), m_maxDepth(maxDepth)
    {
        const QString text = QString::fromUtf8(content);
        qint64 number = 0;
        for (QStringView raw : QStringTokenizer(text, u'\n')) {
            ++number;
            if (raw.endsWith(u'\r'))
                raw.chop(1);
            m_all.push_back({raw.toString(), number});
        }
    }

    Result<std::vector<Document>> read()
    {
        std::vector<Document> documents;
        size_t start = 0;
        for (size_t i = 0; i <= m_all.size(); ++i) {
            const bool end = i == m_all.size();
            const bool marker
                = !end && (m_all[i].text == u"---" || m_all[i].text.startsWith(u"--- ") || m_all[i].text == u"...");
            if (!end && !marker)
                continue;
            if (auto document = readDocument(start, i); !document)
                return std::unexpected(document.error());
            else if (*document)
                documents.push_back(std::move(**document));
            start = i + 1;
        }
        return documents;
    }

private:
    struct RawLine {
        QString text;
        qint64 number;
    };
    struct Line {
        int indent;
        QString text; // without the indent
        qint64 number;
        bool content; // not blank, not a comment
    };

    Error error(qint64 line, const QString& what) const
    {
        return Error{Error::Code::InvalidArgument, what, QStringLiteral("%1:%2").arg(m_path).arg(line)};
    }

    Result<std::optional<Document>> readDocument(size_t from, size_t to)
    {
        m_lines.clear();
        for (size_t i = from; i < to; ++i) {
            const QString& raw = m_all[i].text;
            int indent = 0;
            while (indent < raw.size() && raw[indent] == u' ')
                ++indent;
            const QString text = raw.mid(indent);
            if (text.startsWith(u'\t'))
                return std::unexpected(
                    error(m_all[i].number, QStringLiteral("YAML does not allow tabs for indentation")));
            const bool content = !text.trimmed().isEmpty() && !text.startsWith(u'#') && !text.startsWith(u'%');
            m_lines.push_back({indent, text, m_all[i].number, content});
        }
        m_i = 0;
        m_failure.reset();
        if (!nextContent())
            return std::optional<Document>();
        Document document;
        document.line = m_lines[m_i].number;
        m_current = &document.lines;
        document.value = block(-1, QString(), 0);
        if (m_failure)
            return std::unexpected(*m_failure);
        if (nextContent())
            return std::unexpected(error(m_lines[m_i].number,
                QStringLiteral("this line does not fit the indentation "
                               "of the YAML document around it")));
        return std::optional<Document>(std::move(document));
    }

    bool nextContent()
    {
        while (m_i < m_lines.size() && !m_lines[m_i].content)
            ++m_i;
        return m_i < m_lines.size();
    }

    static bool isSequenceItem(const QString& text) { return text == u"-" || text.startsWith(u"- "); }

    // Where the ':' that ends a mapping key is, or -1: the first ": " (or a final ':') outside quotes.
    static qsizetype keyEnd(const QString& text)
    {
        qsizetype i = 0;
        if (text.startsWith(u'"') || text.startsWith(u'\'')) {
            const QChar quote = text[0];
            for (i = 1; i < text.size(); ++i) {
                if (quote == u'"' && text[i] == u'\\')
                    ++i;
                else if (text[i] == quote) {
                    if (quote == u'\'' && i + 1 < text.size() && text[i + 1] == u'\'')
                        ++i;
                    else
                        break;
                }
            }
            ++i;
            while (i < text.size() && text[i] == u' ')
                ++i;
            return i < text.size() && text[i] == u':' && (i + 1 == text.size() || text[i + 1] == u' ') ? i : -1;
        }
        for (; i < text.size(); ++i) {
            if (text[i] == u'#' && i > 0 && text[i - 1] == u' ')
                return -1;
            if (text[i] == u':' && (i + 1 == text.size() || text[i + 1] == u' '))
                return i;
        }
        return -1;
    }

    void note(const QString& pointer, int depth, qint64 line)
    {
        if (depth <= m_maxDepth)
            m_current->insert(pointer, line);
    }

    // The node starting at the current line, which is indented more than parentIndent.
    QJsonValue block(int parentIndent, const QString& pointer, int depth)
    {
        if (!nextContent() || m_lines[m_i].indent <= parentIndent)
            return QJsonValue(QJsonValue::Null);
        const Line& line = m_lines[m_i];
        note(pointer, depth, line.number);
        if (isSequenceItem(line.text))
            return sequence(line.indent, pointer, depth);
        if (keyEnd(line.text) >= 0)
            return mapping(line.indent, pointer, depth);
        const QString text = line.text;
        const int indent = line.indent;
        ++m_i;
        return scalar(text, parentIndent < 0 ? -1 : std::min(parentIndent, indent - 1));
    }

    QJsonValue sequence(int indent, const QString& pointer, int depth)
    {
        QJsonArray array;
        while (!m_failure && nextContent() && m_lines[m_i].indent == indent && isSequenceItem(m_lines[m_i].text)) {
            Line& line = m_lines[m_i];
            const QString child = QString(pointer + u'/' + QString::number(array.size()));
            note(child, depth + 1, line.number);
            qsizetype restAt = 1;
            while (restAt < line.text.size() && line.text[restAt] == u' ')
                ++restAt;
            if (restAt >= line.text.size()) {
                ++m_i;
                array.append(block(indent, child, depth + 1));
                continue;
            }
            // "- key: value": the rest of the line is the first line of the item, further in.
            line.indent = indent + int(restAt);
            line.text = line.text.mid(restAt);
            array.append(block(indent, child, depth + 1));
        }
        return array;
    }

    QJsonValue mapping(int indent, const QString& pointer, int depth)
    {
        QJsonObject object;
        while (!m_failure && nextContent() && m_lines[m_i].indent == indent) {
            const Line& line = m_lines[m_i];
            const qsizetype colon = keyEnd(line.text);
            if (colon < 0) {
                if (isSequenceItem(line.text))
                    break; // a sequence at the parent's indent belongs to the parent
                m_failure = error(line.number, QStringLiteral("expected \"key: value\" in this YAML mapping"));
                break;
            }
            const QString keyText = line.text.left(colon).trimmed();
            const QString key
                = keyText.startsWith(u'"') || keyText.startsWith(u'\'') ? scalar(keyText, indent).toString() : keyText;
            const QString rest = line.text.mid(colon + 1).trimmed();
            const qint64 number = line.number;
            const QString child = QString(pointer + u'/' + json::pointerSegment(key));
            note(child, depth + 1, number);
            ++m_i;
            QJsonValue value;
            if (rest.isEmpty() || rest.startsWith(u'#')) {
                if (nextContent() && m_lines[m_i].indent == indent && isSequenceItem(m_lines[m_i].text))
                    value = sequence(indent, child, depth + 1); // go-yaml puts "- " at the key's indent
                else
                    value = block(indent, child, depth + 1);
            } else if (rest.startsWith(u'|') || rest.startsWith(u'>')) {
                value = blockScalar(rest, indent);
            } else if (rest.startsWith(u'&') || rest.startsWith(u'!')) {
                // An anchor or tag before a nested block: read the block, ignore the decoration.
                const qsizetype space = rest.indexOf(u' ');
                value = space < 0 ? block(indent, child, depth + 1) : scalar(rest.mid(space + 1).trimmed(), indent);
            } else {
                value = scalar(rest, indent);
            }
            object.insert(key, value);
        }
        return object;
    }

    // A scalar starting with `first`, continued on following lines indented more than `indent`.
    QJsonValue scalar(const QString& first, int indent)
    {
        if (first.startsWith(u'"') || first.startsWith(u'\''))
            return quoted(first, indent);
        QString text = stripComment(first);
        bool folded = false;
        while (m_i < m_lines.size() && (m_lines[m_i].indent > indent || !m_lines[m_i].content)) {
            if (!m_lines[m_i].content) {
                // A blank line inside a multi-line scalar is a newline; a comment ends the scalar.
                if (m_lines[m_i].text.startsWith(u'#'))
                    break;
                size_t next = m_i;
                while (next < m_lines.size() && !m_lines[next].content)
                    ++next;
                if (next >= m_lines.size() || m_lines[next].indent <= indent)
                    break;
                text += u'\n';
                m_i = next;
                folded = true;
                continue;
            }
            if (!text.endsWith(u'\n'))
                text += u' ';
            text += stripComment(m_lines[m_i].text).trimmed();
            ++m_i;
            folded = true;
        }
        if (folded)
            return text;
        return plainValue(text);
    }

    static QString stripComment(const QString& text)
    {
        const qsizetype hash = text.indexOf(QStringLiteral(" #"));
        return (hash >= 0 ? text.left(hash) : text).trimmed();
    }

    static QJsonValue plainValue(const QString& text)
    {
        static const QRegularExpression number(QStringLiteral("^[-+]?(\\d+|\\d+\\.\\d*|\\.\\d+)([eE][-+]?\\d+)?$"));
        if (text.isEmpty() || text == u"~" || text.compare(u"null", Qt::CaseInsensitive) == 0)
            return QJsonValue(QJsonValue::Null);
        if (text.compare(u"true", Qt::CaseInsensitive) == 0)
            return true;
        if (text.compare(u"false", Qt::CaseInsensitive) == 0)
            return false;
        if (number.match(text).hasMatch())
            return text.toDouble();
        if (text.startsWith(u'{') || text.startsWith(u'[')) {
            const QJsonDocument flow = QJsonDocument::fromJson(text.toUtf8());
            if (flow.isObject())
                return flow.object();
            if (flow.isArray())
                return flow.array();
        }
        return text;
    }

    // A '…' or "…" scalar, which may run over several lines (folded: a line break is a space).
    QJsonValue quoted(const QString& first, int indent)
    {
        const QChar quote = first[0];
        QString body;
        QString text = first.mid(1);
        for (;;) {
            qsizetype i = 0;
            bool closed = false;
            for (; i < text.size(); ++i) {
                const QChar c = text[i];
                if (quote == u'\'' && c == u'\'') {
                    if (i + 1 < text.size() && text[i + 1] == u'\'') {
                        body += u'\'';
                        ++i;
                        continue;
                    }
                    closed = true;
                    break;
                }
                if (quote == u'"' && c == u'\\' && i + 1 < text.size()) {
                    i += unescape(text, i + 1, body);
                    continue;
                }
                if (quote == u'"' && c == u'"') {
                    closed = true;
                    break;
                }
                body += c;
            }
            if (closed)
                return body;
            // The string goes on: an escaped line break joins directly, any other folds to a space.
            const bool escapedBreak = quote == u'"' && text.endsWith(u'\\') && !text.endsWith(QStringLiteral("\\\\"));
            if (escapedBreak)
                body.chop(1); // the backslash itself
            int blanks = 0;
            while (m_i < m_lines.size() && !m_lines[m_i].content && !m_lines[m_i].text.startsWith(u'#')) {
                ++blanks;
                ++m_i;
            }
            if (m_i >= m_lines.size() || m_lines[m_i].indent <= indent) {
                m_failure = error(m_i < m_lines.size() ? m_lines[m_i].number : m_lines.back().number,
                    QStringLiteral("a quoted YAML string is never closed"));
                return body;
            }
            if (blanks > 0)
                body += QString(blanks, u'\n');
            else if (!escapedBreak)
                body += u' ';
            text = m_lines[m_i].text;
            ++m_i;
        }
    }

    // Appends the escape starting at text[at] (after the backslash); returns the characters used.
    static qsizetype unescape(const QString& text, qsizetype at, QString& out)
    {
        const QChar c = text[at];
        switch (c.unicode()) {
        case u'n':
            out += u'\n';
            return 1;
        case u't':
            out += u'\t';
            return 1;
        case u'r':
            out += u'\r';
            return 1;
        case u'0':
            out += QChar(0);
            return 1;
        case u'x':
        case u'u':
        case u'U': {
            const int digits = c == u'x' ? 2 : c == u'u' ? 4 : 8;
            bool ok = false;
            const uint code = text.mid(at + 1, digits).toUInt(&ok, 16);
            if (ok) {
                const char32_t point = code;
                out += QString::fromUcs4(&point, 1);
                return 1 + digits;
            }
            out += c;
            return 1;
        }
        default:
            out += c; // \" \\ \/ and anything unknown stand for themselves
            return 1;
        }
    }

    // "|", "|-", ">", ">+": the lines indented more than the key, kept or folded.
    QJsonValue blockScalar(const QString& header, int indent)
    {
        const bool literal = header.startsWith(u'|');
        const bool strip = header.contains(u'-');
        const bool keep = header.contains(u'+');
        QStringList lines;
        int blockIndent = -1;
        while (m_i < m_lines.size()) {
            const Line& line = m_lines[m_i];
            const bool blank = line.text.trimmed().isEmpty();
            if (!blank && line.indent <= indent)
                break;
            if (!blank && blockIndent < 0)
                blockIndent = line.indent;
            if (blank) {
                lines << QString();
            } else {
                const int extra = line.indent - std::max(blockIndent, 0);
                lines << QString(QString(std::max(extra, 0), u' ') + line.text);
            }
            ++m_i;
        }
        int trailing = 0;
        while (!lines.isEmpty() && lines.last().isEmpty()) {
            lines.removeLast();
            ++trailing;
        }
        QString text;
        if (literal) {
            text = lines.join(u'\n');
        } else {
            for (qsizetype i = 0; i < lines.size(); ++i) {
                if (i > 0)
                    text += lines[i].isEmpty() || lines[i - 1].isEmpty() ? QStringLiteral("\n") : QStringLiteral(" ");
                text += lines[i];
            }
        }
        if (!lines.isEmpty() && !strip)
            text += keep ? QString(trailing + 1, u'\n') : QStringLiteral("\n");
        return text;
    }

    QString m_path;
    int m_maxDepth;
    std::vector<RawLine> m_all;
    std::vector<Line> m_lines; // the current document's
    size_t m_i = 0;
    LineMap* m_current = nullptr;
    std::optional<Error> m_failure;
};

// ------------------------------------------------------------------------------------------------
// Events

bool looksLikeYaml(QByteArrayView content)
{
    QByteArrayView text = content;
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    text = text.trimmed();
    return !(text.startsWith('{') || text.startsWith('['));
}

int scoreKubernetesEvents(const Sample& sample)
{
    const QByteArray& head = sample.head;
    if (!looksLikeYaml(head)) {
        if (!head.contains("\"involvedObject\"") && !head.contains("\"regarding\""))
            return 0;
        if (!head.contains("\"reason\""))
            return 0;
        if (!head.contains("\"lastTimestamp\"") && !head.contains("\"firstTimestamp\"")
            && !head.contains("\"eventTime\""))
            return 0;
        // Events one per line are JSON lines, which the generic reader can take too; the API
        // fields still make them ours, a little less surely.
        int objectLines = 0;
        for (const QString& line : sample.lines) {
            const QStringView text = QStringView(line).trimmed();
            if (text.startsWith(u'{') && text.endsWith(u'}'))
                ++objectLines;
        }
        return objectLines >= 2 ? 85 : 95;
    }
    bool involved = false;
    bool reason = false;
    bool eventKind = false;
    for (const QString& line : sample.lines) {
        const QStringView text = QStringView(line).trimmed();
        involved = involved || text == u"involvedObject:" || text == u"regarding:";
        reason = reason || text.startsWith(u"reason: ") || text.startsWith(u"- reason: ");
        eventKind = eventKind || text == u"kind: Event" || text == u"kind: EventList" || text == u"kind: List"
            || text == u"- kind: Event";
    }
    return involved && reason && eventKind ? 92 : 0;
}

// Reasons that mean something went wrong; kept short on purpose.
bool isErrorReason(const QString& reason)
{
    static const QStringView reasons[] = {u"BackOff", u"CrashLoopBackOff", u"ErrImagePull", u"ImagePullBackOff",
        u"Unhealthy", u"Evicted", u"OOMKilling", u"DeadlineExceeded", u"BackoffLimitExceeded"};
    return reason.startsWith(u"Failed")
        || std::find(std::begin(reasons), std::end(reasons), QStringView(reason)) != std::end(reasons);
}

void kubernetesEvent(
    const QJsonObject& item, qint64 line, const QString& locator, const ParseContext& context, EventSink& sink)
{
    const QString kind = item.value(u"kind").toString();
    if (!kind.isEmpty() && kind != u"Event") {
        sink.skip(line, QStringLiteral("a %1 object, not an Event").arg(kind));
        return;
    }
    // core/v1 Events name the object involvedObject; events.k8s.io/v1 ones call it regarding and
    // keep the old fields as deprecated*.
    const QJsonObject involved = item.value(u"involvedObject").isObject() ? item.value(u"involvedObject").toObject()
                                                                          : item.value(u"regarding").toObject();
    const QJsonObject series = item.value(u"series").toObject();
    // The last occurrence first, as `kubectl get events` sorts and shows them (LAST SEEN); an event
    // seen once has only eventTime or only the timestamps.
    std::optional<json::Time> time;
    for (const QJsonValue& value : {item.value(u"lastTimestamp"), series.value(u"lastObservedTime"),
             item.value(u"eventTime"), item.value(u"firstTimestamp"), item.value(u"deprecatedLastTimestamp"),
             item.value(u"deprecatedFirstTimestamp")}) {
        if ((time = json::isoTime(value, context.naiveZone)))
            break;
    }
    if (!time) {
        sink.skip(line, QStringLiteral("no time in this record"));
        return;
    }
    const QString reason = item.value(u"reason").toString();
    QString text = item.value(u"message").toString();
    if (text.isEmpty())
        text = item.value(u"note").toString();
    qint64 count = 0;
    for (const QJsonValue& value : {item.value(u"count"), series.value(u"count"), item.value(u"deprecatedCount")}) {
        if (value.isDouble()) {
            count = qint64(value.toDouble());
            break;
        }
    }

    Event event;
    event.line = line;
    event.locator = locator;
    event.timeUs = time->utcUs;
    event.timeQuality = time->quality;
    event.level = item.value(u"type").toString() == u"Warning" ? Level::Warning : Level::Info;
    event.kind = reason == u"ScalingReplicaSet" ? EventKind::Deploy
        : isErrorReason(reason)                 ? EventKind::Error
                                                : EventKind::Log;
    const QString name = involved.value(u"name").toString();
    const QString ns = involved.value(u"namespace").toString();
    event.service = ns.isEmpty() ? name : QString(ns + u'/' + name);
    const QJsonObject source = item.value(u"source").toObject();
    for (const QString& actor : {source.value(u"component").toString(), item.value(u"reportingComponent").toString(),
             item.value(u"reportingController").toString()}) {
        if (!actor.isEmpty()) {
            event.actor = actor;
            break;
        }
    }
    event.message = reason.isEmpty() ? text.trimmed() : QString(reason + QStringLiteral(": ") + text.trimmed());
    if (count > 1)
        event.message += QStringLiteral(" (\u00d7%1)").arg(count);
    event.raw = QString::fromUtf8(QJsonDocument(item).toJson(QJsonDocument::Compact));
    const bool assumed = event.timeQuality == model::TimeQuality::ZoneAssumed;
    sink.add(std::move(event));
    if (assumed)
        sink.zoneAssumed();
}

Result<void> parseKubernetesEvents(const QByteArray& content, const ParseContext& context, EventSink& sink)
{
    auto documents
        = looksLikeYaml(content) ? YamlReader(content, context.path, 2).read() : readJsonStream(content, context.path);
    if (!documents)
        return std::unexpected(documents.error());
    const bool stream = documents->size() > 1;
    bool anyEvents = false;
    for (size_t d = 0; d < documents->size(); ++d) {
        const Document& document = (*documents)[d];
        // In a stream of documents, pointers start with the document's index.
        const QString prefix = stream ? QStringLiteral("/%1").arg(d) : QString();
        auto lineOf = [&](const QString& pointer) { return document.lines.value(pointer, document.line); };
        auto items = [&](const QJsonArray& array, const QString& base) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString pointer = QString(base + u'/' + QString::number(i));
                if (!array.at(i).isObject()) {
                    sink.skip(lineOf(pointer), QStringLiteral("not an Event object"));
                    continue;
                }
                kubernetesEvent(array.at(i).toObject(), lineOf(pointer), QString(prefix + pointer), context, sink);
            }
        };
        if (document.value.isArray()) {
            items(document.value.toArray(), QString());
            anyEvents = true;
            continue;
        }
        const QJsonObject root = document.value.toObject();
        if (root.value(u"items").isArray()) {
            items(root.value(u"items").toArray(), QStringLiteral("/items"));
            anyEvents = true;
        } else if (root.value(u"kind").toString() == u"Event" || root.contains(u"involvedObject")
            || root.contains(u"regarding")) {
            kubernetesEvent(root, document.line, prefix, context, sink);
            anyEvents = true;
        } else if (stream && document.value.isObject()) {
            // Watch recordings mix in the objects the events are about.
            const QString kind = root.value(u"kind").toString();
            sink.skip(document.line,
                kind.isEmpty() ? QStringLiteral("not an Event object")
                               : QStringLiteral("a %1 object, not an Event").arg(kind));
        }
    }
    if (!anyEvents && !documents->empty())
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("this is not Kubernetes events (`kubectl get events -o json` or `-o yaml` output: "
                           "a List of Event objects); pick the right format or export the events again"),
            context.path);
    return {};
}

} // namespace

std::vector<Format> kubernetesFormats()
{
    Format events;
    events.name = QStringLiteral("kubernetes-events");
    events.summary = QStringLiteral("Kubernetes events: `kubectl get events -o json` or `-o yaml` output, event "
                                    "watch streams");
    events.score = scoreKubernetesEvents;
    events.parseDocument = parseKubernetesEvents;
    return {events};
}

} // namespace aftermath::ingest
