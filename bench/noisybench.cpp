#include "noisybench.h"

#include "benchutil.h"
#include "model/timestamp.h"
#include "noisyday.h"
#include "store/store.h"
#include "timeline/timeline.h"
#include "workspace/import.h"
#include "workspace/reconstruct.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace aftermath::bench {

int runNoisyBench(qint64 lines, const QString& workDir, QTextStream& out)
{
    const QString logs = QDir(workDir).filePath(QStringLiteral("noisy-day"));
    const QString path = QDir(workDir).filePath(QStringLiteral("noisy-day.sqlite"));
    QDir(logs).removeRecursively();
    for (const char* suffix : {"", "-wal", "-shm"})
        QFile::remove(path + QLatin1StringView(suffix));
    noisyday::Truth truth;
    if (const QString problem = noisyday::write(logs, {.lines = lines, .seed = 1}, &truth); !problem.isEmpty()) {
        out << problem << '\n';
        return 1;
    }
    out << "noisy: " << truth.lines << " lines of a day (seed 1), charges failing from "
        << model::formatUtc(truth.surgeStartUs) << '\n';
    out.flush();
    if (auto created = store::Store::open(path); !created) {
        out << created.error().toString() << '\n';
        return 1;
    }
    const auto imported = workspace::importInto({.store = {path, {}}, .inputs = {logs}, .zone = QTimeZone::utc()});
    if (!imported || imported->errorCount() != 0) {
        out << "the import failed\n";
        return 1;
    }
    QDir(logs).removeRecursively();
    auto store = store::Store::open(path);
    if (!store) {
        out << store.error().toString() << '\n';
        return 1;
    }

    QElapsedTimer timer;
    timer.start();
    qint64 read = 0;
    if (!store->evidence().forEachEvent({.fromUs = truth.dayStartUs, .toUs = truth.dayEndUs - 1, .after = {}, .limit = {}},
            [&](const model::StoredEvent&) {
                ++read;
                return true;
            })) {
        out << "could not read the events\n";
        return 1;
    }
    const Throughput scan{QStringLiteral("Store::forEachEvent alone (baseline)"), read, timer.nsecsElapsed()};
    const double rssBefore = peakRssMiB();
    timer.restart();
    const auto reconstructed = workspace::reconstructIncident({.store = {path, {}},
        .incidentId = 0,
        .fromUs = truth.dayStartUs,
        .toUs = truth.dayEndUs - 1,
        .withEvidence = false});
    const Throughput reconstruct{QStringLiteral("workspace::reconstructIncident"), read, timer.nsecsElapsed()};
    if (!reconstructed) {
        out << reconstructed.error().toString() << '\n';
        return 1;
    }
    printThroughput(out, scan);
    printThroughput(out, reconstruct);
    const timeline::Timeline& t = reconstructed->timeline;
    const auto keys = std::ranges::count_if(t.entries, &timeline::Entry::key);
    const timeline::BackgroundGroup background = timeline::backgroundGroup(t);
    out << QStringLiteral("  reconstruct: %1 s (%2x the scan), peak RSS %3 MiB before, %4 MiB after\n")
               .arg(double(reconstruct.nanoseconds) / 1e9, 0, 'f', 3)
               .arg(double(reconstruct.nanoseconds) / double(scan.nanoseconds), 0, 'f', 2)
               .arg(rssBefore, 0, 'f', 1)
               .arg(peakRssMiB(), 0, 'f', 1);
    out << QStringLiteral("  %1 entries, %2 key; background group: %3 entries, %4 events; %5 templates\n")
               .arg(t.entries.size())
               .arg(keys)
               .arg(background.entries)
               .arg(background.events)
               .arg(t.templates.size());

    // Checked against the truth.
    bool ok = true;
    auto check = [&](bool passed, const QString& what) {
        out << "  " << (passed ? "ok    " : "FAILED") << ' ' << what << '\n';
        ok = ok && passed;
    };
    auto seconds = [](qint64 us) { return QString::number(double(us) / 1e6, 'f', 1); };
    const qint64 truthUs = truth.surgeStartUs;
    if (t.findings.empty()) {
        check(false, QStringLiteral("a finding"));
    } else {
        const timeline::Finding& first = t.findings.front();
        check(std::abs(first.timeUs - truthUs) <= 60'000'000,
            QStringLiteral("first finding (%1) %2 s after the surge start: %3")
                .arg(timeline::toString(first.type), seconds(first.timeUs - truthUs), first.summary.left(90)));
    }
    check(t.phases.impactStart && std::abs(*t.phases.impactStart - truthUs) <= 60'000'000,
        QStringLiteral("impact_start %1 s after the surge start")
            .arg(t.phases.impactStart ? seconds(*t.phases.impactStart - truthUs) : QStringLiteral("(none)")));
    check(keys <= 30, QStringLiteral("%1 key entries (at most 30)").arg(keys));
    qint64 jobEntries = 0;
    qint64 jobBackground = 0;
    for (const timeline::Entry& e : t.entries) {
        if (std::ranges::any_of(truth.steadyJobs, [&](const QString& job) { return e.summary.contains(job); })) {
            ++jobEntries;
            jobBackground += e.background ? 1 : 0;
        }
    }
    check(jobEntries > 0 && jobBackground == jobEntries,
        QStringLiteral("%1 of %2 scheduled-job entries in the background group").arg(jobBackground).arg(jobEntries));
    check(double(reconstruct.nanoseconds) / 1e9 < 1.5 || lines < 1'000'000,
        QStringLiteral("reconstruction under 1.5 s at 1 M lines"));
    return ok ? 0 : 1;
}

} // namespace aftermath::bench
