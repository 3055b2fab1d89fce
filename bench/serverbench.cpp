#include "serverbench.h"

#include "benchutil.h"
#include "ingestbench.h"
#include "store/serverlocation.h"
#include "store/store.h"
#include "workspace/import.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace aftermath::bench {

namespace {

// psql from PATH, else from PostgreSQL's own folder.
QString findPsql()
{
    QString found = QStandardPaths::findExecutable(QStringLiteral("psql"));
    if (found.isEmpty()) {
        QDir lib(QStringLiteral("/usr/lib/postgresql"));
        for (const QString& version : lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed)) {
            found = QStandardPaths::findExecutable(QStringLiteral("psql"), {lib.filePath(version + QStringLiteral("/bin"))});
            if (!found.isEmpty())
                break;
        }
    }
    return found;
}

// Runs one psql command (`-c`) on `url`; its error output, or nothing when it worked.
std::optional<QString> psql(const QString& program, const QString& url, const QString& command)
{
    QProcess process;
    process.start(program,
        {QStringLiteral("--no-psqlrc"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-q"),
            QStringLiteral("-d"), url, QStringLiteral("-c"), command});
    if (!process.waitForFinished(3'600'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromUtf8(process.readAllStandardError()) + process.errorString();
    return std::nullopt;
}

// A database of the bench's own on the server, dropped when it goes.
class ScratchDatabase {
public:
    explicit ScratchDatabase(const store::ServerLocation& admin) : m_admin(admin)
    {
        m_name = QStringLiteral("aftermath_bench_%1").arg(QCoreApplication::applicationPid());
        m_error = run(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_name));
        if (m_error.isEmpty())
            m_error = run(QStringLiteral("CREATE DATABASE %1").arg(m_name));
    }
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;
    ~ScratchDatabase() { run(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name)); }

    QString error() const { return m_error; }
    QString url() const
    {
        store::ServerLocation mine = m_admin;
        mine.database = m_name;
        return mine.url();
    }

private:
    QString run(const QString& sql) const
    {
        const QString connection = QStringLiteral("aftermath-bench-admin");
        QString error;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(m_admin.host);
            if (m_admin.port > 0)
                db.setPort(m_admin.port);
            db.setUserName(m_admin.user);
            db.setDatabaseName(m_admin.database);
            if (!db.open())
                error = db.lastError().text();
            else if (QSqlQuery query(db); !query.exec(sql))
                error = query.lastError().text();
        }
        QSqlDatabase::removeDatabase(connection);
        return error;
    }

    store::ServerLocation m_admin;
    QString m_name;
    QString m_error;
};

} // namespace

int runServerBench(qint64 lines, const QString& url, const QString& workDir, QTextStream& out)
{
    const auto admin = store::parseServerUrl(url);
    if (!admin) {
        out << admin.error().toString() << '\n';
        return 2;
    }
    const QString psqlProgram = findPsql();
    if (psqlProgram.isEmpty()) {
        out << "psql is not installed (apt-get install postgresql-client): no baseline\n";
        return 1;
    }
    QDir().mkpath(workDir);
    const QString log = workDir + QStringLiteral("/bench-ingest.log");
    const QString csv = workDir + QStringLiteral("/bench-ingest.csv");
    const QString blocksFile = workDir + QStringLiteral("/bench-server-blocks.copy");
    out << "server: " << lines << " log lines into a server store at " << url << ", in " << workDir << '\n';
    out.flush();
    if (!writeIngestInputs(log, csv, lines, out))
        return 1;

    const ScratchDatabase database(*admin);
    if (!database.error().isEmpty()) {
        out << "cannot make a scratch database (the role needs CREATEDB): " << database.error() << '\n';
        return 1;
    }
    {
        auto created = store::Store::open(database.url());
        if (!created) {
            out << created.error().toString() << '\n';
            return 1;
        }
    }
    // As `aftermath-cli --db URL ingest` does it: through the workspace, on the import's own connection.
    workspace::ImportRequest request;
    request.store = {database.url(), {}};
    request.inputs = QStringList{log};
    request.zone = QTimeZone("Europe/London");
    QElapsedTimer timer;
    timer.start();
    const auto outcome = workspace::importInto(request);
    const Throughput ingested{QStringLiteral("aftermath ingest into PostgreSQL"), lines, timer.nsecsElapsed()};
    const std::vector<ingest::FileReport> reports = outcome ? outcome->reports : std::vector<ingest::FileReport>();
    if (reports.size() != 1 || reports.front().status != ingest::FileReport::Status::Ok
        || reports.front().events != lines) {
        out << "the import failed: "
            << (!outcome ? outcome.error().toString() : reports.empty() ? QString() : reports.front().message) << '\n';
        return 1;
    }
    printThroughput(out, ingested);
    auto store = store::Store::open(database.url(), {.access = store::OpenOptions::Access::ReadOnly});
    if (!store) {
        out << store.error().toString() << '\n';
        return 1;
    }
    timer.restart();
    const auto counted = store->evidence().countEvents({});
    qint64 read = 0;
    const auto readAll = store->evidence().forEachEvent({}, [&](const model::StoredEvent&) {
        ++read;
        return true;
    });
    if (!counted || *counted != lines || !readAll || read != lines) {
        out << "  the store holds " << (counted ? *counted : -1) << " events, " << read << " read back\n";
        return 1;
    }
    printThroughput(out, {QStringLiteral("read back in timeline order"), read, timer.nsecsElapsed()});

    // The baseline: the same rows, as the store holds them, loaded by psql's \copy from a file.
    QFile::remove(blocksFile);
    if (const auto failed = psql(psqlProgram, database.url(),
            QStringLiteral("\\copy (SELECT source_id, first_us, last_us, count, format, data FROM event_blocks "
                           "ORDER BY id) TO '%1' WITH (FORMAT binary)")
                .arg(blocksFile))) {
        out << "  psql could not write the blocks: " << *failed << '\n';
        return 1;
    }
    if (const auto failed = psql(psqlProgram, database.url(),
            QStringLiteral("CREATE TABLE scratch_blocks (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                           "source_id BIGINT NOT NULL, first_us BIGINT NOT NULL, last_us BIGINT NOT NULL, "
                           "count INTEGER NOT NULL, format INTEGER NOT NULL, data BYTEA NOT NULL); "
                           "CREATE INDEX scratch_blocks_time ON scratch_blocks (first_us, last_us, count); "
                           "CREATE INDEX scratch_blocks_source ON scratch_blocks (source_id)"))) {
        out << "  psql could not make the scratch table: " << *failed << '\n';
        return 1;
    }
    timer.restart();
    if (const auto failed = psql(psqlProgram, database.url(),
            QStringLiteral("\\copy scratch_blocks (source_id, first_us, last_us, count, format, data) FROM '%1' "
                           "WITH (FORMAT binary)")
                .arg(blocksFile))) {
        out << "  psql \\copy failed: " << *failed << '\n';
        return 1;
    }
    const Throughput baseline{QStringLiteral("psql \\copy of its blocks (baseline)"), lines, timer.nsecsElapsed()};
    printThroughput(out, baseline);
    out << QStringLiteral("  the blocks as psql's binary COPY file: %1 MiB\n")
               .arg(double(QFileInfo(blocksFile).size()) / (1024.0 * 1024.0), 0, 'f', 1);
    out << QStringLiteral("  aftermath / psql \\copy: %1x (the time psql takes, over the time Aftermath takes to "
                          "read, parse, encode and copy)\n")
               .arg(ingested.perSecond() / baseline.perSecond(), 0, 'f', 2);
    QFile::remove(blocksFile);
    return 0;
}

} // namespace aftermath::bench
