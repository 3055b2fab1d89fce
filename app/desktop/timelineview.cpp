#include "timelineview.h"

#include "chartwidget.h"
#include "evidencepane.h"
#include "findingspanel.h"
#include "fittinglabel.h"
#include "highlightdelegate.h"
#include "model/timeformat.h"
#include "timeline/messagetemplate.h"
#include "timelinemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QProgressBar>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>
#include <utility>

namespace aftermath::desktop {

using timeline::Entry;

namespace {

// How far the background's entries are indented under its row, which has its expand indicator there.
int backgroundIndent(const QWidget* widget)
{
    const QStyle* style = widget ? widget->style() : QApplication::style();
    return style->pixelMetric(QStyle::PM_TreeViewIndentation, nullptr, widget);
}

// The summary, elided to fit, with the count of a collapsed entry ("×129") always in sight after it.
// The background group's row has an expand indicator before it, as a tree's branch has, and the
// background's entries are indented under it.
class SummaryDelegate : public HighlightDelegate {
public:
    explicit SummaryDelegate(QObject* parent) : HighlightDelegate(TimelineModel::HighlightRole, parent) {}

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const bool group = index.data(TimelineModel::BackgroundGroupRole).toBool();
        if (!group && !index.data(TimelineModel::BackgroundEntryRole).toBool()) {
            paintSummary(painter, option, index);
            return;
        }
        const QWidget* widget = option.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        // The cell's background whole, then the summary after the indentation.
        QStyleOptionViewItem cell(option);
        initStyleOption(&cell, index);
        cell.text.clear();
        cell.state &= ~QStyle::State_HasFocus;
        style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
        const int indent = backgroundIndent(widget);
        if (group) {
            QStyleOption branch;
            if (widget)
                branch.initFrom(widget);
            branch.rect = QRect(option.rect.left(), option.rect.top(), indent, option.rect.height());
            branch.palette = cell.palette;
            branch.state = QStyle::State_Children | QStyle::State_Enabled
                | (index.data(TimelineModel::ExpandedRole).toBool() ? QStyle::State_Open : QStyle::State_None)
                | (option.state & QStyle::State_Selected);
            style->drawPrimitive(QStyle::PE_IndicatorBranch, &branch, painter, widget);
        }
        QStyleOptionViewItem indented(option);
        indented.rect.setLeft(option.rect.left() + indent);
        if (group)
            paintGroup(painter, indented, index);
        else
            paintSummary(painter, indented, index);
    }

private:
    // The group's summary, elided to fit, with what a click does ("(click to expand)": the display
    // text after the summary) always in sight after it.
    static void paintGroup(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index)
    {
        const QWidget* widget = option.widget;
        const QStyle* style = widget ? widget->style() : QApplication::style();
        const QString text = index.data(Qt::DisplayRole).toString();
        const QString summary = index.data(TimelineModel::SummaryRole).toString();
        const QString tail = text.startsWith(summary) ? text.mid(summary.size()) : QString();
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        const QRect rect = option.rect.adjusted(margin, 0, -margin, 0);
        const QFontMetrics& metrics = option.fontMetrics;
        const int tailWidth = metrics.horizontalAdvance(tail);
        const QString elided = metrics.elidedText(summary, Qt::ElideRight, std::max(0, rect.width() - tailWidth));
        const bool selected = option.state & QStyle::State_Selected;
        const QPalette::ColorGroup colours
            = option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        painter->save();
        painter->setClipRect(option.rect);
        painter->setFont(option.font);
        painter->setPen(selected ? option.palette.color(colours, QPalette::HighlightedText)
                                 : index.data(Qt::ForegroundRole).value<QColor>());
        painter->drawText(rect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, elided);
        painter->drawText(rect.adjusted(metrics.horizontalAdvance(elided), 0, 0, 0),
            Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, tail);
        painter->restore();
    }

    void paintSummary(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
    {
        const qint64 count = index.data(TimelineModel::CountRole).toLongLong();
        if (count <= 1 || index.data(TimelineModel::BackgroundGroupRole).toBool()) {
            HighlightDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const QString summary = index.data(TimelineModel::SummaryRole).toString();
        opt.text.clear();
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        const QRect text
            = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(margin, 0, -margin, 0);
        const QString badge = QStringLiteral("×%1").arg(count);
        QFont badgeFont = opt.font;
        badgeFont.setBold(true);
        const int badgeWidth = QFontMetrics(badgeFont).horizontalAdvance(badge);
        const int gap = opt.fontMetrics.horizontalAdvance(QLatin1Char(' '));
        const QString elided
            = opt.fontMetrics.elidedText(summary, Qt::ElideRight, std::max(0, text.width() - badgeWidth - gap));

        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        const QVariant foreground = index.data(Qt::ForegroundRole);
        const QColor colour = selected ? opt.palette.color(group, QPalette::HighlightedText)
            : foreground.isValid()     ? foreground.value<QColor>()
                                       : opt.palette.color(group, QPalette::Text);
        painter->save();
        painter->setClipRect(opt.rect);
        const qsizetype kept = elided == summary ? summary.size() : std::max<qsizetype>(0, elided.size() - 1);
        paintBands(painter, text, opt.fontMetrics, summary, kept,
            index.data(TimelineModel::HighlightRole).toList(), selected);
        painter->setPen(colour);
        painter->setFont(opt.font);
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, elided);
        const int badgeLeft = text.left() + opt.fontMetrics.horizontalAdvance(elided) + gap;
        painter->setFont(badgeFont);
        painter->drawText(
            QRect(badgeLeft, text.top(), badgeWidth + 2, text.height()), Qt::AlignLeft | Qt::AlignVCenter, badge);
        painter->restore();
    }
};

// "etl-incident/ecs-task-events.json, etl-incident/slack-export" -> "ecs-task-events.json +1": the
// table names the first file of an entry; its tooltip lists them all.
QString shortSources(const QString& sources)
{
    const QStringList all = sources.split(QStringLiteral(", "), Qt::SkipEmptyParts);
    if (all.isEmpty())
        return {};
    const QString first = QFileInfo(all.front()).fileName();
    return all.size() == 1 ? first : first + QStringLiteral(" +%1").arg(all.size() - 1);
}

class SourceDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QString displayText(const QVariant& value, const QLocale&) const override { return shortSources(value.toString()); }
};

// The template an entry's events share, worth showing above them: when there are several and it
// says something the summary does not (where they differ). A cycle's entry ("A → B") has the
// template of its first step only, which is not all its events share.
QString shownTemplate(const Entry& e)
{
    const QString summary = e.summary.section(u'\n', 0, 0);
    if (e.count <= 1 || e.templateText.isEmpty() || e.templateText == summary
        || timeline::messageTemplate(summary) != e.templateText)
        return {};
    return e.templateText;
}

QString entryCaption(const Entry& e)
{
    QString text = e.summary.section(u'\n', 0, 0);
    if (e.count > 1)
        text += QStringLiteral(" ×%1").arg(e.count);
    return text;
}

} // namespace

TimelineView::TimelineView(QWidget* parent) : QWidget(parent), m_model(new TimelineModel(this))
{
    setObjectName(QStringLiteral("timelineView"));

    // The header: the incident, the busy state, the toggle.
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("timelineTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(this);
    m_subtitle->setObjectName(QStringLiteral("timelineSubtitle"));
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    // A long title or window wraps rather than widen the window past the screen (at 1000 pixels the
    // example's title and the header's controls did, by 170 pixels, while it reconstructed).
    m_title->setWordWrap(true);
    m_subtitle->setWordWrap(true);

    m_busyLabel = new QLabel(tr("Reconstructing…"), this);
    m_busyLabel->setObjectName(QStringLiteral("timelineBusyLabel"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("timelineProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setMaximumHeight(m_busyLabel->sizeHint().height());
    m_showAll = new QCheckBox(tr("Show &all entries"), this);
    m_showAll->setObjectName(QStringLiteral("showAllEntries"));
    m_showAll->setToolTip(tr("Off: only the key entries (changes, runs, errors, retries, alerts and people), as "
                             "aftermath-cli timeline shows them, and the background in one row. On: every entry; "
                             "the others are greyed, the background's indented."));
    connect(m_showAll, &QCheckBox::toggled, this, &TimelineView::setShowAll);

    // Add to Postmortem: what the evidence pane shows becomes an entry of the postmortem's timeline.
    m_addToPostmortem = new QAction(tr("Add to &Postmortem"), this);
    m_addToPostmortem->setObjectName(QStringLiteral("addToPostmortemAction"));
    m_addToPostmortem->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_addToPostmortem->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_addToPostmortem->setToolTip(tr("Add the selected entry, finding or run to the postmortem's timeline, citing its "
                                     "events (Ctrl+Shift+P)"));
    m_addToPostmortem->setStatusTip(m_addToPostmortem->toolTip());
    m_addToPostmortem->setEnabled(false);
    addAction(m_addToPostmortem);
    connect(m_addToPostmortem, &QAction::triggered, this, [this] {
        if (m_citable && m_incident)
            Q_EMIT addToPostmortemRequested(*m_citable);
    });
    auto* addButton = new QToolButton(this);
    addButton->setObjectName(QStringLiteral("addToPostmortemButton"));
    addButton->setDefaultAction(m_addToPostmortem);
    addButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(12, 10, 12, 8);
    header->setSpacing(10);
    header->addLayout(titles, 1);
    header->addWidget(m_busyLabel, 0, Qt::AlignVCenter);
    header->addWidget(m_progress, 0, Qt::AlignVCenter);
    header->addSpacing(8);
    header->addWidget(addButton, 0, Qt::AlignVCenter);
    header->addSpacing(8);
    header->addWidget(m_showAll, 0, Qt::AlignVCenter);

    // The table.
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("timelineTable"));
    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setItemDelegateForColumn(TimelineModel::SummaryColumn, new SummaryDelegate(m_table));
    m_table->setItemDelegateForColumn(TimelineModel::SourceColumn, new SourceDelegate(m_table));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setSectionResizeMode(TimelineModel::SummaryColumn, QHeaderView::Stretch);
    columns->setStretchLastSection(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TimelineView::showSelectedEntry);
    // The background group's row expands and collapses with a click (or Enter, +, -, Right, Left:
    // eventFilter), not on activation, which some platforms give a single click as well.
    connect(m_table, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
        if (m_model->isGroupRow(index.row()))
            setBackgroundExpanded(!m_model->backgroundExpanded());
    });
    m_table->installEventFilter(this);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("timelineMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setContentsMargins(32, 32, 32, 32);
    m_message->setForegroundRole(QPalette::PlaceholderText);

    m_tableStack = new QStackedWidget(this);
    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(m_message);

    // The chart, with what it can do said above it, and the time range it filters the table to.
    m_chart = new ChartWidget(this);
    addAction(m_chart->resetZoomAction()); // Ctrl+0 from the table too
    auto* hint = new FittingLabel(this);
    hint->setObjectName(QStringLiteral("chartHint"));
    hint->setWordings({tr("Wheel: zoom  ·  drag: pan  ·  Shift+drag: list only the entries of a time range  ·  "
                          "double-click: the whole window"),
        tr("Wheel: zoom  ·  drag: pan  ·  Shift+drag: entries of a time range"),
        tr("Wheel: zoom  ·  Shift+drag: time range"), tr("Shift+drag: time range")});
    m_chartHint = hint;
    m_rangeLabel = new QLabel(this);
    m_rangeLabel->setObjectName(QStringLiteral("timeRangeLabel"));
    m_rangeLabel->setTextFormat(Qt::PlainText);
    m_clearRange = new QAction(tr("&Clear Time Range"), this);
    m_clearRange->setObjectName(QStringLiteral("clearTimeRangeAction"));
    m_clearRange->setShortcut(QKeySequence(Qt::Key_Escape));
    m_clearRange->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_clearRange->setToolTip(tr("Show the entries of every time again (Esc)"));
    m_clearRange->setEnabled(false);
    addAction(m_clearRange);
    connect(m_clearRange, &QAction::triggered, this, [this] { setTimeRange(std::nullopt); });
    // Buttons of their own, not the actions': they say their shortcuts.
    m_clearRangeButton = new QToolButton(this);
    m_clearRangeButton->setObjectName(QStringLiteral("clearTimeRangeButton"));
    m_clearRangeButton->setText(tr("Clear (Esc)"));
    m_clearRangeButton->setToolTip(m_clearRange->toolTip());
    connect(m_clearRangeButton, &QToolButton::clicked, m_clearRange, &QAction::trigger);
    m_resetZoomButton = new QToolButton(this);
    m_resetZoomButton->setObjectName(QStringLiteral("resetChartZoomButton"));
    m_resetZoomButton->setText(tr("Whole Window (Ctrl+0)"));
    m_resetZoomButton->setToolTip(m_chart->resetZoomAction()->toolTip());
    connect(m_resetZoomButton, &QToolButton::clicked, m_chart->resetZoomAction(), &QAction::trigger);
    auto* chartBar = new QHBoxLayout;
    chartBar->setContentsMargins(12, 2, 8, 2);
    chartBar->setSpacing(8);
    chartBar->addWidget(m_chartHint, 1);
    chartBar->addWidget(m_rangeLabel);
    chartBar->addWidget(m_clearRangeButton);
    chartBar->addWidget(m_resetZoomButton);
    m_chartPane = new QWidget(this);
    m_chartPane->setObjectName(QStringLiteral("timelineChartPane"));
    auto* chartLayout = new QVBoxLayout(m_chartPane);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->setSpacing(0);
    chartLayout->addLayout(chartBar);
    chartLayout->addWidget(m_chart, 1);
    connect(m_chart, &ChartWidget::entryClicked, this, &TimelineView::selectEntry);
    connect(m_chart, &ChartWidget::runClicked, this, &TimelineView::showRun);
    connect(m_chart, &ChartWidget::findingClicked, this, &TimelineView::showFinding);
    connect(m_chart, &ChartWidget::phaseClicked, this, &TimelineView::selectTime);
    connect(m_chart, &ChartWidget::timeClicked, this, &TimelineView::timeClicked);
    connect(m_chart, &ChartWidget::timeRangeChanged, this, [this] { setTimeRange(m_chart->timeRange()); });
    connect(m_chart, &ChartWidget::visibleRangeChanged, this, &TimelineView::updateRangeLabel);

    m_evidence = new EvidencePane(this);
    m_findings = new FindingsPanel(this);
    connect(m_findings, &FindingsPanel::findingActivated, this, &TimelineView::showFinding);
    connect(m_findings, &FindingsPanel::runActivated, this, &TimelineView::showRun);
    connect(m_findings, &FindingsPanel::timeActivated, this, &TimelineView::selectTime);

    m_rows = new QSplitter(Qt::Vertical, this);
    m_rows->setObjectName(QStringLiteral("timelineRows"));
    m_rows->addWidget(m_chartPane);
    m_rows->addWidget(m_tableStack);
    m_rows->addWidget(m_evidence);
    m_rows->setStretchFactor(0, 3);
    m_rows->setStretchFactor(1, 3);
    m_rows->setStretchFactor(2, 2);
    m_rows->setChildrenCollapsible(false);
    m_columns = new QSplitter(Qt::Horizontal, this);
    m_columns->setObjectName(QStringLiteral("timelineColumns"));
    m_columns->addWidget(m_rows);
    m_columns->addWidget(m_findings);
    m_columns->setStretchFactor(0, 1);
    m_columns->setStretchFactor(1, 0);
    m_columns->setChildrenCollapsible(false);
    m_findings->setMinimumWidth(260);
    const int findingsWidth = fontMetrics().averageCharWidth() * 58;
    m_columns->setSizes({1000 - findingsWidth, findingsWidth});
    m_rows->setSizes({380, 280, 170});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_columns, 1);

    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this, &TimelineView::showTableMenu);
    m_findings->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_findings, &QWidget::customContextMenuRequested, this, &TimelineView::showFindingsMenu);

    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &TimelineView::finishReconstruct);

    setBusy(false);
    setIncident(std::nullopt);
}

TimelineView::~TimelineView()
{
    if (m_job.isRunning()) {
        m_watcher.disconnect(this);
        m_job.cancel();
        m_job.future().waitForFinished();
    }
}

void TimelineView::setWorkspace(workspace::Workspace* workspace)
{
    if (m_job.isRunning())
        m_job.cancel();
    m_workspace = workspace;
    m_sourcePaths.clear();
    setIncident(std::nullopt);
}

void TimelineView::setIncident(const std::optional<model::Incident>& incident)
{
    if (m_job.isRunning())
        m_job.cancel();
    m_incident = incident;
    m_cited.clear();
    m_lastError.reset();
    m_model->clear();
    m_chart->clear();
    updateRangeLabel();
    m_findings->setPlaceholder(tr("Findings appear here once the timeline is reconstructed."));
    clearEvidence();
    updateHeader();
    if (!m_incident) {
        setBusy(false);
        showMessage(m_workspace ? tr("Select an incident on the Incidents tab, or create one with Incident › New "
                                     "Incident, to reconstruct its timeline.")
                                : tr("Open a store to see its incidents."));
        return;
    }
    showMessage(tr("Reconstructing the timeline of “%1”…").arg(m_incident->title));
    startReconstruct();
}

void TimelineView::refresh()
{
    if (m_incident)
        startReconstruct();
}

void TimelineView::startReconstruct()
{
    if (m_job.isRunning())
        m_job.cancel(); // its result is not wanted: the watcher moves on to the new job
    if (!m_workspace || !m_incident)
        return;
    m_job = m_workspace->startReconstruct(m_incident->id);
    m_jobIncidentId = m_incident->id;
    m_progress->setValue(0);
    m_watcher.setFuture(m_job.future());
    setBusy(true);
}

void TimelineView::finishReconstruct()
{
    QFuture<Result<workspace::IncidentTimeline>> future = m_job.future();
    // Only a reconstruction stopped on purpose ends without a timeline that is wanted.
    if (future.resultCount() == 0 || m_job.cancelRequested())
        return;
    Result<workspace::IncidentTimeline> result = future.takeResult();
    setBusy(false);
    if (!m_incident || m_jobIncidentId != m_incident->id)
        return;
    if (!result) {
        m_lastError = result.error();
        m_model->clear();
        m_chart->clear();
        updateRangeLabel();
        m_findings->setPlaceholder(QString());
        clearEvidence();
        showMessage(tr("The timeline could not be reconstructed.\n\n%1").arg(result.error().toString()));
        updateHeader();
        Q_EMIT timelineShown();
        return;
    }
    m_lastError.reset();
    showTimeline(std::move(*result));
    Q_EMIT timelineShown();
}

void TimelineView::showTimeline(workspace::IncidentTimeline result)
{
    // A refresh keeps the selected entry selected, and the entry at the top at the top, when they
    // are still there.
    // The background group's row is the one with no source.
    const auto identity = [this](int row) {
        if (m_model->isGroupRow(row))
            return std::tuple{qint64(0), QString(), QString()};
        const Entry& e = m_model->entryAt(row);
        return std::tuple{e.timeUs, e.source, e.summary};
    };
    std::optional<std::tuple<qint64, QString, QString>> selected;
    std::optional<std::tuple<qint64, QString, QString>> top;
    if (m_tableStack->currentWidget() == m_table && m_model->rowCount() > 0) {
        if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
            selected = identity(rows.front().row());
        if (const int row = m_table->rowAt(0); row >= 0)
            top = identity(row);
    }

    m_incident = result.incident; // as stored now
    m_cited = std::move(result.evidence);
    m_sourcePaths.clear();
    if (m_workspace)
        if (const auto sources = m_workspace->evidence().sources())
            for (const model::Source& source : *sources)
                m_sourcePaths.insert(source.id, source.path);

    m_model->setTimeline(std::move(result.timeline), shownZone());
    m_chart->setTimeline(&m_model->timeline(), m_model->timeFormat());
    // The chart keeps the time range for the same window, and drops it for another.
    m_model->setTimeRange(m_chart->timeRange());
    updateRangeLabel();
    m_findings->setTimeline(&m_model->timeline(), m_model->timeFormat());
    clearEvidence();
    fitColumns();
    updateHeader();

    if (m_model->entryCount() == 0) {
        showNoEvents();
        return;
    }
    m_tableStack->setCurrentWidget(m_table);
    showChart(true);
    m_message->clear();
    const auto rowOf = [&](const std::optional<std::tuple<qint64, QString, QString>>& wanted) {
        for (int row = 0; wanted && row < m_model->rowCount(); ++row)
            if (identity(row) == *wanted)
                return row;
        return -1;
    };
    if (const int row = rowOf(selected); row >= 0)
        m_table->selectRow(row);
    const int topRow = rowOf(top);
    // Once the view has laid out the new rows.
    QMetaObject::invokeMethod(
        m_table,
        [table = m_table, topRow] {
            if (topRow >= 0)
                table->scrollTo(table->model()->index(topRow, 0), QAbstractItemView::PositionAtTop);
            else
                table->scrollToTop();
        },
        Qt::QueuedConnection);
}

QTimeZone TimelineView::shownZone() const
{
    return m_incident ? model::displayZone(*m_incident, m_chosenZone) : QTimeZone::utc();
}

void TimelineView::setChosenZone(const std::optional<QTimeZone>& zone)
{
    if (zone == m_chosenZone)
        return;
    m_chosenZone = zone;
    updateHeader();
    // A timeline on show is shown again in the new zone; a reconstruction under way uses it.
    if (!m_incident || m_busy || m_lastError)
        return;
    m_model->setZone(shownZone());
    if (m_model->entryCount() == 0) {
        showNoEvents();
        return;
    }
    m_findings->setTimeline(&m_model->timeline(), m_model->timeFormat());
    m_chart->setTimeline(&m_model->timeline(), m_model->timeFormat());
    updateRangeLabel();
    fitColumns();
    if (m_table->selectionModel()->hasSelection())
        showSelectedEntry();
    else
        clearEvidence();
}

void TimelineView::showNoEvents()
{
    const QTimeZone zone = shownZone();
    const auto seconds = model::WindowTimeFormat::Precision::Seconds;
    const QString from = model::WindowTimeFormat::dateTime(m_incident->fromUs, zone, seconds);
    const QString to = model::WindowTimeFormat::dateTime(m_incident->toUs, zone, seconds);
    showMessage(tr("No events between %1 and %2.\n\nCheck the incident's window and time zone, or import the "
                   "evidence with File › Import Files or File › Import Folder.")
                    .arg(from, to));
}

void TimelineView::setBusy(bool busy)
{
    m_busyLabel->setVisible(busy);
    m_progress->setVisible(busy);
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void TimelineView::showMessage(const QString& text)
{
    m_message->setText(text);
    m_tableStack->setCurrentWidget(m_message);
    showChart(false);
}

void TimelineView::showChart(bool shown)
{
    if (shown == m_chartPane->isVisibleTo(this))
        return;
    m_chartPane->setVisible(shown);
}

QString TimelineView::message() const
{
    return m_tableStack->currentWidget() == m_message ? m_message->text() : QString();
}

QString TimelineView::subtitle() const { return m_subtitle->text(); }

void TimelineView::updateHeader()
{
    if (!m_incident) {
        m_title->setText(tr("Timeline"));
        m_subtitle->clear();
        m_showAll->setEnabled(false);
        return;
    }
    const model::Incident& i = *m_incident;
    const QTimeZone zone = shownZone();
    m_title->setText(i.title);
    QStringList parts{
        tr("#%1").arg(i.id), model::WindowTimeFormat(i.fromUs, i.toUs, zone).window(), QString::fromUtf8(zone.id())};
    if (!i.severity.isEmpty())
        parts << i.severity;
    if (m_model->entryCount() > 0) {
        const QLocale locale;
        QString entries = m_model->keyEntryCount() == 1
            ? tr("1 key entry of %1").arg(locale.toString(m_model->entryCount()))
            : tr("%1 key entries of %2")
                  .arg(locale.toString(m_model->keyEntryCount()), locale.toString(m_model->entryCount()));
        // The background's row is no entry: its entries are counted apart, never key.
        if (m_model->backgroundEntryCount() > 0)
            entries += tr(" (%1 in the background)").arg(locale.toString(m_model->backgroundEntryCount()));
        parts << entries;
        const auto findings = m_model->timeline().findings.size();
        parts << (findings == 1 ? tr("1 finding") : tr("%1 findings").arg(findings));
        // What the window's messages were compared with, to tell the incident from the background
        // (Incident › Window and Baseline changes it).
        const timeline::Timeline& t = m_model->timeline();
        if (t.baseline)
            parts << (i.baseline ? tr("baseline %1 (set)") : tr("baseline %1 (automatic)"))
                         .arg(model::WindowTimeFormat(t.baseline->first, t.baseline->second, zone).window());
    }
    m_subtitle->setText(parts.join(QStringLiteral("  ·  ")));
    m_showAll->setEnabled(true);
}

void TimelineView::fitColumns()
{
    // Widths from the font and the content, so that times and kinds are never cut.
    const QFontMetrics metrics = m_table->fontMetrics();
    const int padding = 24;
    const model::WindowTimeFormat& format = m_model->timeFormat();
    QString sample = QStringLiteral("00:00:00–00:00:00");
    if (format.showsDates())
        sample = QStringLiteral("2026-06-18 00:00:00–2026-06-19 00:00:00");
    if (format.showsOffsets())
        sample += QStringLiteral(" +00:00 +00:00");
    int timeWidth = metrics.horizontalAdvance(sample) + padding;
    timeWidth = std::max(timeWidth,
        QFontMetrics(m_table->horizontalHeader()->font())
                .horizontalAdvance(m_model->headerData(TimelineModel::TimeColumn, Qt::Horizontal).toString())
            + padding);
    m_table->setColumnWidth(TimelineModel::TimeColumn, timeWidth);
    m_table->setColumnWidth(
        TimelineModel::KindColumn, metrics.horizontalAdvance(QStringLiteral("step start")) + padding);
    int sourceWidth = metrics.horizontalAdvance(tr("Source")) + padding;
    for (const Entry& e : m_model->timeline().entries)
        sourceWidth = std::max(sourceWidth, metrics.horizontalAdvance(shortSources(e.source)) + padding);
    // The background's row names its first source and how many more.
    sourceWidth = std::max(sourceWidth,
        metrics.horizontalAdvance(shortSources(m_model->backgroundGroup().sources.join(QStringLiteral(", "))))
            + padding);
    m_table->setColumnWidth(TimelineModel::SourceColumn, std::min(sourceWidth, metrics.averageCharWidth() * 40));
}

void TimelineView::setShowAll(bool all)
{
    if (all == m_model->showAll())
        return;
    // The background's row goes with every entry, and its entries with the key ones only (while
    // it is collapsed): the selection moves between it and its first entry, as a tree's would.
    const QModelIndexList before = m_table->selectionModel()->selectedRows();
    const bool groupSelected = !before.isEmpty() && m_model->isGroupRow(before.front().row());
    const bool backgroundSelected = !before.isEmpty() && !groupSelected && !m_model->backgroundExpanded()
        && m_model->entryAt(before.front().row()).background;
    const qint64 groupStartUs = m_model->backgroundGroup().firstUs;
    m_model->setShowAll(all);
    m_chart->setBackgroundRuns(all);
    m_showAll->setChecked(all);
    if (groupSelected && all)
        m_table->selectRow(m_model->rowAtOrAfter(groupStartUs));
    else if (backgroundSelected && !all && m_model->groupRow() >= 0)
        m_table->selectRow(m_model->groupRow());
    if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
        m_table->scrollTo(rows.front());
    updateHeader();
    Q_EMIT showAllChanged(all);
}

bool TimelineView::showAll() const { return m_model->showAll(); }

void TimelineView::setBackgroundExpanded(bool expanded)
{
    if (expanded == m_model->backgroundExpanded())
        return;
    // Collapsed under the selection: the group's row is selected instead, as a tree's parent is.
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool selectedHides = !expanded && !rows.isEmpty() && !m_model->isGroupRow(rows.front().row())
        && m_model->entryAt(rows.front().row()).background && !m_model->showAll();
    m_model->setBackgroundExpanded(expanded);
    if (const int row = m_model->groupRow(); row >= 0) {
        if (selectedHides || m_table->currentIndex().row() == row)
            m_table->selectRow(row);
        if (m_model->isGroupRow(m_table->currentIndex().row()))
            showSelectedEntry(); // what the evidence pane says of it changed with it
    }
    updateRangeLabel();
}

bool TimelineView::backgroundExpanded() const { return m_model->backgroundExpanded(); }

bool TimelineView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_table || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const int key = static_cast<QKeyEvent*>(event)->key();
    const int row = m_table->currentIndex().row();
    if (m_model->isGroupRow(row)) {
        switch (key) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            setBackgroundExpanded(!m_model->backgroundExpanded());
            return true;
        case Qt::Key_Plus:
        case Qt::Key_Right:
            setBackgroundExpanded(true);
            return true;
        case Qt::Key_Minus:
        case Qt::Key_Left:
            setBackgroundExpanded(false);
            return true;
        default:
            break;
        }
    } else if (row >= 0 && (key == Qt::Key_Left || key == Qt::Key_Minus) && !m_model->showAll()
        && m_model->entryAt(row).background) {
        // From one of its entries, to the group's row, as in a tree.
        if (const int group = m_model->groupRow(); group >= 0) {
            m_table->selectRow(group);
            m_table->scrollTo(m_model->index(group, 0));
        }
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void TimelineView::showSelectedEntry()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    m_findings->setSelectedFinding(-1);
    if (m_model->isGroupRow(rows.front().row())) {
        m_chart->setSelectedEntry(-1);
        const TimelineModel::BackgroundGroup& g = m_model->backgroundGroup();
        const QLocale locale;
        m_evidence->showPlaceholder(
            tr("The background: %1 entries of messages that were already steady before the incident began (%2 "
               "events), folded into one row so that what changed stands out. %3")
                .arg(locale.toString(g.entries), locale.toString(g.events),
                    m_model->backgroundExpanded()
                        ? tr("Select one of its entries, below it, to see its events.")
                        : tr("Click the row or press Enter to list them, then select one to see its events.")));
        setCitable(std::nullopt);
        return;
    }
    const Entry& e = m_model->entryAt(rows.front().row());
    m_chart->setSelectedEntry(int(m_model->entryIndexAt(rows.front().row())));
    // The first events are shown (read with the timeline); Add to Postmortem cites them all.
    const std::vector<qint64> shown(
        e.eventIds.begin(), e.eventIds.begin() + std::ptrdiff_t(std::min(e.eventIds.size(), timeline::maxEvidence)));
    // Of how many: a cycle's entry counts its cycles, and has more events behind it than that.
    showEvidence(entryCaption(e), shown, std::max(e.count, qint64(e.eventIds.size())), e.timeUs, e.endUs,
        shownTemplate(e));
    // Worded as the draft words a key entry, so the two read alike in the postmortem.
    model::TimelineEntry citable;
    citable.timeUs = e.timeUs;
    citable.endUs = e.endUs;
    citable.text = entryCaption(e);
    citable.eventIds = e.eventIds;
    setCitable(std::move(citable), e.count);
}

void TimelineView::showFinding(int index)
{
    const auto& findings = m_model->timeline().findings;
    if (index < 0 || index >= int(findings.size()))
        return;
    const timeline::Finding& f = findings[std::size_t(index)];
    // The finding's evidence replaces the entry's, so no entry stays selected; the table shows
    // where the finding is.
    m_table->selectionModel()->clearSelection();
    if (!f.eventIds.empty())
        if (const int row = m_model->rowCiting(f.eventIds.front()); row >= 0)
            m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    m_findings->setSelectedFinding(index);
    m_chart->setSelectedFinding(index);
    const QString caption = f.rank > 0 ? tr("Suspect #%1: %2").arg(f.rank).arg(f.summary) : f.summary;
    showEvidence(caption, f.eventIds, qint64(f.eventIds.size()), f.timeUs, std::nullopt);
    model::TimelineEntry citable;
    citable.timeUs = f.timeUs;
    citable.text = f.summary;
    citable.note = f.reason;
    citable.eventIds = f.eventIds;
    setCitable(std::move(citable));
}

void TimelineView::showRun(int index)
{
    const auto& runs = m_model->timeline().runs;
    if (index < 0 || index >= int(runs.size()))
        return;
    const timeline::Run& r = runs[std::size_t(index)];
    m_table->selectionModel()->clearSelection();
    if (!r.startEventIds.empty())
        if (const int row = m_model->rowCiting(r.startEventIds.front()); row >= 0)
            m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    m_findings->setSelectedFinding(-1);
    m_chart->setSelectedRun(index);
    const QString name = QStringList{r.job, r.run}.join(u' ').trimmed();
    showEvidence(tr("Run %1").arg(name), r.eventIds, qint64(r.eventIds.size()), r.startedUs, r.endedUs);
    model::TimelineEntry citable;
    citable.timeUs = r.startedUs;
    citable.endUs = r.endedUs;
    citable.text = r.outcome == timeline::Run::Outcome::Succeeded ? tr("%1 ran and succeeded").arg(name)
        : r.outcome == timeline::Run::Outcome::Failed             ? tr("%1 ran and failed").arg(name)
                                                                  : tr("%1 started and never finished").arg(name);
    if (!r.version.isEmpty())
        citable.text += tr(" (%1)").arg(r.version);
    citable.eventIds = r.eventIds;
    setCitable(std::move(citable));
}

void TimelineView::selectTime(qint64 utcUs)
{
    const int row = m_model->rowAtOrAfter(utcUs);
    if (row >= m_model->rowCount())
        return;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

void TimelineView::selectEntry(int entry)
{
    if (entry < 0 || entry >= m_model->entryCount())
        return;
    if (m_model->rowOfEntry(std::size_t(entry)) < 0 && m_model->timeRange())
        setTimeRange(std::nullopt); // asked for by name: it is shown, whatever the range
    if (m_model->rowOfEntry(std::size_t(entry)) < 0 && !m_model->showAll()
        && m_model->timeline().entries[std::size_t(entry)].background)
        setBackgroundExpanded(true);
    if (m_model->rowOfEntry(std::size_t(entry)) < 0 && !m_model->showAll())
        setShowAll(true);
    const int row = m_model->rowOfEntry(std::size_t(entry));
    if (row < 0)
        return;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
}

void TimelineView::setFilter(const store::EventQuery& query)
{
    m_model->setFilter(query, [this](qint64 id) -> const model::StoredEvent* {
        const auto it = m_cited.find(id);
        return it == m_cited.end() ? nullptr : &it->second;
    });
}

void TimelineView::setTimeRange(const std::optional<std::pair<qint64, qint64>>& range)
{
    if (range == m_model->timeRange() && range == m_chart->timeRange())
        return;
    m_model->setTimeRange(range);
    m_chart->setTimeRange(range);
    updateRangeLabel();
    if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
        m_table->scrollTo(rows.front(), QAbstractItemView::PositionAtCenter);
}

const std::optional<std::pair<qint64, qint64>>& TimelineView::timeRange() const { return m_model->timeRange(); }

// What the chart's bar says: the time range the table is filtered to, with a way to clear it, and
// a way back to the whole window when the chart is zoomed.
void TimelineView::updateRangeLabel()
{
    const auto& range = m_model->timeRange();
    m_clearRange->setEnabled(range.has_value());
    m_clearRangeButton->setVisible(range.has_value());
    m_rangeLabel->setVisible(range.has_value());
    m_resetZoomButton->setVisible(m_chart->isZoomed());
    if (!range)
        return;
    // In minutes when the range is of whole minutes, as a range picked on the whole window is.
    constexpr qint64 minute = 60'000'000;
    const bool minutes = range->first % minute == 0 && range->second % minute == 0;
    const model::WindowTimeFormat format = m_model->timeFormat().withPrecision(
        minutes ? model::WindowTimeFormat::Precision::Minutes : model::WindowTimeFormat::Precision::Seconds);
    // The background's row counts as the entries it stands for while they are hidden.
    const bool folded = m_model->groupRow() >= 0 && !m_model->backgroundExpanded();
    const int rows = m_model->rowCount() - (m_model->groupRow() >= 0 ? 1 : 0)
        + (folded ? m_model->backgroundGroup().entries : 0);
    const QString from = format.time(range->first);
    const QString to = format.time(range->second);
    m_rangeLabel->setText(rows == 1 ? tr("The table lists the 1 entry from %1 to %2").arg(from, to)
            : rows == 0             ? tr("No entries from %1 to %2").arg(from, to)
                                    : tr("The table lists the %1 entries from %2 to %3").arg(rows).arg(from, to));
}

void TimelineView::showEvidence(const QString& caption, const std::vector<qint64>& ids, qint64 cited, qint64 fromUs,
    std::optional<qint64> toUs, const QString& templateText)
{
    std::vector<model::StoredEvent> events;
    events.reserve(ids.size());
    bool complete = true;
    for (const qint64 id : ids) {
        const auto it = m_cited.find(id);
        if (it == m_cited.end()) {
            complete = false;
            break;
        }
        events.push_back(it->second);
    }
    if (!complete && m_workspace) {
        // Entries that are not key were not read with the timeline; theirs are in their own span.
        events.clear();
        auto found = m_workspace->evidence().findEvents(ids, fromUs, toUs.value_or(fromUs));
        if (!found) {
            m_evidence->showPlaceholder(tr("The events could not be read: %1").arg(found.error().toString()));
            return;
        }
        events = std::move(*found);
    }
    if (events.empty()) {
        m_evidence->showPlaceholder(tr("No events are cited for this."));
        return;
    }
    m_evidence->showEvents(caption, events, m_model->timeFormat(), cited, m_sourcePaths, templateText);
}

void TimelineView::clearEvidence()
{
    m_evidence->showPlaceholder(tr("Select an entry, or a finding on the right, to see the events behind it."));
    setCitable(std::nullopt);
}

void TimelineView::setCitable(std::optional<model::TimelineEntry> entry, qint64 standsFor)
{
    if (entry && m_incident)
        entry->incidentId = m_incident->id;
    // An entry of more repeats than it keeps (timeline::maxCited), a finding or a run keeps only
    // its first events: the postmortem cites those, and the action says so before it is chosen.
    const qint64 cited = entry ? qint64(entry->eventIds.size()) : 0;
    m_addToPostmortem->setToolTip(entry && standsFor > cited && cited > 0
            ? tr("Add the selected entry to the postmortem's timeline, citing the first %1 of its %2 events, the "
                 "evidence the timeline keeps for it (Ctrl+Shift+P)")
                  .arg(cited)
                  .arg(standsFor)
            : tr("Add the selected entry, finding or run to the postmortem's timeline, citing its events "
                 "(Ctrl+Shift+P)"));
    m_addToPostmortem->setStatusTip(m_addToPostmortem->toolTip());
    m_citable = std::move(entry);
    m_addToPostmortem->setEnabled(
        m_citable.has_value() && m_incident.has_value() && m_workspace && !m_workspace->isReadOnly());
}

void TimelineView::showTableMenu(const QPoint& pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    m_table->selectRow(index.row());
    // popup(), not exec(): no nested event loop.
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (m_model->isGroupRow(index.row())) {
        const bool expanded = m_model->backgroundExpanded();
        menu->addAction(expanded ? tr("&Collapse the Background") : tr("&Expand the Background"), this,
            [this, expanded] { setBackgroundExpanded(!expanded); });
    }
    menu->addAction(m_addToPostmortem);
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

void TimelineView::showFindingsMenu(const QPoint& pos)
{
    // A finding or run under the pointer is shown first, so the menu acts on it.
    const QString anchor = m_findings->anchorAt(pos);
    if (anchor.startsWith(u"finding:") || anchor.startsWith(u"run:"))
        Q_EMIT m_findings->anchorClicked(QUrl(anchor));
    QMenu* menu = m_findings->createStandardContextMenu(pos);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction* first = menu->actions().isEmpty() ? nullptr : menu->actions().front();
    menu->insertAction(first, m_addToPostmortem);
    menu->insertSeparator(first);
    menu->popup(m_findings->viewport()->mapToGlobal(pos));
}

void TimelineView::updateIncidentDetails(const model::Incident& incident)
{
    if (!m_incident || m_incident->id != incident.id)
        return;
    m_incident = incident;
    updateHeader();
}

} // namespace aftermath::desktop
