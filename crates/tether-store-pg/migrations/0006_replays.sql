-- A desktop that was offline replays its queued actions with the key it gave each one; the
-- answer is kept here, so an action whose answer was lost on the way is answered again, not
-- done twice.
CREATE TABLE replays (
    technician_id TEXT NOT NULL,
    key           TEXT NOT NULL,
    command       TEXT NOT NULL,
    -- NULL while the first attempt runs.
    status        SMALLINT,
    body          JSONB,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (technician_id, key)
);
CREATE INDEX replays_by_age ON replays (created_at);
