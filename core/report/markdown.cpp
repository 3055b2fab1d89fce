// The only file that includes cmark-gfm (docs/architecture.md).

#include "markdown.h"

#include "escape.h"

#include <QStringList>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace aftermath::report {

namespace {

// Safe HTML: raw HTML is omitted and dangerous URLs are dropped (CMARK_OPT_UNSAFE is never set).
constexpr int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

struct ParserDeleter {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};

using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

ParserPtr makeParser()
{
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    ParserPtr parser(cmark_parser_new(options));
    for (const char* name : {"table", "tasklist", "autolink", "strikethrough"}) {
        if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
    return parser;
}

NodePtr parse(cmark_parser* parser, const QString& markdown)
{
    const QByteArray utf8 = markdown.toUtf8();
    cmark_parser_feed(parser, utf8.constData(), std::size_t(utf8.size()));
    return NodePtr(cmark_parser_finish(parser));
}

QString fromCString(const char* text) { return text ? QString::fromUtf8(text) : QString(); }

MarkdownNode copy(cmark_node* node)
{
    MarkdownNode out;
    out.type = fromCString(cmark_node_get_type_string(node));
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_HEADING:
        out.headingLevel = cmark_node_get_heading_level(node);
        break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        out.url = fromCString(cmark_node_get_url(node));
        break;
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
        out.literal = fromCString(cmark_node_get_literal(node));
        break;
    default:
        break;
    }
    out.startLine = cmark_node_get_start_line(node);
    out.endLine = cmark_node_get_end_line(node);
    if (out.type == u"tasklist")
        out.checked = cmark_gfm_extensions_get_tasklist_item_checked(node);
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child))
        out.children.push_back(copy(child));
    return out;
}

// The source lines (from 1) that hold raw HTML: an HTML block's own, and those of the block an
// inline tag is in.
std::vector<int> htmlLines(cmark_node* document)
{
    std::vector<int> lines;
    cmark_iter* iter = cmark_iter_new(document);
    for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE; event = cmark_iter_next(iter)) {
        cmark_node* node = cmark_iter_get_node(iter);
        const cmark_node_type type = cmark_node_get_type(node);
        if (event != CMARK_EVENT_ENTER || (type != CMARK_NODE_HTML_BLOCK && type != CMARK_NODE_HTML_INLINE))
            continue;
        cmark_node* block = node;
        while (block && cmark_node_get_start_line(block) <= 0)
            block = cmark_node_parent(block);
        // cmark-gfm leaves the end line 0 on an HTML block the document ends in.
        const int first = block ? cmark_node_get_start_line(block) : 1;
        const int last = std::max(first, block ? cmark_node_get_end_line(block) : 1);
        for (int line = first; line <= last; ++line)
            lines.push_back(line);
    }
    cmark_iter_free(iter);
    return lines;
}

} // namespace

QString MarkdownNode::text() const
{
    QString all = literal;
    if (type == u"softbreak" || type == u"linebreak")
        all += u' ';
    for (const MarkdownNode& child : children)
        all += child.text();
    return all;
}

MarkdownNode parseMarkdown(const QString& markdown)
{
    const ParserPtr parser = makeParser();
    const NodePtr document = parse(parser.get(), markdown);
    return copy(document.get());
}

QString markdownToHtml(const QString& markdown)
{
    const ParserPtr parser = makeParser();
    const NodePtr document = parse(parser.get(), markdown);
    char* html = cmark_render_html(document.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
    const QString out = QString::fromUtf8(html);
    cmark_get_default_mem_allocator()->free(html);
    return out;
}

QString withoutRawHtml(const QString& markdown)
{
    QString out = markdown;
    for (int pass = 0; pass < 4; ++pass) {
        const ParserPtr parser = makeParser();
        const NodePtr document = parse(parser.get(), out);
        const std::vector<int> lines = htmlLines(document.get());
        if (lines.empty())
            return out;
        QStringList split = out.split(u'\n');
        for (const int line : lines) {
            if (line >= 1 && line <= split.size())
                split[line - 1].replace(u'<', QStringLiteral("&lt;"));
        }
        out = split.join(u'\n');
    }
    // Not expected: HTML that the passes above could not place. Every "<" is made text.
    out.replace(u'<', QStringLiteral("&lt;"));
    return out;
}

QString htmlPage(const QString& title, const QString& bodyHtml)
{
    return QStringLiteral(R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Aftermath">
<title>%1</title>
<style>
body { margin: 0; background: #fff; color: #1f2328; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem;
  font: 16px/1.6 -apple-system, "Segoe UI", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.8em 0 0.6em; }
h1 { font-size: 1.9em; margin-top: 0; }
h2 { font-size: 1.4em; padding-bottom: 0.25em; border-bottom: 1px solid #d8dee4; }
h3 { font-size: 1.15em; }
p, ul, ol, table { margin: 0 0 1em; }
li + li { margin-top: 0.2em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { border: 1px solid #c9d1d9; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
tr:nth-child(even) td { background: #fafbfc; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: #f3f5f7;
  padding: 0.1em 0.3em; border-radius: 3px; }
img { max-width: 100%; height: auto; border: 1px solid #d8dee4; }
a { color: #0b62c4; }
td a { overflow-wrap: anywhere; }
li:has(> input[type="checkbox"]) { list-style: none; margin-left: -1.3em; }
@media print { main { max-width: none; padding: 0; } a { color: inherit; } }
</style>
</head>
<body>
<main>
%2</main>
</body>
</html>
)")
        .arg(xmlEscaped(title), bodyHtml);
}

} // namespace aftermath::report
