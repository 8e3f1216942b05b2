-- The Service Desk board: technicians, channels, sessions and their history.
-- Times are Unix milliseconds (UTC). Secrets never live in this file.

CREATE TABLE technicians (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    can_release INTEGER NOT NULL DEFAULT 1,
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE channels (
    id                  TEXT PRIMARY KEY NOT NULL,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('private', 'shared')),
    provider_channel_id INTEGER NOT NULL,
    timeout_minutes     INTEGER NOT NULL DEFAULT 60,
    private_sessions    INTEGER NOT NULL DEFAULT 0,
    -- JSON array of technician ids; empty means everyone.
    members             TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY NOT NULL,
    channel_id          TEXT NOT NULL,
    provider            TEXT NOT NULL,
    provider_session_id TEXT NOT NULL,
    customer_name       TEXT NOT NULL,
    issue               TEXT NOT NULL,
    code                TEXT NOT NULL,
    link                TEXT NOT NULL,
    state               TEXT NOT NULL,
    permission          TEXT NOT NULL DEFAULT 'not_requested',
    assignee            TEXT,
    -- JSON array of invited technician ids.
    invited             TEXT NOT NULL DEFAULT '[]',
    created_by          TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    state_changed_at    INTEGER NOT NULL,
    UNIQUE (provider, provider_session_id)
);
CREATE INDEX sessions_by_channel ON sessions (channel_id, state_changed_at DESC);
CREATE INDEX sessions_by_assignee ON sessions (assignee, state_changed_at DESC);
CREATE INDEX sessions_by_state ON sessions (state);

CREATE TABLE session_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    event      TEXT,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX session_history_by_session ON session_history (session_id, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
