#pragma once

#include "model/error.h"
#include "model/incident.h"
#include "model/timeformat.h"
#include "store/postmortemstore.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace aftermath::desktop {

// A postmortem's curated timeline (what people and the draft wrote, each entry citing events) as
// a table over the store, in time order: times in the incident's zone (model::displayZone), the
// text and note editable in place, drafted entries marked as such, and those a person edited
// marked too. Every change is written at once and moves rows with precise signals.
class CuratedTimelineModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, TextColumn, NoteColumn, EvidenceColumn, OriginColumn, ColumnCount };
    enum Role {
        EntryIdRole = Qt::UserRole + 1,
        DraftedRole, // bool: the draft wrote it and no person has changed it
    };

    explicit CuratedTimelineModel(QObject* parent = nullptr);

    // The curated timeline of `incident` in `store` (not owned), or nothing for nullptr/nullopt.
    // Reloads.
    void setIncident(store::PostmortemStore* store, const std::optional<model::Incident>& incident);
    // The zone the user chose to show times in (model::displayZone's `chosen`); none: the incident's.
    void setChosenZone(const std::optional<QTimeZone>& zone);
    // Reads the entries again (resets the model).
    Result<void> reload();

    // Adds `entry` (for this incident) in its place in time; returns its row.
    Result<int> addEntry(model::TimelineEntry entry);
    // Rewrites entry `entry.id` (a person's edit: a drafted entry becomes edited) and moves it
    // to its place in time; returns its row. Several people at once: the edit is based on the entry
    // as this model holds it; fields someone else changed meanwhile and this edit did not are kept,
    // and when both changed one the edit is refused (editConflicted, Error::Code::Conflict).
    Result<int> updateEntry(const model::TimelineEntry& entry);
    // Removes the entry in `row`, unless someone else changed it meanwhile (then the entries are
    // read again, with writeFailed()).
    Result<void> removeEntry(int row);
    // After editConflicted: writes `mine` over their values of the fields in `conflict`, keeping
    // what else they changed; a third change meanwhile is refused again.
    Result<int> writeOver(const model::TimelineEntry& mine, model::TimelineEntry read, const Error& conflict);

    const model::TimelineEntry& entryAt(int row) const;
    const std::vector<model::TimelineEntry>& entries() const { return m_entries; }
    // The row of entry `id`, or -1.
    int rowOf(qint64 id) const;
    // The first row whose entry cites exactly `eventIds` (in any order), or -1.
    int rowCitingExactly(std::vector<qint64> eventIds) const;
    const model::WindowTimeFormat& timeFormat() const { return m_format; }
    QTimeZone zone() const { return m_zone; }

    // "drafted", "drafted, edited" or "added", as the Origin column says it.
    static QString originLabel(const model::TimelineEntry& entry);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Rewrites the text or the note. False, with writeFailed(), when the store refuses.
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void writeFailed(const QString& message);
    // An edit (`mine`, made from `read`) refused because someone else changed the same fields.
    void editConflicted(const model::TimelineEntry& mine, const model::TimelineEntry& read, const Error& conflict);
    // Each change written to the store, as it was written (the postmortem's undo stack records them).
    void entryAdded(const model::TimelineEntry& entry);
    void entryChanged(const model::TimelineEntry& before, const model::TimelineEntry& after);
    void entryRemoved(const model::TimelineEntry& entry);

private:
    // The row an entry at `timeUs` with `id` belongs in, among the others.
    int placeFor(qint64 timeUs, qint64 id) const;
    // Times show dates when the entries reach beyond the window's day; says whether that changed.
    bool updateFormat();
    void timesChanged();

    store::PostmortemStore* m_store = nullptr;
    std::optional<model::Incident> m_incident;
    std::optional<QTimeZone> m_chosenZone;
    QTimeZone m_zone = QTimeZone::utc(); // the incident's times are shown in
    model::WindowTimeFormat m_format;
    std::vector<model::TimelineEntry> m_entries;
};

} // namespace aftermath::desktop
