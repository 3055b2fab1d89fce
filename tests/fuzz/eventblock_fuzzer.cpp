// Stored event blocks read back (core/store/eventblock.h): any blob either opens and decodes, or is
// refused (the store then reports the block as damaged); never a read past its end. The first two
// bytes are the row's event count (13 bits; the top bit picks format 2, compressed), the rest the blob. What decodes,
// encoded again, decodes to the same events. The seeds (corpus/eventblock) are blocks written by hand from the format
// in eventblock.h, by tests/fuzz/corpus/eventblock/make-seeds.py.

#include "fuzzdriver.h"
#include "store/eventblock.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace aftermath;
    if (size < 2)
        return 0;
    const int count = data[0] | (data[1] & 0x1F) << 8;
    const int format = data[1] & 0x80 ? store::blocks::compressedFormat : store::blocks::plainFormat;
    const QByteArray blob = fuzz::bytesOf(data + 2, size - 2);
    store::blocks::BlockReader reader;
    if (!reader.open(7, 3, count, format, blob))
        return 0;
    AFTERMATH_FUZZ_CHECK(reader.size() == count, "an opened block has another size than its row says");
    std::vector<model::Event> events(std::size_t(reader.size()));
    for (int i = 0; i < reader.size(); ++i) {
        if (!reader.read(i, events[std::size_t(i)]))
            return 0;
        AFTERMATH_FUZZ_CHECK(events[std::size_t(i)].timeUs == reader.timeAt(i), "a record's time is not its header's");
    }
    // Round trip: a made-up blob's times may wrap around; only those in order compare.
    if (!std::is_sorted(events.begin(), events.end(), [](const model::Event& a, const model::Event& b) {
            return a.timeUs < b.timeUs || (a.timeUs == b.timeUs && a.seq < b.seq);
        }))
        return 0;
    std::vector<model::Event> again;
    store::blocks::encodeBlocks(events, [&](const store::blocks::EncodedBlock& block) {
        store::blocks::BlockReader back;
        AFTERMATH_FUZZ_CHECK(
            back.open(7, block.sourceId, block.count, block.format, block.data), "a block made is refused");
        for (int i = 0; i < back.size(); ++i) {
            model::Event e;
            AFTERMATH_FUZZ_CHECK(back.read(i, e), "a record made is refused");
            again.push_back(e);
        }
        return true;
    });
    AFTERMATH_FUZZ_CHECK(again.size() == events.size(), "encoding again lost events");
    for (std::size_t i = 0; i < events.size(); ++i) {
        model::Event want = events[i];
        want.id = again[i].id; // ids follow block boundaries, which may differ
        AFTERMATH_FUZZ_CHECK(again[i] == want, "an event changed on the way through a block");
    }
    return 0;
}
