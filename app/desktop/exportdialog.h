#pragma once

#include "report/export.h"
#include "report/templates.h"

#include <QDialog>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace aftermath::desktop {

// Asks how to export a postmortem: the template (built in, or the user's own from
// report::userTemplateDir()), Markdown or HTML, whether to draw the timeline chart beside it, and
// the file to write.
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    // `suggestedPath` is the file offered first; its suffix follows the format chosen.
    ExportDialog(std::vector<report::Template> templates, const QString& suggestedPath, QWidget* parent = nullptr);

    // What was chosen: a template name (or a user template's path), and the export's options.
    QString templateName() const;
    report::ExportOptions options() const;

    // The tests' way in.
    void setTemplateName(const QString& name);
    void setFormat(report::DocumentFormat format);
    void setChart(bool chart);
    void setPath(const QString& path);
    QString path() const;

    void accept() override;

private:
    void browse();
    void formatChanged();
    void validate();

    std::vector<report::Template> m_templates;
    QComboBox* m_template = nullptr;
    QLabel* m_templateLocation = nullptr;
    QRadioButton* m_markdown = nullptr;
    QRadioButton* m_html = nullptr;
    QCheckBox* m_chart = nullptr;
    QLineEdit* m_path = nullptr;
    QLabel* m_writes = nullptr;
    QPushButton* m_exportButton = nullptr;
};

} // namespace aftermath::desktop
