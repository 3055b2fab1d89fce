#include "ingest/importer.h"
#include "model/timestamp.h"
#include "store/store.h"

#include "archivesupport.h"
#include "ingestsupport.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

using namespace aftermath;
using aftermath::ingest::FileReport;
using Status = aftermath::ingest::FileReport::Status;

namespace {

struct Fixture {
    QTemporaryDir dir;
    store::Store store = open(dir.filePath(QStringLiteral("store.sqlite")));

    static store::Store open(const QString& path)
    {
        auto opened = store::Store::open(path);
        REQUIRE(opened);
        return std::move(*opened);
    }
    QString file(const QString& name, const QByteArray& bytes) const
    {
        const QString path = dir.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        REQUIRE(test::writeFile(path, bytes));
        return path;
    }
    std::vector<FileReport> import(const QStringList& paths, ingest::ImportOptions options = {})
    {
        options.zone = QTimeZone("Europe/London");
        return ingest::importPaths(store.evidence(), paths, options);
    }
    qint64 events() { return *store.evidence().countEvents({}); }
};

// The one report of an import (by value: the vector is a temporary).
FileReport only(const std::vector<FileReport>& reports)
{
    REQUIRE(reports.size() == 1);
    return reports.front();
}

const QByteArray pythonLog = test::fileBytes(test::fixture(QStringLiteral("text/etl-python-logging.log")));

} // namespace

TEST_CASE("import: a file's events land with their source, counts and zone", "[importer]")
{
    Fixture f;
    const QString log = f.file(QStringLiteral("etl.log"), pythonLog);
    const FileReport report = only(f.import({log}));
    CHECK(report.status == Status::Ok);
    CHECK(report.format == QStringLiteral("text-log"));
    CHECK(report.events == 7);
    CHECK(report.continuations == 4);
    CHECK(report.zoneAssumed == QStringLiteral("Europe/London"));
    CHECK(model::formatUtc(*report.firstUs) == QStringLiteral("2026-06-18T01:00:00.013000Z"));
    CHECK(f.events() == 7);
    const auto sources = f.store.evidence().sources();
    REQUIRE(sources);
    REQUIRE(sources->size() == 1);
    const model::Source& source = sources->front();
    CHECK(source.path == log);
    CHECK(source.displayName == QStringLiteral("etl.log"));
    CHECK(source.eventCount == 7);
    CHECK(source.linesConsumed == 11);
    CHECK(source.bytesConsumed == pythonLog.size());
    CHECK(source.zoneAssumed == QStringLiteral("Europe/London"));
    CHECK(source.contentHash.startsWith(QStringLiteral("blake2b:")));
    const auto events = f.store.evidence().events({});
    REQUIRE(events);
    for (std::size_t i = 0; i < events->size(); ++i)
        CHECK((*events)[i].event.seq == qint64(i));
}

TEST_CASE(
    "import: unchanged files add nothing, grown logs add only their tail, changed files are replaced", "[importer]")
{
    Fixture f;
    const QString log = f.file(QStringLiteral("etl.log"), pythonLog);
    REQUIRE(only(f.import({log})).status == Status::Ok);

    const FileReport again = only(f.import({log}));
    CHECK(again.status == Status::Unchanged);
    CHECK(again.events == 0);
    CHECK(f.events() == 7);

    f.file(QStringLiteral("etl.log"),
        pythonLog
            + "2026-06-18 05:39:00,000 - etl.post_funding - INFO - Running etl-post-funding:41\n  on production\n");
    const FileReport grown = only(f.import({log}));
    CHECK(grown.status == Status::Appended);
    CHECK(grown.events == 1);
    CHECK(grown.continuations == 1);
    CHECK(f.events() == 8);
    const auto events = f.store.evidence().events({});
    REQUIRE(events);
    const auto& last = events->back().event;
    CHECK(last.line == 12); // line numbers continue from the first import
    CHECK(last.seq == 7);
    CHECK(last.message.endsWith(QStringLiteral("\n  on production")));
    CHECK(f.store.evidence().sources()->front().eventCount == 8);
    CHECK(only(f.import({log})).status == Status::Unchanged);

    f.file(QStringLiteral("etl.log"), "2026-06-18 03:00:00,000 - etl - INFO - rewritten\n");
    const FileReport changed = only(f.import({log}));
    CHECK(changed.status == Status::Replaced);
    CHECK(f.events() == 1);
    CHECK(f.store.evidence().sources()->size() == 1);
}

TEST_CASE("import: bad inputs are reported by name, and the others still import", "[importer]")
{
    Fixture f;
    const QString good = f.file(QStringLiteral("good.log"), pythonLog);
    const QString binary = f.file(QStringLiteral("core.dump"), QByteArray("ELF\0\0\0\x02", 7));
    const QString empty = f.file(QStringLiteral("empty.log"), {});
    const QString prose = f.file(QStringLiteral("notes.txt"), "We restarted the job by hand.\nIt worked.\n");
    const QString truncated
        = f.file(QStringLiteral("runs.json"), "{\"total_count\": 1, \"workflow_runs\": [{\"id\": 1");
    const QString noTimes = f.file(QStringLiteral("no-times.log"), "alpha\nbeta\n");
    const QString missing = f.dir.filePath(QStringLiteral("missing.log"));

    ingest::ImportOptions forced;
    const auto reports = f.import({binary, good, empty, prose, truncated, missing});
    REQUIRE(reports.size() == 6);
    CHECK(reports[0].status == Status::Error);
    CHECK(reports[0].message.contains(QStringLiteral("binary data")));
    CHECK(reports[1].status == Status::Ok);
    CHECK(reports[2].status == Status::Empty);
    CHECK(reports[3].status == Status::Error);
    // Prose: refused because no line has a timestamp, which the message says, with the way out.
    CHECK(reports[3].message.contains(QStringLiteral("none of its first 2 lines has a timestamp")));
    CHECK(reports[3].message.contains(QStringLiteral("--time-format")));
    CHECK(reports[4].status == Status::Error);
    CHECK(reports[4].message.startsWith(truncated + QStringLiteral(":1:")));
    CHECK(reports[4].message.contains(QStringLiteral("truncated")));
    CHECK(reports[5].status == Status::Error);
    CHECK(reports[5].path == missing);
    CHECK(f.events() == 7);
    CHECK(f.store.evidence().sources()->size() == 1);

    forced.formatName = QStringLiteral("text-log");
    const FileReport none = only(f.import({noTimes}, forced));
    CHECK(none.status == Status::Error);
    CHECK(none.message.contains(QStringLiteral("no events")));
    CHECK(f.store.evidence().sources()->size() == 1); // rolled back
}

TEST_CASE("import: invalid UTF-8 and over-long lines are kept, flagged and counted", "[importer]")
{
    Fixture f;
    QByteArray bytes = "2026-06-18T01:00:00Z caf\xE9 au lait\n2026-06-18T01:00:01Z ";
    bytes += QByteArray(2 * 1024 * 1024, 'y');
    bytes += "\n2026-06-18T01:00:02Z after\n";
    const QString log = f.file(QStringLiteral("odd.log"), bytes);
    const FileReport report = only(f.import({log}));
    CHECK(report.status == Status::Ok);
    CHECK(report.events == 3);
    CHECK(report.invalidUtf8Lines == 1);
    CHECK(report.truncatedLines == 1);
    const auto events = f.store.evidence().events({});
    REQUIRE(events);
    CHECK(((*events)[0].event.flags & model::Event::InvalidUtf8) != 0);
    CHECK(((*events)[1].event.flags & model::Event::Truncated) != 0);
    CHECK((*events)[1].event.message.size() < 1024 * 1024 + 10);
    CHECK((*events)[2].event.message == QStringLiteral("after"));
}

TEST_CASE("import: a first line longer than the detection sample (50 MB) is still recognised, cut and flagged",
    "[importer]")
{
    Fixture f;
    QByteArray bytes = "2026-06-18T01:00:00Z ERROR ";
    bytes += QByteArray(50 * 1000 * 1000, 'x');
    bytes += "\n2026-06-18T01:00:01Z INFO after\n";
    const QString log = f.file(QStringLiteral("one-long-line.log"), bytes);
    const FileReport report = only(f.import({log}));
    INFO(report.message.toStdString());
    CHECK(report.status == Status::Ok);
    CHECK(report.format == QStringLiteral("text-log"));
    CHECK(report.events == 2);
    CHECK(report.truncatedLines == 1);
    const auto events = f.store.evidence().events({});
    REQUIRE(events);
    REQUIRE(events->size() == 2);
    CHECK(((*events)[0].event.flags & model::Event::Truncated) != 0);
    CHECK((*events)[0].event.level == model::Level::Error);
    CHECK((*events)[1].event.level == model::Level::Info);
    CHECK((*events)[1].event.message.endsWith(QStringLiteral("after")));
}

TEST_CASE("import: folders recurse, archives unpack, members keep archive paths", "[importer]")
{
    Fixture f;
    f.file(QStringLiteral("evidence/a/etl.log"), pythonLog);
    f.file(QStringLiteral("evidence/b/worker.jsonl"),
        test::fileBytes(test::fixture(QStringLiteral("structured/etl-worker.jsonl"))));
    f.file(QStringLiteral("evidence/.hidden"), "ignored");
    f.file(QStringLiteral("evidence/.git/HEAD"), "ref: refs/heads/main\n");
    QDir().mkpath(f.dir.filePath(QStringLiteral("evidence/empty/inner"))); // passed over
    QDir().mkpath(f.dir.filePath(QStringLiteral("nothing")));
    const FileReport none = only(f.import({f.dir.filePath(QStringLiteral("nothing"))}));
    CHECK(none.status == Status::Error);
    CHECK(none.message.contains(QStringLiteral("holds no files")));
    const auto folder = f.import({f.dir.filePath(QStringLiteral("evidence"))});
    REQUIRE(folder.size() == 2);
    CHECK(folder[0].displayName == QStringLiteral("evidence/a/etl.log"));
    CHECK(folder[1].format == QStringLiteral("jsonl"));

    const QString zip = f.dir.filePath(QStringLiteral("logs.zip"));
    REQUIRE(test::writeArchive(zip, "zip", {{QStringLiteral("nightly/etl.log"), pythonLog}}));
    const QString tgz = f.dir.filePath(QStringLiteral("logs.tar.gz"));
    REQUIRE(test::writeArchive(tgz, "tar.gz",
        {{QStringLiteral("etl.log"), pythonLog},
            {QStringLiteral("more/access.log"),
                test::fileBytes(test::fixture(QStringLiteral("text/nginx-access.log")))}}));
    const QString gz = f.dir.filePath(QStringLiteral("etl.log.gz"));
    REQUIRE(test::writeArchive(gz, "gz", {{QStringLiteral("data"), pythonLog}}));
    const auto archives = f.import({zip, tgz, gz});
    REQUIRE(archives.size() == 4);
    CHECK(archives[0].path == zip + QStringLiteral("/nightly/etl.log"));
    CHECK(archives[0].displayName == QStringLiteral("logs.zip/nightly/etl.log"));
    CHECK(archives[0].events == 7);
    CHECK(archives[2].format == QStringLiteral("access-log"));
    CHECK(archives[3].path == gz + QStringLiteral("/etl.log"));
    CHECK(archives[3].events == 7);
    for (const auto& r : archives)
        CHECK(r.status == Status::Ok);
    // Unpacked again next time, they are recognised as unchanged.
    for (const auto& r : f.import({zip, tgz, gz}))
        CHECK(r.status == Status::Unchanged);

    const QString broken = f.file(QStringLiteral("broken.zip"), "PK\x03\x04 not really a zip");
    const FileReport damaged = only(f.import({broken}));
    CHECK(damaged.status == Status::Error);
    CHECK(damaged.message.contains(QStringLiteral("archive")));
}

TEST_CASE("import: cancelling stops and keeps nothing of the file being read", "[importer]")
{
    Fixture f;
    QByteArray big;
    for (int i = 0; i < 400000; ++i)
        big += "2026-06-18T01:00:00Z line " + QByteArray::number(i) + '\n';
    const QString log = f.file(QStringLiteral("big.log"), big);
    std::atomic_bool cancel = false;
    ingest::ImportOptions options;
    options.cancel = &cancel;
    options.progress = [&](const ingest::ImportProgress& p) {
        if (p.bytesDone > 0 && p.bytesDone < p.bytesTotal)
            cancel = true;
    };
    const FileReport report = only(f.import({log}, options));
    CHECK(report.status == Status::Error);
    CHECK(report.message.contains(QStringLiteral("cancelled")));
    CHECK(f.events() == 0);
    CHECK(f.store.evidence().sources()->empty());
}

TEST_CASE("import: a zipped Slack export is unpacked and read as one source", "[importer]")
{
    Fixture f;
    const QDir export_(test::fixture(QStringLiteral("slack/export")));
    std::vector<test::ArchiveMember> members;
    for (const QString& relative :
        {QStringLiteral("channels.json"), QStringLiteral("users.json"), QStringLiteral("integration_logs.json"),
            QStringLiteral("data-alerts/2026-06-17.json"), QStringLiteral("data-alerts/2026-06-18.json")}) {
        const QByteArray bytes = test::fileBytes(export_.filePath(relative));
        REQUIRE_FALSE(bytes.isEmpty());
        members.push_back({QStringLiteral("acme-slack/") + relative, bytes});
    }
    const QString zip = f.dir.filePath(QStringLiteral("slack-export.zip"));
    REQUIRE(test::writeArchive(zip, "zip", members));
    const FileReport zipped = only(f.import({zip}));
    CHECK(zipped.status == Status::Ok);
    CHECK(zipped.format == QStringLiteral("slack-export"));
    CHECK(zipped.path == zip);
    CHECK(zipped.events > 0);
    const FileReport folder = only(f.import({export_.path()}));
    CHECK(folder.status == Status::Ok);
    CHECK(folder.events == zipped.events); // the same export, unpacked or not
    CHECK(only(f.import({zip})).status == Status::Unchanged);
}

TEST_CASE("import: a folder of more than 500 files imports every one", "[importer]")
{
    Fixture f;
    for (int i = 0; i < 520; ++i)
        f.file(QStringLiteral("many/%1.log").arg(i, 4, 10, QChar(u'0')),
            "2026-06-18T01:00:00Z line from file " + QByteArray::number(i) + '\n');
    const auto reports = f.import({f.dir.filePath(QStringLiteral("many"))});
    CHECK(reports.size() == 520);
    CHECK(f.events() == 520);
}

namespace {

// Points TMPDIR (where archives are unpacked) at a folder of the test's own while it lives.
class TemporaryFolder {
public:
    TemporaryFolder() : m_previous(qgetenv("TMPDIR")) { qputenv("TMPDIR", QFile::encodeName(m_dir.path())); }
    ~TemporaryFolder()
    {
        if (m_previous.isEmpty())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", m_previous);
    }
    QString path() const { return m_dir.path(); }
    // The unpack folders left in it.
    QStringList unpackFolders() const
    {
        return QDir(m_dir.path()).entryList({QStringLiteral("aftermath-unpack-*")}, QDir::Dirs | QDir::NoDotAndDotDot);
    }

private:
    QTemporaryDir m_dir;
    QByteArray m_previous;
};

// How much an archive had unpacked when it was refused, from its message ("(64.1 MiB from ...").
double mebibytesUnpacked(const QString& message)
{
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("\\((\\d+\\.\\d) MiB from ")).match(message);
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

} // namespace

TEST_CASE("import: 1 GiB of zeros in a .gz or .zip is refused by its ratio while unpacking, and nothing is left",
    "[importer][archive]")
{
    Fixture f;
    const TemporaryFolder temp;
    const QString gz = f.dir.filePath(QStringLiteral("zeros.log.gz"));
    REQUIRE(test::writeZeros(gz, "gz", QStringLiteral("data"), qint64(1) << 30));
    const QString zip = f.dir.filePath(QStringLiteral("zeros.zip"));
    REQUIRE(test::writeZeros(zip, "zip", QStringLiteral("zeros.log"), qint64(1) << 30));
    CHECK(QFileInfo(gz).size() < 2 << 20); // about 1 MiB: deflate's limit is 1032:1

    for (const QString& bomb : {gz, zip}) {
        const FileReport report = only(f.import({bomb}));
        CHECK(report.status == Status::Error);
        CHECK(report.path == bomb);
        CHECK(report.message.contains(QStringLiteral("more than 500 times its own size")));
        CHECK(report.message.contains(QStringLiteral("zip bomb")));
        CHECK(report.message.contains(QStringLiteral("--max-ratio")));
        // Refused as it streamed, shortly past the 64 MiB floor, not after unpacking the 1 GiB.
        const double unpacked = mebibytesUnpacked(report.message);
        CHECK(unpacked > 64);
        CHECK(unpacked < 128);
        CHECK(temp.unpackFolders().isEmpty());
    }
    CHECK(f.events() == 0);
    CHECK(f.store.evidence().sources()->empty());
}

TEST_CASE("import: a nested zip bomb is refused as one input with one error", "[importer][archive]")
{
    Fixture f;
    const TemporaryFolder temp;
    // 16 zips of 16 zips of 16 MiB of zeros: 4 GiB from a few hundred KiB.
    const QString inner = f.dir.filePath(QStringLiteral("inner.zip"));
    REQUIRE(test::writeZeros(inner, "zip", QStringLiteral("zeros.log"), qint64(16) << 20));
    std::vector<test::ArchiveMember> innerCopies;
    for (int i = 0; i < 16; ++i)
        innerCopies.push_back({QStringLiteral("part-%1.zip").arg(i), test::fileBytes(inner)});
    const QString middle = f.dir.filePath(QStringLiteral("middle.zip"));
    REQUIRE(test::writeArchive(middle, "zip", innerCopies));
    std::vector<test::ArchiveMember> middleCopies;
    for (int i = 0; i < 16; ++i)
        middleCopies.push_back({QStringLiteral("host-%1.zip").arg(i), test::fileBytes(middle)});
    const QString bomb = f.dir.filePath(QStringLiteral("nested.zip"));
    REQUIRE(test::writeArchive(bomb, "zip", middleCopies));

    const FileReport report = only(f.import({bomb}));
    CHECK(report.status == Status::Error);
    CHECK(report.path == bomb);
    CHECK(report.message.contains(QStringLiteral("zip bomb")));
    CHECK(mebibytesUnpacked(report.message) < 128);
    CHECK(temp.unpackFolders().isEmpty());
    CHECK(f.events() == 0);
}

TEST_CASE(
    "import: archives inside archives unpack to the depth limit, and past it only when raised", "[importer][archive]")
{
    Fixture f;
    const TemporaryFolder temp;
    const QString gz = f.dir.filePath(QStringLiteral("etl.log.gz"));
    REQUIRE(test::writeArchive(gz, "gz", {{QStringLiteral("data"), pythonLog}}));
    const QString host = f.dir.filePath(QStringLiteral("host.zip"));
    REQUIRE(test::writeArchive(host, "zip", {{QStringLiteral("etl.log.gz"), test::fileBytes(gz)}}));
    const QString bundle = f.dir.filePath(QStringLiteral("bundle.tar.gz"));
    REQUIRE(test::writeArchive(bundle, "tar.gz", {{QStringLiteral("hosts/host.zip"), test::fileBytes(host)}}));

    // Three deep: the default passes, and members keep their path through every archive.
    const FileReport three = only(f.import({bundle}));
    CHECK(three.status == Status::Ok);
    CHECK(three.path == bundle + QStringLiteral("/hosts/host.zip/etl.log.gz/etl.log"));
    CHECK(three.events == 7);

    const QString outer = f.dir.filePath(QStringLiteral("outer.zip"));
    REQUIRE(test::writeArchive(outer, "zip", {{QStringLiteral("bundle.tar.gz"), test::fileBytes(bundle)}}));
    const FileReport four = only(f.import({outer}));
    CHECK(four.status == Status::Error);
    CHECK(four.message.contains(QStringLiteral("nested more than 3 deep")));
    CHECK(four.message.contains(QStringLiteral("bundle.tar.gz/hosts/host.zip/etl.log.gz")));
    CHECK(four.message.contains(QStringLiteral("--max-depth")));
    CHECK(f.events() == 7);

    ingest::ImportOptions deeper;
    deeper.unpack.maxDepth = 4;
    const FileReport raised = only(f.import({outer}, deeper));
    CHECK(raised.status == Status::Ok);
    CHECK(raised.path == outer + QStringLiteral("/bundle.tar.gz/hosts/host.zip/etl.log.gz/etl.log"));
    CHECK(temp.unpackFolders().isEmpty());
}

TEST_CASE("import: an archive past the size limit is refused, and a damaged archive inside one fails alone",
    "[importer][archive]")
{
    Fixture f;
    const TemporaryFolder temp;
    QByteArray big;
    while (big.size() < 2 << 20)
        big += pythonLog;
    const QString zip = f.dir.filePath(QStringLiteral("big.zip"));
    REQUIRE(test::writeArchive(zip, "zip", {{QStringLiteral("etl.log"), big}}));
    ingest::ImportOptions small;
    small.unpack.maxUnpackedBytes = 1 << 20;
    const FileReport refused = only(f.import({zip}, small));
    CHECK(refused.status == Status::Error);
    CHECK(refused.message.contains(QStringLiteral("more than 1.0 MiB")));
    CHECK(refused.message.contains(QStringLiteral("--max-unpacked")));
    CHECK(f.events() == 0);
    CHECK(only(f.import({zip})).status == Status::Ok); // the default takes it

    const QString mixed = f.dir.filePath(QStringLiteral("mixed.zip"));
    REQUIRE(test::writeArchive(mixed, "zip",
        {{QStringLiteral("broken.zip"), "PK\x03\x04 not really a zip"}, {QStringLiteral("etl.log"), pythonLog}}));
    const auto reports = f.import({mixed});
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].path == mixed + QStringLiteral("/broken.zip"));
    CHECK(reports[0].status == Status::Error);
    CHECK(reports[0].message.contains(QStringLiteral("damaged")));
    CHECK(reports[1].path == mixed + QStringLiteral("/etl.log"));
    CHECK(reports[1].status == Status::Ok);
    CHECK(temp.unpackFolders().isEmpty());
}

TEST_CASE(
    "import: unpack folders of processes that are gone are removed, those of running ones kept", "[importer][archive]")
{
    Fixture f;
    const TemporaryFolder temp;
    QProcess finished;
    finished.start(QStringLiteral("true"), QStringList());
    REQUIRE(finished.waitForStarted());
    const qint64 gonePid = finished.processId();
    REQUIRE(finished.waitForFinished());
    const QDir folder(temp.path());
    const QString gone = QStringLiteral("aftermath-unpack-%1-AbC123").arg(gonePid);
    const QString running = QStringLiteral("aftermath-unpack-%1-XyZ789").arg(QCoreApplication::applicationPid());
    const QString other = QStringLiteral("other-%1").arg(gonePid);
    for (const QString& name : {gone, running, other})
        REQUIRE(folder.mkpath(name + QStringLiteral("/member")));

    f.import({f.file(QStringLiteral("etl.log"), pythonLog)});
    CHECK_FALSE(folder.exists(gone));
    CHECK(folder.exists(running));
    CHECK(folder.exists(other));
}

TEST_CASE(
    "import: an archive member that would land outside the unpack folder refuses the archive", "[importer][archive]")
{
    Fixture f;
    const TemporaryFolder temp;
    const QString zip = f.dir.filePath(QStringLiteral("escape.zip"));
    REQUIRE(test::writeArchive(
        zip, "zip", {{QStringLiteral("etl.log"), pythonLog}, {QStringLiteral("../escaped.log"), pythonLog}}));
    const FileReport report = only(f.import({zip}));
    CHECK(report.status == Status::Error);
    CHECK(report.message.contains(QStringLiteral("\"../escaped.log\" would be written outside the archive's folder")));
    CHECK_FALSE(QFile::exists(QDir(temp.path()).filePath(QStringLiteral("escaped.log"))));
    CHECK(temp.unpackFolders().isEmpty());
    CHECK(f.events() == 0);
}

TEST_CASE("import: Python logging's default format: a whole file is refused saying why, lines between timed ones "
          "take the time before them",
    "[importer][headers]")
{
    Fixture f;
    const QString untimed = test::fixture(QStringLiteral("headers/python_default.log"));
    const QString mixed = test::fixture(QStringLiteral("headers/python_mixed_default.log"));
    const auto reports = f.import({untimed, mixed});
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].status == Status::Error);
    CHECK(reports[0].path == untimed);
    CHECK(reports[0].message.startsWith(QStringLiteral("line 1 (like 10 of its first 10 lines) is in Python logging's "
                                                       "default format, LEVEL:logger:message, which carries no time")));
    CHECK(reports[0].message.contains(QStringLiteral("%(asctime)s")));
    CHECK(reports[1].status == Status::Ok);
    CHECK(reports[1].events == 11);
    CHECK(reports[1].inheritedTimes == 5);
    CHECK(reports[1].firstInheritedLine == 3);
    CHECK(reports[1].continuations == 4);
    CHECK(f.events() == 11);
}
