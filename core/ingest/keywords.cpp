#include "keywords.h"

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
    }
    m_words.push_back(std::move(folded));
    return index;
}

void KeywordSet::scan(QStringView text, std::vector<bool>& found) const
{
    found.assign(m_words.size(), false);
    for (qsizetype at = 0; at < text.size(); ++at) {
        const char16_t c = fold(text[at].unicode());
        for (const std::uint32_t index : c < 128 ? m_byAsciiFirst[c] : m_otherFirst) {
            if (!found[index] && matchesAt(text, at, m_words[index]))
                found[index] = true;
        }
    }
}

} // namespace aftermath::ingest
