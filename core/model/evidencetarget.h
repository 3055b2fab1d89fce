#pragma once

#include "error.h"
#include "event.h"
#include "source.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace aftermath::model {

// The port between the importer and the evidence store: core/ingest writes through it and
// core/store implements it, so neither links the other (docs/architecture.md).

// How a write waits for the store while another program writes to it.
struct WriteWait {
    // Empty: wait up to the store's busy timeout, then fail with Error::Code::Locked. Set: called
    // once when the wait passes half a second ("waiting for another import..."), and the wait
    // goes on until the store is free or `cancel` is set.
    std::function<void()> waiting = {};
    const std::atomic_bool* cancel = nullptr;
};

// One write of evidence: what is added through it lands together on commit(), or not at all
// (destroyed uncommitted, it rolls back). A long import lands in parts (yield()), so that other
// writers are not held up behind it.
class EvidenceTransaction {
public:
    virtual ~EvidenceTransaction() = default;

    // Inserts a source row; returns its id. importedAtUs 0 means "now" from the store's clock.
    virtual Result<qint64> addSource(const Source& source) = 0;
    // Rewrites a source row (by id), e.g. with its counts once its events are in.
    virtual Result<void> updateSource(const Source& source) = 0;
    // Removes a source and its events (a file imported again after it changed).
    virtual Result<void> deleteSource(qint64 sourceId) = 0;
    // Inserts events; each must carry the sourceId of a source in this store.
    virtual Result<void> addEvents(std::span<const Event> events) = 0;
    virtual Result<void> commit() = 0;
    // Whether this transaction has held the store long enough (a fraction of a second) that it
    // should land what it has and let other writers in: yield().
    virtual bool shouldYield() const = 0;
    // Commits what was added so far, gives the store to a writer waiting for it, and begins again
    // (waiting as `wait` says). On failure the transaction is finished: what was committed stays.
    virtual Result<void> yield(const WriteWait& wait) = 0;
};

// Where imported evidence goes.
class EvidenceTarget {
public:
    virtual ~EvidenceTarget() = default;

    // The latest source imported from `path`, if any.
    virtual Result<std::optional<Source>> findSource(const QString& path) const = 0;
    // Starts a write, waiting for another writer as `wait` says. One at a time per connection.
    virtual Result<std::unique_ptr<EvidenceTransaction>> beginEvidence(const WriteWait& wait = {}) = 0;
};

} // namespace aftermath::model
