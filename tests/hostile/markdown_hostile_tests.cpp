// The hostile corpus through the Markdown export (every bundled template), the HTML page, and the
// round trip export -> import-postmortem -> export.

#include "report/escape.h"
#include "report/markdown.h"
#include "report/postmortem.h"
#include "report/postmortemimport.h"
#include "report/templates.h"

#include "examplepostmortem.h"
#include "hostilecorpus.h"
#include "reportsupport.h"

#include <QRegularExpression>
#include <QXmlStreamReader>

#include <functional>

using namespace aftermath;
using report::MarkdownNode;

namespace {

// The example postmortem with every field people write set to `text`, and a section of its own
// (imported Markdown, kept as written).
model::Postmortem everyFieldWith(const QString& text, const QString& sectionHeading, const QString& sectionMarkdown)
{
    model::Postmortem p = test::filledWith([&](int) { return text; });
    model::CustomSection section;
    section.position = 1;
    section.heading = sectionHeading;
    section.markdown = sectionMarkdown;
    section.after = QStringLiteral("impact");
    p.customSections.push_back(section);
    return p;
}

QString render(const model::Postmortem& p, const QString& templateName, const timeline::Timeline* evidence)
{
    report::RenderOptions options;
    options.evidence = evidence;
    const auto markdown = report::renderMarkdown(p, test::builtIn(templateName), options);
    REQUIRE(markdown);
    return *markdown;
}

// An HTML body read as XML: its problems (not well-formed, a script or style element, an element
// or attribute the Markdown renderer does not write, an on* handler, a javascript: address).
QStringList htmlProblems(const QString& body)
{
    static const QStringList elements = {QStringLiteral("body"), QStringLiteral("h1"), QStringLiteral("h2"),
        QStringLiteral("h3"), QStringLiteral("h4"), QStringLiteral("p"), QStringLiteral("ul"), QStringLiteral("ol"),
        QStringLiteral("li"), QStringLiteral("table"), QStringLiteral("thead"), QStringLiteral("tbody"),
        QStringLiteral("tr"), QStringLiteral("th"), QStringLiteral("td"), QStringLiteral("em"),
        QStringLiteral("strong"), QStringLiteral("code"), QStringLiteral("pre"), QStringLiteral("a"),
        QStringLiteral("img"), QStringLiteral("br"), QStringLiteral("hr"), QStringLiteral("del"),
        QStringLiteral("input"), QStringLiteral("blockquote")};
    static const QStringList attributes = {QStringLiteral("href"), QStringLiteral("src"), QStringLiteral("alt"),
        QStringLiteral("title"), QStringLiteral("type"), QStringLiteral("checked"), QStringLiteral("disabled"),
        QStringLiteral("start"), QStringLiteral("align"), QStringLiteral("class")};
    QStringList problems;
    QXmlStreamReader xml(QStringLiteral("<body>") + body + QStringLiteral("</body>"));
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const QString name = xml.name().toString();
        if (!elements.contains(name))
            problems << QStringLiteral("element ") + name;
        for (const QXmlStreamAttribute& attribute : xml.attributes()) {
            const QString key = attribute.name().toString();
            if (!attributes.contains(key))
                problems << QStringLiteral("attribute ") + key;
            if (attribute.value().trimmed().startsWith(u"javascript:", Qt::CaseInsensitive))
                problems << QStringLiteral("javascript: in ") + key;
        }
    }
    if (xml.hasError())
        problems << QStringLiteral("not well-formed: ") + xml.errorString();
    return problems;
}

} // namespace

TEST_CASE("hostile text in every field renders no HTML and stays in its section, through every template",
    "[hostile][markdown]")
{
    const QString notes = QStringLiteral("Notes");
    const QString plainSection = QStringLiteral("A paragraph of the section.");
    for (const QString& name : test::builtInNames) {
        INFO("template " << name.toStdString());
        for (const QString& text : test::hostileCorpus()) {
            INFO("text " << test::describe(text));
            const timeline::Timeline evidence = test::evidenceWith(text);
            const QString markdown = render(everyFieldWith(text, notes, plainSection), name, &evidence);
            const MarkdownNode document = report::parseMarkdown(markdown);
            INFO(test::unsafeNodes(document).join(u'\n').toStdString());
            CHECK(test::unsafeNodes(document).isEmpty());
            // The same blocks, in the same places, as text without any punctuation gives.
            const timeline::Timeline tameEvidence = test::evidenceWith(test::harmless(text));
            const MarkdownNode expected = report::parseMarkdown(
                render(everyFieldWith(test::harmless(text), notes, plainSection), name, &tameEvidence));
            CHECK(test::skeleton(document) == test::skeleton(expected));
            CHECK(test::headings(document).size() == test::headings(expected).size());
            // The HTML export of it.
            CHECK(htmlProblems(report::markdownToHtml(markdown)).isEmpty());
        }
    }
}

TEST_CASE("hostile Markdown in a section of the postmortem's own keeps its structure but shows raw HTML as text",
    "[hostile][markdown]")
{
    for (const QString& text : test::hostileCorpus()) {
        INFO("text " << test::describe(text));
        const QString markdown
            = render(everyFieldWith(QStringLiteral("Notes"), text, text), QStringLiteral("default"), nullptr);
        const MarkdownNode document = report::parseMarkdown(markdown);
        // Links are the section's own (the HTML export empties javascript: and data: ones).
        QStringList html = test::unsafeNodes(document).filter(QRegularExpression(QStringLiteral("^html")));
        INFO(html.join(u'\n').toStdString());
        CHECK(html.isEmpty());
        CHECK(htmlProblems(report::markdownToHtml(markdown)).isEmpty());
        // Markdown without raw HTML is kept as it is.
        const QString shown = report::showable(text);
        if (test::unsafeNodes(report::parseMarkdown(shown))
                .filter(QRegularExpression(QStringLiteral("^html")))
                .isEmpty()
            && !shown.trimmed().isEmpty())
            CHECK(markdown.contains(shown.trimmed()));
    }
    CHECK(report::withoutRawHtml(QStringLiteral("<script>alert(1)</script>"))
        == QStringLiteral("&lt;script>alert(1)&lt;/script>"));
    CHECK(report::withoutRawHtml(QStringLiteral("a <b>x</b>")) == QStringLiteral("a &lt;b>x&lt;/b>"));
    // The autolink case: a "<" right after a web address would start a tag again after "\<".
    CHECK(report::withoutRawHtml(QStringLiteral("see www.example.com/<img src=x onerror=alert(1)>"))
        == QStringLiteral("see www.example.com/&lt;img src=x onerror=alert(1)>"));
    CHECK(report::withoutRawHtml(QStringLiteral("plain *text* and `<code>`"))
        == QStringLiteral("plain *text* and `<code>`"));
}

TEST_CASE(
    "a web address followed by a tag renders no HTML under GFM autolinks (issue 11, item 7)", "[hostile][markdown]")
{
    for (const char* title : {"see www.example.com/<img src=https://attacker.example/p.png>",
             "http://x/<a href=\"javascript:alert(1)\">click</a>", "https://x.example/a*b* and *c*",
             "www.example.com\\<b>", "ftp://x.example/<b>"}) {
        const QString text = QString::fromUtf8(title);
        INFO(title);
        const QString escaped = report::escapeMarkdown(text);
        INFO("escaped: " << escaped.toStdString());
        const MarkdownNode document = report::parseMarkdown(escaped);
        CHECK(test::unsafeNodes(document).isEmpty());
        CHECK(test::nodesOfType(document, QStringLiteral("emph")).empty());
        CHECK(document.text() == text);
    }
    // A web address with nothing to escape stays a link.
    const MarkdownNode plain = report::parseMarkdown(report::escapeMarkdown(u"see https://example.com/a_b?c=1 now"));
    const auto links = test::nodesOfType(plain, QStringLiteral("link"));
    REQUIRE(links.size() == 1);
    CHECK(links[0]->url == QStringLiteral("https://example.com/a_b?c=1"));
}

TEST_CASE("a root cause of several paragraphs stays inside its list item (issue 11, item 8)", "[hostile][markdown]")
{
    model::Postmortem p = test::examplePostmortemText();
    p.rootCauses[0].text = QStringLiteral("First paragraph\nwith a second line.\n\nSecond paragraph.\n\n- not a list");
    for (const QString& name : test::builtInNames) {
        INFO(name.toStdString());
        const MarkdownNode document = report::parseMarkdown(render(p, name, nullptr));
        const auto lists = test::nodesOfType(document, QStringLiteral("list"));
        const auto holding = std::ranges::find_if(lists, [&](const MarkdownNode* list) {
            return list->children.size() == p.rootCauses.size()
                && list->children[0].text().startsWith(QStringLiteral("First paragraph"));
        });
        REQUIRE(holding != lists.end());
        const MarkdownNode& item = (*holding)->children[0];
        REQUIRE(item.children.size() == 3);
        CHECK(item.children[1].text() == QStringLiteral("Second paragraph."));
        CHECK(item.children[2].text() == QStringLiteral("- not a list"));
    }
}
