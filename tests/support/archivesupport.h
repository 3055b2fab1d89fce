#pragma once

// Archives written by the tests with libarchive (link LibArchive::LibArchive): real ones to import,
// and bombs (a member of `repeat` copies of its bytes is written without holding it in memory).

#include <QByteArray>
#include <QFile>
#include <QString>

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <vector>

namespace aftermath::test {

struct ArchiveMember {
    QString name;
    QByteArray bytes;
    qint64 repeat = 1; // the member is `bytes` this many times over
};

// Writes an archive of `members` to `path`; `format` is "zip", "tar.gz" or "gz" (one member, raw).
inline bool writeArchive(const QString& path, const char* format, const std::vector<ArchiveMember>& members)
{
    std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
    if (qstrcmp(format, "zip") == 0) {
        archive_write_set_format_zip(a.get());
    } else if (qstrcmp(format, "tar.gz") == 0) {
        archive_write_set_format_pax_restricted(a.get());
        archive_write_add_filter_gzip(a.get());
    } else {
        archive_write_set_format_raw(a.get());
        archive_write_add_filter_gzip(a.get());
    }
    if (archive_write_open_filename(a.get(), QFile::encodeName(path).constData()) != ARCHIVE_OK)
        return false;
    for (const ArchiveMember& member : members) {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(entry.get(), member.name.toUtf8().constData());
        archive_entry_set_size(entry.get(), member.bytes.size() * member.repeat);
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK)
            return false;
        for (qint64 i = 0; i < member.repeat; ++i) {
            if (archive_write_data(a.get(), member.bytes.constData(), size_t(member.bytes.size()))
                != member.bytes.size())
                return false;
        }
    }
    return archive_write_close(a.get()) == ARCHIVE_OK;
}

// An archive of one member, `name`, of `bytes` zero bytes: a bomb when `bytes` is large.
inline bool writeZeros(const QString& path, const char* format, const QString& name, qint64 bytes)
{
    constexpr qint64 block = 1 << 20;
    if (bytes % block != 0)
        return writeArchive(path, format, {{name, QByteArray(qsizetype(bytes), '\0')}});
    return writeArchive(path, format, {{name, QByteArray(block, '\0'), bytes / block}});
}

} // namespace aftermath::test
