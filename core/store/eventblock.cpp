#include "eventblock.h"

#include <QStringEncoder>

#include <lz4.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace aftermath::store::blocks {

namespace {

constexpr quint64 zigzag(qint64 value) { return (quint64(value) << 1) ^ quint64(value >> 63); }
constexpr qint64 unzigzag(quint64 value) { return qint64((value >> 1) ^ (~(value & 1) + 1)); }
// a - b and a + b with two's complement wrap-around: any stored value round-trips, without
// signed overflow on values a damaged blob makes up.
constexpr qint64 difference(qint64 a, qint64 b) { return qint64(quint64(a) - quint64(b)); }
constexpr qint64 sum(qint64 a, qint64 b) { return qint64(quint64(a) + quint64(b)); }

// Appends to a byte buffer kept across blocks, growing it geometrically.
class Writer {
public:
    explicit Writer(QByteArray& out) : m_out(out) {}

    void clear() { m_size = 0; }
    qsizetype size() const { return m_size; }
    const char* data() const { return m_out.constData(); }

    void varint(quint64 value)
    {
        char* p = reserve(10);
        qsizetype n = 0;
        while (value >= 0x80) {
            p[n++] = char(value | 0x80);
            value >>= 7;
        }
        p[n++] = char(value);
        m_size += n;
    }
    void byte(unsigned value)
    {
        *reserve(1) = char(value);
        ++m_size;
    }
    void bytes(const char* data, qsizetype size)
    {
        std::memcpy(reserve(size), data, std::size_t(size));
        m_size += size;
    }
    // The text as varint length + UTF-8, converted straight into the buffer.
    void text(QStringView text)
    {
        const qsizetype most = text.size() * 3; // UTF-16 code unit -> at most 3 UTF-8 bytes
        const int room = most < 0x80 ? 1 : 5; // room for the length's varint (texts stay below 2^35)
        char* p = reserve(room + most);
        QStringEncoder encoder(QStringEncoder::Utf8);
        const char* end = encoder.appendToBuffer(p + room, text);
        const auto length = quint64(end - (p + room));
        qsizetype n = 0;
        for (quint64 v = length; v >= 0x80; v >>= 7)
            ++n;
        ++n;
        if (n != room)
            std::memmove(p + n, p + room, std::size_t(length));
        quint64 v = length;
        for (qsizetype i = 0; i < n; ++i, v >>= 7)
            p[i] = char((v & 0x7F) | (i + 1 < n ? 0x80 : 0));
        m_size += n + qsizetype(length);
    }

private:
    char* reserve(qsizetype n)
    {
        if (m_size + n > m_out.size())
            m_out.resize(std::max(m_out.size() * 2, m_size + n + 4096));
        return m_out.data() + m_size;
    }

    QByteArray& m_out;
    qsizetype m_size = 0;
};

// Reads from a blob; any overrun or malformed number clears ok and yields zeros.
struct Cursor {
    const uchar* p;
    const uchar* end;
    bool ok = true;

    quint64 varint()
    {
        quint64 value = 0;
        for (int shift = 0; shift < 64 && p < end; shift += 7) {
            const uchar b = *p++;
            value |= quint64(b & 0x7F) << shift;
            if (!(b & 0x80))
                return value;
        }
        ok = false;
        return 0;
    }
    unsigned byte()
    {
        if (p >= end) {
            ok = false;
            return 0;
        }
        return *p++;
    }
    // The next text's bytes, skipped over.
    QByteArrayView text()
    {
        const quint64 length = varint();
        if (!ok || length > quint64(end - p)) {
            ok = false;
            return {};
        }
        const QByteArrayView bytes(reinterpret_cast<const char*>(p), qsizetype(length));
        p += length;
        return bytes;
    }
};

enum TextBit : unsigned {
    LocatorBit = 1u << 0,
    ServiceBit = 1u << 1,
    RunIdBit = 1u << 2,
    ActorBit = 1u << 3,
    OutcomeBit = 1u << 4,
    MessageBit = 1u << 5,
    RawBit = 1u << 6,
};
constexpr int textCount = 7;

// The texts of an event in bit order.
std::array<const QString*, textCount> textsOf(const model::Event& e)
{
    return {&e.locator, &e.service, &e.runId, &e.actor, &e.outcome, &e.message, &e.raw};
}
std::array<QString*, textCount> textsOf(model::Event& e)
{
    return {&e.locator, &e.service, &e.runId, &e.actor, &e.outcome, &e.message, &e.raw};
}

bool keyLess(const model::Event& a, const model::Event& b)
{
    if (a.sourceId != b.sourceId)
        return a.sourceId < b.sourceId;
    if (a.timeUs != b.timeUs)
        return a.timeUs < b.timeUs;
    return a.seq < b.seq;
}

} // namespace

bool encodeBlocks(
    std::span<const model::Event> events, const std::function<bool(const EncodedBlock&)>& visit, bool allowCompression)
{
    // Logs are nearly always in order already; sort a permutation only when they are not.
    std::vector<std::uint32_t> order;
    const bool sorted = std::is_sorted(events.begin(), events.end(), keyLess);
    if (!sorted) {
        order.resize(events.size());
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return keyLess(events[a], events[b]); });
    }
    auto at = [&](std::size_t i) -> const model::Event& { return sorted ? events[i] : events[order[i]]; };

    thread_local QByteArray recordBuffer;
    thread_local QByteArray compressed;
    Writer records(recordBuffer);
    EncodedBlock block;
    Writer out(block.data);
    std::vector<qint64> times;
    std::vector<qint64> seqs;
    times.reserve(targetEvents);
    seqs.reserve(targetEvents);

    auto emit = [&]() {
        out.clear();
        out.varint(quint64(times.size()));
        out.varint(zigzag(times.front()));
        for (std::size_t i = 1; i < times.size(); ++i)
            out.varint(quint64(times[i]) - quint64(times[i - 1]));
        qint64 previousSeq = 0;
        for (const qint64 seq : seqs) {
            out.varint(zigzag(difference(seq, previousSeq)));
            previousSeq = seq;
        }
        block.format = plainFormat;
        if (allowCompression) {
            const int bound = LZ4_compressBound(int(records.size()));
            if (compressed.size() < bound)
                compressed.resize(bound);
            const int size = LZ4_compress_default(records.data(), compressed.data(), int(records.size()), bound);
            if (size > 0 && size + 10 < records.size()) {
                out.varint(quint64(records.size()));
                out.bytes(compressed.constData(), size);
                block.format = compressedFormat;
            }
        }
        if (block.format == plainFormat)
            out.bytes(records.data(), records.size());
        block.data.resize(out.size());
        block.firstUs = times.front();
        block.lastUs = times.back();
        block.count = int(times.size());
        const bool more = visit(block);
        block.data.resize(block.data.capacity()); // keep the buffer's room for the next block
        times.clear();
        seqs.clear();
        records.clear();
        return more;
    };

    qint64 previousLine = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const model::Event& e = at(i);
        if (!times.empty() && e.sourceId != block.sourceId && !emit())
            return false;
        if (times.empty()) {
            block.sourceId = e.sourceId;
            previousLine = 0;
        }
        times.push_back(e.timeUs);
        seqs.push_back(e.seq);
        records.varint(zigzag(difference(e.line, previousLine)));
        previousLine = e.line;
        records.byte(unsigned(e.timeQuality) | unsigned(e.level) << 2);
        records.byte(unsigned(e.kind));
        records.varint(e.flags);
        const auto texts = textsOf(e);
        unsigned present = 0;
        for (int t = 0; t < textCount; ++t) {
            if (!texts[std::size_t(t)]->isEmpty())
                present |= 1u << t;
        }
        records.byte(present);
        for (int t = 0; t < textCount; ++t) {
            if (present & (1u << t))
                records.text(*texts[std::size_t(t)]);
        }
        if ((int(times.size()) >= targetEvents || records.size() >= targetBytes) && !emit())
            return false;
    }
    return times.empty() || emit();
}

bool BlockReader::open(qint64 blockId, qint64 sourceId, int count, int format, QByteArray data)
{
    m_blockId = blockId;
    m_sourceId = sourceId;
    m_data = std::move(data);
    m_times.clear();
    m_seqs.clear();
    m_next = 0;
    m_line = 0;
    m_pos = m_end = nullptr;
    const auto* begin = reinterpret_cast<const uchar*>(m_data.constData());
    Cursor in{begin, begin + m_data.size()};
    if ((format != plainFormat && format != compressedFormat) || count < 1 || count > maxEvents
        || in.varint() != quint64(count) || !in.ok)
        return false;
    m_times.resize(std::size_t(count));
    m_seqs.resize(std::size_t(count));
    qint64 time = unzigzag(in.varint());
    m_times[0] = time;
    for (std::size_t i = 1; i < m_times.size(); ++i) {
        time = sum(time, qint64(in.varint()));
        m_times[i] = time;
    }
    qint64 seq = 0;
    for (qint64& s : m_seqs) {
        seq = sum(seq, unzigzag(in.varint()));
        s = seq;
    }
    m_recordsSize = -1;
    if (format == compressedFormat) {
        // LZ4 expands at most 255-fold, and no block's records come near 64 MiB: a bigger size is
        // damage, not something to allocate.
        constexpr quint64 mostRecordBytes = 64 * 1024 * 1024;
        const quint64 size = in.varint();
        const auto compressedBytes = quint64(begin + m_data.size() - in.p);
        if (size > mostRecordBytes || size > 255 * compressedBytes + 16)
            return false;
        m_recordsSize = qsizetype(size);
    }
    if (!in.ok)
        return false;
    m_recordsAt = in.p - begin;
    return true;
}

bool BlockReader::loadRecords()
{
    const auto* begin = reinterpret_cast<const uchar*>(m_data.constData());
    if (m_recordsSize < 0) {
        m_pos = begin + m_recordsAt;
        m_end = begin + m_data.size();
        return true;
    }
    m_records.resize(m_recordsSize);
    const int size = LZ4_decompress_safe(
        m_data.constData() + m_recordsAt, m_records.data(), int(m_data.size() - m_recordsAt), int(m_recordsSize));
    if (size != m_recordsSize)
        return false;
    m_pos = reinterpret_cast<const uchar*>(m_records.constData());
    m_end = m_pos + size;
    return true;
}

bool BlockReader::skipRecord()
{
    Cursor in{m_pos, m_end};
    m_line = sum(m_line, unzigzag(in.varint()));
    in.byte();
    in.byte();
    in.varint();
    const unsigned present = in.byte();
    for (int t = 0; t < textCount && in.ok; ++t) {
        if (present & (1u << t))
            in.text();
    }
    if (!in.ok)
        return false;
    m_pos = in.p;
    ++m_next;
    return true;
}

bool BlockReader::read(int index, model::Event& out)
{
    if (index < m_next || index >= size() || m_times.empty())
        return false;
    if (!m_pos && !loadRecords())
        return false;
    while (m_next < index) {
        if (!skipRecord())
            return false;
    }
    Cursor in{m_pos, m_end};
    m_line = sum(m_line, unzigzag(in.varint()));
    const unsigned qualityAndLevel = in.byte();
    const unsigned kind = in.byte();
    const quint64 flags = in.varint();
    const unsigned present = in.byte();
    const unsigned quality = qualityAndLevel & 3;
    const unsigned level = qualityAndLevel >> 2;
    if (!in.ok || quality >= unsigned(model::timeQualityCount) || level >= unsigned(model::levelCount)
        || kind >= unsigned(model::eventKindCount) || present >= (1u << textCount) || flags > 0xFFFFFFFFu)
        return false;
    out.id = idAt(index);
    out.sourceId = m_sourceId;
    out.timeUs = timeAt(index);
    out.timeQuality = model::TimeQuality(quality);
    out.seq = seqAt(index);
    out.line = m_line;
    out.level = model::Level(level);
    out.kind = model::EventKind(kind);
    out.flags = unsigned(flags);
    const auto texts = textsOf(out);
    for (int t = 0; t < textCount; ++t) {
        QString& text = *texts[std::size_t(t)];
        if (present & (1u << t)) {
            const QByteArrayView bytes = in.text();
            if (!in.ok)
                return false;
            text = QString::fromUtf8(bytes);
        } else {
            text.clear();
        }
    }
    m_pos = in.p;
    ++m_next;
    return true;
}

} // namespace aftermath::store::blocks
