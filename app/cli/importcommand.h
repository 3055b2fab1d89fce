#pragma once

#include "commands.h"

namespace aftermath::cli {

// `import-postmortem FILE.md`: an existing Markdown postmortem becomes an incident.
void importPostmortemOptions(QCommandLineParser& parser);
int importPostmortemRun(const Invocation& invocation);

} // namespace aftermath::cli
