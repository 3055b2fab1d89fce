#include "ingest/format.h"

#include "ingestsupport.h"
#include "testsupport.h"

using namespace aftermath;

namespace {

QString detected(const QString& fileName, const QByteArray& bytes)
{
    const auto candidates = ingest::detect(ingest::makeSample(fileName, bytes, true));
    return candidates.empty() ? QStringLiteral("none") : candidates.front().format->name;
}

} // namespace

TEST_CASE("detection: each text and structured fixture is read by its own format", "[detection]")
{
    for (const auto& [file, format] :
        {std::pair{"text/etl-python-logging.log", "text-log"}, std::pair{"text/mixed-spellings.log", "text-log"},
            std::pair{"text/syslog-new-year.log", "syslog"}, std::pair{"text/nginx-access.log", "access-log"},
            std::pair{"structured/etl-worker.jsonl", "jsonl"}, std::pair{"structured/etl-worker.logfmt", "logfmt"},
            std::pair{"structured/journal-pretty.json", "journald-json"}}) {
        INFO(file);
        const QString path = test::fixture(QLatin1StringView(file));
        CHECK(detected(QFileInfo(path).fileName(), test::fileBytes(path)) == QLatin1StringView(format));
    }
}

TEST_CASE("detection: prose, binary data and empty input match no format", "[detection]")
{
    CHECK(detected(QStringLiteral("notes.md"), "# Incident notes\n\nWe restarted the job by hand.\n") == u"none");
    CHECK(detected(QStringLiteral("core"),
              QByteArray("\x7f"
                         "ELF\x02\x01\x01\0\0\0\0",
                  12))
        == u"none");
    CHECK(detected(QStringLiteral("empty.log"), {}) == u"none");
}

TEST_CASE("detection: every format has a unique name and a summary", "[detection]")
{
    QSet<QString> names;
    for (const ingest::Format& format : ingest::formats()) {
        INFO(format.name.toStdString());
        CHECK_FALSE(names.contains(format.name));
        names.insert(format.name);
        CHECK(format.summary.size() > 20);
        const int readers
            = (format.makeLineParser ? 1 : 0) + (format.parseDocument ? 1 : 0) + (format.parseFolder ? 1 : 0);
        CHECK(readers == 1);
        CHECK(format.score != nullptr);
        CHECK(ingest::findFormat(format.name) == &format);
    }
}
