// aftermath-cli action add|set|rm|list|export: action items as text, CSV (Jira) or JSON, and as gh commands.

#include "actioncommands.h"

#include "cli.h"
#include "cliutil.h"
#include "jsonwriter.h"
#include "model/timestamp.h"
#include "workspace/workspace.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace aftermath::cli {

namespace {

using model::ActionItem;

// The first line of a text, for one-line displays and issue titles.
QString firstLine(const QString& text, qsizetype maxLength)
{
    QString line = text.section(u'\n', 0, 0).trimmed();
    if (line.size() > maxLength)
        line = line.left(maxLength - 1) + QStringLiteral("…");
    return line;
}

struct ActionOptionUse {
    const char* action;
    const char* options; // separated by spaces
};

// Which options each action takes; any other given is a usage error.
constexpr ActionOptionUse actionOptionUses[] = {
    {"add", "owner due priority type link"},
    {"set", "status owner due priority type link description if-version"},
    {"rm", ""},
    {"list", "owner status overdue incident format tz"},
    {"export", "owner status overdue incident format tz repo"},
};

constexpr const char* allActionOptions
    = "owner due priority type link status description overdue incident format tz repo if-version";

QStringList optionList(const char* names) { return QString::fromLatin1(names).split(u' '); }

QString statusNames() { return QStringLiteral("open, in_progress, done or wont_do"); }
QString typeNames() { return QStringLiteral("prevent, mitigate, detect, process or spike"); }

// --due: a day, or "" to clear it (set).
Result<std::optional<QDate>> parseDue(const QString& text)
{
    if (text.isEmpty())
        return std::optional<QDate>();
    static const QRegularExpression day(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!day.match(text).hasMatch() || !date.isValid())
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("--due: expected a day as YYYY-MM-DD, such as 2026-07-01, not \"%1\"").arg(text));
    return std::optional(date);
}

Result<std::optional<ActionItem::Type>> parseType(const QString& text)
{
    if (text.isEmpty())
        return std::optional<ActionItem::Type>();
    if (const auto type = model::actionTypeFromString(text))
        return std::optional(*type);
    return fail(Error::Code::InvalidArgument, QStringLiteral("--type: expected %1, not \"%2\"").arg(typeNames(), text));
}

Result<ActionItem::Status> parseStatus(const QString& text)
{
    if (const auto status = model::actionStatusFromString(text))
        return *status;
    return fail(
        Error::Code::InvalidArgument, QStringLiteral("--status: expected %1, not \"%2\"").arg(statusNames(), text));
}

// When option `name` is given, parses it with `parse` into `target`; the parse error otherwise.
template <typename Parse, typename Target>
Result<void> parseOption(const Invocation& in, const QString& name, Parse parse, Target& target)
{
    if (!in.parser.isSet(name))
        return {};
    auto parsed = parse(in.parser.value(name));
    if (!parsed)
        return std::unexpected(parsed.error());
    target = *parsed;
    return {};
}

QDate today(const Clock& clock, const QTimeZone& zone)
{
    return QDate::fromString(model::formatInZone(clock.nowUtcUs(), zone).left(10), Qt::ISODate);
}

// "From the postmortem of incident #1: TITLE" and the rest of an issue's body.
QString issueBody(const ActionItem& item, const QString& incidentTitle)
{
    QString body = item.description.trimmed();
    body += QStringLiteral("\n\nFrom the postmortem of incident #%1: %2\n").arg(item.incidentId).arg(incidentTitle);
    body += QStringLiteral("Aftermath action item #%1").arg(item.id);
    QStringList details;
    if (item.due)
        details << QStringLiteral("due ") + item.due->toString(Qt::ISODate);
    if (!item.priority.isEmpty())
        details << QStringLiteral("priority ") + item.priority;
    if (item.type)
        details << QStringLiteral("type ") + model::toString(*item.type).toString();
    if (!details.isEmpty())
        body += QStringLiteral(" (") + details.join(QStringLiteral(", ")) + u')';
    return body;
}

QString actionJson(const ActionItem& item, const QString& incidentTitle, QDate day)
{
    JsonObjectWriter json;
    json.add(u"id", item.id)
        .add(u"incident_id", item.incidentId)
        .add(u"incident", incidentTitle)
        .add(u"description", item.description)
        .addOptional(u"owner", item.owner)
        .addOptional(u"due", item.due ? item.due->toString(Qt::ISODate) : QString())
        .add(u"status", model::toString(item.status))
        .addOptional(u"priority", item.priority)
        .addOptional(u"type", item.type ? model::toString(*item.type) : QStringView())
        .addOptional(u"link", item.link)
        .add(u"version", item.rowVersion)
        .add(u"created_at", model::formatUtc(item.createdAtUs))
        .addOptional(u"closed_at", item.closedAtUs ? model::formatUtc(*item.closedAtUs) : QString())
        .addRaw(u"overdue", item.isOverdue(day) ? u"true" : u"false");
    return json.finish();
}

// One line per item, in columns.
QString actionTable(const std::vector<ActionItem>& items, QDate day)
{
    const QStringList header{QStringLiteral("ID"), QStringLiteral("STATUS"), QStringLiteral("DUE"),
        QStringLiteral("OWNER"), QStringLiteral("PRIORITY"), QStringLiteral("TYPE"), QStringLiteral("INCIDENT"),
        QStringLiteral("DESCRIPTION")};
    std::vector<QStringList> rows{header};
    for (const ActionItem& item : items) {
        QString due = item.due ? item.due->toString(Qt::ISODate) : QStringLiteral("-");
        if (item.isOverdue(day))
            due += QStringLiteral(" (overdue)");
        auto orDash = [](const QString& text) { return text.isEmpty() ? QStringLiteral("-") : text; };
        rows.push_back({QString::number(item.id), model::toString(item.status).toString(), due, orDash(item.owner),
            orDash(item.priority), item.type ? model::toString(*item.type).toString() : QStringLiteral("-"),
            QStringLiteral("#%1").arg(item.incidentId), firstLine(item.description, 200)});
    }
    std::vector<qsizetype> widths(header.size(), 0);
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[std::size_t(i)] = std::max(widths[std::size_t(i)], row[i].size());
    }
    QString text;
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 == row.size() ? row[i] : row[i].leftJustified(widths[std::size_t(i)] + 2);
        text += line + u'\n';
    }
    return text;
}

// Jira's CSV importer maps these columns by name; it takes several labels as several Labels
// columns. Records end in CRLF (RFC 4180).
QString actionCsv(const std::vector<ActionItem>& items, const QHash<qint64, QString>& titles)
{
    QString text = QStringLiteral("Summary,Assignee,Due date,Priority,Description,Labels,Labels\r\n");
    for (const ActionItem& item : items) {
        const QStringList fields{firstLine(item.description, 255), item.owner,
            item.due ? item.due->toString(Qt::ISODate) : QString(), item.priority,
            issueBody(item, titles.value(item.incidentId)), QStringLiteral("postmortem"),
            item.type ? model::toString(*item.type).toString() : QString()};
        QStringList quoted;
        for (const QString& field : fields)
            quoted << csvField(field);
        text += quoted.join(u',') + QStringLiteral("\r\n");
    }
    return text;
}

QString ghCommand(const ActionItem& item, const QString& incidentTitle, const QString& repo)
{
    QStringList words{QStringLiteral("gh issue create")};
    if (!repo.isEmpty())
        words << QStringLiteral("--repo") << shellQuote(repo);
    words << QStringLiteral("--title") << shellQuote(firstLine(item.description, 256));
    words << QStringLiteral("--body") << shellQuote(issueBody(item, incidentTitle));
    if (!item.owner.isEmpty())
        words << QStringLiteral("--assignee") << shellQuote(item.owner);
    words << QStringLiteral("--label") << shellQuote(QStringLiteral("postmortem"));
    if (item.type)
        words << QStringLiteral("--label") << shellQuote(model::toString(*item.type));
    return words.join(u' ');
}

int actionAdd(const Invocation& in, const Clock& clock)
{
    const QStringList args = in.parser.positionalArguments();
    if (args.size() < 3)
        return in.usageError(QStringLiteral("action add needs the incident number and a description: action add ID "
                                            "\"DESCRIPTION\" --owner NAME"));
    if (args.size() > 3)
        return in.usageError(QStringLiteral("action add takes the description as one argument; put it in quotes"));
    const auto id = idArgument(in, 1, u"an incident number");
    if (!id)
        return UsageError;
    ActionItem item;
    item.incidentId = *id;
    item.description = args[2].trimmed();
    if (item.description.isEmpty())
        return in.usageError(QStringLiteral("the action item's description cannot be empty"));
    item.owner = in.parser.value(QStringLiteral("owner")).trimmed();
    if (item.owner.isEmpty())
        return in.usageError(QStringLiteral("give the action item an --owner"));
    auto parsed = parseOption(in, QStringLiteral("due"), parseDue, item.due);
    if (parsed)
        parsed = parseOption(in, QStringLiteral("type"), parseType, item.type);
    if (!parsed)
        return in.usageError(parsed.error().message);
    item.priority = in.parser.value(QStringLiteral("priority"));
    item.link = in.parser.value(QStringLiteral("link"));
    auto ws = openForWriting(in, clock);
    if (!ws)
        return failed(in, ws.error());
    const auto added = ws->postmortems().addActionItem(item);
    if (!added)
        return failed(in, added.error());
    in.out << added->id << '\n';
    return Success;
}

int actionRemove(const Invocation& in, const Clock& clock)
{
    const QStringList args = in.parser.positionalArguments();
    if (args.size() != 2)
        return in.usageError(QStringLiteral("action rm takes the action item's number: action rm AID"));
    const auto id = idArgument(in, 1, u"an action item number");
    if (!id)
        return UsageError;
    auto ws = openForWriting(in, clock);
    if (!ws)
        return failed(in, ws.error());
    const auto removed = ws->postmortems().removeActionItem(*id);
    if (!removed)
        return failed(in, removed.error());
    in.err << "Removed action item #" << removed->id << " (" << terminalSafe(removed->description) << ") of incident #"
           << removed->incidentId << ".\n";
    return Success;
}

int actionSet(const Invocation& in, const Clock& clock)
{
    const QStringList args = in.parser.positionalArguments();
    if (args.size() != 2)
        return in.usageError(QStringLiteral("action set takes the action item's number: action set AID --status "
                                            "done ..."));
    const auto id = idArgument(in, 1, u"an action item number");
    if (!id)
        return UsageError;
    model::ActionItemUpdate update;
    auto parsed = parseOption(in, QStringLiteral("status"), parseStatus, update.status);
    if (parsed)
        parsed = parseOption(in, QStringLiteral("due"), parseDue, update.due);
    if (parsed)
        parsed = parseOption(in, QStringLiteral("type"), parseType, update.type);
    if (!parsed)
        return in.usageError(parsed.error().message);
    for (const auto& [name, target] : {std::pair{QStringLiteral("owner"), &update.owner},
             std::pair{QStringLiteral("priority"), &update.priority}, std::pair{QStringLiteral("link"), &update.link},
             std::pair{QStringLiteral("description"), &update.description}}) {
        if (in.parser.isSet(name))
            *target = in.parser.value(name).trimmed();
    }
    if (update.description && update.description->isEmpty())
        return in.usageError(QStringLiteral("--description cannot be empty"));
    if (update.isEmpty())
        return in.usageError(QStringLiteral("say what to change: --status, --owner, --due, --priority, --type, --link "
                                            "or --description"));
    const auto ifVersion = ifVersionOption(in);
    if (!ifVersion)
        return UsageError;
    update.basedOn = *ifVersion;
    auto ws = openForWriting(in, clock);
    if (!ws)
        return failed(in, ws.error());
    const auto updated = ws->postmortems().updateActionItem(*id, update);
    if (!updated)
        return failed(in, updated.error());
    in.out << terminalSafe(actionTable({*updated}, today(clock, QTimeZone::systemTimeZone())));
    return Success;
}

// list and export: the filter, today's date and the items.
int actionListOrExport(const Invocation& in, const Clock& clock, bool exporting)
{
    if (in.parser.positionalArguments().size() != 1)
        return in.usageError(QStringLiteral("action %1 takes options only").arg(in.parser.positionalArguments()[0]));
    const QStringList formats = exporting
        ? QStringList{QStringLiteral("gh")}
        : QStringList{QStringLiteral("text"), QStringLiteral("csv"), QStringLiteral("json")};
    const auto format = chosenFormat(in, formats, formats.join(QStringLiteral(", ")), formats.first());
    if (!format)
        return UsageError;
    const QString repo = in.parser.value(QStringLiteral("repo"));
    static const QRegularExpression ownerName(QStringLiteral("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"));
    if (in.parser.isSet(QStringLiteral("repo")) && !ownerName.match(repo).hasMatch())
        return in.usageError(QStringLiteral("--repo: expected OWNER/NAME, such as acme/etl, not \"%1\"").arg(repo));
    const auto tz = readZoneOption(in);
    if (!tz)
        return UsageError;

    store::ActionItemFilter filter;
    if (in.parser.isSet(QStringLiteral("owner")))
        filter.owner = in.parser.value(QStringLiteral("owner"));
    if (const QString status = in.parser.value(QStringLiteral("status")); status == u"unfinished") {
        filter.unfinished = true;
    } else if (in.parser.isSet(QStringLiteral("status"))) {
        const auto parsed = parseStatus(status);
        if (!parsed)
            return in.usageError(parsed.error().message + QStringLiteral(" (or unfinished, for list and export)"));
        filter.status = *parsed;
    }
    if (in.parser.isSet(QStringLiteral("incident"))) {
        filter.incidentId = parseId(in.parser.value(QStringLiteral("incident")));
        if (!filter.incidentId)
            return in.usageError(QStringLiteral("--incident needs an incident number"));
    }
    const QDate day = today(clock, tz->zone);
    if (in.parser.isSet(QStringLiteral("overdue")))
        filter.overdueOn = day;

    auto ws = openForReading(in);
    if (!ws)
        return failed(in, ws.error());
    // Export leaves out what is finished unless --status asks for it.
    if (exporting && !filter.status)
        filter.unfinished = true;
    auto items = ws->postmortems().actionItems(filter);
    if (!items)
        return failed(in, items.error());
    const auto incidents = ws->postmortems().incidents();
    if (!incidents)
        return failed(in, incidents.error());
    QHash<qint64, QString> titles;
    for (const model::Incident& incident : *incidents)
        titles.insert(incident.id, incident.title);

    if (items->empty())
        in.err << "No action items " << (exporting ? "to export" : "match") << " in " << ws->path() << ".\n";
    if (*format == u"gh") {
        for (const ActionItem& item : *items)
            in.out << ghCommand(item, titles.value(item.incidentId), repo) << '\n';
    } else if (*format == u"csv") {
        in.out << actionCsv(*items, titles);
    } else if (*format == u"json") {
        QStringList objects;
        for (const ActionItem& item : *items)
            objects << actionJson(item, titles.value(item.incidentId), day);
        in.out << (objects.isEmpty()
                ? QStringLiteral("[]\n")
                : QStringLiteral("[\n  ") + objects.join(QStringLiteral(",\n  ")) + QStringLiteral("\n]\n"));
    } else if (!items->empty()) {
        in.out << terminalSafe(actionTable(*items, day));
    }
    return Success;
}

} // namespace

QString shellQuote(QStringView text)
{
    // Inside single quotes every character is literal except the quote itself, which closes them:
    // ' becomes '\'' (close, an escaped quote, open again). NUL cannot be in an argument at all.
    QString out;
    out.reserve(text.size() + 2);
    out += u'\'';
    for (const QChar c : text) {
        if (c == u'\'')
            out += QStringLiteral("'\\''");
        else if (c.unicode() != 0)
            out += c;
    }
    out += u'\'';
    return out;
}

QString csvField(QStringView text)
{
    // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula:
    // OWASP's advice is a leading ' (shown as text, not run) and the cell quoted.
    const bool formula = !text.isEmpty()
        && (text.front() == u'=' || text.front() == u'+' || text.front() == u'-' || text.front() == u'@'
            || text.front() == u'\t' || text.front() == u'\r');
    const bool quote = formula || text.contains(u',') || text.contains(u'"') || text.contains(u'\n')
        || text.contains(u'\r') || (!text.isEmpty() && (text.front().isSpace() || text.back().isSpace()));
    if (!quote)
        return text.toString();
    QString out = text.toString();
    out.replace(u'"', QStringLiteral("\"\""));
    return u'"' + (formula ? QStringLiteral("'") : QString()) + out + u'"';
}

void actionOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, set, list or export"));
    const std::pair<const char*, const char*> withValues[] = {
        {"owner", "Who owns the item (add: required; set; a filter for list and export)."},
        {"due", "Due day, YYYY-MM-DD (add, set; \"\" clears it)."},
        {"priority", "Priority as the team writes it: P1, high, ... (add, set)."},
        {"type", "prevent, mitigate, detect, process or spike (add, set; \"\" clears it)."},
        {"link", "The tracker issue's URL (add, set)."},
        {"status",
            "open, in_progress, done or wont_do (set; a filter for list and export, which also take "
            "unfinished: open or in progress)."},
        {"description", "A new description (set)."},
        {"if-version",
            "Only if no one changed the item since this version (`action list --format json` shows it); otherwise "
            "exit 3 showing the stored and given values (set)."},
        {"incident", "Only this incident's items (list, export)."},
        {"format", "list: text (default), csv (Jira's importer) or json; export: gh (default)."},
        {"repo", "The GitHub repository the issues go to, OWNER/NAME (export; default: gh's own choice)."},
    };
    const char* valueNames[]
        = {"NAME", "DAY", "P", "TYPE", "URL", "STATUS", "TEXT", "N", "ID", "FORMAT", "OWNER/NAME"};
    for (std::size_t i = 0; i < std::size(withValues); ++i)
        parser.addOption(QCommandLineOption(QString::fromLatin1(withValues[i].first),
            QString::fromLatin1(withValues[i].second), QString::fromLatin1(valueNames[i])));
    parser.addOption(QCommandLineOption(QStringLiteral("overdue"),
        QStringLiteral("Only items not done or won't do and due before today (list, export; today comes from "
                       "$AFTERMATH_NOW when set).")));
    addZoneOption(parser); // the zone whose date is today, for --overdue
}

int actionRun(const Invocation& in)
{
    const QString action = in.parser.positionalArguments().value(0);
    const ActionOptionUse* use = nullptr;
    for (const ActionOptionUse& candidate : actionOptionUses) {
        if (action == QLatin1StringView(candidate.action))
            use = &candidate;
    }
    if (!use)
        return in.usageError(action.isEmpty()
                ? QStringLiteral(
                    "say what to do: action add ID DESCRIPTION --owner NAME, set AID, rm AID, list or export")
                : QStringLiteral("unknown action \"%1\"; expected add, set, rm, list or export").arg(action));
    const QStringList allowed = optionList(use->options);
    for (const QString& option : optionList(allActionOptions)) {
        if (in.parser.isSet(option) && !allowed.contains(option))
            return in.usageError(QStringLiteral("--%1 is not an option of action %2; %3")
                                     .arg(option, action,
                                         use->options[0] == '\0'
                                             ? QStringLiteral("it takes none")
                                             : QStringLiteral("it takes --") + allowed.join(QStringLiteral(", --"))));
    }
    const auto clock = readClock(in);
    if (!clock)
        return UsageError;
    if (action == u"add")
        return actionAdd(in, clock->clock());
    if (action == u"set")
        return actionSet(in, clock->clock());
    if (action == u"rm")
        return actionRemove(in, clock->clock());
    return actionListOrExport(in, clock->clock(), action == u"export");
}

} // namespace aftermath::cli
