#pragma once

#include "timeline/timeline.h"

#include <QString>
#include <QTimeZone>

namespace aftermath::report {

// An SVG picture of a reconstructed timeline across its window: the phases on the time axis, the
// findings, and a lane per source with its key events as marks (changes, errors, alerts, chat),
// suspect changes ringed and numbered by rank, and runs as bars coloured by outcome. Times are in
// `zone`. Deterministic: the same timeline gives the same bytes (fixed layout, one decimal place).
// It writes layoutChart()'s layout (chartlayout.h), which the desktop app's chart draws too.
QString renderChart(const timeline::Timeline& timeline, const QTimeZone& zone, const QString& title);

} // namespace aftermath::report
