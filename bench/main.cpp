// aftermath-bench: see docs/benchmarks.md.
#include "concurrencybench.h"
#include "ingestbench.h"
#include "loghubbench.h"
#include "noisybench.h"
#include "searchbench.h"
#include "serverbench.h"
#include "sqlbench.h"
#include "storebench.h"
#include "timelinebench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Aftermath's throughput benchmarks, each against a baseline."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("suite"),
        QStringLiteral("store | ingest | server | timeline | sql | search | day | noisy | loghub | concurrency"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("Rows to use (default 1000000)."),
        QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Work folder (default: a temp folder)."),
        QStringLiteral("DIR"), QDir::tempPath() + QStringLiteral("/aftermath-bench"));
    const QCommandLineOption corpusOption(QStringLiteral("corpus"),
        QStringLiteral("loghub: a folder of <System>/<System>_2k.log_structured.csv (may be repeated; default %1).")
            .arg(QStringLiteral(AFTERMATH_LOGHUB_CORPUS)),
        QStringLiteral("DIR"));
    const QCommandLineOption dbOption(QStringLiteral("db"),
        QStringLiteral("server: the PostgreSQL server to make a scratch database on, as "
                       "postgresql://USER@HOST:PORT/DATABASE (a role with CREATEDB); concurrency: the store, a file "
                       "or a postgresql:// URL. The password comes from PGPASSWORD or PGPASSFILE."),
        QStringLiteral("STORE"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
        QStringLiteral("concurrency: how long the writers and readers run (default 60)."), QStringLiteral("S"),
        QStringLiteral("60"));
    parser.addOption(dbOption);
    parser.addOption(secondsOption);
    parser.addOption(rowsOption);
    parser.addOption(dirOption);
    parser.addOption(corpusOption);
    parser.process(app);

    QTextStream out(stdout);
    bool ok = false;
    const qint64 rows = parser.value(rowsOption).toLongLong(&ok);
    const QStringList suites = parser.positionalArguments();
    if (!ok || rows <= 0 || suites.size() != 1
        || (suites.first() != u"store" && suites.first() != u"ingest" && suites.first() != u"timeline"
            && suites.first() != u"sql" && suites.first() != u"search" && suites.first() != u"day"
            && suites.first() != u"noisy" && suites.first() != u"loghub" && suites.first() != u"server"
            && suites.first() != u"concurrency")
        || (suites.first() == u"server" && !parser.isSet(dbOption))) {
        QTextStream(stderr) << parser.helpText();
        return 2;
    }
    if (suites.first() == u"concurrency") {
        const double seconds = parser.value(secondsOption).toDouble(&ok);
        if (!ok || seconds <= 0 || !parser.isSet(dbOption)) {
            QTextStream(stderr) << "concurrency needs --db STORE (a file or a postgresql:// URL) and --seconds > 0\n";
            return 2;
        }
        return aftermath::bench::runConcurrencyBench(parser.value(dbOption), seconds, out);
    }
    if (suites.first() == u"loghub")
        return aftermath::bench::runLoghubBench(parser.isSet(corpusOption)
                ? parser.values(corpusOption)
                : QStringList{QStringLiteral(AFTERMATH_LOGHUB_CORPUS)},
            rows, out);
    if (suites.first() == u"server")
        return aftermath::bench::runServerBench(rows, parser.value(dbOption), parser.value(dirOption), out);
    if (suites.first() == u"timeline")
        return aftermath::bench::runTimelineBench(rows, parser.value(dirOption), out);
    if (suites.first() == u"sql")
        return aftermath::bench::runSqlBench(rows, parser.value(dirOption), out);
    if (suites.first() == u"search")
        return aftermath::bench::runSearchBench(rows, parser.value(dirOption), out);
    if (suites.first() == u"noisy")
        return aftermath::bench::runNoisyBench(rows, parser.value(dirOption), out);
    if (suites.first() == u"day")
        return aftermath::bench::runDayStore(rows, parser.value(dirOption), out);
    if (suites.first() == u"ingest")
        return aftermath::bench::runIngestBench(rows, parser.value(dirOption), out);
    return aftermath::bench::runStoreBench(rows, parser.value(dirOption), out);
}
