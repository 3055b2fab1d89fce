#pragma once

// Reading rendered postmortems back: the Markdown's AST (through report::parseMarkdown, so that
// only core/report includes cmark-gfm) and golden files.

#include "report/markdown.h"
#include "report/templates.h"

#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QStringList>

#include <functional>

namespace aftermath::test {

// The bundled templates, by name.
inline const QStringList builtInNames
    = {QStringLiteral("default"), QStringLiteral("google-sre"), QStringLiteral("minimal")};

inline report::Template builtIn(const QString& name)
{
    auto found = report::findTemplate(name, QString());
    REQUIRE(found);
    return *found;
}

// The same text with its ASCII punctuation turned into letters: the structure it should render to.
inline QString harmless(QString text)
{
    for (QChar& c : text) {
        if (c.unicode() < 128 && (c.isPunct() || c.isSymbol()))
            c = u'x';
    }
    return text;
}

// Every node under `node` (itself included), depth first.
inline void visit(const report::MarkdownNode& node, const std::function<void(const report::MarkdownNode&)>& f)
{
    f(node);
    for (const report::MarkdownNode& child : node.children)
        visit(child, f);
}

inline std::vector<const report::MarkdownNode*> nodesOfType(const report::MarkdownNode& root, const QString& type)
{
    std::vector<const report::MarkdownNode*> found;
    visit(root, [&](const report::MarkdownNode& node) {
        if (node.type == type)
            found.push_back(&node);
    });
    return found;
}

// "## Impact" as "2 Impact", in document order.
inline QStringList headings(const report::MarkdownNode& root)
{
    QStringList out;
    for (const report::MarkdownNode* heading : nodesOfType(root, QStringLiteral("heading")))
        out << QString::number(heading->headingLevel) + u' ' + heading->text();
    return out;
}

// The text of each cell of each row of a table, the header row first.
inline std::vector<QStringList> tableCells(const report::MarkdownNode& table)
{
    std::vector<QStringList> rows;
    for (const report::MarkdownNode& row : table.children) {
        QStringList cells;
        for (const report::MarkdownNode& cell : row.children)
            cells << cell.text();
        rows.push_back(cells);
    }
    return rows;
}

// The block structure of a document: each block node's type and depth.
inline QStringList skeleton(const report::MarkdownNode& node, int depth = 0)
{
    static const QStringList inlines
        = {QStringLiteral("text"), QStringLiteral("softbreak"), QStringLiteral("linebreak"), QStringLiteral("code"),
            QStringLiteral("emph"), QStringLiteral("strong"), QStringLiteral("link"), QStringLiteral("image"),
            QStringLiteral("strikethrough"), QStringLiteral("html_inline")};
    if (inlines.contains(node.type))
        return {};
    QStringList out{QString(depth, u' ') + node.type};
    for (const report::MarkdownNode& child : node.children)
        out += skeleton(child, depth + 1);
    return out;
}

// What would make a rendered document unsafe or broken: raw HTML, and links anywhere but the web,
// mail or a relative file.
inline QStringList unsafeNodes(const report::MarkdownNode& root)
{
    QStringList found;
    visit(root, [&](const report::MarkdownNode& node) {
        if (node.type == u"html_block" || node.type == u"html_inline")
            found << node.type + QStringLiteral(": ") + node.literal;
        if (node.type == u"link" || node.type == u"image") {
            const QString url = node.url.trimmed().toLower();
            const qsizetype colon = url.indexOf(u':');
            const QString scheme = colon < 0 ? QString() : url.left(colon);
            const bool relativeFile = colon < 0 || url.indexOf(u'/') < colon;
            if (!relativeFile && scheme != u"http" && scheme != u"https" && scheme != u"mailto")
                found << node.type + QStringLiteral(" to ") + node.url;
        }
    });
    return found;
}

// Compares `actual` with the golden file tests/report/golden/NAME. With AFTERMATH_UPDATE_GOLDEN=1
// in the environment it rewrites the golden file instead (and the test passes with a warning).
// On a mismatch the actual bytes are written beside the test binary as NAME.actual to diff.
inline void checkGolden(const QString& name, const QByteArray& actual)
{
    const QString golden = QStringLiteral(AFTERMATH_GOLDEN_DIR "/") + name;
    if (qEnvironmentVariable("AFTERMATH_UPDATE_GOLDEN") == u"1") {
        REQUIRE(writeFile(golden, actual));
        WARN("rewrote " << golden.toStdString());
        return;
    }
    const QByteArray expected = fileBytes(golden);
    if (expected != actual) {
        const QString actualPath
            = QDir(QCoreApplication::applicationDirPath()).filePath(name + QStringLiteral(".actual"));
        writeFile(actualPath, actual);
        FAIL_CHECK(name.toStdString() << " differs from its golden file; compare: diff " << golden.toStdString() << ' '
                                      << actualPath.toStdString()
                                      << " (if the change is intended, regenerate with AFTERMATH_UPDATE_GOLDEN=1)");
    }
}

} // namespace aftermath::test
