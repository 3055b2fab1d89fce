#pragma once

#include "model/clock.h"
#include "model/error.h"
#include "model/event.h"
#include "model/incident.h"
#include "model/source.h"

#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace aftermath::store {

struct OpenOptions {
    enum class Access { ReadWrite, ReadOnly };
    Access access = Access::ReadWrite;
    bool create = true; // create the file when it does not exist (ReadWrite only)
    std::chrono::milliseconds busyTimeout{5000};
    const Clock* clock = nullptr; // nullptr: Clock::system()
};

// An event as read back, with the name of the source it came from.
struct StoredEvent {
    model::Event event;
    QString sourceName;
};

// Which events to read: a time window (inclusive at both ends), optionally after a row already
// seen (keyset paging in (time, source, seq, id) order) and at most `limit` of them.
struct EventFilter {
    std::optional<qint64> fromUs;
    std::optional<qint64> toUs;
    std::optional<StoredEvent> after;
    std::optional<qint64> limit;
};

struct TableCount {
    QString table;
    qint64 rows = 0;
};

struct StoreInfo {
    QString path;
    int schemaVersion = 0;
    std::vector<TableCount> counts;
};

struct StoreImpl;

// One write transaction on a store: everything added through it lands together on commit(), or
// not at all (destroying it uncommitted rolls back). Events go through the raw SQLite handle with
// one prepared statement: the bulk path.
class WriteTransaction {
public:
    WriteTransaction(WriteTransaction&& other) noexcept;
    WriteTransaction& operator=(WriteTransaction&&) = delete;
    WriteTransaction(const WriteTransaction&) = delete;
    ~WriteTransaction();

    // Inserts a source row; returns its id. importedAtUs 0 means "now" from the store's clock.
    Result<qint64> addSource(const model::Source& source);
    // Rewrites a source row (by id), e.g. with its counts once its events are in.
    Result<void> updateSource(const model::Source& source);
    // Removes a source and its events (a file imported again after it changed).
    Result<void> deleteSource(qint64 sourceId);
    // Inserts events; each must carry the sourceId of a source in this store.
    Result<void> addEvents(std::span<const model::Event> events);
    Result<void> commit();

private:
    friend class Store;
    explicit WriteTransaction(StoreImpl* store) : d(store) {}
    StoreImpl* d; // stable across moves of the Store
    bool m_open = true;
};

// An Aftermath store: one SQLite file holding sources, events, incidents, the curated timeline,
// root causes and action items. A Store owns one named database connection and is used only from
// the thread that opened it (open another Store on the same path in another thread).
class Store {
public:
    static constexpr int schemaVersion = 1;
    // PRAGMA application_id of every Aftermath store ("AFTM").
    static constexpr int applicationId = 0x4146544D;

    // Opens (and, for ReadWrite, creates or migrates) the store at `path`. Refuses, without
    // writing a byte, a store from a newer Aftermath, a file that is not an SQLite database, and an
    // SQLite database of another application.
    static Result<Store> open(const QString& path, const OpenOptions& options = {});

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    QString path() const;
    bool isReadOnly() const;
    // The schema version the file had when opened (0 for a new file); equals schemaVersion
    // unless this open upgraded it.
    int upgradedFrom() const;

    Result<StoreInfo> info() const;
    Result<std::vector<model::Source>> sources() const;
    // The latest source imported from `path`, if any.
    Result<std::optional<model::Source>> findSource(const QString& path) const;

    // Calls `visit` for each event matching `filter` in (time, source, seq, id) order, streaming
    // from the database; `visit` returns false to stop early.
    Result<void> forEachEvent(const EventFilter& filter, const std::function<bool(const StoredEvent&)>& visit) const;
    Result<std::vector<StoredEvent>> events(const EventFilter& filter) const;
    Result<qint64> countEvents(const EventFilter& filter) const;

    // Incidents. createIncident fills id and the created/updated times from the store's clock.
    Result<model::Incident> createIncident(model::Incident incident);
    Result<std::vector<model::Incident>> incidents() const;
    // Error::Code::NotFound when there is no such incident.
    Result<model::Incident> incident(qint64 id) const;

    // Starts a write transaction (BEGIN IMMEDIATE: it waits up to the busy timeout for another
    // writer, then fails with Error::Code::Locked). One at a time per Store.
    Result<WriteTransaction> beginWrite();

private:
    explicit Store(std::unique_ptr<StoreImpl> impl);
    std::unique_ptr<StoreImpl> d;
};

} // namespace aftermath::store
