// What the app remembers between runs (app/desktop/settings.h) and the Settings dialog, driven
// through the real window (offscreen): a restart is a second MainWindow on the same settings.
#include "actionitemsview.h"
#include "apptestsupport.h"
#include "eventtablemodel.h"
#include "eventsview.h"
#include "exportdialog.h"
#include "mainwindow.h"
#include "postmortempreview.h"
#include "postmortemview.h"
#include "settingsdialog.h"
#include "timelineview.h"

#include "store/evidencestore.h"
#include "workspace/import.h"
#include "workspace/workspace.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QTableView>
#include <QTest>

using namespace aftermath;
using desktop::MainWindow;
using desktop::SettingsDialog;

namespace {

// The example's store with its incident.
struct ExampleStore {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("example.sqlite"));

    ExampleStore()
    {
        REQUIRE(dir.isValid());
        test::writeExampleStore(path);
    }
};

std::unique_ptr<MainWindow> openWindow(const QString& path)
{
    auto window = std::make_unique<MainWindow>();
    REQUIRE(window->openStore(path));
    window->show();
    REQUIRE(QTest::qWaitForWindowExposed(window.get()));
    test::waitForEvents(*window);
    REQUIRE(QTest::qWaitFor([&] { return !window->timelineView()->isBusy(); }, 30000));
    return window;
}

template <typename T>
T* part(const MainWindow& window, const QString& name)
{
    auto* found = window.findChild<T*>(name);
    REQUIRE(found);
    return found;
}

// Opens Edit › Settings… and returns its dialog.
SettingsDialog* openSettings(MainWindow& window)
{
    part<QAction>(window, QStringLiteral("settingsAction"))->trigger();
    auto* dialog = window.findChild<SettingsDialog*>();
    REQUIRE(dialog);
    return dialog;
}

} // namespace

TEST_CASE("the window's size, splitters, column widths and last tab survive a restart", "[settings][window]")
{
    test::isolateSettings();
    ExampleStore example;
    QList<int> rows;
    int levelWidth = 0;
    {
        auto window = openWindow(example.path);
        window->resize(1500, 930);
        QTest::qWait(10);
        auto* splitter = part<QSplitter>(*window, QStringLiteral("timelineRows"));
        rows = splitter->sizes();
        REQUIRE(rows.size() == 3);
        // Move the first handle down by 60 px, as a drag would.
        rows[0] += 60;
        rows[1] -= 60;
        splitter->setSizes(rows);
        rows = splitter->sizes();
        auto* events = part<QTableView>(*window, QStringLiteral("eventsView"));
        const int level = 1; // Time, Level, ...
        levelWidth = events->columnWidth(level) + 57;
        events->setColumnWidth(level, levelWidth);
        window->tabs()->setCurrentWidget(window->actionItemsView());
        window->close();
    }
    auto window = openWindow(example.path);
    CHECK(window->size() == QSize(1500, 930));
    CHECK(window->tabs()->currentWidget() == window->actionItemsView());
    window->tabs()->setCurrentWidget(window->timelineView());
    QTest::qWait(10);
    CHECK(part<QSplitter>(*window, QStringLiteral("timelineRows"))->sizes() == rows);
    CHECK(part<QTableView>(*window, QStringLiteral("eventsView"))->columnWidth(1) == levelWidth);
}

TEST_CASE("a remembered tab that needs an incident is not shown for a store without one", "[settings][window]")
{
    test::isolateSettings();
    ExampleStore example;
    {
        auto window = openWindow(example.path);
        window->tabs()->setCurrentWidget(window->postmortemView());
    }
    QTemporaryDir dir;
    auto window = openWindow(dir.filePath(QStringLiteral("empty.sqlite")));
    CHECK(window->tabs()->currentWidget() == window->eventsView());
}

TEST_CASE("the export dialog offers the template, format and chart last exported with", "[settings][export]")
{
    test::isolateSettings();
    QTemporaryDir dir;
    const auto templates = report::availableTemplates();
    {
        desktop::ExportDialog first(templates, dir.filePath(QStringLiteral("incident.md")));
        CHECK(first.templateName() == report::defaultTemplateName);
        CHECK(first.options().format == report::DocumentFormat::Markdown);
        CHECK_FALSE(first.options().chart);
        first.setTemplateName(QStringLiteral("google-sre"));
        first.setFormat(report::DocumentFormat::Html);
        first.setChart(true);
        first.accept();
    }
    desktop::ExportDialog second(templates, dir.filePath(QStringLiteral("incident.md")));
    CHECK(second.templateName() == QStringLiteral("google-sre"));
    CHECK(second.options().format == report::DocumentFormat::Html);
    CHECK(second.options().chart);
    CHECK(second.path().endsWith(QStringLiteral(".html")));
    // A cancelled dialog remembers nothing.
    second.setFormat(report::DocumentFormat::Markdown);
    second.reject();
    desktop::ExportDialog third(templates, dir.filePath(QStringLiteral("incident.md")));
    CHECK(third.options().format == report::DocumentFormat::Html);
}

TEST_CASE("Settings: the display zone applies to every tab and survives a restart", "[settings][zone]")
{
    test::isolateSettings();
    ExampleStore example;
    {
        auto window = openWindow(example.path);
        CHECK_FALSE(window->chosenDisplayZone());
        SettingsDialog* dialog = openSettings(*window);
        CHECK(dialog->displayZone().isEmpty());

        // A zone the system does not know is refused, with the reason.
        dialog->zoneField()->setEditText(QStringLiteral("Mars/Olympus_Mons"));
        CHECK_FALSE(dialog->problemLabel()->text().isEmpty());
        CHECK(dialog->problemLabel()->text().contains(QStringLiteral("Mars/Olympus_Mons")));
        dialog->accept();
        CHECK(dialog->isVisible());
        CHECK_FALSE(window->chosenDisplayZone());

        dialog->zoneField()->setEditText(QStringLiteral("Asia/Tokyo"));
        CHECK(dialog->problemLabel()->text().isEmpty());
        dialog->accept();
        REQUIRE(window->chosenDisplayZone());
        CHECK(window->chosenDisplayZone()->id() == "Asia/Tokyo");
        // The Events tab's times are in it: the first event of the example, 2026-07-01 in UTC+9.
        test::waitForEvents(*window);
        const QString time = window->eventModel()->data(window->eventModel()->index(0, 0)).toString();
        CHECK(time.contains(QStringLiteral("+09:00")));
    }
    auto window = openWindow(example.path);
    REQUIRE(window->chosenDisplayZone());
    CHECK(window->chosenDisplayZone()->id() == "Asia/Tokyo");
    SettingsDialog* dialog = openSettings(*window);
    CHECK(dialog->displayZone() == "Asia/Tokyo");
    // Back to each incident's own zone: the first choice.
    dialog->zoneField()->setCurrentIndex(0);
    dialog->accept();
    CHECK_FALSE(window->chosenDisplayZone());
}

TEST_CASE("Settings: the default template is the preview's and the export's", "[settings][template]")
{
    test::isolateSettings();
    ExampleStore example;
    auto window = openWindow(example.path);
    desktop::PostmortemPreview* preview = window->postmortemView()->preview();
    CHECK(preview->templateName() == report::defaultTemplateName);
    SettingsDialog* dialog = openSettings(*window);
    const int minimal = dialog->templateField()->findData(QStringLiteral("minimal"));
    REQUIRE(minimal >= 0);
    dialog->templateField()->setCurrentIndex(minimal);
    dialog->accept();
    CHECK(preview->templateName() == QStringLiteral("minimal"));
    QTemporaryDir dir;
    desktop::ExportDialog exportDialog(report::availableTemplates(), dir.filePath(QStringLiteral("x.md")));
    CHECK(exportDialog.templateName() == QStringLiteral("minimal"));
}

TEST_CASE("Settings: the app's imports classify with the rules of the chosen folder", "[settings][rules]")
{
    test::isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString rules = dir.filePath(QStringLiteral("rules"));
    REQUIRE(QDir().mkpath(rules));
    const QString log = dir.filePath(QStringLiteral("rollout.log"));
    {
        QFile file(log);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write("2026-07-01T10:00:00Z INFO zebra-rollout of billing 4.2 started\n"
                   "2026-07-01T10:05:00Z INFO nothing to see\n");
    }
    auto window = openWindow(dir.filePath(QStringLiteral("store.sqlite")));

    // A folder with no rules files is refused, in the dialog and by an import.
    SettingsDialog* dialog = openSettings(*window);
    dialog->rulesField()->setText(rules);
    CHECK(dialog->problemLabel()->text().contains(QStringLiteral("no rules files")));
    dialog->accept();
    CHECK(dialog->isVisible());
    dialog->rulesField()->setText(dir.filePath(QStringLiteral("gone")));
    CHECK(dialog->problemLabel()->text().contains(QStringLiteral("does not exist")));

    {
        QFile file(QDir(rules).filePath(QStringLiteral("deploys.json")));
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(R"json({"rules": [{"name": "zebra", "kind": "deploy", "contains": ["zebra-rollout"],
                       "match": "zebra-rollout of (?<service>\\w+)"}]})json");
    }
    dialog->rulesField()->setText(rules);
    CHECK(dialog->problemLabel()->text().isEmpty());
    CHECK(part<QLabel>(*window, QStringLiteral("settingsRulesNote"))->text().contains(QStringLiteral("deploys.json")));
    REQUIRE(QTest::qWaitForWindowExposed(dialog));
    QTest::qWait(50);
    dialog->grab().save(test::screenshotPath(QStringLiteral("settings-dialog.png"))); // to look at
    dialog->accept();
    CHECK_FALSE(dialog->isVisible());

    QSignalSpy finished(window.get(), &MainWindow::importFinished);
    REQUIRE(window->importPaths({log}));
    REQUIRE(finished.wait(30000));
    const auto events = window->currentWorkspace()->evidence().events({});
    REQUIRE(events);
    REQUIRE(events->size() == 2);
    CHECK(events->at(0).event.kind == model::EventKind::Deploy);
    CHECK(events->at(0).event.service == QStringLiteral("billing"));
    CHECK(events->at(1).event.kind == model::EventKind::Log);

    // The folder emptied after it was chosen: the import is refused, saying why, and nothing is read.
    REQUIRE(QFile::remove(QDir(rules).filePath(QStringLiteral("deploys.json"))));
    QString error;
    CHECK_FALSE(window->importPaths({log}, &error));
    CHECK(error.contains(QStringLiteral("rules folder")));
    CHECK(*window->currentWorkspace()->evidence().countEvents({}) == 2);
}
