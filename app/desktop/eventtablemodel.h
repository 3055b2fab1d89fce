#pragma once

#include "model/textquery.h"
#include "store/evidencestore.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <list>
#include <unordered_map>
#include <vector>

namespace aftermath::desktop {

// Events of a store as a table of known length: the rows are positions in timeline order (what a
// find job found, workspace::findEvents), and an event is read from the store, a page at a time,
// only when a row of it is shown. At most `cachedPages` pages are kept, so memory stays flat
// however far the view scrolls; the scroll bar is honest from the start.
class EventTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, LevelColumn, KindColumn, SourceColumn, ServiceColumn, MessageColumn, ColumnCount };
    // Where the Message column's text has what the text query found, as QVariantList of
    // QPoint(start, length): what a delegate highlights.
    enum Role { HighlightRole = Qt::UserRole + 1 };

    // Rows read from the store at once, and how many such pages are kept.
    static constexpr int pageSize = 256;
    static constexpr int cachedPages = 48;

    explicit EventTableModel(QObject* parent = nullptr);

    // The store rows are read from (not owned; it must outlive its use here), or nullptr. Clears
    // the rows: setPositions() says which to show.
    void setStore(const store::EvidenceStore* store);
    const store::EvidenceStore* store() const { return m_store; }

    // Shows the events at `positions` (timeline order), whose texts `highlight` marks.
    void setPositions(std::vector<store::EventPosition> positions, model::TextQuery highlight = {});
    // Shows every event of the store at once, reading their positions here: for small stores and
    // tests; a window uses a find job instead.
    Result<void> showAllEvents();
    const std::vector<store::EventPosition>& positions() const { return m_positions; }
    const model::TextQuery& highlight() const { return m_highlight; }

    // The first row at or after `utcUs` (rowCount() when none is).
    int rowAtOrAfter(qint64 utcUs) const;
    // The row of event `id`, or -1.
    int rowOfEvent(qint64 id) const;

    // The zone times are shown in; the system zone until set. The window shows the selected
    // incident's zone (model::displayZone), and the system zone (or the one the user chose) when
    // no incident is selected.
    void setDisplayZone(const QTimeZone& zone);
    QTimeZone displayZone() const { return m_zone; }

    // The event shown in `row` (below rowCount()), read from the store if its page is not kept;
    // nullopt (and loadFailed()) when the read fails.
    std::optional<model::StoredEvent> eventAt(int row) const;
    // How many pages are kept now (for the memory test).
    int keptPages() const { return int(m_pages.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // Reading from the store failed: the rows of that page show nothing until the next reset.
    void loadFailed(const QString& message) const;

private:
    struct Page {
        std::vector<model::StoredEvent> events; // by row within the page; empty when it failed
        std::list<int>::iterator use; // where it stands in m_recent
    };

    // The page holding `row`, read if needed; nullptr when it could not be read.
    const model::StoredEvent* cachedEvent(int row) const;
    void clearPages();
    static QString plainTextToolTip(const QString& text);

    const store::EvidenceStore* m_store = nullptr;
    std::vector<store::EventPosition> m_positions;
    model::TextQuery m_highlight;
    QTimeZone m_zone;
    // Pages by number, and their numbers from most to least recently used.
    mutable std::unordered_map<int, Page> m_pages;
    mutable std::list<int> m_recent;
    mutable bool m_failed = false; // a read failed: say so once, not for every cell
};

} // namespace aftermath::desktop
