#include "importer.h"

#include "format.h"
#include "jsonutil.h"
#include "linereader.h"
#include "model/handoff.h"
#include "textheader.h"
#include "timeparse.h"
#include "unpack.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace aftermath::ingest {

namespace {

using Status = FileReport::Status;

constexpr qint64 sampleBytes = 64 * 1024;
constexpr std::size_t batchEvents = 20'000;
constexpr qint64 hashChunkBytes = 4 * 1024 * 1024;

// One thing to import: a file or a folder on disk, with the path it is known by in the store.
struct Input {
    QString diskPath; // where to read it
    QString sourcePath; // its identity in the store (archive members: "archive.zip/member")
    QString displayName;
    bool folder = false;
};

// Content hashes only tell changed files from unchanged ones, so a fast hash serves.
QString hashPrefix() { return QStringLiteral("blake2b:"); }

// Where an import that lands in parts began, kept as its source's content hash until its last
// part lands: "incomplete:OFFSET:LINES:EVENTS:SKIPPED:CHECK". A source with it is incomplete, and
// importing its file again resumes it (no real hash ever equals it, so an older Aftermath replaces
// it instead). The figures are the source's when the run began: the earlier lines of a log that
// grew, zeros for a new file. CHECK tells the same file from a changed one (runCheck).
struct RunStart {
    qint64 offset = 0;
    qint64 lines = 0;
    qint64 events = 0;
    qint64 skipped = 0;
    QString check;
    // The sources of the same path this run replaces: removed when its last part lands, so that a
    // replacement that fails, is cancelled or killed keeps the version it was replacing.
    std::vector<qint64> replaces;

    QString marker() const
    {
        QStringList ids;
        for (const qint64 id : replaces)
            ids << QString::number(id);
        return QStringLiteral("incomplete:%1:%2:%3:%4:%5:%6")
            .arg(offset)
            .arg(lines)
            .arg(events)
            .arg(skipped)
            .arg(check, ids.join(u'+'));
    }
    static std::optional<RunStart> fromMarker(const QString& contentHash)
    {
        const QStringList parts = contentHash.split(u':');
        if ((parts.size() != 6 && parts.size() != 7) || parts[0] != u"incomplete")
            return std::nullopt;
        RunStart start;
        bool ok[4] = {};
        start.offset = parts[1].toLongLong(&ok[0]);
        start.lines = parts[2].toLongLong(&ok[1]);
        start.events = parts[3].toLongLong(&ok[2]);
        start.skipped = parts[4].toLongLong(&ok[3]);
        start.check = parts[5];
        if (!std::ranges::all_of(ok, [](bool b) { return b; }))
            return std::nullopt;
        if (parts.size() == 7 && !parts[6].isEmpty()) {
            for (const QString& id : parts[6].split(u'+')) {
                bool valid = false;
                start.replaces.push_back(id.toLongLong(&valid));
                if (!valid)
                    return std::nullopt;
            }
        }
        return start;
    }
    // What a run replacing `previous` removes at its end: `previous`, and what an interrupted
    // replacement that `previous` is had still to remove.
    static std::vector<qint64> replacing(const model::Source& previous)
    {
        std::vector<qint64> ids{previous.id};
        if (const auto interrupted = fromMarker(previous.contentHash))
            ids.insert(ids.end(), interrupted->replaces.begin(), interrupted->replaces.end());
        return ids;
    }
};

// A QIODevice that hashes what is read through it, so the parse pass also yields the hash.
class HashingDevice final : public QIODevice {
public:
    HashingDevice(QIODevice& inner, QCryptographicHash& hash) : m_inner(inner), m_hash(hash) {}
    bool isSequential() const override { return true; }
    qint64 size() const override { return m_inner.size(); }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 n = m_inner.read(data, maxSize);
        if (n > 0)
            m_hash.addData(QByteArrayView(data, n));
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QIODevice& m_inner;
    QCryptographicHash& m_hash;
};

// RunStart::check for a run of `file` from `offset`: a hash of the file's first bytes (`head`) and of
// the 64 KiB from `offset`, which a resumed run must find unchanged. Leaves the file's position
// anywhere.
QString runCheck(QFile& file, const QByteArray& head, qint64 offset)
{
    QCryptographicHash hash(QCryptographicHash::Blake2b_256);
    hash.addData(head);
    if (file.seek(offset))
        hash.addData(file.read(sampleBytes));
    return QString::fromLatin1(hash.result().toHex().left(32));
}

// Hashes the next `bytes` bytes of `file` into `hash`; false on a read error.
bool hashBytes(QFile& file, qint64 bytes, QCryptographicHash& hash)
{
    QByteArray buffer(hashChunkBytes, Qt::Uninitialized);
    while (bytes > 0) {
        const qint64 n = file.read(buffer.data(), std::min<qint64>(bytes, buffer.size()));
        if (n <= 0)
            return false;
        hash.addData(QByteArrayView(buffer.constData(), n));
        bytes -= n;
    }
    return true;
}

// Batch vectors that were written, emptied, for the parser to fill again. A batch is megabytes:
// a fresh one for every batch cost the parsing thread a page fault per 4 KiB it filled (a tenth
// of its time) and the writing thread the unmapping.
class BatchPool {
public:
    // An empty vector with room for a batch.
    std::vector<model::Event> take()
    {
        std::vector<model::Event> batch;
        {
            std::lock_guard lock(m_mutex);
            if (!m_free.empty()) {
                batch = std::move(m_free.back());
                m_free.pop_back();
            }
        }
        batch.reserve(batchEvents);
        return batch;
    }
    void give(std::vector<model::Event>&& batch)
    {
        batch.clear();
        std::lock_guard lock(m_mutex);
        if (m_free.size() < maxKept)
            m_free.push_back(std::move(batch));
    }

private:
    static constexpr std::size_t maxKept = 2;
    std::mutex m_mutex;
    std::vector<std::vector<model::Event>> m_free;
};

// Collects a parser's output into batches, numbered in order, and the figures for the report.
// Each full batch goes to `deliver`, which returns false when the writer cannot take more.
// Classification is left to whoever takes the batches (see classify()): none of the figures here
// depend on it, and in a file import the writing thread has time to spare for it.
class BatchingSink final : public EventSink {
public:
    using Deliver = std::function<bool(std::vector<model::Event>&&)>;

    BatchingSink(qint64 sourceId, qint64 firstSeq, FileReport& report, BatchPool& pool, Deliver deliver)
        : m_sourceId(sourceId), m_nextSeq(firstSeq), m_report(report), m_pool(pool), m_deliver(std::move(deliver)),
          m_batch(pool.take())
    {
    }

    void add(model::Event event) override
    {
        if (m_stopped)
            return;
        event.sourceId = m_sourceId;
        event.seq = m_nextSeq++;
        if (event.flags & model::Event::InvalidUtf8)
            ++m_report.invalidUtf8Lines;
        if (event.flags & model::Event::Truncated)
            ++m_report.truncatedLines;
        if (event.timeQuality == model::TimeQuality::Inherited && m_report.inheritedTimes++ == 0)
            m_report.firstInheritedLine = event.line;
        if (!m_report.firstUs || event.timeUs < *m_report.firstUs)
            m_report.firstUs = event.timeUs;
        if (!m_report.lastUs || event.timeUs > *m_report.lastUs)
            m_report.lastUs = event.timeUs;
        ++m_report.events;
        m_batch.push_back(std::move(event));
        if (m_batch.size() >= batchEvents)
            flush();
    }
    void skip(qint64 line, const QString& reason) override
    {
        ++m_report.skipped;
        if (m_report.firstSkipped.size() < FileReport::maxSkippedListed)
            m_report.firstSkipped.emplace_back(line, reason);
    }
    void continuation(qint64) override { ++m_report.continuations; }
    void zoneAssumed() override { ++m_zoneAssumed; }

    void flush()
    {
        if (m_stopped || m_batch.empty())
            return;
        m_stopped = !m_deliver(std::move(m_batch));
        m_batch = m_pool.take();
    }
    qint64 zoneAssumedCount() const { return m_zoneAssumed; }

private:
    qint64 m_sourceId;
    qint64 m_nextSeq;
    FileReport& m_report;
    BatchPool& m_pool;
    Deliver m_deliver;
    std::vector<model::Event> m_batch;
    qint64 m_zoneAssumed = 0;
    bool m_stopped = false;
};

// Parsed batches go from the parsing thread to the thread that writes them.
using BatchQueue = model::Handoff<std::vector<model::Event>>;

void classify(std::vector<model::Event>& batch, const Classifier& classifier, const Classifier::Selection& rules)
{
    for (model::Event& event : batch)
        classifier.apply(event, rules);
}

FileReport errorReport(const Input& input, const QString& message, const QString& format = {})
{
    FileReport report;
    report.path = input.sourcePath;
    report.displayName = input.displayName;
    report.format = format;
    report.status = Status::Error;
    report.message = message;
    return report;
}

// Where the first NUL byte is, or -1: text logs have none.
qsizetype firstNul(const QByteArray& head) { return head.indexOf('\0'); }

QString closestFormatsHint(const Sample& sample)
{
    const QByteArray start = sample.head.trimmed().left(1);
    const bool json = start == "{" || start == "[";
    if (!json) {
        // Python logging's default format (basicConfig without a format) writes no time at all.
        qsizetype firstPython = -1;
        int python = 0;
        int lines = 0;
        for (qsizetype i = 0; i < sample.lines.size(); ++i) {
            if (sample.lines[i].trimmed().isEmpty())
                continue;
            ++lines;
            if (readPythonDefault(sample.lines[i])) {
                ++python;
                if (firstPython < 0)
                    firstPython = i;
            }
        }
        if (python > 0 && python * 2 >= lines) {
            return QStringLiteral("line %1 (like %2 of its first %3 lines) is in Python logging's default format, "
                                  "LEVEL:logger:message, which carries no time; Aftermath places events in time, so it "
                                  "cannot read them. Have the program log a time, e.g. logging.basicConfig(format="
                                  "\"%(asctime)s %(levelname)s %(name)s: %(message)s\"), and import that log; lines "
                                  "of this format between timed lines take the time of the line before them")
                .arg(firstPython + 1)
                .arg(python)
                .arg(lines);
        }
        // The generic text reader reads any line with a timestamp it knows: none here has one.
        return QStringLiteral("none of its first %1 lines has a timestamp (%2 spellings were tried at the start of "
                              "each line and after a host, pid or file name); Aftermath places events in time, so "
                              "it cannot read lines without one. If its lines do carry a time, give its spelling "
                              "with --time-format (e.g. \"dd.MM.yyyy HH:mm:ss\"), or force a format with --format")
            .arg(sample.lines.size())
            .arg(timeSpellings().size());
    }
    QStringList names;
    for (const Format& format : formats()) {
        if (format.parseFolder || format.parseDocument == nullptr)
            continue;
        names << format.name;
        if (names.size() == 4)
            break;
    }
    return QStringLiteral("no known format recognises it; the closest are %1 (see `aftermath-cli formats`); "
                          "force one with --format NAME")
        .arg(names.join(QStringLiteral(", ")));
}

constexpr qsizetype sampleEntries = 500;

// Whether this process may read the file, or list and enter the folder.
bool readable(const QFileInfo& info) { return info.isReadable() && (!info.isDir() || info.isExecutable()); }

// The error for an input this process has no permission to read (`what`: "this file").
QString permissionDenied(const QString& what)
{
    return QStringLiteral("cannot read %1: permission denied; nothing from it was imported. Give your user read "
                          "access (chmod, chown), or import it as a user who has that")
        .arg(what);
}

QString permissionDenied(const QFileInfo& info)
{
    return permissionDenied(info.isDir() ? QStringLiteral("this folder") : QStringLiteral("this file"));
}

// The files below `folder` (at most `limit`), as sorted relative paths; hidden files and folders
// (".git") are left out. Files and folders that cannot be read are added to `unreadable`, when
// given, rather than passed over in silence.
QStringList filesBelow(
    const QString& folder, qsizetype limit = std::numeric_limits<qsizetype>::max(), QStringList* unreadable = nullptr)
{
    QStringList files;
    const QDir root(folder);
    QDirIterator it(folder, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext() && files.size() < limit) {
        const QString relative = root.relativeFilePath(it.next());
        if (isHiddenPath(relative))
            continue;
        if (!readable(it.fileInfo())) {
            if (unreadable)
                *unreadable << relative;
        } else if (!it.fileInfo().isDir()) {
            files << relative;
        }
    }
    files.sort();
    return files;
}

Sample folderSample(const QString& folder, const QStringList& files)
{
    Sample sample;
    sample.fileName = QFileInfo(folder).fileName();
    sample.isFolder = true;
    sample.folderEntries = files.mid(0, sampleEntries);
    return sample;
}

class Importer {
public:
    Importer(model::EvidenceTarget& target, const ImportOptions& options)
        : m_target(target), m_options(options), m_wait{options.waiting, options.cancel}
    {
    }

    std::vector<FileReport> run(const QStringList& paths)
    {
        QString timeFormatError;
        if (!m_options.timeFormat.isEmpty()) {
            auto compiled = compileTimeSpelling(m_options.timeFormat);
            if (compiled)
                m_timeSpelling = *compiled;
            else
                timeFormatError = compiled.error().message;
        }
        removeAbandonedUnpackFolders();
        for (const QString& path : paths) {
            if (cancelled())
                break;
            const QFileInfo info(path);
            const QString absolute = info.absoluteFilePath();
            const Input input{absolute, absolute, info.fileName(), false};
            if (!timeFormatError.isEmpty())
                m_reports.push_back(errorReport(input, timeFormatError));
            else
                expand(input);
        }
        return std::move(m_reports);
    }

private:
    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }
    const Classifier& classifier() const
    {
        return m_options.classifier ? *m_options.classifier : Classifier::builtIn();
    }

    void expand(Input input)
    {
        const QFileInfo info(input.diskPath);
        if (!info.exists()) {
            m_reports.push_back(errorReport(input, QStringLiteral("there is no such file or folder")));
            return;
        }
        if (info.isDir()) {
            expandFolder(input, true);
            return;
        }
        if (!readable(info)) {
            m_reports.push_back(errorReport(input, permissionDenied(info)));
            return;
        }
        if (!info.isFile()) {
            importStream(input);
            return;
        }
        if (isArchive(info.fileName())) {
            // An archive inside one named in the import was unpacked with it, unless it is damaged.
            if (const auto damaged = m_damagedArchives.find(input.diskPath); damaged != m_damagedArchives.end()) {
                m_reports.push_back(errorReport(input, damaged->second));
                return;
            }
            auto unpacked = unpackFolderFor(input);
            if (!unpacked)
                return;
            auto extracted = unpackArchive(input.diskPath, unpacked->path(), m_options.unpack, m_options.cancel);
            if (!extracted) {
                m_reports.push_back(errorReport(input, extracted.error().message));
                return; // the unpacked part is removed with `unpacked`
            }
            m_damagedArchives.merge(extracted->damaged);
            const QString folder = unpacked->path();
            m_unpacked.push_back(std::move(unpacked));
            expandFolder(Input{folder, input.sourcePath, input.displayName, true}, true);
            return;
        }
        importFile(input);
    }

    // A folder of the temporary folder to unpack or copy `input` into, removed with it; nullptr,
    // with the input reported as failed, when none can be made.
    std::unique_ptr<QTemporaryDir> unpackFolderFor(const Input& input)
    {
        auto folder = std::make_unique<QTemporaryDir>(unpackFolderTemplate());
        if (folder->isValid())
            return folder;
        m_reports.push_back(errorReport(input,
            QStringLiteral("cannot make a folder to unpack or copy it into in the temporary folder %1 (%2); free "
                           "some space there, or set TMPDIR to another folder")
                .arg(QDir::tempPath(), folder->errorString())));
        return nullptr;
    }

    // A pipe or a device (`ingest <(kubectl logs ...)`, /dev/stdin) can be read once only, and its
    // path names nothing that lasts (/dev/fd/63 is the next command's too): it is copied to the
    // temporary folder and imported from there, as a source named by its content ("pipe-1a2b3c4d",
    // or --source-name), so the same output imported again is unchanged and another is a source of
    // its own, never a replacement of the first.
    void importStream(const Input& input)
    {
        auto folder = unpackFolderFor(input);
        if (!folder)
            return;
        const QString copy = folder->filePath(input.displayName.isEmpty() ? QStringLiteral("stream") : input.displayName);
        const auto copied = copyStream(input.diskPath, copy, m_options.unpack, m_options.cancel);
        if (!copied) {
            m_reports.push_back(errorReport(input, copied.error().message));
            return;
        }
        const QString id = QString::fromLatin1(copied->toHex().left(8));
        m_unpacked.push_back(std::move(folder));
        importFile(Input{copy, QStringLiteral("%1 (a pipe; content %2)").arg(input.sourcePath, id),
            QStringLiteral("pipe-") + id, false});
    }

    // `topLevel`: a folder the user named (or an archive), which must hold something; empty
    // subfolders are passed over.
    void expandFolder(const Input& folder, bool topLevel)
    {
        if (const QFileInfo info(folder.diskPath); !readable(info)) {
            m_reports.push_back(errorReport(folder, permissionDenied(info)));
            return;
        }
        // Detection needs a sample only; an export's full listing is read when it is imported.
        const QStringList sampled = filesBelow(folder.diskPath, sampleEntries);
        if (sampled.isEmpty()) {
            if (topLevel)
                m_reports.push_back(errorReport(folder, QStringLiteral("the folder holds no files to import")));
            return;
        }
        const Sample sample = folderSample(folder.diskPath, sampled);
        if (m_options.formatName.isEmpty() || isFolderFormat(m_options.formatName)) {
            const auto candidates = detect(sample);
            if (!candidates.empty() || isFolderFormat(m_options.formatName)) {
                // An export is read whole: a part of it that cannot be read fails it.
                QStringList unreadable;
                const QStringList files
                    = filesBelow(folder.diskPath, std::numeric_limits<qsizetype>::max(), &unreadable);
                if (!unreadable.isEmpty()) {
                    m_reports.push_back(
                        errorReport(folder, permissionDenied(QStringLiteral("\"%1\" in it").arg(unreadable.front()))));
                    return;
                }
                importFolder(folder, sample, files);
                return;
            }
        }
        // Walk the folder's own entries: a subfolder may be an export of its own (Slack).
        const QDir root(folder.diskPath);
        const std::size_t before = m_reports.size();
        const QFileInfoList children
            = root.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::DirsLast);
        for (const QFileInfo& child : children) {
            if (child.fileName().startsWith(u'.'))
                continue;
            const Input entry{child.absoluteFilePath(), folder.sourcePath + u'/' + child.fileName(),
                folder.displayName + u'/' + child.fileName(), false};
            if (child.isDir())
                expandFolder(entry, false);
            else
                expand(entry);
            if (cancelled())
                return;
        }
        if (topLevel && m_reports.size() == before)
            m_reports.push_back(errorReport(folder, QStringLiteral("the folder holds no files to import")));
    }

    static bool isFolderFormat(const QString& name)
    {
        const Format* format = findFormat(name);
        return format && format->parseFolder;
    }

    const Format* chooseFormat(const Sample& sample, const Input& input, QString& error)
    {
        if (!m_options.formatName.isEmpty()) {
            const Format* forced = findFormat(m_options.formatName);
            if (!forced)
                error = QStringLiteral("there is no format \"%1\"; `aftermath-cli formats` lists them")
                            .arg(m_options.formatName);
            return forced;
        }
        const auto candidates = detect(sample);
        if (candidates.empty()) {
            // JSON that does not parse is more likely broken than unknown: say where it breaks.
            const QByteArray start = sample.head.trimmed().left(1);
            if (sample.complete && (start == "{" || start == "[")) {
                if (auto parsed = json::parse(sample.head, input.sourcePath); !parsed) {
                    error = parsed.error().toString();
                    return nullptr;
                }
            }
            error = closestFormatsHint(sample);
            return nullptr;
        }
        return candidates.front().format;
    }

    ParseContext contextFor(const Input& input, const QString& displayName, const Sample& sample) const
    {
        ParseContext context;
        context.path = input.sourcePath;
        context.displayName = displayName;
        context.naiveZone = m_options.zone;
        context.referenceTimeUs = QFileInfo(input.diskPath).lastModified().toMSecsSinceEpoch() * 1000;
        context.year = m_options.year;
        context.timeSpelling = m_timeSpelling;
        context.sampleLines = sample.lines;
        return context;
    }

    QString displayNameFor(const Input& input) const
    {
        return m_options.sourceName.isEmpty() ? input.displayName : m_options.sourceName;
    }

    void progress(const QString& path, qint64 done, qint64 total, qint64 lines = 0) const
    {
        if (m_options.progress)
            m_options.progress(ImportProgress{path, done, total, lines});
    }

    // Lands the part written so far (when the transaction says it has held the store long enough),
    // with the source (its figures so far) marked incomplete by `marker`, and lets other writers in.
    Result<void> landPart(model::EvidenceTransaction& tx, model::Source source, const QString& marker) const
    {
        source.contentHash = marker;
        source.importedAtUs = 0; // now
        if (auto updated = tx.updateSource(source); !updated)
            return updated;
        return tx.yield(m_wait);
    }

    // Removes a source (one a failed run created) in a transaction of its own; false when it could not.
    bool discardSource(qint64 sourceId) const
    {
        auto tx = m_target.beginEvidence(); // not the import's wait: that one ends at a cancel
        return tx && (*tx)->deleteSource(sourceId) && (*tx)->commit();
    }

    // Records a source's new figures and commits its transaction; the report, or why it failed.
    static FileReport commitSource(model::EvidenceTransaction& tx, const model::Source& source, const FileReport& report,
        const Input& input, const std::vector<qint64>& replaces)
    {
        for (const qint64 id : replaces) {
            if (auto removed = tx.deleteSource(id); !removed)
                return errorReport(input, removed.error().toString(), report.format);
        }
        if (auto updated = tx.updateSource(source); !updated)
            return errorReport(input, updated.error().toString(), report.format);
        if (auto committed = tx.commit(); !committed)
            return errorReport(input, committed.error().toString(), report.format);
        return report;
    }

    // A new source row for the input (an earlier import it replaces goes when it is whole:
    // commitSource).
    static Result<model::Source> newSource(model::EvidenceTransaction& tx, const Input& input, const FileReport& report)
    {
        model::Source source;
        source.path = input.sourcePath;
        source.displayName = report.displayName;
        source.format = report.format;
        auto id = tx.addSource(source);
        if (!id)
            return std::unexpected(id.error());
        source.id = *id;
        return source;
    }

    void importFile(const Input& input)
    {
        FileReport report;
        report.path = input.sourcePath;
        report.displayName = displayNameFor(input);
        QFile file(input.diskPath);
        if (!file.open(QIODevice::ReadOnly)) {
            m_reports.push_back(errorReport(input, QStringLiteral("cannot read it (%1)").arg(file.errorString())));
            return;
        }
        report.bytes = file.size();
        if (report.bytes == 0) {
            report.status = Status::Empty;
            m_reports.push_back(report);
            return;
        }
        const QByteArray head = file.read(sampleBytes);
        const Sample sample = makeSample(QFileInfo(input.diskPath).fileName(), head, report.bytes <= sampleBytes);
        if (const qsizetype nul = firstNul(head); nul >= 0) {
            m_reports.push_back(errorReport(input,
                QStringLiteral("this is binary data, not a log (a NUL byte at offset %1); if it is compressed, "
                               "import the .gz or .zip itself")
                    .arg(nul)));
            return;
        }
        QString formatError;
        const Format* format = chooseFormat(sample, input, formatError);
        if (!format) {
            m_reports.push_back(errorReport(input, formatError));
            return;
        }
        report.format = format->name;
        if (format->parseFolder) {
            m_reports.push_back(errorReport(input,
                QStringLiteral("the %1 format reads a folder or an archive, not a single file").arg(format->name),
                format->name));
            return;
        }

        auto existing = m_target.findSource(input.sourcePath);
        if (!existing) {
            m_reports.push_back(errorReport(input, existing.error().toString(), format->name));
            return;
        }
        // An earlier import of this path: interrupted (resume it), unchanged, grown (append the tail)
        // or changed (replace).
        QCryptographicHash hash(QCryptographicHash::Blake2b_256);
        std::optional<model::Source> previous = *existing;
        qint64 startOffset = 0;
        RunStart run;
        if (previous && previous->format == format->name) {
            if (auto interrupted = RunStart::fromMarker(previous->contentHash);
                interrupted && interrupted->offset <= report.bytes
                && runCheck(file, head, interrupted->offset) == interrupted->check) {
                report.status = Status::Resumed;
                run = *interrupted;
                startOffset = run.offset;
                file.seek(0);
                hashBytes(file, startOffset, hash);
            }
        }
        if (previous && report.status != Status::Resumed) {
            const bool sameFormat = previous->format == format->name;
            const bool lineFormat = format->makeLineParser != nullptr && sameFormat;
            const qint64 prefix = lineFormat ? previous->bytesConsumed : report.bytes;
            file.seek(0);
            if (sameFormat && prefix <= report.bytes && hashBytes(file, prefix, hash)
                && hashPrefix() + QString::fromLatin1(hash.result().toHex()) == previous->contentHash) {
                if (prefix == report.bytes && previous->bytesConsumed == report.bytes) {
                    report.status = Status::Unchanged;
                    m_reports.push_back(report);
                    return;
                }
                if (lineFormat) {
                    report.status = Status::Appended;
                    startOffset = prefix;
                }
            }
            if (report.status != Status::Appended) {
                report.status = Status::Replaced;
                run.replaces = RunStart::replacing(*previous);
                hash.reset();
            }
        }
        if (report.status == Status::Appended)
            run = {previous->bytesConsumed, previous->linesConsumed, previous->eventCount, previous->skippedCount, {}, {}};
        if (report.status != Status::Resumed)
            run.check = runCheck(file, head, startOffset);
        file.seek(startOffset);

        auto tx = m_target.beginEvidence(m_wait);
        if (!tx) {
            m_reports.push_back(errorReport(input, tx.error().toString(), format->name));
            return;
        }
        model::Source source;
        if (report.status == Status::Appended || report.status == Status::Resumed) {
            source = *previous;
        } else {
            auto created = newSource(**tx, input, report);
            if (!created) {
                m_reports.push_back(errorReport(input, created.error().toString(), format->name));
                return;
            }
            source = *created;
        }

        // The file is read and parsed on a worker thread while this one writes the batches.
        BatchQueue queue;
        BatchPool pool;
        std::atomic_bool stop = false;
        BatchingSink sink(source.id, run.events, report, pool,
            [&](std::vector<model::Event>&& batch) { return queue.push(std::move(batch)); });
        const Classifier::Selection rules = classifier().forFormat(format->name);
        HashingDevice hashing(file, hash);
        hashing.open(QIODevice::ReadOnly);
        ReadControl control;
        control.cancel = &stop;
        control.progress
            = [&](qint64 done, qint64 lines) { progress(input.sourcePath, startOffset + done, report.bytes, lines); };
        const ParseContext context = contextFor(input, report.displayName, sample);
        if (format->describe)
            report.shape = format->describe(context);
        std::optional<Result<ReadResult>> read;
        std::thread parser([&] {
            read = readWith(*format, hashing, context, sink, control, run.lines + 1);
            sink.flush();
            queue.close();
        });
        std::optional<Error> writeError;
        // The seq of the next event to store: a resumed run reads again what its interrupted run
        // stored, and drops those events.
        qint64 nextSeq = source.eventCount;
        qint64 partsLanded = 0;
        while (auto batch = queue.pop()) {
            if (cancelled())
                stop = true;
            if (writeError || stop)
                continue; // drain: the parser finishes its current batch, then stops
            std::erase_if(*batch, [&](const model::Event& event) { return event.seq < nextSeq; });
            if (!batch->empty()) {
                // Classified here rather than as parsed: this thread waits on the parser otherwise.
                classify(*batch, classifier(), rules);
                auto added = (*tx)->addEvents(*batch);
                if (added) {
                    nextSeq = batch->back().seq + 1;
                    source.eventCount = nextSeq;
                    source.linesConsumed = batch->back().line; // reached, while incomplete
                    source.bytesConsumed = run.offset;
                    source.skippedCount = run.skipped + report.skipped;
                    if ((*tx)->shouldYield()) {
                        ++partsLanded;
                        added = landPart(**tx, source, run.marker());
                    }
                }
                if (!added) {
                    writeError = added.error();
                    stop = true;
                    queue.abandon();
                }
            }
            pool.give(std::move(*batch));
        }
        // A failure (a cancel) after parts landed: a source this run created goes, so that nothing of
        // the file stays, as when it lands in one part; a run that appended to a source or resumed
        // one keeps its parts, incomplete, for the next import to finish.
        const auto failedAfter = [&](const QString& message) -> QString {
            if (partsLanded == 0)
                return message;
            tx->reset(); // rolls back the part being written
            if (report.status == Status::Ok || report.status == Status::Replaced) {
                if (discardSource(source.id))
                    return message;
            }
            return message
                + QStringLiteral("; the events stored before it are kept, and importing the file again finishes it");
        };
        parser.join();
        if (writeError) {
            m_reports.push_back(errorReport(input, failedAfter(writeError->toString()), format->name));
            return; // the transaction rolls back what it added since its last part landed
        }
        if (cancelled()) {
            m_reports.push_back(errorReport(input, failedAfter(QStringLiteral("the import was cancelled")), format->name));
            return;
        }
        if (!*read) {
            const Error& error = read->error();
            m_reports.push_back(errorReport(input,
                failedAfter(
                    error.context.isEmpty() || error.context == input.sourcePath ? error.message : error.toString()),
                format->name));
            return;
        }
        if (report.events == 0 && report.status != Status::Appended && report.status != Status::Resumed
            && report.skipped > 0) {
            m_reports.push_back(errorReport(input,
                QStringLiteral("no events: all %1 lines were skipped (line %2: %3); if the lines have no timestamps, "
                               "Aftermath cannot place them in time")
                    .arg(report.skipped)
                    .arg(report.firstSkipped.front().first)
                    .arg(report.firstSkipped.front().second),
                format->name));
            return;
        }
        if (sink.zoneAssumedCount() > 0)
            report.zoneAssumed = QString::fromUtf8(m_options.zone.id());

        // Read past what the reader consumed (a document's last bytes): hash the rest too.
        hashBytes(file, report.bytes - file.pos(), hash);
        source.contentHash = hashPrefix() + QString::fromLatin1(hash.result().toHex());
        source.sizeBytes = report.bytes;
        source.bytesConsumed = startOffset + (*read)->bytesConsumed;
        if (format->parseDocument)
            source.bytesConsumed = report.bytes;
        source.linesConsumed = run.lines + (*read)->lines;
        source.eventCount = run.events + report.events;
        source.skippedCount = run.skipped + report.skipped;
        if (report.status == Status::Resumed)
            report.events -= previous->eventCount - run.events; // stored by the interrupted run
        if (!report.zoneAssumed.isEmpty())
            source.zoneAssumed = report.zoneAssumed;
        source.importedAtUs = 0; // now
        m_reports.push_back(commitSource(**tx, source, report, input, run.replaces));
    }

    void importFolder(const Input& input, const Sample& sample, const QStringList& files)
    {
        FileReport report;
        report.path = input.sourcePath;
        report.displayName = displayNameFor(input);
        QString formatError;
        const Format* format = chooseFormat(sample, input, formatError);
        if (!format) {
            m_reports.push_back(errorReport(input, formatError));
            return;
        }
        report.format = format->name;
        // A folder's identity: every file's relative path and content.
        QCryptographicHash hash(QCryptographicHash::Blake2b_256);
        const QDir root(input.diskPath);
        for (const QString& relative : files) {
            QFile file(root.filePath(relative));
            hash.addData(relative.toUtf8());
            if (file.open(QIODevice::ReadOnly)) {
                report.bytes += file.size();
                hashBytes(file, file.size(), hash);
            }
        }
        const QString contentHash = hashPrefix() + QString::fromLatin1(hash.result().toHex());
        auto existing = m_target.findSource(input.sourcePath);
        if (!existing) {
            m_reports.push_back(errorReport(input, existing.error().toString(), format->name));
            return;
        }
        if (*existing && (*existing)->contentHash == contentHash) {
            report.status = Status::Unchanged;
            m_reports.push_back(report);
            return;
        }
        auto tx = m_target.beginEvidence(m_wait);
        if (!tx) {
            m_reports.push_back(errorReport(input, tx.error().toString(), format->name));
            return;
        }
        if (*existing)
            report.status = Status::Replaced;
        auto created = newSource(**tx, input, report);
        if (!created) {
            m_reports.push_back(errorReport(input, created.error().toString(), format->name));
            return;
        }
        model::Source source = *created;
        std::optional<Error> writeError;
        const Classifier::Selection rules = classifier().forFormat(format->name);
        BatchPool pool;
        // Interrupted, a folder's import is not resumed but replaced: its source stays incomplete
        // until then.
        const std::vector<qint64> replaces = *existing ? RunStart::replacing(**existing) : std::vector<qint64>{};
        const QString incomplete = RunStart{0, 0, 0, 0, contentHash.mid(hashPrefix().size(), 32), replaces}.marker();
        bool partLanded = false;
        BatchingSink sink(source.id, 0, report, pool, [&](std::vector<model::Event>&& batch) {
            classify(batch, classifier(), rules);
            auto added = (*tx)->addEvents(batch);
            if (added) {
                source.eventCount = batch.back().seq + 1;
                source.linesConsumed = batch.back().line;
                if ((*tx)->shouldYield()) {
                    partLanded = true;
                    added = landPart(**tx, source, incomplete);
                }
            }
            pool.give(std::move(batch));
            if (!added) {
                writeError = added.error();
                return false;
            }
            return true;
        });
        progress(input.sourcePath, 0, report.bytes);
        auto parsed = format->parseFolder(input.diskPath, contextFor(input, report.displayName, sample), sink);
        sink.flush();
        if (!parsed || writeError) {
            // Nothing of it stays: the part being written rolls back, and the parts that landed go.
            tx->reset();
            if (partLanded)
                discardSource(source.id);
            m_reports.push_back(errorReport(input, (parsed ? *writeError : parsed.error()).toString(), format->name));
            return;
        }
        progress(input.sourcePath, report.bytes, report.bytes);
        if (sink.zoneAssumedCount() > 0)
            report.zoneAssumed = QString::fromUtf8(m_options.zone.id());
        source.contentHash = contentHash;
        source.sizeBytes = report.bytes;
        source.bytesConsumed = report.bytes;
        source.eventCount = report.events;
        source.skippedCount = report.skipped;
        source.zoneAssumed = report.zoneAssumed;
        m_reports.push_back(commitSource(**tx, source, report, input, replaces));
    }

    model::EvidenceTarget& m_target;
    const ImportOptions& m_options;
    const model::WriteWait m_wait; // how a write waits for another program writing to the store
    std::shared_ptr<const TimeSpelling> m_timeSpelling; // --time-format, compiled
    std::vector<FileReport> m_reports;
    std::vector<std::unique_ptr<QTemporaryDir>> m_unpacked; // archives stay unpacked until the import ends
    std::map<QString, QString> m_damagedArchives; // archives in archives left packed, with why
};

} // namespace

QString toString(FileReport::Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Appended:
        return QStringLiteral("appended");
    case Status::Replaced:
        return QStringLiteral("replaced");
    case Status::Resumed:
        return QStringLiteral("resumed");
    case Status::Unchanged:
        return QStringLiteral("unchanged");
    case Status::Empty:
        return QStringLiteral("empty");
    case Status::Error:
        return QStringLiteral("error");
    }
    return {};
}

std::vector<FileReport> importPaths(
    model::EvidenceTarget& target, const QStringList& paths, const ImportOptions& options)
{
    return Importer(target, options).run(paths);
}

} // namespace aftermath::ingest
