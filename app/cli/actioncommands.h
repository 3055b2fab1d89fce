#pragma once

// aftermath-cli action add|set|rm|list|export: action items as text, CSV (Jira) or JSON, and as gh commands.

#include "commands.h"

#include <QString>
#include <QStringView>

namespace aftermath::cli {

// Quotes `text` as one POSIX shell word that the shell takes literally: quotes, $(...), backticks
// and newlines included.
QString shellQuote(QStringView text);

// One CSV field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, a quote, a
// line break or leading or trailing spaces. A field a spreadsheet would run as a formula (it starts
// with = + - @, a tab or a CR) is quoted and starts with ' (OWASP's CSV injection advice).
QString csvField(QStringView text);

// `action add|set|rm|list|export`.
void actionOptions(QCommandLineParser& parser);
int actionRun(const Invocation& invocation);

} // namespace aftermath::cli
