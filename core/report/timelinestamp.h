#pragma once

#include <QDate>
#include <QString>
#include <QStringView>
#include <QTimeZone>

#include <optional>

namespace aftermath::report {

// Reading the times people write in postmortems: "**16:58 UTC** - ...", "3:28 PM UTC",
// "Jan 14, 10:18 AM", "10:18 a.m.", "3pm", "At 9:37AM PST, ...", "10:00 - 10:05", "2026-06-18 02:00:03", dates on their own in headings
// ("October 21, 2025", "November 24th", "31st July 2018", "2019-03-22"), and statements of the
// zone made once ("All times US/Pacific", "Times in Europe/London").

// What a line's time is read against: the day (from a date heading, or the incident's first
// day), the zone (stated once in the document, or the incident's), and the year of dates that
// give none.
struct StampContext {
    QDate date;
    QTimeZone zone = QTimeZone::utc();
};

// A time (or a time range) at the start of a line, and the text after it.
struct LeadingStamp {
    qint64 startUs = 0;
    std::optional<qint64> endUs;
    bool hasDate = false; // the line gave its own date
    std::optional<QTimeZone> zone; // the zone the line named ("10:18 AM PST"), if it named one
    QString rest; // the text after the time and its separator
};

// The time a line starts with, read in the context; nothing when it starts with none. A range
// ending before it starts crosses midnight.
std::optional<LeadingStamp> leadingStamp(QStringView line, const StampContext& context);

// A date a heading or a line is about, on its own or leading: nothing when there is none. Dates
// without a year take `defaultYear`; `yearGiven`, when given, says whether the text wrote one.
std::optional<QDate> dateIn(QStringView text, int defaultYear, bool* yearGiven = nullptr);

// The zone a sentence says all times are in ("All times in UTC.", "All times US/Pacific",
// "Times in Europe/London, UTC+01:00", "Time (UTC)"), or nothing.
std::optional<QTimeZone> statedZone(QStringView text);

} // namespace aftermath::report
