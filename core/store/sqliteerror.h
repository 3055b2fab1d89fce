#pragma once

#include "model/error.h"

struct sqlite3;

namespace aftermath::store {

// Turns an SQLite result code and its message into an Error that says what to do, for the store
// at `path`.
Error sqliteError(int resultCode, const QString& detail, const QString& path);

// The same for the last error on a connection.
Error sqliteError(sqlite3* db, const QString& path);

} // namespace aftermath::store
