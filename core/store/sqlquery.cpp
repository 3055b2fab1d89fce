// EvidenceStore::query(): one SQL statement that only reads, its rows streamed (docs/sql.md).
//
// A statement is refused unless it reads: SQLite's sqlite3_stmt_readonly() says so of writes, but
// it calls ATTACH, BEGIN and PRAGMAs that change settings read-only too, so an authorizer, set
// only while the statement compiles, refuses those and says why.

#include "storeimpl.h"

#include <QScopeGuard>

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <span>

namespace aftermath::store {

namespace {

// The PRAGMAs that describe the schema and change nothing, whatever their argument.
constexpr const char* describingPragmas[]
    = {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "function_list", "module_list", "pragma_list", "collation_list", "database_list", "compile_options"};
// The PRAGMAs that read a setting or check the file when given no argument (with one, some set it).
constexpr const char* readingPragmas[] = {"user_version", "application_id", "schema_version", "data_version",
    "page_size", "page_count", "freelist_count", "encoding", "integrity_check", "quick_check", "foreign_key_check"};

const QString readOnlyMessage
    = QStringLiteral("only statements that read run here (SELECT, WITH ... SELECT, EXPLAIN); this one would "
                     "change the store");

bool named(const char* name, std::span<const char* const> names)
{
    return name && std::any_of(names.begin(), names.end(), [&](const char* n) { return qstricmp(name, n) == 0; });
}

// SQLite's authorizer, while a statement compiles: what reads passes; the first thing refused is
// kept in `data` (a QString), which says why the statement cannot run.
int authorize(void* data, int action, const char* detail, const char* argument, const char*, const char*)
{
    auto& why = *static_cast<QString*>(data);
    QString refusal;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_UPDATE:
        // Connecting a table-valued function (events, json_each, pragma_table_info) asks this of
        // each column of the schema table. A statement cannot change the schema table anyway
        // (SQLite refuses it, and PRAGMA writable_schema is refused below).
        if (qstrcmp(detail, "sqlite_master") == 0)
            return SQLITE_OK;
        refusal = readOnlyMessage;
        break;
    case SQLITE_PRAGMA:
        if (named(detail, describingPragmas) || (!argument && named(detail, readingPragmas)))
            return SQLITE_OK;
        refusal = QStringLiteral("PRAGMA %1 is refused: only the PRAGMAs that describe the schema or read a "
                                 "setting run here (table_info, table_list, index_list, user_version, ...)")
                      .arg(QString::fromUtf8(detail ? detail : ""));
        break;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        refusal = QStringLiteral("ATTACH and DETACH are refused: sql reads this store only");
        break;
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        refusal = QStringLiteral("BEGIN, COMMIT, ROLLBACK and SAVEPOINT are refused: a statement that reads needs "
                                 "no transaction");
        break;
    default:
        refusal = readOnlyMessage;
        break;
    }
    if (why.isEmpty())
        why = refusal;
    return SQLITE_DENY;
}

struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using PreparedStatement = std::unique_ptr<sqlite3_stmt, Finalize>;

Error badStatement(const QString& message, const QString& path)
{
    return Error{Error::Code::InvalidArgument, message, path};
}

// Compiles the one statement in `sql`, checked by the authorizer; refuses anything after it but
// spaces and comments.
Result<PreparedStatement> prepareOne(sqlite3* db, const QByteArray& sql, const QString& path)
{
    QString refused;
    sqlite3_set_authorizer(db, authorize, &refused);
    const auto noAuthorizer = qScopeGuard([db] { sqlite3_set_authorizer(db, nullptr, nullptr); });
    sqlite3_stmt* prepared = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.constData(), int(sql.size()), 0, &prepared, &tail);
    PreparedStatement statement(prepared);
    if (rc != SQLITE_OK)
        return std::unexpected(badStatement(refused.isEmpty()
                ? QStringLiteral("the statement cannot run: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)))
                : refused,
            path));
    if (!statement)
        return std::unexpected(badStatement(QStringLiteral("no SQL statement given"), path));
    const char* end = sql.constData() + sql.size();
    if (tail && tail < end) {
        sqlite3_stmt* next = nullptr;
        const int nextRc = sqlite3_prepare_v3(db, tail, int(end - tail), 0, &next, nullptr);
        sqlite3_finalize(next);
        if (nextRc != SQLITE_OK || next)
            return std::unexpected(
                badStatement(QStringLiteral("give one statement at a time; this one is followed by \"%1\"")
                                 .arg(QString::fromUtf8(tail, end - tail).trimmed()),
                    path));
    }
    if (!sqlite3_stmt_readonly(statement.get()))
        return std::unexpected(badStatement(readOnlyMessage, path));
    return statement;
}

SqlValue valueAt(sqlite3_stmt* statement, int column)
{
    switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
        return qint64(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
        return sqlite3_column_double(statement, column);
    case SQLITE_TEXT:
        return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, column)),
            sqlite3_column_bytes(statement, column));
    case SQLITE_BLOB:
        return QByteArray(
            static_cast<const char*>(sqlite3_column_blob(statement, column)), sqlite3_column_bytes(statement, column));
    default:
        return std::monostate();
    }
}

} // namespace

Result<void> SqliteEvidenceStore::query(const SqlQuery& query, const SqlVisitor& visit) const
{
    sqlite3* db = d->handle;
    auto statement = prepareOne(db, query.statement.toUtf8(), d->path);
    if (!statement)
        return std::unexpected(statement.error());
    sqlite3_stmt* s = statement->get();

    d->sqlZone = query.zone;
    const auto restoreZone = qScopeGuard([this] { d->sqlZone = QTimeZone::utc(); });
    const int count = sqlite3_column_count(s);
    QStringList names;
    for (int i = 0; i < count; ++i)
        names << QString::fromUtf8(sqlite3_column_name(s, i));
    if (visit.columns && !visit.columns(names))
        return {};
    std::vector<SqlValue> row(static_cast<std::size_t>(count));
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < count; ++i)
            row[std::size_t(i)] = valueAt(s, i);
        if (visit.row && !visit.row(row))
            return {};
    }
    if (rc == SQLITE_DONE)
        return {};
    // A plain SQL error while running (integer overflow, a function's complaint) is the
    // statement's; the rest (a damaged block, a lock) say what to do about the store.
    if ((rc & 0xff) == SQLITE_ERROR)
        return fail(Error::Code::Database,
            QStringLiteral("the statement failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))), d->path);
    return std::unexpected(sqliteError(db, d->path));
}

} // namespace aftermath::store
