#include "exportdialog.h"
#include "settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

namespace aftermath::desktop {

namespace {

QString suffixFor(report::DocumentFormat format)
{
    return format == report::DocumentFormat::Html ? QStringLiteral("html") : QStringLiteral("md");
}

} // namespace

ExportDialog::ExportDialog(std::vector<report::Template> templates, const QString& suggestedPath, QWidget* parent)
    : QDialog(parent), m_templates(std::move(templates))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Postmortem"));

    m_template = new QComboBox(this);
    m_template->setObjectName(QStringLiteral("exportTemplate"));
    m_template->setMinimumContentsLength(20);
    for (const report::Template& t : m_templates)
        m_template->addItem(t.builtIn ? t.name : tr("%1 (yours)").arg(t.name), t.builtIn ? t.name : t.location);
    // The template last chosen (here, in the preview or in Settings), else the built-in default.
    int chosen = m_template->findData(settings::defaultTemplate());
    if (chosen < 0)
        chosen = m_template->findData(report::defaultTemplateName);
    m_template->setCurrentIndex(std::max(0, chosen));
    m_templateLocation = new QLabel(this);
    m_templateLocation->setTextFormat(Qt::PlainText);
    m_templateLocation->setForegroundRole(QPalette::PlaceholderText);
    m_templateLocation->setWordWrap(true);
    m_templateLocation->setText(
        tr("Your own templates are NAME.md files in %1.").arg(QDir::toNativeSeparators(report::userTemplateDir())));
    m_templateLocation->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_markdown = new QRadioButton(tr("&Markdown"), this);
    m_markdown->setObjectName(QStringLiteral("exportMarkdown"));
    m_markdown->setChecked(true);
    m_html = new QRadioButton(tr("&HTML"), this);
    m_html->setObjectName(QStringLiteral("exportHtml"));
    auto* formats = new QHBoxLayout;
    formats->addWidget(m_markdown);
    formats->addWidget(m_html);
    formats->addStretch(1);
    connect(m_markdown, &QRadioButton::toggled, this, &ExportDialog::formatChanged);

    m_chart = new QCheckBox(tr("Draw the &timeline chart beside it (an SVG the document shows)"), this);
    m_chart->setObjectName(QStringLiteral("exportChart"));
    connect(m_chart, &QCheckBox::toggled, this, &ExportDialog::validate);

    m_path = new QLineEdit(QDir::toNativeSeparators(suggestedPath), this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::validate);

    m_writes = new QLabel(this);
    m_writes->setObjectName(QStringLiteral("exportWrites"));
    m_writes->setTextFormat(Qt::PlainText);
    m_writes->setWordWrap(true);
    m_writes->setForegroundRole(QPalette::PlaceholderText);
    // Room for the longest message, so the dialog does not jump as it changes.
    m_writes->setMinimumHeight(m_writes->fontMetrics().lineSpacing() * 3 + 4);
    m_writes->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Te&mplate:"), m_template);
    form->addRow(tr("Format:"), formats);
    form->addRow(QString(), m_chart);
    form->addRow(fileLabel, pathRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_exportButton = buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // The notes under the form, as wide as the dialog (word-wrapped labels in a form's field
    // column come out a few words wide).
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addLayout(form);
    layout->addWidget(m_writes);
    layout->addWidget(m_templateLocation);
    layout->addSpacing(4);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 90);

    // The format and chart last exported with; the suggested file's suffix follows the format.
    const QSettings remembered;
    if (remembered.value(settings::exportFormatKey).toString() == u"html")
        m_html->setChecked(true);
    m_chart->setChecked(remembered.value(settings::exportChartKey, false).toBool());
    validate();
}

QString ExportDialog::templateName() const { return m_template->currentData().toString(); }

report::ExportOptions ExportDialog::options() const
{
    report::ExportOptions options;
    options.format = m_html->isChecked() ? report::DocumentFormat::Html : report::DocumentFormat::Markdown;
    options.outputPath = QDir::fromNativeSeparators(m_path->text().trimmed());
    options.chart = m_chart->isChecked();
    return options;
}

void ExportDialog::setTemplateName(const QString& name)
{
    const int index = m_template->findData(name);
    if (index >= 0)
        m_template->setCurrentIndex(index);
}

void ExportDialog::setFormat(report::DocumentFormat format)
{
    (format == report::DocumentFormat::Html ? m_html : m_markdown)->setChecked(true);
}

void ExportDialog::setChart(bool chart) { m_chart->setChecked(chart); }

void ExportDialog::setPath(const QString& path) { m_path->setText(QDir::toNativeSeparators(path)); }

QString ExportDialog::path() const { return QDir::fromNativeSeparators(m_path->text().trimmed()); }

void ExportDialog::browse()
{
    const bool html = m_html->isChecked();
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export Postmortem"), path(), html ? tr("HTML (*.html *.htm)") : tr("Markdown (*.md *.markdown)"));
    if (!chosen.isEmpty())
        setPath(chosen);
}

void ExportDialog::formatChanged()
{
    // The file's suffix follows the format, unless it is one of the user's own making.
    const QString current = path();
    const QFileInfo info(current);
    const QString suffix = info.suffix().toLower();
    const QString wanted = suffixFor(options().format);
    if (!current.isEmpty()
        && (suffix == u"md" || suffix == u"markdown" || suffix == u"html" || suffix == u"htm" || suffix.isEmpty())
        && suffix != wanted)
        setPath(current.left(current.size() - (suffix.isEmpty() ? 0 : suffix.size() + 1)) + u'.' + wanted);
    validate();
}

void ExportDialog::validate()
{
    const report::ExportOptions o = options();
    m_exportButton->setEnabled(!o.outputPath.isEmpty());
    if (o.outputPath.isEmpty()) {
        m_writes->setText(tr("Choose the file to write."));
        return;
    }
    const QString document = QFileInfo(o.outputPath).fileName();
    const QString chart = QFileInfo(report::chartPathFor(o.outputPath)).fileName();
    const bool replaces
        = QFileInfo::exists(o.outputPath) || (o.chart && QFileInfo::exists(report::chartPathFor(o.outputPath)));
    QString text
        = o.chart ? tr("Writes %1 and %2 all at once").arg(document, chart) : tr("Writes %1 all at once").arg(document);
    text += replaces ? tr(", replacing what is there; if writing fails, that stays as it was.")
                     : tr(": if writing fails, nothing is left half-written.");
    m_writes->setText(text);
}

void ExportDialog::accept()
{
    if (!m_exportButton->isEnabled())
        return;
    QSettings remembered;
    remembered.setValue(settings::exportFormatKey, m_html->isChecked() ? QStringLiteral("html") : QStringLiteral("markdown"));
    remembered.setValue(settings::exportChartKey, m_chart->isChecked());
    settings::setDefaultTemplate(templateName());
    QDialog::accept();
}

} // namespace aftermath::desktop
