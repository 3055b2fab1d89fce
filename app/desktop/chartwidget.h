#pragma once

#include "model/timeformat.h"
#include "report/chartlayout.h"
#include "timeline/timeline.h"

#include <QAbstractScrollArea>

#include <optional>
#include <utility>

class QAction;

namespace aftermath::desktop {

// A reconstructed timeline as a swimlane chart, drawn live from the layout the exported SVG is
// written from (report::layoutChart): a lane per source with its runs as bars, its key events as
// marks and its suspects ringed and numbered, the phases above and the findings in a band. It is
// laid out again for its width and the part of the window shown: the wheel zooms around the
// pointer, a drag pans, Shift+drag picks a time range. The lanes scroll under the phases and
// above the axis, which stay in place.
class ChartWidget : public QAbstractScrollArea {
    Q_OBJECT

public:
    // The shortest part of a window the chart zooms to.
    static constexpr qint64 minimumSpanUs = 30LL * 1'000'000;

    explicit ChartWidget(QWidget* parent = nullptr);

    // Shows `timeline` (not owned; it must outlive its use here, or be replaced) with its times
    // written by `format` (its window, in the zone shown). The zoom and the time range stay when
    // the window is the same (a refresh, another zone); otherwise they go.
    void setTimeline(const timeline::Timeline* timeline, const model::WindowTimeFormat& format);
    // Draws the background's runs too (report::ChartOptions::backgroundRuns): with every entry.
    void setBackgroundRuns(bool shown);
    void clear();
    const report::ChartLayout& chartLayout() const { return m_layout; }

    // The part of the window shown.
    qint64 visibleFromUs() const { return m_layout.fromUs; }
    qint64 visibleToUs() const { return m_layout.toUs; }
    bool isZoomed() const { return m_zoom.has_value(); }
    // Shows from `fromUs` to `toUs`, kept inside the window and at least minimumSpanUs long.
    void setVisibleRange(qint64 fromUs, qint64 toUs);
    // Narrows (factor < 1) or widens what is shown, keeping the time at `x` (a layout x) where it is.
    void zoomAt(double factor, double x);
    void resetZoom();
    // Reset Zoom (Ctrl+0 while the chart, or a widget that adds the action, has focus).
    QAction* resetZoomAction() const { return m_resetZoom; }

    // What is selected elsewhere (the table, the findings panel), highlighted here and brought into
    // view when zoomed: an entry, a run or a finding (indices into the timeline's), or -1.
    void setSelectedEntry(int entry);
    void setSelectedRun(int run);
    void setSelectedFinding(int finding);
    int selectedEntry() const { return m_selectedEntry; }

    // The time range picked with Shift+drag (UTC µs, inclusive), or none.
    const std::optional<std::pair<qint64, qint64>>& timeRange() const { return m_range; }
    void setTimeRange(const std::optional<std::pair<qint64, qint64>>& range);

    // Where a point of the layout is drawn on the viewport, and back: the lanes scroll, the parts
    // above and below them do not.
    QPointF toViewport(QPointF layoutPoint) const;
    QPointF toLayout(QPointF viewportPoint) const;
    // What hovering over a point of the viewport says, as plain text (empty: nothing there).
    QString toolTipAt(QPointF viewportPoint) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // A click on an entry's mark or span, a run's bar, a suspect's callout or a findings mark.
    void entryClicked(int entry);
    void runClicked(int run);
    void findingClicked(int finding);
    // A click on a phase's name.
    void phaseClicked(qint64 utcUs);
    // A click on the chart where nothing is drawn: the time there.
    void timeClicked(qint64 utcUs);
    // A time range was picked, or cleared.
    void timeRangeChanged();
    // What is shown changed: zoomed, panned or reset.
    void visibleRangeChanged();

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    enum class Drag { None, Click, Pan, Pick, Nothing };

    void relayout();
    void updateScrollBars();
    bool scrolls() const;
    double footTop() const;
    void bringIntoView(qint64 fromUs, qint64 toUs, int lane);
    int laneOfSource(const QString& source) const;
    void click(QPointF layoutPoint);
    qint64 pickedTimeAt(double x) const;
    void updateHover(QPointF viewportPoint, Qt::KeyboardModifiers modifiers);

    void paintLayout(QPainter& painter) const;
    void paintOverlay(QPainter& painter) const;
    void drawText(QPainter& painter, const report::ChartText& text) const;
    void drawMark(QPainter& painter, const report::ChartMark& mark) const;
    void drawLine(QPainter& painter, const report::ChartLine& line) const;

    const timeline::Timeline* m_timeline = nullptr;
    std::optional<std::pair<qint64, qint64>> m_window; // the timeline's, as it was given
    model::WindowTimeFormat m_format;
    report::ChartLayout m_layout;
    std::optional<std::pair<qint64, qint64>> m_zoom; // the part shown, when not the whole window
    bool m_backgroundRuns = false;
    std::optional<std::pair<qint64, qint64>> m_range;
    std::optional<std::pair<qint64, qint64>> m_picking; // the range being picked
    int m_selectedEntry = -1;
    int m_selectedRun = -1;
    int m_selectedFinding = -1;
    report::ChartHit m_hover;

    Drag m_drag = Drag::None;
    QPointF m_pressPos; // viewport
    qint64 m_pressFromUs = 0;
    qint64 m_pressToUs = 0;
    qint64 m_pickAnchorUs = 0;
    qint64 m_scrollUnitUs = 1; // of the horizontal scroll bar, which says where the zoom is
    bool m_settingScrollBars = false;

    QAction* m_resetZoom = nullptr;
};

} // namespace aftermath::desktop
