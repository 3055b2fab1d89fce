#include "postmortemjobs.h"

#include "model/timeformat.h"
#include "model/timestamp.h"
#include "report/postmortem.h"
#include "report/postmortemimport.h"
#include "jobsupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace aftermath::workspace {

namespace {

// Share of the progress reconstructing the window takes in a draft or an export.
constexpr int reconstructShare = 900;

// Reconstructs an incident's window for a draft or an export.
Result<timeline::Timeline> reconstructFor(const store::Store& store, const model::Incident& incident,
    const JobProgressCallback& progress, const std::atomic_bool* cancel)
{
    const timeline::Options options = timelineOptions(incident);
    TimeProgress reading(progress, timeline::readStartUs(options), incident.toUs, 0, reconstructShare);
    return reconstructWindow(store, options, &reading, cancel);
}

// Applies a draft plan in the write that read the postmortem it was made from.
Result<draft::DraftOutcome> applyDraft(
    store::PostmortemStore& postmortems, const draft::Proposal& proposal, qint64 incidentId)
{
    draft::DraftOutcome outcome;
    auto written = postmortems.atomically([&]() -> Result<void> {
        const auto current = postmortems.postmortem(incidentId);
        if (!current)
            return std::unexpected(current.error());
        const auto drafted = postmortems.draftedFields(incidentId);
        if (!drafted)
            return std::unexpected(drafted.error());
        const auto dismissed = postmortems.dismissedDraftEvents(incidentId);
        if (!dismissed)
            return std::unexpected(dismissed.error());
        draft::DraftPlan plan = draft::planDraft(proposal, *current, *drafted, *dismissed);
        const auto replaced = postmortems.removeDraftedEntries(incidentId);
        if (!replaced)
            return std::unexpected(replaced.error());
        plan.outcome.entriesReplaced = *replaced;
        for (const model::TimelineEntry& entry : plan.entries) {
            if (auto added = postmortems.addTimelineEntry(entry); !added)
                return std::unexpected(added.error());
        }
        if (!plan.fields.isEmpty()) {
            if (auto updated = postmortems.updateIncident(incidentId, plan.fields, store::Writer::Draft); !updated)
                return std::unexpected(updated.error());
        }
        outcome = std::move(plan.outcome);
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return outcome;
}

void finished(const JobProgressCallback& progress)
{
    if (progress)
        progress(JobProgress{1000, {}});
}

// A postmortem document as text: UTF-8, no NUL bytes, not too big for one.
Result<QString> readMarkdown(const QString& path)
{
    QFile file(path);
    if (QFileInfo(path).isDir())
        return fail(
            Error::Code::InvalidArgument, QStringLiteral("is a folder; give the postmortem's Markdown file"), path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io, QStringLiteral("cannot read it (%1)").arg(file.errorString()), path);
    constexpr qint64 maxBytes = 16LL * 1024 * 1024;
    if (file.size() > maxBytes)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("%1 MB is not a postmortem (over 16 MB)").arg(file.size() / (1024 * 1024)), path);
    const QByteArray bytes = file.readAll();
    if (bytes.contains('\0'))
        return fail(Error::Code::InvalidArgument, QStringLiteral("a binary file, not Markdown"), path);
    QStringDecoder decode(QStringDecoder::Utf8);
    QString markdown = decode(bytes);
    if (decode.hasError()) {
        // Name the line: the first one that does not decode.
        qsizetype line = 1;
        for (const QByteArray& text : bytes.split('\n')) {
            QStringDecoder check(QStringDecoder::Utf8);
            const QString decoded = check(text); // decoding is lazy: it happens on conversion
            if (check.hasError())
                break;
            ++line;
        }
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("not UTF-8 text; save the document as UTF-8 and import it again"),
            path + u':' + QString::number(line));
    }
    return markdown;
}

} // namespace

Result<draft::DraftOutcome> draftIncident(
    const DraftRequest& request, const JobProgressCallback& progress, const std::atomic_bool* cancel)
{
    auto store = openForJob(request.store, store::OpenOptions::Access::ReadWrite);
    if (!store)
        return std::unexpected(store.error());
    // Reconstruct before writing: it reads the whole window, and a write would hold the lock.
    const auto incident = store->postmortems().incident(request.incidentId);
    if (!incident)
        return std::unexpected(incident.error());
    const auto built = reconstructFor(*store, *incident, progress, cancel);
    if (!built)
        return std::unexpected(built.error());
    if (cancel && cancel->load())
        return std::unexpected(cancelledError(QStringLiteral("draft"), store->path()));
    auto outcome = applyDraft(store->postmortems(), draft::propose(*incident, *built), request.incidentId);
    if (outcome)
        finished(progress);
    return outcome;
}

Result<ExportOutcome> exportIncident(
    const ExportRequest& request, const JobProgressCallback& progress, const std::atomic_bool* cancel)
{
    const auto chosen = report::findTemplate(request.templateName);
    if (!chosen)
        return std::unexpected(chosen.error());
    auto store = openForJob(request.store, store::OpenOptions::Access::ReadOnly);
    if (!store)
        return std::unexpected(store.error());
    const auto postmortem = store->postmortems().postmortem(request.incidentId);
    if (!postmortem)
        return std::unexpected(postmortem.error());
    const model::Incident& incident = postmortem->incident;
    const auto built = reconstructFor(*store, incident, progress, cancel);
    if (!built)
        return std::unexpected(built.error());
    if (cancel && cancel->load())
        return std::unexpected(cancelledError(QStringLiteral("export"), store->path()));

    // Without events there is no evidence: the document leaves that part out, and there is no chart.
    ExportOutcome outcome;
    outcome.hasEvidence = !built->entries.empty();
    if (!outcome.hasEvidence && request.options.chart) {
        const QTimeZone zone = model::displayZone(incident, request.options.zone);
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("there are no events in incident %1's window (%2 to %3) to draw the chart from; import the "
                           "evidence first, or export without the chart")
                .arg(incident.id)
                .arg(model::formatInZone(incident.fromUs, zone), model::formatInZone(incident.toUs, zone)),
            store->path());
    }
    auto exported
        = report::exportPostmortem(*postmortem, outcome.hasEvidence ? &*built : nullptr, *chosen, request.options);
    if (!exported) {
        Error error = exported.error();
        // Every message names a file; a refusal of the options is about the document's.
        if (error.context.isEmpty())
            error.context = QDir::toNativeSeparators(request.options.outputPath);
        return std::unexpected(error);
    }
    outcome.result = std::move(*exported);
    finished(progress);
    return outcome;
}

Result<ImportedPostmortem> importPostmortemFile(
    const PostmortemImportRequest& request, const JobProgressCallback& progress, const std::atomic_bool* cancel)
{
    const auto markdown = readMarkdown(request.file);
    if (!markdown)
        return std::unexpected(markdown.error());
    const Clock& clock = request.store.options.clock ? *request.store.options.clock : Clock::system();
    report::PostmortemImportOptions reading;
    reading.zone = request.zone;
    reading.defaultYear = QDateTime::fromMSecsSinceEpoch(clock.nowUtcUs() / 1000, request.zone).date().year();
    auto imported = report::importPostmortem(*markdown, request.file, reading);
    if (!imported)
        return std::unexpected(imported.error());
    if (cancel && cancel->load())
        return std::unexpected(cancelledError(QStringLiteral("import"), request.store.path));

    store::OpenOptions options = request.store.options;
    options.access = store::OpenOptions::Access::ReadWrite;
    auto store = store::Store::open(request.store.path, options);
    if (!store)
        return std::unexpected(store.error());
    const auto id = store->postmortems().createPostmortem(imported->postmortem);
    if (!id)
        return std::unexpected(id.error());
    finished(progress);
    return ImportedPostmortem{*id, std::move(imported->postmortem), std::move(imported->warnings)};
}

} // namespace aftermath::workspace
