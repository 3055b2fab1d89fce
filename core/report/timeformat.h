#pragma once

#include <QString>
#include <QTimeZone>

#include <optional>

namespace aftermath::report {

// Writes the times of one incident in its display zone, the way the timeline does: hours and
// minutes, with the date only when the window spans days, and each time's offset only when the
// window crosses a change of offset (daylight saving). zoneName() says which zone the rest are in.
class TimeFormat {
public:
    TimeFormat(qint64 fromUs, qint64 toUs, const QTimeZone& zone);

    const QTimeZone& zone() const { return m_zone; }
    bool showsDates() const { return m_dates; }
    bool showsOffsets() const { return m_offsets; }

    // "01:07", "2026-06-18 01:07" or "01:07 +01:00".
    QString at(qint64 utcUs) const;
    // "02:02–08:27"; the end repeats the date only when it falls on another day.
    QString span(qint64 fromUs, std::optional<qint64> toUs) const;
    // Always with the date and the offset: "2026-06-18 00:00 +01:00" (UTC: "2026-06-18 00:00 UTC").
    QString full(qint64 utcUs) const;
    // "2026-06-18"
    QString date(qint64 utcUs) const;
    // "01:07", never with the date or offset (chart ticks).
    QString clock(qint64 utcUs) const;
    // "Europe/London, UTC+01:00"; "UTC"; just "Europe/London" when the offset changes in the window
    // (then every time carries its own).
    QString zoneName() const;
    // "37 min", "1 h 57 min", "2 d 3 h 05 min"
    static QString duration(qint64 us);

private:
    struct Local {
        QString date; // 2026-06-18
        QString time; // 01:07
        QString offset; // +01:00 or UTC
    };
    Local local(qint64 utcUs) const;

    QTimeZone m_zone;
    qint64 m_fromUs;
    bool m_dates;
    bool m_offsets;
};

} // namespace aftermath::report
