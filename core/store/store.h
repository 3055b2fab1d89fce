#pragma once

#include "model/clock.h"
#include "model/error.h"
#include "model/event.h"
#include "model/incident.h"
#include "model/source.h"

#include <QDate>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace aftermath::store {

struct OpenOptions {
    enum class Access { ReadWrite, ReadOnly };
    Access access = Access::ReadWrite;
    bool create = true; // create the file when it does not exist (ReadWrite only)
    std::chrono::milliseconds busyTimeout{5000};
    const Clock* clock = nullptr; // nullptr: Clock::system()
};

// An event as read back, with the name of the source it came from.
struct StoredEvent {
    model::Event event;
    QString sourceName;
};

// Which events to read: a time window (inclusive at both ends), optionally after a row already
// seen (keyset paging in (time, source, seq, id) order) and at most `limit` of them.
struct EventFilter {
    std::optional<qint64> fromUs = {};
    std::optional<qint64> toUs = {};
    std::optional<StoredEvent> after = {};
    std::optional<qint64> limit = {};
};

struct TableCount {
    QString table;
    qint64 rows = 0;
};

struct StoreInfo {
    QString path;
    int schemaVersion = 0;
    std::vector<TableCount> counts;
};

// What an update of an incident changes: each field that is set, and nothing else. An empty text
// clears the field (title and status cannot be cleared).
struct IncidentUpdate {
    std::optional<QString> title = {};
    std::optional<qint64> fromUs = {};
    std::optional<qint64> toUs = {};
    std::optional<QString> displayZone = {};
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

    bool isEmpty() const;
    bool operator==(const IncidentUpdate&) const = default;
};

// Who writes an incident's text: the draft's own text is remembered, so that drafting again may
// replace it, and only it (core/draft).
enum class Writer { Person, Draft };

// What an update of an action item changes; a set std::optional holding std::nullopt clears the
// field. Changing the status to done or won't do sets closedAtUs from the store's clock; reopening
// it (open, in progress) clears closedAtUs.
struct ActionItemUpdate {
    std::optional<QString> description = {};
    std::optional<QString> owner = {};
    std::optional<std::optional<QDate>> due = {};
    std::optional<model::ActionItem::Status> status = {};
    std::optional<QString> priority = {};
    std::optional<std::optional<model::ActionItem::Type>> type = {};
    std::optional<QString> link = {};

    bool isEmpty() const;
};

// Which action items to list; every condition set must hold.
struct ActionItemFilter {
    std::optional<qint64> incidentId = {};
    std::optional<QString> owner = {}; // compared without regard to ASCII case
    std::optional<model::ActionItem::Status> status = {};
    bool unfinished = false; // only items still to do: open or in progress
    std::optional<QDate> overdueOn = {}; // only items overdue on this day (ActionItem::isOverdue)
};

// The stored names of action item statuses and types, which the CLI uses too: open, in_progress,
// done, wont_do; prevent, mitigate, detect, process, spike.
QStringView toString(model::ActionItem::Status status);
QStringView toString(model::ActionItem::Type type);
std::optional<model::ActionItem::Status> actionStatusFromString(QStringView name);
std::optional<model::ActionItem::Type> actionTypeFromString(QStringView name);
// The statuses an incident may have: draft, in_review, final.
bool isIncidentStatus(QStringView status);

struct StoreImpl;

// One write transaction on a store: everything added through it lands together on commit(), or
// not at all (destroying it uncommitted rolls back). Events go through the raw SQLite handle with
// one prepared statement: the bulk path.
class WriteTransaction {
public:
    WriteTransaction(WriteTransaction&& other) noexcept;
    WriteTransaction& operator=(WriteTransaction&&) = delete;
    WriteTransaction(const WriteTransaction&) = delete;
    ~WriteTransaction();

    // Inserts a source row; returns its id. importedAtUs 0 means "now" from the store's clock.
    Result<qint64> addSource(const model::Source& source);
    // Rewrites a source row (by id), e.g. with its counts once its events are in.
    Result<void> updateSource(const model::Source& source);
    // Removes a source and its events (a file imported again after it changed).
    Result<void> deleteSource(qint64 sourceId);
    // Inserts events; each must carry the sourceId of a source in this store.
    Result<void> addEvents(std::span<const model::Event> events);
    Result<void> commit();

private:
    friend class Store;
    explicit WriteTransaction(StoreImpl* store) : d(store) {}
    StoreImpl* d; // stable across moves of the Store
    bool m_open = true;
};

// An Aftermath store: one SQLite file holding sources, events, incidents, the curated timeline,
// root causes and action items. A Store owns one named database connection and is used only from
// the thread that opened it (open another Store on the same path in another thread).
class Store {
public:
    static constexpr int schemaVersion = 3;
    // PRAGMA application_id of every Aftermath store ("AFTM").
    static constexpr int applicationId = 0x4146544D;

    // Opens (and, for ReadWrite, creates or migrates) the store at `path`. Refuses, without
    // writing a byte, a store from a newer Aftermath, a file that is not an SQLite database, and an
    // SQLite database of another application.
    static Result<Store> open(const QString& path, const OpenOptions& options = {});

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    QString path() const;
    bool isReadOnly() const;
    // The schema version the file had when opened (0 for a new file); equals schemaVersion
    // unless this open upgraded it.
    int upgradedFrom() const;

    Result<StoreInfo> info() const;
    Result<std::vector<model::Source>> sources() const;
    // The latest source imported from `path`, if any.
    Result<std::optional<model::Source>> findSource(const QString& path) const;

    // Calls `visit` for each event matching `filter` in (time, source, seq, id) order, streaming
    // from the database; `visit` returns false to stop early.
    // The visitor gets each event as an rvalue: it may keep it (move it) without a copy; a visitor
    // taking `const StoredEvent&` works too.
    Result<void> forEachEvent(const EventFilter& filter, const std::function<bool(StoredEvent&&)>& visit) const;
    Result<std::vector<StoredEvent>> events(const EventFilter& filter) const;
    Result<qint64> countEvents(const EventFilter& filter) const;

    // Incidents. createIncident fills id and the created/updated times from the store's clock.
    Result<model::Incident> createIncident(model::Incident incident);
    Result<std::vector<model::Incident>> incidents() const;
    // Error::Code::NotFound when there is no such incident.
    Result<model::Incident> incident(qint64 id) const;

    // The whole postmortem of an incident, read in one snapshot: the incident, its curated timeline
    // (time order, with the events each entry cites), root causes (position order) and action items
    // (id order). Error::Code::NotFound when there is no such incident.
    Result<model::Postmortem> postmortem(qint64 id) const;
    // Writes a whole postmortem in one transaction, as a new incident (ids in `postmortem` are
    // ignored; root causes are numbered 1.. in their order; created/updated times of the incident,
    // and of action items without one, come from the store's clock). On any failure nothing is
    // written. Returns the new incident's id.
    Result<qint64> createPostmortem(const model::Postmortem& postmortem);

    // Changes the fields `update` sets. Checked: a title is not empty, the status is draft,
    // in_review or final, the window does not end before it starts (with the stored ends for the
    // one not given). `writer` Draft also remembers each text it writes (draftedFields).
    Result<model::Incident> updateIncident(qint64 id, const IncidentUpdate& update, Writer writer = Writer::Person);
    // The text fields as the draft last wrote them (only those it wrote are set).
    Result<IncidentUpdate> draftedFields(qint64 incidentId) const;

    // Root causes, numbered 1.. in order. `position` std::nullopt adds at the end; otherwise the
    // new cause takes that position and those from there move down one.
    Result<model::RootCause> addRootCause(qint64 incidentId, const QString& text, std::optional<int> position = {});
    Result<std::vector<model::RootCause>> rootCauses(qint64 incidentId) const;
    // Removes the cause at `position`; those after it move up one. Returns the removed cause.
    Result<model::RootCause> removeRootCause(qint64 incidentId, int position);
    // Moves the cause at `from` to `to`, shifting those between.
    Result<void> moveRootCause(qint64 incidentId, int from, int to);

    // Action items. addActionItem fills id and createdAtUs (and closedAtUs for an item added done or
    // won't do) from the store's clock.
    Result<model::ActionItem> addActionItem(model::ActionItem item);
    Result<model::ActionItem> updateActionItem(qint64 id, const ActionItemUpdate& update);
    // Error::Code::NotFound when there is no such action item.
    Result<model::ActionItem> actionItem(qint64 id) const;
    // Deletes an item added by mistake and returns it; an item that will not be done is better
    // marked WontDo, which keeps its history.
    Result<model::ActionItem> removeActionItem(qint64 id);
    // In id order.
    Result<std::vector<model::ActionItem>> actionItems(const ActionItemFilter& filter = {}) const;

    // The curated timeline. addTimelineEntry stores origin and edited as given (a drafted entry is
    // origin Draft, not edited) and the events it cites, which must be in the store.
    Result<model::TimelineEntry> addTimelineEntry(model::TimelineEntry entry);
    // A person's edit of an entry (by id): time, end, text, note and cited events are rewritten; a
    // drafted entry becomes edited, so the draft leaves it alone from then on.
    Result<model::TimelineEntry> updateTimelineEntry(const model::TimelineEntry& entry);
    // A person's removal of an entry. When the draft wrote it, the events it cited are remembered
    // (dismissedDraftEvents) so that drafting again does not bring it back.
    Result<void> removeTimelineEntry(qint64 entryId);
    Result<std::vector<model::TimelineEntry>> timelineEntries(qint64 incidentId) const;
    // For the draft: removes the entries it wrote that no person has edited; returns how many.
    Result<qint64> removeDraftedEntries(qint64 incidentId);
    // Events cited by drafted entries a person removed, in id order.
    Result<std::vector<qint64>> dismissedDraftEvents(qint64 incidentId) const;

    // Starts a write transaction (BEGIN IMMEDIATE: it waits up to the busy timeout for another
    // writer, then fails with Error::Code::Locked). One at a time per Store. The Store's own writes
    // (incidents, root causes, action items, timeline entries) made while it is open join it: they
    // land with its commit(), or not at all.
    Result<WriteTransaction> beginWrite();

private:
    explicit Store(std::unique_ptr<StoreImpl> impl);
    std::unique_ptr<StoreImpl> d;
};

} // namespace aftermath::store
