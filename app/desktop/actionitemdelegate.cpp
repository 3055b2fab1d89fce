#include "actionitemdelegate.h"

#include "actionitemmodel.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QDesktopServices>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QUrl>

#include <algorithm>

namespace aftermath::desktop {

using model::ActionItem;

namespace {

// Stands for "no due date": the edit's minimum, shown as its special value text.
const QDate noDue(2000, 1, 1);

// A due date edit in which Delete or Backspace on the whole date means "no due date".
class DueDateEdit : public QDateEdit {
public:
    explicit DueDateEdit(QWidget* parent) : QDateEdit(parent)
    {
        setObjectName(QStringLiteral("dueDateEditor"));
        setCalendarPopup(true);
        setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        setMinimumDate(noDue);
        setSpecialValueText(ActionItemDelegate::tr("No due date"));
        setToolTip(ActionItemDelegate::tr("The day it is due; Delete clears it"));
    }

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if (event->key() == Qt::Key_Delete
            || (event->key() == Qt::Key_Backspace && lineEdit()->selectedText() == lineEdit()->text())) {
            setDate(minimumDate());
            return;
        }
        QDateEdit::keyPressEvent(event);
    }
};

} // namespace

QDate ActionItemDelegate::suggestedDue(QDate today)
{
    // Two weeks out: a usual sprint; the calendar is one click away.
    return (today.isValid() ? today : QDate::currentDate()).addDays(14);
}

void ActionItemDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() == ActionItemModel::LinkColumn)
        option->textElideMode = Qt::ElideMiddle;
}

void ActionItemDelegate::fitColumns(QTableView* table, bool narrow)
{
    const QAbstractItemModel* model = table->model();
    const QFontMetrics metrics = table->fontMetrics();
    QFont boldFont = table->font();
    boldFont.setBold(true);
    const QFontMetrics bold(boldFont);
    const QFontMetrics headerMetrics(table->horizontalHeader()->font());
    // The editors of dates and lists make themselves as wide as they need (updateEditorGeometry),
    // so the columns fit the text alone; a narrow table spares some of the room between them.
    const int padding = narrow ? 16 : 24;
    const auto fit = [&](int column, const QStringList& samples, int maxChars = 0) {
        int width = headerMetrics.horizontalAdvance(model->headerData(column, Qt::Horizontal).toString());
        for (const QString& sample : samples)
            width = std::max(width, metrics.horizontalAdvance(sample));
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, column);
            const QFontMetrics& used = index.data(Qt::FontRole).value<QFont>().bold() ? bold : metrics;
            width = std::max(width, used.horizontalAdvance(index.data().toString()));
        }
        if (maxChars > 0)
            width = std::min(width, metrics.averageCharWidth() * maxChars);
        table->setColumnWidth(column, width + padding);
    };
    fit(ActionItemModel::OwnerColumn, {QStringLiteral("Sam Okafor")}, narrow ? 14 : 20);
    fit(ActionItemModel::DueColumn, {QStringLiteral("2026-06-18")});
    fit(ActionItemModel::StatusColumn,
        {ActionItemModel::statusLabel(model::ActionItem::Status::InProgress),
            ActionItemModel::statusLabel(model::ActionItem::Status::WontDo)});
    fit(ActionItemModel::PriorityColumn, {QStringLiteral("P1")}, 12);
    fit(ActionItemModel::TypeColumn, {ActionItemModel::typeLabel(model::ActionItem::Type::Mitigate)});
    fit(ActionItemModel::LinkColumn, {QStringLiteral("acme/etl#431")}, narrow ? 18 : 28);
    fit(ActionItemModel::IncidentColumn, {}, 38);
    if (!narrow)
        return;
    // What the item is matters most: the description keeps room for about 30 characters when the
    // table is too narrow for every column, the link giving way first (cut in the middle, its
    // issue number still shows). Called again when the table is resized.
    int others = 0;
    for (int column = 0; column < model->columnCount(); ++column)
        if (column != ActionItemModel::DescriptionColumn && !table->isColumnHidden(column))
            others += table->columnWidth(column);
    const int shortfall = metrics.averageCharWidth() * 30 + padding - (table->viewport()->width() - others);
    const int link = table->columnWidth(ActionItemModel::LinkColumn);
    const int shortestLink = std::max(metrics.averageCharWidth() * 8,
                                 headerMetrics.horizontalAdvance(
                                     model->headerData(ActionItemModel::LinkColumn, Qt::Horizontal).toString()))
        + padding;
    if (shortfall > 0 && link > shortestLink)
        table->setColumnWidth(ActionItemModel::LinkColumn, std::max(shortestLink, link - shortfall));
}

void ActionItemDelegate::showContextMenu(QTableView* table, const QPoint& pos)
{
    const QModelIndex index = table->indexAt(pos);
    if (!index.isValid())
        return;
    table->selectRow(index.row());
    const QString link = index.siblingAtColumn(ActionItemModel::LinkColumn).data(Qt::EditRole).toString();
    // popup(), not exec(): no nested event loop.
    auto* menu = new QMenu(table);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    QAction* open = menu->addAction(tr("Open Link"), table, [link] { QDesktopServices::openUrl(QUrl(link)); });
    open->setEnabled(QUrl(link).isValid() && !QUrl(link).scheme().isEmpty());
    const QPersistentModelIndex cell(index);
    QAction* edit = menu->addAction(tr("Edit Cell"), table, [table, cell] {
        if (cell.isValid())
            table->edit(cell);
    });
    edit->setEnabled(index.flags() & Qt::ItemIsEditable);
    if (auto* model = qobject_cast<ActionItemModel*>(table->model())) {
        menu->addSeparator();
        const QPersistentModelIndex row(index);
        menu->addAction(tr("Remove Item (Added by Mistake)"), table, [model, row] {
            if (row.isValid())
                (void)model->removeItem(row.row()); // a refusal is reported through writeFailed
        });
    }
    menu->popup(table->viewport()->mapToGlobal(pos));
}

QWidget* ActionItemDelegate::createEditor(
    QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    switch (index.column()) {
    case ActionItemModel::DueColumn:
        return new DueDateEdit(parent);
    case ActionItemModel::StatusColumn:
    case ActionItemModel::TypeColumn: {
        auto* combo = new QComboBox(parent);
        if (index.column() == ActionItemModel::StatusColumn) {
            combo->setObjectName(QStringLiteral("statusEditor"));
            for (const auto status : {ActionItem::Status::Open, ActionItem::Status::InProgress,
                     ActionItem::Status::Done, ActionItem::Status::WontDo})
                combo->addItem(ActionItemModel::statusLabel(status), int(status));
        } else {
            combo->setObjectName(QStringLiteral("typeEditor"));
            combo->addItem(tr("—"), -1);
            for (const auto type : {ActionItem::Type::Prevent, ActionItem::Type::Mitigate, ActionItem::Type::Detect,
                     ActionItem::Type::Process, ActionItem::Type::Spike})
                combo->addItem(ActionItemModel::typeLabel(type), int(type));
        }
        // A choice is the whole edit: write it and close, without a second confirmation.
        connect(combo, &QComboBox::activated, this, [this, combo] {
            auto* self = const_cast<ActionItemDelegate*>(this);
            Q_EMIT self->commitData(combo);
            Q_EMIT self->closeEditor(combo);
        });
        return combo;
    }
    case ActionItemModel::PriorityColumn: {
        auto* combo = new QComboBox(parent);
        combo->setObjectName(QStringLiteral("priorityEditor"));
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->addItems({QString(), QStringLiteral("P0"), QStringLiteral("P1"), QStringLiteral("P2"),
            QStringLiteral("P3"), QStringLiteral("P4")});
        return combo;
    }
    case ActionItemModel::OwnerColumn: {
        auto* edit = new QLineEdit(parent);
        edit->setObjectName(QStringLiteral("ownerEditor"));
        edit->setFrame(false);
        if (const auto* model = qobject_cast<const ActionItemModel*>(index.model())) {
            auto* completer = new QCompleter(model->owners(), edit);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            edit->setCompleter(completer);
        }
        return edit;
    }
    }
    QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto* edit = qobject_cast<QLineEdit*>(editor)) {
        if (index.column() == ActionItemModel::LinkColumn)
            edit->setPlaceholderText(tr("https://… the tracker issue"));
    }
    return editor;
}

void ActionItemDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const
{
    const QVariant value = index.data(Qt::EditRole);
    switch (index.column()) {
    case ActionItemModel::DueColumn: {
        auto* edit = static_cast<QDateEdit*>(editor);
        QDate due = value.toDate();
        if (!due.isValid()) {
            const auto* model = qobject_cast<const ActionItemModel*>(index.model());
            due = suggestedDue(model ? model->today() : QDate());
        }
        edit->setDate(due);
        return;
    }
    case ActionItemModel::StatusColumn:
    case ActionItemModel::TypeColumn: {
        auto* combo = static_cast<QComboBox*>(editor);
        combo->setCurrentIndex(std::max(0, combo->findData(value.toInt())));
        return;
    }
    case ActionItemModel::PriorityColumn:
        static_cast<QComboBox*>(editor)->setEditText(value.toString());
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void ActionItemDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const
{
    switch (index.column()) {
    case ActionItemModel::DueColumn: {
        auto* edit = static_cast<QDateEdit*>(editor);
        model->setData(index, edit->date() == edit->minimumDate() ? QDate() : edit->date());
        return;
    }
    case ActionItemModel::StatusColumn:
    case ActionItemModel::TypeColumn:
        model->setData(index, static_cast<QComboBox*>(editor)->currentData());
        return;
    case ActionItemModel::PriorityColumn:
        model->setData(index, static_cast<QComboBox*>(editor)->currentText());
        return;
    }
    QStyledItemDelegate::setModelData(editor, model, index);
}

void ActionItemDelegate::updateEditorGeometry(
    QWidget* editor, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    // Date and list editors need their own height and a little width; the cell's is often less.
    if (index.column() == ActionItemModel::DueColumn || index.column() == ActionItemModel::StatusColumn
        || index.column() == ActionItemModel::TypeColumn || index.column() == ActionItemModel::PriorityColumn) {
        QRect rect = option.rect;
        const QSize hint = editor->sizeHint();
        rect.setWidth(std::max(rect.width(), hint.width()));
        rect.setHeight(std::max(rect.height(), hint.height()));
        rect.moveCenter(QPoint(rect.center().x(), option.rect.center().y()));
        rect.moveLeft(option.rect.left());
        editor->setGeometry(rect);
        return;
    }
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
}

} // namespace aftermath::desktop
