#pragma once

#include <QElapsedTimer>
#include <QString>
#include <QTextStream>

#include <sys/resource.h>

namespace aftermath::bench {

// Peak resident set size of this process so far, in MiB.
inline double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

// CPU time this process has used so far (all threads, user and system), in nanoseconds: on a
// machine shared with other work it varies less than wall-clock time does.
inline qint64 processCpuNs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (qint64(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1'000'000'000
        + (qint64(usage.ru_utime.tv_usec) + usage.ru_stime.tv_usec) * 1000;
}

// One measured figure: rows per second of a named run.
struct Throughput {
    QString name;
    qint64 rows = 0;
    qint64 nanoseconds = 0;
    double perSecond() const { return nanoseconds > 0 ? double(rows) * 1e9 / double(nanoseconds) : 0.0; }
};

inline void printThroughput(QTextStream& out, const Throughput& t)
{
    out << QStringLiteral("  %1 %2 rows in %3 s = %4 M rows/s\n")
               .arg(t.name.leftJustified(34))
               .arg(t.rows)
               .arg(double(t.nanoseconds) / 1e9, 0, 'f', 3)
               .arg(t.perSecond() / 1e6, 0, 'f', 3);
    out.flush();
}

} // namespace aftermath::bench
