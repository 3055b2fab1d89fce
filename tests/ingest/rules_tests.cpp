#include "ingest/importer.h"
#include "ingest/rules.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QTemporaryDir>

using namespace aftermath;
using aftermath::ingest::Classifier;
using model::EventKind;

namespace {

model::Event logEvent(const QString& message, EventKind kind = EventKind::Log)
{
    model::Event e;
    e.message = message;
    e.kind = kind;
    return e;
}

model::Event classified(const Classifier& classifier, const QString& message, EventKind kind = EventKind::Log,
    const QString& format = QStringLiteral("text-log"))
{
    model::Event e = logEvent(message, kind);
    classifier.apply(e, format);
    return e;
}

} // namespace

TEST_CASE("rules: the built-in rules load and classify the lines of the motivating incident", "[rules]")
{
    const Classifier& rules = Classifier::builtIn();
    REQUIRE(rules.rules().size() >= 6);
    const auto start
        = classified(rules, QStringLiteral("INFO - Starting create_post_funding for tenant NHS E (task :42)"));
    CHECK(start.kind == EventKind::JobStart);
    CHECK(start.runId == QStringLiteral("NHS E"));
    CHECK(classified(rules, QStringLiteral("WARNING - Retrying create_post_funding (attempt 2)")).kind
        == EventKind::Retry);
    CHECK(classified(rules, QStringLiteral("Run for tenant NHS S completed in 41 s")).kind == EventKind::JobEnd);
    CHECK(classified(rules, QStringLiteral("Deployed etl-post-funding:42 to production")).kind == EventKind::Deploy);
    CHECK(classified(rules, QStringLiteral("[FIRING:1] ETLRunOverdue")).kind == EventKind::Alert);
    CHECK(classified(rules, QStringLiteral("Traceback (most recent call last):")).kind == EventKind::Error);
    CHECK(classified(rules, QStringLiteral("Loaded 18234 funding rows")).kind == EventKind::Log);
    // A start that is also a retry is a retry: kind rules stop at the first match.
    CHECK(classified(rules, QStringLiteral("Retrying: starting step again")).kind == EventKind::Retry);
}

TEST_CASE("rules: kinds parsers set, and errors, are kept, fields are filled only when empty", "[rules]")
{
    const Classifier& rules = Classifier::builtIn();
    CHECK(classified(rules, QStringLiteral("PR #412 merged; deploy starting"), EventKind::Merge).kind
        == EventKind::Merge);
    // Structured formats choose their kinds: an ECS task PENDING "started by" a rule stays a log line.
    const auto pending
        = classified(rules, QStringLiteral("ECS task etl-post-funding:42 PENDING (started by events-rule/x)"),
            EventKind::Log, QStringLiteral("aws-eventbridge"));
    CHECK(pending.kind == EventKind::Log);
    const auto error = classified(rules, QStringLiteral("Retry of tenant NHS E failed"), EventKind::Error);
    CHECK(error.kind == EventKind::Error);
    CHECK(error.runId == QStringLiteral("NHS E")); // field rules still apply
    model::Event keep = logEvent(QStringLiteral("Starting run for tenant NHS E"));
    keep.runId = QStringLiteral("run-7");
    rules.apply(keep, u"text-log");
    CHECK(keep.runId == QStringLiteral("run-7"));
}

TEST_CASE("rules: a team's own rules come first and can be limited to formats", "[rules]")
{
    const auto rules = Classifier::withUserRules({test::fixture(QStringLiteral("rules/team-rules.json"))});
    REQUIRE(rules);
    CHECK(rules->rules().size() == Classifier::builtIn().rules().size() + 2);
    const auto alert = classified(*rules, QStringLiteral("etl.post_funding - INFO - Loaded 18234 funding rows"));
    CHECK(alert.kind == EventKind::Alert);
    CHECK(alert.outcome == QStringLiteral("18234"));
    CHECK(alert.service == QStringLiteral("etl.post_funding"));
    const auto otherFormat
        = classified(*rules, QStringLiteral("Loaded 18234 funding rows"), EventKind::Log, QStringLiteral("jsonl"));
    CHECK(otherFormat.kind == EventKind::Log);
}

TEST_CASE("rules: broken rule files name the file and the rule", "[rules]")
{
    QTemporaryDir dir;
    const std::vector<std::pair<QByteArray, QString>> cases = {
        {"{\"rules\": [", QStringLiteral("not valid JSON")},
        {"[]", QStringLiteral("\"rules\" array")},
        {R"({"rules": [{"kind": "retry", "match": "x"}, {"kind": "oops", "match": "y"}]})",
            QStringLiteral("unknown kind \"oops\"")},
        {R"({"rules": [{"kind": "retry", "match": "(unclosed"}]})", QStringLiteral("does not compile")},
        {R"({"rules": [{"kind": "retry"}]})", QStringLiteral("needs a \"match\"")},
        {R"x({"rules": [{"match": "(?<tenant>\\w+)"}]})x", QStringLiteral("unknown named group \"tenant\"")},
        {R"({"rules": [{"match": "plain"}]})", QStringLiteral("without a \"kind\"")},
    };
    for (const auto& [json, expected] : cases) {
        INFO(json.toStdString());
        const QString path = dir.filePath(QStringLiteral("rules.json"));
        REQUIRE(test::writeFile(path, json));
        const auto loaded = Classifier::withUserRules({path});
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().context.startsWith(path));
        CHECK(loaded.error().message.contains(expected));
        CHECK(loaded.error().message.contains(QStringLiteral("docs/rules.md")));
    }
    const auto second = Classifier::fromJson(
        R"({"rules": [{"kind": "retry", "match": "x"}, {"kind": "nope", "match": "y"}]})", QStringLiteral("team.json"));
    REQUIRE_FALSE(second);
    CHECK(second.error().context == QStringLiteral("team.json, rule 2"));
    CHECK_FALSE(Classifier::withUserRules({dir.filePath(QStringLiteral("missing.json"))}).has_value());
}

TEST_CASE("rules: imports classify the events they store", "[rules][importer]")
{
    QTemporaryDir dir;
    auto store = store::Store::open(dir.filePath(QStringLiteral("s.sqlite")));
    REQUIRE(store);
    ingest::ImportOptions options;
    options.zone = QTimeZone("Europe/London");
    const auto reports
        = ingest::importPaths(*store, {test::fixture(QStringLiteral("text/etl-python-logging.log"))}, options);
    REQUIRE(reports.size() == 1);
    const auto events = store->events({});
    REQUIRE(events);
    std::vector<EventKind> kinds;
    for (const auto& e : *events)
        kinds.push_back(e.event.kind);
    CHECK(kinds
        == std::vector{EventKind::JobStart, EventKind::Log, EventKind::Error, EventKind::Retry, EventKind::JobStart,
            EventKind::Error, EventKind::Retry});
    CHECK(events->front().event.runId == QStringLiteral("NHS E"));
}

TEST_CASE("A keyword set finds words ignoring case, anywhere in the text, in one pass")
{
    aftermath::ingest::KeywordSet words;
    const auto retry = words.add(QStringLiteral("retr"));
    const auto panic = words.add(QStringLiteral("panic:"));
    const auto straße = words.add(QStringLiteral("STRASSE"));
    const auto umlaut = words.add(QStringLiteral("Über"));
    const auto empty = words.add(QString());
    std::vector<bool> found;

    words.scan(u"Task RETRYING after panic: boom", found);
    REQUIRE(found.size() == 5);
    CHECK(found[retry]);
    CHECK(found[panic]);
    CHECK_FALSE(found[straße]);
    CHECK_FALSE(found[empty]);

    words.scan(u"über strasse", found);
    CHECK_FALSE(found[retry]);
    CHECK(found[straße]);
    CHECK(found[umlaut]);

    // A word cut off by the end of the text is not found; an empty text finds nothing.
    words.scan(u"Restarted; ret", found);
    CHECK_FALSE(found[retry]);
    words.scan(u"", found);
    CHECK(std::ranges::none_of(found, [](bool f) { return f; }));
}
