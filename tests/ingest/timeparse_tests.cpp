#include "ingest/timeparse.h"
#include "model/timestamp.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using aftermath::ingest::TimestampReader;
using model::TimeQuality;

namespace {

QString utcOf(TimestampReader& reader, const char16_t* line)
{
    const auto found = reader.leading(QStringView(line));
    return found ? model::formatUtc(found->utcUs) : QStringLiteral("none");
}

} // namespace

TEST_CASE("timestamps: offsets in every spelling, and where the timestamp ends", "[timeparse]")
{
    TimestampReader reader(QTimeZone::utc(), test::incidentNightUs);
    const auto found = reader.leading(u"2026-06-18T03:00:00.5+02:00 rest of line");
    REQUIRE(found);
    CHECK(model::formatUtc(found->utcUs) == QStringLiteral("2026-06-18T01:00:00.500000Z"));
    CHECK(found->end == 27);
    CHECK(found->quality == TimeQuality::Explicit);
    CHECK_FALSE(found->naive);
    CHECK(utcOf(reader, u"2026-06-18 03:00:00 +0200 x") == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    CHECK(utcOf(reader, u"2026-06-17 21:00:00 -04 x") == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    CHECK(utcOf(reader, u"2026-06-18 01:00:00 UTC x") == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    // " - INFO" after a time is not an offset.
    const auto python = reader.leading(u"2026-06-18 02:00:00,250 - INFO - x");
    REQUIRE(python);
    CHECK(python->naive);
    CHECK(python->end == 23);
}

TEST_CASE("timestamps: naive times across daylight-saving changes", "[timeparse]")
{
    TimestampReader reader(QTimeZone("Europe/London"), test::incidentNightUs);
    // 2026-03-29 01:00 London clocks go forward; 2026-10-25 02:00 they go back.
    CHECK(utcOf(reader, u"2026-03-29 00:59:59 before") == QStringLiteral("2026-03-29T00:59:59.000000Z"));
    CHECK(utcOf(reader, u"2026-03-29 02:00:00 after") == QStringLiteral("2026-03-29T01:00:00.000000Z"));
    CHECK(utcOf(reader, u"2026-10-25 00:30:00 summer") == QStringLiteral("2026-10-24T23:30:00.000000Z"));
    CHECK(utcOf(reader, u"2026-10-25 03:00:00 winter") == QStringLiteral("2026-10-25T03:00:00.000000Z"));
    const auto found = reader.leading(u"2026-06-18 02:00:00 x");
    REQUIRE(found);
    CHECK(found->quality == TimeQuality::ZoneAssumed);
}

TEST_CASE("timestamps: things that only look like times are not taken", "[timeparse]")
{
    TimestampReader reader(QTimeZone::utc(), test::incidentNightUs);
    for (const char16_t* line :
        {u"2026-13-01 00:00:00 month 13", u"2026-02-30 00:00:00 no such day", u"2026-06-18T02:00:00abc glued",
            u"12345678901 eleven digits", u"0000000001 too early", u"   at com.acme.Step.run(Step.java:88)",
            u"Traceback (most recent call last):", u"Jun 31 02:00:00 x", u"25:00:00 hours"}) {
        INFO(QString::fromUtf16(line).toStdString());
        CHECK_FALSE(reader.leading(QStringView(line)).has_value());
    }
}

TEST_CASE("timestamps: a year-less log takes its year from the file and rolls over at New Year", "[timeparse]")
{
    // mtime 2026-02-01: a December line is from 2025, January lines after it from 2026.
    const qint64 mtime = model::parseIsoTime(u"2026-02-01T00:00:00Z", QTimeZone::utc()).value();
    TimestampReader reader(QTimeZone::utc(), mtime);
    CHECK(utcOf(reader, u"Dec 31 23:00:00 host a: x") == QStringLiteral("2025-12-31T23:00:00.000000Z"));
    CHECK(utcOf(reader, u"Jan  1 00:10:00 host a: x") == QStringLiteral("2026-01-01T00:10:00.000000Z"));
    CHECK(utcOf(reader, u"Dec 31 23:59:00 host a: late line") == QStringLiteral("2026-12-31T23:59:00.000000Z"));
    const auto found = reader.leading(u"Jan  2 00:00:00 host a: x");
    REQUIRE(found);
    CHECK(found->quality == TimeQuality::YearInferred);
    CHECK(found->naive);
}
