#include "teamdatabasedialog.h"

#include "store/serverlocation.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace aftermath::desktop {

namespace {

const QString sslMode = QStringLiteral("sslmode");
const QString sslRootCert = QStringLiteral("sslrootcert");

bool checksCertificate(const QString& mode) { return mode == u"verify-ca" || mode == u"verify-full"; }

} // namespace

TeamDatabaseDialog::TeamDatabaseDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("teamDatabaseDialog"));
    setWindowTitle(tr("Open Team Database"));

    auto* intro = new QLabel(tr("A team store lives in a PostgreSQL database. Name it by its parts, or paste its "
                                "URL. The password is not asked here: it comes from PGPASSWORD or ~/.pgpass, "
                                "else you are asked once the server wants it, and it is never saved."),
        this);
    intro->setWordWrap(true);

    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(QStringLiteral("postgresql://USER@HOST:5432/DATABASE?sslmode=verify-full"));
    m_urlEdit->setClearButtonEnabled(true);

    m_hostEdit = new QLineEdit(this);
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setPlaceholderText(tr("db.example.org (empty: this computer's socket)"));
    m_portEdit = new QSpinBox(this);
    m_portEdit->setObjectName(QStringLiteral("portEdit"));
    m_portEdit->setRange(0, 65535);
    m_portEdit->setSpecialValueText(tr("5432 (the default)"));
    m_portEdit->setAccelerated(true);
    m_databaseEdit = new QLineEdit(this);
    m_databaseEdit->setObjectName(QStringLiteral("databaseEdit"));
    m_databaseEdit->setPlaceholderText(tr("incidents"));
    m_userEdit = new QLineEdit(this);
    m_userEdit->setObjectName(QStringLiteral("userEdit"));
    m_userEdit->setPlaceholderText(tr("your login name"));

    m_tlsMode = new QComboBox(this);
    m_tlsMode->setObjectName(QStringLiteral("tlsMode"));
    m_tlsMode->addItem(tr("libpq's default (TLS if the server offers it)"), QString());
    m_tlsMode->addItem(tr("Off (disable)"), QStringLiteral("disable"));
    m_tlsMode->addItem(tr("Required, certificate not checked (require)"), QStringLiteral("require"));
    m_tlsMode->addItem(tr("Required, certificate checked (verify-ca)"), QStringLiteral("verify-ca"));
    m_tlsMode->addItem(tr("Required, certificate and host name checked (verify-full)"), QStringLiteral("verify-full"));

    m_caFileEdit = new QLineEdit(this);
    m_caFileEdit->setObjectName(QStringLiteral("caFileEdit"));
    m_caFileEdit->setPlaceholderText(tr("~/.postgresql/root.crt (libpq's default)"));
    m_caFileButton = new QToolButton(this);
    m_caFileButton->setText(tr("Choose…"));
    auto* caRow = new QHBoxLayout;
    caRow->setContentsMargins(0, 0, 0, 0);
    caRow->addWidget(m_caFileEdit, 1);
    caRow->addWidget(m_caFileButton);

    auto* form = new QFormLayout;
    form->addRow(tr("&URL:"), m_urlEdit);
    form->addRow(tr("&Host:"), m_hostEdit);
    form->addRow(tr("&Port:"), m_portEdit);
    form->addRow(tr("&Database:"), m_databaseEdit);
    form->addRow(tr("U&ser:"), m_userEdit);
    form->addRow(tr("&TLS:"), m_tlsMode);
    // A label of its own: a row whose field is a layout gets no buddy, and would show the '&'.
    auto* caLabel = new QLabel(tr("&CA certificate:"), this);
    caLabel->setBuddy(m_caFileEdit);
    form->addRow(caLabel, caRow);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette problemPalette = m_problem->palette();
    problemPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x1c, 0x1c));
    m_problem->setPalette(problemPalette);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_urlEdit, &QLineEdit::textEdited, this, &TeamDatabaseDialog::urlEdited);
    for (QLineEdit* edit : {m_hostEdit, m_databaseEdit, m_userEdit, m_caFileEdit})
        connect(edit, &QLineEdit::textEdited, this, &TeamDatabaseDialog::fieldsEdited);
    connect(m_portEdit, &QSpinBox::valueChanged, this, &TeamDatabaseDialog::fieldsEdited);
    connect(m_tlsMode, &QComboBox::currentIndexChanged, this, &TeamDatabaseDialog::fieldsEdited);
    connect(m_caFileButton, &QToolButton::clicked, this, &TeamDatabaseDialog::chooseCaFile);

    setMinimumWidth(640);
    updateCaFile();
    fieldsEdited();
}

QString TeamDatabaseDialog::url() const { return m_problemText.isEmpty() ? m_url : QString(); }

void TeamDatabaseDialog::setUrl(const QString& url)
{
    m_urlEdit->setText(url);
    m_urlEdit->setCursorPosition(0);
    urlEdited();
}

void TeamDatabaseDialog::urlEdited()
{
    const QString text = m_urlEdit->text().trimmed();
    const auto parsed = store::parseServerUrl(text);
    if (!parsed) {
        m_url.clear();
        showProblem(text.isEmpty() ? tr("Name the database: paste its URL, or fill in the fields below.")
                                   : parsed.error().message);
        return;
    }
    {
        const QSignalBlocker blockers[]
            = {QSignalBlocker(m_hostEdit), QSignalBlocker(m_portEdit), QSignalBlocker(m_databaseEdit),
                QSignalBlocker(m_userEdit), QSignalBlocker(m_tlsMode), QSignalBlocker(m_caFileEdit)};
        m_hostEdit->setText(parsed->host);
        m_portEdit->setValue(parsed->port);
        m_databaseEdit->setText(parsed->database);
        m_userEdit->setText(parsed->user);
        QString mode;
        QString caFile;
        m_otherOptions.clear();
        for (const auto& [name, value] : parsed->options) {
            if (name == sslMode)
                mode = value;
            else if (name == sslRootCert)
                caFile = value;
            else
                m_otherOptions.push_back({name, value});
        }
        const int index = m_tlsMode->findData(mode);
        if (index < 0) // allow, prefer: libpq's own words for what the default does
            m_otherOptions.push_back({sslMode, mode});
        m_tlsMode->setCurrentIndex(std::max(index, 0));
        m_caFileEdit->setText(caFile);
    }
    updateCaFile();
    m_url = parsed->url();
    showProblem(parsed->database.isEmpty() ? tr("Name the database.") : QString());
}

void TeamDatabaseDialog::fieldsEdited()
{
    updateCaFile();
    store::ServerLocation location;
    location.host = m_hostEdit->text().trimmed();
    location.port = m_portEdit->value();
    location.database = m_databaseEdit->text().trimmed();
    location.user = m_userEdit->text().trimmed();
    const QString mode = m_tlsMode->currentData().toString();
    if (!mode.isEmpty())
        location.options.push_back({sslMode, mode});
    const QString caFile = m_caFileEdit->text().trimmed();
    if (checksCertificate(mode) && !caFile.isEmpty())
        location.options.push_back({sslRootCert, QDir::fromNativeSeparators(caFile)});
    for (const auto& option : std::as_const(m_otherOptions)) {
        if (option.first != sslMode || mode.isEmpty())
            location.options.push_back(option);
    }
    const QString composed = location.url();
    {
        const QSignalBlocker blocker(m_urlEdit);
        m_urlEdit->setText(
            location.host.isEmpty() && location.database.isEmpty() && location.user.isEmpty() ? QString() : composed);
        m_urlEdit->setCursorPosition(0); // its start says where; the end is its parameters
    }
    // Read back as a pasted URL would be: the same checks, one place.
    const auto parsed = store::parseServerUrl(composed);
    m_url = parsed ? parsed->url() : QString();
    if (!parsed)
        showProblem(parsed.error().message);
    else if (location.database.isEmpty())
        showProblem(tr("Name the database: paste its URL, or fill in the fields below."));
    else
        showProblem(QString());
}

void TeamDatabaseDialog::updateCaFile()
{
    const bool used = checksCertificate(m_tlsMode->currentData().toString());
    m_caFileEdit->setEnabled(used);
    m_caFileButton->setEnabled(used);
}

void TeamDatabaseDialog::chooseCaFile()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("CA Certificate"), QDir::homePath(), tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    if (file.isEmpty())
        return;
    m_caFileEdit->setText(QDir::toNativeSeparators(file));
    fieldsEdited();
}

void TeamDatabaseDialog::showProblem(const QString& problem)
{
    m_problemText = problem;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Open)->setEnabled(problem.isEmpty());
}

} // namespace aftermath::desktop
