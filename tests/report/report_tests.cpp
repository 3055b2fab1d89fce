// Templates, injection, HTML, writing files and the zone times are shown in.

#include "report/escape.h"
#include "report/export.h"
#include "report/markdown.h"
#include "report/postmortem.h"
#include "report/templates.h"

#include "examplepostmortem.h"
#include "reportsupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace aftermath;
using report::MarkdownNode;

namespace {

using test::builtIn;
using test::builtInNames;

// Strings that would change a document's structure if they were not escaped.
const QStringList injections = {
    QStringLiteral("| pipe | in | a | cell |"),
    QStringLiteral("`code` ```fence```"),
    QStringLiteral("# heading"),
    QStringLiteral("* bullet"),
    QStringLiteral("_emphasis_ and **strong**"),
    QStringLiteral("[click](javascript:alert(1))"),
    QStringLiteral("![x](javascript:alert(1))"),
    QStringLiteral("<script>alert(1)</script>"),
    QStringLiteral("<img src=x onerror=alert(1)>"),
    QStringLiteral("<https://evil.example/>"),
    QStringLiteral("<javascript:alert(1)>"),
    QStringLiteral("1. numbered"),
    QStringLiteral("- dash"),
    QStringLiteral("+ plus"),
    QStringLiteral("=== underline"),
    QStringLiteral("---"),
    QStringLiteral("> quote"),
    QStringLiteral("[ref]: javascript:alert(1)"),
    QStringLiteral("<!-- comment -->"),
    QStringLiteral("&lt;b&gt;bold&lt;/b&gt;"),
    QStringLiteral("~~struck~~"),
    QStringLiteral("[ ] task"),
    QStringLiteral("line one\n# line two\n\n<div>\nparagraph</div>\n- item\n1. item\n    indented\n```"),
    QStringLiteral("ends with a backslash \\"),
};

timeline::Timeline injectedEvidence()
{
    timeline::Timeline t;
    t.fromUs = test::londonTime("2026-06-18T00:00:00");
    t.toUs = test::londonTime("2026-06-18T10:00:00");
    timeline::Entry entry;
    entry.timeUs = t.fromUs + 3600LL * 1'000'000;
    entry.key = true;
    entry.source = QStringLiteral("<script>.log");
    entry.summary = QStringLiteral("[x](javascript:alert(1)) <b>|</b>");
    t.entries.push_back(entry);
    timeline::Finding suspect;
    suspect.type = timeline::Finding::Type::SuspectChange;
    suspect.rank = 1;
    suspect.timeUs = entry.timeUs;
    suspect.summary = QStringLiteral("# PR <script>alert(1)</script>");
    suspect.reason = QStringLiteral("| a | b |");
    t.findings.push_back(suspect);
    timeline::Run run;
    run.job = QStringLiteral("<job>");
    run.tenant = QStringLiteral("| x |");
    run.source = entry.source;
    run.startedUs = entry.timeUs;
    t.runs.push_back(run);
    t.phases.impactStart = entry.timeUs;
    return t;
}

// Runs `write` as an unprivileged user when the tests run as root (root ignores permission bits).
template <typename F>
auto withoutRoot(F write)
{
    const bool root = geteuid() == 0;
    if (root)
        REQUIRE((setegid(65534) == 0 && seteuid(65534) == 0));
    auto result = write();
    if (root)
        REQUIRE((seteuid(0) == 0 && setegid(0) == 0));
    return result;
}

} // namespace

TEST_CASE("text that people and logs wrote cannot change a postmortem's structure", "[report][escape]")
{
    const timeline::Timeline evidence = injectedEvidence();
    for (const QString& name : builtInNames) {
        INFO("template " << name.toStdString());
        for (qsizetype shift = 0; shift < injections.size(); ++shift) {
            auto nasty = [&](int n) { return injections[(n + shift) % injections.size()]; };
            auto tame = [&](int n) { return test::harmless(nasty(n)); };
            report::RenderOptions options;
            options.evidence = &evidence;
            const auto injected = report::renderMarkdown(test::filledWith(nasty), builtIn(name), options);
            const auto expected = report::renderMarkdown(test::filledWith(tame), builtIn(name), options);
            REQUIRE(injected);
            REQUIRE(expected);
            const MarkdownNode document = report::parseMarkdown(*injected);
            INFO(injected->toStdString());
            CHECK(test::unsafeNodes(document).isEmpty());
            CHECK(test::skeleton(document) == test::skeleton(report::parseMarkdown(*expected)));
            // The title reads as written.
            const QStringList headings = test::headings(document);
            REQUIRE_FALSE(headings.isEmpty());
            CHECK(headings.front().contains(report::oneLine(nasty(0))));

            const QString html = report::markdownToHtml(*injected);
            CHECK_FALSE(html.contains(QStringLiteral("<script")));
            CHECK_FALSE(html.contains(QStringLiteral("<img src=x")));
            CHECK_FALSE(html.contains(QStringLiteral("href=\"javascript"), Qt::CaseInsensitive));
            CHECK_FALSE(html.contains(QStringLiteral("raw HTML omitted")));
        }
    }
}

TEST_CASE("the action item table keeps one row per item and each owner in its cell", "[report][escape]")
{
    model::Postmortem p = test::examplePostmortemText();
    p.actionItems[0].owner = QStringLiteral("Dana | Sam");
    p.actionItems[1].owner = QStringLiteral("Bob\nLindqvist");
    p.actionItems[1].description = QStringLiteral("two\nlines | and a pipe");
    p.actionItems[3].owner = QStringLiteral("<b>Alice</b>");
    const auto markdown = report::renderMarkdown(p, builtIn(QStringLiteral("default")));
    REQUIRE(markdown);
    const MarkdownNode document = report::parseMarkdown(*markdown);
    const auto tables = test::nodesOfType(document, QStringLiteral("table"));
    REQUIRE(tables.size() == 1);
    const auto rows = test::tableCells(*tables[0]);
    REQUIRE(rows.size() == 5);
    CHECK(rows[1][2] == QStringLiteral("Dana | Sam"));
    CHECK(rows[2][1] == QStringLiteral("two lines | and a pipe"));
    CHECK(rows[2][2] == QStringLiteral("Bob Lindqvist"));
    CHECK(rows[3][2] == QStringLiteral("unassigned"));
    CHECK(rows[4][2] == QStringLiteral("<b>Alice</b>"));
    CHECK(test::unsafeNodes(document).isEmpty());
}

TEST_CASE("the HTML export is one safe, self-contained page", "[report][html]")
{
    const QString body = report::markdownToHtml(
        QStringLiteral("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n~~old~~ www.example.com\n\n"
                       "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n"));
    CHECK(body.contains(QStringLiteral("<table>")));
    CHECK(body.contains(QStringLiteral("<input type=\"checkbox\" checked=\"\" disabled=\"\" />")));
    CHECK(body.contains(QStringLiteral("<del>old</del>")));
    CHECK(body.contains(QStringLiteral("<a href=\"http://www.example.com\">")));
    // Raw HTML in Markdown is never passed through, and javascript: links lose their target.
    CHECK_FALSE(body.contains(QStringLiteral("<script>")));
    CHECK(body.contains(QStringLiteral("<a href=\"\">x</a>")));

    const QString page = report::htmlPage(QStringLiteral("Outage <&> \"quoted\""), body);
    CHECK(page.startsWith(QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")));
    CHECK(page.contains(QStringLiteral("<title>Outage &lt;&amp;&gt; &quot;quoted&quot;</title>")));
    CHECK(page.contains(QStringLiteral("<style>")));
    CHECK(page.contains(QStringLiteral("border: 1px solid")));
    CHECK_FALSE(page.contains(QStringLiteral("<link")));
    CHECK_FALSE(page.contains(QStringLiteral("<script")));
}

TEST_CASE("templates are found by name, user ones first, or by path", "[report][templates]")
{
    const QTemporaryDir noSystemData;
    const test::SystemDataDirs systemData(noSystemData.path());
    QTemporaryDir user;
    REQUIRE(test::writeFile(user.filePath(QStringLiteral("team.md")), "# {{title}} for the team\n"));
    REQUIRE(test::writeFile(user.filePath(QStringLiteral("minimal.md")), "# our own minimal {{title}}\n"));

    QStringList names;
    for (const report::Template& t : report::availableTemplates(user.path()))
        names << t.name + (t.builtIn ? QStringLiteral(" (built in)") : QString());
    CHECK(names
        == QStringList{QStringLiteral("default (built in)"), QStringLiteral("google-sre (built in)"),
            QStringLiteral("minimal"), QStringLiteral("team")});

    const auto team = report::findTemplate(QStringLiteral("team"), user.path());
    REQUIRE(team);
    CHECK_FALSE(team->builtIn);
    CHECK(team->text == QStringLiteral("# {{title}} for the team\n"));
    const auto minimal = report::findTemplate(QStringLiteral("minimal"), user.path());
    REQUIRE(minimal);
    CHECK(minimal->location == user.filePath(QStringLiteral("minimal.md")));
    const auto byPath = report::findTemplate(user.filePath(QStringLiteral("team.md")), QString());
    REQUIRE(byPath);
    CHECK(byPath->name == QStringLiteral("team"));
    const auto bundled = report::findTemplate(QStringLiteral("default"), user.path());
    REQUIRE(bundled);
    CHECK(bundled->builtIn);
    CHECK(bundled->location == QStringLiteral(":/aftermath/templates/default.md"));
}

TEST_CASE(
    "templates installed in a data folder are built in and come before the compiled-in ones", "[report][templates]")
{
    // As /usr/share/aftermath/templates is for an installed Aftermath (model::dataDirs()).
    QTemporaryDir system;
    const QString installed = system.filePath(QStringLiteral("aftermath/templates"));
    REQUIRE(QDir().mkpath(installed));
    REQUIRE(test::writeFile(installed + QStringLiteral("/default.md"), "# {{title}}, as installed\n"));
    REQUIRE(test::writeFile(installed + QStringLiteral("/site.md"), "# {{title}}, our site's\n"));
    REQUIRE(test::writeFile(installed + QStringLiteral("/README.md"), "Not a template.\n"));
    const test::SystemDataDirs systemData(system.path());
    QTemporaryDir user;
    REQUIRE(test::writeFile(user.filePath(QStringLiteral("site.md")), "# {{title}}, mine\n"));

    QStringList names;
    for (const report::Template& t : report::availableTemplates(user.path()))
        names << t.name + (t.builtIn ? QStringLiteral(" (built in)") : QString());
    CHECK(names
        == QStringList{QStringLiteral("default (built in)"), QStringLiteral("google-sre (built in)"),
            QStringLiteral("minimal (built in)"), QStringLiteral("site")});

    const auto installedDefault = report::findTemplate(QStringLiteral("default"), user.path());
    REQUIRE(installedDefault);
    CHECK(installedDefault->builtIn);
    CHECK(installedDefault->text == QStringLiteral("# {{title}}, as installed\n"));
    const auto compiledIn = report::findTemplate(QStringLiteral("minimal"), user.path());
    REQUIRE(compiledIn);
    CHECK(compiledIn->location == QStringLiteral(":/aftermath/templates/minimal.md"));
    const auto site = report::findTemplate(QStringLiteral("site"), user.path());
    REQUIRE(site);
    CHECK_FALSE(site->builtIn); // the user's replaces the installed one
    const auto installedSite = report::findTemplate(QStringLiteral("site"), QString());
    REQUIRE(installedSite);
    CHECK(installedSite->builtIn);
}

TEST_CASE("an unknown template name is an error that lists the available ones", "[report][templates]")
{
    QTemporaryDir user;
    REQUIRE(test::writeFile(user.filePath(QStringLiteral("team.md")), "# {{title}}\n"));
    const auto missing = report::findTemplate(QStringLiteral("sre"), user.path());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);
    CHECK(missing.error().message.contains(QStringLiteral("\"sre\"")));
    CHECK(missing.error().message.contains(QStringLiteral("default, google-sre, minimal (built in)")));
    CHECK(missing.error().message.contains(QStringLiteral("team (in ") + user.path() + u')'));

    const auto noFile = report::findTemplate(user.filePath(QStringLiteral("nope.md")), user.path());
    REQUIRE_FALSE(noFile);
    CHECK(noFile.error().context == user.filePath(QStringLiteral("nope.md")));
}

TEST_CASE("a template that does not parse names itself and the line", "[report][templates]")
{
    const report::Template broken{QStringLiteral("broken"), QStringLiteral("/somewhere/broken.md"), false,
        QStringLiteral("# {{title}}\n\n{{#action_items}}\n- {{description}}\n")};
    const auto rendered = report::renderMarkdown(test::examplePostmortemText(), broken);
    REQUIRE_FALSE(rendered);
    CHECK(rendered.error().context == QStringLiteral("/somewhere/broken.md"));
    CHECK(rendered.error().message.contains(QStringLiteral("Unclosed section \"action_items\" on line 3")));
}

TEST_CASE("tags a template uses that the renderer does not know are reported", "[report][templates]")
{
    const report::Template typo{QStringLiteral("typo"), QString(), false,
        QStringLiteral("# {{titel}} {{title}}\n{{#action_items}}{{owner}} {{onwer}}{{/action_items}}{{! a comment }}"
                       "{{> partial}}{{{title}}}\n")};
    CHECK(report::unknownTags(typo)
        == QStringList{QStringLiteral("titel"), QStringLiteral("onwer"), QStringLiteral("partial")});
    for (const QString& name : builtInNames) {
        INFO(name.toStdString());
        CHECK(report::unknownTags(builtIn(name)).isEmpty());
        // The bundled templates never skip escaping.
        CHECK_FALSE(builtIn(name).text.contains(QStringLiteral("{{{")));
        CHECK_FALSE(builtIn(name).text.contains(QStringLiteral("{{&")));
    }
}

TEST_CASE("docs/templates.md documents every tag the renderer fills, and no other", "[report][templates][docs]")
{
    const QString docs = QString::fromUtf8(test::fileBytes(QStringLiteral(AFTERMATH_DOCS_DIR "/templates.md")));
    REQUIRE_FALSE(docs.isEmpty());
    // Table rows whose first cell names tags: | `severity`, `has_severity` | line | ... |
    static const QRegularExpression row(
        QStringLiteral("^\\| (`[a-z_.]+`(?:, `[a-z_.]+`)*) \\|"), QRegularExpression::MultilineOption);
    static const QRegularExpression name(QStringLiteral("`([a-z_.]+)`"));
    QStringList documented;
    for (const QRegularExpressionMatch& match : row.globalMatch(docs)) {
        for (const QRegularExpressionMatch& tag : name.globalMatch(match.captured(1)))
            documented << tag.captured(1);
    }
    documented.sort();
    CHECK(documented == report::templateTags());
}

TEST_CASE("an export writes the document and its chart, linked", "[report][export]")
{
    static const test::ExampleIncident example;
    QTemporaryDir dir;
    report::ExportOptions options;
    options.format = report::DocumentFormat::Html;
    options.chart = true;
    options.outputPath = dir.filePath(QStringLiteral("night of 18 june.html"));
    const auto exported
        = report::exportPostmortem(example.postmortem, &example.timeline, builtIn(QStringLiteral("default")), options);
    REQUIRE(exported);
    const QString chart = dir.filePath(QStringLiteral("night of 18 june.svg"));
    CHECK(exported->written == QStringList{chart, options.outputPath});
    CHECK(test::fileBytes(options.outputPath) == exported->document.toUtf8());
    CHECK(
        exported->document.contains(QStringLiteral("<img src=\"night%20of%2018%20june.svg\" alt=\"Timeline chart\"")));
    CHECK(test::fileBytes(chart).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));

    // The chart needs a document to sit beside, and must not overwrite it.
    options.outputPath.clear();
    CHECK(report::exportPostmortem(example.postmortem, &example.timeline, builtIn(QStringLiteral("default")), options)
              .error()
              .code
        == Error::Code::InvalidArgument);
    options.outputPath = dir.filePath(QStringLiteral("x.svg"));
    const auto clash
        = report::exportPostmortem(example.postmortem, &example.timeline, builtIn(QStringLiteral("default")), options);
    REQUIRE_FALSE(clash);
    CHECK(clash.error().message.contains(QStringLiteral("overwrite")));
    CHECK_FALSE(QFile::exists(options.outputPath));
}

TEST_CASE("a file that cannot be written is an error naming it, and nothing is left behind", "[report][write]")
{
    QTemporaryDir dir;
    // Others may look in (so that the unprivileged user a root run switches to meets "locked" itself).
    REQUIRE(QFile::setPermissions(dir.path(),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther
            | QFileDevice::ExeOther | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
    const QString locked = dir.filePath(QStringLiteral("locked"));
    REQUIRE(QDir().mkpath(locked));
    REQUIRE(QFile::setPermissions(locked,
        QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadOther | QFileDevice::ExeOther
            | QFileDevice::ReadGroup | QFileDevice::ExeGroup));
    const QString target = locked + QStringLiteral("/postmortem.md");
    const auto written = withoutRoot([&] { return report::writeFileAtomically(target, "# Postmortem\n"); });
    REQUIRE_FALSE(written);
    CHECK(written.error().code == Error::Code::Io);
    CHECK(written.error().context == target);
    CHECK(written.error().message.contains(QStringLiteral("Permission denied"), Qt::CaseInsensitive));
    CHECK(QDir(locked).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());

    const auto noFolder = report::writeFileAtomically(dir.filePath(QStringLiteral("missing/postmortem.md")), "x");
    REQUIRE_FALSE(noFolder);
    CHECK(noFolder.error().code == Error::Code::Io);
    CHECK(noFolder.error().message.contains(QStringLiteral("No such file or directory")));
    CHECK(noFolder.error().context == dir.filePath(QStringLiteral("missing/postmortem.md")));
}

TEST_CASE("a write that runs out of space leaves the old file whole and no partial one", "[report][write]")
{
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("postmortem.md"));
    REQUIRE(test::writeFile(target, "the previous export\n"));
    // A file size limit stands in for a full disk: writes past it fail (EFBIG), as they would with ENOSPC.
    rlimit before{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &before) == 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = before;
    small.rlim_cur = 64 * 1024;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    const auto written = report::writeFileAtomically(target, QByteArray(1024 * 1024, 'x'));
    REQUIRE(setrlimit(RLIMIT_FSIZE, &before) == 0);
    std::signal(SIGXFSZ, previousHandler);

    REQUIRE_FALSE(written);
    CHECK(written.error().code == Error::Code::Io);
    CHECK(written.error().context == target);
    CHECK(written.error().message.contains(QStringLiteral("writing failed")));
    CHECK(test::fileBytes(target) == "the previous export\n");
    CHECK(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
        == QStringList{QStringLiteral("postmortem.md")});
}

TEST_CASE("a device is written directly, and a full one is an error naming it", "[report][write]")
{
    if (!QFile::exists(QStringLiteral("/dev/full"))) {
        WARN("no /dev/full here");
        return;
    }
    const auto written = report::writeFileAtomically(QStringLiteral("/dev/full"), "# Postmortem\n");
    REQUIRE_FALSE(written);
    CHECK(written.error().context == QStringLiteral("/dev/full"));
    CHECK(written.error().message.contains(QStringLiteral("No space left on device")));
    CHECK(QFileInfo(QStringLiteral("/dev/full")).isFile() == false);
    CHECK(report::writeFileAtomically(QStringLiteral("/dev/null"), "# Postmortem\n"));
}

TEST_CASE("a postmortem is shown in the zone chosen, else the incident's own, else the system's", "[report][time]")
{
    const report::Template document = builtIn(QStringLiteral("default"));
    model::Postmortem p = test::examplePostmortemText();

    // The incident's own zone, unless one is chosen.
    auto markdown = report::renderMarkdown(p, document);
    REQUIRE(markdown);
    CHECK(markdown->contains(QStringLiteral("Times are in Europe/London, UTC+01:00.")));
    report::RenderOptions options;
    options.zone = QTimeZone::utc();
    markdown = report::renderMarkdown(p, document, options);
    REQUIRE(markdown);
    CHECK(markdown->contains(QStringLiteral("Times are in UTC.")));
    // 2026-06-17 23:00Z to 2026-06-18 09:00Z spans two days there, so times carry their date.
    CHECK(markdown->contains(QStringLiteral("- **2026-06-18 00:07** Alice commits")));

    // Without a zone of its own: the chosen one, else the system's.
    p.incident.displayZone.clear();
    options.zone = QTimeZone("America/New_York");
    markdown = report::renderMarkdown(p, document, options);
    REQUIRE(markdown);
    CHECK(markdown->contains(QStringLiteral("Times are in America/New_York, UTC-04:00.")));
    CHECK(markdown->contains(QStringLiteral("- **2026-06-17 20:07** Alice commits")));
    options.zone = QTimeZone::systemTimeZone();
    const auto inSystemZone = report::renderMarkdown(p, document, options);
    REQUIRE(inSystemZone);
    const auto unchosen = report::renderMarkdown(p, document);
    REQUIRE(unchosen);
    CHECK(*unchosen == *inSystemZone);
}
