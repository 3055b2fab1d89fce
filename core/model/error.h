#pragma once

#include <QString>

#include <expected>
#include <vector>

namespace aftermath {

// One field of a record that two people changed to different values (Error::Code::Conflict): the
// stored value ("theirs", another writer's) and the one the refused update would have written.
struct FieldConflict {
    QString field; // the model's name for it: "summary", "trigger", "status", "owner", ...
    QString theirs;
    QString mine;

    bool operator==(const FieldConflict&) const = default;
};

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
        // An edit based on an older copy of a record would overwrite what someone else wrote since;
        // `conflicts` says which fields, with both values. Nothing was written.
        Conflict,
    };

    Error() = default;
    // Not an aggregate, so that `conflicts` need not be given where it does not apply.
    Error(Code code, QString message = {}, QString context = {})
        : code(code), message(std::move(message)), context(std::move(context))
    {
    }

    Code code = Code::Database;
    QString message; // one sentence saying what happened and what to do
    QString context; // the file (and line) it concerns, when there is one
    std::vector<FieldConflict> conflicts; // Code::Conflict: each field both writers changed

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
