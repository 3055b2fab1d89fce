#pragma once

// What the CLI's tests share: running `aftermath-cli ARGS...` in-process and reading its output.

#include "cli.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <catch2/catch.hpp>

#include <vector>

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

// RFC 4180 read back: records of fields; quoted fields may hold commas, doubled quotes and line breaks.
inline std::vector<QStringList> parseCsv(const QString& text)
{
    std::vector<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            REQUIRE(field.isEmpty()); // a quote only opens a field
            quoted = wasQuoted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            wasQuoted = false;
        } else if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n') {
            record << field;
            records.push_back(record);
            record.clear();
            field.clear();
            wasQuoted = false;
            ++i;
        } else {
            REQUIRE_FALSE(wasQuoted); // nothing after a closing quote but a separator
            REQUIRE(c != u'\n'); // a bare line break only inside quotes
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.isEmpty());
    REQUIRE(record.isEmpty()); // the last record ends in CRLF too
    return records;
}

// Runs a shell script with `sh`, in `folder`; returns exit code, stdout bytes and stderr.
struct ShellRun {
    int code;
    QByteArray out;
    QString err;
};

inline ShellRun runShell(const QStringList& arguments, const QByteArray& script, const QString& folder)
{
    QProcess sh;
    sh.setWorkingDirectory(folder);
    sh.start(QStringLiteral("sh"), arguments);
    REQUIRE(sh.waitForStarted(10000));
    sh.write(script);
    sh.closeWriteChannel();
    REQUIRE(sh.waitForFinished(30000));
    return {sh.exitCode(), sh.readAllStandardOutput(), QString::fromUtf8(sh.readAllStandardError())};
}

// The words of each `gh` command in a script of them (`action export --format gh`), as a shell
// passes them: the script must parse (sh -n, else nothing is run) and is then run with gh replaced
// by a function that prints each argument NUL-terminated and an ASCII record separator after each
// command, in `folder`.
inline std::vector<QStringList> ghCommandWords(const QString& script, const QString& folder)
{
    const ShellRun syntax = runShell({QStringLiteral("-n")}, script.toUtf8(), folder);
    INFO(syntax.err.toStdString());
    REQUIRE(syntax.code == 0); // never run what does not parse
    const QByteArray withGh
        = "gh() { for word in \"$@\"; do printf '%s\\0' \"$word\"; done; printf '\\036'; }\n" + script.toUtf8();
    const ShellRun ran = runShell({}, withGh, folder);
    INFO(ran.err.toStdString());
    REQUIRE(ran.code == 0);
    QList<QByteArray> printed = ran.out.split('\036');
    REQUIRE(printed.last().isEmpty()); // nothing after the last command
    printed.removeLast();
    std::vector<QStringList> commands;
    for (const QByteArray& command : printed) {
        QStringList words;
        for (const QByteArray& word : command.split('\0'))
            words << QString::fromUtf8(word);
        words.removeLast(); // after the last NUL
        commands.push_back(words);
    }
    return commands;
}

} // namespace aftermath::test
