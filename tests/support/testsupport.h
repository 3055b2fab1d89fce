#pragma once

// Helpers shared by the test executables: events to store, file bytes to compare, paths.

#include "model/event.h"
#include "model/source.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QString>

#include <ostream>

namespace aftermath::test {

inline constexpr qint64 usPerSecond = 1'000'000;
// 2026-06-18T01:00:00Z, the night of the motivating incident.
inline constexpr qint64 incidentNightUs = 1781744400LL * usPerSecond;

inline model::Source makeSource(const QString& name, const QString& format = QStringLiteral("text"))
{
    model::Source source;
    source.path = QStringLiteral("/evidence/") + name;
    source.displayName = name;
    source.format = format;
    return source;
}

inline model::Event makeEvent(qint64 sourceId, qint64 timeUs, qint64 seq, const QString& message,
    model::Level level = model::Level::Info, model::EventKind kind = model::EventKind::Log)
{
    model::Event event;
    event.sourceId = sourceId;
    event.timeUs = timeUs;
    event.seq = seq;
    event.line = seq + 1;
    event.level = level;
    event.kind = kind;
    event.message = message;
    return event;
}

// The bytes of a file, or an empty array when it cannot be read.
inline QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QByteArray fileHash(const QString& path)
{
    return QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256).toHex();
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// The path of an ingest fixture under tests/data/ingest.
inline QString fixture(const QString& relative) { return QStringLiteral(AFTERMATH_TEST_DATA "/ingest/") + relative; }

// Points $XDG_DATA_DIRS, the system data folders where Aftermath also looks for its templates,
// rules and example (model::dataDirs()), at `dir` while it lives, so that a test sees that folder
// and not what is installed on the machine.
class SystemDataDirs {
public:
    explicit SystemDataDirs(const QString& dir)
        : m_previous(qgetenv("XDG_DATA_DIRS")), m_wasSet(qEnvironmentVariableIsSet("XDG_DATA_DIRS"))
    {
        qputenv("XDG_DATA_DIRS", QFile::encodeName(dir));
    }
    SystemDataDirs(const SystemDataDirs&) = delete;
    SystemDataDirs& operator=(const SystemDataDirs&) = delete;
    ~SystemDataDirs()
    {
        if (m_wasSet)
            qputenv("XDG_DATA_DIRS", m_previous);
        else
            qunsetenv("XDG_DATA_DIRS");
    }

private:
    QByteArray m_previous;
    bool m_wasSet;
};

} // namespace aftermath::test

// Catch2 prints QStrings as text in failure messages (not as a range of QChars).
inline std::ostream& operator<<(std::ostream& os, const QString& s) { return os << s.toStdString(); }

#include <catch2/catch.hpp>

namespace Catch {
template <>
struct StringMaker<QString> {
    static std::string convert(const QString& s) { return '"' + s.toStdString() + '"'; }
};
} // namespace Catch
