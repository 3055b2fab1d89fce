#pragma once

#include "draft/draft.h"
#include "jobs.h"
#include "report/export.h"
#include "report/templates.h"

#include <QStringList>
#include <QTimeZone>

namespace aftermath::workspace {

// Which incident's postmortem to draft from its evidence.
struct DraftRequest {
    StoreLocation store = {};
    qint64 incidentId = 0;
};

// Drafts an incident's postmortem from its evidence, synchronously, on its own read-write
// connection: reconstructs the window (progress 0 to 900), then, in one write that rereads the
// postmortem (a person may have edited meanwhile), applies draft::planDraft: the previous draft's
// unedited entries are replaced and trigger, detection and impact filled, never over what a person
// wrote or edited. `*cancel` stops it before it writes, with Error::Code::Cancelled.
Result<draft::DraftOutcome> draftIncident(
    const DraftRequest& request, const JobProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

using DraftJob = Job<draft::DraftOutcome>;
inline DraftJob startDraft(DraftRequest request, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &draftIncident, {}, pool);
}

// What to export: which incident, through which template, how and to which file.
struct ExportRequest {
    StoreLocation store = {};
    qint64 incidentId = 0;
    QString templateName = report::defaultTemplateName; // a name, or a template file's path
    report::ExportOptions options = {}; // outputPath empty: the document is returned, not written
};

struct ExportOutcome {
    report::ExportResult result; // the document, and the files written (the chart first)
    // False when there are no events in the incident's window: the document has no evidence part.
    bool hasEvidence = true;
};

// Reads the postmortem, reconstructs its evidence (progress 0 to 900), renders it through the
// template and writes it (and its chart) atomically (report::exportPostmortem). Synchronous, on
// its own read-only connection. Errors name the file they concern: the document, the chart, the
// template or the store. A chart needs events in the window.
Result<ExportOutcome> exportIncident(
    const ExportRequest& request, const JobProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

using ExportJob = Job<ExportOutcome>;
inline ExportJob startExport(ExportRequest request, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &exportIncident, {}, pool);
}

// An existing Markdown postmortem to import as a new incident.
struct PostmortemImportRequest {
    // Unlike the other jobs, this one honours store.options.create: a postmortem may start a store
    // (created only once the document has been read).
    StoreLocation store = {};
    QString file = {};
    // The zone of times the document gives without one, when it states none; dates without a year
    // take the year it is now (the store's clock) in this zone.
    QTimeZone zone = QTimeZone::utc();
};

struct ImportedPostmortem {
    qint64 incidentId = 0;
    model::Postmortem postmortem; // as read (ids not filled)
    QStringList warnings = {}; // what was read but could not be placed, one line each
};

// Reads the file (UTF-8 Markdown, at most 16 MB; errors name the file and line), parses it
// (report::importPostmortem) and stores it as a new incident in one write, on its own read-write
// connection. Synchronous.
Result<ImportedPostmortem> importPostmortemFile(const PostmortemImportRequest& request,
    const JobProgressCallback& progress = {}, const std::atomic_bool* cancel = nullptr);

using PostmortemImportJob = Job<ImportedPostmortem>;
inline PostmortemImportJob startPostmortemImport(PostmortemImportRequest request, QThreadPool* pool = nullptr)
{
    return startJob(std::move(request), &importPostmortemFile, {}, pool);
}

} // namespace aftermath::workspace
