#include "escape.h"

#include <QStringList>

#include <algorithm>
#include <vector>

namespace aftermath::report {

namespace {

bool isBlank(QChar c) { return c == u' ' || c == u'\t'; }

// Whether the UTF-16 unit at `i` is one no UTF-8 or XML document can carry: half of a surrogate
// pair without its other half, or the noncharacters U+FFFE and U+FFFF.
bool uncarried(QStringView text, qsizetype i)
{
    const QChar c = text[i];
    if (c.unicode() == 0xfffe || c.unicode() == 0xffff)
        return true;
    if (c.isHighSurrogate())
        return i + 1 >= text.size() || !text[i + 1].isLowSurrogate();
    if (c.isLowSurrogate())
        return i == 0 || !text[i - 1].isHighSurrogate();
    return false;
}

} // namespace

QString carried(QStringView text)
{
    QString out = text.toString();
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (uncarried(text, i))
            out[i] = QChar::ReplacementCharacter;
    }
    return out;
}

QString showable(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c == u'\r') {
            out += u'\n';
            if (i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
        } else if (c == 0 || uncarried(text, i)) {
            out += QChar::ReplacementCharacter;
        } else if (c < 0x20 && c != u'\t' && c != u'\n') {
            out += u' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

namespace {

// The lines of `text` (showable()), each without its leading and trailing blanks.
QStringList trimmedLines(QStringView text)
{
    QStringList lines = showable(text).split(u'\n');
    for (QString& line : lines) {
        qsizetype begin = 0;
        qsizetype end = line.size();
        while (begin < end && isBlank(line[begin]))
            ++begin;
        while (end > begin && isBlank(line[end - 1]))
            --end;
        line = line.mid(begin, end - begin);
    }
    return lines;
}

// The length of an ordered list marker's digits at the start of `line` ("12" of "12. x"), else 0.
qsizetype listNumberLength(const QString& line)
{
    qsizetype digits = 0;
    while (digits < line.size() && digits < 10 && line[digits] >= u'0' && line[digits] <= u'9')
        ++digits;
    if (digits == 0 || digits > 9 || digits >= line.size() || (line[digits] != u'.' && line[digits] != u')'))
        return 0;
    const qsizetype after = digits + 1;
    return after == line.size() || isBlank(line[after]) ? digits : 0;
}

// Whether `c` at `i` of `line` would start Markdown syntax, and so is backslash-escaped.
bool startsSyntax(const QString& line, qsizetype i, qsizetype numberLength)
{
    const QChar c = line[i];
    switch (c.unicode()) {
    case u'\\':
    case u'`':
    case u'*':
    case u'[':
    case u']':
    case u'<':
    case u'|':
    case u'~':
        return true;
    case u'_': // inert between two letters or digits (CommonMark's flanking rules)
        return !(i > 0 && i + 1 < line.size() && line[i - 1].isLetterOrNumber() && line[i + 1].isLetterOrNumber());
    case u'&': // only an entity reference (&lt; &#60;) would change what is shown
        return i + 1 < line.size() && (line[i + 1].isLetter() || line[i + 1] == u'#');
    case u'#':
    case u'-':
    case u'+':
    case u'=':
    case u'>':
        return i == 0;
    case u'.':
    case u')':
        return numberLength > 0 && i == numberLength;
    default:
        return false;
    }
}

// GFM's autolink extension reads "www." and "http://" (https, ftp) to the next blank or "<"
// from the source as it is, backslashes and all: in "www.x.com/\<img ...>" the link takes the
// backslash and the tag after it is raw HTML again. So in a word that needs an escape, the
// link is not let start: the "." of "www." and the ":" of "://" are escaped too (a word without
// one stays a link).
void escapeAutolinkStarts(const QString& line, std::vector<bool>& escape)
{
    auto isSpace = [](QChar c) { return c == u' ' || c == u'\t' || c == u'\v' || c == u'\f'; };
    qsizetype wordStart = 0;
    while (wordStart < line.size()) {
        qsizetype wordEnd = wordStart;
        while (wordEnd < line.size() && !isSpace(line[wordEnd]))
            ++wordEnd;
        const auto first = escape.begin() + wordStart;
        if (std::find(first, escape.begin() + wordEnd, true) != escape.begin() + wordEnd) {
            const QStringView word = QStringView(line).sliced(wordStart, wordEnd - wordStart);
            for (qsizetype i = 0; i < word.size(); ++i) {
                if (word.sliced(i).startsWith(u"www.", Qt::CaseInsensitive))
                    escape[std::size_t(wordStart + i + 3)] = true;
                else if (word.sliced(i).startsWith(u"://"))
                    escape[std::size_t(wordStart + i)] = true;
            }
        }
        wordStart = wordEnd + 1;
    }
}

QString escapeLine(const QString& line)
{
    const qsizetype numberLength = listNumberLength(line);
    std::vector<bool> escape(std::size_t(line.size()));
    for (qsizetype i = 0; i < line.size(); ++i)
        escape[std::size_t(i)] = startsSyntax(line, i, numberLength);
    escapeAutolinkStarts(line, escape);
    QString out;
    out.reserve(line.size() + line.size() / 8 + 2);
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (escape[std::size_t(i)])
            out += u'\\';
        out += c;
    }
    return out;
}

} // namespace

QString escapeMarkdown(QStringView text, int continuationIndent)
{
    const QString indent(continuationIndent, u' ');
    QString out;
    bool pendingBreak = false; // a line break between two non-empty lines
    bool pendingParagraph = false; // a blank line between two non-empty lines
    for (const QString& line : trimmedLines(text)) {
        if (line.isEmpty()) {
            pendingParagraph = !out.isEmpty();
            continue;
        }
        if (pendingParagraph)
            out += QStringLiteral("\n\n") + indent;
        else if (pendingBreak)
            out += QStringLiteral("\\\n") + indent;
        out += escapeLine(line);
        pendingBreak = true;
        pendingParagraph = false;
    }
    return out;
}

QString readBack(QStringView text)
{
    QStringList paragraphs{QString()};
    for (const QString& line : trimmedLines(text)) {
        if (line.isEmpty()) {
            if (!paragraphs.last().isEmpty())
                paragraphs << QString();
        } else {
            paragraphs.last() += (paragraphs.last().isEmpty() ? QString() : QStringLiteral("\n")) + line;
        }
    }
    if (paragraphs.last().isEmpty())
        paragraphs.removeLast();
    return paragraphs.join(QStringLiteral("\n\n"));
}

QString xmlEscaped(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        switch (c.unicode()) {
        case u'&':
            out += QStringLiteral("&amp;");
            break;
        case u'<':
            out += QStringLiteral("&lt;");
            break;
        case u'>':
            out += QStringLiteral("&gt;");
            break;
        case u'"':
            out += QStringLiteral("&quot;");
            break;
        default:
            out += c.unicode() < 0x20 ? QChar(u' ') : uncarried(text, i) ? QChar(QChar::ReplacementCharacter) : c;
        }
    }
    return out;
}

QString oneLine(QStringView text)
{
    QStringList lines = trimmedLines(text);
    lines.removeAll(QString());
    return lines.join(u' ');
}

} // namespace aftermath::report
