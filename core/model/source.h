#pragma once

#include <QString>

namespace aftermath::model {

// One imported input (a file, or a member of an archive) and what its import found.
struct Source {
    qint64 id = 0;
    QString path; // as given by the user, absolute
    QString displayName; // short name shown in timelines and citations
    QString format; // parser name, e.g. "github-actions-log"
    QString contentHash; // hash of the bytes consumed so far, to spot re-imports
    qint64 sizeBytes = 0;
    qint64 bytesConsumed = 0; // where an appended log's next import starts
    qint64 linesConsumed = 0; // lines read so far, so an appended log's line numbers continue
    QString zoneAssumed; // IANA zone naive times were read in; empty when none were naive
    qint64 importedAtUs = 0;
    qint64 eventCount = 0;
    qint64 skippedCount = 0;

    bool operator==(const Source&) const = default;
};

} // namespace aftermath::model
