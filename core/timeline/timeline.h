#pragma once

#include "model/error.h"
#include "model/event.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace aftermath::timeline {

// One line of a reconstructed timeline: an event, or a group of repeats of one message template
// within a source and run ("create_post_funding failed ×41, 02:03–05:37"), or the start or end of a
// run several sources report (then `source` lists them, and their own entries are not key).
struct Entry {
    qint64 timeUs = 0;
    std::optional<qint64> endUs; // the last repeat, when count > 1
    model::EventKind kind = model::EventKind::Log;
    QString source;
    QString run;
    QString summary;
    qint64 count = 1;
    bool key = false; // shown without --all: changes, runs, errors, retries, alerts, people
    // Folded into the background group: steady before the incident began (never key, never lost).
    bool background = false;
    QString templateText; // the message template its events share ("<*>" where they differ)
    std::vector<qint64> eventIds; // the events behind the entry, in order (at most maxCited)
};

// A job's run: paired start and end events of one job and run id, linked across sources when
// they describe the same run (an ECS task, its log stream and a chat bot's "started for NHS E").
struct Run {
    enum class Outcome { Succeeded, Failed, Unfinished };
    QString job;
    QString run; // tenant, else run id
    QString runId; // the id its (first) source gives it: an ECS task id, a workflow run id, a tenant
    QString tenant; // the tenant or customer the run is for, when the evidence names one
    QString source; // the source of its earliest start
    QStringList sources; // every source with evidence of this run, the earliest first
    qint64 startedUs = 0;
    std::optional<qint64> endedUs;
    Outcome outcome = Outcome::Unfinished;
    qint64 retries = 0;
    qint64 errors = 0;
    QString version; // task definition revision or commit the evidence names
    std::vector<qint64> eventIds;
    std::vector<qint64> startEventIds; // each source's start event
    std::vector<qint64> endEventIds; // each source's end event, when it ended
    bool background = false; // a run of a job that ran steadily before the incident began
};

struct Finding {
    enum class Type { FirstError, UnfinishedRun, RetryLoop, SuspectChange, VersionChange, NewTemplate, RateChange };
    Type type = Type::FirstError;
    qint64 timeUs = 0;
    QString summary;
    int rank = 0; // suspects: 1 is the most likely; others 0
    QString reason;
    std::vector<qint64> eventIds;
    // new_template and rate_change: occurrences an hour before the change point and after it.
    double ratePerHourBefore = 0;
    double ratePerHourAfter = 0;
};

// One message template of one source in the window: how often it occurred inside the window and
// in the baseline before it, and what that makes it.
struct TemplateStat {
    enum class Role {
        Incident, // new, or surging, in the window: a finding
        Background, // steady since before the incident began, or seen in the baseline: folded
        Window, // neither: listed as before
    };
    QString text;
    QString source;
    model::EventKind kind = model::EventKind::Log;
    bool error = false;
    qint64 count = 0; // in the window
    qint64 baselineCount = 0; // in the baseline window
    qint64 firstUs = 0; // in the window
    qint64 lastUs = 0;
    Role role = Role::Window;
    bool isNew = false; // incident: never seen before its change point
    std::optional<qint64> changeUs; // incident: its first occurrence in the surge
    std::optional<qint64> surgeEndUs; // incident: its last occurrence in the surge
    double ratePerHourBefore = 0;
    double ratePerHourAfter = 0;
    std::vector<qint64> eventIds; // the first few, from the change point when there is one
};

struct Phases {
    std::optional<qint64> trigger; // the top suspect change
    std::optional<qint64> impactStart; // the first error
    std::optional<qint64> detected; // the first alert or person speaking up after the impact began
    std::optional<qint64> mitigated; // a rollback or the first successful run after the impact
    std::optional<qint64> resolved; // the last run to succeed after mitigation
};

struct Timeline {
    qint64 fromUs = 0;
    qint64 toUs = 0;
    // The window the templates' rates were compared with (empty when there was no evidence before).
    std::optional<std::pair<qint64, qint64>> baseline;
    std::vector<Entry> entries;
    std::vector<Run> runs;
    std::vector<Finding> findings;
    Phases phases;
    std::vector<TemplateStat> templates; // every template of the window, in order of first occurrence
};

struct Options {
    qint64 fromUs = 0;
    qint64 toUs = 0;
    // How far before the first error changes are considered as suspects.
    qint64 lookBackUs = 24LL * 3600 * 1'000'000;
    // The baseline window templates' rates are compared with, [from, to). Unset: the window's own
    // length just before it, else (when no source said anything there) the same hours a day before.
    std::optional<qint64> baselineFromUs = {};
    std::optional<qint64> baselineToUs = {};
};

// Where reading a window's events starts: the look-back for suspects and the baseline, whichever
// is earlier.
qint64 readStartUs(const Options& options);

// How many events a finding or run keeps as evidence, and how many of an entry's events are read
// with the timeline and shown (the JSON's event_ids, the app's evidence pane).
inline constexpr std::size_t maxEvidence = 50;
// How many events an entry keeps: all of its own, up to this, so that a postmortem citing it cites
// every one (an entry of 129 repeats cites 129). It bounds the reconstruction's memory by message
// templates, not events: at most this many ids (8 bytes each) per template.
inline constexpr std::size_t maxCited = 5000;

// The background group: how many entries and events were folded into it.
struct BackgroundGroup {
    qint64 entries = 0;
    qint64 events = 0;
};
BackgroundGroup backgroundGroup(const Timeline& timeline);

// Occurrences an hour, as people write them: "406", "2.5", "0.42".
QString formatRate(double perHour);

QString toString(Run::Outcome outcome);
QString toString(Finding::Type type);
QString toString(TemplateStat::Role role);

// Reconstructs the timeline of a window from its events, fed in (time, source, seq) order.
// Deterministic: the same events give the same timeline. Memory grows with the number of distinct
// message templates, not with the number of events.
class Reconstructor {
public:
    explicit Reconstructor(const Options& options);
    ~Reconstructor();
    Reconstructor(const Reconstructor&) = delete;
    Reconstructor& operator=(const Reconstructor&) = delete;

    void add(const model::StoredEvent& event);
    Timeline finish();

private:
    struct State;
    std::unique_ptr<State> d;
};

// Where a reconstruction is: the time of the last event read, called every 256 events
// from the calling thread.
using ReadProgress = std::function<void(qint64 timeUs)>;

// Reads the events from fromUs to toUs (inclusive) in (time, source, seq) order, calling `visit`
// with each until it returns false: the evidence store's forEachEvent, which core/workspace
// passes in, so that reconstruction never sees the store.
using EventReader
    = std::function<Result<void>(qint64 fromUs, qint64 toUs, const std::function<bool(model::StoredEvent&&)>& visit)>;

// Reads the window through `read` (in the calling thread) and reconstructs it (in a second
// thread). The window read starts options.lookBackUs early: changes that long before it can be
// suspects. Setting `*cancel` stops it with Error::Code::Cancelled.
Result<Timeline> reconstruct(const EventReader& read, const Options& options, const ReadProgress& progress = {},
    const std::atomic_bool* cancel = nullptr);

} // namespace aftermath::timeline
