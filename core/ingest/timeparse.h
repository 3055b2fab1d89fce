#pragma once

#include "model/error.h"
#include "model/event.h"

#include <QStringList>
#include <QStringView>
#include <QTimeZone>

#include <memory>
#include <optional>
#include <vector>

namespace aftermath::ingest {

// A timestamp found in a line of text.
struct FoundTime {
    qint64 utcUs = 0;
    model::TimeQuality quality = model::TimeQuality::Explicit;
    qsizetype start = 0; // where the timestamp starts in the line
    qsizetype end = 0; // one past its last character
    bool naive = false; // no offset given: read in the reader's zone (also when the year was inferred)
};

// One way of writing a timestamp, compiled from a pattern in the notation people know from
// Java's DateTimeFormatter and Qt: yyyy yy (year), MM M (month), MMM (Jan, January), dd d
// (day; d may be space-padded), EEE (Mon, Monday), HH H (24-hour), hh h (12-hour) with a (AM,
// pm, a.m.), mm, ss, .SSS or ,SSS (a fraction of a second, optional, either separator), :SSS
// (milliseconds as a count, "35:11" is 11 ms), T (T or a space between date and time), z (an
// offset or UTC/GMT, required), epoch epoch_ms epoch_us epoch_ns (a number since 1970). Any
// other character stands for itself; a space stands for one or more spaces. An offset right
// after the time (Z, +01:00, +0100, " UTC") is always read.
class TimeSpelling;

// The library of spellings the generic reader tries: ISO 8601 and its variants, RFC 3164/5424,
// Apache/nginx, Java/log4j, Python logging, Windows, compact yyyyMMdd-HHmmss, dotted and slashed
// day-month orders, 12-hour clocks, month names, epoch s/ms/us/ns, year-less stamps.
const std::vector<std::shared_ptr<const TimeSpelling>>& timeSpellings();

// Compiles a user's pattern (--time-format); the error says what is wrong with it.
Result<std::shared_ptr<const TimeSpelling>> compileTimeSpelling(const QString& pattern);

// What a file's lines look like, learned from a sample of them: which spelling, and where in
// the line it sits (the n-th field start: 0 is the line's start, after "[" or "<pri>").
struct TimeShape {
    std::shared_ptr<const TimeSpelling> spelling;
    int field = 0; // the field most lines carry it in
    int matchedLines = 0; // sample lines with this spelling somewhere in their first fields
    int sampledLines = 0; // non-blank lines sampled
    int exampleLine = 0; // 1-based line in the sample where it was first seen
    qsizetype exampleColumn = 0; // its column there
    bool zoneGiven = false; // the sample's stamps carry an offset (or are epoch numbers)
    bool dayMonthAmbiguous = false; // no sample day above 12 told day from month: order assumed

    double share() const { return sampledLines == 0 ? 0.0 : double(matchedLines) / sampledLines; }
    // "timestamp at column 0, `yyyyMMdd-HH:mm:ss:SSS`, no zone" (the caller adds the zone).
    QString describe() const;
};

// The shape that fits the most sample lines (ties: the one that reads more of each stamp, a
// complete one over one without year or zone, the earlier field, the library's order). With a
// `forced` spelling, only where it sits is learned. Nothing when no line has a timestamp.
std::optional<TimeShape> learnTimeShape(
    const QStringList& lines, const std::shared_ptr<const TimeSpelling>& forced = nullptr);

// The pattern as written ("yyyy-MM-dd HH:mm:ss.SSS").
QString patternOf(const TimeSpelling& spelling);

// Reads the timestamps of one file. Naive times are read in the zone given. Times without a year
// take it from `year` when given, else from the previous dated line, else from the reference
// time (the file's mtime, in the zone), moving to the next year when the months run backwards
// across New Year.
class TimestampReader {
public:
    TimestampReader(QTimeZone naiveZone, qint64 referenceUtcUs, int year = 0);

    // A timestamp at the start of the line (after optional "[", "<pri>" and whitespace), in any
    // spelling of the library; the one that matched last is tried first.
    std::optional<FoundTime> leading(QStringView line);

    // A timestamp where the shape says: its spelling at its field, else at another of the first
    // fields, else any library spelling at the line's start (a file may mix spellings).
    std::optional<FoundTime> find(QStringView line, const TimeShape& shape);

    struct Civil;

private:
    std::optional<FoundTime> tryAt(const TimeSpelling& spelling, QStringView line, qsizetype at);
    std::optional<FoundTime> finish(const Civil& civil, qsizetype start, qsizetype end);
    int inferYear(int month);

    QTimeZone m_zone;
    bool m_zoneIsUtc;
    int m_referenceYear;
    int m_referenceMonth;
    int m_lastYear = 0; // the year of the last dated line (inferred or read)
    int m_lastMonth = 0;
    const TimeSpelling* m_last = nullptr;
    qint64 m_cachedHour = -1; // local hour whose zone offset is cached
    int m_cachedOffsetSeconds = 0;
};

// Where fields start in a line: its first letter or digit, and every letter or digit after a
// space, tab, [ ( { < | , ; = " ' or *; a letter glued to digits ("I0701" in glog) starts two.
// At most `max` of them, within the first 256 characters.
int fieldStarts(QStringView line, qsizetype* starts, int max);

} // namespace aftermath::ingest
