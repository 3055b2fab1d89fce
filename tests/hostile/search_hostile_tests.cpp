// The hostile corpus as events and as what a person searches for (`events --grep`, the app's filter
// bar): every search finds what reading every event finds, whether the search index holds the
// events or not, and no typed text is taken as FTS5 syntax.

#include "cli.h"
#include "clitestsupport.h"
#include "hostilecorpus.h"
#include "model/textquery.h"
#include "store/store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace aftermath;

TEST_CASE("hostile text searched for, in hostile events, finds what reading every event finds", "[hostile][search]")
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("hostile.sqlite"));
    const QStringList& corpus = test::hostileCorpus();
    std::vector<model::Event> written;
    {
        auto store = store::Store::open(db);
        REQUIRE(store);
        // Each string as a message, and again as a service beside plain words; half of them indexed.
        for (int half = 0; half < 2; ++half) {
            auto tx = store->evidence().beginEvidence();
            REQUIRE(tx);
            const qint64 source = *(*tx)->addSource(test::makeSource(QStringLiteral("hostile-%1.log").arg(half)));
            std::vector<model::Event> events;
            for (qsizetype i = half; i < corpus.size(); i += 2) {
                events.push_back(test::makeEvent(source, test::incidentNightUs + i, i, corpus[i]));
                model::Event plain = test::makeEvent(source, test::incidentNightUs + i, i + 1000,
                    QStringLiteral("plain words about a deploy AND a NEAR miss"));
                plain.service = corpus[i];
                events.push_back(plain);
            }
            REQUIRE((*tx)->addEvents(events));
            REQUIRE((*tx)->commit());
            if (half == 0)
                REQUIRE(store->evidence().updateSearchIndex());
        }
        REQUIRE(store->evidence().searchIndexStatus()->pendingEvents > 0);
        const auto all = store->evidence().events({});
        REQUIRE(all);
        for (const auto& e : *all)
            written.push_back(e.event);
    }
    int found = 0;
    for (const QString& typed : corpus) {
        INFO(test::describe(typed));
        const model::TextQuery query = model::TextQuery::parse(typed);
        std::vector<qint64> expected;
        for (const auto& e : written) {
            if (query.matches(e))
                expected.push_back(e.id);
        }
        const test::CliRun run = test::runCli({QStringLiteral("--db"), db, QStringLiteral("events"),
            QStringLiteral("--grep"), typed, QStringLiteral("--format"), QStringLiteral("jsonl")});
        INFO(run.err.toStdString());
        REQUIRE(run.code == cli::Success);
        std::vector<qint64> ids;
        for (const QString& line : test::lines(run.out))
            ids.push_back(QJsonDocument::fromJson(line.toUtf8()).object()[u"id"].toInteger());
        CHECK(ids == expected);
        found += !expected.empty();
    }
    CHECK(found > corpus.size() / 2); // most find at least the events made of them
}
