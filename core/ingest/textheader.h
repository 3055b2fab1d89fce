#pragma once

#include "model/event.h"

#include <QString>
#include <QStringView>

#include <optional>
#include <span>

namespace aftermath::ingest {

// How a text log line goes on after its timestamp: where its level, its logger (or program, or
// target) and its message sit. The text-log reader learns each file's from its first lines, as it
// learns the timestamp's spelling, so a word that merely looks like a logger in one line of a file
// written otherwise is left in the message. Python's common "%(asctime)s - %(name)s -
// %(levelname)s - %(message)s" is not among them on purpose: the example incident's log is written
// so, and its logger as the service would keep the timeline from pairing that run with the ECS
// task's (the timeline pairs runs by service); its level is read and the line stays the message.
enum class HeaderShape : quint8 {
    None, // nothing known: the level is looked for near the stamp and the rest is the message
    Level, // "ERROR message", "[error] message"
    // "INFO org.acme.App: message" (Spark, Hadoop; HDFS and logcat with pids before the level),
    // "ERROR auth[105]: message", "[ERROR] payments.api: message", Spring Boot's
    // "INFO 4211 --- [main] o.s.b.App     : message", Rust tracing's "ERROR span{id=7}: payments::api: message"
    LoggerColon,
    LoggerDash, // "INFO payments.api - message", logback's "[main] INFO  org.acme.App - message"
    ThreadDash, // log4j's "%-5p [%t:%C{1}@%L] - %m" (ZooKeeper): the class is the logger
    ThreadLogger, // "INFO [main] org.apache.catalina.startup.HostConfig.deployWAR message" (Tomcat)
    Tabs, // zap's console encoder: "INFO\tlogger\tdir/file.go:42\tmessage\t{fields}"
};

// What the start of a line says besides its time.
struct TextHeader {
    HeaderShape shape = HeaderShape::None;
    model::Level level = model::Level::Unknown;
    QStringView service; // the logger, program, target or Go package; may be empty
    qsizetype messageStart = 0; // where the message starts in the text read
};

// Reads `text`, what follows a line's timestamp and the separators after it, in the most specific
// shape it fits; None when no level starts it.
TextHeader readHeader(QStringView text);

// Reads `text` as a line of a file whose lines are in `shape`: in that shape when it fits, else
// only its level when the level comes first (the rest is the message); nothing when neither
// fits, or for None, so that the caller reads the line as it would without a shape.
std::optional<TextHeader> readHeaderAs(QStringView text, HeaderShape shape);

// The shape of a file's lines, from what follows the timestamp in its sample lines: the specific
// shape at least half of them have, else Level when at least half start with a level, else None.
HeaderShape learnHeaderShape(std::span<const QStringView> texts);

// Python logging's default format (basicConfig without a format), which carries no time:
// "WARNING:root:message" (the level in capitals, a logger without spaces). Nothing otherwise.
std::optional<TextHeader> readPythonDefault(QStringView line);

// The shape as a pattern, for the description of what a reader learned ("LEVEL logger: message").
QString headerPattern(HeaderShape shape);

} // namespace aftermath::ingest
