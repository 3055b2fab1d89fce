#pragma once

#include "commands.h"

namespace aftermath::cli {

void demoOptions(QCommandLineParser& parser);
int demoRun(const Invocation& invocation);

} // namespace aftermath::cli
