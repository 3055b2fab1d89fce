#pragma once

// What every fuzz target shares (docs/fuzzing.md): a sink that reads each event it is given, so
// the sanitizers check the memory behind it, a fixed parse context, and the real entry points of
// ingest (readWith, Format::score, makeSample) run over the fuzzer's bytes.

#include "ingest/format.h"
#include "ingest/linereader.h"

#include <QBuffer>
#include <QByteArray>
#include <QString>
#include <QTimeZone>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

namespace aftermath::fuzz {

// A broken promise of format.h is a finding too: say which, then abort so libFuzzer keeps the input.
#define AFTERMATH_FUZZ_CHECK(condition, what)                                                                          \
    do {                                                                                                               \
        if (!(condition)) {                                                                                            \
            std::fprintf(stderr, "fuzz check failed: %s (%s, %s:%d)\n", what, #condition, __FILE__, __LINE__);         \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (false)

// The fuzzer's bytes as a QByteArray of exactly their size (a copy: QByteArray's own terminating
// NUL is there, as it is for bytes read from a file, and a read past it is an overflow).
inline QByteArray bytesOf(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

// The highest line number an input of these bytes has.
inline qint64 lineCount(QByteArrayView bytes) { return bytes.count('\n') + 1; }

// Reads every field of every event and checks what format.h promises: enumerations in range and
// lines inside the input (0 is allowed: "0 when not line-based").
class ReadingSink final : public ingest::EventSink {
public:
    explicit ReadingSink(qint64 lastLine) : m_lastLine(lastLine) {}

    void add(model::Event event) override
    {
        AFTERMATH_FUZZ_CHECK(int(event.timeQuality) >= 0 && int(event.timeQuality) < model::timeQualityCount,
            "event time quality out of range");
        AFTERMATH_FUZZ_CHECK(int(event.level) >= 0 && int(event.level) < model::levelCount, "event level out of range");
        AFTERMATH_FUZZ_CHECK(
            int(event.kind) >= 0 && int(event.kind) < model::eventKindCount, "event kind out of range");
        checkLine(event.line);
        for (const QString* text :
            {&event.locator, &event.service, &event.runId, &event.actor, &event.outcome, &event.message, &event.raw})
            read(*text);
        m_checksum += quint64(event.timeUs) + event.flags;
        ++m_events;
    }

    void skip(qint64 line, const QString& reason) override
    {
        checkLine(line);
        read(reason);
    }

    void continuation(qint64 line) override { checkLine(line); }
    void zoneAssumed() override { ++m_checksum; }

    qint64 events() const { return m_events; }
    // Keeps the reads above from being optimised away.
    quint64 checksum() const { return m_checksum; }

private:
    void checkLine(qint64 line) const
    {
        AFTERMATH_FUZZ_CHECK(line >= 0 && line <= m_lastLine, "line number outside the input");
    }

    void read(const QString& text)
    {
        for (const QChar c : text)
            m_checksum = m_checksum * 31 + c.unicode();
    }

    qint64 m_lastLine;
    qint64 m_events = 0;
    quint64 m_checksum = 0;
};

// Where the parsers think the bytes come from. Naive times are read in a zone with daylight
// saving time, so gaps and folds are reachable; year-less logs are placed around the incident.
inline const ingest::ParseContext& context()
{
    static const ingest::ParseContext context = [] {
        ingest::ParseContext c;
        c.path = QStringLiteral("fuzz-input");
        c.displayName = c.path;
        const QTimeZone london("Europe/London");
        c.naiveZone = london.isValid() ? london : QTimeZone::utc();
        c.referenceTimeUs = 1781744400LL * 1000000; // 2026-06-18T01:00:00Z
        return c;
    }();
    return context;
}

inline void use(quint64 value)
{
    static volatile quint64 sink;
    sink = sink + value;
}

// Reads the bytes with a line or document format through ingest::readWith over a QBuffer, as the
// importer reads a file (line formats through LineReader).
inline void readWith(const ingest::Format& format, const QByteArray& bytes)
{
    QByteArray content = bytes;
    QBuffer buffer(&content);
    buffer.open(QIODevice::ReadOnly);
    ReadingSink sink(lineCount(bytes));
    // The sample the importer hands readers that learn their input's shape (the generic text reader).
    ingest::ParseContext learning = context();
    learning.sampleLines = ingest::makeSample(QStringLiteral("fuzz.log"), bytes, true).lines;
    if (format.describe)
        use(quint64(format.describe(learning).size()));
    const auto result = ingest::readWith(format, buffer, learning, sink);
    if (result) {
        AFTERMATH_FUZZ_CHECK(
            result->bytesConsumed >= 0 && result->bytesConsumed <= bytes.size(), "more bytes consumed than there are");
        AFTERMATH_FUZZ_CHECK(result->lines >= 0 && result->lines <= lineCount(bytes), "more lines than there are");
    } else {
        AFTERMATH_FUZZ_CHECK(!result.error().message.isEmpty(), "an error without a message");
    }
    use(sink.checksum() + quint64(sink.events()));
}

// Scores the bytes, taken as a whole file named `fileName`, with each of `formats`.
inline void score(std::span<const ingest::Format> formats, const QString& fileName, const QByteArray& bytes)
{
    const ingest::Sample sample = ingest::makeSample(fileName, bytes, true);
    for (const ingest::Format& format : formats) {
        const int score = format.score(sample);
        AFTERMATH_FUZZ_CHECK(score >= 0 && score <= 100, "a score outside 0..100");
        use(quint64(score));
    }
}

// Scores the bytes with every format of a family, then reads them with each of its file formats.
inline void scoreAndRead(std::span<const ingest::Format> family, const QString& fileName, const QByteArray& bytes)
{
    score(family, fileName, bytes);
    for (const ingest::Format& format : family) {
        if (format.makeLineParser || format.parseDocument)
            readWith(format, bytes);
    }
}

} // namespace aftermath::fuzz
