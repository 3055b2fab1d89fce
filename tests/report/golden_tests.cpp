// Every bundled template rendered on the bundled example incident, compared byte for byte with
// tests/report/golden (regenerate: AFTERMATH_UPDATE_GOLDEN=1 ctest -R report_tests), and read
// back as Markdown: the headings in the template's order, one table row per action item with its
// owner, no raw HTML, no link anywhere but the web.

#include "report/chart.h"
#include "report/export.h"
#include "report/markdown.h"
#include "report/postmortem.h"
#include "report/templates.h"
#include "timeline/render.h"

#include "examplepostmortem.h"
#include "reportsupport.h"

#include <QXmlStreamReader>

using namespace aftermath;
using report::MarkdownNode;

namespace {

// Built once: importing and reconstructing the example takes a moment.
const test::ExampleIncident& example()
{
    static const test::ExampleIncident incident;
    return incident;
}

report::Template builtIn(const QString& name)
{
    auto found = report::findTemplate(name, QString());
    REQUIRE(found);
    CHECK(found->builtIn);
    return *found;
}

QString render(const QString& name, const QString& chartLink = {})
{
    report::RenderOptions options;
    options.evidence = &example().timeline;
    options.chartLink = chartLink;
    auto markdown = report::renderMarkdown(example().postmortem, builtIn(name), options);
    REQUIRE(markdown);
    return *markdown;
}

const MarkdownNode* tableWithHeader(const MarkdownNode& document, const QString& header)
{
    for (const MarkdownNode* table : test::nodesOfType(document, QStringLiteral("table"))) {
        if (test::tableCells(*table).front().contains(header))
            return table;
    }
    return nullptr;
}

// The table of action items has one row per item, in order, with the owner in the Owner column.
void checkActionItemTable(const MarkdownNode& document, const model::Postmortem& postmortem)
{
    const MarkdownNode* table = tableWithHeader(document, QStringLiteral("Owner"));
    REQUIRE(table);
    const auto rows = test::tableCells(*table);
    REQUIRE(rows.size() == postmortem.actionItems.size() + 1);
    const qsizetype owner = rows[0].indexOf(QStringLiteral("Owner"));
    const qsizetype description
        = std::max(rows[0].indexOf(QStringLiteral("Action item")), rows[0].indexOf(QStringLiteral("Action Item")));
    REQUIRE(description >= 0);
    for (std::size_t i = 0; i < postmortem.actionItems.size(); ++i) {
        const model::ActionItem& item = postmortem.actionItems[i];
        INFO("action item " << i + 1);
        CHECK(rows[i + 1].size() == rows[0].size());
        CHECK(rows[i + 1][description] == item.description);
        CHECK(rows[i + 1][owner] == (item.owner.isEmpty() ? QStringLiteral("unassigned") : item.owner));
    }
}

const QStringList defaultHeadings = {
    QStringLiteral("1 Postmortem: Nightly post-funding ETL runs failed after the funding_band change"),
    QStringLiteral("2 Non-technical description"),
    QStringLiteral("2 Impact"),
    QStringLiteral("2 Trigger"),
    QStringLiteral("2 Detection"),
    QStringLiteral("2 Resolution"),
    QStringLiteral("2 Timeline"),
    QStringLiteral("2 Root causes"),
    QStringLiteral("2 Action items"),
    QStringLiteral("2 What the evidence shows"),
    QStringLiteral("3 Suspect changes"),
    QStringLiteral("3 Findings"),
    QStringLiteral("3 Runs"),
};

const QStringList googleSreHeadings = {
    QStringLiteral("1 Nightly post-funding ETL runs failed after the funding_band change (incident #1)"),
    QStringLiteral("3 Date"),
    QStringLiteral("3 Authors"),
    QStringLiteral("3 Status"),
    QStringLiteral("3 Summary"),
    QStringLiteral("3 Impact"),
    QStringLiteral("3 Root Causes"),
    QStringLiteral("3 Trigger"),
    QStringLiteral("3 Resolution"),
    QStringLiteral("3 Detection"),
    QStringLiteral("2 Action Items"),
    QStringLiteral("2 Lessons Learned"),
    QStringLiteral("3 What went well"),
    QStringLiteral("3 What went wrong"),
    QStringLiteral("3 Where we got lucky"),
    QStringLiteral("2 Timeline"),
    QStringLiteral("2 Supporting information"),
};

const QStringList minimalHeadings = {
    QStringLiteral("1 Nightly post-funding ETL runs failed after the funding_band change"),
    QStringLiteral("2 What happened"),
    QStringLiteral("2 Why"),
    QStringLiteral("2 Follow-up"),
};

} // namespace

TEST_CASE("the default template renders the example postmortem as its golden file", "[report][golden]")
{
    const QString markdown = render(QStringLiteral("default"), QStringLiteral("default.svg"));
    test::checkGolden(QStringLiteral("default.md"), markdown.toUtf8());
    const MarkdownNode document = report::parseMarkdown(markdown);
    CHECK(test::headings(document) == defaultHeadings);
    CHECK(test::unsafeNodes(document).isEmpty());
    checkActionItemTable(document, example().postmortem);

    // The curated timeline, one item per entry, and the chart as an image beside the document.
    const auto images = test::nodesOfType(document, QStringLiteral("image"));
    REQUIRE(images.size() == 1);
    CHECK(images[0]->url == QStringLiteral("default.svg"));
    CHECK(markdown.contains(QStringLiteral("Times are in Europe/London, UTC+01:00.")));
    CHECK(markdown.contains(QStringLiteral("- **01:25** Bob merges PR #412; Deploy ETL starts — the trigger\n")));
    // The suspects, most likely first, and the phases from the reconstruction.
    CHECK(markdown.contains(QStringLiteral("1. **01:25** PR #412 'Add funding_band column")));
    CHECK(markdown.contains(QStringLiteral("| detected | 04:00 | 1 h 57 min |")));
    // The link to the tracker issue becomes a link in HTML (GFM autolink).
    const auto links = test::nodesOfType(document, QStringLiteral("link"));
    REQUIRE(links.size() == 1);
    CHECK(links[0]->url == QStringLiteral("https://github.com/acme/etl-pipelines/issues/415"));

    const QString html = report::htmlPage(example().postmortem.incident.title, report::markdownToHtml(markdown));
    test::checkGolden(QStringLiteral("default.html"), html.toUtf8());
}

TEST_CASE("the google-sre template renders the example postmortem as its golden file", "[report][golden]")
{
    const QString markdown = render(QStringLiteral("google-sre"), QStringLiteral("google-sre.svg"));
    test::checkGolden(QStringLiteral("google-sre.md"), markdown.toUtf8());
    const MarkdownNode document = report::parseMarkdown(markdown);
    CHECK(test::headings(document) == googleSreHeadings);
    CHECK(test::unsafeNodes(document).isEmpty());
    checkActionItemTable(document, example().postmortem);
    const QString html = report::htmlPage(example().postmortem.incident.title, report::markdownToHtml(markdown));
    test::checkGolden(QStringLiteral("google-sre.html"), html.toUtf8());
}

TEST_CASE("the minimal template renders the example postmortem as its golden file", "[report][golden]")
{
    const QString markdown = render(QStringLiteral("minimal"), QStringLiteral("minimal.svg"));
    test::checkGolden(QStringLiteral("minimal.md"), markdown.toUtf8());
    const MarkdownNode document = report::parseMarkdown(markdown);
    CHECK(test::headings(document) == minimalHeadings);
    CHECK(test::unsafeNodes(document).isEmpty());
    // The follow-up is a task list: one item per action, done ones ticked.
    const auto tasks = test::nodesOfType(document, QStringLiteral("tasklist"));
    CHECK(tasks.size() == example().postmortem.actionItems.size());
    CHECK(markdown.contains(QStringLiteral("- [x] Run pending migrations before Deploy ETL switches task definitions "
                                           "(Alice Moreau)\n")));
    CHECK(markdown.contains(QStringLiteral("- [ ] Add max retries for all steps (Dana Whitfield, by 2026-07-03)\n")));
    const QString html = report::htmlPage(example().postmortem.incident.title, report::markdownToHtml(markdown));
    test::checkGolden(QStringLiteral("minimal.html"), html.toUtf8());
}

// The reconstruction itself: every entry, run, finding and phase of the example, as the JSON
// contract and as the key entries a reader sees first. A change to how timelines are built that
// moves any of them shows here.
TEST_CASE("the example's reconstructed timeline, findings and phases are their golden files", "[report][golden]")
{
    const QTimeZone london("Europe/London");
    test::checkGolden(
        QStringLiteral("timeline-all.json"), timeline::renderJson(example().timeline, london, true).toUtf8());
    test::checkGolden(
        QStringLiteral("timeline-key.txt"), timeline::renderText(example().timeline, london, false).toUtf8());
}

TEST_CASE("the timeline chart of the example is its golden SVG", "[report][golden][chart]")
{
    const QString svg
        = report::renderChart(example().timeline, QTimeZone("Europe/London"), example().postmortem.incident.title);
    test::checkGolden(QStringLiteral("timeline.svg"), svg.toUtf8());
    // Well-formed XML, and the same bytes every time.
    QXmlStreamReader xml(svg);
    while (!xml.atEnd())
        xml.readNext();
    CHECK_FALSE(xml.hasError());
    CHECK(report::renderChart(example().timeline, QTimeZone("Europe/London"), example().postmortem.incident.title)
        == svg);
    // A lane per source, the phases, the suspects by rank, times in the zone.
    CHECK(svg.contains(QStringLiteral(">git-log.txt</text>")));
    CHECK(svg.contains(QStringLiteral(">ecs-task-events.json</text>")));
    CHECK(svg.contains(QStringLiteral("; sources in etl-incident/</text>")));
    CHECK(svg.contains(QStringLiteral(">trigger 01:25</text>")));
    CHECK(svg.contains(QStringLiteral(">resolved 06:03</text>")));
    CHECK(svg.contains(QStringLiteral(">#1 PR #412")));
    CHECK(svg.contains(QStringLiteral("times in Europe/London, UTC+01:00")));
}

TEST_CASE("without curated entries the timeline is drafted from the reconstruction's key entries", "[report]")
{
    model::Postmortem postmortem = example().postmortem;
    postmortem.timeline.clear();
    report::RenderOptions options;
    options.evidence = &example().timeline;
    const auto markdown = report::renderMarkdown(postmortem, builtIn(QStringLiteral("default")), options);
    REQUIRE(markdown);
    CHECK(markdown->contains(QStringLiteral("Drafted from the evidence")));
    CHECK(markdown->contains(QStringLiteral("- **01:07** Add funding_band column to post-funding step\n")));
    CHECK(markdown->contains(QStringLiteral("- **02:02–08:27** create_post_funding failed for tenant NHS E")));
    const auto key = std::ranges::count_if(example().timeline.entries, &timeline::Entry::key);
    const MarkdownNode document = report::parseMarkdown(*markdown);
    const auto lists = test::nodesOfType(document, QStringLiteral("list"));
    CHECK(
        std::ranges::any_of(lists, [&](const MarkdownNode* list) { return qsizetype(list->children.size()) == key; }));

    // Without evidence either, the sections say there is nothing yet.
    const auto bare = report::renderMarkdown(postmortem, builtIn(QStringLiteral("default")));
    REQUIRE(bare);
    CHECK(bare->contains(QStringLiteral("_No timeline entries yet._")));
    CHECK_FALSE(bare->contains(QStringLiteral("What the evidence shows")));
}
