#pragma once

// aftermath-cli events: the stored evidence, event by event.

#include "commands.h"

namespace aftermath::cli {

// `events`: stored events in time order, optionally in a window, as text or JSON Lines.
void eventsOptions(QCommandLineParser& parser);
int eventsRun(const Invocation& invocation);

} // namespace aftermath::cli
