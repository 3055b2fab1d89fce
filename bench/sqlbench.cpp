#include "sqlbench.h"

#include "benchutil.h"
#include "store/store.h"

#include <QDir>
#include <QFile>

#include <QElapsedTimer>

#include <functional>
#include <optional>
#include <vector>

namespace aftermath::bench {

namespace {

constexpr int sourceCount = 3;
constexpr qint64 startUs = 1781740800LL * 1'000'000; // 2026-06-18T00:00:00Z
constexpr qint64 hourUs = 3600LL * 1'000'000;
constexpr qint64 dayUs = 24 * hourUs;
constexpr qint64 batchRows = 50'000;

// Event i of `rows`: sources take turns, and the events spread evenly over one day, so a one-hour
// window holds 1/24 of them and every source's blocks overlap the others' in time.
model::Event benchEvent(qint64 i, qint64 rows)
{
    static const QString services[] = {QStringLiteral("etl-nhs"), QStringLiteral("etl-scot"), QStringLiteral("api")};
    model::Event e;
    e.sourceId = 1 + i % sourceCount;
    e.timeUs = startUs + i * (dayUs / rows);
    e.seq = i / sourceCount;
    e.line = e.seq + 1;
    e.timeQuality = model::TimeQuality::ZoneAssumed;
    e.level = i % 97 == 0 ? model::Level::Error : (i % 13 == 0 ? model::Level::Warning : model::Level::Info);
    e.kind = i % 97 == 0 ? model::EventKind::Error : model::EventKind::Log;
    e.service = services[i % 3];
    e.runId = QStringLiteral("run-%1").arg(i / 10000);
    e.message = QStringLiteral("step create_post_funding processed batch %1 of tenant %2 in %3 ms")
                    .arg(i)
                    .arg(i % 7)
                    .arg(i % 1000);
    return e;
}

std::optional<store::Store> filledStore(const QString& path, qint64 rows, QTextStream& out)
{
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    auto store = store::Store::open(path);
    if (!store) {
        out << "cannot create " << path << ": " << store.error().toString() << '\n';
        return std::nullopt;
    }
    auto tx = store->evidence().beginEvidence();
    if (!tx) {
        out << tx.error().toString() << '\n';
        return std::nullopt;
    }
    for (int s = 0; s < sourceCount; ++s) {
        model::Source source;
        source.path = QStringLiteral("/bench/source-%1.log").arg(s);
        source.displayName = QStringLiteral("source-%1.log").arg(s);
        source.format = QStringLiteral("bench");
        if (!(*tx)->addSource(source))
            return std::nullopt;
    }
    std::vector<model::Event> batch;
    for (qint64 first = 0; first < rows; first += batchRows) {
        batch.clear();
        for (qint64 i = first; i < std::min(rows, first + batchRows); ++i)
            batch.push_back(benchEvent(i, rows));
        if (auto added = (*tx)->addEvents(batch); !added) {
            out << added.error().toString() << '\n';
            return std::nullopt;
        }
    }
    if (auto committed = (*tx)->commit(); !committed) {
        out << committed.error().toString() << '\n';
        return std::nullopt;
    }
    // Incidents for the join: one per hour.
    for (int hour = 0; hour < 24; ++hour) {
        model::Incident incident;
        incident.title = QStringLiteral("hour %1").arg(hour);
        incident.fromUs = startUs + hour * hourUs;
        incident.toUs = incident.fromUs + hourUs - 1;
        if (!store->postmortems().createIncident(incident))
            return std::nullopt;
    }
    return std::move(*store);
}

// The sum of the last column of each row of `sql` (a count, or counts per group).
std::optional<qint64> sumOf(const store::EvidenceStore& evidence, const QString& sql, QTextStream& out)
{
    qint64 sum = 0;
    const auto done = evidence.query({sql}, {nullptr, [&](std::span<const store::SqlValue> row) {
                                                 const auto* value = std::get_if<qint64>(&row.back());
                                                 sum += value ? *value : 0;
                                                 return true;
                                             }});
    if (!done) {
        out << sql << ": " << done.error().toString() << '\n';
        return std::nullopt;
    }
    return sum;
}

// One question asked twice: as SQL, and by scanning with forEachEvent.
struct Case {
    QString name;
    qint64 rows; // the events it goes through
    QString sql;
    std::function<std::optional<qint64>()> scan;
};

// The fastest of three runs of `work`, and its answer.
std::optional<std::pair<qint64, qint64>> fastest(const std::function<std::optional<qint64>()>& work)
{
    std::optional<std::pair<qint64, qint64>> best; // (nanoseconds, answer)
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        const auto answer = work();
        const qint64 elapsed = timer.nsecsElapsed();
        if (!answer)
            return std::nullopt;
        if (!best || elapsed < best->first)
            best = std::pair{elapsed, *answer};
    }
    return best;
}

// Counts the events of `filter` that `keep` keeps.
std::optional<qint64> scanCount(const store::EvidenceStore& evidence, const store::EventFilter& filter,
    const std::function<bool(const model::Event&)>& keep)
{
    qint64 n = 0;
    const auto done = evidence.forEachEvent(filter, [&](const model::StoredEvent& e) {
        n += keep(e.event) ? 1 : 0;
        return true;
    });
    return done ? std::optional(n) : std::nullopt;
}

} // namespace

int runSqlBench(qint64 rows, const QString& workDir, QTextStream& out)
{
    QDir().mkpath(workDir);
    out << "sql: " << rows << " events from " << sourceCount << " sources over one day, in " << workDir << '\n';
    auto store = filledStore(workDir + QStringLiteral("/bench-sql.sqlite"), rows, out);
    if (!store)
        return 1;
    const store::EvidenceStore& evidence = store->evidence();
    const auto incidents = store->postmortems().incidents();
    if (!incidents)
        return 1;
    // A one-hour window in the middle of the day.
    const qint64 from = startUs + 12 * hourUs;
    const qint64 to = from + hourUs - 1;
    const qint64 inWindow = evidence.countEvents({.fromUs = from, .toUs = to}).value_or(0);
    const QString window = QStringLiteral("time_us BETWEEN %1 AND %2").arg(from).arg(to);
    const auto all = [](const model::Event&) { return true; };
    const auto errors = [](const model::Event& e) { return e.level == model::Level::Error; };

    const std::vector<Case> cases{
        {QStringLiteral("count, all"), rows, QStringLiteral("SELECT count(*) FROM events"),
            [&] { return scanCount(evidence, {}, all); }},
        {QStringLiteral("count, 1-hour window"), inWindow,
            QStringLiteral("SELECT count(*) FROM events WHERE ") + window,
            [&] { return scanCount(evidence, {.fromUs = from, .toUs = to}, all); }},
        {QStringLiteral("count, 1-hour window by time text"), inWindow,
            QStringLiteral("SELECT count(*) FROM events WHERE time >= '2026-06-18T12' AND time < '2026-06-18T13'"),
            [&] { return scanCount(evidence, {.fromUs = from, .toUs = to}, all); }},
        {QStringLiteral("message lengths, 1-hour window"), inWindow,
            QStringLiteral("SELECT sum(length(message)) FROM events WHERE ") + window,
            [&]() -> std::optional<qint64> {
                qint64 sum = 0;
                const auto done = evidence.forEachEvent({.fromUs = from, .toUs = to}, [&](const model::StoredEvent& e) {
                    sum += e.event.message.size();
                    return true;
                });
                return done ? std::optional(sum) : std::nullopt;
            }},
        {QStringLiteral("errors, 1-hour window"), inWindow,
            QStringLiteral("SELECT count(*) FROM events WHERE level = 'error' AND ") + window,
            [&] { return scanCount(evidence, {.fromUs = from, .toUs = to}, errors); }},
        {QStringLiteral("errors, all"), rows, QStringLiteral("SELECT count(*) FROM events WHERE level = 'error'"),
            [&] { return scanCount(evidence, {}, errors); }},
        {QStringLiteral("errors per incident (24 hours)"), rows,
            QStringLiteral("SELECT i.id, count(*) FROM incidents i JOIN events e ON e.time_us BETWEEN "
                           "i.window_from_us AND i.window_to_us WHERE e.level = 'error' GROUP BY i.id"),
            [&]() -> std::optional<qint64> {
                qint64 total = 0;
                for (const model::Incident& incident : *incidents) {
                    const auto n = scanCount(evidence, {.fromUs = incident.fromUs, .toUs = incident.toUs}, errors);
                    if (!n)
                        return std::nullopt;
                    total += *n;
                }
                return total;
            }},
    };
    bool agree = true;
    for (const Case& c : cases) {
        const auto sql = fastest([&] { return sumOf(evidence, c.sql, out); });
        const auto scan = fastest(c.scan);
        if (!sql || !scan)
            return 1;
        out << "  " << c.name << ": " << c.sql << '\n';
        printThroughput(out, {QStringLiteral("    SQL (events table)"), c.rows, sql->first});
        printThroughput(out, {QStringLiteral("    EvidenceStore::forEachEvent"), c.rows, scan->first});
        out << QStringLiteral("    %1 ms vs %2 ms (%3x); answer %4\n")
                   .arg(double(sql->first) / 1e6, 0, 'f', 1)
                   .arg(double(scan->first) / 1e6, 0, 'f', 1)
                   .arg(double(sql->first) / double(scan->first), 0, 'f', 2)
                   .arg(sql->second);
        if (sql->second != scan->second) {
            out << "    MISMATCH: the scan says " << scan->second << '\n';
            agree = false;
        }
        out.flush();
    }
    out << QStringLiteral("  peak RSS: %1 MiB\n").arg(peakRssMiB(), 0, 'f', 1);
    out << (agree ? "  SQL and the scan agree on every answer\n" : "  SQL and the scan DISAGREE\n");
    return agree ? 0 : 1;
}

} // namespace aftermath::bench
