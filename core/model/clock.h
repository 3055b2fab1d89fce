#pragma once

#include "error.h"

#include <QtGlobal>

#include <optional>

namespace aftermath {

// Where core code gets "now" from, so tests can fix the time. Core never reads the wall clock
// except through a Clock.
class Clock {
public:
    virtual ~Clock() = default;
    // Microseconds since 1970-01-01T00:00:00Z.
    virtual qint64 nowUtcUs() const = 0;

    // The process-wide real clock.
    static const Clock& system();
};

// A clock that says what it is told; for tests and reproducible runs.
class FixedClock final : public Clock {
public:
    explicit FixedClock(qint64 utcUs) : m_utcUs(utcUs) {}
    qint64 nowUtcUs() const override { return m_utcUs; }
    void set(qint64 utcUs) { m_utcUs = utcUs; }

private:
    qint64 m_utcUs;
};

// The clock both programs run on: the environment variable AFTERMATH_NOW (an ISO 8601 time;
// without an offset it is read as UTC) fixes "now" for tests, demos and reproducible runs;
// otherwise the system clock. "Today" (for overdue action items) and the times the store records
// come from it.
class EnvironmentClock {
public:
    // An error naming AFTERMATH_NOW when it is set but not a time.
    static Result<EnvironmentClock> fromEnvironment();
    const Clock& clock() const { return m_fixed ? static_cast<const Clock&>(*m_fixed) : Clock::system(); }

private:
    std::optional<FixedClock> m_fixed;
};

} // namespace aftermath
