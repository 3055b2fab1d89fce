#pragma once

// The bundled example incident (resources/examples/etl-incident) as a postmortem: the evidence
// imported and reconstructed as `aftermath-cli demo` does, and the fields people write filled with
// fixed text, so that what the templates render is the same bytes on every run.

#include "model/incident.h"
#include "model/timestamp.h"
#include "timeline/timeline.h"
#include "workspace/workspace.h"

#include <QTemporaryDir>

#include <functional>

#include <catch2/catch.hpp>

namespace aftermath::test {

inline qint64 londonTime(const char* iso)
{
    const auto us = model::parseIsoTime(QString::fromLatin1(iso), QTimeZone("Europe/London"));
    REQUIRE(us);
    return *us;
}

inline model::Postmortem examplePostmortemText()
{
    model::Postmortem p;
    model::Incident& i = p.incident;
    i.id = 1;
    i.title = QStringLiteral("Nightly post-funding ETL runs failed after the funding_band change");
    i.fromUs = londonTime("2026-06-18T00:00:00");
    i.toUs = londonTime("2026-06-18T10:00:00");
    i.displayZone = QStringLiteral("Europe/London");
    i.severity = QStringLiteral("SEV2");
    i.status = QStringLiteral("in_review");
    i.authors = QStringLiteral("Dana Whitfield, Sam Okafor");
    i.summary = QStringLiteral("A change to the post-funding ETL step needed a column production did not have yet. "
                               "Both nightly runs failed and retried for hours; NHS E and NHS S got incomplete "
                               "reports in the morning.");
    i.description = QStringLiteral(
        "On the night of 18 June the jobs that prepare the post-funding reports for NHS E and NHS S did not finish. "
        "The reports sent at 05:00 were missing that night's funding rows, and both customers noticed.\n\n"
        "The on-call engineer re-ran the jobs with the previous version at 05:39, and the reports were regenerated "
        "and re-sent by 08:48.");
    i.impact = QStringLiteral("NHS E and NHS S received post-funding reports without the night's funding rows "
                              "(about 18,000 rows each).\nCorrected reports arrived 3 hours 48 minutes late.");
    i.trigger = QStringLiteral("PR #412 added funding_band to create_post_funding's SQL. Deploy ETL rolled it out as "
                               "etl-post-funding:42 at 01:31, before migration 0042 had reached production.");
    i.detection = QStringLiteral("The ETL Monitor posted \"has not completed\" in #data-alerts at 04:00 and 04:30. "
                                 "Nobody was paged; the on-call engineer saw it at 05:20.");
    i.resolution = QStringLiteral("Both tenants were re-run on etl-post-funding:41 at 05:39 and the schedules pointed "
                                  "back at :41; the reports were regenerated at 08:48.");
    i.contributingFactors = QStringLiteral("Every merge to main deploys to the nightly schedule without approval.");
    i.wentWell = QStringLiteral("The cause was found within 20 minutes of looking.");
    i.wentWrong = QStringLiteral("The alert did not page anyone.\nThe 05:00 report build did not wait for the ETL.");
    i.gotLucky = QStringLiteral("Only two tenants run post-funding on Wednesdays.");
    i.updatedAtUs = londonTime("2026-06-19T16:30:00");

    auto entry = [&](const char* time, const char* text, const char* note = "") {
        model::TimelineEntry e;
        e.incidentId = 1;
        e.timeUs = londonTime(time);
        e.text = QString::fromUtf8(text);
        e.note = QString::fromUtf8(note);
        p.timeline.push_back(e);
    };
    entry("2026-06-18T01:07:12", "Alice commits \"Add funding_band column to post-funding step\"");
    entry("2026-06-18T01:25:07", "Bob merges PR #412; Deploy ETL starts", "the trigger");
    entry("2026-06-18T01:31:12", "Deploy ETL points both schedules at etl-post-funding:42");
    entry("2026-06-18T02:00:03", "NHS E run starts on :42, fails in create_post_funding and retries every 3 minutes");
    entry("2026-06-18T02:30:01", "NHS S run starts on :42 and fails the same way");
    entry("2026-06-18T04:00:00", "ETL Monitor: NHS E has not completed", "not paged");
    entry("2026-06-18T05:39:21", "Dana runs the previous version, etl-post-funding:41, for both tenants");
    entry("2026-06-18T06:03:14", "Both tenants complete on :41");
    entry("2026-06-18T08:10:22", "Support: the morning's reports look incomplete");
    entry("2026-06-18T08:48:19", "Both reports regenerated and re-sent");

    p.rootCauses.push_back({1, 1, 1,
        QStringLiteral("create_post_funding selected funding_band, which migration 0042 adds; production had not "
                       "been migrated, because schema changes go out in a manual release.")});
    p.rootCauses.push_back({2, 1, 2,
        QStringLiteral("The step retries every 3 minutes with no limit, so the runs never failed and never sent "
                       "their completion message.")});

    model::ActionItem retries;
    retries.id = 1;
    retries.incidentId = 1;
    retries.description = QStringLiteral("Add max retries for all steps");
    retries.owner = QStringLiteral("Dana Whitfield");
    retries.due = QDate(2026, 7, 3);
    retries.priority = QStringLiteral("P1");
    retries.type = model::ActionItem::Type::Prevent;
    retries.link = QStringLiteral("https://github.com/acme/etl-pipelines/issues/415");
    model::ActionItem approvals;
    approvals.id = 2;
    approvals.incidentId = 1;
    approvals.description = QStringLiteral("Spike: workflow approvals for Deploy ETL");
    approvals.owner = QStringLiteral("Bob Lindqvist");
    approvals.priority = QStringLiteral("P2");
    approvals.type = model::ActionItem::Type::Spike;
    approvals.status = model::ActionItem::Status::InProgress;
    model::ActionItem paging;
    paging.id = 3;
    paging.incidentId = 1;
    paging.description = QStringLiteral("Page the on-call when a nightly run is 2 hours late");
    paging.type = model::ActionItem::Type::Detect;
    model::ActionItem migrations;
    migrations.id = 4;
    migrations.incidentId = 1;
    migrations.description = QStringLiteral("Run pending migrations before Deploy ETL switches task definitions");
    migrations.owner = QStringLiteral("Alice Moreau");
    migrations.status = model::ActionItem::Status::Done;
    migrations.type = model::ActionItem::Type::Prevent;
    p.actionItems = {retries, approvals, paging, migrations};
    return p;
}

// The example postmortem with every field people write set to text(0), text(1), ... in turn.
inline model::Postmortem filledWith(const std::function<QString(int)>& text)
{
    model::Postmortem p = examplePostmortemText();
    int n = 0;
    model::Incident& i = p.incident;
    for (QString* field : {&i.title, &i.severity, &i.authors, &i.summary, &i.description, &i.impact, &i.trigger,
             &i.detection, &i.resolution, &i.contributingFactors, &i.wentWell, &i.wentWrong, &i.gotLucky})
        *field = text(n++);
    for (model::TimelineEntry& e : p.timeline) {
        e.text = text(n++);
        e.note = text(n++);
    }
    for (model::RootCause& c : p.rootCauses)
        c.text = text(n++);
    for (model::ActionItem& a : p.actionItems) {
        a.description = text(n++);
        a.owner = text(n++);
        a.priority = text(n++);
        a.link = text(n++);
    }
    return p;
}

// The example's evidence imported into a store in a temporary folder and reconstructed.
struct ExampleIncident {
    QTemporaryDir dir;
    model::Postmortem postmortem = examplePostmortemText();
    timeline::Timeline timeline;

    ExampleIncident()
    {
        REQUIRE(dir.isValid());
        auto store = workspace::Workspace::open(dir.filePath(QStringLiteral("example.sqlite")));
        REQUIRE(store);
        // The folder as one input, as the demo imports it: sources are named etl-incident/git-log.txt, ...
        const auto imported = workspace::importInto({.store = store->location(),
            .inputs = {QStringLiteral(AFTERMATH_EXAMPLES "/etl-incident")},
            .zone = QTimeZone("Europe/London")});
        REQUIRE(imported);
        REQUIRE(imported->errorCount() == 0);
        auto built = workspace::reconstructIncident({.store = store->location(),
            .fromUs = postmortem.incident.fromUs,
            .toUs = postmortem.incident.toUs,
            .withEvidence = false});
        REQUIRE(built);
        timeline = std::move(built->timeline);
    }
};

} // namespace aftermath::test
