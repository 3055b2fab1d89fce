#include "store.h"

#include "eventblock.h"
#include "eventsvtable.h"
#include "migrations.h"
#include "serverlocation.h"
#include "sqliteerror.h"
#include "storeimpl.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QStringEncoder>
#include <QUrl>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <limits>
#include <thread>

namespace aftermath::store {

using model::Event;

namespace {

constexpr QByteArrayView sqliteHeader("SQLite format 3\0", 16);

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("aftermath-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

// The bytes in the store's write-ahead log or rollback journal (0 when there is none): changes that
// are not yet in the file, or not yet undone from it.
qint64 logBytes(const QString& path)
{
    return QFileInfo(path + QStringLiteral("-wal")).size() + QFileInfo(path + QStringLiteral("-journal")).size();
}

// Why SQLite cannot create files beside the store (its -wal and -shm, which every connection in
// WAL mode shares), or empty when it can: the disk is read-only, or the folder is.
QString whyFolderReadOnly(const QString& path)
{
    const QString folder = QFileInfo(path).absolutePath();
    const QStorageInfo disk(folder);
    if (disk.isValid() && disk.isReady() && disk.isReadOnly())
        return QStringLiteral("the disk it is on (mounted at %1) is read-only").arg(disk.rootPath());
    if (!QFileInfo(folder).isWritable())
        return QStringLiteral("its folder %1 is read-only, and SQLite keeps the store's -wal and -shm files "
                              "beside it")
            .arg(folder);
    return {};
}

// Why the store at `path` cannot be written, or empty when it can.
QString whyReadOnly(const QString& path)
{
    const QString folder = whyFolderReadOnly(path);
    if (!folder.isEmpty() && !folder.startsWith(QStringLiteral("its folder")))
        return folder; // the disk: nothing on it can change
    if (!QFileInfo(path).isWritable())
        return QStringLiteral("the file is read-only");
    return folder;
}

// How a reading connection opens a store. Shared: through SQLite's -wal and -shm files beside it,
// seeing what writers commit. Where those files cannot be created (a read-only folder or disk),
// as immutable, which reads the file alone: right only when the write-ahead log holds nothing that
// is not yet in the file, so a store with a non-empty log there is refused rather than read stale.
Result<bool> readsImmutably(const QString& path)
{
    const QString why = whyFolderReadOnly(path);
    if (why.isEmpty())
        return false;
    if (logBytes(path) == 0)
        return true;
    if (QFileInfo::exists(path + QStringLiteral("-shm")))
        return false; // SQLite reads the log through the index already there
    return fail(Error::Code::ReadOnly,
        QStringLiteral("the store has changes in its write-ahead log (%1-wal) that are not yet in the file, and "
                       "SQLite cannot read them here because %2; open the store once where it can be written "
                       "(that folds them in), or copy the store together with its -wal file to a writable folder")
            .arg(path, why),
        path);
}

// The URI SQLite opens a store by (SQLITE_OPEN_URI): the path, percent-encoded, and its parameters.
QByteArray sqliteUri(const QString& path, bool immutable)
{
    return "file:" + QUrl::toPercentEncoding(path, "/") + (immutable ? "?immutable=1" : "");
}

struct ProbeResult {
    int userVersion = 0;
    int applicationId = 0;
    int tableCount = 0;
};

// Reads what decides whether we may touch the file, through a read-only connection, so that a
// refused file is left byte-for-byte as it was (a read-write close could checkpoint its WAL). When
// the store has no write-ahead log with changes in it, the file alone holds all of it, and it is
// read as immutable: that creates no -wal and -shm files beside it either.
Result<ProbeResult> probe(const QString& path, std::chrono::milliseconds busyTimeout)
{
    bool immutable = logBytes(path) == 0;
    if (!immutable) {
        auto chosen = readsImmutably(path);
        if (!chosen)
            return std::unexpected(chosen.error());
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(sqliteUri(path, immutable).constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
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

// The first bytes of the file at `path` (fewer when it is shorter), read through SQLite's own file
// layer. Closing a file descriptor drops every POSIX lock the process holds on the file, so one
// opened here would drop the locks of this process's other connections to the store, and another
// program closing the store would then take itself for the last one and delete the write-ahead
// log under them: what they wrote next would be lost. SQLite's layer shares its descriptors'
// locks between a process's connections, and keeps a descriptor open while they hold locks.
Result<QByteArray> readHeader(const QString& path)
{
    sqlite3_vfs* vfs = sqlite3_vfs_find(nullptr);
    std::vector<std::max_align_t> storage(std::size_t(vfs->szOsFile) / sizeof(std::max_align_t) + 1);
    auto* file = reinterpret_cast<sqlite3_file*>(storage.data());
    const QByteArray name = QFile::encodeName(path); // lives until the file is closed
    int opened = 0;
    if (vfs->xOpen(vfs, name.constData(), file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &opened) != SQLITE_OK) {
        const int error = errno;
        if (file->pMethods)
            file->pMethods->xClose(file);
        return fail(Error::Code::Io,
            QStringLiteral("cannot read the file (%1); check its permissions")
                .arg(QString::fromLocal8Bit(std::strerror(error))),
            path);
    }
    QByteArray header(sqliteHeader.size(), '\0');
    const int rc = file->pMethods->xRead(file, header.data(), int(header.size()), 0);
    file->pMethods->xClose(file);
    if (rc == SQLITE_IOERR_SHORT_READ)
        return header.left(std::min<qsizetype>(QFileInfo(path).size(), header.size()));
    if (rc != SQLITE_OK)
        return fail(Error::Code::Io, QStringLiteral("cannot read the file; check its permissions"), path);
    return header;
}

// The files SQLite may leave beside a store.
const std::array sidecarSuffixes{QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")};

void removeWithSidecars(const QString& path)
{
    QFile::remove(path);
    for (const QString& suffix : sidecarSuffixes)
        QFile::remove(path + suffix);
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

int waitForLock(void* data, int attempt)
{
    // SQLite's own handler sleeps up to 100 ms between tries, long enough for an import that lands
    // its work in parts to take the store back each time before a waiting edit tries again. This
    // one tries every few milliseconds; evidence transactions (imports) try less often than the
    // other writes, so that an edit waiting alongside an import gets the store first.
    auto& d = *static_cast<StoreImpl*>(data);
    auto& lock = d.lockWait;
    if (attempt == 0) {
        lock.since.start();
        lock.told = false;
    }
    const bool patient = lock.wait && lock.wait->waiting;
    if (patient) {
        if (lock.wait->cancel && lock.wait->cancel->load())
            return 0;
        if (!lock.told && lock.since.elapsed() >= 500) {
            lock.told = true;
            lock.wait->waiting();
        }
    } else if (lock.since.elapsed() >= d.busyTimeout.count()) {
        return 0;
    }
    std::this_thread::sleep_for(lock.poll);
    return 1;
}

Error queryError(const QSqlError& error, const QString& path)
{
    return sqliteError(error.nativeErrorCode().toInt(), error.databaseText(), path);
}

Error queryError(const StoreImpl* d, const QSqlError& error)
{
    return d->engine == Engine::Sqlite ? queryError(error, d->path) : serverStatementError(d, error);
}

Result<void> execOn(const StoreImpl* d, const char* sql)
{
    if (d->engine == Engine::Sqlite)
        return execRaw(d->handle, sql, d->path);
    if (d->connectionLost) {
        // The transaction ended with the connection that held it: there is nothing to undo, and
        // nothing to commit.
        if (qstrncmp(sql, "ROLLBACK", 8) == 0 || qstrncmp(sql, "RELEASE", 7) == 0)
            return {};
        if (d->inTransaction || qstrncmp(sql, "COMMIT", 6) == 0)
            return std::unexpected(serverStatementError(d, QSqlError()));
    }
    const QSqlDatabase db = d->database();
    if (d->connectionLost) // and connecting again failed
        return std::unexpected(*d->reconnectFailure);
    QSqlQuery query(db);
    if (!query.exec(QString::fromLatin1(sql)))
        return std::unexpected(serverStatementError(d, query.lastError()));
    return {};
}

Store::Store(std::unique_ptr<StoreImpl> impl) : d(std::move(impl)) {}
Store::Store(Store&& other) noexcept = default;
Store& Store::operator=(Store&& other) noexcept = default;
Store::~Store() = default;

QString Store::path() const { return d->path; }
bool Store::isReadOnly() const { return d->readOnly; }
QString Store::readOnlyReason() const { return d->readOnlyReason; }
int Store::upgradedFrom() const { return d->upgradedFrom; }

Result<Store> Store::open(const QString& requestedPath, const OpenOptions& options)
{
    using Code = Error::Code;
    if (isServerUrl(requestedPath))
        return openServer(requestedPath, options);
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
        return create(path, options);
    }
    if (info.isDir())
        return fail(Code::NotAStore, QStringLiteral("this is a folder; give the path of a store file"), path);
    const auto header = readHeader(path);
    if (!header)
        return std::unexpected(header.error());
    if (!header->isEmpty() && *header != sqliteHeader)
        return fail(Code::NotAStore,
            QStringLiteral("this file is not an SQLite database, so not an Aftermath store; "
                           "choose a store file or a new file name"),
            path);
    return openFile(path, options);
}

Result<Store> Store::create(const QString& path, const OpenOptions& options)
{
    using Code = Error::Code;
    if (const QString why = whyFolderReadOnly(path); !why.isEmpty())
        return fail(Code::ReadOnly,
            QStringLiteral("cannot create the store here: %1; choose another folder").arg(why), path);
    // Built under a temporary name and renamed into place once whole: a failure (a full disk)
    // leaves nothing behind, and no one opens a store half-created.
    const QFileInfo info(path);
    const QString building = info.dir().filePath(QStringLiteral(".%1.creating-%2")
                                                     .arg(info.fileName())
                                                     .arg(QRandomGenerator::global()->generate(), 8, 16, QChar(u'0')));
    const auto cleanUp = qScopeGuard([&] { removeWithSidecars(building); });
    const auto failed = [&](Error error) {
        error.context = path; // not the temporary name
        return std::unexpected(std::move(error));
    };
    {
        QFile placeholder(building);
        if (!placeholder.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return fail(Code::Io,
                QStringLiteral("cannot create the store (%1); check the folder's permissions or choose another folder")
                    .arg(placeholder.errorString()),
                path);
    }
    {
        auto built = openFile(building, options);
        if (!built)
            return failed(built.error());
        // Folded into the file, so that the file alone is the store once renamed.
        if (auto folded = execRaw(built->d->handle, "PRAGMA wal_checkpoint(TRUNCATE)", path); !folded)
            return failed(folded.error());
    } // closed: SQLite removes the -wal and -shm files
    if (logBytes(building) > 0)
        return failed(Error{Code::Io, QStringLiteral("SQLite could not finish writing the new store"), path});
    const bool renamed = QFile::rename(building, path);
    if (!renamed && !QFileInfo::exists(path))
        return fail(Code::Io,
            QStringLiteral("cannot move the new store into place; check the folder's permissions"), path);
    // Not renamed: another program created the store meanwhile, and that one is opened.
    auto opened = openFile(path, options);
    if (opened && renamed)
        opened->d->upgradedFrom = 0;
    return opened;
}

Result<Store> Store::openFile(const QString& path, const OpenOptions& options)
{
    using Code = Error::Code;
    const bool writable = options.access == OpenOptions::Access::ReadWrite;
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
    const bool fresh = probed->tableCount == 0; // no tables yet: the page size can still be chosen
    if (!writable && probed->userVersion < schemaVersion)
        return fail(Code::ReadOnly,
            probed->userVersion == 0
                ? QStringLiteral("this file is empty, not yet a store; create it with `aftermath-cli --db "
                                 "FILE init`")
                : QStringLiteral("this store is from an older Aftermath and must be upgraded, which "
                                 "needs write access; run `aftermath-cli --db FILE init`"),
            path);
    const QString readOnlyReason = whyReadOnly(path);
    if (writable && !readOnlyReason.isEmpty())
        return std::unexpected(readOnlyError(path, readOnlyReason));
    bool immutable = false;
    if (!writable) {
        auto chosen = readsImmutably(path);
        if (!chosen)
            return std::unexpected(chosen.error());
        immutable = *chosen;
    }

    auto impl = std::make_unique<StoreImpl>();
    impl->path = path;
    impl->connectionName = nextConnectionName();
    impl->clock = options.clock ? options.clock : &Clock::system();
    impl->readOnlyReason = readOnlyReason;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), impl->connectionName);
        if (!db.isValid())
            return fail(Code::Database,
                QStringLiteral("Qt's SQLite driver is missing; install it with "
                               "`sudo apt-get install libqt6sql6-sqlite`"),
                path);
        QString connectOptions = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeout.count());
        if (!writable)
            connectOptions += QStringLiteral(";QSQLITE_OPEN_READONLY");
        if (immutable) {
            db.setDatabaseName(QString::fromUtf8(sqliteUri(path, true)));
            connectOptions += QStringLiteral(";QSQLITE_OPEN_URI");
        } else {
            db.setDatabaseName(path);
        }
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
    impl->busyTimeout = options.busyTimeout;
    sqlite3_busy_handler(db, &waitForLock, impl.get());

    if (writable) {
        if (impl->readOnly)
            return std::unexpected(readOnlyError(path, QStringLiteral("SQLite opened it read-only")));
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
    // After the migrations: a store of schema v2 still had a real table named events.
    if (auto registered = registerEventsTable(impl.get()); !registered)
        return std::unexpected(registered.error());
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
            return std::unexpected(queryError(d.get(), query.lastError()));
        result.counts.push_back({QString::fromLatin1(name), query.value(0).toLongLong()});
    }
    return result;
}
EvidenceStore& Store::evidence()
{
    return d->engine == Engine::Sqlite ? static_cast<EvidenceStore&>(d->evidence) : d->serverEvidence;
}
const EvidenceStore& Store::evidence() const
{
    return d->engine == Engine::Sqlite ? static_cast<const EvidenceStore&>(d->evidence) : d->serverEvidence;
}
PostmortemStore& Store::postmortems() { return d->postmortems; }
const PostmortemStore& Store::postmortems() const { return d->postmortems; }

} // namespace aftermath::store
