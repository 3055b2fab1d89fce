#pragma once

#include "layering.h"

#include "model/error.h"

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace aftermath::store {

// A team store on a PostgreSQL server, named by a URL where a store path goes:
// postgresql://USER@HOST:PORT/DATABASE?sslmode=require (or postgres://). The one place that tells
// a server from a file. No password: libpq finds it in PGPASSWORD or the password file
// (~/.pgpass, PGPASSFILE), so that the location can be remembered (recent stores, settings) as is.
struct ServerLocation {
    QString user; // empty: libpq's default (PGUSER, else the login name)
    QString host; // empty: libpq's default (PGHOST, else the local socket)
    int port = 0; // 0: libpq's default (PGPORT, else 5432)
    QString database; // empty: libpq's default (the user name)
    // libpq connection parameters from the query (sslmode, connect_timeout, application_name, ...),
    // in the URL's order.
    QList<QPair<QString, QString>> options;

    // The URL, normalised: what Store::path() shows and errors name.
    QString url() const;
    bool operator==(const ServerLocation&) const = default;
};

// Whether `location` names a server (postgresql:// or postgres://) rather than a store file.
bool isServerUrl(const QString& location);

// The server `url` names. Refuses a URL with a password (it would be remembered in plain text: put
// it in PGPASSWORD or ~/.pgpass), an unknown parameter, and one that libpq would read as a
// connection option Aftermath sets itself.
Result<ServerLocation> parseServerUrl(const QString& url);

// Whether opening a server store failed because the server asked for a password that libpq did not
// find (or that was wrong): a front end may then ask for one (OpenOptions::password) and try again.
bool isLoginRefused(const Error& error); // serverstore.cpp

} // namespace aftermath::store
