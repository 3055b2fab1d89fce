#include "postmortemcommands.h"

#include "actionitemmodel.h"
#include "curatedtimelinemodel.h"
#include "rootcausemodel.h"

#include <QScopeGuard>

namespace aftermath::desktop {

using model::ActionItem;
using model::TimelineEntry;

std::shared_ptr<RowRef> RowRefs::of(qint64 id)
{
    // Refs of commands gone (an undo stack cleared) are let go now and then.
    if (m_refs.size() > 512)
        std::erase_if(m_refs, [](const auto& slot) { return slot.second.expired(); });
    std::weak_ptr<RowRef>& slot = m_refs[id];
    if (auto ref = slot.lock())
        return ref;
    auto ref = std::make_shared<RowRef>(RowRef{id});
    slot = ref;
    return ref;
}

void RowRefs::rename(const std::shared_ptr<RowRef>& ref, qint64 id)
{
    if (const auto old = m_refs.find(ref->id); old != m_refs.end() && old->second.lock() == ref)
        m_refs.erase(old);
    ref->id = id;
    m_refs[id] = ref;
}

PostmortemCommand::PostmortemCommand(PostmortemEditing& editing, const QString& text) : m_editing(editing)
{
    setText(text);
}

void PostmortemCommand::undo() { replay(false); }

void PostmortemCommand::redo()
{
    if (!m_pushed) {
        m_pushed = true; // the edit is in the store already
        return;
    }
    replay(true);
}

void PostmortemCommand::replay(bool forward)
{
    m_editing.replaying = true;
    const auto done = qScopeGuard([this] { m_editing.replaying = false; });
    if (!apply(forward)) {
        if (dropsWhenRefused())
            setObsolete(true);
        return;
    }
    if (m_editing.replayed)
        m_editing.replayed((forward ? tr("Redone: %1") : tr("Undone: %1")).arg(text()));
}

// ---- text fields ------------------------------------------------------------------------------

FieldEditCommand::FieldEditCommand(PostmortemEditing& editing, const QString& field, const QString& label,
    const QString& before, const QString& after, int burst)
    : PostmortemCommand(editing, tr("Edit %1").arg(label)), m_field(field), m_before(before), m_after(after),
      m_burst(burst)
{
}

bool FieldEditCommand::mergeWith(const QUndoCommand* other)
{
    // Same id: another FieldEditCommand.
    const auto* typed = static_cast<const FieldEditCommand*>(other);
    if (typed->m_field != m_field || typed->m_burst != m_burst)
        return false;
    m_after = typed->m_after;
    // Typed and typed away again: nothing to undo.
    setObsolete(m_after == m_before);
    return true;
}

bool FieldEditCommand::apply(bool forward) { return m_editing.writeField(m_field, forward ? m_after : m_before); }

// ---- the curated timeline ---------------------------------------------------------------------

EntryPresenceCommand::EntryPresenceCommand(PostmortemEditing& editing, const TimelineEntry& entry, bool added)
    : PostmortemCommand(editing, added ? tr("Add Timeline Entry") : tr("Remove Timeline Entry")), m_entry(entry),
      m_ref(editing.entries.of(entry.id)), m_added(added)
{
}

bool EntryPresenceCommand::apply(bool forward)
{
    CuratedTimelineModel& timeline = *m_editing.timeline;
    if (forward != m_added) {
        const int row = timeline.rowOf(m_ref->id);
        if (row < 0) {
            m_editing.gone(tr("That timeline entry is no longer in the postmortem"));
            return false;
        }
        return timeline.removeEntry(row).has_value();
    }
    TimelineEntry entry = m_entry;
    if (entry.origin == TimelineEntry::Origin::Draft)
        entry.edited = true;
    const auto row = timeline.addEntry(entry);
    if (!row)
        return false;
    m_editing.entries.rename(m_ref, timeline.entryAt(*row).id);
    m_editing.showEntry(m_ref->id);
    return true;
}

EntryEditCommand::EntryEditCommand(PostmortemEditing& editing, const TimelineEntry& before, const TimelineEntry& after)
    : PostmortemCommand(editing, tr("Edit Timeline Entry")), m_before(before), m_after(after),
      m_ref(editing.entries.of(after.id))
{
}

bool EntryEditCommand::apply(bool forward)
{
    CuratedTimelineModel& timeline = *m_editing.timeline;
    if (timeline.rowOf(m_ref->id) < 0) {
        m_editing.gone(tr("That timeline entry is no longer in the postmortem"));
        return false;
    }
    TimelineEntry entry = forward ? m_after : m_before;
    entry.id = m_ref->id;
    if (!timeline.updateEntry(entry))
        return false;
    m_editing.showEntry(m_ref->id);
    return true;
}

// ---- root causes ------------------------------------------------------------------------------

namespace {

// Whether the cause in `row` is `text`: causes are kept by place, and a command names its place.
bool causeIsThere(PostmortemEditing& editing, int row, const QString& text)
{
    const RootCauseModel& causes = *editing.causes;
    if (row >= 0 && row < causes.rowCount() && causes.causeAt(row).text == text)
        return true;
    editing.gone(PostmortemCommand::tr("The root cause “%1” is no longer in its place").arg(text.left(60)));
    return false;
}

} // namespace

CausePresenceCommand::CausePresenceCommand(PostmortemEditing& editing, int row, const QString& text, bool added)
    : PostmortemCommand(editing, added ? tr("Add Root Cause") : tr("Remove Root Cause")), m_row(row), m_text(text),
      m_added(added)
{
}

bool CausePresenceCommand::apply(bool forward)
{
    RootCauseModel& causes = *m_editing.causes;
    if (forward != m_added)
        return causeIsThere(m_editing, m_row, m_text) && causes.removeCause(m_row).has_value();
    const auto row = causes.addCause(m_text, m_row);
    if (!row)
        return false;
    m_editing.showCause(*row);
    return true;
}

CauseRewordCommand::CauseRewordCommand(PostmortemEditing& editing, int row, const QString& before, const QString& after)
    : PostmortemCommand(editing, tr("Edit Root Cause")), m_row(row), m_before(before), m_after(after)
{
}

bool CauseRewordCommand::apply(bool forward)
{
    RootCauseModel& causes = *m_editing.causes;
    if (!causeIsThere(m_editing, m_row, forward ? m_before : m_after)
        || !causes.setData(causes.index(m_row), forward ? m_after : m_before))
        return false;
    m_editing.showCause(m_row);
    return true;
}

CauseMoveCommand::CauseMoveCommand(PostmortemEditing& editing, int from, int to)
    : PostmortemCommand(editing, tr("Move Root Cause")), m_from(from), m_to(to)
{
}

bool CauseMoveCommand::apply(bool forward)
{
    RootCauseModel& causes = *m_editing.causes;
    const int from = forward ? m_from : m_to;
    const int to = forward ? m_to : m_from;
    if (from >= causes.rowCount() || to >= causes.rowCount()) {
        m_editing.gone(tr("The root causes are no longer as they were"));
        return false;
    }
    if (!causes.moveCause(from, to))
        return false;
    m_editing.showCause(to);
    return true;
}

// ---- action items -----------------------------------------------------------------------------

ItemPresenceCommand::ItemPresenceCommand(PostmortemEditing& editing, const ActionItem& item, bool added)
    : PostmortemCommand(editing, added ? tr("Add Action Item") : tr("Remove Action Item")), m_item(item),
      m_ref(editing.items.of(item.id)), m_added(added)
{
}

bool ItemPresenceCommand::apply(bool forward)
{
    ActionItemModel& actions = *m_editing.actions;
    if (forward != m_added) {
        const int row = actions.rowOf(m_ref->id);
        if (row < 0) {
            m_editing.gone(tr("That action item is no longer in the postmortem"));
            return false;
        }
        return actions.removeItem(row).has_value();
    }
    const auto row = actions.addItem(m_item);
    if (!row)
        return false;
    m_editing.items.rename(m_ref, actions.itemAt(*row).id);
    m_editing.showItem(m_ref->id);
    return true;
}

namespace {

QString cellCommandText(int column)
{
    switch (column) {
    case ActionItemModel::OwnerColumn:
        return PostmortemCommand::tr("Set Action Item Owner");
    case ActionItemModel::DueColumn:
        return PostmortemCommand::tr("Set Action Item Due Date");
    case ActionItemModel::StatusColumn:
        return PostmortemCommand::tr("Set Action Item Status");
    case ActionItemModel::PriorityColumn:
        return PostmortemCommand::tr("Set Action Item Priority");
    case ActionItemModel::TypeColumn:
        return PostmortemCommand::tr("Set Action Item Type");
    case ActionItemModel::LinkColumn:
        return PostmortemCommand::tr("Set Action Item Link");
    default:
        return PostmortemCommand::tr("Edit Action Item");
    }
}

} // namespace

ItemCellCommand::ItemCellCommand(
    PostmortemEditing& editing, qint64 itemId, int column, const QVariant& before, const QVariant& after)
    : PostmortemCommand(editing, cellCommandText(column)), m_ref(editing.items.of(itemId)), m_column(column),
      m_before(before), m_after(after)
{
}

bool ItemCellCommand::apply(bool forward)
{
    ActionItemModel& actions = *m_editing.actions;
    const int row = actions.rowOf(m_ref->id);
    if (row < 0) {
        m_editing.gone(tr("That action item is no longer in the postmortem"));
        return false;
    }
    if (!actions.setData(actions.index(row, m_column), forward ? m_after : m_before))
        return false;
    m_editing.showItem(m_ref->id);
    return true;
}

} // namespace aftermath::desktop
