// aftermath-cli events --grep, --level, --kind, --source, --service and --run, checked against the
// plain `events` output of the same store; and the search index that ingest, demo and init bring up
// to date.

#include "cli.h"
#include "clitestsupport.h"
#include "model/textquery.h"
#include "model/timestamp.h"
#include "store/store.h"

#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QTimeZone>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <functional>
#include <random>

using namespace aftermath;
using aftermath::test::incidentNightUs;
using aftermath::test::usPerSecond;

namespace {

using Run = test::CliRun;
using test::lines;
using test::runCli;

// Five sources, two of them shown under one name, and events of every level and some kinds,
// services, runs, actors and outcomes. The first 2,000 events are indexed, the last 1,000 not.
QString searchStore(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("search.sqlite"));
    auto store = store::Store::open(path);
    REQUIRE(store);
    std::vector<qint64> sources;
    std::mt19937 random(42);
    const QStringList messages = {
        QStringLiteral("upstream timeout after %1 ms calling inventory"),
        QStringLiteral("connection reset by peer (attempt %1)"),
        QStringLiteral("charge declined for order %1"),
        QStringLiteral("charge captured for order %1"),
        QStringLiteral("Über-Bot deployed payments v%1"),
        QStringLiteral("Step create_post_funding failed: AND OR NOT* NEAR(%1)"),
        QStringLiteral("GET /v1/orders/%1 200"),
    };
    const auto write = [&](int from, int to) {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        if (sources.empty()) {
            for (const char* path : {"/evidence/api.log", "/evidence/jobs.log", "/evidence/deploys.json",
                     "/evidence/eu/app.log", "/evidence/us/app.log"}) {
                model::Source source = test::makeSource(QFileInfo(QString::fromLatin1(path)).fileName());
                source.path = QString::fromLatin1(path);
                sources.push_back(*(*tx)->addSource(source));
            }
        }
        std::vector<model::Event> events;
        for (int i = from; i < to; ++i) {
            const qint64 source = sources[random() % sources.size()];
            model::Event e = test::makeEvent(source, incidentNightUs + qint64(random() % 7200) * usPerSecond, i,
                messages[random() % std::size_t(messages.size())].arg(random() % 1000),
                model::Level(random() % model::levelCount), model::EventKind(random() % 4 == 0 ? random() % 13 : 0));
            if (random() % 3 == 0)
                e.service = random() % 2 ? QStringLiteral("payments.api") : QStringLiteral("Scheduler");
            if (random() % 3 == 0)
                e.runId = QStringLiteral("run-%1").arg(random() % 6);
            if (random() % 5 == 0)
                e.actor = QStringLiteral("dana");
            if (random() % 5 == 0)
                e.outcome = QStringLiteral("failure");
            events.push_back(e);
        }
        REQUIRE((*tx)->addEvents(events));
        REQUIRE((*tx)->commit());
    };
    write(0, 2000);
    REQUIRE(store->evidence().updateSearchIndex());
    write(2000, 3000);
    REQUIRE(store->evidence().searchIndexStatus()->pendingEvents == 1000);
    return path;
}

// An event as `events --format jsonl` gives it.
struct Printed {
    QJsonObject json;
    model::Event event; // the texts --grep reads, from the JSON
};

std::vector<Printed> parseJsonl(const QString& out)
{
    std::vector<Printed> printed;
    for (const QString& line : lines(out)) {
        QJsonParseError error;
        const QJsonObject json = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        REQUIRE(error.error == QJsonParseError::NoError);
        Printed p{json, {}};
        p.event.message = json[u"message"].toString();
        p.event.service = json[u"service"].toString();
        p.event.runId = json[u"run"].toString();
        p.event.actor = json[u"actor"].toString();
        p.event.outcome = json[u"outcome"].toString();
        printed.push_back(p);
    }
    return printed;
}

} // namespace

TEST_CASE(
    "cli: events --grep, --level, --kind, --source, --service and --run print what plain events shows", "[cli][search]")
{
    QTemporaryDir dir;
    const QString db = searchStore(dir);
    const auto events = [&](const QStringList& extra) {
        const Run run = runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("events"), QStringLiteral("--tz"),
                                   QStringLiteral("UTC")}
            + extra);
        INFO(run.err.toStdString());
        REQUIRE(run.code == cli::Success);
        return run;
    };
    const std::vector<Printed> all = parseJsonl(events({QStringLiteral("--format"), QStringLiteral("jsonl")}).out);
    const QStringList allText = lines(events({}).out);
    REQUIRE(all.size() == 3000);
    REQUIRE(allText.size() == 3000); // one line each: no message spans lines

    const auto levelAtLeast = [](const Printed& p, model::Level level) {
        return int(*model::levelFromString(p.json[u"level"].toString())) >= int(level);
    };
    const auto grep = [](const char* typed) {
        const model::TextQuery query = model::TextQuery::parse(QString::fromUtf8(typed));
        return [query](const Printed& p) { return query.matches(p.event); };
    };
    const auto field = [](const char* name, const char* value) {
        return [=](const Printed& p) { return p.json[QLatin1StringView(name)].toString() == QLatin1StringView(value); };
    };
    struct Case {
        QStringList options;
        std::function<bool(const Printed&)> want;
    };
    const qint64 from = incidentNightUs + 1800 * usPerSecond;
    const qint64 to = incidentNightUs + 3600 * usPerSecond;
    const std::vector<Case> cases = {
        {{QStringLiteral("--grep"), QStringLiteral("timeout")}, grep("timeout")},
        {{QStringLiteral("--grep"), QStringLiteral("TIME")}, grep("TIME")},
        {{QStringLiteral("--grep"), QStringLiteral("\"connection reset\" -\"attempt 7\"")},
            grep("\"connection reset\" -\"attempt 7\"")},
        {{QStringLiteral("--grep"), QStringLiteral("charge -declined")}, grep("charge -declined")},
        {{QStringLiteral("--grep"), QStringLiteral("über-bot")}, grep("über-bot")},
        {{QStringLiteral("--grep"), QStringLiteral("AND OR")}, grep("AND OR")},
        {{QStringLiteral("--grep"), QStringLiteral("NOT*")}, grep("NOT*")},
        {{QStringLiteral("--grep"), QStringLiteral("NEAR(1")}, grep("NEAR(1")},
        {{QStringLiteral("--grep"), QStringLiteral("/v1/orders/1")}, grep("/v1/orders/1")},
        {{QStringLiteral("--grep"), QStringLiteral("payments.api dana")}, grep("payments.api dana")},
        {{QStringLiteral("--level"), QStringLiteral("warning+")},
            [&](const Printed& p) { return levelAtLeast(p, model::Level::Warning); }},
        {{QStringLiteral("--level"), QStringLiteral("error,fatal")},
            [&](const Printed& p) { return field("level", "error")(p) || field("level", "fatal")(p); }},
        {{QStringLiteral("--level"), QStringLiteral("info"), QStringLiteral("--level"), QStringLiteral("debug")},
            [&](const Printed& p) { return field("level", "info")(p) || field("level", "debug")(p); }},
        {{QStringLiteral("--kind"), QStringLiteral("deploy,retry")},
            [&](const Printed& p) { return field("kind", "deploy")(p) || field("kind", "retry")(p); }},
        {{QStringLiteral("--source"), QStringLiteral("jobs.log")}, field("source", "jobs.log")},
        {{QStringLiteral("--source"), QStringLiteral("/evidence/api.log")}, field("source", "api.log")},
        {{QStringLiteral("--source"), QStringLiteral("DEPLOYS")}, field("source", "deploys.json")},
        {{QStringLiteral("--source"), QStringLiteral("app.log")}, field("source", "app.log")},
        {{QStringLiteral("--source"), QStringLiteral("jobs.log"), QStringLiteral("--source"),
             QStringLiteral("deploys")},
            [&](const Printed& p) { return field("source", "jobs.log")(p) || field("source", "deploys.json")(p); }},
        {{QStringLiteral("--service"), QStringLiteral("PAYMENTS.API")}, field("service", "payments.api")},
        {{QStringLiteral("--run"), QStringLiteral("run-3"), QStringLiteral("--run"), QStringLiteral("run-4")},
            [&](const Printed& p) { return field("run", "run-3")(p) || field("run", "run-4")(p); }},
        {{QStringLiteral("--grep"), QStringLiteral("failed"), QStringLiteral("--level"), QStringLiteral("error+"),
             QStringLiteral("--source"), QStringLiteral("api.log"), QStringLiteral("--from"), model::formatUtc(from),
             QStringLiteral("--to"), model::formatUtc(to)},
            [&](const Printed& p) {
                const qint64 time = *model::parseIsoTime(p.json[u"time"].toString(), QTimeZone::utc());
                return grep("failed")(p) && levelAtLeast(p, model::Level::Error) && field("source", "api.log")(p)
                    && time >= from && time <= to;
            }},
        {{QStringLiteral("--grep"), QStringLiteral("order"), QStringLiteral("--kind"), QStringLiteral("log"),
             QStringLiteral("--service"), QStringLiteral("scheduler"), QStringLiteral("--run"),
             QStringLiteral("run-1")},
            [&](const Printed& p) {
                return grep("order")(p) && field("kind", "log")(p) && field("service", "Scheduler")(p)
                    && field("run", "run-1")(p);
            }},
    };
    for (const Case& c : cases) {
        INFO(c.options.join(u' ').toStdString());
        std::vector<QJsonValue> wantedIds;
        QStringList wantedText;
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (c.want(all[i])) {
                wantedIds.push_back(all[i].json[u"id"]);
                wantedText << allText[qsizetype(i)];
            }
        }
        CHECK_FALSE(wantedIds.empty()); // each narrows to something
        CHECK(wantedIds.size() < all.size()); // and leaves something out
        std::vector<QJsonValue> ids;
        for (const Printed& p :
            parseJsonl(events(c.options + QStringList{QStringLiteral("--format"), QStringLiteral("jsonl")}).out))
            ids.push_back(p.json[u"id"]);
        CHECK(ids == wantedIds);
        CHECK(lines(events(c.options).out) == wantedText);
    }
    // --limit counts what matches.
    const QStringList limited = lines(
        events({QStringLiteral("--grep"), QStringLiteral("timeout"), QStringLiteral("--limit"), QStringLiteral("3")})
            .out);
    CHECK(limited == lines(events({QStringLiteral("--grep"), QStringLiteral("timeout")}).out).mid(0, 3));
    // Nothing matches: said on stderr, not an error.
    const Run none = events({QStringLiteral("--grep"), QStringLiteral("nothing-like-this")});
    CHECK(none.out.isEmpty());
    CHECK(none.err.contains(QStringLiteral("No events match the filters in ")));
}

TEST_CASE("cli: events filters that name nothing are errors that say what they could be", "[cli][search]")
{
    QTemporaryDir dir;
    const QString db = searchStore(dir);
    const auto events = [&](const QStringList& extra) {
        return runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("events")} + extra);
    };
    const Run level = events({QStringLiteral("--level"), QStringLiteral("warning+,loud")});
    CHECK(level.code == cli::UsageError);
    CHECK(level.err.contains(QStringLiteral("--level: unknown level \"loud\"; expected unknown, trace")));
    const Run kind = events({QStringLiteral("--kind"), QStringLiteral("deploy+")});
    CHECK(kind.code == cli::UsageError);
    CHECK(kind.err.contains(QStringLiteral("--kind: unknown kind \"deploy+\"; expected log, commit")));

    const Run unknown = events({QStringLiteral("--source"), QStringLiteral("nginx")});
    CHECK(unknown.code == cli::RuntimeError);
    CHECK(unknown.out.isEmpty());
    CHECK(unknown.err.contains(QStringLiteral("no source is called \"nginx\"")));
    for (const char* path : {"/evidence/api.log", "/evidence/jobs.log", "/evidence/deploys.json",
             "/evidence/eu/app.log", "/evidence/us/app.log"})
        CHECK(unknown.err.contains(QString::fromLatin1(path)));

    const Run ambiguous = events({QStringLiteral("--source"), QStringLiteral("ap")});
    CHECK(ambiguous.code == cli::RuntimeError);
    CHECK(ambiguous.err.contains(QStringLiteral("\"ap\" could be any of these sources")));
    CHECK(ambiguous.err.contains(QStringLiteral("  api.log (/evidence/api.log)")));
    CHECK(ambiguous.err.contains(QStringLiteral("  app.log (/evidence/eu/app.log)")));
    CHECK(ambiguous.err.contains(QStringLiteral("  app.log (/evidence/us/app.log)")));
    CHECK_FALSE(ambiguous.err.contains(QStringLiteral("jobs.log")));

    // A path whose source shares its name with another cannot be told apart from it.
    const Run shared = events({QStringLiteral("--source"), QStringLiteral("/evidence/eu/app.log")});
    CHECK(shared.code == cli::RuntimeError);
    CHECK(shared.err.contains(QStringLiteral("  app.log (/evidence/us/app.log)")));
}

TEST_CASE("cli: ingest indexes unless --no-index, and init indexes a store that lags or was upgraded", "[cli][search]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i.sqlite"));
    const QString log = test::fixture(QStringLiteral("text/etl-python-logging.log"));
    const Run skipped = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--no-index"),
        QStringLiteral("--tz"), QStringLiteral("UTC"), log});
    CHECK(skipped.code == cli::Success);
    CHECK_FALSE(skipped.out.contains(QStringLiteral("Indexed")));
    const auto grep = [&] {
        return runCli({QStringLiteral("--db"), db, QStringLiteral("events"), QStringLiteral("--grep"),
            QStringLiteral("funding_band"), QStringLiteral("--format"), QStringLiteral("jsonl")});
    };
    const Run unindexed = grep();
    CHECK(lines(unindexed.out).size() == 2);
    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        CHECK(store->evidence().searchIndexStatus()->pendingEvents == 7);
    }
    const Run init = runCli({QStringLiteral("--db"), db, QStringLiteral("init")});
    CHECK(init.code == cli::Success);
    CHECK(init.out.contains(QRegularExpression(QStringLiteral(
        "^Store .* is up to date \\(schema version \\d+\\)\\nIndexed 7 events for search in \\d+\\.\\d s.\\n$"))));
    CHECK(grep().out == unindexed.out);
    CHECK_FALSE(runCli({QStringLiteral("--db"), db, QStringLiteral("init")}).out.contains(QStringLiteral("Indexed")));

    const QString other = dir.filePath(QStringLiteral("nginx.log"));
    REQUIRE(QFile::copy(test::fixture(QStringLiteral("text/nginx-access.log")), other));
    const Run json = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--format-out"),
        QStringLiteral("json"), other});
    CHECK(json.code == cli::Success);
    const QJsonObject object = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(object[u"events"].toInt() == 3);
    CHECK(object[u"indexed"].toInt() == 3);

    // A store from before the index: init upgrades it, then indexes it.
    const QString old = dir.filePath(QStringLiteral("v4.sqlite"));
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(QFile::encodeName(old).constData(), &raw) == SQLITE_OK);
        const QByteArray fixture = test::fileBytes(QStringLiteral(AFTERMATH_TEST_DATA "/store/schema-v4.sql"));
        REQUIRE(sqlite3_exec(raw, fixture.constData(), nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    const Run upgraded = runCli({QStringLiteral("--db"), old, QStringLiteral("init")});
    CHECK(upgraded.code == cli::Success);
    CHECK(upgraded.out.contains(QRegularExpression(QStringLiteral(
        "^Upgraded store .* from schema version 4 to \\d+\\nIndexed 4 events for search in \\d+\\.\\d s.\\n$"))));
}

TEST_CASE("cli: edits get the store while init indexes a big store, each within a 1.5 s busy timeout",
    "[cli][search][process]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("big.sqlite"));
    const QString log = dir.filePath(QStringLiteral("big.log"));
    {
        QFile file(log);
        REQUIRE(file.open(QIODevice::WriteOnly));
        std::mt19937_64 random(3);
        QByteArray chunk;
        for (int i = 0; i < 400000; ++i) {
            chunk += "2026-06-18T01:00:00.000000Z INFO step processed batch " + QByteArray::number(i) + " token "
                + QByteArray::number(quint64(random()), 16) + '\n';
            if (chunk.size() > (1 << 20)) {
                REQUIRE(file.write(chunk) == chunk.size());
                chunk.clear();
            }
        }
        REQUIRE(file.write(chunk) == chunk.size());
    }
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--no-index"), log}).code
        == cli::Success);
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
    QProcess index;
    index.start(QStringLiteral(AFTERMATH_CLI_BINARY), {QStringLiteral("--db"), db, QStringLiteral("init")});
    REQUIRE(index.waitForStarted(10000));
    int edits = 0;
    const auto running = [](QProcess& p) { return !p.waitForFinished(0) && p.state() == QProcess::Running; };
    while (running(index)) {
        auto store = store::Store::open(db, {.busyTimeout = std::chrono::milliseconds(1500)});
        REQUIRE(store);
        model::IncidentUpdate update;
        update.summary = QStringLiteral("edit %1").arg(edits);
        const auto edited = store->postmortems().updateIncident(incident, update);
        INFO("edit " << edits << ": " << (edited ? "" : edited.error().toString().toStdString()));
        REQUIRE(edited);
        ++edits;
        QThread::msleep(50);
    }
    index.waitForFinished(120000);
    const QString output = QString::fromUtf8(index.readAllStandardOutput() + index.readAllStandardError());
    INFO(output.toStdString() << "edits made during the update: " << edits);
    CHECK(index.exitCode() == cli::Success);
    CHECK(output.contains(QStringLiteral("Indexed 400,000 events for search in ")));
    CHECK(edits > 0);
    auto store = store::Store::open(db);
    REQUIRE(store);
    const auto status = store->evidence().searchIndexStatus();
    INFO("pending " << status->pendingEvents << " indexed " << status->indexedEvents << " stale "
                    << status->staleEvents);
    CHECK_FALSE(status->lags());
    CHECK(store->postmortems().incident(incident)->summary == QStringLiteral("edit %1").arg(edits - 1));
}
