// aftermath-cli on a team store (docs/team-store.md): a postgresql:// URL as --db, on the test
// cluster (the ctest fixture "postgresql_cluster"), each case in a fresh database. What works on a
// server store (init, imports, events, the timeline, incidents with their baseline, action items,
// export) works there as on a file; SQL over events is refused, saying so; a URL never carries a
// password.
#include "clitestsupport.h"
#include "examplesupport.h"
#include "teststore.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTimeZone>

namespace {

using namespace aftermath;
using test::runCli;

QString iso(qint64 us) { return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc()).toString(Qt::ISODate); }

} // namespace

TEST_CASE("cli on a team store: init, an incident with its baseline, an action item and the export", "[cli][server]")
{
    const test::TestStore store;
    REQUIRE(store.onServer());
    const QString& url = store.location;
    const auto cli = [&url](QStringList arguments) {
        return runCli(QStringList{QStringLiteral("--db"), url} + arguments);
    };

    const auto init = cli({QStringLiteral("init")});
    INFO(init.err.toStdString());
    REQUIRE(init.code == cli::Success);
    CHECK(init.out.startsWith(QStringLiteral("Created store %1 (schema version ").arg(url)));
    CHECK(cli({QStringLiteral("init")}).out.contains(QStringLiteral("is up to date")));

    const auto created = cli({QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--title"),
        QStringLiteral("Charges failing"), QStringLiteral("--from"), QStringLiteral("2026-07-01T13:00:00Z"),
        QStringLiteral("--to"), QStringLiteral("2026-07-01T17:00:00Z"), QStringLiteral("--tz"), QStringLiteral("UTC"),
        QStringLiteral("--baseline-from"), QStringLiteral("2026-07-01T10:00:00Z"), QStringLiteral("--baseline-to"),
        QStringLiteral("2026-07-01T12:00:00Z")});
    INFO(created.err.toStdString());
    REQUIRE(created.code == cli::Success);
    CHECK(created.out.trimmed() == QStringLiteral("1"));
    const auto shown = cli({QStringLiteral("incident"), QStringLiteral("show"), QStringLiteral("1")});
    CHECK(shown.out.contains(QStringLiteral("incident:  #1 Charges failing")));
    CHECK(shown.out.contains(QStringLiteral("baseline:  2026-07-01T10:00:00.000000Z to 2026-07-01T12:00:00.000000Z")));
    CHECK(shown.out.contains(QStringLiteral("events:    0")));

    REQUIRE(cli({QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("1"), QStringLiteral("--impact"),
                 QStringLiteral("Card charges failed for two hours.")})
                .code
        == cli::Success);
    REQUIRE(cli({QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("1"),
                 QStringLiteral("Alert on the charge failure rate"), QStringLiteral("--owner"), QStringLiteral("dana"),
                 QStringLiteral("--due"), QStringLiteral("2026-07-15")})
                .code
        == cli::Success);
    const auto actions = cli({QStringLiteral("action"), QStringLiteral("list")});
    CHECK(actions.out.contains(QStringLiteral("Alert on the charge failure rate")));
    CHECK(actions.out.contains(QStringLiteral("dana")));

    const auto exported = cli({QStringLiteral("export"), QStringLiteral("1")});
    INFO(exported.err.toStdString());
    REQUIRE(exported.code == cli::Success);
    CHECK(exported.out.startsWith(QStringLiteral("# Postmortem: Charges failing")));
    CHECK(exported.out.contains(QStringLiteral("Card charges failed for two hours.")));
    CHECK(exported.out.contains(QStringLiteral("Alert on the charge failure rate")));
}

TEST_CASE("cli on a team store: the example's evidence is imported, and events and the timeline print as from a "
          "store file",
    "[cli][server]")
{
    const test::TestStore store;
    REQUIRE(store.onServer());
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("example.sqlite"));
    for (const QString& db : {store.location, file}) {
        INFO(db.toStdString());
        REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("init")}).code == cli::Success);
        const auto ingest = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
            QStringLiteral("UTC"), test::exampleEvidence()});
        INFO(ingest.out.toStdString() + ingest.err.toStdString());
        REQUIRE(ingest.code == cli::Success);
    }
    const model::Incident incident = test::exampleIncident();
    const QStringList window{QStringLiteral("--tz"), QStringLiteral("UTC"), QStringLiteral("--from"),
        iso(incident.fromUs), QStringLiteral("--to"), iso(incident.toUs)};
    const auto both = [&](const QStringList& arguments) {
        const auto server = runCli(QStringList{QStringLiteral("--db"), store.location} + arguments);
        const auto local = runCli(QStringList{QStringLiteral("--db"), file} + arguments);
        INFO(arguments.join(u' ').toStdString());
        INFO(server.err.toStdString());
        CHECK(server.code == cli::Success);
        CHECK(local.code == cli::Success);
        CHECK(server.out == local.out);
        return server.out;
    };
    const QString all = both({QStringLiteral("events"), QStringLiteral("--format"), QStringLiteral("jsonl")});
    CHECK(all.count(u'\n') > 100);
    CHECK(both({QStringLiteral("events")}) == runCli({QStringLiteral("--db"), file, QStringLiteral("events")}).out);
    const QString grepped = both({QStringLiteral("events"), QStringLiteral("--grep"), QStringLiteral("funding_band")});
    CHECK_FALSE(grepped.trimmed().isEmpty());
    both({QStringLiteral("events"), QStringLiteral("--grep"), QStringLiteral("retry -succeeded"), QStringLiteral("--level"),
        QStringLiteral("error")});
    const QString timeline = both(QStringList{QStringLiteral("timeline")} + window);
    CHECK(timeline.count(u'\n') > 5);

    // SQL over events stays with store files, saying so.
    const auto sql = runCli({QStringLiteral("--db"), store.location, QStringLiteral("sql"),
        QStringLiteral("SELECT count(*) FROM events")});
    CHECK(sql.code != cli::Success);
    CHECK(sql.err.contains(QStringLiteral("not available on a PostgreSQL store")));
}

TEST_CASE("cli on a team store: a URL with a password is refused without repeating it", "[cli][server]")
{
    const auto run = runCli({QStringLiteral("--db"), QStringLiteral("postgresql://dana:s3cret-pw@127.0.0.1:5/team"),
        QStringLiteral("info")});
    CHECK(run.code != cli::Success);
    CHECK(run.err.contains(QStringLiteral("PGPASSWORD")));
    CHECK_FALSE(run.err.contains(QStringLiteral("s3cret-pw")));
}

TEST_CASE("cli on a team store: push the example's incident there, pull it into a new file, and both export as the "
          "original",
    "[cli][server]")
{
    const test::TestStore store;
    REQUIRE(store.onServer());
    QTemporaryDir dir;
    const QString demo = dir.filePath(QStringLiteral("demo"));
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), demo}).code == cli::Success);
    const QString local = demo + QStringLiteral("/aftermath.sqlite");
    REQUIRE(runCli({QStringLiteral("--db"), local, QStringLiteral("draft"), QStringLiteral("1")}).code == cli::Success);
    REQUIRE(runCli({QStringLiteral("--db"), store.location, QStringLiteral("init")}).code == cli::Success);

    const auto push = runCli({QStringLiteral("--db"), local, QStringLiteral("push"), QStringLiteral("1"),
        QStringLiteral("--to"), store.location});
    INFO(push.err.toStdString());
    REQUIRE(push.code == cli::Success);
    CHECK(push.out.endsWith(QStringLiteral(" as incident 1: 7 sources (799 events) copied, 0 already there.\n")));
    const auto again = runCli({QStringLiteral("--db"), local, QStringLiteral("push"), QStringLiteral("1"),
        QStringLiteral("--to"), store.location});
    CHECK(again.out.endsWith(QStringLiteral(": 0 sources (0 events) copied, 7 already there.\n")));

    const QString pulled = dir.filePath(QStringLiteral("pulled.sqlite"));
    const auto pull = runCli({QStringLiteral("--db"), pulled, QStringLiteral("pull"), QStringLiteral("1"),
        QStringLiteral("--from"), store.location});
    INFO(pull.err.toStdString());
    REQUIRE(pull.code == cli::Success);
    const auto exportOf = [](const QString& db) {
        const auto run = runCli({QStringLiteral("--db"), db, QStringLiteral("export"), QStringLiteral("1")});
        INFO(run.err.toStdString());
        REQUIRE(run.code == cli::Success);
        return run.out;
    };
    const QString original = exportOf(local);
    CHECK(original.contains(QStringLiteral("funding_band")));
    CHECK(exportOf(store.location) == original);
    CHECK(exportOf(pulled) == original);
}
