#pragma once

#include "model/event.h"

#include <QStringView>

namespace aftermath::ingest {

// The severity named by one of the first `maxTokens` words of a message: ERROR, WARN, [error],
// <warning>, level=info, "core:error", or a lone logcat letter (E/W/I/D/V/F). Bare words count
// only in upper case, so "connection error" in a sentence is not a level.
model::Level findLevel(QStringView text, int maxTokens);

// A one-letter level, as logcat, glog and klog write them (V D I W E F); Unknown for others.
model::Level levelFromLetter(QChar letter);

// A level name on its own ("warning", "ERR", "crit", "5" for a syslog priority is not handled).
model::Level levelFromName(QStringView name);

// error/critical/fatal lines are Error events, the rest plain log lines (until rules refine them).
model::EventKind kindForLevel(model::Level level);

} // namespace aftermath::ingest
