#include "export.h"

#include "chart.h"
#include "markdown.h"
#include "model/timeformat.h"
#include "postmortem.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUrl>

namespace aftermath::report {

namespace {

Error writeError(const QString& path, const QString& what)
{
    return Error{Error::Code::Io,
        QStringLiteral("%1; nothing was written there (a file already there is unchanged): choose another place, "
                       "free some space or fix the folder's permissions")
            .arg(what),
        path};
}

// Devices and pipes cannot be replaced by a renamed file: they are written to directly.
Result<void> writeDirectly(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return std::unexpected(writeError(path, QStringLiteral("cannot open it: %1").arg(file.errorString())));
    if (file.write(bytes) != bytes.size() || !file.flush())
        return std::unexpected(Error{Error::Code::Io,
            QStringLiteral("writing failed: %1; choose another place or free some space").arg(file.errorString()),
            path});
    return {};
}

} // namespace

Result<void> writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    const QFileInfo target(path);
    if (target.exists() && !target.isFile() && !target.isDir())
        return writeDirectly(path, bytes);
    if (target.isDir())
        return fail(Error::Code::Io, QStringLiteral("this is a folder; give the path of a file to write"), path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return std::unexpected(writeError(path, QStringLiteral("cannot write it: %1").arg(file.errorString())));
    // Qt 6.4's commit() reports success when the buffered bytes could not be written (a full disk
    // leaves an empty file in place of the old one), so the bytes are flushed and checked first.
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return std::unexpected(writeError(path, QStringLiteral("writing failed: %1").arg(reason)));
    }
    if (!file.commit())
        return std::unexpected(writeError(path, QStringLiteral("writing failed: %1").arg(file.errorString())));
    return {};
}

QString chartPathFor(const QString& documentPath)
{
    // The folder part as given ("pm.md" gives "pm.svg", not "./pm.svg").
    const QFileInfo document(documentPath);
    return documentPath.left(documentPath.size() - document.fileName().size()) + document.completeBaseName()
        + QStringLiteral(".svg");
}

Result<ExportResult> exportPostmortem(const model::Postmortem& postmortem, const timeline::Timeline* evidence,
    const Template& document, const ExportOptions& options)
{
    QString chartPath;
    RenderOptions render;
    render.evidence = evidence;
    render.zone = options.zone;
    if (options.chart) {
        if (options.outputPath.isEmpty())
            return fail(Error::Code::InvalidArgument,
                QStringLiteral("the chart is written beside the document: give the document's file too"));
        if (!evidence)
            return fail(Error::Code::InvalidArgument,
                QStringLiteral("the chart is drawn from the reconstructed timeline, and there is none"));
        chartPath = chartPathFor(options.outputPath);
        if (QFileInfo(chartPath).absoluteFilePath() == QFileInfo(options.outputPath).absoluteFilePath())
            return fail(Error::Code::InvalidArgument,
                QStringLiteral("the chart would overwrite the document (both end in .svg); name the document "
                               "NAME.md or NAME.html"),
                options.outputPath);
        render.chartLink = QString::fromUtf8(QUrl::toPercentEncoding(QFileInfo(chartPath).fileName()));
    }

    auto markdown = renderMarkdown(postmortem, document, render);
    if (!markdown)
        return std::unexpected(markdown.error());
    ExportResult result;
    result.document = options.format == DocumentFormat::Html
        ? htmlPage(postmortem.incident.title.simplified(), markdownToHtml(*markdown))
        : *markdown;
    if (options.outputPath.isEmpty())
        return result;

    if (options.chart) {
        const QString svg = renderChart(
            *evidence, model::displayZone(postmortem.incident, render.zone), postmortem.incident.title.simplified());
        if (auto written = writeFileAtomically(chartPath, svg.toUtf8()); !written)
            return std::unexpected(written.error());
        result.written << chartPath;
    }
    if (auto written = writeFileAtomically(options.outputPath, result.document.toUtf8()); !written)
        return std::unexpected(written.error());
    result.written << options.outputPath;
    return result;
}

} // namespace aftermath::report
