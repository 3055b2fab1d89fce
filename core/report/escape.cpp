#include "escape.h"

#include <QStringList>

namespace aftermath::report {

namespace {

bool isBlank(QChar c) { return c == u' ' || c == u'\t'; }

// The lines of `text`: any line break (\r\n, \r, \n) splits, and each line loses its leading and
// trailing blanks.
QStringList trimmedLines(QStringView text)
{
    QString normalized = text.toString();
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normalized.replace(u'\r', u'\n');
    QStringList lines = normalized.split(u'\n');
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

QString escapeLine(const QString& line)
{
    QString out;
    out.reserve(line.size() + line.size() / 8 + 2);
    const qsizetype numberLength = listNumberLength(line);
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        const bool atStart = i == 0;
        bool escape = false;
        switch (c.unicode()) {
        case u'\\':
        case u'`':
        case u'*':
        case u'[':
        case u']':
        case u'<':
        case u'|':
        case u'~':
            escape = true;
            break;
        case u'_': // inert between two letters or digits (CommonMark's flanking rules)
            escape
                = !(i > 0 && i + 1 < line.size() && line[i - 1].isLetterOrNumber() && line[i + 1].isLetterOrNumber());
            break;
        case u'&': // only an entity reference (&lt; &#60;) would change what is shown
            escape = i + 1 < line.size() && (line[i + 1].isLetter() || line[i + 1] == u'#');
            break;
        case u'#':
        case u'-':
        case u'+':
        case u'=':
        case u'>':
            escape = atStart;
            break;
        case u'.':
        case u')':
            escape = numberLength > 0 && i == numberLength;
            break;
        default:
            break;
        }
        if (escape)
            out += u'\\';
        if (c.unicode() == 0)
            out += QChar::ReplacementCharacter;
        else if (c.unicode() < 0x20 && c != u'\t')
            out += u' ';
        else
            out += c;
    }
    return out;
}

} // namespace

QString escapeMarkdown(QStringView text)
{
    QString out;
    bool pendingBreak = false; // a line break between two non-empty lines
    bool pendingParagraph = false; // a blank line between two non-empty lines
    for (const QString& line : trimmedLines(text)) {
        if (line.isEmpty()) {
            pendingParagraph = !out.isEmpty();
            continue;
        }
        if (pendingParagraph)
            out += QStringLiteral("\n\n");
        else if (pendingBreak)
            out += QStringLiteral("\\\n");
        out += escapeLine(line);
        pendingBreak = true;
        pendingParagraph = false;
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
