#pragma once

// Where a store test keeps its store, on the engine the run is for. SQLite: a file in a temporary
// folder. PostgreSQL, when AFTERMATH_TEST_POSTGRESQL names the folder of the test cluster
// (tests/support/pgcluster.sh, the ctest fixture "postgresql_cluster"): a fresh database there
// for each test case, dropped afterwards. The password reaches libpq through PGPASSFILE, the
// cluster's password file, as a user's ~/.pgpass would: never in a URL.

#include "store/serverlocation.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <vector>

namespace aftermath::test {

// The test cluster's folder, or empty when this run is on SQLite.
inline QString postgresqlCluster() { return qEnvironmentVariable("AFTERMATH_TEST_POSTGRESQL"); }

class TestStore {
public:
    TestStore()
    {
        const QString cluster = postgresqlCluster();
        if (cluster.isEmpty()) {
            location = m_dir.filePath(QStringLiteral("s.sqlite"));
            return;
        }
        qputenv("PGPASSFILE", QFile::encodeName(cluster + QStringLiteral("/pgpass")));
        QFile urlFile(cluster + QStringLiteral("/url"));
        REQUIRE(urlFile.open(QIODevice::ReadOnly));
        const auto admin = store::parseServerUrl(QString::fromUtf8(urlFile.readAll().trimmed()));
        REQUIRE(admin);
        m_admin = *admin;
        static QAtomicInteger<int> counter;
        m_database = QStringLiteral("aftermath_test_%1_%2")
                         .arg(QCoreApplication::applicationPid())
                         .arg(counter.fetchAndAddRelaxed(1));
        adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_database));
        adminExec(QStringLiteral("CREATE DATABASE %1").arg(m_database));
        store::ServerLocation mine = m_admin;
        mine.database = m_database;
        location = mine.url();
    }
    TestStore(const TestStore&) = delete;
    TestStore& operator=(const TestStore&) = delete;
    ~TestStore()
    {
        if (!m_database.isEmpty())
            adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_database));
        for (const QString& role : m_roles)
            adminExec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role));
    }

    bool onServer() const { return !m_database.isEmpty(); }

    // What Store::open takes: a file path or a postgresql:// URL.
    QString location;

    // Runs `sql` in this store's database on a connection of its own (a server store only).
    void exec(const QString& sql) const { run(m_database, sql); }
    // The rows of a query in this store's database, as exec() runs it.
    std::vector<QVariantList> rows(const QString& sql) const
    {
        std::vector<QVariantList> result;
        run(m_database, sql, &result);
        return result;
    }

    // A login role named `prefix` and this store's database, with `password` (which is not in the
    // password file), dropped after the database; returns its name. A server store only.
    QString createRole(const QString& prefix, const QString& password)
    {
        const QString role = prefix + u'_' + m_database;
        adminExec(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role));
        adminExec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(role, password));
        m_roles << role;
        return role;
    }

    // This store's URL with another user.
    QString locationAs(const QString& user) const
    {
        store::ServerLocation as = m_admin;
        as.database = m_database;
        as.user = user;
        return as.url();
    }

private:
    void adminExec(const QString& sql) const { run(m_admin.database, sql); }
    void run(const QString& database, const QString& sql, std::vector<QVariantList>* rows = nullptr) const
    {
        const QString name = QStringLiteral("aftermath-test-admin");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(m_admin.host);
            db.setPort(m_admin.port);
            db.setUserName(m_admin.user);
            db.setDatabaseName(database);
            INFO(db.lastError().text().toStdString());
            REQUIRE(db.open());
            QSqlQuery query(db);
            INFO(sql.toStdString());
            const bool ran = query.exec(sql);
            INFO(query.lastError().text().toStdString());
            REQUIRE(ran);
            while (rows && query.next()) {
                QVariantList row;
                for (int i = 0; i < query.record().count(); ++i)
                    row.push_back(query.value(i));
                rows->push_back(row);
            }
        }
        QSqlDatabase::removeDatabase(name);
    }

    QTemporaryDir m_dir;
    store::ServerLocation m_admin;
    QString m_database;
    QStringList m_roles;
};

} // namespace aftermath::test
