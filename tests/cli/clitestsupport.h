#pragma once

// What the CLI's tests share: running `aftermath-cli ARGS...` in-process and reading its output.

#include "cli.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace aftermath::test {

struct CliRun {
    int code;
    QString out;
    QString err;
};

// Runs the CLI in-process, as `aftermath-cli ARGS...`.
inline CliRun runCli(const QStringList& arguments)
{
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const int code = cli::run(QStringList{QStringLiteral("aftermath-cli")} + arguments, outStream, errStream);
    outStream.flush();
    errStream.flush();
    return {code, out, err};
}

// The non-empty lines of an output.
inline QStringList lines(const QString& text) { return text.split(u'\n', Qt::SkipEmptyParts); }

} // namespace aftermath::test
