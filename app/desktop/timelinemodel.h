#pragma once

#include "model/timeformat.h"
#include "store/evidencestore.h"
#include "timeline/timeline.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace aftermath::desktop {

// The entries of a reconstructed timeline as a table: the key entries only (changes, runs, errors,
// retries, alerts, people; as the CLI shows them), or every entry. Times are written by
// model::WindowTimeFormat in the zone the view gives (model::displayZone).
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
    // a view keeps its selection.
    void setShowAll(bool all);
    bool showAll() const { return m_showAll; }
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
    // The entry shown in `row`, which must be below rowCount(), and its index in timeline().entries.
    const timeline::Entry& entryAt(int row) const;
    std::size_t entryIndexAt(int row) const;
    // The row showing entry `entryIndex`, or -1 when it is hidden.
    int rowOfEntry(std::size_t entryIndex) const;
    // The first row whose entry cites `eventId`, or -1.
    int rowCiting(qint64 eventId) const;
    // The first row at or after `utcUs` (its start), or rowCount() when there is none.
    int rowAtOrAfter(qint64 utcUs) const;

    // "CI run", "job start", "error": a kind as the table shows it.
    static QString kindLabel(model::EventKind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    bool isShown(const timeline::Entry& entry) const;
    void rebuildRows();
    // Brings the rows shown in line with isShown(), a stretch of rows at a time.
    void updateRows();

    timeline::Timeline m_timeline;
    model::WindowTimeFormat m_format;
    std::vector<std::size_t> m_rows; // the indices in m_timeline.entries of the rows shown
    int m_keyCount = 0;
    bool m_showAll = false;
    std::optional<std::pair<qint64, qint64>> m_range;
    store::EventQuery m_filter; // without its window, which is:
    std::optional<qint64> m_filterFromUs;
    std::optional<qint64> m_filterToUs;
    CitedEvent m_cited;
};

} // namespace aftermath::desktop
