// aftermath-screenshots: the README's pictures (docs/screenshots), taken of the real MainWindow at
// 1600x1000 on the bundled example, on a large store and on a noisy day of logs, as a user would see
// them. It reads copies
// of the stores, with settings in a temporary folder, so neither the stores given nor the user's
// settings change the pictures or are changed by them. tools/screenshots/take.sh makes the stores
// and runs it under Xvfb.

#include "actionitemsview.h"
#include "chartwidget.h"
#include "eventsview.h"
#include "eventtablemodel.h"
#include "filterbar.h"
#include "mainwindow.h"
#include "postmortempreview.h"
#include "postmortemview.h"
#include "searchindexer.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include "model/clock.h"
#include "timeline/timeline.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>

using namespace aftermath;
using desktop::MainWindow;

namespace {

const QSize windowSize(1600, 1000);
constexpr int waitMs = 120'000;

// A step that did not happen: the message says which and why; main() reports it and fails.
struct Failure : std::runtime_error {
    explicit Failure(const QString& what) : std::runtime_error(what.toStdString()) {}
};

void waitFor(const std::function<bool()>& done, const QString& what)
{
    if (!QTest::qWaitFor(done, waitMs))
        throw Failure(QStringLiteral("gave up after %1 s waiting for %2").arg(waitMs / 1000).arg(what));
}

// Copies `store` (and its write-ahead log, if any) to `folder`, so opening it there changes nothing
// of the original; the copy's path is the one the status bar shows.
QString copyStore(const QString& store, const QString& folder)
{
    if (!QFileInfo(store).isFile())
        throw Failure(QStringLiteral("%1: no such store; make it first (tools/screenshots/take.sh does)").arg(store));
    if (!QDir().mkpath(folder))
        throw Failure(QStringLiteral("%1: cannot create the folder").arg(folder));
    const QString copy = QDir(folder).filePath(QFileInfo(store).fileName());
    for (const QString& suffix : {QString(), QStringLiteral("-wal")}) {
        QFile::remove(copy + suffix);
        if (QFileInfo::exists(store + suffix) && !QFile::copy(store + suffix, copy + suffix))
            throw Failure(QStringLiteral("cannot copy %1 to %2").arg(store + suffix, copy + suffix));
    }
    return copy;
}

// A window on a copy of `store`, shown at 1600x1000, once what opening it starts (the incident's
// timeline, the Events tab's find, the search index catching up) has finished.
std::unique_ptr<MainWindow> openWindow(const Clock& clock, const QString& store)
{
    QSettings().clear(); // every window starts from the defaults, whatever the one before chose
    auto window = std::make_unique<MainWindow>(clock);
    window->resize(windowSize);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        throw Failure(QStringLiteral("the window was never shown (is there a display? xvfb-run gives one)"));
    if (window->size() != windowSize)
        throw Failure(QStringLiteral("the window is %1x%2, not %3x%4: a screen that small cannot take the pictures")
                          .arg(window->width())
                          .arg(window->height())
                          .arg(windowSize.width())
                          .arg(windowSize.height()));
    QString error;
    if (!window->openStore(store, &error))
        throw Failure(error);
    waitFor([&] { return !window->timelineView()->isBusy(); }, QStringLiteral("the timeline"));
    waitFor([&] { return !window->eventsView()->isFinding(); }, QStringLiteral("the Events tab's find"));
    waitFor([&] { return !window->searchIndexer()->isRunning(); }, QStringLiteral("the search index"));
    return window;
}

// Lets the event loop run what a change posted (layouts, column fitting, repaints), so what
// follows sees the window as a user would.
void settle()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    QTest::qWait(300);
}

// Grabs the window as it is drawn now (settled first) into `folder`/`name`.
void save(MainWindow& window, const QString& folder, const QString& name, QTextStream& out)
{
    settle();
    const QImage shot = window.grab().toImage();
    if (shot.size() != windowSize)
        throw Failure(QStringLiteral("%1: grabbed %2x%3, not %4x%5")
                          .arg(name)
                          .arg(shot.width())
                          .arg(shot.height())
                          .arg(windowSize.width())
                          .arg(windowSize.height()));
    const QString path = QDir(folder).filePath(name);
    if (!shot.save(path, "PNG", 0)) // 0: the smallest file (PNG is lossless at any quality)
        throw Failure(QStringLiteral("%1: cannot write the picture").arg(path));
    out << path << '\n';
    out.flush();
}

// The Timeline tab with the chart above the table and the first error selected, so the evidence
// pane shows its log lines; then the Postmortem tab with its preview, then the Action Items tab.
void takeExample(const Clock& clock, const QString& store, const QString& folder, QTextStream& out)
{
    const auto window = openWindow(clock, store);
    const std::optional<qint64> incident = window->currentIncidentId();
    if (!incident)
        throw Failure(QStringLiteral("%1 has no incident (aftermath-cli demo makes one)").arg(store));
    desktop::TimelineView& timeline = *window->timelineView();
    if (timeline.lastError())
        throw Failure(QStringLiteral("the timeline failed: %1").arg(timeline.lastError()->toString()));
    window->tabs()->setCurrentWidget(&timeline);
    settle();
    // The chart with every lane in sight: it takes the height it scrolls by from the table, as
    // dragging the splitter under it would (at 1600x1000 the example's chart is ~70 px taller
    // than its default share, and scrolled to the selected error it cut the top lane).
    auto* rows = timeline.findChild<QSplitter*>(QStringLiteral("timelineRows"));
    if (!rows || rows->count() != 3)
        throw Failure(QStringLiteral("the Timeline tab has no splitter of chart, table and evidence"));
    if (const int overflow = timeline.chart()->verticalScrollBar()->maximum(); overflow > 0) {
        QList<int> sizes = rows->sizes();
        const int taken = std::min(overflow, sizes[1] - 8 * timeline.table()->verticalHeader()->defaultSectionSize());
        sizes[0] += std::max(taken, 0);
        sizes[1] -= std::max(taken, 0);
        rows->setSizes(sizes);
        settle();
    }
    const desktop::TimelineModel& entries = *timeline.model();
    int errorRow = -1;
    for (int row = 0; row < entries.rowCount() && errorRow < 0; ++row)
        if (!entries.isGroupRow(row) && entries.entryAt(row).kind == model::EventKind::Error)
            errorRow = row;
    if (errorRow < 0)
        throw Failure(QStringLiteral("the example's timeline has no error entry to select"));
    timeline.table()->selectRow(errorRow);
    save(*window, folder, QStringLiteral("timeline-chart.png"), out);

    QString error;
    if (!window->showPostmortem(*incident, &error))
        throw Failure(error);
    desktop::PostmortemView& postmortem = *window->postmortemView();
    desktop::PostmortemPreview& preview = *postmortem.preview();
    if (!preview.isVisible())
        throw Failure(QStringLiteral("the postmortem's preview is hidden"));
    waitFor([&] { return !preview.isRendering() && !preview.markdown().isEmpty(); },
        QStringLiteral("the postmortem's preview"));
    save(*window, folder, QStringLiteral("postmortem-preview.png"), out);

    window->tabs()->setCurrentWidget(window->actionItemsView());
    if (window->actionItemsView()->table()->model()->rowCount() == 0)
        throw Failure(QStringLiteral("%1 has no action items (take.sh adds the example's)").arg(store));
    save(*window, folder, QStringLiteral("action-items.png"), out);
}

// The Events tab over the whole large store, narrowed by the filter bar to `text` (typed, as a
// user would, then Enter), the words found marked.
void takeLarge(const Clock& clock, const QString& store, const QString& text, const QString& folder, QTextStream& out)
{
    const auto window = openWindow(clock, store);
    // A store of one day of UTC logs, shown in UTC whatever the machine's zone (View › Show Times In).
    window->setChosenDisplayZone(QTimeZone::utc());
    desktop::EventsView& events = *window->eventsView();
    window->tabs()->setCurrentWidget(&events);
    waitFor([&] { return !events.isFinding(); }, QStringLiteral("the Events tab's find"));
    QLineEdit& field = *events.filterBar()->textField();
    field.setFocus();
    QTest::keyClicks(&field, text);
    QTest::keyClick(&field, Qt::Key_Return);
    waitFor([&] { return !events.isFinding(); }, QStringLiteral("the filter \"%1\"").arg(text));
    if (events.model()->rowCount() == 0)
        throw Failure(QStringLiteral("\"%1\" found nothing in %2").arg(text, store));
    save(*window, folder, QStringLiteral("find-large-store.png"), out);
}

// The Timeline tab of a noisy day (aftermath-noisyday's logs, its incident the whole day): the
// background in one row at the top, and the surging error selected, the template its events share
// above them.
void takeNoisy(const Clock& clock, const QString& store, const QString& folder, QTextStream& out)
{
    const auto window = openWindow(clock, store);
    desktop::TimelineView& timeline = *window->timelineView();
    if (!window->currentIncidentId())
        throw Failure(QStringLiteral("%1 has no incident (take.sh makes one for the whole day)").arg(store));
    if (timeline.lastError())
        throw Failure(QStringLiteral("the timeline failed: %1").arg(timeline.lastError()->toString()));
    window->tabs()->setCurrentWidget(&timeline);
    settle();
    const desktop::TimelineModel& entries = *timeline.model();
    if (entries.groupRow() < 0)
        throw Failure(QStringLiteral("%1: the timeline has no background (is it a noisy day?)").arg(store));
    int errorRow = -1;
    for (int row = 0; row < entries.rowCount(); ++row) {
        if (entries.isGroupRow(row) || entries.entryAt(row).kind != model::EventKind::Error)
            continue;
        if (errorRow < 0 || entries.entryAt(row).count > entries.entryAt(errorRow).count)
            errorRow = row;
    }
    if (errorRow < 0)
        throw Failure(QStringLiteral("%1: the timeline has no error entry to select").arg(store));
    timeline.table()->selectRow(errorRow);
    save(*window, folder, QStringLiteral("timeline-noisy-day.png"), out);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("aftermath-screenshots"));
    QApplication::setOrganizationName(QStringLiteral("aftermath-screenshots"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The README's pictures of the desktop app: the example's timeline, postmortem and action "
                       "items, a filter on a large store, and a noisy day's timeline; those of the stores given. Run "
                       "under a display (tools/screenshots/take.sh uses xvfb-run); AFTERMATH_NOW fixes today for "
                       "overdue action items."));
    parser.addHelpOption();
    const QCommandLineOption exampleOption(QStringLiteral("example"),
        QStringLiteral("The example's store (aftermath-cli demo), with its postmortem and action items."),
        QStringLiteral("STORE"));
    const QCommandLineOption largeOption(QStringLiteral("large"),
        QStringLiteral("A large store (aftermath-bench day) to filter."), QStringLiteral("STORE"));
    const QCommandLineOption findOption(QStringLiteral("find"),
        QStringLiteral("What to type in the filter bar on the large store."), QStringLiteral("TEXT"),
        QStringLiteral("timeout"));
    const QCommandLineOption noisyOption(QStringLiteral("noisy"),
        QStringLiteral("A store of aftermath-noisyday's logs with an incident for the whole day."),
        QStringLiteral("STORE"));
    parser.addOption(exampleOption);
    parser.addOption(largeOption);
    parser.addOption(noisyOption);
    parser.addOption(findOption);
    parser.addPositionalArgument(QStringLiteral("outdir"), QStringLiteral("Where the PNG files go."));
    parser.process(app);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1
        || !(parser.isSet(exampleOption) || parser.isSet(largeOption) || parser.isSet(noisyOption))) {
        err << "usage: aftermath-screenshots [--example STORE] [--large STORE] [--noisy STORE] OUTDIR (one store or "
               "more)\n";
        return 2;
    }
    const QString folder = parser.positionalArguments().front();
    if (!QDir().mkpath(folder)) {
        err << folder << ": cannot create the folder\n";
        return 1;
    }
    const auto clock = EnvironmentClock::fromEnvironment();
    if (!clock) {
        err << "aftermath-screenshots: " << clock.error().message << '\n';
        return 2;
    }

    // Settings in a folder of their own: the user's never change the pictures, nor do these runs
    // change the user's. Numbers are written the same on every machine.
    QTemporaryDir settings;
    if (!settings.isValid()) {
        err << "cannot create a temporary folder for the settings: " << settings.errorString() << '\n';
        return 1;
    }
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));

    // The copies sit at one path on every machine, as the status bar shows it.
    const QString work = QDir::temp().filePath(QStringLiteral("aftermath-screenshots"));
    QTextStream out(stdout);
    int status = 0;
    try {
        QDir(work).removeRecursively();
        if (parser.isSet(exampleOption))
            takeExample(
                clock->clock(), copyStore(parser.value(exampleOption), work + QStringLiteral("/example")), folder, out);
        if (parser.isSet(largeOption))
            takeLarge(clock->clock(), copyStore(parser.value(largeOption), work + QStringLiteral("/large")),
                parser.value(findOption), folder, out);
        if (parser.isSet(noisyOption))
            takeNoisy(
                clock->clock(), copyStore(parser.value(noisyOption), work + QStringLiteral("/noisy")), folder, out);
    } catch (const Failure& failure) {
        err << "aftermath-screenshots: " << failure.what() << '\n';
        status = 1;
    }
    QDir(work).removeRecursively();
    return status;
}
