#include "model/clock.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QtGlobal>

using namespace aftermath;

namespace {

// Sets AFTERMATH_NOW for the scope of a test, and restores what was there.
class NowVariable {
public:
    explicit NowVariable(const QByteArray* value)
        : m_had(qEnvironmentVariableIsSet("AFTERMATH_NOW")), m_old(qgetenv("AFTERMATH_NOW"))
    {
        if (value)
            qputenv("AFTERMATH_NOW", *value);
        else
            qunsetenv("AFTERMATH_NOW");
    }
    ~NowVariable()
    {
        if (m_had)
            qputenv("AFTERMATH_NOW", m_old);
        else
            qunsetenv("AFTERMATH_NOW");
    }

private:
    bool m_had;
    QByteArray m_old;
};

} // namespace

TEST_CASE("AFTERMATH_NOW fixes the clock both programs run on, and a bad value is named", "[model][clock]")
{
    {
        const QByteArray value("2026-07-02T09:00:00Z");
        NowVariable now(&value);
        const auto clock = EnvironmentClock::fromEnvironment();
        REQUIRE(clock);
        CHECK(
            clock->clock().nowUtcUs() == QDateTime(QDate(2026, 7, 2), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch() * 1000);
    }
    {
        const QByteArray value("2026-07-02 10:00:00"); // no offset: UTC
        NowVariable now(&value);
        const auto clock = EnvironmentClock::fromEnvironment();
        REQUIRE(clock);
        CHECK(clock->clock().nowUtcUs()
            == QDateTime(QDate(2026, 7, 2), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch() * 1000);
    }
    {
        const QByteArray value("next tuesday");
        NowVariable now(&value);
        const auto clock = EnvironmentClock::fromEnvironment();
        REQUIRE_FALSE(clock);
        CHECK(clock.error().code == Error::Code::InvalidArgument);
        CHECK(clock.error().message.startsWith(QStringLiteral("AFTERMATH_NOW: expected an ISO 8601 time")));
        CHECK(clock.error().message.contains(QStringLiteral("next tuesday")));
    }
    {
        NowVariable now(nullptr);
        const auto clock = EnvironmentClock::fromEnvironment();
        REQUIRE(clock);
        CHECK(&clock->clock() == &Clock::system());
    }
}
