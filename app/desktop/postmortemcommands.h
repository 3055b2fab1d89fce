#pragma once

#include "model/incident.h"

#include <QCoreApplication>
#include <QString>
#include <QUndoCommand>
#include <QVariant>

#include <functional>
#include <memory>
#include <unordered_map>

namespace aftermath::desktop {

class ActionItemModel;
class CuratedTimelineModel;
class RootCauseModel;

// A row of the store that undo may delete and bring back, under a new id then. Every command
// naming the row shares its RowRef, so each finds the row under the id it has now.
struct RowRef {
    qint64 id = 0;
};

// The one RowRef of each row id, for as long as a command holds it.
class RowRefs {
public:
    std::shared_ptr<RowRef> of(qint64 id);
    // The row of `ref` is back under `id`.
    void rename(const std::shared_ptr<RowRef>& ref, qint64 id);
    void clear() { m_refs.clear(); }

private:
    std::unordered_map<qint64, std::weak_ptr<RowRef>> m_refs;
};

// What the commands of a postmortem's undo stack act on: the view's models, which write every
// change through the store (and report a refusal with writeFailed), and its text fields.
struct PostmortemEditing {
    CuratedTimelineModel* timeline = nullptr;
    RootCauseModel* causes = nullptr;
    ActionItemModel* actions = nullptr;
    RowRefs entries;
    RowRefs items;
    // Shows `text` in field `name` and saves it; false when the store refused (the text is kept
    // as an unsaved edit, and the view says why).
    std::function<bool(const QString& name, const QString& text)> writeField;
    // What a command acts on is gone (another program or a draft removed it): says so.
    std::function<void(const QString& message)> gone;
    // An undo or redo was written: the view shows where and says what.
    std::function<void(const QString& what)> replayed;
    std::function<void(qint64 id)> showEntry;
    std::function<void(int row)> showCause;
    std::function<void(qint64 id)> showItem;
    // Set while a command undoes or redoes: what the models report then is no new edit.
    bool replaying = false;
};

// An edit of the postmortem, pushed once it is in the store: QUndoStack::push's redo() does
// nothing, and after that undo() and redo() write through the models as any edit does. When the
// store refuses one, or what it acts on is gone, the command is made obsolete and QUndoStack
// drops it, so the stack never offers what the store does not hold.
class PostmortemCommand : public QUndoCommand {
    Q_DECLARE_TR_FUNCTIONS(PostmortemCommand)

public:
    PostmortemCommand(PostmortemEditing& editing, const QString& text);

    void undo() final;
    void redo() final;

protected:
    // Writes the edit (`forward`) or its undoing; false when that could not be written.
    virtual bool apply(bool forward) = 0;
    // Whether a refused write drops the command (a text field keeps its text as an unsaved edit
    // instead, so its command stays).
    virtual bool dropsWhenRefused() const { return true; }
    void replay(bool forward);

    PostmortemEditing& m_editing;

private:
    bool m_pushed = false;
};

// Typing in a text field: the commands of one field in one burst (until it is saved, after a
// pause or on leaving the field) merge into one.
class FieldEditCommand : public PostmortemCommand {
public:
    static constexpr int commandId = 1;

    FieldEditCommand(PostmortemEditing& editing, const QString& field, const QString& label, const QString& before,
        const QString& after, int burst);

    int id() const override { return commandId; }
    bool mergeWith(const QUndoCommand* other) override;

protected:
    bool apply(bool forward) override;
    bool dropsWhenRefused() const override { return false; }

private:
    QString m_field;
    QString m_before;
    QString m_after;
    int m_burst = 0;
};

// A curated timeline entry added (`added`) or removed; undoing one does the other. A removed
// entry comes back with its fields, under a new id; a drafted one comes back marked edited, since
// the store still remembers its removal and drafting again would otherwise drop it for good.
class EntryPresenceCommand : public PostmortemCommand {
public:
    EntryPresenceCommand(PostmortemEditing& editing, const model::TimelineEntry& entry, bool added);

protected:
    bool apply(bool forward) override;

private:
    model::TimelineEntry m_entry;
    std::shared_ptr<RowRef> m_ref;
    bool m_added = false;
};

// A curated timeline entry rewritten (its time, text, note or citations).
class EntryEditCommand : public PostmortemCommand {
public:
    EntryEditCommand(PostmortemEditing& editing, const model::TimelineEntry& before, const model::TimelineEntry& after);

protected:
    bool apply(bool forward) override;

private:
    model::TimelineEntry m_before;
    model::TimelineEntry m_after;
    std::shared_ptr<RowRef> m_ref;
};

// A root cause added (`added`) or removed at `row`. Causes are kept by place, so the command
// checks that the cause there is still the one it means.
class CausePresenceCommand : public PostmortemCommand {
public:
    CausePresenceCommand(PostmortemEditing& editing, int row, const QString& text, bool added);

protected:
    bool apply(bool forward) override;

private:
    int m_row = 0;
    QString m_text;
    bool m_added = false;
};

class CauseRewordCommand : public PostmortemCommand {
public:
    CauseRewordCommand(PostmortemEditing& editing, int row, const QString& before, const QString& after);

protected:
    bool apply(bool forward) override;

private:
    int m_row = 0;
    QString m_before;
    QString m_after;
};

class CauseMoveCommand : public PostmortemCommand {
public:
    CauseMoveCommand(PostmortemEditing& editing, int from, int to);

protected:
    bool apply(bool forward) override;

private:
    int m_from = 0;
    int m_to = 0;
};

// An action item added (`added`) or removed; a removed one comes back with all its fields (its
// creation and closing times too), under a new id.
class ItemPresenceCommand : public PostmortemCommand {
public:
    ItemPresenceCommand(PostmortemEditing& editing, const model::ActionItem& item, bool added);

protected:
    bool apply(bool forward) override;

private:
    model::ActionItem m_item;
    std::shared_ptr<RowRef> m_ref;
    bool m_added = false;
};

// One cell of an action item written: values as ActionItemModel::data() gives them for
// Qt::EditRole, written back through setData().
class ItemCellCommand : public PostmortemCommand {
public:
    ItemCellCommand(
        PostmortemEditing& editing, qint64 itemId, int column, const QVariant& before, const QVariant& after);

protected:
    bool apply(bool forward) override;

private:
    std::shared_ptr<RowRef> m_ref;
    int m_column = 0;
    QVariant m_before;
    QVariant m_after;
};

} // namespace aftermath::desktop
