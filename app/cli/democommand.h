#pragma once

// aftermath-cli demo: the bundled example incident, from evidence to timeline.

#include "commands.h"

namespace aftermath::cli {

// `demo`: the example imported into a fresh store, its incident created and its timeline printed.
void demoOptions(QCommandLineParser& parser);
int demoRun(const Invocation& invocation);

} // namespace aftermath::cli
