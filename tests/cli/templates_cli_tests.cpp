// aftermath-cli templates: a window's message templates with their counts in the window and the
// baseline, on a seeded noisy day (tests/data/noisyday), and the timeline's background group.
#include "noisyday.h"

#include "clitestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
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

TEST_CASE("cli: an incident keeps its baseline, and timeline, templates and export use it until --baseline-auto",
    "[cli][timeline]")
{
    const NoisyStore store;
    // An incident that starts in the middle of the surge (14:00-16:00): the automatic baseline, the
    // two hours before it, holds the surge's first hour, so nothing looks new.
    const auto created = store.run({QStringLiteral("incident"), QStringLiteral("new"), QStringLiteral("--title"),
        QStringLiteral("Charges still failing"), QStringLiteral("--from"), QStringLiteral("2026-07-01T15:00:00Z"),
        QStringLiteral("--to"), QStringLiteral("2026-07-01T17:00:00Z"), QStringLiteral("--tz"), QStringLiteral("UTC")});
    REQUIRE(created.code == cli::Success);
    const QString id = created.out.trimmed();
    const auto findingTypes = [&store, &id] {
        const auto json = store.run({QStringLiteral("timeline"), QStringLiteral("--incident"), id,
            QStringLiteral("--format"), QStringLiteral("json")});
        INFO(json.err.toStdString());
        REQUIRE(json.code == cli::Success);
        const QJsonObject root = QJsonDocument::fromJson(json.out.toUtf8()).object();
        // The new and surging messages' findings, as "type: summary".
        QStringList surging;
        for (const QJsonValue& value : root.value(QStringLiteral("findings")).toArray()) {
            const QJsonObject f = value.toObject();
            const QString type = f.value(QStringLiteral("type")).toString();
            if (type == u"new_template" || type == u"rate_change")
                surging << type + QStringLiteral(": ") + f.value(QStringLiteral("summary")).toString();
        }
        return std::pair{surging, root.value(QStringLiteral("baseline")).toObject()};
    };
    const auto [automaticSurging, automaticBaseline] = findingTypes();
    CHECK(automaticSurging.isEmpty());
    CHECK(automaticBaseline.value(QStringLiteral("from")).toString().startsWith(QStringLiteral("2026-07-01T13:00:00")));
    CHECK(store.run({QStringLiteral("incident"), QStringLiteral("show"), id}).out.contains(
        QStringLiteral("baseline:  automatic")));

    // A quiet morning as the baseline, kept with the incident.
    const auto set = store.run({QStringLiteral("incident"), QStringLiteral("set"), id, QStringLiteral("--baseline-from"),
        QStringLiteral("2026-07-01T10:00:00Z"), QStringLiteral("--baseline-to"), QStringLiteral("2026-07-01T12:00:00Z")});
    INFO(set.err.toStdString());
    REQUIRE(set.code == cli::Success);
    CHECK(set.out.contains(QStringLiteral("baseline")));
    CHECK(store.run({QStringLiteral("incident"), QStringLiteral("show"), id}).out.contains(
        QStringLiteral("baseline:  2026-07-01T10:00:00.000000Z to 2026-07-01T12:00:00.000000Z")));
    const auto [setSurging, setBaseline] = findingTypes();
    INFO(setSurging.join(u'\n').toStdString());
    // Against a quiet morning the failing charges and the circuit breaker are the incident's.
    CHECK(setSurging.size() >= 2);
    CHECK(setSurging.filter(QStringLiteral("charge failed for customer")).size() == 1);
    CHECK(setSurging.filter(QStringLiteral("circuit breaker open")).size() == 1);
    CHECK(setBaseline.value(QStringLiteral("from")).toString().startsWith(QStringLiteral("2026-07-01T10:00:00")));
    CHECK(setBaseline.value(QStringLiteral("to")).toString().startsWith(QStringLiteral("2026-07-01T12:00:00")));
    // The exported postmortem's evidence is the same reconstruction.
    const auto exported = store.run({QStringLiteral("export"), id});
    INFO(exported.err.toStdString());
    REQUIRE(exported.code == cli::Success);
    CHECK(exported.out.contains(QRegularExpression(
        QStringLiteral("(rate change: Surge|new template: New) in logs/payments.log: charge failed for customer"))));

    // Refused: one end only, a baseline into the window, and both a baseline and --baseline-auto.
    CHECK(store.run({QStringLiteral("incident"), QStringLiteral("set"), id, QStringLiteral("--baseline-from"),
                  QStringLiteral("2026-07-01T10:00:00Z")})
              .code
        == cli::UsageError);
    const auto into = store.run({QStringLiteral("incident"), QStringLiteral("set"), id, QStringLiteral("--baseline-from"),
        QStringLiteral("2026-07-01T14:00:00Z"), QStringLiteral("--baseline-to"), QStringLiteral("2026-07-01T15:30:00Z")});
    CHECK(into.code != cli::Success);
    CHECK(into.err.contains(QStringLiteral("must end by the window's start")));
    CHECK(store.run({QStringLiteral("incident"), QStringLiteral("set"), id, QStringLiteral("--baseline-auto"),
                  QStringLiteral("--baseline-from"), QStringLiteral("2026-07-01T10:00:00Z"),
                  QStringLiteral("--baseline-to"), QStringLiteral("2026-07-01T12:00:00Z")})
              .code
        == cli::UsageError);
    // Moving the window's start before the baseline's end is refused, and says how to go on.
    const auto moved = store.run({QStringLiteral("incident"), QStringLiteral("set"), id, QStringLiteral("--from"),
        QStringLiteral("2026-07-01T11:00:00Z")});
    CHECK(moved.code != cli::Success);
    CHECK(moved.err.contains(QStringLiteral("move or clear it")));

    // --baseline-auto forgets it.
    REQUIRE(store.run({QStringLiteral("incident"), QStringLiteral("set"), id, QStringLiteral("--baseline-auto")}).code
        == cli::Success);
    CHECK(store.run({QStringLiteral("incident"), QStringLiteral("show"), id}).out.contains(
        QStringLiteral("baseline:  automatic")));
    CHECK(findingTypes().first.isEmpty());
}
