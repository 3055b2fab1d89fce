// A store on a PostgreSQL server through Qt's QPSQL driver (docs/team-store.md): connecting with
// the password libpq finds itself, the schema history of migrations.cpp with its version in
// aftermath_schema. Its evidence half is serverevidence.cpp.

#include "migrations.h"
#include "serverlocation.h"
#include "storeimpl.h"

#include <QAtomicInteger>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace aftermath::store {

namespace {

using Code = Error::Code;

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("aftermath-server-%1").arg(counter.fetchAndAddRelaxed(1));
}

// libpq's conninfo value, quoted.
QString quoted(QString value)
{
    value.replace(u'\\', QLatin1StringView("\\\\")).replace(u'\'', QLatin1StringView("\\'"));
    return u'\'' + value + u'\'';
}

Result<void> exec(QSqlQuery& query, const QString& sql, const QString& url)
{
    if (!query.exec(sql))
        return std::unexpected(serverError(query.lastError(), url));
    return {};
}

// The schema version of the database (0 when it has no Aftermath schema yet). NotAStore when it
// holds tables of something else.
Result<int> schemaVersionOf(QSqlQuery& query, const QString& url)
{
    if (auto done = exec(query, QStringLiteral("SELECT to_regclass('aftermath_schema') IS NOT NULL"), url); !done)
        return std::unexpected(done.error());
    query.next();
    if (query.value(0).toBool()) {
        if (auto done = exec(query, QStringLiteral("SELECT application_id, version FROM aftermath_schema"), url); !done)
            return std::unexpected(done.error());
        if (!query.next() || query.value(0).toInt() != Store::applicationId)
            return fail(Code::NotAStore,
                QStringLiteral("this database's aftermath_schema table is not Aftermath's; it was left untouched: "
                               "choose another database"),
                url);
        return query.value(1).toInt();
    }
    if (auto done = exec(query,
            QStringLiteral("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"),
            url);
        !done)
        return std::unexpected(done.error());
    query.next();
    if (query.value(0).toLongLong() > 0)
        return fail(Code::NotAStore,
            QStringLiteral("this database holds tables of another application, not an Aftermath store; it was left "
                           "untouched: create an empty database for Aftermath (createdb)"),
            url);
    return 0;
}

// Each step above the database's version in its own transaction, with its version bump, under the
// schema lock: a failure leaves the store at the last complete version, and of two programs opening
// a new database, the second finds the first's work done. Returns the version found.
Result<int> migrateServer(const QSqlDatabase& db, const QString& url)
{
    QSqlQuery query(db);
    // A store already at this version (every open but the first after an upgrade) takes neither the
    // lock, which another person's import may hold for seconds, nor a transaction per step: a
    // version never goes back.
    auto current = schemaVersionOf(query, url);
    if (!current || *current == Store::schemaVersion)
        return current;
    int found = -1;
    for (const ServerMigration& step : serverMigrations()) {
        if (auto begun = exec(query, QStringLiteral("BEGIN"), url); !begun)
            return std::unexpected(begun.error());
        auto applied = exec(query, QString::fromLatin1(serverWriteLockSql()), url);
        Result<int> version = applied ? schemaVersionOf(query, url) : std::unexpected(applied.error());
        if (!version) {
            query.exec(QStringLiteral("ROLLBACK"));
            return version;
        }
        if (found < 0)
            found = *version;
        if (*version > Store::schemaVersion) {
            query.exec(QStringLiteral("ROLLBACK"));
            return fail(Code::NewerVersion,
                QStringLiteral("this store was written by a newer Aftermath (schema version %1; this one understands "
                               "up to %2); it was left untouched: use the newer version")
                    .arg(*version)
                    .arg(Store::schemaVersion),
                url);
        }
        if (*version >= step.version) {
            query.exec(QStringLiteral("COMMIT"));
            continue;
        }
        if (*version == 0)
            applied = exec(query,
                QStringLiteral("CREATE TABLE aftermath_schema (id INTEGER PRIMARY KEY CHECK (id = 1), "
                               "application_id INTEGER NOT NULL, version INTEGER NOT NULL)"),
                url);
        if (applied && *version == 0)
            applied = exec(query,
                QStringLiteral("INSERT INTO aftermath_schema (id, application_id, version) VALUES (1, %1, 0)")
                    .arg(Store::applicationId),
                url);
        const QStringList statements = QString::fromLatin1(step.sql).split(QStringLiteral(";\n"), Qt::SkipEmptyParts);
        for (const QString& statement : statements) {
            if (applied && !statement.trimmed().isEmpty())
                applied = exec(query, statement, url);
        }
        if (applied)
            applied = exec(query, QStringLiteral("UPDATE aftermath_schema SET version = %1").arg(step.version), url);
        if (applied)
            applied = exec(query, QStringLiteral("COMMIT"), url);
        if (!applied) {
            query.exec(QStringLiteral("ROLLBACK"));
            Error error = applied.error();
            error.message = QStringLiteral("upgrading the store to schema version %1 failed and was undone: %2")
                                .arg(step.version)
                                .arg(error.message);
            return std::unexpected(error);
        }
    }
    return found;
}

// What the server (or, for a connection that failed, the driver) said.
QString serverSays(const QSqlError& error)
{
    return (error.databaseText().isEmpty() ? error.driverText() : error.databaseText()).trimmed();
}

// What a refused login says (isLoginRefused() knows it by its start).
QString loginRefusedMessage()
{
    return QStringLiteral("the server refused the login; check the user in the URL and give its password in "
                          "PGPASSWORD or ~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD, mode 0600)");
}

// What every connection to a store runs first, and again after connecting anew: waiting for another
// writer's lock ends as SQLite's busy timeout does; a store opened for reading refuses writes.
Result<void> setUpSession(QSqlQuery& query, std::chrono::milliseconds busyTimeout, const QString& url)
{
    return exec(query, QStringLiteral("SET lock_timeout = %1").arg(busyTimeout.count()), url);
}
Result<void> setReadOnly(QSqlQuery& query, const QString& url)
{
    return exec(query, QStringLiteral("SET default_transaction_read_only = on"), url);
}

// Why the connection's role may not change the store, or nothing when it may: the store's tables
// it lacks INSERT, UPDATE or DELETE on (a reviewer's role, docs/team-store.md).
Result<QString> whyRoleCannotWrite(QSqlQuery& query, const QString& url)
{
    if (auto done = exec(query,
            QStringLiteral("SELECT current_user, c.relname FROM pg_class c WHERE c.relkind = 'r' "
                           "AND c.relnamespace = current_schema()::regnamespace AND NOT (has_table_privilege(c.oid, "
                           "'INSERT') AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE')) "
                           "ORDER BY c.relname"),
            url);
        !done)
        return std::unexpected(done.error());
    QString role;
    QStringList tables;
    while (query.next()) {
        role = query.value(0).toString(); // the same on every row
        tables << query.value(1).toString();
    }
    if (tables.isEmpty())
        return QString();
    const int shown = 3;
    QString named = QStringList(tables.mid(0, shown)).join(QStringLiteral(", "));
    if (tables.size() > shown)
        named += QStringLiteral(" and %1 more").arg(tables.size() - shown);
    return QStringLiteral("the database role \"%1\" may read it but not write it (no write privilege on %2)")
        .arg(role, named);
}

// The SQLSTATEs of a connection that is gone: class 08 (connection exception), and the server
// ending it (57P01 administrator command, 57P02 crash of another backend, 57P03 not accepting
// connections yet).
bool endsConnection(const QString& code)
{
    return code.startsWith(QLatin1StringView("08")) || code == u"57P01" || code == u"57P02" || code == u"57P03";
}

} // namespace

Error serverError(const QSqlError& error, const QString& url)
{
    const QString code = error.nativeErrorCode();
    const QString detail = QStringLiteral(" (PostgreSQL: %1)").arg(serverSays(error));
    const QString text = error.databaseText() + error.driverText();
    if (code == u"55P03" || code == u"40P01" || code == u"40001")
        return {Code::Locked,
            QStringLiteral("the store is busy with another writer; wait for it to finish, then try again") + detail,
            url};
    if (code == u"25006" || code == u"42501")
        return {Code::ReadOnly,
            QStringLiteral("the store cannot be changed with this connection: the database role may not write "
                           "it; ask its administrator for write access")
                + detail,
            url};
    if (code == u"28P01" || code == u"28000" || text.contains(QLatin1StringView("password authentication failed"))
        || text.contains(QLatin1StringView("no password supplied")))
        return {Code::Database, loginRefusedMessage() + detail, url};
    if (code == u"3D000" || (code.isEmpty() && text.contains(QLatin1StringView("does not exist"))))
        return {Code::NotFound,
            QStringLiteral("there is no such database on the server; create it (createdb) or correct the URL") + detail,
            url};
    if (endsConnection(code) || (code.isEmpty() && error.type() == QSqlError::ConnectionError))
        return {Code::Io,
            QStringLiteral("cannot reach the database server; check the host and port in the URL, the network, "
                           "and that the server is running")
                + detail,
            url};
    if (code == u"53100")
        return {Code::Io, QStringLiteral("the database server's disk is full; ask its administrator") + detail, url};
    return {Code::Database, QStringLiteral("the database operation failed") + detail, url};
}

bool isLoginRefused(const Error& error)
{
    return error.code == Code::Database && error.message.startsWith(loginRefusedMessage());
}

Error serverStatementError(const StoreImpl* d, const QSqlError& error)
{
    // Connecting again failed: why (the server cannot be reached, refuses the login...).
    if (d->connectionLost && !d->inTransaction && d->reconnectFailure)
        return *d->reconnectFailure;
    const QSqlDatabase db = QSqlDatabase::database(d->connectionName, false);
    bool lost = d->connectionLost || !db.isOpen() || endsConnection(error.nativeErrorCode());
    if (!lost && error.nativeErrorCode().isEmpty()) {
        // libpq's own errors ("server closed the connection unexpectedly") carry no SQLSTATE: ask
        // the connection. A live one answers, or refuses for the aborted transaction (25P02).
        QSqlQuery probe(db);
        lost = !probe.exec(QStringLiteral("SELECT 1")) && probe.lastError().nativeErrorCode().isEmpty();
    }
    if (lost) {
        d->connectionLost = true;
        const QString detail = serverSays(error);
        return {Code::Io,
            QStringLiteral("the connection to the database server was lost (it restarted, or the network dropped), "
                           "so this was not written; trying again connects anew")
                + (detail.isEmpty() ? QString() : QStringLiteral(" (PostgreSQL: %1)").arg(detail)),
            d->path};
    }
    // A failed statement aborts the transaction: back to the write's savepoint (WriteScope), so
    // that the driver can free the statement before the write is rolled back.
    if (d->inTransaction)
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK TO SAVEPOINT aftermath_write"));
    return serverError(error, d->path);
}

void reconnectServer(const StoreImpl* d)
{
    QSqlDatabase db = QSqlDatabase::database(d->connectionName, false);
    db.close();
    // The same host, user, password and options: the QSqlDatabase keeps them.
    Result<void> ready = db.open() ? Result<void>() : std::unexpected(serverError(db.lastError(), d->path));
    if (ready) {
        QSqlQuery query(db);
        ready = setUpSession(query, d->busyTimeout, d->path);
        if (ready && d->readOnly)
            ready = setReadOnly(query, d->path);
    }
    d->connectionLost = !ready;
    if (ready)
        d->reconnectFailure.reset();
    else
        d->reconnectFailure = ready.error();
}

Result<Store> Store::openServer(const QString& requested, const OpenOptions& options)
{
    auto parsed = parseServerUrl(requested);
    if (!parsed)
        return std::unexpected(parsed.error());
    const ServerLocation& location = *parsed;
    const QString url = location.url();
    const bool writable = options.access == OpenOptions::Access::ReadWrite;

    auto impl = std::make_unique<StoreImpl>();
    impl->engine = Engine::PostgreSql;
    impl->path = url;
    impl->connectionName = nextConnectionName();
    impl->clock = options.clock ? options.clock : &Clock::system();
    impl->busyTimeout = options.busyTimeout;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), impl->connectionName);
    if (!db.isValid())
        return fail(Code::Database,
            QStringLiteral("Qt's PostgreSQL driver is missing; install it with `sudo apt-get install libqt6sql6-psql`"),
            url);
    db.setUserName(location.user);
    db.setHostName(location.host);
    if (location.port > 0)
        db.setPort(location.port);
    db.setDatabaseName(location.database);
    // Without one typed in a prompt, libpq reads PGPASSWORD, then the password file (PGPASSFILE, ~/.pgpass).
    if (!options.password.isEmpty())
        db.setPassword(options.password);
    QStringList connectOptions;
    bool timeoutGiven = false;
    for (const auto& [name, value] : location.options) {
        connectOptions << name + u'=' + quoted(value);
        timeoutGiven = timeoutGiven || name == u"connect_timeout";
    }
    if (!timeoutGiven)
        connectOptions << QStringLiteral("connect_timeout=10");
    db.setConnectOptions(connectOptions.join(u';'));
    if (!db.open())
        return std::unexpected(serverError(db.lastError(), url));

    QSqlQuery query(db);
    if (auto set = setUpSession(query, options.busyTimeout, url); !set)
        return std::unexpected(set.error());
    if (writable && !options.create) {
        // As for a file that is not there: an empty database is made a store only when asked to.
        auto version = schemaVersionOf(query, url);
        if (!version)
            return std::unexpected(version.error());
        if (*version == 0)
            return fail(Code::NotFound,
                QStringLiteral("this database is not yet a store; create it with `aftermath-cli --db URL init`"), url);
    }
    if (writable) {
        auto migrated = migrateServer(db, url);
        if (!migrated)
            return std::unexpected(migrated.error());
        impl->upgradedFrom = *migrated;
        // A reviewer's role opens for reading, saying why, rather than failing at its first save.
        auto cannotWrite = whyRoleCannotWrite(query, url);
        if (!cannotWrite)
            return std::unexpected(cannotWrite.error());
        if (!cannotWrite->isEmpty()) {
            impl->readOnly = true;
            impl->readOnlyReason = *cannotWrite;
            if (auto set = setReadOnly(query, url); !set)
                return std::unexpected(set.error());
        }
    } else {
        auto version = schemaVersionOf(query, url);
        if (!version)
            return std::unexpected(version.error());
        if (*version != schemaVersion)
            return fail(*version > schemaVersion ? Code::NewerVersion : Code::ReadOnly,
                *version == 0 ? QStringLiteral("this database is not yet a store; create it with `aftermath-cli --db "
                                               "URL init`")
                    : *version > schemaVersion
                    ? QStringLiteral("this store was written by a newer Aftermath (schema version %1); use the newer "
                                     "version")
                          .arg(*version)
                    : QStringLiteral("this store is from an older Aftermath and must be upgraded, which needs write "
                                     "access; run `aftermath-cli --db URL init`"),
                url);
        impl->readOnly = true;
        impl->upgradedFrom = schemaVersion;
        if (auto set = setReadOnly(query, url); !set)
            return std::unexpected(set.error());
    }
    return Store(std::move(impl));
}

} // namespace aftermath::store
