// The loghub evaluator of aftermath-bench (bench/loghubbench.h), on a fixture of our own and, when
// it is there, on the shared loghub corpus.
#include "loghubbench.h"

#include <catch2/catch.hpp>

#include <QFile>

using namespace aftermath;

TEST_CASE("loghub evaluator: grouping accuracy counts the lines of exactly matched events", "[timeline][loghub]")
{
    const QStringList truth{QStringLiteral("A"), QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("B"),
        QStringLiteral("B"), QStringLiteral("C")};
    // Cluster 0 is exactly A; cluster 1 holds only part of B; cluster 2 mixes B and C.
    const bench::GroupingAccuracy result = bench::groupingAccuracy({0, 0, 1, 1, 2, 2}, truth);
    CHECK(result.lines == 6);
    CHECK(result.accuracy == Approx(2.0 / 6.0));
    CHECK(result.clusters == 3);
    CHECK(result.truthClusters == 3);
    CHECK(bench::groupingAccuracy({5, 5, 7, 7, 7, 9}, truth).accuracy == Approx(1.0));
    CHECK(bench::groupingAccuracy({}, {}).accuracy == 0.0);
}

TEST_CASE("loghub evaluator: a structured CSV of our own is read and scored", "[timeline][loghub]")
{
    const auto lines
        = bench::readStructuredCsv(QStringLiteral(AFTERMATH_TEST_DATA "/timeline/loghub-shaped_structured.csv"));
    REQUIRE(lines.has_value());
    REQUIRE(lines->contents.size() == 60);
    REQUIRE(lines->eventIds.size() == 60);
    // Quoted fields: commas, doubled quotes.
    CHECK(lines->contents[4]
        == QStringLiteral("Step create_post_funding failed: column \"funding_band\" does not exist"));
    CHECK(lines->contents[32] == QStringLiteral("cache miss for key=\"tenant:NHS-E/funding\", fetching"));
    CHECK(lines->eventIds[32] == QStringLiteral("E15"));
    const bench::GroupingAccuracy result = bench::evaluateMiner(*lines);
    CHECK(result.truthClusters == 24);
    CHECK(result.clusters == 24);
    CHECK(result.accuracy == Approx(1.0));

    CHECK(!bench::readStructuredCsv(QStringLiteral(AFTERMATH_TEST_DATA "/timeline/README.md")).has_value());
    CHECK(!bench::readStructuredCsv(QStringLiteral(AFTERMATH_TEST_DATA "/timeline/none.csv")).has_value());
}

TEST_CASE("loghub evaluator: HDFS from the shared corpus, when it is there", "[timeline][loghub]")
{
    const QString path = QStringLiteral(AFTERMATH_SHARED_DIR "/corpus/loghub/HDFS/HDFS_2k.log_structured.csv");
    if (!QFile::exists(path)) {
        WARN("skipped: " << path.toStdString() << " is not there");
        return;
    }
    const auto lines = bench::readStructuredCsv(path);
    REQUIRE(lines.has_value());
    CHECK(lines->contents.size() == 2000);
    CHECK(bench::evaluateMiner(*lines).accuracy >= 0.9);
}
