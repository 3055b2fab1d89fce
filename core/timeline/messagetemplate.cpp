#include "messagetemplate.h"

#include <QStringList>

namespace aftermath::timeline {

namespace {

const QString mask = QStringLiteral("<*>");

bool isHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

// A run of word characters (letters, digits, '_', '-', '.', ':') starting at `i`.
qsizetype wordEnd(QStringView s, qsizetype i)
{
    while (i < s.size() && (s[i].isLetterOrNumber() || s[i] == u'_' || s[i] == u'-' || s[i] == u'.' || s[i] == u':'))
        ++i;
    return i;
}

// Whether a word is variable: it holds a digit (numbers, versions, ids, times, "12s", "v2",
// "etl-post-funding:42") or is a long hex string (a hash) or a UUID.
bool isVariable(QStringView word)
{
    bool digit = false;
    bool allHex = word.size() >= 7;
    for (const QChar c : word) {
        if (c.isDigit())
            digit = true;
        if (!isHexDigit(c) && c != u'-')
            allHex = false;
    }
    return digit || allHex;
}

// Where a name ends and a number begins after an underscore ("blk_-69", "appattempt_1445_0020"), or -1.
qsizetype numberAfterUnderscore(QStringView word)
{
    for (qsizetype i = 1; i + 1 < word.size(); ++i) {
        if (word[i] != u'_')
            continue;
        const QChar next = word[i + 1] == u'-' && i + 2 < word.size() ? word[i + 2] : word[i + 1];
        if (next.isDigit())
            return isVariable(word.first(i)) ? -1 : i;
    }
    return -1;
}

// Month and weekday names, as dates spell them ("Fri Jun 17 07:07:00 2005").
bool isDateName(QStringView word)
{
    static const QStringList names{QStringLiteral("Jan"), QStringLiteral("Feb"), QStringLiteral("Mar"),
        QStringLiteral("Apr"), QStringLiteral("May"), QStringLiteral("Jun"), QStringLiteral("Jul"),
        QStringLiteral("Aug"), QStringLiteral("Sep"), QStringLiteral("Oct"), QStringLiteral("Nov"),
        QStringLiteral("Dec"), QStringLiteral("Mon"), QStringLiteral("Tue"), QStringLiteral("Wed"),
        QStringLiteral("Thu"), QStringLiteral("Fri"), QStringLiteral("Sat"), QStringLiteral("Sun")};
    if (word.size() != 3 || !word[0].isUpper())
        return false;
    return names.contains(word);
}

// Whether the word that starts after `i` (past spaces) is a number or a date's name: then a date name
// before it is part of a date.
bool dateFollows(QStringView s, qsizetype i)
{
    while (i < s.size() && s[i] == u' ')
        ++i;
    if (i >= s.size())
        return false;
    if (s[i].isDigit())
        return true;
    return isDateName(s.sliced(i, wordEnd(s, i) - i));
}

} // namespace

QString messageTemplate(QStringView message)
{
    if (const qsizetype newline = message.indexOf(u'\n'); newline >= 0)
        message = message.first(newline);
    QString out;
    out.reserve(message.size());
    appendMasked(message, out);
    return out;
}

void appendMasked(QStringView message, QString& out)
{
    qsizetype i = 0;
    while (i < message.size()) {
        const QChar c = message[i];
        if (c == u'"' || c == u'\'') {
            // A quoted value: masked whole, quotes kept.
            const qsizetype close = message.indexOf(c, i + 1);
            if (close > i) {
                out += c;
                out += mask;
                out += c;
                i = close + 1;
                continue;
            }
        }
        if (c.isLetterOrNumber() || c == u'_') {
            const qsizetype end = wordEnd(message, i);
            QStringView word = message.sliced(i, end - i);
            // Keep a trailing '.' or ':' (end of sentence, "error:") outside the word.
            qsizetype trailing = 0;
            while (word.size() > 1 && (word.endsWith(u'.') || word.endsWith(u':') || word.endsWith(u'-'))) {
                word.chop(1);
                ++trailing;
            }
            if (isVariable(word) || (isDateName(word) && dateFollows(message, end))) {
                // "etl-post-funding:42" keeps its name: only the parts after the last separator vary;
                // so does "blk_-6952295868487656571" (a name, '_', then a number).
                const qsizetype colon = word.lastIndexOf(u':');
                const qsizetype underscore = numberAfterUnderscore(word);
                if (colon > 0 && !isVariable(word.first(colon)))
                    out += word.first(colon + 1) + mask;
                else if (underscore > 0)
                    out += word.first(underscore + 1) + mask;
                else
                    out += mask;
            } else {
                out += word;
            }
            out += message.sliced(end - trailing, trailing);
            i = end;
            continue;
        }
        out += c;
        ++i;
    }
}

} // namespace aftermath::timeline
