#pragma once

#include "model/error.h"
#include "model/incident.h"

#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace aftermath::report {

struct PostmortemImportOptions {
    // The zone of times the document gives without one, when it states none ("All times UTC").
    QTimeZone zone = QTimeZone::utc();
    // The year of dates written without one ("November 24th") when the document gives none; the
    // caller takes it from its clock.
    int defaultYear = 1970;
};

struct ImportedPostmortem {
    model::Postmortem postmortem; // ids are 0: not stored yet
    // What was read but could not be placed, one line each, for the person importing to check.
    QStringList warnings;
};

// Reads an existing Markdown postmortem (GitHub-flavoured) into the postmortem record, through
// the cmark-gfm AST: the first heading is the title; headings map to fields by their common names,
// synonyms and questions (Summary, Impact, Trigger, Detection, Resolution/Mitigation, Root Cause(s)
// / How did it happen?, Contributing factors, Lessons Learned with What went well / wrong / Where
// we got lucky, Timeline / Chronology, Action Items / Follow-ups / Remediation / What we're doing
// about it, ...: sectionField()); timeline bullets (nested under dates too), paragraphs, headings
// or table rows that start with a time or a time range become curated entries, and in a document
// without a timeline so do the sentences of its story that hold one ("At 9:37AM PST, ...", "down
// from 15:30 to 18:10 UTC");
// root-cause list items become root causes; action item tables (columns by name) or (task) lists
// become action items with their owners. Nothing is dropped: a section no field holds becomes a
// custom section (its heading and Markdown as written, after the field section it followed), and
// what a field cannot hold (prose between action items, a heading inside a field) is kept the same
// way, without a heading. What an exported postmortem says from the evidence ("What the evidence
// shows", "From the evidence: ...") is kept as custom sections marked fromEvidence, which the
// export shows only when it has no events to reconstruct it from. Dates without a year take the
// document's (its title, the lines before the first section, a Date section, the file's name),
// else options.defaultYear. `origin` names the document in messages.
Result<ImportedPostmortem> importPostmortem(
    const QString& markdown, const QString& origin, const PostmortemImportOptions& options = {});

// Where people's text is in an exported postmortem, among what importPostmortem() reads there.
enum class ImportedPlace {
    Title, // a heading that may start with "Postmortem:" and end with "(incident #1)"
    Prose, // paragraphs, each of which may be what Aftermath wrote from the evidence ("From the evidence: ...")
    TimelineText, // after a time and before a note: "**10:00** text — note"
    TimelineNote,
    OwnerInBrackets, // "- [ ] action (owner, by 2026-07-03)", as the minimal template writes it
};

// Markdown that escapeMarkdown() made of people's text, with each character importPostmortem()
// would read as the structure around it in `place` escaped too: a backslash before ASCII
// punctuation ("Postmortem\: ...", "From the evidence\: ..."), a dash by its entity ("&mdash;").
// Markdown shows them as they were, and importPostmortem() reads an escaped character as text.
QString escapedForImport(const QString& markdown, ImportedPlace place);

// The field a section heading names, by its template name (model::customSectionAnchors():
// "summary", "root_causes", "action_items", "timeline", ...; "evidence" for what Aftermath writes
// from the evidence), or nothing: its section is kept as a custom section.
std::optional<QString> sectionField(const QString& heading);

} // namespace aftermath::report
