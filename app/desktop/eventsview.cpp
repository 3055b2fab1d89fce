#include "eventsview.h"

#include "eventtablemodel.h"
#include "filterbar.h"
#include "highlightdelegate.h"

#include "model/timeformat.h"
#include "model/timestamp.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <climits>

namespace aftermath::desktop {

namespace {

QString countText(qint64 count) { return QLocale().toString(count); }

} // namespace

EventsView::EventsView(FilterBar* filter, QWidget* parent)
    : QWidget(parent), m_model(new EventTableModel(this)), m_filter(filter), m_scope(new QComboBox(this)),
      m_jump(new QLineEdit(this)), m_status(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_table(new QTableView(this)), m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("eventsPage"));
    m_scope->setObjectName(QStringLiteral("eventsScope"));
    m_scope->addItem(tr("Incident window"));
    m_scope->addItem(tr("All events"));
    m_scope->setToolTip(tr("Show the selected incident's window, or every event in the store"));
    m_jump->setObjectName(QStringLiteral("eventsJump"));
    m_jump->setPlaceholderText(tr("Jump to 14:05"));
    m_jump->setToolTip(tr("A time in the zone shown (on the day of the first row shown), or a date and time; "
                          "Enter jumps to the first event at or after it"));
    m_jump->setMaximumWidth(180);
    m_status->setObjectName(QStringLiteral("eventsStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long message must not widen the window; its tooltip has it whole.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_progress->setObjectName(QStringLiteral("eventsProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();

    m_table->setObjectName(QStringLiteral("eventsView"));
    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setItemDelegateForColumn(EventTableModel::MessageColumn, new HighlightDelegate(EventTableModel::HighlightRole, m_table));
    m_table->verticalHeader()->hide();
    const QFontMetrics metrics = m_table->fontMetrics();
    // Compact rows of one height: a log viewer is read many lines at a time, and a fixed height is
    // what lets the view place row N of a million without measuring the rows before it.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(metrics.height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setMinimumSectionSize(metrics.horizontalAdvance(QStringLiteral("Level")) + 16);
    // Widths from the font, so they suit the user's font size: the time column fits a full
    // timestamp with its offset; the others fit typical values and can be widened.
    const int padding = 24;
    const auto widthFor = [&](const QString& sample) { return metrics.horizontalAdvance(sample) + padding; };
    m_table->setColumnWidth(EventTableModel::TimeColumn, widthFor(QStringLiteral("2026-06-18 02:00:00.000000 +01:00")));
    m_table->setColumnWidth(EventTableModel::LevelColumn, widthFor(QStringLiteral("critical")));
    m_table->setColumnWidth(EventTableModel::KindColumn, widthFor(QStringLiteral("step_start")));
    m_table->setColumnWidth(EventTableModel::SourceColumn, widthFor(QStringLiteral("deploy-production.log:10000")));
    m_table->setColumnWidth(EventTableModel::ServiceColumn, widthFor(QStringLiteral("payments-worker")));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_scope);
    bar->addWidget(m_jump);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_filter, &FilterBar::changed, this, &EventsView::find);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        m_keepTopUs.reset();
        find();
    });
    connect(m_jump, &QLineEdit::returnPressed, this, [this] {
        QString error;
        if (!jumpTo(m_jump->text(), &error))
            showStatus(error, true);
    });
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &EventsView::findFinished);
    connect(m_model, &EventTableModel::loadFailed, this, [this](const QString& message) {
        showStatus(tr("Could not read events: %1").arg(message), true);
        Q_EMIT failed(message);
    });
    setWholeStore(true);
}

EventsView::~EventsView()
{
    m_watcher.disconnect(this);
    if (m_job.isRunning()) {
        m_job.cancel();
        m_job.future().waitForFinished();
    }
}

void EventsView::setWorkspace(workspace::Workspace* workspace)
{
    m_workspace = workspace;
    m_model->setStore(workspace ? &workspace->evidence() : nullptr);
    m_keepSelected.reset();
    m_keepTopUs.reset();
    QStringList names;
    if (workspace) {
        if (auto sources = workspace->evidence().sources()) {
            for (const auto& source : *sources) {
                if (!names.contains(source.displayName))
                    names.append(source.displayName);
            }
        }
    }
    m_filter->setSources(names);
    find();
}

void EventsView::setIncidentWindow(const std::optional<std::pair<qint64, qint64>>& window)
{
    if (window == m_incidentWindow)
        return;
    const auto before = scope();
    m_incidentWindow = window;
    m_scope->setItemData(0, window ? QVariant() : QVariant(0), Qt::UserRole - 1); // disabled with none
    if (!window) {
        setWholeStore(true);
    } else if (m_scope->currentIndex() == 1 && !before) {
        // An incident was chosen: show its window, the default.
        setWholeStore(false);
    }
    if (scope() != before) {
        m_keepTopUs.reset();
        find();
    }
}

void EventsView::setWholeStore(bool whole)
{
    const int index = whole || !m_incidentWindow ? 1 : 0;
    if (m_scope->currentIndex() != index)
        m_scope->setCurrentIndex(index); // finds through currentIndexChanged
}

bool EventsView::wholeStore() const { return m_scope->currentIndex() == 1; }

std::optional<std::pair<qint64, qint64>> EventsView::scope() const
{
    return wholeStore() ? std::nullopt : m_incidentWindow;
}

void EventsView::refresh()
{
    if (const auto selected = m_table->currentIndex(); selected.isValid()) {
        if (selected.row() < int(m_model->positions().size()))
            m_keepSelected = m_model->positions()[std::size_t(selected.row())].id;
    }
    const int top = m_table->rowAt(0);
    if (top >= 0 && top < int(m_model->positions().size()))
        m_keepTopUs = m_model->positions()[std::size_t(top)].timeUs;
    // Sources may have been added.
    if (m_workspace) {
        QStringList names;
        if (auto sources = m_workspace->evidence().sources()) {
            for (const auto& source : *sources) {
                if (!names.contains(source.displayName))
                    names.append(source.displayName);
            }
        }
        m_filter->setSources(names);
    }
    find();
}

void EventsView::setDisplayZone(const QTimeZone& zone)
{
    m_zone = zone;
    m_model->setDisplayZone(zone);
}

void EventsView::find()
{
    if (!m_workspace) {
        if (m_job.isRunning()) {
            m_findAgain = true; // its end comes here again, and clears the table
            m_job.cancel();
            return;
        }
        m_finding = false;
        m_model->setPositions({});
        showStatus(QString());
        return;
    }
    m_finding = true;
    if (m_job.isRunning()) {
        // Stop it; its end starts this one, so only one find has the store open at a time.
        m_findAgain = true;
        m_job.cancel();
        return;
    }
    m_findAgain = false;
    // The bar's From and To narrow the scope's window.
    store::EventQuery query = m_filter->query();
    if (const auto window = scope()) {
        query.fromUs = std::max(query.fromUs.value_or(window->first), window->first);
        query.toUs = std::min(query.toUs.value_or(window->second), window->second);
    }
    m_running = query;
    m_findClock.start();
    m_job = m_workspace->startFind(query);
    m_watcher.setFuture(m_job.future());
    m_progress->setValue(0);
    // Only a find that takes a while shows its progress; a quick one would only flicker.
    QTimer::singleShot(150, this, [this] {
        if (m_job.isRunning())
            m_progress->show();
    });
}

void EventsView::findFinished()
{
    m_progress->hide();
    if (m_findAgain) {
        find();
        return;
    }
    if (!m_job.future().isValid()) {
        // Stopped before it had a result (cancelled as its store went, or before it started): find
        // again for the store there is now.
        m_job = {};
        m_finding = false;
        find();
        return;
    }
    m_finding = false;
    // Taken, not copied: a million positions are 16 MB.
    Result<workspace::FoundEvents> result = m_job.future().takeResult();
    m_job = {}; // its future holds nothing now
    const qint64 tookMs = m_findClock.elapsed();
    if (!result) {
        m_model->setPositions({});
        showStatus(tr("Could not find events: %1").arg(result.error().toString()), true);
        Q_EMIT failed(result.error().toString());
        Q_EMIT found();
        return;
    }
    const qint64 matched = qint64(result->positions.size());
    m_model->setPositions(std::move(result->positions), m_running.text);

    const QString where = scope() ? tr("in the incident window") : tr("in the store");
    QString text;
    if (m_running.isWindowOnly() && m_filter->isEmpty())
        text = (matched == 1 ? tr("1 event %1") : tr("%1 events %2").arg(countText(matched))).arg(where);
    else if (m_running.isWindowOnly()) // only From and To
        text = (matched == 1 ? tr("1 event in the time range %1") : tr("%1 events in the time range %2").arg(countText(matched)))
                   .arg(where);
    else
        text = tr("%1 of %2 events %3 match").arg(countText(matched), countText(result->inWindow), where);
    if (tookMs >= 50)
        text += tr(" · %1 s").arg(QLocale().toString(double(tookMs) / 1000.0, 'f', 2));
    showStatus(text);

    // Put the reader back where they were: the selected event if it is still shown, else the time
    // at the top.
    int row = -1;
    if (m_keepSelected)
        row = m_model->rowOfEvent(*m_keepSelected);
    if (row >= 0) {
        m_table->selectRow(row);
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    } else if (m_keepTopUs && m_model->rowCount() > 0) {
        m_table->scrollTo(m_model->index(std::min(m_model->rowAtOrAfter(*m_keepTopUs), m_model->rowCount() - 1), 0),
            QAbstractItemView::PositionAtTop);
    }
    m_keepSelected.reset();
    m_keepTopUs.reset();
    if (m_pendingJump)
        jumpTo(*std::exchange(m_pendingJump, std::nullopt));
    Q_EMIT found();
}

void EventsView::showStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setToolTip(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #c01c28;") : QString());
}

QString EventsView::statusText() const { return m_status->text(); }

bool EventsView::isFinding() const { return m_finding; }

void EventsView::showTime(qint64 utcUs)
{
    if (m_incidentWindow && !wholeStore() && (utcUs < m_incidentWindow->first || utcUs > m_incidentWindow->second))
        setWholeStore(true); // finds
    if (m_finding) {
        m_pendingJump = utcUs;
        return;
    }
    jumpTo(utcUs);
}

void EventsView::jumpTo(qint64 utcUs)
{
    if (m_model->rowCount() == 0)
        return;
    const int row = std::min(m_model->rowAtOrAfter(utcUs), m_model->rowCount() - 1);
    const QModelIndex index = m_model->index(row, 0);
    m_table->setCurrentIndex(index);
    m_table->selectRow(row);
    m_table->scrollTo(index, QAbstractItemView::PositionAtTop);
}

bool EventsView::jumpTo(const QString& typed, QString* error)
{
    // A time of day is on the day of the first row shown, in the zone shown.
    std::optional<qint64> dayOf;
    if (m_model->rowCount() > 0)
        dayOf = m_model->positions()[std::size_t(std::max(0, m_table->rowAt(0)))].timeUs;
    const auto time = model::parseTypedTime(typed, m_zone, dayOf);
    if (!time) {
        if (error)
            *error = m_model->rowCount() == 0 ? tr("There are no events to jump in.")
                                              : tr("Cannot jump to \"%1\": %2").arg(typed, time.error().message);
        return false;
    }
    jumpTo(*time);
    return true;
}

} // namespace aftermath::desktop
