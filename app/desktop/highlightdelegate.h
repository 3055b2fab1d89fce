#pragma once

#include <QStyledItemDelegate>

namespace aftermath::desktop {

// Paints a column's text with what the filter bar's text found marked: a pale band behind each
// range the model gives for `role` (a QVariantList of QPoint(start, length) into the display
// text), as the text is shown (elided where it is too long). The Events and Timeline tabs use it.
class HighlightDelegate : public QStyledItemDelegate {
public:
    explicit HighlightDelegate(int role, QObject* parent = nullptr) : QStyledItemDelegate(parent), m_role(role) {}

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // Paints the bands for `ranges` behind `text` drawn in `textRect` with `metrics`, of which the
    // first `kept` characters are shown (the rest elided): for delegates that draw their own text.
    static void paintBands(QPainter* painter, const QRect& textRect, const QFontMetrics& metrics, const QString& text,
        qsizetype kept, const QVariantList& ranges, bool selected);

private:
    int m_role;
};

} // namespace aftermath::desktop
