#pragma once

#include "model/incident.h"
#include "timeline/timeline.h"

#include <QString>

#include <span>
#include <vector>

namespace aftermath::draft {

// What the evidence says for a postmortem: the curated timeline and the texts the draft offers.
struct Proposal {
    std::vector<model::TimelineEntry> entries; // one per key timeline entry, origin Draft, in time order
    // Empty when the evidence says nothing about it.
    QString trigger; // the top suspect change and why it is suspected
    QString detection; // when the impact was first noticed, and what was seen
    QString impact; // first error to resolution, and the runs that never finished
};

// The draft's proposal for `incident` from its reconstructed timeline. Times are written in the
// incident's zone as model::displayZone() picks it (nothing is chosen: its own, else the system's).
// Deterministic for a given system zone.
Proposal propose(const model::Incident& incident, const timeline::Timeline& timeline);

// What drafting did to one incident text field.
struct FieldOutcome {
    enum class Action {
        Filled, // it was empty
        Refreshed, // it still held exactly the previous draft's text, and the evidence now says more or other
        Unchanged, // it still held the previous draft's text, which is what the draft says again
        Kept, // a person wrote or changed it: left alone
        NothingFound, // the evidence says nothing about it: left as it was
    };
    QString field; // trigger, detection, impact
    Action action = Action::NothingFound;
};

// What drafting did, entry counts and field by field, for the front ends to report.
struct DraftOutcome {
    qint64 incidentId = 0;
    qint64 entriesAdded = 0;
    qint64 entriesReplaced = 0; // the previous draft's entries nobody had edited, removed first
    qint64 entriesKeptEdited = 0; // drafted entries a person edited: left alone
    qint64 entriesKeptUser = 0; // entries a person wrote: left alone
    qint64 entriesCovered = 0; // not added: a kept entry cites some of the same events
    qint64 entriesDismissed = 0; // not added: a person removed the draft's entry for these events
    std::vector<FieldOutcome> fields; // trigger, detection, impact
};

// What drafting writes, decided from the postmortem as it stands; core/workspace applies it in
// one write: it removes the previous draft's entries nobody edited (their count goes into
// outcome.entriesReplaced), adds `entries` and writes `fields` as the draft's own text.
struct DraftPlan {
    std::vector<model::TimelineEntry> entries;
    model::IncidentUpdate fields;
    DraftOutcome outcome;
};

// Decides what drafting `proposal` into a postmortem does. What a person wrote or edited is never
// overwritten:
// - timeline entries a person wrote (origin user) or edited stay, and a key entry whose events a
//   kept entry already cites is not added again; nor is one whose events were cited by a drafted
//   entry a person removed (`dismissed`);
// - a text field is written only when it is empty, or still exactly the text the draft last wrote
//   there (`drafted`, only the fields it wrote set); anything else is a person's and is kept.
// `current` is the postmortem as stored, read in the same write that applies the plan.
DraftPlan planDraft(const Proposal& proposal, const model::Postmortem& current, const model::IncidentUpdate& drafted,
    std::span<const qint64> dismissed);

// "filled", "kept (a person's text)", ...: for messages.
QString describe(FieldOutcome::Action action);

} // namespace aftermath::draft
