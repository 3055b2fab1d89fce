#pragma once

#include "model/error.h"
#include "workspace/workspace.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QTimeZone>

#include <optional>

class QLabel;
class QMainWindow;
class QProgressBar;
class QPushButton;
class QWidget;

namespace aftermath::desktop {

class ImportSummaryDialog;
class StoreSession;
class ZoneMenu;

// Imports into the session's open store in the background, one at a time: the job, its progress
// panel in the window's status bar (with Cancel), the summary dialog when it ends, and the zone
// naive times are read in (File › Time Zone for Imports, remembered across runs).
class ImportController : public QObject {
    Q_OBJECT

public:
    // Shows its panel in `window`'s status bar and its summary over `window`.
    ImportController(StoreSession& session, QMainWindow& window);
    // Stops a running import first (abandon()).
    ~ImportController() override;

    // Starts importing files, folders and archives; importFinished() follows, and the summary
    // dialog shows. False, with `error` set, when no store is open, an import is already running
    // or `paths` is empty.
    bool start(const QStringList& paths, QString* error = nullptr);
    // Stops the running import; files already imported stay.
    void cancel();
    // Cancels the running import and closes the window once it has stopped, without the summary.
    void closeWindowWhenStopped();
    // Stops the running import and waits for it, and nothing more (no summary, no signals): for
    // when the window goes.
    void abandon();

    // From start() until the end has reached the window (importEnded()).
    bool isImporting() const { return m_importing; }
    // The outcome of the last import that finished, or nothing (none yet, or it could not start:
    // then lastError() says why).
    const std::optional<workspace::ImportOutcome>& lastOutcome() const { return m_lastOutcome; }
    const std::optional<Error>& lastError() const { return m_lastError; }
    // The summary of the last import; nullptr before the first.
    ImportSummaryDialog* summary() const { return m_summary; }

    // The zone naive times are read in: the system zone unless the user chose one.
    QTimeZone zone() const;
    void setZone(const QTimeZone& zone);
    // Back to following the system zone.
    void useSystemZone();
    // File › Time Zone for Imports.
    ZoneMenu* zoneMenu() const { return m_zoneMenu; }

Q_SIGNALS:
    void importStarted();
    // The import has stopped (done, cancelled or failed) and isImporting() is false; it committed
    // through its own connection, so the views read the store again. Before the summary shows.
    void importEnded();
    // After importEnded(), with the summary up (unless the window is closing).
    void importFinished();

private:
    void createPanel();
    void setImporting(bool importing);
    void showProgress(int permille);
    void showFile(const QString& path);
    void finish();

    StoreSession& m_session;
    QMainWindow& m_window;
    workspace::ImportJob m_job;
    QFutureWatcher<Result<workspace::ImportOutcome>> m_watcher;
    QString m_storePath;
    std::optional<workspace::ImportOutcome> m_lastOutcome;
    std::optional<Error> m_lastError;
    bool m_importing = false;
    bool m_closeWhenStopped = false;
    QByteArray m_zoneId; // empty: the system zone
    ZoneMenu* m_zoneMenu = nullptr;
    QWidget* m_panel = nullptr;
    QLabel* m_label = nullptr;
    QProgressBar* m_bar = nullptr;
    QPushButton* m_cancelButton = nullptr;
    ImportSummaryDialog* m_summary = nullptr;
};

} // namespace aftermath::desktop
