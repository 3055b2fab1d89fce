#pragma once

// A store of the engine the run is for (a file, or a database on the test cluster: teststore.h) on
// a fixed clock, as the postmortem and concurrency cases start from it.

#include "store/store.h"

#include "testsupport.h"
#include "teststore.h"

#include <catch2/catch.hpp>

namespace aftermath::test {

struct StoreFixture {
    static constexpr qint64 hourUs = 3600 * usPerSecond;

    TestStore where;
    FixedClock clock{incidentNightUs + 8 * hourUs};
    QString path = where.location;
    store::Store store = open(where, clock);
    store::PostmortemStore& pm = store.postmortems();

    static store::Store open(const TestStore& where, const FixedClock& clock)
    {
        auto opened = store::Store::open(where.location, {.clock = &clock});
        REQUIRE(opened);
        return std::move(*opened);
    }
};

} // namespace aftermath::test
