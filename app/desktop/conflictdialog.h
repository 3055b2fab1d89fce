#pragma once

#include "model/error.h"
#include "model/incident.h"

#include <QDialog>
#include <QHash>

#include <functional>
#include <vector>

namespace aftermath::desktop {

class ActionItemModel;

// Shows an edit the store refused because someone else changed the same fields since it was read
// (Error::Code::Conflict): each field with their value (saved) and yours (not saved), side by side.
// The person keeps theirs, or writes their own over it with "Use Mine"; "Copy Mine" puts their text on
// the clipboard and leaves the choice open. Nothing typed is dropped until they choose.
class ConflictDialog : public QDialog {
    Q_OBJECT

public:
    enum class Choice { KeepTheirs, UseMine };

    // `what` names the record ("the postmortem", "action item 4"); `labels` names each field as
    // the form does (field -> "Impact"), the field's own name where it has none.
    ConflictDialog(const QString& what, const std::vector<FieldConflict>& conflicts,
        const QHash<QString, QString>& labels, QWidget* parent = nullptr);

    Choice choice() const { return m_choice; }
    const std::vector<FieldConflict>& conflicts() const { return m_conflicts; }
    // What "Copy Mine" puts on the clipboard: each field's label and the text typed.
    QString mineAsText() const;

Q_SIGNALS:
    void chosen(Choice choice);

private:
    std::vector<FieldConflict> m_conflicts;
    QHash<QString, QString> m_labels;
    Choice m_choice = Choice::KeepTheirs;
};

// Asks about `conflict` (a ConflictDialog over `parent` about `what`), then `resolve`s the choice:
// write the user's edit over theirs, or show theirs. `report` gets what to tell the user, first that
// the edit is not saved, then how the choice went.
void askAboutConflict(QWidget* parent, const QString& what, const Error& conflict,
    const QHash<QString, QString>& labels, std::function<Result<void>(ConflictDialog::Choice)> resolve,
    const std::function<void(const QString&)>& report);

// After ActionItemModel::editConflicted: asks (a ConflictDialog over `parent`) and then writes the
// user's edit over theirs or shows theirs in the row of `items`; `report` gets what to tell the user.
void askAboutActionItemConflict(QWidget* parent, ActionItemModel* items, qint64 itemId,
    const model::ActionItemUpdate& update, const Error& conflict, const std::function<void(const QString&)>& report);

} // namespace aftermath::desktop
