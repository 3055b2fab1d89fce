#pragma once

#include "commands.h"

namespace aftermath::cli {

void ingestOptions(QCommandLineParser& parser);
int ingestRun(const Invocation& invocation);
void formatsOptions(QCommandLineParser& parser);
int formatsRun(const Invocation& invocation);

} // namespace aftermath::cli
