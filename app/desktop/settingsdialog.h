#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace aftermath::desktop {

// Settings…: the zone times are shown in (every tab), the postmortem template the preview and the
// export start from, and the folder of classification rules the app's imports use. It only asks;
// MainWindow applies what was chosen (settings.h keeps it).
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    // `displayZone`: MainWindow's choice now: empty (each incident's own zone),
    // settings::systemZoneChoice, or an IANA id.
    SettingsDialog(const QByteArray& displayZone, QWidget* parent = nullptr);

    QByteArray displayZone() const; // as given, for a valid choice; empty when the field is invalid
    QString templateName() const; // a name, or a user template's path
    QString rulesFolder() const; // empty: none

    // The tests' way in.
    QComboBox* zoneField() const { return m_zone; }
    QComboBox* templateField() const { return m_template; }
    QLineEdit* rulesField() const { return m_rules; }
    QLabel* problemLabel() const { return m_problem; }

    void accept() override;

private:
    void validate();
    void browseRules();

    QComboBox* m_zone = nullptr;
    QComboBox* m_template = nullptr;
    QLineEdit* m_rules = nullptr;
    QLabel* m_rulesNote = nullptr;
    QLabel* m_problem = nullptr;
    bool m_valid = true;
};

} // namespace aftermath::desktop
