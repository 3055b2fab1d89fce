#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Inserts `rows` realistic events into a fresh store through the store's bulk path, and the same
// rows through QSqlQuery::bindValue, a row per event, into another fresh store (the baseline); then reads them
// back in timeline order. Prints rows/s for each, the ratio, and peak RSS. Returns 0 on success.
int runStoreBench(qint64 rows, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
