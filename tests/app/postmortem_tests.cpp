// Tests of the postmortem's models over a real store (in a temporary folder, on a fixed clock):
// action items, the curated timeline and root causes under QAbstractItemModelTester, each edit
// read back from the store; the action item editors; and the timeline entry dialog.
#include "actionitemdelegate.h"
#include "actionitemmodel.h"
#include "apptestsupport.h"
#include "curatedtimelinemodel.h"
#include "rootcausemodel.h"
#include "timelineentrydialog.h"

#include "model/timestamp.h"
#include "store/store.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

using namespace aftermath;
using desktop::ActionItemDelegate;
using desktop::ActionItemModel;
using desktop::CuratedTimelineModel;
using desktop::RootCauseModel;
using desktop::TimelineEntryDialog;
using model::ActionItem;
using model::TimelineEntry;
using test::incidentNightUs; // 2026-06-18T01:00:00Z, 02:00 in London
using test::isolateSettings;
using test::ModelTesterWarnings;
using test::usPerSecond;

constexpr qint64 minuteUs = 60 * usPerSecond;
constexpr qint64 hourUs = 60 * minuteUs;
const QDate today(2026, 7, 2);
const QTimeZone london(QByteArrayLiteral("Europe/London"));

// 2026-07-02T09:00:00Z: a fortnight after the incident.
qint64 todayUs() { return model::daysFromCivil(2026, 7, 2) * 86400 * usPerSecond + 9 * hourUs; }

// A store in a temporary folder on a fixed clock: an incident on the night of 2026-06-18 (00:00
// to 10:00 in London) and five events, one a minute from 02:00, to cite.
struct StoreFixture {
    QTemporaryDir dir;
    FixedClock clock{todayUs()};
    std::optional<store::Store> store;
    qint64 incidentId = 0;
    std::vector<qint64> eventIds;

    StoreFixture()
    {
        REQUIRE(dir.isValid());
        auto opened = store::Store::open(dir.filePath(QStringLiteral("s.sqlite")), {.clock = &clock});
        REQUIRE(opened);
        store = std::move(*opened);
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        const auto source = (*tx)->addSource(test::makeSource(QStringLiteral("etl.log")));
        REQUIRE(source);
        std::vector<model::Event> events;
        for (int i = 0; i < 5; ++i)
            events.push_back(test::makeEvent(*source, incidentNightUs + i * minuteUs, i, QStringLiteral("e%1").arg(i)));
        REQUIRE((*tx)->addEvents(events));
        REQUIRE((*tx)->commit());
        const auto stored = store->evidence().events({});
        REQUIRE(stored);
        for (const model::StoredEvent& e : *stored)
            eventIds.push_back(e.event.id);
        incidentId = newIncident(QStringLiteral("Nightly ETL failed"));
    }

    qint64 newIncident(const QString& title)
    {
        model::Incident incident;
        incident.title = title;
        incident.fromUs = incidentNightUs - 2 * hourUs;
        incident.toUs = incidentNightUs + 8 * hourUs;
        incident.displayZone = QStringLiteral("Europe/London");
        const auto created = store->postmortems().createIncident(incident);
        REQUIRE(created);
        return created->id;
    }

    model::Incident incident() const
    {
        const auto read = store->postmortems().incident(incidentId);
        REQUIRE(read);
        return *read;
    }
};

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

// The texts of the curated timeline as the store has it, in its order.
QStringList storedTexts(const store::Store& store, qint64 incidentId)
{
    const auto entries = store.postmortems().timelineEntries(incidentId);
    REQUIRE(entries);
    QStringList texts;
    for (const TimelineEntry& e : *entries)
        texts << e.text;
    return texts;
}

QStringList modelTexts(const CuratedTimelineModel& model)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts << model.entryAt(row).text;
    return texts;
}

QStringList storedCauses(const store::Store& store, qint64 incidentId)
{
    const auto causes = store.postmortems().rootCauses(incidentId);
    REQUIRE(causes);
    QStringList texts;
    for (const model::RootCause& c : *causes)
        texts << QStringLiteral("%1 %2").arg(c.position).arg(c.text);
    return texts;
}

} // namespace

TEST_CASE("ActionItemModel writes each edit to the store and marks the overdue items", "[postmortem][model]")
{
    ModelTesterWarnings warnings;
    StoreFixture f;
    ActionItemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    store::ActionItemFilter filter;
    filter.incidentId = f.incidentId;
    model.setFilter(filter);
    model.setToday(today);
    model.setStore(&f.store->postmortems());
    CHECK(model.rowCount() == 0);
    CHECK(model.columnCount() == ActionItemModel::ColumnCount);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy edited(&model, &ActionItemModel::itemsEdited);
    ActionItem item;
    item.incidentId = f.incidentId;
    item.description = QStringLiteral("Give create_post_funding a retry limit");
    const auto row = model.addItem(item);
    REQUIRE(row);
    CHECK(*row == 0);
    CHECK(inserted.size() == 1);
    CHECK(edited.size() == 1);
    const qint64 id = model.itemAt(0).id;
    CHECK(id > 0);
    CHECK(model.itemAt(0).createdAtUs == todayUs());
    CHECK(cell(model, 0, ActionItemModel::StatusColumn) == QStringLiteral("Open"));

    // Every column, as its editor gives it, lands in the store.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    CHECK(model.setData(model.index(0, ActionItemModel::OwnerColumn), QStringLiteral(" Dana W ")));
    CHECK(model.setData(model.index(0, ActionItemModel::DueColumn), QDate(2026, 6, 25)));
    CHECK(model.setData(model.index(0, ActionItemModel::StatusColumn), int(ActionItem::Status::InProgress)));
    CHECK(model.setData(model.index(0, ActionItemModel::PriorityColumn), QStringLiteral("P1")));
    CHECK(model.setData(model.index(0, ActionItemModel::TypeColumn), int(ActionItem::Type::Prevent)));
    CHECK(model.setData(model.index(0, ActionItemModel::LinkColumn), QStringLiteral("https://example.org/ETL-12")));
    CHECK(changed.size() == 6);
    // The whole row: overdue shows across it.
    CHECK(changed.front().at(0).toModelIndex().column() == 0);
    CHECK(changed.front().at(1).toModelIndex().column() == ActionItemModel::ColumnCount - 1);
    auto stored = f.store->postmortems().actionItem(id);
    REQUIRE(stored);
    CHECK(stored->owner == QStringLiteral("Dana W"));
    CHECK(stored->due == QDate(2026, 6, 25));
    CHECK(stored->status == ActionItem::Status::InProgress);
    CHECK(stored->priority == QStringLiteral("P1"));
    CHECK(stored->type == ActionItem::Type::Prevent);
    CHECK(stored->link == QStringLiteral("https://example.org/ETL-12"));
    CHECK(model.itemAt(0) == *stored);
    CHECK(cell(model, 0, ActionItemModel::LinkColumn) == QStringLiteral("example.org/ETL-12"));
    CHECK(cell(model, 0, ActionItemModel::LinkColumn, Qt::ToolTipRole) == QStringLiteral("https://example.org/ETL-12"));
    CHECK(ActionItemModel::shortLink(QStringLiteral("https://github.com/acme/etl/issues/431"))
        == QStringLiteral("acme/etl#431"));
    CHECK(ActionItemModel::shortLink(QStringLiteral("https://acme.atlassian.net/browse/ETL-12"))
        == QStringLiteral("ETL-12"));
    CHECK(ActionItemModel::shortLink(QStringLiteral("not a link")) == QStringLiteral("not a link"));
    CHECK(model.data(model.index(0, ActionItemModel::DueColumn), Qt::EditRole).toDate() == QDate(2026, 6, 25));
    CHECK(model.data(model.index(0, ActionItemModel::TypeColumn), Qt::EditRole).toInt()
        == int(ActionItem::Type::Prevent));

    // Due a week ago and still in progress: overdue, marked in the due column and across the row.
    CHECK(model.data(model.index(0, 0), ActionItemModel::OverdueRole).toBool());
    CHECK(model.overdueCount() == 1);
    CHECK(cell(model, 0, ActionItemModel::DueColumn) == QStringLiteral("2026-06-25 · 7 days late"));
    CHECK(model.data(model.index(0, ActionItemModel::DueColumn), Qt::ForegroundRole).value<QColor>().red() > 150);
    CHECK(model.data(model.index(0, ActionItemModel::DescriptionColumn), Qt::BackgroundRole).isValid());
    // The day before it was due, it is not.
    model.setToday(QDate(2026, 6, 24));
    CHECK_FALSE(model.data(model.index(0, 0), ActionItemModel::OverdueRole).toBool());
    CHECK(cell(model, 0, ActionItemModel::DueColumn) == QStringLiteral("2026-06-25"));
    model.setToday(today);

    // Done: closed at the store's clock, and no longer overdue.
    CHECK(model.setData(model.index(0, ActionItemModel::StatusColumn), int(ActionItem::Status::Done)));
    stored = f.store->postmortems().actionItem(id);
    REQUIRE(stored);
    CHECK(stored->closedAtUs == todayUs());
    CHECK_FALSE(model.data(model.index(0, 0), ActionItemModel::OverdueRole).toBool());
    CHECK(model.overdueCount() == 0);

    // Clearing: no type, no due date.
    CHECK(model.setData(model.index(0, ActionItemModel::TypeColumn), -1));
    CHECK(model.setData(model.index(0, ActionItemModel::DueColumn), QDate()));
    stored = f.store->postmortems().actionItem(id);
    REQUIRE(stored);
    CHECK_FALSE(stored->type);
    CHECK_FALSE(stored->due);

    // What the store refuses is said, and the row keeps what the store has.
    QSignalSpy failed(&model, &ActionItemModel::writeFailed);
    CHECK_FALSE(model.setData(model.index(0, ActionItemModel::DescriptionColumn), QStringLiteral("  ")));
    REQUIRE(failed.size() == 1);
    CHECK(failed.front().front().toString().contains(QStringLiteral("needs a description")));
    CHECK(cell(model, 0, ActionItemModel::DescriptionColumn) == item.description);
    CHECK(f.store->postmortems().actionItem(id)->description == item.description);
    CHECK_FALSE(model.setData(model.index(0, ActionItemModel::StatusColumn), 9));

    // The incident column is the store's, not for editing.
    CHECK_FALSE(model.flags(model.index(0, ActionItemModel::IncidentColumn)) & Qt::ItemIsEditable);
    CHECK(model.flags(model.index(0, ActionItemModel::OwnerColumn)) & Qt::ItemIsEditable);
    CHECK(cell(model, 0, ActionItemModel::IncidentColumn) == QStringLiteral("#%1").arg(f.incidentId));
    model.setIncidentTitles({{f.incidentId, QStringLiteral("Nightly ETL failed")}});
    CHECK(
        cell(model, 0, ActionItemModel::IncidentColumn) == QStringLiteral("#%1 Nightly ETL failed").arg(f.incidentId));

    // Another incident's items are not this one's.
    const qint64 other = f.newIncident(QStringLiteral("Reports went out late"));
    ActionItem elsewhere;
    elsewhere.incidentId = other;
    elsewhere.description = QStringLiteral("Alert on late reports");
    REQUIRE(f.store->postmortems().addActionItem(elsewhere));
    REQUIRE(model.reload());
    CHECK(model.rowCount() == 1);
    model.setFilter({});
    CHECK(model.rowCount() == 2);

    // An item added by mistake is removed from the store and the table.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    const qint64 mistake = model.itemAt(1).id;
    REQUIRE(model.removeItem(1));
    CHECK(removed.size() == 1);
    CHECK(model.rowCount() == 1);
    CHECK(f.store->postmortems().actionItem(mistake).error().code == Error::Code::NotFound);
    CHECK(f.store->postmortems().actionItem(id).has_value());
    CHECK_FALSE(model.removeItem(5));
    CHECK(warnings.count() == 0);
}

TEST_CASE("ActionItemDelegate edits due dates, statuses and types with their own editors", "[postmortem][delegate]")
{
    StoreFixture f;
    ActionItem item;
    item.incidentId = f.incidentId;
    item.description = QStringLiteral("Apply migrations before deploying the code that needs them");
    item.owner = QStringLiteral("Sam Okafor");
    const auto added = f.store->postmortems().addActionItem(item);
    REQUIRE(added);
    ActionItemModel model;
    model.setToday(today);
    model.setStore(&f.store->postmortems());
    // The delegate on its own, as a view drives it: create, fill, write back.
    QWidget parent;
    ActionItemDelegate delegateObject;
    ActionItemDelegate* delegate = &delegateObject;
    const QStyleOptionViewItem option;

    // The due date: a date edit that starts a fortnight out when there is none, and writes a day.
    const QModelIndex due = model.index(0, ActionItemModel::DueColumn);
    std::unique_ptr<QWidget> editor(delegate->createEditor(&parent, option, due));
    auto* dateEdit = qobject_cast<QDateEdit*>(editor.get());
    REQUIRE(dateEdit);
    CHECK(dateEdit->calendarPopup());
    delegate->setEditorData(dateEdit, due);
    CHECK(dateEdit->date() == QDate(2026, 7, 16));
    dateEdit->setDate(QDate(2026, 7, 31));
    delegate->setModelData(dateEdit, &model, due);
    CHECK(f.store->postmortems().actionItem(added->id)->due == QDate(2026, 7, 31));
    // Delete means "no due date".
    delegate->setEditorData(dateEdit, due);
    CHECK(dateEdit->date() == QDate(2026, 7, 31));
    QTest::keyClick(dateEdit, Qt::Key_Delete);
    CHECK(dateEdit->text() == QStringLiteral("No due date"));
    delegate->setModelData(dateEdit, &model, due);
    CHECK_FALSE(f.store->postmortems().actionItem(added->id)->due);

    // The status: a list; choosing is the whole edit (written and closed at once).
    const QModelIndex status = model.index(0, ActionItemModel::StatusColumn);
    editor.reset(delegate->createEditor(&parent, option, status));
    auto* statusBox = qobject_cast<QComboBox*>(editor.get());
    REQUIRE(statusBox);
    delegate->setEditorData(statusBox, status);
    CHECK(statusBox->currentText() == QStringLiteral("Open"));
    CHECK(statusBox->count() == 4);
    QSignalSpy committed(delegate, &QAbstractItemDelegate::commitData);
    QSignalSpy closed(delegate, &QAbstractItemDelegate::closeEditor);
    statusBox->setCurrentIndex(statusBox->findText(QStringLiteral("Won't do")));
    Q_EMIT statusBox->activated(statusBox->currentIndex());
    CHECK(committed.size() == 1);
    CHECK(closed.size() == 1);
    delegate->setModelData(statusBox, &model, status);
    CHECK(f.store->postmortems().actionItem(added->id)->status == ActionItem::Status::WontDo);

    // The type: a list with "none" first.
    const QModelIndex type = model.index(0, ActionItemModel::TypeColumn);
    editor.reset(delegate->createEditor(&parent, option, type));
    auto* typeBox = qobject_cast<QComboBox*>(editor.get());
    REQUIRE(typeBox);
    CHECK(typeBox->itemData(0).toInt() == -1);
    typeBox->setCurrentIndex(typeBox->findText(QStringLiteral("Detect")));
    delegate->setModelData(typeBox, &model, type);
    CHECK(f.store->postmortems().actionItem(added->id)->type == ActionItem::Type::Detect);
    delegate->setEditorData(typeBox, type);
    CHECK(typeBox->currentText() == QStringLiteral("Detect"));

    // The priority: usual values offered, any text taken.
    const QModelIndex priority = model.index(0, ActionItemModel::PriorityColumn);
    editor.reset(delegate->createEditor(&parent, option, priority));
    auto* priorityBox = qobject_cast<QComboBox*>(editor.get());
    REQUIRE(priorityBox);
    CHECK(priorityBox->isEditable());
    priorityBox->setEditText(QStringLiteral("high"));
    delegate->setModelData(priorityBox, &model, priority);
    CHECK(f.store->postmortems().actionItem(added->id)->priority == QStringLiteral("high"));

    // The owner: completed from the owners already named.
    const QModelIndex owner = model.index(0, ActionItemModel::OwnerColumn);
    editor.reset(delegate->createEditor(&parent, option, owner));
    auto* ownerEdit = qobject_cast<QLineEdit*>(editor.get());
    REQUIRE(ownerEdit);
    REQUIRE(ownerEdit->completer());
    CHECK(ownerEdit->completer()->model()->rowCount() == 1);
}

TEST_CASE("CuratedTimelineModel keeps time order and marks drafted and edited entries", "[postmortem][model]")
{
    ModelTesterWarnings warnings;
    StoreFixture f;
    // What the draft wrote: three entries citing events.
    const auto drafted = [&](qint64 timeUs, const QString& text, std::vector<qint64> events) {
        TimelineEntry e;
        e.incidentId = f.incidentId;
        e.timeUs = timeUs;
        e.text = text;
        e.origin = TimelineEntry::Origin::Draft;
        e.eventIds = std::move(events);
        REQUIRE(f.store->postmortems().addTimelineEntry(e));
    };
    drafted(incidentNightUs, QStringLiteral("etl-post-funding for NHS E started"), {f.eventIds[0]});
    drafted(incidentNightUs + 2 * minuteUs + 43 * usPerSecond, QStringLiteral("create_post_funding failed ×129"),
        {f.eventIds[2], f.eventIds[3]});
    drafted(incidentNightUs + 2 * hourUs, QStringLiteral("ETL run for NHS E has not completed"), {f.eventIds[4]});

    CuratedTimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setIncident(&f.store->postmortems(), f.incident());
    REQUIRE(model.rowCount() == 3);
    CHECK(model.headerData(CuratedTimelineModel::TimeColumn, Qt::Horizontal).toString()
        == QStringLiteral("Time (UTC+01:00)"));
    // Times in the incident's zone (London, summer time).
    CHECK(cell(model, 0, CuratedTimelineModel::TimeColumn) == QStringLiteral("02:00:00"));
    CHECK(cell(model, 1, CuratedTimelineModel::TimeColumn) == QStringLiteral("02:02:43"));
    CHECK(cell(model, 1, CuratedTimelineModel::EvidenceColumn) == QStringLiteral("2 events"));
    CHECK(cell(model, 1, CuratedTimelineModel::EvidenceColumn, Qt::ToolTipRole)
        == QStringLiteral("Cites events %1, %2").arg(f.eventIds[2]).arg(f.eventIds[3]));
    for (int row = 0; row < 3; ++row) {
        CHECK(cell(model, row, CuratedTimelineModel::OriginColumn) == QStringLiteral("drafted"));
        CHECK(model.data(model.index(row, 0), CuratedTimelineModel::DraftedRole).toBool());
    }

    // A person rewrites a drafted entry in place: stored, and marked edited from then on.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    CHECK(model.flags(model.index(1, CuratedTimelineModel::TextColumn)) & Qt::ItemIsEditable);
    CHECK_FALSE(model.flags(model.index(1, CuratedTimelineModel::TimeColumn)) & Qt::ItemIsEditable);
    REQUIRE(model.setData(model.index(1, CuratedTimelineModel::TextColumn),
        QStringLiteral("create_post_funding started failing: column funding_band does not exist")));
    CHECK(changed.size() >= 1);
    CHECK(cell(model, 1, CuratedTimelineModel::OriginColumn) == QStringLiteral("drafted, edited"));
    CHECK_FALSE(model.data(model.index(1, 0), CuratedTimelineModel::DraftedRole).toBool());
    REQUIRE(model.setData(model.index(1, CuratedTimelineModel::NoteColumn), QStringLiteral("every 3 minutes")));
    auto stored = f.store->postmortems().timelineEntries(f.incidentId);
    REQUIRE(stored);
    CHECK((*stored)[1].edited);
    CHECK((*stored)[1].text.startsWith(QStringLiteral("create_post_funding started failing")));
    CHECK((*stored)[1].note == QStringLiteral("every 3 minutes"));
    CHECK((*stored)[1].eventIds == std::vector<qint64>{f.eventIds[2], f.eventIds[3]}); // still cited

    // A person's own entry goes in at its time.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    TimelineEntry own;
    own.timeUs = incidentNightUs + hourUs;
    own.text = QStringLiteral("On-call paged by nobody: no alert on retries");
    const auto added = model.addEntry(own);
    REQUIRE(added);
    CHECK(*added == 2);
    REQUIRE(inserted.size() == 1);
    CHECK(inserted.front().at(1).toInt() == 2);
    CHECK(cell(model, 2, CuratedTimelineModel::OriginColumn) == QStringLiteral("added"));
    CHECK(cell(model, 2, CuratedTimelineModel::EvidenceColumn) == QStringLiteral("—"));
    CHECK(modelTexts(model) == storedTexts(*f.store, f.incidentId));

    // Moved later in time, it moves down with one signal, and the store agrees on the order.
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    TimelineEntry later = model.entryAt(2);
    later.timeUs = incidentNightUs + 3 * hourUs;
    const auto movedTo = model.updateEntry(later);
    REQUIRE(movedTo);
    CHECK(*movedTo == 3);
    CHECK(moved.size() == 1);
    CHECK(model.entryAt(3).text == own.text);
    CHECK(modelTexts(model) == storedTexts(*f.store, f.incidentId));
    CHECK(model.rowCitingExactly({f.eventIds[3], f.eventIds[2]}) == 1);
    CHECK(model.rowCitingExactly({f.eventIds[2]}) == -1);

    // An entry the day before: times now say their date.
    TimelineEntry before;
    before.timeUs = incidentNightUs - 26 * hourUs;
    before.text = QStringLiteral("Migration 0042 merged, not applied");
    QSignalSpy header(&model, &QAbstractItemModel::headerDataChanged);
    REQUIRE(model.addEntry(before));
    CHECK(header.size() == 1);
    CHECK(cell(model, 0, CuratedTimelineModel::TimeColumn) == QStringLiteral("2026-06-17 00:00:00"));
    CHECK(cell(model, 1, CuratedTimelineModel::TimeColumn) == QStringLiteral("2026-06-18 02:00:00"));

    // Removing a drafted entry: gone, and remembered so that drafting again does not bring it back.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    REQUIRE(model.entryAt(3).text == QStringLiteral("ETL run for NHS E has not completed"));
    REQUIRE(model.removeEntry(3));
    CHECK(removed.size() == 1);
    CHECK(modelTexts(model) == storedTexts(*f.store, f.incidentId));
    const auto dismissed = f.store->postmortems().dismissedDraftEvents(f.incidentId);
    REQUIRE(dismissed);
    CHECK(*dismissed == std::vector<qint64>{f.eventIds[4]});

    // A refused edit is said and changes nothing.
    QSignalSpy failed(&model, &CuratedTimelineModel::writeFailed);
    CHECK_FALSE(model.setData(model.index(0, CuratedTimelineModel::TextColumn), QStringLiteral(" ")));
    CHECK(failed.size() == 1);
    CHECK(modelTexts(model) == storedTexts(*f.store, f.incidentId));

    model.setIncident(nullptr, std::nullopt);
    CHECK(model.rowCount() == 0);
    CHECK(warnings.count() == 0);
}

TEST_CASE("RootCauseModel adds, rewords, moves and removes causes in the store's order", "[postmortem][model]")
{
    ModelTesterWarnings warnings;
    StoreFixture f;
    RootCauseModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setIncident(&f.store->postmortems(), f.incidentId);
    CHECK(model.rowCount() == 0);

    REQUIRE(model.addCause(QStringLiteral("The deploy did not apply migration 0042 first")));
    REQUIRE(model.addCause(QStringLiteral("create_post_funding retries forever")));
    REQUIRE(model.addCause(QStringLiteral("No alert on a run that keeps retrying")));
    CHECK(cell(model, 1, 0) == QStringLiteral("2.  create_post_funding retries forever"));
    CHECK(cell(model, 1, 0, Qt::EditRole) == QStringLiteral("create_post_funding retries forever"));

    // Move the last up to first: one move signal, renumbered, stored in that order.
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    REQUIRE(model.moveCause(2, 0));
    CHECK(moved.size() == 1);
    CHECK(cell(model, 0, 0).startsWith(QStringLiteral("1.  No alert")));
    CHECK(storedCauses(*f.store, f.incidentId)
        == QStringList{QStringLiteral("1 No alert on a run that keeps retrying"),
            QStringLiteral("2 The deploy did not apply migration 0042 first"),
            QStringLiteral("3 create_post_funding retries forever")});
    REQUIRE(model.moveCause(0, 1)); // down one
    CHECK(storedCauses(*f.store, f.incidentId).at(1) == QStringLiteral("2 No alert on a run that keeps retrying"));

    // Reworded in place, in its place.
    REQUIRE(model.setData(model.index(2, 0), QStringLiteral("create_post_funding has no retry limit")));
    CHECK(storedCauses(*f.store, f.incidentId)
        == QStringList{QStringLiteral("1 The deploy did not apply migration 0042 first"),
            QStringLiteral("2 No alert on a run that keeps retrying"),
            QStringLiteral("3 create_post_funding has no retry limit")});
    QSignalSpy failed(&model, &RootCauseModel::writeFailed);
    CHECK_FALSE(model.setData(model.index(2, 0), QString()));
    CHECK(failed.size() == 1);
    CHECK(storedCauses(*f.store, f.incidentId).size() == 3);

    // Inserted at a row; removed; the rest move up.
    REQUIRE(model.addCause(QStringLiteral("Review did not ask about the migration"), 1));
    CHECK(storedCauses(*f.store, f.incidentId).at(1) == QStringLiteral("2 Review did not ask about the migration"));
    REQUIRE(model.removeCause(0));
    CHECK(storedCauses(*f.store, f.incidentId)
        == QStringList{QStringLiteral("1 Review did not ask about the migration"),
            QStringLiteral("2 No alert on a run that keeps retrying"),
            QStringLiteral("3 create_post_funding has no retry limit")});
    CHECK(cell(model, 2, 0) == QStringLiteral("3.  create_post_funding has no retry limit"));
    CHECK_FALSE(model.moveCause(0, 7));
    CHECK(warnings.count() == 0);
}

TEST_CASE(
    "TimelineEntryDialog reads times in the incident's zone and keeps an untouched time exact", "[postmortem][dialog]")
{
    isolateSettings();
    TimelineEntry entry;
    entry.id = 7;
    entry.timeUs = incidentNightUs + 2 * minuteUs + 43 * usPerSecond + 185'191; // 02:02:43.185191 in London
    entry.text = QStringLiteral("create_post_funding failed");
    entry.eventIds = {3, 4};
    TimelineEntryDialog dialog(entry, london);
    CHECK(dialog.windowTitle() == QStringLiteral("Edit Timeline Entry"));
    CHECK(dialog.findChild<QLineEdit*>(QStringLiteral("entryTime"))->text()
        == QStringLiteral("2026-06-18 02:02:43.185191"));
    CHECK(dialog.canSave());
    CHECK(dialog.message() == QStringLiteral("At 2026-06-18 02:02:43 +01:00 (2026-06-18 01:02:43 UTC)."));

    // Only the note changed: the time keeps its microseconds, the events stay cited.
    dialog.setFields(QStringLiteral("2026-06-18 02:02:43.185191"), QString(), entry.text, QStringLiteral("the first"));
    auto read = dialog.entry();
    REQUIRE(read);
    CHECK(read->timeUs == entry.timeUs);
    CHECK(read->note == QStringLiteral("the first"));
    CHECK(read->eventIds == entry.eventIds);

    // A time without an offset is London's; with one, it is what it says.
    dialog.setFields(QStringLiteral("2026-06-18 02:05"), QStringLiteral("2026-06-18T01:30:00Z"), entry.text, {});
    read = dialog.entry();
    REQUIRE(read);
    CHECK(read->timeUs == incidentNightUs + 5 * minuteUs);
    CHECK(read->endUs == incidentNightUs + 30 * minuteUs);

    // What is wrong is said, and Save waits.
    dialog.setFields(QStringLiteral("2026-06-18 05:00"), QStringLiteral("2026-06-18 04:00"), entry.text, {});
    CHECK_FALSE(dialog.canSave());
    CHECK(dialog.message().startsWith(QStringLiteral("Until (2026-06-18 04:00:00) is before Time")));
    dialog.setFields(QStringLiteral("2026-03-29 01:30"), QString(), entry.text, {}); // the spring-forward gap
    CHECK_FALSE(dialog.canSave());
    CHECK(dialog.message().startsWith(QStringLiteral("Time: ")));
    dialog.setFields(QStringLiteral("2026-06-18 02:05"), QString(), QStringLiteral("  "), {});
    CHECK_FALSE(dialog.canSave());
    CHECK(dialog.message() == QStringLiteral("Say what happened."));
}
