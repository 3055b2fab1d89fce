#include "cli.h"
#include "clitestsupport.h"
#include "commands.h"
#include "ingest/format.h"
#include "store/store.h"

#include "systemsupport.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <csignal>

using namespace aftermath;
using aftermath::test::incidentNightUs;
using aftermath::test::usPerSecond;

namespace {

using Run = test::CliRun;
using test::lines;
using test::runCli;

// A store with the incident night's events: a job start at 02:00 London (01:00Z), a multi-line
// error at 02:02:03.5, a retry at 02:03.
QString incidentStore(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("incident.sqlite"));
    auto store = store::Store::open(path);
    REQUIRE(store);
    auto tx = store->evidence().beginEvidence();
    REQUIRE(tx);
    const qint64 source
        = *(*tx)->addSource(test::makeSource(QStringLiteral("etl-nhs.log"), QStringLiteral("python-logging")));
    auto start = test::makeEvent(source, incidentNightUs, 0, QStringLiteral("Starting create_post_funding for NHS E"),
        model::Level::Info, model::EventKind::JobStart);
    start.service = QStringLiteral("etl");
    start.runId = QStringLiteral("nhs-e");
    auto error = test::makeEvent(source, incidentNightUs + 123 * usPerSecond + 500000, 1,
        QStringLiteral("column \"funding_band\" does not exist\nTraceback (most recent call last):"),
        model::Level::Error, model::EventKind::Error);
    auto retry = test::makeEvent(source, incidentNightUs + 180 * usPerSecond, 2, QStringLiteral("Retrying (attempt 2)"),
        model::Level::Warning, model::EventKind::Retry);
    REQUIRE((*tx)->addEvents(std::vector{start, error, retry}));
    REQUIRE((*tx)->commit());
    return path;
}

} // namespace

TEST_CASE("cli: version, help and usage errors", "[cli]")
{
    const Run version = runCli({QStringLiteral("--version")});
    CHECK(version.code == cli::Success);
    CHECK(version.out == QStringLiteral("aftermath-cli " AFTERMATH_VERSION "\n"));

    const Run help = runCli({QStringLiteral("--help")});
    CHECK(help.code == cli::Success);
    for (const char* command : {"init", "info", "events"})
        CHECK(help.out.contains(QStringLiteral("  ") + QLatin1StringView(command)));
    CHECK(runCli({QStringLiteral("help")}).out == help.out);

    const Run eventsHelp = runCli({QStringLiteral("events"), QStringLiteral("--help")});
    CHECK(eventsHelp.code == cli::Success);
    CHECK(eventsHelp.out.startsWith(QStringLiteral("Usage: aftermath-cli [--db FILE] events [options]")));
    for (const char* option : {"--from", "--to", "--tz", "--format", "--db"})
        CHECK(eventsHelp.out.contains(QLatin1StringView(option)));
    CHECK(runCli({QStringLiteral("help"), QStringLiteral("events")}).out == eventsHelp.out);

    const Run none = runCli({});
    CHECK(none.code == cli::UsageError);
    CHECK(none.out.isEmpty());
    CHECK(none.err.contains(QStringLiteral("no command given")));

    const Run unknown = runCli({QStringLiteral("explode")});
    CHECK(unknown.code == cli::UsageError);
    CHECK(unknown.err.contains(QStringLiteral("unknown command \"explode\"")));

    const Run badOption = runCli({QStringLiteral("info"), QStringLiteral("--colour")});
    CHECK(badOption.code == cli::UsageError);
    CHECK(badOption.err.contains(QStringLiteral("colour")));
    CHECK(badOption.err.contains(QStringLiteral("aftermath-cli info --help")));

    const Run extra = runCli({QStringLiteral("init"), QStringLiteral("now")});
    CHECK(extra.code == cli::UsageError);
    CHECK(extra.err.contains(QStringLiteral("unexpected argument \"now\"")));

    const Run missingValue = runCli({QStringLiteral("info"), QStringLiteral("--db")});
    CHECK(missingValue.code == cli::UsageError);
}

TEST_CASE("cli: every command in the table has help that starts with its usage line and summary", "[cli]")
{
    // The table's order is the general help's order, which the README and the docs follow.
    QStringList names;
    for (const cli::Command& command : cli::commands())
        names << command.name.toString();
    CHECK(names
        == QStringList{QStringLiteral("init"), QStringLiteral("info"), QStringLiteral("events"), QStringLiteral("sql"),
            QStringLiteral("ingest"), QStringLiteral("formats"), QStringLiteral("demo"), QStringLiteral("incident"),
            QStringLiteral("timeline"), QStringLiteral("templates"), QStringLiteral("rootcause"), QStringLiteral("entry"),
            QStringLiteral("action"),
            QStringLiteral("draft"), QStringLiteral("export"), QStringLiteral("import-postmortem"), QStringLiteral("push"),
            QStringLiteral("pull")});

    const QStringList general = lines(runCli({QStringLiteral("--help")}).out);
    qsizetype listed = general.indexOf(QStringLiteral("Commands:"));
    REQUIRE(listed >= 0);
    for (const cli::Command& command : cli::commands()) {
        const QString name = command.name.toString();
        INFO(name.toStdString());
        CHECK(general.value(++listed)
            == QStringLiteral("  %1  %2").arg(name.leftJustified(10), command.summary.toString()));

        const Run help = runCli({name, QStringLiteral("--help")});
        CHECK(help.code == cli::Success);
        CHECK(help.err.isEmpty());
        QString usage = QStringLiteral("Usage: aftermath-cli [--db FILE] %1 [options]").arg(name);
        if (!command.syntax.isEmpty())
            usage += u' ' + command.syntax.toString();
        CHECK(help.out.startsWith(
            usage + QStringLiteral("\n\n") + command.summary.toString() + QStringLiteral("\n\nOptions:\n")));
        CHECK(help.out.contains(QStringLiteral("--db <FILE>")));
        CHECK(runCli({QStringLiteral("help"), name}).out == help.out);

        const Run unknown = runCli({name, QStringLiteral("--no-such-option")});
        CHECK(unknown.code == cli::UsageError);
        CHECK(unknown.out.isEmpty());
        CHECK(unknown.err.contains(QStringLiteral("Run 'aftermath-cli %1 --help' for usage.").arg(name)));
    }
}

TEST_CASE("cli: a number that is not one is a usage error that names the command and the kind of number", "[cli]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("none.sqlite"));
    const std::pair<QStringList, QString> cases[] = {
        {{QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("0"), QStringLiteral("--summary"),
             QStringLiteral("x")},
            QStringLiteral("incident set needs an incident number, not \"0\"")},
        {{QStringLiteral("rootcause"), QStringLiteral("list"), QStringLiteral("x")},
            QStringLiteral("rootcause list needs an incident number, not \"x\"")},
        {{QStringLiteral("entry"), QStringLiteral("add"), QStringLiteral("0"), QStringLiteral("05:00"),
             QStringLiteral("text")},
            QStringLiteral("entry add needs an incident number, not \"0\"")},
        {{QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("text"),
             QStringLiteral("--owner"), QStringLiteral("sam")},
            QStringLiteral("action add needs an incident number, not \"x\"")},
        {{QStringLiteral("action"), QStringLiteral("set"), QStringLiteral("0"), QStringLiteral("--status"),
             QStringLiteral("done")},
            QStringLiteral("action set needs an action item number, not \"0\"")},
        {{QStringLiteral("action"), QStringLiteral("rm"), QStringLiteral("x")},
            QStringLiteral("action rm needs an action item number, not \"x\"")},
        {{QStringLiteral("action"), QStringLiteral("list"), QStringLiteral("--incident"), QStringLiteral("0")},
            QStringLiteral("--incident needs an incident number")},
        {{QStringLiteral("draft"), QStringLiteral("0")}, QStringLiteral("draft needs an incident number, not \"0\"")},
        {{QStringLiteral("export"), QStringLiteral("x")}, QStringLiteral("export needs an incident number, not \"x\"")},
        {{QStringLiteral("export"), QStringLiteral("1"), QStringLiteral("2")},
            QStringLiteral("export takes one incident number: export ID")},
    };
    for (const auto& [arguments, message] : cases) {
        INFO(arguments.join(u' ').toStdString());
        const Run run = runCli(QStringList{QStringLiteral("--db"), db} + arguments);
        CHECK(run.code == cli::UsageError);
        CHECK(run.out.isEmpty());
        CHECK(lines(run.err).value(0) == QStringLiteral("aftermath-cli: ") + message);
        CHECK(lines(run.err).value(1)
            == QStringLiteral("Run 'aftermath-cli %1 --help' for usage.").arg(arguments.first()));
    }
    CHECK_FALSE(QFile::exists(db)); // refused before any store is opened
}

TEST_CASE("cli: every command that reads or shows times takes the same --tz", "[cli][zone]")
{
    // The option's help, whitespace collapsed (the column it starts in depends on the other options).
    const auto zoneHelp = [](const QString& command) {
        const QString help = runCli({command, QStringLiteral("--help")}).out;
        const qsizetype start = help.indexOf(QStringLiteral("--tz <ZONE>"));
        REQUIRE(start >= 0);
        // Up to the next option, or the end of the options.
        const qsizetype end = help.indexOf(QRegularExpression(QStringLiteral("\\n(  -|\\n)")), start);
        return help.mid(start, end < 0 ? -1 : end - start).simplified();
    };
    // sql's --tz is the same option with a narrower meaning (only local_time()'s zone; time text is
    // UTC), so its help says so instead (sql_cli_tests); it is the same usage error below.
    const QStringList commands{QStringLiteral("events"), QStringLiteral("ingest"), QStringLiteral("incident"),
        QStringLiteral("timeline"), QStringLiteral("entry"), QStringLiteral("action"), QStringLiteral("export"),
        QStringLiteral("import-postmortem")};
    const QString first = zoneHelp(commands.front());
    CHECK(first.contains(QStringLiteral("system (the default)")));
    for (const QString& command : commands) {
        INFO(command.toStdString());
        CHECK(zoneHelp(command) == first);
    }

    // A zone that is not one is the same usage error everywhere, before anything is read.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("none.sqlite"));
    const QList<QStringList> uses{{QStringLiteral("events")}, {QStringLiteral("sql"), QStringLiteral("SELECT 1")},
        {QStringLiteral("ingest"), QStringLiteral("x.log")},
        {QStringLiteral("incident"), QStringLiteral("list")},
        {QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("1")},
        {QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1")},
        {QStringLiteral("entry"), QStringLiteral("list"), QStringLiteral("1")},
        {QStringLiteral("action"), QStringLiteral("list")}, {QStringLiteral("export"), QStringLiteral("1")},
        {QStringLiteral("import-postmortem"), QStringLiteral("pm.md")}};
    for (const QStringList& use : uses) {
        INFO(use.join(u' ').toStdString());
        const Run run = runCli(QStringList{QStringLiteral("--db"), db} + use
            + QStringList{QStringLiteral("--tz"), QStringLiteral("Mars/Olympus")});
        CHECK(run.code == cli::UsageError);
        CHECK(run.err.contains(QStringLiteral("--tz: unknown time zone \"Mars/Olympus\"")));
    }
    CHECK_FALSE(QFile::exists(db));
}

TEST_CASE("cli: init creates a store, then reports it up to date, --db works before or after the command", "[cli]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a/store.sqlite"));
    const Run created = runCli({QStringLiteral("--db"), path, QStringLiteral("init")});
    CHECK(created.code == cli::Success);
    CHECK(created.out
        == QStringLiteral("Created store %1 (schema version %2)\n").arg(path).arg(store::Store::schemaVersion));
    const Run again = runCli({QStringLiteral("init"), QStringLiteral("--db"), path});
    CHECK(again.code == cli::Success);
    CHECK(again.out.contains(QStringLiteral("up to date")));
    CHECK(runCli({QStringLiteral("info"), QStringLiteral("--db=") + path}).out.contains(path));
}

TEST_CASE("cli: AFTERMATH_DB chooses the store when --db is absent", "[cli]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("env.sqlite"));
    qputenv("AFTERMATH_DB", QFile::encodeName(path));
    const Run created = runCli({QStringLiteral("init")});
    qunsetenv("AFTERMATH_DB");
    CHECK(created.code == cli::Success);
    CHECK(created.out.contains(path));
    CHECK(QFileInfo::exists(path));
}

TEST_CASE("cli: runtime errors name the file and exit 1", "[cli]")
{
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("missing.sqlite"));
    const Run info = runCli({QStringLiteral("--db"), missing, QStringLiteral("info")});
    CHECK(info.code == cli::RuntimeError);
    CHECK(info.err.startsWith(QStringLiteral("aftermath-cli: error: ") + missing));
    CHECK(info.err.contains(QStringLiteral("init")));
    CHECK_FALSE(QFileInfo::exists(missing)); // info never creates a store

    const QString garbage = dir.filePath(QStringLiteral("garbage.sqlite"));
    REQUIRE(test::writeFile(garbage, "not a database at all"));
    for (const char* command : {"init", "info", "events"}) {
        const Run run = runCli({QStringLiteral("--db"), garbage, QLatin1StringView(command)});
        CHECK(run.code == cli::RuntimeError);
        CHECK(run.err.contains(garbage));
        CHECK(run.err.contains(QStringLiteral("not an SQLite database")));
    }
    CHECK(test::fileBytes(garbage) == "not a database at all");
}

TEST_CASE("cli: info counts the rows of each table, as text or JSON", "[cli]")
{
    QTemporaryDir dir;
    const QString path = incidentStore(dir);
    const Run text = runCli({QStringLiteral("--db"), path, QStringLiteral("info")});
    CHECK(text.code == cli::Success);
    CHECK(lines(text.out)
        == QStringList{
            QStringLiteral("store:             ") + path,
            QStringLiteral("schema version:    %1").arg(store::Store::schemaVersion),
            QStringLiteral("sources:           1"),
            QStringLiteral("events:            3"),
            QStringLiteral("incidents:         0"),
            QStringLiteral("timeline_entries:  0"),
            QStringLiteral("root_causes:       0"),
            QStringLiteral("action_items:      0"),
        });
    const Run json = runCli(
        {QStringLiteral("--db"), path, QStringLiteral("info"), QStringLiteral("--format"), QStringLiteral("json")});
    CHECK(json.code == cli::Success);
    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8(), &parseError).object();
    REQUIRE(parseError.error == QJsonParseError::NoError);
    CHECK(object[u"store"].toString() == path);
    CHECK(object[u"schema_version"].toInt() == store::Store::schemaVersion);
    CHECK(object[u"counts"][u"events"].toInt() == 3);
    CHECK(runCli({QStringLiteral("--db"), path, QStringLiteral("info"), QStringLiteral("--format"),
                     QStringLiteral("yaml")})
              .code
        == cli::UsageError);
}

TEST_CASE("cli: events prints times in the chosen zone with their offset", "[cli]")
{
    QTemporaryDir dir;
    const QString path = incidentStore(dir);
    const Run run = runCli({QStringLiteral("events"), QStringLiteral("--db"), path, QStringLiteral("--tz"),
        QStringLiteral("Europe/London")});
    CHECK(run.code == cli::Success);
    CHECK(run.err.isEmpty());
    CHECK(run.out.split(u'\n')
        == QStringList{QStringLiteral("2026-06-18T02:00:00.000000+01:00  info    job_start  etl-nhs.log:1  [etl]  "
                                      "Starting create_post_funding for NHS E"),
            QStringLiteral("2026-06-18T02:02:03.500000+01:00  error   error      etl-nhs.log:2  column "
                           "\"funding_band\" does not exist"),
            QStringLiteral("    Traceback (most recent call last):"),
            QStringLiteral("2026-06-18T02:03:00.000000+01:00  warning retry      etl-nhs.log:3  Retrying (attempt 2)"),
            QString()});
    const Run utc = runCli(
        {QStringLiteral("events"), QStringLiteral("--db"), path, QStringLiteral("--tz"), QStringLiteral("UTC")});
    CHECK(utc.out.startsWith(QStringLiteral("2026-06-18T01:00:00.000000Z  info")));
}

TEST_CASE("cli: events as JSON lines", "[cli]")
{
    QTemporaryDir dir;
    const QString path = incidentStore(dir);
    const Run run = runCli(
        {QStringLiteral("events"), QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--db"), path});
    CHECK(run.code == cli::Success);
    const QStringList rows = lines(run.out);
    REQUIRE(rows.size() == 3);
    QList<QJsonObject> objects;
    for (const QString& row : rows) {
        QJsonParseError parseError;
        objects << QJsonDocument::fromJson(row.toUtf8(), &parseError).object();
        REQUIRE(parseError.error == QJsonParseError::NoError);
    }
    CHECK(rows[0].startsWith(
        QStringLiteral("{\"id\":1,\"time\":\"2026-06-18T01:00:00.000000Z\",\"time_quality\":\"explicit\"")));
    const QJsonObject& start = objects[0];
    CHECK(start[u"source"].toString() == QStringLiteral("etl-nhs.log"));
    CHECK(start[u"line"].toInt() == 1);
    CHECK(start[u"level"].toString() == QStringLiteral("info"));
    CHECK(start[u"kind"].toString() == QStringLiteral("job_start"));
    CHECK(start[u"service"].toString() == QStringLiteral("etl"));
    CHECK(start[u"run"].toString() == QStringLiteral("nhs-e"));
    CHECK(start[u"actor"].isNull());
    const QJsonObject& error = objects[1];
    CHECK(error[u"time"].toString() == QStringLiteral("2026-06-18T01:02:03.500000Z"));
    CHECK(error[u"message"].toString()
        == QStringLiteral("column \"funding_band\" does not exist\nTraceback (most recent call last):"));
}

TEST_CASE("cli: events in a window, naive times are read in --tz", "[cli]")
{
    QTemporaryDir dir;
    const QString path = incidentStore(dir);
    auto count = [&](const QStringList& extra) {
        const Run run = runCli(QStringList{QStringLiteral("--db"), path, QStringLiteral("events"),
                                   QStringLiteral("--format"), QStringLiteral("jsonl")}
            + extra);
        REQUIRE(run.code == cli::Success);
        return lines(run.out).size();
    };
    // 02:00 London is 01:00Z; the window is inclusive at both ends.
    CHECK(count({QStringLiteral("--tz"), QStringLiteral("Europe/London"), QStringLiteral("--from"),
              QStringLiteral("2026-06-18 02:00"), QStringLiteral("--to"), QStringLiteral("2026-06-18T02:02:03.5")})
        == 2);
    CHECK(count({QStringLiteral("--tz"), QStringLiteral("UTC"), QStringLiteral("--from"),
              QStringLiteral("2026-06-18T02:00")})
        == 0);
    CHECK(count({QStringLiteral("--from"), QStringLiteral("2026-06-18T03:02:30+02:00")}) == 1);
    CHECK(count({QStringLiteral("--to"), QStringLiteral("2026-06-18T01:00:00Z")}) == 1);
    CHECK(count({QStringLiteral("--limit"), QStringLiteral("2")}) == 2);

    const Run empty = runCli({QStringLiteral("--db"), path, QStringLiteral("events"), QStringLiteral("--from"),
        QStringLiteral("2027-01-01Z")});
    CHECK(empty.code == cli::UsageError); // a date alone takes no offset
    const Run none = runCli({QStringLiteral("--db"), path, QStringLiteral("events"), QStringLiteral("--from"),
        QStringLiteral("2027-01-01T00:00Z")});
    CHECK(none.code == cli::Success);
    CHECK(none.out.isEmpty());
    CHECK(none.err.contains(QStringLiteral("No events in that time window")));
}

TEST_CASE("cli: bad events options are usage errors that say what was expected", "[cli]")
{
    QTemporaryDir dir;
    const QString path = incidentStore(dir);
    auto run = [&](const QStringList& extra) {
        return runCli(QStringList{QStringLiteral("--db"), path, QStringLiteral("events")} + extra);
    };
    const Run reversed = run({QStringLiteral("--from"), QStringLiteral("2026-06-18T05:00Z"), QStringLiteral("--to"),
        QStringLiteral("2026-06-18T01:00Z")});
    CHECK(reversed.code == cli::UsageError);
    CHECK(reversed.err.contains(QStringLiteral("--from")));
    CHECK(reversed.err.contains(QStringLiteral("is after --to")));

    const Run zone = run({QStringLiteral("--tz"), QStringLiteral("Europe/Londn")});
    CHECK(zone.code == cli::UsageError);
    CHECK(zone.err.contains(QStringLiteral("unknown time zone \"Europe/Londn\"")));

    const Run time = run({QStringLiteral("--to"), QStringLiteral("yesterday")});
    CHECK(time.code == cli::UsageError);
    CHECK(time.err.contains(QStringLiteral("expected ISO 8601")));

    const Run gap = run({QStringLiteral("--tz"), QStringLiteral("Europe/London"), QStringLiteral("--from"),
        QStringLiteral("2026-03-29 01:30")});
    CHECK(gap.code == cli::UsageError);
    CHECK(gap.err.contains(QStringLiteral("daylight-saving gap")));

    CHECK(run({QStringLiteral("--format"), QStringLiteral("csv")}).code == cli::UsageError);
    CHECK(run({QStringLiteral("--limit"), QStringLiteral("-3")}).code == cli::UsageError);
}

TEST_CASE("cli: the real binary separates output from messages and sets exit codes", "[cli][process]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.sqlite"));
    auto run = [&](const QStringList& arguments) {
        QProcess process;
        process.start(QStringLiteral(AFTERMATH_CLI_BINARY), arguments);
        REQUIRE(process.waitForFinished(30000));
        REQUIRE(process.exitStatus() == QProcess::NormalExit);
        return Run{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
    };
    const Run init = run({QStringLiteral("init"), QStringLiteral("--db"), path});
    CHECK(init.code == 0);
    CHECK(init.out.startsWith(QStringLiteral("Created store")));
    CHECK(init.err.isEmpty());
    const Run usage = run({QStringLiteral("events"), QStringLiteral("--tz"), QStringLiteral("Nowhere/Nope"),
        QStringLiteral("--db"), path});
    CHECK(usage.code == 2);
    CHECK(usage.out.isEmpty());
    CHECK(usage.err.contains(QStringLiteral("Nowhere/Nope")));
    const Run failure
        = run({QStringLiteral("info"), QStringLiteral("--db"), dir.filePath(QStringLiteral("none.sqlite"))});
    CHECK(failure.code == 1);
    CHECK(failure.out.isEmpty());
    CHECK(failure.err.contains(QStringLiteral("none.sqlite")));
}

TEST_CASE("cli: formats lists every format with what it reads", "[cli][ingest]")
{
    const Run run = runCli({QStringLiteral("formats")});
    CHECK(run.code == cli::Success);
    const QStringList rows = lines(run.out);
    CHECK(rows.size() == qsizetype(ingest::formats().size()));
    for (const ingest::Format& format : ingest::formats())
        CHECK(run.out.contains(format.name.leftJustified(24) + u' '));
}

TEST_CASE("cli: ingest summarises each input, as text or JSON, and fails when one input fails", "[cli][ingest]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i.sqlite"));
    const QString log = test::fixture(QStringLiteral("text/etl-python-logging.log"));
    const Run text = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
        QStringLiteral("Europe/London"), log});
    CHECK(text.code == cli::Success);
    CHECK(text.out.startsWith(log
        + QStringLiteral(": ok, text-log, 7 events, 2026-06-18T02:00:00.013000+01:00 to "
                         "2026-06-18T02:01:05.891000+01:00\n")));
    CHECK(text.out.contains(QStringLiteral("times without a zone were read as Europe/London")));
    CHECK(text.out.contains(QStringLiteral("4 continuation lines")));
    // After the summary, the search index is brought up to date, and it says so.
    CHECK(text.out.contains(QRegularExpression(
        QStringLiteral("\n1 input, 7 events added, 0 failed.\nIndexed 7 events for search in \\d+\\.\\d s.\n$"))));
    CHECK(text.err.isEmpty());

    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    REQUIRE(test::writeFile(bad, "[{\"truncated\": "));
    const Run json = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--format-out"),
        QStringLiteral("json"), log, bad});
    CHECK(json.code == cli::RuntimeError);
    CHECK(json.err.contains(QStringLiteral("1 input could not be imported")));
    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8(), &parseError).object();
    REQUIRE(parseError.error == QJsonParseError::NoError);
    CHECK(object[u"events"].toInt() == 0);
    CHECK(object[u"failed"].toInt() == 1);
    CHECK(object[u"indexed"].toInt() == 0); // nothing new
    const QJsonArray files = object[u"files"].toArray();
    REQUIRE(files.size() == 2);
    CHECK(files[0][u"status"].toString() == QStringLiteral("unchanged"));
    CHECK(files[1][u"status"].toString() == QStringLiteral("error"));
    CHECK(files[1][u"message"].toString().startsWith(bad + QStringLiteral(":1:")));
}

TEST_CASE("cli: ingest's summary writes its counts with thousands separators", "[cli][ingest]")
{
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("big.log"));
    QByteArray lines;
    for (int i = 0; i < 1500; ++i) {
        lines += QStringLiteral("2026-06-18 01:%1:%2,000 INFO step %3 done\n")
                     .arg(i / 60 % 60, 2, 10, QChar(u'0'))
                     .arg(i % 60, 2, 10, QChar(u'0'))
                     .arg(i)
                     .toUtf8();
        if (i < 1200)
            lines += "  continued\n";
    }
    REQUIRE(test::writeFile(log, lines));
    const Run run = runCli({QStringLiteral("--db"), dir.filePath(QStringLiteral("big.sqlite")),
        QStringLiteral("ingest"), QStringLiteral("--tz"), QStringLiteral("UTC"), log});
    CHECK(run.code == cli::Success);
    CHECK(run.out.startsWith(log + QStringLiteral(": ok, text-log, 1,500 events, ")));
    CHECK(run.out.contains(
        QStringLiteral("  1,200 continuation lines (no timestamp) joined to the event before them\n")));
    CHECK(run.out.contains(QRegularExpression(QStringLiteral(
        "\n1 input, 1,500 events added, 0 failed.\nIndexed 1,500 events for search in \\d+\\.\\d s.\n$"))));
}

TEST_CASE("cli: ingest usage errors", "[cli][ingest]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i.sqlite"));
    auto run = [&](const QStringList& extra) {
        return runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("ingest")} + extra);
    };
    CHECK(run({}).err.contains(QStringLiteral("give at least one file")));
    const Run unknown = run({QStringLiteral("--format"), QStringLiteral("yaml-ish"), QStringLiteral("x.log")});
    CHECK(unknown.code == cli::UsageError);
    CHECK(unknown.err.contains(QStringLiteral("aftermath-cli formats")));
    CHECK(run({QStringLiteral("--source-name"), QStringLiteral("x"), QStringLiteral("a"), QStringLiteral("b")}).code
        == cli::UsageError);
    CHECK(run({QStringLiteral("--tz"), QStringLiteral("Mars/Base"), QStringLiteral("a")}).code == cli::UsageError);
    CHECK(run({QStringLiteral("--format-out"), QStringLiteral("xml"), QStringLiteral("a")}).code == cli::UsageError);
    CHECK_FALSE(QFileInfo::exists(db)); // usage errors touch no store
}

TEST_CASE("cli: ingest says what it learned of a text log's shape, and --time-format and --year override it",
    "[cli][ingest]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i.sqlite"));
    const QString health = test::fixture(QStringLiteral("loghub-shapes/HealthApp.log"));
    const Run learned = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
        QStringLiteral("Europe/London"), health});
    CHECK(learned.code == cli::Success);
    CHECK(learned.out.contains(QStringLiteral("  read as generic text: timestamp at column 0, "
                                              "`yyyyMMdd-HH:mm:ss:SSS`, no zone -> Europe/London\n")));
    CHECK(learned.out.contains(QStringLiteral("10 events, 2026-07-01T14:00:03.606000+01:00 to")));

    // Day first where the sample alone would read month first; a year for a year-less log.
    const QString dotted = dir.filePath(QStringLiteral("dotted.log"));
    REQUIRE(test::writeFile(dotted, "[03.04 10:00:00] start\n[03.04 10:00:05] done\n"));
    const Run forced = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
        QStringLiteral("UTC"), QStringLiteral("--time-format"), QStringLiteral("dd.MM HH:mm:ss"),
        QStringLiteral("--year"), QStringLiteral("2024"), dotted});
    CHECK(forced.code == cli::Success);
    CHECK(forced.out.contains(QStringLiteral("2 events, 2024-04-03T10:00:00.000000Z to")));
    CHECK(forced.out.contains(QStringLiteral("`dd.MM HH:mm:ss`, no year, no zone -> UTC, year 2024 (--year)")));

    const Run badFormat = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--time-format"),
        QStringLiteral("dd.MM.yyyy"), dotted});
    CHECK(badFormat.code == cli::UsageError);
    CHECK(badFormat.err.contains(QStringLiteral("needs a month, a day and an hour")));
    const Run badYear = runCli(
        {QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--year"), QStringLiteral("26"), dotted});
    CHECK(badYear.code == cli::UsageError);

    // A file with no timestamps at all is refused, saying so.
    const QString prose = dir.filePath(QStringLiteral("notes.txt"));
    REQUIRE(test::writeFile(prose, "We restarted the job by hand.\nIt worked.\n"));
    const Run refused = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), prose});
    CHECK(refused.code == cli::RuntimeError);
    CHECK(refused.out.contains(QStringLiteral("none of its first 2 lines has a timestamp")));
}

TEST_CASE("cli: a file name with control characters and a newline is reported on one escaped line", "[cli]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("n.sqlite"));
    // Archive members and downloaded files are named by someone else.
    const QString log = dir.filePath(QStringLiteral("evil\n\x1b[2Jname.log"));
    REQUIRE(test::writeFile(log, "2026-06-18T01:00:00Z INFO fine\n"));
    const Run run = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), log});
    CHECK(run.code == cli::Success);
    CHECK_FALSE(run.out.contains(QChar(0x1b)));
    CHECK(run.out.contains(QStringLiteral("evil\\x0a\\x1b[2Jname.log: ok, text-log, 1 event")));
}

TEST_CASE("cli: an ingest into a store on a full disk fails whole and the store keeps what it had",
    "[cli][ingest][diskfull]")
{
    const test::SmallFilesystem disk(16 << 20);
    if (!disk.mounted()) {
        WARN(disk.why().toStdString());
        return;
    }
    const QString db = disk.filePath(QStringLiteral("full.sqlite"));
    const QString small = test::fixture(QStringLiteral("text/nginx-access.log"));
    const Run first = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), small});
    REQUIRE(first.code == cli::Success);
    const Run infoBefore = runCli({QStringLiteral("--db"), db, QStringLiteral("info")});
    REQUIRE(infoBefore.code == cli::Success);

    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("big.log"));
    {
        QFile file(log);
        REQUIRE(file.open(QIODevice::WriteOnly));
        QRandomGenerator random(7);
        for (int i = 0; i < 100000; ++i)
            file.write("2026-06-18T01:00:00Z INFO batch " + QByteArray::number(i) + " token "
                + QByteArray::number(random.generate64(), 16) + '\n');
    }
    REQUIRE(disk.fill());
    const Run full = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), log});
    INFO(full.out.toStdString() + full.err.toStdString());
    CHECK(full.code == cli::RuntimeError);
    CHECK(full.out.contains(QStringLiteral("the disk is full")));
    CHECK(full.out.contains(QStringLiteral("1 input, 0 events added, 1 failed.")));
    // What was stored before is all there, and the store reads.
    const Run infoAfter = runCli({QStringLiteral("--db"), db, QStringLiteral("info")});
    CHECK(infoAfter.code == cli::Success);
    CHECK(infoAfter.out == infoBefore.out);

    // With room again, the same ingest stores the whole file.
    REQUIRE(QFile::remove(disk.filePath(QStringLiteral("filler"))));
    const Run again = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), log});
    CHECK(again.code == cli::Success);
    CHECK(again.out.contains(QStringLiteral("100,000 events")));
}

TEST_CASE("cli: a pipe is imported whole, as a source named by its content", "[cli][ingest][process]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("p.sqlite"));
    // `aftermath-cli ingest <(kubectl logs ...)` reads a pipe whose size is 0 and whose path
    // (/dev/fd/63) names nothing that lasts: /dev/stdin is the same kind of file.
    const auto ingestPipe = [&](const QByteArray& bytes) {
        QProcess process;
        process.start(QStringLiteral(AFTERMATH_CLI_BINARY),
            {QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("/dev/stdin")});
        REQUIRE(process.waitForStarted(10000));
        process.write(bytes);
        process.closeWriteChannel();
        REQUIRE(process.waitForFinished(60000));
        return std::pair{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput())};
    };
    QByteArray first;
    for (int i = 0; i < 20000; ++i)
        first += "2026-06-18T01:00:00Z INFO piped line " + QByteArray::number(i) + '\n';
    const auto [code, out] = ingestPipe(first);
    INFO(out.toStdString());
    CHECK(code == cli::Success);
    CHECK(out.contains(QStringLiteral("/dev/stdin (a pipe; content ")));
    CHECK(out.contains(QStringLiteral(": ok, text-log, 20,000 events")));
    // The same output again adds nothing; another output is a source of its own.
    const auto [againCode, again] = ingestPipe(first);
    CHECK(againCode == cli::Success);
    CHECK(again.contains(QStringLiteral("unchanged")));
    const auto [otherCode, other] = ingestPipe("2026-06-18T02:00:00Z ERROR another command\n");
    CHECK(otherCode == cli::Success);
    CHECK(other.contains(QStringLiteral(": ok, text-log, 1 event")));
    const Run info = runCli({QStringLiteral("--db"), db, QStringLiteral("info")});
    CHECK(info.out.contains(QStringLiteral("sources:           2")));
    CHECK(info.out.contains(QStringLiteral("events:            20001")));
}

TEST_CASE("cli: control characters from logs and titles reach the terminal escaped, JSON keeps them", "[cli]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("c.sqlite"));
    const QString log = dir.filePath(QStringLiteral("escape.log"));
    REQUIRE(test::writeFile(log,
        "2026-06-18T01:00:00Z ERROR red \x1b[31mALERT\x1b[0m bell\x07 del\x7f\n"
        "2026-06-18T01:00:01Z INFO right-to-left \xe2\x80\xae override\n"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"), QStringLiteral("UTC"), log})
                .code
        == cli::Success);
    const QStringList window{QStringLiteral("--tz"), QStringLiteral("UTC"), QStringLiteral("--from"),
        QStringLiteral("2026-06-18 00:00"), QStringLiteral("--to"), QStringLiteral("2026-06-18 02:00")};
    const Run text = runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("events")} + window);
    CHECK(text.code == cli::Success);
    CHECK(text.out.contains(QStringLiteral("red \\x1b[31mALERT\\x1b[0m bell\\x07 del\\x7f")));
    CHECK(text.out.contains(QStringLiteral("right-to-left \\u202e override")));
    CHECK_FALSE(text.out.contains(QChar(0x1b)));
    CHECK_FALSE(text.out.contains(QChar(0x202e)));
    const Run jsonl = runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("events"), QStringLiteral("--format"),
                                 QStringLiteral("jsonl")}
        + window);
    CHECK(jsonl.out.contains(QStringLiteral("\\u001b[31mALERT")));
    const Run timeline = runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("timeline")} + window);
    CHECK(timeline.code == cli::Success);
    CHECK_FALSE(timeline.out.contains(QChar(0x1b)));
    CHECK(timeline.out.contains(QStringLiteral("\\x1b[31mALERT")));

    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--title"),
                QStringLiteral("Title \x1b]0;pwned\x07"), QStringLiteral("--from"), QStringLiteral("2026-06-18 00:00"),
                QStringLiteral("--to"), QStringLiteral("2026-06-18 02:00"), QStringLiteral("--tz"), QStringLiteral("UTC")})
                .code
        == cli::Success);
    const Run list = runCli({QStringLiteral("--db"), db, QStringLiteral("incident"), QStringLiteral("list")});
    CHECK(list.out.contains(QStringLiteral("Title \\x1b]0;pwned\\x07")));
    const Run show = runCli({QStringLiteral("--db"), db, QStringLiteral("incident"), QStringLiteral("show"), QStringLiteral("1")});
    CHECK(show.out.contains(QStringLiteral("Title \\x1b]0;pwned\\x07")));
    CHECK_FALSE(show.out.contains(QChar(0x1b)));

    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("1"),
                QStringLiteral("Fix \x1b[2J the clear"), QStringLiteral("--owner"), QStringLiteral("Dana\x1b[5m")})
                .code
        == cli::Success);
    const Run actions = runCli({QStringLiteral("--db"), db, QStringLiteral("action"), QStringLiteral("list")});
    CHECK(actions.out.contains(QStringLiteral("Fix \\x1b[2J the clear")));
    CHECK(actions.out.contains(QStringLiteral("Dana\\x1b[5m")));
    CHECK_FALSE(actions.out.contains(QChar(0x1b)));
}

TEST_CASE("cli: formats --explain shows each format's score and why the chosen one won", "[cli][ingest]")
{
    const Run run = runCli({QStringLiteral("formats"), QStringLiteral("--tz"), QStringLiteral("UTC"),
        QStringLiteral("--explain"), test::fixture(QStringLiteral("loghub-shapes/OpenStack.log"))});
    CHECK(run.code == cli::Success);
    CHECK(run.out.contains(QStringLiteral("6 lines sampled")));
    CHECK(run.out.contains(QStringLiteral("text-log                 generic text: timestamp in field 2 (column 35 of "
                                          "line 1), `yyyy-MM-dd HH:mm:ss.SSS`, no zone -> UTC")));
    CHECK(run.out.contains(QStringLiteral("    0  syslog                   does not recognise it")));
    CHECK(run.out.contains(QStringLiteral("Chosen: text-log (lines), the highest score.")));
    const Run syslog = runCli({QStringLiteral("formats"), QStringLiteral("--explain"),
        test::fixture(QStringLiteral("loghub-shapes/Linux.log"))});
    CHECK(syslog.out.contains(QStringLiteral("Chosen: syslog (lines)")));
    const Run missing = runCli({QStringLiteral("formats"), QStringLiteral("--explain"), QStringLiteral("/nonexistent.log")});
    CHECK(missing.code == cli::RuntimeError);
    CHECK(missing.err.contains(QStringLiteral("/nonexistent.log: not a file")));
}

namespace {

// A text log of `lineCount` lines, one event each (line i is event i); a random token per line
// keeps the store's compressed blocks, and so the WAL, growing steadily.
void writeBigLog(const QString& path, int lineCount, quint64 seed)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    QRandomGenerator random(seed);
    QByteArray chunk;
    for (int i = 0; i < lineCount; ++i) {
        chunk += "2026-06-18T01:00:00.000000Z INFO step processed batch " + QByteArray::number(i) + " token "
            + QByteArray::number(random.generate64(), 16) + '\n';
        if (chunk.size() > (1 << 20)) {
            REQUIRE(file.write(chunk) == chunk.size());
            chunk.clear();
        }
    }
    REQUIRE(file.write(chunk) == chunk.size());
}

// Runs `aftermath-cli --db DB ingest LOG` and kills it (SIGKILL) once the store holds more than
// `threshold` events, i.e. once a part of the import has landed; returns the events seen then.
qint64 ingestKilledOnceStored(const QString& db, const QString& log, qint64 threshold)
{
    QProcess killed;
    killed.start(QStringLiteral(AFTERMATH_CLI_BINARY), {QStringLiteral("--db"), db, QStringLiteral("ingest"), log});
    REQUIRE(killed.waitForStarted(10000));
    QElapsedTimer waited;
    waited.start();
    qint64 stored = 0;
    while (!killed.waitForFinished(0) && waited.elapsed() < 120000) {
        auto store = store::Store::open(db, {.access = store::OpenOptions::Access::ReadOnly});
        REQUIRE(store);
        stored = *store->evidence().countEvents({});
        if (stored > threshold)
            break;
        QThread::msleep(5);
    }
    ::kill(pid_t(killed.processId()), SIGKILL);
    REQUIRE(killed.waitForFinished(10000));
    return stored;
}

// The line numbers of the source `name`'s events, sorted; exact when they are 1..lineCount.
std::vector<qint64> linesOf(const store::Store& store, const QString& name)
{
    std::vector<qint64> result;
    REQUIRE(store.evidence().forEachEvent({}, [&](const model::StoredEvent& e) {
        if (e.sourceName == name)
            result.push_back(e.event.line);
        return true;
    }));
    std::ranges::sort(result);
    return result;
}

bool exactlyLines(const std::vector<qint64>& lines, int lineCount)
{
    if (lines.size() != std::size_t(lineCount))
        return false;
    for (int i = 0; i < lineCount; ++i) {
        if (lines[std::size_t(i)] != i + 1)
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("cli: an ingest killed mid-file leaves a consistent store, and running it again completes it exactly",
    "[cli][ingest][process]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("k.sqlite"));
    const QString log = dir.filePath(QStringLiteral("big.log"));
    constexpr int lineCount = 1000000;
    writeBigLog(log, lineCount, 42);
    const QString small = test::fixture(QStringLiteral("text/nginx-access.log"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), small}).code == cli::Success);

    // The import lands the file in parts, a fraction of a second of writing each: kill it once a
    // part is in the store and before the last one.
    const qint64 stored = ingestKilledOnceStored(db, log, 3);
    INFO("events stored when killed: " << stored);
    REQUIRE(stored > 3); // a part had landed (else the machine was too slow to catch one)

    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        const qint64 events = *store->evidence().countEvents({});
        INFO("events after the kill: " << events);
        CHECK(events >= stored);
        CHECK(events < 3 + lineCount);
        const auto sources = store->evidence().sources();
        REQUIRE(sources->size() == 2);
        CHECK(sources->at(1).contentHash.startsWith(QStringLiteral("incomplete:"))); // until its last part
        CHECK(sources->at(1).eventCount == events - 3);
        CHECK(exactlyLines(linesOf(*store, QStringLiteral("big.log")), int(events - 3))); // a prefix, no gaps
    }
    const Run again = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), small, log});
    CHECK(again.code == cli::Success);
    CHECK(again.out.contains(QStringLiteral("unchanged")));
    CHECK(again.out.contains(QStringLiteral("stopped part-way; it was finished")));
    auto store = store::Store::open(db);
    REQUIRE(store);
    CHECK(*store->evidence().countEvents({}) == 3 + lineCount);
    CHECK(store->evidence().sources()->size() == 2);
    CHECK(store->evidence().sources()->at(1).contentHash.startsWith(QStringLiteral("blake2b:")));
    CHECK(exactlyLines(linesOf(*store, QStringLiteral("big.log")), lineCount)); // no duplicates, no gaps
    // And it is now the complete file: importing it again adds nothing.
    CHECK(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), log}).out.contains(QStringLiteral("unchanged")));
}

TEST_CASE(
    "cli: a changed file's replacement killed part-way keeps the version it replaced, and the next ingest replaces it whole",
    "[cli][ingest][process]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("r.sqlite"));
    const QString log = dir.filePath(QStringLiteral("changing.log"));
    constexpr int oldLines = 5;
    writeBigLog(log, oldLines, 3);
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), log}).code == cli::Success);
    constexpr int lineCount = 1000000;
    writeBigLog(log, lineCount, 4); // the file changed: its import replaces the first one

    const qint64 stored = ingestKilledOnceStored(db, log, oldLines + 3);
    INFO("events stored when killed: " << stored);
    REQUIRE(stored > oldLines + 3); // a part of the new version had landed

    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        const auto sources = store->evidence().sources();
        REQUIRE(sources->size() == 2);
        // The version being replaced is all there, beside the replacement's landed parts.
        CHECK(sources->at(0).contentHash.startsWith(QStringLiteral("blake2b:")));
        CHECK(sources->at(0).eventCount == oldLines);
        CHECK(sources->at(1).contentHash.startsWith(QStringLiteral("incomplete:")));
        CHECK(*store->evidence().countEvents({}) == oldLines + sources->at(1).eventCount);
    }
    const Run again = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), log});
    INFO(again.out.toStdString());
    CHECK(again.code == cli::Success);
    auto store = store::Store::open(db);
    REQUIRE(store);
    const auto sources = store->evidence().sources();
    REQUIRE(sources->size() == 1);
    CHECK(sources->at(0).contentHash.startsWith(QStringLiteral("blake2b:")));
    CHECK(*store->evidence().countEvents({}) == lineCount);
    CHECK(exactlyLines(linesOf(*store, QStringLiteral("changing.log")), lineCount));
}

TEST_CASE("cli: two big ingests into one store at once both succeed, and an edit waits well under its busy timeout",
    "[cli][ingest][process]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("both.sqlite"));
    constexpr int lineCount = 400000;
    const QString first = dir.filePath(QStringLiteral("first.log"));
    const QString second = dir.filePath(QStringLiteral("second.log"));
    writeBigLog(first, lineCount, 1);
    writeBigLog(second, lineCount, 2);
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("init")}).code == cli::Success);
    qint64 incident = 0;
    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        model::Incident created;
        created.title = QStringLiteral("Nightly ETL failed");
        created.fromUs = incidentNightUs;
        created.toUs = incidentNightUs + 3600 * usPerSecond;
        incident = store->postmortems().createIncident(created)->id;
    }

    std::array<QProcess, 2> imports;
    for (std::size_t i = 0; i < imports.size(); ++i) {
        imports[i].start(
            QStringLiteral(AFTERMATH_CLI_BINARY), {QStringLiteral("--db"), db, QStringLiteral("ingest"), i ? second : first});
        REQUIRE(imports[i].waitForStarted(10000));
    }
    // Edits while both run, each on a connection that gives up after 1.5 s.
    int edits = 0;
    // (QProcess learns that a child ended only in an event loop or a waitFor call.)
    const auto running = [](QProcess& p) { return !p.waitForFinished(0) && p.state() == QProcess::Running; };
    while (running(imports[0]) || running(imports[1])) {
        auto store = store::Store::open(db, {.busyTimeout = std::chrono::milliseconds(1500)});
        INFO("open " << edits << ": " << (store ? "" : store.error().toString().toStdString()));
        REQUIRE(store);
        model::IncidentUpdate update;
        update.summary = QStringLiteral("edit %1").arg(edits);
        const auto edited = store->postmortems().updateIncident(incident, update);
        INFO("edit " << edits << ": " << (edited ? "" : edited.error().toString().toStdString()));
        REQUIRE(edited);
        ++edits;
        QThread::msleep(50);
    }
    QString outputs;
    for (QProcess& import : imports) {
        import.waitForFinished(120000);
        REQUIRE(import.state() == QProcess::NotRunning);
        outputs += QString::fromUtf8(import.readAllStandardOutput() + import.readAllStandardError());
        CHECK(import.exitCode() == cli::Success);
    }
    INFO(outputs.toStdString());
    INFO("edits made during the imports: " << edits);
    CHECK(edits > 0);
    auto store = store::Store::open(db);
    REQUIRE(store);
    CHECK(*store->evidence().countEvents({}) == 2 * lineCount);
    CHECK(exactlyLines(linesOf(*store, QStringLiteral("first.log")), lineCount));
    CHECK(exactlyLines(linesOf(*store, QStringLiteral("second.log")), lineCount));
    CHECK(store->postmortems().incident(incident)->summary == QStringLiteral("edit %1").arg(edits - 1));
}

TEST_CASE("cli: an ingest that finds the store busy says it waits for another import, then imports", "[cli][ingest][process]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("busy.sqlite"));
    auto holder = store::Store::open(db);
    REQUIRE(holder);
    auto held = holder->evidence().beginEvidence(); // another import, writing
    REQUIRE(held);

    QProcess waiting;
    waiting.start(QStringLiteral(AFTERMATH_CLI_BINARY),
        {QStringLiteral("--db"), db, QStringLiteral("ingest"), test::fixture(QStringLiteral("text/nginx-access.log"))});
    REQUIRE(waiting.waitForStarted(10000));
    QByteArray err;
    QElapsedTimer clock;
    clock.start();
    while (!err.contains("waiting") && clock.elapsed() < 30000) {
        waiting.waitForReadyRead(100);
        err += waiting.readAllStandardError();
    }
    CHECK(QString::fromUtf8(err).contains(QStringLiteral("aftermath-cli: waiting for another import into %1...").arg(db)));
    CHECK_FALSE(waiting.waitForFinished(0)); // waiting, not failed
    QThread::msleep(5500); // past the 5 s busy timeout
    CHECK_FALSE(waiting.waitForFinished(0));
    REQUIRE((*held)->commit());
    REQUIRE(waiting.waitForFinished(30000));
    CHECK(waiting.exitCode() == cli::Success);
    CHECK(*holder->evidence().countEvents({}) == 3);
}

TEST_CASE("cli: ingest --rules reads a team's rules first, and a broken rules file fails", "[cli][ingest]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("r.sqlite"));
    const QString log = test::fixture(QStringLiteral("text/etl-python-logging.log"));
    const Run run = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--rules"),
        test::fixture(QStringLiteral("rules/team-rules.json")), log});
    REQUIRE(run.code == cli::Success);
    const Run events = runCli({QStringLiteral("--db"), db, QStringLiteral("events"), QStringLiteral("--format"),
        QStringLiteral("jsonl"), QStringLiteral("--limit"), QStringLiteral("2")});
    const QStringList rows = lines(events.out);
    REQUIRE(rows.size() == 2);
    CHECK(QJsonDocument::fromJson(rows[0].toUtf8())[u"kind"].toString() == QStringLiteral("job_start"));
    CHECK(QJsonDocument::fromJson(rows[1].toUtf8())[u"kind"].toString() == QStringLiteral("alert"));
    CHECK(QJsonDocument::fromJson(rows[1].toUtf8())[u"outcome"].toString() == QStringLiteral("18234"));

    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    REQUIRE(test::writeFile(broken, R"({"rules": [{"kind": "sometimes", "match": "x"}]})"));
    const Run bad
        = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--rules"), broken, log});
    CHECK(bad.code == cli::RuntimeError);
    CHECK(bad.err.contains(broken + QStringLiteral(", rule 1: unknown kind \"sometimes\"")));
}

TEST_CASE("cli: timeline of a window, its usage errors and an empty window", "[cli][timeline]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("t.sqlite"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
                       QStringLiteral("Europe/London"), test::fixture(QStringLiteral("text/etl-python-logging.log"))})
                .code
        == cli::Success);
    auto timeline = [&](const QStringList& extra) {
        return runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--tz"),
                          QStringLiteral("Europe/London")}
            + extra);
    };
    const Run text = timeline({QStringLiteral("--from"), QStringLiteral("2026-06-18 01:00"), QStringLiteral("--to"),
        QStringLiteral("2026-06-18 06:00")});
    CHECK(text.code == cli::Success);
    CHECK(text.out.startsWith(QStringLiteral("Timeline 2026-06-18T01:00:00.000000+01:00 to")));
    // The summary leaves out what the columns show: the logger and level prefix.
    CHECK(
        text.out.contains(QRegularExpression(QStringLiteral("\n02:00:03 +error +Step create_post_funding failed  "))));
    CHECK(text.out.contains(QStringLiteral("retry_loop")) == false); // only 2 retries here
    CHECK(text.out.contains(QStringLiteral("first_error")));

    const Run json = timeline({QStringLiteral("--from"), QStringLiteral("2026-06-18T00:00:00Z"), QStringLiteral("--to"),
        QStringLiteral("2026-06-18T06:00:00Z"), QStringLiteral("--format"), QStringLiteral("json"),
        QStringLiteral("--all")});
    CHECK(json.code == cli::Success);
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(object[u"entries"].toArray().size() == 6); // 7 events, the two retries are one entry
    CHECK(timeline({QStringLiteral("--from"), QStringLiteral("2026-06-18T00:00:00Z"), QStringLiteral("--to"),
                       QStringLiteral("2026-06-18T06:00:00Z"), QStringLiteral("--format"), QStringLiteral("json"),
                       QStringLiteral("--all")})
              .out
        == json.out); // byte for byte

    CHECK(timeline({QStringLiteral("--from"), QStringLiteral("2026-06-18 06:00"), QStringLiteral("--to"),
                       QStringLiteral("2026-06-18 01:00")})
              .code
        == cli::UsageError);
    CHECK(timeline({QStringLiteral("--from"), QStringLiteral("2026-06-18 01:00")}).code == cli::UsageError);
    const Run zone = runCli({QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--tz"),
        QStringLiteral("Narnia/Cair_Paravel"), QStringLiteral("--from"), QStringLiteral("2026-06-18"),
        QStringLiteral("--to"), QStringLiteral("2026-06-19")});
    CHECK(zone.code == cli::UsageError);
    const Run empty = timeline({QStringLiteral("--from"), QStringLiteral("2027-01-01 00:00"), QStringLiteral("--to"),
        QStringLiteral("2027-01-02 00:00")});
    CHECK(empty.code == cli::RuntimeError);
    CHECK(empty.err.contains(QStringLiteral("there are no events between")));
    CHECK(empty.out.isEmpty());
}

TEST_CASE("cli: incidents are created, listed, shown and give the timeline its window and zone", "[cli][timeline]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i.sqlite"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
                       QStringLiteral("Europe/London"), test::fixture(QStringLiteral("text/etl-python-logging.log"))})
                .code
        == cli::Success);
    auto cli = [&](const QStringList& args) { return runCli(QStringList{QStringLiteral("--db"), db} + args); };
    const Run created = cli({QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--title"),
        QStringLiteral("Nightly post-funding ETL failed"), QStringLiteral("--from"), QStringLiteral("2026-06-18 00:00"),
        QStringLiteral("--to"), QStringLiteral("2026-06-18 09:00"), QStringLiteral("--tz"),
        QStringLiteral("Europe/London"), QStringLiteral("--severity"), QStringLiteral("SEV2")});
    CHECK(created.code == cli::Success);
    CHECK(created.out == QStringLiteral("1\n"));
    CHECK(cli({QStringLiteral("incident"), QStringLiteral("list")}).out
        == QStringLiteral("#1  Nightly post-funding ETL failed  2026-06-18T00:00:00.000000+01:00 to "
                          "2026-06-18T09:00:00.000000+01:00  draft  SEV2\n"));
    const Run shown = cli({QStringLiteral("incident"), QStringLiteral("show"), QStringLiteral("1")});
    CHECK(shown.out.contains(QStringLiteral("events:    7\n")));
    // The incident's zone is the timeline's unless --tz says otherwise.
    const Run timeline = cli({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1")});
    CHECK(timeline.code == cli::Success);
    CHECK(timeline.out.contains(QStringLiteral("(times in Europe/London, UTC+01:00)")));
    CHECK(cli({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1"), QStringLiteral("--tz"),
                  QStringLiteral("UTC")})
              .out.contains(QStringLiteral("(times in UTC)")));

    CHECK(
        cli({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("7")}).code == cli::RuntimeError);
    CHECK(cli({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1"), QStringLiteral("--from"),
                  QStringLiteral("2026-06-18")})
              .code
        == cli::UsageError);
    CHECK(cli({QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--from"),
                  QStringLiteral("2026-06-18"), QStringLiteral("--to"), QStringLiteral("2026-06-19")})
              .err.contains(QStringLiteral("--title")));
    CHECK(cli({QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--title"), QStringLiteral("x"),
                  QStringLiteral("--from"), QStringLiteral("2026-06-19"), QStringLiteral("--to"),
                  QStringLiteral("2026-06-18")})
              .code
        == cli::UsageError);
    CHECK(cli({QStringLiteral("incident"), QStringLiteral("frobnicate")}).code == cli::UsageError);
    CHECK(cli({QStringLiteral("incident"), QStringLiteral("show"), QStringLiteral("2")})
              .err.contains(QStringLiteral("there is no incident 2")));
}

TEST_CASE("cli: a store in a read-only folder is read by every read command, and a write says why it is refused",
    "[cli][process]")
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("shared"));
    const QString db = folder + QStringLiteral("/aftermath.sqlite");
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), folder}).code == cli::Success);
    // Folded into the file, so that the store reads without its -wal.
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("info")}).code == cli::Success);
    const auto readable = QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
    REQUIRE(QFile::setPermissions(dir.path(), readable));
    for (const QString& name : QDir(folder).entryList(QDir::Files))
        REQUIRE(QFile::setPermissions(QDir(folder).filePath(name), readable & ~QFileDevice::ExeOwner
            & ~QFileDevice::ExeGroup & ~QFileDevice::ExeOther));
    REQUIRE(QFile::setPermissions(folder, readable));
    const QStringList before = QDir(folder).entryList(QDir::Files | QDir::Hidden);

    // As "nobody" when the tests run as root, so that the folder's permissions apply.
    const auto cli = [&](const QStringList& arguments) {
        return test::runProgram(QStringLiteral(AFTERMATH_CLI_BINARY),
            QStringList{QStringLiteral("--db"), db} + arguments, /*unprivileged=*/true);
    };
    for (const QStringList& read : {QStringList{QStringLiteral("info")},
             QStringList{QStringLiteral("incident"), QStringLiteral("list")},
             QStringList{QStringLiteral("incident"), QStringLiteral("show"), QStringLiteral("1")},
             QStringList{QStringLiteral("events"), QStringLiteral("--limit"), QStringLiteral("20")},
             QStringList{QStringLiteral("sql"),
                 QStringLiteral("SELECT i.title, count(*) FROM incidents i JOIN events e ON e.time_us BETWEEN "
                                "i.window_from_us AND i.window_to_us WHERE e.level = 'error' GROUP BY i.id")},
             QStringList{QStringLiteral("events"), QStringLiteral("--grep"), QStringLiteral("funding_band"),
                 QStringLiteral("--level"), QStringLiteral("warning+")},
             QStringList{QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1")},
             QStringList{QStringLiteral("export"), QStringLiteral("1")}}) {
        const test::ProcessRun run = cli(read);
        INFO(read.join(u' ').toStdString() << ": " << run.err.toStdString());
        CHECK(run.code == cli::Success);
        CHECK_FALSE(run.out.isEmpty());
    }
    const test::ProcessRun write
        = cli({QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("1"), QStringLiteral("--summary"),
            QStringLiteral("edited")});
    INFO(write.err.toStdString());
    CHECK(write.code == cli::RuntimeError);
    CHECK(write.err.contains(db));
    CHECK(write.err.contains(QStringLiteral("is read-only")));
    CHECK(write.err.contains(QStringLiteral("it can still be read")));
    // Nothing was created beside the store.
    CHECK(QDir(folder).entryList(QDir::Files | QDir::Hidden) == before);
    REQUIRE(QFile::setPermissions(folder, readable | QFileDevice::WriteOwner));
    REQUIRE(QFile::setPermissions(dir.path(), readable | QFileDevice::WriteOwner));
}

TEST_CASE("cli: demo imports the bundled example incident and prints its timeline", "[cli][timeline]")
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("demo"));
    const Run demo = runCli({QStringLiteral("demo"), QStringLiteral("--out"), out});
    REQUIRE(demo.code == cli::Success);
    CHECK(demo.err.contains(QStringLiteral("Imported 7 example files (799 events)")));
    CHECK(demo.err.contains(QStringLiteral("Indexed 799 events for search in ")));
    CHECK(demo.out.startsWith(
        QStringLiteral("Timeline 2026-06-18T00:00:00.000000+01:00 to 2026-06-18T10:00:00.000000+01:00 "
                       "(times in Europe/London, UTC+01:00)")));
    CHECK(demo.out.contains(QRegularExpression(QStringLiteral("\\n01:07:12 +commit +Add funding_band column"))));
    CHECK(demo.out.contains(QRegularExpression(QStringLiteral("\\n01:25:07 +merge +PR #412"))));
    CHECK(demo.out.contains(QRegularExpression(
        QStringLiteral("\\n05:39:21 +job_start +etl-post-funding for NHS E started on etl-post-funding:41"))));
    CHECK(demo.out.contains(QStringLiteral("suspect_change #1: PR #412")));
    CHECK(demo.out.contains(
        QStringLiteral("suspect_change #2: Workflow run #88 'Deploy ETL' on main (8e1d5f3) completed")));
    CHECK(demo.out.contains(QStringLiteral("(a rollback)")));
    CHECK(
        demo.out.contains(QStringLiteral("  detected      04:00:00  (+1 h 57 min)\n"))); // the monitor's first warning
    CHECK(QFileInfo::exists(out + QStringLiteral("/evidence/etl-nhs-s.log")));
    auto store = store::Store::open(out + QStringLiteral("/aftermath.sqlite"));
    REQUIRE(store);
    CHECK(*store->evidence().countEvents({}) == 799);
    CHECK(store->postmortems().incident(1).has_value());
    // Run again, it starts afresh: no second copy of the events or the incident.
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), out}).code == cli::Success);
    auto again = store::Store::open(out + QStringLiteral("/aftermath.sqlite"));
    REQUIRE(again);
    CHECK(*again->evidence().countEvents({}) == 799);
    CHECK(again->postmortems().incidents()->size() == 1);
}

// Issue 4's acceptance: the example incident gives the timeline an engineer would write by hand.
TEST_CASE("cli: the example incident's timeline is the one written by hand", "[cli][timeline][example]")
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("demo"));
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), out}).code == cli::Success);
    const QString db = out + QStringLiteral("/aftermath.sqlite");
    const Run json = runCli({QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--incident"),
        QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("json")});
    REQUIRE(json.code == cli::Success);
    const QJsonObject timeline = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(timeline[u"tz"].toString() == QStringLiteral("Europe/London"));

    // Key entries as "HH:MM:SS kind summary", in Europe/London summer time.
    QStringList key;
    for (const QJsonValue& value : timeline[u"entries"].toArray()) {
        const QJsonObject entry = value.toObject();
        CHECK(entry[u"time"].toString().endsWith(QStringLiteral("+01:00")));
        if (entry[u"key"].toBool())
            key << entry[u"time"].toString().mid(11, 8) + u' ' + entry[u"kind"].toString() + u' '
                    + entry[u"summary"].toString();
    }
    auto has = [&](const QString& prefix) {
        return std::ranges::any_of(key, [&](const QString& line) { return line.startsWith(prefix); });
    };
    CHECK(has(QStringLiteral("01:07:12 commit Add funding_band column to post-funding step")));
    CHECK(has(QStringLiteral("01:25:07 merge PR #412 'Add funding_band column to post-funding step'")));
    CHECK(has(QStringLiteral("01:31:12 deploy Workflow run #88 'Deploy ETL' on main (8e1d5f3) completed: success")));
    CHECK(has(QStringLiteral("02:00:03 job_start etl-post-funding for NHS E started on etl-post-funding:42")));
    CHECK(has(QStringLiteral("02:30:01 job_start etl-post-funding for NHS S started on etl-post-funding:42")));
    CHECK(has(QStringLiteral("05:39:21 job_start etl-post-funding for NHS E started on etl-post-funding:41")));
    CHECK(has(QStringLiteral("05:39:27 job_start etl-post-funding for NHS S started on etl-post-funding:41")));
    CHECK(has(QStringLiteral("06:03:14 job_end etl-post-funding for NHS S succeeded on etl-post-funding:41")));
    // Each tenant's hours of failing and retrying are one entry each.
    const auto cycles = std::ranges::count_if(timeline[u"entries"].toArray(),
        [](const QJsonValue& value) { return value[u"kind"].toString() == u"error" && value[u"count"].toInt() > 100; });
    CHECK(cycles == 2);
    CHECK(has(QStringLiteral("02:02:43 error create_post_funding failed for tenant NHS E → Retrying")));
    CHECK(key.size() < 35); // from 799 events

    // Four runs: the two on :42 never finished, each reported by three sources.
    const QJsonArray runs = timeline[u"runs"].toArray();
    REQUIRE(runs.size() == 4);
    for (int i = 0; i < 2; ++i) {
        CHECK(runs[i][u"outcome"].toString() == QStringLiteral("unfinished"));
        CHECK(runs[i][u"version"].toString() == QStringLiteral("etl-post-funding:42"));
        CHECK(runs[i][u"sources"].toArray().size() == 3);
        CHECK(runs[i][u"retries"].toInt() > 100);
    }
    CHECK(runs[0][u"tenant"].toString() == QStringLiteral("NHS E"));
    CHECK(runs[1][u"tenant"].toString() == QStringLiteral("NHS S"));
    for (int i = 2; i < 4; ++i) {
        CHECK(runs[i][u"outcome"].toString() == QStringLiteral("succeeded"));
        CHECK(runs[i][u"version"].toString() == QStringLiteral("etl-post-funding:41"));
    }

    // The merge, then its deploy, are the top suspects; :41 after :42 is a rollback.
    QStringList suspects;
    QStringList types;
    for (const QJsonValue& value : timeline[u"findings"].toArray()) {
        types << value[u"type"].toString();
        if (value[u"type"].toString() == u"suspect_change")
            suspects << value[u"summary"].toString();
    }
    REQUIRE(suspects.size() >= 2);
    CHECK(suspects[0].startsWith(QStringLiteral("PR #412 'Add funding_band column")));
    CHECK(suspects[1].startsWith(QStringLiteral("Workflow run #88 'Deploy ETL'")));
    CHECK(types.count(QStringLiteral("unfinished_run")) == 2);
    CHECK(types.count(QStringLiteral("retry_loop")) == 2);
    CHECK(types.count(QStringLiteral("version_change")) == 1);

    const QJsonObject phases = timeline[u"phases"].toObject();
    CHECK(phases[u"trigger"].toString().mid(11, 8) == QStringLiteral("01:25:07"));
    CHECK(phases[u"impact_start"].toString().mid(11, 8) == QStringLiteral("02:02:43"));
    CHECK(phases[u"detected"].toString().mid(11, 8) == QStringLiteral("04:00:00"));
    CHECK(phases[u"mitigated"].toString().mid(11, 8) == QStringLiteral("05:39:21"));
    CHECK(phases[u"resolved"].toString().mid(11, 8) == QStringLiteral("06:03:14"));

    // Deterministic: the same events give the same bytes.
    CHECK(runCli({QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--incident"),
                     QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("json")})
              .out
        == json.out);
}

TEST_CASE("cli: a timeline across the end of summer time merges naive and offset sources", "[cli][timeline]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("dst.sqlite"));
    // London leaves summer time at 2026-10-25 01:00 UTC. The naive log is read in Europe/London.
    const QString naive = dir.filePath(QStringLiteral("naive.log"));
    REQUIRE(test::writeFile(naive,
        "2026-10-25 00:30:00,000 INFO etl.runner - Starting nightly load for tenant ACME\n"
        "2026-10-25 03:00:00,000 ERROR etl.runner - nightly load failed for tenant ACME\n"));
    const QString utc = dir.filePath(QStringLiteral("utc.log"));
    REQUIRE(test::writeFile(utc,
        "2026-10-24T23:30:00Z INFO deployer - deploy of etl 1.4.2 started\n" // the same instant as 00:30 BST
        "2026-10-25T00:15:00Z INFO deployer - deploy of etl 1.4.2 finished\n"
        "2026-10-25T01:30:00+00:00 WARN deployer - disk usage high\n"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
                       QStringLiteral("Europe/London"), naive, utc})
                .code
        == cli::Success);
    const Run text = runCli({QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--tz"),
        QStringLiteral("Europe/London"), QStringLiteral("--from"), QStringLiteral("2026-10-24T23:00:00Z"),
        QStringLiteral("--to"), QStringLiteral("2026-10-25T04:00:00Z"), QStringLiteral("--all")});
    REQUIRE(text.code == cli::Success);
    CHECK(text.out.startsWith(QStringLiteral("Timeline 2026-10-25T00:00:00.000000+01:00 to "
                                             "2026-10-25T04:00:00.000000+00:00 (times in Europe/London, "
                                             "UTC+01:00 then UTC+00:00)\n")));
    // Every time carries its offset; a tie (00:30 BST twice) goes in import order, both runs alike.
    QStringList rows;
    for (const QString& line : lines(text.out)) {
        if (line.size() > 2 && line[2] == u':' && !line.startsWith(u' '))
            rows << line.left(15) + u' ' + line.section(QStringLiteral("  "), -1);
    }
    CHECK(rows
        == QStringList{QStringLiteral("00:30:00 +01:00 [naive.log]"), QStringLiteral("00:30:00 +01:00 [utc.log]"),
            QStringLiteral("01:15:00 +01:00 [utc.log]"), QStringLiteral("01:30:00 +00:00 [utc.log]"),
            QStringLiteral("03:00:00 +00:00 [naive.log]")});
    // 01:15 BST to 03:00 GMT is 2 h 45 min, not 1 h 45 min.
    CHECK(text.out.contains(QStringLiteral("(deploy 2 h 45 min before the first error)")));
    CHECK(runCli({QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--tz"),
                     QStringLiteral("Europe/London"), QStringLiteral("--from"), QStringLiteral("2026-10-24T23:00:00Z"),
                     QStringLiteral("--to"), QStringLiteral("2026-10-25T04:00:00Z"), QStringLiteral("--all")})
              .out
        == text.out);
}
