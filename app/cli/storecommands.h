#pragma once

// aftermath-cli init and info: the store itself.

#include "commands.h"

namespace aftermath::cli {

// `init`: create a store, or upgrade one to this version's schema.
void initOptions(QCommandLineParser& parser);
int initRun(const Invocation& invocation);

// `info`: the store's path, schema version and rows per table, as text or JSON.
void infoOptions(QCommandLineParser& parser);
int infoRun(const Invocation& invocation);

} // namespace aftermath::cli
