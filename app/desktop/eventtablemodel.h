#pragma once

#include "store/evidencestore.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <vector>

namespace aftermath::desktop {

// The events of a store as a table, paged in from the store as the view scrolls.
class EventTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, LevelColumn, KindColumn, SourceColumn, ServiceColumn, MessageColumn, ColumnCount };

    // Rows read from the store per fetchMore().
    static constexpr int pageSize = 500;

    explicit EventTableModel(QObject* parent = nullptr);

    // Shows the events of `store` (not owned; it must outlive its use here), or nothing for
    // nullptr. Resets the model and reads the first page.
    void setStore(const store::EvidenceStore* store);
    const store::EvidenceStore* store() const { return m_store; }

    // The zone times are shown in; the system zone until set. The window shows the selected
    // incident's zone (model::displayZone), and the system zone (or the one the user chose) when
    // no incident is selected.
    void setDisplayZone(const QTimeZone& zone);
    QTimeZone displayZone() const { return m_zone; }

    // The event shown in `row`, which must be below rowCount().
    const model::StoredEvent& eventAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    // Reading from the store failed; no more rows are fetched until the next setStore().
    void loadFailed(const QString& message);

private:
    // The page after the rows already loaded.
    Result<std::vector<model::StoredEvent>> readNextPage() const;
    static QString plainTextToolTip(const QString& text);

    const store::EvidenceStore* m_store = nullptr;
    std::vector<model::StoredEvent> m_events;
    QTimeZone m_zone;
    bool m_atEnd = true;
    bool m_changing = false; // between begin…Model/Rows() and the end of its announcement
};

} // namespace aftermath::desktop
