// What the command families share: --tz, --format, times, ids, the clock, opening the workspace, errors, plurals.

#include "cliutil.h"

#include "cli.h"
#include "model/timestamp.h"

#include <QElapsedTimer>
#include <QLocale>

#include <algorithm>
#include <utility>

namespace aftermath::cli {

namespace {

const QString zoneName = QStringLiteral("tz");
const QString formatName = QStringLiteral("format");

} // namespace

void addZoneOption(QCommandLineParser& parser)
{
    addZoneOption(parser,
        QStringLiteral("Time zone: an IANA name (Europe/London), UTC, an offset (+02:00) or system (the default). "
                       "Times without an offset are read in it and times are shown in it; an incident's times are "
                       "shown in its own zone unless --tz is given (incident new and set give the incident this "
                       "zone)."));
}

void addZoneOption(QCommandLineParser& parser, const QString& description)
{
    parser.addOption(QCommandLineOption(zoneName, description, QStringLiteral("ZONE"), QStringLiteral("system")));
}

std::optional<ZoneOption> readZoneOption(const Invocation& in)
{
    const auto zone = model::parseZone(in.parser.value(zoneName));
    if (!zone) {
        in.usageError(QStringLiteral("--tz: ") + zone.error().message);
        return std::nullopt;
    }
    ZoneOption option{*zone, std::nullopt};
    if (in.parser.isSet(zoneName))
        option.chosen = *zone;
    return option;
}

std::optional<qint64> readTimeOption(const Invocation& in, const QString& name, const QTimeZone& zone)
{
    const auto time = model::parseIsoTime(in.parser.value(name), zone);
    if (!time) {
        in.usageError(QStringLiteral("--%1: %2").arg(name, time.error().message));
        return std::nullopt;
    }
    return *time;
}

void addBaselineOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("baseline-from"),
        QStringLiteral("Start of the baseline the message templates' rates are compared with (default: the "
                       "window's length before it, else the same hours a day before)."),
        QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(QStringLiteral("baseline-to"),
        QStringLiteral("End of the baseline (at most the window's start)."), QStringLiteral("TIME")));
}

std::expected<std::optional<std::pair<qint64, qint64>>, int> readBaselineOptions(
    const Invocation& in, const QTimeZone& zone)
{
    const bool from = in.parser.isSet(QStringLiteral("baseline-from"));
    if (from != in.parser.isSet(QStringLiteral("baseline-to")))
        return std::unexpected(
            in.usageError(QStringLiteral("give the baseline with both --baseline-from and --baseline-to")));
    if (!from)
        return std::nullopt;
    const auto start = readTimeOption(in, QStringLiteral("baseline-from"), zone);
    if (!start)
        return std::unexpected(UsageError);
    const auto end = readTimeOption(in, QStringLiteral("baseline-to"), zone);
    if (!end)
        return std::unexpected(UsageError);
    if (*start >= *end)
        return std::unexpected(in.usageError(QStringLiteral("--baseline-from must be before --baseline-to")));
    return std::pair{*start, *end};
}

QCommandLineOption formatOption(const QString& choices, const QString& defaultValue, const QString& label)
{
    return QCommandLineOption(formatName, QStringLiteral("%1: %2 (default %3).").arg(label, choices, defaultValue),
        QStringLiteral("FORMAT"), defaultValue);
}

std::optional<QString> chosenFormat(
    const Invocation& in, const QStringList& allowed, const QString& expected, const QString& fallback)
{
    const QString value = in.parser.isSet(formatName) || fallback.isEmpty() ? in.parser.value(formatName) : fallback;
    if (allowed.contains(value))
        return value;
    in.usageError(QStringLiteral("unknown format \"%1\"; expected %2").arg(value, expected));
    return std::nullopt;
}

std::optional<qint64> parseId(const QString& text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional(id) : std::nullopt;
}

std::optional<qint64> idArgument(const Invocation& in, qsizetype index, QStringView noun)
{
    const QStringList args = in.parser.positionalArguments();
    const QString text = args.value(index);
    const auto id = parseId(text);
    if (!id)
        in.usageError(QStringLiteral("%1 needs %2, not \"%3\"")
                          .arg((QStringList{in.commandName} + args.mid(0, index)).join(u' '), noun, text));
    return id;
}

std::optional<qint64> incidentArgument(const Invocation& in)
{
    if (in.parser.positionalArguments().size() != 1) {
        in.usageError(QStringLiteral("%1 takes one incident number: %1 ID").arg(in.commandName));
        return std::nullopt;
    }
    return idArgument(in, 0, u"an incident number");
}

std::optional<EnvironmentClock> readClock(const Invocation& in)
{
    auto clock = EnvironmentClock::fromEnvironment();
    if (!clock) {
        in.usageError(clock.error().message);
        return std::nullopt;
    }
    return std::move(*clock);
}

Result<workspace::Workspace> openForReading(const Invocation& in)
{
    return workspace::Workspace::open(in.storePath, {.access = store::OpenOptions::Access::ReadOnly});
}

Result<workspace::Workspace> openForWriting(const Invocation& in, const Clock& clock)
{
    return workspace::Workspace::open(in.storePath, {.create = false, .clock = &clock});
}

Result<workspace::Workspace> openCreating(const Invocation& in) { return workspace::Workspace::open(in.storePath); }

int failed(const Invocation& in, const Error& error)
{
    if (error.code != Error::Code::Conflict)
        return in.runtimeError(error.toString());
    in.runtimeError(error.toString());
    for (const FieldConflict& conflict : error.conflicts) {
        in.err << "  " << conflict.field << ":\n"
               << "    stored: " << terminalSafe(conflict.theirs, LineBreaks::Escape) << '\n'
               << "    given:  " << terminalSafe(conflict.mine, LineBreaks::Escape) << '\n';
    }
    in.err.flush();
    return ConflictError;
}

std::optional<std::optional<qint64>> ifVersionOption(const Invocation& in)
{
    if (!in.parser.isSet(QStringLiteral("if-version")))
        return std::optional<qint64>();
    bool ok = false;
    const qint64 version = in.parser.value(QStringLiteral("if-version")).toLongLong(&ok);
    if (!ok || version < 1) {
        in.usageError(QStringLiteral("--if-version takes the version `incident show` (or `action list --format json`) "
                                     "printed, a number from 1"));
        return std::nullopt;
    }
    return std::optional<qint64>(version);
}

QString plural(qint64 n, const char* one, const char* many, Digits digits)
{
    const QString number = digits == Digits::Grouped ? QLocale(QLocale::English).toString(n) : QString::number(n);
    return number + u' ' + QLatin1StringView(n == 1 ? one : many);
}

QString progressBar(double fraction)
{
    const int filled = int(std::clamp(fraction, 0.0, 1.0) * 20);
    return u'[' + QString(filled, u'#') + QString(20 - filled, u'-') + QStringLiteral("] ")
        + QString::number(int(fraction * 100)) + u'%';
}

IndexRun updateSearchIndex(const Invocation& in, const workspace::StoreLocation& store)
{
    QElapsedTimer clock;
    clock.start();
    qint64 lastDraw = -1000;
    bool drawn = false;
    bool toldWaiting = false;
    const auto progress = [&](const workspace::IndexStatus& status) {
        if (!status.waiting.isEmpty()) {
            if (!std::exchange(toldWaiting, true)) {
                if (drawn)
                    in.err << "\r\x1b[K";
                drawn = false;
                in.err << "aftermath-cli: " << status.waiting << '\n';
                in.err.flush();
            }
            return;
        }
        if (!in.errIsTerminal || (clock.elapsed() - lastDraw < 100 && status.eventsDone < status.eventsTotal))
            return;
        lastDraw = clock.elapsed();
        const QLocale english(QLocale::English);
        in.err << '\r'
               << progressBar(status.eventsTotal > 0 ? double(status.eventsDone) / double(status.eventsTotal) : 1.0)
               << "  " << english.toString(status.eventsDone) << '/' << english.toString(status.eventsTotal)
               << " events indexed for search\x1b[K";
        in.err.flush();
        drawn = true;
    };
    IndexRun run{workspace::indexEvidence({store}, progress), 0};
    run.seconds = double(clock.elapsed()) / 1000.0;
    if (drawn) {
        in.err << "\r\x1b[K";
        in.err.flush();
    }
    return run;
}

QString reportIndexRun(const Invocation& in, const IndexRun& run)
{
    if (!run.update) {
        in.err << "aftermath-cli: warning: the search index was not brought up to date: " << run.update.error().toString()
               << "; searches still find every event, reading those it lacks one by one, and the next ingest or "
                  "init tries again\n";
        in.err.flush();
        return {};
    }
    if (run.update->eventsIndexed == 0 && !run.update->rebuilt)
        return {};
    return QStringLiteral("Indexed %1 for search%2 in %3 s.\n")
        .arg(plural(run.update->eventsIndexed, "event", "events", Digits::Grouped),
            run.update->rebuilt ? QStringLiteral(" (the index was rebuilt without removed sources)") : QString(),
            QString::number(run.seconds, 'f', 1));
}

QString terminalSafe(QStringView text, LineBreaks breaks)
{
    const bool keepBreaks = breaks == LineBreaks::Keep;
    const auto unsafe = [keepBreaks](char16_t c) {
        return (c < 0x20 && !(keepBreaks && (c == u'\n' || c == u'\t'))) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
            || (c >= 0x2066 && c <= 0x2069);
    };
    if (std::none_of(text.begin(), text.end(), [&](QChar c) { return unsafe(c.unicode()); }))
        return text.toString();
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!unsafe(u))
            out += c;
        else if (u <= 0xff)
            out += QStringLiteral("\\x%1").arg(int(u), 2, 16, QChar(u'0'));
        else
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QChar(u'0'));
    }
    return out;
}

} // namespace aftermath::cli
