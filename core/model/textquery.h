#pragma once

#include "event.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <utility>
#include <vector>

namespace aftermath::model {

// What a person types to find events, the one meaning of it for the app's filter bar,
// `aftermath-cli events --grep` and the store's search index:
//   timeout             a word: some word of the event starts with it, in any case ("fail" finds
//                       "failed" and "FAILURE", not "unfailing")
//   "connection reset"  a phrase: the same, for the whole phrase as written (spaces included)
//   -healthcheck        leave out events where the word (or -"a phrase") is found
// Every term must hold. An event's text is its message, raw line, service, run, actor and
// outcome. An unclosed quote runs to the end of the text; a lone "-" is a word.
class TextQuery {
public:
    TextQuery() = default;
    static TextQuery parse(QStringView text);

    bool isEmpty() const { return m_included.isEmpty() && m_excluded.isEmpty(); }
    // The words and phrases that must be found, and those that must not, in the order typed.
    const QStringList& included() const { return m_included; }
    const QStringList& excluded() const { return m_excluded; }

    bool matches(const Event& event) const;

    // Where the included terms are found in `text`, as (start, length), sorted and not
    // overlapping: what a view highlights.
    std::vector<std::pair<qsizetype, qsizetype>> highlights(QStringView text) const;

    // Whether `term` starts a word somewhere in `text`, ignoring case.
    static bool startsWordIn(QStringView text, QStringView term);
    // What words are made of: letters and digits (QChar::isLetterOrNumber, so each half of a
    // surrogate pair is neither). A word starts where one follows anything else. The store's search
    // index splits texts into words by this (core/store/searchindex.cpp).
    static bool isWordChar(QChar c) { return c.isLetterOrNumber(); }

private:
    QStringList m_included;
    QStringList m_excluded;
};

} // namespace aftermath::model
