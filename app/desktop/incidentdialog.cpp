#include "incidentdialog.h"

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

// What the fields say, as typed.
struct Fields {
    QString title;
    QString from;
    QString to;
    QString zone;
    QString severity;
    QString baselineFrom;
    QString baselineTo;
};

// What the fields amount to: an incident, or the first thing wrong with them. `incomplete` marks
// a field not filled in yet, which is not shown as an error.
struct Checked {
    std::optional<model::Incident> incident;
    QString problem;
    bool incomplete = false;
};

Checked problem(const QString& text, bool incomplete = false) { return {std::nullopt, text, incomplete}; }

QString tr(const char* text) { return IncidentDialog::tr(text); }

Checked check(const Fields& fields)
{
    // Mistakes in what was typed first, then what is still missing.
    const QString zoneName = fields.zone.trimmed();
    if (zoneName.isEmpty())
        return problem(tr("Choose the time zone the timeline is shown in."), true);
    const auto zone = model::parseZone(zoneName);
    if (!zone)
        return problem(tr("Time zone: \"%1\" is not a time zone this system knows; use an IANA name such as "
                          "Europe/London, UTC, or an offset such as +02:00.")
                           .arg(zoneName));

    std::optional<qint64> from;
    std::optional<qint64> to;
    std::optional<qint64> baselineFrom;
    std::optional<qint64> baselineTo;
    for (const auto& [text, target, label] : {std::tuple{fields.from.trimmed(), &from, tr("From")},
             std::tuple{fields.to.trimmed(), &to, tr("To")},
             std::tuple{fields.baselineFrom.trimmed(), &baselineFrom, tr("Baseline from")},
             std::tuple{fields.baselineTo.trimmed(), &baselineTo, tr("Baseline to")}}) {
        if (text.isEmpty())
            continue;
        const auto time = model::parseIsoTime(text, *zone);
        if (!time)
            return problem(label + QStringLiteral(": ") + time.error().message + u'.');
        *target = *time;
    }
    const auto shown = [&zone](qint64 us) { return WindowTimeFormat::dateTime(us, *zone, WindowTimeFormat::Precision::Seconds); };
    if (from && to && *from > *to)
        return problem(tr("From (%1) is after To (%2); give the earlier time first.").arg(shown(*from), shown(*to)));
    if (baselineFrom && baselineTo && *baselineFrom >= *baselineTo)
        return problem(tr("The baseline's From (%1) is not before its To (%2); give the earlier time first.")
                           .arg(shown(*baselineFrom), shown(*baselineTo)));
    if (baselineTo && from && *baselineTo > *from)
        return problem(tr("The baseline must end by the window's start (%1): it is the time the window is compared "
                          "with. Move it, or leave both baseline fields empty for the automatic one.")
                           .arg(shown(*from)));

    const QString title = fields.title.trimmed();
    if (title.isEmpty())
        return problem(tr("Give the incident a title."), true);
    if (!from)
        return problem(tr("Enter when the incident's window starts (From)."), true);
    if (!to)
        return problem(tr("Enter when the incident's window ends (To)."), true);
    if (!baselineFrom && baselineTo)
        return problem(tr("Enter when the baseline starts, or leave both baseline fields empty for the automatic one."), true);
    if (baselineFrom && !baselineTo)
        return problem(tr("Enter when the baseline ends, or leave both baseline fields empty for the automatic one."), true);

    model::Incident incident;
    incident.title = title;
    incident.fromUs = *from;
    incident.toUs = *to;
    incident.displayZone = QString::fromUtf8(zone->id());
    incident.severity = fields.severity.trimmed();
    if (baselineFrom)
        incident.baseline = std::pair{*baselineFrom, *baselineTo};
    return {incident, {}, false};
}

QLineEdit* timeEdit(const char* name, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1StringView(name));
    edit->setPlaceholderText(placeholder);
    edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28);
    return edit;
}

} // namespace

IncidentDialog::IncidentDialog(const QTimeZone& zone, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("newIncidentDialog"));
    setWindowTitle(tr("New Incident"));
    build(zone);
}

IncidentDialog::IncidentDialog(const model::Incident& incident, const QTimeZone& zone, QWidget* parent)
    : QDialog(parent), m_edited(incident)
{
    setObjectName(QStringLiteral("incidentWindowDialog"));
    setWindowTitle(tr("Window and Baseline of #%1").arg(incident.id));
    // Read and written back in the zone the timeline shows, whatever the incident's own.
    m_editZone = QString::fromUtf8((zone.isValid() ? zone : QTimeZone::utc()).id());
    build(zone);
    const auto shown = [&zone](qint64 us) { return WindowTimeFormat::dateTime(us, zone, WindowTimeFormat::Precision::Fraction); };
    m_from->setText(shown(incident.fromUs));
    m_to->setText(shown(incident.toUs));
    if (incident.baseline) {
        m_baselineFrom->setText(shown(incident.baseline->first));
        m_baselineTo->setText(shown(incident.baseline->second));
    }
    validate();
}

void IncidentDialog::build(const QTimeZone& zone)
{
    m_from = timeEdit("incidentFrom", QStringLiteral("2026-06-18 00:00"), this);
    m_to = timeEdit("incidentTo", QStringLiteral("2026-06-18 10:00"), this);
    m_baselineFrom = timeEdit("baselineFrom", tr("automatic"), this);
    m_baselineTo = timeEdit("baselineTo", tr("automatic"), this);
    const QString baselineTip = tr("The quiet time the window's messages are compared with, to tell the ones that are "
                                   "new or surging from the steady background. Empty: the window's own length just "
                                   "before it, else the same hours a day before.");
    m_baselineFrom->setToolTip(baselineTip);
    m_baselineTo->setToolTip(baselineTip);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    QString hintText;
    if (!m_edited) {
        m_title = new QLineEdit(this);
        m_title->setObjectName(QStringLiteral("incidentTitle"));
        m_title->setPlaceholderText(tr("What went wrong, e.g. Nightly ETL runs failed after a deploy"));
        m_title->setMinimumWidth(m_title->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 56);

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

        hintText = tr("Times are ISO 8601: 2026-06-18 02:00, 2026-06-18T02:00:30, or with an offset such as "
                      "2026-06-18T01:00Z. Without an offset they are read in the time zone below.");
        form->addRow(tr("&Title:"), m_title);
        form->addRow(tr("&From:"), m_from);
        form->addRow(tr("T&o:"), m_to);
        form->addRow(tr("Time &zone:"), m_zone);
        form->addRow(tr("&Severity:"), m_severity);
    } else {
        hintText = tr("Times are ISO 8601: 2026-06-18 02:00, 2026-06-18T02:00:30, or with an offset such as "
                      "2026-06-18T01:00Z. Without an offset they are read in %1, the zone the timeline is shown in.")
                       .arg(WindowTimeFormat(m_edited->fromUs, m_edited->toUs, zone).zoneLabel());
        form->addRow(tr("Window &from:"), m_from);
        form->addRow(tr("Window t&o:"), m_to);
    }
    form->addRow(tr("&Baseline from:"), m_baselineFrom);
    form->addRow(tr("Baseline to:"), m_baselineTo);

    auto* hint = new QLabel(hintText, this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto* baselineHint = new QLabel(tr("The baseline is the quiet time the window's messages are compared with: "
                                       "those that are new or surging are the incident's, the rest is background. "
                                       "Leave it empty for the window's length just before it (else the same hours "
                                       "a day before)."),
        this);
    baselineHint->setObjectName(QStringLiteral("baselineHint"));
    baselineHint->setWordWrap(true);
    baselineHint->setForegroundRole(QPalette::PlaceholderText);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("incidentMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for a three-line message, so the dialog does not jump as it changes.
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 3 + 4);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_acceptButton = buttons->addButton(m_edited ? tr("&Save and Reconstruct") : tr("&Create Incident"),
        QDialogButtonBox::AcceptRole);
    m_acceptButton->setObjectName(m_edited ? QStringLiteral("saveWindowButton") : QStringLiteral("createIncidentButton"));
    m_acceptButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &IncidentDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(baselineHint);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    for (QLineEdit* edit : {m_title, m_from, m_to, m_baselineFrom, m_baselineTo})
        if (edit)
            connect(edit, &QLineEdit::textChanged, this, &IncidentDialog::validate);
    if (m_zone) {
        connect(m_zone, &QComboBox::currentTextChanged, this, &IncidentDialog::validate);
        connect(m_zone->lineEdit(), &QLineEdit::textEdited, this, &IncidentDialog::validate);
    }
    validate();
}

void IncidentDialog::setFields(
    const QString& title, const QString& from, const QString& to, const QString& zone, const QString& severity)
{
    if (m_title)
        m_title->setText(title);
    m_from->setText(from);
    m_to->setText(to);
    if (m_zone)
        m_zone->setEditText(zone);
    if (m_severity)
        m_severity->setEditText(severity);
    validate();
}

void IncidentDialog::setBaseline(const QString& from, const QString& to)
{
    m_baselineFrom->setText(from);
    m_baselineTo->setText(to);
    validate();
}

namespace {

Checked checkDialog(const std::optional<model::Incident>& edited, const QString& editZone, const QLineEdit* title, const QLineEdit* from,
    const QLineEdit* to, const QComboBox* zone, const QComboBox* severity, const QLineEdit* baselineFrom,
    const QLineEdit* baselineTo)
{
    return check(Fields{
        .title = edited ? edited->title : title->text(),
        .from = from->text(),
        .to = to->text(),
        .zone = edited ? editZone : zone->currentText(),
        .severity = edited ? edited->severity : severity->currentText(),
        .baselineFrom = baselineFrom->text(),
        .baselineTo = baselineTo->text(),
    });
}

} // namespace

Result<model::Incident> IncidentDialog::incident() const
{
    const Checked checked
        = checkDialog(m_edited, m_editZone, m_title, m_from, m_to, m_zone, m_severity, m_baselineFrom, m_baselineTo);
    if (!checked.incident)
        return fail(Error::Code::InvalidArgument, checked.problem);
    if (!m_edited)
        return *checked.incident;
    model::Incident edited = *m_edited;
    edited.fromUs = checked.incident->fromUs;
    edited.toUs = checked.incident->toUs;
    edited.baseline = checked.incident->baseline;
    return edited;
}

Result<model::IncidentUpdate> IncidentDialog::update() const
{
    const auto edited = incident();
    if (!edited)
        return std::unexpected(edited.error());
    model::IncidentUpdate update;
    update.fromUs = edited->fromUs;
    update.toUs = edited->toUs;
    update.baseline = edited->baseline;
    return update;
}

QString IncidentDialog::message() const { return m_message->text(); }

bool IncidentDialog::canAccept() const { return m_acceptButton->isEnabled(); }

void IncidentDialog::validate()
{
    const Checked checked
        = checkDialog(m_edited, m_editZone, m_title, m_from, m_to, m_zone, m_severity, m_baselineFrom, m_baselineTo);
    m_acceptButton->setEnabled(checked.incident.has_value());
    QPalette palette = m_message->palette();
    if (checked.incident) {
        // How the window and the baseline are read, in UTC too, so that a wrong zone shows before it
        // is saved.
        const model::Incident& i = *checked.incident;
        QString text = tr("A %1 window: %2.")
                           .arg(model::formatDuration(i.toUs - i.fromUs),
                               WindowTimeFormat(i.fromUs, i.toUs, QTimeZone::utc()).window());
        if (i.baseline)
            text += u'\n'
                + tr("Compared with a %1 baseline: %2.")
                      .arg(model::formatDuration(i.baseline->second - i.baseline->first),
                          WindowTimeFormat(i.baseline->first, i.baseline->second, QTimeZone::utc()).window());
        else
            text += u'\n' + tr("Compared with the automatic baseline.");
        m_message->setText(text);
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

void IncidentDialog::accept()
{
    // Enter in a field must not close the dialog with fields that are wrong.
    if (!canAccept())
        return;
    QDialog::accept();
}

} // namespace aftermath::desktop
