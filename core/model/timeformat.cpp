#include "timeformat.h"

#include "timestamp.h"

namespace aftermath::model {

namespace {

using Precision = WindowTimeFormat::Precision;

// The parts of an instant in a zone, from formatInZone()'s "2026-06-18T02:00:05.123456+01:00"
// (or "...Z" in UTC).
struct Local {
    QString date; // 2026-06-18
    QString time; // 02:00:05
    QString micros; // 123456
    QString offset; // +01:00, or UTC
};

Local local(qint64 utcUs, const QTimeZone& zone)
{
    const QString iso = formatInZone(utcUs, zone);
    return {iso.left(10), iso.mid(11, 8), iso.mid(20, 6), iso.endsWith(u'Z') ? QStringLiteral("UTC") : iso.right(6)};
}

QString clockText(const Local& l, Precision precision)
{
    switch (precision) {
    case Precision::Minutes:
        return l.time.left(5);
    case Precision::Seconds:
        return l.time;
    case Precision::Fraction:
        if (l.micros == u"000000")
            return l.time;
        return l.time + u'.' + (l.micros.endsWith(QStringLiteral("000")) ? l.micros.left(3) : l.micros);
    case Precision::Microseconds:
        return l.time + u'.' + l.micros;
    }
    return l.time;
}

// One time of a window: with its date when `withDate`, with its offset when `withOffset`.
QString timeOf(const Local& l, bool withDate, bool withOffset, Precision precision)
{
    QString text = withDate ? l.date + u' ' + clockText(l, precision) : clockText(l, precision);
    if (withOffset)
        text += u' ' + l.offset;
    return text;
}

// "UTC+01:00" for "+01:00"; "UTC" stays.
QString offsetName(const QString& offset) { return offset == u"UTC" ? offset : u"UTC" + offset; }

} // namespace

QTimeZone displayZone(const Incident& incident, const std::optional<QTimeZone>& chosen)
{
    if (chosen && chosen->isValid())
        return *chosen;
    if (!incident.displayZone.isEmpty()) {
        if (const auto own = parseZone(incident.displayZone); own && own->isValid())
            return *own;
    }
    return QTimeZone::systemTimeZone();
}

QString formatDuration(qint64 us)
{
    const qint64 seconds = us / 1'000'000;
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QStringLiteral("%1 min").arg(minutes);
    const QString clock = QStringLiteral("%1 h %2 min").arg(minutes / 60 % 24).arg(minutes % 60, 2, 10, QChar(u'0'));
    if (minutes < 24 * 60)
        return clock;
    return QStringLiteral("%1 d ").arg(minutes / (24 * 60)) + clock;
}

WindowTimeFormat::WindowTimeFormat(qint64 fromUs, qint64 toUs, const QTimeZone& zone, Precision precision)
    : m_fromUs(fromUs), m_toUs(toUs), m_zone(zone.isValid() ? zone : QTimeZone::utc()), m_precision(precision)
{
    const Local from = local(fromUs, m_zone);
    const Local to = local(toUs, m_zone);
    m_dates = from.date != to.date;
    m_offsets = from.offset != to.offset;
}

WindowTimeFormat WindowTimeFormat::withPrecision(Precision precision) const
{
    WindowTimeFormat format = *this;
    format.m_precision = precision;
    return format;
}

QString WindowTimeFormat::time(qint64 utcUs) const
{
    return timeOf(local(utcUs, m_zone), m_dates, m_offsets, m_precision);
}

QString WindowTimeFormat::span(qint64 fromUs, std::optional<qint64> toUs) const
{
    if (!toUs || *toUs == fromUs)
        return time(fromUs);
    const Local from = local(fromUs, m_zone);
    const Local to = local(*toUs, m_zone);
    // The end says its date only when it falls on another day.
    return timeOf(from, m_dates, m_offsets, m_precision) + u'–'
        + timeOf(to, m_dates && to.date != from.date, m_offsets, m_precision);
}

QString WindowTimeFormat::clock(qint64 utcUs) const { return clockText(local(utcUs, m_zone), m_precision); }

QString WindowTimeFormat::date(qint64 utcUs) const { return local(utcUs, m_zone).date; }

QString WindowTimeFormat::window() const
{
    const Local from = local(m_fromUs, m_zone);
    const Local to = local(m_toUs, m_zone);
    // Seconds only when either end has them.
    const Precision precision = from.time.endsWith(QStringLiteral(":00")) && to.time.endsWith(QStringLiteral(":00"))
        ? Precision::Minutes
        : Precision::Seconds;
    const QString start = from.date + u' ' + clockText(from, precision);
    if (m_offsets)
        return start + u' ' + from.offset + QStringLiteral(" – ") + to.date + u' ' + clockText(to, precision) + u' '
            + to.offset;
    if (!m_dates)
        return start + u'–' + clockText(to, precision) + u' ' + from.offset;
    return start + QStringLiteral(" – ") + to.date + u' ' + clockText(to, precision) + u' ' + from.offset;
}

QString WindowTimeFormat::offsetLabel() const
{
    return m_offsets ? QString() : offsetName(local(m_fromUs, m_zone).offset);
}

QString WindowTimeFormat::zoneLabel() const
{
    const QString id = QString::fromUtf8(m_zone.id());
    const QString offset = local(m_fromUs, m_zone).offset;
    if (m_offsets || offset == u"UTC" || id.startsWith(QStringLiteral("UTC")))
        return id;
    return id + QStringLiteral(", ") + offsetName(offset);
}

QString WindowTimeFormat::zoneLabelWithOffsets() const
{
    const QString id = QString::fromUtf8(m_zone.id());
    const QString first = local(m_fromUs, m_zone).offset;
    const QString last = local(m_toUs, m_zone).offset;
    if (first == u"UTC" && last == u"UTC")
        return id;
    return first == last ? QStringLiteral("%1, UTC%2").arg(id, first)
                         : QStringLiteral("%1, UTC%2 then UTC%3").arg(id, first, last);
}

QString WindowTimeFormat::full(qint64 utcUs, const QTimeZone& zone, Precision precision)
{
    const Local l = local(utcUs, zone.isValid() ? zone : QTimeZone::utc());
    return l.date + u' ' + clockText(l, precision) + u' ' + l.offset;
}

QString WindowTimeFormat::dateTime(qint64 utcUs, const QTimeZone& zone, Precision precision)
{
    const Local l = local(utcUs, zone.isValid() ? zone : QTimeZone::utc());
    return l.date + u' ' + clockText(l, precision);
}

} // namespace aftermath::model
