#pragma once

// aftermath-cli export: the postmortem document (docs/templates.md).

#include "commands.h"

namespace aftermath::cli {

// `export ID`: an incident's postmortem through a template, as Markdown or HTML, with the chart.
void exportOptions(QCommandLineParser& parser);
int exportRun(const Invocation& invocation);

} // namespace aftermath::cli
