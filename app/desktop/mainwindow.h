#pragma once

#include "model/clock.h"
#include "model/error.h"
#include "report/export.h"
#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>
#include <QTimeZone>

#include <optional>

class QAction;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolBar;

namespace aftermath::desktop {

class ActionItemsView;
class EventTableModel;
class EventsView;
class FilterBar;
class ExportDialog;
class ImportController;
class ImportSummaryDialog;
class IncidentListModel;
class IncidentDialog;
class PostmortemView;
class RecentStoresMenu;
class SearchIndexer;
class SettingsDialog;
class TeamDatabaseDialog;
class StoreSession;
class TimelineView;
class ZoneMenu;

// The desktop application's window: one open store in five tabs (its incidents, the timeline of
// the selected incident, its postmortem, the action items of every incident, its events), the
// File menu that opens and creates stores, imports evidence into them (also by drag and drop) and
// exports postmortems, the Incident menu, and the View menu (the tabs, and the zone times are
// shown in). It builds the window and wires its parts: the open store is a StoreSession, imports
// run in an ImportController, File › Open Recent is a RecentStoresMenu.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `clock` is "now" for the stores opened (times they record) and "today" for overdue action
    // items; it must outlive the window.
    explicit MainWindow(const Clock& clock = Clock::system());
    ~MainWindow() override;

    // Opens (creating it when missing) the store at `path` and shows it. On failure the store
    // shown before stays, `error` gets a message naming the file, and false is returned; no
    // dialog is shown (the menu actions do that). Refused while an import runs.
    bool openStore(const QString& path, QString* error = nullptr);
    // openStore(), and when a team store's server refuses the login because libpq found no password
    // (or a wrong one), asks for it (a password dialog, "passwordDialog") and tries again; the
    // password is kept in memory for that store only. When the user cancels the prompt, false is
    // returned with `error` empty. The Open menu actions, Open Recent and `aftermath --db URL` open
    // stores this way.
    bool openStoreAskingPassword(const QString& path, QString* error = nullptr);

    // The open store, or nullptr.
    const workspace::Workspace* currentWorkspace() const;
    EventTableModel* eventModel() const { return m_model; }
    EventsView* eventsView() const { return m_eventsView; }
    IncidentListModel* incidentModel() const { return m_incidentModel; }
    TimelineView* timelineView() const { return m_timelineView; }
    PostmortemView* postmortemView() const { return m_postmortemView; }
    ActionItemsView* actionItemsView() const { return m_actionItemsView; }
    QTabWidget* tabs() const { return m_tabs; }
    // Absolute paths, most recent first.
    QStringList recentStores() const;

    // The zone naive times are read in by imports: the system zone unless the user chose one
    // (File › Time Zone for Imports), remembered across runs.
    QTimeZone importZone() const;
    void setImportZone(const QTimeZone& zone);
    // Back to following the system zone.
    void useSystemZoneForImports();

    // The zone the user chose to show times in (View › Show Times In), remembered across runs:
    // none (each incident's own zone, the default), the system zone, or any zone. Every view, and
    // an export, shows an incident's times in model::displayZone(incident, chosenDisplayZone());
    // the Events tab shows the selected incident's.
    std::optional<QTimeZone> chosenDisplayZone() const;
    void setChosenDisplayZone(const std::optional<QTimeZone>& zone);
    // The system zone, whichever it is when times are shown.
    void useSystemZoneForDisplay();

    bool isImporting() const;
    // The outcome of the last import that finished, or nothing (none yet, or it could not start:
    // then lastImportError() says why).
    const std::optional<workspace::ImportOutcome>& lastImport() const;
    const std::optional<Error>& lastImportError() const;
    // What keeps the search index up to date in the background.
    SearchIndexer* searchIndexer() const { return m_indexer; }
    // The summary of the last import; nullptr before the first.
    ImportSummaryDialog* importSummary() const;

    // Creates `incident` in the open store, lists it and shows its timeline (reconstructed in the
    // background). On failure `error` says why, naming the store, and false is returned.
    bool createIncident(const model::Incident& incident, QString* error = nullptr);
    // Selects incident `id` of the open store and shows its timeline on the Timeline tab.
    bool showIncident(qint64 id, QString* error = nullptr);
    // The selected incident, if any.
    std::optional<qint64> currentIncidentId() const;
    // The New Incident dialog while it is open, else nullptr.
    IncidentDialog* newIncidentDialog() const;
    // The Window and Baseline dialog while it is open, else nullptr.
    IncidentDialog* windowDialog() const;
    // Sets the window and baseline of the selected incident (Incident › Window and Baseline) and
    // reconstructs its timeline. On failure `error` says why and false is returned.
    bool editIncidentWindow(const model::IncidentUpdate& update, QString* error = nullptr);
    // Selects incident `id` and shows its postmortem on the Postmortem tab.
    bool showPostmortem(qint64 id, QString* error = nullptr);

    // Exports the selected incident's postmortem in the background (report::exportPostmortem,
    // written atomically), after saving the edits typed; exportFinished() follows. False, with
    // `error` set, when there is nothing to export or an export is running.
    bool exportPostmortem(const QString& templateName, const report::ExportOptions& options, QString* error = nullptr);
    bool isExporting() const { return m_exporting; }
    // The files the last export wrote, or why it failed (a message naming the file).
    QStringList lastExportFiles() const { return m_lastExportFiles; }
    QString lastExportError() const { return m_lastExportError; }
    // The Export Postmortem dialog while it is open, else nullptr.
    ExportDialog* exportDialog() const;
    // The Open Team Database dialog while it is open, else nullptr.
    TeamDatabaseDialog* teamDatabaseDialog() const;

public Q_SLOTS:
    // Imports files, folders and archives into the open store in the background, showing
    // progress in the status bar; importFinished() follows, and the summary dialog shows. Returns
    // false, with `error` set, when there is no store, an import is already running or `paths` is
    // empty.
    bool importPaths(const QStringList& paths, QString* error = nullptr);
    // Stops the running import; files already imported stay.
    void cancelImport();
    // Opens the New Incident dialog (window-modal, without blocking); Create adds the incident.
    void openNewIncidentDialog();
    // Opens the Window and Baseline dialog of the selected incident (window-modal, without
    // blocking); Save sets them and reconstructs the timeline.
    void openWindowDialog();
    // Opens the Export Postmortem dialog (window-modal, without blocking); Export starts it.
    void openExportDialog();
    // Edit › Settings…: the display zone, default template and rules folder.
    void openSettingsDialog();
    // File › Open Team Database… (window-modal, without blocking): Open opens the store it names.
    void openTeamDatabaseDialog();

Q_SIGNALS:
    void importStarted();
    // After the table and status bar show the new events and the summary is up.
    void importFinished();
    // An export finished: lastExportFiles() or lastExportError() says how.
    void exportFinished();

protected:
    void closeEvent(QCloseEvent* event) override;
    // Saves the postmortem's edits; when the store refuses them, asks whether to discard them.
    // False when the user keeps them (the window stays, the store stays open).
    bool mayLeaveUnsavedEdits();
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // Remembers the window's geometry, splitters and columns (settings.h), on closing and at the end.
    void saveLayout() const;
    void applySettings(const SettingsDialog& dialog);
    void createMenus();
    void createCentralArea();
    QWidget* createIncidentsPage();
    // Reads the open store's incidents into the list and selects the latest.
    void loadIncidents();
    void incidentSelected();
    void newStoreFromDialog();
    void openStoreFromDialog();
    // openStore() for a menu action: failures are shown in a message box.
    void openStoreReportingErrors(const QString& path);
    void openRecentStore(const QString& path);
    void importFilesFromDialog();
    void importFolderFromDialog();
    // importPaths() for a user action: failures are shown in a message box.
    void importReportingErrors(const QStringList& paths);
    // "", "system" or a zone's id (m_shownZoneKey); remembers it and shows every view in it.
    void setShownZoneKey(const QByteArray& key);
    void applyShownZone();
    void updateEventsZone();
    void showAbout();

    // An import stopped: the views read what it wrote.
    void importEnded();
    void updateActions();
    // The views show `workspace` (nullptr: none; they let go of the one they showed).
    void pointViewsAt(workspace::Workspace* workspace);
    void storeOpened(workspace::Workspace* workspace);
    void addToPostmortem(const model::TimelineEntry& entry);
    void finishExport();
    void currentTabChanged();

    void updateStoreViews();
    QString dialogDirectory() const;
    QString importDirectory() const;
    void rememberImportDirectory(const QString& directory);

    const Clock& m_clock;
    StoreSession* m_session = nullptr;
    ImportController* m_imports = nullptr;
    EventTableModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    EventsView* m_eventsView = nullptr;
    FilterBar* m_filterBar = nullptr;
    SearchIndexer* m_indexer = nullptr;
    QToolBar* m_findBar = nullptr;
    QLabel* m_placeholder = nullptr;
    QTabWidget* m_tabs = nullptr;
    IncidentListModel* m_incidentModel = nullptr;
    QTableView* m_incidentsView = nullptr;
    QStackedWidget* m_incidentsStack = nullptr;
    QLabel* m_incidentsEmpty = nullptr;
    TimelineView* m_timelineView = nullptr;
    PostmortemView* m_postmortemView = nullptr;
    ActionItemsView* m_actionItemsView = nullptr;
    // Set when the other tab changed action items or incidents: it reads them again when shown.
    bool m_actionItemsStale = false;
    bool m_postmortemActionsStale = false;
    QPointer<IncidentDialog> m_newIncidentDialog;
    QPointer<IncidentDialog> m_windowDialog;
    QPointer<ExportDialog> m_exportDialog;
    QPointer<SettingsDialog> m_settingsDialog;
    QPointer<TeamDatabaseDialog> m_teamDialog;
    QLabel* m_statusLabel = nullptr;
    RecentStoresMenu* m_recentMenu = nullptr;
    ZoneMenu* m_shownZoneMenu = nullptr;
    // Disabled while an import runs: they would change the store under it or start another.
    QAction* m_newStoreAction = nullptr;
    QAction* m_openStoreAction = nullptr;
    QAction* m_openTeamAction = nullptr;
    QAction* m_importFilesAction = nullptr;
    QAction* m_importFolderAction = nullptr;
    QAction* m_newIncidentAction = nullptr;
    QAction* m_windowAction = nullptr;
    QAction* m_showAllEntriesAction = nullptr;
    QAction* m_refreshTimelineAction = nullptr;
    QAction* m_exportAction = nullptr;

    QFutureWatcher<Result<workspace::ExportOutcome>> m_exportWatcher;
    bool m_exporting = false;
    QStringList m_lastExportFiles;
    QString m_lastExportError;
    QString m_exportPath;

    QByteArray m_shownZoneKey; // empty: each incident's own zone; "system": the system zone; else a zone's id
};

} // namespace aftermath::desktop
