#pragma once

// Helpers shared by the desktop app's tests: settings kept out of the user's own, readable Catch2
// output for Qt string lists, model tester warnings counted, and the main window's parts found.

#include "examplesupport.h"
#include "eventsview.h"
#include "mainwindow.h"
#include "model/timestamp.h"
#include "workspace/import.h"
#include "workspace/workspace.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <string>

// Shared with the core tests: events to store, and Catch2 printing QStrings as text.
#include "testsupport.h"

namespace Catch {
template <>
struct StringMaker<QStringList> {
    static std::string convert(const QStringList& value)
    {
        return '[' + value.join(QStringLiteral(", ")).toStdString() + ']';
    }
};
} // namespace Catch

namespace aftermath::test {

// A new store at `path` holding the bundled example's evidence (naive times read in Europe/London)
// and its incident, as the app's tests open it.
inline void writeExampleStore(const QString& path)
{
    auto store = workspace::Workspace::open(path);
    REQUIRE(store);
    workspace::ImportRequest request;
    request.store = store->location();
    request.inputs = {exampleEvidence()};
    request.zone = QTimeZone("Europe/London");
    REQUIRE(workspace::importInto(request));
    REQUIRE(store->postmortems().createIncident(exampleIncident()));
}

// Settings go to a temporary folder under a test organisation, never to the user's own.
inline void isolateSettings()
{
    static QTemporaryDir settingsDir;
    static const bool configured = [] {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("aftermath-tests"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
        return true;
    }();
    REQUIRE(configured);
    REQUIRE(settingsDir.isValid());
    QSettings().clear();
}

// Counts what QAbstractItemModelTester reports (it logs to qt.modeltest in Warning mode).
class ModelTesterWarnings {
public:
    ModelTesterWarnings() : m_previous(qInstallMessageHandler(&ModelTesterWarnings::handle)) { s_count = 0; }
    ~ModelTesterWarnings() { qInstallMessageHandler(m_previous); }
    ModelTesterWarnings(const ModelTesterWarnings&) = delete;
    ModelTesterWarnings& operator=(const ModelTesterWarnings&) = delete;
    int count() const { return s_count; }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message)
    {
        if (context.category && qstrcmp(context.category, "qt.modeltest") == 0) {
            ++s_count;
            std::fprintf(stderr, "model tester: %s\n", qPrintable(message));
        } else if (type != QtDebugMsg) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
        }
    }
    static inline int s_count = 0;
    QtMessageHandler m_previous;
};

// Where screenshots go: under the build tree, next to the test executable, whatever the current
// folder is (run from the top folder, the current folder is the source tree).
inline QString screenshotPath(const QString& name)
{
    const QString folder = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    REQUIRE(QDir().mkpath(folder));
    return folder + u'/' + name;
}

inline QStackedWidget* stackOf(const desktop::MainWindow& window)
{
    auto* stack = qobject_cast<QStackedWidget*>(window.centralWidget());
    REQUIRE(stack);
    return stack;
}

// What the window shows: the placeholder, or the current tab's page.
// Waits until the Events tab shows what its last find found (finds run in the background).
inline void waitForEvents(const desktop::MainWindow& window)
{
    REQUIRE(QTest::qWaitFor([&] { return !window.eventsView()->isFinding(); }, 30000));
}

inline QWidget* shownPage(const desktop::MainWindow& window)
{
    QWidget* current = stackOf(window)->currentWidget();
    REQUIRE(current);
    if (current == window.tabs())
        return window.tabs()->currentWidget();
    return current;
}

// The entries of a menu as it shows them when it opens: all their texts, or those checked.
inline QStringList menuTexts(QMenu& menu, bool checkedOnly = false)
{
    Q_EMIT menu.aboutToShow();
    QStringList texts;
    for (const QAction* action : menu.actions())
        if (!action->isSeparator() && (!checkedOnly || action->isChecked()))
            texts << action->text();
    return texts;
}

// The entry of an open menu with `text`, or nullptr.
inline QAction* menuAction(const QMenu& menu, const QString& text)
{
    for (QAction* action : menu.actions())
        if (action->text() == text)
            return action;
    return nullptr;
}

inline QString statusText(const desktop::MainWindow& window)
{
    const auto* label = window.findChild<QLabel*>(QStringLiteral("storeStatus"));
    REQUIRE(label);
    return label->text();
}

} // namespace aftermath::test
