// Tests of the window's store session on its own: it opens and creates stores through the
// workspace with the clock it was given, says which is open, refuses while an import runs, and a
// refused open leaves the open store and the views alone.
#include "apptestsupport.h"
#include "storesession.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {

using aftermath::FixedClock;
using aftermath::desktop::StoreSession;
namespace workspace = aftermath::workspace;

// A session whose signals are recorded in order: "aboutToChange <open store's path>" (what was
// open when it came), "changed <path>".
struct RecordedSession {
    FixedClock clock{1'781'740'800'000'000}; // 2026-06-18T00:00:00Z
    StoreSession session{clock};
    QStringList heard;

    RecordedSession()
    {
        QObject::connect(&session, &StoreSession::aboutToChange, &session,
            [this] { heard << QStringLiteral("aboutToChange ") + session.path(); });
        QObject::connect(&session, &StoreSession::changed, &session, [this](workspace::Workspace* opened) {
            CHECK(opened == session.workspace());
            heard << QStringLiteral("changed ") + opened->path();
        });
    }
};

} // namespace

TEST_CASE("StoreSession opens stores with its clock and tells the views before and after", "[session]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString first = QFileInfo(dir.filePath(QStringLiteral("first.sqlite"))).absoluteFilePath();
    const QString second = QFileInfo(dir.filePath(QStringLiteral("second.sqlite"))).absoluteFilePath();
    RecordedSession r;
    CHECK_FALSE(r.session.isOpen());
    CHECK(r.session.workspace() == nullptr);
    CHECK(r.session.path().isEmpty());

    QString error;
    REQUIRE(r.session.open(first, &error));
    CHECK(error.isEmpty());
    CHECK(QFileInfo::exists(first)); // created
    REQUIRE(r.session.isOpen());
    CHECK(r.session.path() == first);
    CHECK(&r.session.workspace()->clock() == &r.clock);
    CHECK_FALSE(r.session.workspace()->isReadOnly());

    // The views hear of the change while the store they show is still open (to save what was
    // typed into it), then of the new one.
    REQUIRE(r.session.open(second));
    CHECK(r.heard
        == QStringList{QStringLiteral("aboutToChange "), QStringLiteral("changed ") + first,
            QStringLiteral("aboutToChange ") + first, QStringLiteral("changed ") + second});
    CHECK(r.session.path() == second);
}

TEST_CASE("StoreSession: a store it cannot open is refused and the open store stays", "[session]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString good = QFileInfo(dir.filePath(QStringLiteral("good.sqlite"))).absoluteFilePath();
    const QString garbage = dir.filePath(QStringLiteral("garbage.sqlite"));
    QFile file(garbage);
    REQUIRE(file.open(QIODevice::WriteOnly));
    REQUIRE(file.write(QByteArray("this is not an SQLite database\n").repeated(64)) > 0);
    file.close();

    RecordedSession r;
    REQUIRE(r.session.open(good));
    const workspace::Workspace* open = r.session.workspace();
    r.heard.clear();

    QString error;
    CHECK_FALSE(r.session.open(garbage, &error));
    CHECK(error.contains(garbage));
    CHECK(error.contains(QStringLiteral("not an SQLite database")));
    CHECK(r.heard.isEmpty());
    CHECK(r.session.workspace() == open);
    CHECK(r.session.path() == good);
}

TEST_CASE("StoreSession refuses to swap the store while an import runs into it", "[session]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString open = QFileInfo(dir.filePath(QStringLiteral("open.sqlite"))).absoluteFilePath();
    const QString other = dir.filePath(QStringLiteral("other.sqlite"));
    RecordedSession r;
    REQUIRE(r.session.open(open));
    r.heard.clear();

    r.session.setImportRunning(true);
    QString error;
    CHECK_FALSE(r.session.open(other, &error));
    CHECK(error.contains(other));
    CHECK(error.contains(QStringLiteral("an import is running")));
    CHECK_FALSE(QFileInfo::exists(other)); // not even created
    CHECK(r.heard.isEmpty());
    CHECK(r.session.path() == open);

    r.session.setImportRunning(false);
    REQUIRE(r.session.open(other));
    CHECK(r.session.path() == QFileInfo(other).absoluteFilePath());
}
