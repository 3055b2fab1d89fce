#include "searchbench.h"

#include "benchutil.h"
#include "model/timestamp.h"
#include "store/store.h"
#include "workspace/import.h"
#include "workspace/index.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <array>
#include <random>

namespace aftermath::bench {

namespace {

constexpr qint64 startUs = 1781744400LL * 1'000'000; // 2026-06-18T01:00:00Z
constexpr qint64 dayUs = 86'400LL * 1'000'000;

// The logs the services write to: a service's lines go to the file of its group.
const std::array<const char*, 4> files = {"edge.log", "payments.log", "jobs.log", "app.log"};
struct Service {
    const char* name;
    int file;
};
const std::array<Service, 8> services = {{{"edge-nginx", 0}, {"payments-api", 1}, {"checkout", 1}, {"etl-worker", 2},
    {"scheduler", 2}, {"auth", 3}, {"search", 3}, {"notifications", 3}}};

QByteArray hex16(std::mt19937_64& random) { return QByteArray::number(quint64(random()), 16).rightJustified(16, '0'); }
QByteArray number(std::mt19937_64& random, quint64 below) { return QByteArray::number(quint64(random() % below)); }

// One log line of service `s` at `timeUs`. "timeout" is on ~1% of the lines and "deadlock" on
// ~0.01%, of any service; no other word starts with either.
QByteArray logLine(std::mt19937_64& random, int s, qint64 timeUs)
{
    const double x = double(random() % 1'000'000) / 1e6;
    QByteArray level = "INFO";
    QByteArray message;
    if (x < 0.01) {
        level = "WARN";
        message = "upstream timeout after " + number(random, 30000) + " ms calling inventory for order "
            + number(random, 10'000'000) + " request_id=" + hex16(random);
    } else if (x < 0.0101) {
        level = "ERROR";
        message = "deadlock detected on table ledger_entries, retrying transaction " + number(random, 1'000'000);
    } else if (s == 0) {
        message = "10." + number(random, 256) + '.' + number(random, 256) + '.' + number(random, 256)
            + " - - \"GET /v1/orders/" + number(random, 10'000'000) + " HTTP/1.1\" 200 " + number(random, 100000)
            + " \"-\" \"Mozilla/5.0\" rt=0." + number(random, 1000);
    } else if (s == 1) {
        static const std::array<const char*, 3> outcomes = {"succeeded", "pending", "captured"};
        message = QByteArray("charge ") + outcomes[random() % 3] + " for customer cus_" + number(random, 100000)
            + " amount=" + number(random, 100000) + " currency=EUR request_id=" + hex16(random);
    } else if (s == 3) {
        message = "step create_post_funding processed batch " + number(random, 10'000'000) + " of tenant "
            + number(random, 7) + " in " + number(random, 1000) + " ms";
    } else {
        static const std::array<const char*, 3> methods = {"GET", "POST", "PUT"};
        static const std::array<const char*, 4> things = {"users", "sessions", "items", "carts"};
        const QByteArray user = number(random, 100000);
        message = QByteArray(services[std::size_t(s)].name) + " handled " + methods[random() % 3] + " /api/"
            + things[random() % 4] + '/' + user + " in " + number(random, 500) + " ms user=" + user
            + " trace=" + hex16(random);
    }
    return model::formatUtc(timeUs).toLatin1() + ' ' + level + ' ' + services[std::size_t(s)].name + '['
        + QByteArray::number(100 + s) + "]: " + message + '\n';
}

bool writeLogs(const QStringList& paths, qint64 lines, QTextStream& out)
{
    std::vector<std::unique_ptr<QFile>> logs;
    std::vector<QByteArray> chunks(paths.size());
    for (const QString& path : paths) {
        logs.push_back(std::make_unique<QFile>(path));
        if (!logs.back()->open(QIODevice::WriteOnly)) {
            out << "cannot write " << path << '\n';
            return false;
        }
    }
    std::mt19937_64 random(12);
    for (qint64 i = 0; i < lines; ++i) {
        const int s = int(random() % services.size());
        const auto file = std::size_t(services[std::size_t(s)].file);
        chunks[file] += logLine(random, s, startUs + i * dayUs / lines);
        if (chunks[file].size() > (1 << 20)) {
            logs[file]->write(chunks[file]);
            chunks[file].clear();
        }
    }
    for (std::size_t f = 0; f < logs.size(); ++f)
        logs[f]->write(chunks[f]);
    return true;
}

void removeStore(const QString& path)
{
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1StringView(suffix));
}

double seconds(qint64 nanoseconds) { return double(nanoseconds) / 1e9; }
double mebibytes(qint64 bytes) { return double(bytes) / (1024.0 * 1024.0); }

struct Timed {
    std::vector<qint64> ids;
    std::vector<qint64> nanoseconds; // each run, sorted
};

// Runs `query` `runs` times; the result of the first run, and each run's time.
std::optional<Timed> timeQuery(const store::Store& store, const store::EventQuery& query, int runs, QTextStream& out)
{
    Timed timed;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const auto found = store.evidence().findEventPositions(query);
        timed.nanoseconds.push_back(timer.nsecsElapsed());
        if (!found) {
            out << "the search failed: " << found.error().toString() << '\n';
            return std::nullopt;
        }
        if (run == 0) {
            for (const auto& position : *found)
                timed.ids.push_back(position.id);
        }
    }
    std::sort(timed.nanoseconds.begin(), timed.nanoseconds.end());
    return timed;
}

QString range(const Timed& t)
{
    return QStringLiteral("%1 ms (median of %2; %3-%4)")
        .arg(seconds(t.nanoseconds[t.nanoseconds.size() / 2]) * 1000, 0, 'f', 1)
        .arg(t.nanoseconds.size())
        .arg(seconds(t.nanoseconds.front()) * 1000, 0, 'f', 1)
        .arg(seconds(t.nanoseconds.back()) * 1000, 0, 'f', 1);
}

// The paths of the four logs, `prefix` before each name, in `workDir`.
QStringList logPaths(const QString& workDir, const QString& prefix)
{
    QDir().mkpath(workDir);
    QStringList logs;
    for (const char* name : files)
        logs << workDir + u'/' + prefix + QLatin1StringView(name);
    return logs;
}

// Imports `logs` into a new store at `storePath` (as `aftermath-cli ingest --no-index` does), the
// import alone timed into `wallNs` and `cpuNs`; false, having said why, unless all `events` land.
bool importLogs(const QString& storePath, const QStringList& logs, qint64 events, QTextStream& out, qint64& wallNs,
    qint64& cpuNs)
{
    removeStore(storePath);
    if (auto created = store::Store::open(storePath); !created) {
        out << created.error().toString() << '\n';
        return false;
    }
    workspace::ImportRequest request;
    request.store = {storePath, {}};
    request.inputs = logs;
    request.zone = QTimeZone::utc();
    QElapsedTimer timer;
    timer.start();
    const qint64 cpu = processCpuNs();
    const auto imported = workspace::importInto(request);
    wallNs = timer.nsecsElapsed();
    cpuNs = processCpuNs() - cpu;
    if (!imported || imported->eventsAdded() != events || imported->errorCount() != 0) {
        out << "the import failed\n";
        return false;
    }
    return true;
}

} // namespace

int runDayStore(qint64 events, const QString& workDir, QTextStream& out)
{
    const QStringList logs = logPaths(workDir, QStringLiteral("day-"));
    const QString storePath = workDir + QStringLiteral("/day.sqlite");
    out << "day: " << events << " log lines of 8 services in 4 files over 24 h, into " << storePath << '\n';
    out.flush();
    if (!writeLogs(logs, events, out))
        return 1;
    qint64 importNs = 0;
    qint64 importCpu = 0;
    if (!importLogs(storePath, logs, events, out, importNs, importCpu))
        return 1;
    printThroughput(out, {QStringLiteral("import (workspace::importInto)"), events, importNs});
    QElapsedTimer timer;
    timer.start();
    const auto indexed = workspace::indexEvidence(workspace::IndexRequest{{storePath, {}}});
    if (!indexed) {
        out << indexed.error().toString() << '\n';
        return 1;
    }
    printThroughput(out, {QStringLiteral("search index (workspace::indexEvidence)"), events, timer.nsecsElapsed()});
    for (const QString& log : logs)
        QFile::remove(log);
    out << QStringLiteral("  %1: %2 MiB\n").arg(storePath).arg(mebibytes(QFileInfo(storePath).size()), 0, 'f', 1);
    return 0;
}

int runSearchBench(qint64 events, const QString& workDir, QTextStream& out)
{
    const QStringList logs = logPaths(workDir, QStringLiteral("bench-search-"));
    const QString storePath = workDir + QStringLiteral("/bench-search.sqlite");
    out << "search: " << events << " log lines of 8 services in 4 files over 24 h, in " << workDir << '\n';
    out.flush();
    if (!writeLogs(logs, events, out))
        return 1;
    qint64 logBytes = 0;
    for (const QString& log : logs)
        logBytes += QFileInfo(log).size();

    // The import alone, as `aftermath-cli ingest --no-index` does it.
    qint64 importNs = 0;
    qint64 importCpu = 0;
    if (!importLogs(storePath, logs, events, out, importNs, importCpu))
        return 1;
    const Throughput import{QStringLiteral("import (workspace::importInto)"), events, importNs};
    printThroughput(out, import);
    out << QStringLiteral("  CPU time (both threads): %1 s\n").arg(seconds(importCpu), 0, 'f', 3);
    out << QStringLiteral("  logs: %1 MiB; store without the index: %2 MiB\n")
               .arg(mebibytes(logBytes), 0, 'f', 1)
               .arg(mebibytes(QFileInfo(storePath).size()), 0, 'f', 1);

    struct Search {
        QString label;
        QString typed;
    };
    const std::vector<Search> searches = {
        {QStringLiteral("~1% (a word)"), QStringLiteral("timeout")},
        {QStringLiteral("~0.01% (a word)"), QStringLiteral("deadlock")},
        {QStringLiteral("~1% (a phrase and a word)"), QStringLiteral("\"upstream timeout\" inventory")},
        {QStringLiteral("~0.01% (a prefix, an exclusion)"), QStringLiteral("deadl -payments")},
    };
    std::vector<Timed> scanned;
    {
        auto store = store::Store::open(storePath);
        if (!store) {
            out << store.error().toString() << '\n';
            return 1;
        }
        // The baseline: the same searches before the index exists read every event.
        for (const Search& search : searches) {
            store::EventQuery query;
            query.text = model::TextQuery::parse(search.typed);
            auto timed = timeQuery(*store, query, 3, out);
            if (!timed)
                return 1;
            out << QStringLiteral("  %1 %2: %3 events, reading every event: %4\n")
                       .arg(search.label.leftJustified(32), search.typed.leftJustified(30))
                       .arg(timed->ids.size())
                       .arg(range(*timed));
            out.flush();
            scanned.push_back(std::move(*timed));
        }
    }

    QElapsedTimer timer;
    timer.start();
    const qint64 cpu = processCpuNs();
    const auto indexed = workspace::indexEvidence({{storePath, {}}});
    const Throughput index{QStringLiteral("index (workspace::indexEvidence)"), events, timer.nsecsElapsed()};
    const qint64 indexCpu = processCpuNs() - cpu;
    if (!indexed || indexed->eventsIndexed != events) {
        out << "indexing failed: " << (indexed ? QStringLiteral("not every event") : indexed.error().toString())
            << '\n';
        return 1;
    }
    printThroughput(out, index);
    out << QStringLiteral("  CPU time: %1 s\n").arg(seconds(indexCpu), 0, 'f', 3);
    out << QStringLiteral("  import and index: %1 M lines/s\n")
               .arg(double(events) / seconds(import.nanoseconds + index.nanoseconds) / 1e6, 0, 'f', 3);
    out << QStringLiteral("  store with the index: %1 MiB\n").arg(mebibytes(QFileInfo(storePath).size()), 0, 'f', 1);

    auto opened = store::Store::open(storePath);
    if (!opened) {
        out << opened.error().toString() << '\n';
        return 1;
    }
    std::optional<store::Store> store(std::move(*opened));
    bool same = true;
    for (std::size_t i = 0; i < searches.size(); ++i) {
        store::EventQuery query;
        query.text = model::TextQuery::parse(searches[i].typed);
        auto timed = timeQuery(*store, query, 5, out);
        if (!timed)
            return 1;
        const bool equal = timed->ids == scanned[i].ids;
        same = same && equal;
        out << QStringLiteral("  %1 %2: %3 events, with the index: %4; %5x%6\n")
                   .arg(searches[i].label.leftJustified(32), searches[i].typed.leftJustified(30))
                   .arg(timed->ids.size())
                   .arg(range(*timed))
                   .arg(double(scanned[i].nanoseconds[scanned[i].nanoseconds.size() / 2])
                           / double(timed->nanoseconds[timed->nanoseconds.size() / 2]),
                       0, 'f', 1)
                   .arg(equal ? QString() : QStringLiteral("  DIFFERENT EVENTS"));
        out.flush();
    }
    if (!same) {
        out << "the index changed what a search finds\n";
        return 1;
    }

    // A source removed (its file changed and was imported again, say): its rows stay in the index
    // until it starts over; searches drop them by their missing blocks.
    const auto sources = store->evidence().sources();
    if (!sources || sources->empty())
        return 1;
    const auto removed = std::max_element(sources->begin(), sources->end(),
        [](const model::Source& a, const model::Source& b) { return a.eventCount < b.eventCount; });
    {
        timer.restart();
        auto tx = store->evidence().beginEvidence();
        if (!tx || !(*tx)->deleteSource(removed->id) || !(*tx)->commit()) {
            out << "could not remove a source\n";
            return 1;
        }
        out << QStringLiteral("  %1 (%2 events) removed in %3 ms\n")
                   .arg(removed->displayName)
                   .arg(removed->eventCount)
                   .arg(seconds(timer.nsecsElapsed()) * 1000, 0, 'f', 1);
    }
    const auto status = store->evidence().searchIndexStatus();
    if (!status)
        return 1;
    out << QStringLiteral("  the index holds %1 stale events beside %2 live ones; a rebuild is %3\n")
               .arg(status->staleEvents)
               .arg(status->indexedEvents)
               .arg(status->rebuildDue ? QStringLiteral("due") : QStringLiteral("not due"));
    std::vector<std::vector<qint64>> withStale;
    for (std::size_t i = 0; i < searches.size(); ++i) {
        store::EventQuery query;
        query.text = model::TextQuery::parse(searches[i].typed);
        auto timed = timeQuery(*store, query, 5, out);
        if (!timed)
            return 1;
        // What is left: the earlier events but the removed source's.
        const auto kept = store->evidence().eventsWithIds(scanned[i].ids);
        std::vector<qint64> keptIds;
        for (const auto& e : kept ? *kept : std::vector<model::StoredEvent>())
            keptIds.push_back(e.event.id);
        const bool equal = kept && timed->ids == keptIds;
        same = same && equal;
        out << QStringLiteral("  %1 %2: %3 events, with stale rows: %4%5\n")
                   .arg(searches[i].label.leftJustified(32), searches[i].typed.leftJustified(30))
                   .arg(timed->ids.size())
                   .arg(range(*timed))
                   .arg(equal ? QString() : QStringLiteral("  DIFFERENT EVENTS"));
        withStale.push_back(timed->ids);
    }
    store.reset();
    timer.restart();
    const auto rebuilt = workspace::indexEvidence({{storePath, {}}});
    if (!rebuilt || !rebuilt->rebuilt) {
        out << "the index was not rebuilt\n";
        return 1;
    }
    out << QStringLiteral("  rebuilt without the removed source: %1 events in %2 s; store: %3 MiB\n")
               .arg(rebuilt->eventsIndexed)
               .arg(seconds(timer.nsecsElapsed()), 0, 'f', 3)
               .arg(mebibytes(QFileInfo(storePath).size()), 0, 'f', 1);
    opened = store::Store::open(storePath);
    if (!opened)
        return 1;
    store.emplace(std::move(*opened));
    for (std::size_t i = 0; i < searches.size(); ++i) {
        store::EventQuery query;
        query.text = model::TextQuery::parse(searches[i].typed);
        auto timed = timeQuery(*store, query, 5, out);
        if (!timed)
            return 1;
        const bool equal = timed->ids == withStale[i];
        same = same && equal;
        out << QStringLiteral("  %1 %2: %3 events, rebuilt: %4%5\n")
                   .arg(searches[i].label.leftJustified(32), searches[i].typed.leftJustified(30))
                   .arg(timed->ids.size())
                   .arg(range(*timed))
                   .arg(equal ? QString() : QStringLiteral("  DIFFERENT EVENTS"));
    }
    out << QStringLiteral("  peak RSS: %1 MiB\n").arg(peakRssMiB(), 0, 'f', 1);
    if (!same) {
        out << "removing a source changed what a search finds of the others\n";
        return 1;
    }
    return 0;
}

} // namespace aftermath::bench
