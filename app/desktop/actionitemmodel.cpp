#include "actionitemmodel.h"

#include "editmessages.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QTimeZone>
#include <QUrl>

#include <algorithm>

namespace aftermath::desktop {

using model::ActionItem;

namespace {

const QColor overdueColour(0xc0, 0x1c, 0x28);
const QColor doneColour(0x26, 0x80, 0x3c);
const QColor mutedColour(0x80, 0x80, 0x80);

// A faint wash of the overdue colour behind the whole row, legible on light and dark palettes.
QColor overdueBackground()
{
    QColor colour = overdueColour;
    colour.setAlpha(34);
    return colour;
}

bool isClosed(ActionItem::Status status)
{
    return status == ActionItem::Status::Done || status == ActionItem::Status::WontDo;
}

} // namespace

QString ActionItemModel::shortLink(const QString& link)
{
    const QUrl url(link);
    if (!url.isValid() || url.host().isEmpty())
        return link;
    const QStringList path = url.path().split(u'/', Qt::SkipEmptyParts);
    // github.com/acme/etl/issues/431 (or pull/431) -> acme/etl#431
    if (url.host().endsWith(QLatin1StringView("github.com")) && path.size() == 4
        && (path[2] == u"issues" || path[2] == u"pull"))
        return path[0] + u'/' + path[1] + u'#' + path[3];
    // acme.atlassian.net/browse/ETL-12 -> ETL-12
    if (path.size() == 2 && path[0] == u"browse")
        return path[1];
    // Otherwise the address without its scheme.
    return url.host() + url.path();
}

QDate localToday(const Clock& clock)
{
    return QDateTime::fromMSecsSinceEpoch(clock.nowUtcUs() / 1000, QTimeZone::systemTimeZone()).date();
}

ActionItemModel::ActionItemModel(QObject* parent) : QAbstractTableModel(parent) {}

QString ActionItemModel::statusLabel(ActionItem::Status status)
{
    switch (status) {
    case ActionItem::Status::Open:
        return tr("Open");
    case ActionItem::Status::InProgress:
        return tr("In progress");
    case ActionItem::Status::Done:
        return tr("Done");
    case ActionItem::Status::WontDo:
        return tr("Won't do");
    }
    return {};
}

QString ActionItemModel::typeLabel(ActionItem::Type type)
{
    switch (type) {
    case ActionItem::Type::Prevent:
        return tr("Prevent");
    case ActionItem::Type::Mitigate:
        return tr("Mitigate");
    case ActionItem::Type::Detect:
        return tr("Detect");
    case ActionItem::Type::Process:
        return tr("Process");
    case ActionItem::Type::Spike:
        return tr("Spike");
    }
    return {};
}

void ActionItemModel::setStore(store::PostmortemStore* store)
{
    m_store = store;
    (void)reload();
}

void ActionItemModel::setFilter(const store::ActionItemFilter& filter)
{
    m_filter = filter;
    (void)reload();
}

void ActionItemModel::setToday(QDate today)
{
    if (today == m_today)
        return;
    m_today = today;
    // Overdue marks the due date and tints the whole row.
    if (!m_items.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void ActionItemModel::setIncidentTitles(QHash<qint64, QString> titles)
{
    m_titles = std::move(titles);
    if (!m_items.empty())
        Q_EMIT dataChanged(index(0, IncidentColumn), index(rowCount() - 1, IncidentColumn));
}

void ActionItemModel::setLatenessShown(bool shown)
{
    if (shown == m_latenessShown)
        return;
    m_latenessShown = shown;
    if (!m_items.empty())
        Q_EMIT dataChanged(index(0, DueColumn), index(rowCount() - 1, DueColumn), {Qt::DisplayRole});
}

Result<void> ActionItemModel::reload()
{
    Result<std::vector<ActionItem>> items = std::vector<ActionItem>();
    if (m_store)
        items = m_store->actionItems(m_filter);
    beginResetModel();
    m_items = items ? std::move(*items) : std::vector<ActionItem>();
    endResetModel();
    if (!items)
        return std::unexpected(items.error());
    return {};
}

Result<int> ActionItemModel::addItem(const ActionItem& item)
{
    if (!m_store)
        return fail(Error::Code::InvalidArgument, tr("No store is open"));
    auto added = m_store->addActionItem(item);
    if (!added) {
        Q_EMIT writeFailed(editErrorText(added.error()));
        return std::unexpected(added.error());
    }
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_items.push_back(std::move(*added));
    endInsertRows();
    Q_EMIT itemsEdited();
    Q_EMIT itemAdded(m_items.back());
    return row;
}

Result<void> ActionItemModel::removeItem(int row)
{
    if (!m_store)
        return fail(Error::Code::InvalidArgument, tr("No store is open"));
    if (row < 0 || row >= rowCount())
        return fail(Error::Code::InvalidArgument, tr("No such action item"));
    auto removed = m_store->removeActionItem(m_items[std::size_t(row)].id);
    if (!removed) {
        Q_EMIT writeFailed(editErrorText(removed.error()));
        return std::unexpected(removed.error());
    }
    beginRemoveRows({}, row, row);
    const ActionItem item = std::move(m_items[std::size_t(row)]);
    m_items.erase(m_items.begin() + row);
    endRemoveRows();
    Q_EMIT itemsEdited();
    Q_EMIT itemRemoved(item);
    return {};
}

const ActionItem& ActionItemModel::itemAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_items[std::size_t(row)];
}

int ActionItemModel::rowOf(qint64 id) const
{
    const auto it = std::find_if(m_items.begin(), m_items.end(), [id](const ActionItem& a) { return a.id == id; });
    return it == m_items.end() ? -1 : int(it - m_items.begin());
}

int ActionItemModel::overdueCount() const
{
    return int(std::count_if(m_items.begin(), m_items.end(), [this](const ActionItem& a) { return isOverdue(a); }));
}

QStringList ActionItemModel::owners() const
{
    QStringList owners;
    for (const ActionItem& item : m_items)
        if (!item.owner.isEmpty() && !owners.contains(item.owner, Qt::CaseInsensitive))
            owners << item.owner;
    owners.sort(Qt::CaseInsensitive);
    return owners;
}

int ActionItemModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

int ActionItemModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ActionItemModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActionItem& item = m_items[std::size_t(index.row())];
    const bool overdue = isOverdue(item);

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IncidentColumn: {
            const QString title = m_titles.value(item.incidentId);
            return title.isEmpty() ? tr("#%1").arg(item.incidentId) : tr("#%1 %2").arg(item.incidentId).arg(title);
        }
        case DescriptionColumn:
            return item.description.section(u'\n', 0, 0);
        case OwnerColumn:
            return item.owner;
        case DueColumn:
            if (!item.due)
                return QString();
            if (overdue && m_latenessShown) {
                const qint64 days = item.due->daysTo(m_today);
                return days == 1 ? tr("%1 · 1 day late").arg(item.due->toString(Qt::ISODate))
                                 : tr("%1 · %2 days late").arg(item.due->toString(Qt::ISODate)).arg(days);
            }
            return item.due->toString(Qt::ISODate);
        case StatusColumn:
            return statusLabel(item.status);
        case PriorityColumn:
            return item.priority;
        case TypeColumn:
            return item.type ? typeLabel(*item.type) : QString();
        case LinkColumn:
            return shortLink(item.link);
        }
        break;
    case Qt::EditRole:
        switch (index.column()) {
        case IncidentColumn:
            return item.incidentId;
        case DescriptionColumn:
            return item.description;
        case OwnerColumn:
            return item.owner;
        case DueColumn:
            return item.due.value_or(QDate());
        case StatusColumn:
            return int(item.status);
        case PriorityColumn:
            return item.priority;
        case TypeColumn:
            return item.type ? int(*item.type) : -1;
        case LinkColumn:
            return item.link;
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IncidentColumn:
            return data(index, Qt::DisplayRole);
        case DescriptionColumn:
            return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(item.description.toHtmlEscaped());
        case DueColumn:
            if (overdue) {
                const qint64 days = item.due->daysTo(m_today);
                return (days == 1 ? tr("Overdue: due %1, a day ago, and still %2")
                                  : tr("Overdue: due %1, %3 days ago, and still %2"))
                    .arg(item.due->toString(Qt::ISODate), statusLabel(item.status).toLower())
                    .arg(days);
            }
            break;
        case StatusColumn:
            if (item.closedAtUs)
                return tr("Closed %1")
                    .arg(QDateTime::fromMSecsSinceEpoch(*item.closedAtUs / 1000, QTimeZone::systemTimeZone())
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
            break;
        case LinkColumn:
            return item.link.isEmpty() ? QVariant() : QVariant(item.link);
        }
        break;
    case Qt::ForegroundRole:
        if (overdue && index.column() == DueColumn)
            return overdueColour;
        if (index.column() == StatusColumn && item.status == ActionItem::Status::Done)
            return doneColour;
        if (isClosed(item.status) && index.column() != StatusColumn)
            return mutedColour;
        break;
    case Qt::FontRole:
        if (overdue && index.column() == DueColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::BackgroundRole:
        if (overdue)
            return overdueBackground();
        break;
    case OverdueRole:
        return overdue;
    case ItemIdRole:
        return item.id;
    case IncidentIdRole:
        return item.incidentId;
    }
    return {};
}

QVariant ActionItemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IncidentColumn:
        return tr("Incident");
    case DescriptionColumn:
        return tr("Action item");
    case OwnerColumn:
        return tr("Owner");
    case DueColumn:
        return tr("Due");
    case StatusColumn:
        return tr("Status");
    case PriorityColumn:
        return tr("Priority");
    case TypeColumn:
        return tr("Type");
    case LinkColumn:
        return tr("Link");
    }
    return {};
}

Qt::ItemFlags ActionItemModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() != IncidentColumn && m_store)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool ActionItemModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !m_store || !checkIndex(index, CheckIndexOption::IndexIsValid)
        || index.column() == IncidentColumn)
        return false;
    const ActionItem& item = m_items[std::size_t(index.row())];
    const QVariant before = data(index, Qt::EditRole);
    model::ActionItemUpdate update;
    switch (index.column()) {
    case DescriptionColumn:
        if (value.toString() == item.description)
            return true;
        update.description = value.toString();
        break;
    case OwnerColumn:
        if (value.toString().trimmed() == item.owner)
            return true;
        update.owner = value.toString().trimmed();
        break;
    case DueColumn: {
        const QDate due = value.toDate();
        const std::optional<QDate> wanted = due.isValid() ? std::optional(due) : std::nullopt;
        if (wanted == item.due)
            return true;
        update.due = wanted;
        break;
    }
    case StatusColumn: {
        bool ok = false;
        const int status = value.toInt(&ok);
        if (!ok || status < int(ActionItem::Status::Open) || status > int(ActionItem::Status::WontDo))
            return false;
        if (ActionItem::Status(status) == item.status)
            return true;
        update.status = ActionItem::Status(status);
        break;
    }
    case PriorityColumn:
        if (value.toString().trimmed() == item.priority)
            return true;
        update.priority = value.toString().trimmed();
        break;
    case TypeColumn: {
        bool ok = false;
        const int type = value.isNull() ? -1 : value.toInt(&ok);
        if ((!ok && !value.isNull()) || type < -1 || type > int(ActionItem::Type::Spike))
            return false;
        const std::optional<ActionItem::Type> wanted = type < 0 ? std::nullopt : std::optional(ActionItem::Type(type));
        if (wanted == item.type)
            return true;
        update.type = wanted;
        break;
    }
    case LinkColumn:
        if (value.toString().trimmed() == item.link)
            return true;
        update.link = value.toString().trimmed();
        break;
    default:
        return false;
    }
    update.basedOn = item.rowVersion;
    update.startedFrom = item;
    auto updated = m_store->updateActionItem(item.id, update);
    if (!updated) {
        if (updated.error().code == Error::Code::Conflict)
            Q_EMIT editConflicted(item.id, update, updated.error());
        else
            Q_EMIT writeFailed(editErrorText(updated.error()));
        return false;
    }
    m_items[std::size_t(index.row())] = std::move(*updated);
    // Overdue depends on the due date and the status, and shows across the row.
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT itemsEdited();
    Q_EMIT cellWritten(m_items[std::size_t(index.row())].id, index.column(), before, data(index, Qt::EditRole));
    return true;
}

Result<void> ActionItemModel::writeOver(qint64 itemId, model::ActionItemUpdate update)
{
    if (!m_store)
        return fail(Error::Code::InvalidArgument, tr("No store is open"));
    const auto current = m_store->actionItem(itemId);
    if (!current)
        return std::unexpected(current.error());
    update.basedOn = current->rowVersion;
    update.startedFrom = *current;
    const auto updated = m_store->updateActionItem(itemId, update);
    if (!updated)
        return std::unexpected(updated.error());
    if (const int row = rowOf(itemId); row >= 0) {
        m_items[std::size_t(row)] = *updated;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    Q_EMIT itemsEdited();
    return {};
}

Result<void> ActionItemModel::refreshItem(qint64 itemId)
{
    if (!m_store)
        return fail(Error::Code::InvalidArgument, tr("No store is open"));
    const auto current = m_store->actionItem(itemId);
    if (!current)
        return std::unexpected(current.error());
    if (const int row = rowOf(itemId); row >= 0) {
        m_items[std::size_t(row)] = *current;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    return {};
}

} // namespace aftermath::desktop
