#pragma once

// aftermath-cli draft: an incident's postmortem drafted from its evidence.

#include "commands.h"

namespace aftermath::cli {

// `draft ID`.
void draftOptions(QCommandLineParser& parser);
int draftRun(const Invocation& invocation);

} // namespace aftermath::cli
