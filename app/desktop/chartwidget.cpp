#include "chartwidget.h"

#include "timelinemodel.h"

#include <QAction>
#include <QApplication>
#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace aftermath::desktop {

using report::ChartHit;
using report::ChartText;

namespace {

// What one notch of the wheel does to the span shown.
constexpr double zoomPerNotch = 0.8;
// The horizontal scroll bar counts in steps of the window over this many.
constexpr qint64 scrollSteps = 100'000;

QColor colour(const QString& name) { return QColor::fromString(name); }

QString firstLine(const QString& text) { return text.section(u'\n', 0, 0); }

} // namespace

ChartWidget::ChartWidget(QWidget* parent) : QAbstractScrollArea(parent)
{
    setObjectName(QStringLiteral("timelineChart"));
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setAutoFillBackground(false);
    setAccessibleName(tr("Timeline chart"));

    m_resetZoom = new QAction(tr("Show the &Whole Window"), this);
    m_resetZoom->setObjectName(QStringLiteral("resetChartZoomAction"));
    m_resetZoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoom->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_resetZoom->setToolTip(tr("Zoom the chart out to the incident's whole window (Ctrl+0, or double-click it)"));
    m_resetZoom->setEnabled(false);
    addAction(m_resetZoom);
    connect(m_resetZoom, &QAction::triggered, this, &ChartWidget::resetZoom);
}

void ChartWidget::setTimeline(const timeline::Timeline* timeline, const model::WindowTimeFormat& format)
{
    const std::optional<std::pair<qint64, qint64>> window
        = timeline ? std::optional(std::pair{timeline->fromUs, timeline->toUs}) : std::nullopt;
    const bool sameWindow = window && window == m_window;
    m_window = window;
    m_timeline = timeline;
    m_format = format;
    if (!sameWindow) {
        m_zoom.reset();
        m_range.reset();
        m_picking.reset();
    }
    m_selectedEntry = m_selectedRun = m_selectedFinding = -1;
    m_hover = {};
    verticalScrollBar()->setValue(0);
    relayout();
}

void ChartWidget::clear()
{
    const bool hadRange = m_range.has_value();
    m_timeline = nullptr;
    m_window.reset();
    m_zoom.reset();
    m_range.reset();
    m_picking.reset();
    m_selectedEntry = m_selectedRun = m_selectedFinding = -1;
    m_hover = {};
    relayout();
    if (hadRange)
        Q_EMIT timeRangeChanged();
}

void ChartWidget::setBackgroundRuns(bool shown)
{
    if (shown == m_backgroundRuns)
        return;
    m_backgroundRuns = shown;
    relayout();
}

void ChartWidget::relayout()
{
    if (!m_timeline) {
        m_layout = {};
        updateScrollBars();
        viewport()->update();
        return;
    }
    report::ChartOptions options;
    options.width = std::max(viewport()->width(), 400);
    options.header = false; // the view's own header names the incident and its window
    options.legend = false; // the marks say what they are when pointed at
    options.compact = true; // the lanes get the height
    options.backgroundRuns = m_backgroundRuns;
    if (m_zoom) {
        options.fromUs = m_zoom->first;
        options.toUs = m_zoom->second;
    }
    m_layout = report::layoutChart(*m_timeline, m_format.zone(), options);
    updateScrollBars();
    viewport()->update();
}

void ChartWidget::updateScrollBars()
{
    m_settingScrollBars = true;
    QScrollBar* vertical = verticalScrollBar();
    const int overflow = int(std::ceil(m_layout.height)) - viewport()->height();
    vertical->setRange(0, std::max(overflow, 0));
    vertical->setPageStep(std::max(int(footTop() - m_layout.firstLaneTop), 1));
    vertical->setSingleStep(20);

    // Where the zoom is in the window: hidden when the whole window is shown.
    QScrollBar* horizontal = horizontalScrollBar();
    const qint64 window = m_layout.windowToUs - m_layout.windowFromUs;
    m_scrollUnitUs = std::max<qint64>(window / scrollSteps, 1);
    if (m_zoom && window > 0) {
        const qint64 span = m_layout.toUs - m_layout.fromUs;
        horizontal->setRange(0, int((window - span) / m_scrollUnitUs));
        horizontal->setPageStep(std::max(int(span / m_scrollUnitUs), 1));
        horizontal->setSingleStep(std::max(int(span / m_scrollUnitUs / 10), 1));
        horizontal->setValue(int((m_layout.fromUs - m_layout.windowFromUs) / m_scrollUnitUs));
    } else {
        horizontal->setRange(0, 0);
    }
    m_resetZoom->setEnabled(m_zoom.has_value());
    m_settingScrollBars = false;
}

void ChartWidget::scrollContentsBy(int dx, int)
{
    if (dx != 0 && !m_settingScrollBars && m_zoom) {
        const qint64 span = m_zoom->second - m_zoom->first;
        const qint64 from = m_layout.windowFromUs + qint64(horizontalScrollBar()->value()) * m_scrollUnitUs;
        setVisibleRange(from, from + span);
        return;
    }
    viewport()->update();
}

bool ChartWidget::scrolls() const { return m_layout.height > viewport()->height(); }

// The top of the axis when the lanes scroll: it stays at the bottom of the viewport.
double ChartWidget::footTop() const
{
    return scrolls() ? viewport()->height() - (m_layout.height - m_layout.lanesBottom) : m_layout.lanesBottom;
}

QPointF ChartWidget::toViewport(QPointF p) const
{
    if (!scrolls() || p.y() < m_layout.firstLaneTop)
        return p;
    if (p.y() >= m_layout.lanesBottom)
        return {p.x(), p.y() - m_layout.lanesBottom + footTop()};
    return {p.x(), p.y() - verticalScrollBar()->value()};
}

QPointF ChartWidget::toLayout(QPointF p) const
{
    if (!scrolls() || p.y() < m_layout.firstLaneTop)
        return p;
    if (p.y() >= footTop())
        return {p.x(), p.y() - footTop() + m_layout.lanesBottom};
    return {p.x(), p.y() + verticalScrollBar()->value()};
}

void ChartWidget::setVisibleRange(qint64 fromUs, qint64 toUs)
{
    if (!m_timeline)
        return;
    const qint64 windowFrom = m_layout.windowFromUs;
    const qint64 windowTo = m_layout.windowToUs;
    const qint64 window = windowTo - windowFrom;
    qint64 span = std::clamp(toUs - fromUs, std::min(minimumSpanUs, window), window);
    qint64 from = std::clamp(fromUs, windowFrom, windowTo - span);
    const std::optional<std::pair<qint64, qint64>> zoom
        = span >= window ? std::nullopt : std::optional(std::pair{from, from + span});
    if (zoom == m_zoom)
        return;
    m_zoom = zoom;
    relayout();
    Q_EMIT visibleRangeChanged();
}

void ChartWidget::zoomAt(double factor, double x)
{
    if (!m_timeline)
        return;
    const double plot = std::max(m_layout.plotRight - m_layout.plotLeft, 1.0);
    const double fraction = std::clamp((x - m_layout.plotLeft) / plot, 0.0, 1.0);
    const qint64 at = m_layout.timeAt(x);
    const qint64 span = std::max<qint64>(qint64(double(m_layout.toUs - m_layout.fromUs) * factor), 1);
    const qint64 window = m_layout.windowToUs - m_layout.windowFromUs;
    const qint64 clamped = std::clamp(span, std::min(minimumSpanUs, window), window);
    const qint64 from = at - qint64(std::llround(fraction * double(clamped)));
    setVisibleRange(from, from + clamped);
}

void ChartWidget::resetZoom()
{
    if (!m_zoom)
        return;
    m_zoom.reset();
    relayout();
    Q_EMIT visibleRangeChanged();
}

void ChartWidget::setSelectedEntry(int entry)
{
    m_selectedEntry = entry;
    m_selectedRun = m_selectedFinding = -1;
    if (m_timeline && entry >= 0 && entry < int(m_timeline->entries.size())) {
        const timeline::Entry& e = m_timeline->entries[std::size_t(entry)];
        bringIntoView(e.timeUs, e.endUs.value_or(e.timeUs), laneOfSource(e.source));
    }
    viewport()->update();
}

void ChartWidget::setSelectedRun(int run)
{
    m_selectedRun = run;
    m_selectedEntry = m_selectedFinding = -1;
    if (m_timeline && run >= 0 && run < int(m_timeline->runs.size())) {
        const timeline::Run& r = m_timeline->runs[std::size_t(run)];
        bringIntoView(r.startedUs, r.startedUs, laneOfSource(r.source));
    }
    viewport()->update();
}

void ChartWidget::setSelectedFinding(int finding)
{
    m_selectedFinding = finding;
    m_selectedEntry = m_selectedRun = -1;
    if (m_timeline && finding >= 0 && finding < int(m_timeline->findings.size())) {
        int lane = -1;
        for (const report::ChartLane& l : m_layout.lanes)
            for (const report::ChartCallout& c : l.callouts)
                if (c.finding == finding)
                    lane = c.lane;
        const qint64 at = m_timeline->findings[std::size_t(finding)].timeUs;
        bringIntoView(at, at, lane);
    }
    viewport()->update();
}

int ChartWidget::laneOfSource(const QString& source) const
{
    for (int i = 0; i < int(m_layout.lanes.size()); ++i)
        if (m_layout.lanes[std::size_t(i)].source == source)
            return i;
    return -1;
}

// Pans a zoomed chart so that the span starts in sight (centred, when it was out of sight), and
// scrolls its lane into view.
void ChartWidget::bringIntoView(qint64 fromUs, qint64 toUs, int lane)
{
    if (m_zoom && (toUs < m_zoom->first || fromUs > m_zoom->second)) {
        const qint64 span = m_zoom->second - m_zoom->first;
        const qint64 at = std::clamp(fromUs, m_layout.windowFromUs, m_layout.windowToUs);
        setVisibleRange(at - span / 2, at - span / 2 + span);
    }
    if (lane >= 0 && lane < int(m_layout.lanes.size()) && scrolls()) {
        const QRectF rect = m_layout.lanes[std::size_t(lane)].rect;
        QScrollBar* bar = verticalScrollBar();
        const double top = rect.top() - m_layout.firstLaneTop;
        const double visible = footTop() - m_layout.firstLaneTop;
        if (top < bar->value())
            bar->setValue(int(top));
        else if (top + rect.height() > bar->value() + visible)
            bar->setValue(int(std::ceil(top + rect.height() - visible)));
    }
}

void ChartWidget::setTimeRange(const std::optional<std::pair<qint64, qint64>>& range)
{
    if (range == m_range)
        return;
    m_range = range;
    viewport()->update();
    Q_EMIT timeRangeChanged();
}

QString ChartWidget::toolTipAt(QPointF viewportPoint) const
{
    if (!m_timeline)
        return {};
    const QPointF point = toLayout(viewportPoint);
    const ChartHit hit = report::chartHitAt(m_layout, point);
    const model::WindowTimeFormat seconds = m_format.withPrecision(model::WindowTimeFormat::Precision::Seconds);
    const auto entryText = [&](int index) -> QString {
        const timeline::Entry& e = m_timeline->entries[std::size_t(index)];
        QString head = seconds.span(e.timeUs, e.endUs) + QStringLiteral("  ") + TimelineModel::kindLabel(e.kind);
        if (e.count > 1)
            head += QStringLiteral("  ×%1").arg(e.count);
        QString text = head + u'\n' + firstLine(e.summary);
        if (e.count > 1)
            text += u'\n' + tr("%1 events, the first at %2 and the last at %3")
                                .arg(e.count)
                                .arg(seconds.time(e.timeUs), seconds.time(e.endUs.value_or(e.timeUs)));
        return text + u'\n' + e.source;
    };
    QString text;
    switch (hit.kind) {
    case ChartHit::Kind::Mark:
        text = entryText(hit.entry);
        break;
    case ChartHit::Kind::Callout: {
        const timeline::Finding& f = m_timeline->findings[std::size_t(hit.finding)];
        text = tr("Suspect #%1: %2").arg(f.rank).arg(f.summary);
        if (!f.reason.isEmpty())
            text += u'\n' + f.reason;
        if (hit.entry >= 0)
            text += QStringLiteral("\n\n") + entryText(hit.entry);
        break;
    }
    case ChartHit::Kind::Bar:
        if (hit.entry >= 0) {
            text = entryText(hit.entry);
        } else {
            const timeline::Run& r = m_timeline->runs[std::size_t(hit.run)];
            QString name = QStringList{r.job, r.tenant.isEmpty() ? r.run : r.tenant}.join(u' ').trimmed();
            if (!r.version.isEmpty())
                name += u' ' + r.version;
            text = seconds.span(r.startedUs, r.endedUs) + QStringLiteral("  ") + tr("run") + u'\n' + name + u'\n';
            switch (r.outcome) {
            case timeline::Run::Outcome::Succeeded:
                text += r.endedUs ? tr("succeeded after %1").arg(model::formatDuration(*r.endedUs - r.startedUs))
                                  : tr("succeeded");
                break;
            case timeline::Run::Outcome::Failed:
                text += tr("failed");
                break;
            case timeline::Run::Outcome::Unfinished:
                text += tr("never finished");
                break;
            }
            if (r.retries > 0)
                text += r.retries == 1 ? tr(", 1 retry") : tr(", %1 retries").arg(r.retries);
            text += u'\n' + r.sources.join(QStringLiteral(", "));
        }
        break;
    case ChartHit::Kind::Finding: {
        QStringList lines;
        for (const int index : hit.findings) {
            const timeline::Finding& f = m_timeline->findings[std::size_t(index)];
            lines << seconds.time(f.timeUs) + QStringLiteral("  ") + f.summary;
            if (!f.reason.isEmpty())
                lines << QStringLiteral("    ") + f.reason;
        }
        text = lines.join(u'\n');
        break;
    }
    case ChartHit::Kind::Phase:
        text = seconds.time(*hit.timeUs);
        for (const report::ChartPhase& phase : m_layout.phases)
            if (phase.timeUs == *hit.timeUs)
                text = phase.name + QStringLiteral(": ") + m_format.full(phase.timeUs);
        break;
    case ChartHit::Kind::Lane:
    case ChartHit::Kind::None:
        if (hit.lane >= 0)
            text = m_layout.lanes[std::size_t(hit.lane)].source;
        if (hit.timeUs)
            text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + seconds.time(*hit.timeUs);
        break;
    }
    return text;
}

QSize ChartWidget::sizeHint() const
{
    const int height = m_layout.height > 0 ? int(std::ceil(m_layout.height)) : 240;
    return {640, std::clamp(height, 160, 420)};
}

QSize ChartWidget::minimumSizeHint() const { return {320, 120}; }

void ChartWidget::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void ChartWidget::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        viewport()->update();
}

bool ChartWidget::event(QEvent* event)
{
    // Esc while picking a range cancels the picking, before any Esc shortcut around the chart.
    if (event->type() == QEvent::ShortcutOverride && m_picking
        && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        event->accept();
        return true;
    }
    return QAbstractScrollArea::event(event);
}

bool ChartWidget::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else // as plain text: log lines are not markup
            QToolTip::showText(help->globalPos(), Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal), viewport());
        return true;
    }
    if (event->type() == QEvent::Leave && m_hover.kind != ChartHit::Kind::None) {
        m_hover = {};
        viewport()->update();
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void ChartWidget::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !m_timeline) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    setFocus(Qt::MouseFocusReason);
    m_pressPos = event->position();
    m_pressFromUs = m_layout.fromUs;
    m_pressToUs = m_layout.toUs;
    const QPointF point = toLayout(event->position());
    if (event->modifiers() & Qt::ShiftModifier) {
        m_drag = Drag::Pick;
        m_pickAnchorUs = pickedTimeAt(point.x());
        m_picking = std::pair{m_pickAnchorUs, m_pickAnchorUs};
        viewport()->update();
    } else {
        m_drag = Drag::Click;
    }
    event->accept();
}

void ChartWidget::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF point = toLayout(event->position());
    switch (m_drag) {
    case Drag::None:
        updateHover(event->position(), event->modifiers());
        break;
    case Drag::Click:
        if ((event->position() - m_pressPos).manhattanLength() < QApplication::startDragDistance())
            break;
        m_drag = m_zoom ? Drag::Pan : Drag::Nothing;
        if (m_drag == Drag::Pan)
            viewport()->setCursor(Qt::ClosedHandCursor);
        [[fallthrough]];
    case Drag::Pan:
        if (m_drag == Drag::Pan) {
            const double plot = std::max(m_layout.plotRight - m_layout.plotLeft, 1.0);
            const double dx = event->position().x() - m_pressPos.x();
            const qint64 shift = qint64(std::llround(-dx / plot * double(m_pressToUs - m_pressFromUs)));
            setVisibleRange(m_pressFromUs + shift, m_pressToUs + shift);
        }
        break;
    case Drag::Pick: {
        const qint64 at = pickedTimeAt(point.x());
        m_picking = std::pair{std::min(at, m_pickAnchorUs), std::max(at, m_pickAnchorUs)};
        viewport()->update();
        break;
    }
    case Drag::Nothing:
        break;
    }
    event->accept();
}

// The time at `x` as a range's end: on a whole minute when a pixel is half a minute or more, on a
// whole second when it is a second or more, so that the range reads as people pick it.
qint64 ChartWidget::pickedTimeAt(double x) const
{
    const qint64 at = m_layout.timeAt(x);
    const double perPixel = double(m_layout.toUs - m_layout.fromUs) / std::max(m_layout.plotRight - m_layout.plotLeft, 1.0);
    const qint64 unit = perPixel >= 30e6 ? 60'000'000 : perPixel >= 1e6 ? 1'000'000 : 1;
    const qint64 snapped = (at + unit / 2) / unit * unit;
    return std::clamp(snapped, m_layout.fromUs, m_layout.toUs);
}

void ChartWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Click) {
        click(toLayout(m_pressPos));
    } else if (drag == Drag::Pick && m_picking) {
        const auto picked = *m_picking;
        m_picking.reset();
        // A range narrower than a few pixels is a slip of the hand, not a choice.
        if (m_layout.xOf(picked.second) - m_layout.xOf(picked.first) >= 3)
            setTimeRange(picked);
        viewport()->update();
    }
    updateHover(event->position(), event->modifiers());
    event->accept();
}

void ChartWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        resetZoom();
    event->accept();
}

void ChartWidget::click(QPointF point)
{
    const ChartHit hit = report::chartHitAt(m_layout, point);
    switch (hit.kind) {
    case ChartHit::Kind::Mark:
        Q_EMIT entryClicked(hit.entry);
        return;
    case ChartHit::Kind::Callout:
        Q_EMIT findingClicked(hit.finding);
        return;
    case ChartHit::Kind::Bar:
        if (hit.run >= 0)
            Q_EMIT runClicked(hit.run);
        else
            Q_EMIT entryClicked(hit.entry);
        return;
    case ChartHit::Kind::Finding:
        Q_EMIT findingClicked(hit.finding);
        return;
    case ChartHit::Kind::Phase:
        Q_EMIT phaseClicked(*hit.timeUs);
        return;
    case ChartHit::Kind::Lane:
    case ChartHit::Kind::None:
        if (hit.timeUs)
            Q_EMIT timeClicked(*hit.timeUs);
        return;
    }
}

void ChartWidget::updateHover(QPointF viewportPoint, Qt::KeyboardModifiers modifiers)
{
    const ChartHit hit = m_timeline ? report::chartHitAt(m_layout, toLayout(viewportPoint)) : ChartHit();
    const bool over = hit.kind != ChartHit::Kind::None && hit.kind != ChartHit::Kind::Lane;
    if (over)
        viewport()->setCursor(Qt::PointingHandCursor);
    else if (hit.timeUs && (modifiers & Qt::ShiftModifier))
        viewport()->setCursor(Qt::SplitHCursor);
    else if (hit.timeUs && m_zoom)
        viewport()->setCursor(Qt::OpenHandCursor);
    else
        viewport()->unsetCursor();
    const auto same = [](const ChartHit& a, const ChartHit& b) {
        return a.kind == b.kind && a.entry == b.entry && a.run == b.run && a.finding == b.finding;
    };
    if (!same(hit, m_hover)) {
        m_hover = hit;
        viewport()->update();
    }
}

void ChartWidget::wheelEvent(QWheelEvent* event)
{
    if (!m_timeline) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    const QPointF point = toLayout(event->position());
    const QPoint delta = event->angleDelta();
    // Over the lanes' names the wheel scrolls the lanes; over the plot it zooms, and sideways pans.
    if (point.x() < m_layout.plotLeft || delta.isNull()) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    if (std::abs(delta.x()) > std::abs(delta.y())) {
        const qint64 span = m_layout.toUs - m_layout.fromUs;
        const qint64 shift = qint64(-double(delta.x()) / 120.0 * double(span) / 10.0);
        setVisibleRange(m_layout.fromUs + shift, m_layout.toUs + shift);
    } else {
        zoomAt(std::pow(zoomPerNotch, double(delta.y()) / 120.0), point.x());
    }
    event->accept();
}

void ChartWidget::keyPressEvent(QKeyEvent* event)
{
    const double centre = (m_layout.plotLeft + m_layout.plotRight) / 2;
    const qint64 span = m_layout.toUs - m_layout.fromUs;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomAt(zoomPerNotch, centre);
        break;
    case Qt::Key_Minus:
        zoomAt(1 / zoomPerNotch, centre);
        break;
    case Qt::Key_Left:
        setVisibleRange(m_layout.fromUs - span / 10, m_layout.toUs - span / 10);
        break;
    case Qt::Key_Right:
        setVisibleRange(m_layout.fromUs + span / 10, m_layout.toUs + span / 10);
        break;
    case Qt::Key_Escape:
        if (m_picking) {
            m_picking.reset();
            m_drag = Drag::Nothing;
            viewport()->update();
            break;
        }
        QAbstractScrollArea::keyPressEvent(event);
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void ChartWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), colour(m_layout.background.isEmpty() ? QStringLiteral("#ffffff")
                                                                              : m_layout.background));
    if (!m_timeline)
        return;
    painter.setRenderHint(QPainter::Antialiasing);
    if (!scrolls()) {
        paintLayout(painter);
        paintOverlay(painter);
        return;
    }
    // Three bands: the phases and findings in place, the lanes scrolled, the axis in place.
    const double width = viewport()->width();
    const double head = m_layout.firstLaneTop;
    const double foot = footTop();
    for (const auto& [clip, shift] : {std::pair{QRectF(0, 0, width, head), 0.0},
             std::pair{QRectF(0, head, width, foot - head), -double(verticalScrollBar()->value())},
             std::pair{QRectF(0, foot, width, viewport()->height() - foot), foot - m_layout.lanesBottom}}) {
        painter.save();
        painter.setClipRect(clip);
        painter.translate(0, shift);
        paintLayout(painter);
        paintOverlay(painter);
        painter.restore();
    }
    // The edges where lanes go under the bands.
    painter.setPen(QPen(QColor(0, 0, 0, 40), 1));
    painter.drawLine(QPointF(0, head - 0.5), QPointF(width, head - 0.5));
    painter.drawLine(QPointF(0, foot + 0.5), QPointF(width, foot + 0.5));
}

void ChartWidget::drawText(QPainter& painter, const ChartText& text) const
{
    QFont font = this->font();
    font.setPixelSize(int(text.fontSize()));
    font.setBold(text.style == ChartText::Style::Bold || text.style == ChartText::Style::Title);
    font.setItalic(text.style == ChartText::Style::Italic);
    painter.setFont(font);
    painter.setPen(colour(text.colour));
    const double width = QFontMetricsF(font).horizontalAdvance(text.text);
    double x = text.at.x();
    if (text.anchor == ChartText::Anchor::Middle)
        x -= width / 2;
    else if (text.anchor == ChartText::Anchor::End)
        x -= width;
    painter.drawText(QPointF(x, text.at.y()), text.text);
}

void ChartWidget::drawMark(QPainter& painter, const report::ChartMark& mark) const
{
    painter.setBrush(colour(mark.fill));
    painter.setPen(mark.stroke.isEmpty() ? QPen(Qt::NoPen) : QPen(colour(mark.stroke), mark.strokeWidth));
    if (mark.shape == report::ChartMark::Shape::Dot) {
        painter.drawEllipse(mark.centre, report::ChartMark::dotRadius, report::ChartMark::dotRadius);
        return;
    }
    const std::vector<QPointF> outline = mark.outline();
    painter.drawPolygon(outline.data(), int(outline.size()));
}

void ChartWidget::drawLine(QPainter& painter, const report::ChartLine& line) const
{
    QPen pen(colour(line.colour), line.width);
    pen.setCapStyle(Qt::FlatCap);
    if (line.dashed) // 4 on, 3 off, in pixels; Qt counts in pen widths
        pen.setDashPattern({4 / line.width, 3 / line.width});
    painter.setPen(pen);
    painter.drawLine(line.line);
}

void ChartWidget::paintLayout(QPainter& painter) const
{
    const report::ChartLayout& l = m_layout;
    // Behind: the impact, the grid and the phases' lines, as the SVG has them.
    painter.setPen(Qt::NoPen);
    if (l.impact)
        painter.fillRect(*l.impact, colour(l.impactFill));
    for (const report::ChartTick& tick : l.ticks)
        drawLine(painter, tick.grid);
    for (const report::ChartPhase& phase : l.phases)
        drawLine(painter, phase.line);
    if (l.title)
        drawText(painter, *l.title);
    if (l.caption)
        drawText(painter, *l.caption);
    for (const report::ChartPhase& phase : l.phases)
        drawText(painter, phase.label);
    if (const auto& band = l.findings) {
        painter.fillRect(band->rect, colour(band->fill));
        drawText(painter, band->caption);
        for (const report::ChartFindingMark& mark : band->marks) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour(mark.fill));
            painter.drawPolygon(mark.triangle.data(), int(mark.triangle.size()));
            drawText(painter, mark.label);
        }
    }
    for (const report::ChartLane& lane : l.lanes) {
        if (lane.shaded) {
            QColor shade = colour(lane.shade);
            shade.setAlphaF(float(lane.shadeOpacity));
            painter.fillRect(lane.rect, shade);
        }
        drawLine(painter, lane.separator);
        drawText(painter, lane.label);
        for (const report::ChartMark& mark : lane.marks)
            drawMark(painter, mark);
        for (const report::ChartCallout& c : lane.callouts) {
            painter.setBrush(Qt::NoBrush);
            painter.setPen(QPen(colour(c.colour), 1.6));
            painter.drawEllipse(c.ring, c.ringRadius, c.ringRadius);
        }
        for (const report::ChartCallout& c : lane.callouts) {
            drawLine(painter, {c.leader, c.colour, 1, false});
            drawText(painter, c.label);
        }
        for (const report::ChartBar& bar : lane.bars) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour(bar.fill));
            painter.drawRoundedRect(bar.rect, bar.radius, bar.radius);
            for (const auto& [step, fill] : bar.fade)
                painter.fillRect(step, colour(fill));
            drawText(painter, bar.label);
        }
    }
    if (l.empty)
        drawText(painter, *l.empty);
    drawLine(painter, l.axis);
    for (const report::ChartTick& tick : l.ticks) {
        drawLine(painter, tick.mark);
        drawText(painter, tick.clock);
        if (tick.date)
            drawText(painter, *tick.date);
    }
    for (const report::ChartLegendKey& key : l.legend) {
        painter.save();
        painter.translate(key.origin);
        if (key.mark) {
            if (key.ring > 0) {
                painter.setBrush(Qt::NoBrush);
                painter.setPen(QPen(colour(key.ringColour), 1.6));
                painter.drawEllipse(key.mark->centre, key.ring, key.ring);
            }
            drawMark(painter, *key.mark);
        }
        if (key.swatch) {
            painter.setBrush(colour(key.swatchFill));
            painter.setPen(key.swatchStroke.isEmpty() ? QPen(Qt::NoPen) : QPen(colour(key.swatchStroke), 1));
            painter.drawRoundedRect(*key.swatch, 2, 2);
        }
        painter.restore();
        drawText(painter, key.label);
    }
}

// What is not in the SVG: the time range, the selection and what is under the pointer.
void ChartWidget::paintOverlay(QPainter& painter) const
{
    const report::ChartLayout& l = m_layout;
    const QColor highlight = palette().color(QPalette::Highlight);
    const double top = l.lanesTop;
    const double bottom = l.lanesBottom;

    for (const auto& range : {m_range, m_picking}) {
        if (!range || range->second < l.fromUs || range->first > l.toUs)
            continue;
        const double from = l.xOf(range->first);
        const double to = std::max(l.xOf(range->second), from + 1);
        QColor fill = highlight;
        fill.setAlpha(range == m_picking ? 70 : 45);
        painter.fillRect(QRectF(from, top, to - from, bottom - top), fill);
        painter.setPen(QPen(highlight, 1.5));
        painter.drawLine(QPointF(from, top), QPointF(from, bottom));
        painter.drawLine(QPointF(to, top), QPointF(to, bottom));
    }

    const auto halo = [&](const QRectF& rect, bool round, const QColor& ink, double width) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(ink, width));
        if (round)
            painter.drawEllipse(rect);
        else
            painter.drawRoundedRect(rect, 3, 3);
    };
    // The selected entry's time, through every lane, so it is found even when it has no mark.
    if (m_timeline && m_selectedEntry >= 0 && m_selectedEntry < int(m_timeline->entries.size())) {
        const qint64 at = m_timeline->entries[std::size_t(m_selectedEntry)].timeUs;
        if (at >= l.fromUs && at <= l.toUs) {
            QColor line = highlight;
            line.setAlpha(150);
            QPen pen(line, 1);
            pen.setDashPattern({3, 3});
            painter.setPen(pen);
            painter.drawLine(QPointF(l.xOf(at), top), QPointF(l.xOf(at), bottom));
        }
    }
    const QColor hover(0x1f, 0x23, 0x28, 110);
    for (const report::ChartLane& lane : l.lanes) {
        for (const report::ChartMark& mark : lane.marks) {
            const QRectF around(mark.centre - QPointF(9, 9), QSizeF(18, 18));
            if (mark.entry == m_selectedEntry)
                halo(around, true, highlight, 2.5);
            else if (m_hover.kind == ChartHit::Kind::Mark && m_hover.entry == mark.entry)
                halo(around, true, hover, 1.5);
        }
        for (const report::ChartCallout& c : lane.callouts) {
            const QRectF around(c.ring - QPointF(11.5, 11.5), QSizeF(23, 23));
            if (c.finding == m_selectedFinding)
                halo(around, true, highlight, 2.5);
            else if (m_hover.kind == ChartHit::Kind::Callout && m_hover.finding == c.finding)
                halo(around, true, hover, 1.5);
        }
        for (const report::ChartBar& bar : lane.bars) {
            const QRectF around = bar.rect.adjusted(-2.5, -2.5, 2.5, 2.5);
            const bool selected
                = (bar.entry >= 0 && bar.entry == m_selectedEntry) || (bar.run >= 0 && bar.run == m_selectedRun);
            const bool hovered = m_hover.kind == ChartHit::Kind::Bar && m_hover.entry == bar.entry
                && m_hover.run == bar.run;
            if (selected)
                halo(around, false, highlight, 2.5);
            else if (hovered)
                halo(around, false, hover, 1.5);
        }
    }
    if (l.findings) {
        for (const report::ChartFindingMark& mark : l.findings->marks) {
            const bool selected = std::ranges::find(mark.findings, m_selectedFinding) != mark.findings.end();
            const bool hovered = m_hover.kind == ChartHit::Kind::Finding && m_hover.findings == mark.findings;
            if (!selected && !hovered)
                continue;
            const QPointF centre((mark.triangle[0].x() + mark.triangle[1].x()) / 2, mark.triangle[0].y() + 3);
            halo(QRectF(centre - QPointF(9, 9), QSizeF(18, 18)), true, selected ? highlight : hover,
                selected ? 2.5 : 1.5);
        }
    }
}

} // namespace aftermath::desktop
