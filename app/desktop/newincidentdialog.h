#pragma once

#include "model/error.h"
#include "model/incident.h"

#include <QDialog>
#include <QTimeZone>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace aftermath::desktop {

// Asks for a new incident: its title, its window (From and To, ISO 8601 times read in the chosen
// zone unless they carry an offset), the zone its timeline is shown in, and a severity. Checks the
// fields as they are typed and says what is wrong; Create stays disabled until they are right.
class NewIncidentDialog : public QDialog {
    Q_OBJECT

public:
    explicit NewIncidentDialog(const QTimeZone& zone, QWidget* parent = nullptr);

    // Fills the fields (the tests' way in; people type).
    void setFields(const QString& title, const QString& from, const QString& to, const QString& zone,
        const QString& severity = {});

    // The incident the fields describe, or what is wrong with them (Error::Code::InvalidArgument,
    // a message that names the field and says what to do).
    Result<model::Incident> incident() const;
    // What the message line says now: the problem, or how the window is read.
    QString message() const;
    // Whether the fields are incomplete or wrong (Create is disabled).
    bool canCreate() const;

    void accept() override;

private:
    void validate();

    QLineEdit* m_title = nullptr;
    QLineEdit* m_from = nullptr;
    QLineEdit* m_to = nullptr;
    QComboBox* m_zone = nullptr;
    QComboBox* m_severity = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_createButton = nullptr;
};

} // namespace aftermath::desktop
