#pragma once

#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace aftermath::desktop {

// File › Open Team Database: names a team store on a PostgreSQL server (docs/team-store.md) by its
// parts (host, port, database, user, TLS mode and CA file) or by a pasted postgresql:// URL, the two
// kept in step and checked as they are typed (store::parseServerUrl), the problem shown under the
// fields and Open disabled until there is none. It never takes a password: libpq finds it
// (PGPASSWORD, ~/.pgpass), or the window asks for it when the server wants one.
class TeamDatabaseDialog : public QDialog {
    Q_OBJECT

public:
    explicit TeamDatabaseDialog(QWidget* parent = nullptr);

    // Fills the fields from `url` (a team store opened before), as if it were pasted.
    void setUrl(const QString& url);
    // The store named, as a normalised URL; empty while there is a problem.
    QString url() const;
    // What is wrong with what was typed, as shown; empty when Open may be pressed.
    QString problem() const { return m_problemText; }

private:
    // The URL was edited: the fields follow it.
    void urlEdited();
    // A field was edited: the URL follows it.
    void fieldsEdited();
    void chooseCaFile();
    void showProblem(const QString& problem);
    void updateCaFile();

    QLineEdit* m_urlEdit = nullptr;
    QLineEdit* m_hostEdit = nullptr;
    QSpinBox* m_portEdit = nullptr;
    QLineEdit* m_databaseEdit = nullptr;
    QLineEdit* m_userEdit = nullptr;
    QComboBox* m_tlsMode = nullptr;
    QLineEdit* m_caFileEdit = nullptr;
    QToolButton* m_caFileButton = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QString m_problemText;
    QString m_url;
    // The URL's parameters that have no field (connect_timeout, application_name...), kept as given.
    QList<QPair<QString, QString>> m_otherOptions;
};

} // namespace aftermath::desktop
