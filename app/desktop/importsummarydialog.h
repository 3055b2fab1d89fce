#pragma once

#include "model/error.h"
#include "workspace/workspace.h"

#include <QDialog>
#include <QStyle>

class QLabel;
class QPushButton;
class QTableView;

namespace aftermath::desktop {

class ImportReportModel;

// What an import did: a headline, the zone naive times were read in, and a row per file with its
// status, format, events added and, for errors, the message. Shown without blocking the window.
class ImportSummaryDialog : public QDialog {
    Q_OBJECT

public:
    explicit ImportSummaryDialog(QWidget* parent = nullptr);

    // Fills the dialog with an import's outcome into the store at `storePath`.
    void setOutcome(const workspace::ImportOutcome& outcome, const QString& storePath);
    // Fills the dialog for an import that could not start (its store could not be opened).
    void setFailure(const Error& error, const QString& storePath);

    ImportReportModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString headline() const;
    QString details() const;
    // The headline, details and rows as plain text (what Copy puts on the clipboard).
    QString plainText() const;

private:
    void setTone(QStyle::StandardPixmap icon);
    void fitColumns();
    // Sizes the dialog to `width` and to the height its contents need.
    void fitHeight(int width);

    QLabel* m_icon = nullptr;
    QLabel* m_headline = nullptr;
    QLabel* m_details = nullptr;
    QTableView* m_table = nullptr;
    ImportReportModel* m_model = nullptr;
    QPushButton* m_closeButton = nullptr;
};

} // namespace aftermath::desktop
