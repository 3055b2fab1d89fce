#pragma once

// The parts of Store shared by its implementation files (store.cpp: opening; evidencestore.cpp:
// sources and events; postmortemstore.cpp: incidents and their postmortems, on either engine;
// serverstore.cpp: opening a PostgreSQL store). Not for use outside core/store.

#include "serverlocation.h"
#include "sqliteerror.h"
#include "store.h"

#include "model/evidencetarget.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QTimeZone>

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <optional>

class QSqlError;

namespace aftermath::store {

// A prepared statement on the raw handle: the hot paths (bulk insert, event reads) bypass
// QSqlQuery's QVariant round trips.
class Statement {
public:
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept : m_stmt(std::exchange(other.m_stmt, nullptr)) {}
    Statement& operator=(Statement&& other) noexcept
    {
        std::swap(m_stmt, other.m_stmt);
        return *this;
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    void reset()
    {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }

    int prepare(sqlite3* db, QByteArrayView sql)
    {
        reset();
        return sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    }
    sqlite3_stmt* get() const { return m_stmt; }
    explicit operator bool() const { return m_stmt != nullptr; }

    void bind(int index, qint64 value) { sqlite3_bind_int64(m_stmt, index, value); }
    // Text is bound as UTF-8, the store's encoding, converted here by Qt's SIMD converter rather
    // than by SQLite; the buffer for each parameter lives until the next bind of that parameter.
    void bindText(int index, QStringView text)
    {
        // Encoded into a buffer kept per parameter: no allocation per row once it is big enough.
        QByteArray& buffer = m_buffers[std::size_t(index)];
        if (buffer.size() < text.size() * 3 + 1)
            buffer.resize(text.size() * 3 + 1);
        QStringEncoder encoder(QStringEncoder::Utf8);
        const char* end = encoder.appendToBuffer(buffer.data(), text);
        sqlite3_bind_text(m_stmt, index, buffer.constData(), int(end - buffer.constData()), SQLITE_STATIC);
    }
    // Empty text binds NULL: absent and empty mean the same for these columns.
    void bindOptional(int index, QStringView text)
    {
        if (text.isEmpty())
            sqlite3_bind_null(m_stmt, index);
        else
            bindText(index, text);
    }
    // For ASCII names that live as long as the program (enumeration names).
    void bindStatic(int index, QLatin1StringView text)
    {
        sqlite3_bind_text(m_stmt, index, text.data(), int(text.size()), SQLITE_STATIC);
    }
    qint64 int64(int column) const { return sqlite3_column_int64(m_stmt, column); }
    QString text(int column) const
    {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column)) : QString();
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    std::array<QByteArray, 17> m_buffers; // by parameter index (1-based)
};

struct StoreImpl;
// Connects a server store whose connection broke again (StoreImpl::connectionLost; serverstore.cpp).
void reconnectServer(const StoreImpl* d);

// The SQL engine behind a store. What differs between them in SQL stays in core/store, next to
// the statement that needs it (postmortemstore.cpp: generated ids, locking; migrations.cpp: types).
enum class Engine { Sqlite, PostgreSql };

// What a write to a store that cannot be changed is told: `reason` says why ("the file is
// read-only"); empty when the store was merely opened for reading.
inline Error readOnlyError(const QString& path, const QString& reason)
{
    return {Error::Code::ReadOnly,
        reason.isEmpty()
            ? QStringLiteral("the store was opened read-only, so it cannot be changed; open it for writing")
            : QStringLiteral("the store cannot be changed: %1; it can still be read (info, events, timeline, "
                             "export); %2")
                  .arg(reason,
                      isServerUrl(path) ? QStringLiteral("ask its administrator for write access, or pull the "
                                                         "incident into a store file (aftermath-cli pull)")
                                        : QStringLiteral("to change it, make it writable or copy it to a writable "
                                                         "folder")),
        path};
}

// The evidence half of a Store, on SQLite.
class SqliteEvidenceStore final : public EvidenceStore {
public:
    explicit SqliteEvidenceStore(StoreImpl* store) : d(store) {}

    Result<std::optional<model::Source>> findSource(const QString& path) const override;
    Result<std::unique_ptr<model::EvidenceTransaction>> beginEvidence(const model::WriteWait& wait = {}) override;
    Result<std::vector<model::Source>> sources() const override;
    Result<void> forEachEvent(const EventFilter& filter, const EventVisitor& visit) const override;
    Result<qint64> countEvents(const EventFilter& filter) const override;
    Result<std::vector<EventPosition>> findEventPositions(
        const EventQuery& query, const ReadProgress& progress = {}) const override;
    Result<std::vector<model::StoredEvent>> eventsWithIds(std::span<const qint64> ids) const override;
    Result<void> query(const SqlQuery& query, const SqlVisitor& visit) const override; // sqlquery.cpp
    Result<SearchIndexStatus> searchIndexStatus() const override;
    Result<SearchIndexUpdate> updateSearchIndex(
        const IndexProgress& progress = {}, const model::WriteWait& wait = {}) override;

private:
    StoreImpl* d;
};

// The evidence half of a store on PostgreSQL (serverevidence.cpp): the same blocks as SQLite's,
// inserted with COPY, searched through event_words; SQL over events is refused, saying so.
class ServerEvidenceStore final : public EvidenceStore {
public:
    explicit ServerEvidenceStore(StoreImpl* store) : d(store) {}

    Result<std::optional<model::Source>> findSource(const QString& path) const override;
    Result<std::unique_ptr<model::EvidenceTransaction>> beginEvidence(const model::WriteWait& wait = {}) override;
    Result<std::vector<model::Source>> sources() const override;
    Result<void> forEachEvent(const EventFilter& filter, const EventVisitor& visit) const override;
    Result<qint64> countEvents(const EventFilter& filter) const override;
    Result<std::vector<EventPosition>> findEventPositions(
        const EventQuery& query, const ReadProgress& progress = {}) const override;
    Result<std::vector<model::StoredEvent>> eventsWithIds(std::span<const qint64> ids) const override;
    Result<void> query(const SqlQuery& query, const SqlVisitor& visit) const override;
    Result<SearchIndexStatus> searchIndexStatus() const override;
    Result<SearchIndexUpdate> updateSearchIndex(
        const IndexProgress& progress = {}, const model::WriteWait& wait = {}) override;

private:
    StoreImpl* d;
};

// The postmortem half of a Store (cold paths: QSqlQuery with bound values), on SQLite and, with
// the differences in SQL chosen by StoreImpl::engine, on PostgreSQL.
class SqlPostmortemStore final : public PostmortemStore {
public:
    explicit SqlPostmortemStore(StoreImpl* store) : d(store) {}

    Result<void> atomically(const std::function<Result<void>()>& work) override;
    Result<model::Incident> createIncident(model::Incident incident) override;
    Result<std::vector<model::Incident>> incidents() const override;
    Result<model::Incident> incident(qint64 id) const override;
    Result<model::Incident> updateIncident(qint64 id, const model::IncidentUpdate& update, Writer writer) override;
    Result<model::IncidentUpdate> draftedFields(qint64 incidentId) const override;
    Result<void> recordDraft(qint64 incidentId, const model::IncidentUpdate& drafted,
        const std::vector<qint64>& dismissedEvents) override;
    Result<model::Postmortem> postmortem(qint64 id) const override;
    Result<qint64> createPostmortem(const model::Postmortem& postmortem) override;
    Result<std::vector<model::CustomSection>> customSections(qint64 incidentId) const override;
    Result<model::RootCause> addRootCause(qint64 incidentId, const QString& text, std::optional<int> position) override;
    Result<std::vector<model::RootCause>> rootCauses(qint64 incidentId) const override;
    Result<model::RootCause> rewordRootCause(qint64 incidentId, int position, const QString& text,
        const std::optional<QString>& startedFrom) override;
    Result<model::RootCause> removeRootCause(
        qint64 incidentId, int position, const std::optional<QString>& startedFrom) override;
    Result<void> moveRootCause(
        qint64 incidentId, int from, int to, const std::optional<QString>& startedFrom) override;
    Result<model::ActionItem> addActionItem(model::ActionItem item) override;
    Result<model::ActionItem> updateActionItem(qint64 id, const model::ActionItemUpdate& update) override;
    Result<model::ActionItem> actionItem(qint64 id) const override;
    Result<model::ActionItem> removeActionItem(qint64 id) override;
    Result<std::vector<model::ActionItem>> actionItems(const ActionItemFilter& filter) const override;
    Result<model::TimelineEntry> addTimelineEntry(model::TimelineEntry entry) override;
    Result<model::TimelineEntry> updateTimelineEntry(
        const model::TimelineEntry& entry, const std::optional<model::TimelineEntry>& startedFrom) override;
    Result<void> removeTimelineEntry(
        qint64 entryId, const std::optional<model::TimelineEntry>& startedFrom) override;
    Result<std::vector<model::TimelineEntry>> timelineEntries(qint64 incidentId) const override;
    Result<qint64> removeDraftedEntries(qint64 incidentId) override;
    Result<std::vector<qint64>> dismissedDraftEvents(qint64 incidentId) const override;

private:
    StoreImpl* d;
};

// The state behind a Store; its halves and their transactions point here across moves of the Store.
struct StoreImpl {
    Engine engine = Engine::Sqlite;
    QString path; // a PostgreSQL store's URL, without a password
    QString connectionName;
    sqlite3* handle = nullptr; // SQLite only
    bool readOnly = false;
    // Why a read-only store cannot be changed ("its folder /srv is read-only"); empty when it was
    // merely opened for reading.
    QString readOnlyReason;
    int upgradedFrom = 0;
    const Clock* clock = nullptr;
    std::chrono::milliseconds busyTimeout{5000};
    // How the statement being run waits for the store's lock (waitForLock, SQLite's busy handler).
    struct LockWait {
        const model::WriteWait* wait = nullptr; // set while an evidence transaction begins
        std::chrono::milliseconds poll{2}; // between tries
        bool told = false; // wait->waiting was called
        QElapsedTimer since;
    } lockWait;
    bool inTransaction = false;
    // PostgreSQL: a statement found the connection broken (the server restarted, the network
    // dropped, the backend was terminated). Once the transaction that used it is unwound, the next
    // use of database() connects again, with the same options and session settings; until that
    // works, `reconnectFailure` says why (serverstore.cpp).
    mutable bool connectionLost = false;
    mutable std::optional<Error> reconnectFailure;
    // The zone local_time() shows a time in when the statement names none (eventsvtable.cpp);
    // set by EvidenceStore::query for the statement it runs.
    QTimeZone sqlZone = QTimeZone::utc();
    Statement insertBlock;
    Statement insertSource;
    SqliteEvidenceStore evidence{this};
    SqlPostmortemStore postmortems{this};
    ServerEvidenceStore serverEvidence{this};

    ~StoreImpl()
    {
        // Statements must be finalized before the connection closes.
        insertBlock.reset();
        insertSource.reset();
        {
            QSqlDatabase db = QSqlDatabase::database(connectionName, false);
            if (db.isOpen()) {
                if (inTransaction && engine == Engine::Sqlite)
                    sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
                else if (inTransaction)
                    QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(connectionName);
    }

    QSqlDatabase database() const
    {
        if (connectionLost && !inTransaction)
            reconnectServer(this);
        return QSqlDatabase::database(connectionName, false);
    }
    Error lastError() const { return sqliteError(handle, path); }
};

namespace blocks {
struct EncodedBlock;
}
// The insert of one event block (eventblock.h): prepare `insertBlockSql` once, then run
// insertBlock per block; it returns SQLite's result code (SQLITE_DONE when the block is in).
inline constexpr const char* insertBlockSql
    = "INSERT INTO event_blocks (source_id, first_us, last_us, count, format, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
int insertBlock(Statement& statement, const blocks::EncodedBlock& block);

// The source rows, on either engine (evidencestore.cpp).
Result<std::vector<model::Source>> storedSources(const StoreImpl* d); // in id order
Result<std::optional<model::Source>> latestSource(const StoreImpl* d, const QString& path);
Result<QHash<qint64, QString>> sourceNames(const StoreImpl* d); // display names by id
Result<void> updateSourceRow(const StoreImpl* d, const model::Source& source);
// Deletes a source, its blocks and the citations of its events.
Result<void> deleteSourceRows(const StoreImpl* d, qint64 sourceId);

// SQLite's busy handler on every store connection (data: the StoreImpl); see store.cpp.
int waitForLock(void* data, int attempt);

// The key of the advisory lock every writer of a server store takes for its transaction ("AFTM";
// postmortemstore.cpp's WriteScope, serverevidence.cpp's imports and index updates, serverstore.cpp's
// schema steps, so that two programs opening one new database do not both build it).
inline constexpr qint64 serverWriteLockKey = 1095128141;
// The statement that takes it for the transaction: pg_advisory_xact_lock, or pg_try_advisory_xact_lock
// (which answers whether it got it instead of waiting).
inline QByteArray serverWriteLockSql(const char* function = "pg_advisory_xact_lock")
{
    return QByteArray("SELECT ") + function + '(' + QByteArray::number(serverWriteLockKey) + ')';
}

// How long a long write (an evidence transaction, a search index update) holds the store before
// it lands its work and lets others in, and how long it then pauses: long enough for a writer
// waiting on the lock (trying every few milliseconds, waitForLock) to take it.
inline constexpr std::chrono::milliseconds holdAtMost{300};
inline constexpr std::chrono::milliseconds yieldPause{25};
// BEGIN IMMEDIATE for a long write, waiting as `wait` says and trying for the lock less often than
// the other writes (waitForLock), so that an edit waiting alongside it gets the store first.
// `cancelled` is the message when `wait.cancel` ends the wait ("the import was cancelled").
Result<void> beginLongWrite(StoreImpl* d, const model::WriteWait& wait, const QString& cancelled);

// BEGIN and the writers' lock on a server store (serverevidence.cpp), waiting as `wait` says, as
// beginLongWrite does on SQLite.
Result<void> beginServerWrite(StoreImpl* d, const model::WriteWait& wait, const QString& cancelled);

// Begins an import's transaction (a part of it) on either engine: refused on a read-only store or
// inside another write; else waits for the store as `wait` says. evidencestore.cpp.
Result<void> beginEvidenceWrite(StoreImpl* d, const model::WriteWait& wait);

// One file's import on either engine: a transaction on the store's connection, in parts when it is
// long (yield). Destroyed uncommitted, it rolls back what was added since the last part landed, so a
// killed process leaves whole parts only. The engines add rows their own way (evidencestore.cpp,
// serverevidence.cpp); the rest is here.
class StoreEvidenceTransaction : public model::EvidenceTransaction {
public:
    explicit StoreEvidenceTransaction(StoreImpl* store) : d(store) { m_held.start(); }
    StoreEvidenceTransaction(const StoreEvidenceTransaction&) = delete;
    StoreEvidenceTransaction& operator=(const StoreEvidenceTransaction&) = delete;
    ~StoreEvidenceTransaction() override;

    Result<void> updateSource(const model::Source& source) override;
    Result<void> commit() override;
    bool shouldYield() const override { return m_open && m_held.elapsed() >= holdAtMost.count(); }
    Result<void> yield(const model::WriteWait& wait) override;

protected:
    // An error once the transaction is finished (committed, or a yield failed).
    Result<void> checkOpen() const;

    StoreImpl* d;

private:
    bool m_open = true;
    QElapsedTimer m_held; // since the transaction (or its current part) began
};

// The error for an event block whose blob cannot be read.
Error damagedBlock(qint64 blockId, const QString& path);

// Runs SQL without results on the raw handle; errors are reported for the store at `path`.
Result<void> execRaw(sqlite3* db, const char* sql, const QString& path);
// A QSqlQuery's error as an Error that says what to do, for the store at `path`.
Error queryError(const QSqlError& error, const QString& path);
// The same for a store on either engine.
Error queryError(const StoreImpl* d, const QSqlError& error);
// A PostgreSQL error (or the driver's, for a connection that failed) as an Error that says what to
// do, for the server store at `url` (serverstore.cpp).
Error serverError(const QSqlError& error, const QString& url);
// The same for a statement that failed on the server store `d`: when the connection broke, marks
// it lost (the next use connects again) and says so, as Io; otherwise, inside a write, returns the
// transaction to the write's savepoint, so that what runs until its rollback (the driver freeing
// the failed statement) is not refused too (serverstore.cpp).
Error serverStatementError(const StoreImpl* d, const QSqlError& error);
// Runs one SQL statement without results on the store's connection, whichever its engine.
Result<void> execOn(const StoreImpl* d, const char* sql);

} // namespace aftermath::store
