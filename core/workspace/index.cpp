#include "index.h"

#include "jobsupport.h"

#include <QDir>

#include <algorithm>

namespace aftermath::workspace {

Result<store::SearchIndexUpdate> indexEvidence(
    const IndexRequest& request, const IndexProgressCallback& progress, const std::atomic_bool* cancel)
{
    auto store = openForJob(request.store, store::OpenOptions::Access::ReadWrite);
    if (!store)
        return std::unexpected(store.error());
    IndexStatus status;
    model::WriteWait wait;
    wait.cancel = cancel;
    wait.waiting = [&] {
        status.waiting = QStringLiteral("waiting for another program writing to %1...")
                             .arg(QDir::toNativeSeparators(store->path()));
        if (progress)
            progress(status);
    };
    return store->evidence().updateSearchIndex(
        [&](qint64 done, qint64 total) {
            status.waiting.clear();
            status.eventsDone = done;
            status.eventsTotal = total;
            status.permille = std::max(status.permille, total > 0 ? int(done * 1000 / total) : 1000);
            if (progress)
                progress(status);
            return !(cancel && cancel->load());
        },
        wait);
}

} // namespace aftermath::workspace
