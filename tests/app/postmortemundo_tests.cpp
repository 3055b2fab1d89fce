// Undo and redo of the postmortem's edits in the real MainWindow (offscreen, on a fixed clock):
// removals come back with their fields and go again, typing is one step per field and pause,
// Edit › Undo names what it undoes, the stack belongs to one incident, and every undo is written
// to the store like any edit (a refusal is said, not swallowed).
#include "actionitemmodel.h"
#include "apptestsupport.h"
#include "curatedtimelinemodel.h"
#include "postmortemfixture.h"
#include "rootcausemodel.h"
#include "timelinemodel.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QUndoStack>

namespace {

using namespace aftermath;
using namespace test::postmortem;
using test::exampleIncident;
using desktop::ActionItemModel;
using desktop::RootCauseModel;
using model::ActionItem;

QAction* windowAction(const MainWindow& window, const QString& name)
{
    auto* action = window.findChild<QAction*>(name);
    REQUIRE(action);
    return action;
}

QString saveStatus(const PostmortemView& view)
{
    return view.findChild<QLabel*>(QStringLiteral("postmortemSaveStatus"))->text();
}

std::vector<ActionItem> storedItems(const Fixture& f, qint64 id)
{
    store::ActionItemFilter filter;
    filter.incidentId = id;
    const auto items = f.store().postmortems().actionItems(filter);
    REQUIRE(items);
    return *items;
}

std::vector<QString> storedCauses(const Fixture& f, qint64 id)
{
    const auto causes = f.store().postmortems().rootCauses(id);
    REQUIRE(causes);
    std::vector<QString> texts;
    for (const model::RootCause& cause : *causes)
        texts.push_back(cause.text);
    return texts;
}

// An item with every field set, as one is after a week of follow-up.
ActionItem fullItem(qint64 incidentId)
{
    ActionItem item;
    item.incidentId = incidentId;
    item.description = QStringLiteral("Give create_post_funding a retry limit");
    item.owner = QStringLiteral("Sam Okafor");
    item.due = QDate(2026, 7, 10);
    item.status = ActionItem::Status::Done;
    item.priority = QStringLiteral("P1");
    item.type = ActionItem::Type::Mitigate;
    item.link = QStringLiteral("https://github.com/acme/etl/issues/432");
    return item;
}

// The fields a person sees, without the id the store gives.
bool sameContent(ActionItem a, ActionItem b)
{
    a.id = b.id = 0;
    return a == b;
}

bool sameContent(TimelineEntry a, TimelineEntry b)
{
    a.id = b.id = 0;
    a.edited = b.edited = false;
    return a == b;
}

} // namespace

TEST_CASE("Undo brings back a removed timeline entry, root cause and action item with their fields, and redo "
          "removes them again",
    "[postmortem][undo][window]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    f.draft();
    PostmortemView& pm = f.pm();
    CuratedTimelineModel& timeline = *pm.timelineModel();
    RootCauseModel& causes = *pm.rootCauseModel();
    ActionItemModel& actions = *pm.actionItemModel();
    QUndoStack& stack = *pm.undoStack();
    QAction* undo = windowAction(*f.window, QStringLiteral("undoAction"));
    QAction* redo = windowAction(*f.window, QStringLiteral("redoAction"));
    CHECK(undo->shortcut() == QKeySequence(QKeySequence::Undo));
    CHECK(redo->shortcut() == QKeySequence(QKeySequence::Redo));

    // Three causes and an item, written as a person would (each an undo step of its own).
    REQUIRE(causes.addCause(QStringLiteral("The deploy shipped code that needs migration 0042")));
    REQUIRE(causes.addCause(QStringLiteral("create_post_funding retries forever")));
    REQUIRE(causes.addCause(QStringLiteral("No alert until a run was two hours late")));
    const ActionItem wanted = fullItem(id);
    const auto itemRow = actions.addItem(wanted);
    REQUIRE(itemRow);
    const ActionItem item = actions.itemAt(*itemRow);
    CHECK(item.closedAtUs.has_value());
    CHECK(stack.count() == 4);
    CHECK(undo->text() == QStringLiteral("&Undo Add Action Item"));

    // The timeline entry: a drafted one, removed with the button (no question asked).
    const int entryRow = rowWhere(timeline, QStringLiteral("create_post_funding failed for tenant NHS E"));
    REQUIRE(entryRow >= 0);
    const TimelineEntry entry = timeline.entryAt(entryRow);
    const auto entriesBefore = f.entries(id).size();
    pm.timelineTable()->selectRow(entryRow);
    pm.findChild<QPushButton*>(QStringLiteral("removeEntryButton"))->click();
    CHECK(f.entries(id).size() == entriesBefore - 1);
    CHECK(timeline.rowOf(entry.id) < 0);
    CHECK(saveStatus(pm).startsWith(QStringLiteral("Removed timeline entry “create_post_funding failed")));
    CHECK(saveStatus(pm).endsWith(QStringLiteral("— Ctrl+Z to undo")));
    CHECK(undo->text() == QStringLiteral("&Undo Remove Timeline Entry"));

    // The root cause in the middle, with its button.
    pm.rootCauseList()->setCurrentIndex(causes.index(1));
    pm.findChild<QToolButton*>(QStringLiteral("causeRemoveButton"))->click();
    CHECK(storedCauses(f, id)
        == std::vector<QString>{QStringLiteral("The deploy shipped code that needs migration 0042"),
            QStringLiteral("No alert until a run was two hours late")});
    CHECK(saveStatus(pm).startsWith(QStringLiteral("Removed root cause “create_post_funding retries forever”")));

    // The action item, as its context menu removes it.
    REQUIRE(actions.removeItem(actions.rowOf(item.id)));
    CHECK(storedItems(f, id).empty());
    CHECK(saveStatus(pm).startsWith(QStringLiteral("Removed action item “Give create_post_funding a retry limit”")));
    CHECK(undo->text() == QStringLiteral("&Undo Remove Action Item"));
    QApplication::processEvents();
    saveShot(*f.window, QStringLiteral("postmortem-removed.png"));

    // Undo, by the window's shortcut: the item is back with every field, under a new id.
    f.window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(f.window.get()));
    pm.actionItemTable()->setFocus();
    QTest::keySequence(f.window.get(), QKeySequence::Undo);
    auto items = storedItems(f, id);
    REQUIRE(items.size() == 1);
    CHECK(sameContent(items[0], item));
    CHECK(items[0].createdAtUs == item.createdAtUs);
    CHECK(items[0].closedAtUs == item.closedAtUs);
    REQUIRE(actions.rowCount() == 1);
    CHECK(sameContent(actions.itemAt(0), item));
    CHECK(saveStatus(pm) == QStringLiteral("Undone: Remove Action Item"));
    CHECK(undo->text() == QStringLiteral("&Undo Remove Root Cause"));
    CHECK(redo->text() == QStringLiteral("&Redo Remove Action Item"));

    // The cause, in its place again.
    undo->trigger();
    CHECK(storedCauses(f, id)
        == std::vector<QString>{QStringLiteral("The deploy shipped code that needs migration 0042"),
            QStringLiteral("create_post_funding retries forever"),
            QStringLiteral("No alert until a run was two hours late")});
    CHECK(causes.causeAt(1).text == QStringLiteral("create_post_funding retries forever"));
    CHECK(pm.rootCauseList()->currentIndex().row() == 1);

    // The entry, with its time, text, note and the events it cites; kept by drafting from now on.
    undo->trigger();
    const auto stored = f.entries(id);
    CHECK(stored.size() == entriesBefore);
    const auto back = std::ranges::find_if(stored, [&](const TimelineEntry& e) { return sameContent(e, entry); });
    REQUIRE(back != stored.end());
    CHECK(back->origin == TimelineEntry::Origin::Draft);
    CHECK(back->edited);
    const int backRow = timeline.rowOf(back->id);
    REQUIRE(backRow >= 0);
    CHECK(sameContent(timeline.entryAt(backRow), entry));
    CHECK(pm.timelineTable()->selectionModel()->isRowSelected(backRow, {}));

    // Redo removes each again, by the ids they came back under.
    redo->trigger();
    CHECK(f.entries(id).size() == entriesBefore - 1);
    CHECK(timeline.rowOf(back->id) < 0);
    redo->trigger();
    CHECK(storedCauses(f, id).size() == 2);
    CHECK(causes.rowCount() == 2);
    redo->trigger();
    CHECK(storedItems(f, id).empty());
    CHECK(actions.rowCount() == 0);
    CHECK_FALSE(redo->isEnabled());

    // And once more back: a row removed twice is followed through both of its new ids.
    undo->trigger();
    items = storedItems(f, id);
    REQUIRE(items.size() == 1);
    CHECK(sameContent(items[0], item));
    // Further back, the item's addition: it goes, by the id it came back under.
    undo->trigger(); // the cause
    undo->trigger(); // the entry
    undo->trigger(); // the item's addition: it goes
    CHECK(storedItems(f, id).empty());
    CHECK(actions.rowCount() == 0);
    redo->trigger();
    REQUIRE(storedItems(f, id).size() == 1);
    CHECK(sameContent(storedItems(f, id)[0], item));
}

TEST_CASE("Edits in place, moves and Add to Postmortem are undone and redone through the store",
    "[postmortem][undo][window]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    PostmortemView& pm = f.pm();
    CuratedTimelineModel& timeline = *pm.timelineModel();
    RootCauseModel& causes = *pm.rootCauseModel();
    ActionItemModel& actions = *pm.actionItemModel();
    QUndoStack& stack = *pm.undoStack();

    // Add to Postmortem on the Timeline tab lands through the Postmortem tab: one undo step.
    TimelineView& view = f.timeline();
    int errorRow = -1;
    for (int row = 0; row < view.model()->rowCount() && errorRow < 0; ++row)
        if (view.model()->entryAt(row).kind == model::EventKind::Error)
            errorRow = row;
    REQUIRE(errorRow >= 0);
    view.table()->selectRow(errorRow);
    view.addToPostmortemAction()->trigger();
    REQUIRE(f.entries(id).size() == 1);
    CHECK(stack.undoText() == QStringLiteral("Add Timeline Entry"));

    // Its text rewritten in place, then the addition and the rewrite undone and redone.
    const TimelineEntry added = timeline.entryAt(0);
    REQUIRE(timeline.setData(timeline.index(0, CuratedTimelineModel::NoteColumn), QStringLiteral("the first error")));
    CHECK(stack.undoText() == QStringLiteral("Edit Timeline Entry"));
    stack.undo();
    CHECK(f.entries(id)[0].note.isEmpty());
    stack.undo();
    CHECK(f.entries(id).empty());
    CHECK(timeline.rowCount() == 0);
    stack.redo();
    REQUIRE(f.entries(id).size() == 1);
    CHECK(sameContent(f.entries(id)[0], added));
    stack.redo(); // the note, on the entry's new id
    CHECK(f.entries(id)[0].note == QStringLiteral("the first error"));
    CHECK(timeline.entryAt(0).note == QStringLiteral("the first error"));

    // Causes reworded and moved.
    REQUIRE(causes.addCause(QStringLiteral("first")));
    REQUIRE(causes.addCause(QStringLiteral("second")));
    REQUIRE(causes.setData(causes.index(0), QStringLiteral("first, reworded")));
    CHECK(stack.undoText() == QStringLiteral("Edit Root Cause"));
    REQUIRE(causes.moveCause(1, 0));
    CHECK(stack.undoText() == QStringLiteral("Move Root Cause"));
    CHECK(storedCauses(f, id) == std::vector<QString>{QStringLiteral("second"), QStringLiteral("first, reworded")});
    stack.undo();
    CHECK(storedCauses(f, id) == std::vector<QString>{QStringLiteral("first, reworded"), QStringLiteral("second")});
    stack.undo();
    CHECK(storedCauses(f, id) == std::vector<QString>{QStringLiteral("first"), QStringLiteral("second")});
    CHECK(causes.causeAt(0).text == QStringLiteral("first"));
    stack.redo();
    stack.redo();
    CHECK(storedCauses(f, id) == std::vector<QString>{QStringLiteral("second"), QStringLiteral("first, reworded")});

    // An action item's owner, due date and status, each a step.
    ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("Alert when a run retries more than 10 times");
    const auto row = actions.addItem(item);
    REQUIRE(row);
    REQUIRE(actions.setData(actions.index(*row, ActionItemModel::OwnerColumn), QStringLiteral("Dana W")));
    CHECK(stack.undoText() == QStringLiteral("Set Action Item Owner"));
    REQUIRE(actions.setData(actions.index(*row, ActionItemModel::DueColumn), QDate(2026, 6, 30)));
    CHECK(stack.undoText() == QStringLiteral("Set Action Item Due Date"));
    REQUIRE(actions.setData(actions.index(*row, ActionItemModel::StatusColumn), int(ActionItem::Status::Done)));
    CHECK(stack.undoText() == QStringLiteral("Set Action Item Status"));
    REQUIRE(actions.setData(actions.index(*row, ActionItemModel::DescriptionColumn), QStringLiteral("Alert sooner")));
    CHECK(stack.undoText() == QStringLiteral("Edit Action Item"));
    stack.undo();
    stack.undo();
    auto stored = storedItems(f, id);
    REQUIRE(stored.size() == 1);
    CHECK(stored[0].description == item.description);
    CHECK(stored[0].status == ActionItem::Status::Open);
    CHECK_FALSE(stored[0].closedAtUs);
    CHECK(stored[0].due == QDate(2026, 6, 30));
    stack.undo();
    stack.undo();
    stored = storedItems(f, id);
    CHECK(stored[0].owner.isEmpty());
    CHECK_FALSE(stored[0].due);
    CHECK(actions.itemAt(0).owner.isEmpty());
    stack.redo();
    stack.redo();
    stack.redo();
    stored = storedItems(f, id);
    CHECK(stored[0].owner == QStringLiteral("Dana W"));
    CHECK(stored[0].due == QDate(2026, 6, 30));
    CHECK(stored[0].status == ActionItem::Status::Done);
    CHECK(actions.itemAt(0).status == ActionItem::Status::Done);
}

TEST_CASE("Typing in a field is one undo step per field and pause, and undo saves what it brings back",
    "[postmortem][undo][window]")
{
    Fixture f;
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    PostmortemView& pm = f.pm();
    QUndoStack& stack = *pm.undoStack();
    CHECK(stack.count() == 0);

    f.window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(f.window.get()));
    QPlainTextEdit* impact = textField(pm, QStringLiteral("impact"));
    impact->setFocus();
    QTest::keyClicks(impact, QStringLiteral("Reports went out without last night's rows"));
    CHECK(stack.count() == 1);
    CHECK(stack.undoText() == QStringLiteral("Edit Impact"));
    // Another field is another step, and leaving the first saved it.
    QPlainTextEdit* resolution = textField(pm, QStringLiteral("resolution"));
    resolution->setFocus();
    QTest::keyClicks(resolution, QStringLiteral("Re-ran both tenants on :41"));
    CHECK(stack.count() == 2);
    CHECK(f.stored(id).impact == QStringLiteral("Reports went out without last night's rows"));
    // A pause (the save) ends a step: more typing in the same field is the next one.
    REQUIRE(QTest::qWaitFor([&] { return !pm.hasUnsavedEdits(); }, 5000));
    QTest::keyClicks(resolution, QStringLiteral(" at 05:39"));
    CHECK(stack.count() == 3);
    // Typed and typed away again within a step: nothing to undo.
    REQUIRE(QTest::qWaitFor([&] { return !pm.hasUnsavedEdits(); }, 5000));
    QTest::keyClicks(resolution, QStringLiteral("xy"));
    CHECK(stack.count() == 4);
    QTest::keyClick(resolution, Qt::Key_Backspace);
    QTest::keyClick(resolution, Qt::Key_Backspace);
    CHECK(stack.count() == 3);

    // Ctrl+Z in the field undoes the postmortem's step (not the field's own keystrokes), saved at
    // once.
    QTest::keySequence(resolution, QKeySequence::Undo);
    CHECK(resolution->toPlainText() == QStringLiteral("Re-ran both tenants on :41"));
    CHECK(f.stored(id).resolution == QStringLiteral("Re-ran both tenants on :41"));
    CHECK_FALSE(pm.hasUnsavedEdits());
    CHECK(resolution->textCursor().position() == resolution->toPlainText().size());
    QTest::keySequence(resolution, QKeySequence::Undo);
    CHECK(resolution->toPlainText().isEmpty());
    CHECK(f.stored(id).resolution.isEmpty());
    windowAction(*f.window, QStringLiteral("undoAction"))->trigger();
    CHECK(impact->toPlainText().isEmpty());
    CHECK(f.stored(id).impact.isEmpty());
    CHECK_FALSE(stack.canUndo());
    QTest::keySequence(resolution, QKeySequence::Redo);
    CHECK(impact->toPlainText() == QStringLiteral("Reports went out without last night's rows"));
    CHECK(f.stored(id).impact == QStringLiteral("Reports went out without last night's rows"));

    // The status, a choice: a step, undone by saving the one before.
    auto* status = qobject_cast<QComboBox*>(pm.fieldEditor(QStringLiteral("status")));
    REQUIRE(status);
    status->setCurrentIndex(status->findText(QStringLiteral("Final")));
    CHECK(f.stored(id).status == QStringLiteral("final"));
    CHECK(stack.undoText() == QStringLiteral("Edit Status"));
    stack.undo();
    CHECK(f.stored(id).status == QStringLiteral("draft"));
    CHECK(status->currentText() == QStringLiteral("Draft"));
}

TEST_CASE("The undo stack belongs to the incident shown: another incident or store clears it",
    "[postmortem][undo][window]")
{
    Fixture f;
    const qint64 first = f.create(exampleIncident());
    model::Incident later = exampleIncident();
    later.title = QStringLiteral("Reports went out incomplete");
    later.fromUs += 6 * hourUs;
    const qint64 second = f.create(later);
    REQUIRE(f.window->showPostmortem(first));
    PostmortemView& pm = f.pm();
    QUndoStack& stack = *pm.undoStack();
    QAction* undo = windowAction(*f.window, QStringLiteral("undoAction"));

    REQUIRE(pm.rootCauseModel()->addCause(QStringLiteral("No retry limit")));
    QTest::keyClicks(textField(pm, QStringLiteral("summary")), QStringLiteral("Both runs failed"));
    CHECK(stack.count() == 2);
    CHECK(undo->isEnabled());

    // Showing the same incident again keeps it.
    REQUIRE(f.window->showPostmortem(first));
    CHECK(stack.count() == 2);

    // Another incident: nothing to undo there, and the first one's edits stay.
    REQUIRE(f.window->showPostmortem(second));
    CHECK(stack.count() == 0);
    CHECK_FALSE(undo->isEnabled());
    CHECK(undo->text() == QStringLiteral("&Undo"));
    undo->trigger();
    CHECK(storedCauses(f, first) == std::vector<QString>{QStringLiteral("No retry limit")});
    CHECK(f.stored(first).summary == QStringLiteral("Both runs failed"));

    // Another store (the same file opened again) too.
    REQUIRE(pm.rootCauseModel()->addCause(QStringLiteral("The 05:00 build did not wait")));
    CHECK(stack.count() == 1);
    REQUIRE(f.window->openStore(f.storePath));
    CHECK(stack.count() == 0);
}

TEST_CASE("An undo the store refuses is said, and leaves the stack without it", "[postmortem][undo][window][process]")
{
    Fixture f;
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    PostmortemView& pm = f.pm();
    QUndoStack& stack = *pm.undoStack();
    ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("Apply migrations before the code that needs them");
    REQUIRE(pm.actionItemModel()->addItem(item));
    REQUIRE(pm.actionItemModel()->removeItem(0));
    CHECK(stack.count() == 2);

    // Another program holds the store's lock past the busy timeout.
    LockHolder lock(f.storePath);
    stack.undo();
    CHECK(saveStatus(pm).startsWith(QStringLiteral("Not saved:")));
    CHECK(storedItems(f, id).empty());
    CHECK(pm.actionItemModel()->rowCount() == 0);
    // The stack does not claim what the store does not hold: the removal is gone from it.
    CHECK(stack.count() == 1);
    CHECK(stack.undoText() == QStringLiteral("Add Action Item"));
    CHECK_FALSE(stack.canRedo());
    lock.release();
}
