#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <bitset>
#include <cstdint>
#include <vector>

namespace aftermath::ingest {

// A set of words looked for case-insensitively in one pass over a text: for each position, only
// the words starting with that (folded) character are compared. Qt's case-insensitive
// QString::contains folds the whole text once per word, which made classification the slowest
// stage of an import.
class KeywordSet {
public:
    // Adds a word and returns its index in scan()'s result. Empty words are never found.
    std::size_t add(const QString& word);
    std::size_t size() const { return m_words.size(); }

    // found[i] is set when word i occurs in text, ignoring case. The vector is reused.
    void scan(QStringView text, std::vector<bool>& found) const;

private:
    void compareAt(QStringView text, qsizetype at, std::vector<bool>& found) const;

    std::vector<QString> m_words; // case-folded
    std::array<std::vector<std::uint32_t>, 128> m_byAsciiFirst; // words starting with an ASCII character
    std::vector<std::uint32_t> m_otherFirst; // the rest

    // Most positions of a text start no word, and comparing there costs more than ruling them out
    // first. An ASCII character folds to an ASCII one, so where the text has three ASCII characters
    // in a row, only words whose first three folded characters are theirs can start there. A filter
    // on a hash of the three characters as written (every casing of each word's start is entered)
    // says "maybe" for those and a few others: one bit test per position, nothing folded.
    static constexpr int trigramBits = 15;
    static std::uint32_t trigramHash(char16_t a, char16_t b, char16_t c)
    {
        const std::uint32_t key = std::uint32_t(a) << 14 | std::uint32_t(b) << 7 | c;
        return (key * 2654435761u) >> (32 - trigramBits);
    }
    std::bitset<std::size_t(1) << trigramBits> m_trigrams;
    // Words of one or two characters, by their first two characters (as written, any case).
    std::array<std::bitset<128>, 128> m_shortWords;
    bool m_hasShortWords = false;
};

} // namespace aftermath::ingest
