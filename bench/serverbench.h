#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Ingests the ingest bench's `lines`-line log through Aftermath into a fresh store in a new database
// on the PostgreSQL server at `url` (the password from PGPASSWORD or PGPASSFILE; the role needs
// CREATEDB), dropped afterwards. In the same run it loads the same rows, the encoded event_blocks
// rows written to a file first, with `psql \copy` into a scratch table with the same indexes, and
// prints both times and the ratio; 0 on success.
int runServerBench(qint64 lines, const QString& url, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
