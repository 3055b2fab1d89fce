// Text logs whose lines carry a timestamp: the generic reader, which learns from the first lines
// where the timestamp sits and how it is spelled (any of timeparse's library, or the user's
// --time-format), then syslog and access logs, whose headers say more than the time.

#include "ingest/families.h"
#include "ingest/textheader.h"
#include "ingest/textlevel.h"
#include "ingest/timeparse.h"

namespace aftermath::ingest {

namespace {

using model::Event;
using model::Level;

// A stack trace can be long, but one event's message stops growing here.
constexpr qsizetype maxMessageChars = 1024 * 1024;

enum class Variant { Generic, Syslog, Access };

// The first `count` whitespace-separated tokens of a line, as (start, end) pairs.
std::vector<std::pair<qsizetype, qsizetype>> tokens(QStringView s, int count)
{
    std::vector<std::pair<qsizetype, qsizetype>> out;
    qsizetype i = 0;
    while (int(out.size()) < count) {
        while (i < s.size() && s[i].isSpace())
            ++i;
        if (i >= s.size())
            break;
        const qsizetype start = i;
        while (i < s.size() && !s[i].isSpace())
            ++i;
        out.emplace_back(start, i);
    }
    return out;
}

// Characters that separate a timestamp from the message: " - ", "] ", ": ", " | ", ", ".
QStringView trimSeparators(QStringView s)
{
    qsizetype i = 0;
    while (i < s.size()
        && (s[i].isSpace() || s[i] == u']' || s[i] == u'-' || s[i] == u':' || s[i] == u'|' || s[i] == u','))
        ++i;
    return s.sliced(i);
}

// Whether only brackets, a syslog priority or a glued level letter ("I0701") precede the stamp.
bool isLeading(QStringView line, qsizetype start)
{
    for (qsizetype i = 0; i < start; ++i) {
        const QChar c = line[i];
        if (c.isSpace() || c == u'[' || c == u'*' || c == u'<' || c == u'>' || c.isDigit())
            continue;
        if (i == 0 && start == 1 && c.isUpper())
            continue;
        return false;
    }
    return true;
}

// How the sample's lines go on after their stamp (textheader.h), from those that lead with it.
HeaderShape learnHeader(const QStringList& lines, const TimeShape& shape)
{
    TimestampReader reader(QTimeZone::utc(), 0);
    std::vector<QStringView> texts;
    for (const QString& line : lines) {
        const auto found = reader.find(line, shape);
        if (found && isLeading(line, found->start))
            texts.push_back(trimSeparators(QStringView(line).sliced(found->end)));
    }
    return learnHeaderShape(texts);
}

class TextLogParser final : public LineParser {
public:
    TextLogParser(const ParseContext& context, Variant variant)
        : m_times(context.naiveZone, context.referenceTimeUs, context.year), m_variant(variant)
    {
        if (variant == Variant::Generic) {
            m_shape = learnTimeShape(context.sampleLines, context.timeSpelling);
            if (m_shape)
                m_header = learnHeader(context.sampleLines, *m_shape);
        }
    }

    void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) override
    {
        if (line.trimmed().isEmpty())
            return; // blank lines carry nothing, not even a continuation
        // "#Fields: ...", "#Date: ..." headers of W3C, CloudFront and Zeek logs are not events.
        if (m_variant == Variant::Generic && line.startsWith(u'#'))
            return;
        std::optional<Event> event = read(line);
        if (!event && m_variant == Variant::Generic) {
            if (const auto python = readPythonDefault(line)) {
                if (!m_lastUs) {
                    sink.skip(lineNumber,
                        QStringLiteral("Python logging's default format (LEVEL:logger:message) carries no time, and "
                                       "no line before it had one; log with a time (%(asctime)s) to place it"));
                    return;
                }
                // Another record, written without a time between timed ones: it gets the time of
                // the line before it, marked inherited (the import's summary says how many).
                event = Event{};
                event->timeUs = *m_lastUs;
                event->timeQuality = model::TimeQuality::Inherited;
                event->level = python->level;
                event->kind = kindForLevel(python->level);
                event->service = python->service.toString();
                event->message = line.sliced(python->messageStart).toString();
                m_lastNaive = false;
            }
        }
        if (!event) {
            if (m_pending) {
                if (m_pending->message.size() + line.size() < maxMessageChars) {
                    m_pending->message += u'\n';
                    m_pending->message += line;
                } else {
                    m_pending->flags |= Event::Truncated;
                }
                m_pending->flags |= flags;
                sink.continuation(lineNumber);
            } else {
                sink.skip(lineNumber, QStringLiteral("no timestamp, and no earlier event for it to continue"));
            }
            return;
        }
        flush(sink);
        event->line = lineNumber;
        event->flags |= flags;
        m_pending = std::move(event);
        m_pendingNaive = m_lastNaive;
    }

    void finish(EventSink& sink) override { flush(sink); }

private:
    void flush(EventSink& sink)
    {
        if (!m_pending)
            return;
        sink.add(std::move(*m_pending));
        if (m_pendingNaive)
            sink.zoneAssumed();
        m_pending.reset();
    }

    std::optional<Event> read(QStringView line)
    {
        switch (m_variant) {
        case Variant::Access:
            return readAccess(line);
        case Variant::Syslog:
        case Variant::Generic:
            break;
        }
        const auto found = m_shape ? m_times.find(line, *m_shape) : m_times.leading(line);
        if (!found)
            return std::nullopt;
        const bool leading = isLeading(line, found->start);
        // "INFO:app:export since 2026-07-02T00:00:00Z": Python's default format has no time of its own.
        if (!leading && m_variant == Variant::Generic && readPythonDefault(line))
            return std::nullopt;
        m_lastNaive = found->naive;
        m_lastUs = found->utcUs;
        Event e;
        e.timeUs = found->utcUs;
        e.timeQuality = found->quality;
        QStringView rest = line.sliced(found->end);
        if (m_variant == Variant::Syslog)
            readSyslogHeader(rest, e);
        rest = trimSeparators(rest);
        if (leading) {
            if (const auto header = readHeaderAs(rest, m_header)) {
                e.level = header->level;
                // Consecutive lines mostly name one logger: share its text rather than copy it.
                if (header->service != m_lastService)
                    m_lastService = header->service.toString();
                e.service = m_lastService;
                e.message = rest.sliced(header->messageStart).toString();
            } else {
                e.level = leadingLevel(line, found->start, rest);
                e.message = rest.toString();
            }
        } else {
            // A label, host or file name before the stamp (BGL, OpenStack): the line is the message.
            e.level = findLevel(line.sliced(found->end), 8);
            e.message = line.trimmed().toString();
        }
        e.kind = kindForLevel(e.level);
        return e;
    }

    // The level after the stamp ("ERROR", "[warn]", "Info," in Windows CBS logs), or the letter
    // glued before it (glog's "E0701 ...").
    static Level leadingLevel(QStringView line, qsizetype start, QStringView rest)
    {
        if (start == 1) {
            if (const Level level = levelFromLetter(line[0]); level != Level::Unknown)
                return level;
        }
        if (const Level level = findLevel(rest, 5); level != Level::Unknown)
            return level;
        // The first word, in any case: "Info" or "info" right after the time is a level.
        qsizetype end = 0;
        while (end < rest.size() && rest[end].isLetter())
            ++end;
        return end >= 3 ? levelFromName(rest.first(end)) : Level::Unknown;
    }

    // RFC 3164 "host tag[pid]: message" or RFC 5424 "host app procid msgid [sd] message".
    static void readSyslogHeader(QStringView& rest, Event& e)
    {
        const auto parts = tokens(rest, 5);
        if (parts.size() < 2)
            return;
        QStringView tag = rest.sliced(parts[1].first, parts[1].second - parts[1].first);
        if (tag.endsWith(u':')) {
            // RFC 3164
            tag.chop(1);
            if (const qsizetype bracket = tag.indexOf(u'['); bracket > 0)
                tag = tag.first(bracket);
            e.service = tag.toString();
            rest = rest.sliced(parts[1].second);
            return;
        }
        if (parts.size() >= 5) {
            // RFC 5424: app, procid, msgid, then structured data ("-" or [...]).
            e.service = tag == u"-" ? QString() : tag.toString();
            QStringView tail = rest.sliced(parts[3].second).trimmed();
            if (tail.startsWith(u'-'))
                tail = tail.sliced(1);
            else if (tail.startsWith(u'[')) {
                const qsizetype close = tail.indexOf(u"] ");
                tail = close < 0 ? QStringView() : tail.sliced(close + 1);
            }
            rest = tail;
            return;
        }
        if (const qsizetype bracket = tag.indexOf(u'['); bracket > 0 && tag.endsWith(u"]:"))
            e.service = tag.first(bracket).toString();
    }

    // host ident user [18/Jun/2026:02:00:00 +0100] "GET /x HTTP/1.1" 500 1234 "referer" "agent"
    std::optional<Event> readAccess(QStringView line)
    {
        const qsizetype open = line.indexOf(u'[');
        if (open < 0)
            return std::nullopt;
        const auto found = m_times.leading(line.sliced(open));
        if (!found)
            return std::nullopt;
        m_lastNaive = found->naive;
        Event e;
        e.timeUs = found->utcUs;
        e.timeQuality = found->quality;
        const auto head = tokens(line.first(open), 3);
        if (head.size() == 3) {
            const QStringView user = line.sliced(head[2].first, head[2].second - head[2].first);
            if (user != u"-")
                e.actor = user.toString();
        }
        QStringView rest = line.sliced(open + found->end);
        if (rest.startsWith(u']'))
            rest = rest.sliced(1);
        rest = rest.trimmed();
        // The status code follows the quoted request.
        if (rest.startsWith(u'"')) {
            const qsizetype close = rest.indexOf(u'"', 1);
            if (close > 0) {
                const auto after = tokens(rest.sliced(close + 1), 1);
                if (!after.empty()) {
                    const QStringView status
                        = rest.sliced(close + 1).sliced(after[0].first, after[0].second - after[0].first);
                    e.outcome = status.toString();
                    const int code = status.toInt();
                    e.level = code >= 500 ? Level::Error : code >= 400 ? Level::Warning : Level::Info;
                }
            }
        }
        e.kind = kindForLevel(e.level);
        e.message = rest.toString();
        return e;
    }

    TimestampReader m_times;
    Variant m_variant;
    std::optional<TimeShape> m_shape; // the generic reader's, learned from the sample
    HeaderShape m_header = HeaderShape::None; // how its lines go on after the stamp, learned too
    std::optional<qint64> m_lastUs; // the time of the last line that had one
    QString m_lastService; // the logger the last line named
    std::optional<Event> m_pending;
    bool m_pendingNaive = false;
    bool m_lastNaive = false; // whether the time read() just found was naive
};

// The share of the sample's non-blank lines for which `matches` holds.
template <typename Predicate>
double shareOfLines(const Sample& sample, Predicate matches)
{
    int total = 0;
    int hits = 0;
    for (const QString& line : sample.lines) {
        if (line.trimmed().isEmpty())
            continue;
        ++total;
        if (matches(line))
            ++hits;
    }
    return total == 0 ? 0.0 : double(hits) / total;
}

bool looksBinary(const Sample& sample) { return sample.head.contains('\0'); }

// JSON, whose values may hold times too, is for the JSON formats: an object, or an array of
// objects, strings or arrays ("[10.30 16:49:06]" is a Proxifier stamp, not JSON).
bool looksLikeJson(const Sample& sample)
{
    const QByteArray head = sample.head.left(256).trimmed();
    if (head.startsWith('{'))
        return true;
    if (!head.startsWith('['))
        return false;
    const QByteArray next = head.mid(1).trimmed().left(1);
    return next.isEmpty() || next == "{" || next == "[" || next == "\"" || next == "]";
}

int scoreGeneric(const Sample& sample)
{
    if (looksBinary(sample) || looksLikeJson(sample))
        return 0;
    const auto shape = learnTimeShape(sample.lines);
    if (!shape)
        return 0;
    const double share = shape->share();
    // Lines that lead with their time are this reader's own; a stamp further in is a last
    // resort, below every specific format (JSON lines and logfmt carry times in fields too).
    if (shape->field == 0 && shape->exampleColumn <= 1 && share >= 0.2)
        return int(40 + 50 * share);
    return std::max(1, int(30 * share));
}

QString describeGeneric(const ParseContext& context)
{
    const auto shape = learnTimeShape(context.sampleLines, context.timeSpelling);
    if (!shape)
        return QStringLiteral("no timestamp found in the first lines");
    QString text = QStringLiteral("generic text: ") + shape->describe();
    if (!shape->zoneGiven)
        text += QStringLiteral(" -> ") + QString::fromUtf8(context.naiveZone.id());
    const QString pattern = patternOf(*shape->spelling);
    if (!pattern.contains(u'y') && !pattern.startsWith(u"epoch")) {
        text += context.year > 0 ? QStringLiteral(", year %1 (--year)").arg(context.year)
                                 : QStringLiteral(", year from the file's date");
    }
    if (const HeaderShape header = learnHeader(context.sampleLines, *shape); header != HeaderShape::None)
        text += QStringLiteral("; then `%1`").arg(headerPattern(header));
    return text;
}

bool isSyslogLine(QStringView line)
{
    static const QTimeZone utc = QTimeZone::utc();
    TimestampReader reader(utc, 0);
    const auto found = reader.leading(line);
    if (!found)
        return false;
    // "Jun 18 02:00:00 host tag[pid]: msg" or "<34>1 2026-06-18T02:00:00Z host app ..."
    const bool priority = line.startsWith(u'<');
    const bool bsdDate = found->start == 0 && line.size() > 3 && line[0].isLetter() && line[3] == u' ';
    if (!priority && !bsdDate)
        return false;
    const auto parts = tokens(line.sliced(found->end), 2);
    return parts.size() == 2 && (priority || line.sliced(found->end).sliced(parts[1].first).contains(u':'));
}

int scoreSyslog(const Sample& sample)
{
    if (looksBinary(sample))
        return 0;
    const double share = shareOfLines(sample, [](const QString& line) { return isSyslogLine(line); });
    return share >= 0.5 ? int(60 + 35 * share) : 0;
}

bool isAccessLine(QStringView line)
{
    const qsizetype open = line.indexOf(u'[');
    if (open <= 0 || open > 300 || !line.sliced(open).contains(u"] \""))
        return false;
    TimestampReader reader(QTimeZone::utc(), 0);
    const auto found = reader.leading(line.sliced(open));
    return found && line.size() > open + found->end && line[open + found->end] == u']' && line[open + 3] == u'/';
}

int scoreAccess(const Sample& sample)
{
    if (looksBinary(sample))
        return 0;
    const double share = shareOfLines(sample, [](const QString& line) { return isAccessLine(line); });
    return share >= 0.5 ? int(60 + 38 * share) : 0;
}

template <Variant V>
std::unique_ptr<LineParser> makeParser(const ParseContext& context)
{
    return std::make_unique<TextLogParser>(context, V);
}

} // namespace

std::vector<Format> textLogFormats()
{
    std::vector<Format> formats;
    formats.push_back({QStringLiteral("text-log"),
        QStringLiteral("Any text log with a timestamp on its lines: where the stamp sits (line start, "
                       "after a host, pid or file name, in brackets) and its spelling (ISO 8601, "
                       "syslog, Apache, log4j, Python, Windows, compact, day/month orders, 12-hour, "
                       "month names, epoch s/ms/us/ns, year-less) are learned from the first lines, "
                       "or given with --time-format; the level, logger and message after it too (Python, "
                       "logback, log4j, Spring Boot, zap, Rust tracing, \"LEVEL app[pid]:\"); untimed lines "
                       "(stack traces) continue the event before them"),
        scoreGeneric, makeParser<Variant::Generic>, nullptr, nullptr, describeGeneric});
    formats.push_back({QStringLiteral("syslog"),
        QStringLiteral("Syslog, RFC 3164 (\"Jun 18 02:00:00 host app[pid]: ...\", year inferred) and "
                       "RFC 5424; the app becomes the service"),
        scoreSyslog, makeParser<Variant::Syslog>, nullptr, nullptr});
    formats.push_back({QStringLiteral("access-log"),
        QStringLiteral("Apache/nginx access logs (Common and Combined Log Format); 5xx are errors, 4xx "
                       "warnings"),
        scoreAccess, makeParser<Variant::Access>, nullptr, nullptr});
    return formats;
}

} // namespace aftermath::ingest
