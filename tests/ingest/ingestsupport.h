#pragma once

// Runs a format over a fixture without a store and keeps what it found, for parser tests.

#include "ingest/format.h"
#include "ingest/linereader.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>

#include <catch2/catch.hpp>

#include <vector>

namespace aftermath::test {

struct CollectingSink final : ingest::EventSink {
    std::vector<model::Event> events;
    std::vector<std::pair<qint64, QString>> skipped; // line, reason
    std::vector<qint64> continuations;
    qint64 zoneAssumedCount = 0;

    void add(model::Event event) override { events.push_back(std::move(event)); }
    void skip(qint64 line, const QString& reason) override { skipped.emplace_back(line, reason); }
    void continuation(qint64 line) override { continuations.push_back(line); }
    void zoneAssumed() override { ++zoneAssumedCount; }
};

struct Parsed {
    Result<ingest::ReadResult> result;
    CollectingSink sink;
};

// Parses the file at `path` with the named format (REQUIREs that it exists); naive times are
// read in `zone`; the reference time for year-less logs is `referenceUs` (default: the mtime),
// or `year` when given. The parser sees the file's sample, as the importer's do.
inline Parsed parseFile(const QString& formatName, const QString& path, const QTimeZone& zone = QTimeZone::utc(),
    qint64 referenceUs = 0, int year = 0)
{
    const ingest::Format* format = ingest::findFormat(formatName);
    INFO("format " << formatName.toStdString());
    REQUIRE(format != nullptr);
    ingest::ParseContext context;
    context.path = path;
    context.displayName = QFileInfo(path).fileName();
    context.naiveZone = zone;
    context.referenceTimeUs
        = referenceUs != 0 ? referenceUs : QFileInfo(path).lastModified().toMSecsSinceEpoch() * 1000;
    context.year = year;
    if (QFile head(path); !format->parseFolder && head.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = head.read(64 * 1024);
        context.sampleLines = ingest::makeSample(QFileInfo(path).fileName(), bytes, head.atEnd()).lines;
    }
    Parsed parsed{fail(Error::Code::Io, QStringLiteral("not run")), {}};
    if (format->parseFolder) {
        auto folder = format->parseFolder(path, context, parsed.sink);
        parsed.result = folder ? Result<ingest::ReadResult>(ingest::ReadResult{})
                               : Result<ingest::ReadResult>(std::unexpected(folder.error()));
        return parsed;
    }
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    parsed.result = ingest::readWith(*format, file, context, parsed.sink);
    return parsed;
}

// The path of a file in ../shared/corpus, or an empty string when the corpus is not there.
inline QString corpusFile(const QString& relative)
{
    const QString path = QStringLiteral(AFTERMATH_SHARED_DIR "/corpus/") + relative;
    return QFileInfo::exists(path) ? path : QString();
}

} // namespace aftermath::test
