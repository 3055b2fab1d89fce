#include "curatedtimelinemodel.h"

#include "editmessages.h"

#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>

namespace aftermath::desktop {

using model::TimelineEntry;
using model::WindowTimeFormat;

namespace {

const QColor draftColour(0x1a, 0x5f, 0xb4);
const QColor editedColour(0xb3, 0x5c, 0x00);

bool isDrafted(const TimelineEntry& e) { return e.origin == TimelineEntry::Origin::Draft && !e.edited; }

QString firstLine(const QString& text) { return text.section(u'\n', 0, 0); }

QString plainTextToolTip(const QString& text)
{
    return QStringLiteral("<p style='white-space:pre-wrap'>") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

} // namespace

CuratedTimelineModel::CuratedTimelineModel(QObject* parent) : QAbstractTableModel(parent) {}

QString CuratedTimelineModel::originLabel(const TimelineEntry& entry)
{
    if (entry.origin == TimelineEntry::Origin::User)
        return tr("added");
    return entry.edited ? tr("drafted, edited") : tr("drafted");
}

void CuratedTimelineModel::setIncident(store::PostmortemStore* store, const std::optional<model::Incident>& incident)
{
    m_store = store;
    m_incident = incident;
    m_zone = incident ? model::displayZone(*incident, m_chosenZone) : QTimeZone::utc();
    (void)reload();
}

void CuratedTimelineModel::setChosenZone(const std::optional<QTimeZone>& zone)
{
    m_chosenZone = zone;
    const QTimeZone shown = m_incident ? model::displayZone(*m_incident, m_chosenZone) : QTimeZone::utc();
    if (shown == m_zone)
        return;
    m_zone = shown;
    updateFormat();
    if (!m_entries.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole, Qt::ToolTipRole});
    Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
}

Result<void> CuratedTimelineModel::reload()
{
    Result<std::vector<TimelineEntry>> entries = std::vector<TimelineEntry>();
    if (m_store && m_incident)
        entries = m_store->timelineEntries(m_incident->id);
    beginResetModel();
    m_entries = entries ? std::move(*entries) : std::vector<TimelineEntry>();
    updateFormat();
    endResetModel();
    if (!entries)
        return std::unexpected(entries.error());
    return {};
}

bool CuratedTimelineModel::updateFormat()
{
    if (!m_incident) {
        m_format = WindowTimeFormat();
        return false;
    }
    qint64 from = m_incident->fromUs;
    qint64 to = m_incident->toUs;
    for (const TimelineEntry& e : m_entries) {
        from = std::min(from, e.timeUs);
        to = std::max(to, e.endUs.value_or(e.timeUs));
    }
    const WindowTimeFormat format(from, to, m_zone);
    const bool changed = format.showsDates() != m_format.showsDates()
        || format.showsOffsets() != m_format.showsOffsets() || format.offsetLabel() != m_format.offsetLabel();
    m_format = format;
    return changed;
}

void CuratedTimelineModel::timesChanged()
{
    if (!updateFormat() || m_entries.empty())
        return;
    Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn));
    Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
}

int CuratedTimelineModel::placeFor(qint64 timeUs, qint64 id) const
{
    // The store's order: time, then id.
    const auto at = std::upper_bound(m_entries.begin(), m_entries.end(), std::pair{timeUs, id},
        [](const std::pair<qint64, qint64>& key, const TimelineEntry& e) {
            return key < std::pair{e.timeUs, e.id};
        });
    return int(at - m_entries.begin());
}

Result<int> CuratedTimelineModel::addEntry(TimelineEntry entry)
{
    if (!m_store || !m_incident)
        return fail(Error::Code::InvalidArgument, tr("Select an incident first"));
    entry.id = 0;
    entry.incidentId = m_incident->id;
    auto added = m_store->addTimelineEntry(std::move(entry));
    if (!added) {
        Q_EMIT writeFailed(editErrorText(added.error()));
        return std::unexpected(added.error());
    }
    const int row = placeFor(added->timeUs, added->id);
    beginInsertRows({}, row, row);
    m_entries.insert(m_entries.begin() + row, std::move(*added));
    endInsertRows();
    timesChanged();
    Q_EMIT entryAdded(m_entries[std::size_t(row)]);
    return row;
}

Result<int> CuratedTimelineModel::updateEntry(const TimelineEntry& entry)
{
    const int oldRow = rowOf(entry.id);
    if (!m_store || oldRow < 0)
        return fail(Error::Code::NotFound, tr("That timeline entry is no longer there"));
    const TimelineEntry before = m_entries[std::size_t(oldRow)];
    auto updated = m_store->updateTimelineEntry(entry, before);
    if (!updated) {
        if (updated.error().code == Error::Code::Conflict)
            Q_EMIT editConflicted(entry, before, updated.error());
        else
            Q_EMIT writeFailed(editErrorText(updated.error()));
        return std::unexpected(updated.error());
    }
    // Its row among the others once it has moved in time.
    int newRow = 0;
    for (int row = 0; row < rowCount(); ++row) {
        const TimelineEntry& other = m_entries[std::size_t(row)];
        if (row != oldRow && std::pair{other.timeUs, other.id} < std::pair{updated->timeUs, updated->id})
            ++newRow;
    }
    if (newRow != oldRow) {
        beginMoveRows({}, oldRow, oldRow, {}, newRow > oldRow ? newRow + 1 : newRow);
        m_entries.erase(m_entries.begin() + oldRow);
        m_entries.insert(m_entries.begin() + newRow, std::move(*updated));
        endMoveRows();
    } else {
        m_entries[std::size_t(oldRow)] = std::move(*updated);
    }
    Q_EMIT dataChanged(index(newRow, 0), index(newRow, ColumnCount - 1));
    timesChanged();
    Q_EMIT entryChanged(before, m_entries[std::size_t(newRow)]);
    return newRow;
}

Result<void> CuratedTimelineModel::removeEntry(int row)
{
    if (!m_store || row < 0 || row >= rowCount())
        return fail(Error::Code::NotFound, tr("Select a timeline entry to remove"));
    if (auto removed = m_store->removeTimelineEntry(m_entries[std::size_t(row)].id, m_entries[std::size_t(row)]);
        !removed) {
        if (removed.error().code == Error::Code::Conflict)
            (void)reload(); // what they changed, in view
        Q_EMIT writeFailed(editErrorText(removed.error()));
        return removed;
    }
    beginRemoveRows({}, row, row);
    const TimelineEntry removed = std::move(m_entries[std::size_t(row)]);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
    timesChanged();
    Q_EMIT entryRemoved(removed);
    return {};
}

Result<int> CuratedTimelineModel::writeOver(const TimelineEntry& mine, TimelineEntry read, const Error& conflict)
{
    if (!m_store || !m_incident)
        return fail(Error::Code::NotFound, tr("That timeline entry is no longer there"));
    auto stored = m_store->timelineEntries(m_incident->id);
    if (!stored)
        return std::unexpected(stored.error());
    const auto fresh = std::ranges::find(*stored, mine.id, &TimelineEntry::id);
    if (fresh == stored->end())
        return fail(Error::Code::NotFound, tr("That timeline entry is no longer there: someone else removed it"));
    // Based on their values of the fields both changed, so that those take mine; the rest merge.
    for (const FieldConflict& field : conflict.conflicts) {
        if (field.field == u"time")
            read.timeUs = fresh->timeUs;
        else if (field.field == u"end")
            read.endUs = fresh->endUs;
        else if (field.field == u"text")
            read.text = fresh->text;
        else if (field.field == u"note")
            read.note = fresh->note;
        else if (field.field == u"evidence")
            read.eventIds = fresh->eventIds;
    }
    auto updated = m_store->updateTimelineEntry(mine, read);
    if (!updated)
        return std::unexpected(updated.error());
    const TimelineEntry before = *fresh;
    if (auto reloaded = reload(); !reloaded)
        return std::unexpected(reloaded.error());
    Q_EMIT entryChanged(before, *updated);
    return rowOf(updated->id);
}

const TimelineEntry& CuratedTimelineModel::entryAt(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_entries[std::size_t(row)];
}

int CuratedTimelineModel::rowOf(qint64 id) const
{
    const auto it
        = std::find_if(m_entries.begin(), m_entries.end(), [id](const TimelineEntry& e) { return e.id == id; });
    return it == m_entries.end() ? -1 : int(it - m_entries.begin());
}

int CuratedTimelineModel::rowCitingExactly(std::vector<qint64> eventIds) const
{
    std::ranges::sort(eventIds);
    eventIds.erase(std::unique(eventIds.begin(), eventIds.end()), eventIds.end());
    if (eventIds.empty())
        return -1;
    for (int row = 0; row < rowCount(); ++row) {
        std::vector<qint64> cited = m_entries[std::size_t(row)].eventIds;
        std::ranges::sort(cited);
        if (cited == eventIds)
            return row;
    }
    return -1;
}

int CuratedTimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CuratedTimelineModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CuratedTimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineEntry& e = m_entries[std::size_t(index.row())];

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return m_format.span(e.timeUs, e.endUs);
        case TextColumn:
            return firstLine(e.text);
        case NoteColumn:
            return firstLine(e.note);
        case EvidenceColumn:
            if (e.eventIds.empty())
                return QStringLiteral("—");
            return e.eventIds.size() == 1 ? tr("1 event") : tr("%1 events").arg(e.eventIds.size());
        case OriginColumn:
            return originLabel(e);
        }
        break;
    case Qt::EditRole:
        switch (index.column()) {
        case TextColumn:
            return e.text;
        case NoteColumn:
            return e.note;
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: {
            // Each instant exactly.
            const WindowTimeFormat exact = m_format.withPrecision(WindowTimeFormat::Precision::Microseconds);
            return e.endUs ? tr("%1 to %2").arg(exact.full(e.timeUs), exact.full(*e.endUs)) : exact.full(e.timeUs);
        }
        case TextColumn:
            return plainTextToolTip(e.text);
        case NoteColumn:
            return e.note.isEmpty() ? QVariant() : QVariant(plainTextToolTip(e.note));
        case EvidenceColumn: {
            if (e.eventIds.empty())
                return tr("Cites no events");
            QStringList ids;
            for (const qint64 id : e.eventIds)
                ids << QString::number(id);
            return tr("Cites events %1").arg(ids.join(QStringLiteral(", ")));
        }
        case OriginColumn:
            if (e.origin == TimelineEntry::Origin::User)
                return tr("Added by a person: drafting again leaves it alone");
            return e.edited ? tr("Written by the draft, then changed by a person: drafting again leaves it alone")
                            : tr("Written by the draft from the evidence: drafting again may replace it");
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == OriginColumn)
            return isDrafted(e) ? draftColour : e.edited ? editedColour : QVariant();
        if (index.column() == EvidenceColumn && e.eventIds.empty())
            return QColor(0x80, 0x80, 0x80);
        break;
    case Qt::FontRole:
        if (index.column() == OriginColumn && isDrafted(e)) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == EvidenceColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EntryIdRole:
        return e.id;
    case DraftedRole:
        return isDrafted(e);
    }
    return {};
}

QVariant CuratedTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: {
        const QString offset = m_incident ? m_format.offsetLabel() : QString();
        return offset.isEmpty() ? tr("Time") : tr("Time (%1)").arg(offset);
    }
    case TextColumn:
        return tr("What happened");
    case NoteColumn:
        return tr("Note");
    case EvidenceColumn:
        return tr("Evidence");
    case OriginColumn:
        return tr("Origin");
    }
    return {};
}

Qt::ItemFlags CuratedTimelineModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && m_store && (index.column() == TextColumn || index.column() == NoteColumn))
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool CuratedTimelineModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !m_store || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    TimelineEntry entry = m_entries[std::size_t(index.row())];
    const QString text = value.toString();
    if (index.column() == TextColumn) {
        if (text == entry.text)
            return true;
        entry.text = text;
    } else if (index.column() == NoteColumn) {
        if (text == entry.note)
            return true;
        entry.note = text;
    } else {
        return false;
    }
    return updateEntry(entry).has_value();
}

} // namespace aftermath::desktop
