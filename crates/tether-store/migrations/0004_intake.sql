-- Vendor pushes (BeyondTrust outbound events), stored before they are answered and
-- processed once; the keys Tether generated (BT8); what became of each finished session.

CREATE TABLE inbound_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL,
    event        TEXT NOT NULL,
    lsid         TEXT NOT NULL DEFAULT '',
    external_key TEXT NOT NULL DEFAULT '',
    -- The whole form as JSON, for the record.
    payload      TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    processed_at INTEGER,
    outcome      TEXT
);
CREATE INDEX inbound_events_unprocessed ON inbound_events (processed_at, id);

CREATE TABLE generated_keys (
    short_key    TEXT PRIMARY KEY NOT NULL,
    external_key TEXT NOT NULL,
    ticket_id    TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX generated_keys_by_external ON generated_keys (external_key);

ALTER TABLE remote_sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'unlinked';
ALTER TABLE remote_sessions ADD COLUMN reason TEXT;
ALTER TABLE remote_sessions ADD COLUMN external_key TEXT NOT NULL DEFAULT '';
ALTER TABLE remote_sessions ADD COLUMN customer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE remote_sessions ADD COLUMN customer_host TEXT NOT NULL DEFAULT '';
ALTER TABLE remote_sessions ADD COLUMN rep_name TEXT NOT NULL DEFAULT '';
ALTER TABLE remote_sessions ADD COLUMN attributed_to TEXT;
ALTER TABLE remote_sessions ADD COLUMN transcript TEXT NOT NULL DEFAULT '';
CREATE INDEX remote_sessions_by_status ON remote_sessions (status, started_at DESC);
