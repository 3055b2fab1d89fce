#pragma once

#include <QTextStream>

namespace aftermath::bench {

// Fills a fresh store with `events` events shaped like the motivating incident (two tenants'
// runs failing and retrying, changes before them, chat), then times timeline::reconstruct over
// the whole window against the baseline of reading the same window with Store::forEachEvent
// and doing nothing else. Prints both, the ratio and peak RSS; 0 on success.
int runTimelineBench(qint64 events, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
