#include "mainwindow.h"

#include "actionitemsview.h"
#include "eventsview.h"
#include "eventtablemodel.h"
#include "filterbar.h"
#include "exportdialog.h"
#include "importcontroller.h"
#include "incidentlistmodel.h"
#include "model/timeformat.h"
#include "incidentdialog.h"
#include "postmortempreview.h"
#include "postmortemview.h"
#include "recentstoresmenu.h"
#include "searchindexer.h"
#include "settings.h"
#include "settingsdialog.h"
#include "showwarning.h"
#include "store/serverlocation.h"
#include "storesession.h"
#include "teamdatabasedialog.h"
#include "timelinemodel.h"
#include "timelineview.h"
#include "zonemenu.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTableView>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace aftermath::desktop {

namespace {

// What the window's title calls a store: its file's name, or a team store's database and server
// (never more of the URL than that).
QString storeTitle(const QString& path)
{
    if (!store::isServerUrl(path))
        return QFileInfo(path).fileName();
    const auto location = store::parseServerUrl(path);
    if (!location)
        return path;
    return MainWindow::tr("%1 on %2")
        .arg(location->database, location->host.isEmpty() ? MainWindow::tr("this computer") : location->host);
}

// The local files and folders among dropped URLs; empty when any is not local.
QStringList localPaths(const QMimeData* mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl& url : mime->urls()) {
        if (!url.isLocalFile())
            return {};
        paths << url.toLocalFile();
    }
    return paths;
}

QString storeFileFilter() { return MainWindow::tr("Aftermath stores (*.sqlite *.db);;All files (*)"); }

QString eventCountText(qint64 count)
{
    const QString number = QLocale().toString(count);
    return count == 1 ? MainWindow::tr("%1 event").arg(number) : MainWindow::tr("%1 events").arg(number);
}

// "postmortem-1-nightly-etl-runs-failed.md": a file name from an incident.
QString exportFileName(const model::Incident& incident, const QString& suffix)
{
    QString slug;
    for (const QChar c : incident.title.toLower()) {
        if (c.isLetterOrNumber())
            slug += c;
        else if (!slug.isEmpty() && !slug.endsWith(u'-'))
            slug += u'-';
    }
    // At most about 48 characters, cut between words.
    if (slug.size() > 48) {
        const qsizetype cut = slug.lastIndexOf(u'-', 48);
        slug.truncate(cut > 0 ? cut : 48);
    }
    while (slug.endsWith(u'-'))
        slug.chop(1);
    QString name = QStringLiteral("postmortem-%1").arg(incident.id);
    if (!slug.isEmpty())
        name += u'-' + slug;
    return name + u'.' + suffix;
}

} // namespace

MainWindow::MainWindow(const Clock& clock)
    : m_clock(clock), m_session(new StoreSession(clock, this)), m_imports(new ImportController(*m_session, *this)),
      m_incidentModel(new IncidentListModel(this))
{
    setWindowTitle(tr("Aftermath"));
    setAcceptDrops(true);
    m_shownZoneKey = QSettings().value(settings::displayZoneKey).toByteArray();
    if (!m_shownZoneKey.isEmpty() && m_shownZoneKey != settings::systemZoneChoice && !QTimeZone(m_shownZoneKey).isValid())
        m_shownZoneKey.clear();
    createCentralArea();
    createMenus();
    applyShownZone();

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("storeStatus"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusLabel, 1);
    auto* indexing = new QLabel(this);
    indexing->setObjectName(QStringLiteral("indexStatus"));
    statusBar()->addPermanentWidget(indexing);
    m_indexer = new SearchIndexer(indexing, this);
    connect(m_indexer, &SearchIndexer::finished, this, [this](qint64, const QString& error) {
        if (!error.isEmpty())
            statusBar()->showMessage(tr("The search index could not be brought up to date (searches still find "
                                        "everything, more slowly): %1")
                                         .arg(error),
                10000);
    });
    connect(&m_exportWatcher, &QFutureWatcherBase::finished, this, &MainWindow::finishExport);

    connect(m_session, &StoreSession::aboutToChange, this, [this] { pointViewsAt(nullptr); });
    connect(m_session, &StoreSession::changed, this, &MainWindow::storeOpened);
    connect(m_imports, &ImportController::importStarted, this, &MainWindow::updateActions);
    connect(m_imports, &ImportController::importStarted, this, &MainWindow::importStarted);
    // An import takes the store first; the index catches up after it.
    connect(m_imports, &ImportController::importStarted, m_indexer, &SearchIndexer::stop);
    connect(m_imports, &ImportController::importEnded, this, &MainWindow::importEnded);
    connect(m_imports, &ImportController::importFinished, this, &MainWindow::importFinished);

    updateStoreViews();
    updateActions();
    // The size, splitters and columns the user left the window with.
    resize(1200, 760);
    const QSettings remembered;
    if (const QByteArray geometry = remembered.value(settings::windowGeometryKey).toByteArray(); !geometry.isEmpty())
        restoreGeometry(geometry);
    settings::restoreLayout(this);
}

MainWindow::~MainWindow()
{
    saveLayout();
    // Now, not when the controller is deleted with the window's children: after the session.
    m_imports->abandon();
    if (m_exporting) {
        // It reads through its own connection and writes files; let it finish them.
        m_exportWatcher.disconnect(this);
        m_exportWatcher.waitForFinished();
    }
    // The views must let go of the store before the session closes it; what was typed is saved
    // first.
    pointViewsAt(nullptr);
}

void MainWindow::createCentralArea()
{
    // One filter bar over the Timeline and Events tabs, in a tool bar shown with them.
    m_filterBar = new FilterBar(this);
    m_findBar = new QToolBar(tr("Find"), this);
    m_findBar->setObjectName(QStringLiteral("findToolBar"));
    m_findBar->setMovable(false);
    m_findBar->setFloatable(false);
    m_findBar->toggleViewAction()->setEnabled(false);
    m_findBar->addWidget(m_filterBar);
    m_findBar->setContentsMargins(0, 0, 0, 0);
    m_findBar->layout()->setContentsMargins(4, 1, 4, 1);
    addToolBar(Qt::TopToolBarArea, m_findBar);
    m_eventsView = new EventsView(m_filterBar, this);
    m_model = m_eventsView->model();

    m_placeholder = new QLabel(this);
    m_placeholder->setObjectName(QStringLiteral("emptyPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setTextFormat(Qt::RichText);
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_placeholder->setContentsMargins(48, 48, 48, 48);

    m_timelineView = new TimelineView(this);
    m_postmortemView = new PostmortemView(m_clock, this);
    m_actionItemsView = new ActionItemsView(m_clock, this);
    connect(m_timelineView, &TimelineView::addToPostmortemRequested, this, &MainWindow::addToPostmortem);
    connect(m_filterBar, &FilterBar::changed, this, [this] { m_timelineView->setFilter(m_filterBar->query()); });
    // A click on the chart's empty space shows the events of that moment.
    connect(m_timelineView, &TimelineView::timeClicked, this, [this](qint64 utcUs) {
        m_tabs->setCurrentWidget(m_eventsView);
        m_eventsView->showTime(utcUs);
    });
    connect(m_postmortemView, &PostmortemView::incidentEdited, this, [this](const model::Incident& incident) {
        m_incidentModel->updateIncident(incident);
        m_timelineView->updateIncidentDetails(incident);
        m_actionItemsStale = true;
    });
    connect(m_postmortemView, &PostmortemView::actionItemsEdited, this, [this] { m_actionItemsStale = true; });
    connect(m_actionItemsView, &ActionItemsView::itemsEdited, this, [this] { m_postmortemActionsStale = true; });
    connect(m_actionItemsView, &ActionItemsView::openRequested, this, [this](qint64 incidentId, qint64 itemId) {
        if (showPostmortem(incidentId))
            m_postmortemView->selectActionItem(itemId);
    });

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createIncidentsPage(), tr("&Incidents"));
    m_tabs->addTab(m_timelineView, tr("&Timeline"));
    m_tabs->addTab(m_postmortemView, tr("&Postmortem"));
    m_tabs->addTab(m_actionItemsView, tr("&Action Items"));
    m_tabs->addTab(m_eventsView, tr("&Events"));
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::currentTabChanged);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_tabs);
    setCentralWidget(m_stack);
}

QWidget* MainWindow::createIncidentsPage()
{
    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("incidentsPage"));

    auto* heading = new QLabel(tr("Incidents in this store"), page);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    heading->setFont(headingFont);
    auto* hint = new QLabel(tr("Select an incident to reconstruct its timeline; double-click it, or press Enter, "
                               "to open the timeline."),
        page);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto* newButton = new QPushButton(tr("New Incident…"), page);
    newButton->setObjectName(QStringLiteral("newIncidentButton"));
    connect(newButton, &QPushButton::clicked, this, &MainWindow::openNewIncidentDialog);

    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(heading);
    titles->addWidget(hint);
    auto* top = new QHBoxLayout;
    top->setContentsMargins(12, 10, 12, 8);
    top->addLayout(titles, 1);
    top->addWidget(newButton, 0, Qt::AlignVCenter);

    m_incidentsView = new QTableView(page);
    m_incidentsView->setObjectName(QStringLiteral("incidentsView"));
    m_incidentsView->setModel(m_incidentModel);
    m_incidentsView->setAlternatingRowColors(true);
    m_incidentsView->setWordWrap(false);
    m_incidentsView->setShowGrid(false);
    m_incidentsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_incidentsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_incidentsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_incidentsView->verticalHeader()->hide();
    const QFontMetrics metrics = m_incidentsView->fontMetrics();
    m_incidentsView->verticalHeader()->setDefaultSectionSize(metrics.height() + 12);
    QHeaderView* header = m_incidentsView->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(IncidentListModel::TitleColumn, QHeaderView::Stretch);
    const int padding = 32;
    m_incidentsView->setColumnWidth(
        IncidentListModel::SeverityColumn, metrics.horizontalAdvance(QStringLiteral("Severity")) + padding);
    m_incidentsView->setColumnWidth(
        IncidentListModel::StatusColumn, metrics.horizontalAdvance(QStringLiteral("In review")) + padding);
    connect(
        m_incidentsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::incidentSelected);
    connect(m_incidentsView, &QAbstractItemView::activated, this, [this] { m_tabs->setCurrentWidget(m_timelineView); });
    // The windows column fits whatever the incidents hold; the title takes the rest.
    const auto fitWindows = [this, padding] {
        const QAbstractItemView* view = m_incidentsView; // sizeHintForColumn() is public here
        m_incidentsView->setColumnWidth(IncidentListModel::WindowColumn,
            std::max(view->sizeHintForColumn(IncidentListModel::WindowColumn),
                m_incidentsView->horizontalHeader()->sectionSizeHint(IncidentListModel::WindowColumn))
                + padding);
    };
    connect(m_incidentModel, &QAbstractItemModel::modelReset, this, fitWindows);
    connect(m_incidentModel, &QAbstractItemModel::rowsInserted, this, fitWindows);

    m_incidentsEmpty = new QLabel(page);
    m_incidentsEmpty->setObjectName(QStringLiteral("incidentsEmpty"));
    m_incidentsEmpty->setAlignment(Qt::AlignCenter);
    m_incidentsEmpty->setWordWrap(true);
    m_incidentsEmpty->setTextFormat(Qt::RichText);
    m_incidentsEmpty->setContentsMargins(48, 48, 48, 48);
    m_incidentsEmpty->setText(tr("<h3>No incidents in this store yet</h3>"
                                 "<p>Create one with <b>New Incident…</b>: give it a title and the window it "
                                 "happened in, and Aftermath reconstructs its timeline from the imported "
                                 "events.</p>"));

    m_incidentsStack = new QStackedWidget(page);
    m_incidentsStack->addWidget(m_incidentsView);
    m_incidentsStack->addWidget(m_incidentsEmpty);

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_incidentsStack, 1);
    return page;
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));

    m_newStoreAction = file->addAction(tr("&New Store…"));
    m_newStoreAction->setShortcut(QKeySequence::New);
    connect(m_newStoreAction, &QAction::triggered, this, &MainWindow::newStoreFromDialog);

    m_openStoreAction = file->addAction(tr("&Open Store…"));
    m_openStoreAction->setShortcut(QKeySequence::Open);
    connect(m_openStoreAction, &QAction::triggered, this, &MainWindow::openStoreFromDialog);

    m_openTeamAction = file->addAction(tr("Open &Team Database…"));
    m_openTeamAction->setObjectName(QStringLiteral("openTeamDatabaseAction"));
    m_openTeamAction->setStatusTip(tr("Open a team store in a PostgreSQL database"));
    connect(m_openTeamAction, &QAction::triggered, this, &MainWindow::openTeamDatabaseDialog);

    m_recentMenu = new RecentStoresMenu(tr("Open &Recent"), file);
    connect(m_recentMenu, &RecentStoresMenu::openRequested, this, &MainWindow::openRecentStore);
    file->addMenu(m_recentMenu);

    file->addSeparator();
    m_importFilesAction = file->addAction(tr("&Import Files…"));
    m_importFilesAction->setObjectName(QStringLiteral("importFilesAction"));
    m_importFilesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importFilesAction->setStatusTip(tr("Import logs, exports and archives into the open store"));
    connect(m_importFilesAction, &QAction::triggered, this, &MainWindow::importFilesFromDialog);

    m_importFolderAction = file->addAction(tr("Import &Folder…"));
    m_importFolderAction->setObjectName(QStringLiteral("importFolderAction"));
    m_importFolderAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    m_importFolderAction->setStatusTip(tr("Import every file in a folder, or a folder export (Slack, …)"));
    connect(m_importFolderAction, &QAction::triggered, this, &MainWindow::importFolderFromDialog);

    file->addSeparator();
    m_exportAction = file->addAction(tr("&Export Postmortem…"));
    m_exportAction->setObjectName(QStringLiteral("exportPostmortemAction"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setStatusTip(tr("Write the selected incident's postmortem as Markdown or HTML through a template"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::openExportDialog);
    m_postmortemView->setExportAction(m_exportAction);

    file->addSeparator();
    file->addMenu(m_imports->zoneMenu());

    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    // Edit: undo and redo the postmortem's edits ("Undo Remove Action Item"); its stack is cleared
    // when another incident or store is shown.
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_postmortemView->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undoAction"));
    undo->setShortcut(QKeySequence::Undo);
    edit->addAction(undo);
    QAction* redo = m_postmortemView->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redoAction"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* preferences = edit->addAction(tr("&Settings…"));
    preferences->setObjectName(QStringLiteral("settingsAction"));
    preferences->setMenuRole(QAction::PreferencesRole);
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    preferences->setStatusTip(tr("The zone times are shown in, the default postmortem template and the rules folder"));
    connect(preferences, &QAction::triggered, this, &MainWindow::openSettingsDialog);

    QMenu* incident = menuBar()->addMenu(tr("&Incident"));
    m_newIncidentAction = incident->addAction(tr("&New Incident…"));
    m_newIncidentAction->setObjectName(QStringLiteral("newIncidentAction"));
    m_newIncidentAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_newIncidentAction->setStatusTip(tr("Create an incident from its window and reconstruct its timeline"));
    connect(m_newIncidentAction, &QAction::triggered, this, &MainWindow::openNewIncidentDialog);
    m_windowAction = incident->addAction(tr("&Window and Baseline…"));
    m_windowAction->setObjectName(QStringLiteral("windowAction"));
    m_windowAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
    m_windowAction->setStatusTip(
        tr("Change the incident's window, or the quiet time its messages are compared with to tell the incident "
           "from the background"));
    connect(m_windowAction, &QAction::triggered, this, &MainWindow::openWindowDialog);
    incident->addSeparator();
    m_showAllEntriesAction = incident->addAction(tr("Show &All Entries"));
    m_showAllEntriesAction->setObjectName(QStringLiteral("showAllEntriesAction"));
    m_showAllEntriesAction->setCheckable(true);
    m_showAllEntriesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_showAllEntriesAction->setStatusTip(tr("List every timeline entry, not only the key ones"));
    connect(m_showAllEntriesAction, &QAction::toggled, m_timelineView, &TimelineView::setShowAll);
    connect(m_timelineView, &TimelineView::showAllChanged, m_showAllEntriesAction, &QAction::setChecked);
    m_refreshTimelineAction = incident->addAction(tr("&Reconstruct Again"));
    m_refreshTimelineAction->setObjectName(QStringLiteral("refreshTimelineAction"));
    m_refreshTimelineAction->setShortcut(QKeySequence::Refresh);
    m_refreshTimelineAction->setStatusTip(tr("Reconstruct the timeline from the events in the store now"));
    connect(m_refreshTimelineAction, &QAction::triggered, m_timelineView, &TimelineView::refresh);
    incident->addSeparator();
    incident->addAction(m_timelineView->addToPostmortemAction());
    QAction* draft = m_postmortemView->draftAction();
    draft->setText(tr("&Draft Postmortem from Evidence"));
    draft->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    incident->addAction(draft);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const std::pair<QString, QWidget*> pages[]
        = {{tr("&Incidents"), m_tabs->widget(0)}, {tr("&Timeline"), m_timelineView},
            {tr("&Postmortem"), m_postmortemView}, {tr("&Action Items"), m_actionItemsView}, {tr("&Events"), m_eventsView}};
    for (int i = 0; i < int(std::size(pages)); ++i) {
        QAction* show = view->addAction(pages[i].first);
        show->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        QWidget* page = pages[i].second;
        connect(show, &QAction::triggered, this, [this, page] { m_tabs->setCurrentWidget(page); });
    }
    view->addSeparator();
    QAction* find = view->addAction(tr("&Find…"));
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcut(QKeySequence::Find);
    find->setStatusTip(tr("Filter the timeline and the events by text, level, kind, source, service and run"));
    connect(find, &QAction::triggered, this, [this] {
        if (m_tabs->currentWidget() != m_timelineView)
            m_tabs->setCurrentWidget(m_eventsView);
        m_filterBar->focusText();
    });
    view->addSeparator();
    m_shownZoneMenu = new ZoneMenu(tr("Show &Times In"), tr("Show Times In"),
        tr("Times are shown in this zone (an IANA name such as Europe/Paris):"), this);
    m_shownZoneMenu->setObjectName(QStringLiteral("shownZoneMenu"));
    m_shownZoneMenu->addSpecialChoice(tr("Each Incident's Own Zone"), {},
        tr("An incident's times are shown in the zone it was created with, else in this computer's"));
    m_shownZoneMenu->addSpecialChoice(tr("System Zone (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())),
        settings::systemZoneChoice, tr("Times are shown in this computer's zone"));
    m_shownZoneMenu->setCurrent(m_shownZoneKey);
    connect(m_shownZoneMenu, &ZoneMenu::zoneChosen, this, &MainWindow::setShownZoneKey);
    view->addMenu(m_shownZoneMenu);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Aftermath"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::openSettingsDialog()
{
    if (m_settingsDialog) {
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    auto* dialog = new SettingsDialog(m_shownZoneKey, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_settingsDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applySettings(*dialog); });
    dialog->open();
}

void MainWindow::applySettings(const SettingsDialog& dialog)
{
    if (dialog.displayZone() != m_shownZoneKey)
        setShownZoneKey(dialog.displayZone());
    settings::setDefaultTemplate(dialog.templateName());
    m_postmortemView->preview()->setTemplateName(dialog.templateName());
    settings::setRulesFolder(dialog.rulesFolder());
}

bool MainWindow::openStore(const QString& path, QString* error) { return m_session->open(path, error); }

bool MainWindow::openStoreAskingPassword(const QString& path, QString* error)
{
    QString password;
    for (int attempt = 0;; ++attempt) {
        if (m_session->open(path, error, password))
            return true;
        if (!m_session->loginRefused())
            return false;
        const auto location = store::parseServerUrl(path);
        const QString user = location && !location->user.isEmpty() ? location->user : tr("your login");
        QInputDialog prompt(this);
        prompt.setObjectName(QStringLiteral("passwordDialog"));
        prompt.setWindowTitle(tr("Team Database Password"));
        prompt.setInputMode(QInputDialog::TextInput);
        prompt.setTextEchoMode(QLineEdit::Password);
        prompt.setLabelText((attempt == 0 ? tr("The server asks for the password of %1, and none was found in "
                                               "PGPASSWORD or ~/.pgpass.")
                                          : tr("The server refused that password for %1. Try again."))
                                .arg(user)
            + u'\n' + (location ? location->url() : path) + u'\n'
            + tr("It is kept only while this store is open, and never saved."));
        prompt.setOkButtonText(tr("Connect"));
        if (prompt.exec() != QDialog::Accepted) {
            if (error)
                error->clear();
            return false;
        }
        password = prompt.textValue();
    }
}

const workspace::Workspace* MainWindow::currentWorkspace() const { return m_session->workspace(); }

void MainWindow::pointViewsAt(workspace::Workspace* workspace)
{
    // Its job has the store open.
    m_indexer->stop();
    // The postmortem first: what was typed into it goes to the store it was typed for.
    m_postmortemView->setWorkspace(workspace);
    m_actionItemsView->setStore(
        workspace ? &workspace->postmortems() : nullptr, workspace && workspace->isReadOnly());
    m_eventsView->setWorkspace(workspace);
    m_timelineView->setWorkspace(workspace);
    // No incident is selected in a store just opened (or none): the events leave the last one's zone.
    updateEventsZone();
}

void MainWindow::storeOpened(workspace::Workspace* workspace)
{
    // Read first: showing the tabs below changes the tab, and that is remembered.
    const QString rememberedTab = QSettings().value(settings::currentTabKey).toString();
    pointViewsAt(workspace);
    m_recentMenu->remember(workspace->path());
    loadIncidents();
    updateStoreViews();
    // The tab last shown; else (or when it needs an incident and there is none) the timeline of the
    // latest incident when there is one, the events otherwise.
    const bool hasIncidents = m_incidentModel->rowCount() > 0;
    QWidget* page = rememberedTab.isEmpty() ? nullptr : m_tabs->findChild<QWidget*>(rememberedTab);
    if (!page || m_tabs->indexOf(page) < 0 || (!hasIncidents && (page == m_timelineView || page == m_postmortemView)))
        page = hasIncidents ? static_cast<QWidget*>(m_timelineView) : m_eventsView;
    m_tabs->setCurrentWidget(page);
    updateActions();
    m_indexer->update(workspace);
}

void MainWindow::updateStoreViews()
{
    const workspace::Workspace* workspace = m_session->workspace();
    if (!workspace) {
        m_incidentModel->setIncidents({});
        setWindowTitle(tr("Aftermath"));
        m_statusLabel->setText(tr("No store open"));
        m_placeholder->setText(tr("<h3>No store is open</h3>"
                                  "<p>Create one with <b>File › New Store</b> or open one with "
                                  "<b>File › Open Store</b>.</p>"));
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }

    const QString path = workspace->path();
    const QString nativePath = QDir::toNativeSeparators(path);
    const QString title = storeTitle(path);
    setWindowTitle(tr("Aftermath — %1").arg(workspace->isReadOnly() ? tr("%1 (read-only)").arg(title) : title));

    const auto count = workspace->evidence().countEvents({});
    QString status = count ? tr("%1 — %2").arg(nativePath, eventCountText(*count))
                           : tr("%1 — events could not be counted: %2").arg(nativePath, count.error().toString());
    if (workspace->isReadOnly())
        status += workspace->readOnlyReason().isEmpty()
            ? tr(" — read-only")
            : tr(" — read-only: %1").arg(workspace->readOnlyReason());
    m_statusLabel->setText(status);
    m_statusLabel->setToolTip(status); // the whole of it, when the window is too narrow

    const bool hasIncidents = m_incidentModel->rowCount() > 0;
    m_incidentsStack->setCurrentWidget(hasIncidents ? static_cast<QWidget*>(m_incidentsView) : m_incidentsEmpty);
    const bool empty = count && *count == 0 && !hasIncidents;
    if (empty) {
        m_placeholder->setText(tr("<h3>No events in this store yet</h3>"
                                  "<p>Events appear here once logs are imported: use <b>File › Import Files</b> "
                                  "or <b>File › Import Folder</b>, or drop files and folders on this window. "
                                  "<b>Incident › New Incident</b> sets up an incident to reconstruct.</p>"
                                  "<p><small>%1</small></p>")
                                   .arg(nativePath.toHtmlEscaped()));
        m_stack->setCurrentWidget(m_placeholder);
    } else {
        if (m_stack->currentWidget() == m_placeholder)
            m_tabs->setCurrentWidget(hasIncidents ? static_cast<QWidget*>(m_timelineView) : m_eventsView);
        m_stack->setCurrentWidget(m_tabs);
    }
}

QStringList MainWindow::recentStores() const { return m_recentMenu->stores(); }

QString MainWindow::dialogDirectory() const
{
    return m_session->isOpen() && !store::isServerUrl(m_session->path()) ? QFileInfo(m_session->path()).absolutePath()
                                                                         : QDir::homePath();
}

void MainWindow::newStoreFromDialog()
{
    // No overwrite prompt: choosing an existing store opens it, it never replaces it.
    QString path = QFileDialog::getSaveFileName(
        this, tr("New Store"), dialogDirectory(), storeFileFilter(), nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".sqlite");
    openStoreReportingErrors(path);
}

void MainWindow::openTeamDatabaseDialog()
{
    if (m_teamDialog) {
        m_teamDialog->raise();
        return;
    }
    m_teamDialog = new TeamDatabaseDialog(this);
    m_teamDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_teamDialog->setWindowModality(Qt::WindowModal);
    // The team store open now, or the last one opened, to start from.
    const QStringList recent = m_recentMenu->stores();
    const auto team = std::ranges::find_if(recent, [](const QString& path) { return store::isServerUrl(path); });
    if (team != recent.end())
        m_teamDialog->setUrl(*team);
    connect(m_teamDialog, &QDialog::accepted, this, [this] {
        const QString url = m_teamDialog->url();
        // After the dialog has gone: the password prompt and errors show over the window.
        QTimer::singleShot(0, this, [this, url] { openStoreReportingErrors(url); });
    });
    m_teamDialog->open();
}

TeamDatabaseDialog* MainWindow::teamDatabaseDialog() const { return m_teamDialog; }

void MainWindow::openStoreFromDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Store"), dialogDirectory(), storeFileFilter());
    if (!path.isEmpty())
        openStoreReportingErrors(path);
}

bool MainWindow::mayLeaveUnsavedEdits()
{
    if (m_postmortemView->saveEdits() || !m_postmortemView->hasUnsavedEdits())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Postmortem Not Saved"),
        tr("Your edits to the postmortem could not be saved."), QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedEditsBox"));
    box.setInformativeText(tr("%1\n\nCancel, then try again once the store is free (another program may be "
                              "writing to it), or discard the edits.")
                               .arg(m_postmortemView->saveStatus()));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Discard)
        return false;
    m_postmortemView->discardUnsavedEdits();
    return true;
}

void MainWindow::openStoreReportingErrors(const QString& path)
{
    if (!mayLeaveUnsavedEdits())
        return;
    QString error;
    if (!openStoreAskingPassword(path, &error) && !error.isEmpty())
        QMessageBox::warning(this, tr("Cannot Open Store"), error);
}

void MainWindow::openRecentStore(const QString& path)
{
    // A store that has gone (deleted, or on an unmounted disk) is reported, not silently
    // re-created empty; it stays listed in case it comes back.
    if (!store::isServerUrl(path) && !QFileInfo::exists(path)) {
        QMessageBox::warning(this, tr("Cannot Open Store"),
            tr("%1: this store no longer exists; it may have been moved, renamed or deleted")
                .arg(QDir::toNativeSeparators(path)));
        return;
    }
    openStoreReportingErrors(path);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Aftermath"),
        tr("<h3>Aftermath %1</h3>"
           "<p>Incident timelines and postmortems from the evidence an incident leaves behind.</p>")
            .arg(QStringLiteral(AFTERMATH_VERSION)));
}

void MainWindow::updateActions()
{
    const bool importing = m_imports->isImporting();
    m_newStoreAction->setEnabled(!importing);
    m_openStoreAction->setEnabled(!importing);
    m_openTeamAction->setEnabled(!importing);
    m_recentMenu->setOpeningAllowed(!importing);
    const bool open = m_session->isOpen();
    // A store that cannot be changed (a read-only file, a reviewer's role on a team store) is read,
    // and what would write to it is not offered.
    const bool writable = open && !m_session->workspace()->isReadOnly();
    m_importFilesAction->setEnabled(writable && !importing);
    m_importFolderAction->setEnabled(writable && !importing);
    m_newIncidentAction->setEnabled(writable);
    m_refreshTimelineAction->setEnabled(open && currentIncidentId());
    m_windowAction->setEnabled(writable && currentIncidentId());
    m_exportAction->setEnabled(open && currentIncidentId() && !m_exporting);
}

QTimeZone MainWindow::importZone() const { return m_imports->zone(); }

void MainWindow::setImportZone(const QTimeZone& zone) { m_imports->setZone(zone); }

void MainWindow::useSystemZoneForImports() { m_imports->useSystemZone(); }

std::optional<QTimeZone> MainWindow::chosenDisplayZone() const
{
    if (m_shownZoneKey.isEmpty())
        return std::nullopt;
    if (m_shownZoneKey == settings::systemZoneChoice)
        return QTimeZone::systemTimeZone();
    return QTimeZone(m_shownZoneKey);
}

void MainWindow::setChosenDisplayZone(const std::optional<QTimeZone>& zone)
{
    setShownZoneKey(zone && zone->isValid() ? zone->id() : QByteArray());
}

void MainWindow::useSystemZoneForDisplay() { setShownZoneKey(settings::systemZoneChoice); }

void MainWindow::setShownZoneKey(const QByteArray& key)
{
    m_shownZoneKey = key;
    if (key.isEmpty())
        QSettings().remove(settings::displayZoneKey);
    else
        QSettings().setValue(settings::displayZoneKey, key);
    m_shownZoneMenu->setCurrent(key);
    applyShownZone();
}

void MainWindow::applyShownZone()
{
    const std::optional<QTimeZone> chosen = chosenDisplayZone();
    m_incidentModel->setChosenZone(chosen);
    m_timelineView->setChosenZone(chosen);
    m_postmortemView->setChosenZone(chosen);
    updateEventsZone();
}

void MainWindow::updateEventsZone()
{
    // The selected incident's zone; with none selected, no incident's zone applies.
    const std::optional<QTimeZone> chosen = chosenDisplayZone();
    const auto& incident = m_timelineView->incident();
    const QTimeZone zone = incident ? model::displayZone(*incident, chosen) : chosen.value_or(QTimeZone::systemTimeZone());
    m_eventsView->setDisplayZone(zone);
    // The filter bar's From and To read a time of day on the incident's first day.
    m_filterBar->setTimeContext(zone, incident ? std::optional(incident->fromUs) : std::nullopt);
    m_eventsView->setIncidentWindow(
        incident ? std::optional(std::pair(incident->fromUs, incident->toUs)) : std::nullopt);
}

QString MainWindow::importDirectory() const
{
    const QString remembered = QSettings().value(settings::importDirectoryKey).toString();
    return !remembered.isEmpty() && QFileInfo(remembered).isDir() ? remembered : QDir::homePath();
}

void MainWindow::rememberImportDirectory(const QString& directory)
{
    QSettings().setValue(settings::importDirectoryKey, directory);
}

void MainWindow::importFilesFromDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Import Files"), importDirectory(),
        tr("All files (*);;Logs and exports (*.log *.txt *.json *.jsonl *.ndjson *.csv *.yaml *.yml);;"
           "Archives (*.zip *.tar *.tar.gz *.tgz *.gz)"));
    if (paths.isEmpty())
        return;
    rememberImportDirectory(QFileInfo(paths.front()).absolutePath());
    importReportingErrors(paths);
}

void MainWindow::importFolderFromDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Import Folder"), importDirectory());
    if (folder.isEmpty())
        return;
    rememberImportDirectory(QFileInfo(folder).absolutePath());
    importReportingErrors({folder});
}

void MainWindow::importReportingErrors(const QStringList& paths)
{
    QString error;
    if (!importPaths(paths, &error))
        showWarning(this, tr("Cannot Import"), error);
}

bool MainWindow::importPaths(const QStringList& paths, QString* error) { return m_imports->start(paths, error); }

void MainWindow::cancelImport() { m_imports->cancel(); }

bool MainWindow::isImporting() const { return m_imports->isImporting(); }

const std::optional<workspace::ImportOutcome>& MainWindow::lastImport() const { return m_imports->lastOutcome(); }

const std::optional<Error>& MainWindow::lastImportError() const { return m_imports->lastError(); }

ImportSummaryDialog* MainWindow::importSummary() const { return m_imports->summary(); }

void MainWindow::importEnded()
{
    updateActions();
    // The import committed through its own connection: find the events shown again.
    m_eventsView->refresh();
    m_postmortemView->preview()->refreshEvidence();
    m_indexer->update(m_session->workspace());
    updateStoreViews();
    // The incident's timeline, with what the import added (it reads the store in the background).
    m_timelineView->refresh();
}

void MainWindow::saveLayout() const
{
    QSettings().setValue(settings::windowGeometryKey, saveGeometry());
    settings::saveLayout(this);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!mayLeaveUnsavedEdits()) {
        event->ignore();
        return;
    }
    if (m_imports->isImporting()) {
        // Stop the import first; the window closes when it has.
        m_imports->closeWindowWhenStopped();
        event->ignore();
        return;
    }
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (m_session->isOpen() && !m_imports->isImporting() && !localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    importReportingErrors(paths);
}

void MainWindow::loadIncidents()
{
    std::vector<model::Incident> incidents;
    if (const workspace::Workspace* workspace = m_session->workspace()) {
        auto read = workspace->postmortems().incidents();
        if (read)
            incidents = std::move(*read);
        else
            showWarning(this, tr("Cannot Read Incidents"), read.error().toString());
    }
    m_incidentModel->setIncidents(std::move(incidents));
    if (m_incidentModel->rowCount() > 0)
        m_incidentsView->selectRow(0); // the latest
    else
        incidentSelected();
}

void MainWindow::incidentSelected()
{
    const QModelIndexList rows = m_incidentsView->selectionModel()->selectedRows();
    std::optional<model::Incident> incident;
    if (!rows.isEmpty())
        incident = m_incidentModel->incidentAt(rows.front().row());
    if (incident && m_timelineView->incident() && m_timelineView->incident()->id == incident->id)
        return;
    if (!incident && !m_timelineView->incident())
        return;
    m_timelineView->setIncident(incident);
    updateEventsZone();
    // Saves what was typed into the postmortem shown before.
    m_postmortemView->setIncident(incident ? std::optional<qint64>(incident->id) : std::nullopt);
    updateActions();
}

std::optional<qint64> MainWindow::currentIncidentId() const
{
    const auto& incident = m_timelineView->incident();
    return incident ? std::optional<qint64>(incident->id) : std::nullopt;
}

bool MainWindow::createIncident(const model::Incident& incident, QString* error)
{
    workspace::Workspace* workspace = m_session->workspace();
    if (!workspace) {
        if (error)
            *error = StoreSession::noStoreMessage();
        return false;
    }
    const auto created = workspace->postmortems().createIncident(incident);
    if (!created) {
        if (error)
            *error = created.error().toString();
        return false;
    }
    const int row = m_incidentModel->addIncident(*created);
    m_actionItemsStale = true;
    updateStoreViews();
    m_incidentsView->selectRow(row);
    m_tabs->setCurrentWidget(m_timelineView);
    updateActions();
    return true;
}

bool MainWindow::showIncident(qint64 id, QString* error)
{
    const int row = m_incidentModel->rowOf(id);
    if (row < 0) {
        if (error) {
            std::vector<qint64> ids;
            for (const model::Incident& incident : m_incidentModel->incidents())
                ids.push_back(incident.id);
            std::sort(ids.begin(), ids.end());
            QStringList known;
            for (const qint64 knownId : ids)
                known << QStringLiteral("#%1").arg(knownId);
            *error = !m_session->isOpen() ? tr("No store is open, so there is no incident #%1").arg(id)
                : known.isEmpty()         ? tr("%1: there is no incident #%2; this store has no incidents yet")
                                        .arg(QDir::toNativeSeparators(m_session->path()))
                                        .arg(id)
                                  : tr("%1: there is no incident #%2; this store has %3")
                                        .arg(QDir::toNativeSeparators(m_session->path()))
                                        .arg(id)
                                        .arg(known.join(QStringLiteral(", ")));
        }
        return false;
    }
    m_incidentsView->selectRow(row);
    m_tabs->setCurrentWidget(m_timelineView);
    return true;
}

IncidentDialog* MainWindow::newIncidentDialog() const { return m_newIncidentDialog; }

IncidentDialog* MainWindow::windowDialog() const { return m_windowDialog; }

void MainWindow::openNewIncidentDialog()
{
    if (!m_session->isOpen())
        return;
    if (m_newIncidentDialog) {
        m_newIncidentDialog->raise();
        m_newIncidentDialog->activateWindow();
        return;
    }
    auto* dialog = new IncidentDialog(importZone(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_newIncidentDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const auto incident = dialog->incident();
        QString error;
        if (!incident)
            showWarning(this, tr("Cannot Create Incident"), incident.error().message);
        else if (!createIncident(*incident, &error))
            showWarning(this, tr("Cannot Create Incident"), error);
    });
    dialog->open();
}

void MainWindow::openWindowDialog()
{
    const auto& incident = m_timelineView->incident();
    if (!m_session->isOpen() || !incident)
        return;
    if (m_windowDialog) {
        m_windowDialog->raise();
        m_windowDialog->activateWindow();
        return;
    }
    auto* dialog = new IncidentDialog(*incident, model::displayZone(*incident, chosenDisplayZone()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_windowDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const auto update = dialog->update();
        QString error;
        if (!update)
            showWarning(this, tr("Cannot Change the Window"), update.error().message);
        else if (!editIncidentWindow(*update, &error))
            showWarning(this, tr("Cannot Change the Window"), error);
    });
    dialog->open();
}

bool MainWindow::editIncidentWindow(const model::IncidentUpdate& update, QString* error)
{
    workspace::Workspace* workspace = m_session->workspace();
    const auto id = currentIncidentId();
    if (!workspace || !id) {
        if (error)
            *error = !workspace ? StoreSession::noStoreMessage() : tr("No incident is selected.");
        return false;
    }
    const auto updated = workspace->postmortems().updateIncident(*id, update);
    if (!updated) {
        if (error)
            *error = updated.error().toString();
        return false;
    }
    m_incidentModel->updateIncident(*updated);
    // Another window or baseline is another timeline, and another export.
    m_timelineView->setIncident(*updated);
    updateEventsZone();
    m_postmortemView->reload();
    m_postmortemView->preview()->refreshEvidence();
    return true;
}

} // namespace aftermath::desktop

namespace aftermath::desktop {

void MainWindow::currentTabChanged()
{
    QWidget* page = m_tabs->currentWidget();
    if (page && m_session->isOpen())
        QSettings().setValue(settings::currentTabKey, page->objectName());
    m_findBar->setVisible(page == m_timelineView || page == m_eventsView);
    if (page == m_actionItemsView && m_actionItemsStale) {
        m_actionItemsStale = false;
        m_actionItemsView->reload();
    } else if (page == m_postmortemView && m_postmortemActionsStale) {
        m_postmortemActionsStale = false;
        m_postmortemView->reloadActionItems();
    }
    if (page != m_postmortemView)
        m_postmortemView->saveEdits();
}

bool MainWindow::showPostmortem(qint64 id, QString* error)
{
    if (!showIncident(id, error))
        return false;
    m_tabs->setCurrentWidget(m_postmortemView);
    return true;
}

void MainWindow::addToPostmortem(const model::TimelineEntry& entry)
{
    bool alreadyThere = false;
    const auto added = m_postmortemView->addTimelineEntry(entry, &alreadyThere);
    const QString text = entry.text.section(u'\n', 0, 0);
    if (!added)
        showWarning(this, tr("Cannot Add to Postmortem"), added.error().toString());
    else if (alreadyThere)
        statusBar()->showMessage(tr("Already in the postmortem's timeline: %1").arg(text), 8000);
    else
        statusBar()->showMessage(tr("Added to the postmortem's timeline: %1").arg(text), 8000);
}

ExportDialog* MainWindow::exportDialog() const { return m_exportDialog; }

void MainWindow::openExportDialog()
{
    const auto id = currentIncidentId();
    if (!m_session->isOpen() || !id || m_exporting)
        return;
    if (m_exportDialog) {
        m_exportDialog->raise();
        m_exportDialog->activateWindow();
        return;
    }
    QString folder = QSettings().value(settings::exportDirectoryKey).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = dialogDirectory();
    const auto& incident = m_postmortemView->incident() ? m_postmortemView->incident() : m_timelineView->incident();
    const QString suggested = QDir(folder).filePath(exportFileName(*incident, QStringLiteral("md")));
    auto* dialog = new ExportDialog(report::availableTemplates(), suggested, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_exportDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const report::ExportOptions options = dialog->options();
        QSettings().setValue(settings::exportDirectoryKey, QFileInfo(options.outputPath).absolutePath());
        QString error;
        if (!exportPostmortem(dialog->templateName(), options, &error))
            showWarning(this, tr("Cannot Export Postmortem"), error);
    });
    dialog->open();
}

bool MainWindow::exportPostmortem(const QString& templateName, const report::ExportOptions& options, QString* error)
{
    const auto refuse = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    const auto id = currentIncidentId();
    const workspace::Workspace* workspace = m_session->workspace();
    if (!workspace || !id)
        return refuse(tr("Select an incident to export its postmortem"));
    if (m_exporting)
        return refuse(tr("An export is already running; wait for it to finish"));
    if (options.outputPath.isEmpty())
        return refuse(tr("Choose the file to write the postmortem to"));
    // The export reads the store through its own connection: what was typed must be there.
    m_postmortemView->saveEdits();

    m_exportPath = options.outputPath;
    m_exporting = true;
    m_lastExportFiles.clear();
    m_lastExportError.clear();
    report::ExportOptions chosen = options;
    chosen.zone = chosenDisplayZone();
    m_exportWatcher.setFuture(workspace->startExport(*id, templateName, chosen).future());
    statusBar()->showMessage(tr("Exporting the postmortem to %1…").arg(QDir::toNativeSeparators(m_exportPath)));
    updateActions();
    return true;
}

void MainWindow::finishExport()
{
    const Result<workspace::ExportOutcome> result = m_exportWatcher.future().result();
    m_exporting = false;
    updateActions();
    if (result) {
        for (const QString& file : result->result.written)
            m_lastExportFiles << file;
        statusBar()->showMessage(
            tr("Exported the postmortem to %1").arg(QDir::toNativeSeparators(m_exportPath)), 15000);
    } else {
        statusBar()->clearMessage();
        const QString file = QDir::toNativeSeparators(m_exportPath);
        m_lastExportError
            = tr("The postmortem could not be exported to %1.\n\n%2").arg(file, result.error().toString());
        showWarning(this, tr("Cannot Export Postmortem"), m_lastExportError);
    }
    Q_EMIT exportFinished();
}

} // namespace aftermath::desktop
