#pragma once

// Reading events out of event blocks (eventblock.h), whichever engine holds them: the k-way merge
// in timeline order, counting, a search's candidate check and reads by id. An engine gives rows of
// blocks (BlockSource); what is done with them is here, once. Not for use outside core/store.

#include "evidencestore.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>
#include <span>
#include <vector>

namespace aftermath::store {

// One row of event_blocks.
struct BlockRow {
    qint64 id = 0;
    qint64 sourceId = 0;
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    int count = 0;
    int format = 0;
    QByteArray data;
};

// Rows of event_blocks as an engine reads them, one at a time.
class BlockRows {
public:
    virtual ~BlockRows() = default;
    // Fills `row` with the next row; false at the end.
    virtual Result<bool> next(BlockRow& row) = 0;
};

// What the search index names for a text (searchindex.h): the ids of events to check, ascending,
// and the last block it holds (0: none; every block after it is read whole).
struct SearchCandidates {
    std::vector<qint64> ids;
    qint64 indexedThrough = 0;
};

// The queries an engine answers for the shared reads. Rows come with the columns of BlockRow.
class BlockSource {
public:
    virtual ~BlockSource() = default;
    // The blocks with last_us >= from, first_us <= to and id > afterBlock, by (first_us, id).
    virtual Result<std::unique_ptr<BlockRows>> inWindow(qint64 from, qint64 to, qint64 afterBlock) const = 0;
    // How many blocks inWindow() gives.
    virtual Result<qint64> countInWindow(qint64 from, qint64 to, qint64 afterBlock) const = 0;
    // The blocks of the window that reach out of it (first_us < from or last_us > to), any order.
    virtual Result<std::unique_ptr<BlockRows>> acrossEdges(qint64 from, qint64 to) const = 0;
    // The events of the blocks wholly inside the window, from the rows' counts.
    virtual Result<qint64> eventsInside(qint64 from, qint64 to) const = 0;
    // The blocks with these ids (ascending), by id; ids of no block are skipped.
    virtual Result<std::unique_ptr<BlockRows>> withIds(std::span<const qint64> blockIds) const = 0;
    virtual Result<QHash<qint64, QString>> sourceNames() const = 0;
    // What the search index has for `text`, or nothing (indexedThrough 0) when it cannot narrow.
    virtual Result<SearchCandidates> candidates(const model::TextQuery& text) const = 0;
    // The store, for errors.
    virtual QString path() const = 0;
};

// EvidenceStore's reads, over an engine's blocks (see there for what each does).
Result<void> forEachEvent(const BlockSource& source, const EventFilter& filter, const EventVisitor& visit);
Result<qint64> countEvents(const BlockSource& source, const EventFilter& filter);
Result<std::vector<EventPosition>> findEventPositions(
    const BlockSource& source, const EventQuery& query, const ReadProgress& progress);
Result<std::vector<model::StoredEvent>> eventsWithIds(const BlockSource& source, std::span<const qint64> ids);

} // namespace aftermath::store
