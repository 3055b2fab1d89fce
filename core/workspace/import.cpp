#include "import.h"

#include "jobsupport.h"

#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>
#include <mutex>

namespace aftermath::workspace {

using ingest::FileReport;

namespace {

// What an input weighs in the overall progress: its bytes on disk (a folder's files added up).
// An archive weighs its compressed size, so its progress is an estimate.
qint64 inputWeight(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isDir())
        return std::max<qint64>(1, info.size());
    qint64 bytes = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    return std::max<qint64>(1, bytes);
}

// Turns the importer's per-file progress into one figure for the whole import that never goes
// back. The importer reports from its parser thread and from the thread running it, so every
// update takes the lock, and the callback runs under it to keep the updates in order.
class ProgressTracker {
public:
    ProgressTracker(const QStringList& inputs, const ImportProgressCallback& callback) : m_callback(callback)
    {
        m_weights.reserve(std::size_t(inputs.size()));
        for (const QString& input : inputs) {
            m_weights.push_back(inputWeight(input));
            m_before.push_back(m_total);
            m_total += m_weights.back();
        }
    }

    void startInput(int index, const QString& path)
    {
        const std::lock_guard lock(m_mutex);
        m_input = index;
        m_readBefore = 0;
        m_path.clear();
        m_pathTotal = 0;
        publish(path, 0, 0, 0, 0);
    }

    void update(const ingest::ImportProgress& progress)
    {
        const std::lock_guard lock(m_mutex);
        // A folder or an archive reads its files one after the other.
        if (progress.path != m_path) {
            m_readBefore += m_pathTotal;
            m_path = progress.path;
        }
        m_pathTotal = progress.bytesTotal;
        publish(
            progress.path, m_readBefore + progress.bytesDone, progress.bytesDone, progress.bytesTotal, progress.lines);
    }

    // The import waits for another program writing to the store (`what` says so).
    void waiting(const QString& what)
    {
        const std::lock_guard lock(m_mutex);
        if (m_callback)
            m_callback(ImportStatus{m_path, m_input, int(m_weights.size()), 0, m_pathTotal, m_lines, m_permille, what});
    }

    void finishInput(const QString& path)
    {
        const std::lock_guard lock(m_mutex);
        const qint64 weight = m_weights[std::size_t(m_input)];
        publish(path, weight, m_pathTotal, m_pathTotal, m_lines);
    }

private:
    void publish(const QString& path, qint64 inputDone, qint64 bytesDone, qint64 bytesTotal, qint64 lines)
    {
        const auto input = std::size_t(m_input);
        const qint64 done = m_before[input] + std::clamp<qint64>(inputDone, 0, m_weights[input]);
        m_permille = std::max(m_permille, int(std::min<qint64>(1000, done * 1000 / m_total)));
        m_lines = lines;
        if (m_callback)
            m_callback(ImportStatus{path, m_input, int(m_weights.size()), bytesDone, bytesTotal, lines, m_permille});
    }

    const ImportProgressCallback& m_callback;
    std::mutex m_mutex;
    std::vector<qint64> m_weights;
    std::vector<qint64> m_before; // the weights of the inputs before each
    qint64 m_total = 0;
    int m_input = 0;
    qint64 m_readBefore = 0; // bytes of this input's files finished before m_path
    QString m_path;
    qint64 m_pathTotal = 0;
    qint64 m_lines = 0;
    int m_permille = 0;
};

FileReport notStartedReport(const QString& input)
{
    FileReport report;
    report.path = QFileInfo(input).absoluteFilePath();
    report.displayName = QFileInfo(input).fileName();
    report.status = FileReport::Status::Error;
    report.message = QStringLiteral("not imported: the import was cancelled before it was read");
    return report;
}

} // namespace

qint64 ImportOutcome::eventsAdded() const
{
    qint64 events = 0;
    for (const FileReport& report : reports)
        events += report.events;
    return events;
}

int ImportOutcome::errorCount() const
{
    int errors = 0;
    for (std::size_t i = 0; i < reports.size(); ++i)
        errors += reports[i].status == FileReport::Status::Error && !isCancelledReport(i);
    return errors;
}

bool ImportOutcome::isCancelledReport(std::size_t index) const
{
    return std::find(cancelledReports.begin(), cancelledReports.end(), index) != cancelledReports.end();
}

Result<ImportOutcome> importInto(
    const ImportRequest& request, const ImportProgressCallback& progress, const std::atomic_bool* cancel)
{
    const auto cancelled = [cancel] { return cancel && cancel->load(); };

    QStringList ruleFiles = request.ruleFiles;
    if (ruleFiles.isEmpty() && QFileInfo::exists(ingest::Classifier::userRulesPath()))
        ruleFiles << ingest::Classifier::userRulesPath();
    const auto classifier = ingest::Classifier::withUserRules(ruleFiles);
    if (!classifier)
        return std::unexpected(classifier.error());

    // This thread's own connection: a Store is used only in the thread that opened it.
    auto store = openForJob(request.store, store::OpenOptions::Access::ReadWrite);
    if (!store)
        return std::unexpected(store.error());

    ImportOutcome outcome;
    outcome.zone = QString::fromUtf8(request.zone.id());

    ProgressTracker tracker(request.inputs, progress);
    ingest::ImportOptions options;
    options.formatName = request.formatName;
    options.sourceName = request.sourceName;
    options.zone = request.zone;
    options.timeFormat = request.timeFormat;
    options.year = request.year;
    options.unpack = request.unpack;
    options.classifier = &*classifier;
    options.cancel = cancel;
    options.progress = [&tracker](const ingest::ImportProgress& update) { tracker.update(update); };
    options.waiting = [&tracker, &store] {
        tracker.waiting(
            QStringLiteral("waiting for another import into %1...").arg(QDir::toNativeSeparators(store->path())));
    };

    // One input at a time, so that the progress knows which input it is in.
    for (int i = 0; i < request.inputs.size(); ++i) {
        const QString& input = request.inputs.at(i);
        if (cancelled()) {
            outcome.cancelledReports.push_back(outcome.reports.size());
            outcome.reports.push_back(notStartedReport(input));
            continue;
        }
        const QString absolute = QFileInfo(input).absoluteFilePath();
        tracker.startInput(i, absolute);
        std::vector<FileReport> reports = ingest::importPaths(store->evidence(), {input}, options);
        // The importer stops right after the file it was reading when cancelled, and reports that
        // file as an error.
        if (cancelled() && !reports.empty() && reports.back().status == FileReport::Status::Error)
            outcome.cancelledReports.push_back(outcome.reports.size() + reports.size() - 1);
        outcome.reports.insert(
            outcome.reports.end(), std::make_move_iterator(reports.begin()), std::make_move_iterator(reports.end()));
        tracker.finishInput(absolute);
    }
    outcome.cancelled = cancelled();
    return outcome;
}

} // namespace aftermath::workspace
