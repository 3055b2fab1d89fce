#pragma once

#include "timeline.h"

#include <QTimeZone>

namespace aftermath::timeline {

// A timeline for people and tools; every time is shown in `zone` and says its offset or zone.
// Without `all`, only key entries are listed. Output is deterministic.
QString renderText(const Timeline& timeline, const QTimeZone& zone, bool all);
QString renderMarkdown(const Timeline& timeline, const QTimeZone& zone, bool all);
// The JSON contract (docs/timeline-json.md).
QString renderJson(const Timeline& timeline, const QTimeZone& zone, bool all);

} // namespace aftermath::timeline
