// Tests for the git-log format (core/ingest/formats/git.cpp). The fixtures under
// tests/data/ingest/git are the project's own: the same three commits printed by `git log` with
// the default, --date=iso and --date=iso-strict dates and with --pretty=fuller --stat (see the
// README beside them).

#include "ingest/format.h"
#include "model/timestamp.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QTemporaryDir>

using namespace aftermath;
using aftermath::test::fixture;
using aftermath::test::parseFile;
using model::EventKind;
using model::Level;
using model::TimeQuality;

namespace {

QString s(const char* text) { return QString::fromUtf8(text); }
// Strings compared as std::string, so that Catch prints them when a check fails.
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }
std::string str(const QString& text) { return text.toStdString(); }
const QString gitLog = QStringLiteral("git-log");

struct Variant {
    const char* file;
    qint64 commitLines[3];
};

QString writeTemp(const QTemporaryDir& dir, const QByteArray& bytes)
{
    const QString path = dir.filePath(QStringLiteral("log.txt"));
    REQUIRE(test::writeFile(path, bytes));
    return path;
}

} // namespace

TEST_CASE("git-log reads every variant to the same commits at their author dates", "[git]")
{
    // shape: git 2.x `git log` (medium), --date=iso, --date=iso-strict, --pretty=fuller --stat
    const Variant variants[] = {
        {"git-log-default.txt", {1, 10, 19}},
        {"git-log-iso.txt", {1, 10, 19}},
        {"git-log-iso-strict.txt", {1, 10, 19}},
        {"git-log-fuller.txt", {1, 12, 28}},
    };
    for (const Variant& variant : variants) {
        INFO(variant.file);
        const auto parsed = parseFile(gitLog, fixture(QStringLiteral("git/") + s(variant.file)));
        REQUIRE(parsed.result.has_value());
        const auto& e = parsed.sink.events;
        REQUIRE(e.size() == 3);
        CHECK(parsed.sink.skipped.empty());
        CHECK(parsed.sink.zoneAssumedCount == 0);

        CHECK(e[0].kind == EventKind::Merge);
        CHECK(utc(e[0].timeUs) == "2026-06-18T00:25:07.000000Z");
        CHECK(str(e[0].actor) == "Bob Lindqvist");
        CHECK(str(e[0].runId) == "8e1d5f3a9c7b2e4d6f0a1c3e5b7d9f2a4c6e8b0d");
        CHECK(str(e[0].message) == "Merge pull request #412 from acme/amoreau/funding-band");

        // In the fuller variant this commit was rebased at 01:20:45; the author date is what counts.
        CHECK(e[1].kind == EventKind::Commit);
        CHECK(utc(e[1].timeUs) == "2026-06-18T00:07:12.000000Z");
        CHECK(str(e[1].actor) == "Alice Moreau");
        CHECK(str(e[1].runId) == "3f9c2a7e5b1d4c8f9a0e6b2d7c4f1a8e5b9d3c6a");
        CHECK(str(e[1].message) == "Add funding_band column to post-funding step");

        // -0400: the previous evening in New York.
        CHECK(e[2].kind == EventKind::Commit);
        CHECK(utc(e[2].timeUs) == "2026-06-17T22:02:44.000000Z");
        CHECK(str(e[2].actor) == "Carol Nguyen");
        CHECK(str(e[2].message) == "Log tenant id in post-funding step");

        for (size_t i = 0; i < e.size(); ++i) {
            CHECK(e[i].line == variant.commitLines[i]);
            CHECK(e[i].timeQuality == TimeQuality::Explicit);
            CHECK(e[i].level == Level::Info);
            CHECK(e[i].locator.isEmpty());
            CHECK(e[i].outcome.isEmpty());
            CHECK(e[i].flags == 0u);
        }
    }
}

TEST_CASE("git-log streams: a commit is emitted when the next one starts", "[git]")
{
    const ingest::Format* format = ingest::findFormat(gitLog);
    REQUIRE(format != nullptr);
    REQUIRE(format->makeLineParser != nullptr);
    ingest::ParseContext context;
    context.naiveZone = QTimeZone::utc();
    const auto parser = format->makeLineParser(context);
    test::CollectingSink sink;
    const QStringList lines = {
        s("commit 3f9c2a7e5b1d4c8f9a0e6b2d7c4f1a8e5b9d3c6a"),
        s("Author: Alice Moreau <alice.moreau@acme.example>"),
        s("Date:   Thu Jun 18 01:07:12 2026 +0100"),
        s(""),
        s("    Add funding_band column to post-funding step"),
        s(""),
    };
    qint64 number = 0;
    for (const QString& line : lines)
        parser->feed(line, ++number, 0, sink);
    CHECK(sink.events.empty()); // the message might go on
    parser->feed(s("commit 5b7e2c1"), ++number, 0, sink);
    REQUIRE(sink.events.size() == 1);
    CHECK(str(sink.events[0].message) == "Add funding_band column to post-funding step");
    parser->feed(s("Author: Carol Nguyen <carol.nguyen@acme.example>"), ++number, 0, sink);
    parser->feed(s("Date:   Wed Jun 17 18:02:44 2026 -0400"), ++number, 0, sink);
    CHECK(sink.events.size() == 1);
    parser->finish(sink);
    REQUIRE(sink.events.size() == 2);
    CHECK(str(sink.events[1].runId) == "5b7e2c1"); // --abbrev-commit
    CHECK(sink.events[1].line == 7);
    CHECK(sink.events[1].message.isEmpty());
}

TEST_CASE("git-log reads the other --date spellings and skips dates that name no instant", "[git]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QByteArray log = "commit 1111111111111111111111111111111111111111\n"
                           "Author: A <a@acme.example>\n"
                           "Date:   Thu, 18 Jun 2026 01:07:12 +0100\n"
                           "\n"
                           "    rfc\n"
                           "\n"
                           "commit 2222222222222222222222222222222222222222\n"
                           "Author: B <b@acme.example>\n"
                           "Date:   1781741232 +0100\n"
                           "\n"
                           "    raw\n"
                           "\n"
                           "commit 3333333333333333333333333333333333333333\n"
                           "Author: C <c@acme.example>\n"
                           "Date:   Thu Jun 18 01:07:12 2026\n"
                           "\n"
                           "    local: no offset\n"
                           "\n"
                           "commit 4444444444444444444444444444444444444444\n"
                           "Author: D <d@acme.example>\n"
                           "Date:   3 hours ago\n"
                           "\n"
                           "    relative\n"
                           "\n"
                           "commit 5555555555555555555555555555555555555555\n"
                           "Author: E <e@acme.example>\n"
                           "\n"
                           "    no date at all\n";
    const auto parsed = parseFile(gitLog, writeTemp(dir, log), QTimeZone("Europe/London"));
    REQUIRE(parsed.result.has_value());
    const auto& e = parsed.sink.events;
    REQUIRE(e.size() == 3);
    CHECK(utc(e[0].timeUs) == "2026-06-18T00:07:12.000000Z");
    CHECK(str(e[0].message) == "rfc");
    CHECK(utc(e[1].timeUs) == "2026-06-18T00:07:12.000000Z");
    CHECK(e[1].timeQuality == TimeQuality::Explicit);
    // --date=local: read in the zone given for the source (BST in June).
    CHECK(utc(e[2].timeUs) == "2026-06-18T00:07:12.000000Z");
    CHECK(e[2].timeQuality == TimeQuality::ZoneAssumed);
    CHECK(parsed.sink.zoneAssumedCount == 1);
    CHECK(parsed.sink.skipped
        == std::vector<std::pair<qint64, QString>>{
            {19, s("no time in this record (\"3 hours ago\" names no instant)")},
            {25, s("no time in this record")},
        });
}

TEST_CASE("git-log is detected for git log output and nothing else", "[git]")
{
    for (const char* name :
        {"git-log-default.txt", "git-log-iso.txt", "git-log-iso-strict.txt", "git-log-fuller.txt"}) {
        INFO(name);
        const QByteArray bytes = test::fileBytes(fixture(QStringLiteral("git/") + s(name)));
        REQUIRE_FALSE(bytes.isEmpty());
        const auto candidates = ingest::detect(ingest::makeSample(s(name), bytes, true));
        REQUIRE_FALSE(candidates.empty());
        CHECK(candidates.front().format->name == gitLog);
    }
    const QByteArray notGit[] = {
        "2026-06-18 02:00:00,123 INFO post_funding: starting tenant 17\n",
        "commit to the plan: we deploy at 02:00\nAuthor: nobody\n",
        "{\"sha\": \"8e1d5f3\", \"commit\": {\"message\": \"x\"}}\n",
        "commit 8e1d5f3a9c7b2e4d6f0a1c3e5b7d9f2a4c6e8b0d\n\n    a commit without headers\n",
    };
    const ingest::Format* format = ingest::findFormat(gitLog);
    REQUIRE(format != nullptr);
    for (const QByteArray& bytes : notGit) {
        INFO(bytes.toStdString());
        CHECK(format->score(ingest::makeSample(s("notes.txt"), bytes, true)) == 0);
    }
}

TEST_CASE("git-log skips text before the first commit and flags bad bytes", "[git]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QByteArray log = "warning: refname 'main' is ambiguous.\n"
                           "\n"
                           "commit 8e1d5f3a9c7b2e4d6f0a1c3e5b7d9f2a4c6e8b0d\n"
                           "Author: Bj\xf6rn <bjorn@acme.example>\n"
                           "Date:   2026-06-18T01:25:07+01:00\n"
                           "\n"
                           "    Merge-free subject\n";
    const auto parsed = parseFile(gitLog, writeTemp(dir, log));
    REQUIRE(parsed.result.has_value());
    REQUIRE(parsed.sink.events.size() == 1);
    CHECK(parsed.sink.events[0].line == 3);
    CHECK(parsed.sink.events[0].flags == unsigned(model::Event::InvalidUtf8));
    CHECK(str(parsed.sink.events[0].actor) == "Bj\uFFFDrn");
    CHECK(parsed.sink.skipped == std::vector<std::pair<qint64, QString>>{{1, s("not part of a commit")}});
}
