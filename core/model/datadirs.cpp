#include "datadirs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace aftermath::model {

QStringList dataDirs()
{
    QStringList candidates;
    // applicationDirPath() warns without an application object; tools that have none get the rest.
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/aftermath");
    // The first generic data location is the user's own (~/.local/share), which is not system data.
    const QString user = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    for (const QString& dir : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation)) {
        if (dir != user)
            candidates << dir + QStringLiteral("/aftermath");
    }
    QStringList dirs;
    for (const QString& candidate : candidates) {
        const QFileInfo info(candidate);
        const QString dir = info.canonicalFilePath(); // empty when it does not exist
        if (info.isDir() && !dir.isEmpty() && !dirs.contains(dir))
            dirs << dir;
    }
    dirs << QStringLiteral(":/aftermath");
    return dirs;
}

QString locateData(const QString& relativePath)
{
    for (const QString& dir : dataDirs()) {
        const QString path = dir + u'/' + relativePath;
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

} // namespace aftermath::model
