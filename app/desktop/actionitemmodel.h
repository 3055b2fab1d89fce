#pragma once

#include "model/clock.h"
#include "model/error.h"
#include "model/incident.h"
#include "store/postmortemstore.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QHash>
#include <QStringList>

#include <vector>

namespace aftermath::desktop {

// Today, by `clock`, in this computer's zone: the day action items are overdue on.
QDate localToday(const Clock& clock);

// Action items as an editable table over the store: one incident's (the Postmortem tab) or those
// of every incident that an ActionItemFilter lets through (the Action Items tab). An edit is
// written at once (PostmortemStore::updateActionItem) and the row then shows what the store kept. Items
// overdue on today() are marked.
class ActionItemModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        IncidentColumn,
        DescriptionColumn,
        OwnerColumn,
        DueColumn,
        StatusColumn,
        PriorityColumn,
        TypeColumn,
        LinkColumn,
        ColumnCount
    };
    enum Role {
        OverdueRole = Qt::UserRole + 1, // bool
        ItemIdRole,
        IncidentIdRole,
    };

    explicit ActionItemModel(QObject* parent = nullptr);

    // The store items are read from and written to (not owned; nullptr before it goes away).
    // Reloads.
    void setStore(store::PostmortemStore* store);
    store::PostmortemStore* store() const { return m_store; }
    // Which items to show; reloads. The overdueOn condition is the caller's (usually today()).
    void setFilter(const store::ActionItemFilter& filter);
    const store::ActionItemFilter& filter() const { return m_filter; }
    // The day "overdue" is judged on; invalid (the default) marks nothing.
    void setToday(QDate today);
    QDate today() const { return m_today; }
    // How the Incident column names incidents, by id ("#1 Nightly ETL failed").
    void setIncidentTitles(QHash<qint64, QString> titles);
    // Whether an overdue date says how late it is ("2026-06-25 · 7 days late", the default) or
    // only stands out (where the table is narrow); its tooltip always says.
    void setLatenessShown(bool shown);

    // Reads the items again (resets the model). On failure the model is empty and the error is
    // returned.
    Result<void> reload();

    // Adds an item (its incidentId must be set) and shows it at the end; returns its row. The item
    // is shown even when the filter would leave it out: it was just asked for.
    Result<int> addItem(const model::ActionItem& item);

    // Deletes the item in `row` from the store (one added by mistake) and from the table.
    Result<void> removeItem(int row);

    // After editConflicted(): writes `update` over what the store has now ("Use Mine"), or shows
    // the item as the store has it ("Keep Theirs").
    Result<void> writeOver(qint64 itemId, model::ActionItemUpdate update);
    Result<void> refreshItem(qint64 itemId);

    // The item in `row`, which must be below rowCount().
    const model::ActionItem& itemAt(int row) const;
    const std::vector<model::ActionItem>& items() const { return m_items; }
    // The row of item `id`, or -1.
    int rowOf(qint64 id) const;
    int overdueCount() const;
    // The owners named by the rows, sorted, for completion.
    QStringList owners() const;

    // "Open", "In progress", "Done", "Won't do"; "Prevent", ... as the table shows them.
    static QString statusLabel(model::ActionItem::Status status);
    static QString typeLabel(model::ActionItem::Type type);
    // A link as the Link column shows it: "acme/etl#431" for a GitHub issue or pull request,
    // "ETL-12" for a Jira issue, else the address without its scheme.
    static QString shortLink(const QString& link);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    // Qt::EditRole gives what the editors take: QString for text columns, QDate for Due (null:
    // none), the enum's int for Status, and for Type (-1: none).
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Writes one field (values as data() gives them for Qt::EditRole), based on the item as the row
    // shows it. False, with writeFailed() (or editConflicted() when someone else changed that field
    // since), when the store refuses it; the row keeps what it showed.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    // An edit or addition could not be written; `message` says why.
    void writeFailed(const QString& message);
    // An edit was refused because someone else changed the same field since the row was read;
    // `conflict` (Error::Code::Conflict) holds both values. Nothing was written.
    void editConflicted(qint64 itemId, const model::ActionItemUpdate& update, const Error& conflict);
    // An item was added, changed or removed in the store (another view of the items may reload).
    void itemsEdited();
    // Each change written to the store, as it was written (the postmortem's undo stack records
    // them); a cell's values are as data() gives them for Qt::EditRole.
    void itemAdded(const model::ActionItem& item);
    void cellWritten(qint64 itemId, int column, const QVariant& before, const QVariant& after);
    void itemRemoved(const model::ActionItem& item);

private:
    bool isOverdue(const model::ActionItem& item) const { return m_today.isValid() && item.isOverdue(m_today); }

    store::PostmortemStore* m_store = nullptr;
    store::ActionItemFilter m_filter;
    QDate m_today;
    bool m_latenessShown = true;
    QHash<qint64, QString> m_titles;
    std::vector<model::ActionItem> m_items;
};

} // namespace aftermath::desktop
