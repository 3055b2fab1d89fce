#pragma once

// aftermath-cli rootcause add, list, rm and move: an incident's root causes, in order.

#include "commands.h"

namespace aftermath::cli {

// `rootcause add|list|rm|move`.
void rootCauseOptions(QCommandLineParser& parser);
int rootCauseRun(const Invocation& invocation);

} // namespace aftermath::cli
