#include "clock.h"

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

} // namespace aftermath
