#include "noisyday.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace aftermath::noisyday {

namespace {

constexpr qint64 usPerSecond = 1'000'000;
constexpr qint64 usPerMinute = 60 * usPerSecond;
constexpr qint64 usPerHour = 60 * usPerMinute;
constexpr qint64 dayUs = 24 * usPerHour;
constexpr qint64 dayStartUs = 1782864000LL * usPerSecond; // 2026-07-01T00:00:00Z
constexpr qint64 surgeStart = 14 * usPerHour;
constexpr qint64 surgeEnd = 16 * usPerHour;

struct Line {
    qint64 atUs; // from the day's start
    QByteArray text; // after the timestamp: "LEVEL logger - message"
};

enum File { Edge, Payments, Jobs, Cache, Deploys, Alerts, FileCount };
const std::array<const char*, FileCount> fileNames
    = {"edge.log", "payments.log", "jobs.log", "cache.log", "deploys.log", "alerts.log"};

class Day {
public:
    explicit Day(std::uint64_t seed) : m_random(seed) { }

    double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_random); }
    qint64 below(qint64 n) { return qint64(m_random() % quint64(n)); }
    QByteArray number(qint64 n) { return QByteArray::number(below(n)); }
    QByteArray hex(int digits)
    {
        return QByteArray::number(quint64(m_random()), 16).rightJustified(16, '0').left(digits);
    }
    // An exponential gap for `perHour` events an hour.
    qint64 gap(double perHour) { return qint64(std::exponential_distribution<double>(perHour)(m_random) * usPerHour) + 1; }

    // Traffic follows the day: a third of the peak at 04:00, the peak at 16:00.
    static double traffic(qint64 atUs)
    {
        const double hours = double(atUs) / double(usPerHour);
        return 1.0 + 0.5 * std::sin(2.0 * std::numbers::pi * (hours - 10.0) / 24.0);
    }

    void add(File file, qint64 atUs, const QByteArray& text)
    {
        if (atUs >= 0 && atUs < dayUs)
            m_files[file].push_back({atUs, text});
    }

    // Events at `perHour` an hour from `from` to `to`, each written by `line(at)`.
    template <typename MakeLine> void poisson(File file, double perHour, qint64 from, qint64 to, MakeLine line)
    {
        for (qint64 at = from + gap(perHour); at < to; at += gap(perHour))
            add(file, at, line(at));
    }

    std::array<std::vector<Line>, FileCount> m_files;
    std::mt19937_64 m_random;
};

QByteArray stamp(qint64 atUs)
{
    const qint64 ms = atUs / 1000;
    char text[64];
    std::snprintf(text, sizeof text, "2026-07-01T%02lld:%02lld:%02lld.%03lldZ ", ms / 3'600'000,
        ms / 60'000 % 60, ms / 1000 % 60, ms % 1000);
    return QByteArray(text);
}

// Scheduled jobs every `every` from `offset`: started, batches processed, finished; now and then
// a run fails on a lock and retries, as background jobs do all day.
void scheduledJob(Day& day, const QByteArray& job, qint64 every, qint64 offset, qint64 firstRun, int failOneIn)
{
    qint64 run = firstRun;
    for (qint64 at = offset; at < dayUs; at += every, ++run) {
        qint64 t = at + day.below(3 * usPerSecond);
        const QByteArray id = job + " run " + QByteArray::number(run);
        day.add(Jobs, t, "INFO scheduler - Starting job " + id);
        const qint64 batches = 3 + day.below(5);
        for (qint64 b = 1; b <= batches; ++b) {
            t += 500'000 + day.below(4 * usPerSecond);
            day.add(Jobs, t,
                "INFO scheduler - job " + id + " processed batch " + QByteArray::number(b) + " of "
                    + QByteArray::number(batches) + " (" + day.number(5000) + " records)");
        }
        if (day.below(failOneIn) == 0) {
            t += 200'000;
            day.add(Jobs, t, "ERROR scheduler - job " + id + " failed: lock wait timeout exceeded on table ledger_entries");
            t += 5 * usPerSecond;
            day.add(Jobs, t, "WARN scheduler - Retrying job " + id + " (attempt 2)");
        }
        t += 300'000 + day.below(usPerSecond);
        const double seconds = double(t - at) / double(usPerSecond);
        day.add(Jobs, t, "INFO scheduler - Finished job " + id + " in " + QByteArray::number(seconds, 'f', 1) + "s");
    }
}

QByteArray chargeFailed(Day& day)
{
    return "ERROR payments.api - charge failed for customer cus_" + day.number(100000)
        + ": card processor returned 502 (request_id=" + day.hex(16) + ")";
}

} // namespace

QString write(const QString& folder, const Options& options, Truth* truth)
{
    if (!QDir().mkpath(folder))
        return QStringLiteral("cannot make the folder %1").arg(folder);
    Day day(options.seed);
    Truth t;
    t.dayStartUs = dayStartUs;
    t.dayEndUs = dayStartUs + dayUs;
    t.surgeStartUs = dayStartUs + surgeStart;
    t.surgeEndUs = dayStartUs + surgeEnd;

    // Scheduled jobs, all day.
    scheduledJob(day, "reconcile-acme", 10 * usPerMinute, 7 * usPerSecond, 473, 40);
    scheduledJob(day, "reconcile-globex", 15 * usPerMinute, 2 * usPerMinute, 1208, 60);
    scheduledJob(day, "sync-ledger", usPerHour, 5 * usPerMinute, 88, 1000);
    scheduledJob(day, "cleanup-sessions", 30 * usPerMinute, 11 * usPerMinute, 3021, 1000);
    t.steadyJobs = {QStringLiteral("reconcile-acme"), QStringLiteral("reconcile-globex"), QStringLiteral("sync-ledger"),
        QStringLiteral("cleanup-sessions")};

    // The cache client's connection drops about twice an hour: a background error, the day's first.
    const qint64 firstReset = 51 * usPerSecond;
    auto reset = [&](qint64) -> QByteArray {
        return "ERROR cache.client - connection reset by peer (10.0.3." + day.number(40) + ":6379), reconnecting";
    };
    day.add(Cache, firstReset, reset(firstReset));
    day.poisson(Cache, 2.2, firstReset, dayUs, reset);
    t.firstErrorOfDayUs = dayStartUs + firstReset;
    day.poisson(Cache, 40, 0, dayUs, [&](qint64) -> QByteArray {
        return "INFO cache.client - evicted " + day.number(900) + " keys from sessions (memory " + day.number(100)
            + "%)";
    });

    // Deploys: two before the incident (the later one its trigger), a rollback and one after.
    day.add(Deploys, 9 * usPerHour + 12 * usPerMinute + 40 * usPerSecond,
        "INFO deployer - Deployed search v3.1.0 to production (build 1a2b3c4)");
    const qint64 trigger = 13 * usPerHour + 41 * usPerMinute + 7 * usPerSecond;
    day.add(Deploys, trigger, "INFO deployer - Deployed payments-api v2.14.0 to production (build 8e1d5f3)");
    t.triggerUs = dayStartUs + trigger;
    day.add(Deploys, 15 * usPerHour + 52 * usPerMinute + 18 * usPerSecond,
        "INFO deployer - Rolled back payments-api to v2.13.4 (build 77c0e1a)");
    day.add(Deploys, 17 * usPerHour + 30 * usPerMinute + 15 * usPerSecond,
        "INFO deployer - Deployed notifications v1.9.2 to production (build 5d6e7f8)");

    // Alerts: a disk alert in the night that clears itself, and the one about the incident.
    day.add(Alerts, 3 * usPerHour + 12 * usPerMinute, "WARN alertmanager - alert firing: DiskSpaceLow on db-replica-2 (83% used)");
    day.add(Alerts, 3 * usPerHour + 47 * usPerMinute, "INFO alertmanager - alert resolved: DiskSpaceLow on db-replica-2 (71% used)");
    day.add(Alerts, 14 * usPerHour + 6 * usPerMinute + 30 * usPerSecond,
        "ERROR alertmanager - alert firing: PaymentsErrorRate payments-api 5xx ratio 11.8% > 2% for 5m");

    // Charges: a failure now and then all day; from 14:00 to 16:00 they fail by the hundred.
    day.poisson(Payments, 0.4, 0, surgeStart, [&](qint64) -> QByteArray { return chargeFailed(day); });
    day.poisson(Payments, 0.4, surgeEnd, dayUs, [&](qint64) -> QByteArray { return chargeFailed(day); });
    qint64 firstSurge = surgeEnd;
    day.poisson(Payments, 409, surgeStart, surgeEnd, [&](qint64 at) -> QByteArray {
        firstSurge = std::min(firstSurge, at);
        ++t.surgeErrors;
        if (day.below(2) == 0)
            day.add(Payments, at + 2 * usPerSecond,
                "WARN payments.api - retrying charge for customer cus_" + day.number(100000) + " in 2s (attempt 2)");
        return chargeFailed(day);
    });
    t.firstSurgeErrorUs = dayStartUs + firstSurge / 1000 * 1000; // lines carry milliseconds
    day.poisson(Payments, 70, surgeStart + 2 * usPerMinute, surgeEnd, [&](qint64) -> QByteArray {
        return "ERROR payments.gateway - circuit breaker open for card-processor after " + day.number(80)
            + " failures in 60s";
    });

    // The bulk: requests, following the day's traffic, and successful charges.
    qint64 fixed = 0;
    for (const auto& lines : day.m_files)
        fixed += qint64(lines.size());
    const qint64 bulk = std::max<qint64>(0, options.lines - fixed);
    const qint64 charges = bulk / 6;
    static const std::array<const char*, 4> methods = {"GET", "GET", "POST", "PUT"};
    static const std::array<const char*, 5> paths = {"/v1/orders/", "/v1/carts/", "/v1/users/", "/v1/items/", "/v1/search?q="};
    auto atTraffic = [&] {
        while (true) {
            const qint64 at = day.below(dayUs);
            if (day.uniform() * 1.5 <= Day::traffic(at))
                return at;
        }
    };
    for (qint64 i = 0; i < bulk - charges; ++i) {
        const qint64 at = atTraffic();
        const bool slow = day.below(1000) == 0;
        day.add(Edge, at,
            QByteArray(slow ? "WARN" : "INFO") + " edge.http - " + methods[std::size_t(day.below(4))] + ' '
                + paths[std::size_t(day.below(5))] + day.number(10'000'000) + (slow ? " 503 " : " 200 ")
                + day.number(slow ? 30000 : 400) + "ms");
    }
    for (qint64 i = 0; i < charges; ++i) {
        const qint64 at = atTraffic();
        day.add(Payments, at,
            "INFO payments.api - charge succeeded for customer cus_" + day.number(100000) + " amount="
                + day.number(100000) + " currency=EUR (request_id=" + day.hex(16) + ")");
    }

    for (int f = 0; f < FileCount; ++f) {
        auto& lines = day.m_files[std::size_t(f)];
        std::ranges::stable_sort(lines, [](const Line& a, const Line& b) { return a.atUs < b.atUs; });
        const QString name = QString::fromLatin1(fileNames[std::size_t(f)]);
        QFile file(QDir(folder).filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        QByteArray chunk;
        chunk.reserve(1 << 20);
        for (const Line& line : lines) {
            chunk += stamp(line.atUs);
            chunk += line.text;
            chunk += '\n';
            if (chunk.size() > (1 << 20) - 4096) {
                if (file.write(chunk) != chunk.size())
                    return QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
                chunk.clear();
            }
        }
        if (file.write(chunk) != chunk.size() || !file.flush())
            return QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        t.lines += qint64(lines.size());
        t.files << name;
    }
    if (truth)
        *truth = t;
    return {};
}

} // namespace aftermath::noisyday
