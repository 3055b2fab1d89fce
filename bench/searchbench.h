#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Writes four logs of `events` lines in all (eight services, a day from 2026-06-18T01:00Z, made
// from a fixed seed) in which one word is on ~1% of the lines and another on ~0.01%, imports them
// into a fresh store with workspace::importInto (timed: the import alone), then times
// findEventPositions for those words before the search index exists (reading every event: the
// baseline) and after workspace::indexEvidence built it (timed too), checking that both find the
// same events. Then it removes the biggest source and times the searches with its rows stale in the
// index, and the rebuild that drops them. Prints the times, the store's size without and with the
// index, and peak RSS; 0 on success.
int runSearchBench(qint64 events, const QString& workDir, QTextStream& out);

// Writes the same day of logs (`events` lines, the same seed) and builds a store of it with its
// search index at `workDir`/day.sqlite, for aftermath-guibench and the screenshots
// (tools/screenshots); the logs are removed after. 0 on success.
int runDayStore(qint64 events, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
