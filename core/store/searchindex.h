#pragma once

// The search index (schema v5): a candidate filter in front of EvidenceStore::findEventPositions.
// Not for use outside core/store.
//
// event_text is a contentless FTS5 table whose rows are events (rowid = event id) and whose text
// is the event's words: TextQuery's words (runs of letters and digits, model::TextQuery::isWordChar)
// of its message, raw line, service, run, actor and outcome, each case-folded as Qt folds it when
// it compares ignoring case, separated by spaces, as UTF-8. FTS5's ascii tokenizer takes each such
// word whole (it splits only at ASCII that is not a letter or digit, and folds only A-Z), so the
// index holds exactly Aftermath's words, whatever SQLite's own Unicode tables say.
//
// A typed term becomes the words it is made of: the first starts a word of the event (the term
// matches only at a word start, or after punctuation it begins with); the ones after it are whole
// words; the last is a prefix when the term ends inside a word. Every event the term matches has
// all of them, so the FTS5 query (those words, ANDed, each quoted) finds a superset of the events,
// and every candidate is then checked with EventQuery::matches: results are the scan's exactly.
//
// search_index records how far the index has got (indexed_through: every block up to that id is in
// it; block ids only grow) and how many events it holds of removed sources (stale). Contentless
// FTS5 in SQLite 3.40 can delete a row only given its text, so a removed source's rows stay; its
// blocks are gone, so a candidate whose block is missing is dropped, and ids are never reused
// (AUTOINCREMENT). Once stale rows pass a quarter of the index, the next update starts it over.

#include "layering.h"

#include "model/error.h"
#include "model/event.h"
#include "model/textquery.h"

#include <QByteArray>

#include <optional>
#include <vector>

struct sqlite3;

namespace aftermath::store::search {

// Appends the event's words to `out` (see above), each followed by a space.
void appendIndexText(const model::Event& event, QByteArray& out);

// The FTS5 MATCH expression whose matches include every event `text` matches, or nothing when no
// term can narrow the search: only exclusions, terms without letters or digits, prefixes shorter
// than minPrefixChars, or a character whose case folds together with a non-word character
// (inMixedFoldClass). Every word is quoted, so no typed text is ever FTS5 syntax.
std::optional<QByteArray> matchExpression(const model::TextQuery& text);

// The same words as a PostgreSQL tsquery (the search index on a server store, serverevidence.cpp):
// each lexeme quoted, a prefix as 'abc':*, ANDed; cast to tsquery as it is, with no text search
// configuration normalising it.
std::optional<QByteArray> tsQuery(const model::TextQuery& text);

// The distinct words of an index text (appendIndexText), each cut to maxWordChars characters, as
// one space-separated list for array_to_tsvector(string_to_array(list, ' ')); nothing when they
// would take more than maxBytes in a tsvector (PostgreSQL's limit is 1 MB).
std::optional<QByteArray> lexemes(const QByteArray& indexText, qsizetype maxBytes);

// Prefix words shorter than this are left out of the expression: "a"* or "1"* matches most of a
// store and costs FTS5 more than reading the events (docs/benchmarks.md, `search`).
inline constexpr int minPrefixChars = 3;
// A longer word in a term is searched for by its first this many characters.
inline constexpr int maxWordChars = 256;

// Whether `c` folds (ignoring case, as Qt compares) to the same character as both a word
// character and a non-word one: a term holding it may match where the event's words are cut
// elsewhere than the term's. Qt 6.4 has one such class: U+0345 COMBINING GREEK YPOGEGRAMMENI (not
// a letter) with ι, Ι and U+1FBE.
bool inMixedFoldClass(QChar c);

// The row of search_index.
struct IndexState {
    qint64 indexedThrough = 0;
    qint64 indexedEvents = 0;
    qint64 staleEvents = 0;
    // A quarter of the index is of removed sources: starting over costs less than what they cost.
    bool rebuildDue() const { return staleEvents > 0 && staleEvents * 4 >= indexedEvents + staleEvents; }
};
Result<IndexState> readState(sqlite3* db, const QString& path);

// The ids of the events in blocks up to `throughBlock` whose words match `expression`, ascending.
// Some may be of removed sources.
Result<std::vector<qint64>> candidates(
    sqlite3* db, const QByteArray& expression, qint64 throughBlock, const QString& path);

// Counts the indexed events of source `sourceId` as stale; run before its blocks are deleted.
Result<void> markSourceRemoved(sqlite3* db, qint64 sourceId, const QString& path);

} // namespace aftermath::store::search
