#include "store.h"

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

#include <array>

namespace aftermath::store {

using model::Event;

namespace {

constexpr QByteArrayView sqliteHeader("SQLite format 3\0", 16);

// An enumeration's stored name as Latin-1 bytes that live for the whole program.
template <typename Enum, int Count>
QLatin1StringView storedName(Enum value)
{
    static const std::array<QByteArray, Count> names = [] {
        std::array<QByteArray, Count> result;
        for (int i = 0; i < Count; ++i)
            result[std::size_t(i)] = model::toString(Enum(i)).toLatin1();
        return result;
    }();
    return QLatin1StringView(names[std::size_t(value)]);
}

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

// Source names are looked up from a map read once per query, not joined into every row.
constexpr const char* eventColumns
    = "SELECT e.id, e.source_id, e.ts_us, e.ts_quality, e.seq, e.line, e.locator, e.level, e.kind, "
      "e.service, e.run_id, e.actor, e.outcome, e.message, e.raw, e.flags FROM events e";

// The WHERE clause for a filter, with only the conditions it uses so SQLite can seek the index.
QByteArray whereClause(const EventFilter& filter)
{
    QByteArrayList conditions;
    if (filter.fromUs)
        conditions << "e.ts_us >= :from";
    if (filter.toUs)
        conditions << "e.ts_us <= :to";
    if (filter.after)
        conditions << "(e.ts_us, e.source_id, e.seq, e.id) > (:after_ts, :after_source, :after_seq, :after_id)";
    return conditions.isEmpty() ? QByteArray() : " WHERE " + conditions.join(" AND ");
}

void bindFilter(Statement& statement, const EventFilter& filter)
{
    auto bindNamed = [&](const char* name, qint64 value) {
        if (const int index = sqlite3_bind_parameter_index(statement.get(), name); index > 0)
            statement.bind(index, value);
    };
    if (filter.fromUs)
        bindNamed(":from", *filter.fromUs);
    if (filter.toUs)
        bindNamed(":to", *filter.toUs);
    if (filter.after) {
        const Event& e = filter.after->event;
        bindNamed(":after_ts", e.timeUs);
        bindNamed(":after_source", e.sourceId);
        bindNamed(":after_seq", e.seq);
        bindNamed(":after_id", e.id);
    }
    if (filter.limit)
        bindNamed(":limit", *filter.limit);
}

// An enumeration from its stored name, compared as bytes: no string is built per row.
template <typename Enum, int Count>
std::optional<Enum> storedValue(const Statement& row, int column)
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(row.get(), column));
    const QByteArrayView bytes(data, data ? sqlite3_column_bytes(row.get(), column) : 0);
    for (int i = 0; i < Count; ++i) {
        if (bytes == QByteArrayView(storedName<Enum, Count>(Enum(i))))
            return Enum(i);
    }
    return std::nullopt;
}

StoredEvent readEvent(const Statement& row, const QHash<qint64, QString>& sourceNames)
{
    StoredEvent stored;
    Event& e = stored.event;
    e.id = row.int64(0);
    e.sourceId = row.int64(1);
    e.timeUs = row.int64(2);
    e.timeQuality
        = storedValue<model::TimeQuality, model::timeQualityCount>(row, 3).value_or(model::TimeQuality::Explicit);
    e.seq = row.int64(4);
    e.line = row.int64(5);
    e.locator = row.text(6);
    e.level = storedValue<model::Level, model::levelCount>(row, 7).value_or(model::Level::Unknown);
    e.kind = storedValue<model::EventKind, model::eventKindCount>(row, 8).value_or(model::EventKind::Log);
    e.service = row.text(9);
    e.runId = row.text(10);
    e.actor = row.text(11);
    e.outcome = row.text(12);
    e.message = row.text(13);
    e.raw = row.text(14);
    e.flags = unsigned(row.int64(15));
    stored.sourceName = sourceNames.value(e.sourceId);
    return stored;
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
    for (const char* table : {"sources", "events", "incidents", "timeline_entries", "root_causes", "action_items"}) {
        if (!query.exec(QStringLiteral("SELECT count(*) FROM ") + QLatin1StringView(table)) || !query.next())
            return std::unexpected(queryError(query.lastError(), d->path));
        result.counts.push_back({QString::fromLatin1(table), query.value(0).toLongLong()});
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
    QByteArray sql = eventColumns + whereClause(filter) + " ORDER BY e.ts_us, e.source_id, e.seq, e.id";
    if (filter.limit)
        sql += " LIMIT :limit";
    Statement statement;
    if (statement.prepare(d->handle, sql) != SQLITE_OK)
        return std::unexpected(d->lastError());
    bindFilter(statement, filter);
    QHash<qint64, QString> sourceNames;
    {
        Statement names;
        if (names.prepare(d->handle, "SELECT id, display_name FROM sources") != SQLITE_OK)
            return std::unexpected(d->lastError());
        while (sqlite3_step(names.get()) == SQLITE_ROW)
            sourceNames.insert(names.int64(0), names.text(1));
    }
    int rc;
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
        if (!visit(readEvent(statement, sourceNames)))
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
    QByteArray sql = "SELECT count(*) FROM (SELECT e.id FROM events e" + whereClause(filter);
    if (filter.limit)
        sql += " LIMIT :limit";
    sql += ")";
    Statement statement;
    if (statement.prepare(d->handle, sql) != SQLITE_OK)
        return std::unexpected(d->lastError());
    bindFilter(statement, filter);
    if (sqlite3_step(statement.get()) != SQLITE_ROW)
        return std::unexpected(d->lastError());
    return statement.int64(0);
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
    // Events first: without an index on events.source_id a cascade would scan once per row deleted.
    query.prepare(QStringLiteral("DELETE FROM events WHERE source_id = ?"));
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
    if (!d->insertEvent
        && d->insertEvent.prepare(d->handle,
               "INSERT INTO events (source_id, ts_us, ts_quality, seq, line, locator, level, kind, service, "
               "run_id, actor, outcome, message, raw, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
               "?11, ?12, ?13, ?14, ?15)")
            != SQLITE_OK)
        return std::unexpected(d->lastError());
    Statement& s = d->insertEvent;
    for (const Event& e : events) {
        s.bind(1, e.sourceId);
        s.bind(2, e.timeUs);
        s.bindStatic(3, storedName<model::TimeQuality, model::timeQualityCount>(e.timeQuality));
        s.bind(4, e.seq);
        s.bind(5, e.line);
        s.bindOptional(6, e.locator);
        s.bindStatic(7, storedName<model::Level, model::levelCount>(e.level));
        s.bindStatic(8, storedName<model::EventKind, model::eventKindCount>(e.kind));
        s.bindOptional(9, e.service);
        s.bindOptional(10, e.runId);
        s.bindOptional(11, e.actor);
        s.bindOptional(12, e.outcome);
        s.bindText(13, e.message);
        s.bindOptional(14, e.raw);
        s.bind(15, qint64(e.flags));
        const int rc = sqlite3_step(s.get());
        sqlite3_reset(s.get());
        if (rc != SQLITE_DONE)
            return std::unexpected(d->lastError());
    }
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
