#pragma once

// A day of noisy production logs with one real failure in it, written from a seed: what an engineer
// brings to a postmortem, rather than logs that hold only the incident. Services log in the shapes
// production code writes (`TIME LEVEL logger - message`), scheduled jobs run all day, background
// errors come and go, three deploys go out, and from 14:00 to 16:00 charges fail.
//
// The tests (tests/workspace) and the benchmark (`aftermath-bench noisy`) reconstruct it and check
// that the timeline tells the incident from the background; `aftermath-noisyday` writes it for a
// person to try.

#include <QString>
#include <QStringList>

#include <cstdint>

namespace aftermath::noisyday {

struct Options {
    qint64 lines = 1'000'000; // about; the day's fixed events come first, request logs fill the rest
    std::uint64_t seed = 1;
};

// What happened, for checking a reconstruction against.
struct Truth {
    qint64 dayStartUs = 0; // 2026-07-01T00:00:00Z
    qint64 dayEndUs = 0; // 2026-07-02T00:00:00Z
    qint64 surgeStartUs = 0; // 14:00:00: charges start failing
    qint64 surgeEndUs = 0; // 16:00:00
    qint64 firstSurgeErrorUs = 0; // the first "charge failed" line at or after the surge start
    qint64 triggerUs = 0; // the payments-api deploy before it
    qint64 firstErrorOfDayUs = 0; // a background error, long before the incident
    qint64 surgeErrors = 0; // "charge failed" lines from 14:00 to 16:00
    qint64 lines = 0; // written, all files
    QStringList files; // file names in the folder
    // Words of the scheduled jobs' lines, which run all day: background, never the incident.
    QStringList steadyJobs;
};

// Writes the day's log files into `folder` (made if missing). Empty error text on success.
QString write(const QString& folder, const Options& options, Truth* truth);

} // namespace aftermath::noisyday
