#pragma once

// Inside core/workspace only: what the jobs share (their own connection, progress that follows the
// time read, the window reconstructed from the evidence).

#include "jobs.h"
#include "store/store.h"
#include "timeline/timeline.h"

#include <algorithm>

namespace aftermath::workspace {

// Opens the store at `location` for a job, with the access it needs; never creates one (a store
// deleted since it was chosen is an error, not a new empty store).
inline Result<store::Store> openForJob(const StoreLocation& location, store::OpenOptions::Access access)
{
    store::OpenOptions options = location.options;
    options.access = access;
    options.create = false;
    return store::Store::open(location.path, options);
}

// What a job stopped by its cancel flag returns: "the export was cancelled", naming the store.
inline Error cancelledError(const QString& what, const QString& storePath)
{
    return Error{Error::Code::Cancelled, QStringLiteral("the %1 was cancelled").arg(what), storePath};
}

// Turns the time of the event being read into a permille of [fromUs, toUs] mapped onto
// [base, base + share]; reports only changes, and never goes back.
class TimeProgress {
public:
    TimeProgress(const JobProgressCallback& callback, qint64 fromUs, qint64 toUs, int base, int share)
        : m_callback(callback), m_fromUs(fromUs), m_spanUs(std::max<qint64>(1, toUs - fromUs)), m_base(base),
          m_share(share)
    {
    }

    void at(qint64 timeUs)
    {
        report(m_base + int(std::clamp<qint64>(timeUs - m_fromUs, 0, m_spanUs) * m_share / m_spanUs));
    }
    void done() { report(m_base + m_share); }

private:
    void report(int permille)
    {
        if (!m_callback || permille <= m_last)
            return;
        m_last = permille;
        m_callback(JobProgress{permille, {}});
    }

    const JobProgressCallback& m_callback;
    qint64 m_fromUs;
    qint64 m_spanUs;
    int m_base;
    int m_share;
    int m_last = -1;
};

// The timeline options of an incident: its window and its baseline (unset: the timeline's default).
inline timeline::Options timelineOptions(const model::Incident& incident)
{
    timeline::Options options;
    options.fromUs = incident.fromUs;
    options.toUs = incident.toUs;
    if (incident.baseline) {
        options.baselineFromUs = incident.baseline->first;
        options.baselineToUs = incident.baseline->second;
    }
    return options;
}

// Reconstructs the window options.fromUs..toUs of the store's evidence (reading from
// timeline::readStartUs) in the calling thread and a second one; `progress` follows the time read.
// A cancel is an error naming the store.
Result<timeline::Timeline> reconstructWindow(const store::Store& store, const timeline::Options& options,
    TimeProgress* progress = nullptr, const std::atomic_bool* cancel = nullptr);

} // namespace aftermath::workspace
