// EvidenceStore::findEventPositions, eventsWithIds and forEachMatch: what the app's filter bar and
// `aftermath-cli events --grep` read, checked against the events as written.

#include "store/store.h"

#include "teststore.h"
#include "testsupport.h"

#include <QTemporaryDir>

#include <catch2/catch.hpp>

#include <tuple>

using namespace aftermath;
using namespace aftermath::store;
using aftermath::test::incidentNightUs;
using aftermath::test::makeEvent;
using aftermath::test::makeSource;
using aftermath::test::usPerSecond;
using model::EventKind;
using model::Level;

namespace {

// Three sources whose blocks overlap in time: a job log, an API log with a surge of one error, and
// a deploy feed. Every event's fields follow from its number, so a test can count what must match.
struct Fixture {
    test::TestStore where;
    std::optional<Store> store;
    std::vector<model::Event> written; // as written, ids filled in from the store
    std::vector<QString> sourceNames;

    Fixture()
    {
        auto opened = Store::open(where.location);
        REQUIRE(opened);
        store.emplace(std::move(*opened));
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        std::vector<qint64> ids;
        for (const char* name : {"jobs.log", "api.log", "deploys.json"}) {
            sourceNames.push_back(QString::fromLatin1(name));
            ids.push_back(*(*tx)->addSource(makeSource(sourceNames.back())));
        }
        for (int i = 0; i < 6000; ++i) {
            const int s = i % 3;
            const qint64 t = incidentNightUs + qint64(i / 3) * usPerSecond;
            model::Event e;
            if (s == 0) {
                e = makeEvent(ids[0], t, i, QStringLiteral("Starting job reconcile-acme run %1").arg(i));
                e.service = QStringLiteral("Scheduler");
                e.runId = QStringLiteral("run-%1").arg(i % 10);
            } else if (s == 1) {
                const bool surge = i >= 3000 && i < 3300;
                e = makeEvent(ids[1], t, i,
                    surge ? QStringLiteral("charge failed: card_declined for order %1").arg(i)
                          : QStringLiteral("GET /v1/orders/%1 200 \"OK\" connection-reset=0").arg(i),
                    surge ? Level::Error : (i % 50 == 1 ? Level::Warning : Level::Info));
                e.service = QStringLiteral("payments.api");
            } else {
                e = makeEvent(ids[2], t, i, QStringLiteral("Deployed payments %1 to production").arg(i),
                    Level::Info, i % 600 == 2 ? EventKind::Deploy : EventKind::Log);
                e.actor = QStringLiteral("Über-Bot");
            }
            written.push_back(e);
        }
        REQUIRE((*tx)->addEvents(written));
        REQUIRE((*tx)->commit());
        // Ids come from the store: match them up by (source, seq).
        auto all = store->evidence().events({});
        REQUIRE(all);
        REQUIRE(all->size() == written.size());
        std::map<std::pair<qint64, qint64>, qint64> idOf;
        for (const auto& e : *all)
            idOf[{e.event.sourceId, e.event.seq}] = e.event.id;
        for (auto& e : written)
            e.id = idOf.at({e.sourceId, e.seq});
        std::ranges::sort(written, [](const model::Event& a, const model::Event& b) {
            return std::tuple(a.timeUs, a.sourceId, a.seq) < std::tuple(b.timeUs, b.sourceId, b.seq);
        });
    }

    QString nameOf(const model::Event& e) const { return sourceNames[std::size_t(e.sourceId - written.front().sourceId)]; }

    std::vector<qint64> idsWhere(const std::function<bool(const model::Event&)>& want) const
    {
        std::vector<qint64> ids;
        for (const auto& e : written) {
            if (want(e))
                ids.push_back(e.id);
        }
        return ids;
    }
};

std::vector<qint64> idsOf(const std::vector<EventPosition>& positions)
{
    std::vector<qint64> ids;
    for (const auto& p : positions)
        ids.push_back(p.id);
    return ids;
}

} // namespace

TEST_CASE("event positions of a window are every event in timeline order, with their times", "[store][query][engines]")
{
    Fixture f;
    const EvidenceStore& evidence = f.store->evidence();
    auto all = evidence.findEventPositions({});
    REQUIRE(all);
    REQUIRE(all->size() == f.written.size());
    for (std::size_t i = 0; i < f.written.size(); ++i) {
        CHECK((*all)[i].id == f.written[i].id);
        CHECK((*all)[i].timeUs == f.written[i].timeUs);
    }
    EventQuery window;
    window.fromUs = incidentNightUs + 100 * usPerSecond;
    window.toUs = incidentNightUs + 199 * usPerSecond;
    auto some = evidence.findEventPositions(window);
    REQUIRE(some);
    CHECK(idsOf(*some) == f.idsWhere([&](const model::Event& e) {
        return e.timeUs >= *window.fromUs && e.timeUs <= *window.toUs;
    }));
    CHECK(some->size() == 300);
}

TEST_CASE("text, level, kind, source, service and run narrow the events as the query says", "[store][query][engines]")
{
    Fixture f;
    const EvidenceStore& evidence = f.store->evidence();
    auto check = [&](const QString& what, EventQuery query, const std::function<bool(const model::Event&)>& want,
                     std::size_t expected) {
        INFO(what.toStdString());
        auto found = evidence.findEventPositions(query);
        REQUIRE(found);
        const auto wanted = f.idsWhere([&](const model::Event& e) {
            return (!query.fromUs || e.timeUs >= *query.fromUs) && (!query.toUs || e.timeUs <= *query.toUs) && want(e);
        });
        CHECK(wanted.size() == expected);
        CHECK(idsOf(*found) == wanted);
        // The events read back by id are those events, in that order, whole.
        auto events = evidence.eventsWithIds(idsOf(*found));
        REQUIRE(events);
        REQUIRE(events->size() == wanted.size());
        for (std::size_t i = 0; i < events->size(); ++i) {
            CHECK((*events)[i].event.id == wanted[i]);
            CHECK((*events)[i].sourceName == f.nameOf((*events)[i].event));
        }
        std::vector<qint64> streamed;
        REQUIRE(evidence.forEachMatch(query, [&](model::StoredEvent&& e) {
            streamed.push_back(e.event.id);
            return true;
        }));
        CHECK(streamed == wanted);
    };
    auto text = [](const char* typed) {
        EventQuery q;
        q.text = model::TextQuery::parse(QString::fromUtf8(typed));
        return q;
    };

    check(QStringLiteral("a word at a word's start, any case"), text("CHARGE"),
        [](const model::Event& e) { return e.message.startsWith(u"charge failed"); }, 100);
    check(QStringLiteral("a prefix of a word"), text("declin"),
        [](const model::Event& e) { return e.message.contains(u"card_declined"); }, 100);
    check(QStringLiteral("inside a word is not a match"), text("eclined"), [](const model::Event&) { return false; }, 0);
    check(QStringLiteral("a phrase across punctuation"), text("\"failed: card\""),
        [](const model::Event& e) { return e.level == Level::Error; }, 100);
    check(QStringLiteral("words and an exclusion"), text("payments -production"),
        [](const model::Event& e) { return e.service == u"payments.api"; }, 2000);
    check(QStringLiteral("a word in the service"), text("scheduler run-3"),
        [](const model::Event& e) { return e.runId == u"run-3"; }, 200);
    check(QStringLiteral("non-ASCII, any case, in the actor"), text("über"),
        [&](const model::Event& e) { return e.sourceId == f.written.front().sourceId + 2; }, 2000);

    EventQuery errors;
    errors.levels = {Level::Error, Level::Warning};
    check(QStringLiteral("levels"), errors,
        [](const model::Event& e) { return e.level == Level::Error || e.level == Level::Warning; }, 100 + 40 - 2);
    EventQuery deploys;
    deploys.kinds = {EventKind::Deploy};
    check(QStringLiteral("kinds"), deploys, [](const model::Event& e) { return e.kind == EventKind::Deploy; }, 10);
    EventQuery api;
    api.sources = {QStringLiteral("api.log")};
    api.fromUs = incidentNightUs + 1000 * usPerSecond;
    api.toUs = incidentNightUs + 1099 * usPerSecond;
    check(QStringLiteral("a source in a window"), api,
        [&](const model::Event& e) { return e.sourceId == f.written.front().sourceId + 1; }, 100);
    EventQuery service;
    service.services = {QStringLiteral("PAYMENTS.API")};
    service.text = model::TextQuery::parse(u"charge -\"order 3001\"");
    check(QStringLiteral("a service ignoring case, with text"), service,
        [](const model::Event& e) { return e.level == Level::Error && !e.message.endsWith(u"order 3001"); }, 99);
    EventQuery runs;
    runs.runs = {QStringLiteral("run-1"), QStringLiteral("run-2")};
    check(QStringLiteral("runs"), runs,
        [](const model::Event& e) { return e.runId == u"run-1" || e.runId == u"run-2"; }, 400);
}

TEST_CASE("events of a removed source are left out of a read by id", "[store][query][engines]")
{
    Fixture f;
    auto all = f.store->evidence().findEventPositions({});
    REQUIRE(all);
    const qint64 apiSource = f.written.front().sourceId + 1;
    {
        auto tx = f.store->evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE((*tx)->deleteSource(apiSource));
        REQUIRE((*tx)->commit());
    }
    auto events = f.store->evidence().eventsWithIds(idsOf(*all));
    REQUIRE(events);
    CHECK(events->size() == 4000);
    for (const auto& e : *events)
        CHECK(e.event.sourceId != apiSource);
}

TEST_CASE("a long read reports its progress in blocks and stops when told", "[store][query][engines]")
{
    Fixture f;
    qint64 lastDone = -1;
    qint64 lastTotal = 0;
    int calls = 0;
    EventQuery everything;
    everything.text = model::TextQuery::parse(u"-nothing-like-this");
    auto all = f.store->evidence().findEventPositions(everything, [&](qint64 done, qint64 total) {
        CHECK(done >= lastDone);
        lastDone = done;
        lastTotal = total;
        ++calls;
        return true;
    });
    REQUIRE(all);
    CHECK(all->size() == f.written.size());
    CHECK(calls >= 1);
    CHECK(lastDone == lastTotal);
    CHECK(lastTotal >= 6);

    auto stopped = f.store->evidence().findEventPositions(everything, [](qint64, qint64) { return false; });
    REQUIRE_FALSE(stopped);
    CHECK(stopped.error().code == Error::Code::Cancelled);
}
