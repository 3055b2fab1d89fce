// aftermath-cli's entry point: global options, the command's parser, help, usage and runtime errors.

#include "cli.h"

#include "commands.h"
#include "workspace/workspace.h"

#include <QCommandLineParser>

namespace aftermath::cli {

namespace {

const QString programName = QStringLiteral("aftermath-cli");

QCommandLineOption dbOption()
{
    return QCommandLineOption(QStringList{QStringLiteral("db")},
        QStringLiteral("The store to use (default: $AFTERMATH_DB, else %1).").arg(workspace::defaultStorePath()),
        QStringLiteral("FILE"));
}

QCommandLineOption helpOption()
{
    return QCommandLineOption(
        QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show help and exit."));
}

// QCommandLineParser's help starts with a usage line built from the executable's file name; the
// rest (the option table) is what we keep.
QString optionsHelp(const QCommandLineParser& parser)
{
    const QString text = parser.helpText();
    const qsizetype options = text.indexOf(QStringLiteral("Options:"));
    return options < 0 ? QString() : text.mid(options);
}

QString generalHelp(const QCommandLineParser& parser)
{
    QString text = QStringLiteral("Usage: %1 [--db FILE] COMMAND [options]\n\n"
                                  "Aftermath keeps the evidence of incidents (logs, deploys, chat) in a local store\n"
                                  "and reconstructs their timelines.\n\nCommands:\n")
                       .arg(programName);
    for (const Command& command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.name.toString().leftJustified(10), command.summary);
    text += QStringLiteral("\nRun '%1 COMMAND --help' for a command's options.\n\n").arg(programName);
    text += optionsHelp(parser);
    return text;
}

QString commandHelp(const Command& command, const QCommandLineParser& parser)
{
    QString usage = QStringLiteral("Usage: %1 [--db FILE] %2 [options]").arg(programName, command.name);
    if (!command.syntax.isEmpty())
        usage += u' ' + command.syntax.toString();
    return usage + QStringLiteral("\n\n") + command.summary.toString() + QStringLiteral("\n\n") + optionsHelp(parser);
}

const Command* findCommand(QStringView name)
{
    for (const Command& command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

int usageError(QTextStream& err, const QString& message, const QString& hint)
{
    err << programName << ": " << message << '\n' << hint << '\n';
    err.flush();
    return UsageError;
}

} // namespace

int Invocation::usageError(const QString& message) const
{
    return cli::usageError(err, message, QStringLiteral("Run '%1 %2 --help' for usage.").arg(programName, commandName));
}

int Invocation::runtimeError(const QString& message) const
{
    err << programName << ": error: " << message << '\n';
    err.flush();
    return RuntimeError;
}

int run(const QStringList& arguments, QTextStream& out, QTextStream& err, bool errIsTerminal)
{
    // First pass: global options up to the command name; everything after it is the command's.
    QCommandLineParser global;
    global.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    global.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    global.addOption(dbOption());
    global.addOption(helpOption());
    const QCommandLineOption versionOption(
        QStringList{QStringLiteral("version")}, QStringLiteral("Show the version and exit."));
    global.addOption(versionOption);
    const QString generalHint = QStringLiteral("Run '%1 --help' for usage.").arg(programName);
    if (!global.parse(arguments))
        return usageError(err, global.errorText(), generalHint);
    if (global.isSet(versionOption)) {
        out << programName << ' ' << AFTERMATH_VERSION << '\n';
        return Success;
    }
    QStringList rest = global.positionalArguments();
    if (!rest.isEmpty() && rest.first() == u"help") {
        rest.removeFirst();
        if (rest.isEmpty()) {
            out << generalHelp(global);
            return Success;
        }
        rest.append(QStringLiteral("--help"));
    }
    if (rest.isEmpty()) {
        if (global.isSet(QStringLiteral("help"))) {
            out << generalHelp(global);
            return Success;
        }
        err << generalHelp(global);
        return usageError(err, QStringLiteral("no command given"), generalHint);
    }

    const QString name = rest.takeFirst();
    const Command* command = findCommand(name);
    if (!command)
        return usageError(err, QStringLiteral("unknown command \"%1\"").arg(name), generalHint);

    // Second pass: the command's own parser, which accepts --db too (before or after the command).
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(dbOption());
    parser.addOption(helpOption());
    command->addOptions(parser);
    if (!parser.parse(QStringList{programName} + rest))
        return usageError(
            err, parser.errorText(), QStringLiteral("Run '%1 %2 --help' for usage.").arg(programName, name));
    if (parser.isSet(QStringLiteral("help")) || global.isSet(QStringLiteral("help"))) {
        out << commandHelp(*command, parser);
        return Success;
    }

    if (command->syntax.isEmpty() && !parser.positionalArguments().isEmpty())
        return usageError(err, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()),
            QStringLiteral("Run '%1 %2 --help' for usage.").arg(programName, name));

    QString storePath = workspace::defaultStorePath();
    if (parser.isSet(QStringLiteral("db")))
        storePath = parser.value(QStringLiteral("db"));
    else if (global.isSet(QStringLiteral("db")))
        storePath = global.value(QStringLiteral("db"));
    if (storePath.isEmpty())
        return usageError(err, QStringLiteral("--db needs a file name"), generalHint);

    const Invocation invocation{name, parser, storePath, out, err, errIsTerminal};
    const int code = command->run(invocation);
    out.flush();
    err.flush();
    return code;
}

} // namespace aftermath::cli
