// aftermath: the desktop application. Everything but this file is in aftermath::desktop.
#include "mainwindow.h"
#include "model/clock.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <optional>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Aftermath"));
    QApplication::setOrganizationName(QStringLiteral("Aftermath"));
    QApplication::setApplicationVersion(QStringLiteral(AFTERMATH_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Incident timelines and postmortems from the evidence an incident leaves behind."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"),
        QApplication::translate(
            "main", "Open the store FILE (default: $AFTERMATH_DB, else the store in the user data folder)."),
        QStringLiteral("FILE"));
    parser.addOption(dbOption);
    const QCommandLineOption importOption(QStringLiteral("import"),
        QApplication::translate(
            "main", "Import PATH (a file, folder or archive) into the store at startup; may be repeated."),
        QStringLiteral("PATH"));
    parser.addOption(importOption);
    const QCommandLineOption incidentOption(QStringLiteral("incident"),
        QApplication::translate(
            "main", "Show the timeline of incident ID of the store (see aftermath-cli incident list)."),
        QStringLiteral("ID"));
    parser.addOption(incidentOption);
    parser.addPositionalArgument(QStringLiteral("paths"),
        QApplication::translate("main",
            "An Aftermath store to open (as --db FILE does; how a file manager opens one), or more files, folders "
            "or archives to import at startup."),
        QStringLiteral("[STORE | PATH...]"));
    parser.process(app);
    QStringList imports = parser.values(importOption);
    std::optional<QString> storeArgument;
    for (const QString& positional : parser.positionalArguments()) {
        if (!aftermath::workspace::isStoreFile(positional)) {
            imports << positional;
        } else if (storeArgument || parser.isSet(dbOption)) {
            std::fprintf(stderr, "aftermath: %s is a store; give one store to open, with --db FILE or as FILE\n",
                qPrintable(positional));
            return 2;
        } else {
            storeArgument = positional;
        }
    }
    std::optional<qint64> incident;
    if (parser.isSet(incidentOption)) {
        bool ok = false;
        incident = parser.value(incidentOption).toLongLong(&ok);
        if (!ok || *incident <= 0) {
            std::fprintf(stderr, "aftermath: --incident needs an incident number, such as --incident 1\n");
            return 2;
        }
    }

    const QString path = parser.isSet(dbOption) ? parser.value(dbOption)
        : storeArgument                         ? *storeArgument
                                                : aftermath::workspace::defaultStorePath();
    // "Now" (overdue action items, the times the store records) from AFTERMATH_NOW, as in the CLI.
    const auto clock = aftermath::EnvironmentClock::fromEnvironment();
    if (!clock) {
        std::fprintf(stderr, "aftermath: %s\n", qPrintable(clock.error().message));
        return 2;
    }

    aftermath::desktop::MainWindow window(clock->clock());
    QString error;
    const bool opened = window.openStore(path, &error);
    QString incidentError;
    const bool shown = !opened || !incident || window.showIncident(*incident, &incidentError);
    window.show();
    if (!shown) {
        QTimer::singleShot(0, &window, [&window, incidentError] {
            QMessageBox::warning(&window, QApplication::translate("main", "No Such Incident"), incidentError);
        });
    }
    if (opened && !imports.isEmpty()) {
        // Once the event loop runs, so the window shows the progress and the summary.
        QTimer::singleShot(0, &window, [&window, imports] {
            QString importError;
            if (!window.importPaths(imports, &importError))
                QMessageBox::warning(&window, QApplication::translate("main", "Cannot Import"), importError);
        });
    }
    if (!opened) {
        // After the event loop starts, so the message appears over the shown window.
        QTimer::singleShot(0, &window, [&window, error] {
            QMessageBox::warning(&window, QApplication::translate("main", "Cannot Open Store"), error);
        });
    }
    return app.exec();
}
