// aftermath-cli templates: a window's message templates with their counts in the window and the
// baseline, on a seeded noisy day (tests/data/noisyday), and the timeline's background group.
#include "noisyday.h"

#include "clitestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace {

using namespace aftermath;
using test::runCli;

struct NoisyStore {
    QTemporaryDir dir;
    QString db = dir.filePath(QStringLiteral("day.sqlite"));
    noisyday::Truth truth;

    NoisyStore()
    {
        const QString logs = dir.filePath(QStringLiteral("logs"));
        REQUIRE(noisyday::write(logs, {.lines = 30'000, .seed = 5}, &truth).isEmpty());
        const auto ingest = runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--no-index"), logs});
        INFO(ingest.err.toStdString());
        REQUIRE(ingest.code == cli::Success);
        REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("incident"), QStringLiteral("new"),
                    QStringLiteral("--title"), QStringLiteral("Charges failing"), QStringLiteral("--from"),
                    QStringLiteral("2026-07-01T00:00:00Z"), QStringLiteral("--to"), QStringLiteral("2026-07-01T23:59:59Z"),
                    QStringLiteral("--tz"), QStringLiteral("UTC")})
                    .code
            == cli::Success);
    }

    test::CliRun run(const QStringList& arguments) const { return runCli(QStringList{QStringLiteral("--db"), db} + arguments); }
};

} // namespace

TEST_CASE("cli: templates lists the incident's templates first, with counts in the window and the baseline", "[cli][timeline]")
{
    const NoisyStore store;
    const auto text = store.run({QStringLiteral("templates"), QStringLiteral("--incident"), QStringLiteral("1")});
    INFO(text.err.toStdString());
    REQUIRE(text.code == cli::Success);
    const QStringList rows = test::lines(text.out);
    REQUIRE(rows.size() > 10);
    CHECK(rows[0].contains(QStringLiteral("baseline none (no evidence before the window)")));
    CHECK(rows[1].startsWith(QStringLiteral("role ")));
    CHECK(rows[2].startsWith(QStringLiteral("incident ")));
    CHECK(rows[2].contains(QStringLiteral("up 14:00:")));
    CHECK(rows[2].contains(QStringLiteral("charge failed for customer cus_<*>")));
    CHECK(text.out.contains(QStringLiteral("new 14:0")));
    CHECK(text.out.contains(QStringLiteral("circuit breaker open")));

    const auto json = store.run({QStringLiteral("templates"), QStringLiteral("--incident"), QStringLiteral("1"),
        QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--role"), QStringLiteral("background")});
    REQUIRE(json.code == cli::Success);
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(root.value(QStringLiteral("baseline")).isNull());
    const QJsonArray templates = root.value(QStringLiteral("templates")).toArray();
    REQUIRE(templates.size() > 5);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue& value : templates) {
        const QJsonObject t = value.toObject();
        CHECK(t.value(QStringLiteral("role")).toString() == QStringLiteral("background"));
        CHECK(t.value(QStringLiteral("change")).isNull());
        const qint64 count = t.value(QStringLiteral("in_window")).toInteger();
        CHECK(count <= previous); // the most frequent first
        previous = count;
    }

    // A baseline given by hand is used, and checked.
    const auto windowed = store.run({QStringLiteral("templates"), QStringLiteral("--from"),
        QStringLiteral("2026-07-01T13:00:00Z"), QStringLiteral("--to"), QStringLiteral("2026-07-01T17:00:00Z"),
        QStringLiteral("--baseline-from"), QStringLiteral("2026-07-01T06:00:00Z"), QStringLiteral("--baseline-to"),
        QStringLiteral("2026-07-01T12:00:00Z"), QStringLiteral("--format"), QStringLiteral("json")});
    REQUIRE(windowed.code == cli::Success);
    const QJsonObject baseline
        = QJsonDocument::fromJson(windowed.out.toUtf8()).object().value(QStringLiteral("baseline")).toObject();
    CHECK(baseline.value(QStringLiteral("from")).toString().startsWith(QStringLiteral("2026-07-01T06:00:00")));
    const auto inverted = store.run({QStringLiteral("templates"), QStringLiteral("--incident"), QStringLiteral("1"),
        QStringLiteral("--baseline-from"), QStringLiteral("2026-07-01T12:00:00Z"), QStringLiteral("--baseline-to"),
        QStringLiteral("2026-07-01T06:00:00Z")});
    CHECK(inverted.code == cli::UsageError);
    CHECK(inverted.err.contains(QStringLiteral("--baseline-from must be before --baseline-to")));
    const auto half = store.run({QStringLiteral("templates"), QStringLiteral("--incident"), QStringLiteral("1"),
        QStringLiteral("--baseline-from"), QStringLiteral("2026-07-01T12:00:00Z")});
    CHECK(half.code == cli::UsageError);
    const auto role = store.run(
        {QStringLiteral("templates"), QStringLiteral("--incident"), QStringLiteral("1"), QStringLiteral("--role"), QStringLiteral("noise")});
    CHECK(role.code == cli::UsageError);
}

TEST_CASE("cli: the timeline of a noisy day folds the background and says so, and --all lists it", "[cli][timeline]")
{
    const NoisyStore store;
    const auto key = store.run({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1")});
    REQUIRE(key.code == cli::Success);
    CHECK(key.out.contains(QStringLiteral("Background: ")));
    CHECK(key.out.contains(QStringLiteral("first_error: First error of the incident, in logs/payments.log: charge failed for customer")));
    CHECK_FALSE(key.out.contains(QStringLiteral("(background)")));
    const auto all = store.run({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1"), QStringLiteral("--all")});
    REQUIRE(all.code == cli::Success);
    CHECK(all.out.contains(QStringLiteral("Starting job reconcile-acme")));
    CHECK(all.out.contains(QStringLiteral("(background)")));
    CHECK_FALSE(all.out.contains(QStringLiteral("Background: ")));
    const auto json = store.run({QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1"),
        QStringLiteral("--format"), QStringLiteral("json")});
    const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
    CHECK(root.value(QStringLiteral("background")).toObject().value(QStringLiteral("events")).toInteger() > 20'000);
    const QJsonArray findings = root.value(QStringLiteral("findings")).toArray();
    REQUIRE(findings.size() >= 3);
    CHECK(findings[1].toObject().value(QStringLiteral("type")).toString() == QStringLiteral("rate_change"));
    CHECK(findings[1].toObject().value(QStringLiteral("rate_per_hour")).toObject().value(QStringLiteral("after")).toDouble()
        > 100);
}
