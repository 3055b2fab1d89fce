#pragma once

#include "store/store.h"

#include <QMainWindow>
#include <QStringList>

#include <optional>

class QLabel;
class QMenu;
class QStackedWidget;
class QTableView;

namespace aftermath::desktop {

class EventTableModel;

// The desktop application's window: one open store, its events in a table, and the File menu
// that opens and creates stores.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // How many stores File › Open Recent remembers.
    static constexpr int maxRecentStores = 8;

    MainWindow();
    ~MainWindow() override;

    // Opens (creating it when missing) the store at `path` and shows it. On failure the store
    // shown before stays, `error` gets a message naming the file, and false is returned; no
    // dialog is shown (the menu actions do that).
    bool openStore(const QString& path, QString* error = nullptr);

    // The open store, or nullptr.
    const store::Store* currentStore() const { return m_store ? &*m_store : nullptr; }
    EventTableModel* eventModel() const { return m_model; }
    // Absolute paths, most recent first.
    QStringList recentStores() const { return m_recentStores; }

private:
    void createMenus();
    void createCentralArea();
    void newStoreFromDialog();
    void openStoreFromDialog();
    // openStore() for a menu action: failures are shown in a message box.
    void openStoreReportingErrors(const QString& path);
    void openRecentStore(const QString& path);
    void showAbout();

    void rememberRecentStore(const QString& path);
    void rebuildRecentMenu();
    void updateStoreViews();
    QString dialogDirectory() const;

    std::optional<store::Store> m_store;
    EventTableModel* m_model = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_statusLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QStringList m_recentStores;
};

} // namespace aftermath::desktop
