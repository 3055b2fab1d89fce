#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace aftermath::model {

// How much to trust an event's time (DESIGN.md, "Time").
enum class TimeQuality {
    Explicit, // the source gave an offset or Z
    ZoneAssumed, // a naive time read in the zone given for the source
    YearInferred, // the source gave no year (syslog); it came from the file's other dates or mtime
    Inherited, // the line had no time of its own; it took that of the timed line before it
};

enum class Level { Unknown, Trace, Debug, Info, Notice, Warning, Error, Critical, Fatal };

// What an event is about; classification rules map source lines to one of these.
enum class EventKind {
    Log,
    Commit,
    Merge,
    Deploy,
    CiRun,
    JobStart,
    JobEnd,
    StepStart,
    StepEnd,
    Error,
    Retry,
    Chat,
    Alert,
};

// How many values each enumeration has (they run from 0 without gaps).
inline constexpr int timeQualityCount = int(TimeQuality::Inherited) + 1;
inline constexpr int levelCount = int(Level::Fatal) + 1;
inline constexpr int eventKindCount = int(EventKind::Alert) + 1;

// Stable lower-case names, used in the store, the CLI and JSON ("zone_assumed", "warning", "ci_run").
QStringView toString(TimeQuality quality);
QStringView toString(Level level);
QStringView toString(EventKind kind);
std::optional<TimeQuality> timeQualityFromString(QStringView name);
std::optional<Level> levelFromString(QStringView name);
std::optional<EventKind> eventKindFromString(QStringView name);

// One thing that happened, as read from one place in one source.
struct Event {
    enum Flag : unsigned {
        InvalidUtf8 = 1u << 0, // bytes that were not UTF-8 were replaced
        Truncated = 1u << 1, // the line was cut at the length limit
    };

    qint64 id = 0; // assigned by the store
    qint64 sourceId = 0; // the sources row it came from
    qint64 timeUs = 0; // UTC microseconds since the epoch
    TimeQuality timeQuality = TimeQuality::Explicit;
    qint64 seq = 0; // order within the source
    qint64 line = 0; // 1-based line in the source, 0 when not line-based
    QString locator; // where in a structured source (a JSON pointer), empty for text lines
    Level level = Level::Unknown;
    EventKind kind = EventKind::Log;
    QString service; // service or job name
    QString runId;
    QString actor;
    QString outcome;
    QString message;
    QString raw; // the original text, when it differs from message
    unsigned flags = 0;

    bool operator==(const Event&) const = default;
};

// An event as read back from the store, with the name of the source it came from.
struct StoredEvent {
    Event event;
    QString sourceName;
};

} // namespace aftermath::model
