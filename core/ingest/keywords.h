#pragma once

#include <QString>
#include <QStringView>

#include <array>
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
    std::vector<QString> m_words; // case-folded
    std::array<std::vector<std::uint32_t>, 128> m_byAsciiFirst; // words starting with an ASCII character
    std::vector<std::uint32_t> m_otherFirst; // the rest
};

} // namespace aftermath::ingest
