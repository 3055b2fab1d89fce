#pragma once

#include "draft/draft.h"
#include "model/error.h"
#include "report/export.h"
#include "store/store.h"

#include <QFuture>
#include <QString>

namespace aftermath::desktop {

// Drafting and exporting a postmortem away from the GUI thread. Each reads the window's events
// through its own connection to the store, opened and closed in the worker thread, as the
// workspace's reconstruction does (these would sit beside it in core/workspace).

// Drafts incident `incidentId` (draft::draftPostmortem) through a read-write connection to the
// store at `storePath`; `options` say how it opens (clock, busy timeout). Synchronous.
Result<draft::Report> draftInOwnConnection(const QString& storePath, store::OpenOptions options, qint64 incidentId);
// draftInOwnConnection() in the global thread pool.
QFuture<Result<draft::Report>> startDraft(const QString& storePath, store::OpenOptions options, qint64 incidentId);

// What to export: which incident of which store, through which template, to which file.
struct ExportRequest {
    QString storePath;
    store::OpenOptions storeOptions; // access is forced to read-only
    qint64 incidentId = 0;
    QString templateName = report::defaultTemplateName; // a name, or a template file's path
    report::ExportOptions options; // outputPath must be set
};

// Reads the postmortem, reconstructs its evidence, renders it through the template and writes it
// (and its chart) atomically (report::exportPostmortem). Synchronous. Errors name the file they
// concern: the document, the chart, the template or the store.
Result<report::ExportResult> exportInOwnConnection(const ExportRequest& request);
// exportInOwnConnection() in the global thread pool.
QFuture<Result<report::ExportResult>> startExport(ExportRequest request);

} // namespace aftermath::desktop
