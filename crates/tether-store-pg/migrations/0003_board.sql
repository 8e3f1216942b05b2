-- The Service Desk board of a team workspace: its technicians, channels (with their settings
-- and per-technician mutes), sessions with their history and the connections Tether saw,
-- the workspace's settings, and the outbox of provider actions not yet delivered (TK2).
-- The shape is the SQLite file's after all of its migrations, so both stores answer alike.
--
-- Ids that the board orders or pages by are COLLATE "C": SQLite compares text byte by byte,
-- and a keyset page must agree with the order it continues, whatever the server's locale.

-- The workspace's technicians are the team's (0002), who also get access tokens.
ALTER TABLE technicians
    -- IN8: not taking invitations.
    ADD COLUMN available BOOLEAN NOT NULL DEFAULT true,
    -- The order the admin added them in; the board lists them so.
    ADD COLUMN position BIGINT NOT NULL DEFAULT 0,
    ALTER COLUMN can_release SET DEFAULT true,
    -- The store port's upsert has no time to give.
    ALTER COLUMN created_at SET DEFAULT now();

CREATE TABLE channels (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('private', 'shared')),
    provider_channel_id BIGINT NOT NULL,
    timeout_minutes     BIGINT NOT NULL DEFAULT 60,
    private_sessions    BOOLEAN NOT NULL DEFAULT false,
    -- Technician ids; empty means everyone.
    members             JSONB NOT NULL DEFAULT '[]'
);

-- No foreign keys: like the SQLite file, a mute may name a channel the provider has not
-- reported yet, and outlives one it stopped reporting.
CREATE TABLE channel_mutes (
    technician_id TEXT NOT NULL,
    channel_id    TEXT NOT NULL,
    -- Technician first: the board asks for one technician's mutes.
    PRIMARY KEY (technician_id, channel_id)
);

CREATE TABLE sessions (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    channel_id          TEXT NOT NULL,
    provider            TEXT NOT NULL,
    provider_session_id TEXT NOT NULL,
    customer_name       TEXT NOT NULL,
    issue               TEXT NOT NULL,
    code                TEXT NOT NULL,
    link                TEXT NOT NULL,
    state               TEXT NOT NULL,
    provider_status     TEXT NOT NULL DEFAULT '',
    permission          TEXT NOT NULL DEFAULT 'not_requested',
    assignee            TEXT,
    -- Invited technician ids: JSONB so "invited to" is an indexed `?`.
    invited             JSONB NOT NULL DEFAULT '[]',
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    state_changed_at    TIMESTAMPTZ NOT NULL,
    -- SP2: the ticket the session was created from; its time goes back there.
    ticket_id           TEXT,
    UNIQUE (provider, provider_session_id)
);
-- The board's order (newest state change first, then id), whole or per channel, and a
-- channel's tab; the last also answers a channel's counts from the index alone. SQLite keeps
-- counts in a table maintained by triggers; here that table's rows would be hot spots every
-- writer of a channel queues on (and two sessions changing state in opposite directions
-- would deadlock), so counts are read from this index instead.
CREATE INDEX sessions_in_board_order ON sessions (state_changed_at DESC, id);
CREATE INDEX sessions_by_channel ON sessions (channel_id, state_changed_at DESC, id);
CREATE INDEX sessions_by_channel_state ON sessions (channel_id, state, state_changed_at DESC, id);
-- Home and "involving me": each side of the OR from its own index.
CREATE INDEX sessions_by_assignee ON sessions (assignee, state_changed_at DESC);
CREATE INDEX sessions_by_creator ON sessions (created_by);
CREATE INDEX sessions_by_invited ON sessions USING GIN (invited);
CREATE INDEX sessions_by_state ON sessions (state);
-- SP2: closed sessions whose time has not gone back to their ticket.
CREATE INDEX sessions_by_ticket ON sessions (ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE session_history (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id TEXT COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT NOT NULL,
    event      TEXT,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX session_history_by_session ON session_history (session_id, id);

-- SP2: the intervals in which Tether saw a technician connected (Splashtop reports no
-- connection log); the ticket's logged time is made of them.
CREATE TABLE session_connections (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id TEXT COLLATE "C" NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ
);
CREATE INDEX session_connections_by_session ON session_connections (session_id, id);
-- At most one open connection per session, even when two instances see it start at once.
CREATE UNIQUE INDEX session_connections_open ON session_connections (session_id)
    WHERE ended_at IS NULL;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- TK2: provider actions waiting to be delivered; one refused for good keeps its reason until
-- a technician retries or discards it.
CREATE TABLE outbox (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider            TEXT NOT NULL,
    provider_session_id TEXT NOT NULL,
    action              TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    last_error          TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    next_attempt_at     TIMESTAMPTZ NOT NULL,
    refused_at          TIMESTAMPTZ,
    -- Taken by a delivery round until then: another server instance's round skips it, so an
    -- action is sent once. Past it (the round's instance died) the action is due again.
    claimed_until       TIMESTAMPTZ
);
-- What a delivery round claims: due and not refused.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE refused_at IS NULL;
