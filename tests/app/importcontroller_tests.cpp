// Tests of the import controller on its own, in a plain QMainWindow over a StoreSession: what it
// refuses, the order of its signals, that the session stays locked while it runs, and the import
// zone it remembers (settings redirected to a temporary folder).
#include "apptestsupport.h"
#include "importcontroller.h"
#include "importsummarydialog.h"
#include "storesession.h"
#include "zonemenu.h"

#include <catch2/catch.hpp>

#include <QCloseEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {

using aftermath::desktop::ImportController;
using aftermath::desktop::StoreSession;
using aftermath::test::isolateSettings;

constexpr int importTimeoutMs = 120'000;

QString pythonLog() { return aftermath::test::fixture(QStringLiteral("text/etl-python-logging.log")); }

// A controller in a window of its own over a session; the session outlives the controller, as in
// MainWindow.
struct ControllerFixture {
    QTemporaryDir dir;
    StoreSession session{aftermath::Clock::system()};
    QMainWindow window;
    ImportController imports{session, window};
    // "started", "ended", "finished", each with what the controller says when it comes.
    QStringList heard;

    ControllerFixture()
    {
        REQUIRE(dir.isValid());
        const auto note = [this](const QString& what) {
            return [this, what] {
                const bool shown = imports.summary() && imports.summary()->isVisible();
                heard << what + QStringLiteral(" importing=") + QString::number(int(imports.isImporting()))
                        + QStringLiteral(" summary=") + (shown ? QStringLiteral("shown") : QStringLiteral("none"));
            };
        };
        QObject::connect(&imports, &ImportController::importStarted, &imports, note(QStringLiteral("started")));
        QObject::connect(&imports, &ImportController::importEnded, &imports, note(QStringLiteral("ended")));
        QObject::connect(&imports, &ImportController::importFinished, &imports, note(QStringLiteral("finished")));
    }

    QWidget* panel() const
    {
        auto* panel = window.findChild<QWidget*>(QStringLiteral("importProgress"));
        REQUIRE(panel);
        return panel;
    }
};

} // namespace

TEST_CASE("ImportController refuses without a store and without inputs", "[import][controller]")
{
    isolateSettings();
    ControllerFixture f;
    QString error;
    CHECK_FALSE(f.imports.start({pythonLog()}, &error));
    CHECK(error == StoreSession::noStoreMessage());

    REQUIRE(f.session.open(f.dir.filePath(QStringLiteral("store.sqlite"))));
    CHECK_FALSE(f.imports.start({}, &error));
    CHECK(error.contains(QStringLiteral("Nothing to import")));
    CHECK_FALSE(f.imports.isImporting());
    CHECK(f.heard.isEmpty());
    CHECK(f.panel()->isHidden());
    CHECK(f.imports.summary() == nullptr);
}

TEST_CASE("ImportController locks the session while it runs and ends before the summary shows", "[import][controller]")
{
    isolateSettings();
    ControllerFixture f;
    const QString store = f.dir.filePath(QStringLiteral("store.sqlite"));
    REQUIRE(f.session.open(store));
    f.window.show();

    QSignalSpy finished(&f.imports, &ImportController::importFinished);
    REQUIRE(f.imports.start({pythonLog()}));
    CHECK(f.heard == QStringList{QStringLiteral("started importing=1 summary=none")});
    CHECK(f.imports.isImporting());
    CHECK_FALSE(f.panel()->isHidden());
    auto* label = f.window.findChild<QLabel*>(QStringLiteral("importProgressLabel"));
    REQUIRE(label);
    CHECK(label->text() == QStringLiteral("Importing etl-python-logging.log…"));

    // One at a time, into the store it started with.
    QString error;
    CHECK_FALSE(f.imports.start({pythonLog()}, &error));
    CHECK(error.contains(QStringLiteral("already running")));
    const QString other = f.dir.filePath(QStringLiteral("other.sqlite"));
    CHECK_FALSE(f.session.open(other, &error));
    CHECK(error.contains(QStringLiteral("an import is running")));

    REQUIRE(finished.wait(importTimeoutMs));
    // The views hear of the end (and read the store again) before the summary shows.
    CHECK(f.heard
        == QStringList{QStringLiteral("started importing=1 summary=none"),
            QStringLiteral("ended importing=0 summary=none"), QStringLiteral("finished importing=0 summary=shown")});
    CHECK(f.panel()->isHidden());
    REQUIRE(f.imports.lastOutcome());
    CHECK_FALSE(f.imports.lastError());
    CHECK(f.imports.lastOutcome()->eventsAdded() == 7);
    REQUIRE(f.imports.summary());
    CHECK(f.imports.summary()->parentWidget() == &f.window);
    CHECK(f.imports.summary()->details().contains(QFileInfo(store).absoluteFilePath()));

    // Unlocked once it has ended.
    CHECK(f.session.open(other));
}

TEST_CASE("ImportController remembers the import zone and ignores one that is not valid", "[import][controller][zone]")
{
    isolateSettings();
    const QString key = QStringLiteral("import/timeZone");
    // A zone this system does not know (a settings file from another machine): the system zone.
    QSettings().setValue(key, QByteArray("Mars/Olympus_Mons"));
    {
        ControllerFixture f;
        CHECK(f.imports.zone() == QTimeZone::systemTimeZone());
        CHECK(f.imports.zoneMenu()->current().isEmpty());

        f.imports.setZone(QTimeZone("Asia/Kolkata"));
        f.imports.setZone(QTimeZone()); // not a zone: nothing changes
        CHECK(f.imports.zone() == QTimeZone("Asia/Kolkata"));
        CHECK(f.imports.zoneMenu()->current() == QByteArray("Asia/Kolkata"));
        CHECK(QSettings().value(key).toByteArray() == QByteArray("Asia/Kolkata"));
    }
    ControllerFixture f;
    CHECK(f.imports.zone() == QTimeZone("Asia/Kolkata"));

    // Chosen in the menu.
    Q_EMIT f.imports.zoneMenu()->zoneChosen(QByteArray("UTC"));
    CHECK(f.imports.zone() == QTimeZone::utc());
    Q_EMIT f.imports.zoneMenu()->zoneChosen({});
    CHECK(f.imports.zone() == QTimeZone::systemTimeZone());
    CHECK_FALSE(QSettings().contains(key));
}

TEST_CASE("a close the window refused does not come back to close it after a later import", "[import][controller]")
{
    isolateSettings();
    // A window that refuses to close, as MainWindow does when the user keeps unsaved edits.
    struct StubbornWindow : QMainWindow {
        int closeAttempts = 0;
        void closeEvent(QCloseEvent* event) override
        {
            ++closeAttempts;
            event->ignore();
        }
    };
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    StoreSession session{aftermath::Clock::system()};
    StubbornWindow window;
    ImportController imports{session, window};
    REQUIRE(session.open(dir.filePath(QStringLiteral("store.sqlite"))));
    QSignalSpy finished(&imports, &ImportController::importFinished);

    // Closing while an import runs: it is cancelled, then the window is asked to close, once.
    REQUIRE(imports.start({pythonLog()}));
    imports.closeWindowWhenStopped();
    REQUIRE(finished.wait(importTimeoutMs));
    CHECK(window.closeAttempts == 1);
    REQUIRE(imports.summary());
    CHECK_FALSE(imports.summary()->isVisible());

    // The window stayed. The next import is an ordinary one: its summary shows, nothing closes.
    REQUIRE(imports.start({pythonLog()}));
    REQUIRE(finished.wait(importTimeoutMs));
    CHECK(window.closeAttempts == 1);
    CHECK(imports.summary()->isVisible());
}
