// Slack workspace export, unzipped: channels.json, users.json and <channel>/<day>.json files.

#include "ingest/format.h"
#include "ingestsupport.h"
#include "model/timestamp.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QDir>
#include <QTemporaryDir>

using namespace aftermath;
using model::EventKind;

namespace {

const QString format = QStringLiteral("slack-export");

std::string text(const QString& value) { return value.toStdString(); }
std::string utc(qint64 us) { return model::formatUtc(us).toStdString(); }

// A folder sample as the import pipeline builds one: the files' paths relative to the folder.
ingest::Sample folderSample(const QString& folder)
{
    ingest::Sample sample;
    sample.fileName = QFileInfo(folder).fileName();
    sample.isFolder = true;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        sample.folderEntries << QDir(folder).relativeFilePath(it.next());
    sample.folderEntries.sort();
    return sample;
}

std::string detectedFormat(const ingest::Sample& sample)
{
    const auto candidates = ingest::detect(sample);
    return candidates.empty() ? std::string() : text(candidates.front().format->name);
}

bool copyFolder(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(source));
        QDir().mkpath(QFileInfo(target).path());
        if (!QFile::copy(source, target))
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("A Slack export: one chat event per message, bots as alerts, times from ts", "[slack]")
{
    // shape: Slack "Standard export" (workspace export zip, unpacked): channels.json, users.json,
    // integration_logs.json, data-alerts/<YYYY-MM-DD>.json with `\/`-escaped slashes
    const auto parsed = test::parseFile(format, test::fixture(QStringLiteral("slack/export")));
    REQUIRE(parsed.result.has_value());
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 6);

    CHECK(events[0].kind == EventKind::Chat);
    CHECK(text(events[0].actor) == "Priya Shah"); // no display name: the real name
    CHECK(text(events[0].service) == "#data-alerts");
    CHECK(utc(events[0].timeUs) == "2026-06-17T16:40:03.000200Z");
    CHECK(text(events[0].locator) == "data-alerts/2026-06-17.json/1");
    CHECK(events[0].line == 0);

    // In the 17th's file, but after midnight UTC: the time comes from ts.
    CHECK(utc(events[1].timeUs) == "2026-06-18T00:27:40.000300Z");
    CHECK(text(events[1].locator) == "data-alerts/2026-06-17.json/2");
    CHECK(text(events[1].message) == "Merged #418, auto-deploy is running");
    CHECK(events[1].raw.contains(QStringLiteral("<https://github.com/acme-health/etl/pull/418|#418>")));

    // A legacy bot post: empty text, the content in the attachment's fallback.
    CHECK(events[2].kind == EventKind::Alert);
    CHECK(text(events[2].actor) == "etl-monitor");
    CHECK(text(events[2].message)
        == ":rotating_light: etl-post-funding (NHS E): step load_funding failed: column \"funding_band\" does not "
           "exist (attempt 1, retrying)");
    CHECK(utc(events[2].timeUs) == "2026-06-18T01:05:14.000100Z");
    CHECK(text(events[2].locator) == "data-alerts/2026-06-18.json/0");

    // An app's bot user with a bot_profile.
    CHECK(events[3].kind == EventKind::Alert);
    CHECK(text(events[3].actor) == "AWS Chatbot");

    // Mentions resolve to names; Slack's &amp; is unescaped.
    CHECK(events[4].kind == EventKind::Chat);
    CHECK(text(events[4].actor) == "Sam Okafor");
    CHECK(text(events[4].message) == "@Dana W the NHS E and NHS S runs never finished, load_funding keeps retrying");
    CHECK(text(events[5].actor) == "Dana W");
    CHECK(text(events[5].message)
        == "Ran the previous task definition (etl-post-funding:41) for both tenants & they're running");
    CHECK(utc(events[5].timeUs) == "2026-06-18T04:40:02.000400Z");

    // Joins and leaves are not messages.
    REQUIRE(parsed.sink.skipped.size() == 2);
    CHECK(text(parsed.sink.skipped[0].second) == "data-alerts/2026-06-17.json/0: channel_join notice, not a message");
    CHECK(text(parsed.sink.skipped[1].second) == "data-alerts/2026-06-18.json/4: channel_leave notice, not a message");
}

TEST_CASE("A bot's post about a job is its start or end, other bot posts stay alerts", "[slack]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    REQUIRE(test::writeFile(dir.filePath(QStringLiteral("channels.json")), R"([{"id": "C1", "name": "jobs"}])"));
    REQUIRE(test::writeFile(dir.filePath(QStringLiteral("users.json")), "[]"));
    REQUIRE(QDir(dir.path()).mkpath(QStringLiteral("jobs")));
    REQUIRE(test::writeFile(dir.filePath(QStringLiteral("jobs/2026-06-18.json")), R"json([
 {"type": "message", "subtype": "bot_message", "bot_id": "B1", "username": "Jobs", "ts": "1781740800.000100",
  "text": "nightly-load started for ACME Corp (build 8e1d5f3)"
},
 {"type": "message", "subtype": "bot_message", "bot_id": "B1", "username": "Jobs", "ts": "1781741700.000200",
  "text": ":x: nightly-load failed for ACME Corp after 15m"},
 {"type": "message", "subtype": "bot_message", "bot_id": "B1", "username": "Jobs", "ts": "1781742600.000300",
  "text": ":white_check_mark: backup completed"},
 {"type": "message", "subtype": "bot_message", "bot_id": "B1", "username": "Jobs", "ts": "1781743500.000400",
  "text": ":warning: nightly-load has not completed for ACME Corp"}
])json"));
    const auto parsed = test::parseFile(format, dir.path());
REQUIRE(parsed.result.has_value());
const auto& events = parsed.sink.events;
REQUIRE(events.size() == 4);
CHECK(events[0].kind == EventKind::JobStart);
CHECK(text(events[0].service) == "nightly-load");
CHECK(text(events[0].runId) == "ACME Corp");
CHECK(events[1].kind == EventKind::JobEnd);
CHECK(text(events[1].outcome) == "failed");
CHECK(events[1].level == model::Level::Error);
CHECK(text(events[1].runId) == "ACME Corp");
CHECK(events[2].kind == EventKind::JobEnd);
CHECK(text(events[2].service) == "backup");
CHECK(text(events[2].outcome) == "succeeded");
CHECK(events[2].runId.isEmpty());
CHECK(events[3].kind == EventKind::Alert); // a warning about the job is not its end
CHECK(text(events[3].service) == "#jobs");
}

TEST_CASE("Slack exports unpacked with a top folder, broken day files, and other folders", "[slack]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString fixture = test::fixture(QStringLiteral("slack/export"));

    SECTION("the export one level down, as a zip with its own top folder unpacks")
    {
        REQUIRE(copyFolder(fixture, dir.filePath(QStringLiteral("acme Slack export Jun 17 2026 - Jun 18 2026"))));
        CHECK(detectedFormat(folderSample(dir.path())) == text(format));
        const auto parsed = test::parseFile(format, dir.path());
        REQUIRE(parsed.result.has_value());
        CHECK(parsed.sink.events.size() == 6);
    }

    SECTION("a truncated day file names the file, line and column")
    {
        REQUIRE(copyFolder(fixture, dir.path()));
        const QString day = dir.filePath(QStringLiteral("data-alerts/2026-06-18.json"));
        const QByteArray whole = test::fileBytes(day);
        REQUIRE(test::writeFile(day, whole.left(whole.indexOf("\"bot_profile\""))));
        const auto parsed = test::parseFile(format, dir.path());
        REQUIRE_FALSE(parsed.result.has_value());
        CHECK(parsed.result.error().context.startsWith(day + u':'));
        CHECK(text(parsed.result.error().context) == text(day + QStringLiteral(":32:9")));
    }

    SECTION("a folder that is not an export")
    {
        REQUIRE(test::writeFile(dir.filePath(QStringLiteral("notes.json")), "[]"));
        const auto parsed = test::parseFile(format, dir.path());
        REQUIRE_FALSE(parsed.result.has_value());
        CHECK(parsed.result.error().message.contains(QStringLiteral("not a Slack export")));
        CHECK(detectedFormat(folderSample(dir.path())).empty());
    }
}

TEST_CASE("Detection picks slack-export for export folders only", "[slack]")
{
    CHECK(detectedFormat(folderSample(test::fixture(QStringLiteral("slack/export")))) == text(format));

    ingest::Sample entries;
    entries.isFolder = true;
    entries.fileName = QStringLiteral("export");
    entries.folderEntries = {
        QStringLiteral("channels.json"), QStringLiteral("users.json"), QStringLiteral("data-alerts/2026-06-17.json")};
    CHECK(detectedFormat(entries) == text(format));

    // A day file on its own is a file, not a folder: no folder format reads it.
    const QString day = test::fixture(QStringLiteral("slack/export/data-alerts/2026-06-18.json"));
    for (const auto& candidate :
        ingest::detect(ingest::makeSample(QStringLiteral("2026-06-18.json"), test::fileBytes(day), true)))
        CHECK(text(candidate.format->name) != text(format));

    ingest::Sample photos;
    photos.isFolder = true;
    photos.fileName = QStringLiteral("photos");
    photos.folderEntries = {QStringLiteral("2026/img_0001.jpg"), QStringLiteral("index.json")};
    CHECK(detectedFormat(photos).empty());
}

TEST_CASE("Slack corpus: a real workspace export", "[slack]")
{
    const QString folder = test::corpusFile(QStringLiteral("slack/slack-export-viewer-testarchive"));
    if (folder.isEmpty()) {
        WARN("the shared corpus (../shared/corpus/slack) is not here; skipped");
        return;
    }
    CHECK(detectedFormat(folderSample(folder)) == text(format));
    const auto parsed = test::parseFile(format, folder);
    REQUIRE(parsed.result.has_value());
    // 158 messages in 17 day files: 8 channel_join notices are skipped; 94 bot_message posts are alerts;
    // 49 plain messages, 3 bot_add, 3 file_share and 1 file_comment are people's.
    REQUIRE(parsed.sink.events.size() == 150);
    CHECK(parsed.sink.skipped.size() == 8);
    const auto alerts = std::count_if(parsed.sink.events.begin(), parsed.sink.events.end(),
        [](const model::Event& e) { return e.kind == EventKind::Alert; });
    CHECK(alerts == 94);

    const auto at = [&](const QString& locator) -> const model::Event* {
        for (const auto& event : parsed.sink.events) {
            if (event.locator == locator)
                return &event;
        }
        return nullptr;
    };
    // enrique/2016-01-14.json holds messages of 2016-01-15 UTC.
    const model::Event* late = at(QStringLiteral("enrique/2016-01-14.json/4"));
    REQUIRE(late != nullptr);
    CHECK(utc(late->timeUs) == "2016-01-15T05:55:52.000006Z");
    CHECK(text(late->actor) == "hamza");
    CHECK(text(late->message)
        == "@abilinski: Created an issue for a setup.py so that it can be installed to a standard place");

    const model::Event* bot = at(QStringLiteral("enrique/2016-02-07.json/2"));
    REQUIRE(bot != nullptr);
    CHECK(bot->kind == EventKind::Alert);
    CHECK(text(bot->actor) == "B0JL6RASU");
    CHECK(text(bot->message) == "[enrique:master] 1 new commit by Anthony Bilinski");
}
