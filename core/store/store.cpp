#include "store.h"

#include "eventblock.h"
#include "migrations.h"
#include "sqliteerror.h"
#include "storeimpl.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringEncoder>

#include <sqlite3.h>

#include <algorithm>
#include <limits>

namespace aftermath::store {

using model::Event;

namespace {

constexpr QByteArrayView sqliteHeader("SQLite format 3\0", 16);

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("aftermath-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

struct ProbeResult {
    int userVersion = 0;
    int applicationId = 0;
    int tableCount = 0;
};

// Reads what decides whether we may touch the file, through a read-only connection, so that a
// refused file is left byte-for-byte as it was (a read-write close could checkpoint its WAL).
Result<ProbeResult> probe(const QString& path, std::chrono::milliseconds busyTimeout)
{
    sqlite3* db = nullptr;
    const QByteArray file = QFile::encodeName(path);
    int rc = sqlite3_open_v2(file.constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    auto close = qScopeGuard([&] { sqlite3_close_v2(db); });
    if (rc != SQLITE_OK)
        return std::unexpected(sqliteError(db, path));
    sqlite3_busy_timeout(db, int(busyTimeout.count()));

    ProbeResult result;
    for (auto [sql, target] : {std::pair{"PRAGMA user_version", &result.userVersion},
             std::pair{"PRAGMA application_id", &result.applicationId},
             std::pair{"SELECT count(*) FROM sqlite_schema WHERE type = 'table'", &result.tableCount}}) {
        Statement statement;
        rc = statement.prepare(db, sql);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(statement.get());
        if (rc != SQLITE_ROW)
            return std::unexpected(sqliteError(db, path));
        *target = int(statement.int64(0));
    }
    return result;
}

// The key events are read in: (time, source, seq, id).
struct EventKey {
    qint64 timeUs;
    qint64 sourceId;
    qint64 seq;
    qint64 id;
    auto operator<=>(const EventKey&) const = default;
};

EventKey keyOf(const model::Event& e) { return {e.timeUs, e.sourceId, e.seq, e.id}; }

// A block being read, positioned at its next event in the filter.
struct OpenBlock {
    blocks::BlockReader reader;
    qint64 sourceId = 0;
    int index = 0;

    EventKey key() const { return {reader.timeAt(index), sourceId, reader.seqAt(index), reader.idAt(index)}; }
};

// The blocks that may hold events of `filter`, in the order their first events come.
// Bound: ?1 the earliest time, ?2 the latest.
constexpr const char* blocksInWindow = "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                                       "WHERE last_us >= ?1 AND first_us <= ?2 "
                                       "ORDER BY first_us, id";

qint64 windowStart(const EventFilter& filter)
{
    qint64 from = filter.fromUs.value_or(std::numeric_limits<qint64>::min());
    if (filter.after)
        from = std::max(from, filter.after->event.timeUs);
    return from;
}
qint64 windowEnd(const EventFilter& filter) { return filter.toUs.value_or(std::numeric_limits<qint64>::max()); }

Error damagedBlock(qint64 blockId, const QString& path)
{
    return Error{Error::Code::Corrupt,
        QStringLiteral("the store is damaged: event block %1 cannot be read; restore the store from a backup, or "
                       "import the evidence again into a new store")
            .arg(blockId),
        path};
}

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

Result<void> execRaw(sqlite3* db, const char* sql, const QString& path)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    const QString detail = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc));
    sqlite3_free(message);
    return std::unexpected(sqliteError(rc, detail, path));
}

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

Error queryError(const QSqlError& error, const QString& path)
{
    return sqliteError(error.nativeErrorCode().toInt(), error.databaseText(), path);
}

Store::Store(std::unique_ptr<StoreImpl> impl) : d(std::move(impl)) {}
Store::Store(Store&& other) noexcept = default;
Store& Store::operator=(Store&& other) noexcept = default;
Store::~Store() = default;

QString Store::path() const { return d->path; }
bool Store::isReadOnly() const { return d->readOnly; }
int Store::upgradedFrom() const { return d->upgradedFrom; }

Result<Store> Store::open(const QString& requestedPath, const OpenOptions& options)
{
    using Code = Error::Code;
    const bool writable = options.access == OpenOptions::Access::ReadWrite;
    const QFileInfo info(requestedPath);
    const QString path = info.absoluteFilePath();

    if (!info.exists()) {
        if (!writable || !options.create)
            return fail(Code::NotFound,
                QStringLiteral("there is no store here; create one with `aftermath-cli --db FILE init` "
                               "or choose an existing store"),
                path);
        if (!QDir().mkpath(info.absolutePath()))
            return fail(Code::Io,
                QStringLiteral("cannot create the folder %1 for the store; check permissions").arg(info.absolutePath()),
                path);
    } else if (info.isDir()) {
        return fail(Code::NotAStore, QStringLiteral("this is a folder; give the path of a store file"), path);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Code::Io,
                QStringLiteral("cannot read the file (%1); check its permissions").arg(file.errorString()), path);
        const QByteArray header = file.read(sqliteHeader.size());
        if (!header.isEmpty() && header != sqliteHeader)
            return fail(Code::NotAStore,
                QStringLiteral("this file is not an SQLite database, so not an Aftermath store; "
                               "choose a store file or a new file name"),
                path);
    }

    bool fresh = !info.exists(); // no tables yet: page size can still be chosen
    if (info.exists()) {
        auto probed = probe(path, options.busyTimeout);
        if (!probed)
            return std::unexpected(probed.error());
        if (probed->userVersion > schemaVersion)
            return fail(Code::NewerVersion,
                QStringLiteral("this store was written by a newer Aftermath (schema version %1; this one "
                               "understands up to %2); it was left untouched: open it with the newer "
                               "version")
                    .arg(probed->userVersion)
                    .arg(schemaVersion),
                path);
        const bool foreign = probed->applicationId != applicationId
            && (probed->applicationId != 0 || probed->userVersion != 0 || probed->tableCount != 0);
        if (foreign)
            return fail(Code::NotAStore,
                QStringLiteral("this is an SQLite database of another application, not an Aftermath store; "
                               "it was left untouched: choose a store file or a new file name"),
                path);
        fresh = probed->tableCount == 0;
        if (!writable && probed->userVersion < schemaVersion)
            return fail(Code::ReadOnly,
                probed->userVersion == 0
                    ? QStringLiteral("this file is empty, not yet a store; create it with `aftermath-cli --db "
                                     "FILE init`")
                    : QStringLiteral("this store is from an older Aftermath and must be upgraded, which "
                                     "needs write access; run `aftermath-cli --db FILE init`"),
                path);
    }

    auto impl = std::make_unique<StoreImpl>();
    impl->path = path;
    impl->connectionName = nextConnectionName();
    impl->clock = options.clock ? options.clock : &Clock::system();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), impl->connectionName);
        if (!db.isValid())
            return fail(Code::Database,
                QStringLiteral("Qt's SQLite driver is missing; install it with "
                               "`sudo apt-get install libqt6sql6-sqlite`"),
                path);
        db.setDatabaseName(path);
        QString connectOptions = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeout.count());
        if (!writable)
            connectOptions += QStringLiteral(";QSQLITE_OPEN_READONLY");
        db.setConnectOptions(connectOptions);
        if (!db.open())
            return std::unexpected(queryError(db.lastError(), path));
        const QVariant handle = db.driver()->handle();
        if (qstrcmp(handle.typeName(), "sqlite3*") != 0 || !handle.isValid())
            return fail(Code::Database, QStringLiteral("Qt's SQLite driver gave no SQLite handle"), path);
        impl->handle = *static_cast<sqlite3* const*>(handle.constData());
    }
    sqlite3* db = impl->handle;
    impl->readOnly = sqlite3_db_readonly(db, "main") == 1;

    if (writable) {
        if (impl->readOnly)
            return fail(Code::ReadOnly,
                QStringLiteral("the store cannot be written: the file, its folder or the disk is read-only; "
                               "fix the permissions or copy the store somewhere writable"),
                path);
        // Big pages make bulk inserts and window scans cheaper; they can be set only before the
        // first table exists.
        if (fresh) {
            if (auto paged = execRaw(db, "PRAGMA page_size = 65536", path); !paged)
                return std::unexpected(paged.error());
        }
        Statement journal;
        if (journal.prepare(db, "PRAGMA journal_mode = WAL") != SQLITE_OK || sqlite3_step(journal.get()) != SQLITE_ROW)
            return std::unexpected(impl->lastError());
        const bool wal = journal.text(0) == u"wal";
        journal.reset(); // a statement left mid-step would block the migration's COMMIT
        if (!wal)
            return fail(Code::Io,
                QStringLiteral("SQLite could not switch the store to write-ahead logging (the file system "
                               "may not support it); keep the store on a local disk"),
                path);
        if (auto set
            = execRaw(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536", path);
            !set)
            return std::unexpected(set.error());

        // Read again on the writable connection: another process may have migrated meanwhile.
        Statement version;
        if (version.prepare(db, "PRAGMA user_version") != SQLITE_OK || sqlite3_step(version.get()) != SQLITE_ROW)
            return std::unexpected(impl->lastError());
        const int current = int(version.int64(0));
        version.reset();
        if (current > schemaVersion)
            return fail(Code::NewerVersion,
                QStringLiteral("this store was upgraded by a newer Aftermath while opening it"), path);
        impl->upgradedFrom = current;
        if (auto migrated = migrate(db, current, schemaMigrations(), path); !migrated)
            return std::unexpected(migrated.error());
        // Moving a store's events into blocks (v3) frees most of its pages; give them back to the
        // disk once. Not needed for the store to work, so a failure (a full disk) is left alone.
        if (current > 0 && current < 3)
            sqlite3_exec(db, "VACUUM", nullptr, nullptr, nullptr);
    } else {
        impl->upgradedFrom = schemaVersion;
        if (auto set = execRaw(db, "PRAGMA foreign_keys = ON", path); !set)
            return std::unexpected(set.error());
    }
    return Store(std::move(impl));
}

Result<StoreInfo> Store::info() const
{
    StoreInfo result;
    result.path = d->path;
    result.schemaVersion = schemaVersion;
    QSqlQuery query(d->database());
    // Events are counted from their blocks' counts.
    for (const auto& [name, sql] : {std::pair{"sources", "SELECT count(*) FROM sources"},
             std::pair{"events", "SELECT coalesce(sum(count), 0) FROM event_blocks"},
             std::pair{"incidents", "SELECT count(*) FROM incidents"},
             std::pair{"timeline_entries", "SELECT count(*) FROM timeline_entries"},
             std::pair{"root_causes", "SELECT count(*) FROM root_causes"},
             std::pair{"action_items", "SELECT count(*) FROM action_items"}}) {
        if (!query.exec(QLatin1StringView(sql)) || !query.next())
            return std::unexpected(queryError(query.lastError(), d->path));
        result.counts.push_back({QString::fromLatin1(name), query.value(0).toLongLong()});
    }
    return result;
}

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

Result<std::vector<model::Source>> Store::sources() const
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

Result<std::optional<model::Source>> Store::findSource(const QString& path) const
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

Result<void> Store::forEachEvent(const EventFilter& filter, const std::function<bool(StoredEvent&&)>& visit) const
{
    Statement row;
    if (row.prepare(d->handle, blocksInWindow) != SQLITE_OK)
        return std::unexpected(d->lastError());
    row.bind(1, windowStart(filter));
    row.bind(2, windowEnd(filter));
    QHash<qint64, QString> sourceNames;
    {
        Statement names;
        if (names.prepare(d->handle, "SELECT id, display_name FROM sources") != SQLITE_OK)
            return std::unexpected(d->lastError());
        while (sqlite3_step(names.get()) == SQLITE_ROW)
            sourceNames.insert(names.int64(0), names.text(1));
    }

    // A k-way merge of the blocks in the window. Each block is in (time, seq) order; a block is
    // opened once the next event to give could be in it (its first time is not later), so only
    // blocks overlapping in time are open together: one per source for well-ordered logs.
    std::vector<std::unique_ptr<OpenBlock>> heap;
    auto later
        = [](const std::unique_ptr<OpenBlock>& a, const std::unique_ptr<OpenBlock>& b) { return b->key() < a->key(); };
    std::vector<std::unique_ptr<OpenBlock>> spare; // closed blocks, reused for their buffers
    const qint64 end = windowEnd(filter);
    qint64 given = 0;
    int rc = sqlite3_step(row.get());
    while (true) {
        while (rc == SQLITE_ROW && (heap.empty() || row.int64(2) <= heap.front()->reader.timeAt(heap.front()->index))) {
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
        StoredEvent stored;
        if (!next.reader.read(next.index, stored.event))
            return std::unexpected(damagedBlock(next.reader.blockId(), d->path));
        stored.sourceName = sourceNames.value(next.sourceId);
        ++next.index;
        if (next.index < next.reader.size() && next.reader.timeAt(next.index) <= end) {
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            spare.push_back(std::move(heap.back()));
            heap.pop_back();
        }
        if (!visit(std::move(stored)) || (filter.limit && ++given >= *filter.limit))
            return {};
    }
    if (rc != SQLITE_DONE)
        return std::unexpected(d->lastError());
    return {};
}

Result<std::vector<StoredEvent>> Store::events(const EventFilter& filter) const
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

Result<qint64> Store::countEvents(const EventFilter& filter) const
{
    Statement row;
    if (row.prepare(d->handle, blocksInWindow) != SQLITE_OK)
        return std::unexpected(d->lastError());
    const qint64 from = windowStart(filter);
    const qint64 end = windowEnd(filter);
    row.bind(1, from);
    row.bind(2, end);
    qint64 count = 0;
    OpenBlock block;
    int rc;
    while ((rc = sqlite3_step(row.get())) == SQLITE_ROW) {
        // A block wholly inside the window counts without being opened.
        if (!filter.after && row.int64(2) >= from && row.int64(3) <= end) {
            count += row.int64(4);
            continue;
        }
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

Result<WriteTransaction> Store::beginWrite()
{
    if (d->readOnly)
        return fail(Error::Code::ReadOnly, QStringLiteral("the store was opened read-only"), d->path);
    if (d->inTransaction)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("a write transaction is already open on this connection"), d->path);
    if (auto begun = execRaw(d->handle, "BEGIN IMMEDIATE", d->path); !begun)
        return std::unexpected(begun.error());
    d->inTransaction = true;
    return WriteTransaction(d.get());
}

WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : d(other.d), m_open(std::exchange(other.m_open, false))
{
}

WriteTransaction::~WriteTransaction()
{
    if (m_open) {
        sqlite3_exec(d->handle, "ROLLBACK", nullptr, nullptr, nullptr);
        d->inTransaction = false;
    }
}

Result<qint64> WriteTransaction::addSource(const model::Source& source)
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

Result<void> WriteTransaction::updateSource(const model::Source& source)
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

Result<void> WriteTransaction::deleteSource(qint64 sourceId)
{
    if (!m_open)
        return fail(Error::Code::InvalidArgument, QStringLiteral("the transaction is finished"), d->path);
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

Result<void> WriteTransaction::addEvents(std::span<const Event> events)
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

Result<void> WriteTransaction::commit()
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
