#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Writes a `lines`-line log mixing three ISO 8601 spellings (Z, +02:00, naive with comma
// milliseconds in Europe/London), imports it into a fresh store with `ingest::importPaths`, and
// checks every stored time. In the same run it times sqlite3's own `.import` of the same rows as
// CSV into an indexed table. Prints lines/s for both, the ratio and peak RSS; 0 on success.
int runIngestBench(qint64 lines, const QString& workDir, QTextStream& out);

// The ingest bench's inputs: the log at `log`, and its rows (time, line, message) as CSV at `csv`.
// Line i is at 2026-06-18T01:00:00Z + i ms. False (said on `out`) when they cannot be written.
bool writeIngestInputs(const QString& log, const QString& csv, qint64 lines, QTextStream& out);

} // namespace aftermath::bench
