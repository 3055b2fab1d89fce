// The SQLite evidence store: sources, and events packed into blocks (eventblock.h), read by the
// engine-independent code of blockreads.h. The hot paths (block insert, event reads) use the raw
// sqlite3 handle. The source rows' SQL, the same on both engines, is here for both.

#include "blockreads.h"
#include "eventblock.h"
#include "searchindex.h"
#include "storeimpl.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace aftermath::store {

using model::Event;
using model::StoredEvent;

namespace {

constexpr const char* sourceColumns
    = "SELECT id, path, display_name, format, content_hash, size_bytes, bytes_consumed, lines_consumed, "
      "zone_assumed, imported_at_us, event_count, skipped_count FROM sources";

model::Source readSource(const QSqlQuery& query)
{
    model::Source s;
    s.id = query.value(0).toLongLong();
    s.path = query.value(1).toString();
    s.displayName = query.value(2).toString();
    s.format = query.value(3).toString();
    s.contentHash = query.value(4).toString();
    s.sizeBytes = query.value(5).toLongLong();
    s.bytesConsumed = query.value(6).toLongLong();
    s.linesConsumed = query.value(7).toLongLong();
    s.zoneAssumed = query.value(8).toString();
    s.importedAtUs = query.value(9).toLongLong();
    s.eventCount = query.value(10).toLongLong();
    s.skippedCount = query.value(11).toLongLong();
    return s;
}

} // namespace

// ---- sources, on either engine (cold paths: QSqlQuery with bound values) ------------------------

Result<std::vector<model::Source>> storedSources(const StoreImpl* d)
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    if (!query.exec(QLatin1StringView(sourceColumns) + QStringLiteral(" ORDER BY id")))
        return std::unexpected(queryError(d, query.lastError()));
    std::vector<model::Source> result;
    while (query.next())
        result.push_back(readSource(query));
    if (query.lastError().isValid())
        return std::unexpected(queryError(d, query.lastError()));
    return result;
}

Result<std::optional<model::Source>> latestSource(const StoreImpl* d, const QString& path)
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    query.prepare(QLatin1StringView(sourceColumns) + QStringLiteral(" WHERE path = ? ORDER BY id DESC LIMIT 1"));
    query.addBindValue(path);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    if (!query.next())
        return std::optional<model::Source>();
    return std::optional<model::Source>(readSource(query));
}

Result<QHash<qint64, QString>> sourceNames(const StoreImpl* d)
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT id, display_name FROM sources")))
        return std::unexpected(queryError(d, query.lastError()));
    QHash<qint64, QString> names;
    while (query.next())
        names.insert(query.value(0).toLongLong(), query.value(1).toString());
    if (query.lastError().isValid())
        return std::unexpected(queryError(d, query.lastError()));
    return names;
}

Result<void> updateSourceRow(const StoreImpl* d, const model::Source& source)
{
    QSqlQuery query(d->database());
    query.prepare(
        QStringLiteral("UPDATE sources SET path = ?, display_name = ?, format = ?, content_hash = ?, size_bytes = ?, "
                       "bytes_consumed = ?, lines_consumed = ?, zone_assumed = ?, imported_at_us = ?, event_count = ?, "
                       "skipped_count = ? WHERE id = ?"));
    auto optional = [](const QString& text) { return text.isEmpty() ? QVariant() : QVariant(text); };
    for (const QVariant& value : {QVariant(source.path), QVariant(source.displayName), QVariant(source.format),
             optional(source.contentHash), QVariant(source.sizeBytes), QVariant(source.bytesConsumed),
             QVariant(source.linesConsumed), optional(source.zoneAssumed),
             QVariant(source.importedAtUs != 0 ? source.importedAtUs : d->clock->nowUtcUs()),
             QVariant(source.eventCount), QVariant(source.skippedCount), QVariant(source.id)})
        query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    if (query.numRowsAffected() != 1)
        return fail(Error::Code::NotFound, QStringLiteral("there is no source %1 to update").arg(source.id), d->path);
    return {};
}

Result<void> deleteSourceRows(const StoreImpl* d, qint64 sourceId)
{
    QSqlQuery query(d->database());
    // Citations of its events go with them, as the foreign key on events did before blocks. An event
    // id names its block: ((id - 1) >> idBits) + 1 (eventblock.h).
    query.prepare(QStringLiteral("DELETE FROM timeline_entry_events WHERE ((event_id - 1) >> %1) + 1 IN "
                                 "(SELECT id FROM event_blocks WHERE source_id = ?)")
                      .arg(blocks::idBits));
    query.addBindValue(sourceId);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    query.prepare(QStringLiteral("DELETE FROM event_blocks WHERE source_id = ?"));
    query.addBindValue(sourceId);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    query.prepare(QStringLiteral("DELETE FROM sources WHERE id = ?"));
    query.addBindValue(sourceId);
    if (!query.exec())
        return std::unexpected(queryError(d, query.lastError()));
    return {};
}

// ---- SQLite ------------------------------------------------------------------------------------

int insertBlock(Statement& statement, const blocks::EncodedBlock& block)
{
    statement.bind(1, block.sourceId);
    statement.bind(2, block.firstUs);
    statement.bind(3, block.lastUs);
    statement.bind(4, block.count);
    statement.bind(5, block.format);
    sqlite3_bind_blob(statement.get(), 6, block.data.constData(), int(block.data.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(statement.get());
    sqlite3_reset(statement.get());
    return rc;
}

Result<std::vector<model::Source>> SqliteEvidenceStore::sources() const { return storedSources(d); }

Result<std::optional<model::Source>> SqliteEvidenceStore::findSource(const QString& path) const
{
    return latestSource(d, path);
}

namespace {

// The current row of `statement` (columns as BlockRow's) into `row`.
void readBlockRow(const Statement& statement, BlockRow& row)
{
    row.id = statement.int64(0);
    row.sourceId = statement.int64(1);
    row.firstUs = statement.int64(2);
    row.lastUs = statement.int64(3);
    row.count = int(statement.int64(4));
    row.format = int(statement.int64(5));
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement.get(), 6));
    row.data = QByteArray(data, sqlite3_column_bytes(statement.get(), 6));
}

// Rows of event_blocks from a statement on the raw handle (columns as BlockRow's).
class SqliteBlockRows final : public BlockRows {
public:
    SqliteBlockRows(const StoreImpl* store, Statement statement) : d(store), m_row(std::move(statement)) {}
    Result<bool> next(BlockRow& row) override
    {
        const int rc = sqlite3_step(m_row.get());
        if (rc == SQLITE_DONE)
            return false;
        if (rc != SQLITE_ROW)
            return std::unexpected(d->lastError());
        readBlockRow(m_row, row);
        return true;
    }

private:
    const StoreImpl* d;
    Statement m_row;
};

// The blocks with the ids given, one statement step each.
class SqliteBlocksById final : public BlockRows {
public:
    SqliteBlocksById(const StoreImpl* store, Statement statement, std::span<const qint64> ids)
        : d(store), m_row(std::move(statement)), m_ids(ids.begin(), ids.end())
    {
    }
    Result<bool> next(BlockRow& row) override
    {
        while (m_at < m_ids.size()) {
            sqlite3_reset(m_row.get());
            m_row.bind(1, m_ids[m_at++]);
            const int rc = sqlite3_step(m_row.get());
            if (rc == SQLITE_DONE)
                continue;
            if (rc != SQLITE_ROW)
                return std::unexpected(d->lastError());
            readBlockRow(m_row, row);
            return true;
        }
        return false;
    }

private:
    const StoreImpl* d;
    Statement m_row;
    std::vector<qint64> m_ids;
    std::size_t m_at = 0;
};

// The blocks of a SQLite store, for the shared reads (blockreads.h).
class SqliteBlockSource final : public BlockSource {
public:
    explicit SqliteBlockSource(const StoreImpl* store) : d(store) {}

    Result<std::unique_ptr<BlockRows>> inWindow(qint64 from, qint64 to, qint64 afterBlock) const override
    {
        return rows("SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                    "WHERE last_us >= ?1 AND first_us <= ?2 AND id > ?3 ORDER BY first_us, id",
            {from, to, afterBlock});
    }
    Result<qint64> countInWindow(qint64 from, qint64 to, qint64 afterBlock) const override
    {
        return scalar("SELECT count(*) FROM event_blocks WHERE last_us >= ?1 AND first_us <= ?2 AND id > ?3",
            {from, to, afterBlock});
    }
    Result<std::unique_ptr<BlockRows>> acrossEdges(qint64 from, qint64 to) const override
    {
        // By the window index.
        return rows("SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                    "WHERE last_us >= ?1 AND first_us <= ?2 AND (first_us < ?1 OR last_us > ?2)",
            {from, to});
    }
    Result<qint64> eventsInside(qint64 from, qint64 to) const override
    {
        return scalar("SELECT COALESCE(SUM(count), 0) FROM event_blocks WHERE first_us >= ?1 AND last_us <= ?2",
            {from, to});
    }
    Result<std::unique_ptr<BlockRows>> withIds(std::span<const qint64> blockIds) const override
    {
        Statement row;
        if (row.prepare(d->handle, "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                                   "WHERE id = ?1")
            != SQLITE_OK)
            return std::unexpected(d->lastError());
        return std::make_unique<SqliteBlocksById>(d, std::move(row), blockIds);
    }
    Result<QHash<qint64, QString>> sourceNames() const override { return store::sourceNames(d); }
    Result<SearchCandidates> candidates(const model::TextQuery& text) const override
    {
        SearchCandidates result;
        const auto expression = search::matchExpression(text);
        if (!expression)
            return result;
        auto state = search::readState(d->handle, d->path);
        if (!state)
            return std::unexpected(state.error());
        result.indexedThrough = state->indexedThrough;
        if (result.indexedThrough > 0) {
            auto found = search::candidates(d->handle, *expression, result.indexedThrough, d->path);
            if (!found)
                return std::unexpected(found.error());
            result.ids = std::move(*found);
        }
        return result;
    }
    QString path() const override { return d->path; }

private:
    Result<Statement> prepared(const char* sql, std::initializer_list<qint64> values) const
    {
        Statement statement;
        if (statement.prepare(d->handle, sql) != SQLITE_OK)
            return std::unexpected(d->lastError());
        int index = 0;
        for (const qint64 value : values)
            statement.bind(++index, value);
        return statement;
    }
    Result<std::unique_ptr<BlockRows>> rows(const char* sql, std::initializer_list<qint64> values) const
    {
        auto statement = prepared(sql, values);
        if (!statement)
            return std::unexpected(statement.error());
        return std::make_unique<SqliteBlockRows>(d, std::move(*statement));
    }
    Result<qint64> scalar(const char* sql, std::initializer_list<qint64> values) const
    {
        auto found = prepared(sql, values);
        if (!found)
            return std::unexpected(found.error());
        Statement& statement = *found;
        if (sqlite3_step(statement.get()) != SQLITE_ROW)
            return std::unexpected(d->lastError());
        return statement.int64(0);
    }

    const StoreImpl* d;
};

// A read transaction for the length of a search, so that how far the search index has got, the
// index and the blocks are read as of one moment though an index update may land meanwhile. None
// when the connection is in a transaction already.
class ReadSnapshot {
public:
    explicit ReadSnapshot(sqlite3* db) : m_db(db)
    {
        m_began = sqlite3_get_autocommit(db) != 0 && sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot()
    {
        if (m_began)
            sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
    }

private:
    sqlite3* m_db;
    bool m_began = false;
};

} // namespace

Result<void> SqliteEvidenceStore::forEachEvent(const EventFilter& filter, const EventVisitor& visit) const
{
    return store::forEachEvent(SqliteBlockSource(d), filter, visit);
}

Result<qint64> SqliteEvidenceStore::countEvents(const EventFilter& filter) const
{
    return store::countEvents(SqliteBlockSource(d), filter);
}

Result<std::vector<EventPosition>> SqliteEvidenceStore::findEventPositions(
    const EventQuery& query, const ReadProgress& progress) const
{
    const ReadSnapshot snapshot(d->handle); // destroyed last, after the statements
    return store::findEventPositions(SqliteBlockSource(d), query, progress);
}

Result<std::vector<StoredEvent>> SqliteEvidenceStore::eventsWithIds(std::span<const qint64> ids) const
{
    return store::eventsWithIds(SqliteBlockSource(d), ids);
}

bool EventQuery::matches(const model::Event& event, const QString& sourceName) const
{
    if (!levels.empty() && std::find(levels.begin(), levels.end(), event.level) == levels.end())
        return false;
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), event.kind) == kinds.end())
        return false;
    if (!sources.isEmpty() && !sources.contains(sourceName))
        return false;
    if (!services.isEmpty() && !services.contains(event.service, Qt::CaseInsensitive))
        return false;
    if (!runs.isEmpty() && !runs.contains(event.runId))
        return false;
    return text.matches(event);
}


Result<void> EvidenceStore::forEachMatch(const EventQuery& query, const EventVisitor& visit) const
{
    if (query.isWindowOnly()) {
        EventFilter filter;
        filter.fromUs = query.fromUs;
        filter.toUs = query.toUs;
        return forEachEvent(filter, visit);
    }
    auto positions = findEventPositions(query);
    if (!positions)
        return std::unexpected(positions.error());
    constexpr std::size_t batch = 4096;
    std::vector<qint64> ids;
    for (std::size_t at = 0; at < positions->size(); at += batch) {
        ids.clear();
        for (std::size_t i = at; i < std::min(at + batch, positions->size()); ++i)
            ids.push_back((*positions)[i].id);
        auto events = eventsWithIds(ids);
        if (!events)
            return std::unexpected(events.error());
        for (StoredEvent& e : *events) {
            if (!visit(std::move(e)))
                return {};
        }
    }
    return {};
}

Result<std::vector<StoredEvent>> EvidenceStore::events(const EventFilter& filter) const
{
    std::vector<StoredEvent> result;
    auto done = forEachEvent(filter, [&](const StoredEvent& e) {
        result.push_back(e);
        return true;
    });
    if (!done)
        return std::unexpected(done.error());
    return result;
}

Result<std::vector<StoredEvent>> EvidenceStore::findEvents(
    std::span<const qint64> ids, qint64 fromUs, qint64 toUs) const
{
    std::unordered_set<qint64> wanted(ids.begin(), ids.end());
    std::vector<StoredEvent> found;
    if (wanted.empty())
        return found;
    EventFilter filter;
    filter.fromUs = fromUs;
    filter.toUs = toUs;
    auto read = forEachEvent(filter, [&](const StoredEvent& e) {
        if (wanted.erase(e.event.id) > 0)
            found.push_back(e);
        return !wanted.empty();
    });
    if (!read)
        return std::unexpected(read.error());
    return found;
}

Error damagedBlock(qint64 blockId, const QString& path)
{
    return Error{Error::Code::Corrupt,
        QStringLiteral("the store is damaged: event block %1 cannot be read; restore the store from a backup, or "
                       "import the evidence again into a new store")
            .arg(blockId),
        path};
}

Result<void> beginLongWrite(StoreImpl* d, const model::WriteWait& wait, const QString& cancelled)
{
    // Long writes try for the lock less often than the other writes.
    constexpr std::chrono::milliseconds longWritePoll{20};
    d->lockWait.wait = &wait;
    d->lockWait.poll = longWritePoll;
    auto begun = execRaw(d->handle, "BEGIN IMMEDIATE", d->path);
    d->lockWait = {};
    if (!begun && wait.cancel && wait.cancel->load())
        return fail(Error::Code::Cancelled, cancelled, d->path);
    return begun;
}

Result<void> beginEvidenceWrite(StoreImpl* d, const model::WriteWait& wait)
{
    if (d->readOnly)
        return std::unexpected(readOnlyError(d->path, d->readOnlyReason));
    if (d->inTransaction)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("a write transaction is already open on this connection"), d->path);
    const QString cancelled
        = QStringLiteral("the import was cancelled while it waited for another program writing to the store");
    auto begun = d->engine == Engine::Sqlite ? beginLongWrite(d, wait, cancelled) : beginServerWrite(d, wait, cancelled);
    if (!begun)
        return begun;
    d->inTransaction = true;
    return {};
}

StoreEvidenceTransaction::~StoreEvidenceTransaction()
{
    if (m_open) {
        execOn(d, "ROLLBACK");
        d->inTransaction = false;
    }
}

Result<void> StoreEvidenceTransaction::checkOpen() const
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
    return {};
}

Result<void> StoreEvidenceTransaction::updateSource(const model::Source& source)
{
    if (auto open = checkOpen(); !open)
        return open;
    return updateSourceRow(d, source);
}

Result<void> StoreEvidenceTransaction::commit()
{
    if (auto open = checkOpen(); !open)
        return open;
    if (auto committed = execOn(d, "COMMIT"); !committed)
        return committed; // still open: the destructor rolls back
    m_open = false;
    d->inTransaction = false;
    return {};
}

Result<void> StoreEvidenceTransaction::yield(const model::WriteWait& wait)
{
    if (auto committed = commit(); !committed)
        return committed;
    std::this_thread::sleep_for(yieldPause);
    if (auto begun = beginEvidenceWrite(d, wait); !begun)
        return begun;
    m_open = true;
    m_held.restart();
    return {};
}

namespace {

// An import into a store file: the hot insert on the raw handle.
class SqliteEvidenceTransaction final : public StoreEvidenceTransaction {
public:
    using StoreEvidenceTransaction::StoreEvidenceTransaction;

    Result<qint64> addSource(const model::Source& source) override;
    Result<void> deleteSource(qint64 sourceId) override;
    Result<void> addEvents(std::span<const Event> events) override;
};

} // namespace

Result<std::unique_ptr<model::EvidenceTransaction>> SqliteEvidenceStore::beginEvidence(const model::WriteWait& wait)
{
    if (auto begun = beginEvidenceWrite(d, wait); !begun)
        return std::unexpected(begun.error());
    return std::make_unique<SqliteEvidenceTransaction>(d);
}

Result<qint64> SqliteEvidenceTransaction::addSource(const model::Source& source)
{
    if (auto open = checkOpen(); !open)
        return std::unexpected(open.error());
    if (!d->insertSource
        && d->insertSource.prepare(d->handle,
               "INSERT INTO sources (path, display_name, format, content_hash, size_bytes, bytes_consumed, "
               "zone_assumed, imported_at_us, event_count, skipped_count, lines_consumed) VALUES (?1, ?2, ?3, ?4, "
               "?5, ?6, ?7, ?8, ?9, ?10, ?11)")
            != SQLITE_OK)
        return std::unexpected(d->lastError());
    Statement& s = d->insertSource;
    s.bindText(1, source.path);
    s.bindText(2, source.displayName);
    s.bindText(3, source.format);
    s.bindOptional(4, source.contentHash);
    s.bind(5, source.sizeBytes);
    s.bind(6, source.bytesConsumed);
    s.bindOptional(7, source.zoneAssumed);
    s.bind(8, source.importedAtUs != 0 ? source.importedAtUs : d->clock->nowUtcUs());
    s.bind(9, source.eventCount);
    s.bind(10, source.skippedCount);
    s.bind(11, source.linesConsumed);
    const int rc = sqlite3_step(s.get());
    sqlite3_reset(s.get());
    if (rc != SQLITE_DONE)
        return std::unexpected(d->lastError());
    return sqlite3_last_insert_rowid(d->handle);
}

Result<void> SqliteEvidenceTransaction::deleteSource(qint64 sourceId)
{
    if (auto open = checkOpen(); !open)
        return std::unexpected(open.error());
    // Its events the search index holds stay there until the index starts over; they are counted
    // so that it knows when (searchindex.h).
    if (auto marked = search::markSourceRemoved(d->handle, sourceId, d->path); !marked)
        return marked;
    return deleteSourceRows(d, sourceId);
}

Result<void> SqliteEvidenceTransaction::addEvents(std::span<const Event> events)
{
    if (auto open = checkOpen(); !open)
        return std::unexpected(open.error());
    if (!d->insertBlock && d->insertBlock.prepare(d->handle, insertBlockSql) != SQLITE_OK)
        return std::unexpected(d->lastError());
    int rc = SQLITE_DONE;
    blocks::encodeBlocks(events, [&](const blocks::EncodedBlock& block) {
        rc = insertBlock(d->insertBlock, block);
        return rc == SQLITE_DONE;
    });
    if (rc != SQLITE_DONE)
        return std::unexpected(d->lastError());
    return {};
}

} // namespace aftermath::store
