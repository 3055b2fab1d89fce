#include "ingest/format.h"
#include "ingest/textlevel.h"
#include "model/timestamp.h"

#include "ingestsupport.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QLocale>
#include <QTemporaryDir>

using namespace aftermath;
using aftermath::test::fixture;
using aftermath::test::parseFile;
using model::EventKind;
using model::Level;
using model::TimeQuality;

namespace {

QTimeZone london() { return QTimeZone("Europe/London"); }

// One CSV record per line of a loghub *_structured.csv (quoted fields may hold commas and "").
QStringList csvFields(QStringView line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

// The loghub CSV's rows as maps from column name to value.
std::vector<QHash<QString, QString>> csvRows(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    const QStringList header = csvFields(lines.first());
    std::vector<QHash<QString, QString>> rows;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = csvFields(lines[i]);
        QHash<QString, QString> row;
        for (qsizetype c = 0; c < header.size() && c < fields.size(); ++c)
            row.insert(header[c], fields[c]);
        rows.push_back(row);
    }
    return rows;
}

QDateTime utc(qint64 us) { return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc()); }

// What each loghub dataset's CSV says about an event's time, rebuilt from the parsed time.
struct Expectation {
    const char* dataset;
    const char* format;
    std::function<QStringList(const QHash<QString, QString>&)> fromCsv;
    std::function<QStringList(qint64 us)> fromEvent;
};

QString ms(qint64 us, QChar separator)
{
    return utc(us).toString(QStringLiteral("HH:mm:ss")) + separator
        + QString::number((us / 1000) % 1000).rightJustified(3, u'0');
}

} // namespace

TEST_CASE("text logs: ISO, Python logging, tracebacks as continuations, levels", "[textlog]")
{
    auto parsed
        = parseFile(QStringLiteral("text-log"), fixture(QStringLiteral("text/etl-python-logging.log")), london());
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 7);
    // 2026-06-18 02:00:00,013 in London (BST) is 01:00:00.013Z.
    CHECK(model::formatUtc(events[0].timeUs) == QStringLiteral("2026-06-18T01:00:00.013000Z"));
    CHECK(events[0].timeQuality == TimeQuality::ZoneAssumed);
    CHECK(events[0].level == Level::Info);
    CHECK(events[0].line == 1);
    CHECK(events[0].message.startsWith(QStringLiteral("etl.post_funding - INFO - Starting create_post_funding")));
    // The error and its traceback are one event.
    const auto& error = events[2];
    CHECK(error.level == Level::Error);
    CHECK(error.kind == EventKind::Error);
    CHECK(error.line == 3);
    CHECK(error.message.count(u'\n') == 4);
    CHECK(error.message.endsWith(
        QStringLiteral("psycopg2.errors.UndefinedColumn: column \"funding_band\" does not exist")));
    CHECK(parsed.sink.continuations == std::vector<qint64>{4, 5, 6, 7});
    CHECK(parsed.sink.skipped.empty());
    CHECK(parsed.sink.zoneAssumedCount == 7);
    CHECK(events[3].level == Level::Warning);
    for (std::size_t i = 1; i < events.size(); ++i)
        CHECK(events[i].timeUs >= events[i - 1].timeUs);
}

TEST_CASE("text logs: every timestamp spelling in one file is read", "[textlog]")
{
    auto parsed = parseFile(QStringLiteral("text-log"), fixture(QStringLiteral("text/mixed-spellings.log")),
        QTimeZone(7200), test::incidentNightUs);
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    const QStringList expected = {
        QStringLiteral("2026-06-18T01:00:00.000000Z"), // 2026-06-18T01:00:00Z
        QStringLiteral("2026-06-18T01:00:01.500000Z"), // 2026-06-18T03:00:01.5+02:00
        QStringLiteral("2026-06-18T01:00:02.250000Z"), // 2026-06-18 03:00:02,250 (naive, +02:00 assumed)
        QStringLiteral("2026-06-18T01:00:03.000000Z"), // 2026-06-18T06:00:03+0500
        QStringLiteral("2026-06-18T01:00:04.123456Z"), // 2026-06-18 01:00:04.123456789 Z
        QStringLiteral("2026-06-18T01:00:05.000000Z"), // 2026/06/18 03:00:05 (nginx error)
        QStringLiteral("2026-06-18T01:00:06.000000Z"), // [Thu Jun 18 03:00:06 2026] (Apache error)
        QStringLiteral("2026-06-18T01:00:07.000000Z"), // 1781744407 (epoch seconds)
        QStringLiteral("2026-06-18T01:00:08.250000Z"), // 1781744408250 (epoch ms)
        QStringLiteral("2026-06-18T01:00:09.000000Z"), // Jun 18 03:00:09 (no year)
        QStringLiteral("2026-06-18T01:00:10.000000Z"), // 26/06/18 03:00:10 (Spark)
    };
    REQUIRE(events.size() == std::size_t(expected.size()));
    for (qsizetype i = 0; i < expected.size(); ++i) {
        INFO("line " << events[std::size_t(i)].line);
        CHECK(model::formatUtc(events[std::size_t(i)].timeUs) == expected[i]);
    }
    CHECK(events[1].timeQuality == TimeQuality::Explicit);
    CHECK(events[2].timeQuality == TimeQuality::ZoneAssumed);
    CHECK(events[9].timeQuality == TimeQuality::YearInferred);
    CHECK(events[5].level == Level::Error); // [error]
    CHECK(events[6].level == Level::Warning); // [core:warn]
}

TEST_CASE("text logs: years are inferred from the file's time and roll over at New Year", "[textlog]")
{
    // The file's mtime is in January 2027; its lines run from December into January.
    const qint64 mtime = QDateTime(QDate(2027, 1, 2), QTime(9, 0), QTimeZone::utc()).toMSecsSinceEpoch() * 1000;
    auto parsed = parseFile(
        QStringLiteral("syslog"), fixture(QStringLiteral("text/syslog-new-year.log")), QTimeZone::utc(), mtime);
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 4);
    CHECK(model::formatUtc(events[0].timeUs) == QStringLiteral("2026-12-31T23:59:58.000000Z"));
    CHECK(model::formatUtc(events[1].timeUs) == QStringLiteral("2027-01-01T00:00:01.000000Z"));
    CHECK(events[0].timeQuality == TimeQuality::YearInferred);
    CHECK(events[0].service == QStringLiteral("CRON"));
    CHECK(events[1].service == QStringLiteral("etl-runner"));
    CHECK(events[1].message == QStringLiteral("Starting nightly post-funding run"));
    // RFC 5424 carries its own year and offset.
    CHECK(model::formatUtc(events[3].timeUs) == QStringLiteral("2027-01-01T00:05:00.003000Z"));
    CHECK(events[3].timeQuality == TimeQuality::Explicit);
    CHECK(events[3].service == QStringLiteral("etl-runner"));
    CHECK(events[3].message == QStringLiteral("step create_post_funding failed, retrying"));
}

TEST_CASE("text logs: access logs give status as outcome and level", "[textlog]")
{
    auto parsed = parseFile(QStringLiteral("access-log"), fixture(QStringLiteral("text/nginx-access.log")));
    REQUIRE(parsed.result);
    const auto& events = parsed.sink.events;
    REQUIRE(events.size() == 3);
    CHECK(model::formatUtc(events[0].timeUs) == QStringLiteral("2026-06-18T01:00:00.000000Z"));
    CHECK(events[0].outcome == QStringLiteral("200"));
    CHECK(events[0].level == Level::Info);
    CHECK(events[1].outcome == QStringLiteral("500"));
    CHECK(events[1].level == Level::Error);
    CHECK(events[1].actor == QStringLiteral("etl-bot"));
    CHECK(events[2].level == Level::Warning);
}

TEST_CASE("text logs: lines before any timestamp are skipped with a reason", "[textlog]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("banner.log"));
    REQUIRE(test::writeFile(path, "ETL runner v2\n==========\n2026-06-18T01:00:00Z started\n  detail\n"));
    auto parsed = parseFile(QStringLiteral("text-log"), path);
    REQUIRE(parsed.result);
    CHECK(parsed.sink.events.size() == 1);
    REQUIRE(parsed.sink.skipped.size() == 2);
    CHECK(parsed.sink.skipped[0].first == 1);
    CHECK(parsed.sink.skipped[0].second.contains(QStringLiteral("no timestamp")));
    CHECK(parsed.sink.continuations == std::vector<qint64>{4});
}

TEST_CASE("text logs: every loghub sample gives one event per line with the CSV's times", "[textlog][corpus]")
{
    const QString root = test::corpusFile(QStringLiteral("loghub"));
    if (root.isEmpty()) {
        WARN("../shared/corpus/loghub is not here; skipped");
        return;
    }
    const std::vector<Expectation> expectations = {
        {"Android", "text-log",
            [](auto& r) {
                return QStringList{r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{utc(us).toString(QStringLiteral("MM-dd")), ms(us, u'.')};
            }},
        {"Apache", "text-log", [](auto& r) { return QStringList{r[u"Time"_qs]}; },
            [](qint64 us) {
                return QStringList{QLocale::c().toString(utc(us), QStringLiteral("ddd MMM dd HH:mm:ss yyyy"))};
            }},
        {"BGL", "text-log", [](auto& r) { return QStringList{r[u"Timestamp"_qs]}; },
            [](qint64 us) { return QStringList{QString::number(us / 1'000'000)}; }},
        {"HDFS", "text-log",
            [](auto& r) {
                return QStringList{r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{
                    utc(us).toString(QStringLiteral("yyMMdd")), utc(us).toString(QStringLiteral("HHmmss"))};
            }},
        {"HPC", "text-log", [](auto& r) { return QStringList{r[u"Time"_qs]}; },
            [](qint64 us) { return QStringList{QString::number(us / 1'000'000)}; }},
        {"Hadoop", "text-log",
            [](auto& r) {
                return QStringList{r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{utc(us).toString(QStringLiteral("yyyy-MM-dd")), ms(us, u',')};
            }},
        {"Linux", "syslog",
            [](auto& r) {
                return QStringList{r[u"Month"_qs], r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{QLocale::c().toString(utc(us), QStringLiteral("MMM")),
                    QString::number(utc(us).date().day()), utc(us).toString(QStringLiteral("HH:mm:ss"))};
            }},
        {"Mac", "syslog",
            [](auto& r) {
                return QStringList{r[u"Month"_qs], r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{QLocale::c().toString(utc(us), QStringLiteral("MMM")),
                    QString::number(utc(us).date().day()), utc(us).toString(QStringLiteral("HH:mm:ss"))};
            }},
        {"OpenSSH", "syslog",
            [](auto& r) {
                return QStringList{r[u"Date"_qs], r[u"Day"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{QLocale::c().toString(utc(us), QStringLiteral("MMM")),
                    QString::number(utc(us).date().day()), utc(us).toString(QStringLiteral("HH:mm:ss"))};
            }},
        {"Spark", "text-log",
            [](auto& r) {
                return QStringList{r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{
                    utc(us).toString(QStringLiteral("yy/MM/dd")), utc(us).toString(QStringLiteral("HH:mm:ss"))};
            }},
        {"Zookeeper", "text-log",
            [](auto& r) {
                return QStringList{r[u"Date"_qs], r[u"Time"_qs]};
            },
            [](qint64 us) {
                return QStringList{utc(us).toString(QStringLiteral("yyyy-MM-dd")), ms(us, u',')};
            }},
    };
    for (const Expectation& expectation : expectations) {
        const QString dataset = QString::fromLatin1(expectation.dataset);
        INFO("loghub " << expectation.dataset);
        const QString log = root + u'/' + dataset + u'/' + dataset + QStringLiteral("_2k.log");
        const auto rows = csvRows(root + u'/' + dataset + u'/' + dataset + QStringLiteral("_2k.log_structured.csv"));

        QFile file(log);
        REQUIRE(file.open(QIODevice::ReadOnly));
        const auto candidates = ingest::detect(ingest::makeSample(QFileInfo(log).fileName(), file.read(65536), false));
        REQUIRE_FALSE(candidates.empty());
        CHECK(candidates.front().format->name == QLatin1StringView(expectation.format));

        auto parsed = parseFile(QLatin1StringView(expectation.format), log);
        REQUIRE(parsed.result);
        CHECK(parsed.sink.skipped.empty());
        CHECK(parsed.sink.continuations.empty());
        REQUIRE(parsed.sink.events.size() == rows.size());
        int mismatches = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const QStringList want = expectation.fromCsv(rows[i]);
            const QStringList got = expectation.fromEvent(parsed.sink.events[i].timeUs);
            if (want != got && ++mismatches <= 3)
                FAIL_CHECK("row " << (i + 1) << ": CSV " << want.join(u' ') << ", parsed " << got.join(u' '));
        }
        CHECK(mismatches == 0);
    }
}

TEST_CASE("text logs: level words, bare, wrapped or keyed, in any script", "[textlog]")
{
    using aftermath::ingest::findLevel;
    using aftermath::ingest::levelFromName;
    CHECK(findLevel(u"INFO etl.worker step", 5) == Level::Info);
    CHECK(findLevel(u"Info etl.worker step", 5) == Level::Unknown); // a bare word counts in upper case only
    CHECK(findLevel(u"[info] x", 5) == Level::Info);
    CHECK(findLevel(u"<Warning> x", 5) == Level::Warning);
    CHECK(findLevel(u"(crit) x", 5) == Level::Critical);
    CHECK(findLevel(u"LVL=\"Warn\" x", 5) == Level::Warning);
    CHECK(findLevel(u"severity=bogus ERROR", 5) == Level::Unknown);
    CHECK(findLevel(u"[core:error] x", 5) == Level::Error);
    CHECK(findLevel(u"x E y", 5) == Level::Error);
    CHECK(findLevel(u"a b c d e ERROR", 5) == Level::Unknown);
    CHECK(findLevel(u"ERROR: x", 5) == Level::Error);
    CHECK(findLevel(u"INFORMATION x", 5) == Level::Info);
    CHECK(findLevel(u"FATALITY", 5) == Level::Unknown);
    CHECK(findLevel(u"\u2003ERROR x", 5) == Level::Error);
    // Outside ASCII, names compare as Qt folds case: the long s is an s; an accented E is not an E.
    CHECK(levelFromName(u"ſevere") == Level::Error);
    CHECK(findLevel(u"[ſevere] x", 5) == Level::Error);
    CHECK(findLevel(u"ſEVERE x", 5) == Level::Unknown); // not upper case: ſ is the lower case of S
    CHECK(findLevel(u"ÉRROR x", 5) == Level::Unknown);
    CHECK(findLevel(u"ERR\uFF2FR x", 5) == Level::Unknown);
    CHECK(levelFromName(u"Warning") == Level::Warning);
    CHECK(levelFromName(u"information!") == Level::Unknown);
}
