// findSurge: where a template's rate rises sharply, and where it only follows the day.
#include "timeline/ratechange.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>

namespace {

using namespace aftermath::timeline;

// A day in minutes, with Poisson counts at `rate(minute)` per minute.
template <typename Rate> RateSeries day(Rate rate, std::uint64_t seed = 1)
{
    std::mt19937_64 random(seed);
    RateSeries series;
    series.counts.resize(1440);
    for (std::size_t m = 0; m < 1440; ++m)
        series.counts[m] = std::poisson_distribution<qint64>(rate(qint64(m)))(random);
    series.firstBucket = 0;
    series.lastBucket = 1439;
    return series;
}

} // namespace

TEST_CASE("a surge on top of a steady trickle is found at its minute", "[timeline][surge]")
{
    // A failure every two hours or so, then seven a minute from 14:00 to 16:00.
    const RateSeries series = day([](qint64 m) { return m >= 840 && m < 960 ? 7.0 : 0.008; });
    const auto surge = findSurge(series);
    REQUIRE(surge);
    CHECK(surge->startBucket == 840);
    CHECK(std::abs(surge->endBucket - 959) <= 1);
    CHECK_FALSE(surge->isNew);
    CHECK(surge->rateInside > 100 * surge->rateBefore);
}

TEST_CASE("a template never seen before that begins mid-window is new", "[timeline][surge]")
{
    const RateSeries series = day([](qint64 m) { return m >= 600 ? 0.5 : 0.0; });
    const auto surge = findSurge(series);
    REQUIRE(surge);
    CHECK(surge->isNew);
    CHECK(surge->before == 0);
    CHECK(std::abs(surge->startBucket - 600) <= 5);
}

TEST_CASE("steady rates, a day's traffic curve and rare lines are not surges", "[timeline][surge]")
{
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        INFO("seed " << seed);
        // Requests: three times busier in the afternoon than at night.
        CHECK_FALSE(findSurge(day(
            [](qint64 m) { return 50.0 * (1.0 + 0.5 * std::sin(2 * std::numbers::pi * (m - 600) / 1440.0)); }, seed)));
        // A background error about twice an hour.
        CHECK_FALSE(findSurge(day([](qint64) { return 2.2 / 60; }, seed)));
        // A job's line every ten minutes.
        RateSeries job;
        job.counts.assign(1440, 0);
        for (std::size_t m = 0; m < 1440; m += 10)
            job.counts[m] = 1 + qint64(seed % 3);
        job.lastBucket = 1439;
        CHECK_FALSE(findSurge(job));
    }
}

TEST_CASE("a template that begins with its source's log is no change", "[timeline][surge]")
{
    // The log starts at 10:00 and the template is there from its first minute: nothing was
    // watched before, so nothing changed.
    RateSeries series = day([](qint64 m) { return m >= 600 ? 3.0 : 0.0; });
    series.firstBucket = 600;
    CHECK_FALSE(findSurge(series));
    // The same with a quiet baseline the source did log in: now it is new.
    series.baselineBuckets = 1440;
    const auto surge = findSurge(series);
    REQUIRE(surge);
    CHECK(surge->isNew);
}

TEST_CASE("occurrences in the baseline make a rise a rate change, not a new template", "[timeline][surge]")
{
    RateSeries series = day([](qint64 m) { return m >= 720 ? 4.0 : 0.0; });
    series.baselineCount = 30;
    series.baselineBuckets = 1440;
    const auto surge = findSurge(series);
    REQUIRE(surge);
    CHECK_FALSE(surge->isNew);
    CHECK(surge->before == 30);
    // As busy as in the baseline: no surge.
    series.baselineCount = 4 * 1440;
    CHECK_FALSE(findSurge(series));
}

TEST_CASE("fewer occurrences than the threshold are never a surge", "[timeline][surge]")
{
    RateSeries series;
    series.counts.assign(1440, 0);
    series.lastBucket = 1439;
    for (std::size_t m = 900; m < 907; ++m)
        series.counts[m] = 1;
    CHECK_FALSE(findSurge(series));
    series.counts[907] = 1;
    series.counts[908] = 1;
    CHECK(findSurge(series));
}
