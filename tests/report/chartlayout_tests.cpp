// The chart's layout (report::layoutChart), which the SVG writer and the desktop app's chart both
// draw: every thing drawn stands for something of the timeline, the hit test finds it again, and a
// zoomed layout shows only the part of the window asked for, spread over the width.

#include "report/chart.h"
#include "report/chartlayout.h"

#include "examplepostmortem.h"

#include <set>

using namespace aftermath;
using report::ChartHit;
using report::ChartLayout;
using report::ChartOptions;
using timeline::Entry;
using timeline::Finding;

namespace {

const QTimeZone london("Europe/London");

const test::ExampleIncident& example()
{
    static const test::ExampleIncident incident;
    return incident;
}

// Entries the chart draws: key ones but for the runs' starts and ends, which are the runs' bars.
bool charted(const Entry& e)
{
    return e.key && e.kind != model::EventKind::JobStart && e.kind != model::EventKind::JobEnd;
}

std::set<int> drawnEntries(const ChartLayout& layout)
{
    std::set<int> entries;
    for (const report::ChartLane& lane : layout.lanes) {
        for (const report::ChartMark& mark : lane.marks)
            entries.insert(mark.entry);
        for (const report::ChartBar& bar : lane.bars)
            if (bar.entry >= 0)
                entries.insert(bar.entry);
    }
    return entries;
}

} // namespace

TEST_CASE("every mark, bar and callout of the chart stands for an entry, run or suspect of the timeline",
    "[report][chart][layout]")
{
    const timeline::Timeline& t = example().timeline;
    const ChartLayout layout = report::layoutChart(t, london);

    // Each charted entry once, as a mark or a span, in the lane of its source.
    std::set<int> expected;
    for (int i = 0; i < int(t.entries.size()); ++i)
        if (charted(t.entries[std::size_t(i)]))
            expected.insert(i);
    CHECK(drawnEntries(layout) == expected);
    std::set<int> runs;
    for (int lane = 0; lane < int(layout.lanes.size()); ++lane) {
        const report::ChartLane& l = layout.lanes[std::size_t(lane)];
        for (const report::ChartMark& mark : l.marks) {
            CHECK(mark.lane == lane);
            CHECK(t.entries[std::size_t(mark.entry)].source == l.source);
            CHECK(mark.centre.x() == Approx(layout.xOf(t.entries[std::size_t(mark.entry)].timeUs)));
        }
        for (const report::ChartBar& bar : l.bars) {
            CHECK(bar.lane == lane);
            CHECK((bar.run >= 0) != (bar.entry >= 0));
            if (bar.run >= 0) {
                runs.insert(bar.run);
                CHECK(t.runs[std::size_t(bar.run)].source == l.source);
            }
        }
        // A suspect's callout rings the mark of an entry that cites the suspect's events.
        for (const report::ChartCallout& c : l.callouts) {
            const Finding& f = t.findings[std::size_t(c.finding)];
            CHECK(f.type == Finding::Type::SuspectChange);
            CHECK(f.rank == c.rank);
            CHECK(c.label.text.startsWith(QStringLiteral("#%1 ").arg(c.rank)));
            const Entry& e = t.entries[std::size_t(c.entry)];
            CHECK(std::ranges::any_of(
                e.eventIds, [&](qint64 id) { return std::ranges::find(f.eventIds, id) != f.eventIds.end(); }));
        }
    }
    CHECK(runs.size() == t.runs.size());
    // The findings band: the other findings, each once.
    REQUIRE(layout.findings);
    std::multiset<int> banded;
    for (const report::ChartFindingMark& mark : layout.findings->marks)
        for (const int f : mark.findings) {
            banded.insert(f);
            CHECK(t.findings[std::size_t(f)].timeUs == mark.timeUs);
        }
    CHECK(qsizetype(banded.size())
        == std::ranges::count_if(t.findings, [](const Finding& f) { return f.type != Finding::Type::SuspectChange; }));
    CHECK(layout.phases.size() == 5);

    // The SVG is this layout written out: a titled group per mark and bar.
    const QString svg = report::renderChart(t, london, QString());
    std::size_t titled = 0;
    for (const report::ChartLane& lane : layout.lanes)
        titled += lane.marks.size() + lane.bars.size();
    CHECK(std::size_t(svg.count(QStringLiteral("<g><title>"))) == titled);
}

TEST_CASE("the chart's hit test finds what is drawn at a point", "[report][chart][layout]")
{
    const timeline::Timeline& t = example().timeline;
    const ChartLayout layout = report::layoutChart(t, london);
    int marks = 0;
    for (const report::ChartLane& lane : layout.lanes) {
        for (const report::ChartMark& mark : lane.marks) {
            const ChartHit hit = report::chartHitAt(layout, mark.centre);
            REQUIRE(hit.kind == ChartHit::Kind::Mark);
            // Marks of one moment sit on each other: the hit is one drawn right there.
            CHECK(layout.xOf(t.entries[std::size_t(hit.entry)].timeUs) == mark.centre.x());
            CHECK(hit.lane == mark.lane);
            // Near it, the nearest.
            const ChartHit near = report::chartHitAt(layout, mark.centre + QPointF(0, 7));
            CHECK(near.kind == ChartHit::Kind::Mark);
            ++marks;
        }
        for (const report::ChartBar& bar : lane.bars) {
            const ChartHit hit = report::chartHitAt(layout, bar.rect.center());
            REQUIRE(hit.kind == ChartHit::Kind::Bar);
            CHECK(hit.run == bar.run);
            CHECK(hit.entry == bar.entry);
        }
        for (const report::ChartCallout& c : lane.callouts) {
            const ChartHit hit = report::chartHitAt(layout, c.label.bounds().center());
            REQUIRE(hit.kind == ChartHit::Kind::Callout);
            CHECK(hit.rank == c.rank);
            CHECK(hit.finding == c.finding);
        }
    }
    CHECK(marks > 10);
    for (const report::ChartFindingMark& mark : layout.findings->marks) {
        const ChartHit hit = report::chartHitAt(layout, mark.triangle[2] - QPointF(0, 3));
        REQUIRE(hit.kind == ChartHit::Kind::Finding);
        CHECK(hit.findings == mark.findings);
    }
    for (const report::ChartPhase& phase : layout.phases) {
        const ChartHit hit = report::chartHitAt(layout, phase.label.bounds().center());
        REQUIRE(hit.kind == ChartHit::Kind::Phase);
        CHECK(hit.timeUs == phase.timeUs);
    }

    // Empty space in a lane: the lane and the time there.
    const report::ChartLane& last = layout.lanes.back();
    const double x = layout.plotRight - 2;
    const ChartHit space = report::chartHitAt(layout, QPointF(x, last.rect.bottom() - 1));
    CHECK(space.kind == ChartHit::Kind::Lane);
    CHECK(space.lane == int(layout.lanes.size()) - 1);
    REQUIRE(space.timeUs);
    CHECK(std::abs(layout.xOf(*space.timeUs) - x) < 0.01);
    // Over the lanes' names: the lane, no time; below everything: nothing.
    const ChartHit name = report::chartHitAt(layout, QPointF(20, last.rect.center().y()));
    CHECK(name.lane == int(layout.lanes.size()) - 1);
    CHECK_FALSE(name.timeUs);
    CHECK(report::chartHitAt(layout, QPointF(x, layout.height + 10)).kind == ChartHit::Kind::None);
}

TEST_CASE("a zoomed chart lays out only the part of the window asked for, at the width asked for",
    "[report][chart][layout]")
{
    const timeline::Timeline& t = example().timeline;
    // 01:20 to 01:40 London: the changes before the first error.
    ChartOptions options;
    options.width = 800;
    options.fromUs = test::londonTime("2026-06-18T01:20:00");
    options.toUs = test::londonTime("2026-06-18T01:40:00");
    options.header = false;
    options.legend = false;
    const ChartLayout zoomed = report::layoutChart(t, london, options);
    CHECK(zoomed.width == 800);
    CHECK(zoomed.plotRight == 800 - 28);
    CHECK(zoomed.fromUs == *options.fromUs);
    CHECK(zoomed.toUs == *options.toUs);
    CHECK(zoomed.xOf(*options.fromUs) == zoomed.plotLeft);
    CHECK(zoomed.xOf(*options.toUs) == zoomed.plotRight);
    CHECK_FALSE(zoomed.title);
    CHECK(zoomed.legend.empty());

    // Only the entries in the range, fewer than all of them; every lane stays, in the same order.
    const ChartLayout whole = report::layoutChart(t, london);
    const std::set<int> shown = drawnEntries(zoomed);
    CHECK(shown.size() < drawnEntries(whole).size());
    CHECK_FALSE(shown.empty());
    for (const int i : shown) {
        const Entry& e = t.entries[std::size_t(i)];
        CHECK(e.endUs.value_or(e.timeUs) >= *options.fromUs);
        CHECK(e.timeUs <= *options.toUs);
    }
    for (const report::ChartLane& lane : zoomed.lanes)
        for (const report::ChartMark& mark : lane.marks)
            CHECK((mark.centre.x() >= zoomed.plotLeft && mark.centre.x() <= zoomed.plotRight));
    REQUIRE(zoomed.lanes.size() == whole.lanes.size());
    for (std::size_t i = 0; i < whole.lanes.size(); ++i)
        CHECK(zoomed.lanes[i].source == whole.lanes[i].source);
    // Phases outside the range are not drawn: only the trigger (01:25) is in it.
    REQUIRE(zoomed.phases.size() == 1);
    CHECK(zoomed.phases.front().name == QStringLiteral("trigger"));
    // Ticks for twenty minutes: every 2 minutes, on whole minutes.
    REQUIRE(zoomed.ticks.size() == 11);
    CHECK(zoomed.ticks.front().clock.text == QStringLiteral("01:20"));
    CHECK(zoomed.ticks[1].clock.text == QStringLiteral("01:22"));

    // A minute: ticks every 5 seconds, with their seconds.
    options.fromUs = test::londonTime("2026-06-18T01:25:00");
    options.toUs = test::londonTime("2026-06-18T01:26:00");
    const ChartLayout minute = report::layoutChart(t, london, options);
    REQUIRE(minute.ticks.size() == 13);
    CHECK(minute.ticks[1].clock.text == QStringLiteral("01:25:05"));

    // A range outside the window, or backwards, is the whole window.
    options.fromUs = t.toUs + 1;
    options.toUs = t.toUs + 2;
    const ChartLayout outside = report::layoutChart(t, london, options);
    CHECK(outside.fromUs == whole.fromUs);
    CHECK(outside.toUs == whole.toUs);
}

TEST_CASE("a compact chart keeps the bands above its lanes short, and its labels clear of other marks",
    "[report][chart][layout]")
{
    const timeline::Timeline& t = example().timeline;
    for (const double width : {700.0, 1000.0, 1400.0}) {
        INFO("width " << width);
        ChartOptions options;
        options.width = width;
        options.header = false;
        options.legend = false;
        options.compact = true;
        const ChartLayout layout = report::layoutChart(t, london, options);
        // Two rows of phases at most, one of findings.
        std::set<double> phaseRows;
        for (const report::ChartPhase& phase : layout.phases)
            if (!phase.label.text.isEmpty())
                phaseRows.insert(phase.label.at.y());
        CHECK(phaseRows.size() <= 2);
        REQUIRE(layout.findings);
        CHECK(layout.findings->rect.height() == 27);
        CHECK(layout.firstLaneTop <= 4 + 2 * 15 + 6 + 27);
        // Every finding keeps its mark; a label covers no other mark and no other label.
        CHECK(layout.findings->marks.size() == report::layoutChart(t, london).findings->marks.size());
        const auto& marks = layout.findings->marks;
        for (const report::ChartFindingMark& mark : marks) {
            if (mark.label.text.isEmpty())
                continue;
            const QRectF text = mark.label.bounds();
            for (const report::ChartFindingMark& other : marks) {
                if (&other == &mark)
                    continue;
                CHECK_FALSE(text.intersects(QRectF(other.triangle[0], other.triangle[1] + QPointF(0, 8))));
                if (!other.label.text.isEmpty())
                    CHECK_FALSE(text.intersects(other.label.bounds()));
            }
        }
        // Phases whose names fit say them; each name once.
        for (std::size_t i = 0; i < layout.phases.size(); ++i)
            for (std::size_t j = i + 1; j < layout.phases.size(); ++j)
                if (!layout.phases[i].label.text.isEmpty() && !layout.phases[j].label.text.isEmpty())
                    CHECK_FALSE(layout.phases[i].label.bounds().intersects(layout.phases[j].label.bounds()));
        if (width >= 1400) {
            CHECK(std::ranges::all_of(layout.phases, [](const auto& p) { return !p.label.text.isEmpty(); }));
            CHECK(std::ranges::any_of(marks, [](const auto& m) { return !m.label.text.isEmpty(); }));
        }
    }
}

TEST_CASE("the chart leaves out the background's runs unless asked, as the timeline's text does",
    "[report][chart][layout]")
{
    // The example's timeline with one of its runs marked as a background job's.
    timeline::Timeline t = example().timeline;
    REQUIRE(t.runs.size() >= 2);
    t.runs[0].background = true;
    const auto runsDrawn = [&t](bool background) {
        ChartOptions options;
        options.backgroundRuns = background;
        std::set<int> runs;
        for (const report::ChartLane& lane : report::layoutChart(t, london, options).lanes)
            for (const report::ChartBar& bar : lane.bars)
                if (bar.run >= 0)
                    runs.insert(bar.run);
        return runs;
    };
    const std::set<int> folded = runsDrawn(false);
    CHECK_FALSE(folded.contains(0));
    CHECK(folded.contains(1));
    const std::set<int> all = runsDrawn(true);
    CHECK(all.contains(0));
    CHECK(all.size() == folded.size() + 1);
}
