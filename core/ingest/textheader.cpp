#include "textheader.h"

#include "textlevel.h"

#include <array>

namespace aftermath::ingest {

using model::Level;

namespace {

bool isAsciiLetter(QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
bool isAsciiDigit(QChar c) { return c >= u'0' && c <= u'9'; }

qsizetype skipSpaces(QStringView s, qsizetype i)
{
    while (i < s.size() && s[i] == u' ')
        ++i;
    return i;
}

// Whether a separator `c` stands alone at i: " - " or " : " (or ends the line).
bool loneAt(QStringView s, qsizetype i, QChar c)
{
    return i < s.size() && s[i] == c && (i + 1 == s.size() || s[i + 1] == u' ');
}

struct LevelAt {
    Level level = Level::Unknown;
    qsizetype end = 0;
};

// A level at i: "ERROR", "Info", "ERROR:", "[warn]", "[INFO ]", "<error>", or with `letter` a
// logcat letter ("D"), followed by a space, a tab or the end.
std::optional<LevelAt> levelAt(QStringView s, qsizetype i, bool letter)
{
    if (i >= s.size())
        return std::nullopt;
    if (s[i] == u'[' || s[i] == u'<') {
        const QChar close = s[i] == u'[' ? u']' : u'>';
        qsizetype j = i + 1;
        while (j < s.size() && j - i <= 12 && s[j] != close)
            ++j;
        if (j >= s.size() || s[j] != close)
            return std::nullopt;
        const Level level = levelFromName(s.sliced(i + 1, j - i - 1).trimmed());
        if (level == Level::Unknown)
            return std::nullopt;
        return LevelAt{level, j + 1};
    }
    qsizetype j = i;
    while (j < s.size() && isAsciiLetter(s[j]))
        ++j;
    const qsizetype length = j - i;
    if (j < s.size() && s[j] == u':' && (j + 1 == s.size() || s[j + 1] == u' '))
        ++j; // "ERROR: message"
    else if (j < s.size() && !s[j].isSpace())
        return std::nullopt; // "INFO/MainProcess]", "Errors"
    Level level = Level::Unknown;
    if (length == 1 && letter)
        level = levelFromLetter(s[i]);
    else if (length >= 3)
        level = levelFromName(s.sliced(i, length));
    if (level == Level::Unknown)
        return std::nullopt;
    return LevelAt{level, j};
}

// The end of a bracketed group at i ("[main]", "[           main]",
// "[QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774]"), or -1.
qsizetype groupEnd(QStringView s, qsizetype i)
{
    if (i >= s.size() || s[i] != u'[')
        return -1;
    int depth = 0;
    for (qsizetype j = i; j < s.size() && j - i < 512; ++j) {
        if (s[j] == u'[') {
            ++depth;
        } else if (s[j] == u']' && --depth == 0) {
            return j + 1;
        }
    }
    return -1;
}

// The end of a pid at i ("4211 "), or -1.
qsizetype digitsEnd(QStringView s, qsizetype i)
{
    qsizetype j = i;
    while (j < s.size() && isAsciiDigit(s[j]))
        ++j;
    return j > i && j < s.size() && s[j] == u' ' ? j : -1;
}

bool startsName(QChar c) { return isAsciiLetter(c) || c == u'_' || (c.unicode() >= 0x80 && c.isLetter()); }

// Whether a name may hold `c`: not a space or control character, quote, "=", "," or brace.
bool isNameChar(char16_t c)
{
    switch (c) {
    case u'"':
    case u'\'':
    case u'=':
    case u',':
    case u'{':
    case u'}':
        return false;
    default:
        return c > 0x20 && (c < 0x80 || !QChar(c).isSpace());
    }
}

// A logger, program, tag or target name: no spaces, quotes, "=", "," or braces, starting with a
// letter or "_" ("payments.api", "o.a.c.c.C.[Tomcat].[localhost].[/]", "dfs.DataNode$PacketResponder",
// "payments::api", "sshd(pam_unix)").
bool isLoggerName(QStringView name)
{
    if (name.isEmpty() || name.size() > 200 || !startsName(name[0]))
        return false;
    for (const QChar c : name) {
        if (!isNameChar(c.unicode()))
            return false;
    }
    return true;
}

// One word at i, up to a space or tab, read once for what the header needs to know of it.
struct Word {
    qsizetype end = 0;
    bool name = true; // only characters a name may hold
    bool brace = false; // "{": Rust tracing's span fields
    bool path = false; // "::": a Rust path
    bool dot = false;
};

Word scanWord(QStringView s, qsizetype i)
{
    Word word{i};
    for (; word.end < s.size(); ++word.end) {
        const char16_t c = s[word.end].unicode();
        if (c == u' ' || c == u'\t')
            break;
        if (c == u':') {
            word.path = word.path || (word.end > i && s[word.end - 1] == u':');
        } else if (c == u'.') {
            word.dot = true;
        } else if (!isNameChar(c)) {
            if (c <= 0x20 || (c >= 0x80 && QChar(c).isSpace()))
                break;
            word.name = false;
            word.brace = word.brace || c == u'{';
        }
    }
    return word;
}

// Whether s[i, end) of a scanned word is a name.
bool isNameIn(QStringView s, qsizetype i, qsizetype end, const Word& word)
{
    return end > i && end - i <= 200 && word.name && startsName(s[i]);
}

// "auth[105]" is the program auth with its pid.
QStringView withoutPid(QStringView name)
{
    if (!name.endsWith(u']'))
        return name;
    const qsizetype open = name.lastIndexOf(u'[');
    if (open <= 0 || open + 2 >= name.size())
        return name;
    for (qsizetype i = open + 1; i + 1 < name.size(); ++i) {
        if (!isAsciiDigit(name[i]))
            return name;
    }
    return name.first(open);
}

// log4j's "[%t:%C{1}@%L]": the class between the thread's last ':' and "@line".
QStringView threadClass(QStringView group)
{
    const qsizetype at = group.lastIndexOf(u'@');
    if (at <= 0)
        return {};
    for (qsizetype i = at + 1; i < group.size(); ++i) {
        if (!isAsciiDigit(group[i]))
            return {};
    }
    const qsizetype colon = group.first(at).lastIndexOf(u':');
    const QStringView name = group.sliced(colon + 1, at - colon - 1);
    return isLoggerName(name) ? name : QStringView();
}

// Rust tracing's spans, from the root: "request{method=GET uri=/v1 id=77}:db{q=1}:" (fields may
// hold spaces), then a space; returns where the target starts, or -1 when there is no span with
// fields at i.
qsizetype afterSpans(QStringView s, qsizetype i)
{
    qsizetype j = i;
    bool fields = false;
    while (j < s.size()) {
        const qsizetype name = j;
        while (j < s.size() && (s[j].isLetterOrNumber() || s[j] == u'_' || s[j] == u'-' || s[j] == u'.'))
            ++j;
        if (j == name || j >= s.size())
            return -1;
        if (s[j] == u'{') {
            fields = true;
            int depth = 0;
            for (; j < s.size(); ++j) {
                if (s[j] == u'{')
                    ++depth;
                else if (s[j] == u'}' && --depth == 0)
                    break;
            }
            if (j >= s.size())
                return -1;
            ++j;
        }
        if (j >= s.size() || s[j] != u':')
            return -1;
        ++j;
        if (j < s.size() && s[j] == u' ')
            return fields ? j + 1 : -1;
    }
    return -1;
}

// Go's caller, as zap writes it: "payments/api.go:42" (short) or a longer path.
bool isCaller(QStringView field)
{
    const qsizetype colon = field.lastIndexOf(u':');
    if (colon <= 0 || colon + 1 == field.size() || field.first(colon).indexOf(u'.') < 0)
        return false;
    for (qsizetype i = colon + 1; i < field.size(); ++i) {
        if (!isAsciiDigit(field[i]))
            return false;
    }
    return field.indexOf(u' ') < 0;
}

// zap's console encoder after the level: [logger TAB] [caller TAB] message [TAB {fields}]. Without
// a logger name, the caller's package ("payments" of payments/api.go:42) stands for it.
TextHeader readTabs(QStringView s, qsizetype start, Level level)
{
    TextHeader header{HeaderShape::Tabs, level, {}, start};
    const qsizetype tab0 = s.indexOf(u'\t', start);
    const QStringView first = s.sliced(start, (tab0 < 0 ? s.size() : tab0) - start);
    if (tab0 < 0)
        return header;
    if (isCaller(first)) {
        const QStringView path = first.first(first.lastIndexOf(u':'));
        const qsizetype slash = path.lastIndexOf(u'/');
        if (slash > 0) {
            const QStringView dir = path.first(slash);
            header.service = dir.sliced(dir.lastIndexOf(u'/') + 1);
        }
        header.messageStart = tab0 + 1;
        return header;
    }
    if (!isLoggerName(first))
        return header;
    const qsizetype tab1 = s.indexOf(u'\t', tab0 + 1);
    const QStringView second = s.sliced(tab0 + 1, (tab1 < 0 ? s.size() : tab1) - tab0 - 1);
    if (isCaller(second)) {
        header.service = first;
        header.messageStart = tab1 < 0 ? s.size() : tab1 + 1;
    } else if (!second.startsWith(u'{')) {
        header.service = first; // a named logger without its caller
        header.messageStart = tab0 + 1;
    }
    return header;
}

} // namespace

TextHeader readHeader(QStringView s)
{
    if (s.isEmpty())
        return {};
    // Pids and bracketed threads before the level: HDFS's "148 INFO", logcat's "1702  2395 D",
    // logback's "[main] INFO".
    qsizetype i = 0;
    int before = 0;
    int pids = 0;
    for (; before < 3; ++before) {
        if (const qsizetype end = digitsEnd(s, i); end > 0) {
            i = skipSpaces(s, end);
            ++pids;
        } else if (const qsizetype group = groupEnd(s, i); group > 0 && !levelAt(s, i, false)) {
            i = skipSpaces(s, group);
        } else {
            break;
        }
    }
    const auto level = levelAt(s, i, pids > 0);
    if (!level)
        return {};
    const bool levelFirst = before == 0;
    TextHeader header{levelFirst ? HeaderShape::Level : HeaderShape::None, level->level, {}, 0};
    if (level->end < s.size() && s[level->end] == u'\t')
        return readTabs(s, level->end + 1, level->level);
    header.messageStart = skipSpaces(s, level->end);

    // After the level: a pid, Spring Boot's "---", bracketed threads (and Spring's application name).
    i = header.messageStart;
    QStringView lastGroup;
    int groups = 0;
    for (int item = 0; item < 4 && i < s.size(); ++item) {
        if (const qsizetype end = digitsEnd(s, i); end > 0) {
            i = skipSpaces(s, end);
        } else if (i + 3 < s.size() && s[i] == u'-' && s[i + 1] == u'-' && s[i + 2] == u'-' && s[i + 3] == u' ') {
            i = skipSpaces(s, i + 4);
        } else if (const qsizetype group = groupEnd(s, i); group > 0) {
            lastGroup = s.sliced(i + 1, group - i - 2);
            ++groups;
            i = skipSpaces(s, group);
        } else {
            break;
        }
    }
    if (loneAt(s, i, u'-')) {
        // "INFO  [thread:Class@42] - message", or "INFO - message"
        const qsizetype message = skipSpaces(s, i + 1);
        if (groups > 0)
            return TextHeader{HeaderShape::ThreadDash, level->level, threadClass(lastGroup), message};
        if (levelFirst)
            header.messageStart = message;
        return header;
    }
    const Word word = scanWord(s, i);
    if (word.brace) {
        // Rust tracing: "span{fields}:span: target: message"
        if (const qsizetype target = afterSpans(s, i); target > 0) {
            const Word name = scanWord(s, target);
            if (s[name.end - 1] == u':' && isNameIn(s, target, name.end - 1, name))
                return TextHeader{HeaderShape::LoggerColon, level->level, s.sliced(target, name.end - target - 1),
                    skipSpaces(s, name.end)};
        }
        return header;
    }
    const qsizetype end = word.end;
    if (end > i && s[end - 1] == u':' && isNameIn(s, i, end - 1, word)) {
        QStringView name = s.sliced(i, end - i - 1);
        qsizetype message = skipSpaces(s, end);
        // Rust tracing's compact spans without fields before a target: "shaving_yaks:shave: app::yak: message"
        // (span names have no dots; Java's and Python's loggers do)
        if (!word.path && !word.dot) {
            const Word next = scanWord(s, message);
            if (next.path && s[next.end - 1] == u':' && isNameIn(s, message, next.end - 1, next)) {
                name = s.sliced(message, next.end - message - 1);
                message = skipSpaces(s, next.end);
            }
        }
        return TextHeader{HeaderShape::LoggerColon, level->level, withoutPid(name), message};
    }
    const qsizetype after = skipSpaces(s, end);
    if (after > end && isNameIn(s, i, end, word)) {
        const QStringView name = s.sliced(i, end - i);
        // Spring Boot's and logcat's padded names: "o.s.b.App          : message", "chatty  : message"
        if (loneAt(s, after, u':'))
            return TextHeader{HeaderShape::LoggerColon, level->level, withoutPid(name), skipSpaces(s, after + 1)};
        if (loneAt(s, after, u'-'))
            return TextHeader{HeaderShape::LoggerDash, level->level, name, skipSpaces(s, after + 1)};
        if (groups > 0 && word.dot)
            return TextHeader{HeaderShape::ThreadLogger, level->level, name, after};
    }
    return header;
}

std::optional<TextHeader> readHeaderAs(QStringView text, HeaderShape shape)
{
    if (shape == HeaderShape::None)
        return std::nullopt;
    if (shape != HeaderShape::Level) {
        const TextHeader header = readHeader(text);
        if (header.shape == shape)
            return header;
    }
    // Only the level, first: what a file of levels and messages has on every line, read without
    // looking for a logger (ingest's hot path).
    const auto level = levelAt(text, 0, false);
    if (!level)
        return std::nullopt;
    qsizetype message = skipSpaces(text, level->end);
    if (loneAt(text, message, u'-'))
        message = skipSpaces(text, message + 1); // "INFO - message"
    return TextHeader{HeaderShape::Level, level->level, {}, message};
}

HeaderShape learnHeaderShape(std::span<const QStringView> texts)
{
    if (texts.empty())
        return HeaderShape::None;
    std::array<int, std::size_t(HeaderShape::Tabs) + 1> counts{};
    int levelFirst = 0;
    for (const QStringView text : texts) {
        ++counts[std::size_t(readHeader(text).shape)];
        if (levelAt(text, 0, false))
            ++levelFirst;
    }
    const double half = double(texts.size()) / 2;
    std::size_t best = std::size_t(HeaderShape::LoggerColon);
    for (std::size_t shape = best + 1; shape < counts.size(); ++shape) {
        if (counts[shape] > counts[best])
            best = shape;
    }
    if (counts[best] >= half)
        return HeaderShape(best);
    return levelFirst >= half ? HeaderShape::Level : HeaderShape::None;
}

std::optional<TextHeader> readPythonDefault(QStringView line)
{
    qsizetype i = 0;
    while (i < line.size() && i <= 8 && line[i] >= u'A' && line[i] <= u'Z')
        ++i;
    if (i < 4 || i >= line.size() || line[i] != u':')
        return std::nullopt;
    const Level level = levelFromName(line.first(i));
    if (level == Level::Unknown)
        return std::nullopt;
    const qsizetype nameEnd = line.indexOf(u':', i + 1);
    if (nameEnd < 0)
        return std::nullopt;
    const QStringView name = line.sliced(i + 1, nameEnd - i - 1);
    if (!isLoggerName(name))
        return std::nullopt;
    return TextHeader{HeaderShape::None, level, name, nameEnd + 1};
}

QString headerPattern(HeaderShape shape)
{
    switch (shape) {
    case HeaderShape::None:
        return {};
    case HeaderShape::Level:
        return QStringLiteral("LEVEL message");
    case HeaderShape::LoggerColon:
        return QStringLiteral("LEVEL logger: message");
    case HeaderShape::LoggerDash:
        return QStringLiteral("LEVEL logger - message");
    case HeaderShape::ThreadDash:
        return QStringLiteral("LEVEL [thread:Class@line] - message");
    case HeaderShape::ThreadLogger:
        return QStringLiteral("LEVEL [thread] logger message");
    case HeaderShape::Tabs:
        return QStringLiteral("LEVEL<TAB>logger<TAB>caller<TAB>message");
    }
    return {};
}

} // namespace aftermath::ingest
