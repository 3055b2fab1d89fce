// aftermath-cli push and pull (docs/team-store.md): the bundled example's incident copied, with its
// evidence, to another store and back; copying again says so and changes nothing; a copy that
// differs there is refused. On store files here; server_cli_tests does the same with the team store.
#include "clitestsupport.h"

#include <QTemporaryDir>

namespace {

using namespace aftermath;
using test::runCli;

} // namespace

TEST_CASE("cli: push copies an incident with its evidence, push again changes nothing, pull brings it back",
    "[cli][transfer]")
{
    QTemporaryDir dir;
    const QString demo = dir.filePath(QStringLiteral("demo"));
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), demo}).code == cli::Success);
    const QString local = demo + QStringLiteral("/aftermath.sqlite");
    const QString team = dir.filePath(QStringLiteral("team.sqlite"));
    REQUIRE(runCli({QStringLiteral("--db"), team, QStringLiteral("init")}).code == cli::Success);

    const auto push = runCli({QStringLiteral("--db"), local, QStringLiteral("push"), QStringLiteral("1"),
        QStringLiteral("--to"), team});
    INFO(push.err.toStdString());
    REQUIRE(push.code == cli::Success);
    CHECK(push.out
        == QStringLiteral("Copied incident 1 to %1 as incident 1: 7 sources (799 events) copied, 0 already there.\n")
               .arg(team));
    const auto again = runCli({QStringLiteral("--db"), local, QStringLiteral("push"), QStringLiteral("1"),
        QStringLiteral("--to"), team});
    REQUIRE(again.code == cli::Success);
    CHECK(again.out
        == QStringLiteral("Incident 1 is already in %1 as incident 1: 0 sources (0 events) copied, 7 already there.\n")
               .arg(team));
    const auto exportOf = [](const QString& store) {
        const auto run = runCli({QStringLiteral("--db"), store, QStringLiteral("export"), QStringLiteral("1")});
        REQUIRE(run.code == cli::Success);
        return run.out;
    };
    CHECK(exportOf(team) == exportOf(local));

    // Pulled into a store that does not exist yet: it is made.
    const QString mine = dir.filePath(QStringLiteral("mine.sqlite"));
    const auto pull = runCli({QStringLiteral("--db"), mine, QStringLiteral("pull"), QStringLiteral("1"),
        QStringLiteral("--from"), team});
    INFO(pull.err.toStdString());
    REQUIRE(pull.code == cli::Success);
    CHECK(exportOf(mine) == exportOf(local));

    // Someone adds an action item to the team's copy: pushing the local one is refused, saying why.
    REQUIRE(runCli({QStringLiteral("--db"), team, QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("1"),
                QStringLiteral("Alert on missing reports"), QStringLiteral("--owner"), QStringLiteral("sam")})
                .code
        == cli::Success);
    const auto refused = runCli({QStringLiteral("--db"), local, QStringLiteral("push"), QStringLiteral("1"),
        QStringLiteral("--to"), team});
    CHECK(refused.code == cli::RuntimeError);
    CHECK(refused.out.isEmpty());
    CHECK(refused.err.contains(QStringLiteral("the two copies differ (the action items); nothing was copied")));

    // Usage: the other store is needed.
    const auto noStore = runCli({QStringLiteral("--db"), local, QStringLiteral("push"), QStringLiteral("1")});
    CHECK(noStore.code == cli::UsageError);
    CHECK(noStore.err.contains(QStringLiteral("--to URL")));
}
