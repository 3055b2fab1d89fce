#include "importreportmodel.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QLocale>

#include <algorithm>

namespace aftermath::desktop {

using ingest::FileReport;
using Status = FileReport::Status;

namespace {

// Fixed colours that stay legible on both light and dark palettes (as in the events table).
const QColor errorColour(0xc0, 0x1c, 0x28);
const QColor warningColour(0xb3, 0x5c, 0x00);
const QColor okColour(0x26, 0x80, 0x3a);
const QColor quietColour(0x80, 0x80, 0x80);

bool addedEvents(Status status)
{
    return status == Status::Ok || status == Status::Appended || status == Status::Replaced
        || status == Status::Resumed;
}

QString inputName(const FileReport& report)
{
    return report.displayName.isEmpty() ? QFileInfo(report.path).fileName() : report.displayName;
}

QString countOf(qint64 count, const char* one, const char* many)
{
    return ImportReportModel::tr(count == 1 ? one : many).arg(QLocale().toString(count));
}

} // namespace

ImportReportModel::ImportReportModel(QObject* parent) : QAbstractTableModel(parent) {}

void ImportReportModel::setReports(std::vector<ingest::FileReport> reports, std::vector<std::size_t> cancelled)
{
    beginResetModel();
    m_reports = std::move(reports);
    m_cancelled = std::move(cancelled);
    endResetModel();
}

bool ImportReportModel::isCancelled(int row) const
{
    return std::find(m_cancelled.begin(), m_cancelled.end(), std::size_t(row)) != m_cancelled.end();
}

QString ImportReportModel::statusText(int row) const
{
    return isCancelled(row) ? tr("cancelled") : ingest::toString(m_reports[std::size_t(row)].status);
}

QString ImportReportModel::details(const FileReport& report)
{
    if (report.status == Status::Error)
        return report.message;

    QStringList notes;
    switch (report.status) {
    case Status::Appended:
        notes << tr("grown since the last import: only its new lines were read");
        break;
    case Status::Replaced:
        notes << tr("changed since the last import: its earlier events were replaced");
        break;
    case Status::Resumed:
        notes << tr("an earlier import of it had stopped part-way: it was finished");
        break;
    case Status::Unchanged:
        notes << tr("imported before and unchanged");
        break;
    case Status::Empty:
        notes << tr("the file is empty");
        break;
    default:
        break;
    }
    if (report.skipped > 0) {
        QString skipped = countOf(report.skipped, "%1 line skipped", "%1 lines skipped");
        if (!report.firstSkipped.empty())
            skipped
                += tr(" (line %1: %2)").arg(report.firstSkipped.front().first).arg(report.firstSkipped.front().second);
        notes << skipped;
    }
    if (report.inheritedTimes > 0)
        notes << countOf(report.inheritedTimes, "%1 line without a time took the time of the line before it",
                     "%1 lines without a time took the time of the line before them")
                + tr(" (from line %1)").arg(report.firstInheritedLine);
    if (report.invalidUtf8Lines > 0)
        notes << countOf(report.invalidUtf8Lines, "%1 line with invalid UTF-8", "%1 lines with invalid UTF-8");
    if (report.truncatedLines > 0)
        notes << countOf(report.truncatedLines, "%1 line cut at 1 MiB", "%1 lines cut at 1 MiB");
    return notes.join(QStringLiteral("; "));
}

int ImportReportModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

int ImportReportModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ImportReportModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FileReport& report = m_reports[std::size_t(index.row())];

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case InputColumn:
            return inputName(report);
        case StatusColumn:
            return statusText(index.row());
        case FormatColumn:
            return report.format.isEmpty() ? QStringLiteral("—") : report.format;
        case EventsColumn:
            return addedEvents(report.status) ? QLocale().toString(report.events) : QStringLiteral("—");
        case DetailsColumn:
            // One line in the table; the tooltip has it all.
            return details(report).section(u'\n', 0, 0);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case InputColumn:
            return QDir::toNativeSeparators(report.path);
        case FormatColumn:
            // What the text-log reader learned of the file ("timestamp at column 0, ...").
            return report.shape.isEmpty() ? QVariant() : QVariant(tr("Read as %1").arg(report.shape));
        case DetailsColumn: {
            const QString text = details(report);
            // Plain text: a message quoting a log line must not render as rich text.
            return text.isEmpty() ? QVariant()
                                  : QVariant(QStringLiteral("<p style='white-space:pre-wrap'>") + text.toHtmlEscaped()
                                      + QStringLiteral("</p>"));
        }
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn || (index.column() == DetailsColumn && report.status == Status::Error)) {
            if (isCancelled(index.row()))
                return warningColour;
            if (report.status == Status::Error)
                return errorColour;
            if (addedEvents(report.status))
                return okColour;
            return quietColour;
        }
        if (index.column() == EventsColumn && !addedEvents(report.status))
            return quietColour;
        break;
    case Qt::FontRole:
        if (index.column() == StatusColumn && report.status == Status::Error && !isCancelled(index.row())) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == EventsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ImportReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::TextAlignmentRole)
        return int(section == EventsColumn ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case InputColumn:
        return tr("Input");
    case StatusColumn:
        return tr("Status");
    case FormatColumn:
        return tr("Format");
    case EventsColumn:
        return tr("Events added");
    case DetailsColumn:
        return tr("Details");
    }
    return {};
}

} // namespace aftermath::desktop
