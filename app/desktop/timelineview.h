#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QHash>
#include <QTimeZone>
#include <QWidget>

#include <optional>
#include <unordered_map>
#include <utility>

class QAction;
class QCheckBox;
class QLabel;
class QProgressBar;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace aftermath::desktop {

class ChartWidget;
class EvidencePane;
class FindingsPanel;
class TimelineModel;

// An incident's timeline: its swimlane chart above its entries in a table, what the reconstruction
// found beside them, and the events behind the selected entry or finding below. The chart and the
// table select together, and a time range picked on the chart filters the table. The timeline is
// reconstructed in the background (workspace::startReconstruct); meanwhile the view says so and
// stays usable.
class TimelineView : public QWidget {
    Q_OBJECT

public:
    explicit TimelineView(QWidget* parent = nullptr);
    // Stops a running reconstruction and waits for it (it reads the store on its own connection).
    ~TimelineView() override;

    // The workspace whose incidents are shown (not owned; nullptr before it goes away). Stops a
    // running reconstruction and clears the view.
    void setWorkspace(workspace::Workspace* workspace);
    // Shows `incident`'s timeline, reconstructing it in the background; nothing for nullopt.
    void setIncident(const std::optional<model::Incident>& incident);
    const std::optional<model::Incident>& incident() const { return m_incident; }
    // The zone the user chose to show times in (model::displayZone's `chosen`); none: the
    // incident's own. A timeline on show is shown again in the new zone, without reconstructing it.
    void setChosenZone(const std::optional<QTimeZone>& zone);
    // The zone the incident's times are shown in (model::displayZone).
    QTimeZone shownZone() const;
    // Reconstructs the incident again (its evidence changed); what is shown stays until then, and
    // the selected entry stays selected when it is still there.
    void refresh();

    bool isBusy() const { return m_busy; }
    // The last reconstruction's failure, if it failed.
    const std::optional<Error>& lastError() const { return m_lastError; }
    TimelineModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    ChartWidget* chart() const { return m_chart; }
    FindingsPanel* findingsPanel() const { return m_findings; }
    EvidencePane* evidencePane() const { return m_evidence; }
    // The line under the title: the window, zone, severity and counts.
    QString subtitle() const;
    // What the view shows instead of the table (busy, no events, an error), or empty.
    QString message() const;

    // Every entry, or the key ones only (the default).
    void setShowAll(bool all);
    // Only the entries the filter bar finds (TimelineModel::setFilter); the query's window is not
    // used. Kept across reconstructions.
    void setFilter(const store::EventQuery& query);
    bool showAll() const;
    // Shows the background's entries under its row, or only its row (TimelineModel's group). A
    // click on the row, Enter, + and - do it too.
    void setBackgroundExpanded(bool expanded);
    bool backgroundExpanded() const;
    // Shows the events cited by finding `index` or run `index` of the timeline.
    void showFinding(int index);
    void showRun(int index);
    // Selects the first entry at or after `utcUs`.
    void selectTime(qint64 utcUs);
    // Selects entry `entry` of the timeline in the table (and so on the chart), showing it first
    // when the time range hides it.
    void selectEntry(int entry);

    // The table shows only the entries in this time range (UTC µs, inclusive), or every time; the
    // chart shows it. Picked with Shift+drag on the chart; cleared with Esc or Clear.
    void setTimeRange(const std::optional<std::pair<qint64, qint64>>& range);
    const std::optional<std::pair<qint64, qint64>>& timeRange() const;

    // The fields of the incident shown changed (its title, severity): the header says so. The
    // timeline is not reconstructed.
    void updateIncidentDetails(const model::Incident& incident);

    // What Add to Postmortem would add: an entry for what the evidence pane shows (the selected
    // entry, finding or run) citing its events, or nothing.
    const std::optional<model::TimelineEntry>& citable() const { return m_citable; }
    // Add to Postmortem (Ctrl+Shift+P while the timeline has focus, and in the context menus of
    // the table and the findings): asks for citable() with addToPostmortemRequested().
    QAction* addToPostmortemAction() const { return m_addToPostmortem; }

Q_SIGNALS:
    void busyChanged(bool busy);
    // A reconstruction finished and what it gave (a timeline, or why there is none) is shown.
    void timelineShown();
    // The "Show all entries" toggle changed.
    void showAllChanged(bool all);
    // Add to Postmortem was chosen for `entry` (of the incident shown).
    void addToPostmortemRequested(const model::TimelineEntry& entry);
    // The chart was clicked where nothing is drawn, at `utcUs`.
    void timeClicked(qint64 utcUs);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void startReconstruct();
    void finishReconstruct();
    void setBusy(bool busy);
    void showMessage(const QString& text);
    void showNoEvents();
    void showTimeline(workspace::IncidentTimeline result);
    void updateHeader();
    void fitColumns();
    void showSelectedEntry();
    void showEvidence(const QString& caption, const std::vector<qint64>& ids, qint64 cited, qint64 fromUs,
        std::optional<qint64> toUs, const QString& templateText = {});
    void clearEvidence();
    // `standsFor`: how many events what is cited stands for, when more than it cites.
    void setCitable(std::optional<model::TimelineEntry> entry, qint64 standsFor = 0);
    void showChart(bool shown);
    void updateRangeLabel();
    void showTableMenu(const QPoint& pos);
    void showFindingsMenu(const QPoint& pos);

    workspace::Workspace* m_workspace = nullptr;
    std::optional<model::Incident> m_incident;
    std::optional<QTimeZone> m_chosenZone;
    std::unordered_map<qint64, model::StoredEvent> m_cited; // from the last reconstruction
    QHash<qint64, QString> m_sourcePaths; // source id -> file
    std::optional<Error> m_lastError;
    std::optional<model::TimelineEntry> m_citable;
    QAction* m_addToPostmortem = nullptr;
    bool m_busy = false;
    workspace::TimelineJob m_job;
    qint64 m_jobIncidentId = 0; // whose timeline m_job reconstructs
    QFutureWatcher<Result<workspace::IncidentTimeline>> m_watcher;

    TimelineModel* m_model = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
    QLabel* m_busyLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QCheckBox* m_showAll = nullptr;
    QStackedWidget* m_tableStack = nullptr;
    QWidget* m_chartPane = nullptr;
    ChartWidget* m_chart = nullptr;
    QLabel* m_chartHint = nullptr;
    QLabel* m_rangeLabel = nullptr;
    QToolButton* m_clearRangeButton = nullptr;
    QToolButton* m_resetZoomButton = nullptr;
    QAction* m_clearRange = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_message = nullptr;
    QSplitter* m_columns = nullptr;
    QSplitter* m_rows = nullptr;
    FindingsPanel* m_findings = nullptr;
    EvidencePane* m_evidence = nullptr;
};

} // namespace aftermath::desktop
