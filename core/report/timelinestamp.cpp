#include "timelinestamp.h"

#include "model/timestamp.h"

#include <QDateTime>
#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace aftermath::report {

namespace {

// Pieces of the patterns, named groups suffixed per use so one expression can hold two times.
QString monthPattern(const QString& name)
{
    return QStringLiteral("(?<%1>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                          "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?")
        .arg(name);
}

QString datePattern(const QString& s)
{
    const QString weekday = QStringLiteral("(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?");
    // 2024-01-14, 2017/01/31, January 14[th][, 2024], 14[th] [of] Jan[ 2024], 2018 October 21
    return weekday + QStringLiteral("(?:(?<iy%1>\\d{4})[-/](?<im%1>\\d{1,2})[-/](?<id%1>\\d{1,2})").arg(s)
        + QStringLiteral("|(?<cy%1>\\d{4})\\s+").arg(s) + monthPattern(QStringLiteral("cm") + s)
        + QStringLiteral("\\s+(?<cd%1>\\d{1,2})(?:st|nd|rd|th)?").arg(s) + QStringLiteral("|")
        + monthPattern(QStringLiteral("am") + s)
        + QStringLiteral("\\s+(?<ad%1>\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(?<ay%1>\\d{4}))?").arg(s)
        + QStringLiteral("|(?<bd%1>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?").arg(s)
        + monthPattern(QStringLiteral("bm") + s) + QStringLiteral("(?:,?\\s+(?<by%1>\\d{4}))?)").arg(s);
}

const QString zoneWords = QStringLiteral("UTC|GMT|Z|CEST|CET|BST|IST|[ECMP][SD]T|[ECMP]T|"
                                         "(?:Pacific|Eastern|Central|Mountain)(?:\\s+(?:Standard|Daylight))?\\s+Time");

// "10:18", "10:18:07.25", "10:18 AM", "3:05pm", "10:18 a.m.", "10am" (an hour alone only with am/pm).
QString timePattern(const QString& s)
{
    return QStringLiteral("(?<h%1>\\d{1,2})(?::(?<mi%1>\\d{2})(?::(?<se%1>\\d{2})(?:[.,](?<fr%1>\\d{1,6})\\d*)?)?"
                          "|(?=\\s*[ap]\\.?m\\b))(?:\\s*(?<ap%1>[ap])\\.?m\\b\\.?)?"
                          "(?:\\s*\\(?(?<z%1>(?:%2)\\b|[+-]\\d{2}:?\\d{2})\\)?)?")
        .arg(s, zoneWords);
}

int monthNumber(QStringView name) { return model::monthFromName(name.endsWith(u'.') ? name.chopped(1) : name); }

// The date a match found with datePattern(s), or nothing when that part did not match;
// `yearGiven` says whether it wrote its year.
std::optional<QDate> matchedDate(
    const QRegularExpressionMatch& m, const QString& s, int defaultYear, bool* yearGiven = nullptr)
{
    auto group = [&](const char16_t* prefix) { return m.captured(QString::fromUtf16(prefix) + s); };
    int year = defaultYear, month = 0, day = 0;
    if (!group(u"iy").isEmpty()) {
        year = group(u"iy").toInt();
        month = group(u"im").toInt();
        day = group(u"id").toInt();
    } else if (!group(u"cm").isEmpty()) {
        year = group(u"cy").toInt();
        month = monthNumber(group(u"cm"));
        day = group(u"cd").toInt();
    } else if (!group(u"am").isEmpty()) {
        month = monthNumber(group(u"am"));
        day = group(u"ad").toInt();
        if (!group(u"ay").isEmpty())
            year = group(u"ay").toInt();
    } else if (!group(u"bm").isEmpty()) {
        month = monthNumber(group(u"bm"));
        day = group(u"bd").toInt();
        if (!group(u"by").isEmpty())
            year = group(u"by").toInt();
    } else {
        return std::nullopt;
    }
    if (yearGiven)
        *yearGiven = !group(u"iy").isEmpty() || !group(u"cy").isEmpty() || !group(u"ay").isEmpty()
            || !group(u"by").isEmpty();
    const QDate date(year, month, day);
    return date.isValid() ? std::optional(date) : std::nullopt;
}

std::optional<QTimeZone> zoneNamed(QStringView word)
{
    QString upper = word.toString().toUpper();
    // "Pacific Daylight Time" -> PDT, "Pacific Time" -> PT
    static const QRegularExpression spelled(
        QStringLiteral("^(PACIFIC|EASTERN|CENTRAL|MOUNTAIN)(?:\\s+(STANDARD|DAYLIGHT))?\\s+TIME$"));
    if (const auto m = spelled.match(upper); m.hasMatch())
        upper = m.captured(1).left(1) + m.captured(2).left(1) + u'T';
    if (const auto minutes = model::zoneAbbreviationMinutes(upper))
        return *minutes == 0 ? QTimeZone::utc() : QTimeZone(*minutes * 60);
    static const QHash<QString, QByteArray> regions
        = {{QStringLiteral("ET"), "America/New_York"}, {QStringLiteral("CT"), "America/Chicago"},
            {QStringLiteral("MT"), "America/Denver"}, {QStringLiteral("PT"), "America/Los_Angeles"}};
    if (const auto region = regions.constFind(upper); region != regions.constEnd())
        return QTimeZone(*region);
    // "+01:00", "-0800", and as zones are written for people: "UTC+01", "UTC-08:00"
    static const QRegularExpression offset(QStringLiteral("^(?:UTC|GMT)?([+-])(\\d{1,2}):?(\\d{2})?$"));
    if (const auto m = offset.match(word); m.hasMatch()) {
        const int seconds = m.captured(2).toInt() * 3600 + m.captured(3).toInt() * 60;
        return QTimeZone(m.captured(1) == u"-" ? -seconds : seconds);
    }
    if (word.contains(u'/')) {
        QTimeZone zone(word.toUtf8());
        if (zone.isValid())
            return zone;
    }
    return std::nullopt;
}

// The instant of a time match (suffix s) on `date`, in its own zone or the context's.
std::optional<qint64> matchedInstant(
    const QRegularExpressionMatch& m, const QString& s, const QDate& date, const QTimeZone& fallback)
{
    int hour = m.captured(QStringLiteral("h") + s).toInt();
    const int minute = m.captured(QStringLiteral("mi") + s).toInt();
    const int second = m.captured(QStringLiteral("se") + s).toInt();
    const QString fraction = m.captured(QStringLiteral("fr") + s);
    const QString ampm = m.captured(QStringLiteral("ap") + s).toLower();
    if (!ampm.isEmpty()) {
        if (hour < 1 || hour > 12)
            return std::nullopt;
        hour = (hour % 12) + (ampm == u"p" ? 12 : 0);
    }
    const QTime time(hour, minute, second);
    if (!time.isValid() || !date.isValid())
        return std::nullopt;
    QTimeZone zone = fallback;
    if (const QString word = m.captured(QStringLiteral("z") + s); !word.isEmpty()) {
        const auto named = zoneNamed(word);
        if (!named)
            return std::nullopt;
        zone = *named;
    }
    const QDateTime local(date, time, zone);
    if (!local.isValid())
        return std::nullopt;
    const qint64 micros = fraction.isEmpty() ? 0 : fraction.leftJustified(6, u'0').toLongLong();
    return local.toMSecsSinceEpoch() * 1000 + micros;
}

} // namespace

std::optional<LeadingStamp> leadingStamp(QStringView line, const StampContext& context)
{
    static const QRegularExpression stamp(QStringLiteral("^\\s*(?:(?:at|around|~)\\s*)?[*_]{0,2}\\[?[*_]{0,2}(?:") + datePattern(u"1"_s)
            + QStringLiteral("(?:,?\\s+(?:at\\s+)?|\\s*T\\s*))?") + timePattern(u"1"_s)
            + QStringLiteral("(?:\\s*(?:-|–|—|to)\\s*(?:") + datePattern(u"2"_s)
            + QStringLiteral("(?:,?\\s+(?:at\\s+)?|\\s*T\\s*))?") + timePattern(u"2"_s)
            + QStringLiteral(")?[*_]{0,2}\\]?[*_]{0,2}(?:\\s*(?:-|–|—|:|\\||,)(?=\\s|$)\\s*|\\s+|$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = stamp.match(line);
    if (!m.hasMatch())
        return std::nullopt;
    const int defaultYear = context.date.isValid() ? context.date.year() : 1970;
    const std::optional<QDate> ownDate = matchedDate(m, u"1"_s, defaultYear);
    const QDate date = ownDate.value_or(context.date);
    const auto start = matchedInstant(m, u"1"_s, date, context.zone);
    if (!start)
        return std::nullopt;
    LeadingStamp result;
    result.startUs = *start;
    result.hasDate = ownDate.has_value();
    result.rest = line.sliced(m.capturedEnd()).trimmed().toString();
    result.zone = zoneNamed(m.captured(QStringLiteral("z1")));
    if (m.hasCaptured(QStringLiteral("h2"))) {
        // The end shares the start's zone when it names none ("10:00 - 10:05 UTC" names it once, at the end).
        QTimeZone zone = context.zone;
        if (const auto named = zoneNamed(m.captured(QStringLiteral("z1")))) {
            zone = *named;
        } else if (const auto endZone = zoneNamed(m.captured(QStringLiteral("z2")))) {
            zone = *endZone;
            result.zone = endZone;
            if (const auto restated = matchedInstant(m, u"1"_s, date, zone))
                result.startUs = *restated;
        }
        const QDate endDate = matchedDate(m, u"2"_s, date.year()).value_or(date);
        auto end = matchedInstant(m, u"2"_s, endDate, zone);
        if (!end)
            return std::nullopt;
        if (*end < result.startUs)
            end = *end + 24LL * 3600 * 1'000'000; // 23:50 - 00:10
        result.endUs = end;
    }
    return result;
}

std::optional<QDate> dateIn(QStringView text, int defaultYear, bool* yearGiven)
{
    static const QRegularExpression date(
        QStringLiteral("(?:^|[^\\w])") + datePattern(u"1"_s) + QStringLiteral("(?:$|[^\\w])"),
        QRegularExpression::CaseInsensitiveOption);
    return matchedDate(date.match(text), u"1"_s, defaultYear, yearGiven);
}

std::optional<QTimeZone> statedZone(QStringView text)
{
    static const QRegularExpression stated(QStringLiteral("\\btimes?\\s*(?:are\\s+|shown\\s+)?(?:in\\s+)?\\(?\\s*"
                                                          "(?<zone>[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?|(?:UTC|GMT)[+-]\\d{1,2}(?::?\\d{2})?|(?:%1)\\b|"
                                                          "[+-]\\d{2}:?\\d{2})")
                                               .arg(zoneWords),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = stated.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return zoneNamed(m.captured(u"zone"));
}

} // namespace aftermath::report
