#pragma once

#include "incident.h"

#include <QString>
#include <QTimeZone>

#include <optional>

namespace aftermath::model {

// THE rule for the zone an incident's times are shown in, by every view, export and command:
// 1. `chosen`, when it is set and valid: a zone the user set for the view (an explicit --tz on the
//    command line, the desktop app's View › Show Times In);
// 2. else the incident's own display zone, when it parses (parseZone);
// 3. else the system zone.
QTimeZone displayZone(const Incident& incident, const std::optional<QTimeZone>& chosen = {});

// A duration, rounded down: "45 s" under a minute, "37 min", "1 h 05 min", "2 d 3 h 05 min" (the
// minutes take two digits once there are hours).
QString formatDuration(qint64 us);

// How the times of one window (an incident's, a timeline's) are written in one zone, by every view
// and document: with dates only when the window spans more than one day in the zone, and with each
// time's own offset only when the window crosses a change of offset (daylight saving); otherwise the
// offset is said once, by offsetLabel() or zoneLabel(). The caller chooses the precision.
class WindowTimeFormat {
public:
    enum class Precision {
        Minutes, // 01:25
        Seconds, // 01:25:07
        Fraction, // 01:25:07, and 01:25:07.185 or 01:25:07.185191 when the time has a fraction
        Microseconds, // 01:25:07.185000 always: an instant exactly
    };

    WindowTimeFormat() = default; // UTC, a window of one instant, in seconds
    // An invalid zone is taken as UTC.
    WindowTimeFormat(qint64 fromUs, qint64 toUs, const QTimeZone& zone, Precision precision = Precision::Seconds);

    const QTimeZone& zone() const { return m_zone; }
    Precision precision() const { return m_precision; }
    bool showsDates() const { return m_dates; }
    bool showsOffsets() const { return m_offsets; }
    // The same window at another precision.
    WindowTimeFormat withPrecision(Precision precision) const;

    // "02:02:43", "2026-06-18 02:02:43" when the window spans days, plus " +01:00" (" UTC") when
    // its offset changes.
    QString time(qint64 utcUs) const;
    // "02:02:43–08:27:43": the end says its date only when it falls on another day; time() for an
    // instant (no end, or the end is the start).
    QString span(qint64 fromUs, std::optional<qint64> toUs) const;
    // "02:02:43": the time of day alone, never with the date or offset (chart ticks).
    QString clock(qint64 utcUs) const;
    // "2026-06-18"
    QString date(qint64 utcUs) const;
    // "2026-06-18 02:02:43 +01:00" ("... UTC"): always with the date and the offset.
    QString full(qint64 utcUs) const { return full(utcUs, m_zone, m_precision); }
    // The window itself, as short as is exact (seconds only when either end has them, whatever the
    // precision): "2026-06-18 00:00–10:00 +01:00", "2026-06-18 21:00 – 2026-06-19 21:00 +01:00",
    // "2026-10-25 00:00 +01:00 – 2026-10-25 04:00 +00:00".
    QString window() const;

    // The offset every time is in, when it does not change: "UTC+01:00", "UTC"; empty otherwise.
    QString offsetLabel() const;
    // "Europe/London, UTC+01:00": the zone and, when it does not change, its offset; just the zone
    // when that says it ("UTC", "UTC+02:00") or when the offset changes (then each time has its own).
    QString zoneLabel() const;
    // "Europe/London, UTC+01:00", or "Europe/London, UTC+01:00 then UTC+00:00" across a change of
    // offset; just the zone when it is UTC throughout. The timeline's text and Markdown use it.
    QString zoneLabelWithOffsets() const;

    // An instant on its own, with its date and offset: "2026-06-18 02:02:43 +01:00".
    static QString full(qint64 utcUs, const QTimeZone& zone, Precision precision);
    // The same without the offset, as a user may type it back: "2026-06-18 02:02:43".
    static QString dateTime(qint64 utcUs, const QTimeZone& zone, Precision precision);

private:
    qint64 m_fromUs = 0;
    qint64 m_toUs = 0;
    QTimeZone m_zone = QTimeZone::utc();
    Precision m_precision = Precision::Seconds;
    bool m_dates = false;
    bool m_offsets = false;
};

} // namespace aftermath::model
