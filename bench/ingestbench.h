#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Writes a `lines`-line log mixing three ISO 8601 spellings (Z, +02:00, naive with comma
// milliseconds in Europe/London), imports it into a fresh store with `ingest::importPaths`, and
// checks every stored time. In the same run it times sqlite3's own `.import` of the same rows as
// CSV into an indexed table. Prints lines/s for both, the ratio and peak RSS; 0 on success.
int runIngestBench(qint64 lines, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
