-- A desktop in a team: actions taken while the team server was out of reach, each with the
-- idempotency key it is replayed under (so a replay whose answer was lost is not done twice),
-- and the refusal the team's board gave when one no longer applied. Kept in the team cache
-- only; the solo workspace's file has the table but never a row.
CREATE TABLE team_outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT NOT NULL UNIQUE,
    command     TEXT NOT NULL,
    args        TEXT NOT NULL,
    summary     TEXT NOT NULL,
    queued_at   INTEGER NOT NULL,
    -- The core's refusal (an ErrorDto as JSON), once the server gave one.
    refusal     TEXT
);
