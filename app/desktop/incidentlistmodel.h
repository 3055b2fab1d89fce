#pragma once

#include "model/incident.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <optional>
#include <vector>

namespace aftermath::desktop {

// The incidents of a store as a table, the latest window first; each window in the zone the
// incident is shown in (model::displayZone).
class IncidentListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TitleColumn, WindowColumn, SeverityColumn, StatusColumn, ColumnCount };

    explicit IncidentListModel(QObject* parent = nullptr);

    // Shows `incidents` (in any order); resets the model.
    void setIncidents(std::vector<model::Incident> incidents);
    // Adds one incident in its place; returns its row.
    int addIncident(const model::Incident& incident);
    // Shows the stored fields of an incident listed (its title, severity, status changed); its
    // window must be as listed. Returns its row, or -1 when it is not listed.
    int updateIncident(const model::Incident& incident);
    const std::vector<model::Incident>& incidents() const { return m_incidents; }
    // The zone the user chose to show times in (model::displayZone's `chosen`); none: each
    // incident's own.
    void setChosenZone(const std::optional<QTimeZone>& zone);

    // The incident in `row`, which must be below rowCount().
    const model::Incident& incidentAt(int row) const;
    // The row of the incident with `id`, or -1.
    int rowOf(qint64 id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<model::Incident> m_incidents;
    std::optional<QTimeZone> m_chosenZone;
};

} // namespace aftermath::desktop
