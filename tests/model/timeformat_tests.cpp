// The display-zone rule, the window time formatter and durations (model/timeformat.h).

#include "testsupport.h"

#include "model/timeformat.h"
#include "model/timestamp.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using model::WindowTimeFormat;
using Precision = model::WindowTimeFormat::Precision;

namespace {

constexpr qint64 usPerSecond = 1'000'000;
const QTimeZone london(QByteArrayLiteral("Europe/London"));

// A wall-clock time in London ("2026-06-18T01:25:07").
qint64 londonTime(const char* text)
{
    const auto time = model::parseIsoTime(QString::fromLatin1(text), london);
    REQUIRE(time);
    return *time;
}

// 2026-06-18 hh:mm:ss UTC.
qint64 utc(int hour, int minute, int second = 0)
{
    return model::daysFromCivil(2026, 6, 18) * 86400 * usPerSecond
        + ((hour * 60LL + minute) * 60 + second) * usPerSecond;
}

} // namespace

TEST_CASE("displayZone: the chosen zone, else the incident's own, else the system's", "[time][zone]")
{
    const QTimeZone tokyo(QByteArrayLiteral("Asia/Tokyo"));
    model::Incident incident;
    incident.displayZone = QStringLiteral("Europe/London");
    CHECK(model::displayZone(incident) == london);
    CHECK(model::displayZone(incident, std::nullopt) == london);
    CHECK(model::displayZone(incident, tokyo) == tokyo);
    CHECK(model::displayZone(incident, QTimeZone::utc()) == QTimeZone::utc());
    // A chosen zone that is not valid does not count.
    CHECK(model::displayZone(incident, QTimeZone()) == london);

    // The incident's zone as parseZone reads it: offsets and UTC too.
    incident.displayZone = QStringLiteral("+02:00");
    CHECK(model::displayZone(incident) == QTimeZone(2 * 3600));
    incident.displayZone = QStringLiteral("UTC");
    CHECK(model::displayZone(incident) == QTimeZone::utc());

    // None, or one this system does not know: the system's.
    incident.displayZone.clear();
    CHECK(model::displayZone(incident) == QTimeZone::systemTimeZone());
    CHECK(model::displayZone(incident, tokyo) == tokyo);
    incident.displayZone = QStringLiteral("Not/AZone");
    CHECK(model::displayZone(incident) == QTimeZone::systemTimeZone());
}

TEST_CASE("formatDuration: seconds, minutes, hours with two-digit minutes, days", "[time][duration]")
{
    CHECK(model::formatDuration(0) == QStringLiteral("0 s"));
    CHECK(model::formatDuration(45 * usPerSecond + 999'999) == QStringLiteral("45 s"));
    CHECK(model::formatDuration(60 * usPerSecond) == QStringLiteral("1 min"));
    CHECK(model::formatDuration(37 * 60 * usPerSecond) == QStringLiteral("37 min"));
    CHECK(model::formatDuration(60 * 60 * usPerSecond) == QStringLiteral("1 h 00 min"));
    CHECK(model::formatDuration(65 * 60 * usPerSecond) == QStringLiteral("1 h 05 min"));
    CHECK(model::formatDuration(117 * 60 * usPerSecond) == QStringLiteral("1 h 57 min"));
    CHECK(model::formatDuration(240 * 60 * usPerSecond) == QStringLiteral("4 h 00 min"));
    CHECK(model::formatDuration((23 * 60 + 59) * 60 * usPerSecond) == QStringLiteral("23 h 59 min"));
    CHECK(model::formatDuration(24 * 3600 * usPerSecond) == QStringLiteral("1 d 0 h 00 min"));
    CHECK(model::formatDuration(51 * 3600 * usPerSecond) == QStringLiteral("2 d 3 h 00 min"));
    CHECK(model::formatDuration((2 * 1440 + 65) * 60 * usPerSecond) == QStringLiteral("2 d 1 h 05 min"));
    CHECK(model::formatDuration((2 * 1440 + 185) * 60 * usPerSecond) == QStringLiteral("2 d 3 h 05 min"));
}

TEST_CASE("WindowTimeFormat in minutes: the postmortem's times", "[time][format]")
{
    const qint64 from = londonTime("2026-06-18T00:00:00");
    const WindowTimeFormat night(from, londonTime("2026-06-18T10:00:00"), london, Precision::Minutes);
    CHECK(night.time(londonTime("2026-06-18T01:25:07")) == QStringLiteral("01:25"));
    CHECK(night.span(londonTime("2026-06-18T02:02:43"), londonTime("2026-06-18T08:27:43"))
        == QStringLiteral("02:02–08:27"));
    CHECK(night.full(from) == QStringLiteral("2026-06-18 00:00 +01:00"));
    CHECK(night.date(from) == QStringLiteral("2026-06-18"));
    CHECK(night.clock(londonTime("2026-06-18T01:25:07")) == QStringLiteral("01:25"));
    CHECK(night.zoneLabel() == QStringLiteral("Europe/London, UTC+01:00"));

    const WindowTimeFormat days(from, londonTime("2026-06-20T10:00:00"), london, Precision::Minutes);
    CHECK(days.time(londonTime("2026-06-19T01:25:00")) == QStringLiteral("2026-06-19 01:25"));
    CHECK(days.span(londonTime("2026-06-19T23:00:00"), londonTime("2026-06-20T01:00:00"))
        == QStringLiteral("2026-06-19 23:00–2026-06-20 01:00"));
    CHECK(days.span(londonTime("2026-06-19T20:00:00"), londonTime("2026-06-19T21:00:00"))
        == QStringLiteral("2026-06-19 20:00–21:00"));
    CHECK(days.clock(londonTime("2026-06-19T20:00:00")) == QStringLiteral("20:00"));

    // The night the clocks go back: each time carries its own offset, and the zone has none.
    const WindowTimeFormat autumn(
        londonTime("2026-10-25T00:00:00"), londonTime("2026-10-25T04:00:00"), london, Precision::Minutes);
    CHECK(autumn.time(londonTime("2026-10-25T00:30:00")) == QStringLiteral("00:30 +01:00"));
    CHECK(autumn.time(londonTime("2026-10-25T03:30:00")) == QStringLiteral("03:30 +00:00"));
    CHECK(autumn.zoneLabel() == QStringLiteral("Europe/London"));

    const WindowTimeFormat utc(0, 3600 * usPerSecond, QTimeZone::utc(), Precision::Minutes);
    CHECK(utc.zoneLabel() == QStringLiteral("UTC"));
    CHECK(utc.full(0) == QStringLiteral("1970-01-01 00:00 UTC"));
    // A fixed offset names itself ("UTC+02").
    const QTimeZone plusTwo(2 * 3600);
    CHECK(WindowTimeFormat(0, 0, plusTwo).zoneLabel() == QString::fromUtf8(plusTwo.id()));
}

TEST_CASE("WindowTimeFormat in seconds: the app's dates and offsets only when the window needs them", "[time][format]")
{
    const WindowTimeFormat night(utc(0, 0), utc(9, 0), london);
    CHECK(night.precision() == Precision::Seconds);
    CHECK_FALSE(night.showsDates());
    CHECK_FALSE(night.showsOffsets());
    CHECK(night.time(utc(1, 2, 43)) == QStringLiteral("02:02:43"));
    CHECK(night.span(utc(1, 2, 43), utc(7, 27, 43)) == QStringLiteral("02:02:43–08:27:43"));
    CHECK(night.span(utc(1, 2, 43), std::nullopt) == QStringLiteral("02:02:43"));
    CHECK(night.span(utc(1, 2, 43), utc(1, 2, 43)) == QStringLiteral("02:02:43"));
    CHECK(night.offsetLabel() == QStringLiteral("UTC+01:00"));
    CHECK(night.zoneLabel() == QStringLiteral("Europe/London, UTC+01:00"));
    CHECK(night.zoneLabelWithOffsets() == QStringLiteral("Europe/London, UTC+01:00"));

    // A fraction only when the time has one: milliseconds when that is all there is.
    const WindowTimeFormat precise = night.withPrecision(Precision::Fraction);
    CHECK(precise.time(utc(1, 2, 43)) == QStringLiteral("02:02:43"));
    CHECK(precise.time(utc(1, 2, 43) + 185'000) == QStringLiteral("02:02:43.185"));
    CHECK(precise.time(utc(1, 2, 43) + 185'191) == QStringLiteral("02:02:43.185191"));
    CHECK(night.time(utc(1, 2, 43) + 185'191) == QStringLiteral("02:02:43"));

    // Across midnight in London: dates, and a span's end says its date only when it differs.
    const WindowTimeFormat days(utc(20, 0), utc(20, 0) + 86400 * usPerSecond, london);
    CHECK(days.showsDates());
    CHECK(days.time(utc(22, 30)) == QStringLiteral("2026-06-18 23:30:00"));
    CHECK(days.span(utc(22, 30), utc(23, 10)) == QStringLiteral("2026-06-18 23:30:00–2026-06-19 00:10:00"));
    CHECK(days.span(utc(21, 0), utc(22, 0)) == QStringLiteral("2026-06-18 22:00:00–23:00:00"));

    // Across the end of summer time: each time says its offset, the header none.
    const qint64 autumn = model::daysFromCivil(2026, 10, 25) * 86400 * usPerSecond; // 00:00Z, 01:00 BST
    const WindowTimeFormat dst(autumn, autumn + 3 * 3600 * usPerSecond, london);
    CHECK(dst.showsOffsets());
    CHECK(dst.offsetLabel().isEmpty());
    CHECK(dst.time(autumn) == QStringLiteral("01:00:00 +01:00"));
    // The second 01:00 of the night, an hour later.
    CHECK(dst.time(autumn + 3600 * usPerSecond) == QStringLiteral("01:00:00 +00:00"));
    CHECK(dst.zoneLabelWithOffsets() == QStringLiteral("Europe/London, UTC+01:00 then UTC+00:00"));
    CHECK(WindowTimeFormat(0, 3600 * usPerSecond, QTimeZone::utc()).zoneLabelWithOffsets() == QStringLiteral("UTC"));

    // Without a window: UTC.
    CHECK(WindowTimeFormat().time(utc(1, 2, 43)) == QStringLiteral("01:02:43"));
    CHECK(WindowTimeFormat(0, 0, QTimeZone()).zone() == QTimeZone::utc());
}

TEST_CASE("WindowTimeFormat: windows and instants in full", "[time][format]")
{
    CHECK(WindowTimeFormat(utc(0, 0) - 3600 * usPerSecond, utc(9, 0), london).window()
        == QStringLiteral("2026-06-18 00:00–10:00 +01:00"));
    CHECK(WindowTimeFormat(utc(22, 0), utc(23, 30, 15), QTimeZone::utc()).window()
        == QStringLiteral("2026-06-18 22:00:00–23:30:15 UTC"));
    CHECK(WindowTimeFormat(utc(20, 0), utc(20, 0) + 86400 * usPerSecond, london).window()
        == QStringLiteral("2026-06-18 21:00 – 2026-06-19 21:00 +01:00"));
    const qint64 autumn = model::daysFromCivil(2026, 10, 25) * 86400 * usPerSecond;
    CHECK(WindowTimeFormat(autumn - 3600 * usPerSecond, autumn + 4 * 3600 * usPerSecond, london).window()
        == QStringLiteral("2026-10-25 00:00 +01:00 – 2026-10-25 04:00 +00:00"));

    const qint64 at = utc(7, 27, 43) + 185'000;
    CHECK(WindowTimeFormat::full(at, london, Precision::Microseconds)
        == QStringLiteral("2026-06-18 08:27:43.185000 +01:00"));
    CHECK(WindowTimeFormat::full(at, london, Precision::Fraction) == QStringLiteral("2026-06-18 08:27:43.185 +01:00"));
    CHECK(
        WindowTimeFormat::full(at, QTimeZone::utc(), Precision::Seconds) == QStringLiteral("2026-06-18 07:27:43 UTC"));
    CHECK(WindowTimeFormat::full(at, QTimeZone("America/New_York"), Precision::Minutes)
        == QStringLiteral("2026-06-18 03:27 -04:00"));
    CHECK(WindowTimeFormat::dateTime(at, london, Precision::Seconds) == QStringLiteral("2026-06-18 08:27:43"));
    CHECK(WindowTimeFormat::dateTime(at + 191, london, Precision::Fraction)
        == QStringLiteral("2026-06-18 08:27:43.185191"));
}
