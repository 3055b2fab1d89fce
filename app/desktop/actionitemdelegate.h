#pragma once

#include <QStyledItemDelegate>

class QTableView;

namespace aftermath::desktop {

// The editors of an ActionItemModel's cells: a date edit with a calendar for the due date (Delete
// clears it), lists for status and type (a choice is written at once), an editable list of usual
// priorities, and owner names completed from those already given.
class ActionItemDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // The day a due date starts from when an item has none.
    static QDate suggestedDue(QDate today);
    // Sets the widths of a table of an ActionItemModel from the font and what the rows hold, so
    // that dates, statuses and owners are never cut; the description takes the rest (`narrow`:
    // less room between columns, and the link gives way so the description keeps about 30
    // characters; call it again when such a table is resized).
    static void fitColumns(QTableView* table, bool narrow = false);
    // The table's context menu at `pos`: open the item's link.
    static void showContextMenu(QTableView* table, const QPoint& pos);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
    void updateEditorGeometry(
        QWidget* editor, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

protected:
    // Links are cut in the middle, where they say least.
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace aftermath::desktop
