#include "unpack.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <limits>
#include <memory>
#include <optional>

#ifdef Q_OS_UNIX
#include <signal.h>
#endif

namespace aftermath::ingest {

namespace {

// Small reads keep libarchive's read-ahead small, so the ratio seen while unpacking is close to
// the real one.
constexpr std::size_t readBlockBytes = 16 * 1024;
constexpr qsizetype writeChunkBytes = 64 * 1024;

QString unpackFolderPrefix() { return QStringLiteral("aftermath-unpack-"); }

// Why unpacking stopped. A damaged archive inside the archive spoils only itself; anything else
// (a limit, a full disk, a cancel) stops the whole archive.
struct Problem {
    bool wholeArchive = true;
    QString message;
};
using Step = std::optional<Problem>;

Problem refuse(QString message) { return Problem{true, std::move(message)}; }

// What one archive named in an import has used of its limits so far, the archives inside it
// included.
struct Budget {
    const UnpackLimits& limits;
    const std::atomic_bool* cancel;
    QString tempFolder; // where the unpack folder is: the folder the user can change (TMPDIR)
    qint64 archiveBytes = 0; // the size of the archive named in the import
    qint64 unpacked = 0;

    // Counts `bytes` more, unpacked from `compressed` bytes of the archive named in the import.
    Step add(qint64 bytes, qint64 compressed)
    {
        unpacked += bytes;
        if (cancel && cancel->load())
            return refuse(QStringLiteral("the import was cancelled"));
        if (unpacked > limits.maxUnpackedBytes)
            return refuse(QStringLiteral("it unpacks to more than %1, the most one input may unpack to; nothing "
                                         "from it was stored. If it really holds that much, raise the limit with "
                                         "`aftermath-cli ingest --max-unpacked` (e.g. --max-unpacked 64G)")
                              .arg(bytesText(limits.maxUnpackedBytes)));
        if (unpacked > UnpackLimits::ratioFloorBytes && unpacked / std::max<qint64>(compressed, 1) > limits.maxRatio)
            return refuse(QStringLiteral("it unpacks to more than %1 times its own size (%2 from %3 so far), which "
                                         "is what a zip bomb does; nothing from it was stored. If it is a real "
                                         "archive of very repetitive logs, raise the limit with "
                                         "`aftermath-cli ingest --max-ratio`")
                              .arg(limits.maxRatio)
                              .arg(bytesText(unpacked), bytesText(compressed)));
        return std::nullopt;
    }

    Problem writeFailed(const QString& member, const QString& reason, int error) const
    {
        const bool full
            = error == ENOSPC || error == EDQUOT || QStorageInfo(tempFolder).bytesAvailable() < writeChunkBytes;
        if (full)
            return refuse(QStringLiteral("the temporary folder %1 is full (%2) while unpacking \"%3\"; nothing from "
                                         "this archive was stored. Free some space there, or set TMPDIR to a folder "
                                         "with more room")
                              .arg(tempFolder, reason, member));
        return refuse(QStringLiteral("cannot write to the temporary folder %1 (%2) while unpacking \"%3\"; nothing "
                                     "from this archive was stored. Check that folder, or set TMPDIR to another one")
                          .arg(tempFolder, reason, member));
    }
};

QString archiveError(archive* reader) { return QString::fromUtf8(archive_error_string(reader)); }

// Writes all of `data`; false with errno kept when the file system refuses (the file is unbuffered,
// so a full disk shows here rather than in a close nobody checks).
bool writeAll(QFile& out, const char* data, qint64 size, int& error)
{
    errno = 0;
    const bool written = out.write(data, size) == size;
    error = errno;
    return written;
}

// Unpacks the archive at `path` into `destination`. `shown` is how messages name it: empty for the
// archive named in the import, else its path inside that one ("inner.zip"). `outermost`: the ratio
// counts the bytes read of this archive so far, else the whole of the outermost one.
Step unpackOne(const QString& path, const QString& shown, const QString& destination, Budget& budget, bool outermost)
{
    const QString prefix = shown.isEmpty() ? QString() : shown + u'/';
    const bool plainGzip = path.endsWith(QStringLiteral(".gz"), Qt::CaseInsensitive)
        && !path.endsWith(QStringLiteral(".tar.gz"), Qt::CaseInsensitive);
    std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), archive_read_free);
    archive_read_support_filter_all(reader.get());
    if (plainGzip)
        archive_read_support_format_raw(reader.get());
    else
        archive_read_support_format_all(reader.get());
    // The archive named in the import being damaged fails it; one inside it fails only itself.
    const auto damaged = [&](const QString& message) { return Problem{outermost, message}; };
    if (archive_read_open_filename(reader.get(), QFile::encodeName(path).constData(), readBlockBytes) != ARCHIVE_OK)
        return damaged(
            QStringLiteral("the archive %1is damaged or of a kind Aftermath does not read (%2)")
                .arg(shown.isEmpty() ? QString() : u'"' + shown + QStringLiteral("\" "), archiveError(reader.get())));
    archive_entry* entry = nullptr;
    const QDir root(destination);
    QByteArray buffer(writeChunkBytes, Qt::Uninitialized);
    int status;
    while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK || status == ARCHIVE_WARN) {
        QString name
            = plainGzip ? QFileInfo(path).completeBaseName() : QString::fromUtf8(archive_entry_pathname(entry));
        if (name.isEmpty())
            name = QStringLiteral("unpacked");
        const QString clean = QDir::cleanPath(name);
        if (clean == u".." || clean.startsWith(QStringLiteral("../")) || QDir::isAbsolutePath(clean))
            return refuse(QStringLiteral("the archive member \"%1\" would be written outside the archive's folder; "
                                         "refusing the archive")
                              .arg(prefix + name));
        if (!plainGzip && archive_entry_filetype(entry) != AE_IFREG)
            continue;
        const QString member = prefix + clean;
        const QString target = root.filePath(clean);
        QFile out(target);
        if (!QDir().mkpath(QFileInfo(target).absolutePath())
            || !out.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
            const int error = errno;
            return budget.writeFailed(member, out.errorString(), error);
        }
        for (;;) {
            const la_ssize_t n = archive_read_data(reader.get(), buffer.data(), size_t(buffer.size()));
            if (n < 0)
                return damaged(
                    QStringLiteral("the archive is damaged at \"%1\" (%2)").arg(member, archiveError(reader.get())));
            if (n == 0)
                break;
            if (int error = 0; !writeAll(out, buffer.constData(), n, error))
                return budget.writeFailed(member, out.errorString(), error);
            const qint64 compressed = outermost ? archive_filter_bytes(reader.get(), -1) : budget.archiveBytes;
            if (Step stop = budget.add(n, compressed))
                return stop;
        }
        out.close();
        if (out.error() != QFileDevice::NoError)
            return budget.writeFailed(member, out.errorString(), errno);
    }
    if (status != ARCHIVE_EOF)
        return damaged(
            QStringLiteral("the archive %1is damaged (%2)")
                .arg(shown.isEmpty() ? QString() : u'"' + shown + QStringLiteral("\" "), archiveError(reader.get())));
    return std::nullopt;
}

// Unpacks the archives inside `folder` (an archive unpacked at `depth`), each into a folder of its
// own name in its place, and theirs in turn.
Step unpackInner(const QString& folder, int depth, const QString& top, Budget& budget, Unpacked& result)
{
    const QDir topDir(top);
    QStringList archives;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        if (isArchive(file) && !isHiddenPath(topDir.relativeFilePath(file)))
            archives << file;
    }
    archives.sort();
    for (const QString& file : archives) {
        const QString shown = topDir.relativeFilePath(file);
        if (depth + 1 > budget.limits.maxDepth)
            return refuse(QStringLiteral("it holds archives nested more than %1 deep (\"%2\"); nothing from it was "
                                         "stored. If that nesting is real, raise the limit with "
                                         "`aftermath-cli ingest --max-depth`")
                              .arg(budget.limits.maxDepth)
                              .arg(shown));
        // Unpacked beside the archive under a hidden name, then put in its place.
        QTemporaryDir unpacking(QFileInfo(file).absolutePath() + QStringLiteral("/.aftermath-unpacking-XXXXXX"));
        if (!unpacking.isValid())
            return budget.writeFailed(shown, unpacking.errorString(), errno);
        if (Step stop = unpackOne(file, shown, unpacking.path(), budget, false)) {
            if (stop->wholeArchive)
                return stop;
            result.damaged[file] = stop->message;
            continue;
        }
        if (!QFile::remove(file) || !QDir().rename(unpacking.path(), file))
            return refuse(QStringLiteral("cannot put the unpacked \"%1\" in its place in the temporary folder %2; "
                                         "check that folder, or set TMPDIR to another one")
                              .arg(shown, budget.tempFolder));
        unpacking.setAutoRemove(false);
        if (Step stop = unpackInner(file, depth + 1, top, budget, result))
            return stop;
    }
    return std::nullopt;
}

} // namespace

bool isArchive(const QString& name)
{
    const QString lower = name.toLower();
    for (const char* suffix : {".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".gz"}) {
        if (lower.endsWith(QLatin1StringView(suffix)))
            return true;
    }
    return false;
}

Result<Unpacked> unpackArchive(
    const QString& archivePath, const QString& destination, const UnpackLimits& limits, const std::atomic_bool* cancel)
{
    Budget budget{limits, cancel, QFileInfo(destination).absolutePath(), QFileInfo(archivePath).size()};
    Unpacked result;
    Step stop = unpackOne(archivePath, {}, destination, budget, true);
    if (!stop)
        stop = unpackInner(destination, 1, destination, budget, result);
    if (stop)
        return fail(Error::Code::Io, stop->message, archivePath);
    return result;
}

Result<QByteArray> copyStream(
    const QString& stream, const QString& destinationFile, const UnpackLimits& limits, const std::atomic_bool* cancel)
{
    QFile in(stream);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return fail(Error::Code::Io, QStringLiteral("cannot read it (%1)").arg(in.errorString()), stream);
    const QString folder = QFileInfo(destinationFile).absolutePath();
    Budget budget{limits, cancel, folder, 0};
    QFile out(destinationFile);
    const auto writeFailed = [&](int error) {
        const bool full = error == ENOSPC || error == EDQUOT;
        return fail(Error::Code::Io,
            QStringLiteral("%1 the temporary folder %2 (%3) while keeping a copy of what it gave to read; nothing "
                           "from it was stored. Free some space there, or set TMPDIR to a folder with more room")
                .arg(full ? QStringLiteral("no room in") : QStringLiteral("cannot write to"), folder,
                    out.errorString()),
            stream);
    };
    if (!out.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return writeFailed(errno);
    QByteArray buffer(writeChunkBytes, Qt::Uninitialized);
    QCryptographicHash hash(QCryptographicHash::Blake2b_256);
    qint64 copied = 0;
    for (;;) {
        const qint64 n = in.read(buffer.data(), buffer.size());
        if (n < 0)
            return fail(Error::Code::Io, QStringLiteral("reading it failed (%1)").arg(in.errorString()), stream);
        if (n == 0)
            break;
        if (int error = 0; !writeAll(out, buffer.constData(), n, error))
            return writeFailed(error);
        hash.addData(QByteArrayView(buffer.constData(), n));
        copied += n;
        // A stream is not compressed: only the size limit (and a cancel) can stop it.
        if (Step stop = budget.add(n, copied))
            return fail(Error::Code::Io, stop->message, stream);
    }
    out.close();
    if (out.error() != QFileDevice::NoError)
        return writeFailed(errno);
    return hash.result();
}

bool isHiddenPath(const QString& relative)
{
    return std::ranges::any_of(relative.split(u'/'), [](const QString& part) { return part.startsWith(u'.'); });
}

QString unpackFolderTemplate()
{
    return QDir(QDir::tempPath())
        .filePath(
            unpackFolderPrefix() + QString::number(QCoreApplication::applicationPid()) + QStringLiteral("-XXXXXX"));
}

void removeAbandonedUnpackFolders()
{
#ifdef Q_OS_UNIX
    const QDir temp(QDir::tempPath());
    const QStringList folders
        = temp.entryList({unpackFolderPrefix() + u'*'}, QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QString& name : folders) {
        // aftermath-unpack-<pid>-XXXXXX
        const QString pidText = name.mid(unpackFolderPrefix().size()).section(u'-', 0, 0);
        bool ok = false;
        const qint64 pid = pidText.toLongLong(&ok);
        if (!ok || pid <= 0 || pid > std::numeric_limits<pid_t>::max())
            continue;
        if (::kill(pid_t(pid), 0) == 0 || errno == EPERM)
            continue; // its process runs (EPERM: another user's)
        QDir(temp.filePath(name)).removeRecursively();
    }
#endif
}

QString bytesText(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 bytes").arg(bytes);
    const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QString::number(value, 'f', 1) + u' ' + QLatin1StringView(units[unit]);
}

} // namespace aftermath::ingest
