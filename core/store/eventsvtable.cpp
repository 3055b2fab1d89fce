// The `events` virtual table and local_time() (docs/sql.md).
//
// SQLite asks xBestIndex which of a query's constraints the table can use. Constraints on time_us,
// on time (fixed-width ISO 8601 UTC text, so its text order is time order) and id = become a time
// window, or one block, that xFilter reads through the event_blocks_time index: blocks outside the
// window are never read. The window holds every row that can match. Where it holds exactly those
// (a constant: a number for time_us and id, text for time), SQLite is told not to check the
// constraint again; any other value (a column of another table in a join) SQLite checks row by
// row, so a value the window cannot follow (text compared with time_us, a number with time,
// another collation) narrows nothing and changes no answer.

#include "eventsvtable.h"

#include "eventblock.h"
#include "model/timestamp.h"
#include "storeimpl.h"

#include <QHash>
#include <QStringEncoder>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace aftermath::store {

namespace {

// The columns, first in the order and with the names of `events --format jsonl`, then what that
// leaves out. Keep tableSchema in step.
enum Column : int {
    IdColumn,
    TimeColumn,
    TimeQualityColumn,
    SourceColumn,
    LineColumn,
    LocatorColumn,
    LevelColumn,
    KindColumn,
    ServiceColumn,
    RunColumn,
    ActorColumn,
    OutcomeColumn,
    MessageColumn,
    TimeUsColumn,
    SourceIdColumn,
    RawColumn,
};

constexpr const char* tableSchema
    = "CREATE TABLE events (id INTEGER, time TEXT, time_quality TEXT, source TEXT, line INTEGER, locator TEXT, "
      "level TEXT, kind TEXT, service TEXT, run TEXT, actor TEXT, outcome TEXT, message TEXT, time_us INTEGER, "
      "source_id INTEGER, raw TEXT)";

// The blocks overlapping a window (?1, ?2, inclusive) in the order their first events come, as
// EvidenceStore::forEachEvent reads them; and one block by its id (?1).
constexpr const char* blocksInWindowSql = "SELECT id, source_id, first_us, last_us, count, format, data FROM "
                                          "event_blocks WHERE last_us >= ?1 AND first_us <= ?2 ORDER BY first_us, id";
constexpr const char* blockByIdSql
    = "SELECT id, source_id, first_us, last_us, count, format, data FROM event_blocks WHERE id = ?1";

constexpr qint64 minTime = std::numeric_limits<qint64>::min();
constexpr qint64 maxTime = std::numeric_limits<qint64>::max();

// ---- constraints -------------------------------------------------------------------------------

enum class Op { Eq, Lt, Le, Gt, Ge };

struct OpName {
    Op op;
    int sqliteOp;
    const char* text;
};
// Longer spellings first: the names are parsed back from idxStr by prefix.
constexpr OpName opNames[] = {{Op::Le, SQLITE_INDEX_CONSTRAINT_LE, "<="}, {Op::Ge, SQLITE_INDEX_CONSTRAINT_GE, ">="},
    {Op::Eq, SQLITE_INDEX_CONSTRAINT_EQ, "="}, {Op::Lt, SQLITE_INDEX_CONSTRAINT_LT, "<"},
    {Op::Gt, SQLITE_INDEX_CONSTRAINT_GT, ">"}};

struct ColumnName {
    Column column;
    const char* text;
};
// Longer names first, for the same reason.
constexpr ColumnName pushedColumns[] = {{TimeUsColumn, "time_us"}, {TimeColumn, "time"}, {IdColumn, "id"}};

// What a query's constraints leave of the table: a window of times (inclusive), perhaps one event.
struct Window {
    qint64 from = minTime;
    qint64 to = maxTime;
    std::optional<qint64> id;
    bool none = false; // a constraint no row meets (a comparison with NULL, id = 1.5)

    void atLeast(qint64 time) { from = std::max(from, time); }
    void atMost(qint64 time) { to = std::min(to, time); }
    bool empty() const { return none || from > to; }
};

// ISO 8601 UTC text has one width, and so sorts in time order, for the years 0000-9999 (the
// times every reader writes: four-digit years, epoch numbers from 2000 to 2100).
const qint64 firstFormatted = model::daysFromCivil(0, 1, 1) * 86'400'000'000LL;
const qint64 lastFormatted = model::daysFromCivil(10000, 1, 1) * 86'400'000'000LL - 1;

int compareBytes(QByteArrayView a, QByteArrayView b)
{
    const int c = std::memcmp(a.data(), b.data(), std::size_t(std::min(a.size(), b.size())));
    return c != 0 ? c : (a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0));
}

// The first time in the years 0000-9999 whose `time` text sorts after `bound` (strict) or not
// before it, as SQLite's BINARY collation compares; lastFormatted + 1 when there is none. Text
// order being time order there, a binary search finds it.
qint64 firstTimeFrom(QByteArrayView bound, bool strict)
{
    qint64 low = firstFormatted;
    qint64 high = lastFormatted + 1;
    while (low < high) {
        const qint64 middle = low + (high - low) / 2;
        const int c = compareBytes(model::formatUtc(middle).toLatin1(), bound);
        if (strict ? c > 0 : c >= 0)
            high = middle;
        else
            low = middle + 1;
    }
    return low;
}

void constrainTimeUs(Window& window, Op op, sqlite3_value* value)
{
    switch (sqlite3_value_type(value)) {
    case SQLITE_NULL:
        window.none = true; // a comparison with NULL is never true
        return;
    case SQLITE_INTEGER: {
        const qint64 x = sqlite3_value_int64(value);
        switch (op) {
        case Op::Eq:
            window.atLeast(x);
            window.atMost(x);
            break;
        case Op::Ge:
            window.atLeast(x);
            break;
        case Op::Le:
            window.atMost(x);
            break;
        case Op::Gt:
            if (x == maxTime)
                window.none = true;
            else
                window.atLeast(x + 1);
            break;
        case Op::Lt:
            if (x == minTime)
                window.none = true;
            else
                window.atMost(x - 1);
            break;
        }
        return;
    }
    case SQLITE_FLOAT: {
        const double x = sqlite3_value_double(value);
        if (!std::isfinite(x) || std::abs(x) > 9e18)
            return; // beyond the integers: SQLite decides each row
        const auto floor = qint64(std::floor(x));
        const auto ceil = qint64(std::ceil(x));
        switch (op) {
        case Op::Eq:
            if (floor != ceil)
                window.none = true;
            window.atLeast(ceil);
            window.atMost(floor);
            break;
        case Op::Ge:
            window.atLeast(ceil);
            break;
        case Op::Gt:
            window.atLeast(floor + 1);
            break;
        case Op::Le:
            window.atMost(floor);
            break;
        case Op::Lt:
            window.atMost(ceil - 1);
            break;
        }
        return;
    }
    default:
        return; // text or a blob against an INTEGER column: SQLite's affinity rules decide each row
    }
}

void constrainTime(Window& window, Op op, sqlite3_value* value)
{
    const int type = sqlite3_value_type(value);
    if (type == SQLITE_NULL) {
        window.none = true;
        return;
    }
    if (type != SQLITE_TEXT)
        return; // a number against TEXT compares by affinity, not as a time
    const QByteArrayView bound(reinterpret_cast<const char*>(sqlite3_value_text(value)), sqlite3_value_bytes(value));
    // Outside the years 0000-9999 the text is wider or signed and sorts out of time order: a
    // comparison of `time` with text matches times in those years only (every reader's times).
    window.atLeast(firstFormatted);
    window.atMost(lastFormatted);
    const auto from = [&](bool strict) { window.atLeast(firstTimeFrom(bound, strict)); };
    const auto upTo = [&](bool strict) { window.atMost(firstTimeFrom(bound, strict) - 1); };
    switch (op) {
    case Op::Eq:
        from(false);
        upTo(true);
        break;
    case Op::Ge:
        from(false);
        break;
    case Op::Gt:
        from(true);
        break;
    case Op::Le:
        upTo(true);
        break;
    case Op::Lt:
        upTo(false);
        break;
    }
}

void constrainId(Window& window, sqlite3_value* value)
{
    qint64 id = 0;
    switch (sqlite3_value_type(value)) {
    case SQLITE_NULL:
        window.none = true;
        return;
    case SQLITE_INTEGER:
        id = sqlite3_value_int64(value);
        break;
    case SQLITE_FLOAT: {
        const double x = sqlite3_value_double(value);
        if (!std::isfinite(x) || std::abs(x) > 9e18)
            return;
        if (x != std::floor(x)) {
            window.none = true;
            return;
        }
        id = qint64(x);
        break;
    }
    default:
        return; // '5' = 5 by affinity: left to SQLite
    }
    if (id < 1 || (window.id && *window.id != id))
        window.none = true;
    window.id = id;
}

// The window of the terms xBestIndex chose (idxStr: "time_us>= time_us<= id=", one per argument).
Window windowOf(const char* terms, int argc, sqlite3_value** argv)
{
    Window window;
    const QByteArrayView all(terms ? terms : "");
    int argument = 0;
    for (qsizetype start = 0; start < all.size() && argument < argc;) {
        qsizetype end = all.indexOf(' ', start);
        if (end < 0)
            end = all.size();
        const QByteArrayView term = all.sliced(start, end - start);
        start = end + 1;
        QByteArrayView rest = term;
        const ColumnName* column = nullptr;
        for (const ColumnName& name : pushedColumns) {
            if (rest.startsWith(name.text)) {
                column = &name;
                rest = rest.sliced(qsizetype(std::strlen(name.text)));
                break;
            }
        }
        const OpName* op = nullptr;
        for (const OpName& name : opNames) {
            if (rest == name.text)
                op = &name;
        }
        sqlite3_value* value = argv[argument++];
        if (!column || !op)
            continue;
        if (column->column == TimeUsColumn)
            constrainTimeUs(window, op->op, value);
        else if (column->column == TimeColumn)
            constrainTime(window, op->op, value);
        else if (op->op == Op::Eq)
            constrainId(window, value);
    }
    return window;
}

// ---- reading blocks ----------------------------------------------------------------------------

using blocks::EventKey;

// A block being read: its events [index, end) are in the window, `index` the next to give.
struct OpenBlock {
    blocks::BlockReader reader;
    qint64 sourceId = 0;
    int index = 0;
    int end = 0;
    int decoded = -1; // the index whose record `event` holds
    model::Event event;

    EventKey key() const { return {reader.timeAt(index), sourceId, reader.seqAt(index), reader.idAt(index)}; }
    qint64 time() const { return reader.timeAt(index); }
};

// The first index in `block` whose time is not before `time` (after it, when `after`).
int firstIndexFrom(const blocks::BlockReader& block, qint64 time, bool after)
{
    int low = 0;
    int high = block.size();
    while (low < high) {
        const int middle = low + (high - low) / 2;
        if (after ? block.timeAt(middle) > time : block.timeAt(middle) >= time)
            high = middle;
        else
            low = middle + 1;
    }
    return low;
}

struct EventsTable : sqlite3_vtab {
    StoreImpl* store = nullptr;
};

struct EventsCursor : sqlite3_vtab_cursor {
    StoreImpl* store = nullptr;
    Statement blocksInWindow;
    Statement blockById;
    Statement* rows = nullptr; // the statement giving the blocks to read
    bool rowPending = false; // `rows` stands on a block not opened yet
    Window window;
    bool namesRead = false;
    QHash<qint64, QByteArray> sourceNames; // display names, UTF-8
    // A heap of the open blocks, the one with the next event in front (a k-way merge, as in
    // forEachEvent: a block opens once the next event could be in it, so only blocks overlapping
    // in time are open together).
    std::vector<std::unique_ptr<OpenBlock>> heap;
    std::vector<std::unique_ptr<OpenBlock>> spare; // closed, kept for their buffers
    QByteArray text; // a text column's UTF-8

    EventsTable* table() const { return static_cast<EventsTable*>(pVtab); }
};

bool later(const std::unique_ptr<OpenBlock>& a, const std::unique_ptr<OpenBlock>& b) { return b->key() < a->key(); }

// Returns `code` with `message` as the statement's error.
int setError(sqlite3_vtab* table, int code, const QString& message)
{
    sqlite3_free(table->zErrMsg);
    table->zErrMsg = sqlite3_mprintf("%s", message.toUtf8().constData());
    return code;
}

QString damagedBlock(qint64 blockId)
{
    return QStringLiteral("event block %1 cannot be read; restore the store from a backup, or import the evidence "
                          "again into a new store")
        .arg(blockId);
}

int damaged(EventsCursor& cursor, qint64 blockId)
{
    return setError(cursor.table(), SQLITE_CORRUPT_VTAB, damagedBlock(blockId));
}

int sqliteFailure(EventsCursor& cursor, int rc)
{
    return setError(cursor.table(), rc, QString::fromUtf8(sqlite3_errmsg(cursor.store->handle)));
}

int step(EventsCursor& cursor)
{
    const int rc = sqlite3_step(cursor.rows->get());
    cursor.rowPending = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : sqliteFailure(cursor, rc);
}

// Opens the block `rows` stands on, positioned at its first event in the window; false (in `has`)
// when it has none there.
int openBlock(EventsCursor& cursor, OpenBlock& block, bool& has)
{
    const Statement& row = *cursor.rows;
    const qint64 blockId = row.int64(0);
    block.sourceId = row.int64(1);
    const auto* data = static_cast<const char*>(sqlite3_column_blob(row.get(), 6));
    if (!block.reader.open(blockId, block.sourceId, int(row.int64(4)), int(row.int64(5)),
            QByteArray(data, sqlite3_column_bytes(row.get(), 6))))
        return damaged(cursor, blockId);
    block.index = firstIndexFrom(block.reader, cursor.window.from, false);
    block.end = firstIndexFrom(block.reader, cursor.window.to, true);
    if (cursor.window.id) {
        const int only = blocks::indexOf(*cursor.window.id);
        const bool inside = blocks::blockIdOf(*cursor.window.id) == blockId && only >= block.index && only < block.end;
        block.index = inside ? only : 0;
        block.end = inside ? only + 1 : 0;
    }
    block.decoded = -1;
    has = block.index < block.end;
    return SQLITE_OK;
}

// Opens every block that may hold the next event.
int fill(EventsCursor& cursor)
{
    while (cursor.rowPending && (cursor.heap.empty() || cursor.rows->int64(2) <= cursor.heap.front()->time())) {
        std::unique_ptr<OpenBlock> block;
        if (cursor.spare.empty()) {
            block = std::make_unique<OpenBlock>();
        } else {
            block = std::move(cursor.spare.back());
            cursor.spare.pop_back();
        }
        bool has = false;
        if (const int rc = openBlock(cursor, *block, has); rc != SQLITE_OK)
            return rc;
        if (has) {
            cursor.heap.push_back(std::move(block));
            std::push_heap(cursor.heap.begin(), cursor.heap.end(), later);
        } else {
            cursor.spare.push_back(std::move(block));
        }
        if (const int rc = step(cursor); rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

// Moves past the event in front.
int advance(EventsCursor& cursor)
{
    std::pop_heap(cursor.heap.begin(), cursor.heap.end(), later);
    OpenBlock& block = *cursor.heap.back();
    if (++block.index < block.end) {
        std::push_heap(cursor.heap.begin(), cursor.heap.end(), later);
    } else {
        cursor.spare.push_back(std::move(cursor.heap.back()));
        cursor.heap.pop_back();
    }
    return fill(cursor);
}

int readSourceNames(EventsCursor& cursor)
{
    Statement names;
    if (names.prepare(cursor.store->handle, "SELECT id, display_name FROM sources") != SQLITE_OK)
        return sqliteFailure(cursor, sqlite3_errcode(cursor.store->handle));
    int rc;
    while ((rc = sqlite3_step(names.get())) == SQLITE_ROW)
        cursor.sourceNames.insert(names.int64(0), names.text(1).toUtf8());
    if (rc != SQLITE_DONE)
        return sqliteFailure(cursor, rc);
    cursor.namesRead = true;
    return SQLITE_OK;
}

// ---- the module --------------------------------------------------------------------------------

int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** result, char**)
{
    if (const int rc = sqlite3_declare_vtab(db, tableSchema); rc != SQLITE_OK)
        return rc;
    auto* table = new EventsTable();
    table->store = static_cast<StoreImpl*>(aux);
    *result = table;
    return SQLITE_OK;
}

int disconnect(sqlite3_vtab* table)
{
    sqlite3_free(table->zErrMsg);
    delete static_cast<EventsTable*>(table);
    return SQLITE_OK;
}

// How many events SQLite should expect a scan to give, by what it knows: none of the store's
// counts (reading them here would cost every query), only how much each kind of constraint
// narrows a scan, which is what makes it read the window once per row of the outer table in a
// join rather than the whole table.
constexpr double allRows = 1e6;

int bestIndex(sqlite3_vtab*, sqlite3_index_info* info)
{
    QByteArray terms;
    int argument = 0;
    bool lower = false;
    bool upper = false;
    bool equal = false;
    bool byId = false;
    for (int i = 0; i < info->nConstraint; ++i) {
        const auto& constraint = info->aConstraint[i];
        if (!constraint.usable)
            continue;
        const ColumnName* column = nullptr;
        for (const ColumnName& name : pushedColumns) {
            if (name.column == constraint.iColumn)
                column = &name;
        }
        const OpName* op = nullptr;
        for (const OpName& name : opNames) {
            if (name.sqliteOp == constraint.op)
                op = &name;
        }
        if (!column || !op || (column->column == IdColumn && op->op != Op::Eq))
            continue;
        // The time text compares in time order under BINARY only (NOCASE folds the T and Z).
        if (column->column == TimeColumn && qstrcmp(sqlite3_vtab_collation(info, i), "BINARY") != 0)
            continue;
        info->aConstraintUsage[i].argvIndex = ++argument;
        // The window decides exactly what a constant decides, when it is a number for time_us and
        // id, or text for time: SQLite need not check it again. Other values (a column of another
        // table, text for time_us) SQLite checks row by row, and the window only narrows the read.
        sqlite3_value* constant = nullptr;
        const int type
            = sqlite3_vtab_rhs_value(info, i, &constant) == SQLITE_OK ? sqlite3_value_type(constant) : SQLITE_NULL;
        info->aConstraintUsage[i].omit = type == (column->column == TimeColumn ? SQLITE_TEXT : SQLITE_INTEGER);
        if (!terms.isEmpty())
            terms += ' ';
        terms += column->text;
        terms += op->text;
        if (column->column == IdColumn)
            byId = true;
        else if (op->op == Op::Eq)
            equal = true;
        else if (op->op == Op::Gt || op->op == Op::Ge)
            lower = true;
        else
            upper = true;
    }
    double rows = allRows;
    if (byId)
        rows = 1;
    else if (equal)
        rows = 10;
    else if (lower && upper)
        rows = allRows / 100;
    else if (lower || upper)
        rows = allRows / 4;
    info->estimatedRows = sqlite3_int64(rows);
    info->estimatedCost = rows + 10;
    if (byId)
        info->idxFlags |= SQLITE_INDEX_SCAN_UNIQUE;
    info->idxStr = sqlite3_mprintf("%s", terms.constData());
    info->needToFreeIdxStr = 1;

    // Rows come in (time, source_id, seq, id) order: an ORDER BY of time or time_us ascending,
    // then perhaps source_id ascending, needs no sort.
    bool ordered = info->nOrderBy > 0;
    bool bySource = false;
    for (int i = 0; i < info->nOrderBy && ordered; ++i) {
        const auto& term = info->aOrderBy[i];
        const bool byTime = term.iColumn == TimeColumn || term.iColumn == TimeUsColumn;
        if (term.desc || (byTime && bySource) || (!byTime && (term.iColumn != SourceIdColumn || i == 0 || bySource)))
            ordered = false;
        bySource = bySource || term.iColumn == SourceIdColumn;
    }
    info->orderByConsumed = ordered ? 1 : 0;
    return SQLITE_OK;
}

int open(sqlite3_vtab* table, sqlite3_vtab_cursor** result)
{
    auto* cursor = new EventsCursor();
    cursor->store = static_cast<EventsTable*>(table)->store;
    *result = cursor;
    return SQLITE_OK;
}

int close(sqlite3_vtab_cursor* cursor)
{
    delete static_cast<EventsCursor*>(cursor);
    return SQLITE_OK;
}

int filter(sqlite3_vtab_cursor* base, int, const char* idxStr, int argc, sqlite3_value** argv)
{
    auto& cursor = *static_cast<EventsCursor*>(base);
    for (auto& block : cursor.heap)
        cursor.spare.push_back(std::move(block));
    cursor.heap.clear();
    cursor.rowPending = false;
    if (cursor.rows)
        sqlite3_reset(cursor.rows->get());
    cursor.rows = nullptr;
    cursor.window = windowOf(idxStr, argc, argv);
    if (cursor.window.empty())
        return SQLITE_OK;
    if (!cursor.namesRead) {
        if (const int rc = readSourceNames(cursor); rc != SQLITE_OK)
            return rc;
    }
    sqlite3* db = cursor.store->handle;
    if (cursor.window.id) {
        if (!cursor.blockById && cursor.blockById.prepare(db, blockByIdSql) != SQLITE_OK)
            return sqliteFailure(cursor, sqlite3_errcode(db));
        cursor.rows = &cursor.blockById;
        cursor.rows->bind(1, blocks::blockIdOf(*cursor.window.id));
    } else {
        if (!cursor.blocksInWindow && cursor.blocksInWindow.prepare(db, blocksInWindowSql) != SQLITE_OK)
            return sqliteFailure(cursor, sqlite3_errcode(db));
        cursor.rows = &cursor.blocksInWindow;
        cursor.rows->bind(1, cursor.window.from);
        cursor.rows->bind(2, cursor.window.to);
    }
    if (const int rc = step(cursor); rc != SQLITE_OK)
        return rc;
    return fill(cursor);
}

int next(sqlite3_vtab_cursor* base) { return advance(*static_cast<EventsCursor*>(base)); }

int eof(sqlite3_vtab_cursor* base) { return static_cast<EventsCursor*>(base)->heap.empty() ? 1 : 0; }

// The names of an enumeration's values (model::toString) in UTF-8, made once.
template <typename Enum, int count>
const QByteArray& nameOf(Enum value)
{
    static const auto names = [] {
        std::array<QByteArray, std::size_t(count)> utf8;
        for (int i = 0; i < count; ++i)
            utf8[std::size_t(i)] = model::toString(Enum(i)).toUtf8();
        return utf8;
    }();
    return names[std::size_t(value)];
}

void resultName(sqlite3_context* context, const QByteArray& name)
{
    sqlite3_result_text(context, name.constData(), int(name.size()), SQLITE_STATIC);
}

// The text as UTF-8, encoded into the cursor's buffer (no allocation once it is big enough) and
// copied by SQLite.
void resultText(sqlite3_context* context, QByteArray& buffer, QStringView text)
{
    if (buffer.size() < text.size() * 3 + 1)
        buffer.resize(text.size() * 3 + 1);
    QStringEncoder encoder(QStringEncoder::Utf8);
    const char* end = encoder.appendToBuffer(buffer.data(), text);
    sqlite3_result_text(context, buffer.constData(), int(end - buffer.constData()), SQLITE_TRANSIENT);
}

// Empty optional texts are NULL, as `events --format jsonl` writes them.
void resultOptional(sqlite3_context* context, QByteArray& buffer, QStringView text)
{
    if (text.isEmpty())
        sqlite3_result_null(context);
    else
        resultText(context, buffer, text);
}

int column(sqlite3_vtab_cursor* base, sqlite3_context* context, int column)
{
    auto& cursor = *static_cast<EventsCursor*>(base);
    OpenBlock& block = *cursor.heap.front();
    const blocks::BlockReader& reader = block.reader;
    switch (column) {
    case IdColumn:
        sqlite3_result_int64(context, reader.idAt(block.index));
        return SQLITE_OK;
    case TimeUsColumn:
        sqlite3_result_int64(context, block.time());
        return SQLITE_OK;
    case SourceIdColumn:
        sqlite3_result_int64(context, block.sourceId);
        return SQLITE_OK;
    case TimeColumn:
        resultText(context, cursor.text, model::formatUtc(block.time()));
        return SQLITE_OK;
    case SourceColumn: {
        const QByteArray name = cursor.sourceNames.value(block.sourceId);
        sqlite3_result_text(context, name.constData(), int(name.size()), SQLITE_TRANSIENT);
        return SQLITE_OK;
    }
    default:
        break;
    }
    // The rest is in the event's record, decoded once per row and only when asked for: a count or
    // a query of times alone decodes none.
    if (block.decoded != block.index) {
        if (!block.reader.read(block.index, block.event)) {
            // xColumn reports through its result, not the table.
            sqlite3_result_error(context, damagedBlock(reader.blockId()).toUtf8().constData(), -1);
            sqlite3_result_error_code(context, SQLITE_CORRUPT_VTAB);
            return SQLITE_CORRUPT_VTAB;
        }
        block.decoded = block.index;
    }
    const model::Event& e = block.event;
    switch (column) {
    case TimeQualityColumn:
        resultName(context, nameOf<model::TimeQuality, model::timeQualityCount>(e.timeQuality));
        break;
    case LineColumn:
        sqlite3_result_int64(context, e.line);
        break;
    case LocatorColumn:
        resultOptional(context, cursor.text, e.locator);
        break;
    case LevelColumn:
        resultName(context, nameOf<model::Level, model::levelCount>(e.level));
        break;
    case KindColumn:
        resultName(context, nameOf<model::EventKind, model::eventKindCount>(e.kind));
        break;
    case ServiceColumn:
        resultOptional(context, cursor.text, e.service);
        break;
    case RunColumn:
        resultOptional(context, cursor.text, e.runId);
        break;
    case ActorColumn:
        resultOptional(context, cursor.text, e.actor);
        break;
    case OutcomeColumn:
        resultOptional(context, cursor.text, e.outcome);
        break;
    case MessageColumn:
        resultText(context, cursor.text, e.message);
        break;
    case RawColumn:
        resultOptional(context, cursor.text, e.raw);
        break;
    default:
        sqlite3_result_null(context);
        break;
    }
    return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* base, sqlite3_int64* result)
{
    const OpenBlock& block = *static_cast<EventsCursor*>(base)->heap.front();
    *result = block.reader.idAt(block.index);
    return SQLITE_OK;
}

// Read only (no xUpdate), and eponymous only (no xCreate): see eventsvtable.h.
const sqlite3_module eventsModule = {
    .iVersion = 0,
    .xCreate = nullptr,
    .xConnect = connect,
    .xBestIndex = bestIndex,
    .xDisconnect = disconnect,
    .xDestroy = disconnect,
    .xOpen = open,
    .xClose = close,
    .xFilter = filter,
    .xNext = next,
    .xEof = eof,
    .xColumn = column,
    .xRowid = rowid,
    .xUpdate = nullptr,
    .xBegin = nullptr,
    .xSync = nullptr,
    .xCommit = nullptr,
    .xRollback = nullptr,
    .xFindFunction = nullptr,
    .xRename = nullptr,
    .xSavepoint = nullptr,
    .xRelease = nullptr,
    .xRollbackTo = nullptr,
    .xShadowName = nullptr,
};

// ---- local_time() ------------------------------------------------------------------------------

void deleteZone(void* zone) { delete static_cast<QTimeZone*>(zone); }

// local_time(TIME [, ZONE]): TIME (microseconds, as time_us, or ISO 8601 text, as time) in ZONE
// (an IANA name, UTC or an offset), or in the query's zone (`sql --tz`), with its offset.
void localTime(sqlite3_context* context, int argc, sqlite3_value** argv)
{
    qint64 us = 0;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL:
        sqlite3_result_null(context);
        return;
    case SQLITE_INTEGER:
        us = sqlite3_value_int64(argv[0]);
        break;
    case SQLITE_TEXT: {
        const auto text = QString::fromUtf8(
            reinterpret_cast<const char*>(sqlite3_value_text(argv[0])), sqlite3_value_bytes(argv[0]));
        const auto parsed = model::parseIsoTime(text, QTimeZone::utc());
        if (!parsed) {
            const QByteArray message = "local_time(): " + parsed.error().message.toUtf8();
            sqlite3_result_error(context, message.constData(), int(message.size()));
            return;
        }
        us = *parsed;
        break;
    }
    default:
        sqlite3_result_error(
            context, "local_time() takes a time in microseconds (time_us) or as ISO 8601 text (time)", -1);
        return;
    }
    const QTimeZone* zone = &static_cast<StoreImpl*>(sqlite3_user_data(context))->sqlZone;
    std::unique_ptr<QTimeZone> parsedZone;
    if (argc == 2) {
        if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
            sqlite3_result_null(context);
            return;
        }
        // A zone named in the query is read once per statement, not once per row.
        zone = static_cast<const QTimeZone*>(sqlite3_get_auxdata(context, 1));
        if (!zone) {
            const auto named = model::parseZone(QString::fromUtf8(
                reinterpret_cast<const char*>(sqlite3_value_text(argv[1])), sqlite3_value_bytes(argv[1])));
            if (!named) {
                const QByteArray message = "local_time(): " + named.error().message.toUtf8();
                sqlite3_result_error(context, message.constData(), int(message.size()));
                return;
            }
            parsedZone = std::make_unique<QTimeZone>(*named);
            zone = parsedZone.get();
        }
    }
    const QByteArray text = model::formatInZone(us, *zone).toUtf8();
    sqlite3_result_text(context, text.constData(), int(text.size()), SQLITE_TRANSIENT);
    // Last: SQLite may free what it is given at once.
    if (parsedZone)
        sqlite3_set_auxdata(context, 1, parsedZone.release(), deleteZone);
}

} // namespace

Result<void> registerEventsTable(StoreImpl* store)
{
    sqlite3* db = store->handle;
    int rc = sqlite3_create_module_v2(db, "events", &eventsModule, store, nullptr);
    for (const int arguments : {1, 2}) {
        if (rc == SQLITE_OK)
            rc = sqlite3_create_function_v2(
                db, "local_time", arguments, SQLITE_UTF8, store, localTime, nullptr, nullptr, nullptr);
    }
    if (rc != SQLITE_OK)
        return std::unexpected(store->lastError());
    return {};
}

} // namespace aftermath::store
