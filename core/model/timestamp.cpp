#include "timestamp.h"

#include <QDateTime>
#include <QRegularExpression>

#include <cstdlib>

namespace aftermath::model {

namespace {

constexpr qint64 usPerSecond = 1'000'000;
constexpr qint64 usPerDay = 86'400 * usPerSecond;

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeap(year) ? 29 : days[month - 1];
}

void appendPadded(QString& out, qint64 value, int width) { out += QString::number(value).rightJustified(width, u'0'); }

// "YYYY-MM-DDTHH:MM:SS.ffffff" for a count of microseconds since the epoch in some frame.
QString formatCivil(qint64 us)
{
    const qint64 days = floorDiv(us, usPerDay);
    qint64 rest = us - days * usPerDay;
    const CivilDate date = civilFromDays(days);
    QString out;
    out.reserve(32);
    appendPadded(out, date.year, 4);
    out += u'-';
    appendPadded(out, date.month, 2);
    out += u'-';
    appendPadded(out, date.day, 2);
    out += u'T';
    appendPadded(out, rest / (3600 * usPerSecond), 2);
    rest %= 3600 * usPerSecond;
    out += u':';
    appendPadded(out, rest / (60 * usPerSecond), 2);
    rest %= 60 * usPerSecond;
    out += u':';
    appendPadded(out, rest / usPerSecond, 2);
    out += u'.';
    appendPadded(out, rest % usPerSecond, 6);
    return out;
}

QString formatOffset(int offsetSeconds)
{
    QString out(offsetSeconds < 0 ? u'-' : u'+');
    const int abs = std::abs(offsetSeconds);
    appendPadded(out, abs / 3600, 2);
    out += u':';
    appendPadded(out, (abs % 3600) / 60, 2);
    return out;
}

bool isUtc(const QTimeZone& zone) { return zone.id() == "UTC" || zone.id() == "Etc/UTC"; }

// A small cursor over the text being parsed.
class Scanner {
public:
    explicit Scanner(QStringView text) : m_text(text) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_text[m_pos]; }
    bool accept(QChar c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    // Exactly `count` ASCII digits.
    bool digits(int count, int& value)
    {
        if (m_pos + count > m_text.size())
            return false;
        value = 0;
        for (int i = 0; i < count; ++i) {
            const QChar c = m_text[m_pos + i];
            if (c < u'0' || c > u'9')
                return false;
            value = value * 10 + (c.unicode() - u'0');
        }
        m_pos += count;
        return true;
    }
    // One or more digits, returned as microseconds (extra digits are truncated).
    bool fraction(qint64& micros)
    {
        const qsizetype start = m_pos;
        micros = 0;
        int used = 0;
        while (!atEnd() && peek() >= u'0' && peek() <= u'9') {
            if (used < 6) {
                micros = micros * 10 + (peek().unicode() - u'0');
                ++used;
            }
            ++m_pos;
        }
        for (; used < 6; ++used)
            micros *= 10;
        return m_pos > start;
    }

private:
    QStringView m_text;
    qsizetype m_pos = 0;
};

Result<qint64> parseError(QStringView text, const QString& why)
{
    return fail(Error::Code::InvalidArgument,
        QStringLiteral("cannot read \"%1\" as a time: %2; expected ISO 8601 such as "
                       "2026-06-18T02:00:00+01:00, 2026-06-18 02:00 or 2026-06-18")
            .arg(text.toString(), why));
}

} // namespace

qint64 daysFromCivil(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil.
    const qint64 y = year - (month <= 2 ? 1 : 0);
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(qint64 days)
{
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

QString formatUtc(qint64 utcUs) { return formatCivil(utcUs) + u'Z'; }

QString formatInZone(qint64 utcUs, const QTimeZone& zone)
{
    if (isUtc(zone))
        return formatUtc(utcUs);
    const auto instant = QDateTime::fromMSecsSinceEpoch(floorDiv(utcUs, 1000), QTimeZone::utc());
    const int offset = zone.offsetFromUtc(instant);
    return formatCivil(utcUs + offset * usPerSecond) + formatOffset(offset);
}

Result<QTimeZone> parseZone(QStringView text)
{
    const QString name = text.trimmed().toString();
    if (name.compare(u"system", Qt::CaseInsensitive) == 0 || name.compare(u"local", Qt::CaseInsensitive) == 0)
        return QTimeZone::systemTimeZone();
    if (name == u"Z" || name.compare(u"UTC", Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    if (!name.isEmpty() && (name[0] == u'+' || name[0] == u'-')) {
        Scanner s(name);
        const int sign = s.accept(u'-') ? -1 : (s.accept(u'+'), 1);
        int hours = 0;
        int minutes = 0;
        bool ok = s.digits(2, hours);
        if (ok && !s.atEnd()) {
            s.accept(u':');
            ok = s.digits(2, minutes) && s.atEnd();
        }
        if (ok && hours <= 14 && minutes <= 59)
            return QTimeZone(sign * (hours * 3600 + minutes * 60));
    } else if (QTimeZone zone(name.toUtf8()); zone.isValid()) {
        return zone;
    }
    return fail(Error::Code::InvalidArgument,
        QStringLiteral("unknown time zone \"%1\"; use an IANA name such as Europe/London, "
                       "UTC, an offset such as +02:00, or \"system\"")
            .arg(name));
}

Result<qint64> parseIsoTime(QStringView text, const QTimeZone& naiveZone)
{
    const QStringView trimmed = text.trimmed();
    Scanner s(trimmed);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    qint64 micros = 0;
    if (!(s.digits(4, year) && s.accept(u'-') && s.digits(2, month) && s.accept(u'-') && s.digits(2, day)))
        return parseError(text, QStringLiteral("it does not start with a date YYYY-MM-DD"));
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return parseError(text, QStringLiteral("there is no such date"));

    const bool hasTime = s.accept(u'T') || s.accept(u't') || s.accept(u' ');
    if (hasTime) {
        if (!(s.digits(2, hour) && s.accept(u':') && s.digits(2, minute)))
            return parseError(text, QStringLiteral("the time of day is not hh:mm"));
        if (s.accept(u':')) {
            if (!s.digits(2, second))
                return parseError(text, QStringLiteral("the seconds are not two digits"));
            if ((s.accept(u'.') || s.accept(u',')) && !s.fraction(micros))
                return parseError(text, QStringLiteral("the fraction of a second has no digits"));
        }
        if (hour > 23 || minute > 59 || second > 60)
            return parseError(text, QStringLiteral("there is no such time of day"));
    }

    const qint64 civilUs = daysFromCivil(year, month, day) * usPerDay
        + (qint64(hour) * 3600 + minute * 60 + second) * usPerSecond + micros;

    if (s.atEnd()) {
        if (isUtc(naiveZone))
            return civilUs;
        // Qt resolves the zone's rules; the microseconds ride along unchanged.
        const QDateTime local(QDate(year, month, day), QTime(hour, minute, std::min(second, 59)), naiveZone);
        if (!local.isValid() || local.time() != QTime(hour, minute, std::min(second, 59)))
            return parseError(text,
                QStringLiteral("that local time does not exist in %1 (a daylight-saving gap)")
                    .arg(QString::fromUtf8(naiveZone.id())));
        return local.toMSecsSinceEpoch() / 1000 * usPerSecond + (second == 60 ? usPerSecond : 0) + micros;
    }

    if (!hasTime)
        return parseError(text, QStringLiteral("a date alone takes no UTC offset; add a time such as T00:00"));
    int offsetSign = 1;
    int offHours = 0;
    int offMinutes = 0;
    if (s.accept(u'Z') || s.accept(u'z')) {
        // UTC
    } else if (s.accept(u'+') || (s.accept(u'-') && (offsetSign = -1))) {
        if (!s.digits(2, offHours))
            return parseError(text, QStringLiteral("the UTC offset is not +hh:mm"));
        if (!s.atEnd()) {
            s.accept(u':');
            if (!s.digits(2, offMinutes))
                return parseError(text, QStringLiteral("the UTC offset is not +hh:mm"));
        }
        if (offHours > 14 || offMinutes > 59)
            return parseError(text, QStringLiteral("the UTC offset is out of range"));
    } else {
        return parseError(text, QStringLiteral("unexpected text after the time"));
    }
    if (!s.atEnd())
        return parseError(text, QStringLiteral("unexpected text after the UTC offset"));
    return civilUs - offsetSign * (qint64(offHours) * 3600 + offMinutes * 60) * usPerSecond;
}

const std::array<std::u16string_view, 12>& monthNames()
{
    static constexpr std::array<std::u16string_view, 12> names = {u"January", u"February", u"March", u"April", u"May",
        u"June", u"July", u"August", u"September", u"October", u"November", u"December"};
    return names;
}

int monthFromName(QStringView name)
{
    if (name.size() < 3)
        return 0;
    for (std::size_t i = 0; i < monthNames().size(); ++i) {
        const QStringView full(monthNames()[i].data(), qsizetype(monthNames()[i].size()));
        if (name.size() <= full.size() && full.startsWith(name, Qt::CaseInsensitive))
            return int(i) + 1;
    }
    return 0;
}

std::optional<int> zoneAbbreviationMinutes(QStringView abbreviation)
{
    struct Abbreviation {
        std::u16string_view name;
        int minutes;
    };
    static constexpr std::array<Abbreviation, 18> known = {{{u"UTC", 0}, {u"GMT", 0}, {u"UT", 0}, {u"Z", 0},
        {u"BST", 60}, {u"CET", 60}, {u"CEST", 120}, {u"EST", -300}, {u"EDT", -240}, {u"CST", -360}, {u"CDT", -300},
        {u"MST", -420}, {u"MDT", -360}, {u"PST", -480}, {u"PDT", -420}, {u"IST", 330}, {u"JST", 540},
        {u"AEST", 600}}};
    for (const auto& [name, minutes] : known) {
        if (abbreviation.compare(QStringView(name.data(), qsizetype(name.size())), Qt::CaseInsensitive) == 0)
            return minutes;
    }
    return std::nullopt;
}

Result<qint64> parseTypedTime(QStringView text, const QTimeZone& zone, std::optional<qint64> dayOfUs)
{
    QString typed = text.trimmed().toString();
    static const QRegularExpression timeOfDay(QStringLiteral("^\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d+)?)?$"));
    if (timeOfDay.match(typed).hasMatch()) {
        if (!dayOfUs)
            return std::unexpected(Error{Error::Code::InvalidArgument,
                QStringLiteral("\"%1\" is a time of day with no day to put it on: type the date too, as "
                               "2026-06-18 %1")
                    .arg(typed),
                {}});
        const QDate day = QDateTime::fromMSecsSinceEpoch(*dayOfUs / 1000, zone).date();
        if (typed.indexOf(u':') == 1)
            typed.prepend(u'0');
        typed = day.toString(Qt::ISODate) + u'T' + typed;
    }
    return parseIsoTime(typed, zone);
}

} // namespace aftermath::model
