// aftermath-cli entry add, list, set and rm: the postmortem's curated timeline.

#include "entrycommands.h"

#include "cli.h"
#include "cliutil.h"
#include "model/timeformat.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>

namespace aftermath::cli {

namespace {

// A time for an entry: a whole ISO time ("2026-06-18 02:00", "...T01:00:00Z"), or a time of day
// ("02:00") on the incident's day, the next day when the window runs past midnight and the time
// of day comes before the window's start.
Result<qint64> parseEntryTime(const QString& text, const model::Incident& incident, const QTimeZone& zone)
{
    static const QRegularExpression clock(QStringLiteral("^(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$"));
    if (const auto m = clock.match(text.trimmed()); m.hasMatch()) {
        const QTime time(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        if (!time.isValid())
            return fail(Error::Code::InvalidArgument, QStringLiteral("\"%1\" is not a time of day").arg(text));
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(incident.fromUs / 1000, zone);
        QDateTime at(start.date(), time, zone);
        if (at < start && start.date() != QDateTime::fromMSecsSinceEpoch(incident.toUs / 1000, zone).date())
            at = QDateTime(start.date().addDays(1), time, zone);
        return at.toMSecsSinceEpoch() * 1000;
    }
    return model::parseIsoTime(text, zone);
}

// An entry in the incident's window format (model::WindowTimeFormat: the date when the window spans
// days, the offset when it changes).
QString entryLine(const model::TimelineEntry& e, const model::WindowTimeFormat& time)
{
    QString when = time.time(e.timeUs);
    if (e.endUs)
        when += u'-' + time.time(*e.endUs);
    const QString origin = e.origin == model::TimelineEntry::Origin::User ? QStringLiteral("added")
        : e.edited                                                        ? QStringLiteral("drafted, edited")
                                                                          : QStringLiteral("drafted");
    // Room for a span: "hh:mm:ss", with "yyyy-mm-dd " and " +hh:mm" when the window needs them.
    const qsizetype width = 8 + (time.showsDates() ? 11 : 0) + (time.showsOffsets() ? 7 : 0);
    QString line = QStringLiteral("%1  %2  %3")
                       .arg(QString::number(e.id).leftJustified(4), when.leftJustified(2 * width + 1),
                           e.text.section(u'\n', 0, 0));
    if (!e.note.isEmpty())
        line += QStringLiteral(" — ") + e.note;
    line += QStringLiteral("  [%1").arg(origin);
    if (!e.eventIds.empty())
        line += QStringLiteral(", %1").arg(plural(qint64(e.eventIds.size()), "event", "events"));
    return line + QStringLiteral("]\n");
}

} // namespace

void entryOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, list, set or rm"));
    parser.addOption(QCommandLineOption(QStringLiteral("end"),
        QStringLiteral("When it ended, for a span (add, set; an empty value clears it)."), QStringLiteral("TIME")));
    parser.addOption(QCommandLineOption(QStringLiteral("note"),
        QStringLiteral("A note on the entry (add, set; empty clears it)."), QStringLiteral("TEXT")));
    parser.addOption(QCommandLineOption(QStringLiteral("cite"),
        QStringLiteral("The events it cites, by id, comma-separated (`aftermath-cli events` shows ids; add, set)."),
        QStringLiteral("IDS")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("time"), QStringLiteral("A new time (set)."), QStringLiteral("TIME")));
    parser.addOption(
        QCommandLineOption(QStringLiteral("text"), QStringLiteral("New text (set)."), QStringLiteral("TEXT")));
    addZoneOption(parser);
}

int entryRun(const Invocation& in)
{
    const QStringList args = in.parser.positionalArguments();
    const QString action = args.value(0);
    const QString usage = QStringLiteral("entry add ID TIME TEXT [--end T] [--note N] [--cite IDS], list ID, set ID "
                                         "EID [--time T] [--end T] [--text X] [--note N] [--cite IDS] or rm ID EID");
    const qsizetype expected = action == u"add" ? 4
        : action == u"list"                     ? 2
        : action == u"set" || action == u"rm"   ? 3
                                                : 0;
    if (action.isEmpty())
        return in.usageError(QStringLiteral("say what to do: ") + usage);
    if (expected == 0)
        return in.usageError(QStringLiteral("unknown action \"%1\"; expected %2").arg(action, usage));
    if (args.size() != expected)
        return in.usageError(action == u"add" && args.size() > 4
                ? QStringLiteral("entry add takes the text as one argument; put it in quotes")
                : QStringLiteral("expected %1").arg(usage));
    const QStringList setOnly{QStringLiteral("time"), QStringLiteral("text")};
    for (const QString& option : setOnly) {
        if (in.parser.isSet(option) && action != u"set")
            return in.usageError(QStringLiteral("--%1 is for entry set").arg(option));
    }
    for (const QString& option : {QStringLiteral("end"), QStringLiteral("note"), QStringLiteral("cite")}) {
        if (in.parser.isSet(option) && action != u"add" && action != u"set")
            return in.usageError(QStringLiteral("--%1 is for entry add and entry set").arg(option));
    }
    const auto id = idArgument(in, 1, u"an incident number");
    if (!id)
        return UsageError;
    std::optional<qint64> entryId;
    if (action == u"set" || action == u"rm") {
        entryId = parseId(args[2]);
        if (!entryId)
            return in.usageError(
                QStringLiteral("entries are numbered as entry list %1 shows them, not \"%2\"").arg(*id).arg(args[2]));
    }
    std::optional<std::vector<qint64>> cited;
    if (in.parser.isSet(QStringLiteral("cite"))) {
        cited.emplace();
        for (const QString& part : in.parser.value(QStringLiteral("cite")).split(u',', Qt::SkipEmptyParts)) {
            const auto event = parseId(part.trimmed());
            if (!event)
                return in.usageError(QStringLiteral("--cite takes event ids such as 12,40, not \"%1\"").arg(part));
            cited->push_back(*event);
        }
    }
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;
    const auto clock = readClock(in);
    if (!clock)
        return UsageError;
    auto ws = action == u"list" ? openForReading(in) : openForWriting(in, clock->clock());
    if (!ws)
        return failed(in, ws.error());
    const auto incident = ws->postmortems().incident(*id);
    if (!incident)
        return failed(in, incident.error());
    // Times without an offset are read, and the list is shown, in the zone the incident is shown in.
    const QTimeZone zone = model::displayZone(*incident, tz->chosen);
    const model::WindowTimeFormat format(incident->fromUs, incident->toUs, zone);
    auto entries = ws->postmortems().timelineEntries(*id);
    if (!entries)
        return failed(in, entries.error());

    if (action == u"list") {
        if (entries->empty())
            in.err << "Incident #" << *id << " has no timeline entries yet; `aftermath-cli draft " << *id
                   << "` drafts them from the evidence.\n";
        for (const model::TimelineEntry& e : *entries)
            in.out << terminalSafe(entryLine(e, format));
        return Success;
    }
    // set and rm name an entry of this incident.
    const auto found
        = entryId ? std::ranges::find_if(*entries, [&](const auto& e) { return e.id == *entryId; }) : entries->end();
    if (entryId && found == entries->end())
        return in.runtimeError(
            QStringLiteral("incident #%1 has no timeline entry %2; `entry list %1` shows them").arg(*id).arg(*entryId));
    if (action == u"rm") {
        if (auto removed = ws->postmortems().removeTimelineEntry(*entryId); !removed)
            return failed(in, removed.error());
        in.err << "Removed timeline entry " << *entryId << " of incident #" << *id << ".\n";
        return Success;
    }

    model::TimelineEntry entry;
    if (action == u"set") {
        entry = *found;
    } else {
        entry.incidentId = *id;
        entry.origin = model::TimelineEntry::Origin::User;
        entry.text = args[3].trimmed();
    }
    const QString timeText = action == u"add" ? args[2] : in.parser.value(QStringLiteral("time"));
    if (action == u"add" || in.parser.isSet(QStringLiteral("time"))) {
        const auto time = parseEntryTime(timeText, *incident, zone);
        if (!time)
            return in.usageError(QStringLiteral("the time: %1").arg(time.error().message));
        entry.timeUs = *time;
    }
    if (in.parser.isSet(QStringLiteral("end"))) {
        const QString end = in.parser.value(QStringLiteral("end"));
        if (end.isEmpty()) {
            entry.endUs.reset();
        } else {
            const auto time = parseEntryTime(end, *incident, zone);
            if (!time)
                return in.usageError(QStringLiteral("--end: %1").arg(time.error().message));
            entry.endUs = *time;
        }
    }
    if (entry.endUs && *entry.endUs < entry.timeUs)
        return in.usageError(QStringLiteral("--end is before the entry's time"));
    if (in.parser.isSet(QStringLiteral("text")))
        entry.text = in.parser.value(QStringLiteral("text")).trimmed();
    if (entry.text.isEmpty())
        return in.usageError(QStringLiteral("a timeline entry needs text"));
    if (in.parser.isSet(QStringLiteral("note")))
        entry.note = in.parser.value(QStringLiteral("note")).trimmed();
    if (cited)
        entry.eventIds = *cited;
    const auto written
        = action == u"add" ? ws->postmortems().addTimelineEntry(entry) : ws->postmortems().updateTimelineEntry(entry);
    if (!written)
        return failed(in, written.error());
    in.out << terminalSafe(entryLine(*written, format));
    return Success;
}

} // namespace aftermath::cli
