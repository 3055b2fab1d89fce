#include "timelineentrydialog.h"

#include "model/timeformat.h"
#include "model/timestamp.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aftermath::desktop {

using model::WindowTimeFormat;
using Precision = model::WindowTimeFormat::Precision;

TimelineEntryDialog::TimelineEntryDialog(const model::TimelineEntry& entry, const QTimeZone& zone, QWidget* parent)
    : QDialog(parent), m_entry(entry), m_zone(zone)
{
    setObjectName(QStringLiteral("timelineEntryDialog"));
    setWindowTitle(entry.id == 0 ? tr("Add Timeline Entry") : tr("Edit Timeline Entry"));

    // As exact as the entry is, so that an untouched time stays the same instant.
    m_initialTime = WindowTimeFormat::dateTime(entry.timeUs, zone, Precision::Fraction);
    m_initialEnd = entry.endUs ? WindowTimeFormat::dateTime(*entry.endUs, zone, Precision::Fraction) : QString();

    m_time = new QLineEdit(m_initialTime, this);
    m_time->setObjectName(QStringLiteral("entryTime"));
    m_time->setPlaceholderText(QStringLiteral("2026-06-18 02:02:43"));
    m_end = new QLineEdit(m_initialEnd, this);
    m_end->setObjectName(QStringLiteral("entryEnd"));
    m_end->setPlaceholderText(tr("optional, for something that lasted"));
    m_text = new QPlainTextEdit(entry.text, this);
    m_text->setObjectName(QStringLiteral("entryText"));
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(tr("What happened, in a sentence"));
    m_text->setMinimumWidth(m_text->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 64);
    m_text->setFixedHeight(m_text->fontMetrics().lineSpacing() * 4 + 12);
    m_text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_note = new QPlainTextEdit(entry.note, this);
    m_note->setObjectName(QStringLiteral("entryNote"));
    m_note->setTabChangesFocus(true);
    m_note->setPlaceholderText(tr("optional: why it matters, who did it"));
    m_note->setFixedHeight(m_note->fontMetrics().lineSpacing() * 3 + 12);
    m_note->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    auto* hint = new QLabel(
        tr("Times are in %1 unless they carry an offset (2026-06-18T01:02:43Z).").arg(QString::fromUtf8(zone.id())),
        this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Time:"), m_time);
    form->addRow(tr("&Until:"), m_end);
    form->addRow(tr("&What happened:"), m_text);
    form->addRow(tr("&Note:"), m_note);
    if (!entry.eventIds.empty()) {
        auto* cites = new QLabel(entry.eventIds.size() == 1
                ? tr("Cites 1 event; it keeps citing it.")
                : tr("Cites %1 events; it keeps citing them.").arg(entry.eventIds.size()),
            this);
        cites->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(tr("Evidence:"), cites);
    }

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("entryMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2 + 4);
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_saveButton = buttons->addButton(entry.id == 0 ? tr("&Add Entry") : tr("&Save"), QDialogButtonBox::AcceptRole);
    m_saveButton->setObjectName(QStringLiteral("saveEntryButton"));
    m_saveButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &TimelineEntryDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    for (QLineEdit* edit : {m_time, m_end})
        connect(edit, &QLineEdit::textChanged, this, &TimelineEntryDialog::validate);
    connect(m_text, &QPlainTextEdit::textChanged, this, &TimelineEntryDialog::validate);
    validate();
    (entry.id == 0 ? static_cast<QWidget*>(m_text) : m_time)->setFocus();
}

void TimelineEntryDialog::setFields(const QString& time, const QString& end, const QString& text, const QString& note)
{
    m_time->setText(time);
    m_end->setText(end);
    m_text->setPlainText(text);
    m_note->setPlainText(note);
    validate();
}

Result<model::TimelineEntry> TimelineEntryDialog::entry() const
{
    model::TimelineEntry entry = m_entry;
    const auto readTime = [this](const QString& text, const QString& initial, qint64 initialUs,
                              const QString& label) -> Result<qint64> {
        // Untouched, it keeps the stored instant to the microsecond.
        if (text.trimmed() == initial)
            return initialUs;
        auto time = model::parseIsoTime(text.trimmed(), m_zone);
        if (!time)
            return fail(Error::Code::InvalidArgument, label + QStringLiteral(": ") + time.error().message + u'.');
        return *time;
    };
    if (m_time->text().trimmed().isEmpty())
        return fail(Error::Code::InvalidArgument, tr("Enter when it happened (Time)."));
    const auto time = readTime(m_time->text(), m_initialTime, m_entry.timeUs, tr("Time"));
    if (!time)
        return std::unexpected(time.error());
    entry.timeUs = *time;
    entry.endUs.reset();
    if (!m_end->text().trimmed().isEmpty()) {
        const auto end = readTime(m_end->text(), m_initialEnd, m_entry.endUs.value_or(0), tr("Until"));
        if (!end)
            return std::unexpected(end.error());
        if (*end < *time)
            return fail(Error::Code::InvalidArgument,
                tr("Until (%1) is before Time (%2); give the later time there, or leave it empty.")
                    .arg(WindowTimeFormat::dateTime(*end, m_zone, Precision::Seconds),
                        WindowTimeFormat::dateTime(*time, m_zone, Precision::Seconds)));
        entry.endUs = *end;
    }
    entry.text = m_text->toPlainText().trimmed();
    if (entry.text.isEmpty())
        return fail(Error::Code::InvalidArgument, tr("Say what happened."));
    entry.note = m_note->toPlainText().trimmed();
    return entry;
}

QString TimelineEntryDialog::message() const { return m_message->text(); }

bool TimelineEntryDialog::canSave() const { return m_saveButton->isEnabled(); }

void TimelineEntryDialog::validate()
{
    const auto checked = entry();
    m_saveButton->setEnabled(checked.has_value());
    QPalette palette = m_message->palette();
    if (checked) {
        // The instant in the zone and in UTC, so that a time read in the wrong zone shows.
        m_message->setText(tr("At %1 (%2).")
                               .arg(WindowTimeFormat::full(checked->timeUs, m_zone, Precision::Seconds),
                                   WindowTimeFormat::full(checked->timeUs, QTimeZone::utc(), Precision::Seconds)));
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    } else {
        m_message->setText(checked.error().message);
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    }
    m_message->setPalette(palette);
}

void TimelineEntryDialog::accept()
{
    if (!canSave())
        return;
    QDialog::accept();
}

} // namespace aftermath::desktop
