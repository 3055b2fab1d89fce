#include "importcontroller.h"
#include "settings.h"

#include "importsummarydialog.h"
#include "storesession.h"
#include "zonemenu.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>

#include <utility>

namespace aftermath::desktop {

ImportController::ImportController(StoreSession& session, QMainWindow& window)
    : QObject(&window), m_session(session), m_window(window), m_zoneId(QSettings().value(settings::importZoneKey).toByteArray())
{
    if (!m_zoneId.isEmpty() && !QTimeZone(m_zoneId).isValid())
        m_zoneId.clear();
    m_zoneMenu = new ZoneMenu(tr("&Time Zone for Imports"), tr("Time Zone for Imports"),
        tr("Times written without an offset are read in this zone (an IANA name such as Europe/Paris):"), &window);
    m_zoneMenu->setObjectName(QStringLiteral("importZoneMenu"));
    m_zoneMenu->addSpecialChoice(tr("System Zone (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())), {},
        tr("Times without an offset are read in this computer's zone"));
    m_zoneMenu->setCurrent(m_zoneId);
    connect(m_zoneMenu, &ZoneMenu::zoneChosen, this, [this](const QByteArray& id) {
        if (id.isEmpty())
            useSystemZone();
        else
            setZone(QTimeZone(id));
    });

    createPanel();
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, this, &ImportController::showProgress);
    connect(&m_watcher, &QFutureWatcherBase::progressTextChanged, this, &ImportController::showFile);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ImportController::finish);
}

ImportController::~ImportController() { abandon(); }

void ImportController::createPanel()
{
    m_panel = new QWidget(&m_window);
    m_panel->setObjectName(QStringLiteral("importProgress"));
    m_label = new QLabel(m_panel);
    m_label->setObjectName(QStringLiteral("importProgressLabel"));
    m_label->setFixedWidth(m_label->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 44);
    m_label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_bar = new QProgressBar(m_panel);
    m_bar->setObjectName(QStringLiteral("importProgressBar"));
    m_bar->setRange(0, 1000);
    m_bar->setFormat(QStringLiteral("%p%"));
    m_bar->setFixedWidth(180);
    m_cancelButton = new QPushButton(tr("Cancel"), m_panel);
    m_cancelButton->setObjectName(QStringLiteral("cancelImportButton"));
    m_cancelButton->setToolTip(tr("Stop the import; files already imported stay"));
    connect(m_cancelButton, &QPushButton::clicked, this, &ImportController::cancel);

    auto* layout = new QHBoxLayout(m_panel);
    layout->setContentsMargins(0, 0, 4, 0);
    layout->setSpacing(8);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancelButton);
    m_window.statusBar()->addPermanentWidget(m_panel);
    m_panel->hide();
}

bool ImportController::start(const QStringList& paths, QString* error)
{
    const auto refuse = [error](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    const workspace::Workspace* workspace = m_session.workspace();
    if (!workspace)
        return refuse(StoreSession::noStoreMessage());
    if (m_importing)
        return refuse(tr("An import is already running; wait for it to finish or cancel it"));
    if (paths.isEmpty())
        return refuse(tr("Nothing to import: choose files or folders"));

    m_storePath = workspace->path();
    workspace::ImportRequest request;
    request.inputs = paths;
    request.zone = zone();
    request.ruleFiles = settings::ruleFiles(); // Settings' rules folder; none: the user's rules file
    if (const QString problem = settings::rulesFolderProblem(settings::rulesFolder()); !problem.isEmpty())
        return refuse(tr("The rules folder chosen in Settings cannot be used: %1").arg(problem));
    m_job = workspace->startImport(std::move(request));
    setImporting(true);
    m_label->setText(paths.size() == 1 ? tr("Importing %1…").arg(QFileInfo(paths.front()).fileName())
                                       : tr("Importing %1 inputs…").arg(paths.size()));
    m_label->setToolTip(QDir::toNativeSeparators(paths.join(u'\n')));
    m_watcher.setFuture(m_job.future());
    Q_EMIT importStarted();
    return true;
}

void ImportController::cancel()
{
    if (!m_importing || m_job.cancelRequested())
        return;
    m_job.cancel();
    m_cancelButton->setEnabled(false);
    m_label->setText(tr("Cancelling…"));
}

void ImportController::closeWindowWhenStopped()
{
    m_closeWhenStopped = true;
    cancel();
}

void ImportController::abandon()
{
    if (!m_importing)
        return;
    // The import uses nothing of the window, but it should be done with the store before the
    // window (and soon the application) is gone; cancelled, it stops at its next batch.
    m_watcher.disconnect(this);
    m_job.cancel();
    m_job.future().waitForFinished();
}

void ImportController::setImporting(bool importing)
{
    m_importing = importing;
    m_session.setImportRunning(importing);
    m_bar->setValue(0);
    m_cancelButton->setEnabled(importing);
    m_panel->setVisible(importing);
}

void ImportController::showProgress(int permille) { m_bar->setValue(permille); }

void ImportController::showFile(const QString& path)
{
    if (path.isEmpty() || m_job.cancelRequested())
        return;
    // The job's text is the file being read or, when it is not a path, what the import waits for
    // ("waiting for another import into ...").
    const QString text = QDir::isAbsolutePath(path) ? tr("Importing %1…").arg(QFileInfo(path).fileName())
                                                    : path.left(1).toUpper() + path.mid(1);
    m_label->setText(m_label->fontMetrics().elidedText(text, Qt::ElideMiddle, m_label->width()));
    m_label->setToolTip(path);
}

void ImportController::finish()
{
    const QFuture<Result<workspace::ImportOutcome>> future = m_job.future();
    m_lastOutcome.reset();
    m_lastError.reset();
    if (future.resultCount() > 0) {
        Result<workspace::ImportOutcome> result = future.result();
        if (result)
            m_lastOutcome = std::move(*result);
        else
            m_lastError = result.error();
    } else {
        // Only a QFuture cancelled from outside ends without a result.
        workspace::ImportOutcome outcome;
        outcome.cancelled = true;
        m_lastOutcome = std::move(outcome);
    }
    setImporting(false);
    // Asked once: if the window stays open after all (its close was refused), later imports
    // show their summaries and leave it open.
    const bool closing = std::exchange(m_closeWhenStopped, false);
    Q_EMIT importEnded();

    if (!m_summary)
        m_summary = new ImportSummaryDialog(&m_window);
    if (m_lastOutcome)
        m_summary->setOutcome(*m_lastOutcome, m_storePath);
    else
        m_summary->setFailure(*m_lastError, m_storePath);
    if (!closing) {
        m_summary->show();
        m_summary->raise();
        m_summary->activateWindow();
    }
    Q_EMIT importFinished();
    if (closing)
        m_window.close();
}

QTimeZone ImportController::zone() const
{
    return m_zoneId.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(m_zoneId);
}

void ImportController::setZone(const QTimeZone& zone)
{
    if (!zone.isValid())
        return;
    m_zoneId = zone.id();
    QSettings().setValue(settings::importZoneKey, m_zoneId);
    m_zoneMenu->setCurrent(m_zoneId);
}

void ImportController::useSystemZone()
{
    m_zoneId.clear();
    QSettings().remove(settings::importZoneKey);
    m_zoneMenu->setCurrent(m_zoneId);
}

} // namespace aftermath::desktop
