#pragma once

#include "commands.h"

namespace aftermath::cli {

void incidentOptions(QCommandLineParser& parser);
int incidentRun(const Invocation& invocation);
void timelineOptions(QCommandLineParser& parser);
int timelineRun(const Invocation& invocation);

} // namespace aftermath::cli
