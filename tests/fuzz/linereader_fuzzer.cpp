// LineReader (core/ingest/linereader.cpp): the lines it hands out must not depend on how the
// stream is cut into chunks, and must be the input split at '\n' with "\r" and BOMs dropped.
// The first byte of an input picks the chunk sizes; the rest is the stream. A first byte of 0xFF
// puts almost 1 MiB of filler before the stream, so that the line limit falls on its 16th byte and
// the cutting of over-long lines (at a UTF-8 boundary) is fuzzed too.

#include "fuzzdriver.h"

#include <vector>

namespace {

using aftermath::ingest::LineReader;

struct Line {
    QString text;
    qint64 number;
    unsigned flags;
    bool operator==(const Line&) const = default;
};

struct Reading {
    std::vector<Line> lines;
    qint64 bytesConsumed = 0;
};

// Feeds `stream` in chunks of 1 to maxChunk bytes (a fixed pseudo-random sequence; 0: all at once),
// checking after every chunk that only whole lines are counted as consumed.
Reading readInChunks(QByteArrayView stream, qsizetype maxChunk, quint32 seed)
{
    Reading reading;
    LineReader reader([&](QStringView line, qint64 number, unsigned flags) {
        reading.lines.push_back({line.toString(), number, flags});
    });
    qsizetype fed = 0;
    while (fed < stream.size()) {
        seed = seed * 1664525u + 1013904223u;
        const qsizetype chunk = maxChunk == 0
            ? stream.size()
            : std::min<qsizetype>(1 + qsizetype(seed >> 8) % maxChunk, stream.size() - fed);
        reader.feed(stream.sliced(fed, chunk));
        fed += chunk;
        const qint64 consumed = reader.bytesConsumed();
        AFTERMATH_FUZZ_CHECK(consumed >= 0 && consumed <= fed, "more bytes consumed than fed");
        AFTERMATH_FUZZ_CHECK(consumed == 0 || stream[consumed - 1] == '\n', "a partial line counted as consumed");
    }
    reader.finish();
    reading.bytesConsumed = reader.bytesConsumed();
    return reading;
}

// What the lines of `stream` must be, by the rules in linereader.h.
void checkAgainstSpec(QByteArrayView stream, const std::vector<Line>& lines)
{
    using namespace aftermath::ingest;
    qsizetype start = 0;
    size_t index = 0;
    while (start < stream.size()) {
        qsizetype end = stream.indexOf('\n', start);
        if (end < 0)
            end = stream.size();
        AFTERMATH_FUZZ_CHECK(index < lines.size(), "a line went missing");
        const Line& line = lines[index++];
        AFTERMATH_FUZZ_CHECK(line.number == qint64(index), "line numbers are not consecutive");
        AFTERMATH_FUZZ_CHECK(!line.text.contains(u'\n') && !line.text.contains(QChar(0xFEFF)),
            "a newline or a byte-order mark left in a line");
        QByteArrayView raw = stream.sliced(start, end - start);
        if (raw.size() > LineReader::maxLineBytes) {
            AFTERMATH_FUZZ_CHECK(line.flags & LineTruncated, "an over-long line not flagged");
            AFTERMATH_FUZZ_CHECK(!raw.isValidUtf8() || line.text.toUtf8().size() <= LineReader::maxLineBytes,
                "a cut line still too long");
        } else {
            if (raw.endsWith('\r'))
                raw.chop(1);
            QString expected = QString::fromUtf8(raw);
            expected.remove(QChar(0xFEFF));
            AFTERMATH_FUZZ_CHECK(line.text == expected, "a line differs from its bytes");
            const unsigned expectedFlags = raw.isValidUtf8() ? 0u : unsigned(LineInvalidUtf8);
            AFTERMATH_FUZZ_CHECK(line.flags == expectedFlags, "wrong line flags");
        }
        start = end + 1;
    }
    AFTERMATH_FUZZ_CHECK(index == lines.size(), "more lines than the input has");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const uint8_t mode = data[0];
    QByteArray stream(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    const bool huge = mode == 0xFF;
    if (huge)
        stream.prepend(QByteArray(LineReader::maxLineBytes - 16, 'x'));

    const Reading whole = readInChunks(stream, 0, 0);
    const Reading chunked = readInChunks(stream, huge ? 64 * 1024 : 1 + mode % 64, mode);
    AFTERMATH_FUZZ_CHECK(whole.lines == chunked.lines, "the lines depend on the chunk sizes");
    AFTERMATH_FUZZ_CHECK(whole.bytesConsumed == stream.size() && chunked.bytesConsumed == stream.size(),
        "finish() did not consume the whole stream");
    checkAgainstSpec(stream, whole.lines);
    return 0;
}
