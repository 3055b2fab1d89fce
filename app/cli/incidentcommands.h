#pragma once

// aftermath-cli incident new|list|show|set: incidents, their windows and the postmortem's text fields.

#include "commands.h"

namespace aftermath::cli {

// `incident new|list|show|set`.
void incidentOptions(QCommandLineParser& parser);
int incidentRun(const Invocation& invocation);

} // namespace aftermath::cli
