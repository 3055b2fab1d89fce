#include "model/timestamp.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using namespace aftermath::model;

namespace {
constexpr qint64 us = 1'000'000;
// 2026-06-18T01:00:00Z
constexpr qint64 june18_0100Z = 1781744400LL * us;

QTimeZone zone(const char* id) { return QTimeZone(QByteArray(id)); }
} // namespace

TEST_CASE("civil dates round-trip through day numbers", "[time]")
{
    CHECK(daysFromCivil(1970, 1, 1) == 0);
    CHECK(daysFromCivil(2000, 3, 1) == 11017);
    CHECK(daysFromCivil(1969, 12, 31) == -1);
    for (qint64 day = -800000; day <= 800000; day += 997) {
        const CivilDate d = civilFromDays(day);
        REQUIRE(daysFromCivil(d.year, d.month, d.day) == day);
    }
}

TEST_CASE("UTC formatting keeps microseconds and handles times before 1970", "[time]")
{
    CHECK(formatUtc(june18_0100Z + 123456) == QStringLiteral("2026-06-18T01:00:00.123456Z"));
    CHECK(formatUtc(0) == QStringLiteral("1970-01-01T00:00:00.000000Z"));
    CHECK(formatUtc(-1) == QStringLiteral("1969-12-31T23:59:59.999999Z"));
}

TEST_CASE("formatting in a zone shows local time with its offset", "[time]")
{
    CHECK(formatInZone(june18_0100Z, zone("Europe/London")) == QStringLiteral("2026-06-18T02:00:00.000000+01:00"));
    // Winter: London is on UTC but still says +00:00 rather than Z.
    CHECK(formatInZone(1767225600LL * us, zone("Europe/London")) == QStringLiteral("2026-01-01T00:00:00.000000+00:00"));
    CHECK(formatInZone(june18_0100Z, zone("America/St_Johns")) == QStringLiteral("2026-06-17T22:30:00.000000-02:30"));
    CHECK(formatInZone(june18_0100Z, QTimeZone::utc()) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
}

TEST_CASE("ISO 8601 times with offsets", "[time]")
{
    const QTimeZone london = zone("Europe/London");
    CHECK(parseIsoTime(u"2026-06-18T01:00:00Z", london) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-18T03:00:00+02:00", london) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-18T03:00:00+0200", london) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-18 03:00+02", london) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-17T20:00:00-05:00", london) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-18T01:00:00.1234567Z", london) == june18_0100Z + 123456);
    CHECK(parseIsoTime(u"2026-06-18T01:00:00,5Z", london) == june18_0100Z + 500000);
}

TEST_CASE("naive times are read in the given zone", "[time]")
{
    CHECK(parseIsoTime(u"2026-06-18T02:00:00", zone("Europe/London")) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-18 02:00", zone("Europe/London")) == june18_0100Z);
    CHECK(parseIsoTime(u"2026-06-18T01:00:00.25", QTimeZone::utc()) == june18_0100Z + 250000);
    CHECK(parseIsoTime(u"2026-06-18", QTimeZone::utc()) == june18_0100Z - 3600 * us);
    CHECK(parseIsoTime(u"2026-06-18T10:00:00", zone("Asia/Tokyo")) == june18_0100Z);
}

TEST_CASE("a local time inside a daylight-saving gap is refused", "[time]")
{
    // Clocks in London went from 01:00 to 02:00 on 2026-03-29.
    const auto gap = parseIsoTime(u"2026-03-29T01:30:00", zone("Europe/London"));
    REQUIRE_FALSE(gap.has_value());
    CHECK(gap.error().message.contains(QStringLiteral("daylight-saving gap")));
    CHECK(parseIsoTime(u"2026-03-29T02:30:00", zone("Europe/London"))
        == parseIsoTime(u"2026-03-29T01:30:00Z", QTimeZone::utc()));
}

TEST_CASE("malformed times say what was expected", "[time]")
{
    for (const char16_t* bad : {u"", u"yesterday", u"2026-13-01", u"2026-02-29", u"2026-06-18T25:00",
             u"2026-06-18T01:00:00+25:00", u"2026-06-18T01:00:00 junk", u"2026-06-18T1:00", u"2026-06-18T01:00:00."}) {
        const auto parsed = parseIsoTime(bad, QTimeZone::utc());
        INFO(QString::fromUtf16(bad).toStdString());
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().code == Error::Code::InvalidArgument);
        CHECK(parsed.error().message.contains(QStringLiteral("expected ISO 8601")));
    }
    CHECK(parseIsoTime(u"2024-02-29", QTimeZone::utc()).has_value());
}

TEST_CASE("zones by name, offset or system", "[time]")
{
    CHECK(parseZone(u"Europe/London")->id() == "Europe/London");
    CHECK(parseZone(u"UTC")->offsetFromUtc(QDateTime::currentDateTimeUtc()) == 0);
    CHECK(parseZone(u"+02:00")->offsetFromUtc(QDateTime::currentDateTimeUtc()) == 7200);
    CHECK(parseZone(u"-0530")->offsetFromUtc(QDateTime::currentDateTimeUtc()) == -19800);
    CHECK(parseZone(u"system")->id() == QTimeZone::systemTimeZone().id());
    const auto unknown = parseZone(u"Mars/Olympus");
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().message.contains(QStringLiteral("Mars/Olympus")));
    CHECK_FALSE(parseZone(u"+2").has_value());
}

TEST_CASE("month names and zone abbreviations, the one list both readers of written dates use", "[time]")
{
    using aftermath::model::monthFromName;
    using aftermath::model::zoneAbbreviationMinutes;
    CHECK(monthFromName(u"Jan") == 1);
    CHECK(monthFromName(u"january") == 1);
    CHECK(monthFromName(u"Sept") == 9);
    CHECK(monthFromName(u"SEPTEMBER") == 9);
    CHECK(monthFromName(u"May") == 5);
    CHECK(monthFromName(u"Ju") == 0); // June or July: too short to say
    CHECK(monthFromName(u"Junk") == 0);
    CHECK(monthFromName(u"Januaryx") == 0);
    CHECK(zoneAbbreviationMinutes(u"PST") == -480);
    CHECK(zoneAbbreviationMinutes(u"cest") == 120);
    CHECK(zoneAbbreviationMinutes(u"IST") == 330); // India, as engineers usually mean it
    CHECK(zoneAbbreviationMinutes(u"UTC") == 0);
    CHECK_FALSE(zoneAbbreviationMinutes(u"INFO").has_value());
    CHECK_FALSE(zoneAbbreviationMinutes(u"").has_value());
}

TEST_CASE("a typed time: a time of day on the given day in the zone shown, else a date and time", "[time]")
{
    const QTimeZone london("Europe/London");
    const qint64 day = *parseIsoTime(u"2026-06-18T23:30:00Z", QTimeZone::utc()); // the 19th in London
    CHECK(parseTypedTime(u"14:05", london, day) == parseIsoTime(u"2026-06-19T14:05:00+01:00", london));
    CHECK(parseTypedTime(u" 9:30:15.250 ", london, day) == parseIsoTime(u"2026-06-19T09:30:15.250+01:00", london));
    CHECK(parseTypedTime(u"2026-06-18 14:05", london, day) == parseIsoTime(u"2026-06-18T13:05:00Z", london));
    CHECK(parseTypedTime(u"2026-06-18T14:05Z", london, std::nullopt) == parseIsoTime(u"2026-06-18T14:05:00Z", london));

    const auto noDay = parseTypedTime(u"14:05", london, std::nullopt);
    REQUIRE_FALSE(noDay);
    CHECK(noDay.error().message.contains(QStringLiteral("type the date too")));
    const auto nonsense = parseTypedTime(u"half past two", london, day);
    REQUIRE_FALSE(nonsense);
    // A time of day that does not exist on that day in the zone (the clocks go forward).
    const qint64 springDay = *parseIsoTime(u"2026-03-29T12:00:00Z", QTimeZone::utc());
    CHECK_FALSE(parseTypedTime(u"01:30", london, springDay));
}
