#pragma once

#include <QDate>
#include <QString>
#include <QStringList>

#include <QStringView>

#include <optional>
#include <utility>
#include <vector>

namespace aftermath::model {

// An incident under investigation: its window and the postmortem's own fields.
struct Incident {
    qint64 id = 0;
    QString title;
    qint64 fromUs = 0; // the window, UTC microseconds, inclusive
    qint64 toUs = 0;
    QString displayZone; // IANA id the timeline is shown in
    // The window [from, to) the timeline compares the message templates' rates with, UTC
    // microseconds, ending by fromUs; unset: the timeline's own choice (timeline::Options).
    std::optional<std::pair<qint64, qint64>> baseline;
    QString severity;
    QString status = QStringLiteral("draft"); // draft | in_review | final
    QString summary;
    QString authors; // as people write them: "Dana W, Sam Okafor"
    QString description; // the non-technical description
    QString impact;
    QString trigger;
    QString detection;
    QString resolution;
    QString contributingFactors;
    QString wentWell;
    QString wentWrong;
    QString gotLucky;
    qint64 createdAtUs = 0;
    qint64 updatedAtUs = 0;
    // Names the incident in every store it is copied to (push, pull); the store makes one when a
    // new incident has none.
    QString uid;
    // How many times the incident has been changed: an edit based on an older version may conflict.
    qint64 rowVersion = 1;

    bool operator==(const Incident&) const = default;
};

// One line of a postmortem's curated timeline: what a person (or the draft) wrote, with the events
// it cites.
struct TimelineEntry {
    enum class Origin { Draft, User };
    qint64 id = 0;
    qint64 incidentId = 0;
    qint64 timeUs = 0;
    std::optional<qint64> endUs;
    QString text;
    QString note;
    Origin origin = Origin::User;
    bool edited = false; // a drafted entry a person changed: the draft leaves it alone
    std::vector<qint64> eventIds;

    bool operator==(const TimelineEntry&) const = default;
};

struct RootCause {
    qint64 id = 0;
    qint64 incidentId = 0;
    int position = 0; // 1 is the first
    QString text;

    bool operator==(const RootCause&) const = default;
};

struct ActionItem {
    enum class Status { Open, InProgress, Done, WontDo };
    enum class Type { Prevent, Mitigate, Detect, Process, Spike };
    qint64 id = 0;
    qint64 incidentId = 0;
    QString description;
    QString owner;
    std::optional<QDate> due; // a day, not an instant
    Status status = Status::Open;
    QString priority; // as the team writes it: P1, high, ...
    std::optional<Type> type;
    QString link; // the tracker issue
    qint64 createdAtUs = 0;
    std::optional<qint64> closedAtUs;
    // How many times the item has been changed: an edit based on an older version may conflict.
    qint64 rowVersion = 1;

    // Not done or won't do, and due before `today`.
    bool isOverdue(QDate today) const
    {
        return status != Status::Done && status != Status::WontDo && due && *due < today;
    }
    bool operator==(const ActionItem&) const = default;
};

// The stored names of action item statuses and types, used by the store, the CLI and JSON: open,
// in_progress, done, wont_do; prevent, mitigate, detect, process, spike.
QStringView toString(ActionItem::Status status);
QStringView toString(ActionItem::Type type);
std::optional<ActionItem::Status> actionStatusFromString(QStringView name);
std::optional<ActionItem::Type> actionTypeFromString(QStringView name);
// The statuses an incident may have: draft, in_review, final.
bool isIncidentStatus(QStringView status);

// What an update of an incident changes: each field that is set, and nothing else. An empty text
// clears the field (title and status cannot be cleared).
//
// Several people at once (docs/team-store.md): an update may say what it was based on, so that it
// does not silently overwrite what someone else wrote since. With `basedOn` and `startedFrom`
// (an editor's copy), a field the update sets is refused only when the stored value is neither the
// one the editor started from (nobody else changed it: merged) nor the one it writes; with only
// `basedOn` (a script's --if-version), any field it sets that differs from the stored one is
// refused once the row has changed since that version. Refusals fail the whole update with
// Error::Code::Conflict and both values per field. Neither set: written as given.
struct IncidentUpdate {
    std::optional<QString> title = {};
    std::optional<qint64> fromUs = {};
    std::optional<qint64> toUs = {};
    std::optional<QString> displayZone = {};
    // A set std::optional holding std::nullopt clears the baseline (the timeline chooses again).
    std::optional<std::optional<std::pair<qint64, qint64>>> baseline = {};
    std::optional<QString> severity = {}; // free text: SEV2, P1, major, ...
    std::optional<QString> status = {}; // draft | in_review | final
    std::optional<QString> summary = {};
    std::optional<QString> authors = {};
    std::optional<QString> description = {};
    std::optional<QString> impact = {};
    std::optional<QString> trigger = {};
    std::optional<QString> detection = {};
    std::optional<QString> resolution = {};
    std::optional<QString> contributingFactors = {};
    std::optional<QString> wentWell = {};
    std::optional<QString> wentWrong = {};
    std::optional<QString> gotLucky = {};

    // The row version the edit was based on (Incident::rowVersion as read).
    std::optional<qint64> basedOn = {};
    // The incident as the editor read it: the value each field it sets started from.
    std::optional<Incident> startedFrom = {};

    // Changes no field (whatever its basis).
    bool isEmpty() const
    {
        IncidentUpdate fields = *this;
        fields.basedOn.reset();
        fields.startedFrom.reset();
        return fields == IncidentUpdate();
    }
    bool operator==(const IncidentUpdate&) const = default;
};

// What an update of an action item changes; a set std::optional holding std::nullopt clears the
// field. Changing the status to done or won't do sets closedAtUs from the store's clock; reopening
// it (open, in progress) clears closedAtUs. `basedOn` and `startedFrom` work as IncidentUpdate's:
// one person changing the status and another the owner both land; two different statuses conflict.
struct ActionItemUpdate {
    std::optional<QString> description = {};
    std::optional<QString> owner = {};
    std::optional<std::optional<QDate>> due = {};
    std::optional<ActionItem::Status> status = {};
    std::optional<QString> priority = {};
    std::optional<std::optional<ActionItem::Type>> type = {};
    std::optional<QString> link = {};

    std::optional<qint64> basedOn = {}; // ActionItem::rowVersion as read
    std::optional<ActionItem> startedFrom = {}; // the item as the editor read it

    // Changes no field (whatever its basis).
    bool isEmpty() const { return !description && !owner && !due && !status && !priority && !type && !link; }
};

// A section of a postmortem that no field holds ("Customer communication", "Why was this hard to
// detect?"): kept as written and exported again where it was, after the field section it followed.
// What an exported document says from the evidence ("What the evidence shows", "From the evidence:
// ..." under Impact) is kept the same way, marked fromEvidence: the export shows it only when the
// store has no events to reconstruct it from.
struct CustomSection {
    qint64 id = 0;
    qint64 incidentId = 0;
    int position = 0; // 1 is the first, in the document's order
    QString heading; // the heading's Markdown, without its #s; empty: a part of the field before it
    QString markdown; // the section's body, verbatim (its own subsections included)
    // The field section it followed, by its template name (customSectionAnchors()); empty: before
    // the first.
    QString after;
    bool fromEvidence = false;

    bool operator==(const CustomSection&) const = default;
};

// The names a custom section's `after` may take, in the order the fields have in a document that
// has them all: "" (before any), date, authors, status, summary, description, impact, trigger,
// detection, resolution, timeline, root_causes, contributing_factors, lessons, went_well,
// went_wrong, got_lucky, action_items, evidence.
const QStringList& customSectionAnchors();

// Everything a postmortem document is made of.
struct Postmortem {
    Incident incident;
    std::vector<TimelineEntry> timeline; // in time order
    std::vector<RootCause> rootCauses; // in position order
    std::vector<ActionItem> actionItems; // in id order
    std::vector<CustomSection> customSections; // in position order

    bool operator==(const Postmortem&) const = default;
};

} // namespace aftermath::model
