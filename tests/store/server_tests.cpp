// A store on PostgreSQL (docs/team-store.md): the URL that names it, connecting (the password from
// libpq's own sources, errors that name the URL without a password), the schema's version record
// shared with SQLite, refusals (another application's database, a newer schema, evidence). Runs on
// the test cluster (the ctest fixture postgresql_cluster); the postmortem cases run on it too
// (postmortem_tests.cpp).

#include "store/migrations.h"
#include "store/serverlocation.h"
#include "store/store.h"

#include "teststore.h"

#include <catch2/catch.hpp>

using namespace aftermath;
using namespace aftermath::store;
using Code = aftermath::Error::Code;

TEST_CASE("a postgresql URL names the user, host, port, database and connection parameters", "[server]")
{
    CHECK(isServerUrl(QStringLiteral("postgresql://u@h/db")));
    CHECK(isServerUrl(QStringLiteral("postgres://u@h/db")));
    CHECK(isServerUrl(QStringLiteral("PostgreSQL://u@h/db")));
    CHECK_FALSE(isServerUrl(QStringLiteral("/home/dana/postgresql/store.sqlite")));
    CHECK_FALSE(isServerUrl(QStringLiteral("postgresql.sqlite")));

    const auto parsed = parseServerUrl(
        QStringLiteral("postgresql://dana@db.example.org:6543/post%20mortems?sslmode=require&connect_timeout=5"));
    REQUIRE(parsed);
    CHECK(parsed->user == QStringLiteral("dana"));
    CHECK(parsed->host == QStringLiteral("db.example.org"));
    CHECK(parsed->port == 6543);
    CHECK(parsed->database == QStringLiteral("post mortems"));
    CHECK(parsed->options
        == QList<QPair<QString, QString>>{{QStringLiteral("sslmode"), QStringLiteral("require")},
            {QStringLiteral("connect_timeout"), QStringLiteral("5")}});
    // The normalised URL reads back as the same location.
    CHECK(parseServerUrl(parsed->url()) == parsed);
    CHECK(parsed->url().startsWith(QStringLiteral("postgresql://dana@db.example.org:6543/")));

    // A CA file's path reads as itself in the URL; a '&' or '=' in a value cannot end it.
    ServerLocation withCa = *parsed;
    withCa.options = {{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
        {QStringLiteral("sslrootcert"), QStringLiteral("/etc/ssl/team ca.pem")},
        {QStringLiteral("application_name"), QStringLiteral("a&b=c")}};
    CHECK(withCa.url().contains(QStringLiteral("&sslrootcert=/etc/ssl/team%20ca.pem&")));
    CHECK(parseServerUrl(withCa.url()) == withCa);

    // No host: libpq's local socket; the URL keeps its "//".
    const auto socket = parseServerUrl(QStringLiteral("postgresql:///pm"));
    REQUIRE(socket);
    CHECK(socket->host.isEmpty());
    CHECK(socket->database == QStringLiteral("pm"));
    CHECK(socket->url() == QStringLiteral("postgresql:///pm"));

    const auto defaults = parseServerUrl(QStringLiteral("postgres://db.example.org"));
    REQUIRE(defaults);
    CHECK(defaults->user.isEmpty());
    CHECK(defaults->port == 0);
    CHECK(defaults->database.isEmpty());
}

TEST_CASE(
    "a postgresql URL with a password or an unknown parameter is refused, without showing the password", "[server]")
{
    const auto withPassword = parseServerUrl(QStringLiteral("postgresql://dana:hunter2@db.example.org/pm"));
    REQUIRE_FALSE(withPassword);
    CHECK(withPassword.error().code == Code::InvalidArgument);
    CHECK(withPassword.error().message.contains(QStringLiteral("PGPASSWORD")));
    CHECK_FALSE(withPassword.error().toString().contains(QStringLiteral("hunter2")));

    const auto inQuery = parseServerUrl(QStringLiteral("postgresql://dana@db.example.org/pm?password=hunter2"));
    REQUIRE_FALSE(inQuery);
    CHECK_FALSE(inQuery.error().toString().contains(QStringLiteral("hunter2")));

    const auto unknown = parseServerUrl(QStringLiteral("postgresql://dana@db.example.org/pm?sslmod=require"));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.contains(QStringLiteral("sslmode")));
    // Store::open reads the same refusal.
    CHECK(
        Store::open(QStringLiteral("postgresql://dana:hunter2@127.0.0.1:1/pm")).error().code == Code::InvalidArgument);
}

TEST_CASE("a server that cannot be reached is an error naming the URL", "[server]")
{
    // Port 1 on this machine: nothing listens there, so the connection is refused at once.
    const auto opened = Store::open(QStringLiteral("postgresql://dana@127.0.0.1:1/pm?connect_timeout=2"));
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == Code::Io);
    CHECK(opened.error().context.startsWith(QStringLiteral("postgresql://dana@127.0.0.1:1/pm")));
    CHECK(opened.error().message.contains(QStringLiteral("cannot reach the database server")));
}

TEST_CASE("the password comes from libpq's own sources, and a wrong one is an error naming the URL", "[server]")
{
    test::TestStore where;
    REQUIRE(where.onServer());
    // PGPASSFILE (teststore.h): the password file, read by libpq itself.
    auto opened = Store::open(where.location);
    REQUIRE(opened);
    CHECK(opened->path() == where.location);
    CHECK(opened->upgradedFrom() == 0);

    // PGPASSWORD comes first: a wrong one is refused, and the error never holds a password.
    qputenv("PGPASSWORD", "not-the-password");
    const auto refused = Store::open(where.location);
    qunsetenv("PGPASSWORD");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().context == where.location);
    CHECK(refused.error().message.contains(QStringLiteral("refused the login")));
    CHECK_FALSE(refused.error().toString().contains(QStringLiteral("not-the-password")));

    // No such database.
    auto location = parseServerUrl(where.location);
    REQUIRE(location);
    location->database = QStringLiteral("no_such_database");
    const auto missing = Store::open(location->url());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Code::NotFound);
}

TEST_CASE("a server store records its schema version as SQLite does, and refuses a newer one", "[server]")
{
    test::TestStore where;
    // An empty database becomes a store only when creating is allowed, as a missing file does.
    const auto notCreated = Store::open(where.location, {.create = false});
    REQUIRE_FALSE(notCreated);
    CHECK(notCreated.error().code == Code::NotFound);
    {
        auto created = Store::open(where.location);
        REQUIRE(created);
        CHECK(created->upgradedFrom() == 0);
        const auto info = created->info();
        REQUIRE(info);
        CHECK(info->schemaVersion == Store::schemaVersion);
    }
    {
        auto again = Store::open(where.location);
        REQUIRE(again);
        CHECK(again->upgradedFrom() == Store::schemaVersion);
        auto readOnly = Store::open(where.location, {.access = OpenOptions::Access::ReadOnly});
        REQUIRE(readOnly);
        CHECK(readOnly->isReadOnly());
    }
    CHECK(std::size(serverMigrations()) == std::size(schemaMigrations()));
    CHECK(serverMigrations().back().version == Store::schemaVersion);

    where.exec(QStringLiteral("UPDATE aftermath_schema SET version = %1").arg(Store::schemaVersion + 1));
    const auto newer = Store::open(where.location);
    REQUIRE_FALSE(newer);
    CHECK(newer.error().code == Code::NewerVersion);
    CHECK(newer.error().context == where.location);
}

TEST_CASE("a database of another application is left untouched", "[server]")
{
    test::TestStore where;
    where.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)"));
    const auto opened = Store::open(where.location);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == Code::NotAStore);
    const auto readOnly = Store::open(where.location, {.access = OpenOptions::Access::ReadOnly});
    REQUIRE_FALSE(readOnly);
    CHECK(readOnly.error().code == Code::NotAStore);
}

TEST_CASE("a server store holds no evidence and refuses imports, saying they are not on PostgreSQL yet", "[server]")
{
    test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    const auto begun = store->evidence().beginEvidence();
    REQUIRE_FALSE(begun);
    CHECK(begun.error().message.contains(QStringLiteral("not yet on PostgreSQL")));
    CHECK(begun.error().context == where.location);
    const auto sql = store->evidence().query({.statement = QStringLiteral("SELECT 1")}, {});
    REQUIRE_FALSE(sql);
    CHECK(sql.error().message.contains(QStringLiteral("not yet on PostgreSQL")));
    // What it reads is what it holds: nothing, and an index with nothing to do.
    CHECK(store->evidence().sources()->empty());
    CHECK(store->evidence().countEvents({}) == 0);
    CHECK_FALSE(store->evidence().searchIndexStatus()->lags());
    CHECK(store->evidence().updateSearchIndex()->eventsIndexed == 0);
    CHECK(store->evidence().eventsWithIds(std::vector<qint64>{1}).error().code == Code::NotFound);
    // The postmortem half works meanwhile.
    model::Incident incident;
    incident.title = QStringLiteral("Checkout down");
    const auto created = store->postmortems().createIncident(incident);
    REQUIRE(created);
    CHECK(store->postmortems().incident(created->id)->title == incident.title);
}

namespace {

// Collects the warnings Qt prints (its drivers' qWarning) while it lives.
class WarningCapture {
public:
    WarningCapture()
    {
        warnings().clear();
        m_previous = qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
            if (type == QtWarningMsg || type == QtCriticalMsg)
                warnings() << message;
        });
    }
    WarningCapture(const WarningCapture&) = delete;
    WarningCapture& operator=(const WarningCapture&) = delete;
    ~WarningCapture() { qInstallMessageHandler(m_previous); }
    static QStringList& warnings()
    {
        static QStringList captured;
        return captured;
    }

private:
    QtMessageHandler m_previous = nullptr;
};

model::Incident checkoutDown()
{
    model::Incident incident;
    incident.title = QStringLiteral("Checkout down");
    incident.fromUs = 1'750'000'000'000'000;
    incident.toUs = incident.fromUs + 3'600'000'000;
    return incident;
}

} // namespace

TEST_CASE(
    "a reader role reads the postmortems and is refused writes, with nothing written and no driver warning", "[server]")
{
    test::TestStore where;
    REQUIRE(where.onServer());
    qint64 id = 0;
    {
        auto writer = Store::open(where.location);
        REQUIRE(writer);
        const auto created = writer->postmortems().createIncident(checkoutDown());
        REQUIRE(created);
        id = created->id;
        model::ActionItem item;
        item.incidentId = id;
        item.description = QStringLiteral("Add max retries for all steps");
        item.owner = QStringLiteral("dana");
        REQUIRE(writer->postmortems().addActionItem(item));
    }
    // As docs/team-store.md's administrator does ("Setting one up for a team").
    const QString reader = where.createRole(QStringLiteral("reviewer"), QStringLiteral("reader-secret"));
    const QString database = parseServerUrl(where.location)->database;
    where.exec(QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2").arg(database, reader));
    where.exec(QStringLiteral("GRANT USAGE ON SCHEMA public TO %1").arg(reader));
    where.exec(QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(reader));

    // Its password is not in the password file: refused, until it is given.
    const QString url = where.locationAs(reader);
    const auto refused = Store::open(url);
    REQUIRE_FALSE(refused);
    CHECK(isLoginRefused(refused.error()));
    auto opened = Store::open(url, {.password = QStringLiteral("reader-secret")});
    REQUIRE(opened);
    CHECK_FALSE(opened->info()->path.contains(QStringLiteral("reader-secret")));
    PostmortemStore& store = opened->postmortems();

    WarningCapture capture;
    // It lists, shows and reads a whole postmortem (what export reads).
    REQUIRE(store.incidents());
    CHECK(store.incidents()->size() == 1);
    CHECK(store.incident(id)->title == QStringLiteral("Checkout down"));
    const auto postmortem = store.postmortem(id);
    REQUIRE(postmortem);
    CHECK(postmortem->actionItems.size() == 1);

    // Every write is refused as ReadOnly, saying why.
    model::IncidentUpdate update;
    update.summary = QStringLiteral("never written");
    const auto updated = store.updateIncident(id, update);
    REQUIRE_FALSE(updated);
    CHECK(updated.error().code == Code::ReadOnly);
    CHECK(updated.error().message.contains(QStringLiteral("ask its administrator for write access")));
    model::ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("never written");
    CHECK(store.addActionItem(item).error().code == Code::ReadOnly);
    CHECK(store.createIncident(checkoutDown()).error().code == Code::ReadOnly);
    CHECK(store.addRootCause(id, QStringLiteral("never written"), std::nullopt).error().code == Code::ReadOnly);
    // A refusal inside atomically() too.
    const auto atomic = store.atomically([&]() -> Result<void> {
        auto added = store.addActionItem(item);
        return added ? Result<void>() : std::unexpected(added.error());
    });
    CHECK(atomic.error().code == Code::ReadOnly);
    // Qt's driver frees each refused statement without complaint ("Unable to free statement").
    INFO(WarningCapture::warnings().join(u'\n').toStdString());
    CHECK(WarningCapture::warnings().isEmpty());

    // And it still reads; nothing was written.
    CHECK(store.incident(id)->summary.isEmpty());
    CHECK(store.actionItems({})->size() == 1);
    CHECK(store.rootCauses(id)->empty());
    CHECK(store.incidents()->size() == 1);
}

TEST_CASE("a write whose connection was lost fails as one to try again, and the next connects anew", "[server]")
{
    test::TestStore where;
    REQUIRE(where.onServer());
    auto opened = Store::open(where.location, {.busyTimeout = std::chrono::milliseconds(1500)});
    REQUIRE(opened);
    PostmortemStore& store = opened->postmortems();
    const auto created = store.createIncident(checkoutDown());
    REQUIRE(created);
    const qint64 id = created->id;
    // The administrator ends every other connection to the database: the store's.
    const auto terminate = [&] {
        where.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND pid <> pg_backend_pid()"));
    };

    WarningCapture capture;
    terminate();
    model::IncidentUpdate update;
    update.summary = QStringLiteral("Checkout returned 502s for 40 minutes");
    const auto lost = store.updateIncident(id, update);
    REQUIRE_FALSE(lost);
    CHECK(lost.error().code == Code::Io);
    CHECK(lost.error().message.contains(QStringLiteral("connection to the database server was lost")));
    CHECK(lost.error().context == where.location);
    // Tried again: connected anew, with the session's settings (the busy timeout).
    const auto saved = store.updateIncident(id, update);
    REQUIRE(saved);
    CHECK(store.incident(id)->summary == update.summary);

    // Lost in the middle of a write of several parts: none of it is in.
    model::ActionItem item;
    item.incidentId = id;
    item.description = QStringLiteral("Add max retries for all steps");
    const auto half = store.atomically([&]() -> Result<void> {
        if (auto first = store.addActionItem(item); !first)
            return std::unexpected(first.error());
        terminate();
        auto second = store.addActionItem(item);
        return second ? Result<void>() : std::unexpected(second.error());
    });
    REQUIRE_FALSE(half);
    CHECK(half.error().code == Code::Io);
    const auto items = store.actionItems({});
    REQUIRE(items);
    CHECK(items->empty());
    REQUIRE(store.addActionItem(item));
    CHECK(store.actionItems({})->size() == 1);

    // Reads reconnect as well.
    terminate();
    CHECK(store.incident(id).error().code == Code::Io);
    CHECK(store.incident(id)->summary == update.summary);
    INFO(WarningCapture::warnings().join(u'\n').toStdString());
    CHECK(WarningCapture::warnings().isEmpty());
}
