#pragma once

#include <QtGlobal>

#include <optional>
#include <vector>

namespace aftermath::timeline {

// How often one message template occurs, over the incident window cut into equal buckets, with
// what was seen of it in a baseline window before. Only the span its source was seen logging in
// counts as exposure: before a log starts, nothing is known about what it would have said.
struct RateSeries {
    std::vector<qint64> counts; // per bucket of the window
    qint64 firstBucket = 0; // the source's observed span in the window, inclusive
    qint64 lastBucket = -1;
    qint64 baselineCount = 0; // occurrences in the baseline window
    double baselineBuckets = 0; // the baseline's length in buckets, 0 when the source said nothing there
};

// A stretch of the window where the template occurs far more often than outside it.
struct Surge {
    qint64 startBucket = 0;
    qint64 endBucket = 0; // inclusive
    bool isNew = false; // never seen before startBucket, in the window or the baseline
    qint64 inside = 0; // occurrences in the surge
    qint64 before = 0; // occurrences before it (baseline and window)
    double rateBefore = 0; // per bucket: outside the surge, or just before it when that is higher
    double rateInside = 0; // per bucket
    double score = 0; // log-likelihood ratio of "a surge" against "one steady rate"
};

// The thresholds: a surge is this many occurrences at least, this many times the rate before, and
// this unlikely under one steady rate (a Poisson log-likelihood ratio). A day's traffic curve (a
// few times busier at noon than at night) is not a surge; charges failing by the hundred for two
// hours where a few failed all day is.
struct SurgeThresholds {
    qint64 minimumInside = 8;
    double minimumRatio = 5.0;
    double minimumScore = 30.0;
};

// The strongest surge in the series, when one passes the thresholds: the interval with the highest
// likelihood ratio, searched on up to 128 segments and then refined to the bucket at both ends.
std::optional<Surge> findSurge(const RateSeries& series, const SurgeThresholds& thresholds = {});

} // namespace aftermath::timeline
