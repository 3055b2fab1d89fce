#include "options.h"

#include "model/timestamp.h"

namespace aftermath::cli {

namespace {

const QString zoneName = QStringLiteral("tz");

} // namespace

void addZoneOption(QCommandLineParser& parser)
{
    parser.addOption(QCommandLineOption(zoneName,
        QStringLiteral("Time zone: an IANA name (Europe/London), UTC, an offset (+02:00) or system (the default). "
                       "Times without an offset are read in it and times are shown in it; an incident's times are "
                       "shown in its own zone unless --tz is given (incident new and set give the incident this "
                       "zone)."),
        QStringLiteral("ZONE"), QStringLiteral("system")));
}

std::optional<ZoneOption> readZoneOption(const Invocation& in)
{
    const auto zone = model::parseZone(in.parser.value(zoneName));
    if (!zone) {
        in.usageError(QStringLiteral("--tz: ") + zone.error().message);
        return std::nullopt;
    }
    ZoneOption option{*zone, std::nullopt};
    if (in.parser.isSet(zoneName))
        option.chosen = *zone;
    return option;
}

} // namespace aftermath::cli
