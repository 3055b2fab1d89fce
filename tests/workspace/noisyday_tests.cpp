// A day of noisy production logs (tests/data/noisyday: scheduled jobs all day, background errors,
// three deploys, and charges failing from 14:00 to 16:00) reconstructed as an engineer would: the
// incident's window is the whole day. The timeline must tell the incident from the background.
#include "noisyday.h"
#include "timeline/render.h"
#include "workspace/reconstruct.h"
#include "workspace/workspace.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

namespace {

using namespace aftermath;
using timeline::Entry;
using timeline::Finding;
using timeline::TemplateStat;

constexpr qint64 minuteUs = 60'000'000;

struct NoisyDay {
    QTemporaryDir dir;
    noisyday::Truth truth;
    workspace::IncidentTimeline reconstructed;

    explicit NoisyDay(std::uint64_t seed, std::optional<std::pair<qint64, qint64>> window = {})
    {
        REQUIRE(dir.isValid());
        const QString logs = dir.filePath(QStringLiteral("logs"));
        REQUIRE(noisyday::write(logs, {.lines = 60'000, .seed = seed}, &truth).isEmpty());
        auto ws = workspace::Workspace::open(dir.filePath(QStringLiteral("day.sqlite")));
        REQUIRE(ws);
        const auto imported = workspace::importInto({.store = ws->location(), .inputs = {logs}});
        REQUIRE(imported);
        REQUIRE(imported->errorCount() == 0);
        model::Incident incident;
        incident.title = QStringLiteral("Charges failing");
        incident.fromUs = window ? window->first : truth.dayStartUs;
        incident.toUs = window ? window->second : truth.dayEndUs - 1;
        incident.displayZone = QStringLiteral("UTC");
        const auto created = ws->postmortems().createIncident(incident);
        REQUIRE(created);
        auto built = workspace::reconstructIncident({.store = ws->location(), .incidentId = created->id});
        REQUIRE(built);
        reconstructed = std::move(*built);
    }

    const timeline::Timeline& timeline() const { return reconstructed.timeline; }
};

bool near(qint64 a, qint64 b) { return std::abs(a - b) <= minuteUs; }

} // namespace

TEST_CASE("on a noisy day the first finding and the impact are the surge, not the day's first error", "[workspace][noisy]")
{
    for (const std::uint64_t seed : {1U, 7U, 42U}) {
        INFO("seed " << seed);
        const NoisyDay day(seed);
        const timeline::Timeline& t = day.timeline();
        REQUIRE_FALSE(t.findings.empty());
        const Finding& first = t.findings.front();
        CHECK(first.type == Finding::Type::FirstError);
        CHECK(near(first.timeUs, day.truth.surgeStartUs));
        CHECK(first.summary.contains(QStringLiteral("charge failed")));
        CHECK(first.summary.startsWith(QStringLiteral("First error of the incident")));
        REQUIRE(t.phases.impactStart);
        CHECK(near(*t.phases.impactStart, day.truth.surgeStartUs));
        CHECK(*t.phases.impactStart == day.truth.firstSurgeErrorUs);
        // The day's first error, long before, is background.
        CHECK(day.truth.firstErrorOfDayUs < *t.phases.impactStart - 13 * 60 * minuteUs);

        // The surge is a rate_change (charges failed now and then all day); the circuit breaker is new.
        const auto surge = std::ranges::find_if(t.findings, [](const Finding& f) {
            return f.type == Finding::Type::RateChange && f.summary.contains(QStringLiteral("charge failed"));
        });
        REQUIRE(surge != t.findings.end());
        CHECK(near(surge->timeUs, day.truth.surgeStartUs));
        CHECK(surge->ratePerHourAfter > 50 * surge->ratePerHourBefore);
        CHECK(std::ranges::any_of(t.findings, [](const Finding& f) {
            return f.type == Finding::Type::NewTemplate && f.summary.contains(QStringLiteral("circuit breaker open"));
        }));
        // No background template is a finding.
        for (const Finding& f : t.findings) {
            if (f.type == Finding::Type::NewTemplate || f.type == Finding::Type::RateChange) {
                INFO(f.summary.toStdString());
                CHECK(f.timeUs >= day.truth.surgeStartUs);
                CHECK(f.timeUs < day.truth.surgeEndUs);
            }
        }

        // Phases and suspects follow from the surge.
        REQUIRE(t.phases.trigger);
        CHECK(*t.phases.trigger == day.truth.triggerUs);
        const auto suspect = std::ranges::find(t.findings, Finding::Type::SuspectChange, &Finding::type);
        REQUIRE(suspect != t.findings.end());
        CHECK(suspect->summary.contains(QStringLiteral("payments-api v2.14.0")));
        CHECK(t.phases.detected);
        CHECK(t.phases.mitigated);
        REQUIRE(t.phases.resolved);
        CHECK(near(*t.phases.resolved, day.truth.surgeEndUs));

        // The default view is short, and starts no earlier than the incident's own moments do.
        const auto keys = std::ranges::count_if(t.entries, &Entry::key);
        CHECK(keys <= 30);
        CHECK(keys >= 5);
        for (const Entry& e : t.entries) {
            if (!e.key)
                continue;
            INFO(e.summary.toStdString());
            // Nothing listed spans the day: a key entry that started before the incident is a moment.
            if (e.timeUs < day.truth.surgeStartUs)
                CHECK_FALSE(e.endUs);
        }
        // Every line of the scheduled jobs sits in the background group.
        for (const Entry& e : t.entries) {
            for (const QString& job : day.truth.steadyJobs) {
                if (e.summary.contains(job)) {
                    INFO(e.summary.toStdString());
                    CHECK(e.background);
                    CHECK_FALSE(e.key);
                }
            }
        }
        // Nothing is lost: every line is in a template, and every template's entries are listed.
        qint64 events = 0;
        for (const TemplateStat& s : t.templates)
            events += s.count;
        CHECK(events == day.truth.lines);
        CHECK(timeline::backgroundGroup(t).events > day.truth.lines * 9 / 10);
        // The templates name what is incident and what is background.
        const auto incidentTemplates = std::ranges::count(t.templates, TemplateStat::Role::Incident, &TemplateStat::role);
        CHECK(incidentTemplates >= 2);
        CHECK(incidentTemplates <= 4);
        const QString text = timeline::renderText(t, QTimeZone::utc(), false);
        CHECK(text.contains(QStringLiteral("Background: ")));
    }
}

TEST_CASE("a window around the incident compares with the baseline just before it", "[workspace][noisy]")
{
    noisyday::Truth truth;
    {
        QTemporaryDir probe;
        REQUIRE(noisyday::write(probe.path(), {.lines = 1000, .seed = 3}, &truth).isEmpty());
    }
    const qint64 hour = 60 * minuteUs;
    // 13:00 to 17:00: the baseline is 09:00 to 13:00.
    const NoisyDay day(3, std::pair{truth.surgeStartUs - hour, truth.surgeStartUs + 3 * hour});
    const timeline::Timeline& t = day.timeline();
    REQUIRE(t.baseline);
    CHECK(t.baseline->first == truth.surgeStartUs - 5 * hour);
    CHECK(t.baseline->second == truth.surgeStartUs - hour);
    REQUIRE(t.phases.impactStart);
    CHECK(*t.phases.impactStart == truth.firstSurgeErrorUs);
    const auto charge = std::ranges::find_if(t.templates, [](const TemplateStat& s) {
        return s.role == TemplateStat::Role::Incident && s.text.contains(QStringLiteral("charge failed"));
    });
    REQUIRE(charge != t.templates.end());
    CHECK(charge->changeUs == truth.firstSurgeErrorUs);
    // The scheduled jobs ran in the baseline too: background.
    const auto job = std::ranges::find_if(
        t.templates, [](const TemplateStat& s) { return s.text.contains(QStringLiteral("Starting job")); });
    REQUIRE(job != t.templates.end());
    CHECK(job->baselineCount > 0);
    CHECK(job->role == TemplateStat::Role::Background);
}
