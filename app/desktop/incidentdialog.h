#pragma once

#include "model/error.h"
#include "model/incident.h"

#include <QDialog>
#include <QTimeZone>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace aftermath::desktop {

// Asks for an incident's window and the baseline its messages are compared with (From and To,
// ISO 8601 times read in the zone unless they carry an offset), and, for a new incident, its
// title, the zone its timeline is shown in and a severity. Checks the fields as they are typed and
// says what is wrong; the accept button stays disabled until they are right.
class IncidentDialog : public QDialog {
    Q_OBJECT

public:
    // A new incident (Incident › New Incident); times are read in `zone` until another is chosen.
    explicit IncidentDialog(const QTimeZone& zone, QWidget* parent = nullptr);
    // The window and baseline of `incident` (Incident › Window and Baseline), shown and read in
    // `zone`, the zone its timeline is shown in. Its other fields are left as they are.
    IncidentDialog(const model::Incident& incident, const QTimeZone& zone, QWidget* parent = nullptr);

    // Whether it edits an incident that exists, rather than asking for a new one.
    bool editsIncident() const { return m_edited.has_value(); }

    // Fills the fields (the tests' way in; people type). The zone is ignored when editing.
    void setFields(const QString& title, const QString& from, const QString& to, const QString& zone,
        const QString& severity = {});
    // Fills the baseline's fields; both empty: the automatic baseline.
    void setBaseline(const QString& from, const QString& to);

    // The incident the fields describe (when editing: the incident edited, with the window and
    // baseline of the fields), or what is wrong with them (Error::Code::InvalidArgument, a message
    // that names the field and says what to do).
    Result<model::Incident> incident() const;
    // When editing: what the fields change (window and baseline), as the store takes it.
    Result<model::IncidentUpdate> update() const;
    // What the message line says now: the problem, or how the window and baseline are read.
    QString message() const;
    // Whether the fields are complete and right (the accept button is enabled).
    bool canAccept() const;

    void accept() override;

private:
    void build(const QTimeZone& zone);
    void validate();

    std::optional<model::Incident> m_edited;
    QString m_editZone; // the zone an edited incident's times are shown and read in
    QLineEdit* m_title = nullptr;
    QLineEdit* m_from = nullptr;
    QLineEdit* m_to = nullptr;
    QComboBox* m_zone = nullptr;
    QComboBox* m_severity = nullptr;
    QLineEdit* m_baselineFrom = nullptr;
    QLineEdit* m_baselineTo = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_acceptButton = nullptr;
};

} // namespace aftermath::desktop
