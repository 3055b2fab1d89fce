// aftermath-cli: a QCoreApplication that hands its arguments and streams to cli::run().

#include "cli.h"

#include <QCoreApplication>

#include <cstdio>
#include <unistd.h>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aftermath-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AFTERMATH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return aftermath::cli::run(QCoreApplication::arguments(), out, err, isatty(STDERR_FILENO) == 1);
}
