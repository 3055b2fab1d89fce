#include "eventtablemodel.h"

#include "model/timeformat.h"
#include "model/timestamp.h"

#include <QColor>
#include <QScopedValueRollback>

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
    // Read the first page before the reset so the view never sees a half-built model.
    std::vector<model::StoredEvent> firstPage;
    std::optional<Error> failure;
    if (store) {
        store::EventFilter filter;
        filter.limit = pageSize;
        auto page = store->events(filter);
        if (page)
            firstPage = std::move(*page);
        else
            failure = page.error();
    }

    {
        const QScopedValueRollback changing(m_changing, true);
        beginResetModel();
        m_store = store;
        m_events = std::move(firstPage);
        m_atEnd = !store || failure || m_events.size() < std::size_t(pageSize);
        endResetModel();
    }

    if (failure)
        Q_EMIT loadFailed(failure->toString());
}

void EventTableModel::setDisplayZone(const QTimeZone& zone)
{
    if (zone == m_zone)
        return;
    m_zone = zone;
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

const model::StoredEvent& EventTableModel::eventAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_events[std::size_t(row)];
}

int EventTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_events.size()); }

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
    const model::StoredEvent& stored = m_events[std::size_t(index.row())];
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

bool EventTableModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !m_atEnd; }

Result<std::vector<model::StoredEvent>> EventTableModel::readNextPage() const
{
    store::EventFilter filter;
    filter.limit = pageSize;
    if (!m_events.empty())
        filter.after = m_events.back();
    return m_store->events(filter);
}

void EventTableModel::fetchMore(const QModelIndex& parent)
{
    // A listener may ask for more while a reset or an insertion is still being announced; rows
    // inserted then would reach the listeners after it before the change they are still waiting
    // for. The view asks again once the change is through.
    if (m_changing || !canFetchMore(parent))
        return;
    auto page = readNextPage();
    if (!page) {
        m_atEnd = true;
        Q_EMIT loadFailed(page.error().toString());
        return;
    }
    if (page->size() < std::size_t(pageSize))
        m_atEnd = true;
    if (page->empty())
        return;

    const QScopedValueRollback changing(m_changing, true);
    const int first = rowCount();
    beginInsertRows({}, first, first + int(page->size()) - 1);
    m_events.insert(m_events.end(), std::make_move_iterator(page->begin()), std::make_move_iterator(page->end()));
    endInsertRows();
}

} // namespace aftermath::desktop
