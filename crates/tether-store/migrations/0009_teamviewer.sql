-- TeamViewer sessions made from tickets (TV2–TV5). The session as TeamViewer last described
-- it is kept as JSON; what the queries need is in columns.

CREATE TABLE tv_sessions (
    code            TEXT PRIMARY KEY NOT NULL,
    ticket_id       TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    state           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    closed_at       INTEGER,
    connected_since INTEGER,
    checked_at      INTEGER,
    session         TEXT NOT NULL
);
CREATE INDEX tv_sessions_by_ticket ON tv_sessions (ticket_id, created_at DESC);
CREATE INDEX tv_sessions_by_state ON tv_sessions (state, closed_at);
