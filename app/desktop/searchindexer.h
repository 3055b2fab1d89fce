#pragma once

#include "workspace/workspace.h"

#include <QFutureWatcher>
#include <QObject>

class QLabel;

namespace aftermath::desktop {

// Keeps the open store's search index up to date in the background (workspace::indexEvidence):
// after each import, and when a store whose index lags is opened; never for a read-only store.
// Its progress shows in a status-bar label. An import takes the store first: update() again after
// it. Searches are complete while it works (the store reads what is not indexed yet).
class SearchIndexer : public QObject {
    Q_OBJECT

public:
    // `label` (not owned) shows "Indexing for search… 40%" while it works, and is hidden otherwise.
    SearchIndexer(QLabel* label, QObject* parent = nullptr);
    // Stops a running update and waits for it.
    ~SearchIndexer() override;

    // Brings `workspace`'s index up to date when it lags; nothing for nullptr or a read-only store.
    void update(const workspace::Workspace* workspace);
    // Stops a running update (what landed stays) and waits for it: before the store closes or an
    // import starts.
    void stop();
    bool isRunning() const { return m_job.isRunning(); }

Q_SIGNALS:
    // An update ended: how many events it indexed, or why it failed.
    void finished(qint64 eventsIndexed, const QString& error);

private:
    void ended();

    QLabel* m_label;
    workspace::IndexJob m_job;
    QFutureWatcher<Result<store::SearchIndexUpdate>> m_watcher;
};

} // namespace aftermath::desktop
