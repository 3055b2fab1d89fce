#pragma once

#include "model/error.h"
#include "model/incident.h"

#include <QString>
#include <QStringList>
#include <QTimeZone>

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
// the cmark-gfm AST: the first heading is the title; headings map to fields by their common names
// and synonyms (Summary, Impact, Trigger, Detection, Resolution/Mitigation, Root Cause(s), Contributing
// factors, Lessons Learned with What went well / wrong / Where we got lucky, Timeline, Action
// Items/Follow-ups/Remediation, ...); timeline bullets, paragraphs or table rows that start with a
// time or a time range become curated entries; root-cause list items become root causes; action
// item tables (columns by name) or (task) lists become action items with their owners. What
// Aftermath itself writes from the evidence ("What the evidence shows") is not read back: it is
// reconstructed. `origin` names the document in messages.
Result<ImportedPostmortem> importPostmortem(
    const QString& markdown, const QString& origin, const PostmortemImportOptions& options = {});

} // namespace aftermath::report
