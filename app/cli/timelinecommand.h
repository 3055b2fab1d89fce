#pragma once

// aftermath-cli timeline: the reconstruction of an incident's or a window's evidence.

#include "commands.h"

#include <QTimeZone>

#include <optional>

namespace aftermath::timeline {
struct Timeline;
}

namespace aftermath::cli {

// `timeline --incident ID | --from TIME --to TIME`: merged, repeats collapsed, runs paired, as
// text, Markdown or JSON.
void timelineOptions(QCommandLineParser& parser);
int timelineRun(const Invocation& invocation);

// `templates --incident ID | --from TIME --to TIME`: every message template of the window with its
// count inside the window and in the baseline before it, and what it is (incident, background).
void templatesOptions(QCommandLineParser& parser);
int templatesRun(const Invocation& invocation);

// How a timeline is printed, by timeline and by demo: --format text, markdown or json. `label`
// starts the option's help ("Output format").
QCommandLineOption timelineFormatOption(const QString& label);
// The --format given, checked (a usage error otherwise).
std::optional<QString> chosenTimelineFormat(const Invocation& in);
QString renderTimeline(const timeline::Timeline& built, const QTimeZone& zone, bool all, QStringView format);

} // namespace aftermath::cli
