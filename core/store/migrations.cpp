#include "migrations.h"

#include "eventblock.h"
#include "sqliteerror.h"
#include "storeimpl.h"

#include <sqlite3.h>

namespace aftermath::store {

namespace {

// Version 1. Times are INTEGER UTC microseconds; enumerations are stored by their lower-case
// names (model/event.h) so the file reads well in sqlite3 and moves to a server database as is.
constexpr const char* schemaV1 = R"sql(
PRAGMA application_id = 1095128141;

CREATE TABLE sources (
    id             INTEGER PRIMARY KEY,
    path           TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    format         TEXT    NOT NULL,
    content_hash   TEXT,
    size_bytes     INTEGER NOT NULL DEFAULT 0,
    bytes_consumed INTEGER NOT NULL DEFAULT 0,
    lines_consumed INTEGER NOT NULL DEFAULT 0,
    zone_assumed   TEXT,
    imported_at_us INTEGER NOT NULL,
    event_count    INTEGER NOT NULL DEFAULT 0,
    skipped_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sources_path ON sources (path);

CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    ts_us        INTEGER NOT NULL,
    ts_quality   TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    line         INTEGER NOT NULL DEFAULT 0,
    locator      TEXT,
    level        TEXT    NOT NULL DEFAULT 'unknown',
    kind         TEXT    NOT NULL DEFAULT 'log',
    service      TEXT,
    run_id       TEXT,
    actor        TEXT,
    outcome      TEXT,
    message      TEXT    NOT NULL,
    raw          TEXT,
    flags        INTEGER NOT NULL DEFAULT 0
);
-- Time-window queries, ordered as timelines are: (time, source, seq); the rowid breaks ties.
CREATE INDEX events_time ON events (ts_us, source_id, seq);
-- No index on source_id: it would cost a quarter of the bulk insert speed, and deleting a source
-- (the only query that needs it) is rare; the sources table keeps per-source bookkeeping.

CREATE TABLE incidents (
    id                   INTEGER PRIMARY KEY,
    title                TEXT    NOT NULL,
    window_from_us       INTEGER NOT NULL,
    window_to_us         INTEGER NOT NULL,
    display_zone         TEXT,
    severity             TEXT,
    status               TEXT    NOT NULL DEFAULT 'draft'
                                 CHECK (status IN ('draft', 'in_review', 'final')),
    authors              TEXT,
    description          TEXT,
    summary              TEXT,
    impact               TEXT,
    trigger_text         TEXT,
    detection            TEXT,
    resolution           TEXT,
    contributing_factors TEXT,
    went_well            TEXT,
    went_wrong           TEXT,
    got_lucky            TEXT,
    created_at_us        INTEGER NOT NULL,
    updated_at_us        INTEGER NOT NULL,
    CHECK (window_from_us <= window_to_us)
);

CREATE TABLE timeline_entries (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ts_us       INTEGER NOT NULL,
    end_us      INTEGER,
    text        TEXT    NOT NULL,
    note        TEXT,
    origin      TEXT    NOT NULL DEFAULT 'user' CHECK (origin IN ('draft', 'user')),
    edited      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, ts_us);

CREATE TABLE timeline_entry_events (
    entry_id INTEGER NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, event_id)
) WITHOUT ROWID;
CREATE INDEX timeline_entry_events_event ON timeline_entry_events (event_id);

CREATE TABLE root_causes (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL
);
CREATE INDEX root_causes_incident ON root_causes (incident_id, position);

CREATE TABLE action_items (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    description  TEXT    NOT NULL,
    owner        TEXT,
    due_date     TEXT,   -- YYYY-MM-DD: a day, not an instant
    status       TEXT    NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'in_progress', 'done', 'wont_do')),
    priority     TEXT,
    type         TEXT    CHECK (type IN ('prevent', 'mitigate', 'detect', 'process', 'spike')),
    link         TEXT,
    created_at_us INTEGER NOT NULL,
    closed_at_us  INTEGER
);
CREATE INDEX action_items_incident ON action_items (incident_id);
CREATE INDEX action_items_owner_status ON action_items (owner, status, due_date);
)sql";

// Version 2: what the draft (core/draft, `aftermath-cli draft`) wrote, so that drafting again
// replaces its own text and never a person's.
constexpr const char* schemaV2 = R"sql(
-- The text the draft last wrote into each incident field (by column name): drafting again may
-- replace a field only while it still holds exactly this text.
CREATE TABLE drafted_fields (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    field       TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, field)
) WITHOUT ROWID;

-- Events cited by drafted timeline entries that a person removed: drafting again leaves them out.
-- No reference to events: it would need an index on event_id to keep deleting a source fast.
CREATE TABLE dismissed_draft_events (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL,
    PRIMARY KEY (incident_id, event_id)
) WITHOUT ROWID;
)sql";

// Version 3: events are stored in blocks (eventblock.h), a row per thousand events rather than a
// row per event. Citations keep event ids without a foreign key (deleting a source removes them).
constexpr const char* schemaV3 = R"sql(
CREATE TABLE event_blocks (
    id        INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: event ids derive from it
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    first_us  INTEGER NOT NULL, -- the earliest and latest event times in the block
    last_us   INTEGER NOT NULL,
    count     INTEGER NOT NULL CHECK (count BETWEEN 1 AND 4096),
    format    INTEGER NOT NULL DEFAULT 1,
    data      BLOB    NOT NULL,
    CHECK (first_us <= last_us)
);
-- Window reads: the blocks overlapping a time window, in the order of their first events.
CREATE INDEX event_blocks_time ON event_blocks (first_us, last_us);
CREATE INDEX event_blocks_source ON event_blocks (source_id);

CREATE TABLE timeline_entry_events_v3 (
    entry_id INTEGER NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (entry_id, event_id)
) WITHOUT ROWID;
CREATE TABLE dismissed_draft_events_v3 (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL,
    PRIMARY KEY (incident_id, event_id)
) WITHOUT ROWID;
CREATE TEMP TABLE event_id_map (old_id INTEGER PRIMARY KEY, new_id INTEGER NOT NULL);
)sql";

// After the events are in blocks: citations follow their events to the new ids, and the old
// tables go. A citation of an event no longer in the store is dropped, as its foreign key would.
constexpr const char* schemaV3Finish = R"sql(
INSERT INTO timeline_entry_events_v3 (entry_id, event_id)
    SELECT c.entry_id, m.new_id FROM timeline_entry_events c JOIN event_id_map m ON m.old_id = c.event_id;
DROP TABLE timeline_entry_events;
ALTER TABLE timeline_entry_events_v3 RENAME TO timeline_entry_events;
CREATE INDEX timeline_entry_events_event ON timeline_entry_events (event_id);
INSERT INTO dismissed_draft_events_v3 (incident_id, event_id)
    SELECT d.incident_id, m.new_id FROM dismissed_draft_events d JOIN event_id_map m ON m.old_id = d.event_id;
DROP TABLE dismissed_draft_events;
ALTER TABLE dismissed_draft_events_v3 RENAME TO dismissed_draft_events;
DROP TABLE events;
DROP TABLE event_id_map;
)sql";

// Moves every row of the version 2 events table into blocks, a source at a time in (time, seq)
// order, remembering each event's new id in event_id_map.
Result<void> moveEventsIntoBlocks(sqlite3* db, const QString& path)
{
    Statement read;
    Statement blockInsert;
    Statement mapId;
    if (read.prepare(db,
            "SELECT id, source_id, ts_us, ts_quality, seq, line, locator, level, kind, service, run_id, actor, "
            "outcome, message, raw, flags FROM events ORDER BY source_id, ts_us, seq, id")
            != SQLITE_OK
        || blockInsert.prepare(db, insertBlockSql) != SQLITE_OK
        || mapId.prepare(db, "INSERT INTO event_id_map (old_id, new_id) VALUES (?, ?)") != SQLITE_OK)
        return std::unexpected(sqliteError(db, path));

    std::vector<model::Event> chunk;
    std::vector<qint64> oldIds;
    // Writes the chunk as blocks; blocks keep the chunk's order, so its k-th event is the k-th
    // event of the blocks written.
    auto flush = [&]() -> Result<void> {
        std::size_t next = 0;
        int rc = SQLITE_DONE;
        blocks::encodeBlocks(chunk, [&](const blocks::EncodedBlock& block) {
            rc = insertBlock(blockInsert, block);
            const qint64 blockId = sqlite3_last_insert_rowid(db);
            for (int i = 0; rc == SQLITE_DONE && i < block.count; ++i, ++next) {
                mapId.bind(1, oldIds[next]);
                mapId.bind(2, blocks::eventId(blockId, i));
                rc = sqlite3_step(mapId.get());
                sqlite3_reset(mapId.get());
            }
            return rc == SQLITE_DONE;
        });
        chunk.clear();
        oldIds.clear();
        if (rc != SQLITE_DONE)
            return std::unexpected(sqliteError(db, path));
        return {};
    };

    int rc;
    while ((rc = sqlite3_step(read.get())) == SQLITE_ROW) {
        model::Event e;
        e.sourceId = read.int64(1);
        if (!chunk.empty() && (chunk.size() >= 64 * 1024 || e.sourceId != chunk.back().sourceId)) {
            if (auto flushed = flush(); !flushed)
                return flushed;
        }
        e.timeUs = read.int64(2);
        e.timeQuality = model::timeQualityFromString(read.text(3)).value_or(model::TimeQuality::Explicit);
        e.seq = read.int64(4);
        e.line = read.int64(5);
        e.locator = read.text(6);
        e.level = model::levelFromString(read.text(7)).value_or(model::Level::Unknown);
        e.kind = model::eventKindFromString(read.text(8)).value_or(model::EventKind::Log);
        e.service = read.text(9);
        e.runId = read.text(10);
        e.actor = read.text(11);
        e.outcome = read.text(12);
        e.message = read.text(13);
        e.raw = read.text(14);
        e.flags = unsigned(read.int64(15));
        oldIds.push_back(read.int64(0));
        chunk.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE)
        return std::unexpected(sqliteError(db, path));
    if (!chunk.empty()) {
        if (auto flushed = flush(); !flushed)
            return flushed;
    }
    read.reset();
    blockInsert.reset();
    mapId.reset();
    return execRaw(db, schemaV3Finish, path);
}

// Version 4: what an imported postmortem holds that no field does (report::importPostmortem,
// model::CustomSection): its sections of their own, and what it said from the evidence.
constexpr const char* schemaV4 = R"sql(
CREATE TABLE custom_sections (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL, -- 1.. in the document's order
    after_field   TEXT    NOT NULL DEFAULT '', -- the field section it followed; '' before the first
    heading       TEXT    NOT NULL, -- Markdown, without the #s
    markdown      TEXT    NOT NULL, -- the body, verbatim
    from_evidence INTEGER NOT NULL DEFAULT 0 -- shown only when there are no events to reconstruct it
);
CREATE INDEX custom_sections_incident ON custom_sections (incident_id, position);
)sql";

// Version 5: the search index (core/store/searchindex.h). event_text holds the words of each event
// (rowid = event id) for SQLite's FTS5: contentless, since the texts live in the blocks; without
// positions (detail=none) or sizes (columnsize=0), which a candidate filter does not need and which
// would make it nearly twice as big; the ascii tokenizer, because the words are cut and case-folded
// by Aftermath (model::TextQuery's rule) and that tokenizer takes them as they are.
// search_index says how far the index has got: it is built after imports, a part at a time.
constexpr const char* schemaV5 = R"sql(
CREATE VIRTUAL TABLE event_text USING fts5(text, content='', columnsize=0, detail=none, tokenize='ascii');

CREATE TABLE search_index (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL DEFAULT 0, -- every event block with an id up to this is in event_text
    indexed_events  INTEGER NOT NULL DEFAULT 0, -- the events of those blocks still in the store
    stale_events    INTEGER NOT NULL DEFAULT 0  -- events event_text holds whose source was removed since
);
INSERT INTO search_index (id) VALUES (1);
)sql";

// Version 6: the window index holds each block's event count, so counting the events of a window
// reads the index alone, not the blocks (whose pages a fresh connection would read and cache:
// 0.3-0.6 s for a million events, on the app's UI thread when it opened a store).
constexpr const char* schemaV6 = R"sql(
DROP INDEX event_blocks_time;
CREATE INDEX event_blocks_time ON event_blocks (first_us, last_us, count);
)sql";

// Version 7: an incident's baseline, the window the timeline compares the message templates' rates
// with (model::Incident::baseline); both NULL: the timeline chooses it.
constexpr const char* schemaV7 = R"sql(
ALTER TABLE incidents ADD COLUMN baseline_from_us INTEGER;
ALTER TABLE incidents ADD COLUMN baseline_to_us INTEGER
    CHECK ((baseline_from_us IS NULL) = (baseline_to_us IS NULL)
        AND (baseline_to_us IS NULL OR (baseline_from_us < baseline_to_us AND baseline_to_us <= window_from_us)));
)sql";

// Version 8: a team shares incidents (docs/team-store.md). uid names an incident the same in
// every store it is copied to (push/pull); row_version counts an incident's and an action item's
// changes, so that an edit made from an older copy is caught instead of overwriting a newer one.
constexpr const char* schemaV8 = R"sql(
ALTER TABLE incidents ADD COLUMN uid TEXT;
UPDATE incidents SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX incidents_uid ON incidents (uid);
ALTER TABLE incidents ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE action_items ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
)sql";

constexpr Migration allMigrations[] = {
    {1, schemaV1},
    {2, schemaV2},
    {3, schemaV3, moveEventsIntoBlocks},
    {4, schemaV4},
    {5, schemaV5},
    {6, schemaV6},
    {7, schemaV7},
    {8, schemaV8},
};

// ---- PostgreSQL ---------------------------------------------------------------------------------
// The same versions on a server (docs/team-store.md). Types: ids are BIGINT identities (SQLite's
// INTEGER PRIMARY KEY), times and counts BIGINT (SQLite's INTEGER is 64-bit, PostgreSQL's is
// not), blobs BYTEA; flags stay INTEGER 0/1 and days stay 'YYYY-MM-DD' TEXT, so that one SQL
// statement reads and writes both. Constraints and indexes are SQLite's, by the same names.

// Version 1, without SQLite's events table: version 3 replaced it by blocks before any server
// store existed, so citations never had a foreign key to it here.
constexpr const char* serverV1 = R"sql(
CREATE TABLE sources (
    id             BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    path           TEXT    NOT NULL,
    display_name   TEXT    NOT NULL,
    format         TEXT    NOT NULL,
    content_hash   TEXT,
    size_bytes     BIGINT  NOT NULL DEFAULT 0,
    bytes_consumed BIGINT  NOT NULL DEFAULT 0,
    lines_consumed BIGINT  NOT NULL DEFAULT 0,
    zone_assumed   TEXT,
    imported_at_us BIGINT  NOT NULL,
    event_count    BIGINT  NOT NULL DEFAULT 0,
    skipped_count  BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX sources_path ON sources (path);
CREATE TABLE incidents (
    id                   BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    title                TEXT    NOT NULL,
    window_from_us       BIGINT  NOT NULL,
    window_to_us         BIGINT  NOT NULL,
    display_zone         TEXT,
    severity             TEXT,
    status               TEXT    NOT NULL DEFAULT 'draft'
                                 CHECK (status IN ('draft', 'in_review', 'final')),
    authors              TEXT,
    description          TEXT,
    summary              TEXT,
    impact               TEXT,
    trigger_text         TEXT,
    detection            TEXT,
    resolution           TEXT,
    contributing_factors TEXT,
    went_well            TEXT,
    went_wrong           TEXT,
    got_lucky            TEXT,
    created_at_us        BIGINT  NOT NULL,
    updated_at_us        BIGINT  NOT NULL,
    CHECK (window_from_us <= window_to_us)
);
CREATE TABLE timeline_entries (
    id          BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    incident_id BIGINT  NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    ts_us       BIGINT  NOT NULL,
    end_us      BIGINT,
    text        TEXT    NOT NULL,
    note        TEXT,
    origin      TEXT    NOT NULL DEFAULT 'user' CHECK (origin IN ('draft', 'user')),
    edited      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, ts_us);
CREATE TABLE timeline_entry_events (
    entry_id BIGINT NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL,
    PRIMARY KEY (entry_id, event_id)
);
CREATE INDEX timeline_entry_events_event ON timeline_entry_events (event_id);
CREATE TABLE root_causes (
    id          BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    incident_id BIGINT  NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL
);
CREATE INDEX root_causes_incident ON root_causes (incident_id, position);
CREATE TABLE action_items (
    id            BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    incident_id   BIGINT  NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    description   TEXT    NOT NULL,
    owner         TEXT,
    due_date      TEXT,
    status        TEXT    NOT NULL DEFAULT 'open'
                          CHECK (status IN ('open', 'in_progress', 'done', 'wont_do')),
    priority      TEXT,
    type          TEXT    CHECK (type IN ('prevent', 'mitigate', 'detect', 'process', 'spike')),
    link          TEXT,
    created_at_us BIGINT  NOT NULL,
    closed_at_us  BIGINT
);
CREATE INDEX action_items_incident ON action_items (incident_id);
CREATE INDEX action_items_owner_status ON action_items (owner, status, due_date);
)sql";

constexpr const char* serverV2 = R"sql(
CREATE TABLE drafted_fields (
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    field       TEXT   NOT NULL,
    text        TEXT   NOT NULL,
    PRIMARY KEY (incident_id, field)
);
CREATE TABLE dismissed_draft_events (
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    event_id    BIGINT NOT NULL,
    PRIMARY KEY (incident_id, event_id)
);
)sql";

// Event blocks: ALWAYS an identity, whose sequence never hands out an id twice (AUTOINCREMENT).
constexpr const char* serverV3 = R"sql(
CREATE TABLE event_blocks (
    id        BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id BIGINT  NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    first_us  BIGINT  NOT NULL,
    last_us   BIGINT  NOT NULL,
    count     INTEGER NOT NULL CHECK (count BETWEEN 1 AND 4096),
    format    INTEGER NOT NULL DEFAULT 1,
    data      BYTEA   NOT NULL,
    CHECK (first_us <= last_us)
);
CREATE INDEX event_blocks_time ON event_blocks (first_us, last_us);
CREATE INDEX event_blocks_source ON event_blocks (source_id);
)sql";

constexpr const char* serverV4 = R"sql(
CREATE TABLE custom_sections (
    id            BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    incident_id   BIGINT  NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    after_field   TEXT    NOT NULL DEFAULT '',
    heading       TEXT    NOT NULL,
    markdown      TEXT    NOT NULL,
    from_evidence INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX custom_sections_incident ON custom_sections (incident_id, position);
)sql";

// The search index's progress; its words (SQLite's FTS5 event_text) come with the evidence half,
// as a version of their own.
constexpr const char* serverV5 = R"sql(
CREATE TABLE search_index (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through BIGINT  NOT NULL DEFAULT 0,
    indexed_events  BIGINT  NOT NULL DEFAULT 0,
    stale_events    BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO search_index (id) VALUES (1);
)sql";

constexpr const char* serverV6 = R"sql(
DROP INDEX event_blocks_time;
CREATE INDEX event_blocks_time ON event_blocks (first_us, last_us, count);
)sql";

constexpr const char* serverV7 = R"sql(
ALTER TABLE incidents ADD COLUMN baseline_from_us BIGINT, ADD COLUMN baseline_to_us BIGINT,
    ADD CHECK ((baseline_from_us IS NULL) = (baseline_to_us IS NULL)
        AND (baseline_to_us IS NULL OR (baseline_from_us < baseline_to_us AND baseline_to_us <= window_from_us)));
)sql";

// Version 8: SQLite's, and the search index's words (SQLite's FTS5 event_text): one tsvector per
// event block, of exactly the words model::TextQuery cuts (searchindex.h), made with
// array_to_tsvector so that no text search configuration changes them; NULL for a block whose words
// do not fit in one (1 MB), which every search reads (serverevidence.cpp).
constexpr const char* serverV8 = R"sql(
ALTER TABLE incidents ADD COLUMN uid TEXT, ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;
UPDATE incidents SET uid = md5(random()::text || id::text);
CREATE UNIQUE INDEX incidents_uid ON incidents (uid);
ALTER TABLE action_items ADD COLUMN row_version BIGINT NOT NULL DEFAULT 1;
CREATE TABLE event_words (
    block_id BIGINT   PRIMARY KEY REFERENCES event_blocks (id) ON DELETE CASCADE,
    words    TSVECTOR
);
CREATE INDEX event_words_words ON event_words USING gin (words);
CREATE INDEX event_words_unindexed ON event_words (block_id) WHERE words IS NULL;
)sql";

constexpr ServerMigration allServerMigrations[] = {
    {1, serverV1},
    {2, serverV2},
    {3, serverV3},
    {4, serverV4},
    {5, serverV5},
    {6, serverV6},
    {7, serverV7},
    {8, serverV8},
};
static_assert(std::size(allServerMigrations) == std::size(allMigrations),
    "every schema version has a step on both engines (an empty one where nothing changes)");

} // namespace

std::span<const Migration> schemaMigrations() { return allMigrations; }
std::span<const ServerMigration> serverMigrations() { return allServerMigrations; }

Result<void> migrate(sqlite3* db, int fromVersion, std::span<const Migration> steps, const QString& path)
{
    for (const Migration& step : steps) {
        if (step.version <= fromVersion)
            continue;
        if (auto begun = execRaw(db, "BEGIN IMMEDIATE", path); !begun)
            return begun;
        auto applied = execRaw(db, step.sql, path);
        if (applied && step.apply)
            applied = step.apply(db, path);
        if (applied) {
            const QByteArray bump = "PRAGMA user_version = " + QByteArray::number(step.version);
            applied = execRaw(db, bump.constData(), path);
        }
        if (applied)
            applied = execRaw(db, "COMMIT", path);
        if (!applied) {
            execRaw(db, "ROLLBACK", path); // the step's error is the one worth reporting
            Error error = applied.error();
            error.message = QStringLiteral("upgrading the store to schema version %1 failed and was undone: %2")
                                .arg(step.version)
                                .arg(error.message);
            return std::unexpected(error);
        }
    }
    return {};
}

} // namespace aftermath::store
