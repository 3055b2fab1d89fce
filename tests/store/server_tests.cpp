// A store on PostgreSQL (docs/team-store.md): the URL that names it, connecting (the password from
// libpq's own sources, errors that name the URL without a password), the schema's version record
// shared with SQLite, refusals (another application's database, a newer schema), and what is the
// server's own in the evidence half (COPY, event_words, the writers' lock). Runs on
// the test cluster (the ctest fixture postgresql_cluster); the postmortem cases run on it too
// (postmortem_tests.cpp), and so do the evidence cases tagged [engines].

#include "store/eventblock.h"
#include "store/migrations.h"
#include "store/serverlocation.h"
#include "store/store.h"

#include "teststore.h"
#include "testsupport.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <limits>

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

namespace {

// Events of two sources, enough for several blocks each, some long enough to be compressed.
std::vector<model::Event> someEvents(qint64 first, qint64 second, int count)
{
    std::vector<model::Event> events;
    for (int i = 0; i < count; ++i) {
        auto e = test::makeEvent(i % 3 == 0 ? second : first, test::incidentNightUs + qint64(i / 2) * 1000, i,
            QStringLiteral("step %1 of reconcile-acme: %2").arg(i).arg(i % 7 == 0 ? QStringLiteral("failed") : QStringLiteral("ok")),
            i % 7 == 0 ? model::Level::Error : model::Level::Info);
        if (i % 5 == 0)
            e.raw = QStringLiteral("{\"msg\":\"step %1\",\"payload\":\"%2\"}").arg(i).arg(QString(200, u'x'));
        events.push_back(e);
    }
    return events;
}

qint64 importInto(Store& store)
{
    auto tx = store.evidence().beginEvidence();
    REQUIRE(tx);
    const qint64 first = *(*tx)->addSource(test::makeSource(QStringLiteral("etl.log")));
    const qint64 second = *(*tx)->addSource(test::makeSource(QStringLiteral("api.json"), QStringLiteral("jsonl")));
    REQUIRE((*tx)->addEvents(someEvents(first, second, 5000)));
    REQUIRE((*tx)->commit());
    return first;
}

std::vector<qint64> idsOf(const std::vector<EventPosition>& positions)
{
    std::vector<qint64> ids;
    for (const auto& p : positions)
        ids.push_back(p.id);
    return ids;
}

EventQuery textQuery(const QString& typed)
{
    EventQuery query;
    query.text = model::TextQuery::parse(typed);
    return query;
}

// The ids of the events `query` matches, read one by one: what a search must give.
std::vector<qint64> scanned(const Store& store, const EventQuery& query)
{
    std::vector<qint64> ids;
    REQUIRE(store.evidence().forEachEvent({}, [&](const model::StoredEvent& e) {
        if (query.matches(e.event, e.sourceName))
            ids.push_back(e.event.id);
        return true;
    }));
    return ids;
}

} // namespace

TEST_CASE("a server store holds the same event blocks as a store file, byte for byte, with the same ids", "[server]")
{
    test::TestStore where;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("s.sqlite"));
    std::vector<std::vector<model::StoredEvent>> read;
    for (const QString& location : {where.location, file}) {
        auto store = Store::open(location);
        REQUIRE(store);
        importInto(*store);
        auto events = store->evidence().events({});
        REQUIRE(events);
        CHECK(events->size() == 5000);
        read.push_back(*events);
    }
    REQUIRE(read[0].size() == read[1].size());
    for (std::size_t i = 0; i < read[0].size(); ++i) {
        CHECK(read[0][i].event == read[1][i].event);
        CHECK(read[0][i].sourceName == read[1][i].sourceName);
    }
    const QString columns = QStringLiteral("SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks "
                                           "ORDER BY id");
    const auto server = where.rows(columns);
    std::vector<QVariantList> local;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocks-file"));
        db.setDatabaseName(file);
        REQUIRE(db.open());
        QSqlQuery query(db);
        REQUIRE(query.exec(columns));
        while (query.next()) {
            QVariantList row;
            for (int i = 0; i < 7; ++i)
                row.push_back(query.value(i));
            local.push_back(row);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("blocks-file"));
    REQUIRE(server.size() == local.size());
    REQUIRE(server.size() >= 6);
    bool compressed = false;
    for (std::size_t i = 0; i < server.size(); ++i) {
        for (int c = 0; c < 6; ++c)
            CHECK(server[i][c].toLongLong() == local[i][c].toLongLong());
        CHECK(server[i][6].toByteArray() == local[i][6].toByteArray());
        compressed = compressed || server[i][5].toInt() == 2;
    }
    CHECK(compressed);
}

TEST_CASE("a failed or abandoned import on a server store leaves nothing, and its ids are never given again",
    "[server]")
{
    test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        const qint64 source = *(*tx)->addSource(test::makeSource(QStringLiteral("etl.log")));
        REQUIRE((*tx)->addEvents(someEvents(source, source, 100)));
    } // abandoned
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE((*tx)->addSource(test::makeSource(QStringLiteral("etl.log"))));
        const auto orphans = (*tx)->addEvents(someEvents(999, 999, 10));
        REQUIRE_FALSE(orphans);
        CHECK(orphans.error().message.contains(QStringLiteral("foreign key")));
        CHECK(orphans.error().context == where.location);
    } // failed
    CHECK(store->evidence().sources()->empty());
    CHECK(store->evidence().countEvents({}) == 0);
    CHECK(where.rows(QStringLiteral("SELECT count(*) FROM event_blocks")).front().front().toLongLong() == 0);

    importInto(*store);
    const auto events = store->evidence().events({});
    REQUIRE(events);
    REQUIRE(events->size() == 5000);
    // The abandoned import's block took id 1: the events now begin after its ids.
    for (const auto& e : *events)
        CHECK(e.event.id > blocks::maxEvents);
}

TEST_CASE("a server store's writers wait for each other: an import holds off another import and a postmortem write",
    "[server]")
{
    test::TestStore where;
    auto first = Store::open(where.location);
    REQUIRE(first);
    auto second = Store::open(where.location, {.busyTimeout = std::chrono::milliseconds(200)});
    REQUIRE(second);
    auto tx = first->evidence().beginEvidence();
    REQUIRE(tx);
    // Opening the store meanwhile, as the app or a job does, does not wait for the writer: a store at
    // this schema version needs no upgrade, and so not the lock.
    CHECK(Store::open(where.location, {.busyTimeout = std::chrono::milliseconds(200)}).has_value());
    const auto locked = second->evidence().beginEvidence();
    REQUIRE_FALSE(locked);
    CHECK(locked.error().code == Code::Locked);
    // A write of several postmortem writes takes the same lock.
    const auto edited = second->postmortems().atomically([] { return Result<void>(); });
    REQUIRE_FALSE(edited);
    CHECK(edited.error().code == Code::Locked);
    std::atomic_bool cancel = false;
    bool told = false;
    model::WriteWait wait{[&] {
                              told = true;
                              cancel = true;
                          },
        &cancel};
    const auto cancelled = second->evidence().beginEvidence(wait);
    REQUIRE_FALSE(cancelled);
    CHECK(told);
    CHECK(cancelled.error().code == Code::Cancelled);
    REQUIRE((*tx)->commit());
    CHECK(second->evidence().beginEvidence().has_value());
}

TEST_CASE("on a server store, searches through event_words give what reading every event gives, and a block too "
          "large to index is still found",
    "[server]")
{
    test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    importInto(*store);
    // One event whose words do not fit in a tsvector (1 MB): its block is left unindexed.
    QString huge = QStringLiteral("giant");
    for (int i = 0; i < 90000; ++i)
        huge += QStringLiteral(" w%1unique").arg(i);
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        const qint64 source = *(*tx)->addSource(test::makeSource(QStringLiteral("huge.log")));
        REQUIRE((*tx)->addEvents(std::vector{test::makeEvent(source, test::incidentNightUs + 500, 0, huge)}));
        REQUIRE((*tx)->commit());
    }
    const QStringList typed = {QStringLiteral("failed"), QStringLiteral("reconcile-acme"), QStringLiteral("STEP 12"),
        QStringLiteral("w777unique"), QStringLiteral("w8888uni"), QStringLiteral("giant"), QStringLiteral("\"of reconcile\""),
        QStringLiteral("payload -failed"), QStringLiteral("xxxx"), QStringLiteral("nothing-like-this"), QStringLiteral("o'brien \\")};
    std::vector<std::vector<qint64>> before;
    for (const QString& text : typed)
        before.push_back(idsOf(*store->evidence().findEventPositions(textQuery(text))));

    auto updated = store->evidence().updateSearchIndex();
    REQUIRE(updated);
    CHECK(updated->eventsIndexed == 5001);
    CHECK_FALSE(store->evidence().searchIndexStatus()->lags());
    CHECK(store->evidence().searchIndexStatus()->indexedEvents == 5001);
    CHECK(where.rows(QStringLiteral("SELECT count(*) FROM event_words WHERE words IS NULL")).front().front().toInt() == 1);
    CHECK(where.rows(QStringLiteral("SELECT count(*) FROM event_words WHERE words IS NOT NULL")).front().front().toInt()
        >= 5);
    for (qsizetype i = 0; i < typed.size(); ++i) {
        INFO(typed[i].toStdString());
        const auto expected = scanned(*store, textQuery(typed[i]));
        CHECK(before[std::size_t(i)] == expected);
        CHECK(idsOf(*store->evidence().findEventPositions(textQuery(typed[i]))) == expected);
    }
    CHECK(idsOf(*store->evidence().findEventPositions(textQuery(QStringLiteral("w777unique")))).size() == 1);

    // The index is what a search reads: a block's words taken out behind its back are not found.
    where.exec(QStringLiteral("UPDATE event_words SET words = ''::tsvector WHERE block_id = 1"));
    const auto failed = idsOf(*store->evidence().findEventPositions(textQuery(QStringLiteral("failed"))));
    CHECK(failed.size() < scanned(*store, textQuery(QStringLiteral("failed"))).size());

    // A removed source's blocks leave the index with it.
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE((*tx)->deleteSource(store->evidence().sources()->back().id));
        REQUIRE((*tx)->commit());
    }
    CHECK(where.rows(QStringLiteral("SELECT count(*) FROM event_words WHERE words IS NULL")).front().front().toInt() == 0);
    CHECK(store->evidence().searchIndexStatus()->indexedEvents == 5000);
    CHECK(store->evidence().findEventPositions(textQuery(QStringLiteral("giant")))->empty());
}

TEST_CASE("SQL over events is refused on a server store, saying what to do instead", "[server]")
{
    test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    const auto sql = store->evidence().query({.statement = QStringLiteral("SELECT 1")}, {});
    REQUIRE_FALSE(sql);
    CHECK(sql.error().message.contains(QStringLiteral("not available on a PostgreSQL store")));
    CHECK(sql.error().message.contains(QStringLiteral("store file")));
}

TEST_CASE("on a server store, a visitor of forEachEvent may read the store again while the blocks stream",
    "[server]")
{
    test::TestStore where;
    auto store = Store::open(where.location);
    REQUIRE(store);
    importInto(*store);
    qint64 visited = 0;
    qint64 lastTime = std::numeric_limits<qint64>::min();
    REQUIRE(store->evidence().forEachEvent({}, [&](const model::StoredEvent& e) {
        CHECK(e.event.timeUs >= lastTime);
        lastTime = e.event.timeUs;
        if (++visited % 500 == 1) {
            CHECK(store->evidence().sources()->size() == 2);
            const auto again = store->evidence().eventsWithIds(std::vector<qint64>{e.event.id});
            REQUIRE(again);
            REQUIRE(again->size() == 1);
            CHECK(again->front().event == e.event);
        }
        return true;
    }));
    CHECK(visited == 5000);
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
    // Opened for writing, it knows at once that it cannot write, and why.
    CHECK(opened->isReadOnly());
    CHECK(opened->readOnlyReason().contains(QStringLiteral("the database role \"%1\" may read it but not write it")
                                                .arg(reader)));
    CHECK(opened->readOnlyReason().contains(QStringLiteral("action_items")));
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
    CHECK(updated.error().message.contains(QStringLiteral("may read it but not write it")));
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
