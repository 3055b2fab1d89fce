#include "store/eventblock.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace aftermath;
using namespace aftermath::store;

namespace {

model::Event event(qint64 sourceId, qint64 timeUs, qint64 seq, const QString& message)
{
    return test::makeEvent(sourceId, timeUs, seq, message, model::Level::Unknown);
}

// Every block encodeBlocks makes of `events`, copied out; plain (format 1) unless compressing is allowed.
std::vector<blocks::EncodedBlock> encodeAll(std::span<const model::Event> events, bool allowCompression = true)
{
    std::vector<blocks::EncodedBlock> result;
    REQUIRE(blocks::encodeBlocks(
        events,
        [&](const blocks::EncodedBlock& block) {
            result.push_back(block);
            result.back().data.detach();
            return true;
        },
        allowCompression));
    return result;
}

// Decodes a block as if it had been stored with id `blockId`.
std::vector<model::Event> decodeAll(const blocks::EncodedBlock& block, qint64 blockId)
{
    blocks::BlockReader reader;
    REQUIRE(reader.open(blockId, block.sourceId, block.count, block.format, block.data));
    std::vector<model::Event> result(std::size_t(reader.size()));
    for (int i = 0; i < reader.size(); ++i)
        REQUIRE(reader.read(i, result[std::size_t(i)]));
    return result;
}

} // namespace

TEST_CASE("event ids name their block and their place in it", "[store][blocks]")
{
    CHECK(blocks::eventId(1, 0) == 1);
    CHECK(blocks::eventId(1, 2) == 3);
    CHECK(blocks::eventId(2, 0) == blocks::maxEvents + 1);
    for (const qint64 id : {qint64(1), qint64(4096), qint64(4097), qint64(123'456'789)}) {
        INFO("event " << id);
        CHECK(blocks::eventId(blocks::blockIdOf(id), blocks::indexOf(id)) == id);
        CHECK(blocks::indexOf(id) < blocks::maxEvents);
    }
}

TEST_CASE("every field of an event survives its block, extremes included", "[store][blocks]")
{
    std::vector<model::Event> events;
    model::Event full = event(7, -5'000'000, -3, QStringLiteral("naïve ⏱ message — 日本語 🚀"));
    full.timeQuality = model::TimeQuality::YearInferred;
    full.line = 123456789;
    full.locator = QStringLiteral("/Records/3/detail");
    full.level = model::Level::Fatal;
    full.kind = model::EventKind::Alert;
    full.service = QStringLiteral("etl");
    full.runId = QStringLiteral("run-42");
    full.actor = QStringLiteral("octocat");
    full.outcome = QStringLiteral("failure");
    full.raw = QStringLiteral("2026-06-18 raw ") + QString(300, QLatin1Char('x')); // a length needing two bytes
    full.flags = model::Event::InvalidUtf8 | model::Event::Truncated;
    events.push_back(full);
    // makeEvent's line is seq + 1, which the largest seq would overflow: the extremes are set after.
    model::Event bare = event(7, std::numeric_limits<qint64>::max(), 0, {});
    bare.seq = std::numeric_limits<qint64>::max();
    bare.line = 0;
    events.push_back(bare);
    model::Event earliest = event(7, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::min(), {});
    earliest.line = std::numeric_limits<qint64>::max();
    earliest.timeQuality = model::TimeQuality::Inherited;
    events.push_back(earliest);

    const auto made = encodeAll(events);
    REQUIRE(made.size() == 1);
    CHECK(made[0].sourceId == 7);
    CHECK(made[0].count == 3);
    CHECK(made[0].firstUs == std::numeric_limits<qint64>::min());
    CHECK(made[0].lastUs == std::numeric_limits<qint64>::max());
    const auto decoded = decodeAll(made[0], 5);
    // In (time, seq) order, with ids from block 5.
    const std::vector<model::Event> expected{earliest, full, bare};
    REQUIRE(decoded.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("event " << i);
        model::Event want = expected[i];
        want.id = blocks::eventId(5, int(i));
        CHECK(decoded[i] == want);
    }
}

TEST_CASE("blocks are cut per source, at the event limit and at the byte limit, each in time order", "[store][blocks]")
{
    std::vector<model::Event> events;
    // Source 1: out of order, with ties that must keep their seq order.
    for (int i = 0; i < 2500; ++i)
        events.push_back(event(1, (i * 7919) % 1000, i, QStringLiteral("line %1").arg(i)));
    // Source 2: few but large events.
    const QString big(100 * 1024, QLatin1Char('b'));
    for (int i = 0; i < 5; ++i)
        events.push_back(event(2, i, i, big));

    const auto made = encodeAll(events);
    std::vector<int> counts;
    for (const auto& block : made)
        counts.push_back(block.count);
    // 2500 events of source 1 in blocks of 1024; source 2 cut once a block passes 256 KiB.
    CHECK(counts == std::vector<int>{1024, 1024, 452, 3, 2});
    qint64 previousLast = std::numeric_limits<qint64>::min();
    std::size_t seen = 0;
    for (std::size_t b = 0; b < 3; ++b) {
        const auto decoded = decodeAll(made[b], qint64(b + 1));
        CHECK(made[b].sourceId == 1);
        CHECK(made[b].firstUs >= previousLast); // sorted as a whole, so blocks do not overlap
        previousLast = made[b].lastUs;
        for (std::size_t i = 1; i < decoded.size(); ++i) {
            const auto& a = decoded[i - 1];
            const auto& c = decoded[i];
            CHECK((a.timeUs < c.timeUs || (a.timeUs == c.timeUs && a.seq < c.seq)));
        }
        for (const auto& e : decoded)
            CHECK(e.message == QStringLiteral("line %1").arg(e.seq));
        seen += decoded.size();
    }
    CHECK(seen == 2500);
    CHECK(made[3].sourceId == 2);
    CHECK(decodeAll(made[4], 9).back().message == big);
}

TEST_CASE("a damaged block is refused, never read past its end", "[store][blocks]")
{
    std::vector<model::Event> events;
    for (int i = 0; i < 50; ++i)
        events.push_back(event(1, i, i, QStringLiteral("message %1 with some text").arg(i)));
    // Both formats: plain, and compressed (these repetitive lines always compress).
    const auto plain = encodeAll(events, false);
    const auto compressed = encodeAll(events);
    REQUIRE(plain.size() == 1);
    REQUIRE(compressed.size() == 1);
    CHECK(plain[0].format == blocks::plainFormat);
    CHECK(compressed[0].format == blocks::compressedFormat);
    CHECK(compressed[0].data.size() < plain[0].data.size());
    CHECK(decodeAll(plain[0], 1) == decodeAll(compressed[0], 1));

    for (const auto& block : {plain[0], compressed[0]}) {
        INFO("format " << block.format);
        const QByteArray whole = block.data;
        // Every truncation fails somewhere: at open, or at the record that runs off the end.
        for (qsizetype cut = 0; cut < whole.size(); ++cut) {
            INFO("cut at " << cut);
            blocks::BlockReader reader;
            bool ok = reader.open(1, 1, 50, block.format, whole.left(cut));
            for (int i = 0; ok && i < 50; ++i) {
                model::Event e;
                ok = reader.read(i, e);
            }
            CHECK_FALSE(ok);
        }
        blocks::BlockReader reader;
        CHECK_FALSE(reader.open(1, 1, 49, block.format, whole)); // the row's count disagrees with the blob
        CHECK_FALSE(reader.open(1, 1, 0, block.format, whole));
        CHECK_FALSE(reader.open(1, 1, blocks::maxEvents + 1, block.format, whole));
        CHECK_FALSE(reader.open(1, 1, 50, 3, whole)); // a format from a newer Aftermath
    }

    const QByteArray whole = plain[0].data;
    // The header is the count, 50 times and 50 seqs, each a one-byte varint here.
    const qsizetype recordStart = 1 + 50 + 50;
    blocks::BlockReader reader;
    model::Event e;

    // An enumeration out of range: the first record's kind byte (after line, quality|level).
    QByteArray badKind = whole;
    badKind[recordStart + 2] = char(model::eventKindCount);
    REQUIRE(reader.open(1, 1, 50, blocks::plainFormat, badKind));
    CHECK_FALSE(reader.read(0, e));

    // Compressed records that do not decompress to the size the header gives.
    QByteArray badStream = compressed[0].data;
    for (qsizetype i = recordStart + 2; i < badStream.size(); ++i)
        badStream[i] = char(0xFF);
    REQUIRE(reader.open(1, 1, 50, blocks::compressedFormat, badStream));
    CHECK_FALSE(reader.read(0, e));

    // Reading backwards is refused rather than giving another record's fields.
    REQUIRE(reader.open(1, 1, 50, blocks::plainFormat, whole));
    REQUIRE(reader.read(3, e));
    CHECK(e.message == QStringLiteral("message 3 with some text"));
    CHECK_FALSE(reader.read(2, e));
    CHECK_FALSE(reader.read(50, e));
}

TEST_CASE("a block written by hand from the documented format reads as the events it describes", "[store][blocks]")
{
    // Written by tests/fuzz/corpus/eventblock/make-seeds.py from the format in eventblock.h, not by
    // the encoder: the description and the code must agree. Two bytes of count, then the blob,
    // format 1 (plain).
    const QByteArray seed
        = test::fileBytes(QStringLiteral(AFTERMATH_TEST_DATA "/../fuzz/corpus/eventblock/etl-three-events"));
    REQUIRE(seed.size() > 2);
    blocks::BlockReader reader;
    REQUIRE(reader.open(1, 4, uchar(seed[0]) | uchar(seed[1]) << 8, blocks::plainFormat, seed.mid(2)));
    REQUIRE(reader.size() == 3);
    model::Event first;
    REQUIRE(reader.read(0, first));
    CHECK(first.id == 1);
    CHECK(first.sourceId == 4);
    CHECK(first.timeUs == 1781744400000000);
    CHECK(first.timeQuality == model::TimeQuality::ZoneAssumed);
    CHECK(first.level == model::Level::Info);
    CHECK(first.kind == model::EventKind::JobStart);
    CHECK(first.service == QStringLiteral("etl"));
    CHECK(first.runId == QStringLiteral("nhs-e"));
    CHECK(first.message == QStringLiteral("Starting create_post_funding for tenant NHS E"));
    CHECK(first.raw.startsWith(QStringLiteral("2026-06-18 02:00:00,000 INFO")));
    model::Event third;
    REQUIRE(reader.read(2, third));
    CHECK(third.seq == 2);
    CHECK(third.line == 3);
    CHECK(third.timeQuality == model::TimeQuality::Inherited);
    CHECK(third.kind == model::EventKind::Error);
    CHECK(third.flags == model::Event::InvalidUtf8);
    CHECK(third.service.isEmpty());

    // And the encoder writes exactly those bytes for those events.
    std::vector<model::Event> events(3);
    REQUIRE(reader.open(1, 4, 3, blocks::plainFormat, seed.mid(2)));
    for (int i = 0; i < 3; ++i)
        REQUIRE(reader.read(i, events[std::size_t(i)]));
    const auto made = encodeAll(events, false);
    REQUIRE(made.size() == 1);
    CHECK(made[0].data == seed.mid(2));

    // The same events in format 2, compressed by the system's liblz4 from Python.
    const QByteArray compressedSeed
        = test::fileBytes(QStringLiteral(AFTERMATH_TEST_DATA "/../fuzz/corpus/eventblock/etl-three-events-compressed"));
    REQUIRE(compressedSeed.size() > 2);
    CHECK((uchar(compressedSeed[1]) & 0x80) != 0);
    REQUIRE(reader.open(1, 4, 3, blocks::compressedFormat, compressedSeed.mid(2)));
    for (int i = 0; i < 3; ++i) {
        model::Event e;
        REQUIRE(reader.read(i, e));
        CHECK(e == events[std::size_t(i)]);
    }
}
