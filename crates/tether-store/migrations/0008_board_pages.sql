-- The board reads a page at a time (keyset on the list's own order) and its counts from a
-- table the triggers below keep, so opening a channel costs the same at any size.

DROP INDEX sessions_by_channel;
CREATE INDEX sessions_by_channel ON sessions (channel_id, state_changed_at DESC, id);
CREATE INDEX sessions_by_channel_state ON sessions (channel_id, state, state_changed_at DESC, id);

CREATE TABLE session_counts (
    channel_id TEXT NOT NULL,
    state      TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (channel_id, state)
) WITHOUT ROWID;

INSERT INTO session_counts (channel_id, state, n)
    SELECT channel_id, state, COUNT(*) FROM sessions GROUP BY channel_id, state;

CREATE TRIGGER session_counts_insert AFTER INSERT ON sessions
BEGIN
    INSERT INTO session_counts (channel_id, state, n) VALUES (NEW.channel_id, NEW.state, 1)
        ON CONFLICT (channel_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER session_counts_delete AFTER DELETE ON sessions
BEGIN
    UPDATE session_counts SET n = n - 1
        WHERE channel_id = OLD.channel_id AND state = OLD.state;
END;

CREATE TRIGGER session_counts_update AFTER UPDATE OF channel_id, state ON sessions
    WHEN OLD.channel_id IS NOT NEW.channel_id OR OLD.state IS NOT NEW.state
BEGIN
    UPDATE session_counts SET n = n - 1
        WHERE channel_id = OLD.channel_id AND state = OLD.state;
    INSERT INTO session_counts (channel_id, state, n) VALUES (NEW.channel_id, NEW.state, 1)
        ON CONFLICT (channel_id, state) DO UPDATE SET n = n + 1;
END;

-- Home (assigned to me, or shared with me): the invited side reads only sessions with an
-- invitation, so Home costs what the technician's own sessions cost, not the whole cache.
CREATE INDEX sessions_with_invites ON sessions (id) WHERE invited <> '[]';
