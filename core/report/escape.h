#pragma once

#include <QString>
#include <QStringView>

namespace aftermath::report {

// Makes text that people or logs wrote safe to put into a Markdown document: it reads as the same
// text and cannot add structure (headings, lists, tables, links, emphasis, code, HTML). Every
// ASCII character that could start Markdown syntax is backslash-escaped: \ ` * [ ] < | ~ always,
// _ unless it joins two letters or digits (snake_case stays readable), & before a letter or #
// (an entity), and at the start of a line # - + = > and the "." or ")" of "1." or "1)". Leading
// and trailing blanks of each line are dropped (no indented code) and control characters become
// spaces. A single line break becomes a hard line break (backslash, newline) and blank lines a
// new paragraph, so the text keeps its lines without leaving the paragraph it is in.
QString escapeMarkdown(QStringView text);

// The text on one line: its lines trimmed, empty ones dropped, the rest joined with a space. For
// the places where a line break would end the structure around it: table cells, list items,
// headings.
QString oneLine(QStringView text);

} // namespace aftermath::report
