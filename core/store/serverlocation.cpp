#include "serverlocation.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <array>

namespace aftermath::store {

namespace {

using Code = Error::Code;

// The libpq connection parameters a URL may set (libpq's "Parameter Key Words"). Not the user,
// host, port or database, which the URL names itself; never the password.
constexpr std::array<const char*, 16> knownOptions = {"sslmode", "sslrootcert", "sslcert", "sslkey", "sslcrl",
    "sslcrldir", "sslsni", "sslcompression", "channel_binding", "gssencmode", "connect_timeout", "application_name",
    "options", "target_session_attrs", "passfile", "keepalives"};

bool isKnown(const QString& name)
{
    return std::ranges::any_of(knownOptions, [&](const char* known) { return name == QLatin1StringView(known); });
}

} // namespace

bool isServerUrl(const QString& location)
{
    return location.startsWith(QLatin1StringView("postgresql://"), Qt::CaseInsensitive)
        || location.startsWith(QLatin1StringView("postgres://"), Qt::CaseInsensitive);
}

QString ServerLocation::url() const
{
    // Written out rather than through QUrl, which drops the "//" of a URL without a host (the
    // local socket: postgresql:///DATABASE).
    auto encoded = [](const QString& text) { return QString::fromLatin1(QUrl::toPercentEncoding(text)); };
    QString url = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        url += encoded(user) + u'@';
    url += host.contains(u':') ? u'[' + host + u']' : QString::fromLatin1(QUrl::toAce(host));
    if (port > 0)
        url += u':' + QString::number(port);
    url += u'/' + encoded(database);
    for (qsizetype i = 0; i < options.size(); ++i)
        // A value may keep '/' and ':' (a CA file's path reads as itself); '&', '=', '#' are encoded.
        url += (i == 0 ? u'?' : u'&') + encoded(options[i].first) + u'='
            + QString::fromLatin1(QUrl::toPercentEncoding(options[i].second, "/:"));
    return url;
}

Result<ServerLocation> parseServerUrl(const QString& text)
{
    // What errors show: the URL as given, but never a password in it.
    QUrl shown(text);
    shown.setPassword(QString());
    if (QUrlQuery shownQuery(shown); shownQuery.hasQueryItem(QStringLiteral("password"))) {
        shownQuery.removeAllQueryItems(QStringLiteral("password"));
        shown.setQuery(shownQuery);
    }
    const QString where = shown.isValid() ? shown.toString(QUrl::RemovePassword) : QStringLiteral("the database URL");
    if (!isServerUrl(text))
        return fail(Code::InvalidArgument,
            QStringLiteral("a server store is named postgresql://USER@HOST:PORT/DATABASE"), where);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(Code::InvalidArgument,
            QStringLiteral("this is not a valid URL (%1); write it as postgresql://USER@HOST:PORT/DATABASE")
                .arg(url.errorString()),
            where);
    if (!url.password().isEmpty())
        return fail(Code::InvalidArgument,
            QStringLiteral("the URL holds a password, which would be remembered in plain text; remove it from the "
                           "URL and put it in PGPASSWORD or ~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD, mode 0600)"),
            where);
    ServerLocation location;
    location.user = url.userName(QUrl::FullyDecoded);
    location.host = url.host();
    location.port = std::max(url.port(), 0);
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.database.contains(u'/'))
        return fail(
            Code::InvalidArgument, QStringLiteral("the URL's path is the database's name, which has no '/'"), where);
    const QUrlQuery query(url);
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (name == u"password")
            return fail(Code::InvalidArgument,
                QStringLiteral("the URL holds a password, which would be remembered in plain text; remove it and "
                               "put it in PGPASSWORD or ~/.pgpass (HOST:PORT:DATABASE:USER:PASSWORD, mode 0600)"),
                where);
        if (!isKnown(name))
            return fail(Code::InvalidArgument,
                QStringLiteral("the URL sets \"%1\", which is not a connection parameter Aftermath passes on; it "
                               "takes %2")
                    .arg(name,
                        [] {
                            QStringList names;
                            for (const char* known : knownOptions)
                                names << QString::fromLatin1(known);
                            return names.join(QStringLiteral(", "));
                        }()),
                where);
        if (value.contains(u';'))
            return fail(Code::InvalidArgument,
                QStringLiteral("the URL's \"%1\" holds a ';', which Qt's PostgreSQL driver cannot pass on").arg(name),
                where);
        location.options.push_back({name, value});
    }
    return location;
}

} // namespace aftermath::store
