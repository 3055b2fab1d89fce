// The SQLite evidence store: sources, and events packed into blocks (eventblock.h). The hot paths
// (block insert, event reads) use the raw sqlite3 handle.

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

using blocks::EventKey;

EventKey keyOf(const model::Event& e) { return {e.timeUs, e.sourceId, e.seq, e.id}; }

// A block being read, positioned at its next event in the filter.
struct OpenBlock {
    blocks::BlockReader reader;
    qint64 sourceId = 0;
    int index = 0;

    EventKey key() const { return {reader.timeAt(index), sourceId, reader.seqAt(index), reader.idAt(index)}; }
};

// The blocks that may hold events of `filter`, in the order their first events come.
// Bound: ?1 the earliest time, ?2 the latest, ?3 the block id they come after (0: all).
constexpr const char* blocksInWindow = "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                                       "WHERE last_us >= ?1 AND first_us <= ?2 AND id > ?3 "
                                       "ORDER BY first_us, id";

// The blocks of the window that reach out of it: what counting opens.
constexpr const char* blocksAcrossWindowEdges
    = "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
      "WHERE last_us >= ?1 AND first_us <= ?2 AND (first_us < ?1 OR last_us > ?2)"; // by the window index

qint64 windowStart(const EventFilter& filter)
{
    qint64 from = filter.fromUs.value_or(std::numeric_limits<qint64>::min());
    if (filter.after)
        from = std::max(from, filter.after->event.timeUs);
    return from;
}
qint64 windowEnd(const EventFilter& filter) { return filter.toUs.value_or(std::numeric_limits<qint64>::max()); }

Error cancelledRead(const QString& path) { return Error{Error::Code::Cancelled, QStringLiteral("cancelled"), path}; }

// Opens the block in the current row of `row` (blocksInWindow) and moves it to its first event in
// `filter`; false when it holds none there.
Result<bool> openBlock(const Statement& row, const EventFilter& filter, OpenBlock& block, const QString& path)
{
    const qint64 blockId = row.int64(0);
    block.sourceId = row.int64(1);
    const auto* data = static_cast<const char*>(sqlite3_column_blob(row.get(), 6));
    const QByteArray bytes(data, sqlite3_column_bytes(row.get(), 6));
    if (!block.reader.open(blockId, block.sourceId, int(row.int64(4)), int(row.int64(5)), bytes))
        return std::unexpected(damagedBlock(blockId, path));
    const qint64 from = windowStart(filter);
    int index = 0;
    const int size = block.reader.size();
    while (index < size && block.reader.timeAt(index) < from)
        ++index;
    if (filter.after) {
        const EventKey after = keyOf(filter.after->event);
        while (index < size
            && EventKey{block.reader.timeAt(index), block.sourceId, block.reader.seqAt(index), block.reader.idAt(index)}
                <= after)
            ++index;
    }
    block.index = index;
    return index < size && block.reader.timeAt(index) <= windowEnd(filter);
}

} // namespace

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

Result<std::vector<model::Source>> SqliteEvidenceStore::sources() const
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    if (!query.exec(QLatin1StringView(sourceColumns) + QStringLiteral(" ORDER BY id")))
        return std::unexpected(queryError(query.lastError(), d->path));
    std::vector<model::Source> result;
    while (query.next())
        result.push_back(readSource(query));
    if (query.lastError().isValid())
        return std::unexpected(queryError(query.lastError(), d->path));
    return result;
}

Result<std::optional<model::Source>> SqliteEvidenceStore::findSource(const QString& path) const
{
    QSqlQuery query(d->database());
    query.setForwardOnly(true);
    query.prepare(QLatin1StringView(sourceColumns) + QStringLiteral(" WHERE path = ? ORDER BY id DESC LIMIT 1"));
    query.addBindValue(path);
    if (!query.exec())
        return std::unexpected(queryError(query.lastError(), d->path));
    if (!query.next())
        return std::optional<model::Source>();
    return std::optional<model::Source>(readSource(query));
}

namespace {

Result<QHash<qint64, QString>> sourceNames(StoreImpl* d)
{
    QHash<qint64, QString> names;
    Statement statement;
    if (statement.prepare(d->handle, "SELECT id, display_name FROM sources") != SQLITE_OK)
        return std::unexpected(d->lastError());
    int rc;
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW)
        names.insert(statement.int64(0), statement.text(1));
    if (rc != SQLITE_DONE)
        return std::unexpected(d->lastError());
    return names;
}

// What mergeWindow() asks of the caller besides the window: which sources' blocks to open (all,
// when unset), only the blocks after which (the search index holds those up to it), and progress
// in blocks.
struct MergeOptions {
    std::function<bool(qint64 sourceId)> wantSource = {};
    qint64 afterBlock = 0;
    ReadProgress progress = {};
};

// Calls `at(block, index)` for each event of `filter`'s window in (time, source, seq, id) order,
// without decoding it: `at` reads the record when it needs it. `at` returns false to stop, or an
// error.
//
// A k-way merge of the blocks in the window. Each block is in (time, seq) order; a block is opened
// once the next event to give could be in it (its first time is not later), so only blocks
// overlapping in time are open together: one per source for well-ordered logs.
template <typename At>
Result<void> mergeWindow(StoreImpl* d, const EventFilter& filter, const MergeOptions& options, At&& at)
{
    qint64 total = 0;
    if (options.progress) {
        Statement count;
        if (count.prepare(d->handle,
                "SELECT count(*) FROM event_blocks WHERE last_us >= ?1 AND first_us <= ?2 AND id > ?3")
            != SQLITE_OK)
            return std::unexpected(d->lastError());
        count.bind(1, windowStart(filter));
        count.bind(2, windowEnd(filter));
        count.bind(3, options.afterBlock);
        if (sqlite3_step(count.get()) != SQLITE_ROW)
            return std::unexpected(d->lastError());
        total = count.int64(0);
    }
    Statement row;
    if (row.prepare(d->handle, blocksInWindow) != SQLITE_OK)
        return std::unexpected(d->lastError());
    row.bind(1, windowStart(filter));
    row.bind(2, windowEnd(filter));
    row.bind(3, options.afterBlock);

    std::vector<std::unique_ptr<OpenBlock>> heap;
    auto later
        = [](const std::unique_ptr<OpenBlock>& a, const std::unique_ptr<OpenBlock>& b) { return b->key() < a->key(); };
    std::vector<std::unique_ptr<OpenBlock>> spare; // closed blocks, reused for their buffers
    const qint64 end = windowEnd(filter);
    qint64 given = 0;
    qint64 blocksSeen = 0;
    int rc = sqlite3_step(row.get());
    while (true) {
        while (rc == SQLITE_ROW && (heap.empty() || row.int64(2) <= heap.front()->reader.timeAt(heap.front()->index))) {
            if (options.progress && (++blocksSeen % 64) == 1 && !options.progress(blocksSeen, total))
                return std::unexpected(cancelledRead(d->path));
            if (options.wantSource && !options.wantSource(row.int64(1))) {
                rc = sqlite3_step(row.get());
                continue;
            }
            std::unique_ptr<OpenBlock> block;
            if (spare.empty()) {
                block = std::make_unique<OpenBlock>();
            } else {
                block = std::move(spare.back());
                spare.pop_back();
            }
            auto opened = openBlock(row, filter, *block, d->path);
            if (!opened)
                return std::unexpected(opened.error());
            if (*opened) {
                heap.push_back(std::move(block));
                std::push_heap(heap.begin(), heap.end(), later);
            } else {
                spare.push_back(std::move(block));
            }
            rc = sqlite3_step(row.get());
        }
        if (heap.empty())
            break;
        std::pop_heap(heap.begin(), heap.end(), later);
        OpenBlock& next = *heap.back();
        const int index = next.index;
        ++next.index;
        auto more = at(next, index);
        if (next.index < next.reader.size() && next.reader.timeAt(next.index) <= end) {
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            spare.push_back(std::move(heap.back()));
            heap.pop_back();
        }
        if (!more)
            return std::unexpected(more.error());
        if (!*more || (filter.limit && ++given >= *filter.limit))
            return {};
    }
    if (rc != SQLITE_DONE)
        return std::unexpected(d->lastError());
    if (options.progress)
        options.progress(total, total);
    return {};
}

} // namespace

Result<void> SqliteEvidenceStore::forEachEvent(const EventFilter& filter, const EventVisitor& visit) const
{
    auto names = sourceNames(d);
    if (!names)
        return std::unexpected(names.error());
    return mergeWindow(d, filter, {}, [&](OpenBlock& block, int index) -> Result<bool> {
        StoredEvent stored;
        if (!block.reader.read(index, stored.event))
            return std::unexpected(damagedBlock(block.reader.blockId(), d->path));
        stored.sourceName = names->value(block.sourceId);
        return visit(std::move(stored));
    });
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

namespace {

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

Result<std::vector<EventPosition>> SqliteEvidenceStore::findEventPositions(
    const EventQuery& query, const ReadProgress& progress) const
{
    const ReadSnapshot snapshot(d->handle); // destroyed last, after the statements
    auto names = sourceNames(d);
    if (!names)
        return std::unexpected(names.error());
    const auto wanted
        = [&](qint64 sourceId) { return query.sources.isEmpty() || query.sources.contains(names->value(sourceId)); };
    EventQuery recordQuery = query;
    recordQuery.sources.clear(); // whole blocks are left out for those
    const bool readRecords = !recordQuery.isWindowOnly();
    EventFilter filter;
    filter.fromUs = query.fromUs;
    filter.toUs = query.toUs;
    const qint64 from = windowStart(filter);
    const qint64 to = windowEnd(filter);

    // The events the search index names (searchindex.h), when the text has words to look up.
    std::vector<qint64> ids;
    qint64 indexedThrough = 0;
    if (const auto expression = search::matchExpression(query.text)) {
        auto state = search::readState(d->handle, d->path);
        if (!state)
            return std::unexpected(state.error());
        indexedThrough = state->indexedThrough;
        if (indexedThrough > 0) {
            auto found = search::candidates(d->handle, *expression, indexedThrough, d->path);
            if (!found)
                return std::unexpected(found.error());
            ids = std::move(*found);
        }
    }
    qint64 candidateBlocks = 0;
    for (std::size_t i = 0; i < ids.size(); ++i)
        candidateBlocks += i == 0 || blocks::blockIdOf(ids[i]) != blocks::blockIdOf(ids[i - 1]);

    std::vector<EventKey> found;
    model::Event event;
    if (!ids.empty()) {
        // Each candidate is checked as the scan checks every event. A block that is gone was of a
        // removed source: its ids are stale (never given again).
        Statement row;
        if (row.prepare(d->handle, "SELECT source_id, first_us, last_us, count, format, data FROM event_blocks "
                                   "WHERE id = ?1")
            != SQLITE_OK)
            return std::unexpected(d->lastError());
        blocks::BlockReader reader;
        qint64 blocksDone = 0;
        for (std::size_t at = 0; at < ids.size();) {
            const qint64 blockId = blocks::blockIdOf(ids[at]);
            std::size_t next = at;
            while (next < ids.size() && blocks::blockIdOf(ids[next]) == blockId)
                ++next;
            if (progress && (++blocksDone % 64) == 1 && !progress(blocksDone, candidateBlocks))
                return std::unexpected(cancelledRead(d->path));
            row.bind(1, blockId);
            const int rc = sqlite3_step(row.get());
            if (rc == SQLITE_ROW && row.int64(2) >= from && row.int64(1) <= to && wanted(row.int64(0))) {
                const qint64 sourceId = row.int64(0);
                const auto* data = static_cast<const char*>(sqlite3_column_blob(row.get(), 5));
                const QByteArray bytes(data, sqlite3_column_bytes(row.get(), 5));
                if (!reader.open(blockId, sourceId, int(row.int64(3)), int(row.int64(4)), bytes))
                    return std::unexpected(damagedBlock(blockId, d->path));
                for (std::size_t i = at; i < next; ++i) {
                    const int index = blocks::indexOf(ids[i]);
                    if (index >= reader.size() || reader.timeAt(index) < from || reader.timeAt(index) > to)
                        continue;
                    if (!reader.read(index, event))
                        return std::unexpected(damagedBlock(blockId, d->path));
                    if (recordQuery.matches(event, {}))
                        found.push_back({reader.timeAt(index), sourceId, reader.seqAt(index), ids[i]});
                }
            } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                return std::unexpected(d->lastError());
            }
            sqlite3_reset(row.get());
            at = next;
        }
        std::sort(found.begin(), found.end());
    }
    const auto fromIndex = std::ptrdiff_t(found.size());

    // The blocks the index does not hold yet (all of them when it is not used) are read whole.
    MergeOptions options;
    options.afterBlock = indexedThrough;
    if (!query.sources.isEmpty())
        options.wantSource = wanted;
    if (progress) {
        options.progress = [&](qint64 done, qint64 total) {
            return progress(candidateBlocks + done, candidateBlocks + total);
        };
    }
    auto merged = mergeWindow(d, filter, options, [&](OpenBlock& block, int index) -> Result<bool> {
        if (readRecords) {
            if (!block.reader.read(index, event))
                return std::unexpected(damagedBlock(block.reader.blockId(), d->path));
            if (!recordQuery.matches(event, {}))
                return true;
        }
        found.push_back(
            {block.reader.timeAt(index), block.sourceId, block.reader.seqAt(index), block.reader.idAt(index)});
        return true;
    });
    if (!merged)
        return std::unexpected(merged.error());
    std::inplace_merge(found.begin(), found.begin() + fromIndex, found.end());
    std::vector<EventPosition> positions;
    positions.reserve(found.size());
    for (const EventKey& key : found)
        positions.push_back({key.timeUs, key.id});
    return positions;
}

Result<std::vector<StoredEvent>> SqliteEvidenceStore::eventsWithIds(std::span<const qint64> ids) const
{
    auto names = sourceNames(d);
    if (!names)
        return std::unexpected(names.error());
    // Each block is read once, its records in order.
    std::vector<qint64> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::unordered_map<qint64, StoredEvent> byId;
    byId.reserve(sorted.size());
    Statement row;
    if (row.prepare(d->handle, "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                               "WHERE id = ?1")
        != SQLITE_OK)
        return std::unexpected(d->lastError());
    blocks::BlockReader reader;
    for (std::size_t at = 0; at < sorted.size();) {
        const qint64 blockId = blocks::blockIdOf(sorted[at]);
        std::size_t next = at;
        while (next < sorted.size() && blocks::blockIdOf(sorted[next]) == blockId)
            ++next;
        row.bind(1, blockId);
        const int rc = sqlite3_step(row.get());
        if (rc == SQLITE_ROW) {
            const qint64 sourceId = row.int64(1);
            const auto* data = static_cast<const char*>(sqlite3_column_blob(row.get(), 6));
            const QByteArray bytes(data, sqlite3_column_bytes(row.get(), 6));
            if (!reader.open(blockId, sourceId, int(row.int64(4)), int(row.int64(5)), bytes))
                return std::unexpected(damagedBlock(blockId, d->path));
            for (std::size_t i = at; i < next; ++i) {
                const int index = blocks::indexOf(sorted[i]);
                if (index >= reader.size())
                    continue;
                StoredEvent stored;
                if (!reader.read(index, stored.event))
                    return std::unexpected(damagedBlock(blockId, d->path));
                stored.sourceName = names->value(sourceId);
                byId.emplace(sorted[i], std::move(stored));
            }
        } else if (rc != SQLITE_DONE) {
            return std::unexpected(d->lastError());
        }
        sqlite3_reset(row.get());
        at = next;
    }
    std::vector<StoredEvent> result;
    result.reserve(ids.size());
    for (const qint64 id : ids) {
        const auto it = byId.find(id);
        if (it != byId.end())
            result.push_back(it->second);
    }
    return result;
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

Result<qint64> SqliteEvidenceStore::countEvents(const EventFilter& filter) const
{
    const qint64 from = windowStart(filter);
    const qint64 end = windowEnd(filter);
    qint64 count = 0;
    // The blocks wholly inside the window count from their rows, without reading their data
    // (reading it was 0.6 s for a million events); only the others are opened.
    if (!filter.after) {
        Statement whole;
        if (whole.prepare(d->handle,
                "SELECT COALESCE(SUM(count), 0) FROM event_blocks WHERE first_us >= ?1 AND last_us <= ?2")
            != SQLITE_OK)
            return std::unexpected(d->lastError());
        whole.bind(1, from);
        whole.bind(2, end);
        if (sqlite3_step(whole.get()) != SQLITE_ROW)
            return std::unexpected(d->lastError());
        count = whole.int64(0);
    }
    Statement row;
    if (row.prepare(d->handle, filter.after ? blocksInWindow : blocksAcrossWindowEdges) != SQLITE_OK)
        return std::unexpected(d->lastError());
    row.bind(1, from);
    row.bind(2, end);
    if (filter.after)
        row.bind(3, 0);
    OpenBlock block;
    int rc;
    while ((rc = sqlite3_step(row.get())) == SQLITE_ROW) {
        auto opened = openBlock(row, filter, block, d->path);
        if (!opened)
            return std::unexpected(opened.error());
        for (int i = block.index; *opened && i < block.reader.size() && block.reader.timeAt(i) <= end; ++i)
            ++count;
    }
    if (rc != SQLITE_DONE)
        return std::unexpected(d->lastError());
    return filter.limit ? std::min(count, std::max<qint64>(*filter.limit, 0)) : count;
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

namespace {

// BEGIN IMMEDIATE for an evidence transaction, waiting as `wait` says.
Result<void> beginEvidenceWrite(StoreImpl* d, const model::WriteWait& wait)
{
    return beginLongWrite(d, wait,
        QStringLiteral("the import was cancelled while it waited for another program writing to the store"));
}

// One file's import: BEGIN IMMEDIATE ... COMMIT on the store's connection, in parts when it is
// long (yield). Destroyed uncommitted, it rolls back what was added since the last part landed,
// so a killed process leaves whole parts only.
class SqliteEvidenceTransaction final : public model::EvidenceTransaction {
public:
    explicit SqliteEvidenceTransaction(StoreImpl* store) : d(store) { m_held.start(); }
    SqliteEvidenceTransaction(const SqliteEvidenceTransaction&) = delete;
    SqliteEvidenceTransaction& operator=(const SqliteEvidenceTransaction&) = delete;
    ~SqliteEvidenceTransaction() override
    {
        if (m_open) {
            sqlite3_exec(d->handle, "ROLLBACK", nullptr, nullptr, nullptr);
            d->inTransaction = false;
        }
    }

    Result<qint64> addSource(const model::Source& source) override;
    Result<void> updateSource(const model::Source& source) override;
    Result<void> deleteSource(qint64 sourceId) override;
    Result<void> addEvents(std::span<const Event> events) override;
    Result<void> commit() override;
    bool shouldYield() const override { return m_open && m_held.elapsed() >= holdAtMost.count(); }
    Result<void> yield(const model::WriteWait& wait) override
    {
        if (auto committed = commit(); !committed)
            return committed;
        std::this_thread::sleep_for(yieldPause);
        if (auto begun = beginEvidenceWrite(d, wait); !begun)
            return begun;
        d->inTransaction = true;
        m_open = true;
        m_held.restart();
        return {};
    }

private:
    StoreImpl* d;
    bool m_open = true;
    QElapsedTimer m_held; // since the transaction (or its current part) began
};

} // namespace

Result<std::unique_ptr<model::EvidenceTransaction>> SqliteEvidenceStore::beginEvidence(const model::WriteWait& wait)
{
    if (d->readOnly)
        return std::unexpected(readOnlyError(d->path, d->readOnlyReason));
    if (d->inTransaction)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("a write transaction is already open on this connection"), d->path);
    if (auto begun = beginEvidenceWrite(d, wait); !begun)
        return std::unexpected(begun.error());
    d->inTransaction = true;
    return std::make_unique<SqliteEvidenceTransaction>(d);
}

Result<qint64> SqliteEvidenceTransaction::addSource(const model::Source& source)
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
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

Result<void> SqliteEvidenceTransaction::updateSource(const model::Source& source)
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
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
        return std::unexpected(queryError(query.lastError(), d->path));
    if (query.numRowsAffected() != 1)
        return fail(Error::Code::NotFound, QStringLiteral("there is no source %1 to update").arg(source.id), d->path);
    return {};
}

Result<void> SqliteEvidenceTransaction::deleteSource(qint64 sourceId)
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
    // Its events the search index holds stay there until the index starts over; they are counted
    // so that it knows when (searchindex.h).
    if (auto marked = search::markSourceRemoved(d->handle, sourceId, d->path); !marked)
        return marked;
    QSqlQuery query(d->database());
    // Citations of its events go with them, as the foreign key on events did before blocks. An event
    // id names its block: ((id - 1) >> idBits) + 1 (eventblock.h).
    query.prepare(QStringLiteral("DELETE FROM timeline_entry_events WHERE ((event_id - 1) >> %1) + 1 IN "
                                 "(SELECT id FROM event_blocks WHERE source_id = ?)")
                      .arg(blocks::idBits));
    query.addBindValue(sourceId);
    if (!query.exec())
        return std::unexpected(queryError(query.lastError(), d->path));
    query.prepare(QStringLiteral("DELETE FROM event_blocks WHERE source_id = ?"));
    query.addBindValue(sourceId);
    if (!query.exec())
        return std::unexpected(queryError(query.lastError(), d->path));
    query.prepare(QStringLiteral("DELETE FROM sources WHERE id = ?"));
    query.addBindValue(sourceId);
    if (!query.exec())
        return std::unexpected(queryError(query.lastError(), d->path));
    return {};
}

Result<void> SqliteEvidenceTransaction::addEvents(std::span<const Event> events)
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
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

Result<void> SqliteEvidenceTransaction::commit()
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
    if (auto committed = execRaw(d->handle, "COMMIT", d->path); !committed)
        return committed; // still open: the destructor rolls back
    m_open = false;
    d->inTransaction = false;
    return {};
}

} // namespace aftermath::store
