#include "draft.h"

#include "model/timeformat.h"

#include <QSet>

#include <algorithm>

namespace aftermath::draft {

namespace {

using model::WindowTimeFormat;
using timeline::Finding;
using timeline::Run;

QString runName(const Run& run)
{
    if (!run.tenant.isEmpty())
        return run.job.isEmpty() ? run.tenant : run.job + QStringLiteral(" for ") + run.tenant;
    const QString name = QStringList{run.job, run.run}.join(u' ').trimmed();
    return name.isEmpty() ? run.source : name;
}

const Finding* findFirst(const timeline::Timeline& t, Finding::Type type, int rank = 0)
{
    for (const Finding& f : t.findings) {
        if (f.type == type && (rank == 0 || f.rank == rank))
            return &f;
    }
    return nullptr;
}

QString triggerText(const timeline::Timeline& t, const WindowTimeFormat& time)
{
    const Finding* top = findFirst(t, Finding::Type::SuspectChange, 1);
    if (!top)
        return {};
    QString text = QStringLiteral("%1 (%2).").arg(top->summary, time.full(top->timeUs));
    if (!top->reason.isEmpty())
        text += QStringLiteral(" Suspected as the trigger: %1.").arg(top->reason);
    return text;
}

QString detectionText(const timeline::Timeline& t, const WindowTimeFormat& time)
{
    if (!t.phases.detected)
        return {};
    const qint64 detected = *t.phases.detected;
    QString text = QStringLiteral("Detected at %1").arg(time.full(detected));
    if (t.phases.impactStart && *t.phases.impactStart <= detected)
        text += QStringLiteral(", %1 after the impact began")
                    .arg(model::formatDuration(detected - *t.phases.impactStart));
    // What was seen: the alert or message at that moment (or the group of repeats it belongs to).
    for (const timeline::Entry& e : t.entries) {
        if (e.kind != model::EventKind::Alert && e.kind != model::EventKind::Chat)
            continue;
        if (e.timeUs == detected || (e.timeUs < detected && e.endUs && *e.endUs >= detected)) {
            text += QStringLiteral(": %1 (%2)").arg(e.summary, e.source);
            break;
        }
    }
    return text + u'.';
}

QString impactText(const timeline::Timeline& t, const WindowTimeFormat& time)
{
    if (!t.phases.impactStart)
        return {};
    const qint64 start = *t.phases.impactStart;
    QString text;
    if (t.phases.resolved)
        text = QStringLiteral("Impact from %1 to %2 (%3), from the first error to the last run to succeed after it.")
                   .arg(time.full(start), time.full(*t.phases.resolved),
                       model::formatDuration(*t.phases.resolved - start));
    else
        text = QStringLiteral("Impact from %1; no resolution seen by the end of the window (%2).")
                   .arg(time.full(start), time.full(t.toUs));
    if (const Finding* first = findFirst(t, Finding::Type::FirstError))
        text += u' ' + first->summary + u'.';
    if (t.phases.mitigated)
        text += QStringLiteral(" Mitigated at %1.").arg(time.full(*t.phases.mitigated));
    QStringList unfinished;
    for (const Run& run : t.runs) {
        if (run.outcome != Run::Outcome::Unfinished)
            continue;
        QString line = QStringLiteral("%1 (started %2, %3 retries, %4 errors")
                           .arg(runName(run), time.full(run.startedUs))
                           .arg(run.retries)
                           .arg(run.errors);
        if (!run.version.isEmpty())
            line += QStringLiteral(", on ") + run.version;
        unfinished << line + u')';
    }
    if (!unfinished.isEmpty())
        text += QStringLiteral("\nRuns that never finished: %1.").arg(unfinished.join(QStringLiteral("; ")));
    return text;
}

bool citesAny(const std::vector<qint64>& eventIds, const QSet<qint64>& set)
{
    return std::ranges::any_of(eventIds, [&](qint64 id) { return set.contains(id); });
}

} // namespace

Proposal propose(const model::Incident& incident, const timeline::Timeline& t)
{
    // Every time with its date and offset: the texts are read on their own, away from the window.
    const WindowTimeFormat time(t.fromUs, t.toUs, model::displayZone(incident));
    Proposal proposal;
    for (const timeline::Entry& e : t.entries) {
        if (!e.key)
            continue;
        model::TimelineEntry entry;
        entry.incidentId = incident.id;
        entry.timeUs = e.timeUs;
        entry.endUs = e.endUs;
        entry.text = e.count > 1 ? QStringLiteral("%1 ×%2").arg(e.summary).arg(e.count) : e.summary;
        entry.origin = model::TimelineEntry::Origin::Draft;
        entry.eventIds = e.eventIds;
        proposal.entries.push_back(std::move(entry));
    }
    proposal.trigger = triggerText(t, time);
    proposal.detection = detectionText(t, time);
    proposal.impact = impactText(t, time);
    return proposal;
}

QString describe(FieldOutcome::Action action)
{
    switch (action) {
    case FieldOutcome::Action::Filled:
        return QStringLiteral("filled");
    case FieldOutcome::Action::Refreshed:
        return QStringLiteral("updated (it still held the previous draft's text)");
    case FieldOutcome::Action::Unchanged:
        return QStringLiteral("unchanged (the draft says the same again)");
    case FieldOutcome::Action::Kept:
        return QStringLiteral("kept (a person's text)");
    case FieldOutcome::Action::NothingFound:
        return QStringLiteral("left as it was (nothing in the evidence)");
    }
    return {};
}

DraftPlan planDraft(const Proposal& proposal, const model::Postmortem& current, const model::IncidentUpdate& drafted,
    std::span<const qint64> dismissedIds)
{
    DraftPlan plan;
    DraftOutcome& outcome = plan.outcome;
    outcome.incidentId = current.incident.id;
    QSet<qint64> keptCitations;
    for (const model::TimelineEntry& entry : current.timeline) {
        const bool byPerson = entry.origin == model::TimelineEntry::Origin::User;
        if (!byPerson && !entry.edited)
            continue;
        ++(byPerson ? outcome.entriesKeptUser : outcome.entriesKeptEdited);
        keptCitations.unite(QSet<qint64>(entry.eventIds.begin(), entry.eventIds.end()));
    }
    const QSet<qint64> dismissed(dismissedIds.begin(), dismissedIds.end());
    for (const model::TimelineEntry& entry : proposal.entries) {
        if (citesAny(entry.eventIds, dismissed)) {
            ++outcome.entriesDismissed;
            continue;
        }
        if (citesAny(entry.eventIds, keptCitations)) {
            ++outcome.entriesCovered;
            continue;
        }
        plan.entries.push_back(entry);
        ++outcome.entriesAdded;
    }

    // Text fields: filled when empty or still exactly what the draft last wrote there.
    const struct {
        const char* name;
        QString model::Incident::*field;
        std::optional<QString> model::IncidentUpdate::*member;
        const QString& proposed;
    } fields[] = {
        {"trigger", &model::Incident::trigger, &model::IncidentUpdate::trigger, proposal.trigger},
        {"detection", &model::Incident::detection, &model::IncidentUpdate::detection, proposal.detection},
        {"impact", &model::Incident::impact, &model::IncidentUpdate::impact, proposal.impact},
    };
    for (const auto& f : fields) {
        const QString& now = current.incident.*f.field;
        const std::optional<QString>& previous = drafted.*f.member;
        FieldOutcome field{QString::fromLatin1(f.name), FieldOutcome::Action::NothingFound};
        if (f.proposed.isEmpty())
            field.action = FieldOutcome::Action::NothingFound;
        else if (now.isEmpty())
            field.action = FieldOutcome::Action::Filled;
        else if (previous && now == *previous)
            field.action = now == f.proposed ? FieldOutcome::Action::Unchanged : FieldOutcome::Action::Refreshed;
        else
            field.action = FieldOutcome::Action::Kept;
        if (field.action == FieldOutcome::Action::Filled || field.action == FieldOutcome::Action::Refreshed)
            plan.fields.*f.member = f.proposed;
        outcome.fields.push_back(field);
    }
    return plan;
}

} // namespace aftermath::draft
