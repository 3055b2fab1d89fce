// The evidence half of a store on PostgreSQL (docs/team-store.md): the same event blocks as
// SQLite's, byte for byte (eventblock.h), read by the shared code of blockreads.h.
//
// Blocks go in with COPY in binary format, through libpq on the QPSQL driver's own connection: an
// INSERT a block costs a round trip, a COPY a file costs one. Their ids come from the identity of
// event_blocks (GENERATED ALWAYS), whose sequence never hands a number out twice, even to a
// transaction that rolled back: event ids (derived from block ids) are never reused, as
// AUTOINCREMENT keeps them on SQLite.
//
// The search index is event_words: a tsvector per block of exactly the words searchindex.h's
// appendIndexText cuts, made with array_to_tsvector so no text search configuration changes them.
// A search finds candidate blocks with a tsquery of the typed words and checks every event of them
// (EventQuery::matches), so the result is a full scan's. A block whose words do not fit a tsvector
// gets NULL there and is a candidate of every search. Blocks deleted with their source leave
// event_words by cascade, so the index never holds stale events.

#include "blockreads.h"
#include "eventblock.h"
#include "searchindex.h"
#include "storeimpl.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <libpq-fe.h>

#include <limits>
#include <thread>

namespace aftermath::store {

using model::Event;
using model::StoredEvent;

namespace {

using Code = Error::Code;

// A tsvector takes at most 1 MB (lexemes and their entries); a block whose words would take more is
// left unindexed. Below the limit with room to spare.
constexpr qsizetype maxIndexBytes = 1000 * 1000;

Result<void> run(QSqlQuery& query, const StoreImpl* d)
{
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    return {};
}

// One bigint from a statement with bound values.
Result<qint64> scalar(const StoreImpl* d, const QString& sql, std::initializer_list<QVariant> values)
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (auto done = run(query, d); !done)
        return std::unexpected(done.error());
    if (!query.next())
        return std::unexpected(queryError(d, query.lastError()));
    return query.value(0).toLongLong();
}

// A list of ids as a PostgreSQL array literal, bound as text and cast (`?::bigint[]`).
QString arrayOf(std::span<const qint64> ids)
{
    QString text = QStringLiteral("{");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0)
            text += u',';
        text += QString::number(ids[i]);
    }
    return text + u'}';
}

// Blocks come a page at a time, each page read whole (not forward-only): a forward-only QPSQL
// query streams its rows on the connection, and a visitor that reads the store again meanwhile
// (forEachEvent's do) would break it.
constexpr int blocksPerPage = 64;

constexpr const char* blockColumns = "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks ";

// Reads the rows of `query` (columns as BlockRow's) into `rows`.
Result<void> readPage(const StoreImpl* d, QSqlQuery& query, std::vector<BlockRow>& rows)
{
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    rows.clear();
    while (query.next()) {
        BlockRow row;
        row.id = query.value(0).toLongLong();
        row.sourceId = query.value(1).toLongLong();
        row.firstUs = query.value(2).toLongLong();
        row.lastUs = query.value(3).toLongLong();
        row.count = query.value(4).toInt();
        row.format = query.value(5).toInt();
        row.data = query.value(6).toByteArray();
        rows.push_back(std::move(row));
    }
    return {};
}

// The blocks a condition selects, by (first_us, id), a page at a time.
class BlocksWhere final : public BlockRows {
public:
    BlocksWhere(const StoreImpl* store, QString where, QVariantList values)
        : d(store), m_where(std::move(where)), m_values(std::move(values))
    {
    }
    Result<bool> next(BlockRow& row) override
    {
        if (m_at == m_page.size()) {
            if (m_done)
                return false;
            QSqlQuery query(d->database());
            query.prepare(QLatin1StringView(blockColumns) + QStringLiteral("WHERE ") + m_where
                + QStringLiteral(" AND (first_us, id) > (?, ?) ORDER BY first_us, id LIMIT %1").arg(blocksPerPage));
            for (const QVariant& value : m_values)
                query.addBindValue(value);
            query.addBindValue(m_afterFirst);
            query.addBindValue(m_afterId);
            if (auto read = readPage(d, query, m_page); !read)
                return std::unexpected(read.error());
            m_at = 0;
            m_done = m_page.size() < std::size_t(blocksPerPage);
            if (m_page.empty())
                return false;
            m_afterFirst = m_page.back().firstUs;
            m_afterId = m_page.back().id;
        }
        row = std::move(m_page[m_at++]);
        return true;
    }

private:
    const StoreImpl* d;
    QString m_where;
    QVariantList m_values;
    std::vector<BlockRow> m_page;
    std::size_t m_at = 0;
    bool m_done = false;
    qint64 m_afterFirst = std::numeric_limits<qint64>::min();
    qint64 m_afterId = 0;
};

// The blocks with the ids given (ascending), by id, a page of ids at a time.
class BlocksById final : public BlockRows {
public:
    BlocksById(const StoreImpl* store, std::span<const qint64> ids) : d(store), m_ids(ids.begin(), ids.end()) {}
    Result<bool> next(BlockRow& row) override
    {
        while (m_at == m_page.size()) {
            if (m_next >= m_ids.size())
                return false;
            const std::size_t end = std::min(m_ids.size(), m_next + std::size_t(blocksPerPage));
            QSqlQuery query(d->database());
            query.prepare(QLatin1StringView(blockColumns) + QStringLiteral("WHERE id = ANY (?::bigint[]) ORDER BY id"));
            query.addBindValue(arrayOf(std::span(m_ids).subspan(m_next, end - m_next)));
            m_next = end;
            if (auto read = readPage(d, query, m_page); !read)
                return std::unexpected(read.error());
            m_at = 0;
        }
        row = std::move(m_page[m_at++]);
        return true;
    }

private:
    const StoreImpl* d;
    std::vector<qint64> m_ids;
    std::size_t m_next = 0;
    std::vector<BlockRow> m_page;
    std::size_t m_at = 0;
};

// The blocks of a server store, for the shared reads (blockreads.h).
class ServerBlockSource final : public BlockSource {
public:
    explicit ServerBlockSource(const StoreImpl* store) : d(store) {}

    Result<std::unique_ptr<BlockRows>> inWindow(qint64 from, qint64 to, qint64 afterBlock) const override
    {
        return std::make_unique<BlocksWhere>(d, QStringLiteral("last_us >= ? AND first_us <= ? AND id > ?"),
            QVariantList{from, to, afterBlock});
    }
    Result<qint64> countInWindow(qint64 from, qint64 to, qint64 afterBlock) const override
    {
        return scalar(d, QStringLiteral("SELECT count(*) FROM event_blocks WHERE last_us >= ? AND first_us <= ? AND id > ?"),
            {from, to, afterBlock});
    }
    Result<std::unique_ptr<BlockRows>> acrossEdges(qint64 from, qint64 to) const override
    {
        return std::make_unique<BlocksWhere>(d,
            QStringLiteral("last_us >= ? AND first_us <= ? AND (first_us < ? OR last_us > ?)"),
            QVariantList{from, to, from, to});
    }
    Result<qint64> eventsInside(qint64 from, qint64 to) const override
    {
        return scalar(d,
            QStringLiteral("SELECT COALESCE(SUM(count), 0) FROM event_blocks WHERE first_us >= ? AND last_us <= ?"),
            {from, to});
    }
    Result<std::unique_ptr<BlockRows>> withIds(std::span<const qint64> blockIds) const override
    {
        return std::make_unique<BlocksById>(d, blockIds);
    }
    Result<QHash<qint64, QString>> sourceNames() const override { return store::sourceNames(d); }
    Result<SearchCandidates> candidates(const model::TextQuery& text) const override
    {
        SearchCandidates result;
        const auto tsquery = search::tsQuery(text);
        if (!tsquery)
            return result;
        auto through = scalar(d, QStringLiteral("SELECT indexed_through FROM search_index WHERE id = 1"), {});
        if (!through)
            return std::unexpected(through.error());
        result.indexedThrough = *through;
        if (result.indexedThrough == 0)
            return result;
        // Every event of a block whose words match, and of a block too large to index.
        QSqlQuery query(d->database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT b.id, b.count FROM event_words w JOIN event_blocks b ON b.id = w.block_id "
                                     "WHERE w.block_id <= ? AND (w.words @@ ?::tsquery OR w.words IS NULL) "
                                     "ORDER BY b.id"));
        query.addBindValue(result.indexedThrough);
        query.addBindValue(QString::fromUtf8(*tsquery));
        if (auto done = run(query, d); !done)
            return std::unexpected(done.error());
        while (query.next()) {
            const qint64 blockId = query.value(0).toLongLong();
            const int count = query.value(1).toInt();
            for (int i = 0; i < count; ++i)
                result.ids.push_back(blocks::eventId(blockId, i));
        }
        if (query.lastError().isValid())
            return std::unexpected(queryError(d, query.lastError()));
        return result;
    }
    QString path() const override { return d->path; }

private:
    const StoreImpl* d;
};

// A read of several statements as one snapshot (a search: how far the index has got, the index and
// the blocks), unless a transaction is open already.
class ReadSnapshot {
public:
    explicit ReadSnapshot(StoreImpl* store) : d(store)
    {
        m_began = !d->inTransaction && execOn(d, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot()
    {
        if (m_began)
            execOn(d, "COMMIT");
    }

private:
    StoreImpl* d;
    bool m_began = false;
};

// The libpq connection under the store's QPSQL connection, for COPY.
PGconn* connectionOf(const StoreImpl* d)
{
    const QVariant handle = d->database().driver()->handle();
    // Qt names the type by libpq's struct: PGconn is a typedef of pg_conn.
    if (!handle.isValid() || (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(handle.constData());
}

// libpq's error for a result (or, without one, the connection's) as the store's Error.
Error copyError(const StoreImpl* d, PGconn* connection, const PGresult* result)
{
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection);
    return serverError(QSqlError(QString(), QString::fromUtf8(message), QSqlError::StatementError,
                           QString::fromLatin1(state ? state : "")),
        d->path);
}

// Writes blocks in PostgreSQL's binary COPY format: a header, then per block its six fields as
// length and big-endian value, then a trailer.
class CopyBuffer {
public:
    CopyBuffer() { m_bytes.append("PGCOPY\n\377\r\n\0", 11).append(8, '\0'); } // signature, flags, extension
    void add(const blocks::EncodedBlock& block)
    {
        putInt16(6);
        putField64(block.sourceId);
        putField64(block.firstUs);
        putField64(block.lastUs);
        putField32(block.count);
        putField32(block.format);
        putInt32(qint32(block.data.size()));
        m_bytes.append(block.data);
    }
    void finish() { putInt16(-1); }
    QByteArray& bytes() { return m_bytes; }

private:
    template <typename T>
    void put(T value)
    {
        const T big = qToBigEndian(value);
        m_bytes.append(reinterpret_cast<const char*>(&big), sizeof big);
    }
    void putInt16(qint16 value) { put(value); }
    void putInt32(qint32 value) { put(value); }
    void putField64(qint64 value)
    {
        put(qint32(8));
        put(value);
    }
    void putField32(qint32 value)
    {
        put(qint32(4));
        put(value);
    }

    QByteArray m_bytes;
};

// Runs `COPY event_blocks ... FROM STDIN` with `data` (binary COPY format, whole) on the store's
// connection, which must have no result pending.
Result<void> copyBlocks(const StoreImpl* d, const QByteArray& data)
{
    PGconn* connection = connectionOf(d);
    if (!connection)
        return fail(Code::Database,
            QStringLiteral("the PostgreSQL driver gave no libpq connection to copy event blocks on (it gave %1)")
                .arg(QString::fromLatin1(d->database().driver()->handle().typeName())),
            d->path);
    PGresult* started = PQexec(connection,
        "COPY event_blocks (source_id, first_us, last_us, count, format, data) FROM STDIN (FORMAT binary)");
    if (PQresultStatus(started) != PGRES_COPY_IN) {
        Error error = copyError(d, connection, started);
        PQclear(started);
        return std::unexpected(error);
    }
    PQclear(started);
    constexpr qsizetype chunk = 1 << 20;
    bool sent = true;
    for (qsizetype at = 0; sent && at < data.size(); at += chunk)
        sent = PQputCopyData(connection, data.constData() + at, int(std::min(chunk, data.size() - at))) == 1;
    sent = PQputCopyEnd(connection, sent ? nullptr : "the client could not send the blocks") == 1 && sent;
    std::optional<Error> failed;
    if (!sent)
        failed = copyError(d, connection, nullptr);
    while (PGresult* result = PQgetResult(connection)) {
        if (!failed && PQresultStatus(result) != PGRES_COMMAND_OK)
            failed = copyError(d, connection, result);
        PQclear(result);
    }
    if (failed)
        return std::unexpected(*failed);
    return {};
}

// Takes the writers' lock (postmortemstore.cpp's WriteScope takes the same) in the transaction
// just begun, waiting as `wait` says: as SQLite's busy handler does (waitForLock), up to the store's
// busy timeout (lock_timeout) when nobody is told of the wait; else, once told, until the lock is
// free or `wait.cancel` is set.
Result<void> lockWriters(StoreImpl* d, const model::WriteWait& wait, const QString& cancelled)
{
    if (!wait.waiting && !wait.cancel)
        return execOn(d, serverWriteLockSql().constData());
    constexpr std::chrono::milliseconds poll{20};
    constexpr std::chrono::milliseconds tellAfter{500};
    QElapsedTimer since;
    since.start();
    bool told = false;
    QSqlQuery query(d->database());
    while (true) {
        if (!query.exec(QString::fromLatin1(serverWriteLockSql("pg_try_advisory_xact_lock"))) || !query.next())
            return std::unexpected(queryError(d, query.lastError()));
        if (query.value(0).toBool())
            return {};
        if (wait.cancel && wait.cancel->load())
            return fail(Code::Cancelled, cancelled, d->path);
        if (!told && since.elapsed() >= tellAfter.count()) {
            told = true;
            if (wait.waiting)
                wait.waiting();
        }
        if (!wait.waiting && since.elapsed() >= d->busyTimeout.count())
            return fail(Code::Locked,
                QStringLiteral("the store is busy with another writer; wait for it to finish, then try again"),
                d->path);
        std::this_thread::sleep_for(poll);
    }
}

} // namespace

// Rolled back when the lock is not had.
Result<void> beginServerWrite(StoreImpl* d, const model::WriteWait& wait, const QString& cancelled)
{
    if (auto begun = execOn(d, "BEGIN"); !begun)
        return begun;
    if (auto locked = lockWriters(d, wait, cancelled); !locked) {
        execOn(d, "ROLLBACK");
        return locked;
    }
    d->inTransaction = true;
    return {};
}

namespace {

// An import into a server store: blocks go in with COPY.
class ServerEvidenceTransaction final : public StoreEvidenceTransaction {
public:
    using StoreEvidenceTransaction::StoreEvidenceTransaction;

    Result<qint64> addSource(const model::Source& source) override;
    Result<void> deleteSource(qint64 sourceId) override;
    Result<void> addEvents(std::span<const Event> events) override;
};

Result<qint64> ServerEvidenceTransaction::addSource(const model::Source& source)
{
    if (auto open = checkOpen(); !open)
        return std::unexpected(open.error());
    auto optional = [](const QString& text) { return text.isEmpty() ? QVariant() : QVariant(text); };
    return scalar(d,
        QStringLiteral(
            "INSERT INTO sources (path, display_name, format, content_hash, size_bytes, bytes_consumed, zone_assumed, "
            "imported_at_us, event_count, skipped_count, lines_consumed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id"),
        {QVariant(source.path), QVariant(source.displayName), QVariant(source.format), optional(source.contentHash),
            QVariant(source.sizeBytes), QVariant(source.bytesConsumed), optional(source.zoneAssumed),
            QVariant(source.importedAtUs != 0 ? source.importedAtUs : d->clock->nowUtcUs()),
            QVariant(source.eventCount), QVariant(source.skippedCount), QVariant(source.linesConsumed)});
}

Result<void> ServerEvidenceTransaction::deleteSource(qint64 sourceId)
{
    if (auto open = checkOpen(); !open)
        return open;
    // Its indexed events leave the index with its blocks (event_words cascades); the count follows.
    QSqlQuery query(d->database());
    query.prepare(QStringLiteral("UPDATE search_index SET indexed_events = indexed_events - "
                                 "(SELECT coalesce(sum(count), 0) FROM event_blocks "
                                 " WHERE source_id = ? AND id <= search_index.indexed_through) WHERE id = 1"));
    query.addBindValue(sourceId);
    if (auto done = run(query, d); !done)
        return done;
    return deleteSourceRows(d, sourceId);
}

Result<void> ServerEvidenceTransaction::addEvents(std::span<const Event> events)
{
    if (auto open = checkOpen(); !open)
        return open;
    if (events.empty())
        return {};
    CopyBuffer buffer;
    blocks::encodeBlocks(events, [&](const blocks::EncodedBlock& block) {
        buffer.add(block);
        return true;
    });
    buffer.finish();
    return copyBlocks(d, buffer.bytes());
}

} // namespace

Result<std::unique_ptr<model::EvidenceTransaction>> ServerEvidenceStore::beginEvidence(const model::WriteWait& wait)
{
    if (auto begun = beginEvidenceWrite(d, wait); !begun)
        return std::unexpected(begun.error());
    return std::make_unique<ServerEvidenceTransaction>(d);
}

Result<std::optional<model::Source>> ServerEvidenceStore::findSource(const QString& path) const
{
    return latestSource(d, path);
}

Result<std::vector<model::Source>> ServerEvidenceStore::sources() const { return storedSources(d); }

Result<void> ServerEvidenceStore::forEachEvent(const EventFilter& filter, const EventVisitor& visit) const
{
    return store::forEachEvent(ServerBlockSource(d), filter, visit);
}

Result<qint64> ServerEvidenceStore::countEvents(const EventFilter& filter) const
{
    return store::countEvents(ServerBlockSource(d), filter);
}

Result<std::vector<EventPosition>> ServerEvidenceStore::findEventPositions(
    const EventQuery& query, const ReadProgress& progress) const
{
    const ReadSnapshot snapshot(d);
    return store::findEventPositions(ServerBlockSource(d), query, progress);
}

Result<std::vector<StoredEvent>> ServerEvidenceStore::eventsWithIds(std::span<const qint64> ids) const
{
    return store::eventsWithIds(ServerBlockSource(d), ids);
}

Result<void> ServerEvidenceStore::query(const SqlQuery&, const SqlVisitor&) const
{
    return fail(Code::InvalidArgument,
        QStringLiteral("SQL over events is not available on a PostgreSQL store: its events table is SQLite's "
                       "(docs/sql.md); import the evidence into a store file (aftermath-cli --db FILE ingest ...) "
                       "and run the statement there"),
        d->path);
}

Result<SearchIndexStatus> ServerEvidenceStore::searchIndexStatus() const
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT s.indexed_events, (SELECT coalesce(sum(count), 0) FROM event_blocks "
                                   "WHERE id > s.indexed_through) FROM search_index s WHERE s.id = 1"))
        || !query.next())
        return std::unexpected(queryError(d, query.lastError()));
    SearchIndexStatus status;
    status.indexedEvents = query.value(0).toLongLong();
    status.pendingEvents = query.value(1).toLongLong();
    return status;
}

Result<SearchIndexUpdate> ServerEvidenceStore::updateSearchIndex(
    const IndexProgress& progress, const model::WriteWait& wait)
{
    if (d->readOnly)
        return std::unexpected(readOnlyError(d->path, d->readOnlyReason));
    if (d->inTransaction)
        return fail(Code::InvalidArgument, QStringLiteral("a write transaction is already open on this connection"),
            d->path);
    SearchIndexUpdate update;
    auto status = searchIndexStatus();
    if (!status)
        return std::unexpected(status.error());
    if (!status->lags())
        return update; // nothing to do is found without taking the lock
    qint64 total = status->pendingEvents;

    // A part at a time, each landing on its own under the writers' lock, as on SQLite.
    constexpr int blocksPerRead = 16;
    blocks::BlockReader reader;
    model::Event event;
    QByteArray text;
    bool more = true;
    bool stopped = false;
    while (more) {
        if (update.eventsIndexed > 0)
            std::this_thread::sleep_for(yieldPause);
        if (auto begun = beginServerWrite(d, wait,
                QStringLiteral("updating the search index was cancelled while it waited for another program "
                               "writing to the store"));
            !begun)
            return std::unexpected(begun.error());
        // Rolled back unless it lands.
        struct Part {
            StoreImpl* d;
            ~Part()
            {
                if (d->inTransaction) {
                    execOn(d, "ROLLBACK");
                    d->inTransaction = false;
                }
            }
        } part{d};
        QElapsedTimer held;
        held.start();
        // Read again in each part: another program may have updated the index meanwhile.
        auto through = scalar(d, QStringLiteral("SELECT indexed_through FROM search_index WHERE id = 1"), {});
        if (!through)
            return std::unexpected(through.error());
        qint64 last = *through;
        qint64 added = 0;
        QSqlQuery insert(d->database());
        insert.prepare(QStringLiteral("INSERT INTO event_words (block_id, words) "
                                      "VALUES (?, array_to_tsvector(string_to_array(?, ' ')))"));
        more = false;
        while (!stopped && held.elapsed() < holdAtMost.count()) {
            // Whole rows in memory (not forward-only): the inserts run on the same connection.
            QSqlQuery rows(d->database());
            rows.prepare(QLatin1StringView(blockColumns) + QStringLiteral("WHERE id > ? ORDER BY id LIMIT %1").arg(blocksPerRead));
            rows.addBindValue(last);
            if (auto done = run(rows, d); !done)
                return std::unexpected(done.error());
            int read = 0;
            while (rows.next()) {
                ++read;
                const qint64 blockId = rows.value(0).toLongLong();
                if (!reader.open(blockId, rows.value(1).toLongLong(), rows.value(4).toInt(), rows.value(5).toInt(),
                        rows.value(6).toByteArray()))
                    return std::unexpected(damagedBlock(blockId, d->path));
                text.clear();
                for (int i = 0; i < reader.size(); ++i) {
                    if (!reader.read(i, event))
                        return std::unexpected(damagedBlock(blockId, d->path));
                    search::appendIndexText(event, text);
                }
                const auto words = search::lexemes(text, maxIndexBytes);
                insert.addBindValue(blockId);
                // NULL when they do not fit: the block is a candidate of every search.
                insert.addBindValue(words ? QVariant(QString::fromUtf8(*words)) : QVariant(QMetaType(QMetaType::QString)));
                if (auto done = run(insert, d); !done)
                    return std::unexpected(done.error());
                last = blockId;
                added += reader.size();
                total = std::max(total, update.eventsIndexed + added);
                if (progress && !progress(update.eventsIndexed + added, total)) {
                    stopped = true;
                    break;
                }
            }
            if (read < blocksPerRead) {
                more = false;
                break;
            }
            more = true;
        }
        QSqlQuery save(d->database());
        save.prepare(QStringLiteral(
            "UPDATE search_index SET indexed_through = ?, indexed_events = indexed_events + ? WHERE id = 1"));
        save.addBindValue(last);
        save.addBindValue(added);
        if (auto done = run(save, d); !done)
            return std::unexpected(done.error());
        if (auto committed = execOn(d, "COMMIT"); !committed)
            return std::unexpected(committed.error());
        d->inTransaction = false;
        update.eventsIndexed += added;
        if (stopped)
            return fail(Code::Cancelled,
                QStringLiteral("updating the search index was cancelled; the %1 events indexed so far are kept, and "
                               "searches read the rest one by one until the next update")
                    .arg(update.eventsIndexed),
                d->path);
        more = more && !stopped;
    }
    if (progress)
        progress(update.eventsIndexed, update.eventsIndexed);
    return update;
}

} // namespace aftermath::store
