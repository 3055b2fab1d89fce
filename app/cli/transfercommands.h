#pragma once

// aftermath-cli push and pull: an incident with its evidence, between a store file and the team
// store (docs/team-store.md).

#include "commands.h"

namespace aftermath::cli {

// `push ID --to URL`: copies incident ID of the --db store, with its evidence, to the store at URL.
void pushOptions(QCommandLineParser& parser);
int pushRun(const Invocation& invocation);
// `pull ID --from URL`: copies incident ID of the store at URL, with its evidence, into the --db
// store (created when missing).
void pullOptions(QCommandLineParser& parser);
int pullRun(const Invocation& invocation);

} // namespace aftermath::cli
