#pragma once

#include "model/clock.h"
#include "workspace/workspace.h"

#include <QObject>
#include <QString>

#include <optional>

namespace aftermath::desktop {

// The store the window shows: it opens (or creates) stores through the workspace with the window's
// clock, refuses to while an import runs into the open one, and tells the views when it changes.
class StoreSession : public QObject {
    Q_OBJECT

public:
    // `clock` is "now" for the stores opened; it must outlive the session.
    explicit StoreSession(const Clock& clock, QObject* parent = nullptr);

    // Opens (creating it when missing) the store at `path` in place of the open one: aboutToChange(),
    // then changed(). On failure the open store stays, `error` gets a message naming the file, and
    // false is returned. Refused while an import runs. `password` is a team store's, typed by the
    // user when libpq found none (store::OpenOptions::password): kept in memory only.
    bool open(const QString& path, QString* error = nullptr, const QString& password = {});
    // Whether the last open() failed because a team store's server refused the login (no password
    // found, or a wrong one): asking for the password and opening again may work.
    bool loginRefused() const { return m_loginRefused; }

    // The open store, or nullptr.
    workspace::Workspace* workspace() { return m_workspace ? &*m_workspace : nullptr; }
    const workspace::Workspace* workspace() const { return m_workspace ? &*m_workspace : nullptr; }
    bool isOpen() const { return m_workspace.has_value(); }
    // Its absolute path; empty when none is open.
    QString path() const { return m_workspace ? m_workspace->path() : QString(); }

    // Set while an import writes into the open store: it must not be swapped under it.
    void setImportRunning(bool running) { m_importRunning = running; }

    // What to tell someone who asked for something that needs a store.
    static QString noStoreMessage();

Q_SIGNALS:
    // Another store is about to replace the open one: let go of it (what was typed for it is saved
    // to it now, while it is still open).
    void aboutToChange();
    // `workspace` is open now (never nullptr).
    void changed(workspace::Workspace* workspace);

private:
    const Clock& m_clock;
    std::optional<workspace::Workspace> m_workspace;
    bool m_importRunning = false;
    bool m_loginRefused = false;
};

} // namespace aftermath::desktop
