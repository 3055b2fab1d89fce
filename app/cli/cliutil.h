#pragma once

// What the command families share: --tz, --format, times, ids, the clock, opening the workspace, errors, plurals.

#include "commands.h"
#include "model/clock.h"
#include "model/error.h"
#include "workspace/workspace.h"

#include <QCommandLineParser>
#include <QTimeZone>

#include <expected>
#include <optional>

namespace aftermath::cli {

// ---- --tz ----------------------------------------------------------------------------------

// --tz, as every command that reads or shows times declares it: one help text, and the system zone
// by default.
void addZoneOption(QCommandLineParser& parser);
// The same option for a command where it means something narrower (sql: only local_time()'s zone),
// with the help text that says so.
void addZoneOption(QCommandLineParser& parser, const QString& description);

// What --tz says.
struct ZoneOption {
    // The zone named, the system's when --tz is not given: times written without an offset are read
    // in it, and times that belong to no incident are shown in it.
    QTimeZone zone;
    // The zone named, only when --tz was given: the zone the user chose to show an incident's times
    // in (model::displayZone()'s `chosen`).
    std::optional<QTimeZone> chosen;
};

// Reads --tz. A zone that is not one is reported as the usage error "--tz: ..." and gives nothing:
// the command then returns UsageError.
std::optional<ZoneOption> readZoneOption(const Invocation& in);

// ---- times and --format ----------------------------------------------------------------------

// The time option `name` (from, to) read in `zone`. One that does not parse is reported as the
// usage error "--NAME: ..." and gives nothing.
std::optional<qint64> readTimeOption(const Invocation& in, const QString& name, const QTimeZone& zone);

// --baseline-from TIME and --baseline-to TIME: the window [from, to) the message templates' rates
// are compared with (model::Incident::baseline).
void addBaselineOptions(QCommandLineParser& parser);
// The baseline they give, read in `zone`: nullopt inside when neither is given. Only one of them,
// a time that does not parse or a baseline that ends before it starts is reported as a usage error
// and gives the unexpected UsageError.
std::expected<std::optional<std::pair<qint64, qint64>>, int> readBaselineOptions(
    const Invocation& in, const QTimeZone& zone);

// --format FORMAT, described as "LABEL: CHOICES (default DEFAULT).".
QCommandLineOption formatOption(
    const QString& choices, const QString& defaultValue, const QString& label = QStringLiteral("Output format"));

// The value of --format (`fallback` when it is not given and the option has no default of its
// own), when it is one of `allowed`. Any other is reported as the usage error
// 'unknown format "X"; expected EXPECTED' and gives nothing.
std::optional<QString> chosenFormat(
    const Invocation& in, const QStringList& allowed, const QString& expected, const QString& fallback = {});

// ---- ids -----------------------------------------------------------------------------------

// A whole number from 1: the id of an incident, a timeline entry, an action item or an event.
std::optional<qint64> parseId(const QString& text);

// Positional argument `index` as an id. One that is not is reported as the usage error
// 'WORDS needs NOUN, not "TEXT"', WORDS being the command and the arguments before the id
// ("incident set", "draft"), and gives nothing.
std::optional<qint64> idArgument(const Invocation& in, qsizetype index, QStringView noun);

// The one positional argument of `COMMAND ID` (draft, export): an incident number.
std::optional<qint64> incidentArgument(const Invocation& in);

// ---- the clock and the workspace -------------------------------------------------------------

// "Now" for the commands that record times or need today's date: AFTERMATH_NOW when set, else the
// system clock. A bad AFTERMATH_NOW is reported as a usage error and gives nothing.
std::optional<EnvironmentClock> readClock(const Invocation& in);

// The store, read only: never created, and a read records no time, so it needs no clock.
Result<workspace::Workspace> openForReading(const Invocation& in);
// The store, to write the postmortem: an existing one only, so that a mistyped --db does not create
// an empty store; the times it records come from `clock`.
Result<workspace::Workspace> openForWriting(const Invocation& in, const Clock& clock);
// The store, created when it is missing (init, ingest, incident new).
Result<workspace::Workspace> openCreating(const Invocation& in);

// ---- output ----------------------------------------------------------------------------------

// Reports `error` (which names the store or file and what to do) on stderr; returns RuntimeError, or
// for a conflict (--if-version) ConflictError after both values of each field.
int failed(const Invocation& in, const Error& error);
// --if-version N, the row version a script read (incident show, action list --format json), or
// std::nullopt when not given; a usage error (reported) when it is not a number.
std::optional<std::optional<qint64>> ifVersionOption(const Invocation& in);

enum class Digits {
    Plain, // 12345
    Grouped, // 12,345: ingest's counts, which run to millions
};

// Text for a terminal: control characters (ESC and the rest of C0 but newline and tab, DEL, C1)
// shown escaped as \x1b, and the bidirectional overrides and isolates as \u202e, so that a log
// line or a title cannot move the cursor, recolour the terminal or reorder what is shown. For
// the text formats; JSON, CSV and Markdown carry the characters as they are (escaped their way).
// `breaks`: whether newlines and tabs stay (a multi-line text) or are escaped too (a file name,
// which must stay on its line).
enum class LineBreaks { Keep, Escape };
QString terminalSafe(QStringView text, LineBreaks breaks = LineBreaks::Keep);

// "1 event", "2 events".
QString plural(qint64 n, const char* one, const char* many, Digits digits = Digits::Plain);

// "[#########-----------] 45%": how far a long job is, as the progress lines on stderr draw it.
QString progressBar(double fraction);

// ---- the search index --------------------------------------------------------------------------

// What bringing a store's search index up to date did, and how long it took.
struct IndexRun {
    Result<store::SearchIndexUpdate> update;
    double seconds = 0;
};

// Brings the search index of the store at `store` up to date (workspace::indexEvidence), after an
// import or an upgrade, drawing its progress on stderr when that is a terminal.
IndexRun updateSearchIndex(const Invocation& in, const workspace::StoreLocation& store);

// What the command says about it, for it to print with its summary: "Indexed 1,234 events for
// search in 0.4 s.", or nothing when it indexed none. A failure is a warning, printed on stderr
// here: the import or upgrade it followed still stands, and searches read what the index lacks one
// by one.
QString reportIndexRun(const Invocation& in, const IndexRun& run);

} // namespace aftermath::cli
