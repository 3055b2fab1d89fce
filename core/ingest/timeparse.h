#pragma once

#include "model/event.h"

#include <QStringView>
#include <QTimeZone>

#include <optional>

namespace aftermath::ingest {

// A timestamp found in a line of text.
struct FoundTime {
    qint64 utcUs = 0;
    model::TimeQuality quality = model::TimeQuality::Explicit;
    qsizetype start = 0; // where the timestamp starts in the line
    qsizetype end = 0; // one past its last character
    bool naive = false; // no offset given: read in the reader's zone (also when the year was inferred)
};

// Reads the timestamps text logs lead with, in every common spelling: ISO 8601 / RFC 3339 (T or
// space, fraction with . or ,, Z / +hh:mm / +hhmm / none), Python logging's asctime, slashed dates
// (2026/06/18, 26/06/18), syslog's "Jun 18 02:00:00" (no year), RFC 5424, Apache's
// "[Thu Jun 18 02:00:00 2026]" and "[18/Jun/2026:02:00:00 +0100]", Android's "06-18 02:00:00.123",
// HDFS's "260618 020000", epoch seconds or milliseconds, and a few more.
//
// Naive times are read in the zone given. Times without a year take it from the previous dated
// line, else from the reference time (the file's mtime, in the zone), moving to the next year when
// the months run backwards across New Year. One reader serves one file: it remembers which
// spelling matched last and tries it first.
class TimestampReader {
public:
    TimestampReader(QTimeZone naiveZone, qint64 referenceUtcUs);

    // A timestamp at the start of the line (after optional "[", "<pri>" and whitespace).
    std::optional<FoundTime> leading(QStringView line);

private:
    struct Civil;
    std::optional<FoundTime> tryShape(int shape, QStringView line, qsizetype at);
    std::optional<FoundTime> finish(const Civil& civil, qsizetype start, qsizetype end);
    int inferYear(int month);

    QTimeZone m_zone;
    bool m_zoneIsUtc;
    int m_referenceYear;
    int m_referenceMonth;
    int m_lastYear = 0; // the year of the last dated line (inferred or read)
    int m_lastMonth = 0;
    int m_lastShape = 0;
    qint64 m_cachedHour = -1; // local hour whose zone offset is cached
    int m_cachedOffsetSeconds = 0;
};

} // namespace aftermath::ingest
