#pragma once

#include "evidencestore.h"
#include "openoptions.h"
#include "postmortemstore.h"

// Opening a store is core/workspace's job; the front ends reach a store through it.
#ifndef AFTERMATH_OPENS_STORES
#error "only core/workspace opens stores: use workspace::Workspace (docs/architecture.md)"
#endif

#include <memory>

namespace aftermath::store {

struct StoreImpl;

// An Aftermath store: one SQLite file (or, for a team, a PostgreSQL database: docs/team-store.md) holding the evidence (sources, events) and the postmortems
// (incidents, the curated timeline, root causes, action items). A Store owns one named database
// connection and is used only from the thread that opened it (open another Store on the same path
// in another thread). Its two halves are handed out as their interfaces; they stay valid while
// the Store lives, across moves.
class Store {
public:
    static constexpr int schemaVersion = 8;
    // PRAGMA application_id of every Aftermath store ("AFTM").
    static constexpr int applicationId = 0x4146544D;

    // Opens (and, for ReadWrite, creates or migrates) the store at `path`. Refuses, without
    // writing a byte or creating a file beside it, a store from a newer Aftermath, a file that is
    // not an SQLite database, and an SQLite database of another application. A store that cannot
    // be written (a read-only file, folder or disk) opens for reading and is refused for writing,
    // saying why. A creation that fails leaves no file behind.
    // A postgresql:// URL (serverlocation.h) opens, and for ReadWrite creates or migrates, a store
    // in that database (serverstore.cpp); one whose role may not write opens for reading, saying
    // why (readOnlyReason).
    static Result<Store> open(const QString& path, const OpenOptions& options = {});

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    ~Store();

    QString path() const;
    bool isReadOnly() const;
    // Why a read-only store cannot be changed ("its folder /srv is read-only", "the database role
    // "reviewer" may read it but not write it …"); empty when it can, or was merely opened for reading.
    QString readOnlyReason() const;
    // The schema version the file had when opened (0 for a new file); equals schemaVersion
    // unless this open upgraded it.
    int upgradedFrom() const;
    Result<StoreInfo> info() const;

    EvidenceStore& evidence();
    const EvidenceStore& evidence() const;
    PostmortemStore& postmortems();
    const PostmortemStore& postmortems() const;

private:
    explicit Store(std::unique_ptr<StoreImpl> impl);
    // A new store, built under a temporary name beside `path` and renamed into place.
    static Result<Store> create(const QString& path, const OpenOptions& options);
    // An existing SQLite file (possibly empty), checked before anything is written to it.
    static Result<Store> openFile(const QString& path, const OpenOptions& options);
    // A store on a PostgreSQL server (serverstore.cpp).
    static Result<Store> openServer(const QString& url, const OpenOptions& options);
    std::unique_ptr<StoreImpl> d;
};

} // namespace aftermath::store
