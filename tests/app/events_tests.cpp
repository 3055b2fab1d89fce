// The Events tab on the bundled example: scope, filter bar, highlighting and jumping to a time,
// driven through the real window (offscreen).
#include "apptestsupport.h"
#include "eventsview.h"
#include "eventtablemodel.h"
#include "filterbar.h"
#include "searchindexer.h"
#include "mainwindow.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include "model/timestamp.h"
#include "workspace/import.h"
#include "workspace/workspace.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QToolBar>
#include <QTest>

using namespace aftermath;
using desktop::EventsView;
using desktop::EventTableModel;
using desktop::MainWindow;

namespace {

// The example's store with its incident, open in a window shown at 1600x1000 on the Events tab.
struct EventsFixture {
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("example.sqlite"));
    std::unique_ptr<MainWindow> window;
    qint64 total = 0;
    qint64 inWindow = 0;

    EventsFixture()
    {
        test::isolateSettings();
        REQUIRE(dir.isValid());
        test::writeExampleStore(path);
        {
            auto store = workspace::Workspace::open(path);
            REQUIRE(store);
            total = *store->evidence().countEvents({});
            const model::Incident incident = test::exampleIncident();
            inWindow = *store->evidence().countEvents({.fromUs = incident.fromUs, .toUs = incident.toUs});
        }
        window = std::make_unique<MainWindow>();
        REQUIRE(window->openStore(path));
        window->resize(1600, 1000);
        window->show();
        REQUIRE(QTest::qWaitForWindowExposed(window.get()));
        window->tabs()->setCurrentWidget(view());
        test::waitForEvents(*window);
    }

    EventsView* view() const { return window->eventsView(); }
    EventTableModel* model() const { return window->eventModel(); }
    desktop::FilterBar* bar() const { return view()->filterBar(); }
    void typeFilter(const QString& text)
    {
        bar()->textField()->clear();
        QTest::keyClicks(bar()->textField(), text);
        QTest::keyClick(bar()->textField(), Qt::Key_Return);
        test::waitForEvents(*window);
    }
    QString message(int row) const
    {
        return model()->data(model()->index(row, EventTableModel::MessageColumn)).toString();
    }
};

} // namespace

TEST_CASE("the Events tab shows the selected incident's window, or every event when asked", "[events][window]")
{
    EventsFixture f;
    REQUIRE(f.window->currentIncidentId());
    REQUIRE(f.inWindow < f.total);
    CHECK_FALSE(f.view()->wholeStore());
    CHECK(f.model()->rowCount() == f.inWindow);
    CHECK(f.view()->statusText().contains(QStringLiteral("in the incident window")));
    const model::Incident incident = test::exampleIncident();
    for (int row : {0, int(f.inWindow) - 1}) {
        const auto event = f.model()->eventAt(row);
        REQUIRE(event);
        CHECK(event->event.timeUs >= incident.fromUs);
        CHECK(event->event.timeUs <= incident.toUs);
    }

    auto* scope = f.view()->findChild<QComboBox*>(QStringLiteral("eventsScope"));
    REQUIRE(scope);
    scope->setCurrentIndex(1);
    test::waitForEvents(*f.window);
    CHECK(f.view()->wholeStore());
    CHECK(f.model()->rowCount() == f.total);
    CHECK(f.view()->statusText().contains(QStringLiteral("in the store")));
}

TEST_CASE("the filter bar narrows the Events tab as the store finds, and marks the words found", "[events][window]")
{
    EventsFixture f;
    const workspace::Workspace& store = *f.window->currentWorkspace();
    const model::Incident incident = test::exampleIncident();

    // Ctrl+F puts the cursor in the find field, from any tab.
    f.window->tabs()->setCurrentIndex(0);
    QTest::keySequence(f.window.get(), QKeySequence::Find);
    CHECK(f.window->tabs()->currentWidget() == f.view());
    CHECK(f.bar()->textField()->hasFocus());

    f.typeFilter(QStringLiteral("fail -retry"));
    store::EventQuery expected;
    expected.fromUs = incident.fromUs;
    expected.toUs = incident.toUs;
    expected.text = model::TextQuery::parse(u"fail -retry");
    const auto wanted = store.evidence().findEventPositions(expected);
    REQUIRE(wanted);
    REQUIRE_FALSE(wanted->empty());
    REQUIRE(f.model()->rowCount() == int(wanted->size()));
    for (int row = 0; row < f.model()->rowCount(); ++row) {
        const auto event = f.model()->eventAt(row);
        REQUIRE(event);
        CHECK(event->event.id == (*wanted)[std::size_t(row)].id);
        CHECK(expected.text.matches(event->event));
    }
    CHECK(f.view()->statusText().contains(QStringLiteral("of %1 events in the incident window match")
                                              .arg(QLocale().toString(f.inWindow))));
    // The message column marks each "fail..." that starts a word of a message.
    int marked = 0;
    for (int row = 0; row < f.model()->rowCount(); ++row) {
        const QVariantList ranges
            = f.model()->data(f.model()->index(row, EventTableModel::MessageColumn), EventTableModel::HighlightRole).toList();
        for (const QVariant& range : ranges) {
            CHECK(f.message(row).mid(range.toPoint().x(), 4).compare(u"fail", Qt::CaseInsensitive) == 0);
            ++marked;
        }
    }
    CHECK(marked > 0);

    // A level on top of the text.
    auto* level = f.bar()->levelChoice();
    level->setCurrentIndex(level->findText(QStringLiteral("Error and above")));
    test::waitForEvents(*f.window);
    for (int row = 0; row < f.model()->rowCount(); ++row)
        CHECK(f.model()->eventAt(row)->event.level >= model::Level::Error);
    const int errors = f.model()->rowCount();
    CHECK(errors > 0);
    CHECK(errors < int(wanted->size()));

    // Esc clears the whole filter.
    f.bar()->textField()->setFocus();
    QTest::keyClick(f.bar()->textField(), Qt::Key_Escape);
    test::waitForEvents(*f.window);
    CHECK(f.bar()->isEmpty());
    CHECK(f.model()->rowCount() == f.inWindow);

    // A filter that finds nothing says so.
    f.typeFilter(QStringLiteral("\"no such phrase anywhere\""));
    CHECK(f.model()->rowCount() == 0);
    CHECK(f.view()->statusText().startsWith(QStringLiteral("0 of ")));

    const QPixmap shot = f.window->grab();
    CHECK(shot.save(test::screenshotPath(QStringLiteral("events-filter-empty.png"))));
    f.typeFilter(QStringLiteral("failed"));
    CHECK(f.window->grab().save(test::screenshotPath(QStringLiteral("events-filter.png"))));
}

TEST_CASE("jumping to a time selects the first event at or after it, on the day shown", "[events][window]")
{
    EventsFixture f;
    auto* table = f.view()->table();
    const model::Incident incident = test::exampleIncident();
    // 02:02:43 London is the example's first error; its events are shown in London time.
    auto* jump = f.view()->findChild<QLineEdit*>(QStringLiteral("eventsJump"));
    REQUIRE(jump);
    QTest::keyClicks(jump, QStringLiteral("02:02:43"));
    QTest::keyClick(jump, Qt::Key_Return);
    const qint64 target = *model::parseIsoTime(u"2026-06-18T02:02:43+01:00", QTimeZone::utc());
    const int row = table->currentIndex().row();
    REQUIRE(row >= 0);
    CHECK(f.model()->eventAt(row)->event.timeUs >= target);
    if (row > 0)
        CHECK(f.model()->eventAt(row - 1)->event.timeUs < target);
    CHECK(table->rowAt(0) == row); // scrolled to the top of the table

    // A full date and time, with its own offset; and one that cannot be read.
    QString error;
    REQUIRE(f.view()->jumpTo(QStringLiteral("2026-06-18T00:30:00Z"), &error));
    const int second = table->currentIndex().row();
    CHECK(f.model()->eventAt(second)->event.timeUs >= *model::parseIsoTime(u"2026-06-18T00:30:00Z", QTimeZone::utc()));
    CHECK_FALSE(f.view()->jumpTo(QStringLiteral("half past two"), &error));
    CHECK(error.contains(QStringLiteral("half past two")));
    CHECK(table->currentIndex().row() == second);
    // Past the end: the last event.
    f.view()->jumpTo(incident.toUs + 1);
    CHECK(table->currentIndex().row() == f.model()->rowCount() - 1);
}

TEST_CASE("the Events tab finds again after an import, keeping the event selected", "[events][window]")
{
    EventsFixture f;
    auto* table = f.view()->table();
    const int row = f.model()->rowCount() / 2;
    table->selectRow(row);
    table->setCurrentIndex(f.model()->index(row, 0));
    const qint64 selectedId = f.model()->eventAt(row)->event.id;

    // A log of one line inside the window, earlier than the selected event: the row moves down.
    const QString log = f.dir.filePath(QStringLiteral("late.log"));
    {
        QFile file(log);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write("2026-06-18T00:00:01Z ERROR something early went wrong\n");
    }
    QSignalSpy finished(f.window.get(), &MainWindow::importFinished);
    REQUIRE(f.window->importPaths({log}));
    REQUIRE(finished.wait(30000));
    test::waitForEvents(*f.window);
    CHECK(f.model()->rowCount() == f.inWindow + 1);
    const int now = table->currentIndex().row();
    CHECK(now == row + 1);
    CHECK(f.model()->eventAt(now)->event.id == selectedId);
    // The new source is offered in the Source list.
    CHECK(f.bar()->sourceChoice()->findText(QStringLiteral("late.log")) > 0);
}

TEST_CASE("the same filter bar narrows the Timeline tab's entries and marks their words", "[events][window][timeline]")
{
    EventsFixture f;
    desktop::TimelineView* timeline = f.window->timelineView();
    f.window->tabs()->setCurrentWidget(timeline);
    REQUIRE(QTest::qWaitFor([&] { return !timeline->isBusy(); }, 30000));
    desktop::TimelineModel* entries = timeline->model();
    const int all = entries->rowCount();
    REQUIRE(all > 5);
    CHECK(f.window->findChild<QToolBar*>(QStringLiteral("findToolBar"))->isVisible());

    QTest::keySequence(f.window.get(), QKeySequence::Find);
    CHECK(f.window->tabs()->currentWidget() == timeline); // Ctrl+F stays on the Timeline tab
    CHECK(f.bar()->textField()->hasFocus());
    f.typeFilter(QStringLiteral("create_post_funding"));
    const int found = entries->rowCount();
    CHECK(found > 0);
    CHECK(found < all);
    for (int row = 0; row < found; ++row) {
        const auto& entry = entries->entryAt(row);
        INFO(entry.summary.toStdString());
        const QVariantList ranges
            = entries->data(entries->index(row, desktop::TimelineModel::SummaryColumn), desktop::TimelineModel::HighlightRole)
                  .toList();
        // Found in the summary (and marked there), or in an event it cites.
        if (entry.summary.contains(QStringLiteral("create_post_funding")))
            CHECK_FALSE(ranges.isEmpty());
    }
    // Kind from the list: only errors.
    auto* kind = f.bar()->kindChoice();
    kind->setCurrentIndex(kind->findText(QStringLiteral("error")));
    for (int row = 0; row < entries->rowCount(); ++row)
        CHECK(entries->entryAt(row).kind == model::EventKind::Error);
    // Level comes from the events an entry cites.
    f.bar()->clear();
    auto* level = f.bar()->levelChoice();
    level->setCurrentIndex(level->findText(QStringLiteral("Error and above")));
    CHECK(entries->rowCount() > 0);
    CHECK(entries->rowCount() < all);
    f.bar()->clear();
    CHECK(entries->rowCount() == all);

    // The Events tab has the same filter; the bar is hidden on tabs it does not filter.
    f.window->tabs()->setCurrentIndex(2);
    CHECK_FALSE(f.window->findChild<QToolBar*>(QStringLiteral("findToolBar"))->isVisible());
}

TEST_CASE("a click on the chart's empty space shows the events of that moment", "[events][window][timeline]")
{
    EventsFixture f;
    desktop::TimelineView* timeline = f.window->timelineView();
    f.window->tabs()->setCurrentWidget(timeline);
    const model::Incident incident = test::exampleIncident();
    const qint64 at = incident.fromUs + (incident.toUs - incident.fromUs) / 3;
    Q_EMIT timeline->timeClicked(at);
    CHECK(f.window->tabs()->currentWidget() == f.view());
    test::waitForEvents(*f.window);
    const int row = f.view()->table()->currentIndex().row();
    REQUIRE(row >= 0);
    CHECK(f.model()->eventAt(row)->event.timeUs >= at);
    CHECK_FALSE(f.view()->wholeStore());

    // Before the incident window: the whole store is shown, then the jump is made.
    const qint64 before = incident.fromUs - 3600LL * 1'000'000;
    f.window->tabs()->setCurrentWidget(timeline);
    Q_EMIT timeline->timeClicked(before);
    test::waitForEvents(*f.window);
    CHECK(f.view()->wholeStore());
    const int earlier = f.view()->table()->currentIndex().row();
    REQUIRE(earlier >= 0);
    CHECK(f.model()->eventAt(earlier)->event.timeUs >= before);
    if (earlier > 0)
        CHECK(f.model()->eventAt(earlier - 1)->event.timeUs < before);
}

TEST_CASE("a store opened with its search index behind is indexed in the background, and found the same before and after",
    "[events][window][index]")
{
    EventsFixture f; // imported without indexing, as the app's own imports are
    desktop::SearchIndexer* indexer = f.window->searchIndexer();
    auto* label = f.window->findChild<QLabel*>(QStringLiteral("indexStatus"));
    REQUIRE(label);
    const auto status = [&] { return *f.window->currentWorkspace()->evidence().searchIndexStatus(); };

    // A filter while the index is behind finds by reading events: the same rows as after.
    f.typeFilter(QStringLiteral("error"));
    const int foundBefore = f.model()->rowCount();
    REQUIRE(foundBefore > 0);

    if (indexer->isRunning()) {
        CHECK(label->isVisible());
        QSignalSpy ended(indexer, &desktop::SearchIndexer::finished);
        REQUIRE(ended.wait(30000));
        CHECK(ended.front().at(1).toString().isEmpty());
        CHECK(ended.front().at(0).toLongLong() == f.total);
    }
    CHECK_FALSE(indexer->isRunning());
    CHECK_FALSE(label->isVisible());
    CHECK_FALSE(status().lags());
    CHECK(status().indexedEvents == f.total);

    f.typeFilter(QStringLiteral("error"));
    CHECK(f.model()->rowCount() == foundBefore);

    // Nothing more to do: a second update starts nothing.
    indexer->update(f.window->currentWorkspace());
    CHECK_FALSE(indexer->isRunning());
}

TEST_CASE("the filter bar's From and To narrow both tabs to a time range, read in the zone shown",
    "[events][window][timeline]")
{
    EventsFixture f;
    const QTimeZone london("Europe/London");
    const qint64 from = *model::parseIsoTime(u"2026-06-18T02:00:00", london);
    const qint64 to = *model::parseIsoTime(u"2026-06-18T03:00:00", london);
    const auto typeInto = [&](QLineEdit* field, const QString& text) {
        field->clear();
        QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
        test::waitForEvents(*f.window);
    };
    // A time of day is on the incident's first day, in its zone.
    typeInto(f.bar()->fromField(), QStringLiteral("02:00"));
    typeInto(f.bar()->toField(), QStringLiteral("03:00"));
    const qint64 expected = *f.window->currentWorkspace()->evidence().countEvents({.fromUs = from, .toUs = to});
    REQUIRE(expected > 0);
    REQUIRE(expected < f.inWindow);
    CHECK(f.model()->rowCount() == expected);
    for (int row = 0; row < f.model()->rowCount(); ++row) {
        const qint64 at = f.model()->eventAt(row)->event.timeUs;
        CHECK(at >= from);
        CHECK(at <= to);
    }
    CHECK(f.view()->statusText().contains(QStringLiteral("time range")));

    // The Timeline's entries that overlap the range stay.
    desktop::TimelineView* timeline = f.window->timelineView();
    REQUIRE(QTest::qWaitFor([&] { return !timeline->isBusy(); }, 30000));
    desktop::TimelineModel* entries = timeline->model();
    REQUIRE(entries->rowCount() > 0);
    for (int row = 0; row < entries->rowCount(); ++row) {
        const auto& entry = entries->entryAt(row);
        CHECK(entry.timeUs <= to);
        CHECK(entry.endUs.value_or(entry.timeUs) >= from);
    }

    // A time that does not read is left out, and the field says why.
    typeInto(f.bar()->toField(), QStringLiteral("25:99"));
    CHECK_FALSE(f.bar()->toField()->toolTip().contains(QStringLiteral("A time in the zone shown")));
    CHECK(f.bar()->query().fromUs == from);
    CHECK_FALSE(f.bar()->query().toUs);
    // A date and time works on any day; Clear empties both.
    typeInto(f.bar()->toField(), QStringLiteral("2026-06-18 03:00"));
    CHECK(f.bar()->query().toUs == to);
    f.bar()->clear();
    test::waitForEvents(*f.window);
    CHECK(f.model()->rowCount() == f.inWindow);
    CHECK(f.bar()->fromField()->text().isEmpty());
}
