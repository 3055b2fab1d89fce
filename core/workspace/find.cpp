#include "find.h"

#include "jobsupport.h"

namespace aftermath::workspace {

Result<FoundEvents> findEvents(const FindRequest& request, const JobProgressCallback& progress,
    const std::atomic_bool* cancel)
{
    const auto cancelled = [cancel] { return cancel && cancel->load(); };
    auto store = openForJob(request.store, store::OpenOptions::Access::ReadOnly);
    if (!store)
        return std::unexpected(store.error());
    int last = -1;
    auto found = store->evidence().findEventPositions(request.query, [&](qint64 done, qint64 total) {
        const int permille = total > 0 ? int(std::min<qint64>(1000, done * 1000 / total)) : 1000;
        if (progress && permille > last) {
            last = permille;
            progress(JobProgress{permille, {}});
        }
        return !cancelled();
    });
    if (!found)
        return std::unexpected(found.error());
    FoundEvents result;
    result.positions = std::move(*found);
    if (request.query.isWindowOnly()) {
        result.inWindow = qint64(result.positions.size());
    } else {
        store::EventFilter window;
        window.fromUs = request.query.fromUs;
        window.toUs = request.query.toUs;
        auto count = store->evidence().countEvents(window);
        if (!count)
            return std::unexpected(count.error());
        result.inWindow = *count;
    }
    return result;
}

} // namespace aftermath::workspace
