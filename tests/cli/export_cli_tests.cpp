// aftermath-cli export: templates by name and path, Markdown and HTML, the chart beside the file,
// usage errors, unwritable targets; and the postmortem `demo` writes.

#include "cli.h"
#include "clitestsupport.h"
#include "model/timestamp.h"
#include "store/store.h"

#include "systemsupport.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace aftermath;

namespace {

using Run = test::CliRun;
using test::runCli;

// Points the user data directory (and so the user templates folder) somewhere else while it lives.
class DataHome {
public:
    DataHome() : m_previous(qgetenv("XDG_DATA_HOME")) { qputenv("XDG_DATA_HOME", m_dir.path().toUtf8()); }
    DataHome(const DataHome&) = delete;
    DataHome& operator=(const DataHome&) = delete;
    ~DataHome()
    {
        if (m_previous.isEmpty())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", m_previous);
    }
    QString templates() const { return m_dir.filePath(QStringLiteral("aftermath/templates")); }

private:
    QTemporaryDir m_dir;
    QByteArray m_previous;
};

// The demo's store (the example incident, #1, with its evidence) plus incident #2 in the same
// window with a written postmortem.
struct ExportStore {
    DataHome home;
    QTemporaryDir dir;
    QString demo = dir.filePath(QStringLiteral("demo"));
    QString db = demo + QStringLiteral("/aftermath.sqlite");

    ExportStore()
    {
        REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), demo}).code == cli::Success);
        auto store = store::Store::open(db);
        REQUIRE(store);
        const auto example = store->postmortems().incident(1);
        REQUIRE(example);
        model::Postmortem p;
        p.incident = *example;
        p.incident.uid.clear(); // a new incident, not a copy of the example's
        p.incident.title = QStringLiteral("Reports | incomplete <script>alert(1)</script>");
        p.incident.description = QStringLiteral("# Not a heading\nTwo customers got incomplete reports.");
        p.rootCauses.push_back({0, 0, 1, QStringLiteral("A column production did not have yet.")});
        model::ActionItem retries;
        retries.description = QStringLiteral("Add max retries for all steps");
        retries.owner = QStringLiteral("Dana | Whitfield");
        model::ActionItem approvals;
        approvals.description = QStringLiteral("Spike: workflow approvals");
        approvals.owner = QStringLiteral("Bob Lindqvist");
        p.actionItems = {retries, approvals};
        const auto created = store->postmortems().createPostmortem(p);
        REQUIRE(created);
        REQUIRE(*created == 2);
    }

    Run exportCli(QStringList arguments) const
    {
        return runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("export")} + arguments);
    }
};

} // namespace

TEST_CASE("cli: demo writes the example's postmortem beside its store", "[cli][export]")
{
    QTemporaryDir dir;
    DataHome home;
    const QString out = dir.filePath(QStringLiteral("demo"));
    const Run demo = runCli({QStringLiteral("demo"), QStringLiteral("--out"), out});
    REQUIRE(demo.code == cli::Success);
    const QString path = out + QStringLiteral("/postmortem.md");
    CHECK(demo.err.contains(QStringLiteral("Postmortem (default template): ") + path));
    const QString markdown = QString::fromUtf8(test::fileBytes(path));
    CHECK(markdown.startsWith(
        QStringLiteral("# Postmortem: Nightly post-funding ETL runs failed after the funding_band change\n")));
    CHECK(markdown.contains(QStringLiteral("Times are in Europe/London, UTC+01:00. Drafted from the evidence")));
    CHECK(markdown.contains(QStringLiteral("- **01:07** Add funding_band column to post-funding step\n")));
    CHECK(markdown.contains(QStringLiteral("1. **01:25** PR #412 'Add funding_band column")));
    // The same as exporting the demo's incident afterwards.
    CHECK(runCli({QStringLiteral("--db"), out + QStringLiteral("/aftermath.sqlite"), QStringLiteral("export"),
                     QStringLiteral("1")})
              .out
        == markdown);
}

TEST_CASE("cli: export writes Markdown to stdout, or to a file with -o", "[cli][export]")
{
    const ExportStore s;
    const Run stdoutRun = s.exportCli({QStringLiteral("2")});
    REQUIRE(stdoutRun.code == cli::Success);
    CHECK(stdoutRun.err.isEmpty());
    CHECK(stdoutRun.out.startsWith(
        QStringLiteral("# Postmortem: Reports \\| incomplete \\<script>alert(1)\\</script>\n")));
    CHECK(stdoutRun.out.contains(QStringLiteral("\\# Not a heading\\\nTwo customers got incomplete reports.\n")));
    CHECK(stdoutRun.out.contains(QStringLiteral("| 1 | Add max retries for all steps | Dana \\| Whitfield |")));
    CHECK(stdoutRun.out.contains(QStringLiteral("## What the evidence shows")));

    const QString file = s.dir.filePath(QStringLiteral("pm.md"));
    const Run fileRun = s.exportCli({QStringLiteral("2"), QStringLiteral("-o"), file});
    REQUIRE(fileRun.code == cli::Success);
    CHECK(fileRun.out.isEmpty());
    CHECK(fileRun.err == QStringLiteral("Wrote ") + file + u'\n');
    CHECK(QString::fromUtf8(test::fileBytes(file)) == stdoutRun.out);
}

TEST_CASE("cli: export --tz shows the document's times in that zone, else in the incident's own", "[cli][export]")
{
    const ExportStore s;
    const Run own = s.exportCli({QStringLiteral("1")});
    REQUIRE(own.code == cli::Success);
    CHECK(own.out.contains(QStringLiteral("Times are in Europe/London, UTC+01:00.")));
    CHECK(own.out.contains(QStringLiteral("- **01:07** Add funding_band column to post-funding step\n")));

    const Run chosen = s.exportCli({QStringLiteral("1"), QStringLiteral("--tz"), QStringLiteral("America/New_York")});
    REQUIRE(chosen.code == cli::Success);
    CHECK(chosen.out.contains(QStringLiteral("Times are in America/New_York, UTC-04:00.")));
    // 19:00 to 05:00 there: two days, so times carry their date.
    CHECK(chosen.out.contains(QStringLiteral("- **2026-06-17 20:07** Add funding_band column to post-funding step\n")));

    const Run bad = s.exportCli({QStringLiteral("1"), QStringLiteral("--tz"), QStringLiteral("Mars/Olympus")});
    CHECK(bad.code == cli::UsageError);
    CHECK(bad.err.contains(QStringLiteral("--tz: unknown time zone \"Mars/Olympus\"")));
}

TEST_CASE("cli: export --format html --chart writes the page and the chart beside it", "[cli][export]")
{
    const ExportStore s;
    const QString page = s.dir.filePath(QStringLiteral("night.html"));
    const QString chart = s.dir.filePath(QStringLiteral("night.svg"));
    const Run run = s.exportCli(
        {QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("--chart"),
            QStringLiteral("-o"), page, QStringLiteral("--template"), QStringLiteral("google-sre")});
    REQUIRE(run.code == cli::Success);
    CHECK(run.err == QStringLiteral("Wrote %1\nWrote %2\n").arg(chart, page));
    const QString html = QString::fromUtf8(test::fileBytes(page));
    CHECK(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    CHECK(html.contains(
        QStringLiteral("<title>Nightly post-funding ETL runs failed after the funding_band change</title>")));
    CHECK(html.contains(QStringLiteral("<h2>Lessons Learned</h2>")));
    CHECK(html.contains(QStringLiteral("<img src=\"night.svg\" alt=\"Timeline chart\" />")));
    const QByteArray svg = test::fileBytes(chart);
    CHECK(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(svg.contains(">trigger 01:25</text>"));
}

TEST_CASE("cli: export finds user templates by name, and templates by path", "[cli][export]")
{
    const ExportStore s;
    REQUIRE(QDir().mkpath(s.home.templates()));
    REQUIRE(test::writeFile(s.home.templates() + QStringLiteral("/team.md"),
        "# {{title}}\n\n{{#action_items}}\n- {{description}} ({{owner}}, {{owenr}})\n{{/action_items}}\n"));
    const Run team = s.exportCli({QStringLiteral("2"), QStringLiteral("--template"), QStringLiteral("team")});
    REQUIRE(team.code == cli::Success);
    CHECK(team.out
        == QStringLiteral("# Reports \\| incomplete \\<script>alert(1)\\</script>\n\n"
                          "- Add max retries for all steps (Dana \\| Whitfield, )\n"
                          "- Spike: workflow approvals (Bob Lindqvist, )\n"));
    // The misspelt tag comes out empty, with a warning that names it.
    CHECK(team.err.contains(QStringLiteral("warning: ")));
    CHECK(team.err.contains(QStringLiteral("owenr")));

    const QString path = s.dir.filePath(QStringLiteral("short.md"));
    REQUIRE(test::writeFile(path, "{{title}} ({{severity}})\n"));
    const Run byPath = s.exportCli({QStringLiteral("1"), QStringLiteral("--template"), path});
    REQUIRE(byPath.code == cli::Success);
    CHECK(byPath.out == QStringLiteral("Nightly post-funding ETL runs failed after the funding_band change (SEV2)\n"));
    CHECK(byPath.err.isEmpty());
}

TEST_CASE("cli: export usage errors say what was expected", "[cli][export]")
{
    const ExportStore s;
    const Run noId = s.exportCli({});
    CHECK(noId.code == cli::UsageError);
    CHECK(noId.err.contains(QStringLiteral("export ID")));
    CHECK(s.exportCli({QStringLiteral("one")}).code == cli::UsageError);

    const Run format = s.exportCli({QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("pdf")});
    CHECK(format.code == cli::UsageError);
    CHECK(format.err.contains(QStringLiteral("expected markdown or html")));

    const Run chart = s.exportCli({QStringLiteral("1"), QStringLiteral("--chart")});
    CHECK(chart.code == cli::UsageError);
    CHECK(chart.err.contains(QStringLiteral("-o FILE")));

    const Run unknown = s.exportCli({QStringLiteral("1"), QStringLiteral("--template"), QStringLiteral("sre")});
    CHECK(unknown.code == cli::UsageError);
    CHECK(unknown.err.contains(QStringLiteral("no template named \"sre\"")));
    CHECK(unknown.err.contains(QStringLiteral("default, google-sre, minimal (built in)")));

    const Run missing = s.exportCli({QStringLiteral("1"), QStringLiteral("--template"), QStringLiteral("./nope.md")});
    CHECK(missing.code == cli::RuntimeError);
    CHECK(missing.err.contains(QStringLiteral("./nope.md: there is no template file here")));

    const Run noIncident = s.exportCli({QStringLiteral("7")});
    CHECK(noIncident.code == cli::RuntimeError);
    CHECK(noIncident.err.contains(QStringLiteral("7")));
}

TEST_CASE("cli: export to a place it cannot write fails, naming the file, and writes nothing", "[cli][export]")
{
    const ExportStore s;
    const QString locked = s.dir.filePath(QStringLiteral("locked"));
    REQUIRE(QDir().mkpath(locked));
    REQUIRE(QFile::setPermissions(locked,
        QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther | QFileDevice::ExeOther
            | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
    // Root ignores permission bits: run the export as "nobody" then (it can read the store).
    // (SQLite may need to create the store's -shm file beside it to read it.)
    REQUIRE(QFile::setPermissions(s.dir.path(), QFile::permissions(s.dir.path()) | QFileDevice::ExeOther));
    REQUIRE(QFile::setPermissions(
        s.demo, QFile::permissions(s.demo) | QFileDevice::ExeOther | QFileDevice::ReadOther | QFileDevice::WriteOther));
    REQUIRE(QFile::setPermissions(s.db, QFile::permissions(s.db) | QFileDevice::ReadOther));
    const QString target = locked + QStringLiteral("/pm.md");
    const bool root = geteuid() == 0;
    if (root)
        REQUIRE((setegid(65534) == 0 && seteuid(65534) == 0));
    const Run run = s.exportCli({QStringLiteral("1"), QStringLiteral("--chart"), QStringLiteral("-o"), target});
    if (root)
        REQUIRE((seteuid(0) == 0 && setegid(0) == 0));
    INFO(run.err.toStdString());
    CHECK(run.code == cli::RuntimeError);
    CHECK(run.err.contains(locked + QStringLiteral("/pm.svg: cannot write it: ")));
    CHECK(run.err.contains(QStringLiteral("nothing was written there")));
    CHECK(QDir(locked).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
}

TEST_CASE("cli: export onto a full filesystem fails, naming the file and the full disk, and keeps the old file",
    "[cli][export][diskfull]")
{
    const ExportStore s;
    // 1 MiB is more than the example's document and chart; the filler takes what is left.
    const test::SmallFilesystem disk(1 << 20);
    if (!disk.mounted()) {
        WARN(disk.why().toStdString());
        return;
    }
    const QString document = disk.filePath(QStringLiteral("pm.md"));
    const QString chart = disk.filePath(QStringLiteral("pm.svg"));
    REQUIRE(test::writeFile(document, "the postmortem as it was\n"));
    REQUIRE(test::writeFile(chart, "<svg/>\n"));
    REQUIRE(disk.fill());

    for (const QStringList& extra : {QStringList{}, QStringList{QStringLiteral("--chart")}}) {
        const Run run = s.exportCli(QStringList{QStringLiteral("1"), QStringLiteral("-o"), document} + extra);
        INFO(run.err.toStdString());
        CHECK(run.code == cli::RuntimeError);
        CHECK(run.out.isEmpty());
        CHECK_FALSE(run.err.contains(QStringLiteral("Wrote")));
        CHECK(run.err.contains(extra.isEmpty() ? document : chart));
        CHECK(run.err.contains(QStringLiteral("No space left on device")));
        CHECK(run.err.contains(QStringLiteral("a file already there is unchanged")));
        CHECK(test::fileBytes(document) == "the postmortem as it was\n");
        CHECK(test::fileBytes(chart) == "<svg/>\n");
        // No half-written temporary file stays behind.
        CHECK(QDir(disk.path()).entryList(QDir::Files | QDir::Hidden).size() == 3);
    }

    // Once there is room again, the same command writes the document whole.
    REQUIRE(QFile::remove(disk.filePath(QStringLiteral("filler"))));
    const Run again = s.exportCli({QStringLiteral("1"), QStringLiteral("-o"), document});
    CHECK(again.code == cli::Success);
    CHECK(test::fileBytes(document).startsWith("# "));
}

TEST_CASE("cli: an incident without events exports without the evidence part", "[cli][export]")
{
    DataHome home;
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("empty.sqlite"));
    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        model::Incident incident;
        incident.title = QStringLiteral("Quiet night");
        incident.fromUs = test::incidentNightUs;
        incident.toUs = test::incidentNightUs + 3600LL * test::usPerSecond;
        incident.displayZone = QStringLiteral("UTC");
        REQUIRE(store->postmortems().createIncident(incident));
    }
    const Run run = runCli({QStringLiteral("--db"), db, QStringLiteral("export"), QStringLiteral("1")});
    REQUIRE(run.code == cli::Success);
    CHECK(run.err.contains(QStringLiteral("no events in incident 1's window")));
    CHECK(run.out.contains(QStringLiteral("_No timeline entries yet._")));
    CHECK_FALSE(run.out.contains(QStringLiteral("What the evidence shows")));

    const Run chart = runCli({QStringLiteral("--db"), db, QStringLiteral("export"), QStringLiteral("1"),
        QStringLiteral("--chart"), QStringLiteral("-o"), dir.filePath(QStringLiteral("pm.md"))});
    CHECK(chart.code == cli::RuntimeError);
    CHECK(chart.err.contains(QStringLiteral("export without the chart")));
    CHECK_FALSE(QFile::exists(dir.filePath(QStringLiteral("pm.md"))));
}

TEST_CASE("cli: import-postmortem reads an exported postmortem back into a new incident", "[cli][import]")
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("demo"));
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), out}).code == cli::Success);
    const QString db = out + QStringLiteral("/aftermath.sqlite");
    // The demo's incident, with people's fields, written out through each template and read back.
    REQUIRE(
        runCli({QStringLiteral("--db"), db, QStringLiteral("incident"), QStringLiteral("set"), QStringLiteral("1"),
                   QStringLiteral("--trigger"), QStringLiteral("PR #412 | shipped *before* migration 0042"),
                   QStringLiteral("--impact"), QStringLiteral("Two tenants got incomplete reports.\nFixed by 08:48.")})
            .code
        == cli::Success);
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("rootcause"), QStringLiteral("add"), QStringLiteral("1"),
                       QStringLiteral("No retry limit in create_post_funding")})
                .code
        == cli::Success);
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("action"), QStringLiteral("add"), QStringLiteral("1"),
                       QStringLiteral("Add max retries"), QStringLiteral("--owner"), QStringLiteral("Dana W"),
                       QStringLiteral("--due"), QStringLiteral("2026-07-03")})
                .code
        == cli::Success);
    REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("draft"), QStringLiteral("1")}).code == cli::Success);

    qint64 nextId = 2;
    for (const QString& name : {QStringLiteral("default"), QStringLiteral("google-sre"), QStringLiteral("minimal")}) {
        INFO(name.toStdString());
        const QString file = dir.filePath(name + QStringLiteral(".md"));
        REQUIRE(runCli({QStringLiteral("--db"), db, QStringLiteral("export"), QStringLiteral("1"),
                           QStringLiteral("--template"), name, QStringLiteral("-o"), file})
                    .code
            == cli::Success);
        const Run imported = runCli({QStringLiteral("--db"), db, QStringLiteral("import-postmortem"), file});
        REQUIRE(imported.code == cli::Success);
        CHECK(imported.out == QString::number(nextId) + u'\n');
        CHECK(imported.err.contains(QStringLiteral("as incident #%1").arg(nextId)));
        CHECK_FALSE(imported.err.contains(QStringLiteral("warning")));
        // The same document again, but for the incident number it names.
        const Run again = runCli({QStringLiteral("--db"), db, QStringLiteral("export"), QString::number(nextId),
            QStringLiteral("--template"), name});
        REQUIRE(again.code == cli::Success);
        QString expected = QString::fromUtf8(test::fileBytes(file));
        expected.replace(QStringLiteral("#1"), QStringLiteral("#%1").arg(nextId));
        if (name != u"minimal") // the minimal template shows neither the id nor the window
            CHECK(again.out.contains(QStringLiteral("#%1").arg(nextId)));
        CHECK(again.out == expected);
        ++nextId;
    }
    auto store = store::Store::open(db);
    REQUIRE(store);
    const auto back = store->postmortems().postmortem(2);
    REQUIRE(back);
    CHECK(back->incident.trigger == QStringLiteral("PR #412 | shipped *before* migration 0042"));
    CHECK(back->incident.impact == QStringLiteral("Two tenants got incomplete reports.\nFixed by 08:48."));
    REQUIRE(back->actionItems.size() == 1);
    CHECK(back->actionItems[0].owner == QStringLiteral("Dana W"));
}

TEST_CASE("cli: import-postmortem refuses what is not a Markdown postmortem, naming the file", "[cli][import]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("s.sqlite"));
    auto import = [&](const QString& path) {
        return runCli({QStringLiteral("--db"), db, QStringLiteral("import-postmortem"), path});
    };
    const QString missing = dir.filePath(QStringLiteral("missing.md"));
    const Run none = import(missing);
    CHECK(none.code == cli::RuntimeError);
    CHECK(none.err.contains(missing + QStringLiteral(": cannot read it")));

    const QString latin1 = dir.filePath(QStringLiteral("latin1.md"));
    REQUIRE(test::writeFile(latin1, "# Outage\n\n## Summary\n\nCaf\xe9 down\n"));
    const Run bad = import(latin1);
    CHECK(bad.code == cli::RuntimeError);
    CHECK(bad.err.contains(latin1 + QStringLiteral(":5: not UTF-8 text")));

    const QString binary = dir.filePath(QStringLiteral("image.md"));
    REQUIRE(test::writeFile(binary, QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11)));
    CHECK(import(binary).err.contains(binary + QStringLiteral(": a binary file")));

    const QString empty = dir.filePath(QStringLiteral("empty.md"));
    REQUIRE(test::writeFile(empty, "\n\n"));
    const Run blank = import(empty);
    CHECK(blank.code == cli::RuntimeError);
    CHECK(blank.err.contains(QStringLiteral("the document is empty")));

    CHECK(import(dir.path()).err.contains(QStringLiteral("is a folder")));
    CHECK(runCli({QStringLiteral("--db"), db, QStringLiteral("import-postmortem")}).code == cli::UsageError);
    // Nothing was stored by any of them.
    auto store = store::Store::open(db);
    REQUIRE(store);
    CHECK(store->postmortems().incidents()->empty());
}

TEST_CASE("cli: export, import-postmortem into a store without events, export again gives the same document",
    "[cli][import]")
{
    QTemporaryDir dir;
    // Exports the incident, and imports the file into a new store of its own (its incident is #1 too).
    auto exported = [&](const QString& db, const QString& id, const QString& templateName) {
        const Run run = runCli({QStringLiteral("--db"), db, QStringLiteral("export"), id, QStringLiteral("--template"),
            templateName});
        INFO(run.err.toStdString());
        REQUIRE(run.code == cli::Success);
        return run.out;
    };
    int stores = 0;
    auto importedAlone = [&](const QString& markdown, const QString& name) {
        const QString folder = dir.filePath(QStringLiteral("import-%1").arg(++stores));
        REQUIRE(QDir().mkpath(folder));
        const QString file = folder + u'/' + name;
        REQUIRE(test::writeFile(file, markdown.toUtf8()));
        const QString db = folder + QStringLiteral("/store.sqlite");
        const Run run = runCli({QStringLiteral("--db"), db, QStringLiteral("import-postmortem"), file,
            QStringLiteral("--tz"), QStringLiteral("UTC")});
        INFO(run.err.toStdString());
        REQUIRE(run.code == cli::Success);
        REQUIRE(run.out == QStringLiteral("1\n"));
        return db;
    };
    const QStringList templates{QStringLiteral("default"), QStringLiteral("google-sre"), QStringLiteral("minimal")};

    // The example incident, drafted, with what the evidence shows: the store it is imported into has
    // no events, so that part comes back from the document, in its place.
    const QString demo = dir.filePath(QStringLiteral("demo"));
    REQUIRE(runCli({QStringLiteral("demo"), QStringLiteral("--out"), demo}).code == cli::Success);
    const QString demoDb = demo + QStringLiteral("/aftermath.sqlite");
    REQUIRE(runCli({QStringLiteral("--db"), demoDb, QStringLiteral("draft"), QStringLiteral("1")}).code == cli::Success);
    for (const QString& name : templates) {
        INFO(name.toStdString());
        const QString first = exported(demoDb, QStringLiteral("1"), name);
        const QString db = importedAlone(first, name + QStringLiteral(".md"));
        CHECK(exported(db, QStringLiteral("1"), name) == first);
    }
    const QString withEvidence = exported(demoDb, QStringLiteral("1"), QStringLiteral("default"));
    REQUIRE(withEvidence.contains(QStringLiteral("## What the evidence shows")));
    REQUIRE(withEvidence.contains(QStringLiteral("From the evidence: detected")));
    {
        auto store = store::Store::open(importedAlone(withEvidence, QStringLiteral("kept.md")));
        REQUIRE(store);
        CHECK(store->evidence().countEvents({}) == 0);
        const auto sections = store->postmortems().customSections(1);
        REQUIRE(sections);
        CHECK(std::ranges::count_if(*sections, [](const model::CustomSection& s) { return s.fromEvidence; }) == 2);
    }
    // Into the store that has the events, the evidence is reconstructed and shown once, not twice.
    const QString file = dir.filePath(QStringLiteral("again.md"));
    REQUIRE(test::writeFile(file, withEvidence.toUtf8()));
    REQUIRE(runCli({QStringLiteral("--db"), demoDb, QStringLiteral("import-postmortem"), file}).out
        == QStringLiteral("2\n"));
    const QString twice = exported(demoDb, QStringLiteral("2"), QStringLiteral("default"));
    CHECK(twice.count(QStringLiteral("## What the evidence shows")) == 1);
    CHECK(twice.count(QStringLiteral("From the evidence: detected")) == 1);
    QString renumbered = withEvidence;
    CHECK(twice == renumbered.replace(QStringLiteral("#1,"), QStringLiteral("#2,")));

    // Postmortems in the shapes teams publish (tests/data/postmortems): after one import, their custom
    // sections and all, the round trip gives the same document through every template.
    const QDir shapes(QStringLiteral(AFTERMATH_TEST_DATA "/postmortems"));
    const QStringList files = shapes.entryList({QStringLiteral("2*.md")}, QDir::Files, QDir::Name);
    REQUIRE(files.size() >= 10);
    // The summary names what was read, the sections kept as written included.
    const Run slack = runCli({QStringLiteral("--db"), dir.filePath(QStringLiteral("slack.sqlite")),
        QStringLiteral("import-postmortem"), shapes.filePath(QStringLiteral("2021-01-04-slack-outage.md"))});
    CHECK(slack.err.endsWith(QStringLiteral(
        "(6 timeline entries, 1 root causes, 3 action items, 2 sections of their own)\n")));
    for (const QString& name : files) {
        const QString once = importedAlone(QString::fromUtf8(test::fileBytes(shapes.filePath(name))), name);
        for (const QString& templateName : templates) {
            INFO(name.toStdString() << " through " << templateName.toStdString());
            const QString first = exported(once, QStringLiteral("1"), templateName);
            const QString db = importedAlone(first, name);
            CHECK(exported(db, QStringLiteral("1"), templateName) == first);
        }
    }
}
