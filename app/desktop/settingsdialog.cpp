#include "settingsdialog.h"

#include "settings.h"
#include "zonemenu.h"

#include "ingest/rules.h"
#include "report/templates.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimeZone>
#include <QVBoxLayout>

namespace aftermath::desktop {

namespace {

QLabel* noteLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(const QByteArray& displayZone, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));

    // The zone: the special choices, UTC and the common zones listed; any other typed, completed
    // from the zones this system knows.
    m_zone = new QComboBox(this);
    m_zone->setObjectName(QStringLiteral("settingsZone"));
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    m_zone->addItem(tr("Each incident's own zone"), QByteArray());
    m_zone->addItem(tr("This computer's zone (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())),
        settings::systemZoneChoice);
    m_zone->addItem(QStringLiteral("UTC"), QByteArrayLiteral("UTC"));
    for (const QByteArray& id : commonZones())
        m_zone->addItem(QString::fromUtf8(id), id);
    auto* completer = new QCompleter(knownZoneNames(), m_zone);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_zone->setCompleter(completer);
    if (const int index = m_zone->findData(displayZone); index >= 0)
        m_zone->setCurrentIndex(index);
    else
        m_zone->setEditText(QString::fromUtf8(displayZone));
    auto* zoneNote = noteLabel(this);
    zoneNote->setText(tr("Every tab shows times in this zone. An incident's own zone is the one it was created "
                         "with; type any IANA name, such as America/Sao_Paulo."));

    m_template = new QComboBox(this);
    m_template->setObjectName(QStringLiteral("settingsTemplate"));
    m_template->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    for (const report::Template& t : report::availableTemplates())
        m_template->addItem(t.builtIn ? t.name : tr("%1 (yours)").arg(t.name), t.builtIn ? t.name : t.location);
    int chosen = m_template->findData(settings::defaultTemplate());
    if (chosen < 0)
        chosen = m_template->findData(report::defaultTemplateName);
    m_template->setCurrentIndex(std::max(0, chosen));
    auto* templateNote = noteLabel(this);
    templateNote->setText(tr("The preview and File › Export Postmortem start from it. Your own templates are "
                             "NAME.md files in %1.")
                              .arg(QDir::toNativeSeparators(report::userTemplateDir())));

    m_rules = new QLineEdit(QDir::toNativeSeparators(settings::rulesFolder()), this);
    m_rules->setObjectName(QStringLiteral("settingsRulesFolder"));
    m_rules->setPlaceholderText(tr("None: %1 when it exists").arg(QDir::toNativeSeparators(ingest::Classifier::userRulesPath())));
    m_rules->setClearButtonEnabled(true);
    m_rules->setMinimumWidth(fontMetrics().averageCharWidth() * 50);
    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::browseRules);
    auto* rulesRow = new QHBoxLayout;
    rulesRow->addWidget(m_rules, 1);
    rulesRow->addWidget(browse);
    m_rulesNote = noteLabel(this);
    m_rulesNote->setObjectName(QStringLiteral("settingsRulesNote"));
    // Room for two lines, so the dialog does not jump as the note changes.
    m_rulesNote->setMinimumHeight(m_rulesNote->fontMetrics().lineSpacing() * 2 + 4);
    m_rulesNote->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("settingsProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    QPalette warning = m_problem->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x20, 0x20));
    m_problem->setPalette(warning);

    // The notes are rows of their own, as wide as the dialog (word-wrapped labels in a form's field
    // column come out a few words wide).
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Show &times in:"), m_zone);
    form->addRow(zoneNote);
    form->addRow(tr("Postmortem &template:"), m_template);
    form->addRow(templateNote);
    auto* rulesLabel = new QLabel(tr("&Rules folder:"), this);
    rulesLabel->setBuddy(m_rules);
    form->addRow(rulesLabel, rulesRow);
    form->addRow(m_rulesNote);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 90);

    connect(m_zone, &QComboBox::editTextChanged, this, &SettingsDialog::validate);
    connect(m_zone, &QComboBox::currentIndexChanged, this, &SettingsDialog::validate);
    connect(m_rules, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    validate();
}

QByteArray SettingsDialog::displayZone() const
{
    const QString text = m_zone->currentText().trimmed();
    // A listed choice, by its label or its zone's name.
    for (int i = 0; i < m_zone->count(); ++i) {
        if (m_zone->itemText(i) == text)
            return m_zone->itemData(i).toByteArray();
    }
    const QByteArray id = text.toUtf8();
    return !id.isEmpty() && QTimeZone(id).isValid() ? id : QByteArray();
}

QString SettingsDialog::templateName() const { return m_template->currentData().toString(); }

QString SettingsDialog::rulesFolder() const { return QDir::fromNativeSeparators(m_rules->text().trimmed()); }

void SettingsDialog::validate()
{
    QStringList problems;
    const QString typed = m_zone->currentText().trimmed();
    if (displayZone().isEmpty() && typed != m_zone->itemText(0))
        problems << tr("“%1” is not a time zone this system knows.").arg(typed);
    const QString folder = rulesFolder();
    const QString rulesProblem = settings::rulesFolderProblem(folder);
    if (!rulesProblem.isEmpty())
        problems << tr("Rules folder: %1.").arg(rulesProblem);
    if (folder.isEmpty()) {
        m_rulesNote->setText(tr("Imports read your rules file when it exists, then the built-in rules "
                                "(docs/rules.md)."));
    } else if (rulesProblem.isEmpty()) {
        QStringList names = QDir(folder).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        if (names.size() > 4)
            names = names.mid(0, 3) << tr("%1 more").arg(names.size() - 3);
        m_rulesNote->setText(tr("Imports read the rules in %1 first, in that order, then the built-in rules.")
                                 .arg(names.join(QStringLiteral(", "))));
    } else {
        m_rulesNote->clear();
    }
    m_problem->setText(problems.join(QLatin1Char(' ')));
    m_problem->setVisible(!problems.isEmpty());
    m_valid = problems.isEmpty();
    if (auto* buttons = findChild<QDialogButtonBox*>())
        buttons->button(QDialogButtonBox::Ok)->setEnabled(problems.isEmpty());
}

void SettingsDialog::browseRules()
{
    const QString start = rulesFolder().isEmpty() ? QFileInfo(ingest::Classifier::userRulesPath()).absolutePath() : rulesFolder();
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Rules Folder"), start);
    if (!chosen.isEmpty())
        m_rules->setText(QDir::toNativeSeparators(chosen));
}

void SettingsDialog::accept()
{
    validate();
    if (!m_valid)
        return;
    QDialog::accept();
}

} // namespace aftermath::desktop
