#include "sqliteerror.h"

#include <sqlite3.h>

namespace aftermath::store {

Error sqliteError(int resultCode, const QString& detail, const QString& path)
{
    using Code = Error::Code;
    const QString sqlite = QStringLiteral(" (SQLite: %1)").arg(detail);
    switch (resultCode & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return {Code::Locked,
            QStringLiteral("the store is locked by another program, perhaps another Aftermath importing "
                           "into it; wait for it to finish or close it, then try again")
                + sqlite,
            path};
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return {Code::ReadOnly,
            QStringLiteral("the store cannot be written: the file, its folder or the disk is read-only; "
                           "fix the permissions or copy the store somewhere writable")
                + sqlite,
            path};
    case SQLITE_CORRUPT:
        return {Code::Corrupt,
            QStringLiteral("the store is damaged; restore it from a backup, or try "
                           "`sqlite3 FILE .recover` to save what is readable")
                + sqlite,
            path};
    case SQLITE_NOTADB:
        return {Code::NotAStore,
            QStringLiteral("this file is not an SQLite database, so not an Aftermath store; choose a store "
                           "file or a new file name")
                + sqlite,
            path};
    case SQLITE_FULL:
        return {Code::Io, QStringLiteral("the disk is full; free some space and try again") + sqlite, path};
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
        return {Code::Io,
            QStringLiteral("the store could not be read or written; check that the file and its folder "
                           "exist and are accessible")
                + sqlite,
            path};
    default:
        return {Code::Database, QStringLiteral("the database operation failed") + sqlite, path};
    }
}

Error sqliteError(sqlite3* db, const QString& path)
{
    return sqliteError(sqlite3_extended_errcode(db), QString::fromUtf8(sqlite3_errmsg(db)), path);
}

} // namespace aftermath::store
