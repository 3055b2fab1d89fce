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
EvidenceStore& Store::evidence() { return d->evidence; }
const EvidenceStore& Store::evidence() const { return d->evidence; }
PostmortemStore& Store::postmortems() { return d->postmortems; }
const PostmortemStore& Store::postmortems() const { return d->postmortems; }

} // namespace aftermath::store
