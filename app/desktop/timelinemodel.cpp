#include "timelinemodel.h"

#include <QColor>
#include <QLocale>
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
    m_backgroundCount = int(std::count_if(
        m_timeline.entries.begin(), m_timeline.entries.end(), [](const Entry& e) { return e.background; }));
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
    m_backgroundCount = 0;
    m_group = {};
    m_backgroundExpanded = false;
    m_range.reset();
    m_rows.clear();
    endResetModel();
}

std::vector<std::size_t> TimelineModel::wantedRows()
{
    const auto& entries = m_timeline.entries;
    std::vector<std::size_t> rows;
    m_group = {};
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        const bool passed = passes(e);
        if (!m_showAll && e.background && passed) {
            // The group's row goes before its first entry the range and filter leave.
            if (m_group.entries == 0) {
                rows.push_back(2 * i);
                m_group.firstUs = e.timeUs;
            }
            ++m_group.entries;
            // A cycle's entry counts its cycles, and has more events behind it than that.
            m_group.events += std::max(e.count, qint64(e.eventIds.size()));
            const qint64 endUs = e.endUs.value_or(e.timeUs);
            if (endUs > m_group.lastUs.value_or(m_group.firstUs))
                m_group.lastUs = endUs;
            if (!m_group.sources.contains(e.source))
                m_group.sources << e.source;
        }
        if (passed && (m_showAll || e.key || (e.background && m_backgroundExpanded)))
            rows.push_back(2 * i + 1);
    }
    return rows;
}

void TimelineModel::rebuildRows() { m_rows = wantedRows(); }

bool TimelineModel::passes(const Entry& entry) const
{
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
    const BackgroundGroup group = m_group;
    const int groupBefore = groupRow();
    const std::vector<std::size_t> wanted = wantedRows();
    // Both in order: the rows that go, as stretches of rows (first, last), and the rows that come,
    // as stretches (the row they go in once the others are gone, the rows).
    std::vector<std::pair<int, int>> removals;
    std::vector<std::pair<int, std::vector<std::size_t>>> insertions;
    int kept = 0;
    std::size_t at = 0; // in m_rows
    std::size_t next = 0; // in wanted
    while (at < m_rows.size() || next < wanted.size()) {
        if (next == wanted.size() || (at < m_rows.size() && m_rows[at] < wanted[next])) {
            const int row = int(at++);
            if (!removals.empty() && removals.back().second == row - 1)
                removals.back().second = row;
            else
                removals.emplace_back(row, row);
        } else if (at == m_rows.size() || wanted[next] < m_rows[at]) {
            // Not there yet: it goes before the next row kept; so do the others up to it.
            if (insertions.empty() || insertions.back().first != kept)
                insertions.emplace_back(kept, std::vector<std::size_t>{});
            insertions.back().second.push_back(wanted[next++]);
        } else {
            ++kept;
            ++at;
            ++next;
        }
    }
    if (removals.size() + insertions.size() > std::size_t(maxPreciseStretches)) {
        beginResetModel();
        m_rows = wanted;
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
    // The group's row stayed, standing for other entries: its text says so.
    if (const int row = groupRow(); row >= 0 && row == groupBefore && !(group == m_group))
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void TimelineModel::setBackgroundExpanded(bool expanded)
{
    if (expanded == m_backgroundExpanded)
        return;
    m_backgroundExpanded = expanded;
    const int row = groupRow();
    updateRows();
    // Its text says which way a click goes.
    if (row >= 0 && row == groupRow())
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int TimelineModel::groupRow() const
{
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [](std::size_t r) { return r % 2 == 0; });
    return it == m_rows.end() ? -1 : int(it - m_rows.begin());
}

bool TimelineModel::isGroupRow(int row) const
{
    return row >= 0 && row < rowCount() && m_rows[std::size_t(row)] % 2 == 0;
}

const Entry& TimelineModel::entryAt(int row) const { return m_timeline.entries[entryIndexAt(row)]; }

std::size_t TimelineModel::entryIndexAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount() && !isGroupRow(row));
    return m_rows[std::size_t(row)] / 2;
}

int TimelineModel::rowOfEntry(std::size_t entryIndex) const
{
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), 2 * entryIndex + 1);
    return it != m_rows.end() && *it == 2 * entryIndex + 1 ? int(it - m_rows.begin()) : -1;
}

int TimelineModel::rowCiting(qint64 eventId) const
{
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row] % 2 == 0)
            continue;
        const Entry& e = m_timeline.entries[m_rows[row] / 2];
        if (std::find(e.eventIds.begin(), e.eventIds.end(), eventId) != e.eventIds.end())
            return int(row);
    }
    return -1;
}

int TimelineModel::rowAtOrAfter(qint64 utcUs) const
{
    // Entries are in time order, and the group's row is where its first entry is.
    const auto it = std::partition_point(
        m_rows.begin(), m_rows.end(), [&](std::size_t i) { return m_timeline.entries[i / 2].timeUs < utcUs; });
    return int(it - m_rows.begin());
}

int TimelineModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int TimelineModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (isGroupRow(index.row()))
        return groupData(index, role);
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
        case SummaryColumn: {
            QString text = e.count > 1 ? tr("%1\n\n%2 times").arg(e.summary).arg(e.count) : e.summary;
            if (e.background)
                text += tr("\n\nIn the background: steady since before the incident began.");
            return plainTextToolTip(text);
        }
        case SourceColumn:
            // One source a line: an entry seen in several sources names them all.
            return plainTextToolTip(QString(e.source).replace(QStringLiteral(", "), QStringLiteral("\n")));
        }
        break;
    case Qt::ForegroundRole:
        // The background is muted whatever its kind: an error there is no news.
        if (e.background)
            return mutedColour;
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
    case BackgroundGroupRole:
    case ExpandedRole:
        return false;
    case BackgroundEntryRole:
        return e.background;
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

QVariant TimelineModel::groupData(const QModelIndex& index, int role) const
{
    const BackgroundGroup& g = m_group;
    const auto summary = [&] {
        // How many of them, when the time range or filter leaves only some.
        const QLocale locale;
        const QString entries = g.entries == m_backgroundCount
            ? (g.entries == 1 ? tr("1 entry") : tr("%1 entries").arg(locale.toString(g.entries)))
            : tr("%1 of %2 entries").arg(locale.toString(g.entries), locale.toString(m_backgroundCount));
        const QString events = g.events == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(g.events));
        return tr("Background: %1, %2, steady since before the incident").arg(entries, events);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return m_format.span(g.firstUs, g.lastUs);
        case KindColumn:
            return tr("background");
        case SummaryColumn:
            return m_backgroundExpanded ? tr("%1 (click to collapse)").arg(summary())
                                        : tr("%1 (click to expand)").arg(summary());
        case SourceColumn:
            return g.sources.join(QStringLiteral(", "));
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: {
            const model::WindowTimeFormat exact
                = m_format.withPrecision(model::WindowTimeFormat::Precision::Microseconds);
            return tr("The background, from the first of its entries to the last\nfirst: %1\nlast:  %2")
                .arg(exact.full(g.firstUs), exact.full(g.lastUs.value_or(g.firstUs)));
        }
        case KindColumn:
        case SummaryColumn:
            return tr("Messages that were already steady before the incident began, folded into one row so that "
                      "what changed stands out. Click it, or press Enter, to %1 them.")
                .arg(m_backgroundExpanded ? tr("hide") : tr("show"));
        case SourceColumn:
            return plainTextToolTip(g.sources.join(u'\n'));
        }
        break;
    case Qt::ForegroundRole:
        return mutedColour;
    case SummaryRole:
        return summary();
    case CountRole:
        return g.events;
    case KeyRole:
    case BackgroundEntryRole:
        return false;
    case BackgroundGroupRole:
        return true;
    case ExpandedRole:
        return m_backgroundExpanded;
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
