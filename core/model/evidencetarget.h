#pragma once

#include "error.h"
#include "event.h"
#include "source.h"

#include <QString>

#include <memory>
#include <optional>
#include <span>

namespace aftermath::model {

// The port between the importer and the evidence store: core/ingest writes through it and
// core/store implements it, so neither links the other (docs/architecture.md).

// One write of evidence: what is added through it lands together on commit(), or not at all
// (destroyed uncommitted, it rolls back).
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
};

// Where imported evidence goes.
class EvidenceTarget {
public:
    virtual ~EvidenceTarget() = default;

    // The latest source imported from `path`, if any.
    virtual Result<std::optional<Source>> findSource(const QString& path) const = 0;
    // Starts a write (it waits for another writer up to the store's busy timeout, then fails with
    // Error::Code::Locked). One at a time per connection.
    virtual Result<std::unique_ptr<EvidenceTransaction>> beginEvidence() = 0;
};

} // namespace aftermath::model
