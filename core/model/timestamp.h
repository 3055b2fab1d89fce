#pragma once

#include "error.h"

#include <QString>
#include <QStringView>
#include <QTimeZone>

#include <array>
#include <optional>
#include <string_view>

namespace aftermath::model {

// Times are UTC microseconds since the epoch (qint64) everywhere in Aftermath; QDateTime keeps
// only milliseconds, so formatting and parsing of the microsecond part is done here.

struct CivilDate {
    int year;
    int month; // 1..12
    int day; // 1..31
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
qint64 daysFromCivil(int year, int month, int day);
CivilDate civilFromDays(qint64 days);

// The English month names, January first: the one list every reader of written dates uses (log
// timestamps in ingest, postmortem timelines in report).
const std::array<std::u16string_view, 12>& monthNames();

// 1..12 for a month written in full or by its first three letters ("Jan", "september",
// "Sept"), in any case; 0 for anything else.
int monthFromName(QStringView name);

// The offset from UTC, in minutes, of a zone abbreviation written in logs and postmortems
// (UTC, GMT, PST, CEST, IST as India's, ...; any case), or nothing for one it does not know.
// Ambiguous abbreviations take the meaning engineers usually mean by them.
std::optional<int> zoneAbbreviationMinutes(QStringView abbreviation);

// Whether a number read as a time since 1970 is one: from 2000-01-01 to before 2100-01-01. A
// number outside is a count, an id or a misread unit, never a time (every reader refuses it).
constexpr bool isPlausibleEpochUs(qint64 utcUs)
{
    return utcUs >= 946'684'800LL * 1'000'000 && utcUs < 4'102'444'800LL * 1'000'000;
}

// "2026-06-18T01:00:00.123456Z"
QString formatUtc(qint64 utcUs);

// The same instant in a zone, with its offset: "2026-06-18T02:00:00.123456+01:00"; a zone that
// is UTC itself is written with Z.
QString formatInZone(qint64 utcUs, const QTimeZone& zone);

// A zone given by a user: an IANA id ("Europe/London"), "UTC"/"Z", a fixed offset ("+02:00",
// "-0500"), or "system"/"local" for the machine's zone.
Result<QTimeZone> parseZone(QStringView text);

// A time given by a user in ISO 8601 / RFC 3339 form: a date, optionally followed by T or a space
// and hh:mm[:ss[.fraction]] (fraction with . or ,), optionally followed by Z, +hh:mm, +hhmm or +hh.
// Without an offset the time is read in naiveZone. A local time that does not exist in that zone
// (a DST gap) is an error rather than a silent guess.
Result<qint64> parseIsoTime(QStringView text, const QTimeZone& naiveZone);

// A time typed into one of the app's time fields (Jump to, the filter bar's From and To): a time of
// day alone (14:05, 9:30:15.250) on the day that `dayOfUs` falls on in `zone`, else anything
// parseIsoTime() reads, naive times in `zone`. A time of day without a day to put it on is an error
// that says to type the date.
Result<qint64> parseTypedTime(QStringView text, const QTimeZone& zone, std::optional<qint64> dayOfUs);

} // namespace aftermath::model
