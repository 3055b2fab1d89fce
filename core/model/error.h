#pragma once

#include <QString>

#include <expected>

namespace aftermath {

// What went wrong, in words a user can act on. Core APIs return Result<T> instead of throwing.
struct Error {
    enum class Code {
        InvalidArgument, // the caller passed something unusable (bad time, unknown zone, ...)
        NotFound, // a file, store or record does not exist
        Io, // reading or writing a file failed
        NotAStore, // the file is not an SQLite database, or not one of Aftermath's
        NewerVersion, // the store was written by a newer Aftermath
        ReadOnly, // the store cannot be written
        Locked, // another program holds the store's lock
        Corrupt, // SQLite reports the file as damaged
        Database, // any other database failure
        Cancelled,
    };

    Code code = Code::Database;
    QString message; // one sentence saying what happened and what to do
    QString context; // the file (and line) it concerns, when there is one

    // "context: message", or just the message.
    QString toString() const { return context.isEmpty() ? message : context + QStringLiteral(": ") + message; }

    bool operator==(const Error&) const = default;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Error::Code code, QString message, QString context = {})
{
    return std::unexpected(Error{code, std::move(message), std::move(context)});
}

} // namespace aftermath
