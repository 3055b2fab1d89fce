#include "timelinebench.h"

#include "benchutil.h"
#include "store/store.h"
#include "timeline/timeline.h"
#include "workspace/reconstruct.h"

#include <QDir>
#include <QFile>

namespace aftermath::bench {

namespace {

constexpr qint64 startUs = 1781744400LL * 1'000'000; // 2026-06-18T01:00:00Z
constexpr qint64 batch = 50'000;

// Event i of a night of failing, retrying runs: most are the same few templates with numbers.
model::Event incidentEvent(qint64 sourceId, qint64 i)
{
    model::Event e;
    e.sourceId = sourceId;
    e.timeUs = startUs + i * 20'000; // 50 events a second
    e.seq = i;
    e.line = i + 1;
    e.runId = i % 2 ? QStringLiteral("NHS E") : QStringLiteral("NHS S");
    switch (i % 5) {
    case 0:
        e.kind = model::EventKind::JobStart;
        e.message = QStringLiteral("Starting create_post_funding for tenant %1").arg(e.runId);
        break;
    case 1:
        e.kind = model::EventKind::Error;
        e.level = model::Level::Error;
        e.message
            = QStringLiteral("create_post_funding failed: column \"funding_band\" does not exist (batch %1)").arg(i);
        break;
    case 2:
        e.kind = model::EventKind::Retry;
        e.message = QStringLiteral("Retrying create_post_funding in 180s (attempt %1)").arg(i / 5 + 2);
        break;
    default:
        e.message = QStringLiteral("Loaded %1 funding rows for batch %2").arg(i % 997).arg(i);
        break;
    }
    if (i % 100'000 == 0)
        e.kind = model::EventKind::Deploy,
        e.message = QStringLiteral("Deployed etl-post-funding:%1").arg(40 + i / 100'000);
    return e;
}

} // namespace

int runTimelineBench(qint64 events, const QString& workDir, QTextStream& out)
{
    QDir().mkpath(workDir);
    const QString path = workDir + QStringLiteral("/bench-timeline.sqlite");
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1StringView(suffix));
    auto store = store::Store::open(path);
    if (!store) {
        out << store.error().toString() << '\n';
        return 1;
    }
    out << "timeline: " << events << " events in one window, in " << path << '\n';
    out.flush();
    {
        auto tx = store->evidence().beginEvidence();
        model::Source source;
        source.path = QStringLiteral("/bench/etl.log");
        source.displayName = QStringLiteral("etl.log");
        source.format = QStringLiteral("bench");
        const auto sourceId = (*tx)->addSource(source);
        std::vector<model::Event> chunk;
        for (qint64 i = 0; i < events; ++i) {
            chunk.push_back(incidentEvent(*sourceId, i));
            if (qint64(chunk.size()) == batch || i + 1 == events) {
                if (!(*tx)->addEvents(chunk)) {
                    out << "could not write the events\n";
                    return 1;
                }
                chunk.clear();
            }
        }
        if (!(*tx)->commit()) {
            out << "could not commit the events\n";
            return 1;
        }
    }
    const timeline::Options options{startUs, startUs + events * 20'000, 24LL * 3600 * 1'000'000};
    const double rssBefore = peakRssMiB();

    QElapsedTimer timer;
    timer.start();
    qint64 read = 0;
    if (!store->evidence().forEachEvent(
            {.fromUs = options.fromUs, .toUs = options.toUs, .after = {}, .limit = {}}, [&](const model::StoredEvent&) {
                ++read;
                return true;
            })) {
        out << "could not read the events\n";
        return 1;
    }
    const Throughput scan{QStringLiteral("Store::forEachEvent alone (baseline)"), read, timer.nsecsElapsed()};

    timer.restart();
    // As `aftermath-cli timeline` does it: a window, through the workspace, on its own connection.
    const auto reconstructed = workspace::reconstructIncident(
        {.store = {path, {}}, .incidentId = 0, .fromUs = options.fromUs, .toUs = options.toUs, .withEvidence = false});
    const Throughput reconstruct{QStringLiteral("workspace::reconstructIncident"), read, timer.nsecsElapsed()};
    const std::optional<timeline::Timeline> built
        = reconstructed ? std::optional(reconstructed->timeline) : std::nullopt;
    if (!built || built->entries.empty()) {
        out << "the reconstruction failed\n";
        return 1;
    }
    printThroughput(out, scan);
    printThroughput(out, reconstruct);
    out << QStringLiteral("  reconstruct: %1 s for %2 events into %3 entries, %4 runs, %5 findings\n")
               .arg(double(reconstruct.nanoseconds) / 1e9, 0, 'f', 3)
               .arg(read)
               .arg(built->entries.size())
               .arg(built->runs.size())
               .arg(built->findings.size());
    out << QStringLiteral("  reconstruct / scan time: %1x\n")
               .arg(double(reconstruct.nanoseconds) / double(scan.nanoseconds), 0, 'f', 2);
    out << QStringLiteral("  peak RSS: %1 MiB before reading, %2 MiB after\n")
               .arg(rssBefore, 0, 'f', 1)
               .arg(peakRssMiB(), 0, 'f', 1);
    return 0;
}

} // namespace aftermath::bench
