#include "textlevel.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace aftermath::ingest {

using model::Level;

namespace {

struct LevelName {
    std::u16string_view name; // lower case
    Level level;
};

constexpr std::array<LevelName, 24> levelNames{{
    {u"trace", Level::Trace},
    {u"debug", Level::Debug},
    {u"dbg", Level::Debug},
    {u"info", Level::Info},
    {u"information", Level::Info},
    {u"notice", Level::Notice},
    {u"warn", Level::Warning},
    {u"warning", Level::Warning},
    {u"error", Level::Error},
    {u"err", Level::Error},
    {u"severe", Level::Error},
    {u"critical", Level::Critical},
    {u"crit", Level::Critical},
    {u"alert", Level::Critical},
    {u"emerg", Level::Fatal},
    {u"emergency", Level::Fatal},
    {u"fatal", Level::Fatal},
    {u"panic", Level::Fatal},
    {u"verbose", Level::Trace},
    {u"fine", Level::Debug},
    // Serilog's and .NET's three-letter forms: [INF], [WRN], [FTL], [VRB]
    {u"inf", Level::Info},
    {u"wrn", Level::Warning},
    {u"ftl", Level::Fatal},
    {u"vrb", Level::Trace},
}};

constexpr std::size_t longestLevelName = 11; // "information"

bool isAscii(QStringView s)
{
    return std::ranges::all_of(s, [](QChar c) { return c.unicode() < 128; });
}

} // namespace

Level levelFromName(QStringView name)
{
    if (isAscii(name)) {
        // Every word of a message is tried, so the common case compares characters without Qt's
        // Unicode case folding (which agrees with this for ASCII).
        if (name.size() > qsizetype(longestLevelName))
            return Level::Unknown;
        std::array<char16_t, longestLevelName> lower;
        for (qsizetype i = 0; i < name.size(); ++i) {
            const char16_t c = name[i].unicode();
            lower[std::size_t(i)] = (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c;
        }
        const std::u16string_view word(lower.data(), std::size_t(name.size()));
        for (const auto& [n, level] : levelNames) {
            if (word == n)
                return level;
        }
        return Level::Unknown;
    }
    // Case folding can turn other characters into ASCII ones ("ſevere"): compare as Qt does.
    for (const auto& [n, level] : levelNames) {
        if (name.compare(QStringView(n), Qt::CaseInsensitive) == 0)
            return level;
    }
    return Level::Unknown;
}

Level levelFromLetter(QChar letter)
{
    switch (letter.unicode()) {
    case u'V':
        return Level::Trace;
    case u'D':
        return Level::Debug;
    case u'I':
        return Level::Info;
    case u'W':
        return Level::Warning;
    case u'E':
        return Level::Error;
    case u'F':
        return Level::Fatal;
    default:
        return Level::Unknown;
    }
}

Level findLevel(QStringView text, int maxTokens)
{
    qsizetype i = 0;
    for (int token = 0; token < maxTokens; ++token) {
        while (i < text.size() && text[i].isSpace())
            ++i;
        if (i >= text.size())
            break;
        const qsizetype start = i;
        while (i < text.size() && !text[i].isSpace())
            ++i;
        QStringView word = text.sliced(start, i - start);
        const bool wrapped = (word.startsWith(u'[') && word.endsWith(u']'))
            || (word.startsWith(u'<') && word.endsWith(u'>')) || (word.startsWith(u'(') && word.endsWith(u')'));
        if (word.size() >= 2 && wrapped)
            word = word.sliced(1, word.size() - 2);
        while (word.endsWith(u':') || word.endsWith(u','))
            word.chop(1);
        if (const qsizetype eq = word.indexOf(u'='); eq > 0) {
            const QStringView key = word.first(eq);
            if (key.compare(u"level", Qt::CaseInsensitive) == 0 || key.compare(u"severity", Qt::CaseInsensitive) == 0
                || key.compare(u"lvl", Qt::CaseInsensitive) == 0) {
                QStringView value = word.sliced(eq + 1);
                if (value.startsWith(u'"') && value.endsWith(u'"') && value.size() >= 2)
                    value = value.sliced(1, value.size() - 2);
                return levelFromName(value);
            }
            continue;
        }
        // "core:error" in Apache 2.4 error logs.
        if (wrapped) {
            if (const qsizetype colon = word.lastIndexOf(u':'); colon >= 0)
                word = word.sliced(colon + 1);
        }
        if (word.size() == 1 && !wrapped) {
            if (const Level level = levelFromLetter(word[0]); level != Level::Unknown)
                return level;
            continue;
        }
        const Level level = levelFromName(word);
        if (level == Level::Unknown)
            continue;
        const bool upper = isAscii(word) ? std::ranges::none_of(word, [](QChar c) { return c >= u'a' && c <= u'z'; })
                                         : word.toString() == word.toString().toUpper();
        if (wrapped || upper)
            return level;
    }
    return Level::Unknown;
}

model::EventKind kindForLevel(Level level)
{
    return level >= Level::Error ? model::EventKind::Error : model::EventKind::Log;
}

} // namespace aftermath::ingest
