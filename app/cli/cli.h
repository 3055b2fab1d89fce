#pragma once

// aftermath-cli's entry point: run() parses the global options and the command's, and runs it.

#include <QStringList>
#include <QTextStream>

namespace aftermath::cli {

enum ExitCode : int {
    Success = 0,
    RuntimeError = 1, // the message on stderr names the file and what to do
    UsageError = 2, // bad command line; the message says what was expected
    ConflictError = 3, // --if-version: it changed since; stderr shows each field's stored value and the one given
};

// Runs aftermath-cli with argv-style arguments (arguments[0] is the program name), writing normal
// output to `out` and messages to `err`; returns the exit code. Progress bars are drawn on `err`
// only when it is a terminal.
int run(const QStringList& arguments, QTextStream& out, QTextStream& err, bool errIsTerminal = false);

} // namespace aftermath::cli
