// The generic text reader on log shapes it was not written for: every loghub system's shape
// (tests/data/ingest/loghub-shapes) and a corpus of real systems' documented line formats
// (tests/data/ingest/shapes). Each folder's expected.tsv gives, per line, the time a person reads
// there (UTC, naive times as UTC, year-less stamps in 2026), or "-" for a line without one.

#include "ingest/timeparse.h"
#include "ingestsupport.h"
#include "model/timestamp.h"

#include <QDir>
#include <QHash>

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
        == QStringLiteral("generic text: timestamp at column 0, `yyyy-MM-dd HH:mm:ss,SSS`, no zone -> Europe/London"));
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
