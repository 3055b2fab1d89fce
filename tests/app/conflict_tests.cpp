// Several people at once on the Postmortem tab (docs/team-store.md): an edit of a field someone else
// changed meanwhile is not saved over theirs; the conflict dialog shows both values and the user
// keeps theirs, writes their own over it, or copies their own text; fields only one of them changed
// merge.

#include "actionitemmodel.h"
#include "curatedtimelinemodel.h"
#include "rootcausemodel.h"
#include "conflictdialog.h"
#include "postmortemfixture.h"
#include "store/store.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUndoStack>

using namespace aftermath;
using namespace aftermath::test::postmortem;
using desktop::ActionItemModel;
using desktop::ConflictDialog;
using model::ActionItem;

namespace {

// Another person's connection to the same store.
store::Store otherPerson(const QString& path)
{
    auto store = store::Store::open(path);
    REQUIRE(store);
    return std::move(*store);
}

ConflictDialog* shownDialog(QWidget& parent)
{
    for (auto* dialog : parent.findChildren<ConflictDialog*>()) {
        if (dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

QString shownValue(const ConflictDialog& dialog, const QString& name)
{
    auto* view = dialog.findChild<QPlainTextEdit*>(name);
    REQUIRE(view);
    return view->toPlainText();
}

void press(ConflictDialog& dialog, const char* button)
{
    auto* found = dialog.findChild<QPushButton*>(QString::fromLatin1(button));
    REQUIRE(found);
    found->click();
}

} // namespace

TEST_CASE("A field someone else changed while it was typed in is not saved over theirs: the dialog shows both",
    "[postmortem][window][conflict]")
{
    Fixture f;
    const qint64 id = f.create(test::exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    store::Store other = otherPerson(f.storePath);

    const QString mine = QStringLiteral("Reports for NHS E and NHS S went out without last night's rows");
    QTest::keyClicks(textField(f.pm(), QStringLiteral("impact")), mine);
    // Meanwhile: the same field, and one this user left alone.
    const QString theirs = QStringLiteral("Two tenants' post-funding reports were incomplete for a day");
    const QString theirSummary = QStringLiteral("An ETL step referenced a column production did not have yet.");
    REQUIRE(other.postmortems().updateIncident(id, {.summary = theirSummary, .impact = theirs}));

    CHECK_FALSE(f.pm().saveEdits());
    ConflictDialog* dialog = f.pm().conflictDialog();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK(f.pm().hasUnsavedEdits());
    CHECK(f.pm().saveStatus().contains(QStringLiteral("someone else changed Impact")));
    CHECK(shownValue(*dialog, QStringLiteral("theirs_impact")) == theirs);
    CHECK(shownValue(*dialog, QStringLiteral("mine_impact")) == mine);
    CHECK(f.stored(id).impact == theirs); // nothing written over theirs
    // Saves wait for the answer.
    CHECK_FALSE(f.pm().saveEdits());
    const QString shot = saveShot(*dialog, QStringLiteral("conflict-dialog.png"));
    CHECK(QFile::exists(shot));

    // Copy Mine keeps the question open.
    press(*dialog, "copyMineButton");
    CHECK(QApplication::clipboard()->text() == QStringLiteral("Impact:\n") + mine);
    CHECK(f.pm().conflictDialog() == dialog);

    // Use Mine writes the user's text over theirs; their summary, which the user did not touch, stays.
    press(*dialog, "useMineButton");
    CHECK_FALSE(f.pm().conflictDialog());
    CHECK(f.stored(id).impact == mine);
    CHECK(f.stored(id).summary == theirSummary);
    CHECK_FALSE(f.pm().hasUnsavedEdits());
    CHECK(f.pm().saveStatus() == QStringLiteral("All changes saved"));

    // Again, and this time Keep Theirs: their text fills the field, and Ctrl+Z brings the user's back.
    auto* impact = textField(f.pm(), QStringLiteral("impact"));
    QTest::keyClicks(impact, QStringLiteral(" (4 h)"));
    const QString second = QStringLiteral("Reports were late by a day");
    REQUIRE(other.postmortems().updateIncident(id, {.impact = second}));
    CHECK_FALSE(f.pm().saveEdits());
    dialog = f.pm().conflictDialog();
    REQUIRE(dialog);
    CHECK(shownValue(*dialog, QStringLiteral("mine_impact")) == mine + QStringLiteral(" (4 h)"));
    press(*dialog, "keepTheirsButton");
    CHECK(impact->toPlainText() == second);
    CHECK(f.stored(id).impact == second);
    CHECK_FALSE(f.pm().hasUnsavedEdits());
    f.pm().undoStack()->undo();
    CHECK(impact->toPlainText() == mine + QStringLiteral(" (4 h)"));
    CHECK(f.stored(id).impact == mine + QStringLiteral(" (4 h)"));

    // Someone else's change to another field merges without a question.
    QTest::keyClicks(textField(f.pm(), QStringLiteral("trigger")), QStringLiteral("PR #412"));
    REQUIRE(other.postmortems().updateIncident(id, {.detection = QStringLiteral("A user, the next morning")}));
    CHECK(f.pm().saveEdits());
    CHECK_FALSE(f.pm().conflictDialog());
    CHECK(f.stored(id).trigger == QStringLiteral("PR #412"));
    CHECK(f.stored(id).detection == QStringLiteral("A user, the next morning"));
}

TEST_CASE("Action items: another person's owner and this one's status both land, two statuses ask which stays",
    "[postmortem][window][conflict]")
{
    Fixture f;
    const qint64 id = f.create(test::exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    ActionItemModel& model = *f.pm().actionItemModel();
    ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("Add max retries for all steps");
    item.owner = QStringLiteral("priya");
    REQUIRE(model.addItem(item));
    const qint64 itemId = model.itemAt(0).id;
    store::Store other = otherPerson(f.storePath);

    // They hand it to Sam; this user, on the older row, starts it: both kept.
    REQUIRE(other.postmortems().updateActionItem(itemId, {.owner = QStringLiteral("sam")}));
    REQUIRE(model.setData(model.index(0, ActionItemModel::StatusColumn), int(ActionItem::Status::InProgress)));
    auto stored = other.postmortems().actionItem(itemId);
    CHECK(stored->owner == QStringLiteral("sam"));
    CHECK(stored->status == ActionItem::Status::InProgress);

    // They close it as done while this user, on the older row, marks it won't do: asked.
    REQUIRE(other.postmortems().updateActionItem(itemId, {.status = ActionItem::Status::Done}));
    CHECK_FALSE(model.setData(model.index(0, ActionItemModel::StatusColumn), int(ActionItem::Status::WontDo)));
    ConflictDialog* dialog = shownDialog(f.pm());
    REQUIRE(dialog);
    CHECK(shownValue(*dialog, QStringLiteral("theirs_status")) == QStringLiteral("done"));
    CHECK(shownValue(*dialog, QStringLiteral("mine_status")) == QStringLiteral("wont_do"));
    CHECK(other.postmortems().actionItem(itemId)->status == ActionItem::Status::Done);
    press(*dialog, "keepTheirsButton");
    CHECK(model.itemAt(0).status == ActionItem::Status::Done); // the row shows theirs

    // And once more, choosing Use Mine.
    REQUIRE(other.postmortems().updateActionItem(itemId, {.status = ActionItem::Status::Open}));
    CHECK_FALSE(model.setData(model.index(0, ActionItemModel::StatusColumn), int(ActionItem::Status::WontDo)));
    dialog = shownDialog(f.pm());
    REQUIRE(dialog);
    press(*dialog, "useMineButton");
    CHECK(other.postmortems().actionItem(itemId)->status == ActionItem::Status::WontDo);
    CHECK(model.itemAt(0).status == ActionItem::Status::WontDo);
}

TEST_CASE("Root causes: a cause someone else reworded meanwhile asks which wording stays, and one they changed is "
          "not removed",
    "[postmortem][window][conflict]")
{
    Fixture f;
    const qint64 id = f.create(test::exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    desktop::RootCauseModel& causes = *f.pm().rootCauseModel();
    REQUIRE(causes.addCause(QStringLiteral("The migration ran after the deploy")));
    REQUIRE(causes.addCause(QStringLiteral("No alert on a run that never finished")));
    store::Store other = otherPerson(f.storePath);

    // They reword the first cause; this user, on the older list, rewords it too: asked, both shown.
    const QString theirs = QStringLiteral("The schema migration ran after the deploy");
    const QString mine = QStringLiteral("Migrations are not part of the deploy");
    REQUIRE(other.postmortems().rewordRootCause(id, 1, theirs));
    CHECK_FALSE(causes.setData(causes.index(0), mine));
    ConflictDialog* dialog = shownDialog(f.pm());
    REQUIRE(dialog);
    CHECK(shownValue(*dialog, QStringLiteral("theirs_text")) == theirs);
    CHECK(shownValue(*dialog, QStringLiteral("mine_text")) == mine);
    CHECK(f.pm().saveStatus().startsWith(QStringLiteral("Not saved: someone else changed root cause 1")));
    CHECK(other.postmortems().rootCauses(id)->front().text == theirs);
    press(*dialog, "keepTheirsButton");
    CHECK(causes.causeAt(0).text == theirs); // the list shows theirs

    // Once more, choosing Use Mine: written over theirs, and undoable.
    REQUIRE(other.postmortems().rewordRootCause(id, 1, QStringLiteral("Deploys skip migrations")));
    CHECK_FALSE(causes.setData(causes.index(0), mine));
    dialog = shownDialog(f.pm());
    REQUIRE(dialog);
    press(*dialog, "useMineButton");
    CHECK(other.postmortems().rootCauses(id)->front().text == mine);
    CHECK(causes.causeAt(0).text == mine);
    CHECK(f.pm().saveStatus() == QStringLiteral("All changes saved"));
    f.pm().undoStack()->undo();
    CHECK(other.postmortems().rootCauses(id)->front().text == QStringLiteral("Deploys skip migrations"));

    // They reword the second; this user removes it from the older list: not removed, theirs shown.
    REQUIRE(other.postmortems().rewordRootCause(id, 2, QStringLiteral("No alert on a stuck run")));
    CHECK_FALSE(causes.removeCause(1));
    CHECK(other.postmortems().rootCauses(id)->size() == 2);
    CHECK(causes.causeAt(1).text == QStringLiteral("No alert on a stuck run"));
    CHECK(f.pm().saveStatus().contains(QStringLiteral("changed by someone else")));
}

TEST_CASE("Timeline entries: another person's note and this one's new time both land, two texts ask which stays",
    "[postmortem][window][conflict]")
{
    Fixture f;
    const qint64 id = f.create(test::exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    desktop::CuratedTimelineModel& timeline = *f.pm().timelineModel();
    model::TimelineEntry entry;
    entry.incidentId = id;
    entry.timeUs = test::exampleIncident().fromUs + 2 * 3600 * test::usPerSecond;
    entry.text = QStringLiteral("create_post_funding failed for NHS E");
    REQUIRE(timeline.addEntry(entry));
    const model::TimelineEntry read = timeline.entryAt(0);
    store::Store other = otherPerson(f.storePath);

    // They add a note; this user, on the older row, moves the entry a minute later: both land.
    model::TimelineEntry noted = read;
    noted.note = QStringLiteral("The first error of the night");
    REQUIRE(other.postmortems().updateTimelineEntry(noted, read));
    model::TimelineEntry later = read;
    later.timeUs += 60 * test::usPerSecond;
    REQUIRE(timeline.updateEntry(later));
    CHECK(timeline.entryAt(0).note == noted.note);
    CHECK(timeline.entryAt(0).timeUs == later.timeUs);

    // They reword it while this user, on the row as it now shows, rewords it otherwise: asked.
    model::TimelineEntry theirs = timeline.entryAt(0);
    theirs.text = QStringLiteral("NHS E's post-funding step failed");
    REQUIRE(other.postmortems().updateTimelineEntry(theirs, timeline.entryAt(0)));
    model::TimelineEntry mine = timeline.entryAt(0);
    mine.text = QStringLiteral("create_post_funding failed for tenant NHS E");
    mine.note = QStringLiteral("First error; the run never finished");
    CHECK_FALSE(timeline.updateEntry(mine));
    ConflictDialog* dialog = shownDialog(f.pm());
    REQUIRE(dialog);
    CHECK(dialog->conflicts().size() == 1); // the note only this user changed is not asked about
    CHECK(shownValue(*dialog, QStringLiteral("theirs_text")) == theirs.text);
    CHECK(shownValue(*dialog, QStringLiteral("mine_text")) == mine.text);
    saveShot(*dialog, QStringLiteral("conflict-timeline-entry.png"));
    press(*dialog, "useMineButton");
    const auto stored = other.postmortems().timelineEntries(id);
    REQUIRE(stored);
    REQUIRE(stored->size() == 1);
    CHECK(stored->front().text == mine.text);
    CHECK(stored->front().note == mine.note);
    CHECK(stored->front().timeUs == later.timeUs);
    CHECK(timeline.entryAt(0).text == mine.text);

    // They change it again; this user removes it from the older row: not removed, theirs shown.
    model::TimelineEntry again = stored->front();
    again.note = QStringLiteral("Paged at 04:00");
    REQUIRE(other.postmortems().updateTimelineEntry(again, stored->front()));
    CHECK_FALSE(timeline.removeEntry(0));
    CHECK(other.postmortems().timelineEntries(id)->size() == 1);
    CHECK(timeline.entryAt(0).note == again.note);
}
