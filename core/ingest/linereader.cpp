#include "linereader.h"

#include <cstdint>
#include <cstring>

namespace aftermath::ingest {

namespace {

constexpr qsizetype chunkBytes = 4 * 1024 * 1024;
constexpr QByteArrayView utf8Bom("\xEF\xBB\xBF");

// Whether every byte is below 0x80: such a line is valid UTF-8 without a BOM, and decodes one
// byte to one UTF-16 unit. Checked eight bytes at a time, without an early exit, so that it stays
// a handful of instructions per word.
bool isAscii(QByteArrayView bytes)
{
    const char* data = bytes.data();
    const qsizetype size = bytes.size();
    std::uint64_t seen = 0;
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, data + i, sizeof word);
        seen |= word;
    }
    for (; i < size; ++i)
        seen |= uchar(data[i]);
    return (seen & 0x8080808080808080ULL) == 0;
}

} // namespace

void LineReader::emitLine(QByteArrayView bytes, unsigned flags)
{
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    if (isAscii(bytes)) {
        // Most log lines: widen into the buffer the previous line used, with no allocation.
        m_decoded.resize(0);
        m_decoded.append(QLatin1StringView(bytes.data(), bytes.size()));
        m_handler(m_decoded, m_nextLine++, flags);
        return;
    }
    while (bytes.startsWith(utf8Bom))
        bytes = bytes.sliced(utf8Bom.size());
    if (!bytes.isValidUtf8())
        flags |= LineInvalidUtf8;
    m_decoded = QString::fromUtf8(bytes);
    // A BOM after a timestamp prefix is still noise (Actions logs write "...Z \uFEFF##[group]").
    m_decoded.remove(QChar(0xFEFF));
    m_handler(m_decoded, m_nextLine++, flags);
}

void LineReader::feed(QByteArrayView chunk)
{
    while (!chunk.isEmpty()) {
        const qsizetype newline = chunk.indexOf('\n');
        const QByteArrayView piece = newline < 0 ? chunk : chunk.first(newline);
        m_pending += newline < 0 ? chunk.size() : newline + 1;

        if (m_discarding) {
            // The rest of an over-long line that was already cut and emitted.
        } else if (m_partial.size() + piece.size() > maxLineBytes) {
            m_partial.append(piece.first(maxLineBytes - m_partial.size()));
            // Cut before a UTF-8 sequence that would be incomplete.
            qsizetype cut = m_partial.size();
            while (cut > 0 && (uchar(m_partial[cut - 1]) & 0xC0) == 0x80)
                --cut;
            if (cut > 0 && uchar(m_partial[cut - 1]) >= 0xC0)
                --cut;
            m_partial.truncate(cut);
            emitLine(m_partial, LineTruncated);
            m_partial.clear();
            m_discarding = true;
        } else if (newline >= 0 && m_partial.isEmpty()) {
            emitLine(piece, 0); // the common case: a whole line inside the chunk, no copy
        } else {
            m_partial.append(piece);
            if (newline >= 0) {
                emitLine(m_partial, 0);
                m_partial.clear();
            }
        }

        if (newline < 0)
            break;
        m_discarding = false;
        m_consumed += m_pending;
        m_pending = 0;
        chunk = chunk.sliced(newline + 1);
    }
}

void LineReader::finish()
{
    if (!m_partial.isEmpty() && !m_discarding)
        emitLine(m_partial, 0);
    m_partial.clear();
    m_discarding = false;
    m_consumed += m_pending;
    m_pending = 0;
}

} // namespace aftermath::ingest

namespace aftermath::ingest {

namespace {
constexpr qint64 maxDocumentBytes = qint64(1) << 30;
constexpr qint64 progressEveryBytes = 8 * 1024 * 1024;

bool cancelled(const ReadControl& control) { return control.cancel && control.cancel->load(std::memory_order_relaxed); }
} // namespace

Result<ReadResult> readWith(const Format& format, QIODevice& device, const ParseContext& context, EventSink& sink,
    const ReadControl& control, qint64 firstLineNumber)
{
    if (format.parseDocument) {
        if (device.size() > maxDocumentBytes)
            return fail(Error::Code::InvalidArgument,
                QStringLiteral("a %1 document over 1 GiB is more than Aftermath reads in one piece; split it")
                    .arg(format.name),
                context.path);
        QByteArray content = device.readAll();
        if (content.startsWith(utf8Bom))
            content.remove(0, utf8Bom.size());
        if (cancelled(control))
            return fail(Error::Code::Cancelled, QStringLiteral("the import was cancelled"), context.path);
        if (auto parsed = format.parseDocument(content, context, sink); !parsed)
            return std::unexpected(parsed.error());
        if (control.progress)
            control.progress(content.size(), 0);
        return ReadResult{device.pos(), 0};
    }
    if (!format.makeLineParser)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("the %1 format reads folders, not files").arg(format.name), context.path);

    const std::unique_ptr<LineParser> parser = format.makeLineParser(context);
    LineReader reader([&](QStringView line, qint64 number, unsigned flags) { parser->feed(line, number, flags, sink); },
        firstLineNumber);
    QByteArray buffer(chunkBytes, Qt::Uninitialized);
    qint64 done = 0;
    qint64 reported = 0;
    for (;;) {
        if (cancelled(control))
            return fail(Error::Code::Cancelled, QStringLiteral("the import was cancelled"), context.path);
        const qint64 read = device.read(buffer.data(), buffer.size());
        if (read < 0)
            return fail(Error::Code::Io, QStringLiteral("reading failed (%1)").arg(device.errorString()),
                QStringLiteral("%1:%2").arg(context.path).arg(reader.nextLineNumber()));
        if (read == 0)
            break;
        reader.feed(QByteArrayView(buffer.constData(), read));
        done += read;
        if (control.progress && done - reported >= progressEveryBytes) {
            control.progress(done, reader.nextLineNumber() - firstLineNumber);
            reported = done;
        }
    }
    reader.finish();
    parser->finish(sink);
    if (control.progress)
        control.progress(done, reader.nextLineNumber() - firstLineNumber);
    return ReadResult{reader.bytesConsumed(), reader.nextLineNumber() - firstLineNumber};
}

} // namespace aftermath::ingest
