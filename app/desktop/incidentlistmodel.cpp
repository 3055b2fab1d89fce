#include "incidentlistmodel.h"

#include "model/timeformat.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace aftermath::desktop {

namespace {

// The latest window first; the newest incident first among equal windows.
bool before(const model::Incident& a, const model::Incident& b)
{
    return a.fromUs != b.fromUs ? a.fromUs > b.fromUs : a.id > b.id;
}

QString statusLabel(const QString& status)
{
    if (status == u"draft")
        return IncidentListModel::tr("Draft");
    if (status == u"in_review")
        return IncidentListModel::tr("In review");
    if (status == u"final")
        return IncidentListModel::tr("Final");
    return status;
}

} // namespace

IncidentListModel::IncidentListModel(QObject* parent) : QAbstractTableModel(parent) {}

void IncidentListModel::setChosenZone(const std::optional<QTimeZone>& zone)
{
    if (zone == m_chosenZone)
        return;
    m_chosenZone = zone;
    if (!m_incidents.empty())
        Q_EMIT dataChanged(
            index(0, WindowColumn), index(rowCount() - 1, WindowColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

void IncidentListModel::setIncidents(std::vector<model::Incident> incidents)
{
    std::stable_sort(incidents.begin(), incidents.end(), before);
    beginResetModel();
    m_incidents = std::move(incidents);
    endResetModel();
}

int IncidentListModel::addIncident(const model::Incident& incident)
{
    const auto at = std::upper_bound(m_incidents.begin(), m_incidents.end(), incident, before);
    const int row = int(at - m_incidents.begin());
    beginInsertRows({}, row, row);
    m_incidents.insert(at, incident);
    endInsertRows();
    return row;
}

int IncidentListModel::updateIncident(const model::Incident& incident)
{
    const int row = rowOf(incident.id);
    if (row < 0)
        return -1;
    Q_ASSERT(m_incidents[std::size_t(row)].fromUs == incident.fromUs);
    m_incidents[std::size_t(row)] = incident;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return row;
}

const model::Incident& IncidentListModel::incidentAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_incidents[std::size_t(row)];
}

int IncidentListModel::rowOf(qint64 id) const
{
    const auto it
        = std::find_if(m_incidents.begin(), m_incidents.end(), [id](const model::Incident& i) { return i.id == id; });
    return it == m_incidents.end() ? -1 : int(it - m_incidents.begin());
}

int IncidentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_incidents.size());
}

int IncidentListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant IncidentListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const model::Incident& incident = m_incidents[std::size_t(index.row())];
    const QTimeZone zone = model::displayZone(incident, m_chosenZone);
    using Precision = model::WindowTimeFormat::Precision;

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return incident.title;
        case WindowColumn:
            return model::WindowTimeFormat(incident.fromUs, incident.toUs, zone).window();
        case SeverityColumn:
            return incident.severity.isEmpty() ? QStringLiteral("—") : incident.severity;
        case StatusColumn:
            return statusLabel(incident.status);
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TitleColumn:
            return tr("#%1 %2").arg(incident.id).arg(incident.title.toHtmlEscaped());
        case WindowColumn:
            return tr("%1 to %2\n%3 in %4")
                .arg(model::WindowTimeFormat::full(incident.fromUs, zone, Precision::Microseconds),
                    model::WindowTimeFormat::full(incident.toUs, zone, Precision::Microseconds),
                    model::formatDuration(incident.toUs - incident.fromUs), QString::fromUtf8(zone.id()));
        }
        break;
    case Qt::FontRole:
        if (index.column() == TitleColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ForegroundRole:
        // The most severe levels stand out.
        if (index.column() == SeverityColumn
            && (incident.severity.compare(u"SEV1", Qt::CaseInsensitive) == 0
                || incident.severity.compare(u"SEV0", Qt::CaseInsensitive) == 0))
            return QColor(0xc0, 0x1c, 0x28);
        if (index.column() == SeverityColumn && incident.severity.compare(u"SEV2", Qt::CaseInsensitive) == 0)
            return QColor(0xb3, 0x5c, 0x00);
        break;
    }
    return {};
}

QVariant IncidentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TitleColumn:
        return tr("Incident");
    case WindowColumn:
        return tr("Window");
    case SeverityColumn:
        return tr("Severity");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

} // namespace aftermath::desktop
