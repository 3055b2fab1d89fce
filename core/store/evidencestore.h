#pragma once

#include "layering.h"

#include "model/error.h"
#include "model/event.h"
#include "model/evidencetarget.h"
#include "model/source.h"
#include "sqlquery.h"

#include <functional>
#include <optional>
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
    // Runs one SQL statement that only reads (docs/sql.md): SELECT over the table `events` (the
    // events as rows, read from the blocks of the time window the statement names) and the
    // store's own tables, its rows streaming to `visit`. A statement that would write, is more
    // than one, or does not compile is refused as InvalidArgument with SQLite's message.
    virtual Result<void> query(const SqlQuery& query, const SqlVisitor& visit) const = 0;

    // forEachEvent() into a vector.
    Result<std::vector<model::StoredEvent>> events(const EventFilter& filter) const;
    // The events with `ids` among those between fromUs and toUs (inclusive), in time order. It
    // stops reading as soon as all are found; ids outside the window are not found.
    Result<std::vector<model::StoredEvent>> findEvents(std::span<const qint64> ids, qint64 fromUs, qint64 toUs) const;
};

} // namespace aftermath::store
