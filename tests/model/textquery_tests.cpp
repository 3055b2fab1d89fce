#include "model/textquery.h"

#include <catch2/catch.hpp>

using namespace Qt::StringLiterals;
using aftermath::model::Event;
using aftermath::model::TextQuery;

namespace {

Event withMessage(const QString& message)
{
    Event e;
    e.message = message;
    return e;
}

} // namespace

TEST_CASE("a typed filter splits into words, quoted phrases and exclusions", "[textquery]")
{
    const TextQuery q = TextQuery::parse(u"  charge \"connection reset\" -healthcheck -\"GET /ping\" - x\"y ");
    CHECK(q.included() == QStringList{u"charge"_s, u"connection reset"_s, u"-"_s, u"x\"y"_s});
    CHECK(q.excluded() == QStringList{u"healthcheck"_s, u"GET /ping"_s});
    CHECK_FALSE(q.isEmpty());
    CHECK(TextQuery::parse(u"   ").isEmpty());
    CHECK(TextQuery::parse(u"\"\"").isEmpty());
    // An unclosed quote runs to the end.
    CHECK(TextQuery::parse(u"\"charge failed ").included() == QStringList{u"charge failed"_s});
}

TEST_CASE("a word matches where a word of the event starts with it, in any case", "[textquery]")
{
    const TextQuery fail = TextQuery::parse(u"fail");
    CHECK(fail.matches(withMessage(u"charge failed"_s)));
    CHECK(fail.matches(withMessage(u"FAILURE in step 3"_s)));
    CHECK(fail.matches(withMessage(u"step=fail"_s)));
    CHECK_FALSE(fail.matches(withMessage(u"unfailing"_s)));
    CHECK_FALSE(fail.matches(withMessage(u"fai"_s)));
    // Punctuation-led terms are found anywhere.
    CHECK(TextQuery::parse(u"/v1/orders").matches(withMessage(u"GET /v1/orders/42"_s)));
    CHECK(TextQuery::parse(u"Ärger").matches(withMessage(u"kein ärger"_s)));
    // The other texts of the event count, the source name does not.
    Event e = withMessage(u"ok"_s);
    e.service = u"payments.api"_s;
    e.runId = u"run-7"_s;
    e.actor = u"octocat"_s;
    e.outcome = u"failure"_s;
    e.raw = u"{\"msg\":\"ok\",\"region\":\"eu-west-1\"}"_s;
    for (const char* term : {"api", "run-7", "octo", "failure", "eu-west"})
        CHECK(TextQuery::parse(QString::fromLatin1(term)).matches(e));
}

TEST_CASE("every term must hold and no exclusion may", "[textquery]")
{
    const TextQuery q = TextQuery::parse(u"charge \"card declined\" -retry");
    CHECK(q.matches(withMessage(u"charge failed: card declined"_s)));
    CHECK_FALSE(q.matches(withMessage(u"charge failed: card_declined"_s)));
    CHECK_FALSE(q.matches(withMessage(u"charge retry: card declined"_s)));
    CHECK_FALSE(q.matches(withMessage(u"card declined"_s)));
    CHECK(TextQuery().matches(withMessage(u"anything"_s)));
}

TEST_CASE("highlights are where the included terms start words, merged where they overlap", "[textquery]")
{
    const TextQuery q = TextQuery::parse(u"conn connection -reset fail");
    using Ranges = std::vector<std::pair<qsizetype, qsizetype>>;
    CHECK(q.highlights(u"connection failed, reconnecting; FAIL") == Ranges{{0, 10}, {11, 4}, {33, 4}});
    CHECK(q.highlights(u"nothing here").empty());
}
