#include "jobs.h"

#include <algorithm>

namespace aftermath::workspace {

QThreadPool* jobPool()
{
    // Never Qt's global pool: Qt's raster painting splits large fills across that pool's threads and
    // waits for them, so jobs holding its threads (two on a two-core machine: a find and an index
    // update) froze the window for 0.3-1 s until one ended. Four threads at least, so a search or a
    // timeline need not queue behind an import and an index update.
    static QThreadPool pool;
    static const bool configured = [] {
        pool.setMaxThreadCount(std::max(4, QThread::idealThreadCount()));
        pool.setObjectName(QStringLiteral("aftermath-jobs"));
        return true;
    }();
    Q_UNUSED(configured);
    return &pool;
}

} // namespace aftermath::workspace
