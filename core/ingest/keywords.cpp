#include "keywords.h"

#include <algorithm>
#include <array>

namespace aftermath::ingest {

namespace {

char16_t fold(char16_t c)
{
    if (c < 128)
        return (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c;
    return QChar::toCaseFolded(c);
}

bool matchesAt(QStringView text, qsizetype at, const QString& word)
{
    if (text.size() - at < word.size())
        return false;
    for (qsizetype k = 0; k < word.size(); ++k) {
        if (fold(text[at + k].unicode()) != word[k].unicode())
            return false;
    }
    return true;
}

} // namespace

std::size_t KeywordSet::add(const QString& word)
{
    const auto index = std::uint32_t(m_words.size());
    QString folded;
    folded.reserve(word.size());
    for (const QChar c : word)
        folded.append(QChar(fold(c.unicode())));
    if (!folded.isEmpty()) {
        const char16_t first = folded.front().unicode();
        (first < 128 ? m_byAsciiFirst[first] : m_otherFirst).push_back(index);
        const bool asciiStart = std::ranges::all_of(QStringView(folded).first(std::min<qsizetype>(folded.size(), 3)),
            [](QChar c) { return c.unicode() < 128; });
        // A word with other characters among its first three never starts at three ASCII ones.
        if (asciiStart) {
            // The ASCII characters that fold to each of the word's first three (one or two each).
            std::array<std::vector<char16_t>, 3> spellings;
            for (char16_t c = 0; c < 128; ++c) {
                for (qsizetype k = 0; k < std::min<qsizetype>(folded.size(), 3); ++k) {
                    if (fold(c) == folded[k].unicode())
                        spellings[std::size_t(k)].push_back(c);
                }
            }
            if (folded.size() >= 3) {
                for (const char16_t a : spellings[0]) {
                    for (const char16_t b : spellings[1]) {
                        for (const char16_t c : spellings[2])
                            m_trigrams.set(trigramHash(a, b, c));
                    }
                }
            } else {
                m_hasShortWords = true;
                for (const char16_t a : spellings[0]) {
                    if (folded.size() == 1)
                        m_shortWords[a].set(); // whatever follows
                    for (const char16_t b : spellings[1])
                        m_shortWords[a].set(b);
                }
            }
        }
    }
    m_words.push_back(std::move(folded));
    return index;
}

void KeywordSet::compareAt(QStringView text, qsizetype at, std::vector<bool>& found) const
{
    const char16_t c = fold(text[at].unicode());
    for (const std::uint32_t index : c < 128 ? m_byAsciiFirst[c] : m_otherFirst) {
        if (!found[index] && matchesAt(text, at, m_words[index]))
            found[index] = true;
    }
}

void KeywordSet::scan(QStringView text, std::vector<bool>& found) const
{
    found.assign(m_words.size(), false);
    const char16_t* chars = text.utf16();
    const qsizetype size = text.size();
    qsizetype at = 0;
    for (; at + 2 < size; ++at) {
        const char16_t a = chars[at];
        const char16_t b = chars[at + 1];
        const char16_t c = chars[at + 2];
        if ((a | b | c) < 128 && !m_trigrams[trigramHash(a, b, c)] && !(m_hasShortWords && m_shortWords[a][b]))
            continue;
        compareAt(text, at, found);
    }
    // The last two positions: too few characters left for the filter, and too few to matter.
    for (; at < size; ++at)
        compareAt(text, at, found);
}

} // namespace aftermath::ingest
