#include "highlightdelegate.h"

#include <QApplication>
#include <QPainter>

namespace aftermath::desktop {

void HighlightDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariantList ranges = index.data(m_role).toList();
    if (ranges.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    const QString text = item.text;
    item.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);

    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &item, widget).adjusted(3, 0, -3, 0);
    const QFontMetrics metrics(item.font);
    const QString shown = metrics.elidedText(text, Qt::ElideRight, textRect.width());
    // The part of the text kept before the ellipsis.
    const qsizetype kept = shown == text ? text.size() : std::max<qsizetype>(0, shown.size() - 1);
    painter->save();
    const bool selected = item.state & QStyle::State_Selected;
    paintBands(painter, textRect, metrics, text, kept, ranges, selected);
    painter->setFont(item.font);
    painter->setPen(item.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    if (const QVariant foreground = index.data(Qt::ForegroundRole); foreground.isValid() && !selected)
        painter->setPen(foreground.value<QColor>());
    painter->drawText(textRect, int(Qt::AlignLeft | Qt::AlignVCenter) | Qt::TextSingleLine, shown);
    painter->restore();
}

void HighlightDelegate::paintBands(QPainter* painter, const QRect& textRect, const QFontMetrics& metrics,
    const QString& text, qsizetype kept, const QVariantList& ranges, bool selected)
{
    const QColor band = selected ? QColor(255, 213, 79, 150) : QColor(255, 213, 79);
    for (const QVariant& value : ranges) {
        const QPoint range = value.toPoint();
        const qsizetype start = range.x();
        const qsizetype end = std::min<qsizetype>(start + range.y(), kept);
        if (start >= end)
            continue;
        const int left = metrics.horizontalAdvance(text.left(start));
        const int width = metrics.horizontalAdvance(text.mid(start, end - start));
        painter->fillRect(QRect(textRect.left() + left, textRect.top() + 2, width, textRect.height() - 4), band);
    }
}

} // namespace aftermath::desktop
