#pragma once

#include "model/error.h"

#include <span>

struct sqlite3;

namespace aftermath::store {

// One schema step: the SQL that takes a store from version - 1 to version, then, when the step
// moves data in ways SQL cannot, `apply` on the same connection within the same transaction.
struct Migration {
    int version;
    const char* sql;
    Result<void> (*apply)(sqlite3* db, const QString& path) = nullptr;
};

// Every step from an empty file to Store::schemaVersion, in order.
std::span<const Migration> schemaMigrations();

// The same history on PostgreSQL (serverstore.cpp runs it): one step per version number, each
// leaving the server with the tables that version has on SQLite, in PostgreSQL's types. A step
// may be empty on one engine (a PostgreSQL store never held the rows SQLite's steps move).
// `sql` is statements each ending with ";" and a line break.
struct ServerMigration {
    int version;
    const char* sql;
};
std::span<const ServerMigration> serverMigrations();

// Applies each step above `fromVersion`, each in its own transaction together with its
// PRAGMA user_version bump, so a failure leaves the store at the last complete version.
Result<void> migrate(sqlite3* db, int fromVersion, std::span<const Migration> steps, const QString& path);

} // namespace aftermath::store
