#include "clock.h"

#include "timestamp.h"

#include <QTimeZone>

#include <chrono>

namespace aftermath {

namespace {
class SystemClock final : public Clock {
public:
    qint64 nowUtcUs() const override
    {
        using namespace std::chrono;
        return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    }
};
} // namespace

const Clock& Clock::system()
{
    static const SystemClock clock;
    return clock;
}

Result<EnvironmentClock> EnvironmentClock::fromEnvironment()
{
    EnvironmentClock result;
    if (!qEnvironmentVariableIsSet("AFTERMATH_NOW"))
        return result;
    const QString value = qEnvironmentVariable("AFTERMATH_NOW");
    const auto now = model::parseIsoTime(value, QTimeZone::utc());
    if (!now)
        return fail(Error::Code::InvalidArgument,
            QStringLiteral("AFTERMATH_NOW: expected an ISO 8601 time such as 2026-07-02T09:00:00Z, not \"%1\" (%2)")
                .arg(value, now.error().message));
    result.m_fixed.emplace(*now);
    return result;
}

} // namespace aftermath
