// Tests of File › Open Recent on its own: which stores it keeps, in which order, how it shows them
// and what it remembers across runs (settings redirected to a temporary folder).
#include "apptestsupport.h"
#include "recentstoresmenu.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {

using aftermath::desktop::RecentStoresMenu;
using aftermath::test::isolateSettings;
using aftermath::test::menuAction;
using aftermath::test::menuTexts;

QStringList savedStores() { return QSettings().value(QStringLiteral("recentStores")).toStringList(); }

// The paths the menu offers, in its order.
QStringList offeredPaths(const RecentStoresMenu& menu)
{
    QStringList paths;
    for (const QAction* action : menu.actions())
        if (!action->data().toString().isEmpty())
            paths << action->data().toString();
    return paths;
}

} // namespace

TEST_CASE("RecentStoresMenu puts the store opened last first, once, and keeps eight", "[recent]")
{
    isolateSettings();
    // The menu never opens them: they need not exist.
    const QStringList paths{QStringLiteral("/stores/a.sqlite"), QStringLiteral("/stores/b.sqlite"),
        QStringLiteral("/stores/c.sqlite"), QStringLiteral("/stores/d.sqlite"), QStringLiteral("/stores/e.sqlite"),
        QStringLiteral("/stores/f.sqlite"), QStringLiteral("/stores/g.sqlite"), QStringLiteral("/stores/h.sqlite"),
        QStringLiteral("/stores/i.sqlite"), QStringLiteral("/stores/j.sqlite")};
    RecentStoresMenu menu(QStringLiteral("Open &Recent"));
    CHECK(menu.objectName() == QStringLiteral("recentStoresMenu"));
    CHECK(menu.stores().isEmpty());
    CHECK(menuTexts(menu).isEmpty());
    CHECK_FALSE(menu.isEnabled());

    menu.remember(paths[0]);
    menu.remember(paths[1]);
    CHECK(menu.stores() == QStringList{paths[1], paths[0]});
    CHECK(menu.isEnabled());

    // Again: moved to the front, not listed twice.
    menu.remember(paths[0]);
    CHECK(menu.stores() == QStringList{paths[0], paths[1]});

    for (const QString& path : paths)
        menu.remember(path);
    CHECK(RecentStoresMenu::maxStores == 8);
    const QStringList newest{paths[9], paths[8], paths[7], paths[6], paths[5], paths[4], paths[3], paths[2]};
    CHECK(menu.stores() == newest);
    CHECK(offeredPaths(menu) == newest);
    CHECK(savedStores() == newest);
}

TEST_CASE("RecentStoresMenu makes relative paths absolute before comparing them", "[recent]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString previous = QDir::currentPath();
    const auto restore = qScopeGuard([&] { QDir::setCurrent(previous); });
    REQUIRE(QDir::setCurrent(dir.path()));
    RecentStoresMenu menu(QStringLiteral("Open &Recent"));
    menu.remember(QStringLiteral("relative.sqlite"));
    menu.remember(QStringLiteral("./relative.sqlite"));

    CHECK(menu.stores() == QStringList{QFileInfo(dir.filePath(QStringLiteral("relative.sqlite"))).absoluteFilePath()});
}

TEST_CASE("RecentStoresMenu shows numbered entries and asks for the one chosen", "[recent]")
{
    isolateSettings();
    const QString plain = QStringLiteral("/evidence/incident-42.sqlite");
    const QString ampersand = QStringLiteral("/evidence/R&D/store.sqlite");
    RecentStoresMenu menu(QStringLiteral("Open &Recent"));
    menu.remember(plain);
    menu.remember(ampersand);

    // &1, &2 are mnemonics; a path's own & is doubled so that it shows as one.
    const QString first
        = QStringLiteral("&1  ") + QDir::toNativeSeparators(QStringLiteral("/evidence/R&&D/store.sqlite"));
    const QString second = QStringLiteral("&2  ") + QDir::toNativeSeparators(plain);
    CHECK(menuTexts(menu) == QStringList{first, second, QStringLiteral("&Clear Menu")});
    REQUIRE(menuAction(menu, second));
    CHECK(menuAction(menu, second)->toolTip() == QDir::toNativeSeparators(plain));

    QSignalSpy requested(&menu, &RecentStoresMenu::openRequested);
    menuAction(menu, second)->trigger();
    REQUIRE(requested.size() == 1);
    CHECK(requested.at(0).at(0).toString() == plain);
    // Choosing a store does not reorder the list: opening it does, through remember().
    CHECK(menu.stores() == QStringList{ampersand, plain});
}

TEST_CASE("RecentStoresMenu is read back from the settings, and Clear Menu forgets every store", "[recent]")
{
    isolateSettings();
    QStringList saved;
    for (int i = 0; i < 10; ++i)
        saved << QStringLiteral("/stores/%1.sqlite").arg(i);
    // More than it keeps, as an older or hand-edited settings file may hold.
    QSettings().setValue(QStringLiteral("recentStores"), saved);

    RecentStoresMenu menu(QStringLiteral("Open &Recent"));
    CHECK(menu.stores() == saved.mid(0, RecentStoresMenu::maxStores));
    CHECK(offeredPaths(menu) == saved.mid(0, RecentStoresMenu::maxStores));
    CHECK(menu.isEnabled());

    QAction* clear = menuAction(menu, QStringLiteral("&Clear Menu"));
    REQUIRE(clear);
    clear->trigger();
    CHECK(menu.stores().isEmpty());
    CHECK(menuTexts(menu).isEmpty());
    CHECK_FALSE(menu.isEnabled());
    CHECK(savedStores().isEmpty());
    CHECK(RecentStoresMenu(QStringLiteral("Open &Recent")).stores().isEmpty());
}

TEST_CASE("RecentStoresMenu is disabled while opening a store is not allowed", "[recent]")
{
    isolateSettings();
    RecentStoresMenu menu(QStringLiteral("Open &Recent"));
    menu.setOpeningAllowed(false);
    menu.remember(QStringLiteral("/stores/a.sqlite"));
    CHECK_FALSE(menu.isEnabled());
    menu.setOpeningAllowed(true);
    CHECK(menu.isEnabled());
    menu.forgetAll();
    menu.setOpeningAllowed(true);
    CHECK_FALSE(menu.isEnabled());
}
