// aftermath-cli events: the stored evidence, event by event, narrowed as the app's filter bar narrows it.

#include "eventcommands.h"

#include "cli.h"
#include "cliutil.h"
#include "jsonwriter.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

#include <QFileInfo>

#include <algorithm>
#include <functional>

namespace aftermath::cli {

namespace {

QString eventJson(const model::StoredEvent& stored)
{
    const model::Event& e = stored.event;
    JsonObjectWriter json;
    json.add(u"id", e.id)
        .add(u"time", model::formatUtc(e.timeUs))
        .add(u"time_quality", model::toString(e.timeQuality))
        .add(u"source", stored.sourceName)
        .add(u"line", e.line)
        .addOptional(u"locator", e.locator)
        .add(u"level", model::toString(e.level))
        .add(u"kind", model::toString(e.kind))
        .addOptional(u"service", e.service)
        .addOptional(u"run", e.runId)
        .addOptional(u"actor", e.actor)
        .addOptional(u"outcome", e.outcome)
        .add(u"message", e.message);
    return json.finish();
}

QString eventText(const model::StoredEvent& stored, const QTimeZone& zone)
{
    const model::Event& e = stored.event;
    QString where = stored.sourceName;
    if (e.line > 0)
        where += u':' + QString::number(e.line);
    QString line = model::formatInZone(e.timeUs, zone) + u"  " + model::toString(e.level).toString().leftJustified(8)
        + model::toString(e.kind).toString().leftJustified(11) + where;
    if (!e.service.isEmpty())
        line += QStringLiteral("  [") + e.service + u']';
    // Continuation lines (stack traces) stay visibly part of their event.
    QString message = e.message;
    message.replace(u'\n', QStringLiteral("\n    "));
    return line + u"  " + message;
}

// A comma-separated list of names (--level, --kind) read by `fromString`; "NAME+" is that value
// and every one after it in the enumeration's order (warning+: warning, error, critical, fatal)
// when `orAbove`. Reports a usage error naming `choices` and gives nothing when a name is none.
template <typename T>
std::optional<std::vector<T>> readNames(const Invocation& in, const QString& option,
    std::optional<T> (*fromString)(QStringView), int count, bool orAbove, const QString& choices)
{
    std::vector<T> values;
    for (const QString& value : in.parser.values(option)) {
        for (QStringView name : QStringView(value).split(u',', Qt::SkipEmptyParts)) {
            name = name.trimmed();
            const bool above = orAbove && name.endsWith(u'+');
            const auto found = fromString(above ? name.chopped(1) : name);
            if (!found) {
                in.usageError(QStringLiteral("--%1: unknown %1 \"%2\"; expected %3").arg(option, name, choices));
                return std::nullopt;
            }
            for (int v = int(*found); v < (above ? count : int(*found) + 1); ++v) {
                if (std::find(values.begin(), values.end(), T(v)) == values.end())
                    values.push_back(T(v));
            }
        }
    }
    return values;
}

template <typename T, int count>
QString namesOf()
{
    QStringList names;
    for (int v = 0; v < count; ++v)
        names << model::toString(T(v)).toString();
    return names.join(QStringLiteral(", "));
}

// What a source is called in `events`, and where it was read from.
QString describeSource(const model::Source& source)
{
    return source.displayName == source.path ? source.displayName
                                             : QStringLiteral("%1 (%2)").arg(source.displayName, source.path);
}

// The display name --source NAME means: a source's name exactly (every source shown under it), else
// the name of the source read from the path NAME (as given or made absolute), else of the one source
// whose name or path holds NAME, in any case. Events are narrowed by the name a source is shown
// under, so a source whose name another source shares is told apart only by that name. An unknown
// or ambiguous NAME is a runtime error listing the sources it could mean (all of them when none),
// and gives nothing.
std::optional<QString> resolveSource(
    const Invocation& in, const std::vector<model::Source>& sources, const QString& name, int& code)
{
    const auto matching = [&](const std::function<bool(const model::Source&)>& test) {
        std::vector<const model::Source*> found;
        for (const model::Source& source : sources) {
            if (test(source))
                found.push_back(&source);
        }
        return found;
    };
    if (!matching([&](const model::Source& s) { return s.displayName == name; }).empty())
        return name;
    const QString absolute = QFileInfo(name).absoluteFilePath();
    auto found = matching([&](const model::Source& s) { return s.path == name || s.path == absolute; });
    if (found.empty()) {
        found = matching([&](const model::Source& s) {
            return s.displayName.contains(name, Qt::CaseInsensitive) || s.path.contains(name, Qt::CaseInsensitive);
        });
    }
    if (found.size() == 1) {
        const QString& shownAs = found.front()->displayName;
        const auto sharing = matching([&](const model::Source& s) { return s.displayName == shownAs; });
        if (sharing.size() == 1)
            return shownAs;
        found = sharing;
    }
    const QString shown = terminalSafe(name, LineBreaks::Escape);
    if (sources.empty()) {
        code = in.runtimeError(QStringLiteral("--source: the store has no sources yet, so none is \"%1\"").arg(shown));
        return std::nullopt;
    }
    QString message = found.empty()
        ? QStringLiteral("--source: no source is called \"%1\" or has it in its name or path; the store's sources "
                         "are:")
              .arg(shown)
        : QStringLiteral("--source: \"%1\" could be any of these sources; give the whole name events shows, or a "
                         "path:")
              .arg(shown);
    for (const model::Source* source : found.empty() ? matching([](const model::Source&) { return true; }) : found)
        message += QStringLiteral("\n  ") + terminalSafe(describeSource(*source), LineBreaks::Escape);
    code = in.runtimeError(message);
    return std::nullopt;
}

} // namespace

void eventsOptions(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("from"),
        QStringLiteral("Only events at or after this time (ISO 8601)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(QStringLiteral("to"),
        QStringLiteral("Only events at or before this time (ISO 8601)."), QStringLiteral("TIME")));
    addZoneOption(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("grep"),
        QStringLiteral("Only events whose text has these words, each where a word starts, in any case (fail finds "
                       "failed and FAILURE), \"a phrase\" as written, and not -word or -\"a phrase\". Searched: "
                       "the message, raw line, service, run, actor and outcome. Nothing in TEXT is an operator but "
                       "quotes and a leading -."),
        QStringLiteral("TEXT")));
    parser.addOption(QCommandLineOption(QStringLiteral("level"),
        QStringLiteral("Only events of these levels, comma-separated (%1); LEVEL+ is that level and above "
                       "(warning+). Repeatable.")
            .arg(namesOf<model::Level, model::levelCount>()),
        QStringLiteral("LEVEL")));
    parser.addOption(QCommandLineOption(QStringLiteral("kind"),
        QStringLiteral("Only events of these kinds, comma-separated (%1). Repeatable.")
            .arg(namesOf<model::EventKind, model::eventKindCount>()),
        QStringLiteral("KIND")));
    parser.addOption(QCommandLineOption(QStringLiteral("source"),
        QStringLiteral("Only events of this source: its name as events shows it, else its path, else a part of "
                       "either that only one source has. Repeatable."),
        QStringLiteral("NAME")));
    parser.addOption(QCommandLineOption(QStringLiteral("service"),
        QStringLiteral("Only events of this service, in any case. Repeatable."), QStringLiteral("SERVICE")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("run"), QStringLiteral("Only events of this run, exactly. Repeatable."), QStringLiteral("RUN")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("limit"), QStringLiteral("Print at most N events."), QStringLiteral("N")));
    parser.addOption(formatOption(QStringLiteral("text, jsonl"), QStringLiteral("text")));
}

int eventsRun(const Invocation& in)
{
    const auto format
        = chosenFormat(in, {QStringLiteral("text"), QStringLiteral("jsonl")}, QStringLiteral("one of: text, jsonl"));
    if (!format)
        return UsageError;
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const QTimeZone& zone = tz->zone;

    store::EventFilter filter;
    for (const auto& [name, target] :
        {std::pair{QStringLiteral("from"), &filter.fromUs}, std::pair{QStringLiteral("to"), &filter.toUs}}) {
        if (!in.parser.isSet(name))
            continue;
        const auto time = readTimeOption(in, name, zone);
        if (!time)
            return UsageError;
        *target = *time;
    }
    if (filter.fromUs && filter.toUs && *filter.fromUs > *filter.toUs)
        return in.usageError(
            QStringLiteral("--from (%1) is after --to (%2); give the earlier time first")
                .arg(model::formatInZone(*filter.fromUs, zone), model::formatInZone(*filter.toUs, zone)));
    if (in.parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        const qint64 limit = in.parser.value(QStringLiteral("limit")).toLongLong(&ok);
        if (!ok || limit < 0)
            return in.usageError(QStringLiteral("--limit needs a whole number of events, 0 or more"));
        filter.limit = limit;
    }

    store::EventQuery query;
    query.fromUs = filter.fromUs;
    query.toUs = filter.toUs;
    query.text = model::TextQuery::parse(in.parser.value(QStringLiteral("grep")));
    const auto levels = readNames<model::Level>(in, QStringLiteral("level"), &model::levelFromString, model::levelCount,
        true, namesOf<model::Level, model::levelCount>() + QStringLiteral(", or one with +"));
    if (!levels)
        return UsageError;
    query.levels = *levels;
    const auto kinds = readNames<model::EventKind>(in, QStringLiteral("kind"), &model::eventKindFromString,
        model::eventKindCount, false, namesOf<model::EventKind, model::eventKindCount>());
    if (!kinds)
        return UsageError;
    query.kinds = *kinds;
    for (const QString& service : in.parser.values(QStringLiteral("service")))
        query.services << service;
    for (const QString& run : in.parser.values(QStringLiteral("run")))
        query.runs << run;

    auto ws = openForReading(in);
    if (!ws)
        return failed(in, ws.error());
    if (in.parser.isSet(QStringLiteral("source"))) {
        const auto sources = ws->evidence().sources();
        if (!sources)
            return failed(in, sources.error());
        for (const QString& name : in.parser.values(QStringLiteral("source"))) {
            int code = Success;
            const auto resolved = resolveSource(in, *sources, name, code);
            if (!resolved)
                return code;
            query.sources << *resolved;
        }
    }
    const bool jsonl = *format == u"jsonl";
    qint64 printed = 0;
    const auto print = [&](const model::StoredEvent& stored) {
        if (filter.limit && printed >= *filter.limit)
            return false;
        in.out << (jsonl ? eventJson(stored) : terminalSafe(eventText(stored, zone))) << '\n';
        ++printed;
        return in.out.status() == QTextStream::Ok;
    };
    // Narrowed, the store finds the events first (for words, through its search index); else they
    // stream in timeline order.
    const auto done = ws->evidence().forEachMatch(query, print);
    in.out.flush();
    if (!done)
        return failed(in, done.error());
    if (in.out.status() != QTextStream::Ok)
        return in.runtimeError(QStringLiteral("could not write the output"));
    if (printed == 0)
        in.err << "No events" << (query.isWindowOnly() ? "" : " match the filters")
               << (filter.fromUs || filter.toUs ? " in that time window" : "") << " in " << ws->path() << ".\n";
    return Success;
}

} // namespace aftermath::cli
