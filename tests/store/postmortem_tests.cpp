// The postmortem record in the store: every incident field, root causes, action items (filters,
// overdue, closed_at), the curated timeline, whole postmortems in one transaction, read-only refusals.
// Run on SQLite, and again on PostgreSQL (tests/store/CMakeLists.txt, teststore.h).

#include "storefixture.h"

#include <QTemporaryDir>

#include <algorithm>
#include <functional>

#include <catch2/catch.hpp>

using namespace aftermath;
using namespace aftermath::store;
using aftermath::test::incidentNightUs;
using aftermath::test::makeEvent;
using aftermath::test::makeSource;
using aftermath::test::usPerSecond;
using model::ActionItem;
using model::IncidentUpdate;
using model::TimelineEntry;
using Code = aftermath::Error::Code;

namespace {

constexpr qint64 hourUs = test::StoreFixture::hourUs;

// test::StoreFixture with three events (ids 1, 2, 3) to cite.
struct Fixture : test::StoreFixture {
    Fixture()
    {
        auto tx = store.evidence().beginEvidence();
        REQUIRE(tx);
        const qint64 source = *(*tx)->addSource(makeSource(QStringLiteral("etl.log")));
        std::vector<model::Event> events;
        for (int i = 0; i < 3; ++i)
            events.push_back(
                makeEvent(source, incidentNightUs + i * 60 * usPerSecond, i, QStringLiteral("e%1").arg(i)));
        REQUIRE((*tx)->addEvents(events));
        REQUIRE((*tx)->commit());
    }

    qint64 newIncident(const QString& title = QStringLiteral("Nightly ETL failed"))
    {
        model::Incident incident;
        incident.title = title;
        incident.fromUs = incidentNightUs;
        incident.toUs = incidentNightUs + 9 * hourUs;
        const auto created = store.postmortems().createIncident(incident);
        REQUIRE(created);
        return created->id;
    }
};

// Every text field set, each to something different (including text that SQL or a shell would mind).
model::Incident fullIncident()
{
    model::Incident i;
    i.title = QStringLiteral("Nightly post-funding ETL failed");
    i.fromUs = incidentNightUs;
    i.toUs = incidentNightUs + 9 * hourUs;
    i.displayZone = QStringLiteral("Europe/London");
    i.severity = QStringLiteral("SEV2");
    i.status = QStringLiteral("in_review");
    i.summary = QStringLiteral("Post-funding reports were incomplete for two tenants.");
    i.authors = QStringLiteral("Dana W, Sam Okafor");
    i.description = QStringLiteral("Reports for NHS E and NHS S were late; 'funding_band' was missing.");
    i.impact = QStringLiteral("4 h of failing runs\nno data lost");
    i.trigger = QStringLiteral("PR #412; DROP TABLE incidents; --");
    i.detection = QStringLiteral("The monitor warned at 04:00.");
    i.resolution = QStringLiteral("Rolled back to :41.");
    i.contributingFactors = QStringLiteral("No retry limit; \"migrations\" run by hand.");
    i.wentWell = QStringLiteral("Rollback took minutes.");
    i.wentWrong = QStringLiteral("Nobody was paged.");
    i.gotLucky = QStringLiteral("It was a quiet night — ünïcödé too.");
    i.baseline = std::pair{incidentNightUs - 24 * hourUs, incidentNightUs - 15 * hourUs};
    return i;
}

ActionItem actionItem(qint64 incidentId, const QString& description)
{
    ActionItem item;
    item.incidentId = incidentId;
    item.description = description;
    return item;
}

TimelineEntry userEntry(qint64 incidentId, const QString& text)
{
    TimelineEntry entry;
    entry.incidentId = incidentId;
    entry.timeUs = incidentNightUs;
    entry.text = text;
    return entry;
}

} // namespace

TEST_CASE("every incident field round-trips through create, read and the postmortem", "[store][postmortem]")
{
    Fixture f;
    const model::Incident written = fullIncident();
    const auto created = f.store.postmortems().createIncident(written);
    REQUIRE(created);
    model::Incident expected = written;
    expected.id = created->id;
    expected.createdAtUs = expected.updatedAtUs = f.clock.nowUtcUs();
    // A new incident gets a uid of its own (what push and pull know it by) and its first version.
    CHECK(created->uid.size() == 32);
    CHECK(created->uid != f.store.postmortems().createIncident(written)->uid);
    expected.uid = created->uid;
    expected.rowVersion = 1;
    CHECK(*created == expected);
    // A copy from another store keeps its uid, and is in a store once.
    model::Incident copy = written;
    copy.uid = QStringLiteral("5f0c2a7e9b1d4c3a8e6f0b2d4a6c8e01");
    CHECK(f.store.postmortems().createIncident(copy)->uid == copy.uid);
    copy.uid = created->uid;
    const auto twice = f.store.postmortems().createIncident(copy);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == Code::InvalidArgument);
    CHECK(twice.error().message.contains(QStringLiteral("incident %1 of this store is already a copy").arg(created->id)));
    CHECK(f.store.postmortems().incident(created->id) == expected);
    CHECK(f.store.postmortems().incidents()->front() == expected);
    const auto postmortem = f.store.postmortems().postmortem(created->id);
    REQUIRE(postmortem);
    CHECK(postmortem->incident == expected);
    CHECK(postmortem->timeline.empty());
    CHECK(postmortem->rootCauses.empty());
    CHECK(postmortem->actionItems.empty());

    const auto missing = f.store.postmortems().postmortem(99);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Code::NotFound);
    CHECK(missing.error().context == f.store.path());
}

TEST_CASE("an incident update changes the fields it sets, each of them, and nothing else", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    const model::Incident target = fullIncident();
    IncidentUpdate update;
    update.title = target.title;
    update.fromUs = target.fromUs + hourUs;
    update.toUs = target.toUs + hourUs;
    update.displayZone = target.displayZone;
    update.severity = target.severity;
    update.status = target.status;
    update.summary = target.summary;
    update.authors = target.authors;
    update.description = target.description;
    update.impact = target.impact;
    update.trigger = target.trigger;
    update.detection = target.detection;
    update.resolution = target.resolution;
    update.contributingFactors = target.contributingFactors;
    update.wentWell = target.wentWell;
    update.wentWrong = target.wentWrong;
    update.gotLucky = target.gotLucky;
    update.baseline = target.baseline;
    f.clock.set(f.clock.nowUtcUs() + 60 * usPerSecond);
    const auto updated = f.store.postmortems().updateIncident(id, update);
    REQUIRE(updated);
    model::Incident expected = target;
    expected.id = id;
    expected.fromUs += hourUs;
    expected.toUs += hourUs;
    expected.createdAtUs = f.clock.nowUtcUs() - 60 * usPerSecond;
    expected.updatedAtUs = f.clock.nowUtcUs();
    expected.uid = updated->uid;
    expected.rowVersion = 2; // each change counts
    CHECK(*updated == expected);
    CHECK(f.store.postmortems().incident(id) == expected);

    // One field at a time; an empty text clears it.
    IncidentUpdate one;
    one.impact = QString();
    const auto cleared = f.store.postmortems().updateIncident(id, one);
    REQUIRE(cleared);
    expected.impact.clear();
    expected.rowVersion = 3;
    CHECK(*cleared == expected);
    CHECK(f.store.postmortems().incident(id)->impact.isEmpty());
    CHECK(f.store.postmortems().incident(id)->gotLucky == target.gotLucky);

    // A baseline set, then cleared (the timeline chooses it again); the window is left alone.
    IncidentUpdate clearBaseline;
    clearBaseline.baseline = std::optional<std::pair<qint64, qint64>>();
    const auto automatic = f.store.postmortems().updateIncident(id, clearBaseline);
    REQUIRE(automatic);
    CHECK_FALSE(automatic->baseline);
    CHECK_FALSE(f.store.postmortems().incident(id)->baseline);
    CHECK(f.store.postmortems().incident(id)->fromUs == expected.fromUs);
}

TEST_CASE("an incident's baseline is before its window: a baseline or a window that breaks that is refused",
    "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    const model::Incident before = *f.store.postmortems().incident(id);
    auto refused = [&](const IncidentUpdate& update, const char* words) {
        const auto result = f.store.postmortems().updateIncident(id, update);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Code::InvalidArgument);
        CHECK(result.error().message.contains(QLatin1StringView(words)));
        CHECK(f.store.postmortems().incident(id) == before);
    };
    using Span = std::optional<std::pair<qint64, qint64>>;
    refused({.baseline = Span{{before.fromUs - hourUs, before.fromUs - 2 * hourUs}}}, "before it starts");
    refused({.baseline = Span{{before.fromUs - hourUs, before.fromUs - hourUs}}}, "before it starts");
    refused({.baseline = Span{{before.fromUs - hourUs, before.fromUs + 1}}}, "must end by the window's start");

    // Ending at the window's start is allowed; moving the start into it afterwards is not.
    const Span justBefore{{before.fromUs - hourUs, before.fromUs}};
    const auto set = f.store.postmortems().updateIncident(id, {.baseline = justBefore});
    REQUIRE(set);
    CHECK(set->baseline == justBefore);
    const model::Incident withBaseline = *f.store.postmortems().incident(id);
    const auto moved = f.store.postmortems().updateIncident(id, {.fromUs = before.fromUs - 30 * 60 * usPerSecond});
    REQUIRE_FALSE(moved);
    CHECK(moved.error().message.contains(QStringLiteral("move or clear it")));
    CHECK(f.store.postmortems().incident(id) == withBaseline);
    // Both at once: the window moves earlier with its baseline.
    const auto both = f.store.postmortems().updateIncident(id,
        {.fromUs = before.fromUs - 2 * hourUs, .baseline = Span{{before.fromUs - 4 * hourUs, before.fromUs - 2 * hourUs}}});
    REQUIRE(both);
    CHECK(both->baseline->second == both->fromUs);

    // A new incident with a baseline that is not before its window is refused, and nothing is added.
    model::Incident wrong = before;
    wrong.id = 0;
    wrong.baseline = std::pair{before.fromUs, before.toUs};
    const auto created = f.store.postmortems().createIncident(wrong);
    REQUIRE_FALSE(created);
    CHECK(created.error().code == Code::InvalidArgument);
    CHECK(f.store.postmortems().incidents()->size() == 1);
}

TEST_CASE("incident updates are checked (status, window order, title) and severity is free text", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    const model::Incident before = *f.store.postmortems().incident(id);
    auto refused = [&](const IncidentUpdate& update, const char* words) {
        const auto result = f.store.postmortems().updateIncident(id, update);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Code::InvalidArgument);
        CHECK(result.error().context == f.store.path());
        CHECK(result.error().message.contains(QLatin1StringView(words)));
        CHECK(f.store.postmortems().incident(id) == before);
    };
    refused({.status = QStringLiteral("closed")}, "draft, in_review or final");
    refused({.title = QStringLiteral("   ")}, "title");
    // Against the stored end: a new start after it, or a new end before the stored start.
    refused({.fromUs = before.toUs + 1}, "before it starts");
    refused({.toUs = before.fromUs - 1}, "before it starts");
    refused({.fromUs = before.fromUs + 2, .toUs = before.fromUs + 1}, "before it starts");

    for (const char* status : {"draft", "in_review", "final"})
        CHECK(f.store.postmortems().updateIncident(id, {.status = QString::fromLatin1(status)}));
    for (const char* severity : {"SEV1", "P0 - everything is on fire", ""}) {
        const auto updated = f.store.postmortems().updateIncident(id, {.severity = QString::fromLatin1(severity)});
        REQUIRE(updated);
        CHECK(updated->severity == QString::fromLatin1(severity));
    }
    CHECK(f.store.postmortems().updateIncident(99, {.summary = QStringLiteral("x")}).error().code == Code::NotFound);
}

TEST_CASE("the draft's writes are remembered field by field, and a person's are not", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    CHECK(f.store.postmortems().draftedFields(id)->isEmpty());
    REQUIRE(f.store.postmortems().updateIncident(
        id, {.impact = QStringLiteral("drafted impact"), .trigger = QStringLiteral("drafted trigger")}, Writer::Draft));
    REQUIRE(f.store.postmortems().updateIncident(id, {.trigger = QStringLiteral("a person's trigger")}));
    const auto drafted = f.store.postmortems().draftedFields(id);
    REQUIRE(drafted);
    CHECK(*drafted
        == IncidentUpdate{.impact = QStringLiteral("drafted impact"), .trigger = QStringLiteral("drafted trigger")});
    const model::Incident now = *f.store.postmortems().incident(id);
    CHECK(now.trigger == QStringLiteral("a person's trigger"));
    CHECK(now.impact == QStringLiteral("drafted impact"));
    REQUIRE(f.store.postmortems().updateIncident(id, {.impact = QStringLiteral("second draft")}, Writer::Draft));
    CHECK(f.store.postmortems().draftedFields(id)->impact == QStringLiteral("second draft"));
    CHECK(f.store.postmortems().draftedFields(99).error().code == Code::NotFound);
}

TEST_CASE("root causes are added at the end or at a position, listed, removed and moved", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    const qint64 other = f.newIncident(QStringLiteral("Another"));
    auto texts = [&](qint64 incident) {
        QStringList result;
        int expectedPosition = 1;
        const auto causes = f.store.postmortems().rootCauses(incident);
        REQUIRE(causes);
        for (const model::RootCause& cause : *causes) {
            CHECK(cause.position == expectedPosition++);
            CHECK(cause.incidentId == incident);
            result << cause.text;
        }
        return result;
    };
    const auto first = f.store.postmortems().addRootCause(id, QStringLiteral("B"));
    REQUIRE(first);
    CHECK(first->position == 1);
    CHECK(f.store.postmortems().addRootCause(id, QStringLiteral("D"))->position == 2);
    CHECK(f.store.postmortems().addRootCause(id, QStringLiteral("A"), 1)->position == 1);
    CHECK(f.store.postmortems().addRootCause(id, QStringLiteral("C"), 3)->position == 3);
    CHECK(f.store.postmortems().addRootCause(id, QStringLiteral("E"), 5)->position == 5); // at the end, by number
    REQUIRE(f.store.postmortems().addRootCause(other, QStringLiteral("elsewhere")));
    CHECK(texts(id)
        == QStringList{
            QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("E")});

    const auto outOfRange = f.store.postmortems().addRootCause(id, QStringLiteral("X"), 7);
    REQUIRE_FALSE(outOfRange);
    CHECK(outOfRange.error().code == Code::InvalidArgument);
    CHECK(outOfRange.error().message.contains(QStringLiteral("give 1 to 6")));
    CHECK(f.store.postmortems().addRootCause(id, QStringLiteral("X"), 0).error().code == Code::InvalidArgument);
    CHECK(f.store.postmortems().addRootCause(id, QStringLiteral(" ")).error().code == Code::InvalidArgument);
    CHECK(f.store.postmortems().addRootCause(99, QStringLiteral("X")).error().code == Code::NotFound);

    const auto removed = f.store.postmortems().removeRootCause(id, 2);
    REQUIRE(removed);
    CHECK(removed->text == QStringLiteral("B"));
    CHECK(texts(id) == QStringList{QStringLiteral("A"), QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("E")});
    CHECK(f.store.postmortems().removeRootCause(id, 5).error().code == Code::NotFound);

    REQUIRE(f.store.postmortems().moveRootCause(id, 1, 4));
    CHECK(texts(id) == QStringList{QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("E"), QStringLiteral("A")});
    REQUIRE(f.store.postmortems().moveRootCause(id, 3, 1));
    CHECK(texts(id) == QStringList{QStringLiteral("E"), QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("A")});
    CHECK(f.store.postmortems().moveRootCause(id, 1, 9).error().code == Code::NotFound);
    CHECK(texts(other) == QStringList{QStringLiteral("elsewhere")});
    CHECK(f.store.postmortems().postmortem(id)->rootCauses == *f.store.postmortems().rootCauses(id));

    // Rewording keeps the cause's place and row.
    const model::RootCause before = (*f.store.postmortems().rootCauses(id))[1];
    const auto reworded = f.store.postmortems().rewordRootCause(id, 2, QStringLiteral("C, said better"));
    REQUIRE(reworded);
    CHECK(reworded->id == before.id);
    CHECK(reworded->position == 2);
    CHECK(texts(id)
        == QStringList{
            QStringLiteral("E"), QStringLiteral("C, said better"), QStringLiteral("D"), QStringLiteral("A")});
    CHECK(f.store.postmortems().rewordRootCause(id, 5, QStringLiteral("X")).error().code == Code::NotFound);
    CHECK(f.store.postmortems().rewordRootCause(id, 1, QStringLiteral("  ")).error().code == Code::InvalidArgument);
    CHECK(texts(id)[0] == QStringLiteral("E"));
}

TEST_CASE("action items round-trip every field, and closed_at follows done and won't do", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("Add max retries, \"all\" steps,\nwith alerts");
    item.owner = QStringLiteral("priya");
    item.due = QDate(2026, 7, 1);
    item.priority = QStringLiteral("P2");
    item.type = ActionItem::Type::Prevent;
    item.link = QStringLiteral("https://example.org/issues/1");
    const auto added = f.store.postmortems().addActionItem(item);
    REQUIRE(added);
    ActionItem expected = item;
    expected.id = added->id;
    expected.createdAtUs = f.clock.nowUtcUs();
    CHECK(*added == expected);
    CHECK(f.store.postmortems().actionItem(added->id) == expected);
    CHECK(f.store.postmortems().postmortem(id)->actionItems == std::vector{expected});

    // Every status and type survives the trip.
    for (const auto status : {ActionItem::Status::InProgress, ActionItem::Status::Open}) {
        const auto updated = f.store.postmortems().updateActionItem(added->id, {.status = status});
        REQUIRE(updated);
        CHECK(f.store.postmortems().actionItem(added->id)->status == status);
        CHECK_FALSE(updated->closedAtUs);
    }
    for (const auto type :
        {ActionItem::Type::Mitigate, ActionItem::Type::Detect, ActionItem::Type::Process, ActionItem::Type::Spike}) {
        REQUIRE(f.store.postmortems().updateActionItem(added->id, {.type = type}));
        CHECK(f.store.postmortems().actionItem(added->id)->type == type);
    }

    // Done: closed now. Won't do after done keeps the first close. Reopened: not closed.
    const qint64 doneAt = f.clock.nowUtcUs() + hourUs;
    f.clock.set(doneAt);
    CHECK(
        f.store.postmortems().updateActionItem(added->id, {.status = ActionItem::Status::Done})->closedAtUs == doneAt);
    CHECK(f.store.postmortems().actionItem(added->id)->closedAtUs == doneAt);
    f.clock.set(doneAt + hourUs);
    CHECK(f.store.postmortems().updateActionItem(added->id, {.status = ActionItem::Status::WontDo})->closedAtUs
        == doneAt);
    CHECK(f.store.postmortems().updateActionItem(added->id, {.description = QStringLiteral("renamed")})->closedAtUs
        == doneAt);
    CHECK(f.store.postmortems().updateActionItem(added->id, {.status = ActionItem::Status::Open})->closedAtUs
        == std::nullopt);
    CHECK(f.store.postmortems().actionItem(added->id)->closedAtUs == std::nullopt);
    CHECK(f.store.postmortems().updateActionItem(added->id, {.status = ActionItem::Status::WontDo})->closedAtUs
        == f.clock.nowUtcUs());

    // Cleared optional fields; an item added closed is closed from the start.
    const auto cleared = f.store.postmortems().updateActionItem(added->id,
        {.owner = QString(),
            .due = std::optional<QDate>(),
            .priority = QString(),
            .type = std::optional<ActionItem::Type>(),
            .link = QString()});
    REQUIRE(cleared);
    CHECK(cleared->owner.isEmpty());
    CHECK_FALSE(f.store.postmortems().actionItem(added->id)->due);
    CHECK_FALSE(f.store.postmortems().actionItem(added->id)->type);
    ActionItem closed;
    closed.incidentId = id;
    closed.description = QStringLiteral("already done");
    closed.status = ActionItem::Status::Done;
    CHECK(f.store.postmortems().addActionItem(closed)->closedAtUs == f.clock.nowUtcUs());

    CHECK(f.store.postmortems().updateActionItem(added->id, {.description = QStringLiteral(" ")}).error().code
        == Code::InvalidArgument);
    CHECK(f.store.postmortems().updateActionItem(99, {.owner = QStringLiteral("x")}).error().code == Code::NotFound);
    closed.incidentId = 99;
    CHECK(f.store.postmortems().addActionItem(closed).error().code == Code::NotFound);
}

TEST_CASE("action items are filtered by owner, status, incident and overdue on a day", "[store][postmortem]")
{
    Fixture f;
    const qint64 a = f.newIncident(QStringLiteral("A"));
    const qint64 b = f.newIncident(QStringLiteral("B"));
    auto add = [&](qint64 incident, const char* owner, std::optional<QDate> due, ActionItem::Status status) {
        ActionItem item;
        item.incidentId = incident;
        item.description = QStringLiteral("item for ") + QLatin1StringView(owner);
        item.owner = QString::fromLatin1(owner);
        item.due = due;
        item.status = status;
        return f.store.postmortems().addActionItem(item)->id;
    };
    const QDate today(2026, 7, 2);
    const qint64 late = add(a, "priya", today.addDays(-1), ActionItem::Status::Open);
    const qint64 dueToday = add(a, "priya", today, ActionItem::Status::InProgress);
    const qint64 lateButDone = add(a, "sam", today.addDays(-10), ActionItem::Status::Done);
    const qint64 lateButWontDo = add(b, "sam", today.addDays(-10), ActionItem::Status::WontDo);
    const qint64 noDue = add(b, "Priya", std::nullopt, ActionItem::Status::Open);
    const qint64 lateInProgress = add(b, "dana", today.addDays(-30), ActionItem::Status::InProgress);

    auto ids = [&](const ActionItemFilter& filter) {
        std::vector<qint64> result;
        const auto items = f.store.postmortems().actionItems(filter);
        REQUIRE(items);
        for (const ActionItem& item : *items)
            result.push_back(item.id);
        return result;
    };
    CHECK(ids({}) == std::vector{late, dueToday, lateButDone, lateButWontDo, noDue, lateInProgress});
    CHECK(ids({.owner = QStringLiteral("priya")}) == std::vector{late, dueToday, noDue}); // ASCII case ignored
    CHECK(ids({.status = ActionItem::Status::Open}) == std::vector{late, noDue});
    CHECK(ids({.unfinished = true}) == std::vector{late, dueToday, noDue, lateInProgress});
    CHECK(ids({.incidentId = b, .unfinished = true}) == std::vector{noDue, lateInProgress});
    CHECK(ids({.incidentId = b}) == std::vector{lateButWontDo, noDue, lateInProgress});
    CHECK(ids({.overdueOn = today}) == std::vector{late, lateInProgress});
    CHECK(ids({.overdueOn = today.addDays(1)}) == std::vector{late, dueToday, lateInProgress});
    CHECK(ids({.incidentId = a, .owner = QStringLiteral("priya"), .overdueOn = today}) == std::vector{late});
    CHECK(ids({.owner = QStringLiteral("nobody")}).empty());
    CHECK(f.store.postmortems().actionItems({.incidentId = 99}).error().code == Code::NotFound);

    // Overdue agrees with the model's rule, whatever the day.
    const auto all = f.store.postmortems().actionItems();
    REQUIRE(all);
    for (int offset = -40; offset <= 2; ++offset) {
        const QDate day = today.addDays(offset);
        std::vector<qint64> expected;
        for (const ActionItem& item : *all)
            if (item.isOverdue(day))
                expected.push_back(item.id);
        CHECK(ids({.overdueOn = day}) == expected);
    }
}

TEST_CASE("curated timeline entries are added, edited and removed with the events they cite", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    TimelineEntry drafted;
    drafted.incidentId = id;
    drafted.timeUs = incidentNightUs + 60 * usPerSecond;
    drafted.endUs = incidentNightUs + 120 * usPerSecond;
    drafted.text = QStringLiteral("NHS E run fails ×2");
    drafted.origin = TimelineEntry::Origin::Draft;
    drafted.eventIds = {3, 2, 2};
    const auto added = f.store.postmortems().addTimelineEntry(drafted);
    REQUIRE(added);
    CHECK(added->eventIds == std::vector<qint64>{2, 3});
    TimelineEntry person;
    person.incidentId = id;
    person.timeUs = incidentNightUs;
    person.text = QStringLiteral("On-call paged");
    person.note = QStringLiteral("from the pager log, not imported");
    const auto written = f.store.postmortems().addTimelineEntry(person);
    REQUIRE(written);
    CHECK(written->origin == TimelineEntry::Origin::User);

    // In time order, with every field.
    const auto entries = f.store.postmortems().timelineEntries(id);
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);
    CHECK((*entries)[0] == *written);
    CHECK((*entries)[1] == *added);
    CHECK((*entries)[1].endUs == drafted.endUs);
    CHECK_FALSE((*entries)[1].edited);
    CHECK(f.store.postmortems().postmortem(id)->timeline == *entries);

    // A person's edit of a drafted entry marks it edited.
    TimelineEntry edit = *added;
    edit.text = QStringLiteral("NHS E run fails twice (see the retry storm)");
    edit.eventIds = {1};
    edit.endUs.reset();
    const auto edited = f.store.postmortems().updateTimelineEntry(edit);
    REQUIRE(edited);
    CHECK(edited->edited);
    const TimelineEntry reread = f.store.postmortems().timelineEntries(id)->at(1);
    CHECK(reread.edited);
    CHECK(reread.text == edit.text);
    CHECK(reread.eventIds == std::vector<qint64>{1});
    CHECK_FALSE(reread.endUs);
    // A person's own entry stays origin user, not edited.
    TimelineEntry personEdit = *written;
    personEdit.text = QStringLiteral("On-call paged (twice)");
    CHECK_FALSE(f.store.postmortems().updateTimelineEntry(personEdit)->edited);

    // Checks: text, order of the ends, cited events must exist.
    TimelineEntry bad = person;
    bad.text = QStringLiteral(" ");
    CHECK(f.store.postmortems().addTimelineEntry(bad).error().code == Code::InvalidArgument);
    bad = person;
    bad.endUs = bad.timeUs - 1;
    CHECK(f.store.postmortems().addTimelineEntry(bad).error().code == Code::InvalidArgument);
    bad = person;
    bad.eventIds = {1, 42};
    const auto missingEvent = f.store.postmortems().addTimelineEntry(bad);
    REQUIRE_FALSE(missingEvent);
    CHECK(missingEvent.error().code == Code::NotFound);
    CHECK(missingEvent.error().message.contains(QStringLiteral("event 42")));
    CHECK(f.store.postmortems().timelineEntries(id)->size() == 2); // the failed add left nothing

    // Removing: a drafted entry's events are remembered; the draft's unedited entries go in bulk.
    REQUIRE(f.store.postmortems().removeTimelineEntry(edited->id));
    CHECK(f.store.postmortems().dismissedDraftEvents(id) == std::vector<qint64>{1});
    REQUIRE(f.store.postmortems().removeTimelineEntry(written->id));
    CHECK(f.store.postmortems().dismissedDraftEvents(id) == std::vector<qint64>{1});
    CHECK(f.store.postmortems().timelineEntries(id)->empty());
    CHECK(f.store.postmortems().removeTimelineEntry(written->id).error().code == Code::NotFound);

    drafted.eventIds = {2};
    const qint64 keep = f.store.postmortems().addTimelineEntry(drafted)->id;
    REQUIRE(f.store.postmortems().updateTimelineEntry(*f.store.postmortems().timelineEntries(id)->begin()));
    drafted.eventIds = {3};
    REQUIRE(f.store.postmortems().addTimelineEntry(drafted));
    REQUIRE(f.store.postmortems().addTimelineEntry(drafted));
    REQUIRE(f.store.postmortems().addTimelineEntry(person));
    CHECK(f.store.postmortems().removeDraftedEntries(id) == 2);
    const auto left = f.store.postmortems().timelineEntries(id);
    REQUIRE(left->size() == 2);
    CHECK(std::ranges::any_of(*left, [&](const TimelineEntry& e) { return e.id == keep && e.edited; }));
}

TEST_CASE(
    "a whole postmortem is written in one transaction, and a failure half way leaves nothing", "[store][postmortem]")
{
    Fixture f;
    model::Postmortem written;
    written.incident = fullIncident();
    TimelineEntry entry;
    entry.timeUs = incidentNightUs;
    entry.text = QStringLiteral("NHS E run starts");
    entry.origin = TimelineEntry::Origin::Draft;
    entry.edited = true;
    entry.eventIds = {1, 2};
    written.timeline.push_back(entry);
    entry.timeUs += 60 * usPerSecond;
    entry.text = QStringLiteral("Someone noticed");
    entry.origin = TimelineEntry::Origin::User;
    entry.edited = false;
    entry.note = QStringLiteral("a note");
    entry.eventIds = {};
    written.timeline.push_back(entry);
    written.rootCauses = {{0, 0, 2, QStringLiteral("second")}, {0, 0, 1, QStringLiteral("first")}};
    ActionItem item;
    item.description = QStringLiteral("Add max retries");
    item.owner = QStringLiteral("priya");
    item.due = QDate(2026, 7, 1);
    item.type = ActionItem::Type::Detect;
    written.actionItems.push_back(item);
    item.description = QStringLiteral("Apply migrations first");
    item.status = ActionItem::Status::Done;
    item.createdAtUs = incidentNightUs;
    item.closedAtUs = incidentNightUs + hourUs;
    written.actionItems.push_back(item);
    written.customSections = {{0, 0, 2, QStringLiteral("Why was this *hard* to detect?"),
                                  QStringLiteral("The alert\nwaited.\n\n| a | b |\n|---|---|"), QStringLiteral("detection")},
        {0, 0, 1, QStringLiteral("Background"), QStringLiteral("Before any field."), QString()},
        {0, 0, 3, QString(), QStringLiteral("From the evidence: detected 2 h after the first error."),
            QStringLiteral("impact"), true}};

    const auto id = f.store.postmortems().createPostmortem(written);
    REQUIRE(id);
    const auto read = f.store.postmortems().postmortem(*id);
    REQUIRE(read);
    model::Postmortem expected = written;
    expected.incident.id = *id;
    expected.incident.createdAtUs = expected.incident.updatedAtUs = f.clock.nowUtcUs();
    CHECK_FALSE(read->incident.uid.isEmpty());
    expected.incident.uid = read->incident.uid;
    CHECK(read->incident == expected.incident);
    REQUIRE(read->timeline.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        TimelineEntry e = expected.timeline[i];
        e.id = read->timeline[i].id;
        e.incidentId = *id;
        CHECK(read->timeline[i] == e);
    }
    REQUIRE(read->rootCauses.size() == 2);
    CHECK(read->rootCauses[0].text == QStringLiteral("first"));
    CHECK(read->rootCauses[1].position == 2);
    REQUIRE(read->actionItems.size() == 2);
    CHECK(read->actionItems[0].createdAtUs == f.clock.nowUtcUs());
    CHECK(read->actionItems[0].type == ActionItem::Type::Detect);
    CHECK(read->actionItems[1].createdAtUs == incidentNightUs); // kept when given
    CHECK(read->actionItems[1].closedAtUs == incidentNightUs + hourUs);
    // Custom sections come back verbatim in their order, numbered 1.., what came from the evidence marked.
    REQUIRE(read->customSections.size() == 3);
    CHECK(read->customSections[0].heading == QStringLiteral("Background"));
    CHECK(read->customSections[0].after.isEmpty());
    CHECK(read->customSections[0].position == 1);
    CHECK(read->customSections[1].markdown == written.customSections[0].markdown);
    CHECK(read->customSections[1].after == QStringLiteral("detection"));
    CHECK(read->customSections[1].incidentId == *id);
    CHECK(read->customSections == f.store.postmortems().customSections(*id));
    CHECK_FALSE(read->customSections[1].fromEvidence);
    CHECK(read->customSections[2].fromEvidence);
    CHECK(read->customSections[2].heading.isEmpty());
    CHECK(f.store.postmortems().customSections(*id + 100).error().code == Code::NotFound);

    // Each way of failing after the incident row is written leaves no trace at all.
    const auto before = f.store.info();
    REQUIRE(before);
    auto broken = [&](const std::function<void(model::Postmortem&)>& breakIt) {
        model::Postmortem postmortem = written;
        breakIt(postmortem);
        const auto result = f.store.postmortems().createPostmortem(postmortem);
        REQUIRE_FALSE(result);
        CHECK(result.error().context == f.store.path());
        const auto after = f.store.info();
        REQUIRE(after);
        for (std::size_t i = 0; i < after->counts.size(); ++i)
            CHECK(after->counts[i].rows == before->counts[i].rows);
        CHECK(f.store.postmortems().incidents()->size() == 1);
        return result.error();
    };
    CHECK(broken([](model::Postmortem& p) { p.actionItems.back().description.clear(); }).code == Code::InvalidArgument);
    CHECK(broken([](model::Postmortem& p) { p.timeline.back().eventIds = {99}; }).code == Code::NotFound);
    CHECK(broken([](model::Postmortem& p) { p.rootCauses.back().text.clear(); }).code == Code::InvalidArgument);
    CHECK(
        broken([](model::Postmortem& p) { p.incident.status = QStringLiteral("done"); }).code == Code::InvalidArgument);
    CHECK(broken([](model::Postmortem& p) { p.customSections[0].after = QStringLiteral("appendix"); })
              .message.contains(QStringLiteral("not a field")));
    // And the store still takes writes afterwards (no transaction left open).
    CHECK(f.store.postmortems().createPostmortem(written));
    CHECK(f.store.evidence().beginEvidence());
}

TEST_CASE("postmortem writes made inside an open write transaction land with it, or not at all",
    "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    {
        auto tx = f.store.evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE(f.store.postmortems().addRootCause(id, QStringLiteral("rolled back")));
        REQUIRE(f.store.postmortems().updateIncident(id, {.summary = QStringLiteral("rolled back")}));
        // A failing write inside undoes only itself.
        CHECK_FALSE(f.store.postmortems().addRootCause(id, QStringLiteral("x"), 9));
        CHECK(f.store.postmortems().rootCauses(id)->size() == 1);
    }
    CHECK(f.store.postmortems().rootCauses(id)->empty());
    CHECK(f.store.postmortems().incident(id)->summary.isEmpty());
    {
        auto tx = f.store.evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE(f.store.postmortems().addRootCause(id, QStringLiteral("kept")));
        REQUIRE((*tx)->commit());
    }
    CHECK(f.store.postmortems().rootCauses(id)->size() == 1);
}

TEST_CASE("atomically lands a write of several postmortem writes together, or none of it", "[store][postmortem]")
{
    Fixture f;
    const qint64 id = f.newIncident();
    store::PostmortemStore& pm = f.store.postmortems();

    // A failure part-way undoes what came before it, and its error is the write's.
    const auto failed = pm.atomically([&]() -> Result<void> {
        if (auto added = pm.addRootCause(id, QStringLiteral("first")); !added)
            return std::unexpected(added.error());
        if (auto updated = pm.updateIncident(id, {.summary = QStringLiteral("changed")}); !updated)
            return std::unexpected(updated.error());
        if (auto added = pm.addRootCause(id, QStringLiteral("out of range"), 9); !added)
            return std::unexpected(added.error());
        return {};
    });
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == Code::InvalidArgument);
    CHECK(pm.rootCauses(id)->empty());
    CHECK(pm.incident(id)->summary.isEmpty());

    // Reads inside see the writes before them; all of it lands on success.
    const auto done = pm.atomically([&]() -> Result<void> {
        if (auto added = pm.addRootCause(id, QStringLiteral("kept")); !added)
            return std::unexpected(added.error());
        if (pm.rootCauses(id)->size() != 1)
            return fail(Code::Database, QStringLiteral("the write is not visible inside its own transaction"));
        if (auto updated = pm.updateIncident(id, {.summary = QStringLiteral("kept")}); !updated)
            return std::unexpected(updated.error());
        return {};
    });
    REQUIRE(done);
    CHECK(pm.rootCauses(id)->size() == 1);
    CHECK(pm.incident(id)->summary == QStringLiteral("kept"));

    // Another connection waits for it: a second writer meanwhile is locked out, with a message.
    auto other = Store::open(f.path, {.busyTimeout = std::chrono::milliseconds(50)});
    REQUIRE(other);
    const auto blocked = pm.atomically([&]() -> Result<void> {
        const auto refused = other->postmortems().addRootCause(id, QStringLiteral("from elsewhere"));
        if (refused)
            return fail(Code::Database, QStringLiteral("a second writer got in"));
        CHECK(refused.error().code == Code::Locked);
        return {};
    });
    CHECK(blocked);
    CHECK(pm.rootCauses(id)->size() == 1);
}

TEST_CASE("a read-only store refuses every postmortem write, naming the store", "[store][postmortem]")
{
    const test::TestStore where;
    const QString path = where.location;
    qint64 id = 0;
    qint64 actionId = 0;
    qint64 entryId = 0;
    {
        auto store = Store::open(path);
        REQUIRE(store);
        model::Postmortem postmortem;
        postmortem.incident = fullIncident();
        postmortem.rootCauses = {{0, 0, 1, QStringLiteral("cause")}};
        id = *store->postmortems().createPostmortem(postmortem);
        actionId = store->postmortems().addActionItem(actionItem(id, QStringLiteral("do it")))->id;
        entryId = store->postmortems().addTimelineEntry(userEntry(id, QStringLiteral("x")))->id;
    }
    auto store = Store::open(path, {.access = OpenOptions::Access::ReadOnly});
    REQUIRE(store);
    const auto before = store->postmortems().postmortem(id);
    REQUIRE(before);
    std::vector<Error> errors;
    auto collect = [&](const auto& result) {
        REQUIRE_FALSE(result);
        errors.push_back(result.error());
    };
    collect(store->postmortems().createIncident(fullIncident()));
    collect(store->postmortems().createPostmortem(*before));
    collect(store->postmortems().updateIncident(id, {.summary = QStringLiteral("x")}));
    collect(store->postmortems().addRootCause(id, QStringLiteral("x")));
    collect(store->postmortems().removeRootCause(id, 1));
    collect(store->postmortems().moveRootCause(id, 1, 1));
    collect(store->postmortems().rewordRootCause(id, 1, QStringLiteral("x")));
    collect(store->postmortems().atomically([] { return Result<void>(); }));
    collect(store->postmortems().addActionItem(actionItem(id, QStringLiteral("x"))));
    collect(store->postmortems().updateActionItem(actionId, {.status = ActionItem::Status::Done}));
    collect(store->postmortems().removeActionItem(actionId));
    collect(store->postmortems().addTimelineEntry(userEntry(id, QStringLiteral("x"))));
    collect(store->postmortems().updateTimelineEntry(before->timeline.front()));
    collect(store->postmortems().removeTimelineEntry(entryId));
    collect(store->postmortems().removeDraftedEntries(id));
    for (const Error& error : errors) {
        CHECK(error.code == Code::ReadOnly);
        CHECK(error.context == store->path());
        CHECK(error.message.contains(QStringLiteral("read-only")));
    }
    CHECK(errors.size() == 15);
    CHECK(store->postmortems().postmortem(id) == before);
}
