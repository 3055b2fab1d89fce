#include "recentstoresmenu.h"
#include "settings.h"
#include "store/serverlocation.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace aftermath::desktop {

RecentStoresMenu::RecentStoresMenu(const QString& title, QWidget* parent)
    : QMenu(title, parent), m_stores(QSettings().value(settings::recentStoresKey).toStringList())
{
    setObjectName(QStringLiteral("recentStoresMenu"));
    while (m_stores.size() > maxStores)
        m_stores.removeLast();
    rebuild();
}

void RecentStoresMenu::remember(const QString& path)
{
    // A team store's URL is remembered as it is (it never holds a password: serverlocation.h).
    const QString absolute = store::isServerUrl(path) ? path : QFileInfo(path).absoluteFilePath();
    m_stores.removeAll(absolute);
    m_stores.prepend(absolute);
    while (m_stores.size() > maxStores)
        m_stores.removeLast();
    saveAndRebuild();
}

void RecentStoresMenu::forgetAll()
{
    m_stores.clear();
    saveAndRebuild();
}

void RecentStoresMenu::setOpeningAllowed(bool allowed)
{
    m_openingAllowed = allowed;
    setEnabled(!m_stores.isEmpty() && m_openingAllowed);
}

void RecentStoresMenu::saveAndRebuild()
{
    QSettings().setValue(settings::recentStoresKey, m_stores);
    rebuild();
}

void RecentStoresMenu::rebuild()
{
    clear();
    for (int i = 0; i < m_stores.size(); ++i) {
        const QString path = m_stores.at(i);
        // &1 … &8 as mnemonics; a literal & in a path must not become one.
        const QString label = QStringLiteral("&%1  %2").arg(
            QString::number(i + 1), QDir::toNativeSeparators(path).replace(u'&', QStringLiteral("&&")));
        QAction* action = addAction(label);
        action->setData(path);
        action->setToolTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { Q_EMIT openRequested(path); });
    }
    if (!m_stores.isEmpty()) {
        addSeparator();
        QAction* clearAll = addAction(tr("&Clear Menu"));
        connect(clearAll, &QAction::triggered, this, &RecentStoresMenu::forgetAll);
    }
    setEnabled(!m_stores.isEmpty() && m_openingAllowed);
}

} // namespace aftermath::desktop
