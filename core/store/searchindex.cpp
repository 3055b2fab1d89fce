// The search index (searchindex.h): the words of events for FTS5, the FTS5 query of a typed text,
// and building the index after imports, a part at a time.

#include "searchindex.h"

#include "eventblock.h"
#include "storeimpl.h"

#include <QElapsedTimer>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <thread>

namespace aftermath::store {

namespace search {

namespace {

using model::TextQuery;

// ASCII, the bulk of log text, folded by table rather than by a call into Qt; the table is Qt's.
const std::array<char16_t, 128>& asciiFolds()
{
    static const std::array<char16_t, 128> table = [] {
        std::array<char16_t, 128> folds{};
        for (char16_t c = 0; c < 128; ++c)
            folds[c] = char16_t(QChar::toCaseFolded(char32_t(c)));
        return folds;
    }();
    return table;
}

// A word character, case-folded as Qt folds it when it compares ignoring case (per UTF-16 unit; a
// word character is never a surrogate, and folding keeps it in the Basic Multilingual Plane), as
// UTF-8 at `out`, which has room for three bytes; returns the end.
char* putFolded(QChar c, char* out)
{
    const char16_t unit = c.unicode();
    const char16_t folded = unit < 0x80 ? asciiFolds()[unit] : char16_t(QChar::toCaseFolded(char32_t(unit)));
    if (folded < 0x80) {
        *out++ = char(folded);
    } else if (folded < 0x800) {
        *out++ = char(0xC0 | (folded >> 6));
        *out++ = char(0x80 | (folded & 0x3F));
    } else {
        *out++ = char(0xE0 | (folded >> 12));
        *out++ = char(0x80 | ((folded >> 6) & 0x3F));
        *out++ = char(0x80 | (folded & 0x3F));
    }
    return out;
}

void appendFolded(QChar c, QByteArray& out)
{
    char bytes[3];
    out.append(bytes, putFolded(c, bytes) - bytes);
}

void appendWords(QStringView text, QByteArray& out)
{
    const qsizetype start = out.size();
    out.resize(start + text.size() * 3 + 1); // the most it can take: three bytes a unit, a space
    char* const begin = out.data() + start;
    char* at = begin;
    bool inWord = false;
    for (const QChar c : text) {
        if (TextQuery::isWordChar(c)) {
            at = putFolded(c, at);
            inWord = true;
        } else if (inWord) {
            *at++ = ' ';
            inWord = false;
        }
    }
    if (inWord)
        *at++ = ' ';
    out.truncate(start + (at - begin));
}

// One word of a typed term, for the FTS5 query: UTF-8, case-folded.
struct Word {
    QByteArray text;
    int chars = 0;
    bool prefix = false; // the event has a word that starts with it (else: the word itself)
};

// The words every event matching `term` has (searchindex.h), or nothing when the term cannot be
// looked up.
std::optional<std::vector<Word>> termWords(QStringView term)
{
    std::vector<Word> words;
    Word current;
    bool cut = false;
    auto finish = [&](bool atEnd) {
        if (current.chars > 0) {
            current.prefix = cut || atEnd;
            words.push_back(std::move(current));
        }
        current = {};
        cut = false;
    };
    for (const QChar c : term) {
        if (inMixedFoldClass(c))
            return std::nullopt;
        if (!TextQuery::isWordChar(c)) {
            finish(false);
        } else if (current.chars < maxWordChars) {
            appendFolded(c, current.text);
            ++current.chars;
        } else {
            cut = true;
        }
    }
    finish(true); // a term that ends inside a word may match where the event's word goes on
    return words;
}

} // namespace

bool inMixedFoldClass(QChar c)
{
    static const std::vector<bool> mixed = [] {
        // By folded value: 1 when a word character folds to it, 2 when another character does.
        std::vector<unsigned char> folds(0x10000, 0);
        for (char32_t c = 0; c < 0x10000; ++c) {
            if (!QChar::isSurrogate(c))
                folds[QChar::toCaseFolded(c)] |= TextQuery::isWordChar(QChar(char16_t(c))) ? 1 : 2;
        }
        std::vector<bool> result(0x10000, false);
        for (char32_t c = 0; c < 0x10000; ++c) {
            if (!QChar::isSurrogate(c))
                result[c] = folds[QChar::toCaseFolded(c)] == 3;
        }
        return result;
    }();
    return mixed[c.unicode()];
}

void appendIndexText(const model::Event& event, QByteArray& out)
{
    // TextQuery::matches reads these six texts.
    for (const QString* text : {&event.message, &event.raw, &event.service, &event.runId, &event.actor, &event.outcome})
        appendWords(*text, out);
}

namespace {

// The words of a query, each once, without the prefixes another word implies ("time"* with
// "timeout"), in byte order; empty when no term can narrow the search.
std::vector<Word> queryWords(const TextQuery& text)
{
    std::vector<Word> all;
    for (const QString& term : text.included()) {
        auto words = termWords(term);
        if (!words)
            continue; // the other terms still narrow
        for (Word& word : *words) {
            if (!word.prefix || word.chars >= minPrefixChars)
                all.push_back(std::move(word));
        }
    }
    std::sort(all.begin(), all.end(),
        [](const Word& a, const Word& b) { return std::pair(a.text, a.prefix) < std::pair(b.text, b.prefix); });
    all.erase(std::unique(all.begin(), all.end(),
                  [](const Word& a, const Word& b) { return a.text == b.text && a.prefix == b.prefix; }),
        all.end());
    std::vector<Word> kept;
    for (const Word& word : all) {
        const bool implied = word.prefix && std::any_of(all.begin(), all.end(), [&](const Word& other) {
            return &other != &word && other.text.startsWith(word.text)
                && (other.text.size() > word.text.size() || !other.prefix);
        });
        if (!implied)
            kept.push_back(word);
    }
    return kept;
}

} // namespace

std::optional<QByteArray> matchExpression(const TextQuery& text)
{
    QByteArray expression;
    for (const Word& word : queryWords(text)) {
        if (!expression.isEmpty())
            expression += ' ';
        // Quoted, so that nothing typed is FTS5 syntax (AND, NEAR, *, ^, col:); words hold only
        // letters and digits, so they hold no quote to double.
        expression += '"' + word.text + '"';
        if (word.prefix)
            expression += '*';
    }
    if (expression.isEmpty())
        return std::nullopt;
    return expression;
}

std::optional<QByteArray> tsQuery(const TextQuery& text)
{
    QByteArray query;
    for (const Word& word : queryWords(text)) {
        if (!query.isEmpty())
            query += " & ";
        // Every lexeme quoted, its quotes doubled and backslashes escaped, though words hold only
        // letters and digits: nothing typed is ever tsquery syntax.
        QByteArray lexeme = word.text;
        lexeme.replace("\\", "\\\\").replace("'", "''");
        query += '\'' + lexeme + '\'';
        if (word.prefix)
            query += ":*";
    }
    if (query.isEmpty())
        return std::nullopt;
    return query;
}

std::optional<QByteArray> lexemes(const QByteArray& indexText, qsizetype maxBytes)
{
    // The words, each cut to its first maxWordChars characters: a search looks a longer word up by
    // those (termWords), as a prefix, so the cut ones are still found.
    std::vector<QByteArrayView> words;
    qsizetype at = 0;
    while (at < indexText.size()) {
        qsizetype end = indexText.indexOf(' ', at);
        if (end < 0)
            end = indexText.size();
        qsizetype cut = at;
        for (int chars = 0; cut < end && chars < maxWordChars; ++chars) {
            ++cut;
            while (cut < end && (uchar(indexText[cut]) & 0xC0) == 0x80)
                ++cut; // the rest of a character's UTF-8 bytes
        }
        if (cut > at)
            words.emplace_back(indexText.constData() + at, cut - at);
        at = end + 1;
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    QByteArray result;
    qsizetype size = 0;
    for (const QByteArrayView word : words) {
        size += word.size() + 8; // and its entry in the tsvector, with room for alignment
        if (size > maxBytes)
            return std::nullopt;
        if (!result.isEmpty())
            result += ' ';
        result += word;
    }
    return result;
}

Result<IndexState> readState(sqlite3* db, const QString& path)
{
    Statement row;
    if (row.prepare(db, "SELECT indexed_through, indexed_events, stale_events FROM search_index WHERE id = 1")
            != SQLITE_OK
        || sqlite3_step(row.get()) != SQLITE_ROW)
        return std::unexpected(sqliteError(db, path));
    return IndexState{row.int64(0), row.int64(1), row.int64(2)};
}

Result<std::vector<qint64>> candidates(
    sqlite3* db, const QByteArray& expression, qint64 throughBlock, const QString& path)
{
    Statement match;
    if (match.prepare(db, "SELECT rowid FROM event_text WHERE event_text MATCH ?1 AND rowid <= ?2") != SQLITE_OK)
        return std::unexpected(sqliteError(db, path));
    sqlite3_bind_text(match.get(), 1, expression.constData(), int(expression.size()), SQLITE_STATIC);
    match.bind(2, blocks::eventId(throughBlock, blocks::maxEvents - 1));
    std::vector<qint64> ids;
    int rc;
    while ((rc = sqlite3_step(match.get())) == SQLITE_ROW)
        ids.push_back(match.int64(0));
    if (rc != SQLITE_DONE)
        return std::unexpected(sqliteError(db, path));
    return ids;
}

Result<void> markSourceRemoved(sqlite3* db, qint64 sourceId, const QString& path)
{
    Statement update;
    if (update.prepare(db,
            "UPDATE search_index SET stale_events = stale_events + removed.events, "
            "indexed_events = indexed_events - removed.events "
            "FROM (SELECT coalesce(sum(count), 0) AS events FROM event_blocks "
            "      WHERE source_id = ?1 AND id <= (SELECT indexed_through FROM search_index)) AS removed "
            "WHERE id = 1")
        != SQLITE_OK)
        return std::unexpected(sqliteError(db, path));
    update.bind(1, sourceId);
    if (sqlite3_step(update.get()) != SQLITE_DONE)
        return std::unexpected(sqliteError(db, path));
    return {};
}

} // namespace search

namespace {

Result<qint64> eventsAfterBlock(sqlite3* db, qint64 blockId, const QString& path)
{
    Statement sum;
    if (sum.prepare(db, "SELECT coalesce(sum(count), 0) FROM event_blocks WHERE id > ?1") != SQLITE_OK)
        return std::unexpected(sqliteError(db, path));
    sum.bind(1, blockId);
    if (sqlite3_step(sum.get()) != SQLITE_ROW)
        return std::unexpected(sqliteError(db, path));
    return sum.int64(0);
}

// One part of an index update: a write transaction, rolled back unless it lands.
class IndexPart {
public:
    explicit IndexPart(StoreImpl* store) : d(store) { d->inTransaction = true; }
    IndexPart(const IndexPart&) = delete;
    IndexPart& operator=(const IndexPart&) = delete;
    ~IndexPart()
    {
        if (d->inTransaction) {
            sqlite3_exec(d->handle, "ROLLBACK", nullptr, nullptr, nullptr);
            d->inTransaction = false;
        }
    }
    Result<void> land()
    {
        if (auto committed = execRaw(d->handle, "COMMIT", d->path); !committed)
            return committed;
        d->inTransaction = false;
        return {};
    }

private:
    StoreImpl* d;
};

} // namespace

Result<SearchIndexStatus> SqliteEvidenceStore::searchIndexStatus() const
{
    auto state = search::readState(d->handle, d->path);
    if (!state)
        return std::unexpected(state.error());
    auto pending = eventsAfterBlock(d->handle, state->indexedThrough, d->path);
    if (!pending)
        return std::unexpected(pending.error());
    return SearchIndexStatus{state->indexedEvents, *pending, state->staleEvents, state->rebuildDue()};
}

Result<SearchIndexUpdate> SqliteEvidenceStore::updateSearchIndex(
    const IndexProgress& progress, const model::WriteWait& wait)
{
    if (d->readOnly)
        return std::unexpected(readOnlyError(d->path, d->readOnlyReason));
    if (d->inTransaction)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("a write transaction is already open on this connection"), d->path);
    const auto failed = [&](const Error& error) { return std::unexpected(error); };
    const auto lastError = [&] { return std::unexpected(d->lastError()); };

    Statement blockRows;
    Statement insert;
    Statement saveState;
    if (blockRows.prepare(d->handle,
            "SELECT id, source_id, count, format, data FROM event_blocks WHERE id > ?1 "
            "ORDER BY id")
            != SQLITE_OK
        || insert.prepare(d->handle, "INSERT INTO event_text (rowid, text) VALUES (?1, ?2)") != SQLITE_OK
        || saveState.prepare(d->handle,
               "UPDATE search_index SET indexed_through = ?1, indexed_events = ?2, "
               "stale_events = ?3 WHERE id = 1")
            != SQLITE_OK)
        return lastError();

    SearchIndexUpdate update;
    {
        // Nothing to do is found without taking the write lock.
        auto status = searchIndexStatus();
        if (!status)
            return failed(status.error());
        if (!status->lags())
            return update;
    }
    qint64 total = -1;
    blocks::BlockReader reader;
    model::Event event;
    QByteArray text;
    bool more = true;
    bool stopped = false;
    while (more) {
        if (update.eventsIndexed > 0 || update.rebuilt)
            std::this_thread::sleep_for(yieldPause);
        if (auto begun = beginLongWrite(d, wait,
                QStringLiteral("updating the search index was cancelled while it waited for another program "
                               "writing to the store"));
            !begun)
            return failed(begun.error());
        IndexPart part(d);
        QElapsedTimer held;
        held.start();
        // Read again in each part: another program may have updated the index meanwhile.
        auto state = search::readState(d->handle, d->path);
        if (!state)
            return failed(state.error());
        if (total < 0 && state->rebuildDue()) {
            if (auto cleared = execRaw(d->handle, "INSERT INTO event_text (event_text) VALUES ('delete-all')", d->path);
                !cleared)
                return failed(cleared.error());
            *state = {};
            update.rebuilt = true;
        }
        if (total < 0) {
            auto pending = eventsAfterBlock(d->handle, state->indexedThrough, d->path);
            if (!pending)
                return failed(pending.error());
            total = *pending;
        }
        qint64 added = 0;
        blockRows.bind(1, state->indexedThrough);
        int rc;
        while ((rc = sqlite3_step(blockRows.get())) == SQLITE_ROW) {
            const qint64 blockId = blockRows.int64(0);
            const auto* data = static_cast<const char*>(sqlite3_column_blob(blockRows.get(), 4));
            const QByteArray bytes(data, sqlite3_column_bytes(blockRows.get(), 4));
            if (!reader.open(blockId, blockRows.int64(1), int(blockRows.int64(2)), int(blockRows.int64(3)), bytes))
                return failed(damagedBlock(blockId, d->path));
            for (int i = 0; i < reader.size(); ++i) {
                if (!reader.read(i, event))
                    return failed(damagedBlock(blockId, d->path));
                text.clear();
                search::appendIndexText(event, text);
                insert.bind(1, blocks::eventId(blockId, i));
                sqlite3_bind_text(insert.get(), 2, text.constData(), int(text.size()), SQLITE_STATIC);
                const int inserted = sqlite3_step(insert.get());
                sqlite3_reset(insert.get());
                if (inserted != SQLITE_DONE)
                    return lastError();
            }
            state->indexedThrough = blockId;
            added += reader.size();
            total = std::max(total, update.eventsIndexed + added);
            if (progress && !progress(update.eventsIndexed + added, total)) {
                stopped = true;
                break;
            }
            if (held.elapsed() >= holdAtMost.count())
                break;
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return lastError();
        more = rc == SQLITE_ROW && !stopped;
        sqlite3_reset(blockRows.get());
        state->indexedEvents += added;
        saveState.bind(1, state->indexedThrough);
        saveState.bind(2, state->indexedEvents);
        saveState.bind(3, state->staleEvents);
        const int saved = sqlite3_step(saveState.get());
        sqlite3_reset(saveState.get());
        if (saved != SQLITE_DONE)
            return lastError();
        if (auto landed = part.land(); !landed)
            return failed(landed.error());
        update.eventsIndexed += added;
        if (stopped)
            return fail(Error::Code::Cancelled,
                QStringLiteral("updating the search index was cancelled; the %1 events indexed so far are kept, and "
                               "searches read the rest one by one until the next update")
                    .arg(update.eventsIndexed),
                d->path);
    }
    if (progress)
        progress(update.eventsIndexed, update.eventsIndexed);
    return update;
}

} // namespace aftermath::store
