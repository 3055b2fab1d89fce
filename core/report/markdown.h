#pragma once

#include <QString>

#include <vector>

namespace aftermath::report {

// A node of a parsed Markdown document, copied out of cmark-gfm so that nothing else needs its
// headers: the type is cmark-gfm's name for it ("heading", "paragraph", "table", "table_row",
// "table_cell", "text", "link", "html_block", ...).
struct MarkdownNode {
    QString type;
    int headingLevel = 0; // 1-6 for headings
    QString literal; // text, code and HTML nodes
    QString url; // links and images
    bool checked = false; // a task list item ("tasklist") that is ticked: "- [x] ..."
    int startLine = 0; // the block's first and last lines in the source, from 1 (0 for inlines)
    int endLine = 0;
    std::vector<MarkdownNode> children;

    // The text of the node and everything under it.
    QString text() const;
};

// Parses GitHub-flavoured Markdown (tables, task lists, autolinks, strikethrough) as the HTML
// export does.
MarkdownNode parseMarkdown(const QString& markdown);

// The HTML of a Markdown document's body, through cmark-gfm with the same extensions. Raw HTML in
// the Markdown is never passed through (no CMARK_OPT_UNSAFE), and links to javascript:, vbscript:,
// file: and data: URLs lose their destination.
QString markdownToHtml(const QString& markdown);

// Markdown kept as written (an imported postmortem's own sections) with its raw HTML made text:
// each "<" on a line that holds an HTML block or tag becomes "&lt;", which reads the same and can
// start no tag, even right after a GFM autolink. Markdown without raw HTML comes back unchanged.
QString withoutRawHtml(const QString& markdown);

// A whole, self-contained HTML page: UTF-8, the title, a small stylesheet, the body.
QString htmlPage(const QString& title, const QString& bodyHtml);

} // namespace aftermath::report
