-- Aftermath store, schema version 2, as released: never edit; add schema-v3.sql for the next version.
-- Made from schema-v1.sql upgraded by the v2 step, a few rows more (drafted text, an edited drafted entry,
-- a removed one, a closed action item), then sqlite3 .dump.
PRAGMA user_version = 2;
PRAGMA application_id = 1095128141;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
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
INSERT INTO sources VALUES(1,'/evidence/etl-nhs.log','etl-nhs.log','text-log','sha256:0f3a',4096,4096,5,'Europe/London',1781769600000000,4,0);
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
INSERT INTO events VALUES(1,1,1781744400000000,'zone_assumed',0,1,NULL,'info','job_start','etl','nhs-e',NULL,NULL,'Starting create_post_funding for tenant NHS E','2026-06-18 02:00:00,000 INFO Starting create_post_funding for tenant NHS E',0);
INSERT INTO events VALUES(2,1,1781744523000000,'zone_assumed',1,2,NULL,'error','error','etl','nhs-e',NULL,NULL,'column "funding_band" does not exist',NULL,0);
INSERT INTO events VALUES(3,1,1781744523000000,'inherited',2,3,NULL,'error','error','etl','nhs-e',NULL,NULL,'Traceback (most recent call last):',NULL,0);
INSERT INTO events VALUES(4,1,1781744583000000,'zone_assumed',3,5,NULL,'warning','retry','etl','nhs-e',NULL,NULL,'Retrying create_post_funding (attempt 2)',NULL,0);
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
INSERT INTO incidents VALUES(1,'Nightly ETL runs failed after merge',1781734020000000,1781760000000000,'Europe/London','SEV2','in_review','Dana W, Sam Okafor',NULL,'Post-funding reports incomplete',NULL,'PR #412 merged at 2026-06-18 01:25:07 +01:00',NULL,NULL,NULL,NULL,NULL,NULL,1781769600000000,1781769600000000);
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
INSERT INTO timeline_entries VALUES(1,1,1781744400000000,NULL,'NHS E run starts',NULL,'draft',0);
INSERT INTO timeline_entries VALUES(2,1,1781744523000000,NULL,'First funding_band error','seen by the monitor first','draft',1);
CREATE TABLE timeline_entry_events (
    entry_id INTEGER NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, event_id)
) WITHOUT ROWID;
INSERT INTO timeline_entry_events VALUES(1,1);
INSERT INTO timeline_entry_events VALUES(2,2);
CREATE TABLE root_causes (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT    NOT NULL
);
INSERT INTO root_causes VALUES(1,1,1,'Migration not yet applied in production');
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
INSERT INTO action_items VALUES(1,1,'Add max retries for all steps','priya','2026-07-01','open','P2','prevent',NULL,1781769600000000,NULL);
INSERT INTO action_items VALUES(2,1,'Apply migrations before deploying the ETL','sam','2026-06-25','done','P1','process','https://github.com/example/etl/issues/7',1781769600000000,1781856000000000);
CREATE TABLE drafted_fields (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    field       TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, field)
) WITHOUT ROWID;
INSERT INTO drafted_fields VALUES(1,'trigger_text','PR #412 merged at 2026-06-18 01:25:07 +01:00');
CREATE TABLE dismissed_draft_events (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL,
    PRIMARY KEY (incident_id, event_id)
) WITHOUT ROWID;
INSERT INTO dismissed_draft_events VALUES(1,4);
CREATE INDEX sources_path ON sources (path);
CREATE INDEX events_time ON events (ts_us, source_id, seq);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, ts_us);
CREATE INDEX timeline_entry_events_event ON timeline_entry_events (event_id);
CREATE INDEX root_causes_incident ON root_causes (incident_id, position);
CREATE INDEX action_items_incident ON action_items (incident_id);
CREATE INDEX action_items_owner_status ON action_items (owner, status, due_date);
COMMIT;
