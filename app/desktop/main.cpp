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
#include <string_view>

namespace {

struct Options {
    QCommandLineOption db{QStringLiteral("db"),
        QCoreApplication::translate(
            "main", "Open the store FILE (default: $AFTERMATH_DB, else the store in the user data folder)."),
        QStringLiteral("FILE")};
    QCommandLineOption import{QStringLiteral("import"),
        QCoreApplication::translate(
            "main", "Import PATH (a file, folder or archive) into the store at startup; may be repeated."),
        QStringLiteral("PATH")};
    QCommandLineOption incident{QStringLiteral("incident"),
        QCoreApplication::translate(
            "main", "Show the timeline of incident ID of the store (see aftermath-cli incident list)."),
        QStringLiteral("ID")};
};

void describe(QCommandLineParser& parser, const Options& options)
{
    QCoreApplication::setApplicationName(QStringLiteral("Aftermath"));
    QCoreApplication::setOrganizationName(QStringLiteral("Aftermath"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AFTERMATH_VERSION));
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Incident timelines and postmortems from the evidence an incident leaves behind."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(options.db);
    parser.addOption(options.import);
    parser.addOption(options.incident);
    parser.addPositionalArgument(QStringLiteral("paths"),
        QCoreApplication::translate("main",
            "An Aftermath store to open (as --db FILE does; how a file manager opens one), or more files, folders "
            "or archives to import at startup."),
        QStringLiteral("[STORE | PATH...]"));
}

// --help and --version answered without a window system (a terminal over ssh, a packaging check):
// they print and exit before the QApplication that needs a display is made.
void answerWithoutDisplay(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument == "--")
            return;
        if (argument == "--help" || argument == "-h" || argument == "-?" || argument == "--help-all"
            || argument == "--version" || argument == "-v") {
            QCoreApplication core(argc, argv);
            const Options options;
            QCommandLineParser parser;
            describe(parser, options);
            parser.process(core); // prints and exits
            return;
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    answerWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    const Options options;
    QCommandLineParser parser;
    describe(parser, options);
    const QCommandLineOption& dbOption = options.db;
    const QCommandLineOption& importOption = options.import;
    const QCommandLineOption& incidentOption = options.incident;
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
    const bool opened = window.openStoreAskingPassword(path, &error);
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
    if (!opened && !error.isEmpty()) {
        // After the event loop starts, so the message appears over the shown window.
        QTimer::singleShot(0, &window, [&window, error] {
            QMessageBox::warning(&window, QApplication::translate("main", "Cannot Open Store"), error);
        });
    }
    return app.exec();
}
