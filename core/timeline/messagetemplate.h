#pragma once

#include <QString>
#include <QStringView>

namespace aftermath::timeline {

// The shape of a message with its variable parts masked, so that repeats of "the same line" can
// be told apart from different lines: numbers, hex ids and hashes, UUIDs, quoted values,
// timestamps, IP addresses and paths' numeric parts become "<*>".
//   "Retrying create_post_funding (attempt 12) after 30s"  ->  "Retrying create_post_funding (attempt <*>) after <*>"
// Only the first line counts (a traceback's frames follow the error they belong to).
QString messageTemplate(QStringView message);

// The same masking of one line, appended to `out`: the template miner's hot path, which keeps `out`
// allocated from line to line. With `keepQuotedWords`, a quoted single word of letters ("state
// 'Inactive'") stays as it is, as the word would unquoted: the miner, which turns values into "<*>"
// itself, can then tell a state from another; and a quoted HTTP request line keeps its method
// ("\"GET <*>\""), so that reads and writes of an access log are two templates.
void appendMasked(QStringView line, QString& out, bool keepQuotedWords = false);

} // namespace aftermath::timeline
