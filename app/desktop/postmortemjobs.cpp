#include "postmortemjobs.h"

#include "model/timeformat.h"
#include "model/timestamp.h"
#include "report/templates.h"
#include "timeline/timeline.h"

#include <QDir>
#include <QtConcurrent>

namespace aftermath::desktop {

Result<draft::Report> draftInOwnConnection(const QString& storePath, store::OpenOptions options, qint64 incidentId)
{
    options.access = store::OpenOptions::Access::ReadWrite;
    options.create = false;
    auto store = store::Store::open(storePath, options);
    if (!store)
        return std::unexpected(store.error());
    return draft::draftPostmortem(*store, incidentId);
}

QFuture<Result<draft::Report>> startDraft(const QString& storePath, store::OpenOptions options, qint64 incidentId)
{
    return QtConcurrent::run(
        [](QString path, store::OpenOptions opts, qint64 id) { return draftInOwnConnection(path, opts, id); },
        storePath, options, incidentId);
}

Result<report::ExportResult> exportInOwnConnection(const ExportRequest& request)
{
    if (request.options.outputPath.isEmpty())
        return fail(Error::Code::InvalidArgument, QStringLiteral("choose the file to write the postmortem to"));
    const auto chosen = report::findTemplate(request.templateName);
    if (!chosen)
        return std::unexpected(chosen.error());

    store::OpenOptions options = request.storeOptions;
    options.access = store::OpenOptions::Access::ReadOnly;
    options.create = false;
    auto store = store::Store::open(request.storePath, options);
    if (!store)
        return std::unexpected(store.error());
    const auto postmortem = store->postmortem(request.incidentId);
    if (!postmortem)
        return std::unexpected(postmortem.error());
    const model::Incident& incident = postmortem->incident;
    const auto built = timeline::reconstruct(*store, {incident.fromUs, incident.toUs});
    if (!built)
        return std::unexpected(built.error());
    // Without events there is no evidence: the document leaves that part out, and there is no chart.
    const bool evidence = !built->entries.empty();
    if (!evidence && request.options.chart) {
        const QTimeZone zone = model::displayZone(incident, request.options.zone);
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("there are no events in incident %1's window (%2 to %3) to draw the chart from; import the "
                           "evidence first, or export without the chart")
                .arg(incident.id)
                .arg(model::formatInZone(incident.fromUs, zone), model::formatInZone(incident.toUs, zone)),
            QDir::toNativeSeparators(request.options.outputPath));
    }
    auto exported = report::exportPostmortem(*postmortem, evidence ? &*built : nullptr, *chosen, request.options);
    if (!exported) {
        Error error = exported.error();
        // Every message names a file; a refusal of the options is about the document's.
        if (error.context.isEmpty())
            error.context = QDir::toNativeSeparators(request.options.outputPath);
        return std::unexpected(error);
    }
    return exported;
}

QFuture<Result<report::ExportResult>> startExport(ExportRequest request)
{
    return QtConcurrent::run([](ExportRequest r) { return exportInOwnConnection(r); }, std::move(request));
}

} // namespace aftermath::desktop
