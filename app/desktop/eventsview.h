#pragma once

#include "workspace/workspace.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimeZone>
#include <QWidget>

#include <optional>
#include <utility>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTableView;

namespace aftermath::desktop {

class EventTableModel;
class FilterBar;

// The Events tab: the store's events as one table of known length, limited to the selected
// incident's window unless the user asks for all, narrowed by the window's filter bar, with a
// field to jump to a time. What to show is found by a find job on its own connection (workspace::findEvents),
// so the window stays responsive on millions of events; the table then reads only the rows on
// screen (EventTableModel).
class EventsView : public QWidget {
    Q_OBJECT

public:
    // `filter` is the window's filter bar (not owned), shared with the Timeline tab.
    explicit EventsView(FilterBar* filter, QWidget* parent = nullptr);
    // Stops a running find and waits for it (it has the store open).
    ~EventsView() override;

    // The store shown (not owned), or nullptr. Finds its events again.
    void setWorkspace(workspace::Workspace* workspace);
    // The selected incident's window, the default scope; nullopt when none is selected. Finds
    // again when it changes.
    void setIncidentWindow(const std::optional<std::pair<qint64, qint64>>& window);
    // Every event of the store, or only the incident window's (when there is one).
    void setWholeStore(bool whole);
    bool wholeStore() const;
    // The evidence changed (an import): find again, keeping the selected event and the time shown.
    void refresh();
    void setDisplayZone(const QTimeZone& zone);

    // Selects the first row at or after `utcUs` and scrolls it to the top.
    void jumpTo(qint64 utcUs);
    // Shows the events at `utcUs`: the whole store when it is outside the incident window, then
    // jumpTo() (once a find under way has finished).
    void showTime(qint64 utcUs);
    // The same for a time typed by the user, in the display zone: "14:05", "14:05:30" (on the day
    // of the first row shown) or a date and time. False, with `error` set, when it cannot be read.
    bool jumpTo(const QString& typed, QString* error = nullptr);

    // From asking for a find until the table shows its result.
    bool isFinding() const;
    // What the line above the table says: how many events, in what scope, how long it took.
    QString statusText() const;
    FilterBar* filterBar() const { return m_filter; }
    EventTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }

Q_SIGNALS:
    // A find finished and the table shows its result (or its error).
    void found();
    // Reading events failed: a message naming the store.
    void failed(const QString& message);

private:
    void find();
    void findFinished();
    void showStatus(const QString& text, bool problem = false);
    std::optional<std::pair<qint64, qint64>> scope() const;

    workspace::Workspace* m_workspace = nullptr;
    std::optional<std::pair<qint64, qint64>> m_incidentWindow;
    EventTableModel* m_model;
    FilterBar* m_filter;
    QComboBox* m_scope;
    QLineEdit* m_jump;
    QLabel* m_status;
    QProgressBar* m_progress;
    QTableView* m_table;
    QTimeZone m_zone;

    workspace::FindJob m_job;
    QFutureWatcher<Result<workspace::FoundEvents>> m_watcher;
    store::EventQuery m_running; // what m_job finds
    QElapsedTimer m_findClock;
    // Put back after a find: the selected event and the time at the top of the table.
    std::optional<qint64> m_keepSelected;
    std::optional<qint64> m_keepTopUs;
    bool m_findAgain = false; // asked while a find ran: find once more when it ends
    bool m_finding = false;
    std::optional<qint64> m_pendingJump; // showTime() while finding
};

} // namespace aftermath::desktop
