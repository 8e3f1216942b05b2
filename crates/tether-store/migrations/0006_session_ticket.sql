-- SP2: a session knows the ticket it was created from (an invitation, a chat invite, a ticket
-- type's invitation, or New session with a ticket chosen), and Tether keeps the intervals in
-- which it saw a technician connected: Splashtop reports no connection log (providers.md
-- §3.3), so these are what the ticket's logged time is made of.
ALTER TABLE sessions ADD COLUMN ticket_id TEXT;
CREATE INDEX sessions_by_ticket ON sessions (ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE session_connections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE INDEX session_connections_by_session ON session_connections (session_id, id);

-- Where a remote session's logged time came from: reported by the provider, or observed by
-- Tether while polling.
ALTER TABLE remote_sessions ADD COLUMN time_source TEXT;
