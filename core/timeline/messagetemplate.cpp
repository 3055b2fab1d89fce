#include "messagetemplate.h"

#include <algorithm>
#include <array>

namespace aftermath::timeline {

namespace {

// Character classes, from a table for ASCII: masking runs on every line a reconstruction reads.
enum CharClass : unsigned char { Digit = 1, Hex = 2, WordStart = 4, Word = 8 };

constexpr std::array<unsigned char, 128> asciiClasses = [] {
    std::array<unsigned char, 128> table{};
    for (int c = 0; c < 128; ++c) {
        const bool digit = c >= '0' && c <= '9';
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
        table[c] = (digit ? Digit : 0) | (hex ? Hex : 0) | (digit || letter || c == '_' ? WordStart : 0)
            | (digit || letter || c == '_' || c == '-' || c == '.' || c == ':' ? Word : 0);
    }
    return table;
}();

// The classes of a character; beyond ASCII, letters and numbers start and continue words.
unsigned char classOf(char16_t c)
{
    if (c < 0x80)
        return asciiClasses[c];
    const QChar q(c);
    return (q.isDigit() ? Digit : 0) | (q.isLetterOrNumber() ? WordStart | Word : 0);
}

// A run of word characters (letters, digits, '_', '-', '.', ':') starting at `i`.
qsizetype wordEnd(const char16_t* s, qsizetype size, qsizetype i)
{
    while (i < size && (classOf(s[i]) & Word))
        ++i;
    return i;
}

// Whether a word is variable: it holds a digit (numbers, versions, ids, times, "12s", "v2",
// "etl-post-funding:42") or is a long hex string (a hash) or a UUID ('-' counts as hex here).
bool isVariable(const char16_t* word, qsizetype size)
{
    unsigned char all = Hex;
    for (qsizetype i = 0; i < size; ++i) {
        const unsigned char c = classOf(word[i]);
        if (c & Digit)
            return true;
        all &= c;
    }
    return size >= 7 && all;
}

// Where a name ends and a number begins after an underscore ("blk_-69", "appattempt_1445_0020"), or -1.
qsizetype numberAfterUnderscore(const char16_t* word, qsizetype size)
{
    for (qsizetype i = 1; i + 1 < size; ++i) {
        if (word[i] != u'_')
            continue;
        const char16_t next = word[i + 1] == u'-' && i + 2 < size ? word[i + 2] : word[i + 1];
        if (classOf(next) & Digit)
            return isVariable(word, i) ? -1 : i;
    }
    return -1;
}

// Month and weekday names, as dates spell them ("Fri Jun 17 07:07:00 2005").
bool isDateName(const char16_t* word, qsizetype size)
{
    if (size != 3 || word[0] < u'A' || word[0] > u'Z' || word[1] >= 0x80 || word[2] >= 0x80)
        return false;
    static constexpr char names[] = "JanFebMarAprMayJunJulAugSepOctNovDecMonTueWedThuFriSatSun";
    for (std::size_t n = 0; n + 3 < sizeof names; n += 3) {
        if (word[0] == char16_t(names[n]) && word[1] == char16_t(names[n + 1]) && word[2] == char16_t(names[n + 2]))
            return true;
    }
    return false;
}

// Whether the word that starts after `i` (past spaces) is a number or a date's name: then a date name
// before it is part of a date.
bool dateFollows(const char16_t* s, qsizetype size, qsizetype i)
{
    while (i < size && s[i] == u' ')
        ++i;
    if (i >= size)
        return false;
    if (classOf(s[i]) & Digit)
        return true;
    return isDateName(s + i, wordEnd(s, size, i) - i);
}

} // namespace

QString messageTemplate(QStringView message)
{
    if (const qsizetype newline = message.indexOf(u'\n'); newline >= 0)
        message = message.first(newline);
    QString out;
    appendMasked(message, out);
    return out;
}

void appendMasked(QStringView message, QString& out, bool keepQuotedWords)
{
    // Written straight into `out`, sized for the worst case (every character a one-digit word that
    // becomes "<*>") and cut back after: no allocation when `out` already has the room.
    const qsizetype base = out.size();
    out.resize(base + 3 * message.size());
    char16_t* const begin = reinterpret_cast<char16_t*>(out.data()) + base;
    char16_t* o = begin;
    const auto put = [&o](const char16_t* from, qsizetype count) {
        for (qsizetype k = 0; k < count; ++k)
            *o++ = from[k];
    };
    const auto putMask = [&o] {
        *o++ = u'<';
        *o++ = u'*';
        *o++ = u'>';
    };
    const char16_t* const s = message.utf16();
    const qsizetype size = message.size();
    qsizetype i = 0;
    while (i < size) {
        const char16_t c = s[i];
        if (c == u'"' || c == u'\'') {
            // A quoted value: masked whole, quotes kept.
            const qsizetype close = message.indexOf(QChar(c), i + 1);
            if (keepQuotedWords && close > i + 1) {
                bool word = true;
                for (qsizetype k = i + 1; k < close && word; ++k)
                    word = QChar(s[k]).isLetter();
                if (word) {
                    put(s + i, close + 1 - i);
                    i = close + 1;
                    continue;
                }
                // An HTTP request line ("GET /v2/servers HTTP/1.1"): its method says what was
                // asked, the rest varies.
                qsizetype method = i + 1;
                while (method < close && s[method] >= u'A' && s[method] <= u'Z')
                    ++method;
                const qsizetype length = method - (i + 1);
                if (length >= 3 && length <= 7 && method + 1 < close && s[method] == u' ' && s[method + 1] == u'/') {
                    put(s + i, method + 1 - i);
                    putMask();
                    *o++ = c;
                    i = close + 1;
                    continue;
                }
            }
            if (close > i) {
                *o++ = c;
                putMask();
                *o++ = c;
                i = close + 1;
                continue;
            }
        }
        if (classOf(c) & WordStart) {
            // The word, and on the way whether it holds a digit and is all hex digits and '-'
            // (isVariable in the same pass).
            const char16_t* const word = s + i;
            qsizetype end = i;
            unsigned char any = 0;
            unsigned char all = Hex;
            while (end < size) {
                const unsigned char classes = classOf(s[end]);
                if (!(classes & Word))
                    break;
                any |= classes;
                all &= classes;
                ++end;
            }
            qsizetype length = end - i;
            // Keep a trailing '.' or ':' (end of sentence, "error:") outside the word.
            while (length > 1 && (word[length - 1] == u'.' || word[length - 1] == u':' || word[length - 1] == u'-'))
                --length;
            const bool variable
                = (any & Digit) || (length >= 7 && (length == end - i ? all != 0 : isVariable(word, length)));
            if (variable || (isDateName(word, length) && dateFollows(s, size, end))) {
                // "etl-post-funding:42" keeps its name: only the parts after the last separator vary;
                // so does "blk_-6952295868487656571" (a name, '_', then a number).
                qsizetype colon = length - 1;
                while (colon > 0 && word[colon] != u':')
                    --colon;
                const qsizetype underscore = numberAfterUnderscore(word, length);
                if (colon > 0 && !isVariable(word, colon))
                    put(word, colon + 1);
                else if (underscore > 0)
                    put(word, underscore + 1);
                putMask();
            } else {
                put(word, length);
            }
            put(word + length, end - i - length);
            i = end;
            continue;
        }
        *o++ = c;
        ++i;
    }
    out.resize(base + (o - begin));
}

} // namespace aftermath::timeline
