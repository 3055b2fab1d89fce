#include "mainwindow.h"

#include "eventtablemodel.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>

namespace aftermath::desktop {

namespace {

const QString recentStoresKey = QStringLiteral("recentStores");

QString storeFileFilter() { return MainWindow::tr("Aftermath stores (*.sqlite *.db);;All files (*)"); }

QString eventCountText(qint64 count)
{
    const QString number = QLocale().toString(count);
    return count == 1 ? MainWindow::tr("%1 event").arg(number) : MainWindow::tr("%1 events").arg(number);
}

} // namespace

MainWindow::MainWindow() : m_model(new EventTableModel(this))
{
    setWindowTitle(tr("Aftermath"));
    createCentralArea();
    createMenus();

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("storeStatus"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_statusLabel, 1);

    // A failed page read leaves the rows already shown; say why the rest are missing.
    connect(m_model, &EventTableModel::loadFailed, this,
        [this](const QString& message) { m_statusLabel->setText(tr("Could not read more events: %1").arg(message)); });

    m_recentStores = QSettings().value(recentStoresKey).toStringList();
    while (m_recentStores.size() > maxRecentStores)
        m_recentStores.removeLast();
    rebuildRecentMenu();

    updateStoreViews();
    resize(1200, 760);
}

MainWindow::~MainWindow()
{
    // The model must let go of the store before the store member is destroyed.
    m_model->setStore(nullptr);
}

void MainWindow::createCentralArea()
{
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("eventsView"));
    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->verticalHeader()->hide();

    const QFontMetrics metrics = m_view->fontMetrics();
    // Compact rows: a log viewer is read many lines at a time.
    m_view->verticalHeader()->setDefaultSectionSize(metrics.height() + 8);

    QHeaderView* header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setMinimumSectionSize(metrics.horizontalAdvance(QStringLiteral("Level")) + 16);
    // Widths from the font, so they suit the user's font size: the time column fits a full
    // timestamp with its offset; the others fit typical values and can be widened.
    const int padding = 24;
    const auto widthFor = [&](const QString& sample) { return metrics.horizontalAdvance(sample) + padding; };
    m_view->setColumnWidth(EventTableModel::TimeColumn, widthFor(QStringLiteral("2026-06-18 02:00:00.000000 +01:00")));
    m_view->setColumnWidth(EventTableModel::LevelColumn, widthFor(QStringLiteral("critical")));
    m_view->setColumnWidth(EventTableModel::KindColumn, widthFor(QStringLiteral("step_start")));
    m_view->setColumnWidth(EventTableModel::SourceColumn, widthFor(QStringLiteral("deploy-production.log:10000")));
    m_view->setColumnWidth(EventTableModel::ServiceColumn, widthFor(QStringLiteral("payments-worker")));

    m_placeholder = new QLabel(this);
    m_placeholder->setObjectName(QStringLiteral("emptyPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setTextFormat(Qt::RichText);
    m_placeholder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_placeholder->setContentsMargins(48, 48, 48, 48);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);
    setCentralWidget(m_stack);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));

    QAction* newStore = file->addAction(tr("&New Store…"));
    newStore->setShortcut(QKeySequence::New);
    connect(newStore, &QAction::triggered, this, &MainWindow::newStoreFromDialog);

    QAction* openStore = file->addAction(tr("&Open Store…"));
    openStore->setShortcut(QKeySequence::Open);
    connect(openStore, &QAction::triggered, this, &MainWindow::openStoreFromDialog);

    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentStoresMenu"));

    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Aftermath"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

bool MainWindow::openStore(const QString& path, QString* error)
{
    store::OpenOptions options;
    options.access = store::OpenOptions::Access::ReadWrite;
    options.create = true;
    auto opened = store::Store::open(path, options);
    if (!opened) {
        if (error) {
            const Error& e = opened.error();
            // The message must say which file it is about, even when the store left it out.
            *error = e.context.isEmpty() ? QDir::toNativeSeparators(path) + QStringLiteral(": ") + e.message
                                         : e.toString();
        }
        return false;
    }

    m_model->setStore(nullptr);
    m_store = std::move(*opened);
    m_model->setStore(&*m_store);
    rememberRecentStore(m_store->path());
    updateStoreViews();
    return true;
}

void MainWindow::updateStoreViews()
{
    if (!m_store) {
        setWindowTitle(tr("Aftermath"));
        m_statusLabel->setText(tr("No store open"));
        m_placeholder->setText(tr("<h3>No store is open</h3>"
                                  "<p>Create one with <b>File › New Store</b> or open one with "
                                  "<b>File › Open Store</b>.</p>"));
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }

    const QString path = m_store->path();
    const QString nativePath = QDir::toNativeSeparators(path);
    setWindowTitle(tr("Aftermath — %1").arg(QFileInfo(path).fileName()));

    const auto count = m_store->countEvents({});
    m_statusLabel->setText(count
            ? tr("%1 — %2").arg(nativePath, eventCountText(*count))
            : tr("%1 — events could not be counted: %2").arg(nativePath, count.error().toString()));

    const bool empty = m_model->rowCount() == 0 && !m_model->canFetchMore({});
    if (empty) {
        m_placeholder->setText(tr("<h3>No events in this store yet</h3>"
                                  "<p>Events appear here once logs are imported.</p>"
                                  "<p><small>%1</small></p>")
                                   .arg(nativePath.toHtmlEscaped()));
        m_stack->setCurrentWidget(m_placeholder);
    } else {
        m_stack->setCurrentWidget(m_view);
        m_view->scrollToTop();
    }
}

void MainWindow::rememberRecentStore(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recentStores.removeAll(absolute);
    m_recentStores.prepend(absolute);
    while (m_recentStores.size() > maxRecentStores)
        m_recentStores.removeLast();
    QSettings().setValue(recentStoresKey, m_recentStores);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    for (int i = 0; i < m_recentStores.size(); ++i) {
        const QString path = m_recentStores.at(i);
        // &1 … &8 as mnemonics; a literal & in a path must not become one.
        const QString label = QStringLiteral("&%1  %2").arg(
            QString::number(i + 1), QDir::toNativeSeparators(path).replace(u'&', QStringLiteral("&&")));
        QAction* action = m_recentMenu->addAction(label);
        action->setData(path);
        action->setToolTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openRecentStore(path); });
    }
    if (!m_recentStores.isEmpty()) {
        m_recentMenu->addSeparator();
        QAction* clear = m_recentMenu->addAction(tr("&Clear Menu"));
        connect(clear, &QAction::triggered, this, [this] {
            m_recentStores.clear();
            QSettings().setValue(recentStoresKey, m_recentStores);
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recentStores.isEmpty());
}

QString MainWindow::dialogDirectory() const
{
    return m_store ? QFileInfo(m_store->path()).absolutePath() : QDir::homePath();
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

void MainWindow::openStoreFromDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Store"), dialogDirectory(), storeFileFilter());
    if (!path.isEmpty())
        openStoreReportingErrors(path);
}

void MainWindow::openStoreReportingErrors(const QString& path)
{
    QString error;
    if (!openStore(path, &error))
        QMessageBox::warning(this, tr("Cannot Open Store"), error);
}

void MainWindow::openRecentStore(const QString& path)
{
    // A store that has gone (deleted, or on an unmounted disk) is reported, not silently
    // re-created empty; it stays listed in case it comes back.
    if (!QFileInfo::exists(path)) {
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

} // namespace aftermath::desktop
