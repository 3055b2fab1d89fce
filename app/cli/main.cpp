#include "cli.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aftermath-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AFTERMATH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return aftermath::cli::run(QCoreApplication::arguments(), out, err);
}
