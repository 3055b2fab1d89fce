// aftermath-guibench: the desktop app on a large store (docs/benchmarks.md, "The app at scale").
// It drives the real MainWindow (offscreen unless a display is given) and measures what a user
// waits for: the first paint of the Events tab, a filter, a jump to a time, scrolling the whole
// tab, and an import, each with an event-loop latency probe (the longest the UI thread went
// without running its timers). The baseline, in the same run: what the Events tab did before
// (keyset pages of 500 appended as the view scrolled) to reach the same time.

#include "benchutil.h"
#include "eventsview.h"
#include "eventtablemodel.h"
#include "filterbar.h"
#include "mainwindow.h"

#include "model/timestamp.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace aftermath;

namespace {

// Resident set size now, in MiB (/proc/self/status VmRSS).
double rssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    }
    return 0;
}

// How late the UI thread's timers ran: a 2 ms timer whose longest gap is the longest the event
// loop was blocked (give or take 2 ms).
class LatencyProbe : public QObject {
public:
    LatencyProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(2);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void reset()
    {
        m_last = m_clock.nsecsElapsed();
        m_worst = 0;
    }
    double worstMs() const { return double(m_worst) / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

bool waitFor(const std::function<bool()>& done, int ms = 600000) { return QTest::qWaitFor(done, ms); }

double msSince(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("aftermath-guibench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The desktop app on a large store: what a user waits for."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("store"), QStringLiteral("A store with many events (changed only by --import)."));
    const QCommandLineOption commonOption(QStringLiteral("common"),
        QStringLiteral("A word found in about 1% of events."), QStringLiteral("WORD"), QStringLiteral("timeout"));
    const QCommandLineOption rareOption(QStringLiteral("rare"),
        QStringLiteral("A word found in about 0.01% of events."), QStringLiteral("WORD"), QStringLiteral("zeppelin"));
    const QCommandLineOption importOption(QStringLiteral("import"),
        QStringLiteral("A file to import into the store while the window shows it (the store keeps its events: "
                       "give a copy)."),
        QStringLiteral("FILE"));
    parser.addOption(commonOption);
    parser.addOption(rareOption);
    parser.addOption(importOption);
    parser.process(app);
    if (parser.positionalArguments().size() != 1) {
        QTextStream(stderr) << parser.helpText();
        return 2;
    }
    QTextStream out(stdout);
    const QString path = parser.positionalArguments().front();
    LatencyProbe probe;

    // First paint: from opening the store to the table painted with its rows.
    desktop::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    desktop::EventsView* events = window.eventsView();
    QTableView* table = events->table();
    desktop::EventTableModel* model = window.eventModel();
    const double rssBefore = rssMiB();
    probe.reset();
    QElapsedTimer clock;
    clock.start();
    QString error;
    if (!window.openStore(path, &error)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    const double openMs = msSince(clock);
    window.tabs()->setCurrentWidget(events);
    waitFor([&] { return !events->isFinding(); });
    table->viewport()->repaint();
    const double firstPaintMs = msSince(clock);
    const double firstPaintProbe = probe.worstMs();
    const int rows = model->rowCount();
    out << QStringLiteral("store %1: %2 events in the Events tab\n").arg(path).arg(rows);
    out << QStringLiteral("  first paint of the Events tab   %1 ms  (opening the store %2 ms of it; UI thread "
                          "blocked at most %3 ms)\n")
               .arg(firstPaintMs, 0, 'f', 0)
               .arg(openMs, 0, 'f', 0)
               .arg(firstPaintProbe, 0, 'f', 0);
    out.flush();

    // Filters: a word in about 1% of events, one in about 0.01%.
    const auto filter = [&](const QString& text) {
        probe.reset();
        QElapsedTimer t;
        t.start();
        events->filterBar()->textField()->setText(text);
        Q_EMIT events->filterBar()->textField()->returnPressed();
        waitFor([&] { return !events->isFinding(); });
        table->viewport()->repaint();
        out << QStringLiteral("  filter \"%1\": %2 rows           %3 ms  (UI thread blocked at most %4 ms)\n")
                   .arg(text)
                   .arg(model->rowCount())
                   .arg(msSince(t), 0, 'f', 0)
                   .arg(probe.worstMs(), 0, 'f', 0);
        out.flush();
    };
    for (int run = 0; run < 2; ++run) {
        filter(parser.value(commonOption));
        filter(parser.value(rareOption));
    }
    filter(QString());

    // Jumps to times across the day.
    if (rows > 0) {
        const qint64 first = model->positions().front().timeUs;
        const qint64 last = model->positions().back().timeUs;
        QRandomGenerator random(42);
        double worst = 0;
        double total = 0;
        constexpr int jumps = 50;
        probe.reset();
        for (int i = 0; i < jumps; ++i) {
            const qint64 at = first + qint64(random.bounded(1.0) * double(last - first));
            QElapsedTimer t;
            t.start();
            events->jumpTo(at);
            table->viewport()->repaint();
            const double ms = msSince(t);
            worst = std::max(worst, ms);
            total += ms;
        }
        out << QStringLiteral("  jump to a time (%1 jumps)        mean %2 ms, worst %3 ms\n")
                   .arg(jumps)
                   .arg(total / jumps, 0, 'f', 1)
                   .arg(worst, 0, 'f', 1);
    }

    // Scrolling the whole tab, a screenful at a time, painting each.
    {
        const int perScreen = std::max(1, table->viewport()->height() / table->verticalHeader()->defaultSectionSize());
        probe.reset();
        QElapsedTimer t;
        t.start();
        double worst = 0;
        for (int row = 0; row < rows; row += perScreen) {
            QElapsedTimer step;
            step.start();
            table->scrollTo(model->index(row, 0), QAbstractItemView::PositionAtTop);
            table->viewport()->repaint();
            worst = std::max(worst, msSince(step));
        }
        out << QStringLiteral("  scroll the whole tab            %1 s for %2 screens, worst screen %3 ms\n")
                   .arg(msSince(t) / 1000, 0, 'f', 1)
                   .arg((rows + perScreen - 1) / perScreen)
                   .arg(worst, 0, 'f', 1);
        out << QStringLiteral("  RSS after scrolling everything  %1 MiB (%2 MiB before opening the store; peak %3 MiB)\n")
                   .arg(rssMiB(), 0, 'f', 0)
                   .arg(rssBefore, 0, 'f', 0)
                   .arg(bench::peakRssMiB(), 0, 'f', 0);
        out.flush();
    }

    // An import while the window is in use.
    if (parser.isSet(importOption)) {
        probe.reset();
        QElapsedTimer t;
        t.start();
        if (!window.importPaths({parser.value(importOption)}, &error)) {
            QTextStream(stderr) << error << '\n';
            return 1;
        }
        waitFor([&] { return !window.isImporting(); });
        waitFor([&] { return !events->isFinding(); });
        out << QStringLiteral("  import %1 while shown           %2 s  (UI thread blocked at most %3 ms)\n")
                   .arg(parser.value(importOption))
                   .arg(msSince(t) / 1000, 0, 'f', 1)
                   .arg(probe.worstMs(), 0, 'f', 0);
    }

    // The baseline: the Events tab before, reading keyset pages of 500 and keeping every row, to
    // reach the time of the middle of the store.
    if (rows > 0) {
        const qint64 target = model->positions()[std::size_t(rows / 2)].timeUs;
        const workspace::Workspace* store = window.currentWorkspace();
        std::vector<model::StoredEvent> kept;
        store::EventFilter page;
        page.limit = 500;
        QElapsedTimer t;
        t.start();
        int pages = 0;
        while (kept.empty() || kept.back().event.timeUs < target) {
            auto read = store->evidence().events(page);
            if (!read || read->empty())
                break;
            kept.insert(kept.end(), read->begin(), read->end());
            page.after = kept.back();
            ++pages;
        }
        out << QStringLiteral("  baseline: pages of 500 kept, to reach the middle: %1 pages in %2 s, RSS %3 MiB\n")
                   .arg(pages)
                   .arg(msSince(t) / 1000, 0, 'f', 1)
                   .arg(rssMiB(), 0, 'f', 0);
    }
    out.flush();
    return 0;
}
