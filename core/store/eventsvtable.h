#pragma once

// SQL over a store's events (docs/sql.md): the eponymous virtual table `events`, which reads the
// event blocks (eventblock.h) of the time window a query names and gives their events in
// (time, source, seq) order, and the function local_time(). Not for use outside core/store.

#include "layering.h"

#include "model/error.h"

namespace aftermath::store {

struct StoreImpl;

// Registers `events` and local_time() on the store's connection. Eponymous: the table exists on
// every connection without a CREATE VIRTUAL TABLE, so nothing is written to the store's schema and
// a store opened read-only (even immutable) has it too.
Result<void> registerEventsTable(StoreImpl* store);

} // namespace aftermath::store
