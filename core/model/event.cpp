#include "event.h"

#include <array>
#include <utility>

namespace aftermath::model {

namespace {

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, QStringView>, N>;

constexpr NameTable<TimeQuality, timeQualityCount> timeQualityNames{{
    {TimeQuality::Explicit, u"explicit"},
    {TimeQuality::ZoneAssumed, u"zone_assumed"},
    {TimeQuality::YearInferred, u"year_inferred"},
    {TimeQuality::Inherited, u"inherited"},
}};

constexpr NameTable<Level, levelCount> levelNames{{
    {Level::Unknown, u"unknown"},
    {Level::Trace, u"trace"},
    {Level::Debug, u"debug"},
    {Level::Info, u"info"},
    {Level::Notice, u"notice"},
    {Level::Warning, u"warning"},
    {Level::Error, u"error"},
    {Level::Critical, u"critical"},
    {Level::Fatal, u"fatal"},
}};

constexpr NameTable<EventKind, eventKindCount> kindNames{{
    {EventKind::Log, u"log"},
    {EventKind::Commit, u"commit"},
    {EventKind::Merge, u"merge"},
    {EventKind::Deploy, u"deploy"},
    {EventKind::CiRun, u"ci_run"},
    {EventKind::JobStart, u"job_start"},
    {EventKind::JobEnd, u"job_end"},
    {EventKind::StepStart, u"step_start"},
    {EventKind::StepEnd, u"step_end"},
    {EventKind::Error, u"error"},
    {EventKind::Retry, u"retry"},
    {EventKind::Chat, u"chat"},
    {EventKind::Alert, u"alert"},
}};

template <typename Enum, std::size_t N>
QStringView nameOf(const NameTable<Enum, N>& table, Enum value)
{
    for (const auto& [e, name] : table) {
        if (e == value)
            return name;
    }
    Q_UNREACHABLE();
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const NameTable<Enum, N>& table, QStringView name)
{
    for (const auto& [e, n] : table) {
        if (n == name)
            return e;
    }
    return std::nullopt;
}

} // namespace

QStringView toString(TimeQuality quality) { return nameOf(timeQualityNames, quality); }
QStringView toString(Level level) { return nameOf(levelNames, level); }
QStringView toString(EventKind kind) { return nameOf(kindNames, kind); }

std::optional<TimeQuality> timeQualityFromString(QStringView name) { return valueOf(timeQualityNames, name); }
std::optional<Level> levelFromString(QStringView name) { return valueOf(levelNames, name); }
std::optional<EventKind> eventKindFromString(QStringView name) { return valueOf(kindNames, name); }

} // namespace aftermath::model
