#include "chart.h"

#include "escape.h"

#include "model/timeformat.h"

#include <QDateTime>
#include <QStringList>
#include <QTextBoundaryFinder>

#include <algorithm>
#include <map>
#include <tuple>

namespace aftermath::report {

namespace {

using timeline::Entry;
using timeline::Finding;
using timeline::Run;

// Layout, in SVG pixels.
constexpr double width = 1100;
constexpr double plotLeft = 210; // lane names to the left
constexpr double plotRight = width - 28;
constexpr double fontSize = 11;
constexpr double charWidth = fontSize * 0.62; // generous for DejaVu Sans, so text never overlaps
constexpr double labelRowHeight = 15;
constexpr double markRowHeight = 16;
constexpr double barRowHeight = 18;
constexpr double barHeight = 12;
constexpr double lanePadding = 6;
constexpr double gap = 8; // between things on one row

const QString fontFamily = QStringLiteral("DejaVu Sans, Verdana, Arial, sans-serif");

// Fixed formatting: the same number always gives the same bytes.
QString num(double value) { return QString::number(value, 'f', 1); }

double textWidth(const QString& text) { return double(text.size()) * charWidth; }

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

const QString ink = QStringLiteral("#1f2328");
const QString muted = QStringLiteral("#57606a");
const QString changeColour = QStringLiteral("#1565c0");
const QString errorColour = QStringLiteral("#c62828");
const QString retryColour = QStringLiteral("#ef6c00");
const QString alertColour = QStringLiteral("#d4a000");
const QString chatColour = QStringLiteral("#6e7781");
const QString suspectColour = QStringLiteral("#8e24aa");
const QString succeededColour = QStringLiteral("#2e7d32");
const QString impactColour = QStringLiteral("#fdecea");

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

// A mark's shape centred on (x, y).
QString shape(Mark mark, double x, double y)
{
    const QString fill = colourOf(mark);
    switch (mark) {
    case Mark::Change: // a diamond
        return QStringLiteral(R"(<path d="M%1 %2L%3 %4L%1 %5L%6 %4Z" fill="%7"/>)")
            .arg(num(x), num(y - 5.5), num(x + 5.5), num(y), num(y + 5.5), num(x - 5.5), fill);
    case Mark::Error: // a square
        return QStringLiteral(R"(<rect x="%1" y="%2" width="9.0" height="9.0" fill="%3"/>)")
            .arg(num(x - 4.5), num(y - 4.5), fill);
    case Mark::Alert: // a triangle
        return QStringLiteral(R"(<path d="M%1 %2L%3 %4L%5 %4Z" fill="%6" stroke="#8a6d00" stroke-width="0.8"/>)")
            .arg(num(x), num(y - 5.5), num(x + 5.5), num(y + 4.5), num(x - 5.5), fill);
    case Mark::Retry:
    case Mark::Chat:
    case Mark::Other:
        return QStringLiteral(R"(<circle cx="%1" cy="%2" r="4.0" fill="%3"/>)").arg(num(x), num(y), fill);
    }
    return {};
}

// `colour` (#rrggbb) mixed with white: 0 is the colour, 1 white. Solid colours rather than
// opacity, which simple SVG renderers ignore.
QString paler(const QString& colour, double white)
{
    QString out = QStringLiteral("#");
    for (int i = 1; i < 7; i += 2) {
        const int channel = colour.mid(i, 2).toInt(nullptr, 16);
        out += QStringLiteral("%1").arg(int(channel + (255 - channel) * white + 0.5), 2, 16, QChar(u'0'));
    }
    return out;
}

QString text(double x, double y, const QString& content, const QString& attributes = {})
{
    return QStringLiteral(R"(<text x="%1" y="%2"%3>%4</text>)")
        .arg(num(x), num(y), attributes.isEmpty() ? QString() : u' ' + attributes, xmlEscaped(content));
}

// Rows of a lane or band: each thing takes the first row where it does not overlap what is already
// there (first fit in time order).
class Rows {
public:
    int place(double from, double to)
    {
        for (std::size_t row = 0; row < m_ends.size(); ++row) {
            if (m_ends[row] + gap <= from) {
                m_ends[row] = to;
                return int(row);
            }
        }
        m_ends.push_back(to);
        return int(m_ends.size()) - 1;
    }
    int count() const { return int(m_ends.size()); }

private:
    std::vector<double> m_ends;
};

struct Bar {
    double from = 0;
    double to = 0;
    QString label;
    QString fill;
    QString labelColour;
    bool open = false; // an unfinished run: it fades out
    QString tooltip;
    bool labelInside = false;
    int row = 0;
};

struct Callout {
    double x = 0;
    int rank = 0;
    QString label;
    int row = 0;
};

struct Lane {
    QString source;
    QString name; // the source without the folder all sources share
    qint64 firstUs = 0;
    std::vector<std::pair<double, Entry>> marks; // x and the entry
    std::vector<Callout> callouts; // the suspects among the marks
    std::vector<Bar> bars;
    int calloutRows = 0;
    int barRows = 0;

    double height() const
    {
        const double content
            = (marks.empty() ? 0 : markRowHeight) + calloutRows * labelRowHeight + barRows * barRowHeight;
        return std::max(content, markRowHeight) + 2 * lanePadding;
    }
};

class Chart {
public:
    Chart(const timeline::Timeline& t, const QTimeZone& zone, const QString& title)
        : m_timeline(t), m_fromUs(t.fromUs), m_toUs(t.toUs > t.fromUs ? t.toUs : t.fromUs + 3600LL * 1'000'000),
          m_time(m_fromUs, m_toUs, zone, model::WindowTimeFormat::Precision::Minutes), m_title(title)
    {
    }

    QString render()
    {
        buildLanes();
        QString body = header();
        double y = 52; // below the header
        const double phasesTop = y;
        const double phasesHeight = phaseLabels(phasesTop, body);
        y += phasesHeight;
        const double findingsHeight = findingsBand(y, body);
        const double lanesTop = y;
        y += findingsHeight;
        QString lanes;
        for (std::size_t i = 0; i < m_lanes.size(); ++i) {
            lanes += lane(m_lanes[i], y, i % 2 == 1);
            y += m_lanes[i].height();
        }
        if (m_lanes.empty()) {
            lanes += text(plotLeft, y + 20, QStringLiteral("No events in this window"),
                QStringLiteral(R"(fill="%1" font-style="italic")").arg(muted));
            y += 32;
        }
        const double lanesBottom = y;
        // Behind everything: the impact, the grid and the phases, then the lanes on top.
        const QString back = impactBand(lanesTop, lanesBottom) + grid(lanesTop, lanesBottom)
            + phaseLines(phasesTop + phasesHeight - 4, lanesBottom);
        QString front = axis(lanesBottom);
        y = lanesBottom + 40;
        const double legendHeight = legend(y, front);
        const double height = y + legendHeight + 8;
        return QStringLiteral(
                   R"(<svg xmlns="http://www.w3.org/2000/svg" width="%1" height="%2" viewBox="0 0 %1 %2" font-family="%3" font-size="%4">
<rect width="%1" height="%2" fill="#ffffff"/>
)")
                   .arg(num(width), num(height), fontFamily, num(fontSize))
            + back + body + lanes + front + QStringLiteral("</svg>\n");
    }

private:
    double x(qint64 us) const
    {
        const double fraction = double(std::clamp(us, m_fromUs, m_toUs) - m_fromUs) / double(m_toUs - m_fromUs);
        return plotLeft + fraction * (plotRight - plotLeft);
    }

    QString header() const
    {
        return text(12, 22, elide(m_title.isEmpty() ? QStringLiteral("Timeline") : m_title, width - 24),
                   QStringLiteral(R"(font-size="15" font-weight="bold" fill="%1")").arg(ink))
            + u'\n'
            + text(12, 40,
                QStringLiteral("%1 to %2, times in %3%4")
                    .arg(m_time.full(m_fromUs).section(u' ', 0, 1), m_time.full(m_toUs).section(u' ', 0, 1),
                        m_time.zoneLabel(),
                        m_folder.isEmpty() ? QString() : QStringLiteral("; sources in ") + m_folder),
                QStringLiteral(R"(fill="%1")").arg(muted))
            + u'\n';
    }

    std::vector<std::pair<const char*, qint64>> phases() const
    {
        std::vector<std::pair<const char*, qint64>> seen;
        const timeline::Phases& p = m_timeline.phases;
        for (const auto& [name, value] : {std::pair{"trigger", p.trigger}, std::pair{"impact start", p.impactStart},
                 std::pair{"detected", p.detected}, std::pair{"mitigated", p.mitigated},
                 std::pair{"resolved", p.resolved}}) {
            if (value)
                seen.emplace_back(name, *value);
        }
        return seen;
    }

    // The phases' names and times above the lanes; returns the height used.
    double phaseLabels(double top, QString& out) const
    {
        Rows rows;
        QString labels;
        for (const auto& [name, us] : phases()) {
            const QString label = QString::fromLatin1(name) + u' ' + m_time.clock(us);
            const double start = x(us) - 3;
            const double end = start + textWidth(label);
            // A label that would run off the right edge ends at its line instead.
            const bool flip = end > width - 4;
            const double left = flip ? x(us) + 3 - textWidth(label) : start;
            const int row = rows.place(left, left + textWidth(label));
            labels += text(flip ? x(us) + 3 : start, top + (row + 1) * labelRowHeight - 4, label,
                          QStringLiteral(R"(fill="%1" font-weight="bold"%2)")
                              .arg(ink, flip ? QStringLiteral(R"( text-anchor="end")") : QString()))
                + u'\n';
        }
        out += labels;
        return std::max(rows.count(), 1) * labelRowHeight + 6;
    }

    QString phaseLines(double top, double bottom) const
    {
        QString out;
        for (const auto& [name, us] : phases()) {
            out += QStringLiteral(
                       R"(<line x1="%1" y1="%2" x2="%1" y2="%3" stroke="%4" stroke-width="1.2" stroke-dasharray="4 3"/>)")
                       .arg(num(x(us)), num(top), num(bottom), muted)
                + u'\n';
        }
        return out;
    }

    QString impactBand(double top, double bottom) const
    {
        const timeline::Phases& p = m_timeline.phases;
        if (!p.impactStart)
            return {};
        const qint64 end = p.resolved ? *p.resolved : p.mitigated ? *p.mitigated : m_toUs;
        return QStringLiteral(R"(<rect x="%1" y="%2" width="%3" height="%4" fill="%5"/>)")
                   .arg(num(x(*p.impactStart)), num(top), num(std::max(x(end) - x(*p.impactStart), 1.0)),
                       num(bottom - top), impactColour)
            + u'\n';
    }

    // Ticks every 1, 2, 5, 10, 15 or 30 minutes, or 1, 2, 3, 6 or 12 hours, or days: at most 12.
    qint64 tickStepUs() const
    {
        constexpr qint64 minute = 60LL * 1'000'000;
        for (const qint64 minutes : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440}) {
            if ((m_toUs - m_fromUs) / (minutes * minute) <= 12)
                return minutes * minute;
        }
        const qint64 day = 1440 * minute;
        return ((m_toUs - m_fromUs) / (12 * day) + 1) * day;
    }

    // The ticks, on whole local minutes, hours or days of the zone.
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

    QString grid(double top, double bottom) const
    {
        QString out;
        for (const qint64 tick : ticks()) {
            out += QStringLiteral(R"(<line x1="%1" y1="%2" x2="%1" y2="%3" stroke="#d0d7de" stroke-width="0.6"/>)")
                       .arg(num(x(tick)), num(top), num(bottom))
                + u'\n';
        }
        return out;
    }

    QString axis(double y) const
    {
        QString out = QStringLiteral(R"(<line x1="%1" y1="%2" x2="%3" y2="%2" stroke="%4" stroke-width="1"/>)")
                          .arg(num(plotLeft), num(y), num(plotRight), muted)
            + u'\n';
        QString previousDate;
        for (const qint64 tick : ticks()) {
            out += QStringLiteral(R"(<line x1="%1" y1="%2" x2="%1" y2="%3" stroke="%4" stroke-width="1"/>)")
                       .arg(num(x(tick)), num(y), num(y + 5), muted)
                + u'\n';
            out += text(x(tick), y + 17, m_time.clock(tick),
                       QStringLiteral(R"(fill="%1" text-anchor="middle")").arg(muted))
                + u'\n';
            const QString date = m_time.date(tick);
            if (m_time.showsDates() && date != previousDate)
                out += text(x(tick), y + 30, date, QStringLiteral(R"(fill="%1" text-anchor="middle")").arg(muted))
                    + u'\n';
            previousDate = date;
        }
        return out;
    }

    // The findings other than suspects, one mark per moment with the kinds found then.
    double findingsBand(double top, QString& out) const
    {
        std::map<qint64, QStringList> byTime;
        for (const Finding& f : m_timeline.findings) {
            if (f.type == Finding::Type::SuspectChange)
                continue;
            QStringList& kinds = byTime[f.timeUs];
            const QString kind = timeline::toString(f.type).replace(u'_', u' ');
            if (!kinds.contains(kind))
                kinds << kind;
        }
        if (byTime.empty())
            return 0;
        Rows rows;
        QString marks;
        for (const auto& [us, kinds] : byTime) {
            const QString label = kinds.join(QStringLiteral(", "));
            const double mx = x(us);
            const bool flip = mx + 8 + textWidth(label) > width - 4;
            const double left = flip ? mx - 8 - textWidth(label) : mx - 5;
            const double right = flip ? mx + 5 : mx + 8 + textWidth(label);
            const int row = rows.place(left, right);
            const double cy = top + lanePadding + row * labelRowHeight + labelRowHeight / 2;
            const bool error = kinds.contains(QStringLiteral("first error"));
            marks += QStringLiteral(R"(<path d="M%1 %2L%3 %2L%4 %5Z" fill="%6"/>)")
                         .arg(num(mx - 5), num(cy - 4), num(mx + 5), num(mx), num(cy + 4),
                             error ? errorColour : suspectColour)
                + text(flip ? mx - 8 : mx + 8, cy + 4, label,
                    QStringLiteral(R"(fill="%1"%2)")
                        .arg(ink, flip ? QStringLiteral(R"( text-anchor="end")") : QString()))
                + u'\n';
        }
        const double height = rows.count() * labelRowHeight + 2 * lanePadding;
        out += QStringLiteral(R"(<rect x="0" y="%1" width="%2" height="%3" fill="#f6f0fa"/>)")
                   .arg(num(top), num(width), num(height))
            + u'\n'
            + text(12, top + lanePadding + 11, QStringLiteral("findings"),
                QStringLiteral(R"(fill="%1" font-style="italic")").arg(muted))
            + u'\n' + marks;
        return height;
    }

    Lane& laneFor(const QString& source, qint64 us)
    {
        const auto found = std::ranges::find(m_lanes, source, &Lane::source);
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
        // The suspects by the events they cite: a change seen twice (a merge in git and on GitHub,
        // a workflow's start and end) is one suspect.
        std::map<qint64, const Finding*> suspectByEvent;
        for (const Finding& f : m_timeline.findings) {
            if (f.type != Finding::Type::SuspectChange)
                continue;
            for (const qint64 id : f.eventIds) {
                const auto [it, added] = suspectByEvent.emplace(id, &f);
                if (!added && f.rank < it->second->rank)
                    it->second = &f;
            }
        }
        for (const Run& r : m_timeline.runs)
            runBar(laneFor(r.source, r.startedUs), r);
        for (const Entry& e : m_timeline.entries) {
            // Run starts and ends are the runs' bars; the rest is shown only when key.
            if (!e.key || e.kind == model::EventKind::JobStart || e.kind == model::EventKind::JobEnd)
                continue;
            Lane& lane = laneFor(e.source, e.timeUs);
            if (e.endUs && *e.endUs > e.timeUs) {
                spanBar(lane, e);
                continue;
            }
            lane.marks.emplace_back(x(e.timeUs), e);
            const Finding* suspect = nullptr;
            for (const qint64 id : e.eventIds) {
                if (const auto it = suspectByEvent.find(id);
                    it != suspectByEvent.end() && (!suspect || it->second->rank < suspect->rank))
                    suspect = it->second;
            }
            if (!suspect)
                continue;
            // One callout per suspect and lane: at the mark of the suspect's own time, else the first.
            const auto same = std::ranges::find(lane.callouts, suspect->rank, &Callout::rank);
            const Callout callout{x(e.timeUs), suspect->rank,
                elide(QStringLiteral("#%1 %2").arg(suspect->rank).arg(e.summary),
                    std::min(360.0, width - 12 - x(e.timeUs))),
                0};
            if (same == lane.callouts.end())
                lane.callouts.push_back(callout);
            else if (e.timeUs == suspect->timeUs)
                *same = callout;
        }
        m_folder = commonFolder();
        for (Lane& lane : m_lanes) {
            lane.name = lane.source.mid(m_folder.size());
            std::ranges::stable_sort(lane.callouts, {}, &Callout::x);
            Rows callouts;
            for (Callout& c : lane.callouts)
                c.row = callouts.place(c.x - 2, c.x + 7 + textWidth(c.label));
            lane.calloutRows = callouts.count();
            std::ranges::stable_sort(lane.bars, {}, &Bar::from);
            Rows bars;
            for (Bar& bar : lane.bars) {
                const double inside = bar.to - bar.from - 10;
                const double outside = width - 8 - (bar.to + 6);
                if (textWidth(bar.label) <= inside) {
                    bar.labelInside = true;
                } else if (textWidth(bar.label) <= outside || outside >= inside) {
                    bar.label = elide(bar.label, outside);
                } else {
                    bar.label = elide(bar.label, inside);
                    bar.labelInside = true;
                }
                const double end = bar.labelInside ? bar.to : bar.to + 6 + textWidth(bar.label);
                bar.row = bars.place(bar.from, end);
            }
            lane.barRows = bars.count();
        }
        std::ranges::stable_sort(m_lanes,
            [](const Lane& a, const Lane& b) { return std::tie(a.firstUs, a.source) < std::tie(b.firstUs, b.source); });
    }

    // The folder every source is in ("etl-incident/"), said once in the caption instead of in
    // every lane's name; empty when they are not all in one.
    QString commonFolder() const
    {
        if (m_lanes.empty())
            return {};
        QString prefix = m_lanes.front().source.section(u'/', 0, -2, QString::SectionIncludeTrailingSep);
        for (const Lane& lane : m_lanes) {
            while (!prefix.isEmpty() && !lane.source.startsWith(prefix))
                prefix = prefix.left(prefix.size() - 1).section(u'/', 0, -2, QString::SectionIncludeTrailingSep);
        }
        return prefix;
    }

    void runBar(Lane& lane, const Run& r)
    {
        Bar bar;
        bar.from = x(r.startedUs);
        bar.to = std::max(x(r.endedUs.value_or(m_toUs)), bar.from + 3);
        bar.open = !r.endedUs;
        bar.fill = colourOf(r.outcome);
        bar.labelColour = QStringLiteral("#ffffff");
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
        bar.tooltip = QStringLiteral("%1 %2").arg(m_time.span(r.startedUs, r.endedUs), name + u' ' + what);
        lane.bars.push_back(bar);
    }

    void spanBar(Lane& lane, const Entry& e)
    {
        Bar bar;
        bar.from = x(e.timeUs);
        bar.to = std::max(x(*e.endUs), bar.from + 3);
        const Mark mark = markOf(e.kind);
        bar.fill = colourOf(mark);
        bar.labelColour = QStringLiteral("#ffffff");
        const QString kind = model::toString(e.kind).toString().replace(u'_', u' ');
        bar.label = e.count > 1 ? QStringLiteral("%1 ×%2").arg(kind).arg(e.count) : kind;
        bar.tooltip = m_time.span(e.timeUs, e.endUs) + u' ' + e.summary;
        lane.bars.push_back(bar);
    }

    QString lane(const Lane& lane, double top, bool shaded) const
    {
        QString out;
        const double height = lane.height();
        if (shaded)
            out += QStringLiteral(R"(<rect x="0" y="%1" width="%2" height="%3" fill="#f6f8fa" fill-opacity="0.7"/>)")
                       .arg(num(top), num(width), num(height))
                + u'\n';
        out += QStringLiteral(R"(<line x1="0" y1="%1" x2="%2" y2="%1" stroke="#d0d7de" stroke-width="0.6"/>)")
                   .arg(num(top + height), num(width))
            + u'\n';
        out += text(12, top + height / 2 + 4, elideLeft(lane.name, plotLeft - 24),
                   QStringLiteral(R"(fill="%1")").arg(ink))
            + u'\n';
        double y = top + lanePadding;
        const double markY = y + markRowHeight / 2;
        if (!lane.marks.empty()) {
            for (const auto& [mx, e] : lane.marks) {
                out += QStringLiteral("<g><title>%1</title>")
                           .arg(xmlEscaped(
                               m_time.time(e.timeUs) + u' ' + model::toString(e.kind).toString() + u' ' + e.summary))
                    + shape(markOf(e.kind), mx, markY) + QStringLiteral("</g>\n");
            }
            for (const Callout& c : lane.callouts) {
                out += QStringLiteral(R"(<circle cx="%1" cy="%2" r="8.0" fill="none" stroke="%3" stroke-width="1.6"/>)")
                           .arg(num(c.x), num(markY), suspectColour)
                    + u'\n';
            }
            y += markRowHeight;
        }
        for (const Callout& c : lane.callouts) {
            const double baseline = y + (c.row + 1) * labelRowHeight - 4;
            out += QStringLiteral(R"(<line x1="%1" y1="%2" x2="%1" y2="%3" stroke="%4" stroke-width="1"/>)")
                       .arg(num(c.x), num(markY + 8), num(baseline - 3), suspectColour)
                + text(c.x + 6, baseline, c.label, QStringLiteral(R"(fill="%1")").arg(suspectColour)) + u'\n';
        }
        y += lane.calloutRows * labelRowHeight;
        for (const Bar& bar : lane.bars) {
            const double barTop = y + bar.row * barRowHeight + (barRowHeight - barHeight) / 2;
            out += QStringLiteral(
                R"(<g><title>%1</title><rect x="%2" y="%3" width="%4" height="%5" rx="2.0" fill="%6"/>)")
                       .arg(xmlEscaped(bar.tooltip), num(bar.from), num(barTop), num(bar.to - bar.from), num(barHeight),
                           bar.fill);
            if (bar.open) { // no end: it fades out towards the end of the window
                const double step = std::min(30.0, (bar.to - bar.from) / 4);
                for (int i = 0; i < 4; ++i)
                    out += QStringLiteral(R"(<rect x="%1" y="%2" width="%3" height="%4" fill="%5"/>)")
                               .arg(num(bar.to - (4 - i) * step), num(barTop), num(step), num(barHeight),
                                   paler(bar.fill, 0.2 * (i + 1)));
            }
            out += bar.labelInside
                ? text(bar.from + 5, barTop + barHeight - 2.5, bar.label,
                    QStringLiteral(R"(fill="%1")").arg(bar.labelColour))
                : text(bar.to + 6, barTop + barHeight - 2.5, bar.label, QStringLiteral(R"(fill="%1")").arg(ink));
            out += QStringLiteral("</g>\n");
        }
        return out;
    }

    // What the marks and colours mean; returns the height used.
    double legend(double top, QString& out) const
    {
        auto swatch = [](double lx, double cy, const QString& fill) {
            return QStringLiteral(R"(<rect x="%1" y="%2" width="22.0" height="10.0" rx="2.0" fill="%3"/>)")
                .arg(num(lx), num(cy - 5), fill);
        };
        double lx = 12;
        double cy = top + 8;
        QString keys;
        auto add = [&](const QString& drawing, const QString& label, double drawingWidth) {
            const double itemWidth = drawingWidth + 6 + textWidth(label) + 18;
            if (lx + itemWidth > width - 12) {
                lx = 12;
                cy += 18;
            }
            keys += QStringLiteral(R"svg(<g transform="translate(%1 %2)">)svg").arg(num(lx), num(cy)) + drawing
                + QStringLiteral("</g>")
                + text(lx + drawingWidth + 6, cy + 4, label, QStringLiteral(R"(fill="%1")").arg(ink)) + u'\n';
            lx += itemWidth;
        };
        add(shape(Mark::Change, 6, 0), QStringLiteral("change"), 12);
        add(QStringLiteral(R"(<circle cx="6.0" cy="0.0" r="8.0" fill="none" stroke="%1" stroke-width="1.6"/>)")
                    .arg(suspectColour)
                + shape(Mark::Change, 6, 0),
            QStringLiteral("suspect change (#rank)"), 14);
        add(shape(Mark::Error, 6, 0), QStringLiteral("error"), 12);
        add(shape(Mark::Retry, 6, 0), QStringLiteral("retry"), 12);
        add(shape(Mark::Alert, 6, 0), QStringLiteral("alert"), 12);
        add(shape(Mark::Chat, 6, 0), QStringLiteral("chat, log"), 12);
        add(swatch(0, 0, succeededColour), QStringLiteral("run succeeded"), 22);
        add(swatch(0, 0, errorColour), QStringLiteral("run failed"), 22);
        add(swatch(0, 0, retryColour), QStringLiteral("run unfinished"), 22);
        add(swatch(0, 0, impactColour).replace(QStringLiteral("/>"), QStringLiteral(R"( stroke="#e6b8b3"/>)")),
            QStringLiteral("impact (first error to resolved)"), 22);
        out += keys;
        return cy - top + 16;
    }

    const timeline::Timeline& m_timeline;
    qint64 m_fromUs;
    qint64 m_toUs;
    model::WindowTimeFormat m_time;
    QString m_title;
    std::vector<Lane> m_lanes;
    QString m_folder; // the folder all sources are in, if they are
};

} // namespace

QString renderChart(const timeline::Timeline& timeline, const QTimeZone& zone, const QString& title)
{
    return Chart(timeline, zone, title).render();
}

} // namespace aftermath::report
