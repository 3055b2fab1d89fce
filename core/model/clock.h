#pragma once

#include <QtGlobal>

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

} // namespace aftermath
