// The Slack export format (core/ingest/formats/slack.cpp) reads a folder, so each input becomes one:
// its sections, split at the byte 0x1E (ASCII record separator, never raw in JSON), are written as
// channels.json, users.json, then up to eight day files, data-alerts/2026-06-17.json,
// data-alerts/2026-06-18.json, incidents/2026-06-19.json, ... An empty section writes no file. An
// input that starts with '/' puts the export one folder down, as an archive with its own top folder
// unpacks. The seed (built by CMake from tests/data/ingest/slack/export) has this shape.

#include "fuzzdriver.h"
#include "ingest/families.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <vector>

namespace {

constexpr char sectionSeparator = '\x1e';
constexpr int maxDayFiles = 8;

QString sectionPath(int index)
{
    if (index == 0)
        return QStringLiteral("channels.json");
    if (index == 1)
        return QStringLiteral("users.json");
    const int day = index - 2;
    const QString channel = (day / 2) % 2 == 0 ? QStringLiteral("data-alerts") : QStringLiteral("incidents");
    return QStringLiteral("%1/2026-06-%2.json").arg(channel).arg(17 + day);
}

void writeFile(const QString& path, QByteArrayView bytes)
{
    QDir().mkpath(path.section(u'/', 0, -2));
    QFile file(path);
    AFTERMATH_FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "cannot write the temporary export");
    AFTERMATH_FUZZ_CHECK(file.write(bytes.data(), bytes.size()) == bytes.size(), "cannot write the temporary export");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace aftermath;
    static const std::vector<ingest::Format> family = ingest::slackFormats();
    static const QTemporaryDir scratch; // one folder for the whole run, emptied before each input
    AFTERMATH_FUZZ_CHECK(scratch.isValid(), "no temporary folder");

    QByteArrayView input(reinterpret_cast<const char*>(data), qsizetype(size));
    const bool nested = input.startsWith('/');
    if (nested)
        input = input.sliced(1);

    const QString root = scratch.filePath(QStringLiteral("export"));
    QDir(root).removeRecursively();
    QDir().mkpath(root);
    const QString prefix = nested ? QStringLiteral("top/") : QString();

    ingest::Sample sample;
    sample.fileName = QStringLiteral("export");
    sample.isFolder = true;
    qint64 lastLine = 1;
    for (int index = 0; index < 2 + maxDayFiles && !input.isEmpty(); ++index) {
        qsizetype end = input.indexOf(sectionSeparator);
        if (end < 0)
            end = input.size();
        const QByteArrayView section = input.first(end);
        input = end < input.size() ? input.sliced(end + 1) : QByteArrayView();
        if (section.isEmpty())
            continue;
        const QString relative = prefix + sectionPath(index);
        writeFile(root + u'/' + relative, section);
        sample.folderEntries << relative;
        lastLine = std::max(lastLine, fuzz::lineCount(section));
    }
    sample.folderEntries.sort();

    for (const ingest::Format& format : family) {
        const int score = format.score(sample);
        AFTERMATH_FUZZ_CHECK(score >= 0 && score <= 100, "a score outside 0..100");
        fuzz::ReadingSink sink(lastLine);
        const auto result = format.parseFolder(root, fuzz::context(), sink);
        if (!result)
            AFTERMATH_FUZZ_CHECK(!result.error().message.isEmpty(), "an error without a message");
        fuzz::use(sink.checksum() + quint64(score));
    }
    return 0;
}
