// The app on a team store (docs/team-store.md), on the test cluster (the ctest fixture
// postgresql_cluster): File › Open Team Database and its inline checks, the password prompt when
// libpq finds no password (never saved, never shown), Open Recent asking again, and an edit kept
// when the server ends the connection, saved once connected again.

#include "apptestsupport.h"
#include "incidentlistmodel.h"
#include "postmortemfixture.h"
#include "postmortempreview.h"
#include "recentstoresmenu.h"
#include "store/serverlocation.h"
#include "teamdatabasedialog.h"
#include "teststore.h"
#include "workspace/postmortemjobs.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

using namespace aftermath;
using namespace aftermath::test::postmortem;
using desktop::TeamDatabaseDialog;
using test::exampleIncident;
using test::isolateSettings;

namespace {

// Answers the window's password prompt each time it shows, with the next of `answers` (an empty
// one cancels), and keeps what each prompt said.
class PasswordAnswers {
public:
    PasswordAnswers(QWidget& window, QStringList answers) : m_answers(std::move(answers))
    {
        QObject::connect(&m_poll, &QTimer::timeout, [this, &window] {
            auto* prompt = window.findChild<QInputDialog*>(QStringLiteral("passwordDialog"));
            if (!prompt || !prompt->isVisible() || prompt == m_last)
                return;
            m_last = prompt;
            prompts << prompt->labelText();
            const QString answer = m_answers.isEmpty() ? QString() : m_answers.takeFirst();
            if (answer.isEmpty()) {
                prompt->reject();
            } else {
                prompt->setTextValue(answer);
                prompt->accept();
            }
        });
        m_poll.start(20);
    }
    QStringList prompts;

private:
    QStringList m_answers;
    QTimer m_poll;
    QPointer<QInputDialog> m_last;
};

// A role whose password is not in the password file, allowed to read and write the store's tables.
QString authorRole(test::TestStore& where)
{
    const QString role = where.createRole(QStringLiteral("author"), QStringLiteral("author-secret"));
    const QString database = store::parseServerUrl(where.location)->database;
    where.exec(QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2").arg(database, role));
    where.exec(QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(role));
    where.exec(QStringLiteral("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %1").arg(role));
    where.exec(QStringLiteral("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %1").arg(role));
    return role;
}

qint64 createStore(const test::TestStore& where)
{
    auto workspace = workspace::Workspace::open(where.location);
    REQUIRE(workspace);
    const auto created = workspace->postmortems().createIncident(exampleIncident());
    REQUIRE(created);
    return created->id;
}

bool anyMessageBox(const QWidget& window)
{
    const auto boxes = window.findChildren<QMessageBox*>();
    return std::ranges::any_of(boxes, [](const QMessageBox* box) { return box->isVisible(); });
}

// Every value in the settings, as text.
QString allSettings()
{
    QSettings settings;
    QString text;
    for (const QString& key : settings.allKeys())
        text += key + u'=' + settings.value(key).toStringList().join(u'|') + settings.value(key).toString() + u'\n';
    return text;
}

} // namespace

TEST_CASE("File › Open Team Database checks what is typed and opens the store, asking for a password libpq lacks",
    "[team][window]")
{
    isolateSettings();
    test::TestStore where;
    REQUIRE(where.onServer());
    createStore(where);
    const QString url = where.locationAs(authorRole(where));

    FixedClock clock{julySecondUs()};
    MainWindow window(clock);
    window.resize(1280, 800);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));

    auto* action = window.findChild<QAction*>(QStringLiteral("openTeamDatabaseAction"));
    REQUIRE(action);
    action->trigger();
    TeamDatabaseDialog* dialog = window.teamDatabaseDialog();
    REQUIRE(dialog);
    REQUIRE(QTest::qWaitForWindowExposed(dialog));
    auto* urlEdit = dialog->findChild<QLineEdit*>(QStringLiteral("urlEdit"));
    auto* problem = dialog->findChild<QLabel*>(QStringLiteral("problemLabel"));
    auto* buttons = dialog->findChild<QDialogButtonBox*>();
    REQUIRE((urlEdit && problem && buttons));
    QPushButton* open = buttons->button(QDialogButtonBox::Open);

    // Nothing named yet: Open waits.
    CHECK_FALSE(open->isEnabled());
    // A password in a pasted URL is refused inline, without repeating it.
    QTest::keyClicks(urlEdit, QStringLiteral("postgresql://dana:hunter2@db.example.org/incidents"));
    CHECK(dialog->problem().contains(QStringLiteral("PGPASSWORD")));
    CHECK(problem->isVisibleTo(dialog));
    CHECK_FALSE(problem->text().contains(QStringLiteral("hunter2")));
    CHECK_FALSE(open->isEnabled());
    CHECK(dialog->url().isEmpty());

    // By its parts: the URL follows them, TLS with the certificate checked against a CA file.
    urlEdit->selectAll();
    QTest::keyClick(urlEdit, Qt::Key_Delete);
    QTest::keyClicks(urlEdit, QStringLiteral("postgresql://dana@db.example.org/incidents"));
    CHECK(dialog->problem().isEmpty());
    auto* tls = dialog->findChild<QComboBox*>(QStringLiteral("tlsMode"));
    auto* caFile = dialog->findChild<QLineEdit*>(QStringLiteral("caFileEdit"));
    REQUIRE((tls && caFile));
    CHECK_FALSE(caFile->isEnabled());
    tls->setCurrentIndex(tls->findData(QStringLiteral("verify-full")));
    CHECK(caFile->isEnabled());
    QTest::keyClicks(caFile, QStringLiteral("/etc/ssl/certs/team-ca.pem"));
    const auto composed = store::parseServerUrl(dialog->url());
    REQUIRE(composed);
    CHECK(composed->host == QStringLiteral("db.example.org"));
    CHECK(composed->user == QStringLiteral("dana"));
    CHECK(composed->database == QStringLiteral("incidents"));
    CHECK(composed->options
        == QList<QPair<QString, QString>>{{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
            {QStringLiteral("sslrootcert"), QStringLiteral("/etc/ssl/certs/team-ca.pem")}});
    CHECK(urlEdit->text() == dialog->url());
    CHECK(open->isEnabled());
    saveShot(*dialog, QStringLiteral("open-team-database.png"));

    // The test cluster's store, pasted: the fields follow the URL.
    urlEdit->selectAll();
    QTest::keyClick(urlEdit, Qt::Key_Delete);
    QTest::keyClicks(urlEdit, url);
    CHECK(dialog->findChild<QLineEdit*>(QStringLiteral("hostEdit"))->text() == QStringLiteral("127.0.0.1"));
    CHECK(dialog->url() == url);

    // Open: libpq finds no password for this role, so the window asks; a wrong one asks again.
    {
        PasswordAnswers answers(window, {QStringLiteral("not-it"), QStringLiteral("author-secret")});
        open->click();
        REQUIRE(QTest::qWaitFor(
            [&] { return window.currentWorkspace() && window.currentWorkspace()->path() == url; }, 30000));
        REQUIRE(answers.prompts.size() == 2);
        CHECK(answers.prompts[0].contains(QStringLiteral("none was found")));
        CHECK(answers.prompts[1].contains(QStringLiteral("refused that password")));
    }
    CHECK_FALSE(anyMessageBox(window));
    CHECK(window.incidentModel()->rowCount() == 1);
    CHECK(window.windowTitle().contains(store::parseServerUrl(url)->database));
    // Remembered by its URL, never with the password.
    CHECK(window.recentStores().value(0) == url);
    CHECK(allSettings().contains(url));
    CHECK_FALSE(allSettings().contains(QStringLiteral("author-secret")));
    CHECK_FALSE(window.windowTitle().contains(QStringLiteral("author-secret")));

    // Open Recent asks again: the password was for that connection only.
    QTemporaryDir dir;
    REQUIRE(window.openStore(dir.filePath(QStringLiteral("mine.sqlite"))));
    auto* recent = window.findChild<desktop::RecentStoresMenu*>(QStringLiteral("recentStoresMenu"));
    REQUIRE(recent);
    const auto recentAction = [&] {
        const auto actions = recent->actions();
        const auto found = std::ranges::find_if(actions, [&](const QAction* a) { return a->data().toString() == url; });
        REQUIRE(found != actions.end());
        return *found;
    };
    {
        // Cancelled: the open store stays, and nothing is reported.
        PasswordAnswers answers(window, {QString()});
        recentAction()->trigger();
        CHECK(answers.prompts.size() == 1);
        CHECK(window.currentWorkspace()->path().endsWith(QStringLiteral("mine.sqlite")));
        CHECK_FALSE(anyMessageBox(window));
    }
    {
        PasswordAnswers answers(window, {QStringLiteral("author-secret")});
        recentAction()->trigger();
        CHECK(answers.prompts.size() == 1);
        CHECK(window.currentWorkspace()->path() == url);
    }
}

TEST_CASE("An edit the server could not take because it ended the connection is kept, and saved on the next try",
    "[team][window]")
{
    isolateSettings();
    test::TestStore where;
    REQUIRE(where.onServer());
    const qint64 id = createStore(where);

    FixedClock clock{julySecondUs()};
    MainWindow window(clock);
    REQUIRE(window.openStore(where.location));
    window.resize(1280, 800);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    REQUIRE(window.showPostmortem(id));
    REQUIRE(QTest::qWaitFor([&] { return !window.timelineView()->isBusy(); }, waitMs));
    PostmortemView& pm = *window.postmortemView();
    const QString typed = QStringLiteral("Reports for NHS E and NHS S went out without last night's rows");
    QTest::keyClicks(textField(pm, QStringLiteral("impact")), typed);

    // The administrator (or a restart) ends the window's connection before the edit is saved.
    where.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND pid <> pg_backend_pid()"));
    CHECK_FALSE(pm.saveEdits());
    CHECK(pm.hasUnsavedEdits());
    CHECK(pm.saveStatus().startsWith(QStringLiteral("Not saved")));
    CHECK(pm.saveStatus().contains(QStringLiteral("connection to the database server was lost")));
    CHECK(textField(pm, QStringLiteral("impact"))->toPlainText() == typed);

    // Tried again (the next pause in typing, leaving the field, or this): connected anew, saved.
    CHECK(pm.saveEdits());
    CHECK_FALSE(pm.hasUnsavedEdits());
    const auto stored = window.currentWorkspace()->postmortems().incident(id);
    REQUIRE(stored);
    CHECK(stored->impact == typed);
}

TEST_CASE("The author's role imports into the team store, a reviewer's role opens it for reading: the title and "
          "status bar say so, and nothing offers to write",
    "[team][window]")
{
    isolateSettings();
    test::TestStore where;
    REQUIRE(where.onServer());
    // The bundled example's evidence and incident in the team store, drafted by its author.
    test::writeExampleStore(where.location);
    const qint64 id = 1;
    const auto drafted = workspace::draftIncident({{where.location, {}}, id});
    INFO((drafted ? QString() : drafted.error().toString()).toStdString());
    REQUIRE(drafted);
    // As docs/team-store.md's administrator sets a reviewer up.
    const QString reviewer = where.createRole(QStringLiteral("reviewer"), QStringLiteral("reader-secret"));
    const QString database = store::parseServerUrl(where.location)->database;
    where.exec(QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2").arg(database, reviewer));
    where.exec(QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(reviewer));
    where.exec(QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(reviewer));

    FixedClock clock{julySecondUs()};
    MainWindow window(clock);
    window.resize(1280, 800);
    window.show();
    REQUIRE(QTest::qWaitForWindowExposed(&window));
    const auto action = [&](const char* name) {
        auto* found = window.findChild<QAction*>(QLatin1StringView(name));
        REQUIRE(found);
        return found;
    };
    auto* status = window.findChild<QLabel*>(QStringLiteral("storeStatus"));
    REQUIRE(status);

    // The author's role: the team store takes imports and edits as a store file does.
    REQUIRE(window.openStore(where.location));
    CHECK_FALSE(window.windowTitle().contains(QStringLiteral("read-only")));
    CHECK(action("importFilesAction")->isEnabled());
    CHECK(action("newIncidentAction")->isEnabled());
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("deploy.log"));
    {
        QFile file(log);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write("2026-06-17T09:00:00Z INFO deploy started for etl-post-funding\n"
                   "2026-06-17T09:01:30Z INFO migration 42 applied\n"
                   "2026-06-17T09:02:00Z INFO deploy finished for etl-post-funding\n");
    }
    {
        QSignalSpy imported(&window, &MainWindow::importFinished);
        REQUIRE(window.importPaths({log}));
        REQUIRE(imported.wait(waitMs));
        REQUIRE(window.lastImport());
        CHECK(window.lastImport()->errorCount() == 0);
        if (auto* summary = window.findChild<QDialog*>(QStringLiteral("importSummaryDialog")))
            summary->close();
    }

    // The reviewer's: read, with the reason in view, and no action that would write.
    {
        PasswordAnswers answers(window, {QStringLiteral("reader-secret")});
        REQUIRE(window.openStoreAskingPassword(where.locationAs(reviewer)));
    }
    CHECK(window.windowTitle().endsWith(QStringLiteral("(read-only)")));
    INFO(status->text().toStdString());
    CHECK(status->text().contains(
        QStringLiteral("read-only: the database role \"%1\" may read it but not write it").arg(reviewer)));
    CHECK(status->text().contains(QStringLiteral("802 events"))); // the example's and the import's
    CHECK_FALSE(action("importFilesAction")->isEnabled());
    CHECK_FALSE(action("importFolderAction")->isEnabled());
    CHECK_FALSE(action("newIncidentAction")->isEnabled());
    REQUIRE(window.showPostmortem(id));
    REQUIRE(QTest::qWaitFor([&] { return !window.timelineView()->isBusy(); }, waitMs));
    CHECK_FALSE(action("windowAction")->isEnabled());
    CHECK(action("exportPostmortemAction")->isEnabled());
    PostmortemView& pm = *window.postmortemView();
    CHECK(pm.timelineModel()->rowCount() == int(drafted->entriesAdded));
    CHECK(textField(pm, QStringLiteral("impact"))->isReadOnly());
    CHECK_FALSE(textField(pm, QStringLiteral("impact"))->toPlainText().isEmpty());
    CHECK_FALSE(pm.draftAction()->isEnabled());
    // The preview renders from the team store's evidence as from a file's.
    const desktop::PostmortemPreview* preview = pm.preview();
    REQUIRE(preview);
    REQUIRE(QTest::qWaitFor(
        [&] { return !preview->isRendering() && preview->markdown().contains(QStringLiteral("PR #412")); }, waitMs));
    saveShot(window, QStringLiteral("team-store-read-only.png"));
    // Typing changes nothing, and there is nothing to save.
    QTest::keyClicks(textField(pm, QStringLiteral("impact")), QStringLiteral("never written"));
    CHECK_FALSE(textField(pm, QStringLiteral("impact"))->toPlainText().contains(QStringLiteral("never written")));
    CHECK_FALSE(pm.hasUnsavedEdits());
    CHECK_FALSE(anyMessageBox(window));
}
