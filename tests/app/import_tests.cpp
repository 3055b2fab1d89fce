// Tests of importing from the desktop app: the real MainWindow imports in the background through
// its public slot (the file dialogs are only the users' way in), refreshes its table and status
// bar, and shows a non-modal summary; cancel, drag and drop, errors and the import zone.
#include "apptestsupport.h"
#include "cli.h"
#include "eventtablemodel.h"
#include "importreportmodel.h"
#include "importsummarydialog.h"
#include "mainwindow.h"
#include "store/store.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QPixmap>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

using namespace aftermath;
using desktop::ImportReportModel;
using desktop::ImportSummaryDialog;
using desktop::MainWindow;
using ingest::FileReport;
using Status = ingest::FileReport::Status;
using test::isolateSettings;
using test::statusText;

constexpr int importTimeoutMs = 120'000;

QString fixture(const QString& relative) { return QStringLiteral(AFTERMATH_TEST_DATA "/ingest/") + relative; }
QString pythonLog() { return fixture(QStringLiteral("text/etl-python-logging.log")); }
QString workerJsonl() { return fixture(QStringLiteral("structured/etl-worker.jsonl")); }

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// A Python-logging style log of `megabytes` MiB, so that an import of it takes a while.
QString writeBigLog(const QString& path, int megabytes)
{
    QByteArray bytes;
    const qsizetype size = qsizetype(megabytes) * 1024 * 1024;
    bytes.reserve(size + 200);
    for (int i = 0; bytes.size() < size; ++i) {
        const int second = i % 3600;
        bytes += QStringLiteral("2026-06-18 03:%1:%2,%3 - etl.big - INFO - row %4 processed for tenant NHS E\n")
                     .arg(second / 60, 2, 10, QLatin1Char('0'))
                     .arg(second % 60, 2, 10, QLatin1Char('0'))
                     .arg(i % 1000, 3, 10, QLatin1Char('0'))
                     .arg(i)
                     .toLatin1();
    }
    REQUIRE(writeFile(path, bytes));
    return QFileInfo(path).absoluteFilePath();
}

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

QAction* actionNamed(const MainWindow& window, const QString& name)
{
    auto* action = window.findChild<QAction*>(name);
    REQUIRE(action);
    return action;
}

QWidget* importPanel(const MainWindow& window)
{
    auto* panel = window.findChild<QWidget*>(QStringLiteral("importProgress"));
    REQUIRE(panel);
    return panel;
}

// A window with a new store open in a temporary folder, shown (offscreen).
struct WindowFixture {
    QTemporaryDir dir;
    QString storePath = dir.filePath(QStringLiteral("incident-42.sqlite"));
    MainWindow window;
    QSignalSpy started{&window, &MainWindow::importStarted};
    QSignalSpy finished{&window, &MainWindow::importFinished};

    WindowFixture()
    {
        REQUIRE(dir.isValid());
        REQUIRE(window.openStore(storePath));
        test::waitForEvents(window);
        window.show();
        REQUIRE(QTest::qWaitForWindowExposed(&window));
    }

    void waitForImport()
    {
        if (finished.isEmpty())
            REQUIRE(finished.wait(importTimeoutMs));
        REQUIRE(finished.size() == 1);
        CHECK_FALSE(window.isImporting());
        finished.clear();
        test::waitForEvents(window);
    }

    ImportSummaryDialog* summary()
    {
        ImportSummaryDialog* dialog = window.importSummary();
        REQUIRE(dialog);
        CHECK(dialog == window.findChild<ImportSummaryDialog*>(QStringLiteral("importSummaryDialog")));
        return dialog;
    }
};

// Saves a screenshot under the build tree and checks it was written.
void saveShot(QWidget& widget, const QString& name)
{
    const QPixmap shot = widget.grab();
    REQUIRE_FALSE(shot.isNull());
    const QString file = test::screenshotPath(name);
    CHECK(shot.save(file));
    CHECK_FALSE(QImage(file).isNull());
}

} // namespace

TEST_CASE("MainWindow imports files in the background, then shows the events and a summary", "[import]")
{
    isolateSettings();
    WindowFixture f;
    f.window.setImportZone(QTimeZone("Europe/London"));
    f.window.eventModel()->setDisplayZone(QTimeZone("Europe/London"));
    const QString missing = f.dir.filePath(QStringLiteral("missing.log"));
    CHECK(f.window.eventModel()->rowCount() == 0);
    CHECK(actionNamed(f.window, QStringLiteral("importFilesAction"))->isEnabled());
    CHECK(actionNamed(f.window, QStringLiteral("importFilesAction"))->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_I));

    REQUIRE(f.window.importPaths({pythonLog(), workerJsonl(), missing}));
    CHECK(f.started.size() == 1);
    // Until the import's end has reached the window, it counts as running.
    CHECK(f.window.isImporting());
    CHECK_FALSE(importPanel(f.window)->isHidden());
    CHECK_FALSE(actionNamed(f.window, QStringLiteral("importFilesAction"))->isEnabled());
    CHECK_FALSE(actionNamed(f.window, QStringLiteral("importFolderAction"))->isEnabled());

    QString error;
    CHECK_FALSE(f.window.importPaths({pythonLog()}, &error));
    CHECK(error.contains(QStringLiteral("already running")));
    CHECK_FALSE(f.window.openStore(f.dir.filePath(QStringLiteral("other.sqlite")), &error));
    CHECK(error.contains(QStringLiteral("an import is running")));

    f.waitForImport();
    CHECK(importPanel(f.window)->isHidden());
    CHECK(actionNamed(f.window, QStringLiteral("importFilesAction"))->isEnabled());

    // The table and the status bar show the new events.
    CHECK(f.window.eventModel()->rowCount() == 11);
    CHECK(test::shownPage(f.window) == f.window.eventsView());
    CHECK(statusText(f.window).contains(QStringLiteral("11 events")));

    REQUIRE(f.window.lastImport());
    CHECK_FALSE(f.window.lastImportError());
    CHECK(f.window.lastImport()->reports.size() == 3);
    CHECK(f.window.lastImport()->eventsAdded() == 11);

    // The summary: shown, not modal, one row per input.
    ImportSummaryDialog* summary = f.summary();
    CHECK(summary->isVisible());
    CHECK_FALSE(summary->isModal());
    CHECK(summary->windowTitle() == QStringLiteral("Import Summary"));
    const ImportReportModel& model = *summary->model();
    REQUIRE(model.rowCount() == 3);
    CHECK(cell(model, 0, ImportReportModel::InputColumn) == QStringLiteral("etl-python-logging.log"));
    CHECK(cell(model, 0, ImportReportModel::StatusColumn) == QStringLiteral("ok"));
    CHECK(cell(model, 0, ImportReportModel::FormatColumn) == QStringLiteral("text-log"));
    // What the reader learned of the log, as the CLI's summary says it.
    CHECK(cell(model, 0, ImportReportModel::FormatColumn, Qt::ToolTipRole)
        .startsWith(QStringLiteral("Read as generic text: timestamp at column 0, `yyyy-MM-dd HH:mm:ss,SSS`, no zone")));
    CHECK(cell(model, 1, ImportReportModel::FormatColumn, Qt::ToolTipRole).isEmpty());
    CHECK(cell(model, 0, ImportReportModel::EventsColumn) == QStringLiteral("7"));
    CHECK(cell(model, 0, ImportReportModel::InputColumn, Qt::ToolTipRole)
        == QDir::toNativeSeparators(QFileInfo(pythonLog()).absoluteFilePath()));
    CHECK(cell(model, 1, ImportReportModel::InputColumn) == QStringLiteral("etl-worker.jsonl"));
    CHECK(cell(model, 1, ImportReportModel::FormatColumn) == QStringLiteral("jsonl"));
    CHECK(cell(model, 1, ImportReportModel::EventsColumn) == QStringLiteral("4"));
    CHECK(cell(model, 2, ImportReportModel::InputColumn) == QStringLiteral("missing.log"));
    CHECK(cell(model, 2, ImportReportModel::StatusColumn) == QStringLiteral("error"));
    CHECK(cell(model, 2, ImportReportModel::EventsColumn) == QStringLiteral("—"));
    CHECK(cell(model, 2, ImportReportModel::DetailsColumn).contains(QStringLiteral("no such file")));
    CHECK(summary->headline() == QStringLiteral("11 events added; 1 file could not be imported"));
    CHECK(summary->details().contains(QStringLiteral("3 files: 2 imported, 1 failed.")));
    CHECK(summary->details().contains(QStringLiteral("read as Europe/London")));
    CHECK(summary->details().contains(QDir::toNativeSeparators(QFileInfo(f.storePath).absoluteFilePath())));
    CHECK(summary->plainText().contains(QStringLiteral("missing.log\terror\t")));

    // Screenshots of the window after the import and of the summary (looked at by people).
    saveShot(f.window, QStringLiteral("mainwindow-after-import.png"));
    saveShot(*summary, QStringLiteral("import-summary.png"));

    SECTION("importing the same files again adds nothing and says so")
    {
        REQUIRE(f.window.importPaths({pythonLog(), workerJsonl()}));
        f.waitForImport();
        CHECK(f.window.eventModel()->rowCount() == 11);
        REQUIRE(f.summary()->model()->rowCount() == 2);
        CHECK(cell(*f.summary()->model(), 0, ImportReportModel::StatusColumn) == QStringLiteral("unchanged"));
        CHECK(cell(*f.summary()->model(), 0, ImportReportModel::EventsColumn) == QStringLiteral("—"));
        CHECK(cell(*f.summary()->model(), 0, ImportReportModel::DetailsColumn)
            == QStringLiteral("imported before and unchanged"));
        CHECK(f.summary()->headline() == QStringLiteral("0 events added"));
        CHECK(f.summary()->details().contains(QStringLiteral("2 files: 2 unchanged.")));
    }
}

TEST_CASE("Cancel stops the import and the file being read leaves nothing behind", "[import][cancel]")
{
    isolateSettings();
    WindowFixture f;
    const QString big = writeBigLog(f.dir.filePath(QStringLiteral("big.log")), 48);

    auto* bar = f.window.findChild<QProgressBar*>(QStringLiteral("importProgressBar"));
    auto* cancel = f.window.findChild<QPushButton*>(QStringLiteral("cancelImportButton"));
    REQUIRE(bar);
    REQUIRE(cancel);
    QSignalSpy progressed(bar, &QProgressBar::valueChanged);
    REQUIRE(f.window.importPaths({big, pythonLog()}));
    CHECK(cancel->isEnabled());
    // Part-way through the big file (the reader reports every 8 MiB), the user clicks Cancel.
    while (bar->value() == 0 && f.finished.isEmpty())
        REQUIRE(progressed.wait(importTimeoutMs));
    REQUIRE(f.finished.isEmpty());
    CHECK(bar->value() > 0);
    CHECK(bar->value() < 1000);
    QTest::mouseClick(cancel, Qt::LeftButton);
    CHECK_FALSE(cancel->isEnabled());
    f.waitForImport();

    REQUIRE(f.window.lastImport());
    CHECK(f.window.lastImport()->cancelled);
    CHECK(f.window.eventModel()->rowCount() == 0);
    CHECK(statusText(f.window).contains(QStringLiteral("0 events")));
    const workspace::Workspace* store = f.window.currentWorkspace();
    REQUIRE(store);
    const auto source = store->evidence().findSource(big);
    REQUIRE(source);
    CHECK_FALSE(source->has_value());

    ImportSummaryDialog* summary = f.summary();
    CHECK(summary->windowTitle() == QStringLiteral("Import Cancelled"));
    CHECK(summary->headline().startsWith(QStringLiteral("Import cancelled")));
    REQUIRE(summary->model()->rowCount() == 2);
    CHECK(cell(*summary->model(), 0, ImportReportModel::InputColumn) == QStringLiteral("big.log"));
    CHECK(cell(*summary->model(), 0, ImportReportModel::StatusColumn) == QStringLiteral("cancelled"));
    CHECK(cell(*summary->model(), 0, ImportReportModel::DetailsColumn) == QStringLiteral("the import was cancelled"));
    CHECK(cell(*summary->model(), 1, ImportReportModel::StatusColumn) == QStringLiteral("cancelled"));
    CHECK(cell(*summary->model(), 1, ImportReportModel::DetailsColumn).contains(QStringLiteral("cancelled")));
    CHECK(summary->details().contains(QStringLiteral("2 files: 2 not imported (cancelled).")));
    saveShot(*summary, QStringLiteral("import-summary-cancelled.png"));
}

TEST_CASE("Closing the window during an import cancels it and closes when it has stopped", "[import][cancel]")
{
    isolateSettings();
    WindowFixture f;
    const QString big = writeBigLog(f.dir.filePath(QStringLiteral("big.log")), 24);
    REQUIRE(f.window.importPaths({big}));
    CHECK_FALSE(f.window.close());
    CHECK(f.window.isVisible());
    f.waitForImport();
    CHECK_FALSE(f.window.isVisible());
    REQUIRE(f.window.lastImport());
    CHECK(f.window.lastImport()->cancelled);
    CHECK_FALSE(f.summary()->isVisible());
}

TEST_CASE("Destroying the window during an import waits for it to stop", "[import][cancel]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString storePath = dir.filePath(QStringLiteral("store.sqlite"));
    const QString big = writeBigLog(dir.filePath(QStringLiteral("big.log")), 24);
    {
        MainWindow window;
        REQUIRE(window.openStore(storePath));
        REQUIRE(window.importPaths({big}));
    }
    // The import ended with the window: its transaction was rolled back and the store is free.
    auto reopened = store::Store::open(storePath);
    REQUIRE(reopened);
    CHECK(*reopened->evidence().countEvents({}) == 0);
}

TEST_CASE("Dropping files and folders on the window imports them", "[import][drop]")
{
    isolateSettings();
    WindowFixture f;
    const QString folder = f.dir.filePath(QStringLiteral("evidence"));
    REQUIRE(QDir().mkpath(folder));
    REQUIRE(QFile::copy(workerJsonl(), folder + QStringLiteral("/worker.jsonl")));

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(pythonLog()), QUrl::fromLocalFile(folder)});
    QDragEnterEvent enter(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&f.window, &enter);
    CHECK(enter.isAccepted());
    QDropEvent drop(QPointF(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&f.window, &drop);
    CHECK(drop.isAccepted());
    CHECK(f.started.size() == 1);
    f.waitForImport();
    CHECK(f.window.eventModel()->rowCount() == 11);
    REQUIRE(f.summary()->model()->rowCount() == 2);
    CHECK(cell(*f.summary()->model(), 1, ImportReportModel::InputColumn) == QStringLiteral("evidence/worker.jsonl"));

    SECTION("while an import runs, and for URLs that are not local files, drops are refused")
    {
        REQUIRE(f.window.importPaths({pythonLog()}));
        QDragEnterEvent during(QPoint(200, 200), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&f.window, &during);
        CHECK_FALSE(during.isAccepted());
        f.waitForImport();

        QMimeData remote;
        remote.setUrls({QUrl(QStringLiteral("https://example.com/ci.log"))});
        QDragEnterEvent web(QPoint(200, 200), Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&f.window, &web);
        CHECK_FALSE(web.isAccepted());
    }
}

TEST_CASE("Without a store, imports and drops are refused with a reason", "[import][errors]")
{
    isolateSettings();
    MainWindow window;
    CHECK_FALSE(actionNamed(window, QStringLiteral("importFilesAction"))->isEnabled());
    QString error;
    CHECK_FALSE(window.importPaths({pythonLog()}, &error));
    CHECK(error.contains(QStringLiteral("No store is open")));
    CHECK_FALSE(window.isImporting());

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(pythonLog())});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    CHECK_FALSE(enter.isAccepted());
}

TEST_CASE("A store that cannot be written shows the error in the summary", "[import][errors]")
{
    isolateSettings();
    WindowFixture f;
    // The store is replaced by a file that is not a store, under the open window's feet (its own
    // connection keeps the file it opened).
    REQUIRE(QFile::rename(f.storePath, f.dir.filePath(QStringLiteral("moved.sqlite"))));
    REQUIRE(writeFile(f.storePath, QByteArray("not a database\n").repeated(100)));

    REQUIRE(f.window.importPaths({pythonLog()}));
    f.waitForImport();
    CHECK_FALSE(f.window.lastImport());
    REQUIRE(f.window.lastImportError());
    CHECK(f.window.lastImportError()->code == Error::Code::NotAStore);
    ImportSummaryDialog* summary = f.summary();
    CHECK(summary->isVisible());
    CHECK(summary->windowTitle() == QStringLiteral("Import Failed"));
    CHECK(summary->headline() == QStringLiteral("Nothing was imported"));
    CHECK(summary->details().contains(QFileInfo(f.storePath).absoluteFilePath()));
    CHECK(summary->details().contains(QStringLiteral("not an SQLite database")));
    CHECK(summary->model()->rowCount() == 0);
    CHECK(f.window.eventModel()->rowCount() == 0);
    saveShot(*summary, QStringLiteral("import-summary-failed.png"));
}

TEST_CASE("The import zone is remembered and offered in the File menu", "[import][zone]")
{
    isolateSettings();
    {
        MainWindow window;
        CHECK(window.importZone() == QTimeZone::systemTimeZone());
        window.setImportZone(QTimeZone::utc());
        CHECK(window.importZone() == QTimeZone::utc());
    }
    MainWindow window;
    CHECK(window.importZone() == QTimeZone::utc());

    auto* menu = window.findChild<QMenu*>(QStringLiteral("importZoneMenu"));
    REQUIRE(menu);
    CHECK(test::menuTexts(*menu, true) == QStringList{QStringLiteral("UTC")});
    QAction* berlin = test::menuAction(*menu, QStringLiteral("Europe/Berlin"));
    REQUIRE(berlin);
    berlin->trigger();
    CHECK(window.importZone() == QTimeZone("Europe/Berlin"));

    // A zone that is not in the list is still shown, checked.
    window.setImportZone(QTimeZone("Pacific/Auckland"));
    CHECK(test::menuTexts(*menu, true) == QStringList{QStringLiteral("Pacific/Auckland")});

    window.useSystemZoneForImports();
    CHECK(MainWindow().importZone() == QTimeZone::systemTimeZone());
}

TEST_CASE("ImportReportModel: statuses, details and the model tester", "[import][model]")
{
    test::ModelTesterWarnings warnings;
    ImportReportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    CHECK(model.rowCount() == 0);
    CHECK(model.columnCount() == ImportReportModel::ColumnCount);

    FileReport skipped;
    skipped.path = QStringLiteral("/evidence/deploy.log");
    skipped.displayName = QStringLiteral("deploy.log");
    skipped.format = QStringLiteral("text-log");
    skipped.events = 12345;
    skipped.skipped = 2;
    skipped.firstSkipped = {{4, QStringLiteral("no timestamp")}};
    FileReport appended = skipped;
    appended.status = Status::Appended;
    appended.skipped = 0;
    appended.events = 1;
    FileReport empty;
    empty.path = QStringLiteral("/evidence/empty.log");
    empty.status = Status::Empty;
    FileReport failed;
    failed.path = QStringLiteral("/evidence/broken.json");
    failed.displayName = QStringLiteral("broken.json");
    failed.status = Status::Error;
    failed.message = QStringLiteral("/evidence/broken.json:3: the JSON is cut short <here>\nsecond line");

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setReports({skipped, appended, empty, failed});
    CHECK(reset.size() == 1);
    REQUIRE(model.rowCount() == 4);

    CHECK(cell(model, 0, ImportReportModel::EventsColumn) == QLocale().toString(12345));
    CHECK(cell(model, 0, ImportReportModel::DetailsColumn) == QStringLiteral("2 lines skipped (line 4: no timestamp)"));
    CHECK(model.data(model.index(0, ImportReportModel::EventsColumn), Qt::TextAlignmentRole).toInt()
        == int(Qt::AlignRight | Qt::AlignVCenter));
    CHECK(cell(model, 1, ImportReportModel::StatusColumn) == QStringLiteral("appended"));
    CHECK(cell(model, 1, ImportReportModel::DetailsColumn).contains(QStringLiteral("only its new lines")));
    CHECK(cell(model, 2, ImportReportModel::InputColumn) == QStringLiteral("empty.log"));
    CHECK(cell(model, 2, ImportReportModel::FormatColumn) == QStringLiteral("—"));
    CHECK(cell(model, 2, ImportReportModel::DetailsColumn) == QStringLiteral("the file is empty"));
    // An error's message in full in the tooltip, escaped; its first line in the table.
    CHECK(cell(model, 3, ImportReportModel::DetailsColumn)
        == QStringLiteral("/evidence/broken.json:3: the JSON is cut short <here>"));
    CHECK(cell(model, 3, ImportReportModel::DetailsColumn, Qt::ToolTipRole).contains(QStringLiteral("&lt;here&gt;")));
    CHECK(cell(model, 3, ImportReportModel::DetailsColumn, Qt::ToolTipRole).contains(QStringLiteral("second line")));
    const QColor error
        = model.data(model.index(3, ImportReportModel::StatusColumn), Qt::ForegroundRole).value<QColor>();
    REQUIRE(error.isValid());
    CHECK(error.red() > 150);
    CHECK(model.data(model.index(3, ImportReportModel::StatusColumn), Qt::FontRole).value<QFont>().bold());

    model.setReports({});
    CHECK(model.rowCount() == 0);
    CHECK(warnings.count() == 0);
}

TEST_CASE(
    "a desktop import classifies lines with the user's rules exactly as aftermath-cli ingest does", "[import][rules]")
{
    isolateSettings();
    // The user's own rules file (~/.config/aftermath/rules.json; a test folder in test mode), with
    // a rule the built-in ones do not have.
    const QString rulesPath = ingest::Classifier::userRulesPath();
    REQUIRE(QDir().mkpath(QFileInfo(rulesPath).absolutePath()));
    const QByteArray rules = R"json({"rules": [{"name": "our nightly loader finished", "kind": "job_end",
        "contains": ["funding rows"], "match": "Loaded (?<outcome>\\d+) funding rows for (?<run>\\w+)"}]})json";
    REQUIRE(writeFile(rulesPath, rules));
    const auto removeRules = qScopeGuard([&] { QFile::remove(rulesPath); });

    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString log = dir.filePath(QStringLiteral("loader.log"));
    REQUIRE(writeFile(log,
        "2026-06-18T01:00:00Z INFO loader: Starting nightly funding load\n"
        "2026-06-18T01:05:00Z INFO loader: Loaded 1234 funding rows for acme\n"
        "2026-06-18T01:06:00Z ERROR loader: connection reset by peer\n"));

    // The CLI, in-process, into one store.
    const QString cliStore = dir.filePath(QStringLiteral("cli.sqlite"));
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const int code = cli::run({QStringLiteral("aftermath-cli"), QStringLiteral("--db"), cliStore,
                                  QStringLiteral("ingest"), QStringLiteral("--tz"), QStringLiteral("UTC"), log},
        outStream, errStream);
    errStream.flush();
    INFO(err.toStdString());
    REQUIRE(code == cli::Success);

    // The desktop app, into another.
    WindowFixture f;
    f.window.setImportZone(QTimeZone::utc());
    REQUIRE(f.window.importPaths({log}));
    f.waitForImport();

    const auto read = [](const QString& path) {
        auto store = store::Store::open(path, {.access = store::OpenOptions::Access::ReadOnly});
        REQUIRE(store);
        auto events = store->evidence().events({});
        REQUIRE(events);
        return std::move(*events);
    };
    const std::vector<model::StoredEvent> byCli = read(cliStore);
    const std::vector<model::StoredEvent> byApp = read(f.storePath);
    REQUIRE(byCli.size() == 3);
    REQUIRE(byApp.size() == byCli.size());
    for (std::size_t i = 0; i < byCli.size(); ++i) {
        INFO("event " << i << ": " << byCli[i].event.message.toStdString());
        CHECK(byApp[i].event.kind == byCli[i].event.kind);
        CHECK(byApp[i].event.level == byCli[i].event.level);
        CHECK(byApp[i].event.service == byCli[i].event.service);
        CHECK(byApp[i].event.runId == byCli[i].event.runId);
        CHECK(byApp[i].event.outcome == byCli[i].event.outcome);
        CHECK(byApp[i].event.timeUs == byCli[i].event.timeUs);
    }
    // And the user's rule is what classified the loader's line, in both.
    CHECK(byApp[1].event.kind == model::EventKind::JobEnd);
    CHECK(byApp[1].event.outcome == QStringLiteral("1234"));
    CHECK(byApp[1].event.runId == QStringLiteral("acme"));
}
