// Postmortems in the shapes teams publish them (tests/data/postmortems: each file re-creates the
// structure of a named public postmortem in our own words, see its README): every time in them
// becomes a timeline entry, every section is a field or a custom section, and no paragraph is lost.

#include "report/markdown.h"
#include "report/postmortem.h"
#include "report/postmortemimport.h"
#include "report/templates.h"
#include "report/timelinestamp.h"

#include "model/timestamp.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFileInfo>

#include <string_view>

using namespace aftermath;

namespace {

QString utc(qint64 us) { return model::formatUtc(us); }

struct Shape {
    const char* file;
    int entries; // the times in the document, counted by hand (a range is one entry)
    std::vector<std::pair<std::size_t, const char*>> times; // entry index, its UTC time
    // Headings and where they go: a field's template name, or "custom".
    std::vector<std::pair<const char*, const char*>> sections;
};

const std::vector<Shape>& shapes()
{
    static const std::vector<Shape> all = {
        {"2017-01-31-gitlab-database.md", 8,
            {{0, "2017-01-31T16:00:00.000000Z"}, {4, "2017-01-31T23:27:00.000000Z"}, {7, "2017-02-01T17:20:00.000000Z"}},
            {{"Background", "description"}, {"Timeline", "timeline"}, {"Broken recovery procedures", "custom"},
                {"Root Cause Analysis", "root_causes"}, {"Improving recovery procedures", "custom"},
                {"Conclusion", "custom"}}},
        {"2017-02-28-aws-s3.md", 4, {{0, "2017-02-28T17:37:00.000000Z"}, {3, "2017-02-28T21:54:00.000000Z"}}, {}},
        {"2019-07-02-cloudflare-waf.md", 8, {{0, "2019-07-02T13:31:00.000000Z"}, {7, "2019-07-02T15:12:00.000000Z"}},
            {{"What happened", "timeline"}, {"How the firewall rules are deployed", "custom"},
                {"Why did it take so long?", "custom"}, {"What are we doing about it", "action_items"}}},
        {"2018-10-21-github-network-partition.md", 7,
            {{0, "2018-10-21T22:52:00.000000Z"}, {4, "2018-10-22T00:05:00.000000Z"}, {6, "2018-10-22T23:03:00.000000Z"}},
            {{"Incident timeline", "timeline"}, {"Next steps", "action_items"}, {"In conclusion", "custom"}}},
        {"2021-01-04-slack-outage.md", 6, {{0, "2021-01-04T14:00:00.000000Z"}, {5, "2021-01-04T18:40:00.000000Z"}},
            {{"How did it happen?", "root_causes"}, {"Why was this hard to detect?", "custom"},
                {"Customer communication", "custom"}, {"Corrective actions", "action_items"}}},
        {"2022-04-05-atlassian-sites.md", 6, {{0, "2022-04-05T07:38:00.000000Z"}, {5, "2022-04-18T03:30:00.000000Z"}},
            {{"Executive summary", "summary"}, {"Incident timeline", "timeline"},
                {"What went wrong technically", "root_causes"}, {"Why did restoring take so long?", "custom"},
                {"How are we preventing it from happening again?", "action_items"},
                {"Communication with customers", "custom"}}},
        {"2016-04-11-google-cloud-network.md", 4,
            {{0, "2016-04-11T21:50:00.000000Z"}, {1, "2016-04-12T01:14:00.000000Z"}, {3, "2016-04-12T02:27:00.000000Z"}},
            {{"ISSUE SUMMARY", "summary"}, {"DETAILED DESCRIPTION OF IMPACT", "impact"}, {"TIMELINE", "timeline"},
                {"ROOT CAUSE", "root_causes"}, {"REMEDIATION AND PREVENTION", "action_items"}}},
        {"2021-06-08-fastly-global.md", 9, {{0, "2021-06-08T09:47:00.000000Z"}, {8, "2021-06-08T17:25:00.000000Z"}},
            {{"What happened?", "timeline"}, {"Where do we go from here?", "custom"}}},
        {"2021-12-15-pagerduty-delays.md", 5, {{0, "2021-12-15T19:54:00.000000Z"}, {4, "2021-12-15T21:03:00.000000Z"}},
            {{"What Happened", "timeline"}, {"What Are We Doing About This?", "action_items"},
                {"Customer impact by region", "custom"}}},
        {"2020-09-08-honeycomb-ingest.md", 6,
            {{0, "2020-09-08T22:05:00.000000Z"}, {3, "2020-09-09T16:30:00.000000Z"}, {5, "2020-09-09T18:45:00.000000Z"}},
            {{"Overview", "summary"}, {"Contributing factors", "contributing_factors"}, {"What didn't go well", "went_wrong"},
                {"Where we got lucky", "got_lucky"}, {"Follow-up tasks", "action_items"}}},
        {"2019-07-29-monzo-payments.md", 5, {{0, "2019-07-29T12:10:00.000000Z"}, {4, "2019-07-29T13:30:00.000000Z"}},
            {{"What went wrong", "went_wrong"}, {"Why did it happen?", "root_causes"},
                {"What we're doing about it", "action_items"}, {"A note to our customers", "custom"}}},
    };
    return all;
}

QString dataPath(const char* file) { return QStringLiteral(AFTERMATH_TEST_DATA "/postmortems/") + QString::fromUtf8(file); }

report::ImportedPostmortem importFile(const QString& path)
{
    report::PostmortemImportOptions options;
    options.defaultYear = 2001; // no document here is from 2001: a year taken from here would show
    auto result = report::importPostmortem(QString::fromUtf8(test::fileBytes(path)), path, options);
    REQUIRE(result);
    return *result;
}

void collect(const report::MarkdownNode& node, const QString& type, std::vector<const report::MarkdownNode*>& out)
{
    if (node.type == type)
        out.push_back(&node);
    for (const report::MarkdownNode& child : node.children)
        collect(child, type, out);
}

// Everything the imported postmortem holds as text, each part on its own, whitespace simplified.
QStringList textsOf(const model::Postmortem& p)
{
    const model::Incident& i = p.incident;
    QStringList texts{i.title, i.severity, i.authors, i.summary, i.description, i.impact, i.trigger, i.detection,
        i.resolution, i.contributingFactors, i.wentWell, i.wentWrong, i.gotLucky};
    for (const model::TimelineEntry& e : p.timeline)
        texts << e.text << e.note;
    for (const model::RootCause& c : p.rootCauses)
        texts << c.text;
    for (const model::ActionItem& a : p.actionItems) {
        texts << a.description << a.description + QStringLiteral(" (") + a.owner + u')'
              << a.description + QStringLiteral(" (owner: ") + a.owner + u')';
        if (a.due)
            texts << a.description + QStringLiteral(" (") + a.owner + QStringLiteral(", by ")
                    + a.due->toString(Qt::ISODate) + u')';
    }
    for (const model::CustomSection& s : p.customSections) {
        texts << s.heading;
        const report::MarkdownNode body = report::parseMarkdown(s.markdown);
        std::vector<const report::MarkdownNode*> paragraphs;
        collect(body, QStringLiteral("paragraph"), paragraphs);
        for (const report::MarkdownNode* paragraph : paragraphs)
            texts << paragraph->text();
    }
    for (QString& text : texts)
        text = text.simplified();
    return texts;
}

QString rendered(const model::Postmortem& postmortem, const char* name)
{
    const auto document = report::findTemplate(QString::fromLatin1(name), QString());
    REQUIRE(document);
    const auto markdown = report::renderMarkdown(postmortem, *document);
    REQUIRE(markdown);
    return *markdown;
}

} // namespace

TEST_CASE("published postmortem shapes keep every time, section and paragraph", "[report][import][shapes]")
{
    const QDir folder(QStringLiteral(AFTERMATH_TEST_DATA "/postmortems"));
    CHECK(folder.entryList({QStringLiteral("2*.md")}, QDir::Files).size() == int(shapes().size())); // every file is here
    for (const Shape& shape : shapes()) {
        INFO(shape.file);
        const QString path = dataPath(shape.file);
        const QString markdown = QString::fromUtf8(test::fileBytes(path));
        REQUIRE_FALSE(markdown.isEmpty());
        const report::ImportedPostmortem imported = importFile(path);
        const model::Postmortem& p = imported.postmortem;
        INFO(imported.warnings.join(u'\n').toStdString());

        // Every time is an entry, at the instant written.
        REQUIRE(p.timeline.size() == std::size_t(shape.entries));
        for (const auto& [index, time] : shape.times)
            CHECK(utc(p.timeline[index].timeUs) == QString::fromLatin1(time));
        for (std::size_t i = 1; i < p.timeline.size(); ++i)
            CHECK(p.timeline[i - 1].timeUs <= p.timeline[i].timeUs);

        // Each heading named here goes where it says; every heading is a field, a custom section,
        // an entry's time, or kept as written after the field it was in.
        auto isCustom = [&](const QString& heading) {
            return std::ranges::any_of(p.customSections, [&](const model::CustomSection& s) {
                return report::parseMarkdown(s.heading).text() == heading;
            });
        };
        for (const auto& [heading, where] : shape.sections) {
            INFO(heading);
            const QString text = QString::fromUtf8(heading);
            if (std::string_view(where) == "custom") {
                CHECK_FALSE(report::sectionField(text));
                CHECK(isCustom(text));
            } else {
                CHECK(report::sectionField(text) == QString::fromLatin1(where));
            }
        }
        const report::MarkdownNode document = report::parseMarkdown(markdown);
        std::vector<const report::MarkdownNode*> headings;
        collect(document, QStringLiteral("heading"), headings);
        const QStringList texts = textsOf(p);
        for (std::size_t h = 1; h < headings.size(); ++h) { // the first is the title
            const QString text = headings[h]->text();
            INFO(text.toStdString());
            const bool timed = report::leadingStamp(text, {QDate(2000, 1, 1), QTimeZone::utc()}).has_value();
            CHECK((report::sectionField(text) || isCustom(text) || timed || texts.contains(text)));
        }

        // No paragraph is lost: each is in a field, an entry (after its time), a cause, an action
        // item or a custom section.
        std::vector<const report::MarkdownNode*> paragraphs;
        collect(document, QStringLiteral("paragraph"), paragraphs);
        for (const report::MarkdownNode* paragraph : paragraphs) {
            QString text = paragraph->text().simplified();
            if (const auto stamp = report::leadingStamp(text, {QDate(2000, 1, 1), QTimeZone::utc()}))
                text = stamp->rest;
            INFO(text.toStdString());
            CHECK(std::ranges::any_of(texts, [&](const QString& held) { return held.contains(text); }));
        }
    }
}

TEST_CASE("published postmortem shapes export, import and export again to the same Markdown",
    "[report][import][shapes]")
{
    for (const Shape& shape : shapes()) {
        for (const char* name : {"default", "google-sre", "minimal"}) {
            INFO(shape.file << " through " << name);
            const QString first = rendered(importFile(dataPath(shape.file)).postmortem, name);
            auto again = report::importPostmortem(first, QStringLiteral("postmortem.md"));
            REQUIRE(again);
            CHECK(rendered(again->postmortem, name) == first);
        }
    }
}
