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
// spaces (NUL, lone surrogates, U+FFFE and U+FFFF become U+FFFD). A single line break becomes a hard line break
// (backslash, newline) and blank lines a new paragraph, so the text keeps its lines without leaving the paragraph it is
// in. In a "www." or "scheme://" word that needs an escape, the "." or ":" is escaped too, so that GFM's autolink
// extension, which reads such a word as it is written, cannot take the backslashes.
// `continuationIndent` spaces start every line after the first: the width of a list item's
// marker ("1. " is 3), so that a second paragraph stays inside the item.
QString escapeMarkdown(QStringView text, int continuationIndent = 0);

// What a Markdown reader gets back from escapeMarkdown(text): the text with control characters
// (but tab) as spaces, NUL, lone surrogates, U+FFFE and U+FFFF as U+FFFD, each line without its
// leading and trailing blanks, and runs of blank lines as one, none at either end. The
// normalisation an export and an import-postmortem make of a field (docs/reliability.md).
QString readBack(QStringView text);

// `text` with what UTF-8 and XML cannot carry (a lone surrogate, U+FFFE, U+FFFF) as U+FFFD, which
// is what writing it would give instead of a "?".
QString carried(QStringView text);

// `text` as a Markdown document can show it: line breaks (CR LF, CR) as LF, control characters
// but tab and line feed as spaces, and NUL and what carried() replaces as U+FFFD.
QString showable(QStringView text);

// Text for an XML or HTML document (the SVG chart, the HTML page's title): & < > " as entities,
// control characters as spaces, and what no such document can carry (a lone surrogate, U+FFFE,
// U+FFFF) as U+FFFD.
QString xmlEscaped(const QString& text);

// The text on one line: its lines trimmed, empty ones dropped, the rest joined with a space. For
// the places where a line break would end the structure around it: table cells, list items,
// headings.
QString oneLine(QStringView text);

} // namespace aftermath::report
