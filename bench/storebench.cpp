#include "storebench.h"

#include "benchutil.h"
#include "store/store.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <vector>

namespace aftermath::bench {

namespace {

constexpr qint64 batchRows = 50'000; // events handed to the store at a time, as a parser would
constexpr qint64 startUs = 1781744400LL * 1'000'000;

// A deterministic event shaped like an ETL log line.
model::Event syntheticEvent(qint64 sourceId, qint64 i)
{
    static const QString services[] = {QStringLiteral("etl-nhs"), QStringLiteral("etl-scot"), QStringLiteral("api")};
    model::Event e;
    e.sourceId = sourceId;
    e.timeUs = startUs + i * 1000;
    e.timeQuality = model::TimeQuality::ZoneAssumed;
    e.seq = i;
    e.line = i + 1;
    e.level = i % 97 == 0 ? model::Level::Error : model::Level::Info;
    e.kind = i % 97 == 0 ? model::EventKind::Error : model::EventKind::Log;
    e.service = services[i % 3];
    e.runId = QStringLiteral("run-%1").arg(i / 10000);
    e.message = QStringLiteral("step create_post_funding processed batch %1 of tenant %2 in %3 ms")
                    .arg(i)
                    .arg(i % 7)
                    .arg(i % 1000);
    return e;
}

std::optional<store::Store> freshStore(const QString& path, QTextStream& out)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    auto store = store::Store::open(path);
    if (!store) {
        out << "cannot create " << path << ": " << store.error().toString() << '\n';
        return std::nullopt;
    }
    return std::move(*store);
}

// One batch of events, made before any timing starts; each batch written is this one with its
// times and sequence numbers moved on, so the figures measure the store, not event formatting.
std::vector<model::Event> templateBatch(qint64 sourceId)
{
    std::vector<model::Event> batch;
    batch.reserve(std::size_t(batchRows));
    for (qint64 i = 0; i < batchRows; ++i)
        batch.push_back(syntheticEvent(sourceId, i));
    return batch;
}

void advance(std::vector<model::Event>& batch, qint64 firstRow)
{
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const qint64 row = firstRow + qint64(i);
        batch[i].seq = row;
        batch[i].line = row + 1;
        batch[i].timeUs = startUs + row * 1000;
    }
}

std::optional<Throughput> storeInsert(store::Store& store, qint64 rows, QTextStream& out)
{
    std::vector<model::Event> batch = templateBatch(1);
    QElapsedTimer timer;
    timer.start();
    auto tx = store.evidence().beginEvidence();
    if (!tx) {
        out << tx.error().toString() << '\n';
        return std::nullopt;
    }
    model::Source source;
    source.path = QStringLiteral("/bench/etl.log");
    source.displayName = QStringLiteral("etl.log");
    source.format = QStringLiteral("bench");
    if (const auto sourceId = (*tx)->addSource(source); !sourceId || *sourceId != 1) {
        out << "unexpected source id\n";
        return std::nullopt;
    }
    for (qint64 first = 0; first < rows; first += batchRows) {
        advance(batch, first);
        const auto count = std::size_t(std::min(batchRows, rows - first));
        if (auto added = (*tx)->addEvents(std::span(batch).first(count)); !added) {
            out << added.error().toString() << '\n';
            return std::nullopt;
        }
    }
    if (auto committed = (*tx)->commit(); !committed) {
        out << committed.error().toString() << '\n';
        return std::nullopt;
    }
    return Throughput{QStringLiteral("Store bulk insert (sqlite3 handle)"), rows, timer.nsecsElapsed()};
}

// The baseline: the same rows in one transaction through QSqlQuery, a row per event with a time
// index, as a straightforward store would keep them (and as Aftermath did up to schema version 2).
// The table is made in a fresh store, next to the store's own tables and with its pragmas.
std::optional<Throughput> qsqlInsert(const QString& path, qint64 rows, QTextStream& out)
{
    const QString name = QStringLiteral("bench-baseline");
    Throughput result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            out << db.lastError().text() << '\n';
            return std::nullopt;
        }
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        pragma.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
        pragma.exec(QStringLiteral("PRAGMA cache_size = -65536")); // as the store sets it
        for (const char* sql : {"CREATE TABLE events (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL "
                                "REFERENCES sources (id) ON DELETE CASCADE, ts_us INTEGER NOT NULL, ts_quality TEXT "
                                "NOT NULL, seq INTEGER NOT NULL, line INTEGER NOT NULL DEFAULT 0, locator TEXT, level "
                                "TEXT NOT NULL, kind TEXT NOT NULL, service TEXT, run_id TEXT, actor TEXT, outcome "
                                "TEXT, message TEXT NOT NULL, raw TEXT, flags INTEGER NOT NULL DEFAULT 0)",
                 "CREATE INDEX events_time ON events (ts_us, source_id, seq)"}) {
            if (!pragma.exec(QLatin1StringView(sql))) {
                out << pragma.lastError().text() << '\n';
                return std::nullopt;
            }
        }
        std::vector<model::Event> batch = templateBatch(1); // as for the store, made before timing
        QElapsedTimer timer;
        timer.start();
        db.transaction();
        QSqlQuery source(db);
        source.exec(QStringLiteral("INSERT INTO sources (path, display_name, format, imported_at_us) VALUES "
                                   "('/bench/etl.log', 'etl.log', 'bench', 0)"));
        if (source.lastInsertId().toLongLong() != 1) {
            out << "unexpected source id\n";
            return std::nullopt;
        }
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO events (source_id, ts_us, ts_quality, seq, line, locator, level, kind, service, run_id, "
            "actor, outcome, message, raw, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (qint64 first = 0; first < rows; first += batchRows) {
            advance(batch, first);
            for (qint64 i = 0; i < std::min(batchRows, rows - first); ++i) {
                const model::Event& e = batch[std::size_t(i)];
                insert.bindValue(0, e.sourceId);
                insert.bindValue(1, e.timeUs);
                insert.bindValue(2, model::toString(e.timeQuality).toString());
                insert.bindValue(3, e.seq);
                insert.bindValue(4, e.line);
                insert.bindValue(5, QVariant());
                insert.bindValue(6, model::toString(e.level).toString());
                insert.bindValue(7, model::toString(e.kind).toString());
                insert.bindValue(8, e.service);
                insert.bindValue(9, e.runId);
                insert.bindValue(10, QVariant());
                insert.bindValue(11, QVariant());
                insert.bindValue(12, e.message);
                insert.bindValue(13, QVariant());
                insert.bindValue(14, 0);
                if (!insert.exec()) {
                    out << insert.lastError().text() << '\n';
                    return std::nullopt;
                }
            }
        }
        db.commit();
        result = Throughput{QStringLiteral("QSqlQuery bindValue+exec (baseline)"), rows, timer.nsecsElapsed()};
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

std::optional<Throughput> storeRead(const store::Store& store, qint64 expected, QTextStream& out)
{
    QElapsedTimer timer;
    timer.start();
    qint64 seen = 0;
    qint64 lastUs = std::numeric_limits<qint64>::min();
    bool ordered = true;
    const auto done = store.evidence().forEachEvent({}, [&](const model::StoredEvent& e) {
        ordered = ordered && e.event.timeUs >= lastUs;
        lastUs = e.event.timeUs;
        ++seen;
        return true;
    });
    if (!done || seen != expected || !ordered) {
        out << "read back " << seen << " of " << expected << " events" << (ordered ? "" : ", out of order") << '\n';
        return std::nullopt;
    }
    return Throughput{QStringLiteral("Store::forEachEvent (timeline order)"), seen, timer.nsecsElapsed()};
}

} // namespace

int runStoreBench(qint64 rows, const QString& workDir, QTextStream& out)
{
    QDir().mkpath(workDir);
    out << "store: " << rows << " events, batches of " << batchRows << ", one transaction, in " << workDir << '\n';
    auto store = freshStore(workDir + QStringLiteral("/bench-store.sqlite"), out);
    auto baselineStore = freshStore(workDir + QStringLiteral("/bench-baseline.sqlite"), out);
    if (!store || !baselineStore)
        return 1;
    baselineStore.reset(); // the baseline writes through its own QSqlQuery connection

    const auto bulk = storeInsert(*store, rows, out);
    if (!bulk)
        return 1;
    printThroughput(out, *bulk);
    const auto baseline = qsqlInsert(workDir + QStringLiteral("/bench-baseline.sqlite"), rows, out);
    if (!baseline)
        return 1;
    printThroughput(out, *baseline);
    out << QStringLiteral("  insert speed-up over the baseline: %1x\n")
               .arg(bulk->perSecond() / baseline->perSecond(), 0, 'f', 2);
    const auto read = storeRead(*store, rows, out);
    if (!read)
        return 1;
    printThroughput(out, *read);
    out << QStringLiteral("  peak RSS: %1 MiB\n").arg(peakRssMiB(), 0, 'f', 1);
    return 0;
}

} // namespace aftermath::bench
