#include "storepath.h"

#include <QDir>
#include <QStandardPaths>

namespace aftermath::store {

QString defaultStorePath()
{
    const QString fromEnvironment = qEnvironmentVariable("AFTERMATH_DB");
    if (!fromEnvironment.isEmpty())
        return QDir::cleanPath(QDir::current().absoluteFilePath(fromEnvironment));
    const QString dataHome = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return dataHome + QStringLiteral("/aftermath/aftermath.sqlite");
}

} // namespace aftermath::store
