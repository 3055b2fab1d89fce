// Must not compile: a front end links core/workspace, which may open stores; the front end may not.
#include "store/store.h"

int probe() { return aftermath::store::Store::schemaVersion; }
