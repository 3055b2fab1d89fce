#pragma once

#include "model/clock.h"
#include "model/incident.h"
#include "store/postmortemstore.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;

namespace aftermath::desktop {

class ActionItemModel;

// The action items of every incident in the store, to track them after the postmortems are
// written: filtered by owner, status, incident and whether they are overdue today (by the clock
// given), overdue ones marked, each editable in place; double-clicking one opens its incident's
// postmortem.
class ActionItemsView : public QWidget {
    Q_OBJECT

public:
    // `clock` says which day it is (it must outlive the view).
    explicit ActionItemsView(const Clock& clock, QWidget* parent = nullptr);

    // The store whose items are shown (not owned; nullptr before it goes away). Clears the filters.
    // A store that cannot be changed (`readOnly`) is shown without offering to edit its items.
    void setStore(store::PostmortemStore* store, bool readOnly = false);
    // Reads the incidents and items again, keeping the filters; today is read from the clock.
    void reload();

    // The filters, as the bar above the table sets them. An empty owner is anyone's.
    void setOwnerFilter(const QString& owner);
    void setStatusFilter(std::optional<model::ActionItem::Status> status);
    void setIncidentFilter(std::optional<qint64> incidentId);
    void setOverdueOnly(bool overdue);

    ActionItemModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    // "5 action items · 2 overdue on 2026-07-02"
    QString summary() const;

Q_SIGNALS:
    // The user asked to see action item `itemId` in its incident's postmortem.
    void openRequested(qint64 incidentId, qint64 itemId);
    // An item was changed here.
    void itemsEdited();

private:
    void applyFilters();
    void rebuildChoices();
    void updateSummary();
    void fitColumns();

    const Clock& m_clock;
    store::PostmortemStore* m_store = nullptr;
    bool m_rebuilding = false;

    ActionItemModel* m_model = nullptr;
    QLabel* m_summary = nullptr;
    QComboBox* m_owner = nullptr;
    QComboBox* m_status = nullptr;
    QComboBox* m_incident = nullptr;
    QCheckBox* m_overdue = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_empty = nullptr;
};

} // namespace aftermath::desktop
