#include "timeformat.h"

#include "model/timestamp.h"

namespace aftermath::report {

TimeFormat::TimeFormat(qint64 fromUs, qint64 toUs, const QTimeZone& zone)
    : m_zone(zone), m_fromUs(fromUs), m_dates(local(fromUs).date != local(toUs).date),
      m_offsets(local(fromUs).offset != local(toUs).offset)
{
}

TimeFormat::Local TimeFormat::local(qint64 utcUs) const
{
    const QString iso = model::formatInZone(utcUs, m_zone); // 2026-06-18T02:00:05.000000+01:00 or ...Z
    return {iso.left(10), iso.mid(11, 5), iso.endsWith(u'Z') ? QStringLiteral("UTC") : iso.right(6)};
}

QString TimeFormat::at(qint64 utcUs) const
{
    const Local l = local(utcUs);
    QString text = m_dates ? l.date + u' ' + l.time : l.time;
    if (m_offsets)
        text += u' ' + l.offset;
    return text;
}

QString TimeFormat::span(qint64 fromUs, std::optional<qint64> toUs) const
{
    if (!toUs || *toUs == fromUs)
        return at(fromUs);
    const Local from = local(fromUs);
    const Local to = local(*toUs);
    QString end = m_dates && to.date != from.date ? to.date + u' ' + to.time : to.time;
    if (m_offsets)
        end += u' ' + to.offset;
    return at(fromUs) + QStringLiteral("–") + end;
}

QString TimeFormat::full(qint64 utcUs) const
{
    const Local l = local(utcUs);
    return l.date + u' ' + l.time + u' ' + l.offset;
}

QString TimeFormat::date(qint64 utcUs) const { return local(utcUs).date; }

QString TimeFormat::clock(qint64 utcUs) const { return local(utcUs).time; }

QString TimeFormat::zoneName() const
{
    const QString id = QString::fromUtf8(m_zone.id());
    const QString offset = local(m_fromUs).offset;
    if (m_offsets || offset == u"UTC" || id.startsWith(QStringLiteral("UTC")))
        return id;
    return id + QStringLiteral(", UTC") + offset;
}

QString TimeFormat::duration(qint64 us)
{
    const qint64 minutes = us / (60LL * 1'000'000);
    if (minutes < 60)
        return QStringLiteral("%1 min").arg(minutes);
    if (minutes < 24 * 60)
        return QStringLiteral("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QChar(u'0'));
    return QStringLiteral("%1 d %2 h %3 min")
        .arg(minutes / (24 * 60))
        .arg(minutes / 60 % 24)
        .arg(minutes % 60, 2, 10, QChar(u'0'));
}

} // namespace aftermath::report
