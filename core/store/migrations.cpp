#include "migrations.h"

#include "sqliteerror.h"

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

constexpr Migration allMigrations[] = {
    {1, schemaV1},
    {2, schemaV2},
};

Result<void> exec(sqlite3* db, const char* sql, const QString& path)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    const QString detail = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc));
    sqlite3_free(message);
    return std::unexpected(sqliteError(rc, detail, path));
}

} // namespace

std::span<const Migration> schemaMigrations() { return allMigrations; }

Result<void> migrate(sqlite3* db, int fromVersion, std::span<const Migration> steps, const QString& path)
{
    for (const Migration& step : steps) {
        if (step.version <= fromVersion)
            continue;
        if (auto begun = exec(db, "BEGIN IMMEDIATE", path); !begun)
            return begun;
        auto applied = exec(db, step.sql, path);
        if (applied) {
            const QByteArray bump = "PRAGMA user_version = " + QByteArray::number(step.version);
            applied = exec(db, bump.constData(), path);
        }
        if (applied)
            applied = exec(db, "COMMIT", path);
        if (!applied) {
            exec(db, "ROLLBACK", path); // the step's error is the one worth reporting
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
