// Tests of the window's store session on its own: it opens and creates stores through the
// workspace with the clock it was given, says which is open, refuses while an import runs, and a
// refused open leaves the open store and the views alone.
#include "apptestsupport.h"
#include "storesession.h"

#include <catch2/catch.hpp>

#include <QFileInfo>
#include <QTemporaryDir>

namespace {

using aftermath::FixedClock;
using aftermath::desktop::StoreSession;
namespace test = aftermath::test;
namespace workspace = aftermath::workspace;

// A session over a temporary folder whose signals are recorded in order: "aboutToChange <the
// path open when it came>", "changed <path>".
struct RecordedSession {
    QTemporaryDir dir;
    FixedClock clock{test::incidentNightUs};
    StoreSession session{clock};
    QStringList heard;

    RecordedSession()
    {
        REQUIRE(dir.isValid());
        QObject::connect(&session, &StoreSession::aboutToChange, &session,
            [this] { heard << QStringLiteral("aboutToChange ") + session.path(); });
        QObject::connect(&session, &StoreSession::changed, &session, [this](workspace::Workspace* opened) {
            CHECK(opened == session.workspace());
            heard << QStringLiteral("changed ") + opened->path();
        });
    }

    // The absolute path of `name` in the folder.
    QString file(const char* name) const { return QFileInfo(dir.filePath(QLatin1String(name))).absoluteFilePath(); }
};

} // namespace

TEST_CASE("StoreSession opens stores with its clock and tells the views before and after", "[session]")
{
    RecordedSession r;
    const QString first = r.file("first.sqlite");
    const QString second = r.file("second.sqlite");
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
    RecordedSession r;
    const QString garbage = r.file("garbage.sqlite");
    REQUIRE(test::writeFile(garbage, QByteArray("this is not an SQLite database\n").repeated(64)));
    REQUIRE(r.session.open(r.file("good.sqlite")));
    const workspace::Workspace* open = r.session.workspace();
    r.heard.clear();

    QString error;
    CHECK_FALSE(r.session.open(garbage, &error));
    CHECK(error.contains(garbage));
    CHECK(error.contains(QStringLiteral("not an SQLite database")));
    CHECK(r.heard.isEmpty());
    CHECK(r.session.workspace() == open);
    CHECK(r.session.path() == r.file("good.sqlite"));
}

TEST_CASE("StoreSession refuses to swap the store while an import runs into it", "[session]")
{
    RecordedSession r;
    REQUIRE(r.session.open(r.file("open.sqlite")));
    r.heard.clear();

    r.session.setImportRunning(true);
    QString error;
    CHECK_FALSE(r.session.open(r.file("other.sqlite"), &error));
    CHECK(error.contains(r.file("other.sqlite")));
    CHECK(error.contains(QStringLiteral("an import is running")));
    CHECK_FALSE(QFileInfo::exists(r.file("other.sqlite"))); // not even created
    CHECK(r.heard.isEmpty());
    CHECK(r.session.path() == r.file("open.sqlite"));

    r.session.setImportRunning(false);
    REQUIRE(r.session.open(r.file("other.sqlite")));
    CHECK(r.session.path() == r.file("other.sqlite"));
}
