// The draft on values: what the evidence proposes (draft::propose) and what drafting it into a
// postmortem as it stands writes (draft::planDraft). Drafting through a store is in
// tests/workspace/draft_tests.cpp.

#include "draft/draft.h"
#include "model/timestamp.h"

#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using Action = draft::FieldOutcome::Action;
using model::TimelineEntry;

namespace {

TimelineEntry entry(qint64 id, TimelineEntry::Origin origin, std::vector<qint64> eventIds, bool edited = false)
{
    TimelineEntry e;
    e.id = id;
    e.incidentId = 1;
    e.timeUs = test::incidentNightUs + id * test::usPerSecond;
    e.text = QStringLiteral("entry %1").arg(id);
    e.origin = origin;
    e.edited = edited;
    e.eventIds = std::move(eventIds);
    return e;
}

Action actionOf(const draft::DraftOutcome& outcome, const char* field)
{
    for (const draft::FieldOutcome& f : outcome.fields) {
        if (f.field == QLatin1StringView(field))
            return f.action;
    }
    FAIL("no outcome for " << field);
    return Action::NothingFound;
}

} // namespace

TEST_CASE("the draft's texts from a timeline, in the incident's zone", "[draft]")
{
    using timeline::Finding;
    const qint64 t0 = test::incidentNightUs; // 01:00Z, 02:00 in London summer time
    const qint64 minute = 60 * test::usPerSecond;
    timeline::Timeline t;
    t.fromUs = t0;
    t.toUs = t0 + 600 * minute;
    timeline::Entry key;
    key.timeUs = t0 + 90 * minute;
    key.endUs = t0 + 100 * minute;
    key.kind = model::EventKind::Alert;
    key.source = QStringLiteral("alerts");
    key.summary = QStringLiteral("Disk full on db-1");
    key.count = 3;
    key.key = true;
    key.eventIds = {7, 8, 9};
    timeline::Entry noise = key;
    noise.key = false;
    t.entries = {key, noise};
    t.findings.push_back({Finding::Type::FirstError, t0 + 60 * minute, QStringLiteral("First error, in db.log: ENOSPC"),
        0, QString(), {5}});
    t.findings.push_back({Finding::Type::SuspectChange, t0 - 30 * minute, QStringLiteral("Deploy of db 2.1"), 1,
        QStringLiteral("deploy 1 h 30 min before the first error"), {1}});
    t.phases.impactStart = t0 + 60 * minute;
    t.phases.detected = t0 + 95 * minute;

    model::Incident incident;
    incident.id = 3;
    incident.displayZone = QStringLiteral("Europe/London");
    const draft::Proposal london = draft::propose(incident, t);
    REQUIRE(london.entries.size() == 1);
    CHECK(london.entries[0].text == QStringLiteral("Disk full on db-1 ×3"));
    CHECK(london.entries[0].incidentId == 3);
    CHECK(london.entries[0].endUs == key.endUs);
    CHECK(london.entries[0].eventIds == key.eventIds);
    CHECK(london.trigger
        == QStringLiteral("Deploy of db 2.1 (2026-06-18 01:30:00 +01:00). Suspected as the trigger: deploy 1 h 30 min "
                          "before the first error."));
    CHECK(london.detection
        == QStringLiteral("Detected at 2026-06-18 03:35:00 +01:00, 35 min after the impact began: Disk full on db-1 "
                          "(alerts)."));
    CHECK(london.impact
        == QStringLiteral("Impact from 2026-06-18 03:00:00 +01:00; no resolution seen by the end of the window "
                          "(2026-06-18 12:00:00 +01:00). First error, in db.log: ENOSPC."));

    // No zone of its own: the system's (model::displayZone).
    incident.displayZone.clear();
    const QString system = model::formatInZone(t0 - 30 * minute, QTimeZone::systemTimeZone());
    CHECK(draft::propose(incident, t)
              .trigger.startsWith(
                  QStringLiteral("Deploy of db 2.1 (") + system.left(10) + u' ' + system.mid(11, 8) + u' '));
    CHECK(draft::propose(incident, timeline::Timeline{}).impact.isEmpty());
}

TEST_CASE("a draft plan keeps what people wrote and edited, and what they removed stays removed", "[draft]")
{
    using Origin = TimelineEntry::Origin;
    draft::Proposal proposal;
    proposal.entries = {entry(0, Origin::Draft, {1, 2}), entry(0, Origin::Draft, {3}), entry(0, Origin::Draft, {4}),
        entry(0, Origin::Draft, {5})};
    proposal.trigger = QStringLiteral("Deploy of db 2.1.");
    proposal.detection = QStringLiteral("Detected at 04:00.");
    proposal.impact = QStringLiteral("Impact from 03:00.");

    model::Postmortem current;
    current.incident.id = 1;
    current.incident.trigger = QStringLiteral("The deploy, as the on-call wrote it."); // a person's
    current.incident.detection = QStringLiteral("Detected at 03:50."); // the previous draft's, untouched
    current.timeline = {
        entry(10, Origin::User, {2}), // a person's entry citing event 2: the first proposal is covered
        entry(11, Origin::Draft, {3}, true), // a drafted entry a person edited: the second is covered
        entry(12, Origin::Draft, {9}), // the previous draft's, unedited: replaced, not counted as kept
    };
    model::IncidentUpdate drafted;
    drafted.detection = QStringLiteral("Detected at 03:50.");
    const std::vector<qint64> dismissed{5}; // a person removed the draft's entry for event 5

    const draft::DraftPlan plan = draft::planDraft(proposal, current, drafted, dismissed);
    REQUIRE(plan.entries.size() == 1);
    CHECK(plan.entries[0].eventIds == std::vector<qint64>{4});
    CHECK(plan.outcome.incidentId == 1);
    CHECK(plan.outcome.entriesAdded == 1);
    CHECK(plan.outcome.entriesCovered == 2);
    CHECK(plan.outcome.entriesDismissed == 1);
    CHECK(plan.outcome.entriesKeptUser == 1);
    CHECK(plan.outcome.entriesKeptEdited == 1);
    CHECK(plan.outcome.entriesReplaced == 0); // the store counts those as it removes them

    CHECK(actionOf(plan.outcome, "trigger") == Action::Kept);
    CHECK(actionOf(plan.outcome, "detection") == Action::Refreshed);
    CHECK(actionOf(plan.outcome, "impact") == Action::Filled);
    CHECK(plan.fields
        == model::IncidentUpdate{
            .impact = QStringLiteral("Impact from 03:00."), .detection = QStringLiteral("Detected at 04:00.")});

    // The same draft again over what it wrote: nothing to refresh; an empty proposal touches nothing.
    current.incident.detection = proposal.detection;
    current.incident.impact = proposal.impact;
    drafted.detection = proposal.detection;
    drafted.impact = proposal.impact;
    const draft::DraftPlan again = draft::planDraft(proposal, current, drafted, dismissed);
    CHECK(actionOf(again.outcome, "detection") == Action::Unchanged);
    CHECK(actionOf(again.outcome, "impact") == Action::Unchanged);
    CHECK(again.fields.isEmpty());
    const draft::DraftPlan nothing = draft::planDraft(draft::Proposal{}, current, drafted, dismissed);
    CHECK(nothing.entries.empty());
    CHECK(nothing.fields.isEmpty());
    CHECK(actionOf(nothing.outcome, "trigger") == Action::NothingFound);
}
