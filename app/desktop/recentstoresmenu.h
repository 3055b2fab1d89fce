#pragma once

#include <QMenu>
#include <QString>
#include <QStringList>

namespace aftermath::desktop {

// File › Open Recent: the stores opened last (absolute paths, or a team store's URL, most recent first), remembered
// across runs in the settings; choosing one asks for it to be opened (openRequested()).
class RecentStoresMenu : public QMenu {
    Q_OBJECT

public:
    // How many stores it remembers.
    static constexpr int maxStores = 8;

    // Starts with the stores remembered in the settings.
    explicit RecentStoresMenu(const QString& title, QWidget* parent = nullptr);

    QStringList stores() const { return m_stores; }
    // Puts `path` (made absolute) first, once, and forgets the oldest beyond maxStores.
    void remember(const QString& path);
    // What Clear Menu does: forgets them all.
    void forgetAll();
    // Whether a store may be opened now (not while an import runs): the menu is enabled when it may
    // and there is a store to offer.
    void setOpeningAllowed(bool allowed);

Q_SIGNALS:
    // The user chose `path` from the menu.
    void openRequested(const QString& path);

private:
    // Saves the list and shows it.
    void saveAndRebuild();
    void rebuild();

    QStringList m_stores;
    bool m_openingAllowed = true;
};

} // namespace aftermath::desktop
