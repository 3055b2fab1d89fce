#include "timeformat.h"

#include "model/timestamp.h"

#include <QCoreApplication>

namespace aftermath::desktop {

namespace {

// The parts of an instant in a zone, from formatInZone()'s "2026-06-18T02:00:05.123456+01:00"
// (or "...Z" in UTC).
struct Local {
    QString date; // 2026-06-18
    QString time; // 02:00:05
    QString micros; // 123456
    QString offset; // +01:00, or Z
};

Local local(qint64 utcUs, const QTimeZone& zone)
{
    const QString iso = model::formatInZone(utcUs, zone);
    return {iso.left(10), iso.mid(11, 8), iso.mid(20, 6), iso.endsWith(u'Z') ? QStringLiteral("Z") : iso.right(6)};
}

QString offsetName(const QString& offset) { return offset == u"Z" ? QStringLiteral("UTC") : u"UTC" + offset; }

QString tr(const char* text) { return QCoreApplication::translate("WindowTimeFormat", text); }

} // namespace

WindowTimeFormat::WindowTimeFormat(qint64 fromUs, qint64 toUs, const QTimeZone& zone)
    : m_fromUs(fromUs), m_zone(zone.isValid() ? zone : QTimeZone::utc())
{
    const Local from = local(fromUs, m_zone);
    const Local to = local(toUs, m_zone);
    m_dates = from.date != to.date;
    m_offsets = from.offset != to.offset;
}

QString WindowTimeFormat::time(qint64 utcUs) const
{
    const Local l = local(utcUs, m_zone);
    QString text = m_dates ? l.date + u' ' + l.time : l.time;
    if (m_offsets)
        text += u' ' + (l.offset == u"Z" ? QStringLiteral("UTC") : l.offset);
    return text;
}

QString WindowTimeFormat::preciseTime(qint64 utcUs) const
{
    const Local l = local(utcUs, m_zone);
    QString text = m_dates ? l.date + u' ' + l.time : l.time;
    if (l.micros.endsWith(QStringLiteral("000")) && l.micros != u"000000")
        text += u'.' + l.micros.left(3);
    else if (l.micros != u"000000")
        text += u'.' + l.micros;
    if (m_offsets)
        text += u' ' + (l.offset == u"Z" ? QStringLiteral("UTC") : l.offset);
    return text;
}

QString WindowTimeFormat::span(qint64 fromUs, std::optional<qint64> toUs) const
{
    if (!toUs || *toUs == fromUs)
        return time(fromUs);
    if (!m_dates)
        return time(fromUs) + u'–' + time(*toUs);
    // Within a window of several days, the end says its date only when it is another day.
    const Local from = local(fromUs, m_zone);
    const Local to = local(*toUs, m_zone);
    QString end = from.date == to.date ? to.time : to.date + u' ' + to.time;
    if (m_offsets)
        end += u' ' + (to.offset == u"Z" ? QStringLiteral("UTC") : to.offset);
    return time(fromUs) + u'–' + end;
}

QString WindowTimeFormat::offsetLabel() const
{
    return m_offsets ? QString() : offsetName(local(m_fromUs, m_zone).offset);
}

QString WindowTimeFormat::zoneLabel() const
{
    const QString id = QString::fromUtf8(m_zone.id());
    const QString offset = offsetLabel();
    return offset.isEmpty() || offset == id ? id : id + QStringLiteral(", ") + offset;
}

QString WindowTimeFormat::full(qint64 utcUs, const QTimeZone& zone)
{
    const Local l = local(utcUs, zone);
    return l.date + u' ' + l.time + u'.' + l.micros + u' ' + l.offset;
}

QString WindowTimeFormat::window(qint64 fromUs, qint64 toUs, const QTimeZone& zone)
{
    Local from = local(fromUs, zone);
    Local to = local(toUs, zone);
    for (Local* l : {&from, &to})
        if (l->offset == u"Z")
            l->offset = QStringLiteral("UTC");
    // Seconds only when either end has them.
    const bool seconds = !from.time.endsWith(QStringLiteral(":00")) || !to.time.endsWith(QStringLiteral(":00"));
    const auto clock = [seconds](const Local& l) { return seconds ? l.time : l.time.left(5); };
    if (from.offset != to.offset)
        return from.date + u' ' + clock(from) + u' ' + from.offset + QStringLiteral(" – ") + to.date + u' ' + clock(to)
            + u' ' + to.offset;
    if (from.date == to.date)
        return from.date + u' ' + clock(from) + u'–' + clock(to) + u' ' + from.offset;
    return from.date + u' ' + clock(from) + QStringLiteral(" – ") + to.date + u' ' + clock(to) + u' ' + from.offset;
}

QString WindowTimeFormat::duration(qint64 us)
{
    const qint64 seconds = us / 1'000'000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    if (minutes < 48 * 60)
        return minutes % 60 == 0 ? tr("%1 h").arg(minutes / 60) : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    const qint64 hours = minutes / 60;
    return hours % 24 == 0 ? tr("%1 d").arg(hours / 24) : tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QTimeZone WindowTimeFormat::incidentZone(const QString& displayZone)
{
    if (displayZone.isEmpty())
        return QTimeZone::systemTimeZone();
    const auto zone = model::parseZone(displayZone);
    return zone ? *zone : QTimeZone::systemTimeZone();
}

} // namespace aftermath::desktop
