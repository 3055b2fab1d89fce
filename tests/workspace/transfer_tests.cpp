// Copying an incident with its evidence between stores (workspace::transferIncident, behind
// `aftermath-cli push` and `pull`): from the bundled example's store to a store of the engine the
// run is for (a file; a PostgreSQL database when the test cluster is there, tests/support/teststore.h).

#include "workspace/transfer.h"

#include "example.h"
#include "teststore.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using test::Example;

namespace {

// The incident's postmortem as the default template writes it, from `location`'s store.
QString exported(const QString& location, qint64 incidentId)
{
    const auto result = workspace::exportIncident({.store = {location, {}}, .incidentId = incidentId});
    INFO((result ? QString() : result.error().toString()).toStdString());
    REQUIRE(result);
    return result->result.document;
}

// Row counts of every table of the store at `location`.
std::vector<std::pair<QString, qint64>> counts(const QString& location)
{
    auto opened = workspace::Workspace::open(location, {.access = store::OpenOptions::Access::ReadOnly});
    REQUIRE(opened);
    auto info = opened->info();
    REQUIRE(info);
    std::vector<std::pair<QString, qint64>> rows;
    for (const store::TableCount& count : info->counts)
        rows.emplace_back(count.table, count.rows);
    return rows;
}

// Events `mine` of store `here` and `theirs` of store `there` are the same lines: message, time and
// source, one for one.
void checkSameEvents(const workspace::Workspace& here, const std::vector<qint64>& mine,
    const workspace::Workspace& there, const std::vector<qint64>& theirs)
{
    const auto ours = here.evidence().eventsWithIds(mine);
    const auto copies = there.evidence().eventsWithIds(theirs);
    REQUIRE(ours);
    REQUIRE(copies);
    REQUIRE(copies->size() == ours->size());
    for (std::size_t e = 0; e < ours->size(); ++e) {
        CHECK((*copies)[e].event.message == (*ours)[e].event.message);
        CHECK((*copies)[e].event.timeUs == (*ours)[e].event.timeUs);
        CHECK((*copies)[e].sourceName == (*ours)[e].sourceName);
    }
}

// The example, drafted, with a root cause and an action item of a person's.
void curate(Example& example)
{
    example.draft();
    auto& postmortems = example.store.postmortems();
    REQUIRE(postmortems.addRootCause(example.incidentId, QStringLiteral("The migration ran after the deploy"), {}));
    model::ActionItem item;
    item.incidentId = example.incidentId;
    item.description = QStringLiteral("Apply migrations before deploying the ETL");
    item.owner = QStringLiteral("sam");
    item.due = QDate(2026, 7, 1);
    REQUIRE(postmortems.addActionItem(item));
}

} // namespace

TEST_CASE("a pushed incident arrives with its evidence and exports the same document, and pushing again changes "
          "nothing",
    "[transfer]")
{
    Example example;
    curate(example);
    const model::Postmortem original = example.postmortem();
    REQUIRE(original.timeline.size() > 5);
    test::TestStore team;
    {
        auto created = workspace::Workspace::open(team.location);
        REQUIRE(created);
    }

    const workspace::TransferRequest push{
        .from = example.store.location(), .incidentId = example.incidentId, .to = {team.location, {}}};
    std::vector<int> permilles;
    const auto first = workspace::transferIncident(
        push, [&](const workspace::JobProgress& progress) { permilles.push_back(progress.permille); });
    INFO((first ? QString() : first.error().toString()).toStdString());
    REQUIRE(first);
    CHECK(first->incidentCopied);
    CHECK(first->sourcesCopied == 7);
    CHECK(first->sourcesPresent == 0);
    CHECK(first->eventsCopied == 799);
    CHECK(std::is_sorted(permilles.begin(), permilles.end()));
    CHECK(permilles.back() == 1000);

    // The copy is the same incident: the same uid, every part of its write-up, and each timeline
    // entry cites the same events (their ids are the team store's own).
    auto opened = workspace::Workspace::open(team.location);
    REQUIRE(opened);
    auto copy = opened->postmortems().postmortem(first->incidentId);
    REQUIRE(copy);
    CHECK(copy->incident.uid == original.incident.uid);
    CHECK(copy->incident.title == original.incident.title);
    CHECK(copy->incident.trigger == original.incident.trigger);
    CHECK(copy->rootCauses.size() == 1);
    REQUIRE(copy->actionItems.size() == 1);
    CHECK(copy->actionItems[0].owner == QStringLiteral("sam"));
    REQUIRE(copy->timeline.size() == original.timeline.size());
    for (std::size_t i = 0; i < original.timeline.size(); ++i) {
        INFO(original.timeline[i].text.toStdString());
        CHECK(copy->timeline[i].text == original.timeline[i].text);
        REQUIRE(copy->timeline[i].eventIds.size() == original.timeline[i].eventIds.size());
        checkSameEvents(example.store, original.timeline[i].eventIds, *opened, copy->timeline[i].eventIds);
    }
    CHECK(*opened->evidence().countEvents({}) == 799);
    // What a reader of the postmortem sees is the same, evidence part and all.
    CHECK(exported(team.location, first->incidentId) == exported(example.store.path(), example.incidentId));

    // Copying again finds everything there and writes nothing.
    const auto before = counts(team.location);
    const auto second = workspace::transferIncident(push);
    REQUIRE(second);
    CHECK_FALSE(second->incidentCopied);
    CHECK(second->incidentId == first->incidentId);
    CHECK(second->sourcesCopied == 0);
    CHECK(second->sourcesPresent == 7);
    CHECK(second->eventsCopied == 0);
    CHECK(counts(team.location) == before);

    // And pulling it back into a new store file gives a third copy of the same incident.
    QTemporaryDir dir;
    const QString pulled = dir.filePath(QStringLiteral("pulled.sqlite"));
    const auto pull = workspace::transferIncident(
        {.from = {team.location, {}}, .incidentId = first->incidentId, .to = {pulled, {}}});
    REQUIRE(pull);
    CHECK(pull->incidentCopied);
    CHECK(pull->eventsCopied == 799);
    CHECK(exported(pulled, pull->incidentId) == exported(example.store.path(), example.incidentId));
}

TEST_CASE("a copy the other store holds differently is refused, naming what differs, and nothing is written",
    "[transfer]")
{
    Example example;
    curate(example);
    test::TestStore team;
    const workspace::TransferRequest push{
        .from = example.store.location(), .incidentId = example.incidentId, .to = {team.location, {}}};
    const auto first = workspace::transferIncident(push);
    REQUIRE(first);

    // Someone closes the action item in the team store; the local copy still has it open.
    {
        auto opened = workspace::Workspace::open(team.location);
        REQUIRE(opened);
        auto items = opened->postmortems().actionItems({});
        REQUIRE(items);
        REQUIRE(items->size() == 1);
        model::ActionItemUpdate done;
        done.status = model::ActionItem::Status::Done;
        REQUIRE(opened->postmortems().updateActionItem(items->front().id, done));
    }
    const auto before = counts(team.location);
    const auto again = workspace::transferIncident(push);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Error::Code::InvalidArgument);
    CHECK(again.error().message.contains(QStringLiteral("the two copies differ (the action items)")));
    CHECK(again.error().message.contains(QStringLiteral("nothing was copied")));
    CHECK(counts(team.location) == before);
    auto opened = workspace::Workspace::open(team.location);
    REQUIRE(opened);
    auto items = opened->postmortems().actionItems({});
    REQUIRE(items);
    CHECK(items->front().status == model::ActionItem::Status::Done);
}

TEST_CASE("what the draft remembers goes with the copy: drafting the team's copy keeps a dismissed entry out and "
          "refreshes the draft's own text",
    "[transfer]")
{
    Example example;
    const draft::DraftOutcome first = example.draft();
    REQUIRE(first.entriesAdded > 2);
    // The author removes one drafted entry.
    const model::Postmortem drafted = example.postmortem();
    const auto removed = std::find_if(drafted.timeline.begin(), drafted.timeline.end(),
        [](const model::TimelineEntry& entry) { return entry.origin == model::TimelineEntry::Origin::Draft; });
    REQUIRE(removed != drafted.timeline.end());
    REQUIRE(example.store.postmortems().removeTimelineEntry(removed->id));
    const auto dismissedHere = example.store.postmortems().dismissedDraftEvents(example.incidentId);
    REQUIRE(dismissedHere);
    REQUIRE_FALSE(dismissedHere->empty());
    const auto draftedHere = example.store.postmortems().draftedFields(example.incidentId);
    REQUIRE(draftedHere);
    REQUIRE(draftedHere->trigger);

    test::TestStore team;
    const auto pushed = workspace::transferIncident(
        {.from = example.store.location(), .incidentId = example.incidentId, .to = {team.location, {}}});
    INFO((pushed ? QString() : pushed.error().toString()).toStdString());
    REQUIRE(pushed);
    {
        auto opened = workspace::Workspace::open(team.location);
        REQUIRE(opened);
        const auto draftedThere = opened->postmortems().draftedFields(pushed->incidentId);
        REQUIRE(draftedThere);
        CHECK(draftedThere->trigger == draftedHere->trigger);
        CHECK(draftedThere->detection == draftedHere->detection);
        CHECK(draftedThere->impact == draftedHere->impact);
        // The dismissed events are the team store's own, the same messages at the same times.
        const auto dismissedThere = opened->postmortems().dismissedDraftEvents(pushed->incidentId);
        REQUIRE(dismissedThere);
        REQUIRE(dismissedThere->size() == dismissedHere->size());
        checkSameEvents(example.store, *dismissedHere, *opened, *dismissedThere);
    }

    // Drafting again does the same on both copies: the removed entry stays out, and the draft's text
    // is still the draft's, not taken for a person's.
    const draft::DraftOutcome here = example.draft();
    const auto there = workspace::draftIncident({{team.location, {}}, pushed->incidentId});
    INFO((there ? QString() : there.error().toString()).toStdString());
    REQUIRE(there);
    CHECK(here.entriesDismissed >= 1);
    CHECK(there->entriesDismissed == here.entriesDismissed);
    CHECK(there->entriesAdded == here.entriesAdded);
    CHECK(there->entriesReplaced == here.entriesReplaced);
    REQUIRE(there->fields.size() == here.fields.size());
    for (std::size_t f = 0; f < here.fields.size(); ++f) {
        INFO(here.fields[f].field.toStdString());
        CHECK(there->fields[f].field == here.fields[f].field);
        CHECK(there->fields[f].action == here.fields[f].action);
        CHECK(there->fields[f].action != draft::FieldOutcome::Action::Kept);
    }
    CHECK(exported(team.location, pushed->incidentId) == exported(example.store.path(), example.incidentId));
}

TEST_CASE("a cancelled copy writes nothing to the other store", "[transfer]")
{
    Example example;
    test::TestStore team;
    {
        auto created = workspace::Workspace::open(team.location);
        REQUIRE(created);
    }
    const auto before = counts(team.location);
    std::atomic_bool cancel = true;
    const auto cancelled = workspace::transferIncident(
        {.from = example.store.location(), .incidentId = example.incidentId, .to = {team.location, {}}}, {},
        &cancel);
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().code == Error::Code::Cancelled);
    CHECK(counts(team.location) == before);
}

TEST_CASE("an incident that is not there is an error naming the store it was looked for in", "[transfer]")
{
    Example example;
    QTemporaryDir dir;
    const auto missing = workspace::transferIncident({.from = example.store.location(),
        .incidentId = example.incidentId + 41,
        .to = {dir.filePath(QStringLiteral("other.sqlite")), {}}});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    CHECK(missing.error().context == example.store.path());
}
