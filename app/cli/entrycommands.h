#pragma once

// aftermath-cli entry add, list, set and rm: the postmortem's curated timeline.

#include "commands.h"

namespace aftermath::cli {

// `entry add|list|set|rm`: the postmortem's curated timeline.
void entryOptions(QCommandLineParser& parser);
int entryRun(const Invocation& invocation);

} // namespace aftermath::cli
