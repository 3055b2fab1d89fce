#pragma once

#include "commands.h"
#include "model/clock.h"
#include "model/error.h"

#include <QStringList>

#include <optional>

namespace aftermath::cli {

// Quotes `text` as one POSIX shell word that the shell takes literally: quotes, $(...), backticks
// and newlines included.
QString shellQuote(QStringView text);

// One CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote, a
// line break or leading or trailing spaces.
QString csvField(QStringView text);

// `rootcause add|list|rm|move`.
void rootCauseOptions(QCommandLineParser& parser);
int rootCauseRun(const Invocation& invocation);

// `entry add|list|set|rm`: the postmortem's curated timeline.
void entryOptions(QCommandLineParser& parser);
int entryRun(const Invocation& invocation);

// `action add|set|list|export`.
void actionOptions(QCommandLineParser& parser);
int actionRun(const Invocation& invocation);

// `draft ID`.
void draftOptions(QCommandLineParser& parser);
int draftRun(const Invocation& invocation);

} // namespace aftermath::cli
