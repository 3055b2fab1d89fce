#pragma once

#include "timeline/timeline.h"

#include <QLineF>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QTimeZone>

#include <optional>
#include <vector>

namespace aftermath::report {

// The swimlane chart of a reconstructed timeline laid out once, as values: where each thing goes,
// what it says, its colour (a name, "#c62828") and what it stands for. The SVG writer
// (renderChart) and the desktop app's chart widget both draw this, so that the two never disagree.
// Pure: Qt Core only, no fonts; a text's width is estimated generously (chartTextWidth).

// What to lay out.
struct ChartOptions {
    double width = 1100; // pixels
    // The part of the timeline's window shown: a view zooms by narrowing it. None: the window.
    std::optional<qint64> fromUs;
    std::optional<qint64> toUs;
    QString title; // of the header; "Timeline" when empty
    bool header = true; // the title, and the window, zone and folder under it
    bool legend = true; // what the marks and colours mean, under the axis
    // Short bands above the lanes, for a view with little height: at most two rows of phase
    // names and one row of findings; a name that does not fit is shortened or left out (its line
    // or mark stays, and a view says it when pointed at).
    bool compact = false;
    // Also the runs of jobs that were steady since before the incident (timeline::Run::background),
    // which the timeline's text leaves out unless --all, as the chart does unless this is set.
    bool backgroundRuns = false;
};

// A line of text. `at` is where its baseline starts, is centred or ends (anchor).
struct ChartText {
    enum class Anchor { Start, Middle, End };
    enum class Style { Plain, Bold, Italic, Title };
    QPointF at;
    QString text;
    QString colour;
    Anchor anchor = Anchor::Start;
    Style style = Style::Plain;
    double fontSize() const { return style == Style::Title ? 15 : 11; }
    // The box it takes, by chartTextWidth: what a pointer over it hits.
    QRectF bounds() const;
};

struct ChartLine {
    QLineF line;
    QString colour;
    double width = 1;
    bool dashed = false; // 4 on, 3 off
};

// A key event's mark: its shape says its kind (a change is a diamond, an error a square, an alert a
// triangle, anything else a dot).
struct ChartMark {
    enum class Shape { Diamond, Square, Triangle, Dot };
    Shape shape = Shape::Dot;
    QPointF centre;
    QString fill;
    QString stroke; // empty: none
    double strokeWidth = 0;
    QString tooltip;
    int entry = -1; // in Timeline::entries; -1 for the legend's
    int lane = -1;

    static constexpr double dotRadius = 4;
    static constexpr double squareSide = 9;
    // The corners of a diamond, square or triangle, in drawing order; none for a dot.
    std::vector<QPointF> outline() const;
    QRectF bounds() const;
};

// A suspect change: a ring around its mark, and a line down to "#rank summary".
struct ChartCallout {
    QPointF ring; // the centre of the ring, on the mark
    double ringRadius = 8;
    QString colour; // of the ring and the line
    QLineF leader;
    ChartText label;
    int rank = 0;
    int finding = -1; // in Timeline::findings
    int entry = -1; // the entry whose mark it rings
    int lane = -1;
};

// A run (paired start and end), or a collapsed entry's span (its first to its last repeat).
struct ChartBar {
    QRectF rect;
    double radius = 2; // of the corners
    QString fill;
    // An unfinished run fades out towards its end: paler and paler steps over the bar.
    std::vector<std::pair<QRectF, QString>> fade;
    ChartText label; // inside the bar (white) or after it
    QString tooltip;
    int run = -1; // in Timeline::runs, or
    int entry = -1; // in Timeline::entries
    int lane = -1;
};

// A lane: one source's runs, key events and suspects.
struct ChartLane {
    QString source;
    QString name; // the source without the folder all sources share
    QRectF rect; // the whole row, the full width
    bool shaded = false; // every other lane
    QString shade; // its fill, drawn at shadeOpacity
    double shadeOpacity = 0.7;
    ChartLine separator; // under it
    ChartText label; // its name, cut from the left to fit
    std::vector<ChartMark> marks;
    std::vector<ChartCallout> callouts; // the suspects among the marks
    std::vector<ChartBar> bars;
};

// A phase of the incident (trigger, impact start, detected, mitigated, resolved): its name and
// time above the lanes, and a dashed line down through them.
struct ChartPhase {
    QString name;
    qint64 timeUs = 0;
    ChartText label; // empty text when it did not fit (compact)
    ChartLine line;
};

// One moment of the findings that are not suspects, with the kinds found then.
struct ChartFindingMark {
    qint64 timeUs = 0;
    std::vector<QPointF> triangle; // pointing down at the moment
    QString fill;
    ChartText label; // empty text when it did not fit (compact)
    std::vector<int> findings; // in Timeline::findings
};

struct ChartFindingsBand {
    QRectF rect;
    QString fill;
    ChartText caption;
    std::vector<ChartFindingMark> marks;
};

struct ChartTick {
    qint64 timeUs = 0;
    ChartLine mark; // on the axis
    ChartLine grid; // through the lanes
    ChartText clock;
    std::optional<ChartText> date; // under the clock, when the day changes
};

// A key of the legend, drawn at `origin`: a mark (with a ring for a suspect) or a swatch, both
// relative to the origin; the label is placed absolutely.
struct ChartLegendKey {
    QPointF origin;
    std::optional<ChartMark> mark;
    double ring = 0; // the suspect ring's radius, 0: none
    QString ringColour;
    std::optional<QRectF> swatch;
    QString swatchFill;
    QString swatchStroke; // empty: none
    ChartText label;
};

struct ChartLayout {
    double width = 0;
    double height = 0;
    double plotLeft = 0; // the time axis runs from plotLeft to plotRight
    double plotRight = 0;
    qint64 windowFromUs = 0; // the timeline's window
    qint64 windowToUs = 0;
    qint64 fromUs = 0; // the part of it shown
    qint64 toUs = 0;
    // Bands from the top: the header and phases (0 to lanesTop, with the findings band ending
    // it), the lanes (lanesTop to lanesBottom), the axis and legend (lanesBottom to height). A
    // view may scroll the lanes and keep the rest in place.
    double phasesTop = 0;
    double lanesTop = 0; // the findings band starts here when there is one
    double firstLaneTop = 0;
    double lanesBottom = 0;

    QString background;
    std::optional<ChartText> title;
    std::optional<ChartText> caption;
    std::vector<ChartPhase> phases;
    std::optional<ChartFindingsBand> findings;
    std::optional<QRectF> impact; // from the first error to resolved (or mitigated), behind the lanes
    QString impactFill;
    std::vector<ChartLane> lanes;
    std::optional<ChartText> empty; // said when there are no lanes
    ChartLine axis;
    std::vector<ChartTick> ticks;
    std::vector<ChartLegendKey> legend;

    // The x of a time (clamped to the window, then to what is shown), and the time at an x.
    double xOf(qint64 utcUs) const;
    qint64 timeAt(double x) const;
};

// Lays out `timeline` with its times in `zone`.
ChartLayout layoutChart(const timeline::Timeline& timeline, const QTimeZone& zone, const ChartOptions& options = {});

// What is at a point of a layout: the thing drawn there that stands for something, the lane, and
// the time under it when it is over the plot.
struct ChartHit {
    enum class Kind { None, Mark, Callout, Bar, Finding, Phase, Lane };
    Kind kind = Kind::None;
    int entry = -1;
    int run = -1;
    int finding = -1; // a suspect's, or the first of a findings mark
    std::vector<int> findings; // all of a findings mark's
    int rank = 0;
    int lane = -1;
    std::optional<qint64> timeUs; // the time under the point, when it is over the plot
};
ChartHit chartHitAt(const ChartLayout& layout, QPointF point);

// The width the layout gives `text` at the chart's 11-pixel font: generous for DejaVu Sans, so
// that texts never overlap.
double chartTextWidth(const QString& text);

} // namespace aftermath::report
