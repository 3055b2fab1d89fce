// Tests of the desktop app: the event table model over a real store, and the main window driven
// through its public API (no dialogs), with settings redirected to a temporary folder.
#include "apptestsupport.h"
#include "eventtablemodel.h"
#include "mainwindow.h"

#include "model/timestamp.h"
#include "store/store.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QColor>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPixmap>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <vector>

namespace {

using namespace aftermath;
using desktop::EventTableModel;
using desktop::MainWindow;
using test::isolateSettings;
using test::ModelTesterWarnings;
using test::shownPage;
using test::statusText;

constexpr qint64 usPerSecond = 1'000'000;
constexpr int eventCount = 1200;
constexpr qint64 stepUs = 3 * usPerSecond;
// Row 600 is at 2026-06-18T01:00:00Z, an error with a three-line message.
constexpr int knownRow = 600;

qint64 firstEventUs()
{
    // 2026-06-18T00:30:00Z
    return model::daysFromCivil(2026, 6, 18) * 86400 * usPerSecond + 30 * 60 * usPerSecond;
}

QString knownMessage()
{
    return QStringLiteral("Deploy failed: exit code 1\n  at step migrate\n  see run 42 <b>not bold</b> & done");
}

model::Level levelFor(int i)
{
    if (i % 10 == 0)
        return model::Level::Error;
    if (i % 10 == 5)
        return model::Level::Warning;
    if (i % 10 == 9)
        return model::Level::Debug;
    return model::Level::Info;
}

const FixedClock& testClock()
{
    static const FixedClock clock(firstEventUs());
    return clock;
}

// A store at `path` with one source and `eventCount` events, added in a shuffled order so the
// model's time order comes from the store.
void createFilledStore(const QString& path)
{
    store::OpenOptions options;
    options.clock = &testClock();
    auto opened = store::Store::open(path, options);
    REQUIRE(opened);
    auto write = opened->evidence().beginEvidence();
    REQUIRE(write);

    model::Source source;
    source.path = QStringLiteral("/var/log/deploy.log");
    source.displayName = QStringLiteral("deploy.log");
    source.format = QStringLiteral("plain");
    source.importedAtUs = firstEventUs();
    source.eventCount = eventCount;
    const auto sourceId = (*write)->addSource(source);
    REQUIRE(sourceId);

    std::vector<model::Event> events;
    events.reserve(eventCount);
    for (int n = 0; n < eventCount; ++n) {
        const int i = (n * 7) % eventCount; // 7 is coprime with 1200: every i once
        model::Event e;
        e.sourceId = *sourceId;
        e.timeUs = firstEventUs() + i * stepUs;
        e.seq = i;
        e.line = i + 1;
        e.level = levelFor(i);
        e.kind = i % 50 == 0 ? model::EventKind::Deploy : model::EventKind::Log;
        e.service = i % 3 == 0 ? QStringLiteral("api") : QStringLiteral("worker");
        e.message = i == knownRow ? knownMessage() : QStringLiteral("event %1 happened").arg(i);
        events.push_back(e);
    }
    REQUIRE((*write)->addEvents(events));
    REQUIRE((*write)->commit());
}

store::Store openStore(const QString& path)
{
    store::OpenOptions options;
    options.clock = &testClock();
    auto opened = store::Store::open(path, options);
    REQUIRE(opened);
    return std::move(*opened);
}

// A temporary store holding the events createFilledStore() writes, open for the test's length.
struct FilledStore {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("events.sqlite"));
    store::Store store = createAndOpen(path);

    static store::Store createAndOpen(const QString& path)
    {
        createFilledStore(path);
        return openStore(path);
    }
};

void showAll(EventTableModel& model) { REQUIRE(model.showAllEvents()); }

QString cellText(const EventTableModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role).toString();
}

QStringList recentMenuPaths(const MainWindow& window)
{
    const auto* menu = window.findChild<QMenu*>(QStringLiteral("recentStoresMenu"));
    REQUIRE(menu);
    QStringList paths;
    for (const QAction* action : menu->actions())
        if (!action->data().toString().isEmpty())
            paths << action->data().toString();
    return paths;
}

} // namespace

TEST_CASE("EventTableModel knows every row up front and reads only the pages shown", "[model]")
{
    FilledStore filled;
    store::Store& store = filled.store;

    EventTableModel model;
    model.setStore(&store.evidence());
    CHECK(model.rowCount() == 0);
    showAll(model);
    CHECK(model.rowCount() == eventCount);
    CHECK(model.columnCount() == 6);
    CHECK(model.keptPages() == 0);

    // Every event once, in time order, though they were added shuffled.
    for (int row = 0; row < model.rowCount(); ++row)
        REQUIRE(model.eventAt(row)->event.timeUs == firstEventUs() + row * stepUs);
    CHECK(model.keptPages() == (eventCount + EventTableModel::pageSize - 1) / EventTableModel::pageSize);

    // The last row first: one page read, the one holding it.
    EventTableModel again;
    again.setStore(&store.evidence());
    showAll(again);
    CHECK(cellText(again, eventCount - 1, EventTableModel::MessageColumn)
        == QStringLiteral("event %1 happened").arg(eventCount - 1));
    CHECK(again.keptPages() == 1);

    // Rows by time and by event.
    CHECK(model.rowAtOrAfter(firstEventUs()) == 0);
    CHECK(model.rowAtOrAfter(firstEventUs() + knownRow * stepUs) == knownRow);
    CHECK(model.rowAtOrAfter(firstEventUs() + knownRow * stepUs - 1) == knownRow);
    CHECK(model.rowAtOrAfter(firstEventUs() + knownRow * stepUs + 1) == knownRow + 1);
    CHECK(model.rowAtOrAfter(firstEventUs() + eventCount * stepUs) == eventCount);
    CHECK(model.rowOfEvent(model.eventAt(knownRow)->event.id) == knownRow);
    CHECK(model.rowOfEvent(-5) == -1);
}

TEST_CASE("EventTableModel keeps at most its page budget however far it is scrolled", "[model]")
{
    QTemporaryDir dir;
    store::Store store = openStore(dir.filePath(QStringLiteral("big.sqlite")));
    constexpr int big = EventTableModel::pageSize * EventTableModel::cachedPages * 2 + 17;
    {
        auto write = store.evidence().beginEvidence();
        REQUIRE(write);
        const auto sourceId = (*write)->addSource(test::makeSource(QStringLiteral("big.log")));
        REQUIRE(sourceId);
        std::vector<model::Event> events;
        for (int i = 0; i < big; ++i)
            events.push_back(test::makeEvent(*sourceId, firstEventUs() + i * usPerSecond, i,
                QStringLiteral("line %1 of a long log").arg(i)));
        REQUIRE((*write)->addEvents(events));
        REQUIRE((*write)->commit());
    }
    EventTableModel model;
    model.setStore(&store.evidence());
    showAll(model);
    REQUIRE(model.rowCount() == big);
    int most = 0;
    for (int row = 0; row < big; row += 97) {
        REQUIRE(cellText(model, row, EventTableModel::MessageColumn) == QStringLiteral("line %1 of a long log").arg(row));
        most = std::max(most, model.keptPages());
    }
    CHECK(most == EventTableModel::cachedPages);
    // Back to the top: read again, correctly.
    CHECK(cellText(model, 0, EventTableModel::MessageColumn) == QStringLiteral("line 0 of a long log"));
    CHECK(cellText(model, big - 1, EventTableModel::MessageColumn)
        == QStringLiteral("line %1 of a long log").arg(big - 1));
}

TEST_CASE("EventTableModel passes QAbstractItemModelTester through resets, new positions and zone change", "[model]")
{
    FilledStore filled;
    store::Store& store = filled.store;

    ModelTesterWarnings warnings;
    EventTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);

    model.setStore(&store.evidence());
    showAll(model);
    CHECK(model.rowCount() == eventCount);
    model.setDisplayZone(QTimeZone::utc());
    model.setDisplayZone(QTimeZone("Asia/Kolkata"));
    store::EventQuery errors;
    errors.levels = {model::Level::Error};
    auto found = store.evidence().findEventPositions(errors);
    REQUIRE(found);
    model.setPositions(*found, model::TextQuery::parse(u"happened"));
    CHECK(model.rowCount() == eventCount / 10);
    model.setStore(nullptr);
    CHECK(model.rowCount() == 0);
    model.setPositions(*found); // no store: nothing to show
    CHECK(model.rowCount() == 0);
    model.setStore(&store.evidence());
    showAll(model);
    CHECK(model.rowCount() > 0);

    CHECK(warnings.count() == 0);
}

TEST_CASE("EventTableModel marks where the text query is found in the message", "[model]")
{
    FilledStore filled;
    EventTableModel model;
    model.setStore(&filled.store.evidence());
    store::EventQuery query;
    query.text = model::TextQuery::parse(u"happen deploy -nothing");
    auto found = filled.store.evidence().findEventPositions(query);
    REQUIRE(found);
    model.setPositions(*found, query.text);
    // "Deploy failed ..." has no "happen"; every other event has no "deploy" in its text.
    CHECK(model.rowCount() == 0);

    query.text = model::TextQuery::parse(u"deploy");
    found = filled.store.evidence().findEventPositions(query);
    REQUIRE(found);
    model.setPositions(*found, query.text);
    REQUIRE(model.rowCount() == 1);
    CHECK(cellText(model, 0, EventTableModel::MessageColumn) == QStringLiteral("Deploy failed: exit code 1"));
    const QVariantList ranges = model.data(model.index(0, EventTableModel::MessageColumn), EventTableModel::HighlightRole).toList();
    REQUIRE(ranges.size() == 1);
    CHECK(ranges.front().toPoint() == QPoint(0, 6));
    CHECK_FALSE(model.data(model.index(0, EventTableModel::TimeColumn), EventTableModel::HighlightRole).isValid());
}

TEST_CASE("EventTableModel without a store is empty", "[model]")
{
    EventTableModel model;
    CHECK(model.rowCount() == 0);
    CHECK(model.showAllEvents());
    CHECK(model.rowCount() == 0);
    CHECK(model.store() == nullptr);
    CHECK(model.displayZone() == QTimeZone::systemTimeZone());
    CHECK(model.headerData(EventTableModel::TimeColumn, Qt::Horizontal).toString() == QStringLiteral("Time"));
    CHECK(model.headerData(EventTableModel::SourceColumn, Qt::Horizontal).toString() == QStringLiteral("Source"));
    CHECK(model.headerData(EventTableModel::MessageColumn, Qt::Horizontal).toString() == QStringLiteral("Message"));
}

TEST_CASE("EventTableModel shows times in the display zone with their offset", "[model]")
{
    FilledStore filled;
    store::Store& store = filled.store;

    EventTableModel model;
    model.setStore(&store.evidence());
    showAll(model);
    REQUIRE(model.rowCount() > knownRow);
    REQUIRE(model::formatUtc(model.eventAt(knownRow)->event.timeUs) == QStringLiteral("2026-06-18T01:00:00.000000Z"));

    const QTimeZone london("Europe/London");
    REQUIRE(london.isValid());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDisplayZone(london);
    CHECK(changed.size() == 1);
    // The date and offset always (events come from any day), a fraction only when there is one.
    CHECK(cellText(model, knownRow, EventTableModel::TimeColumn) == QStringLiteral("2026-06-18 02:00:00 +01:00"));
    CHECK(cellText(model, knownRow, EventTableModel::TimeColumn, Qt::ToolTipRole)
              .contains(QStringLiteral("2026-06-18T01:00:00.000000Z")));

    model.setDisplayZone(QTimeZone("America/New_York"));
    CHECK(cellText(model, knownRow, EventTableModel::TimeColumn) == QStringLiteral("2026-06-17 21:00:00 -04:00"));

    model.setDisplayZone(QTimeZone::utc());
    CHECK(cellText(model, knownRow, EventTableModel::TimeColumn) == QStringLiteral("2026-06-18 01:00:00 UTC"));

    model.setDisplayZone(QTimeZone::utc()); // unchanged: no signal
    CHECK(changed.size() == 3);
}

TEST_CASE("EventTableModel cells: source, level, message lines and colours", "[model]")
{
    FilledStore filled;
    store::Store& store = filled.store;

    EventTableModel model;
    model.setStore(&store.evidence());
    showAll(model);
    REQUIRE(model.rowCount() > knownRow);

    CHECK(cellText(model, knownRow, EventTableModel::SourceColumn) == QStringLiteral("deploy.log:601"));
    CHECK(cellText(model, knownRow, EventTableModel::LevelColumn) == QStringLiteral("error"));
    CHECK(cellText(model, knownRow, EventTableModel::KindColumn) == QStringLiteral("deploy"));
    CHECK(cellText(model, knownRow, EventTableModel::ServiceColumn) == QStringLiteral("api"));
    CHECK(cellText(model, knownRow, EventTableModel::MessageColumn) == QStringLiteral("Deploy failed: exit code 1"));
    // The full message, escaped so that log text is never rendered as rich text.
    const QString toolTip = cellText(model, knownRow, EventTableModel::MessageColumn, Qt::ToolTipRole);
    CHECK(toolTip.contains(QStringLiteral("see run 42 &lt;b&gt;not bold&lt;/b&gt; &amp; done")));
    CHECK(toolTip.contains(QStringLiteral("exit code 1\n  at step migrate")));
    CHECK(cellText(model, 1, EventTableModel::MessageColumn) == QStringLiteral("event 1 happened"));

    const auto foreground
        = [&](int row) { return model.data(model.index(row, EventTableModel::MessageColumn), Qt::ForegroundRole); };
    const QColor error = foreground(knownRow).value<QColor>();
    REQUIRE(error.isValid());
    CHECK(error.red() > 150);
    CHECK(error.green() < 80);
    CHECK(error.blue() < 80);

    const QColor warning = foreground(5).value<QColor>(); // i % 10 == 5: warning
    REQUIRE(warning.isValid());
    CHECK(warning != error);
    CHECK(warning.red() > warning.green());
    CHECK(warning.green() > warning.blue());

    CHECK_FALSE(foreground(1).isValid()); // info: the palette's colour
}

TEST_CASE("EventTableModel reports a store error once and shows nothing for rows it cannot read", "[model]")
{
    FilledStore filled;
    store::Store& store = filled.store;

    EventTableModel model;
    model.setStore(&store.evidence());
    showAll(model);
    REQUIRE(model.rowCount() == eventCount);
    CHECK(cellText(model, 0, EventTableModel::MessageColumn) == QStringLiteral("event 0 happened"));

    // Another connection takes the event blocks away underneath the model.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("saboteur"));
        db.setDatabaseName(filled.path);
        REQUIRE(db.open());
        QSqlQuery query(db);
        INFO(query.lastError().text().toStdString());
        REQUIRE(query.exec(QStringLiteral("ALTER TABLE event_blocks RENAME TO event_blocks_gone")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));

    QSignalSpy failed(&model, &EventTableModel::loadFailed);
    // The page already read still shows; the others show nothing, and the failure is told once.
    CHECK(cellText(model, 1, EventTableModel::MessageColumn) == QStringLiteral("event 1 happened"));
    CHECK(cellText(model, eventCount - 1, EventTableModel::MessageColumn).isEmpty());
    CHECK(cellText(model, eventCount - 300, EventTableModel::MessageColumn).isEmpty());
    REQUIRE(failed.size() == 1);
    CHECK(failed.at(0).at(0).toString().contains(QStringLiteral("event_blocks")));
    CHECK_FALSE(model.eventAt(eventCount - 1));
    CHECK(model.rowCount() == eventCount);
}

TEST_CASE("MainWindow opens stores, keeps the last one on failure and remembers recent stores", "[window]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString filledPath = dir.filePath(QStringLiteral("incident-42.sqlite"));
    const QString emptyPath = dir.filePath(QStringLiteral("fresh.sqlite"));
    const QString garbagePath = dir.filePath(QStringLiteral("garbage.sqlite"));
    createFilledStore(filledPath);

    MainWindow window;
    QWidget* view = window.eventsView();
    auto* placeholder = window.findChild<QLabel*>(QStringLiteral("emptyPlaceholder"));
    REQUIRE(view);
    REQUIRE(placeholder);
    CHECK(window.currentWorkspace() == nullptr);
    CHECK(shownPage(window) == placeholder);
    CHECK(window.size() == QSize(1200, 760));

    QString error;
    REQUIRE(window.openStore(filledPath, &error));
    test::waitForEvents(window);
    CHECK(error.isEmpty());
    CHECK(window.windowTitle() == QStringLiteral("Aftermath — incident-42.sqlite"));
    CHECK(shownPage(window) == view);
    CHECK(window.eventModel()->rowCount() == eventCount);
    CHECK(statusText(window).contains(QLocale().toString(eventCount) + QStringLiteral(" events")));
    CHECK(statusText(window).contains(QDir::toNativeSeparators(filledPath)));

    SECTION("a file that is not a store is refused and the open store stays")
    {
        QFile garbage(garbagePath);
        REQUIRE(garbage.open(QIODevice::WriteOnly));
        REQUIRE(garbage.write(QByteArray("this is not an SQLite database\n").repeated(64)) > 0);
        garbage.close();

        QString garbageError;
        CHECK_FALSE(window.openStore(garbagePath, &garbageError));
        CHECK(garbageError.contains(garbagePath));
        CHECK(garbageError.contains(QStringLiteral("not an SQLite database")));
        REQUIRE(window.currentWorkspace());
        CHECK(window.currentWorkspace()->path() == QFileInfo(filledPath).absoluteFilePath());
        CHECK(window.windowTitle().contains(QStringLiteral("incident-42.sqlite")));
        CHECK(shownPage(window) == view);
        CHECK(window.eventModel()->rowCount() == eventCount);
        CHECK(window.recentStores() == QStringList{QFileInfo(filledPath).absoluteFilePath()});
    }

    SECTION("a new, empty store shows the placeholder and both go to Open Recent")
    {
        REQUIRE_FALSE(QFileInfo::exists(emptyPath));
        REQUIRE(window.openStore(emptyPath, &error));
        CHECK(QFileInfo::exists(emptyPath));
        CHECK(window.windowTitle() == QStringLiteral("Aftermath — fresh.sqlite"));
        CHECK(shownPage(window) == placeholder);
        CHECK(placeholder->text().contains(QStringLiteral("No events in this store yet")));
        CHECK(placeholder->text().contains(QStringLiteral("once logs are imported")));
        CHECK(placeholder->text().contains(QDir::toNativeSeparators(emptyPath).toHtmlEscaped()));
        CHECK(statusText(window).contains(QStringLiteral("0 events")));

        const QStringList expected{QFileInfo(emptyPath).absoluteFilePath(), QFileInfo(filledPath).absoluteFilePath()};
        CHECK(window.recentStores() == expected);
        CHECK(recentMenuPaths(window) == expected);
        CHECK(QSettings().value(QStringLiteral("recentStores")).toStringList() == expected);

        // Persisted: a new window starts with the same list.
        MainWindow second;
        CHECK(second.recentStores() == expected);
        CHECK(recentMenuPaths(second) == expected);

        // Reopening moves a store to the front without duplicating it.
        REQUIRE(window.openStore(filledPath));
        CHECK(window.recentStores() == QStringList{expected.at(1), expected.at(0)});
        CHECK(shownPage(window) == view);
    }
}

TEST_CASE("Open Recent keeps the eight most recent stores", "[window]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QStringList paths;
    for (int i = 0; i < 10; ++i)
        paths << QFileInfo(dir.filePath(QStringLiteral("store-%1.sqlite").arg(i))).absoluteFilePath();

    MainWindow window;
    CHECK(window.recentStores().isEmpty());
    for (const QString& path : paths)
        REQUIRE(window.openStore(path));
    REQUIRE(window.openStore(paths.at(5)));

    const QStringList expected{paths[5], paths[9], paths[8], paths[7], paths[6], paths[4], paths[3], paths[2]};
    CHECK(window.recentStores() == expected);
    CHECK(recentMenuPaths(window) == expected);
    CHECK(QSettings().value(QStringLiteral("recentStores")).toStringList() == expected);
}

TEST_CASE("MainWindow screenshot with a filled store", "[window][screenshot]")
{
    isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("incident-42.sqlite"));
    createFilledStore(path);

    MainWindow window;
    REQUIRE(window.openStore(path));
    test::waitForEvents(window);
    window.eventModel()->setDisplayZone(QTimeZone("Europe/London"));
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));

    const QPixmap shot = window.grab();
    REQUIRE_FALSE(shot.isNull());
    CHECK(shot.deviceIndependentSize().toSize() == window.size());
    const QString file = test::screenshotPath(QStringLiteral("mainwindow.png"));
    CHECK(shot.save(file));
    const QImage saved(file);
    CHECK_FALSE(saved.isNull());
    CHECK(saved.size() == shot.size());

    // The scroll bar covers every event from the start; scrolling to the end reads the last page.
    auto* view = window.findChild<QTableView*>(QStringLiteral("eventsView"));
    REQUIRE(view);
    REQUIRE(window.eventModel()->rowCount() == eventCount);
    view->scrollToBottom();
    QCoreApplication::processEvents();
    CHECK(view->rowAt(view->viewport()->height() - 2) == eventCount - 1);
}
