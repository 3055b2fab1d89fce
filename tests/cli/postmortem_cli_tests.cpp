// aftermath-cli incident set, rootcause, action and draft: the postmortem record from the command
// line, its usage errors, CSV and shell quoting, and "today" from AFTERMATH_NOW.

#include "actioncommands.h"
#include "cli.h"
#include "clitestsupport.h"
#include "model/timestamp.h"
#include "store/store.h"

#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace aftermath;
using model::ActionItem;

namespace {

using Run = test::CliRun;
using test::runCli;

// Sets AFTERMATH_NOW for the lifetime of the guard.
class FixedNow {
public:
    explicit FixedNow(const char* iso) { qputenv("AFTERMATH_NOW", iso); }
    FixedNow(const FixedNow&) = delete;
    FixedNow& operator=(const FixedNow&) = delete;
    ~FixedNow() { qunsetenv("AFTERMATH_NOW"); }
};

// A store with one incident (#1, 2026-06-18 00:00 to 09:00 in London), through the CLI.
struct CliStore {
    QTemporaryDir dir;
    QString db = dir.filePath(QStringLiteral("pm.sqlite"));

    CliStore()
    {
        REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("init")}).code == cli::Success);
        const Run created = cli({QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--title"),
            QStringLiteral("Nightly ETL failed"), QStringLiteral("--from"), QStringLiteral("2026-06-18 00:00"),
            QStringLiteral("--to"), QStringLiteral("2026-06-18 09:00"), QStringLiteral("--tz"),
            QStringLiteral("Europe/London")});
        REQUIRE(created.out == QStringLiteral("1\n"));
    }
    Run cli(const QStringList& arguments) const { return runCli(QStringList{QStringLiteral("--db"), db} + arguments); }
    store::Store open() const
    {
        auto store = store::Store::open(db, {.access = store::OpenOptions::Access::ReadOnly});
        REQUIRE(store);
        return std::move(*store);
    }
};

QStringList args(std::initializer_list<const char*> words)
{
    QStringList list;
    for (const char* word : words)
        list << QString::fromUtf8(word);
    return list;
}

void checkUsageError(const Run& run, const char* expected)
{
    INFO(run.err.toStdString());
    CHECK(run.code == cli::UsageError);
    CHECK(run.out.isEmpty());
    CHECK(run.err.contains(QString::fromUtf8(expected)));
    CHECK(run.err.contains(QStringLiteral("--help' for usage")));
}

void checkRuntimeError(const Run& run, const QString& store, const char* expected)
{
    INFO(run.err.toStdString());
    CHECK(run.code == cli::RuntimeError);
    CHECK(run.err.startsWith(QStringLiteral("aftermath-cli: error: ") + store));
    CHECK(run.err.contains(QString::fromUtf8(expected)));
}

// Text that a shell must not interpret: quotes of both kinds, command substitutions, variables,
// globs, a command separator, a line break, a backslash and a trailing quote. Its commands only
// create files (in the shell's empty working folder), so a quoting bug shows up, harmlessly.
const QString hostile = QStringLiteral(
    "Fix it's \"quoting\" $(touch pwned-dollar) `touch pwned-backtick` $HOME *; touch pwned-semicolon \\\nsecond "
    "line, 'end'");

} // namespace

TEST_CASE("cli: incident set writes every postmortem field, checked, and says what changed", "[cli][postmortem]")
{
    CliStore s;
    const Run set = s.cli(QStringList{QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("1")}
        + args({"--title", "Nightly post-funding ETL failed", "--severity", "SEV1 (customer facing)", "--status",
            "in_review", "--authors", "Dana W, Sam Okafor", "--description", "Reports, for two tenants, were late.",
            "--summary", "S", "--impact", "I\nsecond line", "--trigger", "T", "--detection", "D", "--resolution", "R",
            "--contributing-factors", "C", "--went-well", "WW", "--went-wrong", "WR", "--got-lucky", "GL"}));
    INFO(set.err.toStdString());
    REQUIRE(set.code == cli::Success);
    CHECK(set.out
        == QStringLiteral("Updated incident #1: title, severity, status, authors, description, summary, impact, "
                          "trigger, detection, resolution, contributing-factors, went-well, went-wrong, got-lucky "
                          "(version 2)\n"));
    {
        const model::Incident i = *s.open().postmortems().incident(1);
        CHECK(i.title == QStringLiteral("Nightly post-funding ETL failed"));
        CHECK(i.severity == QStringLiteral("SEV1 (customer facing)"));
        CHECK(i.status == QStringLiteral("in_review"));
        CHECK(i.authors == QStringLiteral("Dana W, Sam Okafor"));
        CHECK(i.description == QStringLiteral("Reports, for two tenants, were late."));
        CHECK(i.summary == QStringLiteral("S"));
        CHECK(i.impact == QStringLiteral("I\nsecond line"));
        CHECK(QStringList{
                  i.trigger, i.detection, i.resolution, i.contributingFactors, i.wentWell, i.wentWrong, i.gotLucky}
            == args({"T", "D", "R", "C", "WW", "WR", "GL"}));
    }

    // Naive times are read in the incident's zone; --tz reads them in another and makes it the
    // incident's zone.
    REQUIRE(s.cli(args({"incident", "set", "1", "--to", "2026-06-18 10:00"})).code == cli::Success);
    CHECK(s.open().postmortems().incident(1)->toUs == test::incidentNightUs + 8 * 3600 * test::usPerSecond); // 09:00Z
    REQUIRE(s.cli(args({"incident", "set", "1", "--from", "2026-06-17 23:00", "--tz", "UTC"})).code == cli::Success);
    CHECK(s.open().postmortems().incident(1)->fromUs == test::incidentNightUs - 2 * 3600 * test::usPerSecond);
    CHECK(s.open().postmortems().incident(1)->displayZone == QStringLiteral("UTC"));
    // An empty value clears a text field.
    REQUIRE(s.cli(args({"incident", "set", "1", "--went-wrong", ""})).code == cli::Success);
    CHECK(s.open().postmortems().incident(1)->wentWrong.isEmpty());

    const model::Incident before = *s.open().postmortems().incident(1);
    checkUsageError(s.cli(args({"incident", "set", "1"})), "say what to change");
    checkUsageError(s.cli(args({"incident", "set", "1", "--status", "closed"})), "expected draft, in_review or final");
    checkUsageError(s.cli(args({"incident", "set", "1", "--title", " "})), "--title cannot be empty");
    checkUsageError(s.cli(args({"incident", "set", "one", "--summary", "x"})), "needs an incident number");
    checkUsageError(s.cli(args({"incident", "set", "--summary", "x"})), "incident set ID");
    checkUsageError(
        s.cli(args({"incident", "set", "1", "--from", "2026-06-19", "--to", "2026-06-18"})), "--from is after --to");
    checkUsageError(s.cli(args({"incident", "set", "1", "--from", "tomorrow"})), "--from");
    checkUsageError(s.cli(args({"incident", "set", "1", "--tz", "Mars/Olympus"})), "--tz");
    checkUsageError(s.cli(args({"incident", "new", "--title", "x", "--from", "2026-06-18", "--to", "2026-06-19",
                        "--status", "final"})),
        "--status is for incident set");
    checkUsageError(s.cli(args({"incident", "frobnicate"})), "expected new, list, show or set");
    // Against the stored window: a start after the stored end.
    checkRuntimeError(
        s.cli(args({"incident", "set", "1", "--from", "2026-06-20T00:00:00Z"})), s.db, "before it starts");
    checkRuntimeError(s.cli(args({"incident", "set", "7", "--summary", "x"})), s.db, "there is no incident 7");
    CHECK(s.open().postmortems().incident(1) == before);
    // new, list and show still work as before.
    CHECK(s.cli(args({"incident", "list"})).out.startsWith(QStringLiteral("#1  Nightly post-funding ETL failed")));
    CHECK(s.cli(args({"incident", "show", "1"})).out.contains(QStringLiteral("status:    in_review")));
}

TEST_CASE("cli: incident set and action set with --if-version refuse a stale version, printing both values",
    "[cli][postmortem]")
{
    CliStore s;
    CHECK(s.cli(args({"incident", "show", "1"})).out.contains(QStringLiteral("version:   1\n")));
    const Run first = s.cli(args({"incident", "set", "1", "--summary", "from the first script", "--if-version", "1"}));
    INFO(first.err.toStdString());
    REQUIRE(first.code == cli::Success);
    CHECK(first.out == QStringLiteral("Updated incident #1: summary (version 2)\n"));

    // Based on version 1, which is gone: refused, both values shown, nothing written.
    const Run stale = s.cli(args({"incident", "set", "1", "--summary", "from the second", "--if-version", "1"}));
    CHECK(stale.code == cli::ConflictError);
    CHECK(stale.out.isEmpty());
    CHECK(stale.err.contains(QStringLiteral("it was at version 1, it is at 2 now")));
    CHECK(stale.err.contains(
        QStringLiteral("  summary:\n    stored: from the first script\n    given:  from the second\n")));
    CHECK(s.open().postmortems().incident(1)->summary == QStringLiteral("from the first script"));
    // Without --if-version, as before: written as given.
    CHECK(s.cli(args({"incident", "set", "1", "--summary", "from the second"})).code == cli::Success);
    CHECK(s.cli(args({"incident", "set", "1", "--summary", "x", "--if-version", "two"})).code == cli::UsageError);
    CHECK(s.cli(args({"incident", "list", "--if-version", "2"})).code == cli::UsageError);

    REQUIRE(s.cli(args({"action", "add", "1", "Add max retries", "--owner", "priya"})).code == cli::Success);
    const QJsonArray items
        = QJsonDocument::fromJson(s.cli(args({"action", "list", "--format", "json"})).out.toUtf8()).array();
    REQUIRE(items.size() == 1);
    CHECK(items[0].toObject()[u"version"].toInteger() == 1);
    CHECK(s.cli(args({"action", "set", "1", "--status", "done", "--if-version", "1"})).code == cli::Success);
    const Run refused = s.cli(args({"action", "set", "1", "--status", "wont_do", "--if-version", "1"}));
    CHECK(refused.code == cli::ConflictError);
    CHECK(refused.err.contains(QStringLiteral("  status:\n    stored: done\n    given:  wont_do\n")));
    CHECK(s.open().postmortems().actionItem(1)->status == ActionItem::Status::Done);
    // A field nobody else changed since is no conflict on that version's basis either way: the
    // script asked for version 2 and got it.
    CHECK(s.cli(args({"action", "set", "1", "--owner", "sam", "--if-version", "2"})).code == cli::Success);
}

TEST_CASE("cli: root causes are added, listed, moved and removed by position", "[cli][postmortem]")
{
    CliStore s;
    CHECK(s.cli(args({"rootcause", "add", "1", "Migration 0042 not applied in production"})).out
        == QStringLiteral("1. Migration 0042 not applied in production\n"));
    CHECK(s.cli(args({"rootcause", "add", "1", "No retry limit on create_post_funding"})).code == cli::Success);
    CHECK(s.cli(args({"rootcause", "add", "1", "Deploys do not check migrations", "--position", "1"})).out
        == QStringLiteral("1. Deploys do not check migrations\n2. Migration 0042 not applied in production\n"
                          "3. No retry limit on create_post_funding\n"));
    CHECK(s.cli(args({"rootcause", "move", "1", "3", "1"})).out
        == QStringLiteral("1. No retry limit on create_post_funding\n2. Deploys do not check migrations\n"
                          "3. Migration 0042 not applied in production\n"));
    CHECK(s.cli(args({"rootcause", "rm", "1", "2"})).out
        == QStringLiteral("Removed root cause 2 of incident #1: Deploys do not check migrations\n"));
    const Run list = s.cli(args({"rootcause", "list", "1"}));
    CHECK(list.code == cli::Success);
    CHECK(list.out
        == QStringLiteral("1. No retry limit on create_post_funding\n2. Migration 0042 not applied in production\n"));
    CHECK(s.open().postmortems().rootCauses(1)->size() == 2);

    checkUsageError(s.cli(args({"rootcause"})), "say what to do");
    checkUsageError(s.cli(args({"rootcause", "add", "1"})), "rootcause add ID TEXT");
    checkUsageError(s.cli(args({"rootcause", "add", "1", "two", "words"})), "put it in quotes");
    checkUsageError(s.cli(args({"rootcause", "add", "1", " "})), "cannot be empty");
    checkUsageError(s.cli(args({"rootcause", "add", "1", "x", "--position", "0"})), "--position needs a number");
    checkUsageError(s.cli(args({"rootcause", "list", "1", "--position", "2"})), "--position is for rootcause add");
    checkUsageError(s.cli(args({"rootcause", "rm", "1", "first"})), "numbered from 1");
    checkUsageError(s.cli(args({"rootcause", "rm", "x", "1"})), "needs an incident number");
    checkUsageError(s.cli(args({"rootcause", "explode", "1"})), "unknown action \"explode\"");
    checkRuntimeError(s.cli(args({"rootcause", "rm", "1", "5"})), s.db, "incident 1 has no root cause 5; it has 2");
    checkRuntimeError(s.cli(args({"rootcause", "add", "1", "x", "--position", "9"})), s.db, "give 1 to 3");
    checkRuntimeError(s.cli(args({"rootcause", "list", "4"})), s.db, "there is no incident 4");
    CHECK(s.cli(args({"rootcause", "list", "1"})).out == list.out);
}

TEST_CASE("cli: curated timeline entries are added, listed, changed and removed", "[cli][postmortem]")
{
    CliStore s;
    // Times of day are on the incident's day, in its zone (London summer time: UTC+01:00).
    const Run added = s.cli(args({"entry", "add", "1", "05:20", "On-call sees the alert", "--note", "not paged"}));
    INFO(added.err.toStdString());
    REQUIRE(added.code == cli::Success);
    CHECK(added.out == QStringLiteral("1     05:20:00           On-call sees the alert — not paged  [added]\n"));
    REQUIRE(s.cli(args({"entry", "add", "1", "2026-06-18T01:00:00Z", "Run starts", "--end", "02:30"})).code
        == cli::Success);
    {
        const auto entries = s.open().postmortems().timelineEntries(1);
        REQUIRE(entries);
        REQUIRE(entries->size() == 2);
        CHECK(model::formatUtc(entries->at(0).timeUs) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
        CHECK(model::formatUtc(*entries->at(0).endUs) == QStringLiteral("2026-06-18T01:30:00.000000Z"));
        CHECK(model::formatUtc(entries->at(1).timeUs) == QStringLiteral("2026-06-18T04:20:00.000000Z"));
        CHECK(entries->at(1).note == QStringLiteral("not paged"));
        CHECK(entries->at(1).origin == model::TimelineEntry::Origin::User);
    }
    const Run listed = s.cli(args({"entry", "list", "1"}));
    CHECK(listed.out
        == QStringLiteral("2     02:00:00-02:30:00  Run starts  [added]\n"
                          "1     05:20:00           On-call sees the alert — not paged  [added]\n"));
    // In a zone of the user's choosing; the window runs 19:00 to 05:00 there, so with dates.
    CHECK(s.cli(args({"entry", "list", "1", "--tz", "America/New_York"})).out
        == QStringLiteral(
            "2     2026-06-17 21:00:00-2026-06-17 21:30:00  Run starts  [added]\n"
            "1     2026-06-18 00:20:00                      On-call sees the alert — not paged  [added]\n"));

    REQUIRE(s.cli(args({"entry", "set", "1", "1", "--text", "On-call engineer sees the alert", "--note", "", "--time",
                      "05:21"}))
                .code
        == cli::Success);
    const auto changed = s.open().postmortems().timelineEntries(1);
    REQUIRE(changed);
    CHECK(changed->at(1).text == QStringLiteral("On-call engineer sees the alert"));
    CHECK(changed->at(1).note.isEmpty());
    CHECK(model::formatUtc(changed->at(1).timeUs) == QStringLiteral("2026-06-18T04:21:00.000000Z"));

    REQUIRE(s.cli(args({"entry", "rm", "1", "2"})).code == cli::Success);
    CHECK(s.open().postmortems().timelineEntries(1)->size() == 1);
    CHECK(s.cli(args({"entry", "rm", "1", "2"})).code == cli::RuntimeError);
    // A cited event must exist.
    CHECK(s.cli(args({"entry", "add", "1", "05:30", "x", "--cite", "999"})).code == cli::RuntimeError);

    checkUsageError(s.cli(args({"entry"})), "say what to do");
    checkUsageError(s.cli(args({"entry", "add", "1", "25:00", "x"})), "not a time of day");
    checkUsageError(s.cli(args({"entry", "add", "1", "05:00", "two", "words"})), "put it in quotes");
    checkUsageError(s.cli(args({"entry", "add", "1", "05:00", "x", "--end", "04:00"})), "before the entry's time");
    checkUsageError(s.cli(args({"entry", "add", "1", "05:00", "x", "--cite", "a,b"})), "--cite takes event ids");
    checkUsageError(s.cli(args({"entry", "list", "1", "--text", "x"})), "--text is for entry set");
    checkUsageError(s.cli(args({"entry", "set", "1", "x"})), "numbered as entry list 1 shows them");
}

TEST_CASE("cli: action items are added, updated and closed on AFTERMATH_NOW's clock", "[cli][postmortem]")
{
    CliStore s;
    const FixedNow now("2026-07-02T09:00:00Z");
    const qint64 nowUs = test::incidentNightUs + (14 * 24 + 8) * 3600 * test::usPerSecond;
    const Run added = s.cli(args({"action", "add", "1", "Add a retry limit to every step", "--owner", "priya", "--due",
        "2026-07-01", "--priority", "P2", "--type", "prevent", "--link", "https://example.org/etl/issues/9"}));
    INFO(added.err.toStdString());
    REQUIRE(added.code == cli::Success);
    CHECK(added.out == QStringLiteral("1\n"));
    CHECK(s.cli(args({"action", "add", "1", "Page on stuck runs", "--owner", "dana"})).out == QStringLiteral("2\n"));
    {
        const ActionItem item = *s.open().postmortems().actionItem(1);
        CHECK(item.incidentId == 1);
        CHECK(item.description == QStringLiteral("Add a retry limit to every step"));
        CHECK(item.owner == QStringLiteral("priya"));
        CHECK(item.due == QDate(2026, 7, 1));
        CHECK(item.priority == QStringLiteral("P2"));
        CHECK(item.type == ActionItem::Type::Prevent);
        CHECK(item.link == QStringLiteral("https://example.org/etl/issues/9"));
        CHECK(item.status == ActionItem::Status::Open);
        CHECK(item.createdAtUs == nowUs);
        CHECK_FALSE(item.closedAtUs);
    }

    const Run done = s.cli(args({"action", "set", "1", "--status", "done"}));
    REQUIRE(done.code == cli::Success);
    CHECK(done.out.contains(QStringLiteral("1   done")));
    CHECK(s.open().postmortems().actionItem(1)->closedAtUs == nowUs);
    REQUIRE(s.cli(args({"action", "set", "1", "--status", "in_progress", "--owner", "sam", "--due", "", "--type", "",
                      "--priority", "P1", "--description", "Retry at most 5 times", "--link", ""}))
                .code
        == cli::Success);
    {
        const ActionItem item = *s.open().postmortems().actionItem(1);
        CHECK(item.status == ActionItem::Status::InProgress);
        CHECK_FALSE(item.closedAtUs);
        CHECK(item.owner == QStringLiteral("sam"));
        CHECK_FALSE(item.due);
        CHECK_FALSE(item.type);
        CHECK(item.priority == QStringLiteral("P1"));
        CHECK(item.description == QStringLiteral("Retry at most 5 times"));
        CHECK(item.link.isEmpty());
    }

    // An item added by mistake is removed; the other stays.
    const Run removed = s.cli(args({"action", "rm", "2"}));
    REQUIRE(removed.code == cli::Success);
    CHECK(removed.err.contains(QStringLiteral("Removed action item #2 (Page on stuck runs) of incident #1")));
    CHECK(s.open().postmortems().actionItem(2).error().code == Error::Code::NotFound);
    CHECK(s.open().postmortems().actionItem(1).has_value());
    const Run gone = s.cli(args({"action", "rm", "2"}));
    CHECK(gone.code == cli::RuntimeError);
    checkUsageError(s.cli(args({"action", "rm", "x"})), "action rm needs an action item number");
    checkUsageError(s.cli(args({"action", "rm", "1", "--owner", "a"})), "it takes none");

    checkUsageError(s.cli(args({"action"})), "say what to do");
    checkUsageError(s.cli(args({"action", "add", "1", "x"})), "--owner");
    checkUsageError(s.cli(args({"action", "add", "1"})), "action add ID \"DESCRIPTION\" --owner NAME");
    checkUsageError(s.cli(args({"action", "add", "1", "two", "words", "--owner", "a"})), "put it in quotes");
    checkUsageError(s.cli(args({"action", "add", "1", "x", "--owner", "a", "--due", "01/07/2026"})), "YYYY-MM-DD");
    checkUsageError(s.cli(args({"action", "add", "1", "x", "--owner", "a", "--due", "2026-02-30"})), "YYYY-MM-DD");
    checkUsageError(s.cli(args({"action", "add", "1", "x", "--owner", "a", "--type", "fix"})),
        "expected prevent, mitigate, detect, process or spike");
    checkUsageError(s.cli(args({"action", "add", "1", "x", "--owner", "a", "--status", "done"})),
        "--status is not an option of action add");
    checkUsageError(s.cli(args({"action", "set", "1"})), "say what to change");
    checkUsageError(
        s.cli(args({"action", "set", "1", "--status", "closed"})), "expected open, in_progress, done or wont_do");
    checkUsageError(s.cli(args({"action", "set", "1", "--description", ""})), "--description cannot be empty");
    checkUsageError(s.cli(args({"action", "set", "1", "--overdue"})), "--overdue is not an option of action set");
    checkUsageError(s.cli(args({"action", "list", "--format", "xml"})), "expected text, csv, json");
    checkUsageError(s.cli(args({"action", "list", "--status", "closed"})), "(or unfinished, for list and export)");
    checkUsageError(s.cli(args({"action", "list", "extra"})), "takes options only");
    checkUsageError(s.cli(args({"action", "export", "--format", "csv"})), "expected gh");
    checkUsageError(s.cli(args({"action", "export", "--repo", "not a repo"})), "OWNER/NAME");
    checkUsageError(s.cli(args({"action", "frob"})), "expected add, set, rm, list or export");
    checkRuntimeError(s.cli(args({"action", "add", "5", "x", "--owner", "a"})), s.db, "there is no incident 5");
    checkRuntimeError(s.cli(args({"action", "set", "9", "--status", "done"})), s.db, "there is no action item 9");
    checkRuntimeError(s.cli(args({"action", "list", "--incident", "5"})), s.db, "there is no incident 5");

    // A mistyped store is reported, not created.
    const QString missing = s.dir.filePath(QStringLiteral("typo.sqlite"));
    const Run typo
        = runCli(QStringList{QStringLiteral("--db"), missing} + args({"action", "add", "1", "x", "--owner", "a"}));
    checkRuntimeError(typo, missing, "");
    CHECK_FALSE(QFileInfo::exists(missing));
}

TEST_CASE(
    "cli: action list filters by owner, status and incident, and overdue is as of AFTERMATH_NOW", "[cli][postmortem]")
{
    CliStore s;
    REQUIRE(s.cli(args({"incident", "new", "--title", "Second", "--from", "2026-06-20", "--to", "2026-06-21"})).code
        == cli::Success);
    const std::pair<const char*, QStringList> items[] = {
        {"1", args({"Due June 30", "--owner", "priya", "--due", "2026-06-30"})},
        {"1", args({"Due July 1", "--owner", "Priya", "--due", "2026-07-01"})},
        {"2", args({"Due July 1, done", "--owner", "sam", "--due", "2026-07-01"})},
        {"2", args({"No due date", "--owner", "sam"})},
    };
    for (const auto& [incident, rest] : items)
        REQUIRE(
            s.cli(QStringList{QStringLiteral("action"), QStringLiteral("add"), QString::fromLatin1(incident)} + rest)
                .code
            == cli::Success);
    REQUIRE(s.cli(args({"action", "set", "3", "--status", "done"})).code == cli::Success);

    auto ids = [&](const QStringList& options) {
        const Run list = s.cli(QStringList{QStringLiteral("action"), QStringLiteral("list"), QStringLiteral("--format"),
                                   QStringLiteral("json"), QStringLiteral("--tz"), QStringLiteral("UTC")}
            + options);
        INFO(list.err.toStdString());
        REQUIRE(list.code == cli::Success);
        QList<int> result;
        for (const QJsonValue& value : QJsonDocument::fromJson(list.out.toUtf8()).array())
            result << value[u"id"].toInt();
        return result;
    };
    {
        const FixedNow now("2026-07-01T12:00:00Z");
        CHECK(ids({}) == QList<int>{1, 2, 3, 4});
        CHECK(ids(args({"--owner", "priya"})) == QList<int>{1, 2});
        CHECK(ids(args({"--status", "done"})) == QList<int>{3});
        CHECK(ids(args({"--status", "unfinished"})) == QList<int>{1, 2, 4}); // open or in progress
        CHECK(ids(args({"--status", "unfinished", "--incident", "2"})) == QList<int>{4});
        CHECK(ids(args({"--incident", "2"})) == QList<int>{3, 4});
        CHECK(ids(args({"--overdue"})) == QList<int>{1}); // due today is not overdue yet
        CHECK(ids(args({"--overdue", "--owner", "sam"})).isEmpty());
    }
    {
        const FixedNow now("2026-07-02T00:30:00Z");
        CHECK(ids(args({"--overdue"})) == QList<int>{1, 2}); // done items are never overdue
        // "Today" is the date in --tz: still July 1 in New York.
        const Run newYork
            = s.cli(args({"action", "list", "--overdue", "--tz", "America/New_York", "--format", "json"}));
        CHECK(QJsonDocument::fromJson(newYork.out.toUtf8()).array().size() == 1);
        const Run text = s.cli(args({"action", "list", "--tz", "UTC"}));
        CHECK(text.out.contains(QStringLiteral("2026-07-01 (overdue)")));
        CHECK(text.out.startsWith(QStringLiteral("ID  STATUS  ")));
    }
    {
        const FixedNow now("not a time");
        checkUsageError(s.cli(args({"action", "list", "--overdue"})), "AFTERMATH_NOW");
    }
    const Run none = s.cli(args({"action", "list", "--owner", "nobody"}));
    CHECK(none.code == cli::Success);
    CHECK(none.out.isEmpty());
    CHECK(none.err.contains(QStringLiteral("No action items match")));

    // JSON carries every field.
    const FixedNow now("2026-07-02T09:00:00Z");
    const Run json = s.cli(args({"action", "list", "--format", "json", "--incident", "1"}));
    const QJsonArray array = QJsonDocument::fromJson(json.out.toUtf8()).array();
    REQUIRE(array.size() == 2);
    const QJsonObject first = array[0].toObject();
    CHECK(first[u"incident"].toString() == QStringLiteral("Nightly ETL failed"));
    CHECK(first[u"due"].toString() == QStringLiteral("2026-06-30"));
    CHECK(first[u"status"].toString() == QStringLiteral("open"));
    CHECK(first[u"overdue"].toBool());
    CHECK(first[u"type"].isNull());
    CHECK(first[u"closed_at"].isNull());
    CHECK(first[u"created_at"].toString().endsWith(u'Z'));
    CHECK(QJsonDocument::fromJson(s.cli(args({"action", "list", "--format", "json", "--owner", "x"})).out.toUtf8())
              .array()
              .isEmpty());
}

TEST_CASE("cli: action list as CSV for Jira quotes commas, quotes and line breaks (RFC 4180)", "[cli][postmortem]")
{
    CliStore s;
    REQUIRE(s.cli(args({"incident", "set", "1", "--title", "ETL, \"nightly\" failed"})).code == cli::Success);
    REQUIRE(s.cli(QStringList{QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("1"), hostile}
                 + args({"--owner", "O'Brien, Pat", "--due", "2026-07-01", "--priority", " P1 ", "--type", "detect"}))
                .code
        == cli::Success);
    REQUIRE(s.cli(args({"action", "add", "1", "Plain", "--owner", "sam"})).code == cli::Success);
    const Run csv = s.cli(args({"action", "list", "--format", "csv"}));
    REQUIRE(csv.code == cli::Success);
    CHECK(csv.out.startsWith(QStringLiteral("Summary,Assignee,Due date,Priority,Description,Labels,Labels\r\n")));
    const auto records = test::parseCsv(csv.out);
    REQUIRE(records.size() == 3);
    for (const QStringList& record : records)
        CHECK(record.size() == 7);
    const QStringList& row = records[1];
    CHECK(row[0] == hostile.section(u'\n', 0, 0)); // the summary is the first line
    CHECK(row[1] == QStringLiteral("O'Brien, Pat"));
    CHECK(row[2] == QStringLiteral("2026-07-01"));
    CHECK(row[3] == QStringLiteral(" P1 ")); // leading and trailing spaces kept, by quoting
    CHECK(
        row[4].startsWith(hostile + QStringLiteral("\n\nFrom the postmortem of incident #1: ETL, \"nightly\" failed")));
    CHECK(row[4].contains(QStringLiteral("Aftermath action item #1")));
    CHECK(row[5] == QStringLiteral("postmortem"));
    CHECK(row[6] == QStringLiteral("detect"));
    CHECK(records[2][0] == QStringLiteral("Plain"));
    CHECK(records[2][6].isEmpty());
    // Plain fields stay unquoted.
    CHECK(csv.out.contains(QStringLiteral("\r\nPlain,sam,,,")));

    CHECK(cli::csvField(u"a,b") == QStringLiteral("\"a,b\""));
    CHECK(cli::csvField(u"say \"hi\"") == QStringLiteral("\"say \"\"hi\"\"\""));
    CHECK(cli::csvField(u"two\nlines") == QStringLiteral("\"two\nlines\""));
    CHECK(cli::csvField(u"cr\r") == QStringLiteral("\"cr\r\""));
    CHECK(cli::csvField(u"plain") == QStringLiteral("plain"));
    // Formulas are neutralised (OWASP): quoted, with a leading ' that spreadsheets show as text.
    CHECK(cli::csvField(u"=HYPERLINK(\"http://evil\",\"x\")")
        == QStringLiteral("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""));
    CHECK(cli::csvField(u"=1+1") == QStringLiteral("\"'=1+1\""));
    CHECK(cli::csvField(u"+1") == QStringLiteral("\"'+1\""));
    CHECK(cli::csvField(u"-2") == QStringLiteral("\"'-2\""));
    CHECK(cli::csvField(u"@SUM(A1)") == QStringLiteral("\"'@SUM(A1)\""));
    CHECK(cli::csvField(u"\t=1") == QStringLiteral("\"'\t=1\""));
    CHECK(cli::csvField(u"\r=1") == QStringLiteral("\"'\r=1\""));
    CHECK(cli::csvField(u"a=1") == QStringLiteral("a=1"));
    CHECK(cli::csvField(u"") == QString());
}

TEST_CASE("cli: action export prints gh commands whose words any shell takes literally", "[cli][postmortem]")
{
    CliStore s;
    QTemporaryDir shellDir; // the shell runs here: nothing may appear in it
    REQUIRE(s.cli(QStringList{QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("1"),
                      QStringLiteral("--title"), QStringLiteral("ETL 'nightly' $(date) failed")})
                .code
        == cli::Success);
    REQUIRE(s.cli(QStringList{QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("1"), hostile,
                      QStringLiteral("--owner"), QStringLiteral("pat'; touch pwned-owner; echo '"),
                      QStringLiteral("--type"), QStringLiteral("process")})
                .code
        == cli::Success);
    // After --, words are arguments even when they start with a dash.
    REQUIRE(s.cli(args({"action", "add", "1", "--owner", "sam", "--due", "2026-07-01", "--priority", "P2", "--",
                      "-starts with a dash"}))
                .code
        == cli::Success);
    REQUIRE(s.cli(args({"action", "add", "1", "Already done", "--owner", "sam"})).code == cli::Success);
    REQUIRE(s.cli(args({"action", "set", "3", "--status", "done"})).code == cli::Success);

    const Run exported = s.cli(args({"action", "export", "--repo", "acme/etl"}));
    INFO(exported.out.toStdString());
    REQUIRE(exported.code == cli::Success);
    // Done items are left out unless --status asks for them; one command per item.
    CHECK(exported.out.count(QStringLiteral("gh issue create ")) == 2);
    CHECK(exported.out.startsWith(QStringLiteral("gh issue create --repo 'acme/etl' --title ")));

    // The whole output is valid shell, and gives back exactly the intended words, running nothing.
    const std::vector<QStringList> commands = test::ghCommandWords(exported.out, shellDir.path());
    REQUIRE(commands.size() == 2);
    const QStringList& first = commands[0];
    const QString title = hostile.section(u'\n', 0, 0);
    REQUIRE(first.size() == 14);
    CHECK(first.mid(0, 6) == args({"issue", "create", "--repo", "acme/etl", "--title"}) + QStringList{title});
    CHECK(first[6] == QStringLiteral("--body"));
    CHECK(first[7].startsWith(hostile
        + QStringLiteral("\n\nFrom the postmortem of incident #1: ETL 'nightly' $(date) "
                         "failed\nAftermath action item #1")));
    CHECK(first.mid(8)
        == args({"--assignee", "pat'; touch pwned-owner; echo '", "--label", "postmortem", "--label", "process"}));
    const QStringList& second = commands[1];
    CHECK(second.mid(4, 2) == args({"--title", "-starts with a dash"}));
    CHECK(second[7].endsWith(QStringLiteral("Aftermath action item #2 (due 2026-07-01, priority P2)")));
    CHECK(second.mid(8) == args({"--assignee", "sam", "--label", "postmortem"}));
    CHECK(QDir(shellDir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());

    // The same check through `sh -c 'printf "%s\n" WORDS'`, one quoted word at a time.
    for (const QString& text : {hostile, QStringLiteral("it's"), QStringLiteral("'"), QStringLiteral(""),
             QStringLiteral("a\\'b\"c`d`$(e)$f\n\tg")}) {
        QProcess sh;
        sh.setWorkingDirectory(shellDir.path());
        sh.start(
            QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("printf '%s\\n' ") + cli::shellQuote(text)});
        REQUIRE(sh.waitForFinished(10000));
        CHECK(QString::fromUtf8(sh.readAllStandardOutput()) == text + u'\n');
    }
    CHECK(cli::shellQuote(u"it's") == QStringLiteral("'it'\\''s'"));

    // --status asks for the done ones; no --repo lets gh choose.
    const Run done = s.cli(args({"action", "export", "--status", "done"}));
    CHECK(done.out.startsWith(QStringLiteral("gh issue create --title 'Already done'")));
    CHECK(done.out.count(QStringLiteral("gh issue create ")) == 1);
    const Run nothing = s.cli(args({"action", "export", "--owner", "nobody"}));
    CHECK(nothing.code == cli::Success);
    CHECK(nothing.out.isEmpty());
    CHECK(nothing.err.contains(QStringLiteral("No action items to export")));
}

TEST_CASE("cli: draft fills the example incident's postmortem, and drafting again keeps a person's edits",
    "[cli][postmortem][example]")
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("demo"));
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), out}).code == cli::Success);
    const QString db = out + QStringLiteral("/aftermath.sqlite");
    auto cli = [&](const QStringList& arguments) {
        return runCli(QStringList{QStringLiteral("--db"), db} + arguments);
    };

    const Run first = cli(args({"draft", "1"}));
    INFO(first.err.toStdString());
    REQUIRE(first.code == cli::Success);
    CHECK(first.out.startsWith(QStringLiteral("Drafted incident #1 (Nightly post-funding ETL runs failed after the "
                                              "funding_band change) in ")
        + db));
    CHECK(first.out.contains(QStringLiteral("trigger:    filled\n")));
    CHECK(first.out.contains(QStringLiteral("detection:  filled\n")));
    CHECK(first.out.contains(QStringLiteral("impact:     filled\n")));
    qint64 entries = 0;
    {
        auto store = store::Store::open(db, {.access = store::OpenOptions::Access::ReadOnly});
        REQUIRE(store);
        const auto postmortem = store->postmortems().postmortem(1);
        REQUIRE(postmortem);
        entries = qint64(postmortem->timeline.size());
        CHECK(entries > 10);
        CHECK(postmortem->incident.trigger.startsWith(QStringLiteral("PR #412")));
        CHECK(postmortem->incident.detection.contains(QStringLiteral("04:00:00 +01:00")));
    }
    CHECK(first.out.contains(
        QStringLiteral("timeline:   %1 entries added, 0 of the previous draft's replaced\n").arg(entries)));

    REQUIRE(cli(args({"incident", "set", "1", "--trigger", "Merging #412 before migration 0042 ran"})).code
        == cli::Success);
    const Run again = cli(args({"draft", "1"}));
    REQUIRE(again.code == cli::Success);
    CHECK(again.out.contains(QStringLiteral("trigger:    kept (a person's text)\n")));
    CHECK(again.out.contains(QStringLiteral("detection:  unchanged (the draft says the same again)\n")));
    CHECK(again.out.contains(
        QStringLiteral("timeline:   %1 entries added, %1 of the previous draft's replaced\n").arg(entries)));
    auto store = store::Store::open(db, {.access = store::OpenOptions::Access::ReadOnly});
    REQUIRE(store);
    CHECK(store->postmortems().incident(1)->trigger == QStringLiteral("Merging #412 before migration 0042 ran"));

    checkUsageError(cli(args({"draft"})), "draft takes one incident number");
    checkUsageError(cli(args({"draft", "1", "2"})), "draft takes one incident number");
    checkUsageError(cli(args({"draft", "first"})), "needs an incident number");
    checkRuntimeError(cli(args({"draft", "3"})), db, "there is no incident 3");
}

TEST_CASE("cli: the postmortem commands have help that names their options", "[cli][postmortem]")
{
    const Run general = runCli({QStringLiteral("--help")});
    for (const char* command : {"incident", "rootcause", "action", "draft"})
        CHECK(general.out.contains(QStringLiteral("  ") + QLatin1StringView(command)));
    const std::pair<const char*, std::vector<const char*>> expected[] = {
        {"incident",
            {"new|list|show|set", "--title", "--severity", "--status", "--authors", "--description", "--summary",
                "--impact", "--trigger", "--detection", "--resolution", "--contributing-factors", "--went-well",
                "--went-wrong", "--got-lucky", "--from", "--to", "--tz"}},
        {"rootcause", {"add ID TEXT", "list ID", "rm ID POSITION", "--position"}},
        {"action",
            {"add ID DESCRIPTION", "set AID", "--owner", "--due", "--priority", "--type", "--link", "--status",
                "--description", "--overdue", "--incident", "--format", "--repo", "AFTERMATH_NOW"}},
        {"draft", {"draft [options] ID"}},
    };
    for (const auto& [command, words] : expected) {
        const Run help = runCli({QString::fromLatin1(command), QStringLiteral("--help")});
        INFO(command);
        CHECK(help.code == cli::Success);
        CHECK(help.out.startsWith(QStringLiteral("Usage: aftermath-cli [--db FILE] ") + QLatin1StringView(command)));
        for (const char* word : words)
            CHECK(help.out.contains(QLatin1StringView(word)));
        CHECK(runCli({QStringLiteral("help"), QString::fromLatin1(command)}).out == help.out);
    }
}
