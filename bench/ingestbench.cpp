#include "ingestbench.h"

#include "benchutil.h"
#include "model/timestamp.h"
#include "store/store.h"
#include "workspace/import.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace aftermath::bench {

namespace {

constexpr qint64 startUs = 1781744400LL * 1'000'000; // 2026-06-18T01:00:00Z
constexpr qint64 stepUs = 1000; // one line per millisecond

// Line i happened at startUs + i ms; it is written in one of three spellings.
QByteArray logLine(qint64 i)
{
    const qint64 us = startUs + i * stepUs;
    const int millis = int((us / 1000) % 1000);
    QByteArray stamp;
    switch (i % 3) {
    case 0: // UTC with Z
        stamp = model::formatUtc(us).left(23).toLatin1() + 'Z';
        break;
    case 1: { // +02:00
        stamp = model::formatUtc(us + 2 * 3600 * 1'000'000LL).left(23).toLatin1() + "+02:00";
        break;
    }
    default: { // naive, comma milliseconds, London summer time (+01:00)
        QByteArray local = model::formatUtc(us + 3600 * 1'000'000LL).left(19).toLatin1();
        local[10] = ' ';
        stamp = local + ',' + QByteArray::number(millis).rightJustified(3, '0');
        break;
    }
    }
    return stamp + " INFO etl.worker step create_post_funding processed batch " + QByteArray::number(i) + " of tenant "
        + QByteArray::number(i % 7) + '\n';
}

} // namespace

bool writeIngestInputs(const QString& log, const QString& csv, qint64 lines, QTextStream& out)
{
    QFile logFile(log);
    QFile csvFile(csv);
    if (!logFile.open(QIODevice::WriteOnly) || !csvFile.open(QIODevice::WriteOnly)) {
        out << "cannot write the inputs in " << QFileInfo(log).absolutePath() << '\n';
        return false;
    }
    QByteArray logChunk;
    QByteArray csvChunk;
    for (qint64 i = 0; i < lines; ++i) {
        const QByteArray line = logLine(i);
        logChunk += line;
        // The same row as the store gets it: time, line number, message.
        csvChunk += QByteArray::number(startUs + i * stepUs) + ',' + QByteArray::number(i + 1) + ",\""
            + line.mid(line.indexOf(' ') + 1).chopped(1) + "\"\n";
        if (logChunk.size() > (1 << 20)) {
            logFile.write(logChunk);
            csvFile.write(csvChunk);
            logChunk.clear();
            csvChunk.clear();
        }
    }
    logFile.write(logChunk);
    csvFile.write(csvChunk);
    return true;
}

namespace {

void removeStore(const QString& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1StringView(suffix));
}

} // namespace

int runIngestBench(qint64 lines, const QString& workDir, QTextStream& out)
{
    QDir().mkpath(workDir);
    const QString log = workDir + QStringLiteral("/bench-ingest.log");
    const QString csv = workDir + QStringLiteral("/bench-ingest.csv");
    const QString storePath = workDir + QStringLiteral("/bench-ingest.sqlite");
    const QString baselinePath = workDir + QStringLiteral("/bench-sqlite3-import.sqlite");
    out << "ingest: " << lines << " log lines (Z, +02:00 and naive comma-millisecond spellings), in " << workDir
        << '\n';
    out.flush();
    if (!writeIngestInputs(log, csv, lines, out))
        return 1;

    removeStore(storePath);
    auto store = store::Store::open(storePath);
    if (!store) {
        out << store.error().toString() << '\n';
        return 1;
    }
    // As `aftermath-cli ingest` does it: through the workspace, on the import's own connection.
    workspace::ImportRequest request;
    request.store = {storePath, {}};
    request.inputs = QStringList{log};
    request.zone = QTimeZone("Europe/London");
    QElapsedTimer timer;
    timer.start();
    const auto outcome = workspace::importInto(request);
    const std::vector<ingest::FileReport> reports = outcome ? outcome->reports : std::vector<ingest::FileReport>();
    const Throughput ingested{QStringLiteral("aftermath ingest (detect, parse, store)"), lines, timer.nsecsElapsed()};
    if (reports.size() != 1 || reports.front().status != ingest::FileReport::Status::Ok
        || reports.front().events != lines) {
        out << "the import failed: " << (reports.empty() ? QString() : reports.front().message) << '\n';
        return 1;
    }
    // Every line's time must be right, whatever its spelling.
    qint64 index = 0;
    qint64 wrong = 0;
    const auto checked = store->evidence().forEachEvent({}, [&](const model::StoredEvent& e) {
        if (e.event.timeUs != startUs + index * stepUs && ++wrong <= 3)
            out << "  line " << e.event.line << ": stored " << model::formatUtc(e.event.timeUs) << '\n';
        ++index;
        return true;
    });
    if (!checked || index != lines || wrong != 0) {
        out << "  " << wrong << " of " << index << " stored times are wrong\n";
        return 1;
    }
    printThroughput(out, ingested);
    out << "  every stored time checked: " << index << " correct\n";
    const double peak = peakRssMiB();

    // The baseline: sqlite3's own CSV import into a table with a time index, same rows.
    const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (sqlite3.isEmpty()) {
        out << "  sqlite3 is not installed (apt-get install sqlite3): no baseline\n";
        return 1;
    }
    removeStore(baselinePath);
    QProcess process;
    process.start(sqlite3,
        {baselinePath,
            QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                           "CREATE TABLE events (ts_us INTEGER NOT NULL, line INTEGER, message TEXT); "
                           "CREATE INDEX events_time ON events (ts_us);"),
            QStringLiteral(".import --csv %1 events").arg(csv)});
    timer.restart();
    if (!process.waitForFinished(600000) || process.exitCode() != 0) {
        out << "  sqlite3 failed: " << process.readAllStandardError() << '\n';
        return 1;
    }
    const Throughput baseline{QStringLiteral("sqlite3 .import --csv (baseline)"), lines, timer.nsecsElapsed()};
    printThroughput(out, baseline);
    out << QStringLiteral("  aftermath / sqlite3: %1x\n").arg(ingested.perSecond() / baseline.perSecond(), 0, 'f', 2);
    out << QStringLiteral("  peak RSS during the import: %1 MiB\n").arg(peak, 0, 'f', 1);
    return 0;
}

} // namespace aftermath::bench
