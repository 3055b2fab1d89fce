// aftermath-cli rootcause add, list, rm and move: an incident's root causes, in order.

#include "rootcausecommands.h"

#include "cli.h"
#include "cliutil.h"
#include "workspace/workspace.h"

namespace aftermath::cli {

namespace {

QString rootCauseList(const std::vector<model::RootCause>& causes)
{
    QString text;
    for (const model::RootCause& cause : causes) {
        QString body = cause.text;
        body.replace(u'\n', QStringLiteral("\n   "));
        text += QStringLiteral("%1. %2\n").arg(cause.position).arg(body);
    }
    return text;
}

std::optional<int> parsePosition(const QString& text)
{
    bool ok = false;
    const int position = text.toInt(&ok);
    return ok && position > 0 ? std::optional(position) : std::nullopt;
}

} // namespace

void rootCauseOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, list, rm or move"));
    parser.addOption(QCommandLineOption(QStringLiteral("position"),
        QStringLiteral("Where to add the cause: 1 is the first, and those from there move down (add; default: at "
                       "the end)."),
        QStringLiteral("N")));
}

int rootCauseRun(const Invocation& in)
{
    const QStringList args = in.parser.positionalArguments();
    const QString action = args.value(0);
    const QString usage = QStringLiteral("rootcause add ID TEXT [--position N], list ID, rm ID POSITION or move ID "
                                         "FROM TO");
    if (action.isEmpty())
        return in.usageError(QStringLiteral("say what to do: ") + usage);
    const qsizetype expected = action == u"add" ? 3
        : action == u"list"                     ? 2
        : action == u"rm"                       ? 3
        : action == u"move"                     ? 4
                                                : 0;
    if (expected == 0)
        return in.usageError(QStringLiteral("unknown action \"%1\"; expected %2").arg(action, usage));
    if (in.parser.isSet(QStringLiteral("position")) && action != u"add")
        return in.usageError(QStringLiteral("--position is for rootcause add"));
    if (action == u"add" && args.size() > 3)
        return in.usageError(QStringLiteral("rootcause add takes the cause as one argument; put it in quotes"));
    if (args.size() != expected)
        return in.usageError(QStringLiteral("expected %1").arg(usage));
    const auto id = idArgument(in, 1, u"an incident number");
    if (!id)
        return UsageError;
    std::vector<int> positions;
    for (qsizetype i = 2; action != u"add" && i < args.size(); ++i) {
        const auto position = parsePosition(args[i]);
        if (!position)
            return in.usageError(QStringLiteral("root causes are numbered from 1 (see rootcause list %1), not \"%2\"")
                                     .arg(*id)
                                     .arg(args[i]));
        positions.push_back(*position);
    }
    std::optional<int> at;
    if (in.parser.isSet(QStringLiteral("position"))) {
        at = parsePosition(in.parser.value(QStringLiteral("position")));
        if (!at)
            return in.usageError(QStringLiteral("--position needs a number from 1"));
    }
    if (action == u"add" && args[2].trimmed().isEmpty())
        return in.usageError(QStringLiteral("the root cause's text cannot be empty"));

    const auto clock = readClock(in);
    if (!clock)
        return UsageError;
    auto ws = action == u"list" ? openForReading(in) : openForWriting(in, clock->clock());
    if (!ws)
        return failed(in, ws.error());
    if (action == u"rm") {
        const auto removed = ws->postmortems().removeRootCause(*id, positions[0]);
        if (!removed)
            return failed(in, removed.error());
        in.out << "Removed root cause " << positions[0] << " of incident #" << *id << ": "
               << terminalSafe(removed->text) << '\n';
        return Success;
    }
    if (action == u"add") {
        if (const auto added = ws->postmortems().addRootCause(*id, args[2].trimmed(), at); !added)
            return failed(in, added.error());
    } else if (action == u"move") {
        if (const auto moved = ws->postmortems().moveRootCause(*id, positions[0], positions[1]); !moved)
            return failed(in, moved.error());
    }
    const auto causes = ws->postmortems().rootCauses(*id);
    if (!causes)
        return failed(in, causes.error());
    if (causes->empty())
        in.err << "Incident #" << *id << " has no root causes yet; add one with `aftermath-cli rootcause add " << *id
               << " TEXT`.\n";
    in.out << terminalSafe(rootCauseList(*causes));
    return Success;
}

} // namespace aftermath::cli
