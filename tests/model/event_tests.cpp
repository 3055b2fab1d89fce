#include "model/event.h"

#include <catch2/catch.hpp>

using namespace aftermath::model;

TEST_CASE("enumeration names round-trip and unknown names are rejected", "[event]")
{
    for (int k = int(EventKind::Log); k <= int(EventKind::Alert); ++k) {
        const auto kind = EventKind(k);
        REQUIRE(eventKindFromString(toString(kind)) == kind);
    }
    for (int l = int(Level::Unknown); l <= int(Level::Fatal); ++l)
        REQUIRE(levelFromString(toString(Level(l))) == Level(l));
    for (int q = int(TimeQuality::Explicit); q <= int(TimeQuality::Inherited); ++q)
        REQUIRE(timeQualityFromString(toString(TimeQuality(q))) == TimeQuality(q));
    CHECK(toString(EventKind::CiRun) == u"ci_run");
    CHECK(toString(TimeQuality::ZoneAssumed) == u"zone_assumed");
    CHECK_FALSE(eventKindFromString(u"Deploy").has_value());
    CHECK_FALSE(levelFromString(u"").has_value());
}
