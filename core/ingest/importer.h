#pragma once

#include "model/evidencetarget.h"
#include "rules.h"
#include "unpack.h"

#include <QStringList>
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace aftermath::ingest {

struct ImportProgress {
    QString path; // the input being read
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    qint64 lines = 0; // lines read so far (line formats)
};

struct ImportOptions {
    QString formatName; // force this format; empty: detect per file
    QString sourceName; // display name, when a single file is imported
    QTimeZone zone = QTimeZone::systemTimeZone(); // naive times are read in this zone
    // The timestamp spelling of text logs ("yyyyMMdd-HH:mm:ss:SSS", timeparse.h's notation),
    // instead of the one learned from each file; empty: learn it.
    QString timeFormat;
    int year = 0; // the year of stamps without one; 0: from each file's date
    // Classification rules; nullptr: the built-in ones (Classifier::builtIn()).
    const Classifier* classifier = nullptr;
    UnpackLimits unpack; // how far archives may unpack before they are refused
    // Called from the thread that parses, not the caller's: it must be thread-safe.
    std::function<void(const ImportProgress&)> progress;
    // Called (in the caller's thread) when a file has to wait for another program writing to the
    // store, typically another import; the import then waits until the store is free or `cancel`
    // is set. Unset: it waits up to the store's busy timeout and fails.
    std::function<void()> waiting;
    const std::atomic_bool* cancel = nullptr;
};

// What importing one input did.
struct FileReport {
    enum class Status {
        Ok, // imported
        Appended, // a log imported before had grown: only its new lines were read
        Replaced, // a file imported before had changed: its earlier events were replaced
        Resumed, // an import of it had stopped part-way (a killed process): it was finished
        Unchanged, // imported before and unchanged: nothing added
        Empty, // an empty file: nothing to import (reported, not an error)
        Error, // nothing from this input was stored; `message` says why
    };
    static constexpr int maxSkippedListed = 5;

    QString path; // the input (for an archive member: "archive.zip/member")
    QString displayName; // the source's short name
    QString format;
    Status status = Status::Ok;
    qint64 bytes = 0;
    qint64 events = 0; // events added by this import
    qint64 skipped = 0;
    qint64 continuations = 0;
    // Lines without a time of their own that are records of their own (Python logging's default
    // "LEVEL:logger:message" between timed lines): they took the time of the line before them.
    qint64 inheritedTimes = 0;
    qint64 firstInheritedLine = 0;
    qint64 invalidUtf8Lines = 0;
    qint64 truncatedLines = 0;
    std::vector<std::pair<qint64, QString>> firstSkipped; // (line, reason), the first few
    std::optional<qint64> firstUs;
    std::optional<qint64> lastUs;
    QString zoneAssumed; // the zone naive times were read in, when there were any
    // What a reader that learns its input's shape learned ("generic text: timestamp at column 0,
    // `yyyyMMdd-HH:mm:ss:SSS`, no zone -> Europe/London"); empty for the other formats.
    QString shape;
    QString message; // the error for Error; otherwise empty
};

QString toString(FileReport::Status status);

// Imports files, folders (recursively, or as one export when a folder format recognises them)
// and archives (.zip, .tar, .tar.gz, .tgz, .gz) into `target` (the evidence store, which
// core/workspace hands over). A file's events land in parts of a fraction of a second each, so
// that other writers get the store in between; its source stays marked incomplete until the last
// part lands, and importing it again after an interruption (a killed process) resumes it exactly.
// A failure removes the file's new source (a grown log or a resumed import keeps its parts, to be
// finished by the next import), and the others still import.
// Re-importing an unchanged file adds nothing; a log that grew imports only its new lines.
std::vector<FileReport> importPaths(
    model::EvidenceTarget& target, const QStringList& paths, const ImportOptions& options);

} // namespace aftermath::ingest
