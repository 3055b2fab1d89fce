-- Aftermath store, schema version 8, as released: never edit; add schema-v9.sql for the next version.
-- Made from schema-v7.sql upgraded by the v8 step (an incident's uid, row versions), the incident's
-- uid then fixed and its row version set to 3 (action item 2's to 2), then sqlite3 .dump.
PRAGMA user_version = 8;
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
    updated_at_us        INTEGER NOT NULL, baseline_from_us INTEGER, baseline_to_us INTEGER
    CHECK ((baseline_from_us IS NULL) = (baseline_to_us IS NULL)
        AND (baseline_to_us IS NULL OR (baseline_from_us < baseline_to_us AND baseline_to_us <= window_from_us))), uid TEXT, row_version INTEGER NOT NULL DEFAULT 1,
    CHECK (window_from_us <= window_to_us)
);
INSERT INTO incidents VALUES(1,'Nightly ETL runs failed after merge',1781734020000000,1781760000000000,'Europe/London','SEV2','in_review','Dana W, Sam Okafor',NULL,'Post-funding reports incomplete',NULL,'PR #412 merged at 2026-06-18 01:25:07 +01:00',NULL,NULL,NULL,NULL,NULL,NULL,1781769600000000,1781769600000000,1781726820000000,1781730420000000,'5f0c2a7e9b1d4c3a8e6f0b2d4a6c8e01',3);
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
, row_version INTEGER NOT NULL DEFAULT 1);
INSERT INTO action_items VALUES(1,1,'Add max retries for all steps','priya','2026-07-01','open','P2','prevent',NULL,1781769600000000,NULL,1);
INSERT INTO action_items VALUES(2,1,'Apply migrations before deploying the ETL','sam','2026-06-25','done','P1','process','https://github.com/example/etl/issues/7',1781769600000000,1781856000000000,2);
CREATE TABLE drafted_fields (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    field       TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, field)
) WITHOUT ROWID;
INSERT INTO drafted_fields VALUES(1,'trigger_text','PR #412 merged at 2026-06-18 01:25:07 +01:00');
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
INSERT INTO event_blocks VALUES(1,1,1781744400000000,1781744583000000,4,1,X'048090d7a0969faa06c0a9d33a00808ece1c00020202020d0500660365746c056e68732d652d5374617274696e67206372656174655f706f73745f66756e64696e6720666f722074656e616e74204e485320454a323032362d30362d31382030323a30303a30302c30303020494e464f205374617274696e67206372656174655f706f73745f66756e64696e6720666f722074656e616e74204e4853204502190900260365746c056e68732d6524636f6c756d6e202266756e64696e675f62616e642220646f6573206e6f74206578697374021b0900260365746c056e68732d652254726163656261636b20286d6f737420726563656e742063616c6c206c617374293a04150a00260365746c056e68732d65285265747279696e67206372656174655f706f73745f66756e64696e672028617474656d7074203229');
CREATE TABLE IF NOT EXISTS "timeline_entry_events" (
    entry_id INTEGER NOT NULL REFERENCES timeline_entries (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (entry_id, event_id)
) WITHOUT ROWID;
INSERT INTO timeline_entry_events VALUES(1,1);
INSERT INTO timeline_entry_events VALUES(2,2);
CREATE TABLE IF NOT EXISTS "dismissed_draft_events" (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL,
    PRIMARY KEY (incident_id, event_id)
) WITHOUT ROWID;
INSERT INTO dismissed_draft_events VALUES(1,4);
CREATE TABLE custom_sections (
    id            INTEGER PRIMARY KEY,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL, -- 1.. in the document's order
    after_field   TEXT    NOT NULL DEFAULT '', -- the field section it followed; '' before the first
    heading       TEXT    NOT NULL, -- Markdown, without the #s
    markdown      TEXT    NOT NULL, -- the body, verbatim
    from_evidence INTEGER NOT NULL DEFAULT 0 -- shown only when there are no events to reconstruct it
);
INSERT INTO custom_sections VALUES(1,1,1,'impact','Customer communication','We posted on the status page at 02:30.',0);
INSERT INTO custom_sections VALUES(2,1,2,'action_items','What the evidence shows','Reconstructed by Aftermath from the events in the incident''s window.',1);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','event_text','event_text',0,'CREATE VIRTUAL TABLE event_text USING fts5(text, content='''', columnsize=0, detail=none, tokenize=''ascii'')');
CREATE TABLE IF NOT EXISTS 'event_text_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO event_text_data VALUES(1,X'0435');
INSERT INTO event_text_data VALUES(10,X'000000000101010001010101');
INSERT INTO event_text_data VALUES(137438953473,X'000000d703303030010301300102013201020136010102313801010132040203303236010107617474656d707404010462616e6402010463616c6c0302056f6c756d6e020205726561746501030104646f657302010165010101010202746c01010101020478697374020103666f72010206756e64696e670101020104696e666f0101046c6173740301046d6f73740301036e68730101010102026f74020104706f737401030106726563656e74030306747279696e670401087374617274696e6701010674656e616e74010208726163656261636b0304050404040504060a0707080907070807060b07070709050809090b09');
CREATE TABLE IF NOT EXISTS 'event_text_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO event_text_idx VALUES(1,X'',2);
CREATE TABLE IF NOT EXISTS 'event_text_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO event_text_config VALUES('version',4);
CREATE TABLE search_index (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL DEFAULT 0, -- every event block with an id up to this is in event_text
    indexed_events  INTEGER NOT NULL DEFAULT 0, -- the events of those blocks still in the store
    stale_events    INTEGER NOT NULL DEFAULT 0  -- events event_text holds whose source was removed since
);
INSERT INTO search_index VALUES(1,1,4,0);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('event_blocks',1);
CREATE INDEX sources_path ON sources (path);
CREATE INDEX timeline_entries_incident ON timeline_entries (incident_id, ts_us);
CREATE INDEX root_causes_incident ON root_causes (incident_id, position);
CREATE INDEX action_items_incident ON action_items (incident_id);
CREATE INDEX action_items_owner_status ON action_items (owner, status, due_date);
CREATE INDEX event_blocks_source ON event_blocks (source_id);
CREATE INDEX timeline_entry_events_event ON timeline_entry_events (event_id);
CREATE INDEX custom_sections_incident ON custom_sections (incident_id, position);
CREATE INDEX event_blocks_time ON event_blocks (first_us, last_us, count);
CREATE UNIQUE INDEX incidents_uid ON incidents (uid);
PRAGMA writable_schema=OFF;
COMMIT;
