#include "chartlayout.h"

#include "model/timeformat.h"

#include <QDateTime>
#include <QStringList>
#include <QTextBoundaryFinder>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace aftermath::report {

namespace {

using timeline::Entry;
using timeline::Finding;
using timeline::Run;
using Anchor = ChartText::Anchor;
using Style = ChartText::Style;

// Layout, in pixels.
constexpr double plotLeftMargin = 210; // lane names to the left
constexpr double plotRightMargin = 28;
constexpr double fontSize = 11;
constexpr double charWidth = fontSize * 0.62; // generous for DejaVu Sans, so text never overlaps
constexpr double labelRowHeight = 15;
constexpr double markRowHeight = 16;
constexpr double barRowHeight = 18;
constexpr double barHeight = 12;
constexpr double lanePadding = 6;
constexpr double gap = 8; // between things on one row
constexpr double headerHeight = 52;
constexpr double minuteUs = 60.0 * 1'000'000;

const QString ink = QStringLiteral("#1f2328");
const QString muted = QStringLiteral("#57606a");
const QString rule = QStringLiteral("#d0d7de");
const QString changeColour = QStringLiteral("#1565c0");
const QString errorColour = QStringLiteral("#c62828");
const QString retryColour = QStringLiteral("#ef6c00");
const QString alertColour = QStringLiteral("#d4a000");
const QString alertOutline = QStringLiteral("#8a6d00");
const QString chatColour = QStringLiteral("#6e7781");
const QString suspectColour = QStringLiteral("#8e24aa");
const QString succeededColour = QStringLiteral("#2e7d32");
const QString impactColour = QStringLiteral("#fdecea");
const QString impactOutline = QStringLiteral("#e6b8b3");
const QString findingsColour = QStringLiteral("#f6f0fa");
const QString shadeColour = QStringLiteral("#f6f8fa");
const QString white = QStringLiteral("#ffffff");

// Where `text` may be cut: the grapheme boundaries, so that an emoji (a surrogate pair, a ZWJ
// sequence, a flag) or a letter with its combining marks is kept whole or dropped whole.
std::vector<qsizetype> graphemeBoundaries(const QString& text)
{
    std::vector<qsizetype> boundaries;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    for (qsizetype at = 0; at >= 0; at = finder.toNextBoundary())
        boundaries.push_back(at);
    return boundaries;
}

// The text cut to `maxWidth` at a grapheme boundary, with an ellipsis where it was cut.
QString elide(const QString& text, double maxWidth)
{
    const auto fits = qsizetype(maxWidth / charWidth);
    if (text.size() <= fits)
        return text;
    const std::vector<qsizetype> cuts = graphemeBoundaries(text);
    // The longest start that fits beside the ellipsis, and at least one whole grapheme.
    const auto last = std::ranges::upper_bound(cuts, std::max<qsizetype>(fits - 1, 0));
    const qsizetype keep = last - cuts.begin() > 1 ? *(last - 1) : cuts.size() > 1 ? cuts[1] : text.size();
    return text.left(keep) + QStringLiteral("…");
}

// A source's name cut from the left at a grapheme boundary, so that the file name stays.
QString elideLeft(const QString& text, double maxWidth)
{
    const auto fits = qsizetype(maxWidth / charWidth);
    if (text.size() <= fits)
        return text;
    const std::vector<qsizetype> cuts = graphemeBoundaries(text);
    // The longest end that fits beside the ellipsis, and at least one whole grapheme.
    const auto first = std::ranges::lower_bound(cuts, text.size() - std::max<qsizetype>(fits - 1, 0));
    const qsizetype from = first != cuts.end() && *first < text.size() ? *first
        : cuts.size() > 1                                              ? cuts[cuts.size() - 2]
                                                                       : 0;
    return QStringLiteral("…") + text.mid(from);
}

enum class Mark { Change, Error, Retry, Alert, Chat, Other };

Mark markOf(model::EventKind kind)
{
    using model::EventKind;
    switch (kind) {
    case EventKind::Commit:
    case EventKind::Merge:
    case EventKind::Deploy:
    case EventKind::CiRun:
        return Mark::Change;
    case EventKind::Error:
        return Mark::Error;
    case EventKind::Retry:
        return Mark::Retry;
    case EventKind::Alert:
        return Mark::Alert;
    case EventKind::Chat:
        return Mark::Chat;
    default:
        return Mark::Other;
    }
}

QString colourOf(Mark mark)
{
    switch (mark) {
    case Mark::Change:
        return changeColour;
    case Mark::Error:
        return errorColour;
    case Mark::Retry:
        return retryColour;
    case Mark::Alert:
        return alertColour;
    case Mark::Chat:
    case Mark::Other:
        return chatColour;
    }
    return chatColour;
}

QString colourOf(Run::Outcome outcome)
{
    switch (outcome) {
    case Run::Outcome::Succeeded:
        return succeededColour;
    case Run::Outcome::Failed:
        return errorColour;
    case Run::Outcome::Unfinished:
        return retryColour;
    }
    return retryColour;
}

// A mark of `kind`'s shape and colour centred on `centre`.
ChartMark markAt(Mark kind, QPointF centre)
{
    ChartMark mark;
    mark.centre = centre;
    mark.fill = colourOf(kind);
    switch (kind) {
    case Mark::Change:
        mark.shape = ChartMark::Shape::Diamond;
        break;
    case Mark::Error:
        mark.shape = ChartMark::Shape::Square;
        break;
    case Mark::Alert:
        mark.shape = ChartMark::Shape::Triangle;
        mark.stroke = alertOutline;
        mark.strokeWidth = 0.8;
        break;
    case Mark::Retry:
    case Mark::Chat:
    case Mark::Other:
        mark.shape = ChartMark::Shape::Dot;
        break;
    }
    return mark;
}

// `colour` (#rrggbb) mixed with white: 0 is the colour, 1 white. Solid colours rather than
// opacity, which simple SVG renderers ignore.
QString paler(const QString& colour, double whiteShare)
{
    QString out = QStringLiteral("#");
    for (int i = 1; i < 7; i += 2) {
        const int channel = colour.mid(i, 2).toInt(nullptr, 16);
        out += QStringLiteral("%1").arg(int(channel + (255 - channel) * whiteShare + 0.5), 2, 16, QChar(u'0'));
    }
    return out;
}

ChartText textAt(double x, double y, const QString& content, const QString& colour, Style style = Style::Plain,
    Anchor anchor = Anchor::Start)
{
    return ChartText{QPointF(x, y), content, colour, anchor, style};
}

// Rows of a lane or band: each thing takes the first row where it does not overlap what is already
// there (first fit in time order).
class Rows {
public:
    // Limited to `maxRows` (0: no limit), a thing that fits no row is not placed: -1.
    explicit Rows(int maxRows = 0) : m_maxRows(maxRows) {}

    int place(double from, double to)
    {
        for (std::size_t row = 0; row < m_ends.size(); ++row) {
            if (m_ends[row] + gap <= from) {
                m_ends[row] = to;
                return int(row);
            }
        }
        if (m_maxRows > 0 && int(m_ends.size()) >= m_maxRows)
            return -1;
        m_ends.push_back(to);
        return int(m_ends.size()) - 1;
    }
    int count() const { return int(m_ends.size()); }

private:
    int m_maxRows = 0;
    std::vector<double> m_ends;
};

// A bar before it has its row: where it spans, and its label.
struct PendingBar {
    ChartBar bar;
    double from = 0;
    double to = 0;
    QString label;
    QString labelColour;
    bool open = false;
    bool labelInside = false;
    int row = 0;
};

struct PendingCallout {
    double x = 0;
    int rank = 0;
    int finding = -1;
    int entry = -1;
    QString label;
    int row = 0;
};

struct PendingLane {
    QString source;
    qint64 firstUs = 0;
    std::vector<std::pair<double, int>> marks; // x and the entry
    std::vector<PendingCallout> callouts;
    std::vector<PendingBar> bars;
    int calloutRows = 0;
    int barRows = 0;

    double height() const
    {
        const double content
            = (marks.empty() ? 0 : markRowHeight) + calloutRows * labelRowHeight + barRows * barRowHeight;
        return std::max(content, markRowHeight) + 2 * lanePadding;
    }
};

class Layout {
public:
    Layout(const timeline::Timeline& t, const QTimeZone& zone, const ChartOptions& options)
        : m_timeline(t), m_options(options), m_width(options.width), m_windowFromUs(t.fromUs),
          m_windowToUs(t.toUs > t.fromUs ? t.toUs : t.fromUs + 3600LL * 1'000'000),
          m_time(m_windowFromUs, m_windowToUs, zone, model::WindowTimeFormat::Precision::Minutes)
    {
        m_fromUs = std::clamp(options.fromUs.value_or(m_windowFromUs), m_windowFromUs, m_windowToUs);
        m_toUs = std::clamp(options.toUs.value_or(m_windowToUs), m_windowFromUs, m_windowToUs);
        if (m_toUs <= m_fromUs) {
            m_fromUs = m_windowFromUs;
            m_toUs = m_windowToUs;
        }
        m_zoomed = m_fromUs > m_windowFromUs || m_toUs < m_windowToUs;
        m_out.width = m_width;
        m_out.plotLeft = plotLeftMargin;
        m_out.plotRight = m_width - plotRightMargin;
        m_out.windowFromUs = m_windowFromUs;
        m_out.windowToUs = m_windowToUs;
        m_out.fromUs = m_fromUs;
        m_out.toUs = m_toUs;
    }

    ChartLayout layout()
    {
        buildLanes();
        m_out.background = white;
        if (m_options.header)
            header();
        double y = m_options.header ? headerHeight : 4;
        const double phasesTop = y;
        const double phasesHeight = phaseLabels(phasesTop);
        y += phasesHeight;
        const double lanesTop = y;
        y += findingsBand(y);
        m_out.phasesTop = phasesTop;
        m_out.lanesTop = lanesTop;
        m_out.firstLaneTop = y;
        for (std::size_t i = 0; i < m_lanes.size(); ++i) {
            lane(m_lanes[i], int(i), y, i % 2 == 1);
            y += m_lanes[i].height();
        }
        if (m_lanes.empty()) {
            m_out.empty = textAt(
                m_out.plotLeft, y + 20, QStringLiteral("No events in this window"), muted, Style::Italic);
            y += 32;
        }
        const double lanesBottom = y;
        m_out.lanesBottom = lanesBottom;
        impactBand(lanesTop, lanesBottom);
        phaseLines(phasesTop + phasesHeight - 4, lanesBottom);
        axis(lanesBottom, lanesTop);
        if (m_options.legend) {
            y = lanesBottom + 40;
            m_out.height = y + legend(y) + 8;
        } else {
            m_out.height = lanesBottom + (m_time.showsDates() ? 36 : 24);
        }
        return std::move(m_out);
    }

private:
    double x(qint64 us) const
    {
        const qint64 clamped = std::clamp(std::clamp(us, m_windowFromUs, m_windowToUs), m_fromUs, m_toUs);
        const double fraction = double(clamped - m_fromUs) / double(m_toUs - m_fromUs);
        return m_out.plotLeft + fraction * (m_out.plotRight - m_out.plotLeft);
    }

    // Whether an instant, or a span, of the window is in the part shown.
    bool shown(qint64 us) const { return shown(us, us); }
    bool shown(qint64 fromUs, qint64 toUs) const
    {
        return std::clamp(toUs, m_windowFromUs, m_windowToUs) >= m_fromUs
            && std::clamp(fromUs, m_windowFromUs, m_windowToUs) <= m_toUs;
    }

    void header()
    {
        m_out.title = textAt(12, 22,
            elide(m_options.title.isEmpty() ? QStringLiteral("Timeline") : m_options.title, m_width - 24), ink,
            Style::Title);
        m_out.caption = textAt(12, 40,
            QStringLiteral("%1 to %2, times in %3%4")
                .arg(m_time.full(m_windowFromUs).section(u' ', 0, 1), m_time.full(m_windowToUs).section(u' ', 0, 1),
                    m_time.zoneLabel(), m_folder.isEmpty() ? QString() : QStringLiteral("; sources in ") + m_folder),
            muted);
    }

    std::vector<std::pair<const char*, qint64>> phases() const
    {
        std::vector<std::pair<const char*, qint64>> seen;
        const timeline::Phases& p = m_timeline.phases;
        for (const auto& [name, value] : {std::pair{"trigger", p.trigger}, std::pair{"impact start", p.impactStart},
                 std::pair{"detected", p.detected}, std::pair{"mitigated", p.mitigated},
                 std::pair{"resolved", p.resolved}}) {
            if (value && shown(*value))
                seen.emplace_back(name, *value);
        }
        return seen;
    }

    // The phases' names and times above the lanes; returns the height used. Compact, a name that
    // fits no row loses its time, then goes.
    double phaseLabels(double top)
    {
        Rows rows(m_options.compact ? 2 : 0);
        for (const auto& [name, us] : phases()) {
            ChartPhase phase;
            phase.name = QString::fromLatin1(name);
            phase.timeUs = us;
            int row = -1;
            for (const QString& label : {QString(phase.name + u' ' + m_time.clock(us)), phase.name}) {
                const double start = x(us) - 3;
                const double end = start + chartTextWidth(label);
                // A label that would run off the right edge ends at its line instead.
                const bool flip = end > m_width - 4;
                const double left = flip ? x(us) + 3 - chartTextWidth(label) : start;
                row = rows.place(left, left + chartTextWidth(label));
                if (row >= 0) {
                    phase.label = textAt(flip ? x(us) + 3 : start, top + (row + 1) * labelRowHeight - 4, label, ink,
                        Style::Bold, flip ? Anchor::End : Anchor::Start);
                    break;
                }
            }
            if (row < 0)
                phase.label = textAt(x(us), top + labelRowHeight - 4, QString(), ink, Style::Bold);
            m_out.phases.push_back(phase);
        }
        return std::max(rows.count(), 1) * labelRowHeight + 6;
    }

    void phaseLines(double top, double bottom)
    {
        for (ChartPhase& phase : m_out.phases)
            phase.line = {QLineF(x(phase.timeUs), top, x(phase.timeUs), bottom), muted, 1.2, true};
    }

    void impactBand(double top, double bottom)
    {
        const timeline::Phases& p = m_timeline.phases;
        if (!p.impactStart)
            return;
        const qint64 end = p.resolved ? *p.resolved : p.mitigated ? *p.mitigated : m_windowToUs;
        if (!shown(*p.impactStart, end))
            return;
        m_out.impact = QRectF(x(*p.impactStart), top, std::max(x(end) - x(*p.impactStart), 1.0), bottom - top);
        m_out.impactFill = impactColour;
    }

    // Ticks every 1, 2, 5, 10, 15 or 30 minutes, or 1, 2, 3, 6 or 12 hours, or days: at most 12.
    // Zoomed in, seconds too (5, 10, 15 or 30); an export's whole window keeps whole minutes.
    qint64 tickStepUs() const
    {
        constexpr qint64 second = 1'000'000;
        constexpr qint64 minute = 60 * second;
        const qint64 span = m_toUs - m_fromUs;
        if (m_zoomed) {
            for (const qint64 seconds : {1, 2, 5, 10, 15, 30}) {
                if (span / (seconds * second) <= 12)
                    return seconds * second;
            }
        }
        for (const qint64 minutes : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440}) {
            if (span / (minutes * minute) <= 12)
                return minutes * minute;
        }
        const qint64 day = 1440 * minute;
        return (span / (12 * day) + 1) * day;
    }

    // The ticks, on whole local seconds, minutes, hours or days of the zone.
    std::vector<qint64> ticks() const
    {
        const qint64 step = tickStepUs();
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(m_fromUs / 1000, m_time.zone());
        const qint64 offsetUs = qint64(at.offsetFromUtc()) * 1'000'000;
        const qint64 local = m_fromUs + offsetUs;
        qint64 first = local / step * step;
        if (first < local)
            first += step;
        std::vector<qint64> out;
        for (qint64 tick = first - offsetUs; tick <= m_toUs; tick += step)
            out.push_back(tick);
        return out;
    }

    void axis(double y, double gridTop)
    {
        m_out.axis = {QLineF(m_out.plotLeft, y, m_out.plotRight, y), muted, 1, false};
        const bool seconds = tickStepUs() < qint64(minuteUs);
        const model::WindowTimeFormat clock
            = seconds ? m_time.withPrecision(model::WindowTimeFormat::Precision::Seconds) : m_time;
        QString previousDate;
        for (const qint64 tick : ticks()) {
            ChartTick t;
            t.timeUs = tick;
            t.grid = {QLineF(x(tick), gridTop, x(tick), y), rule, 0.6, false};
            t.mark = {QLineF(x(tick), y, x(tick), y + 5), muted, 1, false};
            t.clock = textAt(x(tick), y + 17, clock.clock(tick), muted, Style::Plain, Anchor::Middle);
            const QString date = m_time.date(tick);
            if (m_time.showsDates() && date != previousDate)
                t.date = textAt(x(tick), y + 30, date, muted, Style::Plain, Anchor::Middle);
            previousDate = date;
            m_out.ticks.push_back(t);
        }
    }

    // The findings other than suspects, one mark per moment with the kinds found then; returns the
    // height used. The band stays, if empty, while zoomed into a part without findings.
    double findingsBand(double top)
    {
        std::map<qint64, std::pair<QStringList, std::vector<int>>> byTime;
        bool any = false;
        for (int i = 0; i < int(m_timeline.findings.size()); ++i) {
            const Finding& f = m_timeline.findings[std::size_t(i)];
            if (f.type == Finding::Type::SuspectChange)
                continue;
            any = true;
            if (!shown(f.timeUs))
                continue;
            auto& [kinds, indices] = byTime[f.timeUs];
            const QString kind = timeline::toString(f.type).replace(u'_', u' ');
            if (!kinds.contains(kind))
                kinds << kind;
            indices.push_back(i);
        }
        if (!any)
            return 0;
        ChartFindingsBand band;
        Rows rows;
        // Compact, one row: every mark, and the labels that cover no other mark or label, the
        // first error's first.
        std::vector<std::pair<double, double>> taken;
        std::vector<bool> labelled(byTime.size(), true);
        if (m_options.compact) {
            std::vector<std::size_t> order;
            for (const auto& [us, found] : byTime) {
                taken.emplace_back(x(us) - 5, x(us) + 5);
                order.push_back(order.size());
            }
            const auto moment = [&](std::size_t k) { return std::next(byTime.begin(), std::ptrdiff_t(k)); };
            std::ranges::stable_partition(order, [&](std::size_t k) {
                return moment(k)->second.first.contains(QStringLiteral("first error"));
            });
            for (const std::size_t k : order) {
                const double mx = x(moment(k)->first);
                const double width = chartTextWidth(moment(k)->second.first.join(QStringLiteral(", ")));
                const bool flip = mx + 8 + width > m_width - 4;
                const std::pair extent = flip ? std::pair{mx - 8 - width, mx - 8} : std::pair{mx + 8, mx + 8 + width};
                for (std::size_t other = 0; other < taken.size() && labelled[k]; ++other)
                    labelled[k] = other == k
                        || extent.first >= taken[other].second + gap / 2 || taken[other].first >= extent.second + gap / 2;
                if (labelled[k])
                    taken.push_back(extent);
            }
            rows.place(0, 0); // the one row
        }
        std::size_t k = 0;
        for (const auto& [us, found] : byTime) {
            const auto& [kinds, indices] = found;
            const QString label = labelled[k++] ? kinds.join(QStringLiteral(", ")) : QString();
            const double mx = x(us);
            const bool flip = mx + 8 + chartTextWidth(label) > m_width - 4;
            const double left = flip ? mx - 8 - chartTextWidth(label) : mx - 5;
            const double right = flip ? mx + 5 : mx + 8 + chartTextWidth(label);
            const int row = m_options.compact ? 0 : rows.place(left, right);
            const double cy = top + lanePadding + row * labelRowHeight + labelRowHeight / 2;
            const bool error = kinds.contains(QStringLiteral("first error"));
            ChartFindingMark mark;
            mark.timeUs = us;
            mark.triangle = {QPointF(mx - 5, cy - 4), QPointF(mx + 5, cy - 4), QPointF(mx, cy + 4)};
            mark.fill = error ? errorColour : suspectColour;
            mark.label = textAt(flip ? mx - 8 : mx + 8, cy + 4, label, ink, Style::Plain, flip ? Anchor::End : Anchor::Start);
            mark.findings = indices;
            band.marks.push_back(mark);
        }
        const double height = std::max(rows.count(), 1) * labelRowHeight + 2 * lanePadding;
        band.rect = QRectF(0, top, m_width, height);
        band.fill = findingsColour;
        band.caption = textAt(12, top + lanePadding + 11, QStringLiteral("findings"), muted, Style::Italic);
        m_out.findings = std::move(band);
        return height;
    }

    PendingLane& laneFor(const QString& source, qint64 us)
    {
        const auto found = std::ranges::find(m_lanes, source, &PendingLane::source);
        if (found != m_lanes.end()) {
            found->firstUs = std::min(found->firstUs, us);
            return *found;
        }
        m_lanes.push_back({});
        m_lanes.back().source = source;
        m_lanes.back().firstUs = us;
        return m_lanes.back();
    }

    void buildLanes()
    {
        const auto& findings = m_timeline.findings;
        // The suspects by the events they cite: a change seen twice (a merge in git and on GitHub,
        // a workflow's start and end) is one suspect.
        std::map<qint64, int> suspectByEvent;
        for (int i = 0; i < int(findings.size()); ++i) {
            const Finding& f = findings[std::size_t(i)];
            if (f.type != Finding::Type::SuspectChange)
                continue;
            for (const qint64 id : f.eventIds) {
                const auto [it, added] = suspectByEvent.emplace(id, i);
                if (!added && f.rank < findings[std::size_t(it->second)].rank)
                    it->second = i;
            }
        }
        for (int i = 0; i < int(m_timeline.runs.size()); ++i) {
            const Run& r = m_timeline.runs[std::size_t(i)];
            if (r.background && !m_options.backgroundRuns)
                continue;
            PendingLane& lane = laneFor(r.source, r.startedUs);
            if (shown(r.startedUs, r.endedUs.value_or(m_windowToUs)))
                runBar(lane, r, i);
        }
        for (int i = 0; i < int(m_timeline.entries.size()); ++i) {
            const Entry& e = m_timeline.entries[std::size_t(i)];
            // Run starts and ends are the runs' bars; the rest is shown only when key.
            if (!e.key || e.kind == model::EventKind::JobStart || e.kind == model::EventKind::JobEnd)
                continue;
            PendingLane& lane = laneFor(e.source, e.timeUs);
            if (e.endUs && *e.endUs > e.timeUs) {
                if (shown(e.timeUs, *e.endUs))
                    spanBar(lane, e, i);
                continue;
            }
            if (!shown(e.timeUs))
                continue;
            lane.marks.emplace_back(x(e.timeUs), i);
            int suspect = -1;
            for (const qint64 id : e.eventIds) {
                if (const auto it = suspectByEvent.find(id); it != suspectByEvent.end()
                    && (suspect < 0 || findings[std::size_t(it->second)].rank < findings[std::size_t(suspect)].rank))
                    suspect = it->second;
            }
            if (suspect < 0)
                continue;
            const Finding& f = findings[std::size_t(suspect)];
            // One callout per suspect and lane: at the mark of the suspect's own time, else the first.
            const auto same = std::ranges::find(lane.callouts, f.rank, &PendingCallout::rank);
            const PendingCallout callout{x(e.timeUs), f.rank, suspect, i,
                elide(QStringLiteral("#%1 %2").arg(f.rank).arg(e.summary),
                    std::min(360.0, m_width - 12 - x(e.timeUs))),
                0};
            if (same == lane.callouts.end())
                lane.callouts.push_back(callout);
            else if (e.timeUs == f.timeUs)
                *same = callout;
        }
        m_folder = commonFolder();
        for (PendingLane& lane : m_lanes) {
            std::ranges::stable_sort(lane.callouts, {}, &PendingCallout::x);
            Rows callouts;
            for (PendingCallout& c : lane.callouts)
                c.row = callouts.place(c.x - 2, c.x + 7 + chartTextWidth(c.label));
            lane.calloutRows = callouts.count();
            std::ranges::stable_sort(lane.bars, {}, &PendingBar::from);
            Rows bars;
            for (PendingBar& bar : lane.bars) {
                const double inside = bar.to - bar.from - 10;
                const double outside = m_width - 8 - (bar.to + 6);
                if (chartTextWidth(bar.label) <= inside) {
                    bar.labelInside = true;
                } else if (chartTextWidth(bar.label) <= outside || outside >= inside) {
                    bar.label = elide(bar.label, outside);
                } else {
                    bar.label = elide(bar.label, inside);
                    bar.labelInside = true;
                }
                const double end = bar.labelInside ? bar.to : bar.to + 6 + chartTextWidth(bar.label);
                bar.row = bars.place(bar.from, end);
            }
            lane.barRows = bars.count();
        }
        std::ranges::stable_sort(m_lanes, [](const PendingLane& a, const PendingLane& b) {
            return std::tie(a.firstUs, a.source) < std::tie(b.firstUs, b.source);
        });
    }

    // The folder every source is in ("etl-incident/"), said once in the caption instead of in
    // every lane's name; empty when they are not all in one.
    QString commonFolder() const
    {
        if (m_lanes.empty())
            return {};
        QString prefix = m_lanes.front().source.section(u'/', 0, -2, QString::SectionIncludeTrailingSep);
        for (const PendingLane& lane : m_lanes) {
            while (!prefix.isEmpty() && !lane.source.startsWith(prefix))
                prefix = prefix.left(prefix.size() - 1).section(u'/', 0, -2, QString::SectionIncludeTrailingSep);
        }
        return prefix;
    }

    void runBar(PendingLane& lane, const Run& r, int index)
    {
        PendingBar bar;
        bar.from = x(r.startedUs);
        bar.to = std::max(x(r.endedUs.value_or(m_windowToUs)), bar.from + 3);
        // No end: it fades out towards the end of the window, when that is in sight.
        bar.open = !r.endedUs && m_toUs == m_windowToUs;
        bar.bar.fill = colourOf(r.outcome);
        bar.labelColour = white;
        QString name = QStringList{r.job, r.tenant.isEmpty() ? r.run : r.tenant}.join(u' ').trimmed();
        // "etl-post-funding:42" of job etl-post-funding is ":42"
        if (!r.version.isEmpty())
            name += u' ' + (r.version.startsWith(r.job + u':') ? r.version.mid(r.job.size()) : r.version);
        QString what = timeline::toString(r.outcome);
        if (r.endedUs)
            what += u' ' + model::formatDuration(*r.endedUs - r.startedUs);
        if (r.retries > 0)
            what += QStringLiteral(", %1 retries").arg(r.retries);
        bar.label = name + QStringLiteral(": ") + what;
        bar.bar.tooltip = QStringLiteral("%1 %2").arg(m_time.span(r.startedUs, r.endedUs), name + u' ' + what);
        bar.bar.run = index;
        lane.bars.push_back(bar);
    }

    void spanBar(PendingLane& lane, const Entry& e, int index)
    {
        PendingBar bar;
        bar.from = x(e.timeUs);
        bar.to = std::max(x(*e.endUs), bar.from + 3);
        bar.bar.fill = colourOf(markOf(e.kind));
        bar.labelColour = white;
        const QString kind = model::toString(e.kind).toString().replace(u'_', u' ');
        bar.label = e.count > 1 ? QStringLiteral("%1 ×%2").arg(kind).arg(e.count) : kind;
        bar.bar.tooltip = m_time.span(e.timeUs, e.endUs) + u' ' + e.summary;
        bar.bar.entry = index;
        lane.bars.push_back(bar);
    }

    void lane(const PendingLane& pending, int index, double top, bool shaded)
    {
        ChartLane lane;
        lane.source = pending.source;
        lane.name = pending.source.mid(m_folder.size());
        const double height = pending.height();
        lane.rect = QRectF(0, top, m_width, height);
        lane.shaded = shaded;
        lane.shade = shadeColour;
        lane.separator = {QLineF(0, top + height, m_width, top + height), rule, 0.6, false};
        lane.label = textAt(12, top + height / 2 + 4, elideLeft(lane.name, m_out.plotLeft - 24), ink);
        double y = top + lanePadding;
        const double markY = y + markRowHeight / 2;
        if (!pending.marks.empty()) {
            for (const auto& [mx, entry] : pending.marks) {
                const Entry& e = m_timeline.entries[std::size_t(entry)];
                ChartMark mark = markAt(markOf(e.kind), QPointF(mx, markY));
                mark.tooltip = m_time.time(e.timeUs) + u' ' + model::toString(e.kind).toString() + u' ' + e.summary;
                mark.entry = entry;
                mark.lane = index;
                lane.marks.push_back(mark);
            }
            y += markRowHeight;
        }
        for (const PendingCallout& c : pending.callouts) {
            const double baseline = y + (c.row + 1) * labelRowHeight - 4;
            ChartCallout callout;
            callout.ring = QPointF(c.x, markY);
            callout.colour = suspectColour;
            callout.leader = QLineF(c.x, markY + 8, c.x, baseline - 3);
            callout.label = textAt(c.x + 6, baseline, c.label, suspectColour);
            callout.rank = c.rank;
            callout.finding = c.finding;
            callout.entry = c.entry;
            callout.lane = index;
            lane.callouts.push_back(callout);
        }
        y += pending.calloutRows * labelRowHeight;
        for (const PendingBar& pendingBar : pending.bars) {
            ChartBar bar = pendingBar.bar;
            const double barTop = y + pendingBar.row * barRowHeight + (barRowHeight - barHeight) / 2;
            bar.rect = QRectF(pendingBar.from, barTop, pendingBar.to - pendingBar.from, barHeight);
            if (pendingBar.open) {
                const double step = std::min(30.0, (pendingBar.to - pendingBar.from) / 4);
                for (int i = 0; i < 4; ++i)
                    bar.fade.emplace_back(QRectF(pendingBar.to - (4 - i) * step, barTop, step, barHeight),
                        paler(bar.fill, 0.2 * (i + 1)));
            }
            bar.label = pendingBar.labelInside
                ? textAt(pendingBar.from + 5, barTop + barHeight - 2.5, pendingBar.label, pendingBar.labelColour)
                : textAt(pendingBar.to + 6, barTop + barHeight - 2.5, pendingBar.label, ink);
            bar.lane = index;
            lane.bars.push_back(bar);
        }
        m_out.lanes.push_back(std::move(lane));
    }

    // What the marks and colours mean; returns the height used.
    double legend(double top)
    {
        double lx = 12;
        double cy = top + 8;
        auto add = [&](ChartLegendKey key, const QString& label, double drawingWidth) {
            const double itemWidth = drawingWidth + 6 + chartTextWidth(label) + 18;
            if (lx + itemWidth > m_width - 12) {
                lx = 12;
                cy += 18;
            }
            key.origin = QPointF(lx, cy);
            key.label = textAt(lx + drawingWidth + 6, cy + 4, label, ink);
            m_out.legend.push_back(key);
            lx += itemWidth;
        };
        auto mark = [](Mark kind, double ring = 0) {
            ChartLegendKey key;
            key.mark = markAt(kind, QPointF(6, 0));
            key.ring = ring;
            key.ringColour = suspectColour;
            return key;
        };
        auto swatch = [](const QString& fill, const QString& stroke = {}) {
            ChartLegendKey key;
            key.swatch = QRectF(0, -5, 22, 10);
            key.swatchFill = fill;
            key.swatchStroke = stroke;
            return key;
        };
        add(mark(Mark::Change), QStringLiteral("change"), 12);
        add(mark(Mark::Change, 8), QStringLiteral("suspect change (#rank)"), 14);
        add(mark(Mark::Error), QStringLiteral("error"), 12);
        add(mark(Mark::Retry), QStringLiteral("retry"), 12);
        add(mark(Mark::Alert), QStringLiteral("alert"), 12);
        add(mark(Mark::Chat), QStringLiteral("chat, log"), 12);
        add(swatch(succeededColour), QStringLiteral("run succeeded"), 22);
        add(swatch(errorColour), QStringLiteral("run failed"), 22);
        add(swatch(retryColour), QStringLiteral("run unfinished"), 22);
        add(swatch(impactColour, impactOutline), QStringLiteral("impact (first error to resolved)"), 22);
        return cy - top + 16;
    }

    const timeline::Timeline& m_timeline;
    ChartOptions m_options;
    double m_width;
    qint64 m_windowFromUs;
    qint64 m_windowToUs;
    qint64 m_fromUs = 0;
    qint64 m_toUs = 0;
    bool m_zoomed = false;
    model::WindowTimeFormat m_time;
    std::vector<PendingLane> m_lanes;
    QString m_folder; // the folder all sources are in, if they are
    ChartLayout m_out;
};

// The distance from `point` to the nearest point of `rect`; 0 inside it.
double distanceTo(const QRectF& rect, QPointF point)
{
    const double dx = std::max({rect.left() - point.x(), 0.0, point.x() - rect.right()});
    const double dy = std::max({rect.top() - point.y(), 0.0, point.y() - rect.bottom()});
    return std::hypot(dx, dy);
}

} // namespace

double chartTextWidth(const QString& text) { return double(text.size()) * charWidth; }

QRectF ChartText::bounds() const
{
    const double size = fontSize();
    const double width = chartTextWidth(text) * size / 11.0;
    const double left = anchor == Anchor::Start ? at.x() : anchor == Anchor::Middle ? at.x() - width / 2 : at.x() - width;
    return QRectF(left, at.y() - size, width, size * 1.3);
}

std::vector<QPointF> ChartMark::outline() const
{
    const double x = centre.x();
    const double y = centre.y();
    const double half = squareSide / 2;
    switch (shape) {
    case Shape::Diamond:
        return {QPointF(x, y - 5.5), QPointF(x + 5.5, y), QPointF(x, y + 5.5), QPointF(x - 5.5, y)};
    case Shape::Square:
        return {QPointF(x - half, y - half), QPointF(x + half, y - half), QPointF(x + half, y + half),
            QPointF(x - half, y + half)};
    case Shape::Triangle:
        return {QPointF(x, y - 5.5), QPointF(x + 5.5, y + 4.5), QPointF(x - 5.5, y + 4.5)};
    case Shape::Dot:
        break;
    }
    return {};
}

QRectF ChartMark::bounds() const { return QRectF(centre.x() - 5.5, centre.y() - 5.5, 11, 11); }

double ChartLayout::xOf(qint64 utcUs) const
{
    const qint64 clamped = std::clamp(std::clamp(utcUs, windowFromUs, windowToUs), fromUs, toUs);
    return plotLeft + double(clamped - fromUs) / double(std::max<qint64>(toUs - fromUs, 1)) * (plotRight - plotLeft);
}

qint64 ChartLayout::timeAt(double x) const
{
    const double fraction = std::clamp((x - plotLeft) / std::max(plotRight - plotLeft, 1.0), 0.0, 1.0);
    return fromUs + qint64(std::llround(fraction * double(toUs - fromUs)));
}

ChartLayout layoutChart(const timeline::Timeline& timeline, const QTimeZone& zone, const ChartOptions& options)
{
    return Layout(timeline, zone, options).layout();
}

ChartHit chartHitAt(const ChartLayout& layout, QPointF point)
{
    // A few pixels of slack around small things, so that they are easy to point at.
    constexpr double slack = 3;
    ChartHit hit;
    if (point.x() >= layout.plotLeft && point.x() <= layout.plotRight && point.y() >= 0 && point.y() <= layout.height)
        hit.timeUs = layout.timeAt(point.x());
    for (int i = 0; i < int(layout.lanes.size()); ++i) {
        const ChartLane& lane = layout.lanes[std::size_t(i)];
        if (point.y() < lane.rect.top() || point.y() >= lane.rect.bottom())
            continue;
        hit.kind = ChartHit::Kind::Lane;
        hit.lane = i;
        // The nearest mark, then a suspect's ring or label, then a bar or its label.
        const ChartMark* nearest = nullptr;
        double best = slack;
        for (const ChartMark& mark : lane.marks) {
            const double distance = distanceTo(mark.bounds(), point);
            if (distance <= best && (!nearest || distance < best || std::abs(mark.centre.x() - point.x())
                                          < std::abs(nearest->centre.x() - point.x()))) {
                nearest = &mark;
                best = distance;
            }
        }
        if (nearest) {
            hit.kind = ChartHit::Kind::Mark;
            hit.entry = nearest->entry;
            return hit;
        }
        for (const ChartCallout& callout : lane.callouts) {
            const QRectF ring(callout.ring.x() - callout.ringRadius, callout.ring.y() - callout.ringRadius,
                2 * callout.ringRadius, 2 * callout.ringRadius);
            if (distanceTo(ring, point) <= slack || distanceTo(callout.label.bounds(), point) <= 0) {
                hit.kind = ChartHit::Kind::Callout;
                hit.entry = callout.entry;
                hit.finding = callout.finding;
                hit.rank = callout.rank;
                return hit;
            }
        }
        for (const ChartBar& bar : lane.bars) {
            if (distanceTo(bar.rect, point) <= slack / 2 || distanceTo(bar.label.bounds(), point) <= 0) {
                hit.kind = ChartHit::Kind::Bar;
                hit.entry = bar.entry;
                hit.run = bar.run;
                return hit;
            }
        }
        return hit;
    }
    if (layout.findings && layout.findings->rect.contains(point)) {
        for (const ChartFindingMark& mark : layout.findings->marks) {
            const QRectF triangle(mark.triangle[0], mark.triangle[1] + QPointF(0, 8));
            if (distanceTo(triangle, point) <= slack || distanceTo(mark.label.bounds(), point) <= 0) {
                hit.kind = ChartHit::Kind::Finding;
                hit.findings = mark.findings;
                hit.finding = mark.findings.empty() ? -1 : mark.findings.front();
                return hit;
            }
        }
        return hit;
    }
    for (const ChartPhase& phase : layout.phases) {
        if (distanceTo(phase.label.bounds(), point) <= 0) {
            hit.kind = ChartHit::Kind::Phase;
            hit.timeUs = phase.timeUs;
            return hit;
        }
    }
    return hit;
}

} // namespace aftermath::report
