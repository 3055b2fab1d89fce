#pragma once

// What EvidenceStore::query() takes and gives: one read-only SQL statement over the store, whose
// rows stream to a visitor (docs/sql.md).

#include "layering.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <functional>
#include <span>
#include <variant>

namespace aftermath::store {

// One value of a result row, typed as SQLite gave it: NULL, INTEGER, REAL, TEXT or BLOB.
using SqlValue = std::variant<std::monostate, qint64, double, QString, QByteArray>;

// A statement to run, and the zone local_time(time_us) shows times in when given no zone.
struct SqlQuery {
    QString statement;
    QTimeZone zone = QTimeZone::utc();
};

// Where a result goes: its column names once, before any row, then each row in turn. Either
// returns false to stop reading (a closed pipe).
struct SqlVisitor {
    std::function<bool(const QStringList& names)> columns;
    std::function<bool(std::span<const SqlValue> row)> row;
};

} // namespace aftermath::store
