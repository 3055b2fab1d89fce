#include "ingest/linereader.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using aftermath::ingest::LineReader;

namespace {

struct Line {
    QString text;
    qint64 number;
    unsigned flags;
    bool operator==(const Line&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Line& line)
{
    return os << line.number << ':' << line.text.toStdString() << " flags " << line.flags;
}

// Feeds `bytes` in pieces of `piece` bytes and returns the lines and the bytes consumed.
std::pair<std::vector<Line>, qint64> readLines(const QByteArray& bytes, qsizetype piece)
{
    std::vector<Line> lines;
    LineReader reader([&](QStringView text, qint64 number, unsigned flags) {
        lines.push_back({text.toString(), number, flags});
    });
    for (qsizetype i = 0; i < bytes.size(); i += piece)
        reader.feed(QByteArrayView(bytes).sliced(i, std::min(piece, bytes.size() - i)));
    reader.finish();
    return {lines, reader.bytesConsumed()};
}

} // namespace

TEST_CASE("line reader: terminators, byte-order marks and the last line", "[linereader]")
{
    const QByteArray bytes = "\xEF\xBB\xBF"
                             "first\r\nsecond\n\xEF\xBB\xBF"
                             "third with mid-file BOM\n\nlast without newline";
    const std::vector<Line> expected = {{QStringLiteral("first"), 1, 0}, {QStringLiteral("second"), 2, 0},
        {QStringLiteral("third with mid-file BOM"), 3, 0}, {QString(), 4, 0},
        {QStringLiteral("last without newline"), 5, 0}};
    // However the input is cut into chunks, the lines are the same.
    for (qsizetype piece : {qsizetype(1), qsizetype(3), qsizetype(7), bytes.size()}) {
        INFO("chunks of " << piece);
        const auto [lines, consumed] = readLines(bytes, piece);
        CHECK(lines == expected);
        CHECK(consumed == bytes.size());
    }
}

TEST_CASE("line reader: invalid UTF-8 is replaced and flagged", "[linereader]")
{
    const auto [lines, consumed] = readLines("ok\ncaf\xE9 latin-1\n", 4);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].flags == 0);
    CHECK(lines[1].flags == ingest::LineInvalidUtf8);
    CHECK(lines[1].text == QStringLiteral("caf\uFFFD latin-1"));
}

TEST_CASE("line reader: a line over 1 MiB is cut and flagged, and the next line is intact", "[linereader]")
{
    QByteArray huge(3 * LineReader::maxLineBytes, 'x');
    huge[LineReader::maxLineBytes - 1] = '\xC3'; // a two-byte sequence straddling the cut
    huge[LineReader::maxLineBytes] = '\xA9';
    const QByteArray bytes = "before\n" + huge + "\nafter\n";
    const auto [lines, consumed] = readLines(bytes, 64 * 1024);
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].flags == ingest::LineTruncated);
    CHECK(lines[1].text.size() == LineReader::maxLineBytes - 1); // cut before the split character
    CHECK(lines[2] == Line{QStringLiteral("after"), 3, 0});
    CHECK(consumed == bytes.size());
}

TEST_CASE("line reader: ASCII and other lines in any order decode the same", "[linereader]")
{
    // ASCII lines take a shorter path into a reused buffer: a short line after a long one, or after
    // one that needed UTF-8 decoding, must not keep anything of it.
    const QByteArray bytes = "a much longer first line, all ASCII\n"
                             "short\n"
                             "caf\xC3\xA9 cr\xC3\xA8me\n"
                             "x\n"
                             "\n"
                             "tab\tand CR\r\n"
                             "\xEF\xBB\xBF"
                             "BOM then ASCII\n"
                             "mid \xEF\xBB\xBF"
                             "BOM\n"
                             "bad \xFF\n"
                             "ok";
    const std::vector<Line> expected = {{QStringLiteral("a much longer first line, all ASCII"), 1, 0},
        {QStringLiteral("short"), 2, 0}, {QStringLiteral("café crème"), 3, 0}, {QStringLiteral("x"), 4, 0},
        {QString(), 5, 0}, {QStringLiteral("tab\tand CR"), 6, 0}, {QStringLiteral("BOM then ASCII"), 7, 0},
        {QStringLiteral("mid BOM"), 8, 0}, {QStringLiteral("bad \uFFFD"), 9, ingest::LineInvalidUtf8},
        {QStringLiteral("ok"), 10, 0}};
    for (qsizetype piece : {qsizetype(1), qsizetype(5), bytes.size()}) {
        INFO("chunks of " << piece);
        CHECK(readLines(bytes, piece).first == expected);
    }
    // An empty line is an empty string, not a null one, whichever path it took.
    LineReader reader([](QStringView text, qint64, unsigned) {
        CHECK(text.isEmpty());
        CHECK_FALSE(text.isNull());
    });
    reader.feed("\n\r\n");
    reader.finish();
}
