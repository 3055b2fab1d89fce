// Markdown escaping: text from people and logs reads the same after a round trip through a
// Markdown parser and never turns into structure.

#include "report/escape.h"
#include "report/markdown.h"

#include "reportsupport.h"

using namespace aftermath;
using report::escapeMarkdown;
using report::MarkdownNode;
using report::oneLine;

namespace {

// The one paragraph `text` becomes, when escaped and parsed.
const MarkdownNode& onlyParagraph(const MarkdownNode& document)
{
    REQUIRE(document.children.size() == 1);
    REQUIRE(document.children[0].type == QStringLiteral("paragraph"));
    return document.children[0];
}

} // namespace

TEST_CASE("escaped text reads the same and stays one paragraph", "[report][escape]")
{
    const QString cases[] = {
        QStringLiteral("# not a heading"),
        QStringLiteral("## also not"),
        QStringLiteral("- not a list"),
        QStringLiteral("+ not a list"),
        QStringLiteral("* not a list"),
        QStringLiteral("1. not a numbered list"),
        QStringLiteral("12) nor this"),
        QStringLiteral("> not a quote"),
        QStringLiteral("=== not a heading underline"),
        QStringLiteral("---"),
        QStringLiteral("***"),
        QStringLiteral("___"),
        QStringLiteral("`code` and ``more``"),
        QStringLiteral("```fence"),
        QStringLiteral("~~~fence"),
        QStringLiteral("*emphasis* **strong** _emph_ __strong__"),
        QStringLiteral("~~struck~~ ~struck~"),
        QStringLiteral("[x](javascript:alert(1))"),
        QStringLiteral("![image](javascript:alert(1))"),
        QStringLiteral("[ref]: javascript:alert(1)"),
        QStringLiteral("<script>alert(1)</script>"),
        QStringLiteral("<https://evil.example/>"),
        QStringLiteral("<!-- a comment -->"),
        QStringLiteral("&lt;script&gt; &#60; &amp;"),
        QStringLiteral("| a | b |"),
        QStringLiteral("a \\ backslash at the end \\"),
        QStringLiteral("[ ] not a task"),
        QStringLiteral("column \"funding_band\" does not exist"),
        QStringLiteral("create_post_funding failed ×129 → retrying"),
        QStringLiteral("snake_case_name and _leading and trailing_ and a_ b"),
        QStringLiteral("R&D: 5 < 6 > 4, 100% [sic]"),
    };
    for (const QString& text : cases) {
        INFO(text.toStdString());
        const QString escaped = escapeMarkdown(text);
        INFO("escaped: " << escaped.toStdString());
        const MarkdownNode document = report::parseMarkdown(escaped);
        const MarkdownNode& paragraph = onlyParagraph(document);
        CHECK(paragraph.text() == text);
        CHECK(test::unsafeNodes(document).isEmpty());
        // Only text, and web addresses that GFM's autolink extension makes links of.
        for (const MarkdownNode& inline_ : paragraph.children) {
            INFO(inline_.type.toStdString() << ' ' << inline_.url.toStdString());
            CHECK((inline_.type == QStringLiteral("text")
                || (inline_.type == QStringLiteral("link") && inline_.url.startsWith(QStringLiteral("https://")))));
        }
    }
}

TEST_CASE("snake_case and ordinary words stay readable in the Markdown source", "[report][escape]")
{
    CHECK(escapeMarkdown(u"create_post_funding failed") == QStringLiteral("create_post_funding failed"));
    CHECK(escapeMarkdown(u"PR #412 merged") == QStringLiteral("PR #412 merged"));
    CHECK(escapeMarkdown(u"2026-06-18 at 01:25") == QStringLiteral("2026-06-18 at 01:25"));
    CHECK(escapeMarkdown(u"1.5 hours") == QStringLiteral("1.5 hours"));
    CHECK(escapeMarkdown(u"# x") == QStringLiteral("\\# x"));
    CHECK(escapeMarkdown(u"1. x") == QStringLiteral("1\\. x"));
    CHECK(escapeMarkdown(u"a|b") == QStringLiteral("a\\|b"));
}

TEST_CASE("line breaks stay line breaks, blank lines paragraphs, and neither starts a block", "[report][escape]")
{
    const QString text = QStringLiteral("  first line  \r\n# second\n- third\r\n\n\n1. new paragraph\n    indented\n");
    const QString escaped = escapeMarkdown(text);
    CHECK(escaped == QStringLiteral("first line\\\n\\# second\\\n\\- third\n\n1\\. new paragraph\\\nindented"));
    const MarkdownNode document = report::parseMarkdown(escaped);
    REQUIRE(document.children.size() == 2);
    for (const MarkdownNode& block : document.children)
        CHECK(block.type == QStringLiteral("paragraph"));
    CHECK(document.children[0].text() == QStringLiteral("first line # second - third"));
    CHECK(test::nodesOfType(document, QStringLiteral("linebreak")).size() == 3);
    CHECK(document.children[1].text() == QStringLiteral("1. new paragraph indented"));
}

TEST_CASE("control characters become spaces and NUL the replacement character", "[report][escape]")
{
    CHECK(escapeMarkdown(QStringView(u"a\u0001b\u0000c", 5)) == QStringLiteral("a b\uFFFDc"));
    CHECK(escapeMarkdown(u"a\tb") == QStringLiteral("a\tb"));
}

TEST_CASE("oneLine joins trimmed lines with a space", "[report][escape]")
{
    CHECK(oneLine(u"  one\r\n\n  two  \nthree ") == QStringLiteral("one two three"));
    CHECK(oneLine(u"") == QString());
    CHECK(oneLine(u"\n\n") == QString());
}

TEST_CASE("an escaped line in a table cell stays in its cell", "[report][escape]")
{
    const QString nasty = QStringLiteral("a | b \\| c `|` <td> - x");
    const QString table
        = QStringLiteral("| one | two |\n|---|---|\n| ") + escapeMarkdown(nasty) + QStringLiteral(" | after |\n");
    const MarkdownNode document = report::parseMarkdown(table);
    const auto tables = test::nodesOfType(document, QStringLiteral("table"));
    REQUIRE(tables.size() == 1);
    const auto rows = test::tableCells(*tables[0]);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == QStringList{nasty, QStringLiteral("after")});
    CHECK(test::unsafeNodes(document).isEmpty());
}
