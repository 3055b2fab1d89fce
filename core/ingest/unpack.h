#pragma once

#include "model/error.h"

#include <QString>

#include <atomic>
#include <map>

namespace aftermath::ingest {

// How far an archive may unpack before it is refused as a whole: a zip bomb (42.zip: 42 KB that
// unpack to 4.5 PB) must fail within seconds, while real log archives pass (docs/reliability.md).
struct UnpackLimits {
    // Everything one archive named in an import unpacks to, the archives inside it included.
    qint64 maxUnpackedBytes = qint64(20) << 30;
    // Unpacked bytes per archive byte. gzip makes text logs 5-20 times smaller and very
    // repetitive ones up to ~100 times; deflate cannot pass 1032:1, which only data that is
    // nearly all one byte reaches. Measured once ratioFloorBytes are unpacked.
    int maxRatio = 500;
    // Archives inside archives, the outermost counting 1: a support bundle (.tar.gz) of per-host
    // zips of rotated .log.gz files is 3.
    int maxDepth = 3;

    // Below this, any ratio passes: a small archive of a very repetitive log is no threat.
    static constexpr qint64 ratioFloorBytes = qint64(64) << 20;
};

// Whether the file's name says it is an archive the importer unpacks (.zip, .tar, .tar.gz, .tgz,
// .tar.bz2, .tar.xz, .gz).
bool isArchive(const QString& name);

// Whether a relative path passes through a hidden file or folder (".git"): imports leave those out,
// so nothing is unpacked there either.
bool isHiddenPath(const QString& relative);

// What unpacking left packed: archives inside the archive that are damaged, by the path they were
// left at, with why. Their siblings are unpacked; each is reported on its own.
struct Unpacked {
    std::map<QString, QString> damaged;
};

// Unpacks `archive` into the folder `destination`, and then each archive inside it in place of
// the archive file (a folder of the same name), down to `limits.maxDepth`. Every write is checked;
// the limits are checked while unpacking. Fails, naming the archive, when the archive cannot be
// read, when a member would land outside `destination`, when the temporary folder fills, when a
// limit is passed (the message says which option raises it) or when `*cancel` is set; the caller
// then removes `destination`.
Result<Unpacked> unpackArchive(const QString& archive, const QString& destination, const UnpackLimits& limits,
    const std::atomic_bool* cancel = nullptr);

// Copies what a pipe or a device gives (`aftermath-cli ingest <(kubectl logs ...)`) into the file
// `destinationFile`, so that it can be sampled and read like a file; every write is checked, and
// more than `limits.maxUnpackedBytes` is refused. Returns the Blake2b-256 digest of what was
// copied (taken while copying); fails naming `stream`.
Result<QByteArray> copyStream(const QString& stream, const QString& destinationFile, const UnpackLimits& limits,
    const std::atomic_bool* cancel = nullptr);

// The template for a folder to unpack into: "aftermath-unpack-<pid>-XXXXXX" in the temporary
// folder (TMPDIR), so that one left by a killed process can be told by its name.
QString unpackFolderTemplate();

// Removes the unpack folders in the temporary folder whose process is gone (killed while
// unpacking); those of running processes are left alone.
void removeAbandonedUnpackFolders();

// A size in bytes for people: "512 bytes", "64.0 MiB", "20.0 GiB".
QString bytesText(qint64 bytes);

} // namespace aftermath::ingest
