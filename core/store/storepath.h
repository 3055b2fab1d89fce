#pragma once

#include <QString>

namespace aftermath::store {

// The store both programs use when none is given: $AFTERMATH_DB when set, else
// <user data dir>/aftermath/aftermath.sqlite (~/.local/share/aftermath/ on Linux).
QString defaultStorePath();

} // namespace aftermath::store
