// The display-zone rule end to end (model::displayZone): an incident without a zone of its own is
// shown in the system zone by the CLI's timeline, the Markdown export and the app's Timeline and
// Events tabs alike. This executable runs under TZ=America/New_York (tests/app/CMakeLists.txt),
// so that the system zone is neither UTC nor the zone the evidence was written in.
#include "apptestsupport.h"
#include "clitestsupport.h"
#include "eventtablemodel.h"
#include "mainwindow.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include "cli.h"
#include "workspace/workspace.h"

#include <catch2/catch.hpp>

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

namespace {

using namespace aftermath;
using test::runCli;

constexpr int waitMs = 120'000;

} // namespace

TEST_CASE(
    "An incident without a zone is shown in the system zone by the CLI, the export and the app", "[zone][window][cli]")
{
    INFO("run by ctest, which sets TZ=America/New_York for this test");
    REQUIRE(QTimeZone::systemTimeZoneId() == QByteArrayLiteral("America/New_York"));
    test::isolateSettings();

    // The bundled example's evidence (its naive times are London's), and its incident without a zone.
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("zone.sqlite"));
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("ingest"), QStringLiteral("--tz"),
                       QStringLiteral("Europe/London"), test::exampleEvidence()})
                .code
        == cli::Success);
    model::Incident incident = test::exampleIncident(); // 2026-06-18 00:00–10:00 in London
    incident.displayZone.clear();
    {
        auto store = workspace::Workspace::open(db);
        REQUIRE(store);
        REQUIRE(store->postmortems().createIncident(incident));
    }
    // The first error: 02:02:43 in London, 01:02:43Z, 21:02:43 the evening before in New York. The
    // window there runs from 19:00 to 05:00, so times carry their date.
    const QString errorAt = QStringLiteral("2026-06-17 21:02:43");
    const QStringList elsewhere{QStringLiteral("Europe/London"), QStringLiteral("+01:00"), QStringLiteral("UTC)")};

    // The CLI's timeline.
    const test::CliRun timeline = runCli(
        {QStringLiteral("--db"), db, QStringLiteral("timeline"), QStringLiteral("--incident"), QStringLiteral("1")});
    REQUIRE(timeline.code == cli::Success);
    CHECK(timeline.out.contains(QStringLiteral("(times in America/New_York, UTC-04:00)")));
    CHECK(timeline.out.contains(
        QRegularExpression(QStringLiteral("\\n") + errorAt + QStringLiteral("–2026-06-18 03:27:43 +error "))));
    for (const QString& other : elsewhere)
        CHECK_FALSE(timeline.out.contains(other));

    // The Markdown export.
    const test::CliRun exported = runCli({QStringLiteral("--db"), db, QStringLiteral("export"), QStringLiteral("1")});
    REQUIRE(exported.code == cli::Success);
    CHECK(exported.out.contains(QStringLiteral("Times are in America/New_York, UTC-04:00.")));
    CHECK(exported.out.contains(QStringLiteral("2026-06-17 19:00 -04:00 to 2026-06-18 05:00 -04:00")));
    CHECK(exported.out.contains(QStringLiteral("- **") + errorAt.left(16) + u'–'));
    for (const QString& other : elsewhere)
        CHECK_FALSE(exported.out.contains(other));

    // The app: the Timeline tab, then the Events tab, on the same store.
    desktop::MainWindow window;
    QSignalSpy shown(window.timelineView(), &desktop::TimelineView::timelineShown);
    REQUIRE(window.openStore(db));
    REQUIRE(window.currentIncidentId() == 1);
    if (shown.isEmpty())
        REQUIRE(shown.wait(waitMs));
    const desktop::TimelineModel& model = *window.timelineView()->model();
    REQUIRE(model.rowCount() > 0);
    CHECK(window.timelineView()->shownZone() == QTimeZone::systemTimeZone());
    CHECK(model.headerData(desktop::TimelineModel::TimeColumn, Qt::Horizontal).toString()
        == QStringLiteral("Time (UTC-04:00)"));
    CHECK(window.timelineView()->subtitle().contains(QStringLiteral("2026-06-17 19:00 – 2026-06-18 05:00 -04:00")));
    CHECK(window.timelineView()->subtitle().contains(QStringLiteral("America/New_York")));
    const auto& findings = model.timeline().findings;
    const auto firstError = std::find_if(findings.begin(), findings.end(),
        [](const timeline::Finding& f) { return f.type == timeline::Finding::Type::FirstError; });
    REQUIRE(firstError != findings.end());
    REQUIRE_FALSE(firstError->eventIds.empty());
    int errorRow = -1;
    for (int row = 0; row < model.rowCount() && errorRow < 0; ++row)
        if (model.entryAt(row).timeUs == firstError->timeUs)
            errorRow = row;
    REQUIRE(errorRow >= 0);
    CHECK(model.data(model.index(errorRow, desktop::TimelineModel::TimeColumn)).toString().startsWith(errorAt + u'–'));

    test::waitForEvents(window);
    desktop::EventTableModel& events = *window.eventModel();
    CHECK(events.displayZone() == QTimeZone::systemTimeZone());
    const int eventRow = events.rowOfEvent(firstError->eventIds.front());
    REQUIRE(eventRow >= 0);
    CHECK(events.data(events.index(eventRow, desktop::EventTableModel::TimeColumn)).toString()
        == errorAt + QStringLiteral(".186 -04:00"));
}

TEST_CASE("the Events tab leaves an incident's zone behind with the store it came from", "[zone][window]")
{
    REQUIRE(QTimeZone::systemTimeZoneId() == QByteArrayLiteral("America/New_York"));
    test::isolateSettings();
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString withIncident = dir.filePath(QStringLiteral("london.sqlite"));
    {
        auto store = workspace::Workspace::open(withIncident);
        REQUIRE(store);
        REQUIRE(store->postmortems().createIncident(test::exampleIncident())); // shown in Europe/London
    }

    desktop::MainWindow window;
    REQUIRE(window.openStore(withIncident));
    REQUIRE(window.currentIncidentId() == 1);
    CHECK(window.eventModel()->displayZone() == QTimeZone(QByteArrayLiteral("Europe/London")));

    // A store without incidents: no incident's zone applies, so the system's does.
    REQUIRE(window.openStore(dir.filePath(QStringLiteral("empty.sqlite"))));
    CHECK_FALSE(window.currentIncidentId());
    CHECK(window.eventModel()->displayZone() == QTimeZone::systemTimeZone());
}
