#pragma once

// aftermath-cli ingest and formats: evidence into the store, and the formats it reads.

#include "commands.h"

namespace aftermath::cli {

// `ingest PATH...`: files, folders and archives imported, with a summary as text or JSON.
void ingestOptions(QCommandLineParser& parser);
int ingestRun(const Invocation& invocation);

// `formats`: every input format, with what it reads.
void formatsOptions(QCommandLineParser& parser);
int formatsRun(const Invocation& invocation);

} // namespace aftermath::cli
