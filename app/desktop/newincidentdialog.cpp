#include "newincidentdialog.h"

#include "model/timeformat.h"
#include "model/timestamp.h"
#include "zonemenu.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <tuple>

namespace aftermath::desktop {

using model::WindowTimeFormat;

namespace {

// What the fields amount to: an incident, or the first thing wrong with them. `incomplete` marks
// a field not filled in yet, which is not shown as an error.
struct Checked {
    std::optional<model::Incident> incident;
    QString problem;
    bool incomplete = false;
};

Checked problem(const QString& text, bool incomplete = false) { return {std::nullopt, text, incomplete}; }

} // namespace

NewIncidentDialog::NewIncidentDialog(const QTimeZone& zone, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("newIncidentDialog"));
    setWindowTitle(tr("New Incident"));

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("incidentTitle"));
    m_title->setPlaceholderText(tr("What went wrong, e.g. Nightly ETL runs failed after a deploy"));
    m_title->setMinimumWidth(m_title->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 56);

    m_from = new QLineEdit(this);
    m_from->setObjectName(QStringLiteral("incidentFrom"));
    m_from->setPlaceholderText(QStringLiteral("2026-06-18 00:00"));
    m_to = new QLineEdit(this);
    m_to->setObjectName(QStringLiteral("incidentTo"));
    m_to->setPlaceholderText(QStringLiteral("2026-06-18 10:00"));

    m_zone = new QComboBox(this);
    m_zone->setObjectName(QStringLiteral("incidentZone"));
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    const QString initial = QString::fromUtf8((zone.isValid() ? zone : QTimeZone::systemTimeZone()).id());
    m_zone->addItem(initial);
    for (const QByteArray& id : QList<QByteArray>{QByteArrayLiteral("UTC")} + commonZones())
        if (QString::fromUtf8(id) != initial)
            m_zone->addItem(QString::fromUtf8(id));
    auto* completer = new QCompleter(knownZoneNames(), m_zone);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_zone->setCompleter(completer);
    m_zone->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_zone->setToolTip(tr("Times without an offset are read in this zone, and the timeline is shown in it: an IANA "
                          "name such as Europe/Paris, UTC, or an offset such as +02:00"));

    m_severity = new QComboBox(this);
    m_severity->setObjectName(QStringLiteral("incidentSeverity"));
    m_severity->setEditable(true);
    m_severity->setInsertPolicy(QComboBox::NoInsert);
    m_severity->addItems(
        {QString(), QStringLiteral("SEV1"), QStringLiteral("SEV2"), QStringLiteral("SEV3"), QStringLiteral("SEV4")});
    m_severity->lineEdit()->setPlaceholderText(tr("optional"));
    m_severity->setMinimumWidth(m_severity->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 16);

    auto* hint = new QLabel(tr("Times are ISO 8601: 2026-06-18 02:00, 2026-06-18T02:00:30, or with an offset such as "
                               "2026-06-18T01:00Z. Without an offset they are read in the time zone below."),
        this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&From:"), m_from);
    form->addRow(tr("T&o:"), m_to);
    form->addRow(tr("Time &zone:"), m_zone);
    form->addRow(tr("&Severity:"), m_severity);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("incidentMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for a two-line message, so the dialog does not jump as it changes.
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2 + 4);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_createButton = buttons->addButton(tr("&Create Incident"), QDialogButtonBox::AcceptRole);
    m_createButton->setObjectName(QStringLiteral("createIncidentButton"));
    m_createButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &NewIncidentDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    for (QLineEdit* edit : {m_title, m_from, m_to})
        connect(edit, &QLineEdit::textChanged, this, &NewIncidentDialog::validate);
    connect(m_zone, &QComboBox::currentTextChanged, this, &NewIncidentDialog::validate);
    connect(m_zone->lineEdit(), &QLineEdit::textEdited, this, &NewIncidentDialog::validate);
    validate();
}

void NewIncidentDialog::setFields(
    const QString& title, const QString& from, const QString& to, const QString& zone, const QString& severity)
{
    m_title->setText(title);
    m_from->setText(from);
    m_to->setText(to);
    m_zone->setEditText(zone);
    m_severity->setEditText(severity);
    validate();
}

namespace {

Checked check(const QString& titleText, const QString& fromText, const QString& toText, const QString& zoneText,
    const QString& severity)
{
    // Mistakes in what was typed first, then what is still missing.
    const QString zoneName = zoneText.trimmed();
    if (zoneName.isEmpty())
        return problem(NewIncidentDialog::tr("Choose the time zone the timeline is shown in."), true);
    const auto zone = model::parseZone(zoneName);
    if (!zone)
        return problem(NewIncidentDialog::tr("Time zone: \"%1\" is not a time zone this system knows; use an IANA "
                                             "name such as Europe/London, UTC, or an offset such as +02:00.")
                           .arg(zoneName));

    std::optional<qint64> from;
    std::optional<qint64> to;
    for (const auto& [text, target, label] : {std::tuple{fromText.trimmed(), &from, NewIncidentDialog::tr("From")},
             std::tuple{toText.trimmed(), &to, NewIncidentDialog::tr("To")}}) {
        if (text.isEmpty())
            continue;
        const auto time = model::parseIsoTime(text, *zone);
        if (!time)
            return problem(label + QStringLiteral(": ") + time.error().message + u'.');
        *target = *time;
    }
    if (from && to && *from > *to)
        return problem(NewIncidentDialog::tr("From (%1) is after To (%2); give the earlier time first.")
                           .arg(WindowTimeFormat::dateTime(*from, *zone, WindowTimeFormat::Precision::Seconds),
                               WindowTimeFormat::dateTime(*to, *zone, WindowTimeFormat::Precision::Seconds)));

    const QString title = titleText.trimmed();
    if (title.isEmpty())
        return problem(NewIncidentDialog::tr("Give the incident a title."), true);
    if (!from)
        return problem(NewIncidentDialog::tr("Enter when the incident's window starts (From)."), true);
    if (!to)
        return problem(NewIncidentDialog::tr("Enter when the incident's window ends (To)."), true);

    model::Incident incident;
    incident.title = title;
    incident.fromUs = *from;
    incident.toUs = *to;
    incident.displayZone = QString::fromUtf8(zone->id());
    incident.severity = severity.trimmed();
    return {incident, {}, false};
}

} // namespace

Result<model::Incident> NewIncidentDialog::incident() const
{
    const Checked checked
        = check(m_title->text(), m_from->text(), m_to->text(), m_zone->currentText(), m_severity->currentText());
    if (!checked.incident)
        return fail(Error::Code::InvalidArgument, checked.problem);
    return *checked.incident;
}

QString NewIncidentDialog::message() const { return m_message->text(); }

bool NewIncidentDialog::canCreate() const { return m_createButton->isEnabled(); }

void NewIncidentDialog::validate()
{
    const Checked checked
        = check(m_title->text(), m_from->text(), m_to->text(), m_zone->currentText(), m_severity->currentText());
    m_createButton->setEnabled(checked.incident.has_value());
    QPalette palette = m_message->palette();
    if (checked.incident) {
        // How the window is read, in UTC too, so that a wrong zone shows before it is saved.
        const model::Incident& i = *checked.incident;
        m_message->setText(tr("A %1 window: %2.")
                               .arg(model::formatDuration(i.toUs - i.fromUs),
                                   WindowTimeFormat(i.fromUs, i.toUs, QTimeZone::utc()).window()));
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    } else if (checked.incomplete) {
        m_message->setText(checked.problem);
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    } else {
        m_message->setText(checked.problem);
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    }
    m_message->setPalette(palette);
    m_message->setProperty("problem", !checked.incident && !checked.incomplete);
}

void NewIncidentDialog::accept()
{
    // Enter in a field must not close the dialog with fields that are wrong.
    if (!canCreate())
        return;
    QDialog::accept();
}

} // namespace aftermath::desktop
