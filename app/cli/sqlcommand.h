#pragma once

// aftermath-cli sql: one SQL statement that reads, over the events and the postmortems (docs/sql.md).

#include "commands.h"

namespace aftermath::cli {

// `sql STATEMENT`: the rows of one read-only statement as an aligned table, CSV, JSON or JSON Lines.
void sqlOptions(QCommandLineParser& parser);
int sqlRun(const Invocation& invocation);

} // namespace aftermath::cli
