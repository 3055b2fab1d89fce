#include "ratechange.h"

#include <algorithm>
#include <cmath>

namespace aftermath::timeline {

namespace {

// n ln(n / t), with 0 ln 0 = 0: one rate's share of a Poisson log-likelihood.
double term(double n, double t) { return n > 0 && t > 0 ? n * std::log(n / t) : 0.0; }

struct Scorer {
    std::vector<qint64> prefix; // prefix[i] = occurrences in buckets [first, first + i)
    qint64 first = 0;
    qint64 total = 0; // in the window's observed span
    double exposure = 0; // buckets of the observed span and the baseline
    qint64 baseline = 0;
    double baselineBuckets = 0;

    qint64 countIn(qint64 from, qint64 to) const { return prefix[std::size_t(to + 1 - first)] - prefix[std::size_t(from - first)]; }

    // The likelihood ratio of buckets [a, b] at their own rate against one rate overall; negative
    // when the inside is not busier than the outside (only rises are surges).
    double score(qint64 a, qint64 b) const
    {
        const double inside = double(countIn(a, b));
        const double insideT = double(b - a + 1);
        const double outside = double(total - countIn(a, b) + baseline);
        const double outsideT = exposure - insideT;
        if (outsideT <= 0 || inside * outsideT <= outside * insideT)
            return -1.0;
        const double all = inside + outside;
        return term(inside, insideT) + term(outside, outsideT) - term(all, exposure);
    }
};

} // namespace

std::optional<Surge> findSurge(const RateSeries& series, const SurgeThresholds& thresholds)
{
    const qint64 first = std::max<qint64>(0, series.firstBucket);
    const qint64 last = std::min<qint64>(qint64(series.counts.size()) - 1, series.lastBucket);
    if (last < first)
        return std::nullopt;
    Scorer s;
    s.first = first;
    s.prefix.resize(std::size_t(last - first + 2));
    for (qint64 b = first; b <= last; ++b)
        s.prefix[std::size_t(b - first + 1)] = s.prefix[std::size_t(b - first)] + series.counts[std::size_t(b)];
    s.total = s.prefix.back();
    s.baseline = series.baselineCount;
    s.baselineBuckets = series.baselineBuckets;
    s.exposure = double(last - first + 1) + series.baselineBuckets;
    if (s.total < thresholds.minimumInside)
        return std::nullopt;

    // Coarse: every interval of up to 128 segments.
    const qint64 span = last - first + 1;
    const qint64 segment = std::max<qint64>(1, (span + 127) / 128);
    const qint64 segments = (span + segment - 1) / segment;
    double best = 0;
    qint64 bestA = -1;
    qint64 bestB = -1;
    for (qint64 i = 0; i < segments; ++i) {
        const qint64 a = first + i * segment;
        if (s.countIn(a, std::min(last, a + segment - 1)) == 0)
            continue; // a surge starts where the template occurs
        for (qint64 j = i; j < segments; ++j) {
            const qint64 b = std::min(last, first + (j + 1) * segment - 1);
            const double score = s.score(a, b);
            if (score > best) {
                best = score;
                bestA = a;
                bestB = b;
            }
        }
    }
    if (bestA < 0)
        return std::nullopt;
    // Fine: each end to the bucket, within a segment either side.
    for (int pass = 0; pass < 2; ++pass) {
        for (qint64 a = std::max(first, bestA - segment); a <= std::min(bestB, bestA + segment); ++a) {
            if (const double score = s.score(a, bestB); score > best) {
                best = score;
                bestA = a;
            }
        }
        for (qint64 b = std::max(bestA, bestB - segment); b <= std::min(last, bestB + segment); ++b) {
            if (const double score = s.score(bestA, b); score > best) {
                best = score;
                bestB = b;
            }
        }
    }
    // The surge starts at its first occurrence.
    while (bestA < bestB && series.counts[std::size_t(bestA)] == 0)
        ++bestA;

    Surge surge;
    surge.startBucket = bestA;
    surge.endBucket = bestB;
    surge.score = best;
    surge.inside = s.countIn(bestA, bestB);
    surge.before = s.baseline + (bestA > first ? s.countIn(first, bestA - 1) : 0);
    surge.isNew = surge.before == 0;
    const double insideT = double(bestB - bestA + 1);
    surge.rateInside = double(surge.inside) / insideT;
    const double outsideT = s.exposure - insideT;
    double rateBefore = double(s.total - surge.inside + s.baseline) / outsideT;
    // Just before it, over as long as the surge lasted and at least a sixth of the span: a rise that
    // only continues a busier hour is not sharp.
    const qint64 lookBack = std::max(bestB - bestA + 1, span / 6);
    const qint64 from = std::max(first, bestA - lookBack);
    if (bestA > from)
        rateBefore = std::max(rateBefore, double(s.countIn(from, bestA - 1)) / double(bestA - from));
    surge.rateBefore = rateBefore;

    // Enough quiet before it to call it a change: at the surge's rate, the time watched before it
    // would have shown several occurrences.
    const double watchedBefore = double(bestA - first) + s.baselineBuckets;
    if (surge.inside < thresholds.minimumInside || best < thresholds.minimumScore
        || surge.rateInside * watchedBefore < thresholds.minimumInside
        || (rateBefore > 0 && surge.rateInside < thresholds.minimumRatio * rateBefore))
        return std::nullopt;
    return surge;
}

} // namespace aftermath::timeline
