#pragma once

#include "model/error.h"
#include "model/event.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <memory>
#include <span>
#include <vector>

namespace aftermath::ingest {

class TimeSpelling;

// What a parser knows about its input besides the bytes.
struct ParseContext {
    QString path; // the file, for messages ("etl.log:12: ...")
    QString displayName; // the source's short name
    QTimeZone naiveZone; // times without an offset are read in this zone
    qint64 referenceTimeUs = 0; // the file's modification time, for logs that omit the year
    int year = 0; // the year of stamps that omit it, when the user gave one (--year)
    // The user's timestamp spelling (--time-format), for the text formats that learn one.
    std::shared_ptr<const TimeSpelling> timeSpelling;
    QStringList sampleLines; // the input's first lines (Sample::lines), for readers that learn a shape
};

// Where parsers put what they read. The import pipeline assigns each event's source id and seq,
// so parsers leave those at 0. Every event carries its provenance: `line` (1-based) for text, or
// `line` of the JSON value plus a JSON pointer in `locator` for structured input.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void add(model::Event event) = 0;
    // A line or record that yields no event, with the reason ("no timestamp", "not JSON").
    virtual void skip(qint64 line, const QString& reason) = 0;
    // A line without a time of its own that was appended to the previous event (a stack trace).
    virtual void continuation(qint64 line) = 0;
    // The event just added had a naive time read in the context's zone.
    virtual void zoneAssumed() = 0;
};

// Flags the reader sets on a line before the parser sees it.
enum LineFlag : unsigned {
    LineInvalidUtf8 = model::Event::InvalidUtf8, // replaced with U+FFFD
    LineTruncated = model::Event::Truncated, // cut at the line length limit
};

// A streaming parser for line-oriented formats: it sees each line once, in order, and keeps at
// most the event it is still completing (continuation lines), so memory stays constant.
class LineParser {
public:
    virtual ~LineParser() = default;
    // One line without its terminator; lineNumber is 1-based; flags are LineFlag bits that the
    // parser copies into the flags of the event the line becomes part of.
    virtual void feed(QStringView line, qint64 lineNumber, unsigned flags, EventSink& sink) = 0;
    // End of input: emit what is still pending.
    virtual void finish(EventSink& sink) = 0;
};

// The start of an input, for format detection.
struct Sample {
    QString fileName; // without folders, e.g. "runs.json"
    QByteArray head; // up to the first 64 KiB
    QStringList lines; // the first lines of head, decoded (at most 200)
    bool complete = false; // head is the whole file
    bool isFolder = false; // the input is a folder (or an archive unpacked to one)
    QStringList folderEntries; // for folders: relative paths of its files (at most 500)
};

// One input format: how to recognise it and how to read it. Exactly one of the readers is set.
struct Format {
    QString name; // stable, lower-case with dashes: "python-logging", "github-workflow-runs"
    QString summary; // one line on what it reads, for `aftermath-cli formats`
    // How sure this format is that the sample is its own: 0 (cannot read it) to 100 (certain).
    int (*score)(const Sample& sample) = nullptr;
    // Line formats.
    std::unique_ptr<LineParser> (*makeLineParser)(const ParseContext& context) = nullptr;
    // Whole-document formats (JSON documents): the content is read entirely. A failure names
    // the file and line (Error::context = "path:line").
    Result<void> (*parseDocument)(const QByteArray& content, const ParseContext& context, EventSink& sink) = nullptr;
    // Folder formats (an unpacked export): `folder` is the folder's path.
    Result<void> (*parseFolder)(const QString& folder, const ParseContext& context, EventSink& sink) = nullptr;
    // What the reader learned from the sample ("timestamp at column 0, `yyyyMMdd-HH:mm:ss:SSS`,
    // no zone"), for formats that learn the shape of their input; nullptr for the rest.
    QString (*describe)(const ParseContext& context) = nullptr;
};

// Every format Aftermath reads, in the order `formats` lists them.
std::span<const Format> formats();
const Format* findFormat(QStringView name);

struct Candidate {
    const Format* format = nullptr;
    int score = 0;
};

// The formats that can read the sample, best first (ties keep the registry's order); empty when
// none can.
std::vector<Candidate> detect(const Sample& sample);

// A sample of the start of `bytes` (which may be all of a file or its first 64 KiB).
Sample makeSample(const QString& fileName, const QByteArray& bytes, bool complete);

} // namespace aftermath::ingest
