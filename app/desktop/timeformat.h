#pragma once

#include <QString>
#include <QTimeZone>

#include <optional>

namespace aftermath::desktop {

// How the times of one incident window are written in the desktop app: in the incident's zone,
// with dates only when the window spans more than one day there, and with each time's offset
// only when the window crosses a change of offset (otherwise the offset is said once, in a header).
class WindowTimeFormat {
public:
    WindowTimeFormat() = default; // UTC, a window of one instant
    WindowTimeFormat(qint64 fromUs, qint64 toUs, const QTimeZone& zone);

    const QTimeZone& zone() const { return m_zone; }
    bool showsDates() const { return m_dates; }
    bool showsOffsets() const { return m_offsets; }

    // "02:02:43", or "2026-06-18 02:02:43" when the window spans days, plus " +01:00" when its
    // offset changes.
    QString time(qint64 utcUs) const;
    // time() with the fraction of a second, when there is one: "02:02:43.185".
    QString preciseTime(qint64 utcUs) const;
    // "02:02:43–08:27:43" for a span (the end's date only when it differs), time() for an instant.
    QString span(qint64 fromUs, std::optional<qint64> toUs) const;
    // The offset the times are in when it does not change: "UTC+01:00", "UTC"; empty otherwise.
    QString offsetLabel() const;
    // "Europe/London, UTC+01:00": the zone and, when it does not change, its offset.
    QString zoneLabel() const;

    // "2026-06-18 02:02:43.185000 +01:00": an instant in full, for tooltips.
    static QString full(qint64 utcUs, const QTimeZone& zone);
    // "2026-06-18 00:00–10:00 +01:00": an incident's window in its zone, as short as is exact.
    static QString window(qint64 fromUs, qint64 toUs, const QTimeZone& zone);
    // "45 s", "37 min", "1 h 57 min", "2 d 3 h".
    static QString duration(qint64 us);
    // The zone an incident is shown in: its own, else (none or unknown) the system's.
    static QTimeZone incidentZone(const QString& displayZone);

private:
    qint64 m_fromUs = 0;
    QTimeZone m_zone = QTimeZone::utc();
    bool m_dates = false;
    bool m_offsets = false;
};

} // namespace aftermath::desktop
