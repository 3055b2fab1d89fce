// Tests of the Timeline tab on noisy logs: the background group (entries steady since before the
// incident, Entry::background) as one row that expands and collapses, under QAbstractItemModelTester
// with precise signals; the template an entry's events share in the evidence pane; and the new and
// surging messages in the findings panel. The window's test imports a seeded noisy day
// (tests/data/noisyday) through the window, as a user would, with screenshots under the build tree.
#include "apptestsupport.h"
#include "evidencepane.h"
#include "filterbar.h"
#include "incidentdialog.h"
#include "incidentlistmodel.h"
#include "findingspanel.h"
#include "mainwindow.h"
#include "noisyday.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include "model/timestamp.h"
#include "timeline/templateminer.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace {

using namespace aftermath;
using desktop::MainWindow;
using desktop::TimelineModel;
using desktop::TimelineView;
using model::EventKind;
using test::isolateSettings;
using test::ModelTesterWarnings;
using timeline::Entry;
using timeline::Finding;

constexpr qint64 usPerSecond = 1'000'000;
constexpr int waitMs = 120'000;

// 2026-07-01 hh:mm UTC.
qint64 utc(int hour, int minute)
{
    return model::daysFromCivil(2026, 7, 1) * 86400 * usPerSecond + (qint64(hour) * 3600 + minute * 60) * usPerSecond;
}

Entry entry(qint64 timeUs, EventKind kind, const QString& summary, bool key, bool background, qint64 count = 1,
    std::optional<qint64> endUs = std::nullopt, const QString& source = QStringLiteral("edge.log"))
{
    Entry e;
    e.timeUs = timeUs;
    e.endUs = endUs;
    e.kind = kind;
    e.source = source;
    e.summary = summary;
    e.count = count;
    e.key = key;
    e.background = background;
    e.eventIds = {timeUs / usPerSecond};
    return e;
}

// A day in the shape of the noisy day's: steady traffic and cache lines from midnight (background),
// a deploy, a plain line, slow requests (background), the incident's errors and alert, and the
// errors' repeats after it (background again).
timeline::Timeline noisyTimeline()
{
    timeline::Timeline t;
    t.fromUs = utc(0, 0);
    t.toUs = utc(23, 59);
    t.entries = {
        entry(utc(0, 0), EventKind::Log, QStringLiteral("GET /v1/users/1 200 82ms"), false, true, 100, utc(8, 50)),
        entry(utc(0, 1), EventKind::Log, QStringLiteral("evicted 729 keys from sessions"), false, true, 20, utc(8, 0),
            QStringLiteral("cache.log")),
        entry(utc(1, 0), EventKind::Deploy, QStringLiteral("Deployed payments-api v2.14.0"), true, false),
        entry(utc(1, 30), EventKind::Log, QStringLiteral("config reloaded"), false, false),
        entry(utc(2, 0), EventKind::Log, QStringLiteral("GET /v1/items/7 503 29700ms"), false, true, 5, utc(7, 0)),
        entry(utc(3, 0), EventKind::Error, QStringLiteral("charge failed for customer cus_1"), true, false, 50,
            utc(3, 59), QStringLiteral("payments.log")),
        entry(utc(4, 0), EventKind::Alert, QStringLiteral("PaymentsErrorRate firing"), true, false, 1, std::nullopt,
            QStringLiteral("alerts.log")),
        entry(utc(5, 0), EventKind::Error, QStringLiteral("charge declined for customer cus_2"), false, true, 3,
            utc(8, 0), QStringLiteral("payments.log")),
    };
    return t;
}

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

// The entry indices of the rows, the group's row as -1.
std::vector<int> rowEntries(const TimelineModel& model)
{
    std::vector<int> rows;
    for (int row = 0; row < model.rowCount(); ++row)
        rows.push_back(model.isGroupRow(row) ? -1 : int(model.entryIndexAt(row)));
    return rows;
}

QString saveShot(QWidget& widget, const QString& name)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QPixmap shot = widget.grab();
    REQUIRE_FALSE(shot.isNull());
    const QString file = test::screenshotPath(name);
    REQUIRE(shot.save(file));
    return file;
}

} // namespace

TEST_CASE("TimelineModel folds the background into one row that expands and collapses with precise signals",
    "[timeline][model][background]")
{
    ModelTesterWarnings warnings;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setTimeline(noisyTimeline(), QTimeZone::utc());
    CHECK(model.entryCount() == 8);
    CHECK(model.keyEntryCount() == 3);
    CHECK(model.backgroundEntryCount() == 4);

    // Collapsed: the group's row where its first entry begins (the top), then the key entries.
    CHECK(rowEntries(model) == std::vector<int>{-1, 2, 5, 6});
    CHECK(model.groupRow() == 0);
    CHECK(model.isGroupRow(0));
    CHECK_FALSE(model.isGroupRow(1));
    const QString events = QLocale().toString(128);
    CHECK(cell(model, 0, TimelineModel::SummaryColumn)
        == QStringLiteral("Background: 4 entries, %1 events, steady since before the incident (click to expand)")
               .arg(events));
    CHECK(cell(model, 0, TimelineModel::SummaryColumn, TimelineModel::SummaryRole)
        == QStringLiteral("Background: 4 entries, %1 events, steady since before the incident").arg(events));
    CHECK(cell(model, 0, TimelineModel::TimeColumn) == QStringLiteral("00:00:00–08:50:00"));
    CHECK(cell(model, 0, TimelineModel::KindColumn) == QStringLiteral("background"));
    CHECK(cell(model, 0, TimelineModel::SourceColumn) == QStringLiteral("edge.log, cache.log, payments.log"));
    CHECK(model.data(model.index(0, 0), TimelineModel::BackgroundGroupRole).toBool());
    CHECK_FALSE(model.data(model.index(0, 0), TimelineModel::ExpandedRole).toBool());
    CHECK_FALSE(model.data(model.index(1, 0), TimelineModel::BackgroundGroupRole).toBool());
    CHECK(model.data(model.index(0, TimelineModel::SummaryColumn), Qt::ForegroundRole).value<QColor>().isValid());
    CHECK(model.backgroundGroup().entries == 4);
    CHECK(model.backgroundGroup().events == 128);
    // In time order: the group's row is at its first entry's time.
    CHECK(model.rowAtOrAfter(utc(0, 0)) == 0);
    CHECK(model.rowAtOrAfter(utc(0, 30)) == 1);
    CHECK(model.rowOfEntry(0) == -1);
    CHECK(model.rowOfEntry(5) == 2);
    CHECK(model.rowCiting(utc(3, 0) / usPerSecond) == 2);

    // Expanded: its entries in time order, one stretch each, the row itself changed.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setBackgroundExpanded(true);
    CHECK(reset.isEmpty());
    CHECK(removed.isEmpty());
    REQUIRE(inserted.size() == 3);
    CHECK(inserted.at(0).at(1).toInt() == 1);
    CHECK(inserted.at(0).at(2).toInt() == 2);
    CHECK(inserted.at(1).at(1).toInt() == 4);
    CHECK(inserted.at(2).at(1).toInt() == 7);
    CHECK(rowEntries(model) == std::vector<int>{-1, 0, 1, 2, 4, 5, 6, 7});
    REQUIRE(changed.size() == 1);
    CHECK(changed.at(0).at(0).toModelIndex().row() == 0);
    CHECK(changed.at(0).at(1).toModelIndex().row() == 0);
    CHECK(cell(model, 0, TimelineModel::SummaryColumn).endsWith(QStringLiteral("(click to collapse)")));
    CHECK(model.data(model.index(0, 0), TimelineModel::ExpandedRole).toBool());
    // Its entries are marked, and muted whatever their kind.
    CHECK(model.data(model.index(7, 0), TimelineModel::BackgroundEntryRole).toBool());
    CHECK_FALSE(model.data(model.index(6, 0), TimelineModel::BackgroundEntryRole).toBool());
    CHECK(model.data(model.index(7, TimelineModel::KindColumn), Qt::ForegroundRole)
        == model.data(model.index(0, TimelineModel::KindColumn), Qt::ForegroundRole));
    CHECK(model.data(model.index(5, TimelineModel::KindColumn), Qt::ForegroundRole)
        != model.data(model.index(7, TimelineModel::KindColumn), Qt::ForegroundRole));
    CHECK(cell(model, 7, TimelineModel::SummaryColumn, Qt::ToolTipRole).contains(QStringLiteral("In the background")));
    CHECK(model.rowOfEntry(0) == 1);
    model.setBackgroundExpanded(true); // unchanged: no signal
    CHECK(inserted.size() == 3);

    // Collapsed again: the same stretches go.
    model.setBackgroundExpanded(false);
    CHECK(removed.size() == 3);
    CHECK(rowEntries(model) == std::vector<int>{-1, 2, 5, 6});

    // Every entry: the background's entries shown, marked, and the group's row gone.
    model.setShowAll(true);
    CHECK(rowEntries(model) == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
    CHECK(model.groupRow() == -1);
    CHECK(model.data(model.index(0, 0), TimelineModel::BackgroundEntryRole).toBool());
    CHECK_FALSE(model.data(model.index(3, 0), TimelineModel::BackgroundEntryRole).toBool());
    model.setShowAll(false);
    CHECK(rowEntries(model) == std::vector<int>{-1, 2, 5, 6});

    // A new timeline keeps the group expanded; clear() collapses it.
    model.setBackgroundExpanded(true);
    model.setTimeline(noisyTimeline(), QTimeZone::utc());
    CHECK(model.backgroundExpanded());
    CHECK(model.rowCount() == 8);
    model.clear();
    CHECK_FALSE(model.backgroundExpanded());
    CHECK(model.groupRow() == -1);
    CHECK(warnings.count() == 0);
}

TEST_CASE("TimelineModel's filter and time range find inside the background group, which counts what they leave",
    "[timeline][model][background]")
{
    ModelTesterWarnings warnings;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setTimeline(noisyTimeline(), QTimeZone::utc());

    // "charge": the incident's errors, and their repeats after it, in the background; the group's
    // row moves to where that one begins and counts it.
    store::EventQuery query;
    query.text = model::TextQuery::parse(QStringLiteral("charge"));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setFilter(query, {});
    CHECK(reset.isEmpty());
    CHECK(rowEntries(model) == std::vector<int>{5, -1});
    CHECK(model.groupRow() == 1);
    CHECK(cell(model, 1, TimelineModel::SummaryColumn)
              .startsWith(QStringLiteral("Background: 1 of 4 entries, 3 events, steady since before the incident")));
    CHECK(cell(model, 1, TimelineModel::TimeColumn) == QStringLiteral("05:00:00–08:00:00"));
    model.setBackgroundExpanded(true);
    CHECK(rowEntries(model) == std::vector<int>{5, -1, 7});
    // Narrowed further while expanded: the row stays, and says so.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    query.text = model::TextQuery::parse(QStringLiteral("declined"));
    model.setFilter(query, {});
    CHECK(rowEntries(model) == std::vector<int>{-1, 7});
    // Nothing of the background found: no row for it.
    query.text = model::TextQuery::parse(QStringLiteral("deployed"));
    model.setFilter(query, {});
    CHECK(rowEntries(model) == std::vector<int>{2});
    CHECK(model.groupRow() == -1);
    // Found in the group only: the row and its entries.
    query.text = model::TextQuery::parse(QStringLiteral("GET"));
    model.setFilter(query, {});
    CHECK(rowEntries(model) == std::vector<int>{-1, 0, 4});
    CHECK(cell(model, 0, TimelineModel::SummaryColumn)
              .startsWith(QStringLiteral("Background: 2 of 4 entries, 105 events")));
    model.setFilter({}, {});
    CHECK(rowEntries(model) == std::vector<int>{-1, 0, 1, 2, 4, 5, 6, 7});

    // A time range: the background entries that overlap it, the row's count changing with it.
    model.setBackgroundExpanded(false);
    changed.clear();
    model.setTimeRange(std::pair{utc(8, 10), utc(9, 0)});
    CHECK(rowEntries(model) == std::vector<int>{-1});
    CHECK(model.backgroundGroup().entries == 1);
    model.setTimeRange(std::pair{utc(7, 30), utc(9, 0)});
    CHECK(rowEntries(model) == std::vector<int>{-1});
    CHECK(model.backgroundGroup().entries == 3);
    // The row stayed and stands for more: its cells changed.
    REQUIRE_FALSE(changed.isEmpty());
    CHECK(changed.back().at(0).toModelIndex().row() == 0);
    CHECK(cell(model, 0, TimelineModel::SummaryColumn).startsWith(QStringLiteral("Background: 3 of 4 entries")));
    CHECK(reset.isEmpty());
    CHECK(warnings.count() == 0);
}

TEST_CASE("A timeline without background entries has no background row", "[timeline][model][background]")
{
    TimelineModel model;
    timeline::Timeline t = noisyTimeline();
    for (Entry& e : t.entries)
        e.background = false;
    model.setTimeline(t, QTimeZone::utc());
    CHECK(model.backgroundEntryCount() == 0);
    CHECK(model.groupRow() == -1);
    CHECK(rowEntries(model) == std::vector<int>{2, 5, 6});
    model.setBackgroundExpanded(true);
    CHECK(rowEntries(model) == std::vector<int>{2, 5, 6});
}

TEST_CASE("A noisy day's Timeline tab: the background in one row, the template of an entry's events, what surged",
    "[timeline][window][background][screenshot]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString logs = dir.filePath(QStringLiteral("noisy"));
    noisyday::Truth truth;
    REQUIRE(noisyday::write(logs, {50'000, 1}, &truth).isEmpty());

    MainWindow window;
    REQUIRE(window.openStore(dir.filePath(QStringLiteral("noisy.sqlite"))));
    window.resize(1280, 800);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    TimelineView& view = *window.timelineView();
    TimelineModel& model = *view.model();
    ModelTesterWarnings warnings;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);

    QSignalSpy imported(&window, &MainWindow::importFinished);
    REQUIRE(window.importPaths({logs}));
    REQUIRE(imported.wait(waitMs));
    REQUIRE(window.lastImport());
    REQUIRE(window.lastImport()->errorCount() == 0);
    // The whole day, in UTC.
    model::Incident incident;
    incident.title = QStringLiteral("Charges failing");
    incident.fromUs = truth.dayStartUs;
    incident.toUs = truth.dayEndUs - usPerSecond;
    incident.displayZone = QStringLiteral("UTC");
    QSignalSpy shown(&view, &TimelineView::timelineShown);
    REQUIRE(window.createIncident(incident));
    REQUIRE(shown.wait(waitMs));
    REQUIRE_FALSE(view.isBusy());
    REQUIRE_FALSE(view.lastError());

    // Collapsed: one muted row for the background, at the top where it begins, then the key entries.
    const int background = model.backgroundEntryCount();
    REQUIRE(background > 5);
    REQUIRE(model.groupRow() == 0);
    CHECK(model.rowCount() == model.keyEntryCount() + 1);
    for (int row = 1; row < model.rowCount(); ++row)
        CHECK(model.entryAt(row).key);
    const QString groupText = cell(model, 0, TimelineModel::SummaryColumn);
    INFO(groupText.toStdString());
    CHECK(groupText.startsWith(QStringLiteral("Background: %1 entries, ").arg(background)));
    CHECK(groupText.endsWith(QStringLiteral("events, steady since before the incident (click to expand)")));
    CHECK(model.backgroundGroup().events > 40'000); // the day's steady traffic
    // The header: the key entries, the background apart.
    CHECK(view.subtitle().contains(
        QStringLiteral("%1 key entries of %2 (%3 in the background)")
            .arg(model.keyEntryCount())
            .arg(QLocale().toString(model.entryCount()), QLocale().toString(background))));
    saveShot(window, QStringLiteral("timeline-noisy-day.png"));

    // A click on the row expands it; its entries follow it, muted.
    QTableView& table = *view.table();
    window.tabs()->setCurrentWidget(&view);
    table.setFocus();
    const int keyRows = model.rowCount();
    QTest::mouseClick(table.viewport(), Qt::LeftButton, {},
        table.visualRect(model.index(0, TimelineModel::SummaryColumn)).center());
    CHECK(view.backgroundExpanded());
    CHECK(model.rowCount() == keyRows + background);
    CHECK(model.entryAt(1).background);
    CHECK(cell(model, 0, TimelineModel::SummaryColumn).endsWith(QStringLiteral("(click to collapse)")));
    REQUIRE(table.selectionModel()->selectedRows().size() == 1);
    CHECK(table.selectionModel()->selectedRows().front().row() == 0);
    CHECK(view.evidencePane()->toPlainText().startsWith(QStringLiteral("The background: ")));
    CHECK_FALSE(view.addToPostmortemAction()->isEnabled());
    saveShot(window, QStringLiteral("timeline-noisy-day-expanded.png"));

    // Enter collapses it, and expands it again; from one of its entries Left goes back to its row.
    QTest::keyClick(&table, Qt::Key_Return);
    CHECK_FALSE(view.backgroundExpanded());
    CHECK(model.rowCount() == keyRows);
    QTest::keyClick(&table, Qt::Key_Enter);
    CHECK(view.backgroundExpanded());
    table.selectRow(2);
    QTest::keyClick(&table, Qt::Key_Left);
    REQUIRE(table.selectionModel()->selectedRows().size() == 1);
    CHECK(table.selectionModel()->selectedRows().front().row() == 0);
    // Collapsed with one of its entries selected: its row is selected instead.
    table.selectRow(1);
    view.setBackgroundExpanded(false);
    REQUIRE(table.selectionModel()->selectedRows().size() == 1);
    CHECK(table.selectionModel()->selectedRows().front().row() == 0);

    // The surging error: its events, with the template they share above them.
    const int errorRow = [&] {
        for (int row = 1; row < model.rowCount(); ++row)
            if (model.entryAt(row).kind == EventKind::Error && model.entryAt(row).count > 100)
                return row;
        return -1;
    }();
    REQUIRE(errorRow > 0);
    const Entry& error = model.entryAt(errorRow);
    CHECK(error.templateText.contains(QStringLiteral("charge failed for customer cus_<*>")));
    table.selectRow(errorRow);
    CHECK(view.evidencePane()->templateText() == error.templateText);
    const QString evidence = view.evidencePane()->toPlainText();
    CHECK(evidence.contains(QStringLiteral("Template: ") + error.templateText));
    CHECK(evidence.section(u'\n', 1, 1).startsWith(QStringLiteral("Template: "))); // under the caption
    // Each event says what it puts where the template varies: the customer, the status, the request.
    const model::StoredEvent& firstShown = view.evidencePane()->events().front();
    const QStringList values = timeline::templateParameters(error.templateText, firstShown.event.message);
    REQUIRE(values.size() == 3);
    CHECK(firstShown.event.message.contains(QStringLiteral("cus_") + values[0] + u':'));
    CHECK(values[1] == QStringLiteral("502"));
    CHECK(evidence.contains(QStringLiteral("values: ") + values.join(QStringLiteral(", "))));
    saveShot(window, QStringLiteral("timeline-noisy-day-template.png"));
    // A single event: no template.
    const int deployRow = [&] {
        for (int row = 1; row < model.rowCount(); ++row)
            if (model.entryAt(row).kind == EventKind::Deploy)
                return row;
        return -1;
    }();
    REQUIRE(deployRow > 0);
    REQUIRE(model.entryAt(deployRow).count == 1);
    table.selectRow(deployRow);
    CHECK(view.evidencePane()->templateText().isEmpty());
    CHECK_FALSE(view.evidencePane()->toPlainText().contains(QStringLiteral("Template:")));

    // The findings panel: the new and surging messages, in the timeline's order.
    const QString panel = view.findingsPanel()->toPlainText();
    CHECK(panel.contains(QStringLiteral("NEW AND SURGING MESSAGES")));
    std::vector<qsizetype> at;
    for (const Finding& f : model.timeline().findings) {
        if (f.type != Finding::Type::NewTemplate && f.type != Finding::Type::RateChange)
            continue;
        at.push_back(panel.indexOf(f.summary));
        CHECK(at.back() > panel.indexOf(QStringLiteral("NEW AND SURGING MESSAGES")));
    }
    REQUIRE(at.size() >= 2);
    CHECK(std::is_sorted(at.begin(), at.end()));

    // The filter bar finds inside the background: the row counts what it found there.
    desktop::FilterBar& bar = *window.eventsView()->filterBar();
    bar.textField()->setFocus();
    QTest::keyClicks(bar.textField(), QStringLiteral("evicted"));
    QTest::keyClick(bar.textField(), Qt::Key_Return);
    REQUIRE(model.groupRow() >= 0);
    CHECK(model.backgroundGroup().entries > 0);
    CHECK(model.backgroundGroup().entries < background);
    CHECK(cell(model, model.groupRow(), TimelineModel::SummaryColumn)
              .startsWith(QStringLiteral("Background: %1 of %2 entries")
                      .arg(model.backgroundGroup().entries)
                      .arg(background)));
    view.setBackgroundExpanded(true);
    int found = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.isGroupRow(row) || !model.entryAt(row).background)
            continue;
        CHECK(model.entryAt(row).summary.contains(QStringLiteral("evicted")));
        ++found;
    }
    CHECK(found == model.backgroundGroup().entries);
    bar.clear();
    CHECK(model.rowCount() == keyRows + background);

    // Every entry: no group's row, the background marked; the selection goes from the row to its
    // first entry, and back.
    view.setBackgroundExpanded(false);
    table.selectRow(0);
    view.setShowAll(true);
    REQUIRE(table.selectionModel()->selectedRows().size() == 1);
    CHECK(model.entryAt(table.selectionModel()->selectedRows().front().row()).background);
    CHECK(model.groupRow() == -1);
    CHECK(model.rowCount() == model.entryCount());
    int marked = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        marked += model.data(model.index(row, 0), TimelineModel::BackgroundEntryRole).toBool();
    CHECK(marked == background);
    view.setShowAll(false);
    CHECK(model.groupRow() == 0);
    REQUIRE(table.selectionModel()->selectedRows().size() == 1);
    CHECK(table.selectionModel()->selectedRows().front().row() == 0);
    CHECK(warnings.count() == 0);
}

TEST_CASE("Window and Baseline: an incident that starts mid-surge is told from the background once its baseline is "
          "set, and keeps it",
    "[timeline][window][background][dialog][screenshot]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString logs = dir.filePath(QStringLiteral("noisy"));
    noisyday::Truth truth;
    REQUIRE(noisyday::write(logs, {30'000, 5}, &truth).isEmpty());
    const QString path = dir.filePath(QStringLiteral("noisy.sqlite"));

    MainWindow window;
    REQUIRE(window.openStore(path));
    window.resize(1280, 800);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    TimelineView& view = *window.timelineView();
    const TimelineModel& model = *view.model();
    QSignalSpy imported(&window, &MainWindow::importFinished);
    REQUIRE(window.importPaths({logs}));
    REQUIRE(imported.wait(waitMs));
    REQUIRE(window.lastImport()->errorCount() == 0);

    // From 15:00, an hour into the surge (14:00-16:00): the automatic baseline, the two hours before
    // the window, holds the surge's first hour, so nothing in the window is new or surging.
    model::Incident incident;
    incident.title = QStringLiteral("Charges still failing");
    incident.fromUs = utc(15, 0);
    incident.toUs = utc(17, 0);
    incident.displayZone = QStringLiteral("UTC");
    QSignalSpy shown(&view, &TimelineView::timelineShown);
    REQUIRE(window.createIncident(incident));
    REQUIRE(shown.wait(waitMs));
    REQUIRE_FALSE(view.lastError());
    const auto surging = [&model] {
        return std::count_if(model.timeline().findings.begin(), model.timeline().findings.end(), [](const Finding& f) {
            return f.type == Finding::Type::NewTemplate || f.type == Finding::Type::RateChange;
        });
    };
    CHECK(surging() == 0);
    REQUIRE(model.timeline().baseline);
    CHECK(model.timeline().baseline->first == utc(13, 0));
    CHECK(view.subtitle().contains(QStringLiteral("baseline 2026-07-01 13:00–15:00")));
    CHECK(view.subtitle().contains(QStringLiteral("(automatic)")));

    // Incident › Window and Baseline: the incident's window, in its zone, and an empty baseline.
    QAction* action = window.findChild<QAction*>(QStringLiteral("windowAction"));
    REQUIRE(action);
    REQUIRE(action->isEnabled());
    action->trigger();
    desktop::IncidentDialog* dialog = window.windowDialog();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK(dialog->windowModality() == Qt::WindowModal);
    CHECK(dialog->findChild<QLineEdit*>(QStringLiteral("incidentFrom"))->text() == QStringLiteral("2026-07-01 15:00:00"));
    CHECK(dialog->findChild<QLineEdit*>(QStringLiteral("baselineFrom"))->text().isEmpty());
    // A quiet morning as the baseline, typed as a user would.
    QLineEdit* baselineFrom = dialog->findChild<QLineEdit*>(QStringLiteral("baselineFrom"));
    QLineEdit* baselineTo = dialog->findChild<QLineEdit*>(QStringLiteral("baselineTo"));
    QTest::keyClicks(baselineFrom, QStringLiteral("2026-07-01 10:00"));
    CHECK_FALSE(dialog->canAccept());
    QTest::keyClicks(baselineTo, QStringLiteral("2026-07-01 12:00"));
    REQUIRE(dialog->canAccept());
    saveShot(*dialog, QStringLiteral("window-baseline-dialog-noisy.png"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("saveWindowButton")), Qt::LeftButton);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    CHECK_FALSE(window.windowDialog());

    // Kept in the store, and the timeline reconstructed against it: the surge and the new errors.
    const auto stored = window.currentWorkspace()->postmortems().incident(*window.currentIncidentId());
    REQUIRE(stored);
    REQUIRE(stored->baseline);
    CHECK(*stored->baseline == std::pair{utc(10, 0), utc(12, 0)});
    CHECK(stored->fromUs == incident.fromUs);
    REQUIRE((view.isBusy() ? shown.wait(waitMs) : true));
    REQUIRE_FALSE(view.isBusy());
    REQUIRE(model.timeline().baseline);
    CHECK(*model.timeline().baseline == std::pair{utc(10, 0), utc(12, 0)});
    CHECK(surging() >= 2);
    // What the baseline already had (the scheduled jobs) is background now.
    CHECK(model.backgroundEntryCount() > 0);
    for (const Entry& e : model.timeline().entries)
        if (e.source.endsWith(QStringLiteral("jobs.log")) && e.kind == EventKind::JobStart)
            CHECK(e.background);
    const QString subtitle = view.subtitle();
    INFO(subtitle.toStdString());
    CHECK(subtitle.contains(QStringLiteral("baseline 2026-07-01 10:00–12:00")));
    CHECK(subtitle.contains(QStringLiteral("(set)")));
    CHECK(view.findingsPanel()->toPlainText().contains(QStringLiteral("NEW AND SURGING MESSAGES")));
    window.tabs()->setCurrentWidget(&view);
    saveShot(window, QStringLiteral("timeline-baseline-set.png"));

    // The incident list and the dialog opened again show the new baseline.
    CHECK(window.incidentModel()->incidentAt(0).baseline == stored->baseline);
    action->trigger();
    REQUIRE(window.windowDialog());
    CHECK(window.windowDialog()->findChild<QLineEdit*>(QStringLiteral("baselineFrom"))->text()
        == QStringLiteral("2026-07-01 10:00:00"));
    window.windowDialog()->reject();
}
