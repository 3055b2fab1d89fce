// The hostile corpus through the CLI: action items as CSV, JSON and gh commands, and the text
// that list and show commands print to a terminal.

#include "cli.h"
#include "clitestsupport.h"
#include "hostilecorpus.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace aftermath;

namespace {

QStringList words(std::initializer_list<const char*> list)
{
    QStringList out;
    for (const char* word : list)
        out << QString::fromUtf8(word);
    return out;
}

// What a terminal would act on instead of showing: control characters but line feed and tab, C1
// controls (CSI, OSC, ...) and the bidi overrides and isolates.
qsizetype terminalControls(const QString& text)
{
    return std::ranges::count_if(text, [](QChar c) {
        const char16_t u = c.unicode();
        return (u < 0x20 && u != u'\n' && u != u'\t') || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069);
    });
}

// A CSV cell as a spreadsheet gets it: a value that starts like a formula has a ' before it.
bool csvHolds(const QString& cell, const QString& value)
{
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    const bool formula = !value.isEmpty() && formulaStarts.contains(value.front());
    return cell == (formula ? QStringLiteral("'") + value : value);
}

} // namespace

TEST_CASE("hostile action items come back whole from CSV, JSON and gh, and reach a terminal escaped", "[hostile][cli]")
{
    QTemporaryDir dir;
    QTemporaryDir shellDir; // gh commands run here with gh as a function: nothing may appear in it
    const QString db = dir.filePath(QStringLiteral("hostile.sqlite"));
    auto cli = [&](const QStringList& arguments) {
        const test::CliRun run = test::runCli(QStringList{QStringLiteral("--db"), db} + arguments);
        INFO(run.err.toStdString());
        REQUIRE(run.code == cli::Success);
        return run;
    };
    cli({QStringLiteral("init")});
    const QStringList& corpus = test::hostileCorpus();
    for (const QString& text : corpus) {
        INFO("text " << test::describe(text));
        const QString id = cli(
            words({"incident", "new", "--from", "2026-06-18 00:00", "--to", "2026-06-18 09:00", "--title"}) << text)
                               .out.trimmed();
        // "--" so that text starting with a dash is an argument, not an option.
        cli(QStringList{QStringLiteral("rootcause"), QStringLiteral("add"), id, QStringLiteral("--"), text});
        cli(QStringList{QStringLiteral("entry"), QStringLiteral("add"), id, QStringLiteral("2026-06-18 01:00"),
            QStringLiteral("--"), text});
        cli(QStringList{QStringLiteral("action"), QStringLiteral("add"), id, QStringLiteral("--owner"), text,
            QStringLiteral("--priority"), text, QStringLiteral("--"), text});
    }
    // What the store holds is what every output must give back.
    auto store = store::Store::open(db, {.access = store::OpenOptions::Access::ReadOnly});
    REQUIRE(store);
    const auto items = store->postmortems().actionItems({});
    REQUIRE(items);
    REQUIRE(items->size() == std::size_t(corpus.size()));

    const auto records = test::parseCsv(cli(words({"action", "list", "--format", "csv"})).out);
    REQUIRE(records.size() == items->size() + 1);
    const QJsonArray json
        = QJsonDocument::fromJson(cli(words({"action", "list", "--format", "json"})).out.toUtf8()).array();
    REQUIRE(json.size() == qsizetype(items->size()));
    const std::vector<QStringList> commands
        = test::ghCommandWords(cli(words({"action", "export", "--repo", "acme/x"})).out, shellDir.path());
    REQUIRE(commands.size() == items->size());
    CHECK(QDir(shellDir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const model::ActionItem& item = (*items)[i];
        INFO("item " << item.id << ": " << test::describe(item.description));
        const QStringList& csv = records[i + 1];
        REQUIRE(csv.size() == 7);
        CHECK(csvHolds(csv[1], item.owner));
        CHECK(csvHolds(csv[3], item.priority));
        CHECK(csv[4].startsWith(item.description) | csv[4].startsWith(QStringLiteral("'") + item.description));
        const QJsonObject object = json[qsizetype(i)].toObject();
        CHECK(object[u"description"].toString() == item.description);
        CHECK(object[u"owner"].toString() == item.owner);
        CHECK(object[u"priority"].toString() == item.priority);
        const QStringList& gh = commands[i];
        QString withoutNul = item.description;
        withoutNul.remove(QChar()); // no argument can hold a NUL: the shell form drops it
        const qsizetype assignee = gh.indexOf(QStringLiteral("--assignee"));
        REQUIRE(assignee > 0);
        CHECK(gh[assignee + 1] == QString(item.owner).remove(QChar()));
        CHECK(gh[gh.indexOf(QStringLiteral("--body")) + 1].startsWith(withoutNul));
    }

    // Text for a terminal: every list and show that prints what people wrote.
    QStringList outputs{cli(words({"action", "list"})).out, cli(words({"incident", "list"})).out};
    for (qsizetype id = 1; id <= corpus.size(); ++id) {
        const QString n = QString::number(id);
        outputs << cli({QStringLiteral("incident"), QStringLiteral("show"), n}).out
                << cli({QStringLiteral("rootcause"), QStringLiteral("list"), n}).out
                << cli({QStringLiteral("entry"), QStringLiteral("list"), n}).out;
    }
    for (const QString& output : outputs) {
        INFO(test::describe(output));
        CHECK(terminalControls(output) == 0);
    }
}
