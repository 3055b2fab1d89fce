// What `aftermath-cli ingest` does with inputs that cannot be read whole: a temporary folder that
// fills while an archive unpacks, an ingest killed while unpacking, folders and files without
// read permission. Each runs the real binary as a process (with TMPDIR set, or as "nobody").

#include "cli.h"
#include "clitestsupport.h"
#include "store/store.h"

#include "archivesupport.h"
#include "systemsupport.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <catch2/catch.hpp>

#include <csignal>

using namespace aftermath;

namespace {

const QString cliBinary = QStringLiteral(AFTERMATH_CLI_BINARY);

// Log lines with a random token each, so gzip shrinks them only a few times.
QByteArray noisyLog(int lineCount)
{
    QByteArray log;
    QRandomGenerator random(7);
    for (int i = 0; i < lineCount; ++i)
        log += "2026-06-18T01:00:00.000000Z INFO step processed batch " + QByteArray::number(i) + " token "
            + QByteArray::number(random.generate64(), 16) + '\n';
    return log;
}

// A noisy log of exactly `bytes` bytes (at least 200), its last line padded to fit.
QByteArray noisyLogOf(qsizetype bytes)
{
    QByteArray log = noisyLog(int(bytes / 60));
    log.truncate(log.lastIndexOf('\n', bytes - 100) + 1);
    const QByteArray last = "2026-06-18T01:00:01.000000Z INFO last ";
    return log + last + QByteArray(bytes - log.size() - last.size() - 1, 'x') + '\n';
}

QStringList unpackFolders(const QString& folder)
{
    return QDir(folder).entryList({QStringLiteral("aftermath-unpack-*")}, QDir::Dirs | QDir::NoDotAndDotDot);
}

// The events and sources in the store at `path`.
std::pair<qint64, std::size_t> storeContents(const QString& path)
{
    auto store = store::Store::open(path);
    REQUIRE(store);
    return {*store->evidence().countEvents({}), store->evidence().sources()->size()};
}

} // namespace

TEST_CASE("cli: a .gz is refused whole, naming the archive and the full temporary folder, when TMPDIR fills",
    "[cli][ingest][archive][process]")
{
    const test::SmallFilesystem temp(2 << 20);
    if (!temp.mounted()) {
        WARN(temp.why().toStdString());
        return;
    }
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("full.sqlite"));
    const QString gz = dir.filePath(QStringLiteral("x.log.gz"));
    // A few KiB more than the folder holds, in the last write: the one a buffered file kept until
    // an unchecked close, so that the import said "ok" with its last lines missing.
    const QByteArray log = noisyLogOf((2 << 20) + 6000);
    REQUIRE(log.size() == (2 << 20) + 6000);
    REQUIRE(test::writeArchive(gz, "gz", {{QStringLiteral("data"), log}}));

    const test::ProcessRun run = test::runProgram(cliBinary, {QStringLiteral("--db"), db, QStringLiteral("ingest"), gz},
        false, {QStringLiteral("TMPDIR=") + temp.path()});
    INFO(run.out.toStdString() << run.err.toStdString());
    CHECK(run.code == cli::RuntimeError);
    CHECK(run.out.contains(gz + QStringLiteral(": error\n  the temporary folder ") + temp.path()
        + QStringLiteral(" is full (No space left on device) while unpacking \"x.log\"")));
    CHECK(run.out.contains(QStringLiteral("set TMPDIR to a folder with more room")));
    CHECK(run.out.contains(QStringLiteral("1 failed")));
    CHECK(storeContents(db) == std::pair<qint64, std::size_t>{0, 0});
    CHECK(unpackFolders(temp.path()).isEmpty());
}

TEST_CASE("cli: an ingest killed while unpacking leaves its folder, and the next ingest removes it",
    "[cli][ingest][archive][process]")
{
    QTemporaryDir dir;
    const QString temp = dir.filePath(QStringLiteral("tmp"));
    REQUIRE(QDir().mkpath(temp));
    const QString db = dir.filePath(QStringLiteral("k.sqlite"));
    const QString gz = dir.filePath(QStringLiteral("zeros.log.gz"));
    REQUIRE(test::writeZeros(gz, "gz", QStringLiteral("data"), qint64(1) << 30));

    QProcess killed;
    QStringList environment = QProcess::systemEnvironment();
    environment << QStringLiteral("TMPDIR=") + temp;
    killed.setEnvironment(environment);
    // The ratio limit raised, so that it unpacks long enough to be killed doing it.
    killed.start(cliBinary,
        {QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--max-ratio"), QStringLiteral("100000"),
            gz});
    REQUIRE(killed.waitForStarted(10000));
    const QString member = QStringLiteral("/zeros.log");
    QElapsedTimer waited;
    waited.start();
    QStringList folders;
    while (waited.elapsed() < 60000) {
        folders = unpackFolders(temp);
        if (!folders.isEmpty() && QFileInfo(temp + u'/' + folders.front() + member).size() > (4 << 20))
            break;
        QThread::msleep(2);
    }
    REQUIRE(folders.size() == 1);
    CHECK(folders.front().startsWith(QStringLiteral("aftermath-unpack-%1-").arg(killed.processId())));
    ::kill(pid_t(killed.processId()), SIGKILL);
    REQUIRE(killed.waitForFinished(10000));
    REQUIRE(unpackFolders(temp) == folders); // left behind by the kill

    const test::ProcessRun again = test::runProgram(cliBinary,
        {QStringLiteral("--db"), db, QStringLiteral("ingest"), test::fixture(QStringLiteral("text/nginx-access.log"))},
        false, {QStringLiteral("TMPDIR=") + temp});
    CHECK(again.code == cli::Success);
    CHECK(unpackFolders(temp).isEmpty());
}

TEST_CASE("cli: unreadable folders and files are failed inputs that say permission denied", "[cli][ingest][process]")
{
    QTemporaryDir dir;
    const QDir root(dir.path());
    const auto open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
    REQUIRE(QFile::setPermissions(dir.path(), open));
    // The store's folder is writable by the unprivileged user.
    REQUIRE(root.mkpath(QStringLiteral("store")));
    REQUIRE(QFile::setPermissions(
        root.filePath(QStringLiteral("store")), open | QFileDevice::WriteGroup | QFileDevice::WriteOther));
    const QString db = root.filePath(QStringLiteral("store/p.sqlite"));
    const QString evidence = root.filePath(QStringLiteral("evid"));
    REQUIRE(root.mkpath(QStringLiteral("evid/secret")));
    REQUIRE(test::writeFile(root.filePath(QStringLiteral("evid/good.log")),
        test::fileBytes(test::fixture(QStringLiteral("text/nginx-access.log")))));
    REQUIRE(test::writeFile(root.filePath(QStringLiteral("evid/locked.log")), noisyLog(3)));
    REQUIRE(test::writeFile(root.filePath(QStringLiteral("evid/secret/inside.log")), noisyLog(3)));
    for (const QString& path : {evidence, root.filePath(QStringLiteral("evid/good.log"))})
        REQUIRE(QFile::setPermissions(path, open));
    const QString secret = root.filePath(QStringLiteral("evid/secret"));
    const QString locked = root.filePath(QStringLiteral("evid/locked.log"));
    REQUIRE(QFile::setPermissions(secret, {}));
    REQUIRE(QFile::setPermissions(locked, {}));
    struct Restore { // so that the temporary folder can be removed by a user who is not root
        QString secret;
        ~Restore()
        {
            QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        }
    } restore{secret};

    const auto ingest = [&](const QString& input) {
        const test::ProcessRun run
            = test::runProgram(cliBinary, {QStringLiteral("--db"), db, QStringLiteral("ingest"), input}, true);
        REQUIRE(run.code != 99); // dropping to "nobody" failed
        INFO(run.out.toStdString() << run.err.toStdString());
        return run;
    };
    const test::ProcessRun folder = ingest(evidence);
    CHECK(folder.code == cli::RuntimeError);
    CHECK(folder.out.contains(root.filePath(QStringLiteral("evid/good.log: ok"))));
    CHECK(folder.out.contains(locked + QStringLiteral(": error\n  cannot read this file: permission denied")));
    CHECK(folder.out.contains(secret + QStringLiteral(": error\n  cannot read this folder: permission denied")));
    CHECK(folder.out.contains(QStringLiteral("3 inputs, 3 events added, 2 failed.")));
    CHECK(folder.err.contains(QStringLiteral("2 inputs could not be imported")));

    const test::ProcessRun top = ingest(secret);
    CHECK(top.code == cli::RuntimeError);
    CHECK(top.out.contains(secret + QStringLiteral(": error\n  cannot read this folder: permission denied")));
    CHECK_FALSE(top.out.contains(QStringLiteral("holds no files")));
    CHECK(storeContents(db).second == 1);
}

TEST_CASE("cli: ingest --max-unpacked, --max-ratio and --max-depth reach the importer, and bad values are usage errors",
    "[cli][ingest][archive]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("l.sqlite"));
    const QString zip = dir.filePath(QStringLiteral("logs.zip"));
    REQUIRE(test::writeArchive(zip, "zip", {{QStringLiteral("steps.log"), noisyLog(20000)}})); // ~1.5 MiB
    const auto ingest = [&](const QStringList& options) {
        return test::runCli(
            QStringList{QStringLiteral("--db"), db, QStringLiteral("ingest")} + options + QStringList{zip});
    };
    const test::CliRun small = ingest({QStringLiteral("--max-unpacked"), QStringLiteral("1M")});
    CHECK(small.code == cli::RuntimeError);
    CHECK(small.out.contains(QStringLiteral("it unpacks to more than 1.0 MiB")));
    for (const QStringList& bad : {QStringList{QStringLiteral("--max-unpacked"), QStringLiteral("lots")},
             QStringList{QStringLiteral("--max-ratio"), QStringLiteral("0")},
             QStringList{QStringLiteral("--max-depth"), QStringLiteral("two")}}) {
        const test::CliRun usage = ingest(bad);
        CHECK(usage.code == cli::UsageError);
        CHECK(usage.err.contains(bad.front()));
    }
    const test::CliRun raised = ingest({QStringLiteral("--max-unpacked"), QStringLiteral("2GiB"),
        QStringLiteral("--max-ratio"), QStringLiteral("2"), QStringLiteral("--max-depth"), QStringLiteral("1")});
    CHECK(raised.code == cli::Success); // 1.5 MiB is under the floor the ratio is measured from
    CHECK(raised.out.contains(QStringLiteral("20,000 events added")));
}
