#pragma once

#include "layering.h"

#include "model/clock.h"

#include <QString>

#include <chrono>
#include <vector>

namespace aftermath::store {

// How a store is opened.
struct OpenOptions {
    enum class Access { ReadWrite, ReadOnly };
    Access access = Access::ReadWrite;
    bool create = true; // create the file when it does not exist (ReadWrite only)
    std::chrono::milliseconds busyTimeout{5000};
    const Clock* clock = nullptr; // nullptr: Clock::system()
    // A team store's password, for when libpq finds none itself (PGPASSWORD, the password file) and
    // a person typed it in a prompt: held in memory for the connections to that store (the store's,
    // its jobs'), never written anywhere (settings, the URL, errors).
    QString password = {};
};

struct TableCount {
    QString table;
    qint64 rows = 0;
};

// What `aftermath-cli info` shows.
struct StoreInfo {
    QString path;
    int schemaVersion = 0;
    std::vector<TableCount> counts;
};

} // namespace aftermath::store
