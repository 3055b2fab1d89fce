#pragma once

#include "layering.h"

#include "model/error.h"
#include "model/event.h"
#include "model/evidencetarget.h"
#include "model/source.h"
#include "model/textquery.h"
#include "sqlquery.h"

#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace aftermath::store {

// Which events to read: a time window (inclusive at both ends), optionally after a row already
// seen (keyset paging in (time, source, seq, id) order) and at most `limit` of them.
struct EventFilter {
    std::optional<qint64> fromUs = {};
    std::optional<qint64> toUs = {};
    std::optional<model::StoredEvent> after = {};
    std::optional<qint64> limit = {};
};

// Which events to find: a window, as EventFilter's, and what the app's filter bar and
// `aftermath-cli events` narrow it by. Within each list any value matches; every list that is not
// empty must match, and so must the text.
struct EventQuery {
    std::optional<qint64> fromUs = {};
    std::optional<qint64> toUs = {};
    model::TextQuery text = {};
    std::vector<model::Level> levels = {};
    std::vector<model::EventKind> kinds = {};
    QStringList sources = {}; // display names, exactly
    QStringList services = {}; // ignoring case
    QStringList runs = {}; // exactly

    // Only a window: every event in it matches.
    bool isWindowOnly() const
    {
        return text.isEmpty() && levels.empty() && kinds.empty() && sources.isEmpty() && services.isEmpty()
            && runs.isEmpty();
    }
    // Whether `event` of the source named `sourceName` matches, the window aside.
    bool matches(const model::Event& event, const QString& sourceName) const;
};

// An event's place in timeline order: enough for a view to know where row N is, and to jump to a
// time, without holding the event.
struct EventPosition {
    qint64 timeUs = 0;
    qint64 id = 0;
};

// Progress of a long read: how many of `total` blocks are done. Returns false to stop.
using ReadProgress = std::function<bool(qint64 done, qint64 total)>;

// How far the search index has got (EvidenceStore::updateSearchIndex).
struct SearchIndexStatus {
    qint64 indexedEvents = 0; // events the index holds, of sources still in the store
    qint64 pendingEvents = 0; // events imported since the last update: a search reads them one by one
    qint64 staleEvents = 0; // events of removed sources the index still holds (never in a result)
    bool rebuildDue = false; // stale events are a quarter of the index: the next update starts over
    // Whether an update has work to do (the app runs one when it opens a store that lags).
    bool lags() const { return pendingEvents > 0 || rebuildDue; }
};

// What an update of the search index did.
struct SearchIndexUpdate {
    qint64 eventsIndexed = 0;
    bool rebuilt = false; // it started the index over, leaving out the removed sources' events
};

// Progress of a search index update, in events. Returns false to stop.
using IndexProgress = std::function<bool(qint64 eventsDone, qint64 eventsTotal)>;

// Gets each event as an rvalue: it may keep it (move it) without a copy; a visitor taking
// `const StoredEvent&` works too. Returns false to stop early.
using EventVisitor = std::function<bool(model::StoredEvent&&)>;

// The evidence half of a store: the sources imported and their events. Writes go through the
// model::EvidenceTarget port (one transaction per file), reads stream in timeline order. An
// interface, so that another SQL dialect can implement it; the SQLite one is core/store/store.h.
class EvidenceStore : public model::EvidenceTarget {
public:
    // In id order.
    virtual Result<std::vector<model::Source>> sources() const = 0;
    // Calls `visit` for each event matching `filter` in (time, source, seq, id) order, streaming
    // from the database.
    virtual Result<void> forEachEvent(const EventFilter& filter, const EventVisitor& visit) const = 0;
    virtual Result<qint64> countEvents(const EventFilter& filter) const = 0;
    // The events matching `query`, in (time, source, seq, id) order, as positions. A window-only
    // query reads no event text. Text that has words to look up is looked up in the search index
    // (updateSearchIndex), and only the events found there, and those not indexed yet, are read and
    // checked; the result is the same as reading every event. `progress`, when given, is called
    // every few blocks; returning false stops the read with Error::Code::Cancelled.
    virtual Result<std::vector<EventPosition>> findEventPositions(
        const EventQuery& query, const ReadProgress& progress = {}) const = 0;
    // The events with `ids`, in the order of `ids`; an id no event has (its source was removed
    // since) is left out.
    virtual Result<std::vector<model::StoredEvent>> eventsWithIds(std::span<const qint64> ids) const = 0;
    // Runs one SQL statement that only reads (docs/sql.md): SELECT over the table `events` (the
    // events as rows, read from the blocks of the time window the statement names) and the
    // store's own tables, its rows streaming to `visit`. A statement that would write, is more
    // than one, or does not compile is refused as InvalidArgument with SQLite's message.
    virtual Result<void> query(const SqlQuery& query, const SqlVisitor& visit) const = 0;

    // How far the search index that findEventPositions() narrows text queries with has got. Cheap:
    // it reads only the blocks imported since the last update.
    virtual Result<SearchIndexStatus> searchIndexStatus() const = 0;
    // Adds the events imported since the last update to the search index, in parts of about 0.3 s of
    // holding the store that each land on their own, as an import's do, so that an edit or an import
    // gets the store in between; waits for the store as `wait` says. `progress` is called after each
    // block (about a thousand events); returning false lands what was indexed and stops the update
    // with Error::Code::Cancelled. A search is complete at any point (what is not indexed yet is
    // read event by event), so this only makes searches fast. Refused for a read-only store.
    virtual Result<SearchIndexUpdate> updateSearchIndex(
        const IndexProgress& progress = {}, const model::WriteWait& wait = {}) = 0;

    // forEachEvent() into a vector.
    Result<std::vector<model::StoredEvent>> events(const EventFilter& filter) const;
    // The events with `ids` among those between fromUs and toUs (inclusive), in time order. It
    // stops reading as soon as all are found; ids outside the window are not found.
    Result<std::vector<model::StoredEvent>> findEvents(std::span<const qint64> ids, qint64 fromUs, qint64 toUs) const;
    // Calls `visit` for each event matching `query`, in timeline order: forEachEvent() for a
    // window, else its positions, read in batches.
    Result<void> forEachMatch(const EventQuery& query, const EventVisitor& visit) const;
};

} // namespace aftermath::store
