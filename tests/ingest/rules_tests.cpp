#include "ingest/importer.h"
#include "ingest/rules.h"
#include "store/store.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QTemporaryDir>

#include <random>

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

TEST_CASE("rules: failed logins are errors, successful ones and other auth lines are not", "[rules]")
{
    const Classifier& rules = Classifier::builtIn();
    // Lines of loghub's OpenSSH and Linux samples (tests/data/ingest/loghub-shapes), messages only.
    for (const char* line : {
             "Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
             "Failed password for root from 112.95.230.3 port 49823 ssh2",
             "Invalid user webmaster from 173.234.31.186",
             "input_userauth_request: invalid user test9 [preauth]",
             "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=112.95.230.3",
             "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net",
             "Failed publickey for git from 10.0.0.7 port 51122 ssh2: RSA SHA256:abc",
             "FAILED LOGIN 1 FROM (null) FOR root, Authentication failure",
             "Disconnecting: Too many authentication failures for admin [preauth]",
         }) {
        INFO(line);
        CHECK(classified(rules, QString::fromUtf8(line)).kind == EventKind::Error);
    }
    for (const char* line : {
             "Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
             "Received disconnect from 173.234.31.186: 11: Bye Bye [preauth]",
             "pam_unix(sshd:session): session opened for user fztu by (uid=0)",
         }) {
        INFO(line);
        CHECK(classified(rules, QString::fromUtf8(line)).kind == EventKind::Log);
    }
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
    const auto reports = ingest::importPaths(
        store->evidence(), {test::fixture(QStringLiteral("text/etl-python-logging.log"))}, options);
    REQUIRE(reports.size() == 1);
    const auto events = store->evidence().events({});
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

TEST_CASE("A keyword set finds short words, words at the very end, and words folded from non-ASCII")
{
    aftermath::ingest::KeywordSet words;
    const auto x = words.add(QStringLiteral("x"));
    const auto bracket = words.add(QStringLiteral("]"));
    const auto ok = words.add(QStringLiteral("OK"));
    const auto start = words.add(QStringLiteral("start"));
    const auto kelvin = words.add(QStringLiteral("kelvin"));
    const auto sigma = words.add(QStringLiteral("σίσ"));
    std::vector<bool> found;

    words.scan(u"ends with x", found);
    CHECK(found[x]);
    words.scan(u"[FIRING]", found);
    CHECK(found[bracket]);
    CHECK_FALSE(found[x]);
    words.scan(u"all ok", found);
    CHECK(found[ok]);
    // The long s folds to s and the Kelvin sign to k, so ASCII words start at them too.
    words.scan(u"ſTART and \u212Aelvin", found);
    CHECK(found[start]);
    CHECK(found[kelvin]);
    words.scan(u"ΣΊΣΥΦΟΣ", found);
    CHECK(found[sigma]);
    words.scan(u"sta", found);
    CHECK_FALSE(found[start]);
}

TEST_CASE("A keyword set agrees with folding the whole text and searching it for each word")
{
    // The scanner skips positions with a filter; whatever the text, it must find what a plain
    // search of the case-folded text finds.
    const auto foldAll = [](QStringView text) {
        QString folded;
        for (const QChar c : text)
            folded.append(QChar(QChar::toCaseFolded(c.unicode())));
        return folded;
    };
    const QStringList words = {QStringLiteral("tenant"), QStringLiteral("retr"), QStringLiteral("panic:"),
        QStringLiteral("rolled out"), QStringLiteral("Caused by"), QStringLiteral("ſTART"), QStringLiteral("Kelvin"),
        QStringLiteral("ÜBER"), QStringLiteral("日本"), QStringLiteral("😀"), QStringLiteral("ﬁ"), QStringLiteral("x"),
        QStringLiteral("]"), QStringLiteral("ab"), QStringLiteral("aé"), QStringLiteral("éa"), QStringLiteral("qéz"),
        QStringLiteral("K"), QString()};
    aftermath::ingest::KeywordSet set;
    for (const QString& word : words)
        set.add(word);
    const QString alphabet = QStringLiteral("abcdeinrstxzABEKNRSTXZ :]éÉſ\u212AÜü日本σΣςﬁ😀\u0130\u0131");
    std::mt19937 random(20260618); // fixed: the same texts every run
    std::vector<bool> found;
    for (int i = 0; i < 5'000; ++i) {
        QString text;
        const int pieces = int(random() % 12);
        for (int k = 0; k < pieces; ++k) {
            if (random() % 3 == 0) {
                // Part or all of a word, in mixed case.
                const QString& word = words[qsizetype(random() % words.size())];
                for (const QChar c : word.left(qsizetype(random() % (word.size() + 2))))
                    text += random() % 2 ? c.toUpper() : c.toLower();
            } else {
                text += alphabet[qsizetype(random() % alphabet.size())];
            }
        }
        set.scan(text, found);
        const QString foldedText = foldAll(text);
        std::vector<bool> expected;
        for (const QString& word : words)
            expected.push_back(!word.isEmpty() && foldedText.contains(foldAll(word)));
        if (found != expected) {
            INFO(text.toStdString());
            CHECK(found == expected);
        }
    }
}

TEST_CASE("rules: the rules chosen for a format classify as the format's name does", "[rules]")
{
    const auto rules = Classifier::withUserRules({test::fixture(QStringLiteral("rules/team-rules.json"))});
    REQUIRE(rules);
    const QStringList messages = {QStringLiteral("etl.post_funding - INFO - Loaded 18234 funding rows"),
        QStringLiteral("Retrying tenant NHS E"), QStringLiteral("Starting run for tenant \"Big Co\""),
        QStringLiteral("nothing to see")};
    for (const QString& format :
        {QStringLiteral("text-log"), QStringLiteral("jsonl"), QStringLiteral("github-webhook")}) {
        const Classifier::Selection selection = rules->forFormat(format);
        for (const QString& message : messages) {
            INFO(format.toStdString() << ": " << message.toStdString());
            model::Event viaSelection = logEvent(message);
            rules->apply(viaSelection, selection);
            CHECK(viaSelection == classified(*rules, message, EventKind::Log, format));
        }
    }
    // The team's alert rule is limited to text-log.
    CHECK(rules->forFormat(u"jsonl").rules.size() + 1 == rules->forFormat(u"text-log").rules.size());
}
