#pragma once

#include "ingest/importer.h"

#include <QAbstractTableModel>

#include <vector>

namespace aftermath::desktop {

// The file reports of one import as a read-only table: what each input did and why.
class ImportReportModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { InputColumn, StatusColumn, FormatColumn, EventsColumn, DetailsColumn, ColumnCount };

    explicit ImportReportModel(QObject* parent = nullptr);

    // `cancelled` lists the rows of files a cancel stopped (their status shows as "cancelled").
    void setReports(std::vector<ingest::FileReport> reports, std::vector<std::size_t> cancelled = {});
    const std::vector<ingest::FileReport>& reports() const { return m_reports; }
    bool isCancelled(int row) const;
    // The Status column's text: the report's status, or "cancelled".
    QString statusText(int row) const;

    // What the Details column says about a report: the error, or notes such as skipped lines.
    static QString details(const ingest::FileReport& report);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<ingest::FileReport> m_reports;
    std::vector<std::size_t> m_cancelled;
};

} // namespace aftermath::desktop
