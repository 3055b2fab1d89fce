#pragma once

#include <QString>
#include <QTextStream>

namespace aftermath::bench {

// `aftermath-bench noisy`: a seeded day of noisy production logs (tests/data/noisyday) imported,
// its whole day reconstructed as one incident, timed against reading the same events, and checked
// against what the generator says happened: the first finding and impact_start within 60 s of the
// surge, at most 30 key entries, the scheduled jobs in the background group.
int runNoisyBench(qint64 lines, const QString& workDir, QTextStream& out);

} // namespace aftermath::bench
