#pragma once

#include "model/error.h"
#include "model/incident.h"

#include <QDialog>
#include <QTimeZone>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace aftermath::desktop {

// Adds or edits one entry of a postmortem's curated timeline: when (an ISO 8601 time read in the
// incident's zone unless it carries an offset, and an optional end), what happened and a note.
// The events an entry cites are kept as they are. Checks the fields as they are typed.
class TimelineEntryDialog : public QDialog {
    Q_OBJECT

public:
    // Edits `entry` (a new one when its id is 0), its times shown in `zone`.
    TimelineEntryDialog(const model::TimelineEntry& entry, const QTimeZone& zone, QWidget* parent = nullptr);

    // Fills the fields (the tests' way in; people type).
    void setFields(const QString& time, const QString& end, const QString& text, const QString& note);

    // The entry the fields describe, or what is wrong with them.
    Result<model::TimelineEntry> entry() const;
    QString message() const;
    bool canSave() const;

    void accept() override;

private:
    void validate();

    model::TimelineEntry m_entry;
    QTimeZone m_zone;
    QString m_initialTime; // unchanged text keeps the stored microseconds
    QString m_initialEnd;
    QLineEdit* m_time = nullptr;
    QLineEdit* m_end = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QPlainTextEdit* m_note = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_saveButton = nullptr;
};

} // namespace aftermath::desktop
