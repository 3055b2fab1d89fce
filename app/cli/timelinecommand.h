#pragma once

// aftermath-cli timeline: the reconstruction of an incident's or a window's evidence.

#include "commands.h"

namespace aftermath::cli {

// `timeline --incident ID | --from TIME --to TIME`: merged, repeats collapsed, runs paired, as
// text, Markdown or JSON.
void timelineOptions(QCommandLineParser& parser);
int timelineRun(const Invocation& invocation);

} // namespace aftermath::cli
