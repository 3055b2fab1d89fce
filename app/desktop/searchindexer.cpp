#include "searchindexer.h"

#include <QLabel>
#include <QLocale>

namespace aftermath::desktop {

SearchIndexer::SearchIndexer(QLabel* label, QObject* parent) : QObject(parent), m_label(label)
{
    m_label->hide();
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, this, [this](int permille) {
        m_label->setText(tr("Indexing for search… %1%").arg(permille / 10));
    });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SearchIndexer::ended);
}

SearchIndexer::~SearchIndexer()
{
    m_watcher.disconnect(this);
    stop();
}

void SearchIndexer::update(const workspace::Workspace* workspace)
{
    if (!workspace || workspace->isReadOnly() || m_job.isRunning())
        return;
    const auto status = workspace->evidence().searchIndexStatus();
    if (!status || !status->lags())
        return;
    m_job = workspace->startIndex();
    m_watcher.setFuture(m_job.future());
    m_label->setText(tr("Indexing for search…"));
    m_label->setToolTip(tr("Events not indexed yet: %1. The index makes finding words quick; until it is "
                           "done, a search reads those events one by one and finds them all the same.")
                            .arg(QLocale().toString(status->pendingEvents)));
    m_label->show();
}

void SearchIndexer::stop()
{
    if (!m_job.isRunning())
        return;
    m_job.cancel();
    m_job.future().waitForFinished();
}

void SearchIndexer::ended()
{
    m_label->hide();
    if (!m_job.future().isValid())
        return;
    const Result<store::SearchIndexUpdate> result = m_job.future().result();
    m_job = {};
    if (result)
        Q_EMIT finished(result->eventsIndexed, {});
    else if (result.error().code != Error::Code::Cancelled)
        Q_EMIT finished(0, result.error().toString());
}

} // namespace aftermath::desktop
