#include "transfer.h"

#include "jobsupport.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>
#include <map>

namespace aftermath::workspace {

namespace {

using model::Postmortem;
using model::Source;

// Names for cited events that hold in every store: an event is its source's file (path and
// content hash) and its place in it (seq); event ids are each store's own. Names are numbers given
// in the order first met, so that two postmortems named by one CitationNames compare.
class CitationNames {
public:
    // The name of each event `postmortem` cites in `store`; an id no event has is left out.
    Result<std::map<qint64, qint64>> of(const store::Store& store, const Postmortem& postmortem)
    {
        std::vector<qint64> ids;
        for (const model::TimelineEntry& entry : postmortem.timeline)
            ids.insert(ids.end(), entry.eventIds.begin(), entry.eventIds.end());
        auto events = store.evidence().eventsWithIds(ids);
        if (!events)
            return std::unexpected(events.error());
        auto sources = store.evidence().sources();
        if (!sources)
            return std::unexpected(sources.error());
        QHash<qint64, QString> files;
        for (const Source& source : *sources)
            files.insert(source.id, source.path + u'\n' + source.contentHash);
        std::map<qint64, qint64> named;
        for (const model::StoredEvent& stored : *events) {
            const auto key = std::pair{files.value(stored.event.sourceId), stored.event.seq};
            const auto [at, added] = m_names.try_emplace(key, qint64(m_names.size()) + 1);
            named[stored.event.id] = at->second;
        }
        return named;
    }

private:
    std::map<std::pair<QString, qint64>, qint64> m_names;
};

// A postmortem with what each store gives it on its own cleared (ids, times of the writes, row
// versions) and its citations translated by `eventIds`: two copies of one postmortem compare equal.
Postmortem comparable(Postmortem postmortem, const std::map<qint64, qint64>& eventIds)
{
    model::Incident& incident = postmortem.incident;
    incident.id = 0;
    incident.createdAtUs = incident.updatedAtUs = 0;
    incident.rowVersion = 0;
    for (model::TimelineEntry& entry : postmortem.timeline) {
        entry.id = entry.incidentId = 0;
        for (qint64& id : entry.eventIds) {
            const auto found = eventIds.find(id);
            id = found == eventIds.end() ? -id : found->second; // an event not copied stays unequal
        }
        std::sort(entry.eventIds.begin(), entry.eventIds.end());
    }
    std::stable_sort(postmortem.timeline.begin(), postmortem.timeline.end(),
        [](const model::TimelineEntry& a, const model::TimelineEntry& b) {
            return std::tie(a.timeUs, a.text) < std::tie(b.timeUs, b.text);
        });
    for (model::RootCause& cause : postmortem.rootCauses)
        cause.id = cause.incidentId = 0;
    for (model::ActionItem& item : postmortem.actionItems) {
        item.id = item.incidentId = 0;
        item.createdAtUs = 0;
        item.closedAtUs.reset();
    }
    for (model::CustomSection& section : postmortem.customSections)
        section.id = section.incidentId = 0;
    return postmortem;
}

// What differs between two comparable copies, for the refusal: "the title, the action items".
QStringList differences(const Postmortem& mine, const Postmortem& theirs)
{
    QStringList parts;
    model::Incident a = mine.incident;
    model::Incident b = theirs.incident;
    if (a.title != b.title)
        parts << QStringLiteral("the title");
    if (a.fromUs != b.fromUs || a.toUs != b.toUs || a.baseline != b.baseline)
        parts << QStringLiteral("the window or baseline");
    a.title = b.title;
    a.fromUs = b.fromUs;
    a.toUs = b.toUs;
    a.baseline = b.baseline;
    if (a != b)
        parts << QStringLiteral("the write-up's fields");
    if (mine.timeline != theirs.timeline)
        parts << QStringLiteral("the timeline");
    if (mine.rootCauses != theirs.rootCauses)
        parts << QStringLiteral("the root causes");
    if (mine.actionItems != theirs.actionItems)
        parts << QStringLiteral("the action items");
    if (mine.customSections != theirs.customSections)
        parts << QStringLiteral("the other sections");
    return parts;
}

// Whether `there` is `source` imported into another store: the same file, the same bytes.
bool sameSource(const Source& source, const Source& there)
{
    return there.path == source.path && there.contentHash == source.contentHash && !source.contentHash.isEmpty()
        && there.eventCount == source.eventCount && there.bytesConsumed == source.bytesConsumed;
}

} // namespace

Result<TransferOutcome> transferIncident(
    const TransferRequest& request, const JobProgressCallback& callback, const std::atomic_bool* cancel)
{
    const auto progressAt = [&](int permille, const QString& text) {
        if (callback)
            callback(JobProgress{permille, text});
    };
    const auto cancelled = [&] { return cancel && cancel->load(); };
    const QString what = QStringLiteral("copy of incident %1").arg(request.incidentId);

    auto from = openForJob(request.from, store::OpenOptions::Access::ReadOnly);
    if (!from)
        return std::unexpected(from.error());
    store::OpenOptions toOptions = request.to.options;
    toOptions.access = store::OpenOptions::Access::ReadWrite;
    auto to = store::Store::open(request.to.path, toOptions);
    if (!to)
        return std::unexpected(to.error());

    auto postmortem = from->postmortems().postmortem(request.incidentId);
    if (!postmortem)
        return std::unexpected(postmortem.error());
    const model::Incident& incident = postmortem->incident;

    // The incident `to` already holds, by uid.
    std::optional<qint64> existing;
    {
        auto incidents = to->postmortems().incidents();
        if (!incidents)
            return std::unexpected(incidents.error());
        for (const model::Incident& there : *incidents) {
            if (there.uid == incident.uid)
                existing = there.id;
        }
    }

    // The sources the incident stands on: those with events in what its timeline reads (the window
    // and the baseline before it), and those of the events its timeline cites.
    progressAt(0, QStringLiteral("Finding the incident's evidence"));
    QSet<qint64> needed;
    {
        const store::EventFilter window{
            .fromUs = timeline::readStartUs(timelineOptions(incident)), .toUs = incident.toUs};
        if (auto read = from->evidence().forEachEvent(window,
                [&](model::StoredEvent&& stored) {
                    needed.insert(stored.event.sourceId);
                    return !cancelled();
                });
            !read)
            return std::unexpected(read.error());
    }
    // What the draft remembers goes with the copy, so that drafting there neither takes a drafted
    // text for a person's nor brings back an entry the author dismissed.
    auto drafted = from->postmortems().draftedFields(request.incidentId);
    if (!drafted)
        return std::unexpected(drafted.error());
    auto dismissed = from->postmortems().dismissedDraftEvents(request.incidentId);
    if (!dismissed)
        return std::unexpected(dismissed.error());
    std::vector<qint64> cited = *dismissed;
    for (const model::TimelineEntry& entry : postmortem->timeline)
        cited.insert(cited.end(), entry.eventIds.begin(), entry.eventIds.end());
    std::sort(cited.begin(), cited.end());
    cited.erase(std::unique(cited.begin(), cited.end()), cited.end());
    auto citedEvents = from->evidence().eventsWithIds(cited);
    if (!citedEvents)
        return std::unexpected(citedEvents.error());
    for (const model::StoredEvent& stored : *citedEvents)
        needed.insert(stored.event.sourceId);
    if (cancelled())
        return std::unexpected(cancelledError(what, request.from.path));

    auto sources = from->evidence().sources();
    if (!sources)
        return std::unexpected(sources.error());
    auto theirSources = to->evidence().sources();
    if (!theirSources)
        return std::unexpected(theirSources.error());

    TransferOutcome outcome;
    QHash<qint64, qint64> sourceIds; // from's id -> to's id
    std::vector<Source> toCopy;
    for (const Source& source : *sources) {
        if (!needed.contains(source.id))
            continue;
        const auto there = std::find_if(theirSources->begin(), theirSources->end(),
            [&](const Source& candidate) { return sameSource(source, candidate); });
        if (there != theirSources->end()) {
            sourceIds.insert(source.id, there->id);
            ++outcome.sourcesPresent;
        } else {
            toCopy.push_back(source);
        }
    }

    // An incident `to` holds already must be the same there: compared with its citations named by
    // what each event is in any store (its source's path and content hash, and its seq), before
    // anything is written.
    if (existing) {
        auto theirs = to->postmortems().postmortem(*existing);
        if (!theirs)
            return std::unexpected(theirs.error());
        CitationNames names;
        auto mine = names.of(*from, *postmortem);
        auto there = mine ? names.of(*to, *theirs) : mine;
        if (!there)
            return std::unexpected(there.error());
        const Postmortem a = comparable(*postmortem, *mine);
        const Postmortem b = comparable(*theirs, *there);
        if (a != b)
            return fail(Error::Code::InvalidArgument,
                QStringLiteral("incident %1 (\"%2\") is already in this store as incident %3, and the two copies "
                               "differ (%4); nothing was copied: edit the one copy, here or there, rather than copying "
                               "it again")
                    .arg(request.incidentId)
                    .arg(incident.title)
                    .arg(*existing)
                    .arg(differences(a, b).join(QStringLiteral(", "))),
                to->path());
        outcome.incidentId = *existing;
    }

    // The evidence, in one transaction: every event of the sources to copy, in one pass over from's
    // events, with the sources' rows as they were imported.
    if (!toCopy.empty()) {
        progressAt(100, QStringLiteral("Copying %1 sources").arg(toCopy.size()));
        if (cancelled())
            return std::unexpected(cancelledError(what, request.from.path));
        auto transaction = to->evidence().beginEvidence();
        if (!transaction)
            return std::unexpected(transaction.error());
        QHash<qint64, qint64> copying;
        qint64 total = 0;
        for (const Source& source : toCopy) {
            Source row = source;
            row.id = 0;
            auto id = (*transaction)->addSource(row);
            if (!id)
                return std::unexpected(id.error());
            copying.insert(source.id, *id);
            total += source.eventCount;
        }
        std::vector<model::Event> batch;
        batch.reserve(4096);
        std::optional<Error> failure;
        const auto flush = [&]() -> bool {
            if (batch.empty())
                return true;
            if (auto added = (*transaction)->addEvents(batch); !added) {
                failure = added.error();
                return false;
            }
            outcome.eventsCopied += qint64(batch.size());
            batch.clear();
            progressAt(100 + int(std::min<qint64>(800, outcome.eventsCopied * 800 / std::max<qint64>(1, total))),
                QStringLiteral("Copying events"));
            return true;
        };
        auto read = from->evidence().forEachEvent({}, [&](model::StoredEvent&& stored) {
            const auto target = copying.constFind(stored.event.sourceId);
            if (target == copying.constEnd())
                return true;
            model::Event event = std::move(stored.event);
            event.id = 0;
            event.sourceId = *target;
            batch.push_back(std::move(event));
            if (cancelled())
                return false;
            return batch.size() < 4096 || flush();
        });
        if (!read)
            return std::unexpected(read.error());
        if (failure)
            return std::unexpected(*failure);
        if (cancelled())
            return std::unexpected(cancelledError(what, request.from.path)); // rolled back
        if (!flush())
            return std::unexpected(*failure);
        for (const Source& source : toCopy) {
            Source row = source;
            row.id = copying.value(source.id);
            if (auto updated = (*transaction)->updateSource(row); !updated)
                return std::unexpected(updated.error());
        }
        if (auto committed = (*transaction)->commit(); !committed)
            return std::unexpected(committed.error());
        for (auto it = copying.cbegin(); it != copying.cend(); ++it)
            sourceIds.insert(it.key(), it.value());
        outcome.sourcesCopied = int(toCopy.size());
    }

    if (existing) {
        progressAt(1000, QStringLiteral("Done"));
        return outcome;
    }

    // The copy cites the events of `to` (and remembers its dismissed ones): each found by its source
    // there and its seq.
    progressAt(900, QStringLiteral("Copying the postmortem"));
    std::map<std::pair<qint64, qint64>, std::vector<qint64>> wanted; // (to's source, seq) -> from's ids
    qint64 citedFrom = std::numeric_limits<qint64>::max();
    qint64 citedTo = std::numeric_limits<qint64>::min();
    for (const model::StoredEvent& stored : *citedEvents) {
        wanted[{sourceIds.value(stored.event.sourceId, -1), stored.event.seq}].push_back(stored.event.id);
        citedFrom = std::min(citedFrom, stored.event.timeUs);
        citedTo = std::max(citedTo, stored.event.timeUs);
    }
    std::map<qint64, qint64> translated; // from's event id -> to's
    if (!wanted.empty()) {
        if (auto read = to->evidence().forEachEvent({.fromUs = citedFrom, .toUs = citedTo},
                [&](model::StoredEvent&& stored) {
                    const auto found = wanted.find({stored.event.sourceId, stored.event.seq});
                    if (found != wanted.end()) {
                        for (qint64 id : found->second)
                            translated[id] = stored.event.id;
                    }
                    return translated.size() < citedEvents->size();
                });
            !read)
            return std::unexpected(read.error());
    }
    const auto translate = [&](const std::vector<qint64>& ids) {
        std::vector<qint64> there;
        for (qint64 id : ids) {
            const auto found = translated.find(id);
            if (found != translated.end())
                there.push_back(found->second);
        }
        return there;
    };
    Postmortem copy = *postmortem;
    for (model::TimelineEntry& entry : copy.timeline)
        entry.eventIds = translate(entry.eventIds);
    store::PostmortemStore& postmortems = to->postmortems();
    if (auto written = postmortems.atomically([&]() -> Result<void> {
            auto created = postmortems.createPostmortem(copy);
            if (!created)
                return std::unexpected(created.error());
            outcome.incidentId = *created;
            return postmortems.recordDraft(*created, *drafted, translate(*dismissed));
        });
        !written)
        return std::unexpected(written.error());
    outcome.incidentCopied = true;
    progressAt(1000, QStringLiteral("Done"));
    return outcome;
}

} // namespace aftermath::workspace
