#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "templates.h"
#include "timeline/timeline.h"

#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace aftermath::report {

struct RenderOptions {
    // The reconstructed timeline of the incident's window, when there is one: it fills the
    // evidence tags (phases, suspects, findings, runs) and stands in for an empty curated timeline.
    const timeline::Timeline* evidence = nullptr;
    // The chart's address relative to the document (a file name); empty: no chart.
    QString chartLink;
    // The zone the user chose to show times in: model::displayZone()'s `chosen`. Without it, the
    // incident's own zone, else the system's.
    std::optional<QTimeZone> zone;
};

// Renders a postmortem through a template into Markdown. Every value from people or logs is
// escaped (escapeMarkdown); the template's own text is used as it is. Fails, naming the template
// and line, when the template does not parse.
Result<QString> renderMarkdown(
    const model::Postmortem& postmortem, const Template& document, const RenderOptions& options = {});

// Every tag the renderer fills, as documented in docs/templates.md; a tag inside a section is
// written "section.tag" ("action_items.owner").
QStringList templateTags();

// The tags a template uses that the renderer does not fill (they would render as nothing), in
// the order they first appear; sections included.
QStringList unknownTags(const Template& document);

} // namespace aftermath::report
