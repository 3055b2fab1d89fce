#pragma once

#include "layering.h"

#include "model/error.h"
#include "model/incident.h"

#include <QDate>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace aftermath::store {

// Who writes an incident's text: the draft's own text is remembered, so that drafting again may
// replace it, and only it (core/draft).
enum class Writer { Person, Draft };

// Which action items to list; every condition set must hold.
struct ActionItemFilter {
    std::optional<qint64> incidentId = {};
    std::optional<QString> owner = {}; // compared without regard to ASCII case
    std::optional<model::ActionItem::Status> status = {};
    bool unfinished = false; // only items still to do: open or in progress
    std::optional<QDate> overdueOn = {}; // only items overdue on this day (ActionItem::isOverdue)
};

// The postmortem half of a store: incidents and what people write about them (the curated
// timeline, root causes, action items). Each call is one atomic write; atomically() makes one
// write of several. An interface, so that another SQL dialect can implement it; the SQLite one is
// core/store/store.h.
class PostmortemStore {
public:
    virtual ~PostmortemStore() = default;

    // Runs `work` as one write: what it changes through this store lands together, or, when it
    // fails (or the commit does), not at all. Reads inside it see one snapshot, and other writers
    // wait for it.
    virtual Result<void> atomically(const std::function<Result<void>()>& work) = 0;

    // Incidents. createIncident fills id and the created/updated times from the store's clock.
    virtual Result<model::Incident> createIncident(model::Incident incident) = 0;
    // In window order.
    virtual Result<std::vector<model::Incident>> incidents() const = 0;
    // Error::Code::NotFound when there is no such incident.
    virtual Result<model::Incident> incident(qint64 id) const = 0;
    // Changes the fields `update` sets. Checked: a title is not empty, the status is draft,
    // in_review or final, the window does not end before it starts (with the stored ends for the
    // one not given). `writer` Draft also remembers each text it writes (draftedFields).
    virtual Result<model::Incident> updateIncident(
        qint64 id, const model::IncidentUpdate& update, Writer writer = Writer::Person)
        = 0;
    // The text fields as the draft last wrote them (only those it wrote are set).
    virtual Result<model::IncidentUpdate> draftedFields(qint64 incidentId) const = 0;
    // For a copy of an incident from another store (push, pull): what the draft there remembers,
    // as draftedFields and dismissedDraftEvents return it (`dismissedEvents` are ids of events in
    // this store). Replaces what this store remembers for the incident.
    virtual Result<void> recordDraft(
        qint64 incidentId, const model::IncidentUpdate& drafted, const std::vector<qint64>& dismissedEvents)
        = 0;

    // The whole postmortem of an incident, read in one snapshot: the incident, its curated timeline
    // (time order, with the events each entry cites), root causes (position order) and action items
    // (id order). Error::Code::NotFound when there is no such incident.
    virtual Result<model::Postmortem> postmortem(qint64 id) const = 0;
    // Writes a whole postmortem in one transaction, as a new incident (ids in `postmortem` are
    // ignored; root causes and custom sections are numbered 1.. in their order; created/updated
    // times of the incident, and of action items without one, come from the store's clock). A
    // custom section must follow one of model::customSectionAnchors(). On any failure nothing is
    // written. Returns the new incident's id.
    virtual Result<qint64> createPostmortem(const model::Postmortem& postmortem) = 0;
    // The sections of an imported postmortem that no field holds, in the document's order
    // (positions 1..). Error::Code::NotFound when there is no such incident.
    virtual Result<std::vector<model::CustomSection>> customSections(qint64 incidentId) const = 0;

    // Root causes, numbered 1.. in order. `position` std::nullopt adds at the end; otherwise the
    // new cause takes that position and those from there move down one.
    virtual Result<model::RootCause> addRootCause(
        qint64 incidentId, const QString& text, std::optional<int> position = {})
        = 0;
    virtual Result<std::vector<model::RootCause>> rootCauses(qint64 incidentId) const = 0;
    // Several people at once: `startedFrom`, when given, is the text the editor read at `position`
    // (at `from` for a move). When the cause there now reads otherwise (someone else reworded it, or
    // added, removed or moved causes before it) the change is refused with Error::Code::Conflict,
    // its one conflict field "text" holding theirs and the editor's, and nothing is written.
    // Rewrites the text of the cause at `position`, which keeps its place.
    virtual Result<model::RootCause> rewordRootCause(
        qint64 incidentId, int position, const QString& text, const std::optional<QString>& startedFrom = {})
        = 0;
    // Removes the cause at `position`; those after it move up one. Returns the removed cause.
    virtual Result<model::RootCause> removeRootCause(
        qint64 incidentId, int position, const std::optional<QString>& startedFrom = {})
        = 0;
    // Moves the cause at `from` to `to`, shifting those between.
    virtual Result<void> moveRootCause(
        qint64 incidentId, int from, int to, const std::optional<QString>& startedFrom = {})
        = 0;

    // Action items. addActionItem fills id and createdAtUs (and closedAtUs for an item added done or
    // won't do) from the store's clock.
    virtual Result<model::ActionItem> addActionItem(model::ActionItem item) = 0;
    virtual Result<model::ActionItem> updateActionItem(qint64 id, const model::ActionItemUpdate& update) = 0;
    // Error::Code::NotFound when there is no such action item.
    virtual Result<model::ActionItem> actionItem(qint64 id) const = 0;
    // Deletes an item added by mistake and returns it; an item that will not be done is better
    // marked WontDo, which keeps its history.
    virtual Result<model::ActionItem> removeActionItem(qint64 id) = 0;
    // In id order.
    virtual Result<std::vector<model::ActionItem>> actionItems(const ActionItemFilter& filter = {}) const = 0;

    // The curated timeline. addTimelineEntry stores origin and edited as given (a drafted entry is
    // origin Draft, not edited) and the events it cites, which must be in the store.
    virtual Result<model::TimelineEntry> addTimelineEntry(model::TimelineEntry entry) = 0;
    // A person's edit of an entry (by id): time, end, text, note and cited events are rewritten; a
    // drafted entry becomes edited, so the draft leaves it alone from then on. With `startedFrom`
    // (the entry as the editor read it), a field the edit left as it was keeps what is stored, and
    // a field someone else changed since to another value than the edit's is a conflict
    // (Error::Code::Conflict: "time", "end", "text", "note", "evidence"), and nothing is written.
    virtual Result<model::TimelineEntry> updateTimelineEntry(
        const model::TimelineEntry& entry, const std::optional<model::TimelineEntry>& startedFrom = {})
        = 0;
    // A person's removal of an entry. When the draft wrote it, the events it cited are remembered
    // (dismissedDraftEvents) so that drafting again does not bring it back. With `startedFrom`, an
    // entry someone else changed since is not removed (Error::Code::Conflict, as above).
    virtual Result<void> removeTimelineEntry(
        qint64 entryId, const std::optional<model::TimelineEntry>& startedFrom = {})
        = 0;
    virtual Result<std::vector<model::TimelineEntry>> timelineEntries(qint64 incidentId) const = 0;
    // For the draft: removes the entries it wrote that no person has edited; returns how many.
    virtual Result<qint64> removeDraftedEntries(qint64 incidentId) = 0;
    // Events cited by drafted entries a person removed, in id order.
    virtual Result<std::vector<qint64>> dismissedDraftEvents(qint64 incidentId) const = 0;
};

} // namespace aftermath::store
