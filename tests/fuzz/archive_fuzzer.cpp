// Archives through the importer (core/ingest/unpack.cpp, then importer.cpp): each input is written
// as an archive file named by its first bytes (PK: input.zip; gzip: input.log.gz and input.tar.gz,
// both; BZh: input.tar.bz2; xz: input.tar.xz; anything else: input.tar) and imported with
// ingest::importPaths into an evidence target held in memory. Unpacking runs under small limits,
// so bombs end quickly. Checked: every error says why, the events written are the events
// reported, every event names a source of its transaction, and no unpack folder is left behind.
// The seeds (corpus/archive) are tiny archives written by make-seeds.py there.

#include "fuzzdriver.h"
#include "ingest/importer.h"
#include "model/evidencetarget.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <map>
#include <memory>
#include <set>

namespace {

using namespace aftermath;

// Sources and event counts, committed or not at all, as the store keeps them.
class MemoryTarget final : public model::EvidenceTarget {
public:
    Result<std::optional<model::Source>> findSource(const QString& path) const override
    {
        for (const auto& [id, source] : m_sources) {
            if (source.path == path)
                return source;
        }
        return std::optional<model::Source>();
    }

    Result<std::unique_ptr<model::EvidenceTransaction>> beginEvidence(const model::WriteWait&) override
    {
        return std::make_unique<Transaction>(*this);
    }

    qint64 events() const { return m_events; }

private:
    class Transaction final : public model::EvidenceTransaction {
    public:
        explicit Transaction(MemoryTarget& target) : m_target(target), m_sources(target.m_sources) {}
        Result<qint64> addSource(const model::Source& source) override
        {
            model::Source added = source;
            added.id = ++m_target.m_lastId;
            m_sources[added.id] = added;
            return added.id;
        }
        Result<void> updateSource(const model::Source& source) override
        {
            AFTERMATH_FUZZ_CHECK(m_sources.contains(source.id), "an update of a source that is not there");
            m_sources[source.id] = source;
            return {};
        }
        Result<void> deleteSource(qint64 id) override
        {
            AFTERMATH_FUZZ_CHECK(m_sources.erase(id) == 1, "a delete of a source that is not there");
            return {};
        }
        Result<void> addEvents(std::span<const model::Event> events) override
        {
            for (const model::Event& event : events)
                AFTERMATH_FUZZ_CHECK(m_sources.contains(event.sourceId), "an event of a source that is not there");
            m_events += qint64(events.size());
            return {};
        }
        Result<void> commit() override
        {
            m_target.m_sources = m_sources;
            m_target.m_events += m_events;
            m_events = 0;
            return {};
        }
        // Nobody else writes to this target: the import lands in one part.
        bool shouldYield() const override { return false; }
        Result<void> yield(const model::WriteWait&) override { return commit(); }

    private:
        MemoryTarget& m_target;
        std::map<qint64, model::Source> m_sources;
        qint64 m_events = 0;
    };

    std::map<qint64, model::Source> m_sources;
    qint64 m_lastId = 0;
    qint64 m_events = 0;
};

QStringList namesFor(QByteArrayView bytes)
{
    if (bytes.startsWith("PK"))
        return {QStringLiteral("input.zip")};
    if (bytes.startsWith("\x1f\x8b"))
        return {QStringLiteral("input.log.gz"), QStringLiteral("input.tar.gz")};
    if (bytes.startsWith("BZh"))
        return {QStringLiteral("input.tar.bz2")};
    if (bytes.startsWith("\xfd"
                         "7zXZ"))
        return {QStringLiteral("input.tar.xz")};
    return {QStringLiteral("input.tar")};
}

bool unpackFoldersLeft()
{
    const QString mine = QStringLiteral("aftermath-unpack-%1-*").arg(QCoreApplication::applicationPid());
    return !QDir(QDir::tempPath()).entryList({mine}, QDir::Dirs | QDir::NoDotAndDotDot).isEmpty();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QTemporaryDir scratch; // one folder for the whole run
    AFTERMATH_FUZZ_CHECK(scratch.isValid(), "no temporary folder");
    const QByteArray bytes = fuzz::bytesOf(data, size);

    ingest::ImportOptions options;
    options.zone = fuzz::context().naiveZone;
    options.unpack.maxUnpackedBytes = 16 << 20;
    for (const QString& name : namesFor(bytes)) {
        const QString path = scratch.filePath(name);
        {
            QFile file(path);
            AFTERMATH_FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate), "cannot write the archive");
            AFTERMATH_FUZZ_CHECK(file.write(bytes) == bytes.size(), "cannot write the archive");
        }
        MemoryTarget target;
        qint64 reported = 0;
        for (const ingest::FileReport& report : ingest::importPaths(target, {path}, options)) {
            AFTERMATH_FUZZ_CHECK(report.path.startsWith(path), "a report of something else than the archive");
            if (report.status == ingest::FileReport::Status::Error)
                AFTERMATH_FUZZ_CHECK(!report.message.isEmpty(), "an error without a message");
            else
                reported += report.events;
        }
        AFTERMATH_FUZZ_CHECK(target.events() == reported, "the events stored are not the events reported");
        AFTERMATH_FUZZ_CHECK(!unpackFoldersLeft(), "an unpack folder was left behind");
        QFile::remove(path);
    }
    return 0;
}
