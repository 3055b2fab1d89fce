#include "storesession.h"

#include "store/serverlocation.h"

#include <QDir>
#include <QFileInfo>

namespace aftermath::desktop {

StoreSession::StoreSession(const Clock& clock, QObject* parent) : QObject(parent), m_clock(clock) {}

bool StoreSession::open(const QString& path, QString* error, const QString& password)
{
    m_loginRefused = false;
    if (m_importRunning) {
        if (error)
            *error = tr("%1: an import is running into the open store; wait for it to finish or cancel it")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    }
    store::OpenOptions options;
    options.access = store::OpenOptions::Access::ReadWrite;
    options.create = true;
    options.clock = &m_clock;
    options.password = password;
    auto opened = workspace::Workspace::open(path, options);
    // A store that cannot be written (a read-only file, folder or disk) is still worth reading; its
    // writes are refused with the reason.
    if (!opened && opened.error().code == Error::Code::ReadOnly && QFileInfo::exists(path)) {
        options.access = store::OpenOptions::Access::ReadOnly;
        if (auto readable = workspace::Workspace::open(path, options))
            opened = std::move(readable);
    }
    if (!opened) {
        m_loginRefused = store::isServerUrl(path) && store::isLoginRefused(opened.error());
        if (error) {
            const Error& e = opened.error();
            // The message must say which file it is about, even when the store left it out.
            *error = e.context.isEmpty() ? QDir::toNativeSeparators(path) + QStringLiteral(": ") + e.message
                                         : e.toString();
        }
        return false;
    }
    Q_EMIT aboutToChange();
    m_workspace = std::move(*opened);
    Q_EMIT changed(&*m_workspace);
    return true;
}

QString StoreSession::noStoreMessage()
{
    return tr("No store is open: create one with File › New Store or open one first");
}

} // namespace aftermath::desktop
