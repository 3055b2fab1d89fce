// Several people at once on the Postmortem tab (docs/team-store.md): an edit of a field someone else
// changed meanwhile is not saved over theirs; the conflict dialog shows both values and the user
// keeps theirs, writes their own over it, or copies their own text; fields only one of them changed
// merge.

#include "actionitemmodel.h"
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
