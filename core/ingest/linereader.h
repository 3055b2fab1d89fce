#pragma once

#include "format.h"

#include <QByteArray>
#include <QIODevice>

#include <atomic>
#include <functional>

namespace aftermath::ingest {

// Splits a byte stream into lines for LineParsers: strips "\r\n" / "\n" and byte-order marks
// (also ones in the middle of a file, as GitHub Actions logs have), decodes UTF-8 (invalid bytes
// become U+FFFD and the line is flagged), and cuts lines longer than maxLineBytes (flagged; the
// rest of such a line is dropped).
class LineReader {
public:
    static constexpr qsizetype maxLineBytes = 1024 * 1024;
    using LineHandler = std::function<void(QStringView line, qint64 lineNumber, unsigned flags)>;

    explicit LineReader(LineHandler handler, qint64 firstLineNumber = 1)
        : m_handler(std::move(handler)), m_nextLine(firstLineNumber)
    {
    }

    void feed(QByteArrayView chunk);
    // End of input: a last line without a newline is a line too.
    void finish();
    // Bytes of complete lines (including their newline) passed to the handler so far.
    qint64 bytesConsumed() const { return m_consumed; }
    qint64 nextLineNumber() const { return m_nextLine; }

private:
    void emitLine(QByteArrayView bytes, unsigned flags);

    LineHandler m_handler;
    QByteArray m_partial; // an incomplete line carried between chunks
    bool m_discarding = false; // inside the tail of an over-long line
    qint64 m_pending = 0; // bytes of the current, not yet complete line
    qint64 m_nextLine;
    qint64 m_consumed = 0;
    QString m_decoded;
};

// Progress and cancellation for long reads.
struct ReadControl {
    std::function<void(qint64 bytesDone, qint64 linesDone)> progress; // called every few MiB
    const std::atomic_bool* cancel = nullptr;
};

struct ReadResult {
    qint64 bytesConsumed = 0; // up to the end of the last complete line (line formats)
    qint64 lines = 0;
};

// Reads `device` from its current position with `format` (a line or document format), pushing
// what it finds into `sink`. Fails with a message naming the file (and line) for unreadable input,
// binary data or a broken document; Error::Code::Cancelled when cancelled.
Result<ReadResult> readWith(const Format& format, QIODevice& device, const ParseContext& context, EventSink& sink,
    const ReadControl& control = {}, qint64 firstLineNumber = 1);

} // namespace aftermath::ingest
