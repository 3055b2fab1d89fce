// Several people at once (docs/team-store.md): updates based on an older copy of an incident or an
// action item merge what nobody else changed and refuse, with both values, what two people changed
// differently; the check and the write are one. Run on SQLite and again on PostgreSQL, as the other
// [postmortem] cases (tests/store/CMakeLists.txt).

#include "model/timestamp.h"

#include "storefixture.h"

#include <QThread>

#include <atomic>
#include <memory>

#include <catch2/catch.hpp>

using namespace aftermath;
using namespace aftermath::store;
using aftermath::test::incidentNightUs;
using aftermath::test::usPerSecond;
using model::ActionItem;
using aftermath::FieldConflict;
using model::Incident;
using model::IncidentUpdate;
using Code = aftermath::Error::Code;

namespace {

constexpr qint64 hourUs = test::StoreFixture::hourUs;

struct Fixture : test::StoreFixture {
    Incident newIncident()
    {
        Incident incident;
        incident.title = QStringLiteral("Nightly ETL failed");
        incident.fromUs = incidentNightUs;
        incident.toUs = incidentNightUs + 9 * hourUs;
        incident.summary = QStringLiteral("Reports were incomplete.");
        incident.trigger = QStringLiteral("PR #412");
        const auto created = pm.createIncident(incident);
        REQUIRE(created);
        return *created;
    }
    ActionItem newItem(qint64 incidentId)
    {
        ActionItem item;
        item.incidentId = incidentId;
        item.description = QStringLiteral("Add max retries for all steps");
        item.owner = QStringLiteral("priya");
        const auto added = pm.addActionItem(item);
        REQUIRE(added);
        return *added;
    }
};

// An update of `field` based on `read`, as the app makes one.
IncidentUpdate editFrom(const Incident& read)
{
    IncidentUpdate update;
    update.basedOn = read.rowVersion;
    update.startedFrom = read;
    return update;
}

} // namespace

TEST_CASE("an incident edit based on an older copy keeps the fields nobody else changed, and both edits land",
    "[store][postmortem][concurrency]")
{
    Fixture f;
    const Incident read = f.newIncident();
    CHECK(read.rowVersion == 1);

    // Two people read version 1; one changes the summary, the other the trigger.
    IncidentUpdate first = editFrom(read);
    first.summary = QStringLiteral("Two tenants' reports were incomplete.");
    const auto firstSaved = f.pm.updateIncident(read.id, first);
    REQUIRE(firstSaved);
    CHECK(firstSaved->rowVersion == 2);

    IncidentUpdate second = editFrom(read);
    second.trigger = QStringLiteral("PR #412, merged 01:25");
    const auto secondSaved = f.pm.updateIncident(read.id, second);
    REQUIRE(secondSaved);
    CHECK(secondSaved->rowVersion == 3);

    const auto stored = f.pm.incident(read.id);
    REQUIRE(stored);
    CHECK(stored->summary == QStringLiteral("Two tenants' reports were incomplete."));
    CHECK(stored->trigger == QStringLiteral("PR #412, merged 01:25"));
    CHECK(stored->rowVersion == 3);

    // Writing the value that is already there is no conflict either.
    IncidentUpdate same = editFrom(read);
    same.summary = QStringLiteral("Two tenants' reports were incomplete.");
    CHECK(f.pm.updateIncident(read.id, same));
}

TEST_CASE("an incident field two people changed differently is refused with both values, and nothing is written",
    "[store][postmortem][concurrency]")
{
    Fixture f;
    const Incident read = f.newIncident();

    IncidentUpdate theirs = editFrom(read);
    theirs.summary = QStringLiteral("theirs: two tenants");
    theirs.status = QStringLiteral("in_review");
    REQUIRE(f.pm.updateIncident(read.id, theirs));

    // Mine changes the summary too, the window, and a field they left alone: all or nothing.
    IncidentUpdate mine = editFrom(read);
    mine.summary = QStringLiteral("mine: NHS E and NHS S");
    mine.status = QStringLiteral("final");
    mine.impact = QStringLiteral("4 h of failing runs");
    const auto refused = f.pm.updateIncident(read.id, mine);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Code::Conflict);
    CHECK(refused.error().conflicts
        == std::vector<FieldConflict>{
            {QStringLiteral("status"), QStringLiteral("in_review"), QStringLiteral("final")},
            {QStringLiteral("summary"), QStringLiteral("theirs: two tenants"), QStringLiteral("mine: NHS E and NHS S")}});
    INFO(refused.error().toString().toStdString());
    CHECK(refused.error().message.contains(QStringLiteral("status, summary")));
    CHECK(refused.error().message.contains(QStringLiteral("version 1, it is at 2")));

    const auto stored = f.pm.incident(read.id);
    CHECK(stored->summary == QStringLiteral("theirs: two tenants"));
    CHECK(stored->impact.isEmpty());
    CHECK(stored->rowVersion == 2);

    // "Use mine": the same edit again on the copy read now lands.
    IncidentUpdate again = editFrom(*stored);
    again.summary = mine.summary;
    again.status = mine.status;
    again.impact = mine.impact;
    const auto saved = f.pm.updateIncident(read.id, again);
    REQUIRE(saved);
    CHECK(saved->summary == QStringLiteral("mine: NHS E and NHS S"));
    CHECK(saved->rowVersion == 3);

    // The window and baseline are checked as the texts are, and shown as UTC times.
    IncidentUpdate window = editFrom(read);
    window.toUs = incidentNightUs + 10 * hourUs;
    REQUIRE(f.pm.updateIncident(read.id, window)); // nobody else moved it: merged
    IncidentUpdate other = editFrom(read);
    other.toUs = incidentNightUs + 11 * hourUs;
    const auto moved = f.pm.updateIncident(read.id, other);
    REQUIRE_FALSE(moved);
    REQUIRE(moved.error().conflicts.size() == 1);
    CHECK(moved.error().conflicts[0].field == QStringLiteral("to"));
    CHECK(moved.error().conflicts[0].theirs == model::formatUtc(incidentNightUs + 10 * hourUs));
}

TEST_CASE("an incident update given only the version it expects is refused once the incident changed",
    "[store][postmortem][concurrency]")
{
    Fixture f;
    const Incident read = f.newIncident();
    REQUIRE(f.pm.updateIncident(read.id, {.severity = QStringLiteral("SEV2")})); // no basis: as given

    IncidentUpdate stale;
    stale.basedOn = 1;
    stale.summary = QStringLiteral("from a script");
    const auto refused = f.pm.updateIncident(read.id, stale);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Code::Conflict);
    CHECK(refused.error().conflicts
        == std::vector<FieldConflict>{
            {QStringLiteral("summary"), QStringLiteral("Reports were incomplete."), QStringLiteral("from a script")}});

    stale.basedOn = 2;
    const auto saved = f.pm.updateIncident(read.id, stale);
    REQUIRE(saved);
    CHECK(saved->rowVersion == 3);
    CHECK(saved->severity == QStringLiteral("SEV2"));
}

TEST_CASE("an action item's status and owner changed by two people both land, two statuses conflict",
    "[store][postmortem][concurrency]")
{
    Fixture f;
    const Incident incident = f.newIncident();
    const ActionItem read = f.newItem(incident.id);
    CHECK(read.rowVersion == 1);
    CHECK(f.pm.actionItem(read.id)->rowVersion == 1);

    const auto started = f.pm.updateActionItem(
        read.id, {.status = ActionItem::Status::InProgress, .basedOn = read.rowVersion, .startedFrom = read});
    REQUIRE(started);
    CHECK(started->rowVersion == 2);
    const auto handedOver
        = f.pm.updateActionItem(read.id, {.owner = QStringLiteral("sam"), .basedOn = read.rowVersion, .startedFrom = read});
    REQUIRE(handedOver);
    CHECK(handedOver->rowVersion == 3);
    auto stored = f.pm.actionItem(read.id);
    REQUIRE(stored);
    CHECK(stored->status == ActionItem::Status::InProgress);
    CHECK(stored->owner == QStringLiteral("sam"));
    CHECK(stored->rowVersion == 3);

    // Two people close it differently, from the same copy: the second is refused with both values.
    const ActionItem copy = *stored;
    REQUIRE(f.pm.updateActionItem(
        read.id, {.status = ActionItem::Status::Done, .basedOn = copy.rowVersion, .startedFrom = copy}));
    const auto refused = f.pm.updateActionItem(
        read.id, {.status = ActionItem::Status::WontDo, .basedOn = copy.rowVersion, .startedFrom = copy});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Code::Conflict);
    CHECK(refused.error().conflicts
        == std::vector<FieldConflict>{{QStringLiteral("status"), QStringLiteral("done"), QStringLiteral("wont_do")}});
    CHECK(refused.error().message.contains(QStringLiteral("action item %1").arg(read.id)));
    stored = f.pm.actionItem(read.id);
    CHECK(stored->status == ActionItem::Status::Done);
    CHECK(stored->rowVersion == 4);

    // Every change bumps the version, with or without a basis; --if-version checks it.
    CHECK(f.pm.updateActionItem(read.id, {.priority = QStringLiteral("P1")})->rowVersion == 5);
    CHECK(f.pm.updateActionItem(read.id, {.link = QStringLiteral("x"), .basedOn = 4}).error().code == Code::Conflict);
    CHECK(f.pm.updateActionItem(read.id, {.link = QStringLiteral("x"), .basedOn = 5})->rowVersion == 6);
    CHECK(f.pm.postmortem(incident.id)->actionItems.at(0).rowVersion == 6);
}

TEST_CASE("two connections racing to change the same field from the same copy: one lands, the other conflicts",
    "[store][postmortem][concurrency]")
{
    Fixture f;
    const Incident read = f.newIncident();
    const ActionItem item = f.newItem(read.id);
    constexpr int rounds = 10;
    for (int round = 0; round < rounds; ++round) {
        const Incident copy = *f.pm.incident(read.id);
        const ActionItem itemCopy = *f.pm.actionItem(item.id);
        std::atomic<int> landed{0};
        std::atomic<int> conflicts{0};
        std::atomic<int> other{0};
        std::atomic<int> ready{0};
        auto race = [&](int writer) {
            // Each its own connection, opened in its thread, as the app and the bench do.
            auto mine = Store::open(f.where.location, {.busyTimeout = std::chrono::milliseconds(10000)});
            if (!mine) {
                ++other;
                return;
            }
            IncidentUpdate update = editFrom(copy);
            update.summary = QStringLiteral("round %1 by writer %2").arg(round).arg(writer);
            const auto status = writer == 0 ? ActionItem::Status::Done : ActionItem::Status::WontDo;
            ++ready;
            while (ready.load() < 2)
                QThread::yieldCurrentThread();
            for (const bool saved :
                {bool(mine->postmortems().updateIncident(copy.id, update)),
                    bool(mine->postmortems().updateActionItem(
                        item.id, {.status = status, .basedOn = itemCopy.rowVersion, .startedFrom = itemCopy}))}) {
                if (saved)
                    ++landed;
                else
                    ++conflicts;
            }
        };
        std::unique_ptr<QThread> a(QThread::create(race, 0));
        std::unique_ptr<QThread> b(QThread::create(race, 1));
        a->start();
        b->start();
        a->wait();
        b->wait();
        REQUIRE(other == 0);
        CHECK(landed == 2); // one incident edit, one status change
        CHECK(conflicts == 2);
        CHECK(f.pm.incident(read.id)->rowVersion == copy.rowVersion + 1);
        CHECK(f.pm.actionItem(item.id)->rowVersion == itemCopy.rowVersion + 1);
        // Reopened for the next round.
        REQUIRE(f.pm.updateActionItem(item.id, {.status = ActionItem::Status::Open}));
    }
}

TEST_CASE("a root cause reworded, removed or moved from an older copy is refused with both texts when someone else "
          "changed it, and nothing is written",
    "[postmortem][concurrency]")
{
    Fixture f;
    const Incident incident = f.newIncident();
    const QString first = QStringLiteral("The migration ran after the deploy");
    const QString second = QStringLiteral("No alert on a run that never finished");
    REQUIRE(f.pm.addRootCause(incident.id, first));
    REQUIRE(f.pm.addRootCause(incident.id, second));

    // Two people read the causes; one rewords the first.
    const QString theirs = QStringLiteral("The schema migration ran after the deploy");
    REQUIRE(f.pm.rewordRootCause(incident.id, 1, theirs, first));
    // The other, from the copy read before, rewords it too: refused, both texts given.
    const QString mine = QStringLiteral("Migrations are not part of the deploy");
    const auto refused = f.pm.rewordRootCause(incident.id, 1, mine, first);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Code::Conflict);
    CHECK(refused.error().message.contains(QStringLiteral("root cause 1 of incident %1 was changed by someone else")
                                               .arg(incident.id)));
    REQUIRE(refused.error().conflicts.size() == 1);
    CHECK(refused.error().conflicts[0] == FieldConflict{QStringLiteral("text"), theirs, mine});
    // Nor may they remove or move the cause they no longer see.
    CHECK(f.pm.removeRootCause(incident.id, 1, first).error().code == Code::Conflict);
    CHECK(f.pm.moveRootCause(incident.id, 1, 2, first).error().code == Code::Conflict);
    {
        const auto causes = f.pm.rootCauses(incident.id);
        REQUIRE(causes);
        REQUIRE(causes->size() == 2);
        CHECK((*causes)[0].text == theirs);
        CHECK((*causes)[1].text == second);
    }
    // The same change from both is no conflict; from the fresh copy, each change lands.
    CHECK(f.pm.rewordRootCause(incident.id, 1, theirs, first));
    REQUIRE(f.pm.moveRootCause(incident.id, 1, 2, theirs));
    // The editor sees the second cause first now; someone adds one before it, so the position the
    // editor names holds another cause: refused, rather than removing that one.
    REQUIRE(f.pm.addRootCause(incident.id, QStringLiteral("Retries hid the failure"), 1));
    const auto shifted = f.pm.removeRootCause(incident.id, 1, second);
    REQUIRE_FALSE(shifted);
    CHECK(shifted.error().conflicts.at(0).theirs == QStringLiteral("Retries hid the failure"));
    CHECK(f.pm.rootCauses(incident.id)->size() == 3);
    // Without a copy to compare with (the CLI, which names a position it just listed), it lands.
    CHECK(f.pm.rewordRootCause(incident.id, 1, mine));
    CHECK(f.pm.rootCauses(incident.id)->front().text == mine);
}

TEST_CASE("a timeline entry edited from an older copy keeps what someone else changed in other fields, and refuses "
          "the same field changed twice, or its removal",
    "[postmortem][concurrency]")
{
    Fixture f;
    const Incident incident = f.newIncident();
    model::TimelineEntry entry;
    entry.incidentId = incident.id;
    entry.timeUs = incidentNightUs + 2 * hourUs;
    entry.text = QStringLiteral("create_post_funding failed for NHS E");
    const auto added = f.pm.addTimelineEntry(entry);
    REQUIRE(added);
    const model::TimelineEntry read = *added; // both people's copy

    // One adds a note; the other, from the same copy, rewords the text: both land.
    model::TimelineEntry noted = read;
    noted.note = QStringLiteral("The first error of the night");
    REQUIRE(f.pm.updateTimelineEntry(noted, read));
    model::TimelineEntry reworded = read;
    reworded.text = QStringLiteral("create_post_funding failed for tenant NHS E");
    const auto merged = f.pm.updateTimelineEntry(reworded, read);
    REQUIRE(merged);
    CHECK(merged->note == noted.note);
    CHECK(merged->text == reworded.text);
    {
        const auto stored = f.pm.timelineEntries(incident.id);
        REQUIRE(stored);
        REQUIRE(stored->size() == 1);
        CHECK(stored->front().note == noted.note);
        CHECK(stored->front().text == reworded.text);
    }

    // A third, still from the first copy, moves the time and rewords the text otherwise: the text
    // conflicts, with both values; nothing is written, the time included.
    model::TimelineEntry stale = read;
    stale.timeUs += 60 * usPerSecond;
    stale.text = QStringLiteral("NHS E's run failed");
    const auto refused = f.pm.updateTimelineEntry(stale, read);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Code::Conflict);
    REQUIRE(refused.error().conflicts.size() == 1);
    CHECK(refused.error().conflicts[0] == FieldConflict{QStringLiteral("text"), reworded.text, stale.text});
    CHECK(f.pm.timelineEntries(incident.id)->front().timeUs == read.timeUs);

    // Removing it from the first copy would drop the note and the new text: refused, naming both.
    const auto removal = f.pm.removeTimelineEntry(read.id, read);
    REQUIRE_FALSE(removal);
    CHECK(removal.error().code == Code::Conflict);
    REQUIRE(removal.error().conflicts.size() == 2);
    CHECK(removal.error().conflicts[0].field == QStringLiteral("text"));
    CHECK(removal.error().conflicts[1] == FieldConflict{QStringLiteral("note"), noted.note, QString()});
    CHECK(f.pm.timelineEntries(incident.id)->size() == 1);
    // From the current copy it goes.
    REQUIRE(f.pm.removeTimelineEntry(read.id, *merged));
    CHECK(f.pm.timelineEntries(incident.id)->empty());
}
