#include "timelinemodel.h"

#include <QColor>
#include <QPoint>

#include <algorithm>

namespace aftermath::desktop {

using model::EventKind;
using timeline::Entry;

namespace {

// Above this many separate stretches of rows to show or hide, "show all" or a time range resets
// the model: a signal per stretch would cost more than the view's rebuild.
constexpr int maxPreciseStretches = 256;

// Fixed colours that stay legible on both light and dark palettes (as the events table's).
const QColor errorColour(0xc0, 0x1c, 0x28);
const QColor warningColour(0xb3, 0x5c, 0x00);
const QColor changeColour(0x1a, 0x5f, 0xb4);
const QColor runColour(0x26, 0x80, 0x3c);
const QColor alertColour(0x9c, 0x2f, 0x9c);
const QColor mutedColour(0x80, 0x80, 0x80);

QVariant kindColour(EventKind kind)
{
    switch (kind) {
    case EventKind::Error:
        return errorColour;
    case EventKind::Retry:
        return warningColour;
    case EventKind::Alert:
        return alertColour;
    case EventKind::Commit:
    case EventKind::Merge:
    case EventKind::Deploy:
    case EventKind::CiRun:
        return changeColour;
    case EventKind::JobStart:
    case EventKind::JobEnd:
    case EventKind::StepStart:
    case EventKind::StepEnd:
        return runColour;
    case EventKind::Log:
    case EventKind::Chat:
        break;
    }
    return {};
}

QString firstLine(const QString& text)
{
    const qsizetype newline = text.indexOf(u'\n');
    QString line = newline < 0 ? text : text.left(newline);
    if (line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

// Log text shown as a tooltip must not be taken for rich text.
QString plainTextToolTip(const QString& text)
{
    return QStringLiteral("<p style='white-space:pre-wrap'>") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

} // namespace

TimelineModel::TimelineModel(QObject* parent) : QAbstractTableModel(parent) {}

QString TimelineModel::kindLabel(EventKind kind)
{
    switch (kind) {
    case EventKind::Log:
        return tr("log");
    case EventKind::Commit:
        return tr("commit");
    case EventKind::Merge:
        return tr("merge");
    case EventKind::Deploy:
        return tr("deploy");
    case EventKind::CiRun:
        return tr("CI run");
    case EventKind::JobStart:
        return tr("job start");
    case EventKind::JobEnd:
        return tr("job end");
    case EventKind::StepStart:
        return tr("step start");
    case EventKind::StepEnd:
        return tr("step end");
    case EventKind::Error:
        return tr("error");
    case EventKind::Retry:
        return tr("retry");
    case EventKind::Chat:
        return tr("chat");
    case EventKind::Alert:
        return tr("alert");
    }
    return {};
}

void TimelineModel::setTimeline(timeline::Timeline timeline, const QTimeZone& zone)
{
    beginResetModel();
    m_timeline = std::move(timeline);
    m_format = model::WindowTimeFormat(m_timeline.fromUs, m_timeline.toUs, zone);
    m_keyCount = int(
        std::count_if(m_timeline.entries.begin(), m_timeline.entries.end(), [](const Entry& e) { return e.key; }));
    rebuildRows();
    endResetModel();
}

void TimelineModel::setZone(const QTimeZone& zone)
{
    m_format = model::WindowTimeFormat(m_timeline.fromUs, m_timeline.toUs, zone);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole, Qt::ToolTipRole});
    Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
}

void TimelineModel::clear()
{
    beginResetModel();
    m_timeline = {};
    m_format = {};
    m_keyCount = 0;
    m_range.reset();
    m_rows.clear();
    endResetModel();
}

void TimelineModel::rebuildRows()
{
    m_rows.clear();
    for (std::size_t i = 0; i < m_timeline.entries.size(); ++i)
        if (isShown(m_timeline.entries[i]))
            m_rows.push_back(i);
}

bool TimelineModel::isShown(const Entry& entry) const
{
    if (!m_showAll && !entry.key)
        return false;
    if (m_range && (entry.timeUs > m_range->second || entry.endUs.value_or(entry.timeUs) < m_range->first))
        return false;
    if ((m_filterToUs && entry.timeUs > *m_filterToUs)
        || (m_filterFromUs && entry.endUs.value_or(entry.timeUs) < *m_filterFromUs))
        return false;
    return matchesFilter(entry);
}

bool TimelineModel::matchesFilter(const Entry& entry) const
{
    const store::EventQuery& q = m_filter;
    if (q.isWindowOnly())
        return true;
    if (!q.kinds.empty() && std::find(q.kinds.begin(), q.kinds.end(), entry.kind) == q.kinds.end())
        return false;
    if (!q.sources.isEmpty() && !q.sources.contains(entry.source))
        return false;
    std::vector<const model::StoredEvent*> cited;
    if (m_cited) {
        // The events read with the timeline: an entry's first ones.
        const std::size_t read = std::min(entry.eventIds.size(), timeline::maxEvidence);
        for (std::size_t i = 0; i < read; ++i) {
            if (const model::StoredEvent* e = m_cited(entry.eventIds[i]))
                cited.push_back(e);
        }
    }
    const auto anyCited = [&](const auto& test) { return std::any_of(cited.begin(), cited.end(), test); };
    if (!q.runs.isEmpty() && !q.runs.contains(entry.run)
        && !anyCited([&](const model::StoredEvent* e) { return q.runs.contains(e->event.runId); }))
        return false;
    if (!q.levels.empty() && !anyCited([&](const model::StoredEvent* e) {
            return std::find(q.levels.begin(), q.levels.end(), e->event.level) != q.levels.end();
        }))
        return false;
    if (!q.services.isEmpty() && !anyCited([&](const model::StoredEvent* e) {
            return q.services.contains(e->event.service, Qt::CaseInsensitive);
        }))
        return false;
    if (q.text.isEmpty())
        return true;
    model::Event own;
    own.message = entry.summary;
    own.runId = entry.run;
    return q.text.matches(own) || anyCited([&](const model::StoredEvent* e) { return q.text.matches(e->event); });
}

void TimelineModel::setFilter(const store::EventQuery& query, CitedEvent cited)
{
    m_filter = query;
    // The bar's From and To: entries that overlap them stay.
    m_filterFromUs = std::exchange(m_filter.fromUs, std::nullopt);
    m_filterToUs = std::exchange(m_filter.toUs, std::nullopt);
    m_cited = std::move(cited);
    updateRows();
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, SummaryColumn), index(rowCount() - 1, SummaryColumn), {HighlightRole});
}

void TimelineModel::setShowAll(bool all)
{
    if (all == m_showAll)
        return;
    m_showAll = all;
    updateRows();
}

void TimelineModel::setTimeRange(const std::optional<std::pair<qint64, qint64>>& range)
{
    if (range == m_range)
        return;
    m_range = range;
    updateRows();
}

void TimelineModel::updateRows()
{
    const auto& entries = m_timeline.entries;
    // The rows that go, as stretches of rows (first, last), and the entries that come, as stretches
    // (the row they go in once the others are gone, the entries).
    std::vector<std::pair<int, int>> removals;
    for (int row = 0; row < int(m_rows.size()); ++row) {
        if (isShown(entries[m_rows[std::size_t(row)]]))
            continue;
        if (!removals.empty() && removals.back().second == row - 1)
            removals.back().second = row;
        else
            removals.emplace_back(row, row);
    }
    std::vector<std::size_t> kept;
    kept.reserve(m_rows.size());
    for (const std::size_t i : m_rows)
        if (isShown(entries[i]))
            kept.push_back(i);
    std::vector<std::pair<int, std::vector<std::size_t>>> insertions;
    std::size_t next = 0; // in kept
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (next < kept.size() && kept[next] == i) {
            ++next;
            continue;
        }
        if (!isShown(entries[i]))
            continue;
        // Shown and not there yet: it goes before kept[next]; so do the others up to it.
        const int row = int(next);
        if (insertions.empty() || insertions.back().first != row)
            insertions.emplace_back(row, std::vector<std::size_t>{});
        insertions.back().second.push_back(i);
    }
    if (removals.size() + insertions.size() > std::size_t(maxPreciseStretches)) {
        beginResetModel();
        rebuildRows();
        endResetModel();
        return;
    }
    // Back to front, so that the rows before each stretch keep their numbers.
    for (auto it = removals.rbegin(); it != removals.rend(); ++it) {
        beginRemoveRows({}, it->first, it->second);
        m_rows.erase(m_rows.begin() + it->first, m_rows.begin() + it->second + 1);
        endRemoveRows();
    }
    // Front to back: each stretch goes in where it belongs, after those before it.
    int inserted = 0;
    for (const auto& [row, stretch] : insertions) {
        const int at = row + inserted;
        beginInsertRows({}, at, at + int(stretch.size()) - 1);
        m_rows.insert(m_rows.begin() + at, stretch.begin(), stretch.end());
        endInsertRows();
        inserted += int(stretch.size());
    }
}

const Entry& TimelineModel::entryAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_timeline.entries[m_rows[std::size_t(row)]];
}

std::size_t TimelineModel::entryIndexAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_rows[std::size_t(row)];
}

int TimelineModel::rowOfEntry(std::size_t entryIndex) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), entryIndex);
    return it != m_rows.end() && *it == entryIndex ? int(it - m_rows.begin()) : -1;
}

int TimelineModel::rowCiting(qint64 eventId) const
{
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        const Entry& e = m_timeline.entries[m_rows[row]];
        if (std::find(e.eventIds.begin(), e.eventIds.end(), eventId) != e.eventIds.end())
            return int(row);
    }
    return -1;
}

int TimelineModel::rowAtOrAfter(qint64 utcUs) const
{
    // Entries are in time order.
    const auto it = std::partition_point(
        m_rows.begin(), m_rows.end(), [&](std::size_t i) { return m_timeline.entries[i].timeUs < utcUs; });
    return int(it - m_rows.begin());
}

int TimelineModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int TimelineModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& e = entryAt(index.row());

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return m_format.span(e.timeUs, e.endUs);
        case KindColumn:
            return kindLabel(e.kind);
        case SummaryColumn:
            return e.count > 1 ? firstLine(e.summary) + QStringLiteral(" ×%1").arg(e.count) : firstLine(e.summary);
        case SourceColumn:
            return e.source;
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: {
            // Each instant exactly.
            const model::WindowTimeFormat exact
                = m_format.withPrecision(model::WindowTimeFormat::Precision::Microseconds);
            if (!e.endUs)
                return exact.full(e.timeUs);
            return tr("%1 events\nfirst: %2\nlast:  %3")
                .arg(QString::number(e.count), exact.full(e.timeUs), exact.full(*e.endUs));
        }
        case SummaryColumn:
            return plainTextToolTip(e.count > 1 ? tr("%1\n\n%2 times").arg(e.summary).arg(e.count) : e.summary);
        case SourceColumn:
            // One source a line: an entry seen in several sources names them all.
            return plainTextToolTip(QString(e.source).replace(QStringLiteral(", "), QStringLiteral("\n")));
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == KindColumn && kindColour(e.kind).isValid())
            return kindColour(e.kind);
        // With every entry shown, the key ones stand out.
        if (m_showAll && !e.key)
            return mutedColour;
        break;
    case SummaryRole:
        return firstLine(e.summary);
    case CountRole:
        return e.count;
    case KeyRole:
        return e.key;
    case HighlightRole:
        if (index.column() == SummaryColumn && !m_filter.text.isEmpty()) {
            QVariantList ranges;
            for (const auto& [start, length] : m_filter.text.highlights(firstLine(e.summary)))
                ranges.append(QPoint(int(start), int(length)));
            return ranges;
        }
        break;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: {
        // The offset once, in the header, when every time shares it.
        const QString offset = m_timeline.entries.empty() ? QString() : m_format.offsetLabel();
        return offset.isEmpty() ? tr("Time") : tr("Time (%1)").arg(offset);
    }
    case KindColumn:
        return tr("Kind");
    case SummaryColumn:
        return tr("What happened");
    case SourceColumn:
        return tr("Source");
    }
    return {};
}

} // namespace aftermath::desktop
