#pragma once

#include "commands.h"

namespace aftermath::cli {

void timelineOptions(QCommandLineParser& parser);
int timelineRun(const Invocation& invocation);

} // namespace aftermath::cli
