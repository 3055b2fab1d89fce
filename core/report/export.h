#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "templates.h"
#include "timeline/timeline.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace aftermath::report {

enum class DocumentFormat { Markdown, Html };

struct ExportOptions {
    DocumentFormat format = DocumentFormat::Markdown;
    // Where to write the document; empty: nothing is written, the caller gets the text.
    QString outputPath;
    // Also draw the timeline chart and write it beside the document (NAME.svg for NAME.md), linked
    // from it as an image. Needs outputPath and the evidence.
    bool chart = false;
    // The zone the user chose to show times in (model::displayZone()'s `chosen`); none: the
    // incident's own zone, else the system's.
    std::optional<QTimeZone> zone;
};

struct ExportResult {
    QString document; // the Markdown or HTML
    QStringList written; // the files written, the chart first
};

// Renders a postmortem through a template and, when options.outputPath is set, writes it (and its
// chart) atomically. `evidence` is the reconstructed timeline of the incident's window, or null.
Result<ExportResult> exportPostmortem(const model::Postmortem& postmortem, const timeline::Timeline* evidence,
    const Template& document, const ExportOptions& options);

// The chart's path for a document's: the same folder and name, ending in .svg.
QString chartPathFor(const QString& documentPath);

// Writes `bytes` to `path` atomically (QSaveFile): a reader sees the old file or the whole new one,
// and a failure (no permission, a full disk) leaves no partial file behind. A path that names a
// device or a pipe (/dev/stdout) is written directly. The error names the file and what to do.
Result<void> writeFileAtomically(const QString& path, const QByteArray& bytes);

} // namespace aftermath::report
