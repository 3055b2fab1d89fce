#pragma once

// aftermath-cli import-postmortem: a Markdown postmortem read into a new incident.

#include "commands.h"

namespace aftermath::cli {

// `import-postmortem FILE.md`: an existing Markdown postmortem becomes an incident.
void importPostmortemOptions(QCommandLineParser& parser);
int importPostmortemRun(const Invocation& invocation);

} // namespace aftermath::cli
