// aftermath-noisyday: writes a day of noisy production logs with one incident in it (noisyday.h).
#include "noisyday.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>
#include <QTimeZone>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a day of noisy production logs (scheduled jobs, background errors, deploys) with one incident, "
        "charges failing from 14:00 to 16:00 UTC, into a folder."));
    parser.addHelpOption();
    const QCommandLineOption linesOption(
        QStringLiteral("lines"), QStringLiteral("About how many lines (default 1000000)."), QStringLiteral("N"),
        QStringLiteral("1000000"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
    parser.addOption(linesOption);
    parser.addOption(seedOption);
    parser.addPositionalArgument(QStringLiteral("folder"), QStringLiteral("Where to write the logs."));
    parser.process(app);
    bool linesOk = false;
    bool seedOk = false;
    aftermath::noisyday::Options options;
    options.lines = parser.value(linesOption).toLongLong(&linesOk);
    options.seed = parser.value(seedOption).toULongLong(&seedOk);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1 || !linesOk || !seedOk || options.lines <= 0) {
        err << parser.helpText();
        return 2;
    }
    aftermath::noisyday::Truth truth;
    if (const QString problem = aftermath::noisyday::write(parser.positionalArguments().first(), options, &truth);
        !problem.isEmpty()) {
        err << "aftermath-noisyday: " << problem << '\n';
        return 1;
    }
    auto iso = [](qint64 us) { return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc()).toString(Qt::ISODate); };
    QTextStream(stdout) << "Wrote " << truth.lines << " lines into " << truth.files.join(QStringLiteral(", "))
                        << ".\nThe incident: charges fail from " << iso(truth.surgeStartUs) << " to "
                        << iso(truth.surgeEndUs) << " (" << truth.surgeErrors << " failures, the first at "
                        << iso(truth.firstSurgeErrorUs) << "), after the payments-api deploy at "
                        << iso(truth.triggerUs) << ". The day's first error, at " << iso(truth.firstErrorOfDayUs)
                        << ", is background.\n";
    return 0;
}
