#pragma once

#include "model/error.h"
#include "store/openoptions.h"

#include <QFuture>
#include <QPromise>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <type_traits>

namespace aftermath::workspace {

// Where a job finds its store. Each job opens its own connection in the thread it runs in and
// closes it before returning, so it may run in any thread while other threads keep the same store
// open (or import into it).
struct StoreLocation {
    QString path = {};
    // How the job's connection opens the store (busy timeout, clock). Each job chooses the access
    // it needs and never creates a store: `access` and `create` are ignored.
    store::OpenOptions options = {};
};

// How far a job is: permille from 0 to 1000, never decreasing, and what it is busy with.
struct JobProgress {
    int permille = 0;
    QString text;
};
using JobProgressCallback = std::function<void(const JobProgress&)>;

inline QString progressText(const JobProgress& progress) { return progress.text; }

// A job running in a thread pool: its future, and the way to stop it.
template <typename T>
class Job {
public:
    Job() = default;
    Job(QFuture<Result<T>> future, std::shared_ptr<std::atomic_bool> cancel)
        : m_future(std::move(future)), m_cancel(std::move(cancel))
    {
    }

    // Finishes with the result or the error; its progress is 0 to 1000, with text.
    QFuture<Result<T>> future() const { return m_future; }
    bool isRunning() const { return m_future.isValid() && !m_future.isFinished(); }

    // Asks the job to stop at its next check; thread-safe. The future still finishes, with
    // Error::Code::Cancelled (an import finishes with an outcome that says what was imported).
    // QFuture::cancel() stops it too, but a cancelled QFuture drops its result.
    void cancel()
    {
        if (m_cancel)
            m_cancel->store(true);
    }
    bool cancelRequested() const { return m_cancel && m_cancel->load(); }

private:
    QFuture<Result<T>> m_future;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

// The pool every job runs in unless told otherwise: Aftermath's own, not QThreadPool::globalInstance(),
// whose threads Qt's painting needs.
QThreadPool* jobPool();

// Runs `run(request, progress, cancel)` in `pool` (nullptr: jobPool()): the thin wrapper
// every job has. The future reports `Status::permille` and progressText(status); `observer`, when
// set, also gets every update, in the job's threads.
template <typename T, typename Request, typename Status>
Job<T> startJob(Request request,
    Result<T> (*run)(const Request&, const std::function<void(const Status&)>&, const std::atomic_bool*),
    std::type_identity_t<std::function<void(const Status&)>> observer = {}, QThreadPool* pool = nullptr)
{
    auto cancel = std::make_shared<std::atomic_bool>(false);
    QFuture<Result<T>> future = QtConcurrent::run(
        pool ? pool : jobPool(),
        [run](QPromise<Result<T>>& promise, Request request, std::function<void(const Status&)> observer,
            std::shared_ptr<std::atomic_bool> cancel) {
            promise.setProgressRange(0, 1000);
            // QFuture::cancel() reaches the job through its flag, checked at each update.
            const std::function<void(const Status&)> progress = [&](const Status& status) {
                if (promise.isCanceled())
                    cancel->store(true);
                promise.setProgressValueAndText(status.permille, progressText(status));
                if (observer)
                    observer(status);
            };
            if (promise.isCanceled())
                cancel->store(true);
            promise.addResult(run(request, progress, cancel.get()));
        },
        std::move(request), std::move(observer), cancel);
    return Job<T>(std::move(future), std::move(cancel));
}

} // namespace aftermath::workspace
