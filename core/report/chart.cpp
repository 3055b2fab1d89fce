#include "chart.h"

#include "chartlayout.h"
#include "escape.h"

namespace aftermath::report {

namespace {

using Anchor = ChartText::Anchor;
using Style = ChartText::Style;

const QString fontFamily = QStringLiteral("DejaVu Sans, Verdana, Arial, sans-serif");

// Fixed formatting: the same number always gives the same bytes.
QString num(double value) { return QString::number(value, 'f', 1); }
// A stroke's width as written: "0.6", "1.2", "1".
QString strokeWidth(double value) { return QString::number(value); }

QString text(const ChartText& t)
{
    QString attributes;
    switch (t.style) {
    case Style::Title:
        attributes = QStringLiteral(R"(font-size="15" font-weight="bold" fill="%1")").arg(t.colour);
        break;
    case Style::Bold:
        attributes = QStringLiteral(R"(fill="%1" font-weight="bold")").arg(t.colour);
        break;
    case Style::Italic:
        attributes = QStringLiteral(R"(fill="%1" font-style="italic")").arg(t.colour);
        break;
    case Style::Plain:
        attributes = QStringLiteral(R"(fill="%1")").arg(t.colour);
        break;
    }
    if (t.anchor == Anchor::Middle)
        attributes += QStringLiteral(R"( text-anchor="middle")");
    else if (t.anchor == Anchor::End)
        attributes += QStringLiteral(R"( text-anchor="end")");
    return QStringLiteral(R"(<text x="%1" y="%2" %3>%4</text>)")
        .arg(num(t.at.x()), num(t.at.y()), attributes, xmlEscaped(t.text));
}

QString line(const ChartLine& l)
{
    return QStringLiteral(R"(<line x1="%1" y1="%2" x2="%3" y2="%4" stroke="%5" stroke-width="%6"%7/>)")
        .arg(num(l.line.x1()), num(l.line.y1()), num(l.line.x2()), num(l.line.y2()), l.colour,
            strokeWidth(l.width), l.dashed ? QStringLiteral(R"( stroke-dasharray="4 3")") : QString());
}

QString shape(const ChartMark& mark)
{
    const std::vector<QPointF> corners = mark.outline();
    const QString stroke = mark.stroke.isEmpty()
        ? QString()
        : QStringLiteral(R"( stroke="%1" stroke-width="%2")").arg(mark.stroke, strokeWidth(mark.strokeWidth));
    switch (mark.shape) {
    case ChartMark::Shape::Square:
        return QStringLiteral(R"(<rect x="%1" y="%2" width="%3" height="%3" fill="%4"%5/>)")
            .arg(num(corners[0].x()), num(corners[0].y()), num(ChartMark::squareSide), mark.fill, stroke);
    case ChartMark::Shape::Dot:
        return QStringLiteral(R"(<circle cx="%1" cy="%2" r="%3" fill="%4"%5/>)")
            .arg(num(mark.centre.x()), num(mark.centre.y()), num(ChartMark::dotRadius), mark.fill, stroke);
    case ChartMark::Shape::Diamond:
    case ChartMark::Shape::Triangle:
        break;
    }
    QString path = QStringLiteral("M%1 %2").arg(num(corners[0].x()), num(corners[0].y()));
    for (std::size_t i = 1; i < corners.size(); ++i)
        path += QStringLiteral("L%1 %2").arg(num(corners[i].x()), num(corners[i].y()));
    return QStringLiteral(R"(<path d="%1Z" fill="%2"%3/>)").arg(path, mark.fill, stroke);
}

QString ring(QPointF centre, double radius, const QString& colour)
{
    return QStringLiteral(R"(<circle cx="%1" cy="%2" r="%3" fill="none" stroke="%4" stroke-width="1.6"/>)")
        .arg(num(centre.x()), num(centre.y()), num(radius), colour);
}

QString rect(const QRectF& r, const QString& fill)
{
    return QStringLiteral(R"(<rect x="%1" y="%2" width="%3" height="%4" fill="%5"/>)")
        .arg(num(r.x()), num(r.y()), num(r.width()), num(r.height()), fill);
}

QString lane(const ChartLane& lane)
{
    QString out;
    const QRectF& r = lane.rect;
    if (lane.shaded)
        out += QStringLiteral(R"(<rect x="0" y="%1" width="%2" height="%3" fill="%4" fill-opacity="%5"/>)")
                   .arg(num(r.top()), num(r.width()), num(r.height()), lane.shade, strokeWidth(lane.shadeOpacity))
            + u'\n';
    out += QStringLiteral(R"(<line x1="0" y1="%1" x2="%2" y2="%1" stroke="%3" stroke-width="%4"/>)")
               .arg(num(lane.separator.line.y1()), num(lane.separator.line.x2()), lane.separator.colour,
                   strokeWidth(lane.separator.width))
        + u'\n';
    out += text(lane.label) + u'\n';
    for (const ChartMark& mark : lane.marks)
        out += QStringLiteral("<g><title>%1</title>").arg(xmlEscaped(mark.tooltip)) + shape(mark)
            + QStringLiteral("</g>\n");
    for (const ChartCallout& c : lane.callouts)
        out += ring(c.ring, c.ringRadius, c.colour) + u'\n';
    for (const ChartCallout& c : lane.callouts)
        out += line({c.leader, c.colour, 1, false}) + text(c.label) + u'\n';
    for (const ChartBar& bar : lane.bars) {
        out += QStringLiteral(
            R"(<g><title>%1</title><rect x="%2" y="%3" width="%4" height="%5" rx="%6" fill="%7"/>)")
                   .arg(xmlEscaped(bar.tooltip), num(bar.rect.x()), num(bar.rect.y()), num(bar.rect.width()),
                       num(bar.rect.height()), num(bar.radius), bar.fill);
        for (const auto& [step, fill] : bar.fade)
            out += rect(step, fill);
        out += text(bar.label) + QStringLiteral("</g>\n");
    }
    return out;
}

QString legendKey(const ChartLegendKey& key)
{
    QString drawing;
    if (key.mark) {
        if (key.ring > 0)
            drawing += ring(key.mark->centre, key.ring, key.ringColour);
        drawing += shape(*key.mark);
    }
    if (key.swatch) {
        const QRectF& s = *key.swatch;
        drawing += QStringLiteral(R"(<rect x="%1" y="%2" width="%3" height="%4" rx="2.0" fill="%5"%6/>)")
                       .arg(num(s.x()), num(s.y()), num(s.width()), num(s.height()), key.swatchFill,
                           key.swatchStroke.isEmpty() ? QString() : QStringLiteral(R"( stroke="%1")").arg(key.swatchStroke));
    }
    return QStringLiteral(R"svg(<g transform="translate(%1 %2)">)svg").arg(num(key.origin.x()), num(key.origin.y()))
        + drawing + QStringLiteral("</g>") + text(key.label) + u'\n';
}

QString svg(const ChartLayout& layout)
{
    QString out = QStringLiteral(
        R"(<svg xmlns="http://www.w3.org/2000/svg" width="%1" height="%2" viewBox="0 0 %1 %2" font-family="%3" font-size="%4">
<rect width="%1" height="%2" fill="%5"/>
)")
                      .arg(num(layout.width), num(layout.height), fontFamily, num(11), layout.background);
    // Behind everything: the impact, the grid and the phases' lines.
    if (layout.impact)
        out += rect(*layout.impact, layout.impactFill) + u'\n';
    for (const ChartTick& tick : layout.ticks)
        out += line(tick.grid) + u'\n';
    for (const ChartPhase& phase : layout.phases)
        out += line(phase.line) + u'\n';
    // The header, the phases' names and the findings.
    if (layout.title)
        out += text(*layout.title) + u'\n';
    if (layout.caption)
        out += text(*layout.caption) + u'\n';
    for (const ChartPhase& phase : layout.phases)
        out += text(phase.label) + u'\n';
    if (const auto& band = layout.findings) {
        out += QStringLiteral(R"(<rect x="0" y="%1" width="%2" height="%3" fill="%4"/>)")
                   .arg(num(band->rect.top()), num(band->rect.width()), num(band->rect.height()), band->fill)
            + u'\n' + text(band->caption) + u'\n';
        for (const ChartFindingMark& mark : band->marks) {
            const auto& t = mark.triangle;
            out += QStringLiteral(R"(<path d="M%1 %2L%3 %4L%5 %6Z" fill="%7"/>)")
                       .arg(num(t[0].x()), num(t[0].y()), num(t[1].x()), num(t[1].y()), num(t[2].x()), num(t[2].y()),
                           mark.fill)
                + text(mark.label) + u'\n';
        }
    }
    // The lanes on top.
    for (const ChartLane& l : layout.lanes)
        out += lane(l);
    if (layout.empty)
        out += text(*layout.empty) + u'\n';
    // In front: the axis and the legend.
    out += line(layout.axis) + u'\n';
    for (const ChartTick& tick : layout.ticks) {
        out += line(tick.mark) + u'\n' + text(tick.clock) + u'\n';
        if (tick.date)
            out += text(*tick.date) + u'\n';
    }
    for (const ChartLegendKey& key : layout.legend)
        out += legendKey(key);
    return out + QStringLiteral("</svg>\n");
}

} // namespace

QString renderChart(const timeline::Timeline& timeline, const QTimeZone& zone, const QString& title)
{
    ChartOptions options;
    options.title = title;
    return svg(layoutChart(timeline, zone, options));
}

} // namespace aftermath::report
