#include "messagetemplate.h"

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

} // namespace

QString messageTemplate(QStringView message)
{
    if (const qsizetype newline = message.indexOf(u'\n'); newline >= 0)
        message = message.first(newline);
    QString out;
    out.reserve(message.size());
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
            if (isVariable(word)) {
                // "etl-post-funding:42" keeps its name: only the parts after the last separator vary.
                const qsizetype colon = word.lastIndexOf(u':');
                if (colon > 0 && !isVariable(word.first(colon)))
                    out += word.first(colon + 1) + mask;
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
    return out;
}

} // namespace aftermath::timeline
