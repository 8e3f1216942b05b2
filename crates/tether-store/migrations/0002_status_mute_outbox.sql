-- The provider's own status word beside Tether's state (SD3), per-channel mute (SD6), and
-- the outbox of provider actions not yet delivered (TK2).

ALTER TABLE sessions ADD COLUMN provider_status TEXT NOT NULL DEFAULT '';

CREATE TABLE channel_mutes (
    channel_id    TEXT NOT NULL,
    technician_id TEXT NOT NULL,
    PRIMARY KEY (channel_id, technician_id)
);

CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    provider            TEXT NOT NULL,
    provider_session_id TEXT NOT NULL,
    action              TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    last_error          TEXT,
    created_at          INTEGER NOT NULL,
    next_attempt_at     INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at);
