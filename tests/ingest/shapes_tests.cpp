// The generic text reader on log shapes it was not written for: every loghub system's shape
// (tests/data/ingest/loghub-shapes) and a corpus of real systems' documented line formats
// (tests/data/ingest/shapes). Each folder's expected.tsv gives, per line, the time a person reads
// there (UTC, naive times as UTC, year-less stamps in 2026), or "-" for a line without one.

#include "ingest/textheader.h"
#include "ingest/textlevel.h"
#include "ingest/timeparse.h"
#include "ingestsupport.h"
#include "model/timestamp.h"

#include <QDir>
#include <QHash>
#include <QTemporaryDir>

#include <map>

using namespace aftermath;
using namespace aftermath::test;

namespace {

struct Expected {
    QString file;
    qint64 line = 0;
    QString utc; // "-" for no time
};

std::vector<Expected> readExpected(const QString& folder)
{
    QFile file(folder + QStringLiteral("/expected.tsv"));
    REQUIRE(file.open(QIODevice::ReadOnly));
    std::vector<Expected> rows;
    for (const QByteArray& raw : file.readAll().split('\n')) {
        if (raw.trimmed().isEmpty() || raw.startsWith('#'))
            continue;
        const QList<QByteArray> fields = raw.split('\t');
        REQUIRE(fields.size() == 3);
        rows.push_back({QString::fromUtf8(fields[0]), fields[1].toLongLong(), QString::fromUtf8(fields[2].trimmed())});
    }
    return rows;
}

// The format detection picks for the file, as the importer would.
const ingest::Format* detected(const QString& path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray head = file.read(64 * 1024);
    const auto candidates = ingest::detect(ingest::makeSample(QFileInfo(path).fileName(), head, file.atEnd()));
    return candidates.empty() ? nullptr : candidates.front().format;
}

struct FolderResult {
    int files = 0;
    int timedLines = 0;
    QStringList wrong; // "file:line: expected X, read Y"
};

// Reads every file of the folder with the format detection picks and compares each line's time.
FolderResult checkFolder(const QString& folder)
{
    const std::vector<Expected> expected = readExpected(folder);
    const qint64 reference = model::parseIsoTime(u"2026-07-15T00:00:00Z", QTimeZone::utc()).value();
    std::map<QString, std::vector<const Expected*>> byFile;
    for (const Expected& row : expected)
        byFile[row.file].push_back(&row);
    FolderResult result;
    for (const auto& [name, rows] : byFile) {
        const QString path = folder + u'/' + name;
        INFO(name.toStdString());
        REQUIRE(QFileInfo::exists(path));
        ++result.files;
        const ingest::Format* format = detected(path);
        if (!format) {
            result.wrong << QStringLiteral("%1: refused").arg(name);
            continue;
        }
        auto parsed = parseFile(format->name, path, QTimeZone::utc(), reference, 2026);
        if (!parsed.result) {
            result.wrong << QStringLiteral("%1: %2").arg(name, parsed.result.error().toString());
            continue;
        }
        QHash<qint64, qint64> timeAtLine;
        for (const model::Event& event : parsed.sink.events)
            timeAtLine.insert(event.line, event.timeUs);
        for (const Expected* row : rows) {
            const bool timed = row->utc != u"-";
            result.timedLines += timed ? 1 : 0;
            const auto found = timeAtLine.constFind(row->line);
            const QString read = found == timeAtLine.constEnd() ? QStringLiteral("-") : model::formatUtc(*found);
            if (read != row->utc)
                result.wrong << QStringLiteral("%1:%2 (%3): expected %4, read %5")
                                    .arg(name)
                                    .arg(row->line)
                                    .arg(format->name, row->utc, read);
        }
    }
    return result;
}

// One row of headers/expected.tsv: what a line that starts an event gives.
struct HeaderRow {
    qint64 line = 0;
    QString format;
    QString level;
    QString service; // "-" for none
    QString message; // its first line, "\\t" for a tab
};

std::map<QString, std::vector<HeaderRow>> readHeaderRows(const QString& folder)
{
    QFile file(folder + QStringLiteral("/expected.tsv"));
    REQUIRE(file.open(QIODevice::ReadOnly));
    std::map<QString, std::vector<HeaderRow>> rows;
    for (const QByteArray& raw : file.readAll().split('\n')) {
        if (raw.isEmpty())
            continue;
        const QList<QByteArray> fields = raw.split('\t');
        REQUIRE(fields.size() == 6);
        rows[QString::fromUtf8(fields[0])].push_back({fields[1].toLongLong(), QString::fromUtf8(fields[2]),
            QString::fromUtf8(fields[3]), QString::fromUtf8(fields[4]),
            QString::fromUtf8(fields[5]).replace(QStringLiteral("\\t"), QStringLiteral("\t"))});
    }
    return rows;
}

} // namespace

TEST_CASE("generic text: every loghub system's line shape is read with the right times", "[textlog][shapes]")
{
    const FolderResult result = checkFolder(fixture(QStringLiteral("loghub-shapes")));
    CHECK(result.files == 16);
    CHECK(result.timedLines >= 90);
    INFO(result.wrong.join(u'\n').toStdString());
    CHECK(result.wrong.isEmpty());
}

TEST_CASE("generic text: real systems' documented log shapes are read with the right times", "[textlog][shapes]")
{
    const QString folder = fixture(QStringLiteral("shapes"));
    const FolderResult result = checkFolder(folder);
    CHECK(result.files >= 40);
    INFO(result.wrong.join(u'\n').toStdString());
    CHECK(result.wrong.isEmpty());
}

TEST_CASE("generic text: what was learned is said per file", "[textlog][shapes]")
{
    const auto describe = [](const QString& name, const QString& timeFormat = {}) {
        const QString path = fixture(QStringLiteral("loghub-shapes/") + name);
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadOnly));
        ingest::ParseContext context;
        context.naiveZone = QTimeZone("Europe/London");
        context.sampleLines = ingest::makeSample(name, file.readAll(), true).lines;
        if (!timeFormat.isEmpty())
            context.timeSpelling = ingest::compileTimeSpelling(timeFormat).value();
        return ingest::findFormat(u"text-log")->describe(context);
    };
    CHECK(describe(QStringLiteral("HealthApp.log"))
        == QStringLiteral("generic text: timestamp at column 0, `yyyyMMdd-HH:mm:ss:SSS`, no zone -> Europe/London"));
    CHECK(describe(QStringLiteral("OpenStack.log"))
        == QStringLiteral(
            "generic text: timestamp in field 2 (column 35 of line 1), `yyyy-MM-dd HH:mm:ss.SSS`, no zone -> Europe/London"));
    CHECK(describe(QStringLiteral("Proxifier.log"))
        == QStringLiteral("generic text: timestamp at column 1, `MM.dd HH:mm:ss`, no year, no zone -> Europe/London, "
                          "year from the file's date"));
    CHECK(describe(QStringLiteral("BGL.log")) == QStringLiteral("generic text: timestamp at column 2, `epoch`, with its zone"));
    CHECK(describe(QStringLiteral("Hadoop.log"), QStringLiteral("yyyy-MM-dd HH:mm:ss,SSS"))
        == QStringLiteral("generic text: timestamp at column 0, `yyyy-MM-dd HH:mm:ss,SSS`, no zone -> Europe/London; "
                          "then `LEVEL logger: message`"));
}

TEST_CASE("generic text: day and month order is decided over the sample", "[textlog][shapes]")
{
    // 03/04 alone could be either; 13/04 later says the day comes first.
    const QStringList dayFirst{QStringLiteral("03/04/2026 10:00:00 start"), QStringLiteral("13/04/2026 10:00:01 end")};
    auto shape = ingest::learnTimeShape(dayFirst);
    REQUIRE(shape);
    CHECK(ingest::patternOf(*shape->spelling) == QStringLiteral("dd/MM/yyyy HH:mm:ss"));
    CHECK_FALSE(shape->dayMonthAmbiguous);
    const QStringList monthFirst{QStringLiteral("03/04/2026 10:00:00 start"), QStringLiteral("04/13/2026 10:00:01 end")};
    shape = ingest::learnTimeShape(monthFirst);
    REQUIRE(shape);
    CHECK(ingest::patternOf(*shape->spelling) == QStringLiteral("MM/dd/yyyy HH:mm:ss"));
    // Never above 12: slashes are read month first, and the description says it was assumed.
    shape = ingest::learnTimeShape({QStringLiteral("03/04/2026 10:00:00 start")});
    REQUIRE(shape);
    CHECK(ingest::patternOf(*shape->spelling) == QStringLiteral("MM/dd/yyyy HH:mm:ss"));
    CHECK(shape->dayMonthAmbiguous);
    CHECK(shape->describe().contains(QStringLiteral("day and month order assumed")));
}

TEST_CASE("generic text: 12-hour clocks, month names, epoch widths", "[timeparse][shapes]")
{
    ingest::TimestampReader reader(QTimeZone::utc(), 0);
    const auto utcOf = [&](const char16_t* line) {
        const auto shape = ingest::learnTimeShape({QString::fromUtf16(line)});
        if (!shape)
            return QStringLiteral("none");
        const auto found = reader.find(QStringView(line), *shape);
        return found ? model::formatUtc(found->utcUs) : QStringLiteral("none");
    };
    CHECK(utcOf(u"07/01/2026 02:00:03 PM Service started") == QStringLiteral("2026-07-01T14:00:03.000000Z"));
    CHECK(utcOf(u"7/1/2026 12:05:00 AM midnight") == QStringLiteral("2026-07-01T00:05:00.000000Z"));
    CHECK(utcOf(u"Jul 1, 2026 2:00:03 PM org.acme.App main") == QStringLiteral("2026-07-01T14:00:03.000000Z"));
    CHECK(utcOf(u"01-Jul-2026 14:00:03.123 INFO [main] x") == QStringLiteral("2026-07-01T14:00:03.123000Z"));
    CHECK(utcOf(u"Wed Jul  1 14:00:03 PDT 2026") == QStringLiteral("2026-07-01T21:00:03.000000Z"));
    CHECK(utcOf(u"1234:M 01 Jul 2026 14:00:03.123 * Ready") == QStringLiteral("2026-07-01T14:00:03.123000Z"));
    CHECK(utcOf(u"1782914403123 ms") == QStringLiteral("2026-07-01T14:00:03.123000Z"));
    CHECK(utcOf(u"1782914403123456 us") == QStringLiteral("2026-07-01T14:00:03.123456Z"));
    CHECK(utcOf(u"1782914403123456789 ns") == QStringLiteral("2026-07-01T14:00:03.123456Z"));
    CHECK(utcOf(u"type=SYSCALL msg=audit(1782914403.250:77): arch=c000003e") == QStringLiteral("2026-07-01T14:00:03.250000Z"));
    // Out of range numbers are not times; nor is a 12-hour clock without AM/PM.
    CHECK(utcOf(u"4102444801 too late") == QStringLiteral("none"));
    CHECK(utcOf(u"id 99999999999999999999 far too long") == QStringLiteral("none"));
    CHECK(utcOf(u"9283746501928374650 nineteen digits past any time") == QStringLiteral("none")); // no overflow
}

TEST_CASE("generic text: a user's --time-format is checked and used", "[timeparse][shapes]")
{
    CHECK_FALSE(ingest::compileTimeSpelling(QStringLiteral("yyyy-MM-dd")).has_value());
    CHECK(ingest::compileTimeSpelling(QStringLiteral("yyyy-MM-dd")).error().message.contains(u"needs a month, a day and an hour"));
    CHECK(ingest::compileTimeSpelling(QStringLiteral("yyy-MM-dd HH:mm")).error().message.contains(u"has 3 y"));
    CHECK(ingest::compileTimeSpelling(QStringLiteral("dd/MM/yyyy hh:mm")).error().message.contains(u"without AM/PM"));
    CHECK(ingest::compileTimeSpelling(QStringLiteral("dd/MM/yyyy HH:mm Q")).error().message.contains(u"the letter Q"));
    // Forced day first, where the sample alone would say month first.
    const auto spelling = ingest::compileTimeSpelling(QStringLiteral("dd/MM/yyyy HH:mm:ss")).value();
    const QStringList lines{QStringLiteral("03/04/2026 10:00:00 start")};
    const auto shape = ingest::learnTimeShape(lines, spelling);
    REQUIRE(shape);
    ingest::TimestampReader reader(QTimeZone::utc(), 0);
    const auto found = reader.find(lines.front(), *shape);
    REQUIRE(found);
    CHECK(model::formatUtc(found->utcUs) == QStringLiteral("2026-04-03T10:00:00.000000Z"));
    // Brackets written around the stamp change nothing: stamps are found where fields start.
    const auto bracketed = ingest::compileTimeSpelling(QStringLiteral("[dd.MM HH:mm:ss]")).value();
    const QStringList proxy{QStringLiteral("[03.04 10:00:00] chrome.exe - open")};
    const auto proxyShape = ingest::learnTimeShape(proxy, bracketed);
    REQUIRE(proxyShape);
    ingest::TimestampReader yearly(QTimeZone::utc(), 0, 2025);
    const auto stamp = yearly.find(proxy.front(), *proxyShape);
    REQUIRE(stamp);
    CHECK(model::formatUtc(stamp->utcUs) == QStringLiteral("2025-04-03T10:00:00.000000Z"));
}

TEST_CASE("generic text: the level around the stamp, in the spellings real systems use", "[textlog][shapes]")
{
    const auto levels = [](const QString& relative) {
        const QString path = fixture(relative);
        auto parsed = parseFile(QStringLiteral("text-log"), path, QTimeZone::utc(), 0, 2026);
        REQUIRE(parsed.result);
        std::map<qint64, model::Level> byLine;
        for (const model::Event& event : parsed.sink.events)
            byLine[event.line] = event.level;
        return byLine;
    };
    using model::Level;
    // Windows CBS: "Info", "Warning", "Error" after the comma, in title case.
    auto windows = levels(QStringLiteral("loghub-shapes/Windows.log"));
    CHECK(windows[1] == Level::Info);
    CHECK(windows[4] == Level::Warning);
    CHECK(windows[5] == Level::Error);
    // klog/glog: the letter glued before the stamp.
    auto klog = levels(QStringLiteral("shapes/klog.log"));
    CHECK(klog[1] == Level::Info);
    CHECK(klog[4] == Level::Warning);
    // Serilog's three letters in brackets.
    auto serilog = levels(QStringLiteral("shapes/serilog_file.log"));
    CHECK(serilog[3] == Level::Warning);
    CHECK(serilog[4] == Level::Error);
    // A prefix before the stamp (OpenStack's file name): the level after it.
    auto openstack = levels(QStringLiteral("loghub-shapes/OpenStack.log"));
    CHECK(openstack[1] == Level::Info);
    CHECK(openstack[5] == Level::Warning);
    CHECK(openstack[6] == Level::Error);
}

TEST_CASE("text headers: each library's shape gives its level, logger and message", "[textlog][shapes][headers]")
{
    const QString folder = fixture(QStringLiteral("headers"));
    const auto rows = readHeaderRows(folder);
    CHECK(rows.size() >= 13);
    for (const auto& [name, expected] : rows) {
        INFO(name.toStdString());
        const QString path = folder + u'/' + name;
        const ingest::Format* format = detected(path);
        REQUIRE(format != nullptr);
        CHECK(format->name == expected.front().format);
        auto parsed = parseFile(format->name, path, QTimeZone::utc(), 0, 2026);
        REQUIRE(parsed.result);
        const auto& events = parsed.sink.events;
        CHECK(parsed.sink.skipped.empty());
        REQUIRE(events.size() == expected.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            INFO("line " << expected[i].line);
            CHECK(events[i].line == expected[i].line);
            CHECK(model::toString(events[i].level) == expected[i].level);
            CHECK(events[i].kind == ingest::kindForLevel(events[i].level));
            CHECK((events[i].service.isEmpty() ? QStringLiteral("-") : events[i].service) == expected[i].service);
            CHECK(events[i].message.section(u'\n', 0, 0) == expected[i].message);
        }
    }
}

TEST_CASE("text headers: what follows the stamp, in each shape", "[textlog][shapes][headers]")
{
    using ingest::HeaderShape;
    using model::Level;
    struct Case {
        const char16_t* text; // after the stamp and its separators
        HeaderShape shape;
        Level level;
        const char16_t* service;
        const char16_t* message;
    };
    const std::vector<Case> cases = {
        // The lines.
        {u"ERROR payments.api - message", HeaderShape::LoggerDash, Level::Error, u"payments.api", u"message"},
        {u"INFO auth[105]: message", HeaderShape::LoggerColon, Level::Info, u"auth", u"message"},
        {u"ERROR\tpayments/api.go:42\tmessage\t{\"k\": \"v\"}", HeaderShape::Tabs, Level::Error, u"payments",
            u"message\t{\"k\": \"v\"}"},
        {u"ERROR\tpayments.api\tapi.go:42\tmessage", HeaderShape::Tabs, Level::Error, u"payments.api", u"message"},
        {u"ERROR payments::api: message key=value", HeaderShape::LoggerColon, Level::Error, u"payments::api",
            u"message key=value"},
        {u"ERROR request{id=7}: payments::api: message", HeaderShape::LoggerColon, Level::Error, u"payments::api",
            u"message"},
        {u"WARN request{method=GET uri=/v1 id=7}:db{q=1}: app::db: slow", HeaderShape::LoggerColon, Level::Warning,
            u"app::db", u"slow"},
        {u"INFO shaving_yaks:shave: app::yak: shaved yak=1", HeaderShape::LoggerColon, Level::Info, u"app::yak",
            u"shaved yak=1"},
        // Java: logback, log4j, Spring Boot, Hadoop, Tomcat, ZooKeeper.
        {u"[main] INFO  com.acme.App - started", HeaderShape::LoggerDash, Level::Info, u"com.acme.App", u"started"},
        {u"ERROR [http-nio-8080-exec-3] com.acme.Api - failed", HeaderShape::LoggerDash, Level::Error, u"com.acme.Api",
            u"failed"},
        {u"INFO 4211 --- [           main] o.s.b.w.e.tomcat.TomcatWebServer  : Tomcat started",
            HeaderShape::LoggerColon, Level::Info, u"o.s.b.w.e.tomcat.TomcatWebServer", u"Tomcat started"},
        {u"WARN 7 --- [app] [  exec-1] o.a.c.c.C.[Tomcat].[localhost].[/] : slow", HeaderShape::LoggerColon,
            Level::Warning, u"o.a.c.c.C.[Tomcat].[localhost].[/]", u"slow"},
        {u"INFO [main] org.apache.hadoop.App: Created", HeaderShape::LoggerColon, Level::Info, u"org.apache.hadoop.App",
            u"Created"},
        {u"SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One failed", HeaderShape::ThreadLogger,
            Level::Error, u"org.apache.catalina.core.StandardContext.startInternal", u"One failed"},
        {u"INFO  [QuorumPeer[myid=1]/0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
            HeaderShape::ThreadDash, Level::Info, u"FastLeaderElection", u"Notification time out: 3200"},
        // Python's "[%(levelname)s] %(name)s: %(message)s"; HDFS, logcat (a padded tag).
        {u"[ERROR] reports.fetch: timed out", HeaderShape::LoggerColon, Level::Error, u"reports.fetch", u"timed out"},
        {u"148 INFO dfs.DataNode$PacketResponder: PacketResponder 1", HeaderShape::LoggerColon, Level::Info,
            u"dfs.DataNode$PacketResponder", u"PacketResponder 1"},
        {u"1702  2395 D WindowManager: relayout", HeaderShape::LoggerColon, Level::Debug, u"WindowManager",
            u"relayout"},
        {u"1702  1702 I chatty  : uid=1000 expire 3 lines", HeaderShape::LoggerColon, Level::Info, u"chatty",
            u"uid=1000 expire 3 lines"},
        // A level alone.
        {u"[notice] workerEnv.init() ok", HeaderShape::Level, Level::Notice, u"", u"workerEnv.init() ok"},
        {u"ERROR could not connect", HeaderShape::Level, Level::Error, u"", u"could not connect"},
        // No level first: not read here (the reader keeps its earlier reading).
        {u"etl.runner - INFO - Starting", HeaderShape::None, Level::Unknown, u"", u""},
        {u"INFO/MainProcess] Connected", HeaderShape::None, Level::Unknown, u"", u""},
    };
    for (const Case& c : cases) {
        const QStringView text(c.text);
        INFO(text.toString().toStdString());
        const ingest::TextHeader header = ingest::readHeader(text);
        CHECK(header.shape == c.shape);
        CHECK(header.level == c.level);
        if (c.shape == HeaderShape::None)
            continue;
        CHECK(header.service == QStringView(c.service));
        CHECK(text.sliced(header.messageStart) == QStringView(c.message));
    }
    // Python's default format, which has no time.
    const auto python = ingest::readPythonDefault(u"WARNING:root:disk almost full: 91%");
    REQUIRE(python);
    CHECK(python->level == Level::Warning);
    CHECK(python->service == u"root");
    CHECK(QStringView(u"WARNING:root:disk almost full: 91%").sliced(python->messageStart) == u"disk almost full: 91%");
    CHECK_FALSE(ingest::readPythonDefault(u"ValueError: invalid literal for int()"));
    CHECK_FALSE(ingest::readPythonDefault(u"ERROR: the job failed: exit 1"));
    CHECK_FALSE(ingest::readPythonDefault(u"Caused by: java.io.IOException: closed"));
}

TEST_CASE("text headers: a file's shape is learned, so a word that only looks like a logger stays in the message",
    "[textlog][shapes][headers]")
{
    QTemporaryDir dir;
    const auto read = [&](const char* name, const QByteArray& bytes) {
        const QString path = dir.filePath(QString::fromLatin1(name));
        REQUIRE(test::writeFile(path, bytes));
        auto parsed = parseFile(QStringLiteral("text-log"), path, QTimeZone::utc());
        REQUIRE(parsed.result);
        return std::move(parsed.sink.events);
    };
    // Levels, then messages: "Retrying:" is not a logger here.
    const auto plain = read("plain.log",
        "2026-07-01T14:00:00Z INFO connected to ledger-1\n"
        "2026-07-01T14:00:01Z WARN Retrying: attempt 2 of 3\n"
        "2026-07-01T14:00:02Z ERROR gave up after 3 attempts\n");
    REQUIRE(plain.size() == 3);
    CHECK(plain[1].service.isEmpty());
    CHECK(plain[1].message == QStringLiteral("Retrying: attempt 2 of 3"));
    CHECK(plain[1].level == model::Level::Warning);
    CHECK(plain[2].message == QStringLiteral("gave up after 3 attempts"));
    // Loggers with a colon: a line without one keeps its level and its words.
    const auto spark = read("spark.log",
        "26/07/01 14:00:03 INFO storage.BlockManager: Found block rdd_2_3 locally\n"
        "26/07/01 14:00:04 INFO executor.Executor: Finished task 0.0 in stage 1.0\n"
        "26/07/01 14:00:05 WARN no logger on this line\n");
    REQUIRE(spark.size() == 3);
    CHECK(spark[0].service == QStringLiteral("storage.BlockManager"));
    CHECK(spark[0].message == QStringLiteral("Found block rdd_2_3 locally"));
    CHECK(spark[2].service.isEmpty());
    CHECK(spark[2].message == QStringLiteral("no logger on this line"));
    // No level in most lines: read as before, the whole rest is the message.
    const auto noLevels = read("nolevels.log",
        "2026-07-01T14:00:00Z backup started\n"
        "2026-07-01T14:00:05Z ERROR payments.api - one line with a header\n"
        "2026-07-01T14:00:09Z backup finished\n");
    REQUIRE(noLevels.size() == 3);
    CHECK(noLevels[1].level == model::Level::Error);
    CHECK(noLevels[1].service.isEmpty());
    CHECK(noLevels[1].message == QStringLiteral("ERROR payments.api - one line with a header"));
    // Python's common "%(name)s - %(levelname)s -" is left as it was read (textheader.h says why).
    const auto common = read("common.log",
        "2026-06-18 02:00:00,013 - etl.post_funding - INFO - Starting create_post_funding\n"
        "2026-06-18 02:00:03,512 - etl.post_funding - ERROR - Step create_post_funding failed\n");
    REQUIRE(common.size() == 2);
    CHECK(common[1].level == model::Level::Error);
    CHECK(common[1].service.isEmpty());
    CHECK(common[1].message == QStringLiteral("etl.post_funding - ERROR - Step create_post_funding failed"));
}

TEST_CASE(
    "text headers: Python's default format between timed lines takes the time before it", "[textlog][shapes][headers]")
{
    auto parsed = parseFile(
        QStringLiteral("text-log"), fixture(QStringLiteral("headers/python_mixed_default.log")), QTimeZone::utc());
    REQUIRE(parsed.result);
    std::map<qint64, const model::Event*> byLine;
    for (const model::Event& event : parsed.sink.events)
        byLine[event.line] = &event;
    REQUIRE(byLine.contains(2));
    REQUIRE(byLine.contains(3));
    const model::Event& timed = *byLine[2];
    const model::Event& untimed = *byLine[3];
    CHECK(timed.timeQuality == model::TimeQuality::Explicit);
    CHECK(untimed.timeQuality == model::TimeQuality::Inherited);
    CHECK(untimed.timeUs == timed.timeUs);
    CHECK(untimed.service == QStringLiteral("exporter.main"));
    // Its own time-looking words are message, not a stamp.
    CHECK(untimed.message == QStringLiteral("exporting orders for acme-eu from 2026-07-02T00:00:00+00:00"));
    REQUIRE(byLine.contains(8));
    CHECK(byLine[8]->level == model::Level::Error);
    CHECK(byLine[8]->kind == model::EventKind::Error);
    CHECK(byLine[8]->timeUs == byLine[7]->timeUs);
    CHECK(byLine[8]->message.count(u'\n') == 4); // its traceback
    // Before any timed line there is no time to take: skipped, saying why.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("starts-untimed.log"));
    REQUIRE(test::writeFile(path,
        "WARNING:root:config file not found, using defaults\n"
        "2026-07-03T02:00:00Z INFO run-nightly[4120]: starting\n"
        "INFO:exporter.main:exporting\n"));
    auto first = parseFile(QStringLiteral("text-log"), path, QTimeZone::utc());
    REQUIRE(first.result);
    REQUIRE(first.sink.skipped.size() == 1);
    CHECK(first.sink.skipped[0].first == 1);
    CHECK(first.sink.skipped[0].second.contains(QStringLiteral("Python logging's default format")));
    CHECK(first.sink.skipped[0].second.contains(QStringLiteral("no line before it had one")));
    REQUIRE(first.sink.events.size() == 2);
    CHECK(first.sink.events[1].timeQuality == model::TimeQuality::Inherited);
}
