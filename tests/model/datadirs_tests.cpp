// Where the shipped data is looked for: the program's prefix, the system data folders, then the
// compiled-in copy; never the user's data folder, which templates and rules handle themselves.
#include "model/datadirs.h"

#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>

using namespace aftermath;

namespace {

QString madeDir(const QTemporaryDir& root, const QString& relative)
{
    QDir().mkpath(root.filePath(relative));
    return QDir(root.filePath(relative)).canonicalPath();
}

} // namespace

TEST_CASE("datadirs: system data folders in their order, the compiled-in copy last", "[model][datadirs]")
{
    QTemporaryDir first;
    QTemporaryDir second;
    QTemporaryDir without;
    const QString firstData = madeDir(first, QStringLiteral("aftermath/templates"));
    const QString secondData = madeDir(second, QStringLiteral("aftermath/rules"));
    const test::SystemDataDirs dirs(first.path() + u':' + without.path() + u':' + second.path() + u':' + first.path());

    const QStringList found = model::dataDirs();
    const QString firstRoot = QDir(first.filePath(QStringLiteral("aftermath"))).canonicalPath();
    const QString secondRoot = QDir(second.filePath(QStringLiteral("aftermath"))).canonicalPath();
    REQUIRE(found.size() >= 3);
    CHECK(found.last() == QStringLiteral(":/aftermath"));
    CHECK(found.count(firstRoot) == 1); // listed once
    CHECK(found.indexOf(firstRoot) < found.indexOf(secondRoot));
    CHECK(found.indexOf(secondRoot) < found.size() - 1);
    for (const QString& dir : found)
        CHECK_FALSE(dir.startsWith(QDir(without.path()).canonicalPath()));

    CHECK(model::locateData(QStringLiteral("templates")) == firstData);
    CHECK(model::locateData(QStringLiteral("rules")) == secondData);
    CHECK(model::locateData(QStringLiteral("examples/etl-incident.json")).isEmpty()); // nowhere, not compiled in here
}

TEST_CASE("datadirs: the user's data folder is not among them", "[model][datadirs]")
{
    QTemporaryDir home;
    madeDir(home, QStringLiteral("aftermath/templates"));
    const QByteArray previous = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.path()));
    const test::SystemDataDirs dirs(home.path() + QStringLiteral("/none"));
    const QStringList found = model::dataDirs();
    if (previous.isEmpty())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", previous);
    for (const QString& dir : found)
        CHECK_FALSE(dir.startsWith(QDir(home.path()).canonicalPath()));
}
