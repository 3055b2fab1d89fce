#include "concurrencybench.h"

#include "workspace/workspace.h"

#include <QUuid>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace aftermath::bench {

namespace {

using model::ActionItem;
using model::Incident;
using model::IncidentUpdate;
using Code = Error::Code;
using SteadyClock = std::chrono::steady_clock;

constexpr int writerCount = 2;
constexpr int readerCount = 10;
// How many operations a writer makes from one copy of the incident and its items before reading
// them again, like a person whose screen is a little behind: edits from it may conflict or merge.
constexpr int refreshEvery = 8;

// The text field each writer alone writes, and the one in which it counts the items it added (both
// in the write that adds the item, so that a reader can check the two agree).
QString Incident::*const ownField[writerCount] = {&Incident::summary, &Incident::impact};
std::optional<QString> IncidentUpdate::*const ownUpdate[writerCount]
    = {&IncidentUpdate::summary, &IncidentUpdate::impact};
QString Incident::*const countField[writerCount] = {&Incident::detection, &Incident::resolution};
std::optional<QString> IncidentUpdate::*const countUpdate[writerCount]
    = {&IncidentUpdate::detection, &IncidentUpdate::resolution};

QString itemDescription(int writer, qint64 n) { return QStringLiteral("w%1-%2").arg(writer).arg(n); }
QString addedCount(int writer, qint64 count) { return QStringLiteral("w%1 added %2").arg(writer).arg(count); }

// A write a writer was told had landed, with the row version it left.
struct IncidentWrite {
    qint64 version = 0;
    std::optional<QString> own; // ownField
    std::optional<QString> trigger;
    std::optional<QString> count; // countField
};
struct StatusWrite {
    qint64 itemId = 0;
    qint64 version = 0;
    ActionItem::Status status = ActionItem::Status::Open;
};

struct WriterResult {
    QString failure; // why it stopped early, or empty
    std::vector<qint64> added; // item ids, in the order of their descriptions w<writer>-0, -1, ...
    std::vector<IncidentWrite> incidentWrites;
    std::vector<StatusWrite> statusWrites;
    qint64 conflicts = 0; // refused edits, applied again on a fresh copy
    qint64 merged = 0; // edits from a stale copy that landed without a conflict
    qint64 lockRetries = 0; // Locked: the store's busy timeout passed; tried again
    std::vector<qint64> latenciesUs;
};

struct ReaderResult {
    QString failure;
    qint64 reads = 0;
    qint64 torn = 0;
    QString firstTorn;
    std::vector<qint64> latenciesUs;
};

qint64 percentile(std::vector<qint64>& values, double p)
{
    if (values.empty())
        return 0;
    const auto at = std::size_t(double(values.size() - 1) * p);
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(at), values.end());
    return values[at];
}

// Runs `write` until it is not refused for the lock.
template <typename Write>
auto retryLocked(WriterResult& result, Write write)
{
    for (;;) {
        auto done = write();
        if (done || done.error().code != Code::Locked)
            return done;
        ++result.lockRetries;
    }
}

class Writer {
public:
    Writer(int index, const QString& location, qint64 incidentId, SteadyClock::time_point until)
        : m_index(index), m_location(location), m_incidentId(incidentId), m_until(until), m_random(unsigned(index) + 7)
    {
    }

    WriterResult run()
    {
        auto opened = workspace::Workspace::open(m_location);
        if (!opened) {
            m_result.failure = opened.error().toString();
            return m_result;
        }
        m_pm = &opened->postmortems();
        for (qint64 op = 0; SteadyClock::now() < m_until && m_result.failure.isEmpty(); ++op) {
            if (op % refreshEvery == 0 && !refresh())
                break;
            const auto started = SteadyClock::now();
            switch (op % 3) {
            case 0:
                addItem();
                break;
            case 1:
                changeStatus();
                break;
            default:
                editIncident(op);
                break;
            }
            m_result.latenciesUs.push_back(
                std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started).count());
        }
        m_pm = nullptr;
        return m_result;
    }

private:
    bool refresh()
    {
        auto postmortem = m_pm->postmortem(m_incidentId);
        if (!postmortem) {
            m_result.failure = postmortem.error().toString();
            return false;
        }
        m_incident = postmortem->incident;
        m_items = postmortem->actionItems;
        return true;
    }

    // An item and the count of this writer's items, in one write.
    void addItem()
    {
        const qint64 n = qint64(m_result.added.size());
        qint64 itemId = 0;
        qint64 version = 0;
        const auto done = retryLocked(m_result, [&] {
            return m_pm->atomically([&]() -> Result<void> {
                ActionItem item;
                item.incidentId = m_incidentId;
                item.description = itemDescription(m_index, n);
                item.owner = QStringLiteral("writer%1").arg(m_index);
                auto added = m_pm->addActionItem(item);
                if (!added)
                    return std::unexpected(added.error());
                IncidentUpdate count;
                count.*countUpdate[m_index] = addedCount(m_index, n + 1);
                auto counted = m_pm->updateIncident(m_incidentId, count);
                if (!counted)
                    return std::unexpected(counted.error());
                itemId = added->id;
                version = counted->rowVersion;
                return {};
            });
        });
        if (!done) {
            m_result.failure = done.error().toString();
            return;
        }
        m_result.added.push_back(itemId);
        m_result.incidentWrites.push_back({version, std::nullopt, std::nullopt, addedCount(m_index, n + 1)});
    }

    // The next status of an item as this writer's copy shows it; on a conflict, the same status
    // again on a fresh copy (the app's "Use mine").
    void changeStatus()
    {
        if (m_items.empty())
            return;
        ActionItem copy = m_items[std::uniform_int_distribution<std::size_t>(0, m_items.size() - 1)(m_random)];
        const auto wanted = ActionItem::Status((int(copy.status) + 1 + m_index) % 4);
        for (;;) {
            if (copy.status == wanted)
                return; // someone else set it meanwhile: nothing to write
            model::ActionItemUpdate update;
            update.status = wanted;
            update.basedOn = copy.rowVersion;
            update.startedFrom = copy;
            const auto updated = retryLocked(m_result, [&] { return m_pm->updateActionItem(copy.id, update); });
            if (updated) {
                if (updated->rowVersion != copy.rowVersion + 1)
                    ++m_result.merged;
                m_result.statusWrites.push_back({copy.id, updated->rowVersion, wanted});
                return;
            }
            if (updated.error().code != Code::Conflict) {
                m_result.failure = updated.error().toString();
                return;
            }
            ++m_result.conflicts;
            const auto fresh = m_pm->actionItem(copy.id);
            if (!fresh) {
                m_result.failure = fresh.error().toString();
                return;
            }
            copy = *fresh;
        }
    }

    // This writer's own field (never conflicts: merged) and the trigger both writers edit (may).
    void editIncident(qint64 op)
    {
        const QString own = QStringLiteral("w%1 edit %2").arg(m_index).arg(op);
        const QString trigger = QStringLiteral("trigger by w%1 at %2").arg(m_index).arg(op);
        Incident copy = m_incident;
        for (;;) {
            IncidentUpdate update;
            update.*ownUpdate[m_index] = own;
            update.trigger = trigger;
            update.basedOn = copy.rowVersion;
            update.startedFrom = copy;
            const auto updated = retryLocked(m_result, [&] { return m_pm->updateIncident(m_incidentId, update); });
            if (updated) {
                if (updated->rowVersion != copy.rowVersion + 1)
                    ++m_result.merged;
                m_result.incidentWrites.push_back({updated->rowVersion, own, trigger, std::nullopt});
                m_incident = *updated;
                return;
            }
            if (updated.error().code != Code::Conflict) {
                m_result.failure = updated.error().toString();
                return;
            }
            ++m_result.conflicts;
            const auto fresh = m_pm->incident(m_incidentId);
            if (!fresh) {
                m_result.failure = fresh.error().toString();
                return;
            }
            copy = *fresh;
        }
    }

    int m_index;
    QString m_location;
    qint64 m_incidentId;
    SteadyClock::time_point m_until;
    std::mt19937 m_random;
    store::PostmortemStore* m_pm = nullptr;
    Incident m_incident;
    std::vector<ActionItem> m_items;
    WriterResult m_result;
};

// What one snapshot must show: each writer's items numbered 0.. without a gap, as many as the
// count written with them; nothing older than what this reader saw before.
QString tornIn(const model::Postmortem& postmortem, qint64& lastVersion, std::size_t& lastItems)
{
    for (int w = 0; w < writerCount; ++w) {
        std::vector<qint64> numbers;
        const QString prefix = QStringLiteral("w%1-").arg(w);
        for (const ActionItem& item : postmortem.actionItems) {
            if (item.description.startsWith(prefix))
                numbers.push_back(item.description.mid(prefix.size()).toLongLong());
        }
        std::ranges::sort(numbers);
        for (std::size_t i = 0; i < numbers.size(); ++i) {
            if (numbers[i] != qint64(i))
                return QStringLiteral("writer %1's items have a gap before w%1-%2").arg(w).arg(numbers[i]);
        }
        const QString counted = postmortem.incident.*countField[w];
        const QString expected = numbers.empty() ? QString() : addedCount(w, qint64(numbers.size()));
        if (counted != expected)
            return QStringLiteral("writer %1: %2 items, but the incident says \"%3\"").arg(w).arg(numbers.size()).arg(counted);
    }
    if (postmortem.incident.rowVersion < lastVersion)
        return QStringLiteral("the incident went back from version %1 to %2")
            .arg(lastVersion)
            .arg(postmortem.incident.rowVersion);
    if (postmortem.actionItems.size() < lastItems)
        return QStringLiteral("items went from %1 to %2").arg(lastItems).arg(postmortem.actionItems.size());
    lastVersion = postmortem.incident.rowVersion;
    lastItems = postmortem.actionItems.size();
    return {};
}

ReaderResult read(const QString& location, qint64 incidentId, SteadyClock::time_point until)
{
    ReaderResult result;
    auto opened = workspace::Workspace::open(location);
    if (!opened) {
        result.failure = opened.error().toString();
        return result;
    }
    qint64 lastVersion = 0;
    std::size_t lastItems = 0;
    while (SteadyClock::now() < until) {
        const auto started = SteadyClock::now();
        const auto postmortem = opened->postmortems().postmortem(incidentId);
        result.latenciesUs.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started).count());
        if (!postmortem) {
            result.failure = postmortem.error().toString();
            return result;
        }
        ++result.reads;
        if (const QString torn = tornIn(*postmortem, lastVersion, lastItems); !torn.isEmpty()) {
            if (result.torn++ == 0)
                result.firstTorn = torn;
        }
    }
    return result;
}

// Every write the writers were told had landed, looked for in the final state; each miss is
// described in `lost`.
QStringList findLost(const model::Postmortem& final, const std::vector<WriterResult>& writers)
{
    QStringList lost;
    std::map<qint64, const ActionItem*> items;
    for (const ActionItem& item : final.actionItems)
        items[item.id] = &item;
    qint64 incidentWrites = 0;
    const IncidentWrite* lastTrigger = nullptr;
    std::map<qint64, std::pair<qint64, const StatusWrite*>> statusWrites; // item -> count, last
    for (int w = 0; w < writerCount; ++w) {
        const WriterResult& writer = writers[std::size_t(w)];
        for (std::size_t n = 0; n < writer.added.size(); ++n) {
            const auto found = items.find(writer.added[n]);
            if (found == items.end() || found->second->description != itemDescription(w, qint64(n)))
                lost << QStringLiteral("item %1 (%2) added by writer %3").arg(writer.added[n]).arg(itemDescription(w, qint64(n))).arg(w);
        }
        incidentWrites += qint64(writer.incidentWrites.size());
        const IncidentWrite* lastOwn = nullptr;
        const IncidentWrite* lastCount = nullptr;
        for (const IncidentWrite& write : writer.incidentWrites) {
            if (write.own && (!lastOwn || write.version > lastOwn->version))
                lastOwn = &write;
            if (write.count && (!lastCount || write.version > lastCount->version))
                lastCount = &write;
            if (write.trigger && (!lastTrigger || write.version > lastTrigger->version))
                lastTrigger = &write;
        }
        if (lastOwn && final.incident.*ownField[w] != *lastOwn->own)
            lost << QStringLiteral("writer %1's last edit \"%2\" (stored: \"%3\")").arg(w).arg(*lastOwn->own, final.incident.*ownField[w]);
        if (lastCount && final.incident.*countField[w] != *lastCount->count)
            lost << QStringLiteral("writer %1's count \"%2\"").arg(w).arg(*lastCount->count);
        for (const StatusWrite& write : writer.statusWrites) {
            auto& [count, last] = statusWrites[write.itemId];
            ++count;
            if (!last || write.version > last->version)
                last = &write;
        }
    }
    if (lastTrigger && final.incident.trigger != *lastTrigger->trigger)
        lost << QStringLiteral("the last trigger \"%1\" (stored: \"%2\")").arg(*lastTrigger->trigger, final.incident.trigger);
    // Each landed write counted once: none overwrote another unseen.
    if (final.incident.rowVersion != 1 + incidentWrites)
        lost << QStringLiteral("the incident is at version %1 after %2 writes").arg(final.incident.rowVersion).arg(incidentWrites);
    for (const auto& [itemId, counted] : statusWrites) {
        const auto found = items.find(itemId);
        if (found == items.end())
            continue; // reported above
        const ActionItem& item = *found->second;
        if (item.rowVersion != 1 + counted.first)
            lost << QStringLiteral("item %1 is at version %2 after %3 status changes").arg(itemId).arg(item.rowVersion).arg(counted.first);
        if (item.status != counted.second->status)
            lost << QStringLiteral("item %1's last status %2 (stored: %3)")
                        .arg(itemId)
                        .arg(model::toString(counted.second->status), model::toString(item.status));
    }
    return lost;
}

} // namespace

int runConcurrencyBench(const QString& location, double seconds, QTextStream& out)
{
    auto setup = workspace::Workspace::open(location);
    if (!setup) {
        out << "cannot open " << location << ": " << setup.error().toString() << '\n';
        return 1;
    }
    Incident incident;
    incident.title = QStringLiteral("Concurrency bench %1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    incident.fromUs = 1781744400LL * 1'000'000;
    incident.toUs = incident.fromUs + 9 * 3600LL * 1'000'000;
    const auto created = setup->postmortems().createIncident(incident);
    if (!created) {
        out << "cannot create the bench's incident: " << created.error().toString() << '\n';
        return 1;
    }
    const qint64 incidentId = created->id;
    out << "concurrency: " << writerCount << " writers, " << readerCount << " readers, " << seconds << " s on "
        << (location.startsWith(u"postgresql:") ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite"))
        << " (incident " << incidentId << ")\n";
    out.flush();

    const auto begun = SteadyClock::now();
    const auto until = begun + std::chrono::microseconds(qint64(seconds * 1e6));
    std::vector<WriterResult> writers(writerCount);
    std::vector<ReaderResult> readers(readerCount);
    {
        std::vector<std::jthread> threads;
        for (int w = 0; w < writerCount; ++w)
            threads.emplace_back([&, w] { writers[std::size_t(w)] = Writer(w, location, incidentId, until).run(); });
        for (int r = 0; r < readerCount; ++r)
            threads.emplace_back([&, r] { readers[std::size_t(r)] = read(location, incidentId, until); });
    }
    const double elapsed = std::chrono::duration<double>(SteadyClock::now() - begun).count();

    const auto final = setup->postmortems().postmortem(incidentId);
    if (!final) {
        out << "cannot read the result: " << final.error().toString() << '\n';
        return 1;
    }
    QStringList failures;
    qint64 adds = 0, statusChanges = 0, incidentEdits = 0, conflicts = 0, merged = 0, lockRetries = 0;
    std::vector<qint64> writeLatencies;
    for (int w = 0; w < writerCount; ++w) {
        const WriterResult& writer = writers[std::size_t(w)];
        if (!writer.failure.isEmpty())
            failures << QStringLiteral("writer %1 stopped: %2").arg(w).arg(writer.failure);
        adds += qint64(writer.added.size());
        statusChanges += qint64(writer.statusWrites.size());
        incidentEdits += qint64(writer.incidentWrites.size()) - qint64(writer.added.size());
        conflicts += writer.conflicts;
        merged += writer.merged;
        lockRetries += writer.lockRetries;
        writeLatencies.insert(writeLatencies.end(), writer.latenciesUs.begin(), writer.latenciesUs.end());
    }
    qint64 reads = 0, torn = 0;
    std::vector<qint64> readLatencies;
    for (int r = 0; r < readerCount; ++r) {
        const ReaderResult& reader = readers[std::size_t(r)];
        if (!reader.failure.isEmpty())
            failures << QStringLiteral("reader %1 stopped: %2").arg(r).arg(reader.failure);
        reads += reader.reads;
        torn += reader.torn;
        if (reader.torn > 0)
            failures << QStringLiteral("reader %1 saw %2 torn reads, the first: %3").arg(r).arg(reader.torn).arg(reader.firstTorn);
        readLatencies.insert(readLatencies.end(), reader.latenciesUs.begin(), reader.latenciesUs.end());
    }
    const QStringList lost = findLost(*final, writers);
    const qint64 writes = adds + statusChanges + incidentEdits;
    out << QStringLiteral("  writes      %1 in %2 s = %3/s (items added %4, status changes %5, incident edits %6)\n")
               .arg(writes)
               .arg(elapsed, 0, 'f', 1)
               .arg(double(writes) / elapsed, 0, 'f', 1)
               .arg(adds)
               .arg(statusChanges)
               .arg(incidentEdits)
        << QStringLiteral("  write time  p50 %1 ms, p99 %2 ms, max %3 ms (a write with its retries)\n")
               .arg(double(percentile(writeLatencies, 0.5)) / 1000, 0, 'f', 2)
               .arg(double(percentile(writeLatencies, 0.99)) / 1000, 0, 'f', 2)
               .arg(double(percentile(writeLatencies, 1.0)) / 1000, 0, 'f', 2)
        << QStringLiteral("  conflicts   %1 refused and applied again on a fresh copy; %2 merged from a stale copy\n")
               .arg(conflicts)
               .arg(merged)
        << QStringLiteral("  lock waits  %1 writes refused as Locked (busy timeout passed) and tried again\n").arg(lockRetries)
        << QStringLiteral("  reads       %1 whole postmortems = %2/s; p50 %3 ms, p99 %4 ms; %5 items at the end\n")
               .arg(reads)
               .arg(double(reads) / elapsed, 0, 'f', 1)
               .arg(double(percentile(readLatencies, 0.5)) / 1000, 0, 'f', 2)
               .arg(double(percentile(readLatencies, 0.99)) / 1000, 0, 'f', 2)
               .arg(final->actionItems.size())
        << QStringLiteral("  torn reads  %1\n").arg(torn) << QStringLiteral("  lost        %1\n").arg(lost.size());
    for (const QString& what : lost)
        out << "    lost: " << what << '\n';
    for (const QString& what : failures)
        out << "    " << what << '\n';
    out.flush();
    return lost.isEmpty() && failures.isEmpty() && writes > 0 && reads > 0 ? 0 : 1;
}

} // namespace aftermath::bench
