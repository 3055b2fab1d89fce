#pragma once

// A subcommand (Command), what it runs with (Invocation), and the table of them (commands()).

#include <QCommandLineParser>
#include <QString>
#include <QTextStream>

#include <span>

namespace aftermath::cli {

// What a command gets: its parsed options, the store path and the output streams.
struct Invocation {
    const QString& commandName;
    const QCommandLineParser& parser;
    QString storePath;
    QTextStream& out;
    QTextStream& err;
    bool errIsTerminal = false; // draw progress on err

    // Prints "aftermath-cli: MESSAGE" and where to find the command's usage; returns UsageError.
    int usageError(const QString& message) const;
    // Prints "aftermath-cli: error: MESSAGE"; returns RuntimeError.
    int runtimeError(const QString& message) const;
};

// One subcommand: its name, the syntax of its positional arguments, one line on what it does,
// the options it adds to the global ones, and what it runs.
struct Command {
    QStringView name;
    QStringView syntax;
    QStringView summary;
    void (*addOptions)(QCommandLineParser& parser);
    int (*run)(const Invocation& invocation);
};

std::span<const Command> commands();

} // namespace aftermath::cli
