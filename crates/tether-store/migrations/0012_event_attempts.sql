-- A stored event that cannot be processed yet (its report lags, the vendor is down) is tried
-- again later and later, then given up on, visibly: never retried every round forever.
ALTER TABLE inbound_events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbound_events ADD COLUMN next_attempt_at INTEGER;
DROP INDEX inbound_events_unprocessed;
CREATE INDEX inbound_events_due ON inbound_events (source, processed_at, next_attempt_at, id);
