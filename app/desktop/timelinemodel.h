#pragma once

#include "model/timeformat.h"
#include "store/evidencestore.h"
#include "timeline/timeline.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <QTimeZone>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace aftermath::desktop {

// The entries of a reconstructed timeline as a table: the key entries only (changes, runs, errors,
// retries, alerts, people; as the CLI shows them), or every entry. Times are written by
// model::WindowTimeFormat in the zone the view gives (model::displayZone). In noisy logs the
// entries folded into the background (Entry::background: steady since before the incident) are,
// with the key entries only, one row where the first of them begins, which expands to show them.
class TimelineModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, KindColumn, SummaryColumn, SourceColumn, ColumnCount };
    enum Role {
        SummaryRole = Qt::UserRole + 1, // the summary's first line, without the count
        CountRole, // how many events the entry stands for
        KeyRole, // whether it is a key entry
        // Where the summary has what the filter's text found, as QVariantList of
        // QPoint(start, length) (the Events tab's HighlightRole).
        HighlightRole,
        BackgroundGroupRole, // whether the row is the background group's
        ExpandedRole, // the background group's row: whether its entries are shown
        BackgroundEntryRole, // whether the row's entry is in the background group
    };

    // What the background group's row stands for: the background entries that the time range and
    // the filter leave.
    struct BackgroundGroup {
        int entries = 0;
        qint64 events = 0;
        qint64 firstUs = 0;
        std::optional<qint64> lastUs; // the last one's end, when later than firstUs
        QStringList sources; // each once, in order of first appearance
        bool operator==(const BackgroundGroup&) const = default;
    };

    explicit TimelineModel(QObject* parent = nullptr);

    // Shows `timeline` with its times in `zone`; resets the model. A time range stays.
    void setTimeline(timeline::Timeline timeline, const QTimeZone& zone);
    // Shows the same timeline's times in `zone`: the time column and its header change.
    void setZone(const QTimeZone& zone);
    // No timeline, and no time range.
    void clear();
    const timeline::Timeline& timeline() const { return m_timeline; }
    const model::WindowTimeFormat& timeFormat() const { return m_format; }

    // Every entry, or only the key ones (the default). Rows come and go with precise signals, so
    // a view keeps its selection. Every entry: the background entries are shown, marked as such,
    // and the background group has no row.
    void setShowAll(bool all);
    bool showAll() const { return m_showAll; }

    // The background group: with the key entries only, a row where its first entry begins, which
    // shows its entries after it, in time order, while expanded (precise signals, as setShowAll).
    // A new timeline keeps it expanded or not; clear() collapses it.
    void setBackgroundExpanded(bool expanded);
    bool backgroundExpanded() const { return m_backgroundExpanded; }
    // The background group's row, or -1 when there is none (no background entries, every entry
    // shown, or none of them in the time range and filter).
    int groupRow() const;
    bool isGroupRow(int row) const;
    const BackgroundGroup& backgroundGroup() const { return m_group; }
    // Only the entries that happen in a time range (from and to, UTC µs, inclusive): those whose
    // span (first to last repeat) overlaps it. None: every time. Precise signals, as setShowAll.
    void setTimeRange(const std::optional<std::pair<qint64, qint64>>& range);
    const std::optional<std::pair<qint64, qint64>>& timeRange() const { return m_range; }

    // The events an entry cites, by id, as far as the view has read them (the key entries'); nullptr
    // for one not read.
    using CitedEvent = std::function<const model::StoredEvent*(qint64 id)>;
    // Only the entries the filter bar's query finds, an entry standing for its events: its summary
    // and run are its text, with the texts of the events it cites; its kind, source and run are its
    // own; a level or service is that of an event it cites. The query's window is not used (the
    // time range is). An empty query: every entry. Precise signals, as setShowAll.
    void setFilter(const store::EventQuery& query, CitedEvent cited);
    const store::EventQuery& filter() const { return m_filter; }
    // Whether `entry` is one the filter finds.
    bool matchesFilter(const timeline::Entry& entry) const;

    int entryCount() const { return int(m_timeline.entries.size()); }
    int keyEntryCount() const { return m_keyCount; }
    // The entries in the background group, whatever the time range and filter.
    int backgroundEntryCount() const { return m_backgroundCount; }
    // The entry shown in `row`, which must be below rowCount() and not the group's row, and its
    // index in timeline().entries.
    const timeline::Entry& entryAt(int row) const;
    std::size_t entryIndexAt(int row) const;
    // The row showing entry `entryIndex`, or -1 when it is hidden.
    int rowOfEntry(std::size_t entryIndex) const;
    // The first row whose entry cites `eventId`, or -1.
    int rowCiting(qint64 eventId) const;
    // The first row at or after `utcUs` (its start; the group's row starts with its first entry), or
    // rowCount() when there is none.
    int rowAtOrAfter(qint64 utcUs) const;

    // "CI run", "job start", "error": a kind as the table shows it.
    static QString kindLabel(model::EventKind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // Whether the time range and the filter leave `entry`.
    bool passes(const timeline::Entry& entry) const;
    // The rows to show, in order: each entry index i shown as 2i + 1, the group's row before entry
    // i as 2i. m_group is what the group's row stands for.
    std::vector<std::size_t> wantedRows();
    void rebuildRows();
    // Brings the rows shown in line with wantedRows(), a stretch of rows at a time.
    void updateRows();
    QVariant groupData(const QModelIndex& index, int role) const;

    timeline::Timeline m_timeline;
    model::WindowTimeFormat m_format;
    std::vector<std::size_t> m_rows; // as wantedRows()
    int m_keyCount = 0;
    int m_backgroundCount = 0;
    BackgroundGroup m_group;
    bool m_backgroundExpanded = false;
    bool m_showAll = false;
    std::optional<std::pair<qint64, qint64>> m_range;
    store::EventQuery m_filter; // without its window, which is:
    std::optional<qint64> m_filterFromUs;
    std::optional<qint64> m_filterToUs;
    CitedEvent m_cited;
};

} // namespace aftermath::desktop
