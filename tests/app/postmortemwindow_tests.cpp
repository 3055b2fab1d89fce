// Tests of writing and tracking postmortems in the real MainWindow (offscreen, on a fixed clock,
// with the bundled example imported through the window as a user would): the Postmortem tab saves
// what is typed, drafting keeps people's edits, Add to Postmortem cites the right events, the
// Action Items tab filters and marks overdue items, and File › Export Postmortem writes the file.
// Screenshots go under the build tree.
#include "actionitemmodel.h"
#include "actionitemsview.h"
#include "apptestsupport.h"
#include "postmortemfixture.h"
#include "curatedtimelinemodel.h"
#include "exportdialog.h"
#include "incidentlistmodel.h"
#include "mainwindow.h"
#include "postmortempreview.h"
#include "postmortemview.h"
#include "rootcausemodel.h"
#include "timelineentrydialog.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include "findingspanel.h"
#include "model/timestamp.h"

#include "workspace/postmortemjobs.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace {

using namespace aftermath;
using desktop::ActionItemModel;
using desktop::ActionItemsView;
using desktop::CuratedTimelineModel;
using desktop::MainWindow;
using desktop::PostmortemView;
using desktop::RootCauseModel;
using desktop::TimelineModel;
using desktop::TimelineView;
using model::ActionItem;
using model::TimelineEntry;
using test::exampleIncident;
using test::isolateSettings;

using namespace test::postmortem;

// The message box the window shows (window-modal, without blocking), closed after reading it.
QString takeMessageBox(QWidget& window)
{
    QMessageBox* box = nullptr;
    REQUIRE(QTest::qWaitFor(
        [&] {
            const auto boxes = window.findChildren<QMessageBox*>();
            box = boxes.isEmpty() ? nullptr : boxes.back();
            return box != nullptr && box->isVisible();
        },
        5000));
    const QString text = box->text();
    box->close();
    QApplication::processEvents(); // let WA_DeleteOnClose delete it
    return text;
}

} // namespace

TEST_CASE(
    "The Postmortem tab saves what is typed after a pause, when leaving and when switching", "[postmortem][window]")
{
    Fixture f;
    const qint64 first = f.create(exampleIncident());
    model::Incident later = exampleIncident();
    later.title = QStringLiteral("Reports went out incomplete");
    later.fromUs += 6 * hourUs;
    const qint64 second = f.create(later);

    REQUIRE(f.window->showPostmortem(first));
    CHECK(f.window->tabs()->currentWidget() == &f.pm());
    REQUIRE(f.pm().incident());
    CHECK(f.pm().incident()->id == first);
    CHECK(f.pm().findChild<QLabel*>(QStringLiteral("postmortemTitle"))->text() == exampleIncident().title);

    // Typing: saved after a short pause, not at each key.
    QPlainTextEdit* summary = textField(f.pm(), QStringLiteral("summary"));
    QTest::keyClicks(summary, QStringLiteral("Both tenants' post-funding runs failed overnight"));
    CHECK(f.pm().hasUnsavedEdits());
    CHECK(f.pm().saveStatus() == QStringLiteral("Editing…"));
    CHECK(f.stored(first).summary.isEmpty());
    REQUIRE(QTest::qWaitFor([&] { return !f.pm().hasUnsavedEdits(); }, 5000));
    CHECK(f.stored(first).summary == QStringLiteral("Both tenants' post-funding runs failed overnight"));
    CHECK(f.pm().saveStatus() == QStringLiteral("All changes saved"));

    // Leaving a field saves it at once.
    f.window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(f.window.get()));
    QPlainTextEdit* resolution = textField(f.pm(), QStringLiteral("resolution"));
    resolution->setFocus();
    QTest::keyClicks(resolution, QStringLiteral("Re-ran both tenants on :41 at 05:39"));
    CHECK(f.pm().hasUnsavedEdits());
    textField(f.pm(), QStringLiteral("went_well"))->setFocus();
    CHECK_FALSE(f.pm().hasUnsavedEdits());
    CHECK(f.stored(first).resolution == QStringLiteral("Re-ran both tenants on :41 at 05:39"));

    // Switching to another incident right after typing: saved to the one it was typed for.
    QPlainTextEdit* impact = textField(f.pm(), QStringLiteral("impact"));
    QTest::keyClicks(impact, QStringLiteral("Reports for NHS E and NHS S went out without last night's rows"));
    REQUIRE(f.window->showPostmortem(second));
    CHECK(f.pm().incident()->id == second);
    CHECK(f.stored(first).impact == QStringLiteral("Reports for NHS E and NHS S went out without last night's rows"));
    CHECK(f.stored(second).impact.isEmpty());
    CHECK(impact->toPlainText().isEmpty()); // the second incident's, empty
    REQUIRE(f.window->showPostmortem(first));
    CHECK(impact->toPlainText() == f.stored(first).impact);
    CHECK(summary->toPlainText() == f.stored(first).summary);
    REQUIRE(f.window->showPostmortem(second));

    // The title: saved, and shown wherever the incident is listed.
    auto* title = qobject_cast<QLineEdit*>(f.pm().fieldEditor(QStringLiteral("title")));
    REQUIRE(title);
    title->selectAll();
    QTest::keyClicks(title, QStringLiteral("Post-funding reports went out incomplete"));
    CHECK(f.pm().saveEdits());
    CHECK(f.stored(second).title == QStringLiteral("Post-funding reports went out incomplete"));
    const int row = f.window->incidentModel()->rowOf(second);
    CHECK(
        f.window->incidentModel()->incidentAt(row).title == QStringLiteral("Post-funding reports went out incomplete"));
    CHECK(f.timeline().incident()->title == QStringLiteral("Post-funding reports went out incomplete"));
    // An empty title is refused, and the one before kept.
    title->selectAll();
    QTest::keyClick(title, Qt::Key_Backspace);
    CHECK_FALSE(f.pm().saveEdits());
    CHECK(f.pm().saveStatus().contains(QStringLiteral("needs a title")));
    CHECK(f.stored(second).title == QStringLiteral("Post-funding reports went out incomplete"));

    // A status is a choice: saved when chosen.
    auto* status = qobject_cast<QComboBox*>(f.pm().fieldEditor(QStringLiteral("status")));
    REQUIRE(status);
    status->setCurrentIndex(status->findText(QStringLiteral("In review")));
    CHECK(f.stored(second).status == QStringLiteral("in_review"));
    CHECK(f.window->incidentModel()
              ->data(f.window->incidentModel()->index(row, desktop::IncidentListModel::StatusColumn))
              .toString()
        == QStringLiteral("In review"));

    // Typed and the window closed at once: saved, and read back by the next window.
    auto* authors = qobject_cast<QLineEdit*>(f.pm().fieldEditor(QStringLiteral("authors")));
    REQUIRE(authors);
    QTest::keyClicks(authors, QStringLiteral("Dana W, Sam Okafor"));
    CHECK(f.pm().hasUnsavedEdits());
    f.window.reset();
    f.openWindow();
    CHECK(f.stored(second).authors == QStringLiteral("Dana W, Sam Okafor"));
    REQUIRE(f.window->showPostmortem(second));
    CHECK(qobject_cast<QLineEdit*>(f.pm().fieldEditor(QStringLiteral("authors")))->text()
        == QStringLiteral("Dana W, Sam Okafor"));
    CHECK(qobject_cast<QComboBox*>(f.pm().fieldEditor(QStringLiteral("status")))->currentText()
        == QStringLiteral("In review"));
}

namespace {

// Presses `button` on the unsaved-edits question once it is up (it runs its own event loop).
void answerUnsavedEdits(QMessageBox::StandardButton button)
{
    auto* poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != u"unsavedEditsBox")
            return;
        box->button(button)->click();
        poll->deleteLater();
    });
    poll->start(20);
}

} // namespace

TEST_CASE("Edits the store refuses are kept across incidents, saved once it is free, and never dropped unasked",
    "[postmortem][window][process]")
{
    Fixture f;
    const qint64 first = f.create(exampleIncident());
    model::Incident later = exampleIncident();
    later.title = QStringLiteral("Reports went out incomplete");
    const qint64 second = f.create(later);
    REQUIRE(f.window->showPostmortem(first));
    const QString typed = QStringLiteral("Reports for NHS E and NHS S went out without last night's rows");
    QTest::keyClicks(textField(f.pm(), QStringLiteral("impact")), typed);

    // Another program holds the lock (past the busy timeout) while the user moves on.
    LockHolder lock(f.storePath);
    REQUIRE(f.window->showPostmortem(second));
    CHECK(f.pm().incident()->id == second);
    CHECK(f.pm().hasUnsavedEdits());
    CHECK(f.pm().saveStatus().startsWith(QStringLiteral("Not saved")));

    // Closing asks first; Cancel keeps the window and the edits.
    answerUnsavedEdits(QMessageBox::Cancel);
    CHECK_FALSE(f.window->close());
    CHECK(f.window->isVisible());

    // Back on the first incident, still locked: what was typed is in its field again.
    REQUIRE(f.window->showPostmortem(first));
    CHECK(textField(f.pm(), QStringLiteral("impact"))->toPlainText() == typed);
    CHECK(f.pm().hasUnsavedEdits());

    // Once the store is free it is saved.
    lock.release();
    CHECK(f.pm().saveEdits());
    CHECK(f.stored(first).impact == typed);
    CHECK_FALSE(f.pm().hasUnsavedEdits());
    CHECK(f.stored(second).impact.isEmpty());

    // Discard is the user's choice: the window closes without the refused edit.
    QTest::keyClicks(textField(f.pm(), QStringLiteral("summary")), QStringLiteral("never saved"));
    LockHolder again(f.storePath);
    answerUnsavedEdits(QMessageBox::Discard);
    CHECK(f.window->close());
    again.release();
    f.window.reset();
    f.openWindow();
    CHECK(f.stored(first).summary.isEmpty());
    CHECK(f.stored(first).impact == typed);
}

TEST_CASE(
    "Draft from Evidence runs in the background and never replaces what a person wrote", "[postmortem][draft][window]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    PostmortemView& pm = f.pm();
    CuratedTimelineModel& timeline = *pm.timelineModel();
    CHECK(timeline.rowCount() == 0);

    QSignalSpy finished(&pm, &PostmortemView::draftFinished);
    auto* draftButton = pm.findChild<QPushButton*>(QStringLiteral("draftButton"));
    REQUIRE(draftButton);
    draftButton->click();
    // Off the GUI thread: the click returns with the draft still running.
    CHECK(pm.isDrafting());
    CHECK_FALSE(draftButton->isEnabled());
    REQUIRE(finished.wait(waitMs));
    CHECK(draftButton->isEnabled());
    REQUIRE(pm.lastDraft());
    CHECK_FALSE(pm.lastDraftError());
    const qint64 added = pm.lastDraft()->entriesAdded;
    CHECK(added > 20);
    REQUIRE(timeline.rowCount() == added);
    for (int row = 0; row < timeline.rowCount(); ++row)
        CHECK(timeline.index(row, 0).data(CuratedTimelineModel::DraftedRole).toBool());
    CHECK(pm.draftSummary().startsWith(QStringLiteral("Drafted from the evidence: %1 entries added.").arg(added)));
    CHECK(pm.draftSummary().contains(QStringLiteral("Trigger, detection and impact filled in.")));
    QPlainTextEdit* trigger = textField(pm, QStringLiteral("trigger"));
    CHECK(trigger->toPlainText().contains(QStringLiteral("PR #412")));
    CHECK(trigger->toPlainText() == f.stored(id).trigger);
    CHECK(pm.findChild<QLabel*>(QStringLiteral("badge_trigger"))->isVisibleTo(&pm));

    // A person rewrites one drafted entry, removes another, and writes the trigger (still typing
    // when drafting again).
    const int errorRow = rowWhere(timeline, QStringLiteral("create_post_funding failed for tenant NHS E"));
    REQUIRE(errorRow >= 0);
    const QString rewritten = QStringLiteral("NHS E's run starts failing: column funding_band does not exist");
    REQUIRE(timeline.setData(timeline.index(errorRow, CuratedTimelineModel::TextColumn), rewritten));
    const TimelineEntry edited = timeline.entryAt(errorRow);
    CHECK(edited.edited);
    const int alertRow = rowWhere(timeline, QStringLiteral("ETL run for NHS S has not completed"));
    REQUIRE(alertRow >= 0);
    const std::vector<qint64> removedEvents = timeline.entryAt(alertRow).eventIds;
    pm.timelineTable()->selectRow(alertRow);
    pm.findChild<QPushButton*>(QStringLiteral("removeEntryButton"))->click();
    CHECK(timeline.rowCount() == added - 1);
    const QString ownTrigger = QStringLiteral("Migration 0042 was never applied, and PR #412 needed it.");
    trigger->selectAll();
    QTest::keyClicks(trigger, ownTrigger);
    CHECK(pm.hasUnsavedEdits());
    CHECK_FALSE(pm.findChild<QLabel*>(QStringLiteral("badge_trigger"))->isVisibleTo(&pm));

    draftButton->click();
    REQUIRE(finished.wait(waitMs));
    REQUIRE(pm.lastDraft());
    const auto& report = *pm.lastDraft();
    CHECK(report.entriesKeptEdited == 1);
    CHECK(report.entriesCovered == 1); // the edited entry stands for its key entry
    CHECK(report.entriesDismissed == 1); // the removed one does not come back
    CHECK(report.entriesReplaced == added - 2);
    CHECK(report.entriesAdded == added - 2);
    REQUIRE(timeline.rowCount() == added - 1);

    // The edited entry, once, as the person wrote it; the removed one not at all.
    const auto stored = f.entries(id);
    const auto citing = std::count_if(stored.begin(), stored.end(),
        [&](const TimelineEntry& e) { return e.eventIds == sortedUnique(edited.eventIds); });
    CHECK(citing == 1);
    const auto kept
        = std::find_if(stored.begin(), stored.end(), [&](const TimelineEntry& e) { return e.id == edited.id; });
    REQUIRE(kept != stored.end());
    CHECK(kept->text == rewritten);
    CHECK(kept->edited);
    CHECK(std::none_of(stored.begin(), stored.end(),
        [&](const TimelineEntry& e) { return e.eventIds == sortedUnique(removedEvents); }));
    CHECK(cell(timeline, timeline.rowOf(edited.id), CuratedTimelineModel::OriginColumn)
        == QStringLiteral("drafted, edited"));

    // The trigger is the person's, in the store and on screen; the draft's detection stays marked.
    CHECK(f.stored(id).trigger == ownTrigger);
    CHECK(trigger->toPlainText() == ownTrigger);
    const auto triggerOutcome = std::find_if(
        report.fields.begin(), report.fields.end(), [](const draft::FieldOutcome& o) { return o.field == u"trigger"; });
    REQUIRE(triggerOutcome != report.fields.end());
    CHECK(triggerOutcome->action == draft::FieldOutcome::Action::Kept);
    CHECK(pm.draftSummary().contains(QStringLiteral("Your trigger kept.")));
    CHECK_FALSE(pm.findChild<QLabel*>(QStringLiteral("badge_trigger"))->isVisibleTo(&pm));
    CHECK(pm.findChild<QLabel*>(QStringLiteral("badge_detection"))->isVisibleTo(&pm));
}

TEST_CASE("Add to Postmortem on the Timeline tab cites the events of the entry, finding or run",
    "[postmortem][timeline][window]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    TimelineView& view = f.timeline();
    TimelineModel& model = *view.model();
    QAction* add = view.addToPostmortemAction();
    CHECK_FALSE(add->isEnabled()); // nothing selected

    // The first error, by its shortcut while the timeline has focus.
    int errorRow = -1;
    for (int row = 0; row < model.rowCount() && errorRow < 0; ++row)
        if (model.entryAt(row).kind == model::EventKind::Error)
            errorRow = row;
    REQUIRE(errorRow >= 0);
    const timeline::Entry error = model.entryAt(errorRow);
    REQUIRE(error.count > 1);
    f.window->activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(f.window.get()));
    view.table()->setFocus();
    view.table()->selectRow(errorRow);
    CHECK(add->isEnabled());
    CHECK(add->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QTest::keyClick(view.table(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    auto entries = f.entries(id);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].origin == TimelineEntry::Origin::User);
    CHECK(entries[0].eventIds == sortedUnique(error.eventIds));
    CHECK(entries[0].timeUs == error.timeUs);
    CHECK(entries[0].endUs == error.endUs);
    CHECK(entries[0].text == error.summary.section(u'\n', 0, 0) + QStringLiteral(" ×%1").arg(error.count));
    CHECK(f.pm().timelineModel()->rowCount() == 1);
    CHECK(f.window->statusBar()->currentMessage().startsWith(QStringLiteral("Added to the postmortem's timeline")));

    // Asked again: not added twice.
    add->trigger();
    CHECK(f.entries(id).size() == 1);
    CHECK(f.window->statusBar()->currentMessage().startsWith(QStringLiteral("Already in the postmortem's timeline")));

    // The top suspect, from the findings panel: its events, and why it is suspected as the note.
    const auto& findings = model.timeline().findings;
    const auto top = std::find_if(findings.begin(), findings.end(),
        [](const timeline::Finding& x) { return x.type == timeline::Finding::Type::SuspectChange && x.rank == 1; });
    REQUIRE(top != findings.end());
    Q_EMIT view.findingsPanel()->anchorClicked(QUrl(QStringLiteral("finding:%1").arg(top - findings.begin())));
    REQUIRE(view.citable());
    CHECK(view.citable()->eventIds == top->eventIds);
    add->trigger();
    entries = f.entries(id);
    REQUIRE(entries.size() == 2);
    const auto suspect = std::find_if(entries.begin(), entries.end(),
        [&](const TimelineEntry& e) { return e.eventIds == sortedUnique(top->eventIds); });
    REQUIRE(suspect != entries.end());
    CHECK(suspect->text == top->summary);
    CHECK(suspect->note == top->reason);
    CHECK(suspect->timeUs == top->timeUs);

    // A run, as its panel link shows it.
    REQUIRE_FALSE(model.timeline().runs.empty());
    const timeline::Run& run = model.timeline().runs.front();
    Q_EMIT view.findingsPanel()->anchorClicked(QUrl(QStringLiteral("run:0")));
    add->trigger();
    entries = f.entries(id);
    REQUIRE(entries.size() == 3);
    CHECK(std::any_of(entries.begin(), entries.end(),
        [&](const TimelineEntry& e) { return e.eventIds == sortedUnique(run.eventIds) && e.timeUs == run.startedUs; }));

    // The table's context menu offers it for the row under the pointer.
    const int otherRow = errorRow == 0 ? 1 : 0;
    const QPoint point = view.table()->visualRect(model.index(otherRow, 0)).center();
    Q_EMIT view.table()->customContextMenuRequested(point);
    QMenu* menu = nullptr;
    for (QMenu* candidate : view.findChildren<QMenu*>())
        if (candidate->isVisible())
            menu = candidate;
    REQUIRE(menu);
    CHECK(menu->actions().contains(add));
    CHECK(view.table()->selectionModel()->selectedRows().front().row() == otherRow);
    menu->close();

    // Drafting afterwards leaves what people added, and does not add the same events again.
    REQUIRE(f.window->showPostmortem(id));
    f.draft();
    CHECK(f.pm().lastDraft()->entriesKeptUser == 3);
    CHECK(f.pm().lastDraft()->entriesCovered >= 1);
    entries = f.entries(id);
    CHECK(std::count_if(entries.begin(), entries.end(), [&](const TimelineEntry& e) {
        return e.eventIds == sortedUnique(error.eventIds);
    }) == 1);
}

TEST_CASE("The Action Items tab filters every incident's items and marks those overdue on the clock's day",
    "[actionitems][window]")
{
    Fixture f;
    const qint64 first = f.create(exampleIncident());
    model::Incident later = exampleIncident();
    later.title = QStringLiteral("Reports went out incomplete");
    later.fromUs += 6 * hourUs;
    const qint64 second = f.create(later);

    // Items added on each incident's Postmortem tab, as a person would.
    struct Item {
        qint64 incident;
        QString description;
        QString owner;
        QDate due;
        ActionItem::Status status;
    };
    const Item items[] = {
        {first, QStringLiteral("Apply migrations before the code that needs them"), QStringLiteral("Dana W"),
            QDate(2026, 6, 25), ActionItem::Status::Open},
        {first, QStringLiteral("Give create_post_funding a retry limit"), QStringLiteral("Sam Okafor"),
            QDate(2026, 7, 10), ActionItem::Status::InProgress},
        {second, QStringLiteral("Hold the report build until the runs finish"), QStringLiteral("dana w"),
            QDate(2026, 6, 20), ActionItem::Status::Done},
        {second, QStringLiteral("Alert when a run retries more than 10 times"), QStringLiteral("Sam Okafor"),
            QDate(2026, 6, 30), ActionItem::Status::InProgress},
        {second, QStringLiteral("Write the customer note"), QString(), QDate(), ActionItem::Status::Open},
    };
    std::vector<qint64> ids;
    for (const Item& item : items) {
        REQUIRE(f.window->showPostmortem(item.incident));
        ActionItemModel& model = *f.pm().actionItemModel();
        auto* input = f.pm().findChild<QLineEdit*>(QStringLiteral("newActionItem"));
        REQUIRE(input);
        QTest::keyClicks(input, item.description);
        QTest::keyClick(input, Qt::Key_Return);
        CHECK(input->text().isEmpty());
        const int row = model.rowCount() - 1;
        REQUIRE(row >= 0);
        CHECK(model.itemAt(row).description == item.description);
        CHECK(f.pm().actionItemTable()->currentIndex() == model.index(row, ActionItemModel::OwnerColumn));
        CHECK(model.setData(model.index(row, ActionItemModel::OwnerColumn), item.owner));
        CHECK(model.setData(model.index(row, ActionItemModel::DueColumn), item.due));
        CHECK(model.setData(model.index(row, ActionItemModel::StatusColumn), int(item.status)));
        ids.push_back(model.itemAt(row).id);
    }

    f.window->tabs()->setCurrentWidget(f.window->actionItemsView());
    ActionItemsView& view = *f.window->actionItemsView();
    ActionItemModel& model = *view.model();
    const auto shownIds = [&] {
        std::vector<qint64> shown;
        for (int row = 0; row < model.rowCount(); ++row)
            shown.push_back(model.itemAt(row).id);
        return shown;
    };
    REQUIRE(shownIds() == ids);
    CHECK(model.today() == QDate(2026, 7, 2));
    CHECK(model.index(0, ActionItemModel::IncidentColumn).data().toString()
        == QStringLiteral("#%1 %2").arg(first).arg(exampleIncident().title));
    // Due before today and neither done nor dropped: the first and the fourth.
    CHECK(model.index(0, 0).data(ActionItemModel::OverdueRole).toBool());
    CHECK_FALSE(model.index(1, 0).data(ActionItemModel::OverdueRole).toBool());
    CHECK_FALSE(model.index(2, 0).data(ActionItemModel::OverdueRole).toBool()); // done
    CHECK(model.index(3, 0).data(ActionItemModel::OverdueRole).toBool());
    CHECK(model.index(3, ActionItemModel::DueColumn).data().toString() == QStringLiteral("2026-06-30 · 2 days late"));
    CHECK(view.summary() == QStringLiteral("5 action items  ·  2 overdue on 2026-07-02"));

    view.setOverdueOnly(true);
    CHECK(shownIds() == std::vector<qint64>{ids[0], ids[3]});
    view.setOwnerFilter(QStringLiteral("Sam Okafor"));
    CHECK(shownIds() == std::vector<qint64>{ids[3]});
    view.setOverdueOnly(false);
    CHECK(shownIds() == std::vector<qint64>{ids[1], ids[3]});
    // Owners are one person whatever the case.
    view.setOwnerFilter(QStringLiteral("Dana W"));
    CHECK(shownIds() == std::vector<qint64>{ids[0], ids[2]});
    view.setOwnerFilter(QString());
    view.setStatusFilter(ActionItem::Status::InProgress);
    CHECK(shownIds() == std::vector<qint64>{ids[1], ids[3]});
    // "Not done": what is still to do, open or in progress, across incidents.
    auto* status = view.findChild<QComboBox*>(QStringLiteral("statusFilter"));
    REQUIRE(status);
    status->setCurrentIndex(status->findText(QStringLiteral("Not done")));
    CHECK(shownIds() == std::vector<qint64>{ids[0], ids[1], ids[3], ids[4]});
    view.setStatusFilter(std::nullopt);
    view.setIncidentFilter(second);
    CHECK(shownIds() == std::vector<qint64>{ids[2], ids[3], ids[4]});
    view.setIncidentFilter(std::nullopt);

    // Nine days later, by the clock: the second item is late too.
    f.clock.set(julySecondUs() + 9 * 24 * hourUs);
    view.setOverdueOnly(true);
    CHECK(shownIds() == std::vector<qint64>{ids[0], ids[1], ids[3]});
    CHECK(view.summary().endsWith(QStringLiteral("3 overdue on 2026-07-11")));
    f.clock.set(julySecondUs());
    view.setOverdueOnly(false);

    // Changed here, shown there.
    REQUIRE(model.setData(model.index(3, ActionItemModel::StatusColumn), int(ActionItem::Status::Done)));

    // Double-click: the item in its incident's postmortem.
    const QRect cell = view.table()->visualRect(model.index(3, ActionItemModel::DescriptionColumn));
    // A press then the double-click, as a mouse sends them (QTest sends the double-click alone).
    QTest::mouseClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(view.table()->viewport(), Qt::LeftButton, {}, cell.center());
    CHECK(f.window->tabs()->currentWidget() == &f.pm());
    CHECK(f.window->currentIncidentId() == second);
    const ActionItemModel& own = *f.pm().actionItemModel();
    const QModelIndexList selected = f.pm().actionItemTable()->selectionModel()->selectedRows();
    REQUIRE(selected.size() == 1);
    CHECK(own.itemAt(selected.front().row()).id == ids[3]);
    CHECK(own.itemAt(selected.front().row()).status == ActionItem::Status::Done);
}

TEST_CASE(
    "File › Export Postmortem writes the document through the template chosen, or names the file it could not write",
    "[postmortem][export][window]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    f.draft();
    // The default template has no summary; the non-technical description it has.
    QTest::keyClicks(textField(f.pm(), QStringLiteral("description")), QStringLiteral("Typed just before exporting."));

    // Markdown with the chart: both files, written after the typing was saved.
    QSignalSpy exported(f.window.get(), &MainWindow::exportFinished);
    const QString markdown = f.dir.filePath(QStringLiteral("out/postmortem.md"));
    REQUIRE(QDir().mkpath(f.dir.filePath(QStringLiteral("out"))));
    report::ExportOptions options;
    options.outputPath = markdown;
    options.chart = true;
    QString error;
    REQUIRE(f.window->exportPostmortem(QStringLiteral("default"), options, &error));
    CHECK(f.window->isExporting());
    REQUIRE(exported.wait(waitMs));
    CHECK(f.window->lastExportError().isEmpty());
    const QString chart = f.dir.filePath(QStringLiteral("out/postmortem.svg"));
    CHECK(f.window->lastExportFiles() == QStringList{chart, markdown});
    QFile file(markdown);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    CHECK(text.startsWith(QStringLiteral("# Postmortem: %1").arg(exampleIncident().title)));
    CHECK(text.contains(QStringLiteral("Typed just before exporting.")));
    CHECK(text.contains(QStringLiteral("## Timeline")));
    CHECK(text.contains(QStringLiteral("create_post_funding failed for tenant NHS E")));
    CHECK(text.contains(QStringLiteral("postmortem.svg")));
    CHECK(QFileInfo(chart).size() > 1000);

    // Through the dialog: the templates there are, HTML, the suffix following the format.
    f.window->findChild<QAction*>(QStringLiteral("exportPostmortemAction"))->trigger();
    desktop::ExportDialog* dialog = f.window->exportDialog();
    REQUIRE(dialog);
    auto* templates = dialog->findChild<QComboBox*>(QStringLiteral("exportTemplate"));
    REQUIRE(templates);
    QStringList names;
    for (int i = 0; i < templates->count(); ++i)
        names << templates->itemText(i);
    CHECK(names.contains(QStringLiteral("default")));
    CHECK(names.contains(QStringLiteral("google-sre")));
    CHECK(names.contains(QStringLiteral("minimal")));
    CHECK(dialog->path().endsWith(QStringLiteral(".md")));
    CHECK(
        QFileInfo(dialog->path()).fileName().startsWith(QStringLiteral("postmortem-%1-nightly-post-funding").arg(id)));
    const QString html = f.dir.filePath(QStringLiteral("out/postmortem.md"));
    dialog->setPath(html);
    dialog->setTemplateName(QStringLiteral("google-sre"));
    dialog->setFormat(report::DocumentFormat::Html);
    CHECK(dialog->path() == f.dir.filePath(QStringLiteral("out/postmortem.html")));
    CHECK(dialog->templateName() == QStringLiteral("google-sre"));
    dialog->accept();
    REQUIRE(exported.wait(waitMs));
    REQUIRE(f.window->lastExportError().isEmpty());
    QFile page(f.dir.filePath(QStringLiteral("out/postmortem.html")));
    REQUIRE(page.open(QIODevice::ReadOnly));
    const QString htmlText = QString::fromUtf8(page.readAll());
    CHECK(htmlText.contains(QStringLiteral("<h1")));
    CHECK(htmlText.contains(exampleIncident().title.toHtmlEscaped()));

    // A folder that is not there: nothing written, and the message names the file.
    const QString nowhere = f.dir.filePath(QStringLiteral("missing/folder/postmortem.md"));
    options.outputPath = nowhere;
    options.chart = false;
    REQUIRE(f.window->exportPostmortem(QStringLiteral("default"), options));
    REQUIRE(exported.wait(waitMs));
    CHECK(f.window->lastExportFiles().isEmpty());
    CHECK(f.window->lastExportError().contains(QDir::toNativeSeparators(nowhere)));
    CHECK(takeMessageBox(*f.window).contains(QDir::toNativeSeparators(nowhere)));
    CHECK_FALSE(QFileInfo::exists(nowhere));

    // A template that is not there: said, naming it.
    options.outputPath = markdown;
    REQUIRE(f.window->exportPostmortem(QStringLiteral("no-such-template"), options));
    REQUIRE(exported.wait(waitMs));
    CHECK(f.window->lastExportError().contains(QStringLiteral("no-such-template")));
    takeMessageBox(*f.window);
}

TEST_CASE("An imported postmortem's sections of its own show on the Postmortem tab as written", "[postmortem][window]")
{
    Fixture f;
    workspace::PostmortemImportRequest request;
    request.store = f.store().location();
    request.file = QStringLiteral(AFTERMATH_TEST_DATA "/postmortems/2021-01-04-slack-outage.md");
    const auto imported = workspace::importPostmortemFile(request);
    REQUIRE(imported);
    REQUIRE(f.window->openStore(f.storePath)); // the incident list and views read the store again
    REQUIRE(f.window->showPostmortem(imported->incidentId));
    auto* sections = f.pm().findChild<QPlainTextEdit*>(QStringLiteral("customSections"));
    REQUIRE(sections);
    CHECK(sections->isVisibleTo(&f.pm()));
    CHECK(sections->isReadOnly());
    const QString text = sections->toPlainText();
    CHECK(text.startsWith(QStringLiteral("## Why was this hard to detect?\n\nThe dashboards we rely on")));
    CHECK(text.contains(QStringLiteral("## Customer communication\n\nWe posted on the status page")));
    auto* scroll = f.pm().findChild<QScrollArea*>(QStringLiteral("postmortemFormScroll"));
    REQUIRE(scroll);
    scroll->ensureWidgetVisible(sections);
    saveShot(*f.window, QStringLiteral("postmortem-custom-sections.png"));

    // An incident without any hides the box.
    model::Incident plain;
    plain.title = QStringLiteral("No imported sections");
    plain.fromUs = julySecondUs();
    plain.toUs = julySecondUs() + hourUs;
    const qint64 id = f.create(plain);
    REQUIRE(f.window->showPostmortem(id));
    CHECK_FALSE(sections->isVisibleTo(&f.pm()));
}

TEST_CASE("Screenshots of the Postmortem and Action Items tabs on the bundled example",
    "[postmortem][actionitems][screenshot]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    f.draft();
    PostmortemView& pm = f.pm();

    const auto type = [&](const QString& field, const QString& text) {
        QWidget* editor = pm.fieldEditor(field);
        REQUIRE(editor);
        QTest::keyClicks(editor, text);
    };
    type(QStringLiteral("authors"), QStringLiteral("Dana W, Sam Okafor"));
    type(QStringLiteral("summary"),
        QStringLiteral("The nightly post-funding ETL runs for NHS E and NHS S failed from 02:02 after PR #412 shipped "
                       "code that needs migration 0042, which had not been applied. The runs retried without a "
                       "limit until they were re-run on the previous version at 05:39."));
    type(QStringLiteral("description"),
        QStringLiteral("Two customers' morning funding reports went out without the previous night's rows. They "
                       "were regenerated and re-sent by 08:48."));
    type(QStringLiteral("resolution"),
        QStringLiteral("Both tenants re-run on etl-post-funding:41 at 05:39; schedules pointed back at :41."));
    REQUIRE(pm.saveEdits());

    RootCauseModel& causes = *pm.rootCauseModel();
    REQUIRE(causes.addCause(QStringLiteral("The deploy shipped code that needs migration 0042 before it was applied")));
    REQUIRE(causes.addCause(QStringLiteral("create_post_funding retries forever: no retry limit")));
    REQUIRE(causes.addCause(QStringLiteral("No alert until a run was two hours late")));

    ActionItemModel& actions = *pm.actionItemModel();
    const auto addItem = [&](const QString& description, const QString& owner, QDate due, ActionItem::Status status,
                             const QString& priority, ActionItem::Type kind, const QString& link) {
        ActionItem item;
        item.incidentId = id;
        item.description = description;
        const auto row = actions.addItem(item);
        REQUIRE(row);
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::OwnerColumn), owner));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::DueColumn), due));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::StatusColumn), int(status)));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::PriorityColumn), priority));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::TypeColumn), int(kind)));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::LinkColumn), link));
    };
    addItem(QStringLiteral("Apply migrations in the deploy, before the code that needs them"), QStringLiteral("Dana W"),
        QDate(2026, 6, 25), ActionItem::Status::InProgress, QStringLiteral("P1"), ActionItem::Type::Prevent,
        QStringLiteral("https://github.com/acme/etl/issues/431"));
    addItem(QStringLiteral("Give create_post_funding a retry limit"), QStringLiteral("Sam Okafor"), QDate(2026, 7, 10),
        ActionItem::Status::Open, QStringLiteral("P1"), ActionItem::Type::Mitigate,
        QStringLiteral("https://github.com/acme/etl/issues/432"));
    addItem(QStringLiteral("Alert when a run retries more than 10 times"), QStringLiteral("Sam Okafor"),
        QDate(2026, 6, 30), ActionItem::Status::Done, QStringLiteral("P2"), ActionItem::Type::Detect,
        QStringLiteral("https://github.com/acme/etl/issues/433"));

    // The postmortem with an entry selected, as someone writing it sees it.
    const int errorRow = rowWhere(*pm.timelineModel(), QStringLiteral("create_post_funding failed for tenant NHS E"));
    REQUIRE(errorRow >= 0);
    pm.timelineTable()->selectRow(errorRow);
    REQUIRE(QTest::qWaitFor(
        [&] { return pm.preview()->markdown().contains(QStringLiteral("Alert when a run retries")); }, waitMs));
    QApplication::processEvents();
    const QString shot = saveShot(*f.window, QStringLiteral("postmortem-example.png"));
    INFO("screenshot: " << shot.toStdString());

    // Nothing cut: the time column fits the longest span, the header its title.
    const QTableView& table = *pm.timelineTable();
    const QFontMetrics metrics = table.fontMetrics();
    for (int row = 0; row < pm.timelineModel()->rowCount(); ++row)
        CHECK(metrics.horizontalAdvance(
                  pm.timelineModel()->index(row, CuratedTimelineModel::TimeColumn).data().toString())
            < table.columnWidth(CuratedTimelineModel::TimeColumn));
    for (int column : {ActionItemModel::DueColumn, ActionItemModel::StatusColumn, ActionItemModel::TypeColumn,
             ActionItemModel::OwnerColumn})
        for (int row = 0; row < actions.rowCount(); ++row)
            CHECK(metrics.horizontalAdvance(actions.index(row, column).data().toString())
                < pm.actionItemTable()->columnWidth(column));

    // The dialogs: a timeline entry being edited, and the export.
    auto* editButton = pm.findChild<QPushButton*>(QStringLiteral("editEntryButton"));
    REQUIRE(editButton);
    editButton->click();
    auto* entryDialog = pm.findChild<desktop::TimelineEntryDialog*>();
    REQUIRE(entryDialog);
    CHECK(entryDialog->canSave());
    saveShot(*entryDialog, QStringLiteral("timeline-entry-dialog.png"));
    entryDialog->reject();
    f.window->findChild<QAction*>(QStringLiteral("exportPostmortemAction"))->trigger();
    REQUIRE(f.window->exportDialog());
    f.window->exportDialog()->setChart(true);
    saveShot(*f.window->exportDialog(), QStringLiteral("export-dialog.png"));
    f.window->exportDialog()->reject();
    QApplication::processEvents();

    // The Action Items tab across incidents: a second one, with an item of its own.
    model::Incident reports = exampleIncident();
    reports.title = QStringLiteral("Post-funding reports went out without the night's rows");
    reports.severity = QStringLiteral("SEV3");
    reports.fromUs += 6 * hourUs;
    const qint64 second = f.create(reports);
    REQUIRE(f.window->showPostmortem(second));
    ActionItemModel& secondActions = *f.pm().actionItemModel();
    ActionItem hold;
    hold.incidentId = second;
    hold.description = QStringLiteral("Hold the 05:00 report build until the night's runs have finished");
    const auto holdRow = secondActions.addItem(hold);
    REQUIRE(holdRow);
    REQUIRE(
        secondActions.setData(secondActions.index(*holdRow, ActionItemModel::OwnerColumn), QStringLiteral("Priya N")));
    REQUIRE(secondActions.setData(secondActions.index(*holdRow, ActionItemModel::DueColumn), QDate(2026, 6, 29)));
    REQUIRE(secondActions.setData(
        secondActions.index(*holdRow, ActionItemModel::TypeColumn), int(ActionItem::Type::Process)));
    f.window->tabs()->setCurrentWidget(f.window->actionItemsView());
    QApplication::processEvents();
    const ActionItemModel& all = *f.window->actionItemsView()->model();
    CHECK(all.rowCount() == 4);
    CHECK(all.overdueCount() == 2);
    const QTableView& allTable = *f.window->actionItemsView()->table();
    for (int column : {ActionItemModel::DueColumn, ActionItemModel::StatusColumn, ActionItemModel::OwnerColumn})
        for (int row = 0; row < all.rowCount(); ++row)
            CHECK(metrics.horizontalAdvance(all.index(row, column).data().toString()) < allTable.columnWidth(column));
    saveShot(*f.window, QStringLiteral("action-items-example.png"));
}

// The README's picture of the Postmortem tab at 1600x1000 showed six action items as "Run
// migration…": the owner, due, status, priority, type and a long link left the description ~100 px.
TEST_CASE("The Postmortem tab's action items keep room for their descriptions: the link gives way",
    "[postmortem][actionitems][window]")
{
    Fixture f;
    f.window->resize(1600, 1000);
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    ActionItemModel& actions = *f.pm().actionItemModel();
    for (int issue : {415, 416, 417}) {
        ActionItem item;
        item.incidentId = id;
        item.description = QStringLiteral("Run migrations at task start, before the new code (revive PR #411)");
        const auto row = actions.addItem(item);
        REQUIRE(row);
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::OwnerColumn), QStringLiteral("Dana Whitfield")));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::DueColumn), QDate(2026, 6, 26)));
        REQUIRE(
            actions.setData(actions.index(*row, ActionItemModel::StatusColumn), int(ActionItem::Status::InProgress)));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::PriorityColumn), QStringLiteral("P1")));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::TypeColumn), int(ActionItem::Type::Mitigate)));
        REQUIRE(actions.setData(actions.index(*row, ActionItemModel::LinkColumn),
            QStringLiteral("https://github.com/acme/etl-pipelines/issues/%1").arg(issue)));
    }
    QApplication::processEvents();
    const QTableView& table = *f.pm().actionItemTable();
    const QFontMetrics metrics = table.fontMetrics();
    const int chars = metrics.averageCharWidth();
    INFO("table " << table.viewport()->width() << ", description "
                  << table.columnWidth(ActionItemModel::DescriptionColumn) << ", link "
                  << table.columnWidth(ActionItemModel::LinkColumn));
    CHECK(table.columnWidth(ActionItemModel::DescriptionColumn) >= chars * 30);
    CHECK(table.columnWidth(ActionItemModel::LinkColumn) >= chars * 8);
    // What never gives way: the owner, the due date, the status, the type.
    for (int column : {ActionItemModel::OwnerColumn, ActionItemModel::DueColumn, ActionItemModel::StatusColumn,
             ActionItemModel::TypeColumn})
        for (int row = 0; row < actions.rowCount(); ++row)
            CHECK(metrics.horizontalAdvance(actions.index(row, column).data().toString()) < table.columnWidth(column));
    saveShot(*f.window, QStringLiteral("postmortem-action-items-1600.png"));

    // With room to spare, the link has its whole width again.
    const int squeezed = table.columnWidth(ActionItemModel::LinkColumn);
    f.window->resize(2400, 1000);
    QApplication::processEvents();
    CHECK(table.columnWidth(ActionItemModel::LinkColumn) > squeezed);
    CHECK(table.columnWidth(ActionItemModel::DescriptionColumn) >= chars * 30);
}

// The drafted Impact field was clipped after a relaunch: its text was set while the tab was
// hidden, and a field of two paragraphs was fitted to the lines laid out so far.
TEST_CASE("A drafted field of several paragraphs shows all its lines when the window opens again",
    "[postmortem][draft][window]")
{
    Fixture f;
    f.importExample();
    const qint64 id = f.create(exampleIncident());
    REQUIRE(f.window->showPostmortem(id));
    f.draft();
    QPlainTextEdit* impact = textField(f.pm(), QStringLiteral("impact"));
    REQUIRE(impact->document()->blockCount() >= 2);
    CHECK(impact->verticalScrollBar()->maximum() == 0);

    f.window.reset();
    f.openWindow();
    REQUIRE(f.window->showIncident(id));
    f.waitForTimeline();
    f.window->tabs()->setCurrentWidget(&f.pm());
    QApplication::processEvents();
    impact = textField(f.pm(), QStringLiteral("impact"));
    saveShot(*f.window, QStringLiteral("impact-after-relaunch.png"));
    // Every line shows: nothing to scroll to, and the box is as tall as its lines.
    CHECK(impact->verticalScrollBar()->maximum() == 0);
    int lines = 0;
    for (QTextBlock block = impact->document()->firstBlock(); block.isValid(); block = block.next())
        lines += block.lineCount();
    CHECK(lines > impact->document()->blockCount()); // the paragraphs wrap
    CHECK(impact->height() >= lines * impact->fontMetrics().lineSpacing());
}
