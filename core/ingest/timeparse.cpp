#include "timeparse.h"

#include "model/timestamp.h"

#include <QDateTime>

#include <array>

namespace aftermath::ingest {

namespace {

constexpr qint64 usPerSecond = 1'000'000;
constexpr qint64 usPerDay = 86'400 * usPerSecond;
// Epoch values outside 2000-01-01 .. 2100-01-01 are numbers, not times.
constexpr qint64 epochMin = 946'684'800;
constexpr qint64 epochMax = 4'102'444'800;

// Shapes, tried in this order after the one that matched last.
enum Shape : int {
    IsoShape = 1, // 2026-06-18T02:00:00.123+01:00, 2026-06-18 02:00:00,123, 2026/06/18 02:00:00
    ShortSlashShape, // 26/06/18 02:00:00 (Spark)
    SyslogShape, // Jun 18 02:00:00 (no year)
    CtimeShape, // Thu Jun 18 02:00:00[.123456] 2026 (Apache error logs)
    ClfShape, // 18/Jun/2026:02:00:00 +0100 (access logs)
    MonthDayShape, // 06-18 02:00:00.123 (Android logcat, no year)
    CompactShape, // 260618 020000 (HDFS)
    EpochShape, // 1781744400[.123] or 1781744400123
    ShapeCount
};

bool isDigit(QChar c) { return c.unicode() >= u'0' && c.unicode() <= u'9'; }

// Reads exactly `count` digits at `pos`.
bool digits(QStringView s, qsizetype& pos, int count, int& value)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = s[pos + i];
        if (!isDigit(c))
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    value = v;
    pos += count;
    return true;
}

// One or two digits (syslog days are space-padded, "Jul  1").
bool shortNumber(QStringView s, qsizetype& pos, int& value)
{
    if (pos < s.size() && s[pos] == u' ')
        ++pos;
    if (pos >= s.size() || !isDigit(s[pos]))
        return false;
    value = s[pos++].unicode() - u'0';
    if (pos < s.size() && isDigit(s[pos]))
        value = value * 10 + (s[pos++].unicode() - u'0');
    return true;
}

bool accept(QStringView s, qsizetype& pos, char16_t c)
{
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

// A fraction of a second after "." or ",", as microseconds (digits past six are dropped).
void fraction(QStringView s, qsizetype& pos, qint64& micros)
{
    if (!(pos + 1 < s.size() && (s[pos] == u'.' || s[pos] == u',') && isDigit(s[pos + 1])))
        return;
    ++pos;
    int used = 0;
    micros = 0;
    while (pos < s.size() && isDigit(s[pos])) {
        if (used < 6) {
            micros = micros * 10 + (s[pos].unicode() - u'0');
            ++used;
        }
        ++pos;
    }
    for (; used < 6; ++used)
        micros *= 10;
}

int monthFromName(QStringView s, qsizetype pos)
{
    static constexpr std::array<const char16_t*, 12> names
        = {u"Jan", u"Feb", u"Mar", u"Apr", u"May", u"Jun", u"Jul", u"Aug", u"Sep", u"Oct", u"Nov", u"Dec"};
    if (pos + 3 > s.size())
        return 0;
    const QStringView name = s.sliced(pos, 3);
    for (int i = 0; i < 12; ++i) {
        if (name.compare(QStringView(names[std::size_t(i)]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

bool isWeekday(QStringView s, qsizetype pos)
{
    static constexpr std::array<const char16_t*, 7> names = {u"Mon", u"Tue", u"Wed", u"Thu", u"Fri", u"Sat", u"Sun"};
    if (pos + 3 > s.size())
        return false;
    const QStringView name = s.sliced(pos, 3);
    for (const char16_t* n : names) {
        if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// hh:mm:ss[.frac]
bool timeOfDay(QStringView s, qsizetype& pos, int& hour, int& minute, int& second, qint64& micros)
{
    if (!(digits(s, pos, 2, hour) && accept(s, pos, u':') && digits(s, pos, 2, minute) && accept(s, pos, u':')
            && digits(s, pos, 2, second)))
        return false;
    fraction(s, pos, micros);
    return hour <= 23 && minute <= 59 && second <= 60;
}

// An offset right after a time: Z, +hh:mm, +hhmm, +hh, optionally after one space (" +0100",
// " UTC"). Returns false when there is none; `pos` moves past it when there is.
bool utcOffset(QStringView s, qsizetype& pos, int& offsetSeconds)
{
    qsizetype p = pos;
    const bool spaced = accept(s, p, u' ');
    if (accept(s, p, u'Z') || (!spaced && accept(s, p, u'z'))) {
        offsetSeconds = 0;
        pos = p;
        return true;
    }
    if (spaced && s.sliced(p).startsWith(u"UTC") && (p + 3 >= s.size() || !s[p + 3].isLetter())) {
        offsetSeconds = 0;
        pos = p + 3;
        return true;
    }
    int sign = 0;
    if (accept(s, p, u'+'))
        sign = 1;
    else if (accept(s, p, u'-'))
        sign = -1;
    else
        return false;
    int hours = 0;
    int minutes = 0;
    if (!digits(s, p, 2, hours))
        return false;
    if (accept(s, p, u':')) {
        if (!digits(s, p, 2, minutes))
            return false;
    } else {
        qsizetype q = p;
        if (digits(s, q, 2, minutes))
            p = q;
    }
    // A digit right after means this was not an offset ("-05 12:00" is not a zone).
    if (p < s.size() && isDigit(s[p]))
        return false;
    if (hours > 14 || minutes > 59)
        return false;
    offsetSeconds = sign * (hours * 3600 + minutes * 60);
    pos = p;
    return true;
}

bool validDate(int year, int month, int day)
{
    static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

// The character after a timestamp must not continue a word or number ("2026-06-18T02:00:00abc").
bool endsCleanly(QStringView s, qsizetype pos) { return pos >= s.size() || !s[pos].isLetterOrNumber(); }

} // namespace

struct TimestampReader::Civil {
    int year = 0; // 0: not given
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    qint64 micros = 0;
    bool hasOffset = false;
    int offsetSeconds = 0;
    bool epoch = false;
    qint64 epochUs = 0;
};

TimestampReader::TimestampReader(QTimeZone naiveZone, qint64 referenceUtcUs)
    : m_zone(std::move(naiveZone)), m_zoneIsUtc(m_zone.id() == "UTC" || m_zone.id() == "Etc/UTC")
{
    const QDateTime reference = QDateTime::fromMSecsSinceEpoch(referenceUtcUs / 1000, m_zone);
    m_referenceYear = reference.date().year();
    m_referenceMonth = reference.date().month();
}

int TimestampReader::inferYear(int month)
{
    if (m_lastYear == 0) {
        // A log without years was written before its file's mtime: a month after the mtime's
        // month is from the year before.
        m_lastYear = month > m_referenceMonth ? m_referenceYear - 1 : m_referenceYear;
    } else if (month < m_lastMonth && m_lastMonth - month >= 6) {
        ++m_lastYear; // December, then January: New Year passed
    }
    m_lastMonth = month;
    return m_lastYear;
}

std::optional<FoundTime> TimestampReader::finish(const Civil& c, qsizetype start, qsizetype end)
{
    FoundTime found;
    found.start = start;
    found.end = end;
    if (c.epoch) {
        found.utcUs = c.epochUs;
        found.quality = model::TimeQuality::Explicit;
        return found;
    }
    int year = c.year;
    bool inferred = false;
    if (year == 0) {
        year = inferYear(c.month);
        inferred = true;
    } else {
        m_lastYear = year;
        m_lastMonth = c.month;
    }
    if (!validDate(year, c.month, c.day))
        return std::nullopt;
    const qint64 civilUs = model::daysFromCivil(year, c.month, c.day) * usPerDay
        + (qint64(c.hour) * 3600 + c.minute * 60 + c.second) * usPerSecond + c.micros;
    if (c.hasOffset) {
        found.utcUs = civilUs - qint64(c.offsetSeconds) * usPerSecond;
        found.quality = inferred ? model::TimeQuality::YearInferred : model::TimeQuality::Explicit;
        return found;
    }
    found.quality = inferred ? model::TimeQuality::YearInferred : model::TimeQuality::ZoneAssumed;
    found.naive = true;
    if (m_zoneIsUtc) {
        found.utcUs = civilUs;
        return found;
    }
    // The zone's offset for this local hour, cached: a log's lines mostly share their hour.
    const qint64 hourKey = civilUs / (3600 * usPerSecond);
    if (hourKey != m_cachedHour) {
        const QDateTime local(QDate(year, c.month, c.day), QTime(c.hour, 0), m_zone);
        // In a DST gap Qt moves the time forward; the offset it reports is still the zone's.
        m_cachedOffsetSeconds = local.isValid() ? local.offsetFromUtc() : m_zone.standardTimeOffset(local);
        m_cachedHour = hourKey;
    }
    found.utcUs = civilUs - qint64(m_cachedOffsetSeconds) * usPerSecond;
    return found;
}

std::optional<FoundTime> TimestampReader::tryShape(int shape, QStringView s, qsizetype at)
{
    Civil c;
    qsizetype p = at;
    switch (shape) {
    case IsoShape: {
        if (!(digits(s, p, 4, c.year) && (s.size() > p) && (s[p] == u'-' || s[p] == u'/')))
            return std::nullopt;
        const QChar separator = s[p++];
        if (!(digits(s, p, 2, c.month) && accept(s, p, separator.unicode()) && digits(s, p, 2, c.day)))
            return std::nullopt;
        if (!(accept(s, p, u'T') || accept(s, p, u' ') || accept(s, p, u't')))
            return std::nullopt;
        if (!timeOfDay(s, p, c.hour, c.minute, c.second, c.micros))
            return std::nullopt;
        c.hasOffset = utcOffset(s, p, c.offsetSeconds);
        break;
    }
    case ShortSlashShape: {
        int yy = 0;
        if (!(digits(s, p, 2, yy) && accept(s, p, u'/') && digits(s, p, 2, c.month) && accept(s, p, u'/')
                && digits(s, p, 2, c.day) && accept(s, p, u' ')
                && timeOfDay(s, p, c.hour, c.minute, c.second, c.micros)))
            return std::nullopt;
        c.year = 2000 + yy;
        c.hasOffset = utcOffset(s, p, c.offsetSeconds);
        break;
    }
    case SyslogShape: {
        c.month = monthFromName(s, p);
        if (c.month == 0)
            return std::nullopt;
        p += 3;
        if (!(accept(s, p, u' ') && shortNumber(s, p, c.day) && accept(s, p, u' ')
                && timeOfDay(s, p, c.hour, c.minute, c.second, c.micros)))
            return std::nullopt;
        break;
    }
    case CtimeShape: {
        if (!isWeekday(s, p))
            return std::nullopt;
        p += 3;
        if (!accept(s, p, u' '))
            return std::nullopt;
        c.month = monthFromName(s, p);
        if (c.month == 0)
            return std::nullopt;
        p += 3;
        if (!(accept(s, p, u' ') && shortNumber(s, p, c.day) && accept(s, p, u' ')
                && timeOfDay(s, p, c.hour, c.minute, c.second, c.micros) && accept(s, p, u' ')
                && digits(s, p, 4, c.year)))
            return std::nullopt;
        break;
    }
    case ClfShape: {
        if (!(digits(s, p, 2, c.day) && accept(s, p, u'/')))
            return std::nullopt;
        c.month = monthFromName(s, p);
        if (c.month == 0)
            return std::nullopt;
        p += 3;
        if (!(accept(s, p, u'/') && digits(s, p, 4, c.year) && accept(s, p, u':')
                && timeOfDay(s, p, c.hour, c.minute, c.second, c.micros)))
            return std::nullopt;
        c.hasOffset = utcOffset(s, p, c.offsetSeconds);
        break;
    }
    case MonthDayShape: {
        if (!(digits(s, p, 2, c.month) && accept(s, p, u'-') && digits(s, p, 2, c.day) && accept(s, p, u' ')
                && timeOfDay(s, p, c.hour, c.minute, c.second, c.micros)))
            return std::nullopt;
        break;
    }
    case CompactShape: {
        int yy = 0;
        if (!(digits(s, p, 2, yy) && digits(s, p, 2, c.month) && digits(s, p, 2, c.day) && accept(s, p, u' ')
                && digits(s, p, 2, c.hour) && digits(s, p, 2, c.minute) && digits(s, p, 2, c.second)))
            return std::nullopt;
        if (c.hour > 23 || c.minute > 59 || c.second > 60)
            return std::nullopt;
        c.year = 2000 + yy;
        break;
    }
    case EpochShape: {
        qint64 value = 0;
        qsizetype n = 0;
        // Only 10 or 13 digits are a time; counting stops at 14 so a longer number cannot overflow.
        while (p < s.size() && isDigit(s[p]) && n < 14) {
            value = value * 10 + (s[p].unicode() - u'0');
            ++p;
            ++n;
        }
        qint64 micros = 0;
        if (n == 10) {
            fraction(s, p, micros);
            if (value < epochMin || value > epochMax)
                return std::nullopt;
            c.epochUs = value * usPerSecond + micros;
        } else if (n == 13) {
            if (value / 1000 < epochMin || value / 1000 > epochMax)
                return std::nullopt;
            c.epochUs = value * 1000;
        } else {
            return std::nullopt;
        }
        c.epoch = true;
        break;
    }
    default:
        return std::nullopt;
    }
    if (!endsCleanly(s, p) && !(shape == ClfShape && s[p] == u']'))
        return std::nullopt;
    if (!c.epoch && c.month == 0)
        return std::nullopt;
    return finish(c, at, p);
}

std::optional<FoundTime> TimestampReader::leading(QStringView line)
{
    qsizetype at = 0;
    while (at < line.size() && (line[at] == u' ' || line[at] == u'\t'))
        ++at;
    // Syslog's "<34>" priority, and RFC 5424's version after it.
    if (at < line.size() && line[at] == u'<') {
        qsizetype p = at + 1;
        while (p < line.size() && isDigit(line[p]) && p - at <= 3)
            ++p;
        if (p > at + 1 && p < line.size() && line[p] == u'>') {
            at = p + 1;
            if (at + 1 < line.size() && isDigit(line[at]) && line[at + 1] == u' ')
                at += 2;
        }
    }
    if (at < line.size() && line[at] == u'[')
        ++at;
    if (m_lastShape != 0) {
        if (auto found = tryShape(m_lastShape, line, at))
            return found;
    }
    for (int shape = IsoShape; shape < ShapeCount; ++shape) {
        if (shape == m_lastShape)
            continue;
        if (auto found = tryShape(shape, line, at)) {
            m_lastShape = shape;
            return found;
        }
    }
    return std::nullopt;
}

} // namespace aftermath::ingest
