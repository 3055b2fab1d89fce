// aftermath-cli on a team store (docs/team-store.md): a postgresql:// URL as --db, on the test
// cluster (the ctest fixture "postgresql_cluster"), each case in a fresh database. What works on a
// server store today (init, incidents with their baseline, action items, export) works there as on
// a file; importing evidence is refused, saying so; a URL never carries a password.
#include "clitestsupport.h"
#include "teststore.h"

#include <QTemporaryDir>

namespace {

using namespace aftermath;
using test::runCli;

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

TEST_CASE("cli on a team store: importing evidence is refused, naming the store, and nothing is stored", "[cli][server]")
{
    const test::TestStore store;
    REQUIRE(store.onServer());
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("app.log"));
    QFile file(log);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("2026-07-01T14:00:03Z ERROR payments.api - charge failed for customer cus_1\n");
    file.close();
    REQUIRE(runCli({QStringLiteral("--db"), store.location, QStringLiteral("init")}).code == cli::Success);
    const auto ingest = runCli({QStringLiteral("--db"), store.location, QStringLiteral("ingest"), log});
    INFO(ingest.out.toStdString() + ingest.err.toStdString());
    CHECK(ingest.code != cli::Success);
    // Each input's refusal is in its line of the report, the summary on stderr.
    CHECK(ingest.out.contains(store.location + QStringLiteral(": importing evidence is not yet on PostgreSQL")));
    CHECK(ingest.err.contains(QStringLiteral("1 input could not be imported")));
    const auto info = runCli({QStringLiteral("--db"), store.location, QStringLiteral("events")});
    CHECK(info.out.trimmed().isEmpty());
}

TEST_CASE("cli on a team store: a URL with a password is refused without repeating it", "[cli][server]")
{
    const auto run = runCli({QStringLiteral("--db"), QStringLiteral("postgresql://dana:s3cret-pw@127.0.0.1:5/team"),
        QStringLiteral("info")});
    CHECK(run.code != cli::Success);
    CHECK(run.err.contains(QStringLiteral("PGPASSWORD")));
    CHECK_FALSE(run.err.contains(QStringLiteral("s3cret-pw")));
}
