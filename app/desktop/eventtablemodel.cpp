#include "eventtablemodel.h"

#include "model/timeformat.h"
#include "model/timestamp.h"

#include <QColor>
#include <QPoint>

#include <algorithm>

namespace aftermath::desktop {

using model::Level;

namespace {

// Fixed colours that stay legible on both light and dark palettes.
const QColor errorColour(0xc0, 0x1c, 0x28);
const QColor warningColour(0xb3, 0x5c, 0x00);

QStringView firstLine(const QString& text)
{
    QStringView line(text);
    if (const qsizetype newline = line.indexOf(u'\n'); newline >= 0)
        line = line.first(newline);
    if (line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

QString sourceText(const model::StoredEvent& stored)
{
    const model::Event& e = stored.event;
    if (e.line > 0)
        return stored.sourceName + u':' + QString::number(e.line);
    if (!e.locator.isEmpty())
        return stored.sourceName + u' ' + e.locator;
    return stored.sourceName;
}

QVariant foregroundFor(Level level)
{
    switch (level) {
    case Level::Error:
    case Level::Critical:
    case Level::Fatal:
        return errorColour;
    case Level::Warning:
        return warningColour;
    default:
        return {};
    }
}

} // namespace

EventTableModel::EventTableModel(QObject* parent) : QAbstractTableModel(parent), m_zone(QTimeZone::systemTimeZone()) {}

void EventTableModel::setStore(const store::EvidenceStore* store)
{
    beginResetModel();
    m_store = store;
    m_positions.clear();
    m_highlight = {};
    clearPages();
    endResetModel();
}

void EventTableModel::setPositions(std::vector<store::EventPosition> positions, model::TextQuery highlight)
{
    beginResetModel();
    m_positions = m_store ? std::move(positions) : std::vector<store::EventPosition>();
    m_highlight = std::move(highlight);
    clearPages();
    endResetModel();
}

Result<void> EventTableModel::showAllEvents()
{
    if (!m_store) {
        setPositions({});
        return {};
    }
    auto positions = m_store->findEventPositions({});
    if (!positions) {
        setPositions({});
        return std::unexpected(positions.error());
    }
    setPositions(std::move(*positions));
    return {};
}

void EventTableModel::clearPages()
{
    m_pages.clear();
    m_recent.clear();
    m_failed = false;
}

int EventTableModel::rowAtOrAfter(qint64 utcUs) const
{
    const auto at = std::lower_bound(m_positions.begin(), m_positions.end(), utcUs,
        [](const store::EventPosition& p, qint64 time) { return p.timeUs < time; });
    return int(at - m_positions.begin());
}

int EventTableModel::rowOfEvent(qint64 id) const
{
    const auto at = std::find_if(
        m_positions.begin(), m_positions.end(), [id](const store::EventPosition& p) { return p.id == id; });
    return at == m_positions.end() ? -1 : int(at - m_positions.begin());
}

void EventTableModel::setDisplayZone(const QTimeZone& zone)
{
    if (zone == m_zone)
        return;
    m_zone = zone;
    if (!m_positions.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

const model::StoredEvent* EventTableModel::cachedEvent(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const int number = row / pageSize;
    auto found = m_pages.find(number);
    if (found != m_pages.end()) {
        m_recent.splice(m_recent.begin(), m_recent, found->second.use);
    } else {
        if (!m_store)
            return nullptr;
        const int first = number * pageSize;
        const int last = std::min(rowCount(), first + pageSize);
        std::vector<qint64> ids;
        ids.reserve(std::size_t(last - first));
        for (int r = first; r < last; ++r)
            ids.push_back(m_positions[std::size_t(r)].id);
        Page page;
        auto read = m_store->eventsWithIds(ids);
        if (read && read->size() == ids.size()) {
            page.events = std::move(*read);
        } else if (!m_failed) {
            m_failed = true;
            const qsizetype gone = read ? qsizetype(ids.size()) - qsizetype(read->size()) : 0;
            Q_EMIT loadFailed(!read ? read.error().toString()
                    : gone == 1     ? tr("An event shown here is no longer in the store; show the events again")
                                    : tr("%1 events shown here are no longer in the store; show the events again").arg(gone));
        }
        if (int(m_pages.size()) >= cachedPages) {
            m_pages.erase(m_recent.back());
            m_recent.pop_back();
        }
        m_recent.push_front(number);
        page.use = m_recent.begin();
        found = m_pages.emplace(number, std::move(page)).first;
    }
    const auto& events = found->second.events;
    const std::size_t at = std::size_t(row - number * pageSize);
    return at < events.size() ? &events[at] : nullptr;
}

std::optional<model::StoredEvent> EventTableModel::eventAt(int row) const
{
    const model::StoredEvent* event = cachedEvent(row);
    return event ? std::optional(*event) : std::nullopt;
}

int EventTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_positions.size());
}

int EventTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

// Log text shown as a tooltip must not be taken for rich text ("<b>" in a log line stays literal).
QString EventTableModel::plainTextToolTip(const QString& text)
{
    return QStringLiteral("<p style='white-space:pre-wrap'>") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const model::StoredEvent* shown = cachedEvent(index.row());
    if (!shown)
        return {};
    const model::StoredEvent& stored = *shown;
    const model::Event& e = stored.event;

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            // Events come from any day: each with its date and offset, and its fraction of a second
            // when it has one, as the timeline's evidence shows them.
            return model::WindowTimeFormat::full(e.timeUs, m_zone, model::WindowTimeFormat::Precision::Fraction);
        case LevelColumn:
            return e.level == Level::Unknown ? QString() : model::toString(e.level).toString();
        case KindColumn:
            return model::toString(e.kind).toString();
        case SourceColumn:
            return sourceText(stored);
        case ServiceColumn:
            return e.service;
        case MessageColumn:
            return firstLine(e.message).toString();
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return tr("%1\n%2 (time quality: %3)")
                .arg(model::formatInZone(e.timeUs, m_zone), model::formatUtc(e.timeUs),
                    model::toString(e.timeQuality).toString());
        case SourceColumn:
            return plainTextToolTip(sourceText(stored));
        case MessageColumn:
            return plainTextToolTip(e.message);
        }
        break;
    case Qt::ForegroundRole:
        return foregroundFor(e.level);
    case HighlightRole:
        // Where the display text has what the text query found: (start, length) as QPoint(x, y).
        if (index.column() == MessageColumn && !m_highlight.isEmpty()) {
            QVariantList ranges;
            for (const auto& [start, length] : m_highlight.highlights(firstLine(e.message)))
                ranges.append(QPoint(int(start), int(length)));
            return ranges;
        }
        break;
    }
    return {};
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case KindColumn:
        return tr("Kind");
    case SourceColumn:
        return tr("Source");
    case ServiceColumn:
        return tr("Service");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

} // namespace aftermath::desktop
