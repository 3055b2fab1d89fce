#pragma once

#include "commands.h"

#include <QCommandLineParser>
#include <QTimeZone>

#include <optional>

namespace aftermath::cli {

// --tz, as every command that reads or shows times declares it: one help text, and the system zone
// by default.
void addZoneOption(QCommandLineParser& parser);

// What --tz says.
struct ZoneOption {
    // The zone named, the system's when --tz is not given: times written without an offset are read
    // in it, and times that belong to no incident are shown in it.
    QTimeZone zone;
    // The zone named, only when --tz was given: the zone the user chose to show an incident's times
    // in (model::displayZone()'s `chosen`).
    std::optional<QTimeZone> chosen;
};

// Reads --tz. A zone that is not one is reported as the usage error "--tz: ..." and gives nothing:
// the command then returns UsageError.
std::optional<ZoneOption> readZoneOption(const Invocation& in);

} // namespace aftermath::cli
