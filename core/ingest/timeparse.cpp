#include "timeparse.h"

#include "model/timestamp.h"

#include <QDateTime>

#include <array>
#include <map>
#include <mutex>

namespace aftermath::ingest {

namespace {

constexpr qint64 usPerSecond = 1'000'000;
constexpr qint64 usPerDay = 86'400 * usPerSecond;

enum class Op : quint8 {
    Year4,
    Year2,
    Month2,
    MonthShort, // 1 or 2 digits
    MonthName,
    Day2,
    DayShort,
    Weekday,
    Hour2,
    HourShort,
    Hour12, // 1 or 2 digits, with AmPm somewhere after
    Minute,
    Second,
    Fraction, // optional: . or , then digits
    Millis, // optional: : then 1 to 3 digits, a count of milliseconds
    AmPm,
    DateTimeSep, // T, t or a space
    Space, // one or more spaces or tabs
    Literal,
    Zone, // required offset or zone name
    Epoch, // `n` digits: 10 seconds (a fraction may follow), 13 ms, 16 us, 19 ns
};

struct Step {
    Op op;
    char16_t ch = 0;
    int n = 0;
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

// One or two digits.
bool shortNumber(QStringView s, qsizetype& pos, int& value)
{
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

// Digits of a fraction of a second as microseconds (digits past six are dropped); the number of
// digits read.
int fractionDigits(QStringView s, qsizetype& pos, qint64& micros)
{
    int count = 0;
    micros = 0;
    while (pos < s.size() && isDigit(s[pos])) {
        if (count < 6)
            micros = micros * 10 + (s[pos].unicode() - u'0');
        ++count;
        ++pos;
    }
    for (int used = std::min(count, 6); used < 6; ++used)
        micros *= 10;
    return count;
}

// The letters at `pos` (at most `max`; more makes it no name).
QStringView letterRun(QStringView s, qsizetype pos, qsizetype max)
{
    qsizetype end = pos;
    while (end < s.size() && s[end].isLetter() && end - pos <= max)
        ++end;
    return end - pos > max ? QStringView() : s.sliced(pos, end - pos);
}

// A month written in full or by three or more of its letters ("Jan", "Sept", "January"), then an
// optional dot ("Jan."); its number, with `pos` past it, or 0.
int monthAt(QStringView s, qsizetype& pos)
{
    const QStringView word = letterRun(s, pos, 9);
    const int month = model::monthFromName(word);
    if (month == 0)
        return 0;
    pos += word.size();
    if (pos < s.size() && s[pos] == u'.')
        ++pos;
    return month;
}

constexpr std::array<std::u16string_view, 7> weekdayNames
    = {u"Monday", u"Tuesday", u"Wednesday", u"Thursday", u"Friday", u"Saturday", u"Sunday"};

// A weekday written in full or by three or more of its letters ("Thu", "Thurs"), then an
// optional dot; `pos` moves past it.
bool weekdayAt(QStringView s, qsizetype& pos)
{
    const QStringView word = letterRun(s, pos, 9);
    if (word.size() < 3)
        return false;
    for (const std::u16string_view name : weekdayNames) {
        const QStringView full(name.data(), qsizetype(name.size()));
        if (word.size() <= full.size() && full.startsWith(word, Qt::CaseInsensitive)) {
            pos += word.size();
            if (pos < s.size() && s[pos] == u'.')
                ++pos;
            return true;
        }
    }
    return false;
}

// A zone abbreviation at `pos` (PST, CEST, UTC: model's list), in upper case when `upperOnly`.
bool abbreviationAt(QStringView s, qsizetype& pos, int& offsetSeconds, bool upperOnly)
{
    const QStringView word = letterRun(s, pos, 4);
    if (word.isEmpty() || (upperOnly && word.toString() != word.toString().toUpper()))
        return false;
    const auto minutes = model::zoneAbbreviationMinutes(word);
    if (!minutes)
        return false;
    offsetSeconds = *minutes * 60;
    pos += word.size();
    return true;
}

// +hh:mm, +hhmm or +hh at `p`.
bool numericOffset(QStringView s, qsizetype& pos, int& offsetSeconds)
{
    qsizetype p = pos;
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

// A zone where one must be: Z, an offset, or a name (UTC, GMT+01:00, PST).
bool zoneAt(QStringView s, qsizetype& pos, int& offsetSeconds)
{
    if (numericOffset(s, pos, offsetSeconds))
        return true;
    if (!abbreviationAt(s, pos, offsetSeconds, false))
        return false;
    int extra = 0;
    if (numericOffset(s, pos, extra))
        offsetSeconds += extra;
    return true;
}

// An offset right after a time: Z, +hh:mm, +hhmm, +hh, optionally after one space (" +0100",
// " UTC", " GMT"). Returns false when there is none; `pos` moves past it when there is.
bool trailingOffset(QStringView s, qsizetype& pos, int& offsetSeconds)
{
    qsizetype p = pos;
    const bool spaced = accept(s, p, u' ');
    if (accept(s, p, u'Z') || (!spaced && accept(s, p, u'z'))) {
        if (p < s.size() && s[p].isLetter())
            return false;
        offsetSeconds = 0;
        pos = p;
        return true;
    }
    if (spaced && abbreviationAt(s, p, offsetSeconds, true)) {
        int extra = 0;
        if (numericOffset(s, p, extra))
            offsetSeconds += extra;
        pos = p;
        return true;
    }
    if (numericOffset(s, p, offsetSeconds)) {
        pos = p;
        return true;
    }
    return false;
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

bool isFieldDelimiter(QChar c)
{
    switch (c.unicode()) {
    case u' ':
    case u'\t':
    case u'[':
    case u'(':
    case u'{':
    case u'<':
    case u'|':
    case u',':
    case u';':
    case u'=':
    case u'"':
    case u'\'':
    case u'*':
        return true;
    default:
        return false;
    }
}

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
    // How the stamp was written, for describing a learned shape.
    QChar fractionSeparator;
    int fractionCount = 0;
    QChar dateTimeSeparator;
};

class TimeSpelling {
public:
    QString pattern;
    std::vector<Step> steps;
    bool hasYear = false;
    bool hasZone = false;
    bool epoch = false;
    bool twelveHour = false;
    bool numericDayMonth = false; // day and month both numbers: their order may be ambiguous
    enum class First { Digit, Letter, Any } first = First::Digit; // what the stamp starts with

    // Whether the stamp can start with this character at all: most lines fail here, cheaply.
    bool canStartWith(QChar c) const
    {
        return first == First::Any || (first == First::Letter ? c.isLetter() : isDigit(c));
    }

    // Reads the stamp at `at`; `end` is one past it.
    bool match(QStringView s, qsizetype at, TimestampReader::Civil& c, qsizetype& end) const;
};

bool TimeSpelling::match(QStringView s, qsizetype at, TimestampReader::Civil& c, qsizetype& end) const
{
    if (at >= s.size() || !canStartWith(s[at]))
        return false;
    qsizetype p = at;
    bool pm = false;
    bool sawAmPm = false;
    for (const Step& step : steps) {
        switch (step.op) {
        case Op::Year4:
            if (!digits(s, p, 4, c.year))
                return false;
            break;
        case Op::Year2:
            if (!digits(s, p, 2, c.year))
                return false;
            c.year += c.year < 70 ? 2000 : 1900;
            break;
        case Op::Month2:
            if (!digits(s, p, 2, c.month))
                return false;
            break;
        case Op::MonthShort:
            if (!shortNumber(s, p, c.month))
                return false;
            break;
        case Op::MonthName:
            c.month = monthAt(s, p);
            if (c.month == 0)
                return false;
            break;
        case Op::Day2:
            if (!digits(s, p, 2, c.day))
                return false;
            break;
        case Op::DayShort:
            if (!shortNumber(s, p, c.day))
                return false;
            // "14th", "1st"
            if (p + 1 < s.size() && s[p].isLetter() && s[p + 1].isLetter()) {
                const QStringView suffix = s.sliced(p, 2);
                if (suffix == u"st" || suffix == u"nd" || suffix == u"rd" || suffix == u"th")
                    p += 2;
            }
            break;
        case Op::Weekday:
            if (!weekdayAt(s, p))
                return false;
            break;
        case Op::Hour2:
            // Time fields may be unpadded ("22:16:0:119" in HealthApp); two digits are read when
            // there are two, so "140003" still reads as 14, 00, 03.
            if (!shortNumber(s, p, c.hour) || c.hour > 23)
                return false;
            break;
        case Op::HourShort:
            if (!shortNumber(s, p, c.hour) || c.hour > 23)
                return false;
            break;
        case Op::Hour12:
            if (!shortNumber(s, p, c.hour) || c.hour < 1 || c.hour > 12)
                return false;
            break;
        case Op::Minute:
            if (!shortNumber(s, p, c.minute) || c.minute > 59)
                return false;
            break;
        case Op::Second:
            if (!shortNumber(s, p, c.second) || c.second > 60)
                return false;
            break;
        case Op::Fraction:
            if (p + 1 < s.size() && (s[p] == u'.' || s[p] == u',') && isDigit(s[p + 1])) {
                c.fractionSeparator = s[p];
                ++p;
                c.fractionCount = fractionDigits(s, p, c.micros);
            }
            break;
        case Op::Millis:
            if (p + 1 < s.size() && s[p] == u':' && isDigit(s[p + 1])) {
                ++p;
                int ms = 0;
                int count = 0;
                while (p < s.size() && isDigit(s[p]) && count < 4) {
                    ms = ms * 10 + (s[p].unicode() - u'0');
                    ++p;
                    ++count;
                }
                if (count > 3)
                    return false;
                c.micros = qint64(ms) * 1000;
                c.fractionSeparator = u':';
                c.fractionCount = 3;
            }
            break;
        case Op::AmPm: {
            while (p < s.size() && s[p] == u' ')
                ++p;
            if (p + 1 >= s.size())
                return false;
            const QChar first = s[p].toLower();
            if (first != u'a' && first != u'p')
                return false;
            qsizetype q = p + 1;
            accept(s, q, u'.');
            if (q >= s.size() || s[q].toLower() != u'm')
                return false;
            ++q;
            accept(s, q, u'.');
            pm = first == u'p';
            sawAmPm = true;
            p = q;
            break;
        }
        case Op::DateTimeSep:
            if (p >= s.size() || !(s[p] == u'T' || s[p] == u't' || s[p] == u' '))
                return false;
            c.dateTimeSeparator = s[p];
            ++p;
            break;
        case Op::Space:
            if (p >= s.size() || !(s[p] == u' ' || s[p] == u'\t'))
                return false;
            while (p < s.size() && (s[p] == u' ' || s[p] == u'\t'))
                ++p;
            break;
        case Op::Literal:
            if (!accept(s, p, step.ch))
                return false;
            break;
        case Op::Zone:
            if (!zoneAt(s, p, c.offsetSeconds))
                return false;
            c.hasOffset = true;
            break;
        case Op::Epoch: {
            // Unsigned: 19 digits (nanoseconds) fit, whatever they are; counting stops one past the
            // expected width, so a longer number cannot overflow either.
            quint64 digitsValue = 0;
            int n = 0;
            while (p < s.size() && isDigit(s[p]) && n <= step.n) {
                if (n < step.n)
                    digitsValue = digitsValue * 10 + (s[p].unicode() - u'0');
                ++p;
                ++n;
            }
            if (n != step.n)
                return false;
            quint64 divisor = 1;
            for (int i = 10; i < step.n; ++i)
                divisor *= 10;
            // Below 4.2e18 once in range, so the conversion is exact.
            if (digitsValue / divisor >= 4'102'444'800ULL)
                return false;
            const qint64 value = qint64(digitsValue);
            qint64 micros = 0;
            if (step.n == 10 && p + 1 < s.size() && s[p] == u'.' && isDigit(s[p + 1])) {
                ++p;
                c.fractionCount = fractionDigits(s, p, micros);
                c.fractionSeparator = u'.';
            }
            c.epochUs = step.n == 10 ? value * usPerSecond + micros
                : step.n == 13       ? value * 1000
                : step.n == 16       ? value
                                     : value / 1000;
            if (!model::isPlausibleEpochUs(c.epochUs))
                return false;
            c.epoch = true;
            break;
        }
        }
    }
    if (twelveHour) {
        if (!sawAmPm)
            return false;
        c.hour = c.hour % 12 + (pm ? 12 : 0);
    }
    if (!epoch && !hasZone)
        c.hasOffset = trailingOffset(s, p, c.offsetSeconds);
    if (!endsCleanly(s, p))
        return false;
    // "14:00" of "14:00:03", or "03" of "03.5": the stamp goes on, and this spelling stops short.
    if (c.fractionCount == 0 && p + 1 < s.size() && (s[p] == u':' || s[p] == u'.') && isDigit(s[p + 1]))
        return false;
    if (!epoch && !validDate(c.year == 0 ? 2000 : c.year, c.month, c.day))
        return false;
    end = p;
    return true;
}

Result<std::shared_ptr<const TimeSpelling>> compileTimeSpelling(const QString& pattern)
{
    auto spelling = std::make_shared<TimeSpelling>();
    spelling->pattern = pattern;
    const auto refuse = [&](const QString& why) {
        return fail(Error::Code::InvalidArgument, QStringLiteral("the time format \"%1\" %2").arg(pattern, why));
    };
    for (const auto& [name, width] :
        {std::pair{u"epoch", 10}, std::pair{u"epoch_ms", 13}, std::pair{u"epoch_us", 16}, std::pair{u"epoch_ns", 19}}) {
        if (pattern == QStringView(name)) {
            spelling->steps.push_back({Op::Epoch, 0, width});
            spelling->epoch = true;
            spelling->hasYear = true;
            return std::shared_ptr<const TimeSpelling>(spelling);
        }
    }
    bool day = false;
    bool month = false;
    bool hour = false;
    bool numericMonth = false;
    bool ampm = false;
    for (qsizetype i = 0; i < pattern.size();) {
        const QChar c = pattern[i];
        qsizetype run = 1;
        while (i + run < pattern.size() && pattern[i + run] == c)
            ++run;
        auto& steps = spelling->steps;
        const auto add = [&](Op op) { steps.push_back({op, 0, 0}); };
        switch (c.unicode()) {
        case u'y':
            if (run != 4 && run != 2)
                return refuse(QStringLiteral("has %1 y; a year is yyyy or yy").arg(run));
            add(run == 4 ? Op::Year4 : Op::Year2);
            spelling->hasYear = true;
            break;
        case u'M':
            if (run > 4)
                return refuse(QStringLiteral("has %1 M; a month is M, MM, MMM or MMMM").arg(run));
            add(run == 1 ? Op::MonthShort : run == 2 ? Op::Month2 : Op::MonthName);
            numericMonth = run <= 2;
            month = true;
            break;
        case u'd':
            if (run > 2)
                return refuse(QStringLiteral("has %1 d; a day is d or dd").arg(run));
            add(run == 1 ? Op::DayShort : Op::Day2);
            day = true;
            break;
        case u'E':
            add(Op::Weekday);
            break;
        case u'H':
            if (run > 2)
                return refuse(QStringLiteral("has %1 H; an hour is H or HH").arg(run));
            add(run == 1 ? Op::HourShort : Op::Hour2);
            hour = true;
            break;
        case u'h':
            if (run > 2)
                return refuse(QStringLiteral("has %1 h; an hour is h or hh").arg(run));
            add(Op::Hour12);
            spelling->twelveHour = true;
            hour = true;
            break;
        case u'm':
            if (run != 2)
                return refuse(QStringLiteral("has %1 m; minutes are mm").arg(run));
            add(Op::Minute);
            break;
        case u's':
            if (run != 2)
                return refuse(QStringLiteral("has %1 s; seconds are ss").arg(run));
            add(Op::Second);
            break;
        case u'S': {
            const bool afterSeparator = !steps.empty() && steps.back().op == Op::Literal
                && (steps.back().ch == u'.' || steps.back().ch == u',' || steps.back().ch == u':');
            if (!afterSeparator)
                return refuse(QStringLiteral("has S not after \".\", \",\" or \":\" (write ss.SSS)"));
            steps.back() = {steps.back().ch == u':' ? Op::Millis : Op::Fraction, 0, 0};
            break;
        }
        case u'a':
            if (!steps.empty() && steps.back().op == Op::Space)
                steps.pop_back(); // "10:18AM" and "10:18 AM" both
            add(Op::AmPm);
            ampm = true;
            break;
        case u'z':
        case u'Z':
        case u'X':
            add(Op::Zone);
            spelling->hasZone = true;
            break;
        case u'T':
            add(Op::DateTimeSep);
            break;
        case u' ':
            add(Op::Space);
            break;
        case u'\'': {
            const qsizetype close = pattern.indexOf(u'\'', i + 1);
            if (close < 0)
                return refuse(QStringLiteral("opens a quote it does not close"));
            for (qsizetype k = i + 1; k < close; ++k)
                steps.push_back({Op::Literal, pattern[k].unicode(), 0});
            i = close + 1;
            continue;
        }
        default:
            if (c.isLetter())
                return refuse(QStringLiteral("has the letter %1, which no field uses (quote text: 'T')").arg(c));
            for (qsizetype k = 0; k < run; ++k)
                steps.push_back({Op::Literal, c.unicode(), 0});
            break;
        }
        i += run;
    }
    if (!month || !day || !hour)
        return refuse(QStringLiteral("needs a month, a day and an hour (M, d, H), or one of epoch, epoch_ms, "
                                   "epoch_us, epoch_ns"));
    if (spelling->twelveHour && !ampm)
        return refuse(QStringLiteral("has a 12-hour clock (h) without AM/PM (a)"));
    spelling->numericDayMonth = numericMonth;
    // "[dd/MM/yyyy HH:mm:ss]": stamps are looked for where fields start, after the bracket.
    auto& steps = spelling->steps;
    while (!steps.empty() && steps.front().op == Op::Literal && isFieldDelimiter(QChar(steps.front().ch)))
        steps.erase(steps.begin());
    const Op firstOp = spelling->steps.front().op;
    spelling->first = firstOp == Op::MonthName || firstOp == Op::Weekday ? TimeSpelling::First::Letter
        : firstOp == Op::Literal || firstOp == Op::Space || firstOp == Op::DateTimeSep ? TimeSpelling::First::Any
                                                                                       : TimeSpelling::First::Digit;
    return std::shared_ptr<const TimeSpelling>(spelling);
}

QString patternOf(const TimeSpelling& spelling) { return spelling.pattern; }

const std::vector<std::shared_ptr<const TimeSpelling>>& timeSpellings()
{
    // The order breaks ties: a spelling earlier in the list wins when two read a sample equally.
    static const std::vector<std::shared_ptr<const TimeSpelling>> library = [] {
        std::vector<std::shared_ptr<const TimeSpelling>> all;
        for (const char* pattern : {
                 // ISO 8601 / RFC 3339 and its log variants (T or space, . or , fraction, offsets)
                 "yyyy-MM-ddTHH:mm:ss.SSS", "yyyy/MM/ddTHH:mm:ss.SSS",
                 "yyyy.MM.ddTHH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss:SSS", "yyyy-MM-dd, HH:mm:ss.SSS",
                 "yyyy-MM-dd-HH.mm.ss.SSS", "yyyy-MM-dd HH.mm.ss.SSS", "yyyy-MM-ddTHH:mm",
                 // compact: yyyyMMdd-HHmmss and friends, HDFS's yyMMdd HHmmss, basic ISO
                 "yyyyMMdd-HH:mm:ss:SSS", "yyyyMMdd-HH:mm:ss.SSS", "yyyyMMdd HH:mm:ss.SSS", "yyyyMMddTHHmmss.SSS",
                 "yyyyMMdd-HHmmss.SSS", "yyyyMMdd HHmmss", "yyyyMMddHHmmss.SSS", "yyMMdd HHmmss", "yyMMdd H:mm:ss",
                 // two-digit years, Spark's yy/MM/dd
                 "yy/MM/dd HH:mm:ss.SSS", "yy-MM-dd HH:mm:ss.SSS",
                 // numeric day and month: slashes month first (US), dots and dashes day first
                 "MM/dd/yyyy HH:mm:ss.SSS", "dd/MM/yyyy HH:mm:ss.SSS", "M/d/yyyy h:mm:ss a", "M/d/yyyy h:mm a",
                 "M/d/yyyy H:mm:ss", "d/M/yyyy H:mm:ss", "MM/dd/yyyy, HH:mm:ss", "dd/MM/yyyy, HH:mm:ss",
                 "M/d/yy h:mm:ss a", "M/d/yy, h:mm a", "MM/dd/yy HH:mm:ss", "dd.MM.yyyy HH:mm:ss.SSS",
                 "d.M.yyyy H:mm:ss", "dd.MM.yy HH:mm:ss", "dd-MM-yyyy HH:mm:ss.SSS", "MM-dd-yyyy HH:mm:ss.SSS",
                 "yyyy-MM-dd hh:mm:ss a", "yyyy/MM/dd hh:mm:ss a",
                 // month names
                 "dd/MMM/yyyy:HH:mm:ss.SSS", "dd-MMM-yyyy HH:mm:ss.SSS", "d-MMM-yyyy HH:mm:ss.SSS",
                 "d MMM yyyy HH:mm:ss.SSS", "d MMM yyyy, HH:mm:ss", "EEE, d MMM yyyy HH:mm:ss", "EEE d MMM yyyy HH:mm:ss",
                 "MMM d, yyyy h:mm:ss a", "MMM d, yyyy h:mm a", "MMM d, yyyy HH:mm:ss", "MMM d yyyy HH:mm:ss.SSS",
                 "MMM d, yyyy, h:mm a", "yyyy MMM d HH:mm:ss.SSS", "yyyy-MMM-dd HH:mm:ss.SSS",
                 "EEE MMM d HH:mm:ss.SSS yyyy", "EEE MMM d HH:mm:ss z yyyy", "EEE MMM d yyyy HH:mm:ss",
                 "EEE, MMM d, yyyy h:mm:ss a",
                 // without a year: syslog, Cisco, logcat, glog/klog, Proxifier
                 "MMM d HH:mm:ss.SSS", "MMM d h:mm:ss a", "d MMM HH:mm:ss.SSS", "MM-dd HH:mm:ss.SSS",
                 "MM.dd HH:mm:ss.SSS", "MM/dd HH:mm:ss.SSS", "MMdd HH:mm:ss.SSS",
                 // numbers since 1970
                 "epoch", "epoch_ms", "epoch_us", "epoch_ns"}) {
            auto compiled = compileTimeSpelling(QString::fromLatin1(pattern));
            Q_ASSERT(compiled);
            all.push_back(*compiled);
        }
        return all;
    }();
    return library;
}

int fieldStarts(QStringView line, qsizetype* starts, int max)
{
    int count = 0;
    const qsizetype limit = std::min<qsizetype>(line.size(), 256);
    for (qsizetype i = 0; i < limit && count < max; ++i) {
        if (!line[i].isLetterOrNumber() || !(i == 0 || isFieldDelimiter(line[i - 1])))
            continue;
        starts[count++] = i;
        // A letter glued to digits ("I0701 14:00:03" in glog) starts a field at the digits too.
        if (count < max && line[i].isUpper() && i + 1 < line.size() && isDigit(line[i + 1]))
            starts[count++] = i + 1;
    }
    return count;
}

namespace {

constexpr int maxFields = 10;
constexpr int maxLearnLines = 200;

// How a spelling fared over a sample.
struct Tally {
    int lines = 0;
    qint64 chars = 0;
    int zoned = 0;
    std::map<int, int> fields; // field -> lines that carry the stamp there first
    int firstLine = 0;
    qsizetype firstColumn = 0;
    QChar fractionSeparator;
    int fractionCount = 0;
    QChar dateTimeSeparator;
    bool dayAbove12 = false;
};

int completeness(const TimeSpelling& spelling, const Tally& tally)
{
    return (spelling.hasYear ? 1 : 0) + (spelling.epoch || tally.zoned * 2 > tally.lines ? 1 : 0);
}

int modeField(const Tally& tally)
{
    int best = 0;
    int count = -1;
    for (const auto& [field, lines] : tally.fields) {
        if (lines > count) {
            best = field;
            count = lines;
        }
    }
    return best;
}

// The pattern as the sample writes it: the fraction and the date-time separator as seen.
QString rendered(const TimeSpelling& spelling, const Tally& tally)
{
    QString out;
    const QString& p = spelling.pattern;
    for (qsizetype i = 0; i < p.size(); ++i) {
        if ((p[i] == u'.' || p[i] == u',' || p[i] == u':') && i + 1 < p.size() && p[i + 1] == u'S') {
            qsizetype j = i + 1;
            while (j < p.size() && p[j] == u'S')
                ++j;
            if (tally.fractionCount > 0)
                out += (p[i] == u':' ? QChar(u':') : tally.fractionSeparator) + QString(tally.fractionCount, u'S');
            i = j - 1;
            continue;
        }
        if (p[i] == u'T' && tally.dateTimeSeparator == u' ')
            out += u' ';
        else
            out += p[i];
    }
    return out;
}

std::optional<TimeShape> learn(const QStringList& lines, const std::shared_ptr<const TimeSpelling>& forced)
{
    const std::vector<std::shared_ptr<const TimeSpelling>> only = forced
        ? std::vector<std::shared_ptr<const TimeSpelling>>{forced}
        : std::vector<std::shared_ptr<const TimeSpelling>>{};
    const auto& spellings = forced ? only : timeSpellings();
    std::vector<Tally> tallies(spellings.size());
    int sampled = 0;
    qsizetype starts[maxFields];
    for (qsizetype n = 0; n < lines.size() && sampled < maxLearnLines; ++n) {
        const QStringView line(lines[n]);
        if (line.trimmed().isEmpty())
            continue;
        ++sampled;
        const int fields = fieldStarts(line, starts, maxFields);
        // Which fields start with a month or weekday name: the name spellings are tried only there.
        bool named[maxFields];
        for (int f = 0; f < fields; ++f) {
            qsizetype p = starts[f];
            named[f] = line[p].isLetter() && (monthAt(line, p) != 0 || (p = starts[f], weekdayAt(line, p)));
        }
        for (std::size_t s = 0; s < spellings.size(); ++s) {
            const bool byName = spellings[s]->first == TimeSpelling::First::Letter;
            for (int f = 0; f < fields; ++f) {
                if (byName && !named[f])
                    continue;
                TimestampReader::Civil civil;
                qsizetype end = 0;
                if (!spellings[s]->match(line, starts[f], civil, end))
                    continue;
                Tally& t = tallies[s];
                if (t.lines == 0) {
                    t.firstLine = int(n) + 1;
                    t.firstColumn = starts[f];
                    t.dateTimeSeparator = civil.dateTimeSeparator;
                }
                if (civil.fractionCount > t.fractionCount) {
                    t.fractionCount = civil.fractionCount;
                    t.fractionSeparator = civil.fractionSeparator;
                }
                ++t.lines;
                t.chars += end - starts[f];
                t.zoned += civil.hasOffset ? 1 : 0;
                ++t.fields[f];
                t.dayAbove12 = t.dayAbove12 || civil.day > 12;
                break;
            }
        }
    }
    std::size_t best = spellings.size();
    for (std::size_t s = 0; s < spellings.size(); ++s) {
        const Tally& t = tallies[s];
        if (t.lines == 0)
            continue;
        if (best == spellings.size()) {
            best = s;
            continue;
        }
        const Tally& b = tallies[best];
        const auto key = [&](std::size_t i, const Tally& x) {
            // More lines; then a complete stamp; then more of each stamp read; then an earlier field.
            return std::tuple{x.lines, completeness(*spellings[i], x), x.chars, -modeField(x)};
        };
        if (key(s, t) > key(best, b))
            best = s;
    }
    if (best == spellings.size())
        return std::nullopt;
    const Tally& t = tallies[best];
    TimeShape shape;
    shape.spelling = spellings[best];
    shape.field = modeField(t);
    shape.matchedLines = t.lines;
    shape.sampledLines = sampled;
    shape.exampleLine = t.firstLine;
    shape.exampleColumn = t.firstColumn;
    shape.zoneGiven = spellings[best]->epoch || t.zoned * 2 > t.lines;
    if (spellings[best]->numericDayMonth && !t.dayAbove12) {
        // Another spelling that reads the same lines the same way, with day and month swapped?
        for (std::size_t s = 0; s < spellings.size(); ++s) {
            if (s != best && spellings[s]->numericDayMonth && tallies[s].lines == t.lines
                && tallies[s].chars == t.chars && spellings[s]->hasYear == spellings[best]->hasYear) {
                shape.dayMonthAmbiguous = true;
                break;
            }
        }
    }
    // Rendered once here: describe() has no sample.
    auto described = std::make_shared<TimeSpelling>(*spellings[best]);
    described->pattern = rendered(*spellings[best], t);
    shape.spelling = described;
    return shape;
}

} // namespace

std::optional<TimeShape> learnTimeShape(const QStringList& lines, const std::shared_ptr<const TimeSpelling>& forced)
{
    // Detection, the summary and the reader each ask about the same sample: learn it once.
    static std::mutex mutex;
    static QStringList lastLines;
    static std::shared_ptr<const TimeSpelling> lastForced;
    static std::optional<TimeShape> lastShape;
    {
        const std::lock_guard lock(mutex);
        if (!lastLines.isEmpty() && forced == lastForced && lines == lastLines)
            return lastShape;
    }
    std::optional<TimeShape> shape = learn(lines, forced);
    const std::lock_guard lock(mutex);
    lastLines = lines;
    lastForced = forced;
    lastShape = shape;
    return shape;
}

QString TimeShape::describe() const
{
    QString where = field == 0 ? QStringLiteral("timestamp at column %1").arg(exampleColumn)
                               : QStringLiteral("timestamp in field %1 (column %2 of line %3)")
                                     .arg(field + 1)
                                     .arg(exampleColumn)
                                     .arg(exampleLine);
    QString out = QStringLiteral("%1, `%2`").arg(where, spelling ? spelling->pattern : QString());
    if (spelling && !spelling->hasYear)
        out += QStringLiteral(", no year");
    if (dayMonthAmbiguous)
        out += QStringLiteral(", day and month order assumed (no day above 12 in the sample)");
    out += zoneGiven ? QStringLiteral(", with its zone") : QStringLiteral(", no zone");
    return out;
}

TimestampReader::TimestampReader(QTimeZone naiveZone, qint64 referenceUtcUs, int year)
    : m_zone(std::move(naiveZone)), m_zoneIsUtc(m_zone.id() == "UTC" || m_zone.id() == "Etc/UTC")
{
    const QDateTime reference = QDateTime::fromMSecsSinceEpoch(referenceUtcUs / 1000, m_zone);
    m_referenceYear = year > 0 ? year : reference.date().year();
    m_referenceMonth = year > 0 ? 12 : reference.date().month();
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

std::optional<FoundTime> TimestampReader::tryAt(const TimeSpelling& spelling, QStringView line, qsizetype at)
{
    Civil civil;
    qsizetype end = 0;
    if (!spelling.match(line, at, civil, end))
        return std::nullopt;
    return finish(civil, at, end);
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
    if (at < line.size() && (line[at] == u'[' || line[at] == u'*'))
        ++at;
    if (at >= line.size() || !line[at].isLetterOrNumber())
        return std::nullopt;
    if (m_last) {
        if (auto found = tryAt(*m_last, line, at))
            return found;
    }
    // Spellings that start with a name need a month or weekday here: most words are neither.
    bool nameHere = false;
    if (line[at].isLetter()) {
        qsizetype p = at;
        nameHere = monthAt(line, p) != 0 || weekdayAt(line, p);
        if (!nameHere)
            return std::nullopt;
    }
    for (const auto& spelling : timeSpellings()) {
        if (spelling.get() == m_last || (spelling->first == TimeSpelling::First::Letter && !nameHere))
            continue;
        if (auto found = tryAt(*spelling, line, at)) {
            m_last = spelling.get();
            return found;
        }
    }
    return std::nullopt;
}

std::optional<FoundTime> TimestampReader::find(QStringView line, const TimeShape& shape)
{
    // Most lines lead with their stamp: no fields to find.
    const bool atStart = shape.field == 0 && !line.isEmpty() && line[0].isLetterOrNumber();
    if (atStart) {
        if (auto found = tryAt(*shape.spelling, line, 0))
            return found;
    }
    // Its field, then another (a label before the stamp on some lines), then any spelling at the start.
    qsizetype starts[maxFields];
    const int fields = fieldStarts(line, starts, maxFields);
    if (shape.field < fields && !atStart) {
        if (auto found = tryAt(*shape.spelling, line, starts[shape.field]))
            return found;
    }
    for (int f = 0; f < fields; ++f) {
        if (f == shape.field)
            continue;
        if (auto found = tryAt(*shape.spelling, line, starts[f]))
            return found;
    }
    return leading(line);
}

} // namespace aftermath::ingest
