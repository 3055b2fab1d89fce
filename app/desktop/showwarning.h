#pragma once

#include <QMessageBox>
#include <QString>
#include <QWidget>

namespace aftermath::desktop {

// Shows a warning over `parent`, window-modal and without blocking: no nested event loop.
inline void showWarning(QWidget* parent, const QString& title, const QString& text)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace aftermath::desktop
