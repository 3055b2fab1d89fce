// Importing Markdown postmortems: the times people write, the round trip through every bundled
// template, and real published postmortems (../shared/corpus/postmortems, when it is there).

#include "report/escape.h"
#include "report/markdown.h"
#include "report/postmortem.h"
#include "report/postmortemimport.h"
#include "report/templates.h"
#include "report/timelinestamp.h"

#include "examplepostmortem.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>

using namespace aftermath;
using report::importPostmortem;
using Status = model::ActionItem::Status;

namespace {

const test::ExampleIncident& example()
{
    static const test::ExampleIncident incident;
    return incident;
}

QString utc(qint64 us) { return model::formatUtc(us); }

report::ImportedPostmortem imported(const QString& markdown, const QString& origin = QStringLiteral("pm.md"))
{
    report::PostmortemImportOptions options;
    options.defaultYear = 2026;
    auto result = importPostmortem(markdown, origin, options);
    REQUIRE(result);
    return *result;
}

QString render(const model::Postmortem& postmortem, const QString& templateName)
{
    auto document = report::findTemplate(templateName, QString());
    REQUIRE(document);
    report::RenderOptions options;
    options.evidence = &example().timeline;
    auto markdown = report::renderMarkdown(postmortem, *document, options);
    REQUIRE(markdown);
    return *markdown;
}

} // namespace

TEST_CASE("times people write at the start of timeline lines", "[report][import]")
{
    const report::StampContext september{QDate(2025, 9, 29), QTimeZone::utc()};
    auto start = [&](const char* line, const report::StampContext& context) -> QString {
        const auto stamp = report::leadingStamp(QString::fromUtf8(line), context);
        REQUIRE(stamp);
        return utc(stamp->startUs) + u' ' + stamp->rest;
    };
    CHECK(start("**16:58 UTC** - Writer database saturates", september)
        == QStringLiteral("2025-09-29T16:58:00.000000Z Writer database saturates"));
    CHECK(start("3:28 PM UTC: paged", september) == QStringLiteral("2025-09-29T15:28:00.000000Z paged"));
    CHECK(start("12:05am rollback", september) == QStringLiteral("2025-09-29T00:05:00.000000Z rollback"));
    CHECK(start("Jan 14, 10:18 AM | deploy", september) == QStringLiteral("2025-01-14T10:18:00.000000Z deploy"));
    CHECK(start("October 21, 2025 at 14:03 PT - flags down", september)
        == QStringLiteral("2025-10-21T21:03:00.000000Z flags down")); // Pacific daylight time
    CHECK(start("2026-06-18T02:00:03+01:00 - run starts", september)
        == QStringLiteral("2026-06-18T01:00:03.000000Z run starts"));
    const report::StampContext london{QDate(2026, 6, 18), QTimeZone("Europe/London")};
    CHECK(start("**01:07** Alice commits", london) == QStringLiteral("2026-06-18T00:07:00.000000Z Alice commits"));

    // 12-hour clocks with and without minutes or dots, prose, slashes, year first, day first, spelled zones
    CHECK(start("10:18 a.m. PST: paged", september) == QStringLiteral("2025-09-29T18:18:00.000000Z paged"));
    CHECK(start("3pm restarts", september) == QStringLiteral("2025-09-29T15:00:00.000000Z restarts"));
    CHECK(start("At 9:37AM PST, a command ran", september)
        == QStringLiteral("2025-09-29T17:37:00.000000Z a command ran"));
    CHECK(start("10:18: deploy", september) == QStringLiteral("2025-09-29T10:18:00.000000Z deploy"));
    CHECK(start("2017/01/31 23:27 - directory removed", september)
        == QStringLiteral("2017-01-31T23:27:00.000000Z directory removed"));
    CHECK(start("2018 October 21 22:52 UTC", september) == QStringLiteral("2018-10-21T22:52:00.000000Z "));
    CHECK(start("14 Jan 10:18 | deploy", september) == QStringLiteral("2025-01-14T10:18:00.000000Z deploy"));
    CHECK(start("Jan 14th, 10:18 PM - deploy", september) == QStringLiteral("2025-01-14T22:18:00.000000Z deploy"));
    CHECK(start("14:50 Pacific Daylight Time - change", september)
        == QStringLiteral("2025-09-29T21:50:00.000000Z change"));
    // "- 3 engineers" is no end of a range, and "3 engineers" no time
    CHECK(start("10:18 - 3 engineers join", september)
        == QStringLiteral("2025-09-29T10:18:00.000000Z 3 engineers join"));
    CHECK_FALSE(report::leadingStamp(u"3 engineers join", september));
    CHECK_FALSE(report::leadingStamp(u"at last it worked", september));
    bool yearGiven = true;
    CHECK(report::dateIn(u"Jan 14", 2024, &yearGiven) == QDate(2024, 1, 14));
    CHECK_FALSE(yearGiven);
    CHECK(report::dateIn(u"Date: 2023-01-14", 2024, &yearGiven) == QDate(2023, 1, 14));
    CHECK(yearGiven);
    CHECK(report::statedZone(u"Times are in UTC+01, on 2019-07-29.")->offsetFromUtc(QDateTime()) == 3600);

    const auto range = report::leadingStamp(u"23:50–00:10 overnight window", september);
    REQUIRE(range);
    CHECK(utc(*range->endUs) == QStringLiteral("2025-09-30T00:10:00.000000Z")); // crosses midnight

    for (const char* none : {"1. **Configuration change**", "No time here", "3.5 hours later", "25:00 nonsense"})
        CHECK_FALSE(report::leadingStamp(QString::fromUtf8(none), september));

    CHECK(report::dateIn(u"### October 21, 2025 - Flags down", 2020) == QDate(2025, 10, 21));
    CHECK(report::dateIn(u"November 24th", 2025) == QDate(2025, 11, 24));
    CHECK(report::dateIn(u"31st July 2018", 2025) == QDate(2018, 7, 31));
    CHECK_FALSE(report::dateIn(u"nothing in 2019", 2025));
    CHECK(report::statedZone(u"All times US/Pacific")->id() == QByteArray("US/Pacific"));
    CHECK(report::statedZone(u"Times are in Europe/London, UTC+01:00.")->id() == QByteArray("Europe/London"));
    CHECK(report::statedZone(u"Time (UTC)")->id() == QTimeZone::utc().id());
    CHECK_FALSE(report::statedZone(u"Timeline"));
}

TEST_CASE("export, import, export gives the same Markdown for every bundled template", "[report][import]")
{
    for (const char* name : {"default", "google-sre", "minimal"}) {
        INFO(name);
        const QString first = render(example().postmortem, QString::fromLatin1(name));
        report::ImportedPostmortem back = imported(first, QStringLiteral("postmortem.md"));
        // What the store gives a stored postmortem, which no template shows the whole of.
        back.postmortem.incident.id = example().postmortem.incident.id;
        back.postmortem.incident.updatedAtUs = example().postmortem.incident.updatedAtUs;
        CHECK(back.warnings.isEmpty());
        CHECK(render(back.postmortem, QString::fromLatin1(name)) == first);
    }

    // The default template carries every field it shows back into the record.
    const model::Postmortem& original = example().postmortem;
    const model::Postmortem back = imported(render(original, QStringLiteral("default"))).postmortem;
    CHECK(back.incident.title == original.incident.title);
    CHECK(back.incident.fromUs == original.incident.fromUs);
    CHECK(back.incident.toUs == original.incident.toUs);
    CHECK(back.incident.displayZone == QStringLiteral("Europe/London"));
    CHECK(back.incident.severity == original.incident.severity);
    CHECK(back.incident.status == original.incident.status);
    CHECK(back.incident.description == original.incident.description);
    CHECK(back.incident.impact == original.incident.impact); // a line break survives
    CHECK(back.incident.trigger == original.incident.trigger);
    CHECK(back.incident.contributingFactors == original.incident.contributingFactors);
    REQUIRE(back.timeline.size() == original.timeline.size());
    CHECK(back.timeline[1].text == QStringLiteral("Bob merges PR #412; Deploy ETL starts"));
    CHECK(back.timeline[1].note == QStringLiteral("the trigger"));
    CHECK(utc(back.timeline[1].timeUs) == QStringLiteral("2026-06-18T00:25:00.000000Z")); // minutes, as shown
    REQUIRE(back.rootCauses.size() == 2);
    CHECK(back.rootCauses[1].position == 2);
    CHECK(back.rootCauses[0].text == original.rootCauses[0].text);
    REQUIRE(back.actionItems.size() == 4);
    CHECK(back.actionItems[0].owner == QStringLiteral("Dana Whitfield"));
    CHECK(back.actionItems[0].due == QDate(2026, 7, 3));
    CHECK(back.actionItems[0].link == QStringLiteral("https://github.com/acme/etl-pipelines/issues/415"));
    CHECK(back.actionItems[1].status == Status::InProgress);
    CHECK(back.actionItems[2].owner.isEmpty()); // "_unassigned_"
    CHECK(back.actionItems[3].status == Status::Done);
}

TEST_CASE("a postmortem in another shape imports into sensible fields", "[report][import]")
{
    const auto result = imported(QStringLiteral(R"md(# Checkout outage - March 3, 2026

All times in UTC.

## Summary

Payments failed for *40 minutes* after a config push.

## Timeline

| Time | Event |
|---|---|
| 09:58 | Config push to `payments-gw` |
| 10:02 - 10:40 | Checkout errors at 30% |
| 23:55 | Follow-up review |

## Root Cause(s)

The retry budget was:

1. A timeout of 300 ms
2. No circuit breaker

Also, the alert threshold was too high.

## Follow-ups

- [x] Restore the timeout (owner: Kim)
- [ ] Add a circuit breaker (Lee Park, by 2026-04-01)
- Review alert thresholds

## Lessons Learned

### What went well

Rollback took 5 minutes.

## Appendix

Dashboards linked here.
)md"));
    const model::Postmortem& p = result.postmortem;
    CHECK(p.incident.title == QStringLiteral("Checkout outage - March 3, 2026"));
    CHECK(p.incident.summary == QStringLiteral("Payments failed for 40 minutes after a config push."));
    CHECK(result.warnings.isEmpty());
    // A section no field holds is kept as written, after the field section it followed.
    REQUIRE(p.customSections.size() == 1);
    CHECK(p.customSections[0].heading == QStringLiteral("Appendix"));
    CHECK(p.customSections[0].markdown == QStringLiteral("Dashboards linked here."));
    CHECK(p.customSections[0].after == QStringLiteral("went_well"));
    CHECK_FALSE(p.customSections[0].fromEvidence);
    REQUIRE(p.timeline.size() == 3);
    CHECK(utc(p.timeline[0].timeUs) == QStringLiteral("2026-03-03T09:58:00.000000Z"));
    CHECK(p.timeline[0].text == QStringLiteral("Config push to payments-gw"));
    CHECK(utc(*p.timeline[1].endUs) == QStringLiteral("2026-03-03T10:40:00.000000Z"));
    CHECK(p.incident.fromUs == p.timeline[0].timeUs);
    CHECK(utc(p.incident.toUs) == QStringLiteral("2026-03-03T23:55:00.000000Z"));
    REQUIRE(p.rootCauses.size() == 2);
    CHECK(p.rootCauses[0].text == QStringLiteral("A timeout of 300 ms"));
    CHECK(p.incident.contributingFactors == QStringLiteral("Also, the alert threshold was too high."));
    REQUIRE(p.actionItems.size() == 3);
    CHECK(p.actionItems[0].status == Status::Done);
    CHECK(p.actionItems[0].owner == QStringLiteral("Kim"));
    CHECK(p.actionItems[0].description == QStringLiteral("Restore the timeout"));
    CHECK(p.actionItems[1].owner == QStringLiteral("Lee Park"));
    CHECK(p.actionItems[1].due == QDate(2026, 4, 1));
    CHECK(p.actionItems[2].status == Status::Open);
    CHECK(p.actionItems[2].owner.isEmpty());
    CHECK(p.incident.wentWell == QStringLiteral("Rollback took 5 minutes."));
}

TEST_CASE("an escaped character is text, never the structure the importer reads (issue 11, item 8)", "[report][import]")
{
    const auto result = imported(QStringLiteral(R"md(# Postmortem\: the title's own word \(incident #7)

## Date

2026-06-18

## Impact

From the evidence\: a person's sentence.

Run `grep 'a\|b'` and keep `\-`.

## Timeline

- **10:00 UTC** \- a dash of the text
- **10:05 UTC** \| a pipe &mdash; still the text
- **10:10 UTC** text &ndash; more &mdash; part of it — the note

## Follow-up

- [ ] Rotate keys (Ops \(EU\)\, nights, by 2026-07-03)
)md"));
    const model::Postmortem& p = result.postmortem;
    CHECK(p.incident.title == QStringLiteral("Postmortem: the title's own word (incident #7)"));
    CHECK(result.warnings.isEmpty());
    CHECK(p.incident.impact
        == QStringLiteral("From the evidence: a person's sentence.\n\nRun grep 'a\\|b' and keep \\-."));
    CHECK(p.customSections.empty());
    REQUIRE(p.timeline.size() == 3);
    CHECK(p.timeline[0].text == QStringLiteral("- a dash of the text"));
    CHECK(p.timeline[1].text == QStringLiteral("| a pipe — still the text"));
    CHECK(p.timeline[1].note.isEmpty());
    CHECK(p.timeline[2].text == QStringLiteral("text – more — part of it"));
    CHECK(p.timeline[2].note == QStringLiteral("the note"));
    REQUIRE(p.actionItems.size() == 1);
    CHECK(p.actionItems[0].description == QStringLiteral("Rotate keys"));
    CHECK(p.actionItems[0].owner == QStringLiteral("Ops (EU), nights"));
    CHECK(p.actionItems[0].due == QDate(2026, 7, 3));
    // Markdown shows each escape as the character.
    CHECK(report::markdownToHtml(QStringLiteral("Postmortem\\: x \\- y \\| z \\, &mdash; &ndash; \\(a\\)"))
        == report::markdownToHtml(QStringLiteral("Postmortem: x - y | z , — – (a)")));
}

TEST_CASE("an export escapes what the importer would read as structure, where it would read it (issue 11, item 8)",
    "[report][import]")
{
    using Place = report::ImportedPlace;
    const struct {
        const char16_t* markdown;
        Place place;
        const char16_t* escaped;
    } cases[] = {
        {u"Postmortem: x (incident #2)", Place::Title, u"Postmortem\\: x \\(incident #2)"},
        {u"Incident review — x", Place::Title, u"Incident review &mdash; x"},
        {u"Nightly runs: failed", Place::Title, u"Nightly runs: failed"},
        {u"From the evidence: a\n\nTime to detect: b", Place::Prose, u"From the evidence\\: a\n\nTime to detect\\: b"},
        {u"a From the evidence: b", Place::Prose, u"a From the evidence: b"},
        {u": a — b", Place::TimelineText, u"\\: a &mdash; b"},
        {u": a — b", Place::TimelineNote, u": a &mdash; b"},
        {u"Ops (EU), x: y", Place::OwnerInBrackets, u"Ops \\(EU\\)\\, x\\: y"},
        {u"see https\\://x.y/\\<i> and https://x.y", Place::OwnerInBrackets,
            u"see https\\://x.y/\\<i> and https://x.y"},
    };
    for (const auto& c : cases) {
        INFO(QString::fromUtf16(c.markdown).toStdString());
        CHECK(report::escapedForImport(QString::fromUtf16(c.markdown), c.place) == QString::fromUtf16(c.escaped));
    }
}

TEST_CASE("a timeline past midnight moves to the next day, a document without dates says so", "[report][import]")
{
    const auto overnight = imported(QStringLiteral("# Overnight\n\n- **Incident:** #3, 2026-06-17 22:00 UTC to "
                                                   "2026-06-18 06:00 UTC\n\n## Timeline\n\n- **23:50** backup "
                                                   "starts\n- **00:20** disk full\n"));
    REQUIRE(overnight.postmortem.timeline.size() == 2);
    CHECK(utc(overnight.postmortem.timeline[1].timeUs) == QStringLiteral("2026-06-18T00:20:00.000000Z"));

    const auto undated = imported(QStringLiteral("# Something broke\n\n## Timeline\n\n- 10:00 it broke\n"));
    CHECK(undated.postmortem.timeline.empty());
    REQUIRE_FALSE(undated.warnings.isEmpty());
    CHECK(undated.warnings.join(u'\n').contains(QStringLiteral("no date to place it on")));

    // A window that ends before it starts (a year mistyped) is not taken; the timeline gives it.
    const auto backwards = imported(QStringLiteral("# Backwards\n\n- **Incident:** #1, 2026-06-18 00:00 +01:00 to "
                                                   "2025-06-18 10:00 +01:00\n\n## Timeline\n\n- **01:07** a commit\n"
                                                   "- **02:02** first error\n"));
    REQUIRE(backwards.postmortem.timeline.size() == 2);
    // The window's start still dates the entries; the window spans them.
    CHECK(backwards.postmortem.incident.fromUs == backwards.postmortem.timeline[0].timeUs);
    CHECK(backwards.postmortem.incident.toUs == backwards.postmortem.timeline[1].timeUs);
    CHECK(utc(backwards.postmortem.timeline[1].timeUs).startsWith(QStringLiteral("2026-06-1")));
    CHECK(backwards.warnings.join(u'\n').contains(QStringLiteral("ends before it starts")));

    // Every line names the same zone and the document states none: the incident is shown in it.
    const auto pacific = imported(QStringLiteral("# Outage of 2021-01-04\n\n## Timeline\n\n- 6:00 a.m. PST: traffic "
                                                 "climbs\n- 7:17 a.m. PST: incident declared\n"));
    REQUIRE(pacific.postmortem.timeline.size() == 2);
    CHECK(utc(pacific.postmortem.timeline[0].timeUs) == QStringLiteral("2021-01-04T14:00:00.000000Z"));
    CHECK(pacific.postmortem.incident.displayZone == QString::fromUtf8(QTimeZone(-8 * 3600).id()));
    // Lines in different zones, or only some naming one: the document's zone (UTC here) stays.
    const auto mixed = imported(QStringLiteral("# Outage of 2021-01-04\n\n## Timeline\n\n- 6:00 a.m. PST: traffic "
                                               "climbs\n- 15:17 UTC: incident declared\n"));
    CHECK(mixed.postmortem.incident.displayZone == QStringLiteral("UTC"));

    const auto empty = importPostmortem(QStringLiteral("\n\n   \n"), QStringLiteral("empty.md"));
    REQUIRE_FALSE(empty);
    CHECK(empty.error().context == QStringLiteral("empty.md"));
    CHECK(empty.error().message.contains(QStringLiteral("empty")));
}

TEST_CASE("real published postmortems import into sensible fields", "[report][import][corpus]")
{
    const QDir corpus(QStringLiteral(AFTERMATH_SHARED_DIR "/corpus/postmortems/posthog"));
    if (!corpus.exists()) {
        WARN("../shared/corpus is not on this machine: the real postmortems were not imported");
        return;
    }
    auto read = [&](const char* name) {
        QFile file(corpus.filePath(QString::fromLatin1(name)));
        REQUIRE(file.open(QIODevice::ReadOnly));
        return imported(QString::fromUtf8(file.readAll()), file.fileName());
    };

    const auto flags = read("2025-09-29-flags-is-down.md");
    const model::Postmortem& p = flags.postmortem;
    CHECK(p.incident.title == QStringLiteral("PostHog Feature Flags Service Outage - September 29, 2025"));
    CHECK(p.incident.summary.startsWith(QStringLiteral("A database connection timeout reduction")));
    CHECK(p.incident.description.contains(QStringLiteral("78% of flag evaluation requests")));
    REQUIRE(p.timeline.size() == 8);
    CHECK(utc(p.timeline.front().timeUs) == QStringLiteral("2025-09-29T16:58:00.000000Z"));
    CHECK(p.timeline.front().text.startsWith(QStringLiteral("Writer database begins")));
    CHECK(utc(p.timeline.back().timeUs) == QStringLiteral("2025-09-29T18:46:00.000000Z"));
    CHECK(p.timeline[1].text.contains(QStringLiteral("(https://github.com/PostHog/posthog/pull/38686)")));
    CHECK(p.incident.fromUs == p.timeline.front().timeUs);
    REQUIRE(p.rootCauses.size() == 3);
    CHECK(p.rootCauses[0].text.startsWith(QStringLiteral("Configuration change timing:")));
    CHECK(p.incident.contributingFactors.startsWith(QStringLiteral("The incident duration was extended")));
    CHECK(p.incident.impact.contains(QStringLiteral("78% of feature flag evaluation requests failed")));
    // Remediation: the completed immediate actions are done, the rest open.
    REQUIRE(p.actionItems.size() >= 8);
    CHECK(
        p.actionItems[0].description == QStringLiteral("Database connection timeouts moved to runtime configuration"));
    CHECK(p.actionItems[0].status == Status::Done);
    CHECK(p.actionItems[2].status == Status::Open);

    // Without a timeline, the story's times are the timeline: "from 15:30 to 18:10 UTC" mid-sentence,
    // on the day the file's name gives.
    const auto decide = read("investigations_2024-02-28-decide_is_down.md");
    REQUIRE(decide.postmortem.timeline.size() == 1);
    CHECK(utc(decide.postmortem.timeline[0].timeUs) == QStringLiteral("2024-02-28T15:30:00.000000Z"));
    CHECK(utc(*decide.postmortem.timeline[0].endUs) == QStringLiteral("2024-02-28T18:10:00.000000Z"));
    CHECK(decide.postmortem.timeline[0].text.startsWith(QStringLiteral("On 28th February, PostHog Feature Flags")));

    // Every document imports, with a title and a window in order: PostHog's postmortems and the
    // published templates (headings only) alike.
    QStringList documents;
    for (const QString& name : corpus.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name))
        documents << corpus.filePath(name);
    const QDir templates(QStringLiteral(AFTERMATH_SHARED_DIR "/corpus/postmortems/dastergon-templates"));
    for (const QString& name : templates.entryList({QStringLiteral("postmortem-*.md")}, QDir::Files, QDir::Name))
        documents << templates.filePath(name);
    CHECK(documents.size() >= 11);
    for (const QString& path : std::as_const(documents)) {
        INFO(path.toStdString());
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadOnly));
        report::PostmortemImportOptions options;
        options.defaultYear = 2025;
        const auto any = importPostmortem(QString::fromUtf8(file.readAll()), file.fileName(), options);
        REQUIRE(any);
        CHECK_FALSE(any->postmortem.incident.title.isEmpty());
        CHECK(any->postmortem.incident.fromUs <= any->postmortem.incident.toUs);
    }
}

TEST_CASE(
    "custom sections keep their Markdown and place, at any heading level, through every template", "[report][import]")
{
    const auto result = imported(QStringLiteral(R"md(# Queue stall - 2026-03-03

# Summary

Jobs stalled.

# Customer *communication*

| Channel | When |
|---|---|
| [Status page](https://status.example.com) | every 30 minutes |

## Internal notes

Kept under the section above.

# Timeline

- 09:58 stall starts

# Nothing to add

# Action items

We are doing two things:

- Alert on queue age
)md"));
    const model::Postmortem& p = result.postmortem;
    REQUIRE(p.customSections.size() == 3);
    CHECK(p.customSections[0].heading == QStringLiteral("Customer *communication*"));
    CHECK(p.customSections[0].after == QStringLiteral("summary"));
    CHECK(p.customSections[0].markdown
        == QStringLiteral("| Channel | When |\n|---|---|\n| [Status page](https://status.example.com) | every 30 "
                          "minutes |\n\n## Internal notes\n\nKept under the section above."));
    CHECK(p.customSections[1].heading == QStringLiteral("Nothing to add"));
    CHECK(p.customSections[1].markdown.isEmpty());
    CHECK(p.customSections[1].after == QStringLiteral("timeline"));
    CHECK(p.customSections[2].heading.isEmpty()); // prose an action item list cannot hold
    CHECK(p.customSections[2].markdown == QStringLiteral("We are doing two things:"));
    CHECK(p.customSections[2].after == QStringLiteral("action_items"));
    REQUIRE(p.actionItems.size() == 1);
    for (const char* name : {"default", "google-sre", "minimal"}) {
        INFO(name);
        const QString first = render(p, QString::fromLatin1(name));
        CHECK(first.contains(QStringLiteral("## Customer *communication*\n\n| Channel | When |")));
        CHECK(render(imported(first).postmortem, QString::fromLatin1(name)) == first);
    }
}
