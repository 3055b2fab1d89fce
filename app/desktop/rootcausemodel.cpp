#include "rootcausemodel.h"

#include "editmessages.h"

namespace aftermath::desktop {

RootCauseModel::RootCauseModel(QObject* parent) : QAbstractListModel(parent) {}

void RootCauseModel::setIncident(store::PostmortemStore* store, std::optional<qint64> incidentId)
{
    m_store = store;
    m_incidentId = incidentId;
    (void)reload();
}

Result<void> RootCauseModel::reload()
{
    Result<std::vector<model::RootCause>> causes = std::vector<model::RootCause>();
    if (m_store && m_incidentId)
        causes = m_store->rootCauses(*m_incidentId);
    beginResetModel();
    m_causes = causes ? std::move(*causes) : std::vector<model::RootCause>();
    endResetModel();
    if (!causes)
        return std::unexpected(causes.error());
    return {};
}

std::unexpected<Error> RootCauseModel::refused(const Error& error)
{
    if (error.code == Error::Code::Conflict)
        (void)reload();
    Q_EMIT writeFailed(editErrorText(error));
    return std::unexpected(error);
}

Result<int> RootCauseModel::addCause(const QString& text, std::optional<int> row)
{
    if (!m_store || !m_incidentId)
        return refused(Error{Error::Code::InvalidArgument, tr("Select an incident first"), {}});
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return refused(Error{Error::Code::InvalidArgument, tr("A root cause needs some text"), {}});
    const int at = row ? std::clamp(*row, 0, rowCount()) : rowCount();
    auto added = m_store->addRootCause(*m_incidentId, trimmed, at + 1);
    if (!added)
        return refused(added.error());
    beginInsertRows({}, at, at);
    m_causes.insert(m_causes.begin() + at, std::move(*added));
    endInsertRows();
    renumber(at + 1, rowCount() - 1);
    Q_EMIT causeAdded(at, trimmed);
    return at;
}

Result<void> RootCauseModel::removeCause(int row)
{
    if (!m_store || !m_incidentId || row < 0 || row >= rowCount())
        return refused(Error{Error::Code::InvalidArgument, tr("Select a root cause to remove"), {}});
    const model::RootCause& cause = m_causes[std::size_t(row)];
    if (auto removed = m_store->removeRootCause(*m_incidentId, cause.position, cause.text); !removed)
        return refused(removed.error());
    beginRemoveRows({}, row, row);
    const QString text = m_causes[std::size_t(row)].text;
    m_causes.erase(m_causes.begin() + row);
    endRemoveRows();
    renumber(row, rowCount() - 1);
    Q_EMIT causeRemoved(row, text);
    return {};
}

Result<void> RootCauseModel::moveCause(int from, int to)
{
    if (!m_store || !m_incidentId || from < 0 || from >= rowCount() || to < 0 || to >= rowCount())
        return refused(Error{Error::Code::InvalidArgument, tr("There is no root cause there to move"), {}});
    if (from == to)
        return {};
    if (auto moved = m_store->moveRootCause(*m_incidentId, m_causes[std::size_t(from)].position,
            m_causes[std::size_t(to)].position, m_causes[std::size_t(from)].text);
        !moved)
        return refused(moved.error());
    // beginMoveRows names the row the moved one goes before, counted before the move.
    beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    model::RootCause cause = std::move(m_causes[std::size_t(from)]);
    m_causes.erase(m_causes.begin() + from);
    m_causes.insert(m_causes.begin() + to, std::move(cause));
    endMoveRows();
    renumber(std::min(from, to), std::max(from, to));
    Q_EMIT causeMoved(from, to);
    return {};
}

Result<void> RootCauseModel::rewordOver(int position, const QString& theirs, const QString& mine)
{
    if (!m_store || !m_incidentId)
        return refused(Error{Error::Code::InvalidArgument, tr("Select an incident first"), {}});
    // Based on their text now: a third change meanwhile is refused again.
    auto reworded = m_store->rewordRootCause(*m_incidentId, position, mine, theirs);
    if (!reworded)
        return refused(reworded.error());
    if (auto read = reload(); !read)
        return read;
    Q_EMIT causeReworded(position - 1, theirs, mine);
    return {};
}

void RootCauseModel::renumber(int first, int last)
{
    if (first > last)
        return;
    for (int row = first; row <= last; ++row)
        m_causes[std::size_t(row)].position = row + 1;
    Q_EMIT dataChanged(index(first), index(last), {Qt::DisplayRole});
}

const model::RootCause& RootCauseModel::causeAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_causes[std::size_t(row)];
}

int RootCauseModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_causes.size()); }

QVariant RootCauseModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const model::RootCause& cause = m_causes[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1.  %2").arg(cause.position).arg(cause.text);
    case Qt::EditRole:
        return cause.text;
    case Qt::ToolTipRole:
        return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(cause.text.toHtmlEscaped());
    }
    return {};
}

Qt::ItemFlags RootCauseModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid() && m_store)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool RootCauseModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !m_store || !m_incidentId || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const QString text = value.toString().trimmed();
    model::RootCause& cause = m_causes[std::size_t(index.row())];
    if (text == cause.text)
        return true;
    if (text.isEmpty()) {
        (void)refused(Error{Error::Code::InvalidArgument, tr("A root cause needs some text; Remove takes it out"), {}});
        return false;
    }
    auto reworded = m_store->rewordRootCause(*m_incidentId, cause.position, text, cause.text);
    if (!reworded) {
        if (reworded.error().code == Error::Code::Conflict)
            Q_EMIT rewordConflicted(cause.position, text, reworded.error());
        else
            (void)refused(reworded.error());
        return false;
    }
    const QString before = cause.text;
    cause = std::move(*reworded);
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole});
    Q_EMIT causeReworded(index.row(), before, cause.text);
    return true;
}

} // namespace aftermath::desktop
