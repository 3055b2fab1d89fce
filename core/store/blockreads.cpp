// Reading events out of event blocks on either engine (blockreads.h).

#include "blockreads.h"

#include "eventblock.h"
#include "storeimpl.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace aftermath::store {

using model::StoredEvent;

namespace {

using blocks::EventKey;

EventKey keyOf(const model::Event& e) { return {e.timeUs, e.sourceId, e.seq, e.id}; }

// A block being read, positioned at its next event in the filter.
struct OpenBlock {
    blocks::BlockReader reader;
    qint64 sourceId = 0;
    int index = 0;

    EventKey key() const { return {reader.timeAt(index), sourceId, reader.seqAt(index), reader.idAt(index)}; }
};

qint64 windowStart(const EventFilter& filter)
{
    qint64 from = filter.fromUs.value_or(std::numeric_limits<qint64>::min());
    if (filter.after)
        from = std::max(from, filter.after->event.timeUs);
    return from;
}
qint64 windowEnd(const EventFilter& filter) { return filter.toUs.value_or(std::numeric_limits<qint64>::max()); }

Error cancelledRead(const QString& path) { return Error{Error::Code::Cancelled, QStringLiteral("cancelled"), path}; }

// Opens the block of `row` and moves it to its first event in `filter`; false when it holds none
// there.
Result<bool> openBlock(BlockRow& row, const EventFilter& filter, OpenBlock& block, const QString& path)
{
    block.sourceId = row.sourceId;
    if (!block.reader.open(row.id, row.sourceId, row.count, row.format, std::move(row.data)))
        return std::unexpected(damagedBlock(row.id, path));
    const qint64 from = windowStart(filter);
    int index = 0;
    const int size = block.reader.size();
    while (index < size && block.reader.timeAt(index) < from)
        ++index;
    if (filter.after) {
        const EventKey after = keyOf(filter.after->event);
        while (index < size
            && EventKey{block.reader.timeAt(index), block.sourceId, block.reader.seqAt(index), block.reader.idAt(index)}
                <= after)
            ++index;
    }
    block.index = index;
    return index < size && block.reader.timeAt(index) <= windowEnd(filter);
}

// What mergeWindow() asks of the caller besides the window: which sources' blocks to open (all,
// when unset), only the blocks after which (the search index holds those up to it), and progress
// in blocks.
struct MergeOptions {
    std::function<bool(qint64 sourceId)> wantSource = {};
    qint64 afterBlock = 0;
    ReadProgress progress = {};
};

// Calls `at(block, index)` for each event of `filter`'s window in (time, source, seq, id) order,
// without decoding it: `at` reads the record when it needs it. `at` returns false to stop, or an
// error.
//
// A k-way merge of the blocks in the window. Each block is in (time, seq) order; a block is opened
// once the next event to give could be in it (its first time is not later), so only blocks
// overlapping in time are open together: one per source for well-ordered logs.
template <typename At>
Result<void> mergeWindow(const BlockSource& source, const EventFilter& filter, const MergeOptions& options, At&& at)
{
    const qint64 start = windowStart(filter);
    const qint64 end = windowEnd(filter);
    qint64 total = 0;
    if (options.progress) {
        auto counted = source.countInWindow(start, end, options.afterBlock);
        if (!counted)
            return std::unexpected(counted.error());
        total = *counted;
    }
    auto rows = source.inWindow(start, end, options.afterBlock);
    if (!rows)
        return std::unexpected(rows.error());

    std::vector<std::unique_ptr<OpenBlock>> heap;
    auto later
        = [](const std::unique_ptr<OpenBlock>& a, const std::unique_ptr<OpenBlock>& b) { return b->key() < a->key(); };
    std::vector<std::unique_ptr<OpenBlock>> spare; // closed blocks, reused for their buffers
    qint64 given = 0;
    qint64 blocksSeen = 0;
    BlockRow row;
    auto pending = (*rows)->next(row); // a row not opened yet
    while (true) {
        while (pending && *pending && (heap.empty() || row.firstUs <= heap.front()->reader.timeAt(heap.front()->index))) {
            if (options.progress && (++blocksSeen % 64) == 1 && !options.progress(blocksSeen, total))
                return std::unexpected(cancelledRead(source.path()));
            if (options.wantSource && !options.wantSource(row.sourceId)) {
                pending = (*rows)->next(row);
                continue;
            }
            std::unique_ptr<OpenBlock> block;
            if (spare.empty()) {
                block = std::make_unique<OpenBlock>();
            } else {
                block = std::move(spare.back());
                spare.pop_back();
            }
            auto opened = openBlock(row, filter, *block, source.path());
            if (!opened)
                return std::unexpected(opened.error());
            if (*opened) {
                heap.push_back(std::move(block));
                std::push_heap(heap.begin(), heap.end(), later);
            } else {
                spare.push_back(std::move(block));
            }
            pending = (*rows)->next(row);
        }
        if (!pending)
            return std::unexpected(pending.error());
        if (heap.empty())
            break;
        std::pop_heap(heap.begin(), heap.end(), later);
        OpenBlock& next = *heap.back();
        const int index = next.index;
        ++next.index;
        auto more = at(next, index);
        if (next.index < next.reader.size() && next.reader.timeAt(next.index) <= end) {
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            spare.push_back(std::move(heap.back()));
            heap.pop_back();
        }
        if (!more)
            return std::unexpected(more.error());
        if (!*more || (filter.limit && ++given >= *filter.limit))
            return {};
    }
    if (options.progress)
        options.progress(total, total);
    return {};
}

} // namespace

Result<void> forEachEvent(const BlockSource& source, const EventFilter& filter, const EventVisitor& visit)
{
    auto names = source.sourceNames();
    if (!names)
        return std::unexpected(names.error());
    return mergeWindow(source, filter, {}, [&](OpenBlock& block, int index) -> Result<bool> {
        StoredEvent stored;
        if (!block.reader.read(index, stored.event))
            return std::unexpected(damagedBlock(block.reader.blockId(), source.path()));
        stored.sourceName = names->value(block.sourceId);
        return visit(std::move(stored));
    });
}

Result<qint64> countEvents(const BlockSource& source, const EventFilter& filter)
{
    const qint64 from = windowStart(filter);
    const qint64 end = windowEnd(filter);
    qint64 count = 0;
    // The blocks wholly inside the window count from their rows, without reading their data
    // (reading it was 0.6 s for a million events); only the others are opened.
    if (!filter.after) {
        auto inside = source.eventsInside(from, end);
        if (!inside)
            return std::unexpected(inside.error());
        count = *inside;
    }
    auto rows = filter.after ? source.inWindow(from, end, 0) : source.acrossEdges(from, end);
    if (!rows)
        return std::unexpected(rows.error());
    OpenBlock block;
    BlockRow row;
    while (true) {
        auto more = (*rows)->next(row);
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            break;
        auto opened = openBlock(row, filter, block, source.path());
        if (!opened)
            return std::unexpected(opened.error());
        for (int i = block.index; *opened && i < block.reader.size() && block.reader.timeAt(i) <= end; ++i)
            ++count;
    }
    return filter.limit ? std::min(count, std::max<qint64>(*filter.limit, 0)) : count;
}

namespace {

// The distinct blocks of `ids` (ascending event ids), ascending.
std::vector<qint64> blocksOf(std::span<const qint64> ids)
{
    std::vector<qint64> result;
    for (const qint64 id : ids) {
        const qint64 block = blocks::blockIdOf(id);
        if (result.empty() || result.back() != block)
            result.push_back(block);
    }
    return result;
}

} // namespace

Result<std::vector<EventPosition>> findEventPositions(
    const BlockSource& source, const EventQuery& query, const ReadProgress& progress)
{
    const QString path = source.path();
    auto names = source.sourceNames();
    if (!names)
        return std::unexpected(names.error());
    const auto wanted
        = [&](qint64 sourceId) { return query.sources.isEmpty() || query.sources.contains(names->value(sourceId)); };
    EventQuery recordQuery = query;
    recordQuery.sources.clear(); // whole blocks are left out for those
    const bool readRecords = !recordQuery.isWindowOnly();
    EventFilter filter;
    filter.fromUs = query.fromUs;
    filter.toUs = query.toUs;
    const qint64 from = windowStart(filter);
    const qint64 to = windowEnd(filter);

    // The events the search index names (searchindex.h), when the text has words to look up.
    auto candidates = source.candidates(query.text);
    if (!candidates)
        return std::unexpected(candidates.error());
    const std::vector<qint64>& ids = candidates->ids;
    const std::vector<qint64> candidateBlockIds = blocksOf(ids);
    const auto candidateBlocks = qint64(candidateBlockIds.size());

    std::vector<EventKey> found;
    model::Event event;
    if (!ids.empty()) {
        // Each candidate is checked as the scan checks every event. A block that is gone was of a
        // removed source: its ids are stale (never given again).
        auto rows = source.withIds(candidateBlockIds);
        if (!rows)
            return std::unexpected(rows.error());
        blocks::BlockReader reader;
        qint64 blocksDone = 0;
        std::size_t at = 0;
        BlockRow row;
        while (true) {
            auto more = (*rows)->next(row);
            if (!more)
                return std::unexpected(more.error());
            if (!*more)
                break;
            if (progress && (++blocksDone % 64) == 1 && !progress(blocksDone, candidateBlocks))
                return std::unexpected(cancelledRead(path));
            while (at < ids.size() && blocks::blockIdOf(ids[at]) < row.id)
                ++at;
            std::size_t next = at;
            while (next < ids.size() && blocks::blockIdOf(ids[next]) == row.id)
                ++next;
            if (row.lastUs >= from && row.firstUs <= to && wanted(row.sourceId)) {
                const qint64 sourceId = row.sourceId;
                if (!reader.open(row.id, sourceId, row.count, row.format, std::move(row.data)))
                    return std::unexpected(damagedBlock(row.id, path));
                for (std::size_t i = at; i < next; ++i) {
                    const int index = blocks::indexOf(ids[i]);
                    if (index >= reader.size() || reader.timeAt(index) < from || reader.timeAt(index) > to)
                        continue;
                    if (!reader.read(index, event))
                        return std::unexpected(damagedBlock(row.id, path));
                    if (recordQuery.matches(event, {}))
                        found.push_back({reader.timeAt(index), sourceId, reader.seqAt(index), ids[i]});
                }
            }
            at = next;
        }
        std::sort(found.begin(), found.end());
    }
    const auto fromIndex = std::ptrdiff_t(found.size());

    // The blocks the index does not hold yet (all of them when it is not used) are read whole.
    MergeOptions options;
    options.afterBlock = candidates->indexedThrough;
    if (!query.sources.isEmpty())
        options.wantSource = wanted;
    if (progress) {
        options.progress = [&](qint64 done, qint64 total) {
            return progress(candidateBlocks + done, candidateBlocks + total);
        };
    }
    auto merged = mergeWindow(source, filter, options, [&](OpenBlock& block, int index) -> Result<bool> {
        if (readRecords) {
            if (!block.reader.read(index, event))
                return std::unexpected(damagedBlock(block.reader.blockId(), path));
            if (!recordQuery.matches(event, {}))
                return true;
        }
        found.push_back(
            {block.reader.timeAt(index), block.sourceId, block.reader.seqAt(index), block.reader.idAt(index)});
        return true;
    });
    if (!merged)
        return std::unexpected(merged.error());
    std::inplace_merge(found.begin(), found.begin() + fromIndex, found.end());
    std::vector<EventPosition> positions;
    positions.reserve(found.size());
    for (const EventKey& key : found)
        positions.push_back({key.timeUs, key.id});
    return positions;
}

Result<std::vector<StoredEvent>> eventsWithIds(const BlockSource& source, std::span<const qint64> ids)
{
    auto names = source.sourceNames();
    if (!names)
        return std::unexpected(names.error());
    // Each block is read once, its records in order.
    std::vector<qint64> sorted(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::unordered_map<qint64, StoredEvent> byId;
    byId.reserve(sorted.size());
    auto rows = source.withIds(blocksOf(sorted));
    if (!rows)
        return std::unexpected(rows.error());
    blocks::BlockReader reader;
    std::size_t at = 0;
    BlockRow row;
    while (true) {
        auto more = (*rows)->next(row);
        if (!more)
            return std::unexpected(more.error());
        if (!*more)
            break;
        while (at < sorted.size() && blocks::blockIdOf(sorted[at]) < row.id)
            ++at;
        const qint64 blockId = row.id;
        const qint64 sourceId = row.sourceId;
        if (!reader.open(blockId, sourceId, row.count, row.format, std::move(row.data)))
            return std::unexpected(damagedBlock(blockId, source.path()));
        for (; at < sorted.size() && blocks::blockIdOf(sorted[at]) == blockId; ++at) {
            const int index = blocks::indexOf(sorted[at]);
            if (index >= reader.size())
                continue;
            StoredEvent stored;
            if (!reader.read(index, stored.event))
                return std::unexpected(damagedBlock(blockId, source.path()));
            stored.sourceName = names->value(sourceId);
            byId.emplace(sorted[at], std::move(stored));
        }
    }
    std::vector<StoredEvent> result;
    result.reserve(ids.size());
    for (const qint64 id : ids) {
        const auto it = byId.find(id);
        if (it != byId.end())
            result.push_back(it->second);
    }
    return result;
}

} // namespace aftermath::store
