-- Vendor pushes and what came of them (the desktop's 0004_intake, 0006, 0009 and 0012, in
-- their final shape): events stored before their sender is answered and processed once, the
-- keys Tether generated (BT8), each finished remote session kept once, and the TeamViewer
-- sessions made from tickets.

CREATE TABLE inbound_events (
    -- Never reused, even after a prune (SQLite's AUTOINCREMENT): an id a processor holds
    -- names one event for good.
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source          TEXT NOT NULL,
    event           TEXT NOT NULL,
    lsid            TEXT NOT NULL DEFAULT '',
    external_key    TEXT NOT NULL DEFAULT '',
    -- The body exactly as the vendor sent it, for the record. TEXT, not JSONB: JSONB would
    -- rewrite it and refuse some valid JSON (`\u0000`), and an event refused here is an
    -- event the vendor is told failed.
    payload         TEXT NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    processed_at    TIMESTAMPTZ,
    outcome         TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ,
    -- Two server instances share this table: the one that read an event holds it until it
    -- marks or defers it, or until the claim runs out (an instance that died mid-round), so
    -- no event is processed by both. SQLite has one writer and needs neither column.
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ
);
-- The processors' read: one source's unprocessed events in id order; the partial index stays
-- the size of the backlog, not of the month of processed events kept for the record.
CREATE INDEX inbound_events_due ON inbound_events (source, id) WHERE processed_at IS NULL;
-- The daily prune of old processed events.
CREATE INDEX inbound_events_processed ON inbound_events (processed_at)
    WHERE processed_at IS NOT NULL;

CREATE TABLE generated_keys (
    short_key    TEXT PRIMARY KEY,
    external_key TEXT NOT NULL,
    ticket_id    TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
-- BT8 asks by the external key the appliance reports back.
CREATE INDEX generated_keys_by_external ON generated_keys (external_key);

-- No foreign keys to tickets or chats: a session stays on record if its ticket goes, as on
-- the desktop.
CREATE TABLE remote_sessions (
    id                  TEXT PRIMARY KEY,
    provider            TEXT NOT NULL,
    provider_session_id TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'unlinked'
                        CHECK (status IN ('linked', 'unlinked', 'rejected')),
    reason              TEXT,
    ticket_id           TEXT,
    chat_id             TEXT,
    external_key        TEXT NOT NULL DEFAULT '',
    customer_name       TEXT NOT NULL DEFAULT '',
    customer_host       TEXT NOT NULL DEFAULT '',
    rep_name            TEXT NOT NULL DEFAULT '',
    attributed_to       TEXT,
    -- Nullable on the desktop only for rows from before the import existed; every write
    -- here has one.
    started_at          TIMESTAMPTZ NOT NULL,
    ended_at            TIMESTAMPTZ,
    -- A u32 in the domain: more than INTEGER holds.
    duration_seconds    BIGINT NOT NULL DEFAULT 0
                        CHECK (duration_seconds BETWEEN 0 AND 4294967295),
    -- The desktop's 0003 had a `comment` no code ever wrote or read: not carried over.
    transcript          TEXT NOT NULL DEFAULT '',
    time_source         TEXT CHECK (time_source IN ('provider', 'observed')),
    -- Once per session at its provider: what makes a repeated event or a reconciliation
    -- poll change nothing, whichever instance takes it.
    UNIQUE (provider, provider_session_id)
);
-- *Unlinked sessions*, newest first.
CREATE INDEX remote_sessions_waiting ON remote_sessions (started_at DESC)
    WHERE status IN ('unlinked', 'rejected');
-- A TeamViewer code's connections, oldest first.
CREATE INDEX remote_sessions_by_key ON remote_sessions (provider, external_key, started_at);
-- The reconciliation poll's starting point: the latest start per provider.
CREATE INDEX remote_sessions_by_start ON remote_sessions (provider, started_at);

CREATE TABLE tv_sessions (
    code            TEXT PRIMARY KEY,
    ticket_id       TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    created_at      TIMESTAMPTZ NOT NULL,
    closed_at       TIMESTAMPTZ,
    connected_since TIMESTAMPTZ,
    checked_at      TIMESTAMPTZ,
    -- The session as TeamViewer last described it; what the queries need is in columns.
    session         JSONB NOT NULL
);
-- The ticket's TeamViewer panel, newest first.
CREATE INDEX tv_sessions_by_ticket ON tv_sessions (ticket_id, created_at DESC, code);
-- The connection-report check: open sessions, and those closed lately.
CREATE INDEX tv_sessions_by_state ON tv_sessions (state, closed_at);
