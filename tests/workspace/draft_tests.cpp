// Drafting a postmortem (workspace::draftIncident): from the bundled example incident's evidence to
// a curated timeline, trigger, detection and impact; and drafting again, which must never overwrite
// a person's work.

#include "model/timestamp.h"
#include "workspace/workspace.h"

#include "example.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace aftermath;
using Action = draft::FieldOutcome::Action;
using model::TimelineEntry;
using test::Example;

namespace {

Action actionOf(const draft::DraftOutcome& report, const char* field)
{
    for (const draft::FieldOutcome& outcome : report.fields) {
        if (outcome.field == QLatin1StringView(field))
            return outcome.action;
    }
    FAIL("no outcome for " << field);
    return Action::NothingFound;
}

const TimelineEntry* entryWithText(const model::Postmortem& postmortem, const QString& prefix)
{
    for (const TimelineEntry& entry : postmortem.timeline) {
        if (entry.text.startsWith(prefix))
            return &entry;
    }
    return nullptr;
}

} // namespace

TEST_CASE("the example incident's draft: one entry per key timeline entry, trigger, detection, impact", "[draft]")
{
    Example example;
    const auto incident = example.store.postmortems().incident(example.incidentId);
    const auto reconstructed = workspace::reconstructIncident({example.store.location(), example.incidentId});
    REQUIRE(reconstructed);
    const timeline::Timeline* built = &reconstructed->timeline;
    const auto keys = std::ranges::count_if(built->entries, &timeline::Entry::key);
    REQUIRE(keys > 10);

    const draft::DraftOutcome report = example.draft();
    CHECK(report.entriesAdded == keys);
    CHECK(report.entriesReplaced == 0);
    CHECK(report.entriesKeptEdited + report.entriesKeptUser + report.entriesCovered + report.entriesDismissed == 0);
    CHECK(actionOf(report, "trigger") == Action::Filled);
    CHECK(actionOf(report, "detection") == Action::Filled);
    CHECK(actionOf(report, "impact") == Action::Filled);

    const model::Postmortem postmortem = example.postmortem();
    REQUIRE(std::ssize(postmortem.timeline) == keys);
    for (const TimelineEntry& entry : postmortem.timeline) {
        CHECK(entry.origin == TimelineEntry::Origin::Draft);
        CHECK_FALSE(entry.edited);
        CHECK_FALSE(entry.eventIds.empty());
        CHECK_FALSE(entry.text.isEmpty());
    }
    CHECK(std::ranges::is_sorted(postmortem.timeline, {}, &TimelineEntry::timeUs));
    // The hand-written timeline's moments (tests/cli: the example incident's timeline).
    const TimelineEntry* merge = entryWithText(postmortem, QStringLiteral("PR #412 'Add funding_band column"));
    REQUIRE(merge);
    CHECK(model::formatInZone(merge->timeUs, QTimeZone("Europe/London")).mid(11, 8) == QStringLiteral("01:25:07"));
    const TimelineEntry* failing
        = entryWithText(postmortem, QStringLiteral("create_post_funding failed for tenant NHS E → Retrying"));
    REQUIRE(failing);
    CHECK(failing->endUs.has_value());
    CHECK(failing->text.contains(QStringLiteral(" ×"))); // a group of repeats says how many
    CHECK(entryWithText(postmortem, QStringLiteral("etl-post-funding for NHS S succeeded on etl-post-funding:41")));

    const model::Incident& drafted = postmortem.incident;
    CHECK(drafted.trigger.startsWith(QStringLiteral("PR #412 'Add funding_band column")));
    CHECK(drafted.trigger.contains(QStringLiteral("(2026-06-18 01:25:07 +01:00)")));
    CHECK(drafted.trigger.contains(QStringLiteral("Suspected as the trigger: merge 37 min before the first error")));
    CHECK(drafted.detection.startsWith(
        QStringLiteral("Detected at 2026-06-18 04:00:00 +01:00, 1 h 57 min after the impact began: ")));
    CHECK(drafted.impact.startsWith(QStringLiteral("Impact from 2026-06-18 02:02:43 +01:00 to 2026-06-18 06:03:14 "
                                                   "+01:00 (4 h 00 min)")));
    CHECK(drafted.impact.contains(QStringLiteral("Mitigated at 2026-06-18 05:39:21 +01:00.")));
    CHECK(drafted.impact.contains(QStringLiteral("Runs that never finished: etl-post-funding for NHS E (started "
                                                 "2026-06-18 02:00:03 +01:00")));
    CHECK(drafted.impact.contains(QStringLiteral("etl-post-funding for NHS S (started 2026-06-18 02:30:01 +01:00")));
    // The other fields are a person's to write.
    CHECK(drafted.summary.isEmpty());
    CHECK(drafted.resolution.isEmpty());
    CHECK(example.store.postmortems().draftedFields(example.incidentId)->trigger == drafted.trigger);

    // Deterministic: drafting again changes nothing.
    const draft::DraftOutcome again = example.draft();
    CHECK(again.entriesReplaced == keys);
    CHECK(again.entriesAdded == keys);
    CHECK(actionOf(again, "trigger") == Action::Unchanged);
    CHECK(actionOf(again, "detection") == Action::Unchanged);
    CHECK(actionOf(again, "impact") == Action::Unchanged);
    const model::Postmortem second = example.postmortem();
    CHECK(second.incident == postmortem.incident);
    REQUIRE(second.timeline.size() == postmortem.timeline.size());
    for (std::size_t i = 0; i < second.timeline.size(); ++i) {
        CHECK(second.timeline[i].text == postmortem.timeline[i].text);
        CHECK(second.timeline[i].eventIds == postmortem.timeline[i].eventIds);
    }
}

TEST_CASE("drafting again after a person's edits keeps every one of them", "[draft]")
{
    Example example;
    example.draft();
    const model::Postmortem first = example.postmortem();
    workspace::Workspace& store = example.store;

    // A person edits one drafted entry, removes another, writes one of their own, rewrites the
    // trigger and clears the impact.
    TimelineEntry edited = *entryWithText(first, QStringLiteral("PR #412 'Add funding_band column"));
    edited.text = QStringLiteral("PR #412 merged without its migration");
    edited.note = QStringLiteral("checked with the author");
    REQUIRE(store.postmortems().updateTimelineEntry(edited));
    const TimelineEntry removed
        = *entryWithText(first, QStringLiteral("etl-post-funding for NHS S succeeded on etl-post-funding:41"));
    REQUIRE(store.postmortems().removeTimelineEntry(removed.id));
    TimelineEntry own;
    own.incidentId = example.incidentId;
    own.timeUs = first.timeline.front().timeUs;
    own.text = QStringLiteral("On-call engineer paged by phone");
    const auto ownAdded = store.postmortems().addTimelineEntry(own);
    REQUIRE(ownAdded);
    REQUIRE(store.postmortems().updateIncident(example.incidentId,
        {.impact = QString(), .trigger = QStringLiteral("The merge of PR #412 before its migration ran.")}));

    const draft::DraftOutcome report = example.draft();
    CHECK(report.entriesKeptEdited == 1);
    CHECK(report.entriesKeptUser == 1);
    CHECK(report.entriesCovered == 1); // the edited entry's events: not drafted twice
    CHECK(report.entriesDismissed == 1); // the removed entry stays removed
    CHECK(report.entriesReplaced == std::ssize(first.timeline) - 2);
    CHECK(report.entriesAdded == std::ssize(first.timeline) - 2);
    CHECK(actionOf(report, "trigger") == Action::Kept);
    CHECK(actionOf(report, "detection") == Action::Unchanged);
    CHECK(actionOf(report, "impact") == Action::Filled);

    const model::Postmortem after = example.postmortem();
    CHECK(after.incident.trigger == QStringLiteral("The merge of PR #412 before its migration ran."));
    CHECK(after.incident.impact == first.incident.impact);
    CHECK(after.incident.detection == first.incident.detection);
    CHECK(after.timeline.size() == first.timeline.size()); // -1 removed, +1 a person's
    const auto keptEdit = std::ranges::find(after.timeline, edited.id, &TimelineEntry::id);
    REQUIRE(keptEdit != after.timeline.end());
    CHECK(keptEdit->text == edited.text);
    CHECK(keptEdit->note == edited.note);
    CHECK(keptEdit->edited);
    CHECK(std::ranges::count(after.timeline, edited.text, &TimelineEntry::text) == 1);
    CHECK(std::ranges::find(after.timeline, ownAdded->id, &TimelineEntry::id) != after.timeline.end());
    CHECK_FALSE(entryWithText(after, QStringLiteral("etl-post-funding for NHS S succeeded on etl-post-funding:41")));
}

TEST_CASE("a field that still holds the previous draft's text is brought up to date, and any other is kept", "[draft]")
{
    Example example;
    workspace::Workspace& store = example.store;
    // As a previous draft (on less evidence) would have left them.
    REQUIRE(store.postmortems().updateIncident(example.incidentId,
        {.impact = QStringLiteral("Impact from 02:02:43; no resolution seen."),
            .detection = QStringLiteral("Detected at 04:00.")},
        store::Writer::Draft));
    // A person then changed the detection, by one character.
    REQUIRE(
        store.postmortems().updateIncident(example.incidentId, {.detection = QStringLiteral("Detected at 04:00!")}));

    const draft::DraftOutcome report = example.draft();
    CHECK(actionOf(report, "impact") == Action::Refreshed);
    CHECK(actionOf(report, "detection") == Action::Kept);
    CHECK(actionOf(report, "trigger") == Action::Filled);
    const model::Incident incident = *store.postmortems().incident(example.incidentId);
    CHECK(incident.impact.startsWith(QStringLiteral("Impact from 2026-06-18 02:02:43 +01:00 to")));
    CHECK(incident.detection == QStringLiteral("Detected at 04:00!"));
    CHECK(store.postmortems().draftedFields(example.incidentId)->impact == incident.impact);
    CHECK(store.postmortems().draftedFields(example.incidentId)->detection == QStringLiteral("Detected at 04:00."));
}

TEST_CASE("an incident without evidence drafts nothing and leaves its fields as they were", "[draft]")
{
    QTemporaryDir dir;
    auto store = workspace::Workspace::open(dir.filePath(QStringLiteral("empty.sqlite")));
    REQUIRE(store);
    model::Incident incident;
    incident.title = QStringLiteral("Quiet night");
    incident.fromUs = test::incidentNightUs;
    incident.toUs = test::incidentNightUs + 3600 * test::usPerSecond;
    incident.detection = QStringLiteral("A customer emailed.");
    const qint64 id = store->postmortems().createIncident(incident)->id;
    const auto report = workspace::draftIncident({store->location(), id});
    REQUIRE(report);
    CHECK(report->entriesAdded == 0);
    for (const draft::FieldOutcome& outcome : report->fields)
        CHECK(outcome.action == Action::NothingFound);
    CHECK(store->postmortems().incident(id)->detection == QStringLiteral("A customer emailed."));
    CHECK(store->postmortems().draftedFields(id)->isEmpty());

    const auto missing = workspace::draftIncident({store->location(), 42});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    CHECK(missing.error().context == store->path());
}
