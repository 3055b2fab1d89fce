// The search index (core/store/searchindex.h): what it holds of an event, the FTS5 query a typed
// text becomes, and that findEventPositions gives exactly what reading every event gives, however
// far the index has got and whatever was removed since.

#include "store/eventblock.h"
#include "store/searchindex.h"
#include "store/store.h"

#include "teststore.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <map>
#include <random>
#include <tuple>

using namespace aftermath;
using namespace aftermath::store;
using aftermath::test::incidentNightUs;
using aftermath::test::makeEvent;
using aftermath::test::makeSource;
using aftermath::test::usPerSecond;
using model::Level;
using model::TextQuery;

namespace {

std::optional<QString> expressionOf(const char* typed)
{
    const auto expression = search::matchExpression(TextQuery::parse(QString::fromUtf8(typed)));
    return expression ? std::optional(QString::fromUtf8(*expression)) : std::nullopt;
}

// The texts events carry: punctuation inside words, case, several scripts, a combining mark, a
// character outside the Basic Multilingual Plane, private use and a very long word.
const QStringList messages = {
    QStringLiteral("GET /v1/orders/%1 200 in %2 ms"),
    QStringLiteral("Timeout calling payments.api after %2 s (order %1)"),
    QStringLiteral("charge failed: card_declined for order %1"),
    QStringLiteral("Starting job reconcile-acme run-%2"),
    QStringLiteral("Job run-%2 FAILED: deadlock detected on table ledger_entries"),
    QStringLiteral("Über-Bot deployed straße-service v%2"),
    QStringLiteral("ÄRGER mit der Datenbank: Verbindung %1 verloren"),
    QStringLiteral("Σφάλμα σύνδεσης ΣΤΗ βάση %2"),
    QStringLiteral("東京リージョンで障害 %2件"),
    QStringLiteral("🔥 fire in prod, \U0001D400lert %2"),
    QStringLiteral("ypo x\u0345y and \u1FBEota %2"),
    QStringLiteral("private \uE000use%2 and ﬁle ligature"),
    QStringLiteral("KELVIN \u212A and İstanbul ıi %2"),
    QStringLiteral("AND OR NOT NEAR(a b) * ^start col:value \"quoted\" %1"),
};

// Events of four sources that overlap in time, made from `seed`; with their store ids once
// written. Every field TextQuery reads is filled by some.
struct Evidence {
    test::TestStore where;
    QString path;
    std::optional<Store> store;
    std::vector<model::Event> written; // in timeline order, ids filled in
    std::map<qint64, QString> names; // by source id

    explicit Evidence(int events = 6000, unsigned seed = 12)
    {
        path = where.location;
        auto opened = Store::open(path);
        REQUIRE(opened);
        store.emplace(std::move(*opened));
        add({QStringLiteral("api.log"), QStringLiteral("jobs.log"), QStringLiteral("chat.json"),
                QStringLiteral("deploys.json")},
            events, seed);
    }

    // Writes `count` events of new sources named `sourceNames`, in one transaction.
    std::vector<qint64> add(const QStringList& sourceNames, int count, unsigned seed)
    {
        auto tx = store->evidence().beginEvidence();
        REQUIRE(tx);
        std::vector<qint64> ids;
        for (const QString& name : sourceNames) {
            ids.push_back(*(*tx)->addSource(makeSource(name)));
            names[ids.back()] = name;
        }
        std::mt19937 random(seed);
        std::vector<model::Event> events;
        for (int i = 0; i < count; ++i) {
            const qint64 source = ids[random() % ids.size()];
            const qint64 t = incidentNightUs + qint64(random() % 7200) * usPerSecond;
            const QString& shape = messages[random() % std::size_t(messages.size())];
            QString message = shape;
            message.replace(QStringLiteral("%1"), QString::number(random() % 100000));
            message.replace(QStringLiteral("%2"), QString::number(random() % 50));
            model::Event e = makeEvent(source, t, i, message, random() % 9 == 0 ? Level::Error : Level::Info);
            if (random() % 3 == 0)
                e.service = random() % 2 ? QStringLiteral("payments.api") : QStringLiteral("Scheduler");
            if (random() % 4 == 0)
                e.runId = QStringLiteral("run-%1").arg(random() % 10);
            if (random() % 5 == 0)
                e.actor = random() % 2 ? QStringLiteral("Dana W") : QStringLiteral("Ünal Öztürk");
            if (random() % 6 == 0)
                e.outcome = random() % 2 ? QStringLiteral("failure") : QStringLiteral("success");
            if (random() % 4 == 0)
                e.raw = QStringLiteral("{\"msg\":\"%1\",\"request_id\":\"req-%2\"}")
                            .arg(e.message)
                            .arg(random() % 0xffffff, 6, 16, QChar(u'0'));
            if (i == 7)
                e.message += u' ' + QString(40000, u'w') + QStringLiteral("xyz");
            events.push_back(e);
        }
        REQUIRE((*tx)->addEvents(events));
        REQUIRE((*tx)->commit());
        readBack();
        return ids;
    }

    void readBack()
    {
        auto all = store->evidence().events({});
        REQUIRE(all);
        written.clear();
        for (auto& e : *all)
            written.push_back(e.event);
    }

    void index()
    {
        auto updated = store->evidence().updateSearchIndex();
        REQUIRE(updated);
        REQUIRE_FALSE(store->evidence().searchIndexStatus()->lags());
    }

    // What reading every event finds.
    std::vector<qint64> expected(const EventQuery& query) const
    {
        std::vector<qint64> ids;
        for (const auto& e : written) {
            if ((!query.fromUs || e.timeUs >= *query.fromUs) && (!query.toUs || e.timeUs <= *query.toUs)
                && query.matches(e, names.at(e.sourceId)))
                ids.push_back(e.id);
        }
        return ids;
    }

    std::vector<qint64> found(const EventQuery& query) const
    {
        auto positions = store->evidence().findEventPositions(query);
        REQUIRE(positions);
        std::vector<qint64> ids;
        for (const auto& p : *positions)
            ids.push_back(p.id);
        return ids;
    }
};

EventQuery textQuery(const QString& typed)
{
    EventQuery query;
    query.text = TextQuery::parse(typed);
    return query;
}

// Typed texts whose results must be the scan's: words, prefixes, punctuation, case, scripts, FTS5
// syntax, nothing to look up.
const QStringList tableQueries = {
    QStringLiteral("timeout"),
    QStringLiteral("TIMEOUT"),
    QStringLiteral("time"),
    QStringLiteral("tim"),
    QStringLiteral("payments.api"),
    QStringLiteral("payments.ap"),
    QStringLiteral("PAYMENTS.API after"),
    QStringLiteral("/v1/orders"),
    QStringLiteral("/v1/ord"),
    QStringLiteral("v1/orders/1"),
    QStringLiteral("rders"),
    QStringLiteral("run-3"),
    QStringLiteral("run-"),
    QStringLiteral("\"deadlock detected\""),
    QStringLiteral("\"detected deadlock\""),
    QStringLiteral("deadlock -reconcile"),
    QStringLiteral("job -deadlock -\"run-3\""),
    QStringLiteral("-deadlock"),
    QStringLiteral("card_declined"),
    QStringLiteral("declined"),
    QStringLiteral("\"failed: card\""),
    QStringLiteral("über"),
    QStringLiteral("ÜBER-BOT"),
    QStringLiteral("straße"),
    QStringLiteral("STRASSE"),
    QStringLiteral("ärger"),
    QStringLiteral("σφάλμα"),
    QStringLiteral("ΣΦΆΛΜΑ ΣΎΝΔΕΣΗΣ"),
    QStringLiteral("στη"),
    QStringLiteral("東京"),
    QStringLiteral("障害"),
    QStringLiteral("🔥"),
    QStringLiteral("🔥 fire"),
    QStringLiteral("\U0001D400lert"),
    QStringLiteral("lert"),
    QStringLiteral("x\u0345y"),
    QStringLiteral("X\u03B9Y"),
    QStringLiteral("\u03B9ota"),
    QStringLiteral("use4"),
    QStringLiteral("\uE000use"),
    QStringLiteral("ﬁle"),
    QStringLiteral("file"),
    QStringLiteral("k"),
    QStringLiteral("kelvin k"),
    QStringLiteral("\u212A"),
    QStringLiteral("istanbul"),
    QStringLiteral("İSTANBUL"),
    QStringLiteral("ıi"),
    QStringLiteral("req-0"),
    QStringLiteral("request_id"),
    QStringLiteral("\"msg\":\"GET"),
    QStringLiteral("dana"),
    QStringLiteral("öztürk"),
    QStringLiteral("failure"),
    QStringLiteral("scheduler run-7"),
    QStringLiteral("wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"),
    QString(300, u'w'),
    QString(300, u'w') + QStringLiteral("x"),
    QString(40000, u'w') + QStringLiteral("xyz"),
    QStringLiteral("a"),
    QStringLiteral("ab"),
    QStringLiteral("1"),
    QStringLiteral("200"),
    QStringLiteral(":"),
    QStringLiteral("\""),
    QStringLiteral("AND"),
    QStringLiteral("OR NOT"),
    QStringLiteral("NEAR(a b)"),
    QStringLiteral("NEAR(a b, 2)"),
    QStringLiteral("*"),
    QStringLiteral("fire*"),
    QStringLiteral("^start"),
    QStringLiteral("col:value"),
    QStringLiteral("text:fire"),
    QStringLiteral("{text}:fire"),
    QStringLiteral("\"quoted\""),
    QStringLiteral("\"\"quoted\"\""),
    QStringLiteral("a + b"),
    QStringLiteral("(fire) OR (prod)"),
    QStringLiteral("fire AND -prod"),
};

} // namespace

TEST_CASE("an event's index text is its words, case-folded, from every text a search reads", "[store][search]")
{
    model::Event e;
    e.message = QStringLiteral("GET /v1/Orders/42: ÜBER straße");
    e.raw = QStringLiteral("{\"msg\":\"x\"}");
    e.service = QStringLiteral("payments.api");
    e.runId = QStringLiteral("run-3");
    e.actor = QStringLiteral("Dana");
    e.outcome = QStringLiteral("ok");
    e.locator = QStringLiteral("/not/searched");
    QByteArray text;
    search::appendIndexText(e, text);
    CHECK(QString::fromUtf8(text) == QStringLiteral("get v1 orders 42 über straße msg x payments api run 3 dana ok "));
    // Not a letter or digit splits words, outside the Basic Multilingual Plane included.
    model::Event other;
    other.message = QStringLiteral("🔥fire\u0345x\uE000y_z");
    text.clear();
    search::appendIndexText(other, text);
    CHECK(QString::fromUtf8(text) == QStringLiteral("fire x y z "));
}

TEST_CASE("a typed text becomes quoted words: whole where the term says so, else a prefix", "[store][search]")
{
    CHECK(expressionOf("Timeout") == QStringLiteral("\"timeout\"*"));
    CHECK(expressionOf("payments.api") == QStringLiteral("\"api\"* \"payments\""));
    CHECK(expressionOf("payments.") == QStringLiteral("\"payments\""));
    CHECK(expressionOf("/v1/orders") == QStringLiteral("\"orders\"* \"v1\""));
    CHECK(expressionOf("\"connection reset\" -healthcheck") == QStringLiteral("\"connection\" \"reset\"*"));
    CHECK(expressionOf("ÜBER") == QStringLiteral("\"über\"*"));
    // A prefix another word starts with adds nothing; one word as a prefix and whole is whole.
    CHECK(expressionOf("time timeout") == QStringLiteral("\"timeout\"*"));
    CHECK(expressionOf("time \"time out\"") == QStringLiteral("\"out\"* \"time\""));
    // Short prefixes are left out; so are a term's other words only when they are prefixes.
    CHECK(expressionOf("run-3") == QStringLiteral("\"run\""));
    CHECK(expressionOf("a-b-c") == QStringLiteral("\"a\" \"b\""));
    CHECK(expressionOf("ti") == std::nullopt);
    // Nothing to look up: the store reads every event.
    CHECK(expressionOf("-deadlock") == std::nullopt);
    CHECK(expressionOf(":// ...") == std::nullopt);
    CHECK(expressionOf("") == std::nullopt);
    CHECK(expressionOf("x\u0345y") == std::nullopt);
    CHECK(expressionOf("\u03B9ota") == std::nullopt);
    CHECK(expressionOf("\u03B9ota failed") == QStringLiteral("\"failed\"*"));
    // A long word is looked up by its start.
    const auto longWord = search::matchExpression(TextQuery::parse(QString(QString(300, u'W') + QStringLiteral(" x"))));
    REQUIRE(longWord);
    CHECK(*longWord == '"' + QByteArray(search::maxWordChars, 'w') + "\"*");
}

TEST_CASE(
    "only U+0345 folds together with letters, and a term holding any of its class is not looked up", "[store][search]")
{
    std::vector<char16_t> mixed;
    for (char32_t c = 0; c < 0x10000; ++c) {
        if (!QChar::isSurrogate(c) && search::inMixedFoldClass(QChar(char16_t(c))))
            mixed.push_back(char16_t(c));
    }
    // What Qt 6.4's tables say; another Qt may add to it, and the code follows whatever it says.
    CHECK(mixed == std::vector<char16_t>{0x0345, 0x0399, 0x03B9, 0x1FBE});
    // Why it matters: Qt finds "xιy" in "x\u0345y", whose words are "x" and "y".
    model::Event e;
    e.message = QStringLiteral("x\u0345y");
    CHECK(TextQuery::parse(u"X\u0399Y").matches(e));
}

TEST_CASE("typed text, however hostile, is never FTS5 syntax: every word is quoted", "[store][search]")
{
    static const QRegularExpression quotedWords(QStringLiteral("^\"[^\" ]+\"\\*?( \"[^\" ]+\"\\*?)*$"));
    QStringList typed = tableQueries;
    typed << QStringLiteral("\"a\" NEAR/2 \"b\"") << QStringLiteral("text : \"x\" * ^ ( ) { } + - \" \"")
          << QStringLiteral("'); DROP TABLE event_text; --") << QStringLiteral("\"unclosed AND quote");
    Evidence evidence(500);
    evidence.index();
    for (const QString& text : typed) {
        INFO(text.left(80).toStdString());
        const auto expression = search::matchExpression(TextQuery::parse(text));
        if (expression) {
            CHECK(quotedWords.match(QString::fromUtf8(*expression)).hasMatch());
        }
        CHECK(evidence.found(textQuery(text)) == evidence.expected(textQuery(text)));
    }
}

TEST_CASE("searches give what reading every event gives, before, while and after the index is built", "[store][search][engines]")
{
    Evidence evidence;
    // Before: nothing is indexed, every event is read.
    auto status = evidence.store->evidence().searchIndexStatus();
    REQUIRE(status);
    CHECK(status->pendingEvents == qint64(evidence.written.size()));
    CHECK(status->indexedEvents == 0);
    CHECK(status->lags());
    std::vector<std::vector<qint64>> before;
    for (const QString& text : tableQueries)
        before.push_back(evidence.found(textQuery(text)));

    auto updated = evidence.store->evidence().updateSearchIndex();
    REQUIRE(updated);
    CHECK(updated->eventsIndexed == qint64(evidence.written.size()));
    CHECK_FALSE(updated->rebuilt);
    status = evidence.store->evidence().searchIndexStatus();
    CHECK(status->pendingEvents == 0);
    CHECK(status->indexedEvents == qint64(evidence.written.size()));
    CHECK_FALSE(status->lags());
    std::size_t narrowed = 0;
    for (std::size_t i = 0; i < std::size_t(tableQueries.size()); ++i) {
        const EventQuery query = textQuery(tableQueries[qsizetype(i)]);
        INFO(tableQueries[qsizetype(i)].left(80).toStdString());
        const auto expected = evidence.expected(query);
        CHECK(before[i] == expected);
        CHECK(evidence.found(query) == expected);
        narrowed += search::matchExpression(query.text).has_value();
    }
    CHECK(narrowed > std::size_t(tableQueries.size()) / 2); // most of them went through the index

    // With a window, levels, a source, a service and a run as well.
    EventQuery narrow = textQuery(QStringLiteral("failed"));
    narrow.fromUs = incidentNightUs + 600 * usPerSecond;
    narrow.toUs = incidentNightUs + 3000 * usPerSecond;
    narrow.levels = {Level::Error};
    CHECK(evidence.found(narrow) == evidence.expected(narrow));
    narrow.sources = {QStringLiteral("jobs.log"), QStringLiteral("chat.json")};
    narrow.services = {QStringLiteral("SCHEDULER")};
    CHECK(evidence.found(narrow) == evidence.expected(narrow));
    narrow.runs = {QStringLiteral("run-3")};
    narrow.sources.clear();
    CHECK(evidence.found(narrow) == evidence.expected(narrow));
}

TEST_CASE(
    "seeded random words, phrases and exclusions drawn from the events find what reading finds", "[store][search][engines]")
{
    Evidence evidence(4000, 7);
    evidence.index();
    std::mt19937 random(2024);
    auto pick = [&](qsizetype size) { return qsizetype(random() % std::size_t(std::max<qsizetype>(size, 1))); };
    // A piece of some event's text, at a word start or anywhere, in some case.
    auto piece = [&]() {
        const model::Event& e = evidence.written[std::size_t(pick(qsizetype(evidence.written.size())))];
        const QString* texts[] = {&e.message, &e.message, &e.raw, &e.service, &e.runId, &e.actor, &e.outcome};
        const QString& text = *texts[random() % 7];
        if (text.isEmpty())
            return QStringLiteral("deploy");
        qsizetype start = pick(text.size());
        if (random() % 3 != 0) {
            while (start > 0 && TextQuery::isWordChar(text[start - 1]))
                --start;
        }
        QString part = text.mid(start, 1 + pick(14));
        switch (random() % 3) {
        case 0:
            part = part.toUpper();
            break;
        case 1:
            part = part.toLower();
            break;
        default:
            break;
        }
        return part.trimmed().remove(u'"');
    };
    int compared = 0;
    int nonEmpty = 0;
    for (int round = 0; round < 400; ++round) {
        QString typed;
        const int terms = 1 + int(random() % 3);
        for (int t = 0; t < terms; ++t) {
            const QString term = piece();
            if (term.isEmpty())
                continue;
            const bool exclude = random() % 4 == 0;
            typed += (exclude ? QStringLiteral(" -") : QStringLiteral(" "))
                + (term.contains(u' ') ? u'"' + term + u'"' : term);
        }
        EventQuery query = textQuery(typed);
        if (random() % 4 == 0) {
            query.fromUs = incidentNightUs + qint64(random() % 3600) * usPerSecond;
            query.toUs = *query.fromUs + qint64(random() % 3600) * usPerSecond;
        }
        INFO("round " << round << ": " << typed.toStdString());
        const auto expected = evidence.expected(query);
        REQUIRE(evidence.found(query) == expected);
        ++compared;
        nonEmpty += !expected.empty();
    }
    CHECK(compared == 400);
    CHECK(nonEmpty > 200); // the pieces come from the events, so most find some
}

TEST_CASE(
    "the index is what a search reads for what it holds, and events after it are read one by one", "[store][search]")
{
    Evidence evidence(3000);
    evidence.index();
    const EventQuery fire = textQuery(QStringLiteral("fire"));
    const auto all = evidence.expected(fire);
    REQUIRE(all.size() > 10);
    // Take one event's words out of the index behind the store's back: a search no longer finds
    // it, which shows that it looked there.
    const qint64 hidden = all[5];
    model::Event hiddenEvent;
    for (const auto& e : evidence.written) {
        if (e.id == hidden)
            hiddenEvent = e;
    }
    QByteArray text;
    search::appendIndexText(hiddenEvent, text);
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(QFile::encodeName(evidence.path).constData(), &db) == SQLITE_OK);
        sqlite3_stmt* remove = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "INSERT INTO event_text (event_text, rowid, text) VALUES ('delete', ?1, ?2)", -1,
                    &remove, nullptr)
            == SQLITE_OK);
        sqlite3_bind_int64(remove, 1, hidden);
        sqlite3_bind_text(remove, 2, text.constData(), int(text.size()), SQLITE_STATIC);
        CHECK(sqlite3_step(remove) == SQLITE_DONE);
        sqlite3_finalize(remove);
        sqlite3_close(db);
    }
    auto withoutHidden = all;
    std::erase(withoutHidden, hidden);
    CHECK(evidence.found(fire) == withoutHidden);

    // Events imported after the last update are found by reading them.
    evidence.add({QStringLiteral("late.log")}, 1500, 99);
    auto status = evidence.store->evidence().searchIndexStatus();
    CHECK(status->pendingEvents == 1500);
    auto withLate = evidence.expected(fire);
    REQUIRE(withLate.size() > withoutHidden.size());
    std::erase(withLate, hidden);
    CHECK(evidence.found(fire) == withLate);
    for (const QString& typed : tableQueries) {
        INFO(typed.left(80).toStdString());
        auto expected = evidence.expected(textQuery(typed));
        if (search::matchExpression(TextQuery::parse(typed)))
            std::erase(expected, hidden);
        CHECK(evidence.found(textQuery(typed)) == expected);
    }
}

TEST_CASE("an index update reports each block, and a stop lands what it indexed", "[store][search][engines]")
{
    Evidence evidence(8000);
    qint64 lastDone = 0;
    qint64 lastTotal = 0;
    int calls = 0;
    auto stopped = evidence.store->evidence().updateSearchIndex([&](qint64 done, qint64 total) {
        CHECK(done > lastDone);
        CHECK(done <= total);
        lastDone = done;
        lastTotal = total;
        return ++calls < 2; // stop after the second block
    });
    REQUIRE_FALSE(stopped);
    CHECK(stopped.error().code == Error::Code::Cancelled);
    CHECK(lastTotal == 8000);
    auto status = evidence.store->evidence().searchIndexStatus();
    CHECK(status->indexedEvents == lastDone);
    CHECK(status->pendingEvents == 8000 - lastDone);
    // Half-built, searches are still whole.
    for (const QString& typed : tableQueries) {
        INFO(typed.left(80).toStdString());
        CHECK(evidence.found(textQuery(typed)) == evidence.expected(textQuery(typed)));
    }
    // The next update goes on from there, to the end.
    std::vector<qint64> seen;
    auto finished = evidence.store->evidence().updateSearchIndex([&](qint64 done, qint64 total) {
        seen.push_back(done);
        CHECK(total == 8000 - lastDone);
        return true;
    });
    REQUIRE(finished);
    CHECK(finished->eventsIndexed == 8000 - lastDone);
    CHECK(seen.back() == finished->eventsIndexed);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK_FALSE(evidence.store->evidence().searchIndexStatus()->lags());
    // Nothing to do is done at once.
    auto again = evidence.store->evidence().updateSearchIndex();
    REQUIRE(again);
    CHECK(again->eventsIndexed == 0);
}

TEST_CASE(
    "removed or replaced sources' events never come back, and a quarter stale starts the index over", "[store][search]")
{
    Evidence evidence(2000);
    const auto extra = evidence.add({QStringLiteral("old.log")}, 400, 5);
    evidence.index();
    const EventQuery deadlock = textQuery(QStringLiteral("deadlock"));
    const auto before = evidence.found(deadlock);
    REQUIRE(before == evidence.expected(deadlock));

    // A changed file replaces its source: the new version comes in and the old one goes, in one
    // transaction, as the importer lands it.
    {
        auto tx = evidence.store->evidence().beginEvidence();
        REQUIRE(tx);
        const qint64 replacement = *(*tx)->addSource(makeSource(QStringLiteral("old.log")));
        evidence.names[replacement] = QStringLiteral("old.log");
        REQUIRE((*tx)->addEvents(std::vector{
            makeEvent(replacement, incidentNightUs, 0, QStringLiteral("replacement line with a deadlock"))}));
        REQUIRE((*tx)->deleteSource(extra.front()));
        REQUIRE((*tx)->commit());
    }
    evidence.readBack();
    auto status = evidence.store->evidence().searchIndexStatus();
    CHECK(status->staleEvents == 400);
    CHECK(status->indexedEvents == 2000);
    CHECK(status->pendingEvents == 1);
    CHECK_FALSE(status->rebuildDue); // 400 of 2,400
    const auto replaced = evidence.expected(deadlock);
    CHECK(evidence.found(deadlock) == replaced);
    auto positions = evidence.store->evidence().findEventPositions(textQuery(QStringLiteral("job")));
    REQUIRE(positions);
    std::vector<qint64> ids;
    for (const auto& p : *positions)
        ids.push_back(p.id);
    auto events = evidence.store->evidence().eventsWithIds(ids);
    REQUIRE(events);
    CHECK(events->size() == ids.size()); // every id found names an event still there
    for (const auto& e : *events)
        CHECK(e.event.sourceId != extra.front());

    auto updated = evidence.store->evidence().updateSearchIndex();
    REQUIRE(updated);
    CHECK_FALSE(updated->rebuilt);
    CHECK(updated->eventsIndexed == 1);

    // Removing a quarter of what the index holds makes the next update start over.
    const qint64 first = evidence.names.begin()->first;
    {
        auto tx = evidence.store->evidence().beginEvidence();
        REQUIRE(tx);
        REQUIRE((*tx)->deleteSource(first));
        REQUIRE((*tx)->commit());
    }
    evidence.readBack();
    status = evidence.store->evidence().searchIndexStatus();
    REQUIRE(status);
    CHECK(status->rebuildDue);
    CHECK(status->lags());
    for (const QString& typed : tableQueries) {
        INFO(typed.left(80).toStdString());
        CHECK(evidence.found(textQuery(typed)) == evidence.expected(textQuery(typed)));
    }
    updated = evidence.store->evidence().updateSearchIndex();
    REQUIRE(updated);
    CHECK(updated->rebuilt);
    CHECK(updated->eventsIndexed == qint64(evidence.written.size()));
    status = evidence.store->evidence().searchIndexStatus();
    CHECK(status->staleEvents == 0);
    CHECK(status->indexedEvents == qint64(evidence.written.size()));
    for (const QString& typed : tableQueries) {
        INFO(typed.left(80).toStdString());
        CHECK(evidence.found(textQuery(typed)) == evidence.expected(textQuery(typed)));
    }
}

TEST_CASE("a read-only store is searched through what its index holds, without writing a byte", "[store][search]")
{
    Evidence evidence(3000);
    auto stopped = evidence.store->evidence().updateSearchIndex([](qint64, qint64) { return false; });
    REQUIRE_FALSE(stopped);
    const qint64 pending = evidence.store->evidence().searchIndexStatus()->pendingEvents;
    CHECK(pending > 0);
    CHECK(pending < 3000);
    evidence.store.reset(); // the last connection folds the write-ahead log into the file
    REQUIRE_FALSE(QFileInfo::exists(evidence.path + QStringLiteral("-wal")));
    const QByteArray was = test::fileHash(evidence.path);

    OpenOptions readOnly;
    readOnly.access = OpenOptions::Access::ReadOnly;
    auto store = Store::open(evidence.path, readOnly);
    REQUIRE(store);
    evidence.store.emplace(std::move(*store));
    for (const QString& typed : tableQueries) {
        INFO(typed.left(80).toStdString());
        CHECK(evidence.found(textQuery(typed)) == evidence.expected(textQuery(typed)));
    }
    CHECK(evidence.store->evidence().searchIndexStatus()->pendingEvents == pending);
    auto refused = evidence.store->evidence().updateSearchIndex();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Error::Code::ReadOnly);
    evidence.store.reset();
    CHECK(test::fileHash(evidence.path) == was);
    CHECK(QFileInfo(evidence.path + QStringLiteral("-wal")).size() == 0);
}
