// Tests of incidents and timelines in the desktop app: the timeline and incident models under
// QAbstractItemModelTester, the New Incident dialog's checks, and the real MainWindow showing the
// bundled example incident (imported through the window, as a user would), with screenshots
// saved under the build tree.
#include "apptestsupport.h"
#include "chartwidget.h"
#include "curatedtimelinemodel.h"
#include "eventtablemodel.h"
#include "evidencepane.h"
#include "findingspanel.h"
#include "incidentdialog.h"
#include "incidentlistmodel.h"
#include "mainwindow.h"
#include "postmortemview.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include "model/timestamp.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QPixmap>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextBoundaryFinder>
#include <QTextLayout>
#include <QTextDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>

#include <algorithm>

namespace {

using namespace aftermath;
using desktop::IncidentListModel;
using desktop::MainWindow;
using desktop::IncidentDialog;
using desktop::TimelineModel;
using desktop::TimelineView;
using model::EventKind;
using test::exampleIncident;
using test::isolateSettings;
using test::ModelTesterWarnings;
using timeline::Entry;
using timeline::Finding;

constexpr qint64 usPerSecond = 1'000'000;
constexpr int waitMs = 120'000;
const QString examples = QStringLiteral(AFTERMATH_EXAMPLES);
const QTimeZone london(QByteArrayLiteral("Europe/London"));

// 2026-06-18 hh:mm:ss UTC.
qint64 utc(int hour, int minute, int second = 0)
{
    return model::daysFromCivil(2026, 6, 18) * 86400 * usPerSecond
        + (qint64(hour) * 3600 + minute * 60 + second) * usPerSecond;
}

Entry entry(qint64 timeUs, EventKind kind, const QString& summary, bool key, qint64 count = 1,
    std::optional<qint64> endUs = std::nullopt)
{
    Entry e;
    e.timeUs = timeUs;
    e.endUs = endUs;
    e.kind = kind;
    e.source = QStringLiteral("evidence/etl.log");
    e.summary = summary;
    e.count = count;
    e.key = key;
    e.eventIds = {timeUs / usPerSecond};
    return e;
}

// A small timeline in the shape of the example's night: 01:00 to 09:00 UTC (02:00 to 10:00 BST),
// key entries with stretches of plain log lines between them.
timeline::Timeline nightTimeline()
{
    timeline::Timeline t;
    t.fromUs = utc(0, 0);
    t.toUs = utc(9, 0);
    t.entries = {
        entry(utc(0, 25, 7), EventKind::Merge, QStringLiteral("PR #412 merged"), true),
        entry(utc(0, 26), EventKind::Log, QStringLiteral("deploy step 1"), false),
        entry(utc(0, 27), EventKind::Log, QStringLiteral("deploy step 2"), false),
        entry(utc(0, 31, 12), EventKind::CiRun, QStringLiteral("Deploy ETL completed"), true),
        entry(utc(1, 0, 5), EventKind::Log, QStringLiteral("loading rows"), false),
        entry(utc(1, 2, 43), EventKind::Error,
            QStringLiteral("create_post_funding failed for tenant NHS E\nTraceback (most recent call last):"), true,
            129, utc(7, 27, 43)),
        entry(utc(3, 0), EventKind::Alert, QStringLiteral("ETL run has not completed"), true),
        entry(utc(4, 39), EventKind::Log, QStringLiteral("rerun on :41"), false),
    };
    Finding first;
    first.type = Finding::Type::FirstError;
    first.timeUs = utc(1, 2, 43);
    first.summary = QStringLiteral("First error: create_post_funding failed");
    first.eventIds = {utc(1, 2, 43) / usPerSecond};
    Finding suspect;
    suspect.type = Finding::Type::SuspectChange;
    suspect.timeUs = utc(0, 25, 7);
    suspect.rank = 1;
    suspect.summary = QStringLiteral("PR #412 merged <main>");
    suspect.reason = QStringLiteral("merge 37 min before the first error");
    suspect.eventIds = {utc(0, 25, 7) / usPerSecond};
    t.findings = {first, suspect};
    t.phases.trigger = utc(0, 25, 7);
    t.phases.impactStart = utc(1, 2, 43);
    t.phases.detected = utc(3, 0);
    return t;
}

QString cell(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

QStringList summaries(const TimelineModel& model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << cell(model, row, TimelineModel::SummaryColumn);
    return list;
}

// A window on a new store in a temporary folder, shown (offscreen) at 1280x800.
struct WindowFixture {
    QTemporaryDir dir;
    QString storePath = dir.filePath(QStringLiteral("example.sqlite"));
    MainWindow window;
    QSignalSpy shown{window.timelineView(), &TimelineView::timelineShown};
    QSignalSpy imported{&window, &MainWindow::importFinished};

    WindowFixture()
    {
        REQUIRE(dir.isValid());
        REQUIRE(window.openStore(storePath));
        window.setImportZone(london);
        window.resize(1280, 800);
        window.show();
        REQUIRE(QTest::qWaitForWindowExposed(&window));
    }

    void importExample()
    {
        REQUIRE(window.importPaths({examples + QStringLiteral("/etl-incident")}));
        REQUIRE(imported.wait(waitMs));
        REQUIRE(window.lastImport());
        REQUIRE(window.lastImport()->errorCount() == 0);
    }

    void waitForTimeline()
    {
        if (shown.isEmpty())
            REQUIRE(shown.wait(waitMs));
        shown.clear();
        CHECK_FALSE(window.timelineView()->isBusy());
    }

    TimelineView& view() { return *window.timelineView(); }
    TimelineModel& model() { return *window.timelineView()->model(); }
};

// A screenshot under the build tree (next to the test executable), never the source tree.
QString saveShot(QWidget& widget, const QString& name)
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // as the event loop would first
    const QPixmap shot = widget.grab();
    REQUIRE_FALSE(shot.isNull());
    const QString file = test::screenshotPath(name);
    REQUIRE(shot.save(file));
    CHECK(QImage(file).size() == shot.size());
    return file;
}

int rowWhere(const TimelineModel& model, const std::function<bool(const Entry&)>& test)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (test(model.entryAt(row)))
            return row;
    return -1;
}

} // namespace

TEST_CASE("TimelineModel shows key entries, then every entry, with precise signals", "[timeline][model]")
{
    ModelTesterWarnings warnings;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    CHECK(model.rowCount() == 0);
    CHECK(model.columnCount() == TimelineModel::ColumnCount);
    CHECK(model.headerData(TimelineModel::TimeColumn, Qt::Horizontal).toString() == QStringLiteral("Time"));

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setTimeline(nightTimeline(), london);
    CHECK(reset.size() == 1);
    CHECK(model.entryCount() == 8);
    CHECK(model.keyEntryCount() == 4);
    REQUIRE(model.rowCount() == 4);
    CHECK(summaries(model)
        == QStringList{QStringLiteral("PR #412 merged"), QStringLiteral("Deploy ETL completed"),
            QStringLiteral("create_post_funding failed for tenant NHS E ×129"),
            QStringLiteral("ETL run has not completed")});
    CHECK(model.headerData(TimelineModel::TimeColumn, Qt::Horizontal).toString() == QStringLiteral("Time (UTC+01:00)"));

    // The collapsed error: a range in the incident's zone, the count after the first line.
    CHECK(cell(model, 2, TimelineModel::TimeColumn) == QStringLiteral("02:02:43–08:27:43"));
    CHECK(cell(model, 2, TimelineModel::KindColumn) == QStringLiteral("error"));
    CHECK(cell(model, 2, TimelineModel::SourceColumn) == QStringLiteral("evidence/etl.log"));
    CHECK(model.data(model.index(2, 0), TimelineModel::CountRole).toLongLong() == 129);
    CHECK(
        cell(model, 2, 0, TimelineModel::SummaryRole) == QStringLiteral("create_post_funding failed for tenant NHS E"));
    CHECK(cell(model, 2, TimelineModel::TimeColumn, Qt::ToolTipRole).contains(QStringLiteral("129 events")));
    CHECK(cell(model, 2, TimelineModel::TimeColumn, Qt::ToolTipRole)
              .contains(QStringLiteral("2026-06-18 08:27:43.000000 +01:00")));
    CHECK(cell(model, 2, TimelineModel::SummaryColumn, Qt::ToolTipRole).contains(QStringLiteral("Traceback")));
    CHECK(cell(model, 0, TimelineModel::TimeColumn) == QStringLiteral("01:25:07"));
    CHECK(cell(model, 1, TimelineModel::KindColumn) == QStringLiteral("CI run"));
    const QColor error = model.data(model.index(2, TimelineModel::KindColumn), Qt::ForegroundRole).value<QColor>();
    REQUIRE(error.isValid());
    CHECK(error.red() > 150);
    CHECK(error.green() < 80);

    // Every entry: each stretch of plain entries goes in where it belongs, one signal each.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setShowAll(true);
    CHECK(reset.size() == 1);
    REQUIRE(inserted.size() == 3);
    CHECK(inserted.at(0).at(1).toInt() == 1);
    CHECK(inserted.at(0).at(2).toInt() == 2);
    CHECK(inserted.at(1).at(1).toInt() == 4);
    CHECK(inserted.at(2).at(1).toInt() == 7);
    REQUIRE(model.rowCount() == 8);
    for (int row = 0; row < 8; ++row)
        CHECK(model.entryIndexAt(row) == std::size_t(row));
    CHECK(cell(model, 1, TimelineModel::SummaryColumn) == QStringLiteral("deploy step 1"));
    CHECK(model.data(model.index(1, TimelineModel::SummaryColumn), Qt::ForegroundRole).value<QColor>().isValid());
    CHECK_FALSE(model.data(model.index(0, TimelineModel::SummaryColumn), Qt::ForegroundRole).isValid());
    CHECK(model.rowOfEntry(5) == 5);
    CHECK(model.rowAtOrAfter(utc(1, 0)) == 4);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setShowAll(false);
    CHECK(removed.size() == 3);
    CHECK(model.rowCount() == 4);
    CHECK(model.rowOfEntry(5) == 2);
    CHECK(model.rowOfEntry(4) == -1); // hidden
    CHECK(model.rowCiting(utc(1, 2, 43) / usPerSecond) == 2);
    CHECK(model.rowAtOrAfter(utc(1, 0)) == 2);
    model.setShowAll(false); // unchanged: no signal
    CHECK(removed.size() == 3);

    model.clear();
    CHECK(model.rowCount() == 0);
    CHECK(warnings.count() == 0);
}

TEST_CASE("TimelineModel resets for show all when there are many stretches to insert", "[timeline][model]")
{
    ModelTesterWarnings warnings;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    timeline::Timeline t;
    t.fromUs = utc(0, 0);
    t.toUs = utc(9, 0);
    for (int i = 0; i < 1000; ++i)
        t.entries.push_back(
            entry(utc(0, 0) + i * usPerSecond, EventKind::Log, QStringLiteral("line %1").arg(i), i % 2));
    model.setTimeline(t, QTimeZone::utc());
    CHECK(model.rowCount() == 500);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setShowAll(true);
    CHECK(reset.size() == 1);
    CHECK(inserted.isEmpty());
    CHECK(model.rowCount() == 1000);
    CHECK(cell(model, 999, TimelineModel::SummaryColumn) == QStringLiteral("line 999"));
    model.setShowAll(false);
    CHECK(model.rowCount() == 500);
    CHECK(cell(model, 0, TimelineModel::SummaryColumn) == QStringLiteral("line 1"));
    CHECK(warnings.count() == 0);
}

TEST_CASE("TimelineModel lists only the entries of a time range, with precise signals", "[timeline][model][chart]")
{
    ModelTesterWarnings warnings;
    TimelineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setTimeline(nightTimeline(), london);
    REQUIRE(model.rowCount() == 4);

    // 01:00 to 03:00 UTC: the error (02:02:43–08:27:43 there, so it overlaps) and the alert at 03:00.
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setTimeRange(std::pair{utc(1, 0), utc(3, 0)});
    CHECK(reset.isEmpty());
    REQUIRE(removed.size() == 1);
    CHECK(removed.at(0).at(1).toInt() == 0);
    CHECK(removed.at(0).at(2).toInt() == 1);
    CHECK(summaries(model)
        == QStringList{QStringLiteral("create_post_funding failed for tenant NHS E ×129"),
            QStringLiteral("ETL run has not completed")});
    CHECK(model.rowOfEntry(0) == -1);
    CHECK(model.rowOfEntry(5) == 0);

    // Every entry of the range: the plain ones in it come in where they belong.
    model.setShowAll(true);
    CHECK(inserted.size() == 1);
    CHECK(summaries(model)
        == QStringList{QStringLiteral("loading rows"), QStringLiteral("create_post_funding failed for tenant NHS E ×129"),
            QStringLiteral("ETL run has not completed")});
    // Another range: out and in at once, the rows before each stretch keeping their numbers.
    model.setTimeRange(std::pair{utc(0, 26), utc(0, 31, 12)});
    CHECK(summaries(model)
        == QStringList{QStringLiteral("deploy step 1"), QStringLiteral("deploy step 2"),
            QStringLiteral("Deploy ETL completed")});
    // An instant: only what happens then, or spans it.
    model.setTimeRange(std::pair{utc(5, 0), utc(5, 0)});
    CHECK(summaries(model) == QStringList{QStringLiteral("create_post_funding failed for tenant NHS E ×129")});
    // None: every time; a new timeline keeps the range, clear() drops it.
    model.setTimeRange(std::nullopt);
    CHECK(model.rowCount() == 8);
    model.setTimeRange(std::pair{utc(4, 0), utc(9, 0)});
    model.setTimeline(nightTimeline(), london);
    CHECK(model.timeRange());
    CHECK(summaries(model)
        == QStringList{QStringLiteral("create_post_funding failed for tenant NHS E ×129"),
            QStringLiteral("rerun on :41")});
    model.clear();
    CHECK_FALSE(model.timeRange());
    CHECK(reset.size() == 2);
    CHECK(warnings.count() == 0);
}

TEST_CASE("The findings panel keeps each time on one line when the window spans days, and breaks lines only "
          "between words",
    "[timeline][findings]")
{
    // 2026-06-30 20:00 to 2026-07-01 08:00 UTC: times carry their dates.
    timeline::Timeline t = nightTimeline();
    const qint64 shift = 12 * 86400 * usPerSecond + 23 * 3600 * usPerSecond + 51 * usPerSecond;
    t.fromUs = utc(20, 0) + 12 * 86400 * usPerSecond;
    t.toUs = t.fromUs + 12 * 3600 * usPerSecond;
    for (Entry& e : t.entries) {
        e.timeUs += shift;
        if (e.endUs)
            *e.endUs += shift;
    }
    for (Finding& f : t.findings)
        f.timeUs += shift;
    t.phases.trigger = *t.phases.trigger + shift;
    t.phases.impactStart = *t.phases.impactStart + shift;
    t.phases.detected = *t.phases.detected + shift;
    const model::WindowTimeFormat format(t.fromUs, t.toUs, QTimeZone::utc());
    REQUIRE(format.showsDates());
    REQUIRE(format.time(*t.phases.impactStart) == QStringLiteral("2026-07-01 00:03:34"));

    // In the default font and a larger one (the cells were 150 pixels whatever the font: wide enough
    // for one, not the other).
    for (const double points : {0.0, 12.0}) {
        INFO("font " << points);
        desktop::FindingsPanel panel;
        if (points > 0) {
            QFont font = panel.font();
            font.setPointSizeF(points);
            panel.setFont(font);
        }
        panel.resize(260, 700); // as narrow as the splitter lets it be
        panel.show();
        REQUIRE(QTest::qWaitForWindowExposed(&panel));
        panel.setTimeline(&t, format);
        QTextDocument* document = panel.document();
        document->setTextWidth(panel.viewport()->width());
        int times = 0;
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            document->documentLayout()->blockBoundingRect(block); // laid out
            const QString text = block.text();
            INFO(text.toStdString());
            if (text.startsWith(QStringLiteral("2026-"))) {
                ++times;
                CHECK(block.layout()->lineCount() == 1);
            }
            // Every line starts where a line may: never inside "create_post_funding" or "#412".
            QTextBoundaryFinder lines(QTextBoundaryFinder::Line, text);
            for (int i = 1; i < block.layout()->lineCount(); ++i) {
                lines.setPosition(block.layout()->lineAt(i).textStart());
                CHECK(lines.isAtBoundary());
            }
        }
        CHECK(times == 5); // three phases, the first error and the suspect
        if (points > 0)
            saveShot(panel, QStringLiteral("findings-dates.png"));
    }
}

TEST_CASE("IncidentListModel lists the latest incident first, windows in each one's zone", "[incident][model]")
{
    ModelTesterWarnings warnings;
    IncidentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);

    model::Incident night;
    night.id = 1;
    night.title = QStringLiteral("Nightly ETL failed");
    night.fromUs = utc(0, 0) - 3600 * usPerSecond;
    night.toUs = utc(9, 0);
    night.displayZone = QStringLiteral("Europe/London");
    night.severity = QStringLiteral("SEV2");
    model::Incident older = night;
    older.id = 2;
    older.title = QStringLiteral("Disk full on db-2");
    older.fromUs -= 86400 * usPerSecond * 30;
    older.toUs -= 86400 * usPerSecond * 30;
    older.displayZone = QStringLiteral("UTC");
    older.severity.clear();
    older.status = QStringLiteral("in_review");
    model.setIncidents({older, night});
    REQUIRE(model.rowCount() == 2);
    CHECK(cell(model, 0, IncidentListModel::TitleColumn) == QStringLiteral("Nightly ETL failed"));
    CHECK(cell(model, 0, IncidentListModel::WindowColumn) == QStringLiteral("2026-06-18 00:00–10:00 +01:00"));
    CHECK(cell(model, 0, IncidentListModel::SeverityColumn) == QStringLiteral("SEV2"));
    CHECK(cell(model, 0, IncidentListModel::StatusColumn) == QStringLiteral("Draft"));
    CHECK(cell(model, 1, IncidentListModel::WindowColumn) == QStringLiteral("2026-05-18 23:00 – 2026-05-19 09:00 UTC"));
    CHECK(cell(model, 1, IncidentListModel::SeverityColumn) == QStringLiteral("—"));
    CHECK(cell(model, 1, IncidentListModel::StatusColumn) == QStringLiteral("In review"));
    CHECK(cell(model, 0, IncidentListModel::WindowColumn, Qt::ToolTipRole)
              .contains(QStringLiteral("10 h 00 min in Europe/London")));
    CHECK(model.rowOf(2) == 1);
    CHECK(model.rowOf(7) == -1);

    // A zone the user chose shows every window in it.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setChosenZone(QTimeZone("America/New_York"));
    CHECK(changed.size() == 1);
    CHECK(cell(model, 0, IncidentListModel::WindowColumn)
        == QStringLiteral("2026-06-17 19:00 – 2026-06-18 05:00 -04:00"));
    CHECK(cell(model, 0, IncidentListModel::WindowColumn, Qt::ToolTipRole)
              .contains(QStringLiteral("10 h 00 min in America/New_York")));
    model.setChosenZone(std::nullopt);
    CHECK(cell(model, 0, IncidentListModel::WindowColumn) == QStringLiteral("2026-06-18 00:00–10:00 +01:00"));

    // A new incident goes in its place with one insertion.
    model::Incident middle = older;
    middle.id = 3;
    middle.fromUs += 86400 * usPerSecond;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    CHECK(model.addIncident(middle) == 1);
    REQUIRE(inserted.size() == 1);
    CHECK(inserted.at(0).at(1).toInt() == 1);
    CHECK(model.incidentAt(1).id == 3);
    CHECK(model.incidentAt(2).id == 2);
    CHECK(warnings.count() == 0);
}

TEST_CASE("The New Incident dialog says what is wrong and creates only a valid incident", "[incident][dialog]")
{
    isolateSettings();
    IncidentDialog dialog(london);
    auto* create = dialog.findChild<QPushButton*>(QStringLiteral("createIncidentButton"));
    auto* zone = dialog.findChild<QComboBox*>(QStringLiteral("incidentZone"));
    REQUIRE(create);
    REQUIRE(zone);
    CHECK(zone->currentText() == QStringLiteral("Europe/London"));

    // Empty fields are not errors yet, but Create waits for them.
    CHECK_FALSE(dialog.canAccept());
    CHECK_FALSE(create->isEnabled());
    CHECK(dialog.message() == QStringLiteral("Give the incident a title."));
    CHECK_FALSE(dialog.findChild<QLabel*>(QStringLiteral("incidentMessage"))->property("problem").toBool());

    const QString title = QStringLiteral("Nightly ETL failed");
    SECTION("from after to")
    {
        dialog.setFields(title, QStringLiteral("2026-06-18 10:00"), QStringLiteral("2026-06-18 00:00"),
            QStringLiteral("Europe/London"));
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message()
            == QStringLiteral("From (2026-06-18 10:00:00) is after To (2026-06-18 00:00:00); give the earlier time "
                              "first."));
        CHECK(dialog.findChild<QLabel*>(QStringLiteral("incidentMessage"))->property("problem").toBool());
        const auto incident = dialog.incident();
        REQUIRE_FALSE(incident);
        CHECK(incident.error().code == Error::Code::InvalidArgument);
        CHECK(incident.error().message == dialog.message());
    }
    SECTION("a zone this system does not know")
    {
        dialog.setFields(title, QStringLiteral("2026-06-18 00:00"), QStringLiteral("2026-06-18 10:00"),
            QStringLiteral("Europe/Londres"));
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message().startsWith(QStringLiteral("Time zone: \"Europe/Londres\" is not a time zone")));
        CHECK(dialog.message().contains(QStringLiteral("Europe/London")));
    }
    SECTION("a time that is not ISO 8601")
    {
        dialog.setFields(title, QStringLiteral("18/06/2026 00:00"), QStringLiteral("2026-06-18 10:00"),
            QStringLiteral("Europe/London"));
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message().startsWith(QStringLiteral("From: cannot read \"18/06/2026 00:00\" as a time")));
    }
    SECTION("a local time in the spring-forward gap")
    {
        dialog.setFields(title, QStringLiteral("2026-03-29 01:30"), QStringLiteral("2026-03-29 04:00"),
            QStringLiteral("Europe/London"));
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message().contains(QStringLiteral("daylight-saving gap")));
    }
    SECTION("a missing end")
    {
        dialog.setFields(title, QStringLiteral("2026-06-18 00:00"), QString(), QStringLiteral("Europe/London"));
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message() == QStringLiteral("Enter when the incident's window ends (To)."));
    }
    SECTION("valid fields: naive times in the zone, an offset as given")
    {
        dialog.setFields(QStringLiteral("  Nightly ETL failed "), QStringLiteral("2026-06-18 00:00"),
            QStringLiteral("2026-06-18T09:00Z"), QStringLiteral("Europe/London"), QStringLiteral("SEV2"));
        CHECK(dialog.canAccept());
        CHECK(create->isEnabled());
        CHECK(dialog.message()
            == QStringLiteral("A 10 h 00 min window: 2026-06-17 23:00 – 2026-06-18 09:00 UTC.\n"
                              "Compared with the automatic baseline."));
        const auto incident = dialog.incident();
        REQUIRE(incident);
        CHECK(incident->title == title);
        CHECK(incident->fromUs == utc(0, 0) - 3600 * usPerSecond);
        CHECK(incident->toUs == utc(9, 0));
        CHECK(incident->displayZone == QStringLiteral("Europe/London"));
        CHECK(incident->severity == QStringLiteral("SEV2"));
        CHECK_FALSE(incident->baseline);
    }
    SECTION("a baseline: both ends or neither, before the window's start")
    {
        dialog.setFields(title, QStringLiteral("2026-06-18 00:00"), QStringLiteral("2026-06-18 10:00"),
            QStringLiteral("Europe/London"));
        dialog.setBaseline(QStringLiteral("2026-06-17 20:00"), QString());
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message()
            == QStringLiteral("Enter when the baseline ends, or leave both baseline fields empty for the automatic one."));
        CHECK_FALSE(dialog.findChild<QLabel*>(QStringLiteral("incidentMessage"))->property("problem").toBool());
        dialog.setBaseline(QStringLiteral("2026-06-17 20:00"), QStringLiteral("2026-06-18 01:00"));
        CHECK_FALSE(dialog.canAccept());
        CHECK(dialog.message().startsWith(
            QStringLiteral("The baseline must end by the window's start (2026-06-18 00:00:00)")));
        CHECK(dialog.findChild<QLabel*>(QStringLiteral("incidentMessage"))->property("problem").toBool());
        dialog.setBaseline(QStringLiteral("2026-06-17 22:00"), QStringLiteral("2026-06-17 20:00"));
        CHECK(dialog.message().startsWith(QStringLiteral("The baseline's From (2026-06-17 22:00:00) is not before")));
        dialog.setBaseline(QStringLiteral("yesterday"), QStringLiteral("2026-06-17 20:00"));
        CHECK(dialog.message().startsWith(QStringLiteral("Baseline from: cannot read \"yesterday\" as a time")));

        // Read in the zone, as the window is; ending at the window's start is allowed.
        dialog.setBaseline(QStringLiteral("2026-06-17 20:00"), QStringLiteral("2026-06-18 00:00"));
        CHECK(dialog.canAccept());
        CHECK(dialog.message().endsWith(
            QStringLiteral("Compared with a 4 h 00 min baseline: 2026-06-17 19:00–23:00 UTC.")));
        const auto incident = dialog.incident();
        REQUIRE(incident);
        REQUIRE(incident->baseline);
        CHECK(incident->baseline->first == utc(19, 0) - 24 * 3600 * usPerSecond); // 20:00 in London
        CHECK(incident->baseline->second == incident->fromUs);
        // Emptied again: the automatic baseline.
        dialog.setBaseline(QString(), QString());
        CHECK(dialog.canAccept());
        CHECK_FALSE(dialog.incident()->baseline);
    }
}

TEST_CASE("The Window and Baseline dialog shows an incident's own, in the zone shown, and changes only them",
    "[incident][dialog]")
{
    isolateSettings();
    model::Incident incident;
    incident.id = 7;
    incident.title = QStringLiteral("Nightly ETL failed");
    incident.fromUs = utc(0, 0) - 3600 * usPerSecond; // 00:00 in London
    incident.toUs = utc(9, 0);
    incident.displayZone = QStringLiteral("Europe/London");
    incident.severity = QStringLiteral("SEV2");
    incident.summary = QStringLiteral("kept as it is");
    incident.baseline = std::pair{incident.fromUs - 2 * 3600 * usPerSecond, incident.fromUs};

    IncidentDialog dialog(incident, london);
    CHECK(dialog.editsIncident());
    CHECK(dialog.windowTitle() == QStringLiteral("Window and Baseline of #7"));
    // Only the window and the baseline: no title, zone or severity to change here.
    CHECK_FALSE(dialog.findChild<QLineEdit*>(QStringLiteral("incidentTitle")));
    CHECK_FALSE(dialog.findChild<QComboBox*>(QStringLiteral("incidentZone")));
    CHECK(dialog.findChild<QLineEdit*>(QStringLiteral("incidentFrom"))->text() == QStringLiteral("2026-06-18 00:00:00"));
    CHECK(dialog.findChild<QLineEdit*>(QStringLiteral("incidentTo"))->text() == QStringLiteral("2026-06-18 10:00:00"));
    CHECK(dialog.findChild<QLineEdit*>(QStringLiteral("baselineFrom"))->text() == QStringLiteral("2026-06-17 22:00:00"));
    CHECK(dialog.findChild<QLineEdit*>(QStringLiteral("baselineTo"))->text() == QStringLiteral("2026-06-18 00:00:00"));
    CHECK(dialog.canAccept());
    // Unchanged fields give the incident as it was.
    CHECK(dialog.incident() == incident);

    // A later window that keeps its baseline; times typed are read in London.
    dialog.setFields({}, QStringLiteral("2026-06-18 01:00"), QStringLiteral("2026-06-18 12:00"), {});
    dialog.setBaseline(QString(), QString());
    const auto update = dialog.update();
    REQUIRE(update);
    CHECK(update->fromUs == utc(0, 0));
    CHECK(update->toUs == utc(11, 0));
    REQUIRE(update->baseline);
    CHECK_FALSE(*update->baseline); // cleared: the automatic one
    CHECK_FALSE(update->title);
    CHECK_FALSE(update->summary);
    CHECK_FALSE(update->displayZone);
    const auto edited = dialog.incident();
    REQUIRE(edited);
    CHECK(edited->summary == incident.summary);
    CHECK(edited->severity == incident.severity);
    saveShot(dialog, QStringLiteral("window-baseline-dialog.png"));
}

TEST_CASE("New Incident in the window creates the incident and opens its timeline", "[incident][window]")
{
    isolateSettings();
    WindowFixture f;
    auto* action = f.window.findChild<QAction*>(QStringLiteral("newIncidentAction"));
    REQUIRE(action);
    CHECK(action->isEnabled());
    action->trigger();
    IncidentDialog* dialog = f.window.newIncidentDialog();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK(dialog->windowModality() == Qt::WindowModal);

    // Enter with a wrong field keeps the dialog open and creates nothing.
    dialog->setFields(QStringLiteral("Nightly ETL failed"), QStringLiteral("2026-06-18 10:00"),
        QStringLiteral("2026-06-18 00:00"), QStringLiteral("Europe/London"));
    dialog->accept();
    CHECK(dialog->isVisible());
    CHECK(f.window.incidentModel()->rowCount() == 0);
    saveShot(*dialog, QStringLiteral("new-incident-dialog-error.png"));

    dialog->setFields(QStringLiteral("Nightly ETL failed"), QStringLiteral("2026-06-18 00:00"),
        QStringLiteral("2026-06-18 10:00"), QStringLiteral("Europe/London"), QStringLiteral("SEV2"));
    saveShot(*dialog, QStringLiteral("new-incident-dialog.png"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("createIncidentButton")), Qt::LeftButton);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the dialog deletes itself on close
    CHECK_FALSE(f.window.newIncidentDialog());

    REQUIRE(f.window.incidentModel()->rowCount() == 1);
    const model::Incident& created = f.window.incidentModel()->incidentAt(0);
    CHECK(created.title == QStringLiteral("Nightly ETL failed"));
    CHECK(created.severity == QStringLiteral("SEV2"));
    const auto stored = f.window.currentWorkspace()->postmortems().incidents();
    REQUIRE(stored);
    REQUIRE(stored->size() == 1);
    CHECK(stored->front() == created);
    CHECK(f.window.currentIncidentId() == created.id);
    CHECK(f.window.tabs()->currentWidget() == &f.view());

    // An empty store: the timeline says there is nothing in the window yet.
    f.waitForTimeline();
    CHECK(f.model().rowCount() == 0);
    CHECK(
        f.view().message().startsWith(QStringLiteral("No events between 2026-06-18 00:00:00 and 2026-06-18 10:00:00")));
}

TEST_CASE("The bundled example incident's timeline in the window", "[timeline][window][screenshot]")
{
    isolateSettings();
    WindowFixture f;
    f.importExample();
    REQUIRE(f.window.createIncident(exampleIncident()));
    CHECK(f.view().isBusy());
    f.waitForTimeline();
    REQUIRE_FALSE(f.view().lastError());
    CHECK(f.view().message().isEmpty());
    CHECK(f.window.tabs()->currentWidget() == &f.view());

    TimelineModel& model = f.model();
    // Key entries by default, as the CLI shows them; quiet logs have no background, so no row for it.
    REQUIRE(model.rowCount() == model.keyEntryCount());
    CHECK(model.rowCount() > 20);
    CHECK(model.rowCount() < model.entryCount());
    CHECK(model.backgroundEntryCount() == 0);
    CHECK(model.groupRow() == -1);
    CHECK_FALSE(f.view().subtitle().contains(QStringLiteral("background")));
    CHECK(model.headerData(TimelineModel::TimeColumn, Qt::Horizontal).toString() == QStringLiteral("Time (UTC+01:00)"));
    CHECK(f.view().subtitle().contains(QStringLiteral("2026-06-18 00:00–10:00 +01:00")));
    CHECK(f.view().subtitle().contains(QStringLiteral("Europe/London")));
    CHECK(f.view().subtitle().contains(QStringLiteral("SEV2")));

    // The first error, 02:02:43 in London, collapsed with its repeats.
    const int errorRow = rowWhere(model, [](const Entry& e) { return e.kind == EventKind::Error; });
    REQUIRE(errorRow >= 0);
    CHECK(cell(model, errorRow, TimelineModel::TimeColumn).startsWith(QStringLiteral("02:02:43–")));
    CHECK(cell(model, errorRow, TimelineModel::KindColumn) == QStringLiteral("error"));
    CHECK(cell(model, errorRow, TimelineModel::SummaryColumn).contains(QStringLiteral("create_post_funding failed")));
    CHECK(cell(model, errorRow, TimelineModel::SummaryColumn).contains(QStringLiteral(" ×")));
    const auto& findings = model.timeline().findings;
    const auto firstError = std::find_if(
        findings.begin(), findings.end(), [](const Finding& x) { return x.type == Finding::Type::FirstError; });
    REQUIRE(firstError != findings.end());
    CHECK(model.timeFormat().time(firstError->timeUs) == QStringLiteral("02:02:43"));
    const auto suspects = std::count_if(
        findings.begin(), findings.end(), [](const Finding& x) { return x.type == Finding::Type::SuspectChange; });
    CHECK(suspects >= 3);

    // The panel, read by a person: phases, ranked suspects, the first error.
    const QString panel = f.view().findingsPanel()->toPlainText();
    CHECK(panel.contains(QStringLiteral("PHASES")));
    CHECK(panel.contains(QStringLiteral("Impact began\n02:02:43\n+37 min")));
    CHECK(panel.contains(QStringLiteral("SUSPECTS")));
    CHECK(panel.contains(QStringLiteral("PR #412")));
    CHECK(panel.contains(QStringLiteral("FIRST ERROR")));
    CHECK(panel.contains(QStringLiteral("UNFINISHED RUNS")));
    CHECK(
        panel.contains(QStringLiteral("Show %1 more suspects").arg(suspects - desktop::FindingsPanel::suspectsShown)));

    // Selecting the error shows its events: message, source file and line.
    f.view().table()->selectRow(errorRow);
    const auto& evidence = f.view().evidencePane()->events();
    REQUIRE_FALSE(evidence.empty());
    CHECK(evidence.front().event.id == model.entryAt(errorRow).eventIds.front());
    CHECK(evidence.front().event.message.contains(QStringLiteral("create_post_funding failed")));
    const QString evidenceText = f.view().evidencePane()->toPlainText();
    // Of every event behind it: its cycle's failures, retries and restarts, which it cites.
    CHECK(evidenceText.contains(
        QStringLiteral("the first %1 of %2 events").arg(evidence.size()).arg(model.entryAt(errorRow).eventIds.size())));
    CHECK(evidenceText.contains(evidence.front().sourceName));
    CHECK(evidenceText.contains(QStringLiteral("column \"funding_band\" does not exist")));
    // A cycle's entry ("failed → Retrying → Starting"): its first step's template is not what all
    // its events share, so none is shown.
    CHECK(model.entryAt(errorRow).summary.contains(QStringLiteral(" → ")));
    CHECK(f.view().evidencePane()->templateText().isEmpty());
    CHECK_FALSE(evidenceText.contains(QStringLiteral("Template:")));
    // Add to Postmortem cites every event behind it (the 129 errors and the retries and restarts
    // of its cycle), not only those shown.
    const Entry& error = model.entryAt(errorRow);
    CHECK(qint64(evidence.size()) == qint64(timeline::maxEvidence));
    REQUIRE(qint64(error.eventIds.size()) >= error.count);
    const auto behind = f.window.currentWorkspace()->evidence().findEvents(
        error.eventIds, error.timeUs, error.endUs.value_or(error.timeUs));
    REQUIRE(behind);
    CHECK(behind->size() == error.eventIds.size());
    CHECK(std::count_if(behind->begin(), behind->end(), [](const model::StoredEvent& e) {
        return e.event.kind == model::EventKind::Error;
    }) >= error.count);
    CHECK_FALSE(f.view().addToPostmortemAction()->toolTip().contains(QStringLiteral("the first")));
    REQUIRE(f.view().citable());
    CHECK(f.view().citable()->eventIds == error.eventIds);

    // The top suspect's evidence, from the panel's link.
    const auto top = std::find_if(findings.begin(), findings.end(),
        [](const Finding& x) { return x.type == Finding::Type::SuspectChange && x.rank == 1; });
    REQUIRE(top != findings.end());
    const int topIndex = int(top - findings.begin());
    Q_EMIT f.view().findingsPanel()->anchorClicked(QUrl(QStringLiteral("finding:%1").arg(topIndex)));
    CHECK(f.view().findingsPanel()->selectedFinding() == topIndex);
    CHECK(f.view().table()->selectionModel()->selectedRows().isEmpty());
    REQUIRE(f.view().evidencePane()->events().size() == top->eventIds.size());
    CHECK(f.view().evidencePane()->events().front().event.id == top->eventIds.front());
    CHECK(f.view().evidencePane()->toPlainText().startsWith(QStringLiteral("Suspect #1: ")));

    // A phase's time selects that moment of the timeline.
    REQUIRE(model.timeline().phases.impactStart);
    Q_EMIT f.view().findingsPanel()->anchorClicked(
        QUrl(QStringLiteral("time:%1").arg(*model.timeline().phases.impactStart)));
    REQUIRE(f.view().table()->selectionModel()->selectedRows().size() == 1);
    CHECK(f.view().table()->selectionModel()->selectedRows().front().row() == errorRow);
    CHECK(f.view().findingsPanel()->selectedFinding() == -1);

    // The screenshot people look at: the error selected, the panel and evidence beside it.
    const QString shot = saveShot(f.window, QStringLiteral("timeline-example.png"));
    INFO("screenshot: " << shot.toStdString());

    // Every entry: the selection stays on the same entry.
    const std::size_t selectedEntry = model.entryIndexAt(errorRow);
    auto* toggle = f.view().findChild<QCheckBox*>(QStringLiteral("showAllEntries"));
    REQUIRE(toggle);
    toggle->click();
    CHECK(f.view().showAll());
    CHECK(f.window.findChild<QAction*>(QStringLiteral("showAllEntriesAction"))->isChecked());
    CHECK(model.rowCount() == model.entryCount());
    const QModelIndexList selected = f.view().table()->selectionModel()->selectedRows();
    REQUIRE(selected.size() == 1);
    CHECK(model.entryIndexAt(selected.front().row()) == selectedEntry);

    // An entry that is not key: its events are read on demand.
    const int plainRow = rowWhere(model, [](const Entry& e) { return !e.key; });
    REQUIRE(plainRow >= 0);
    f.view().table()->selectRow(plainRow);
    REQUIRE(f.view().evidencePane()->events().size() == model.entryAt(plainRow).eventIds.size());
    CHECK(f.view().evidencePane()->events().front().event.id == model.entryAt(plainRow).eventIds.front());
    saveShot(f.window, QStringLiteral("timeline-example-all.png"));

    f.window.findChild<QAction*>(QStringLiteral("showAllEntriesAction"))->trigger();
    CHECK_FALSE(toggle->isChecked());
    CHECK(model.rowCount() == model.keyEntryCount());

    f.window.tabs()->setCurrentIndex(0);
    saveShot(f.window, QStringLiteral("incidents.png"));
}

TEST_CASE("After an import the selected incident's timeline is reconstructed again", "[timeline][window][import]")
{
    isolateSettings();
    WindowFixture f;
    REQUIRE(f.window.createIncident(exampleIncident()));
    f.waitForTimeline();
    CHECK(f.model().entryCount() == 0);
    CHECK(f.view().message().startsWith(QStringLiteral("No events between")));

    f.importExample();
    // The refresh started when the import ended; its result follows.
    f.waitForTimeline();
    CHECK(f.model().entryCount() > 0);
    CHECK(f.view().message().isEmpty());
    const auto& findings = f.model().timeline().findings;
    CHECK(std::any_of(
        findings.begin(), findings.end(), [](const Finding& x) { return x.type == Finding::Type::SuspectChange; }));
}

TEST_CASE("Choosing another incident while one reconstructs shows only the chosen one", "[timeline][window]")
{
    isolateSettings();
    WindowFixture f;
    f.importExample();
    model::Incident first = exampleIncident();
    model::Incident second = first;
    second.title = QStringLiteral("Reports went out incomplete");
    second.fromUs += 6 * 3600 * usPerSecond; // 06:00 to 10:00 BST
    REQUIRE(f.window.createIncident(first));
    REQUIRE(f.window.createIncident(second)); // chosen before the first's timeline arrived
    const qint64 secondId = *f.window.currentIncidentId();
    f.waitForTimeline();
    QTest::qWait(50); // a stale result, were it delivered, would arrive now
    CHECK(f.shown.isEmpty());
    REQUIRE(f.view().incident());
    CHECK(f.view().incident()->id == secondId);
    CHECK(f.model().timeline().fromUs == second.fromUs);
    CHECK(f.view().subtitle().contains(QStringLiteral("06:00–10:00")));

    // --incident ID opens on an incident; an unknown one says which there are.
    QString error;
    REQUIRE(f.window.showIncident(secondId - 1, &error));
    CHECK(f.window.currentIncidentId() == secondId - 1);
    f.waitForTimeline();
    CHECK(f.model().timeline().fromUs == first.fromUs);
    CHECK_FALSE(f.window.showIncident(99, &error));
    CHECK(error.contains(QStringLiteral("there is no incident #99")));
    CHECK(error.contains(QStringLiteral("#1, #2")));
    CHECK(f.window.currentIncidentId() == secondId - 1);
}

TEST_CASE("Opening a store with incidents shows the latest one's timeline", "[timeline][window]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("example.sqlite"));
    {
        MainWindow window;
        QSignalSpy imported(&window, &MainWindow::importFinished);
        REQUIRE(window.openStore(path));
        window.setImportZone(london);
        REQUIRE(window.importPaths({examples + QStringLiteral("/etl-incident")}));
        REQUIRE(imported.wait(waitMs));
        REQUIRE(window.createIncident(exampleIncident()));
        model::Incident older = exampleIncident();
        older.title = QStringLiteral("An older incident");
        older.fromUs -= 86400 * usPerSecond;
        older.toUs -= 86400 * usPerSecond;
        REQUIRE(window.createIncident(older));
    }
    MainWindow window;
    QSignalSpy shown(window.timelineView(), &TimelineView::timelineShown);
    REQUIRE(window.openStore(path));
    CHECK(window.tabs()->currentWidget() == window.timelineView());
    CHECK(window.currentIncidentId() == 1); // the latest window, not the latest created
    REQUIRE(shown.wait(waitMs));
    CHECK(window.timelineView()->model()->rowCount() > 0);
    CHECK(window.timelineView()->incident()->title == exampleIncident().title);
}

TEST_CASE("View › Show Times In shows every view in the zone chosen, and is remembered", "[timeline][window][zone]")
{
    isolateSettings();
    WindowFixture f;
    f.importExample();
    REQUIRE(f.window.createIncident(exampleIncident()));
    f.waitForTimeline();
    CHECK_FALSE(f.window.chosenDisplayZone());

    auto* menu = f.window.findChild<QMenu*>(QStringLiteral("shownZoneMenu"));
    REQUIRE(menu);
    const QStringList labels = test::menuTexts(*menu);
    CHECK(labels.contains(QStringLiteral("Each Incident's Own Zone")));
    CHECK(labels.contains(QStringLiteral("System Zone (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId()))));
    CHECK(labels.contains(QStringLiteral("&Other…")));
    CHECK(test::menuTexts(*menu, true) == QStringList{QStringLiteral("Each Incident's Own Zone")});

    // The incident's own zone, London, everywhere.
    TimelineModel& model = f.model();
    const auto& findings = model.timeline().findings;
    const auto firstError = std::find_if(
        findings.begin(), findings.end(), [](const Finding& x) { return x.type == Finding::Type::FirstError; });
    REQUIRE(firstError != findings.end());
    CHECK(model.timeFormat().time(firstError->timeUs) == QStringLiteral("02:02:43"));
    CHECK(f.window.eventModel()->displayZone() == london);

    // UTC, chosen in the menu: every view at once, without reconstructing.
    QAction* utcAction = test::menuAction(*menu, QStringLiteral("UTC"));
    REQUIRE(utcAction);
    utcAction->trigger();
    CHECK(f.window.chosenDisplayZone() == QTimeZone::utc());
    CHECK_FALSE(f.view().isBusy());
    CHECK(model.headerData(TimelineModel::TimeColumn, Qt::Horizontal).toString() == QStringLiteral("Time (UTC)"));
    // 23:00 to 09:00 there: two days, so times carry their date.
    CHECK(model.timeFormat().time(firstError->timeUs) == QStringLiteral("2026-06-18 01:02:43"));
    CHECK(f.view().findingsPanel()->toPlainText().contains(QStringLiteral("Impact began\n2026-06-18 01:02:43")));
    CHECK(f.view().subtitle().contains(QStringLiteral("2026-06-17 23:00 – 2026-06-18 09:00 UTC")));
    CHECK(cell(*f.window.incidentModel(), 0, IncidentListModel::WindowColumn)
        == QStringLiteral("2026-06-17 23:00 – 2026-06-18 09:00 UTC"));
    CHECK(f.window.eventModel()->displayZone() == QTimeZone::utc());
    CHECK(f.window.postmortemView()->timelineModel()->zone() == QTimeZone::utc());
    CHECK(test::menuTexts(*menu, true) == QStringList{QStringLiteral("UTC")});

    // Remembered by the next window; the system zone is remembered as such, not as its id.
    CHECK(MainWindow().chosenDisplayZone() == QTimeZone::utc());
    f.window.useSystemZoneForDisplay();
    CHECK(f.window.chosenDisplayZone() == QTimeZone::systemTimeZone());
    CHECK(QSettings().value(QStringLiteral("view/timeZone")).toString() == QStringLiteral("system"));

    // The export writes the document in the zone chosen.
    f.window.setChosenDisplayZone(QTimeZone("America/New_York"));
    CHECK(f.view().subtitle().contains(QStringLiteral("America/New_York")));
    QSignalSpy exported(&f.window, &MainWindow::exportFinished);
    report::ExportOptions options;
    options.outputPath = f.dir.filePath(QStringLiteral("pm.md"));
    REQUIRE(f.window.exportPostmortem(QStringLiteral("default"), options));
    REQUIRE(exported.wait(waitMs));
    CHECK(f.window.lastExportError().isEmpty());
    QFile file(options.outputPath);
    REQUIRE(file.open(QIODevice::ReadOnly));
    CHECK(QString::fromUtf8(file.readAll()).contains(QStringLiteral("Times are in America/New_York, UTC-04:00.")));

    // Back to each incident's own zone.
    f.window.setChosenDisplayZone(std::nullopt);
    CHECK_FALSE(MainWindow().chosenDisplayZone());
    CHECK(model.timeFormat().time(firstError->timeUs) == QStringLiteral("02:02:43"));
    CHECK(f.window.eventModel()->displayZone() == london);
}

namespace {

using desktop::ChartWidget;

// Where a point of the chart's layout is on its viewport, with its lane scrolled into sight.
QPoint onChart(ChartWidget& chart, QPointF layoutPoint)
{
    const report::ChartLayout& layout = chart.chartLayout();
    if (layoutPoint.y() >= layout.firstLaneTop && layoutPoint.y() < layout.lanesBottom) {
        QScrollBar* bar = chart.verticalScrollBar();
        bar->setValue(std::clamp(int(layoutPoint.y() - layout.firstLaneTop) - 20, 0, bar->maximum()));
    }
    const QPointF at = chart.toViewport(layoutPoint);
    REQUIRE(chart.viewport()->rect().contains(at.toPoint()));
    CHECK(chart.toLayout(at).y() == Approx(layoutPoint.y()));
    return at.toPoint();
}

void wheel(QWidget* target, QPointF at, int delta)
{
    QWheelEvent event(at, target->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
}

const report::ChartMark* markOf(const report::ChartLayout& layout, const timeline::Timeline& t,
    const std::function<bool(const Entry&)>& test)
{
    for (const report::ChartLane& lane : layout.lanes)
        for (const report::ChartMark& mark : lane.marks)
            if (test(t.entries[std::size_t(mark.entry)]))
                return &mark;
    return nullptr;
}

// How many pixels of `image` in `rect` are near `colour`.
int pixelsLike(const QImage& image, const QRect& rect, const QColor& colour)
{
    int count = 0;
    for (int y = std::max(rect.top(), 0); y <= std::min(rect.bottom(), image.height() - 1); ++y)
        for (int x = std::max(rect.left(), 0); x <= std::min(rect.right(), image.width() - 1); ++x) {
            const QColor c = image.pixelColor(x, y);
            count += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green())
                    + std::abs(c.blue() - colour.blue())
                < 60;
        }
    return count;
}

// The example incident's timeline shown in a window of `size`.
struct ChartFixture : WindowFixture {
    explicit ChartFixture(QSize size = {1280, 800})
    {
        window.resize(size);
        importExample();
        if (auto* summary = window.findChild<QDialog*>(QStringLiteral("importSummaryDialog")))
            summary->close();
        REQUIRE(window.createIncident(exampleIncident()));
        waitForTimeline();
        REQUIRE(view().chart()->isVisible());
        QCoreApplication::processEvents(); // the splitters lay out
    }
    ChartWidget& chart() { return *view().chart(); }
    int selectedEntry()
    {
        const QModelIndexList rows = view().table()->selectionModel()->selectedRows();
        return rows.size() == 1 ? int(model().entryIndexAt(rows.front().row())) : -1;
    }
};

} // namespace

TEST_CASE("The chart above the timeline: a click on a mark selects its row, a selected row is highlighted on it",
    "[timeline][chart][window]")
{
    isolateSettings();
    ChartFixture f;
    ChartWidget& chart = f.chart();
    const timeline::Timeline& t = f.model().timeline();
    const report::ChartLayout& layout = chart.chartLayout();
    REQUIRE(layout.lanes.size() >= 5);
    // Above the table, beside (not over) the findings panel.
    const auto topOf = [&](QWidget* w) { return w->mapTo(&f.window, QPoint(0, 0)); };
    CHECK(topOf(&chart).y() + chart.height() <= topOf(f.view().table()).y());
    CHECK(topOf(&chart).x() + chart.width() <= topOf(f.view().findingsPanel()).x());

    // PR #412's merge, the top suspect: its mark selects its entry in the table.
    const report::ChartMark* merge = markOf(layout, t, [](const Entry& e) {
        return e.kind == EventKind::Merge && e.summary.startsWith(QStringLiteral("Merge pull request #412"));
    });
    REQUIRE(merge);
    const int mergeEntry = merge->entry;
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, onChart(chart, merge->centre));
    CHECK(f.selectedEntry() == mergeEntry);
    CHECK(chart.selectedEntry() == mergeEntry);
    REQUIRE_FALSE(f.view().evidencePane()->events().empty());
    CHECK(f.view().evidencePane()->events().front().event.id == t.entries[std::size_t(mergeEntry)].eventIds.front());

    // The table's selection is highlighted on the chart: the collapsed error's span gets a ring.
    const int errorRow = rowWhere(f.model(), [](const Entry& e) { return e.kind == EventKind::Error; });
    REQUIRE(errorRow >= 0);
    const int errorEntry = int(f.model().entryIndexAt(errorRow));
    const report::ChartBar* span = nullptr;
    for (const report::ChartLane& lane : chart.chartLayout().lanes)
        for (const report::ChartBar& bar : lane.bars)
            if (bar.entry == errorEntry)
                span = &bar;
    REQUIRE(span);
    onChart(chart, span->rect.center());
    const QRect around = QRectF(chart.toViewport(span->rect.topLeft()), span->rect.size()).toRect().adjusted(-3, -3, 3, 3);
    const QColor highlight = chart.palette().color(QPalette::Highlight);
    const int before = pixelsLike(chart.viewport()->grab().toImage(), around, highlight);
    f.view().table()->selectRow(errorRow);
    CHECK(chart.selectedEntry() == errorEntry);
    const int after = pixelsLike(chart.viewport()->grab().toImage(), around, highlight);
    CHECK(after > before + 50);

    // Pointing at the span says when, what and how often, in the zone shown.
    const Entry& error = t.entries[std::size_t(errorEntry)];
    const QString tip = chart.toolTipAt(chart.toViewport(span->rect.center()));
    INFO(tip.toStdString());
    CHECK(tip.startsWith(f.model().timeFormat().withPrecision(model::WindowTimeFormat::Precision::Seconds).span(
        error.timeUs, error.endUs)));
    CHECK(tip.startsWith(QStringLiteral("02:02:43–")));
    CHECK(tip.contains(QStringLiteral("×%1").arg(error.count)));
    CHECK(tip.contains(error.summary.section(u'\n', 0, 0)));
    CHECK(tip.contains(error.source));

    // A run's bar shows the run's events; a suspect's callout, the suspect.
    const report::ChartBar* run = nullptr;
    for (const report::ChartLane& lane : chart.chartLayout().lanes)
        for (const report::ChartBar& bar : lane.bars)
            if (bar.run >= 0 && !run)
                run = &bar;
    REQUIRE(run);
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, onChart(chart, run->rect.center()));
    CHECK(f.view().evidencePane()->toPlainText().startsWith(QStringLiteral("Run ")));
    CHECK(f.selectedEntry() == -1);
    const report::ChartCallout* callout = nullptr;
    for (const report::ChartLane& lane : chart.chartLayout().lanes)
        for (const report::ChartCallout& c : lane.callouts)
            if (c.rank == 1)
                callout = &c;
    REQUIRE(callout);
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, onChart(chart, callout->label.bounds().center()));
    CHECK(f.view().findingsPanel()->selectedFinding() == callout->finding);
    CHECK(f.view().evidencePane()->toPlainText().startsWith(QStringLiteral("Suspect #1: ")));

    // Where nothing is drawn: the time there, for whoever listens.
    QSignalSpy clicked(&f.view(), &TimelineView::timeClicked);
    const report::ChartLane& last = chart.chartLayout().lanes.back();
    const QPointF empty(chart.chartLayout().plotRight - 3, last.rect.bottom() - 2);
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, onChart(chart, empty));
    REQUIRE(clicked.size() == 1);
    const qint64 at = clicked.front().front().toLongLong();
    CHECK(std::abs(chart.chartLayout().xOf(at) - empty.x()) <= 1);

    f.view().table()->selectRow(errorRow);
    saveShot(f.window, QStringLiteral("timeline-chart-1280.png"));
}

TEST_CASE("The chart zooms around the pointer with the wheel, pans with a drag and resets with Ctrl+0",
    "[timeline][chart][window]")
{
    isolateSettings();
    ChartFixture f;
    ChartWidget& chart = f.chart();
    const report::ChartLayout& layout = chart.chartLayout();
    const qint64 window = layout.windowToUs - layout.windowFromUs;
    CHECK_FALSE(chart.isZoomed());
    CHECK(chart.horizontalScrollBar()->maximum() == 0);

    // A notch at a quarter of the plot: 80% of the window, the time under the pointer kept.
    const double x = layout.plotLeft + (layout.plotRight - layout.plotLeft) / 4;
    const QPoint at = onChart(chart, QPointF(x, layout.lanes.front().rect.center().y()));
    const qint64 under = layout.timeAt(x);
    wheel(chart.viewport(), at, 120);
    REQUIRE(chart.isZoomed());
    qint64 span = chart.visibleToUs() - chart.visibleFromUs();
    CHECK(double(span) == Approx(0.8 * double(window)).epsilon(0.001));
    CHECK(std::abs(chart.chartLayout().timeAt(x) - under) < usPerSecond);
    CHECK(chart.visibleFromUs() > layout.windowFromUs);
    CHECK(chart.visibleToUs() < layout.windowToUs);
    wheel(chart.viewport(), at, 360);
    span = chart.visibleToUs() - chart.visibleFromUs();
    CHECK(double(span) == Approx(0.8 * 0.8 * 0.8 * 0.8 * double(window)).epsilon(0.001));
    CHECK(std::abs(chart.chartLayout().timeAt(x) - under) < usPerSecond);
    saveShot(f.window, QStringLiteral("timeline-chart-zoomed.png"));
    CHECK(chart.horizontalScrollBar()->maximum() > 0); // says where in the window it is
    CHECK(f.view().findChild<QToolButton*>(QStringLiteral("resetChartZoomButton"))->isVisible());
    // Out again, and no further than the window.
    wheel(chart.viewport(), at, -120 * 20);
    CHECK_FALSE(chart.isZoomed());
    wheel(chart.viewport(), at, 120 * 4);
    span = chart.visibleToUs() - chart.visibleFromUs();

    // A drag pans: 100 pixels to the right shows what was to the left.
    const qint64 from = chart.visibleFromUs();
    const double plot = layout.plotRight - layout.plotLeft;
    QTest::mousePress(chart.viewport(), Qt::LeftButton, {}, at);
    QTest::mouseMove(chart.viewport(), at + QPoint(50, 0));
    QTest::mouseMove(chart.viewport(), at + QPoint(100, 0));
    QTest::mouseRelease(chart.viewport(), Qt::LeftButton, {}, at + QPoint(100, 0));
    CHECK(chart.visibleToUs() - chart.visibleFromUs() == span);
    CHECK(double(from - chart.visibleFromUs()) == Approx(100 / plot * double(span)).epsilon(0.01));
    CHECK(f.selectedEntry() == -1); // a drag is not a click

    // A row selected out of sight: the chart pans to it.
    const int late = f.model().rowCount() - 1;
    const Entry& entry = f.model().entryAt(late);
    REQUIRE(entry.timeUs > chart.visibleToUs());
    f.view().table()->selectRow(late);
    CHECK(entry.timeUs >= chart.visibleFromUs());
    CHECK(entry.timeUs <= chart.visibleToUs());
    CHECK(chart.visibleToUs() - chart.visibleFromUs() == span);

    // Ctrl+0, from the chart or the table, and a double-click show the whole window again.
    f.window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&f.window));
    chart.setFocus();
    QTest::keyClick(&chart, Qt::Key_0, Qt::ControlModifier);
    CHECK_FALSE(chart.isZoomed());
    wheel(chart.viewport(), at, 240);
    f.view().table()->setFocus();
    QTest::keyClick(f.view().table(), Qt::Key_0, Qt::ControlModifier);
    CHECK_FALSE(chart.isZoomed());
    wheel(chart.viewport(), at, 240);
    REQUIRE(chart.isZoomed());
    QTest::mouseDClick(chart.viewport(), Qt::LeftButton, {}, at);
    CHECK_FALSE(chart.isZoomed());
    CHECK_FALSE(f.view().findChild<QToolButton*>(QStringLiteral("resetChartZoomButton"))->isVisible());
}

TEST_CASE("Shift+drag on the chart lists exactly the entries of that time range, and Esc or Clear lists all again",
    "[timeline][chart][window]")
{
    isolateSettings();
    ChartFixture f;
    ModelTesterWarnings warnings;
    QAbstractItemModelTester tester(&f.model(), QAbstractItemModelTester::FailureReportingMode::Warning);
    ChartWidget& chart = f.chart();
    TimelineModel& model = f.model();
    const timeline::Timeline& t = model.timeline();
    const int keyEntries = model.keyEntryCount();
    auto* label = f.view().findChild<QLabel*>(QStringLiteral("timeRangeLabel"));
    auto* clear = f.view().findChild<QToolButton*>(QStringLiteral("clearTimeRangeButton"));
    REQUIRE(label);
    REQUIRE(clear);
    CHECK_FALSE(label->isVisible());
    CHECK(f.view().findChild<QLabel*>(QStringLiteral("chartHint"))->toolTip().contains(QStringLiteral("Shift+drag")));

    // Dragged across the first lane, from and to (UTC).
    const auto pick = [&](qint64 from, qint64 to) {
        const report::ChartLayout& layout = chart.chartLayout();
        const double y = layout.lanes.front().rect.center().y();
        const QPoint start = onChart(chart, QPointF(layout.xOf(from), y));
        const QPoint end = onChart(chart, QPointF(layout.xOf(to), y));
        QTest::mousePress(chart.viewport(), Qt::LeftButton, Qt::ShiftModifier, start);
        QTest::mouseMove(chart.viewport(), (start + end) / 2);
        QTest::mouseMove(chart.viewport(), end);
        QTest::mouseRelease(chart.viewport(), Qt::LeftButton, Qt::ShiftModifier, end);
        REQUIRE(f.view().timeRange());
        // To the pixel.
        const double perPixel = double(layout.toUs - layout.fromUs) / (layout.plotRight - layout.plotLeft);
        CHECK(std::abs(f.view().timeRange()->first - from) <= qint64(perPixel));
        CHECK(std::abs(f.view().timeRange()->second - to) <= qint64(perPixel));
        return *f.view().timeRange();
    };
    const auto expected = [&](const std::pair<qint64, qint64>& range, bool all) {
        std::vector<std::size_t> entries;
        for (std::size_t i = 0; i < t.entries.size(); ++i) {
            const Entry& e = t.entries[i];
            if ((all || e.key) && e.timeUs <= range.second && e.endUs.value_or(e.timeUs) >= range.first)
                entries.push_back(i);
        }
        return entries;
    };
    const auto shown = [&] {
        std::vector<std::size_t> entries;
        for (int row = 0; row < model.rowCount(); ++row)
            entries.push_back(model.entryIndexAt(row));
        return entries;
    };

    // 02:00 to 03:00 London.
    auto range = pick(utc(1, 0), utc(2, 0));
    CHECK(shown() == expected(range, false));
    CHECK(model.rowCount() > 0);
    CHECK(model.rowCount() < keyEntries);
    CHECK(chart.timeRange() == range);
    CHECK(label->isVisible());
    // On whole minutes: a pixel is most of a minute here.
    CHECK(range.first % (60 * usPerSecond) == 0);
    CHECK(label->text() == QStringLiteral("The table lists the %1 entries from 02:00 to 03:00").arg(model.rowCount()));
    CHECK(clear->isVisible());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    CHECK(label->width() >= label->sizeHint().width()); // never cut
    saveShot(f.window, QStringLiteral("timeline-chart-range.png"));

    // Esc lists every key entry again.
    f.window.activateWindow();
    REQUIRE(QTest::qWaitForWindowActive(&f.window));
    f.view().table()->setFocus();
    QTest::keyClick(f.view().table(), Qt::Key_Escape);
    CHECK_FALSE(f.view().timeRange());
    CHECK_FALSE(chart.timeRange());
    CHECK(model.rowCount() == keyEntries);
    CHECK_FALSE(label->isVisible());

    // With every entry shown, exactly the entries in the range; Clear shows them all.
    f.view().setShowAll(true);
    range = pick(utc(4, 30), utc(5, 10));
    CHECK(shown() == expected(range, true));
    QTest::mouseClick(clear, Qt::LeftButton);
    CHECK_FALSE(f.view().timeRange());
    CHECK(model.rowCount() == model.entryCount());

    // A click on a mark the range hides shows it, range cleared.
    range = pick(utc(4, 30), utc(5, 10));
    const report::ChartMark* early
        = markOf(chart.chartLayout(), t, [&](const Entry& e) { return e.timeUs < range.first; });
    REQUIRE(early);
    const int earlyEntry = early->entry;
    QTest::mouseClick(chart.viewport(), Qt::LeftButton, {}, onChart(chart, early->centre));
    CHECK_FALSE(f.view().timeRange());
    CHECK(f.selectedEntry() == earlyEntry);
    CHECK(warnings.count() == 0);
}

TEST_CASE("The Timeline tab with its chart at 1600x1000 and 1000x700", "[timeline][chart][window][screenshot]")
{
    for (const QSize size : {QSize(1600, 1000), QSize(1000, 700)}) {
        INFO(size.width() << "x" << size.height());
        isolateSettings();
        ChartFixture f(size);
        INFO(f.window.width() << "x" << f.window.height() << " at least " << f.window.minimumSizeHint().width() << "x"
                              << f.window.minimumSizeHint().height());
        REQUIRE(f.window.size() == size);
        ChartWidget& chart = f.chart();
        const auto topLeft = [&](QWidget* w) { return w->mapTo(&f.window, QPoint(0, 0)); };
        // Room for the chart and the table, neither over the findings panel.
        CHECK(chart.height() >= size.height() / 5);
        CHECK(f.view().table()->height() >= size.height() / 5);
        CHECK(topLeft(&chart).x() + chart.width() <= topLeft(f.view().findingsPanel()).x());
        CHECK(f.view().findingsPanel()->width() >= 260);
        // The lanes under the phases and findings: at least two in sight, each its full height.
        const report::ChartLayout& layout = chart.chartLayout();
        const double lanesInSight = chart.toViewport({0, layout.lanesBottom}).y() - layout.firstLaneTop;
        CHECK(lanesInSight >= layout.lanes[0].rect.height() + layout.lanes[1].rect.height());
        CHECK(chart.chartLayout().width == chart.viewport()->width());
        // The hint says something, never a cut word.
        auto* hint = f.view().findChild<QLabel*>(QStringLiteral("chartHint"));
        CHECK_FALSE(hint->text().isEmpty());
        CHECK(hint->fontMetrics().horizontalAdvance(hint->text()) <= hint->contentsRect().width());
        const int errorRow = rowWhere(f.model(), [](const Entry& e) { return e.kind == EventKind::Error; });
        f.view().table()->selectRow(errorRow);
        saveShot(f.window, QStringLiteral("timeline-chart-%1x%2.png").arg(size.width()).arg(size.height()));
    }
}

TEST_CASE("A chart of many sources scrolls its lanes under the phases and above the axis", "[timeline][chart]")
{
    timeline::Timeline t = nightTimeline();
    for (int i = 0; i < 40; ++i) {
        Entry e = entry(utc(1, i), EventKind::Error, QStringLiteral("failure %1").arg(i), true);
        e.source = QStringLiteral("logs/service-%1/application.log").arg(i, 2, 10, QChar(u'0'));
        t.entries.push_back(e);
    }
    std::ranges::stable_sort(t.entries, {}, &Entry::timeUs);
    const model::WindowTimeFormat format(t.fromUs, t.toUs, london);
    ChartWidget chart;
    chart.resize(900, 320);
    chart.show();
    REQUIRE(QTest::qWaitForWindowExposed(&chart));
    chart.setTimeline(&t, format);
    const report::ChartLayout& layout = chart.chartLayout();
    REQUIRE(layout.lanes.size() == 41);
    // Every lane keeps its height and its name: the lanes scroll rather than squeeze.
    for (const report::ChartLane& lane : layout.lanes) {
        CHECK(lane.rect.height() >= 28);
        CHECK(lane.label.text.endsWith(QStringLiteral("application.log")) == (lane.source != QStringLiteral("evidence/etl.log")));
    }
    QScrollBar* bar = chart.verticalScrollBar();
    REQUIRE(bar->maximum() > 0);
    const double axis = chart.toViewport({0, layout.lanesBottom}).y();
    // The wheel over the lanes' names scrolls them; the phases and the axis stay where they are.
    wheel(chart.viewport(), QPointF(40, 200), -240);
    CHECK(bar->value() > 0);
    CHECK(chart.toViewport({0, layout.lanesBottom}).y() == axis);
    CHECK(chart.toViewport({0, layout.phases.front().label.at.y()}).y() == layout.phases.front().label.at.y());
    CHECK(axis == Approx(chart.viewport()->height() - (layout.height - layout.lanesBottom)));
    CHECK_FALSE(chart.isZoomed());
    // A selected entry's lane scrolls into sight.
    const int lastLane = int(layout.lanes.size()) - 1;
    int entryOfLast = -1;
    for (int i = 0; i < int(t.entries.size()); ++i)
        if (t.entries[std::size_t(i)].source == layout.lanes.back().source)
            entryOfLast = i;
    bar->setValue(0);
    chart.setSelectedEntry(entryOfLast);
    const QPointF seen = chart.toViewport(layout.lanes[std::size_t(lastLane)].rect.center());
    CHECK(seen.y() > layout.firstLaneTop);
    CHECK(seen.y() < axis);
    saveShot(chart, QStringLiteral("chart-many-lanes.png"));
}

TEST_CASE("A window with one key entry says so in the singular, and charts it", "[timeline][chart][window]")
{
    isolateSettings();
    WindowFixture f;
    f.importExample();
    model::Incident incident = exampleIncident();
    incident.fromUs = utc(0, 7); // 01:07 to 01:08 London: Alice's commit alone
    incident.toUs = utc(0, 8);
    REQUIRE(f.window.createIncident(incident));
    f.waitForTimeline();
    REQUIRE(f.model().keyEntryCount() == 1);
    CHECK(f.view().subtitle().contains(QStringLiteral("1 key entry of %1").arg(f.model().entryCount())));
    CHECK_FALSE(f.view().subtitle().contains(QStringLiteral("entries of")));
    const report::ChartLayout& layout = f.view().chart()->chartLayout();
    REQUIRE(layout.lanes.size() == 1);
    REQUIRE(layout.lanes.front().marks.size() == 1);
    CHECK(f.model().timeline().entries[std::size_t(layout.lanes.front().marks.front().entry)].summary
        == QStringLiteral("Add funding_band column to post-funding step"));
}

TEST_CASE("The Postmortem tab counts its timeline in words that fit: the empty hint whole, then 1 entry",
    "[postmortem][timeline][window]")
{
    for (const QSize size : {QSize(1600, 1000), QSize(1000, 700)}) {
        INFO(size.width() << "x" << size.height());
        isolateSettings();
        ChartFixture f(size);
        f.window.tabs()->setCurrentWidget(f.window.postmortemView());
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        auto* count = f.window.postmortemView()->findChild<QLabel*>(QStringLiteral("timelineCount"));
        REQUIRE(count);
        // Said whole, however much of it there is room for; the rest in its tooltip.
        CHECK(count->text().startsWith(QStringLiteral("empty")));
        CHECK(count->fontMetrics().horizontalAdvance(count->text()) <= count->contentsRect().width());
        CHECK(count->toolTip() == QStringLiteral("empty: draft it from the evidence, or add entries"));
        saveShot(f.window, QStringLiteral("postmortem-empty-%1x%2.png").arg(size.width()).arg(size.height()));

        f.window.tabs()->setCurrentWidget(&f.view());
        f.view().table()->selectRow(0);
        f.view().addToPostmortemAction()->trigger();
        f.window.tabs()->setCurrentWidget(f.window.postmortemView());
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        CHECK(count->text() == QStringLiteral("1 entry"));
    }
}

TEST_CASE("The findings panel counts in the singular when there is one", "[timeline][findings]")
{
    timeline::Timeline t = nightTimeline();
    for (int rank = 2; rank <= desktop::FindingsPanel::suspectsShown + 1; ++rank) {
        Finding suspect = t.findings.back();
        suspect.rank = rank;
        suspect.summary = QStringLiteral("Suspect number %1").arg(rank);
        t.findings.push_back(suspect);
    }
    timeline::Run run;
    run.job = QStringLiteral("etl-post-funding");
    run.run = QStringLiteral("NHS E");
    run.startedUs = utc(1, 0);
    run.retries = 1;
    t.runs.push_back(run);
    desktop::FindingsPanel panel;
    panel.setTimeline(&t, model::WindowTimeFormat(t.fromUs, t.toUs, london));
    const QString text = panel.toPlainText();
    CHECK(text.contains(QStringLiteral("Show 1 more suspect…")));
    CHECK(text.contains(QStringLiteral("1 retry")));
    CHECK_FALSE(text.contains(QStringLiteral("1 retries")));
}
