#pragma once

#include <QString>
#include <QTextStream>

namespace aftermath::bench {

// Several people at once (docs/team-store.md, docs/benchmarks.md): two writer threads and ten
// reader threads, each with its own connection opened as the app opens one (Workspace::open), on
// the store at `location` (a file or a postgresql:// URL) for `seconds`. Writers add action items,
// change their statuses and edit incident fields from copies that may be stale (so some edits
// conflict and are applied again on a fresh copy, and locks are waited for); readers read the whole
// postmortem in one snapshot and check that it is never torn. At the end every write a writer was
// told had landed is looked for in the store. Returns 0 when nothing was lost and no read was torn.
int runConcurrencyBench(const QString& location, double seconds, QTextStream& out);

} // namespace aftermath::bench
