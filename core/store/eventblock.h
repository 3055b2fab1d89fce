#pragma once

// Events are stored in blocks: one event_blocks row holds up to maxEvents events of one source, in
// (time, seq) order, packed into a blob. A row per event cost SQLite about 1.5 µs of CPU on insert
// (the record, the rowid B-tree and the time index); a block costs that once per thousand events,
// which is what lets ingest run at a million lines per second (docs/benchmarks.md).
//
// Event ids are derived from the block: block b holds ids (b - 1) * maxEvents + 1 ... + count, so
// the first events of a store keep ids 1, 2, 3, ... and an id finds its block without an index.
// Blocks are numbered with AUTOINCREMENT, so an id is never given to another event, even after
// its source is deleted (deleting a source removes the citations of its events; dismissed draft
// events keep pointing at nothing, not at something else).
//
// The row's `format` column says how its blob is laid out. Format 1 is:
//   varint count
//   count times:  the first as a zigzag varint, then each as a varint delta from the one before
//   count seqs:   each as a zigzag varint delta from the one before (the first from 0)
//   count records, each:
//     zigzag varint line delta (from the previous record's line; the first from 0)
//     byte  time quality | level << 2
//     byte  kind
//     varint flags
//     byte  which of the seven texts follow (bit i: locator, service, runId, actor, outcome,
//           message, raw), then each present one as varint length + UTF-8 bytes
// Times and seqs come first so that counting and seeking within a window touch no text.
//
// Format 2, written whenever it is smaller, is format 1 with the records compressed: after the
// seqs, a varint of the records' size, then the records as one LZ4 block. Log lines repeat
// themselves, so this makes blocks 3-8 times smaller; that is less for SQLite to copy, zero and
// write twice (WAL, then the checkpoint), which costs more than compressing does.

#include "model/event.h"

#include <QByteArray>

#include <compare>
#include <functional>
#include <span>
#include <vector>

namespace aftermath::store::blocks {

inline constexpr int idBits = 12;
inline constexpr int maxEvents = 1 << idBits;
// Blocks are cut at this many events or bytes of records, whichever comes first: large enough to
// make the per-row cost vanish, small enough that reading a narrow window decodes little.
inline constexpr int targetEvents = 1024;
inline constexpr qsizetype targetBytes = 256 * 1024;
inline constexpr int plainFormat = 1;
inline constexpr int compressedFormat = 2;

constexpr qint64 eventId(qint64 blockId, int index) { return ((blockId - 1) << idBits) + index + 1; }
constexpr qint64 blockIdOf(qint64 eventId) { return ((eventId - 1) >> idBits) + 1; }
constexpr int indexOf(qint64 eventId) { return int((eventId - 1) & (maxEvents - 1)); }

// One block ready to insert.
struct EncodedBlock {
    qint64 sourceId = 0;
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    int count = 0;
    int format = plainFormat;
    QByteArray data;
};

// Cuts `events` (any order, any sources) into blocks: per source, sorted by (time, seq), at most
// targetEvents events or about targetBytes bytes each, compressed (format 2) where that is smaller
// unless `allowCompression` is false. `visit` gets each block as it is made and returns false to
// stop (encodeBlocks then returns false); the block's buffer is reused for the next one.
bool encodeBlocks(std::span<const model::Event> events, const std::function<bool(const EncodedBlock&)>& visit,
    bool allowCompression = true);

// Reads one block: the times and seqs at once, the records one by one in order.
class BlockReader {
public:
    // Checks the header against the block's row; false when the blob is damaged or of an unknown
    // format. A compressed block's records are decompressed at the first read.
    bool open(qint64 blockId, qint64 sourceId, int count, int format, QByteArray data);

    int size() const { return int(m_times.size()); }
    qint64 blockId() const { return m_blockId; }
    qint64 timeAt(int index) const { return m_times[std::size_t(index)]; }
    qint64 seqAt(int index) const { return m_seqs[std::size_t(index)]; }
    qint64 idAt(int index) const { return eventId(m_blockId, index); }

    // Decodes the record at `index` into `out`, skipping any records before it that were not read.
    // Indexes must not go backwards. False when the record is damaged.
    bool read(int index, model::Event& out);

private:
    bool skipRecord();
    bool loadRecords();

    qint64 m_blockId = 0;
    qint64 m_sourceId = 0;
    QByteArray m_data;
    QByteArray m_records; // a compressed block's records, once decompressed
    qsizetype m_recordsAt = 0; // where the records (or their compressed form) start in m_data
    qsizetype m_recordsSize = -1; // their size decompressed; -1 when stored plain
    std::vector<qint64> m_times;
    std::vector<qint64> m_seqs;
    const uchar* m_pos = nullptr; // the next record to decode, once the records are loaded
    const uchar* m_end = nullptr;
    int m_next = 0; // its index
    qint64 m_line = 0; // the line of the record before it
};

// The order events are read in, across blocks and sources: (time, source, seq, id), as
// forEachEvent and the events table give them.
struct EventKey {
    qint64 timeUs;
    qint64 sourceId;
    qint64 seq;
    qint64 id;
    auto operator<=>(const EventKey&) const = default;
};

} // namespace aftermath::store::blocks
