#include "fittinglabel.h"

#include <QEvent>

namespace aftermath::desktop {

FittingLabel::FittingLabel(QWidget* parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setForegroundRole(QPalette::PlaceholderText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void FittingLabel::setWordings(const QStringList& wordings)
{
    m_wordings = wordings;
    setToolTip(m_wordings.isEmpty() ? QString() : m_wordings.front());
    fit();
}

QSize FittingLabel::minimumSizeHint() const { return {0, QLabel::minimumSizeHint().height()}; }

void FittingLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    fit();
}

void FittingLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fit();
}

void FittingLabel::fit()
{
    const int room = contentsRect().width();
    for (const QString& wording : m_wordings) {
        if (fontMetrics().horizontalAdvance(wording) <= room) {
            setText(wording);
            return;
        }
    }
    setText(QString());
}

} // namespace aftermath::desktop
