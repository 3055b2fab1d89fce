#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Fills a fresh store with `rows` events from three sources interleaved over a day, then times
// SQL over the events table (EvidenceStore::query) against EvidenceStore::forEachEvent over the
// same rows: the whole table, a one-hour window, a filter that decodes each event, and errors per
// incident. Checks that both give the same answers. Returns 0 on success.
int runSqlBench(qint64 rows, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
