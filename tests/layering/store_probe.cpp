// Must not compile: ingest, timeline, draft and report link model, not the store, so its headers
// refuse them (core/store/layering.h).
#include "store/evidencestore.h"

int probe() { return sizeof(aftermath::store::EventFilter); }
