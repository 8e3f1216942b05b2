-- TK2: an action the provider, or the mail server, refused for good is kept with the reason
-- until a technician retries it, corrects it (an email's recipients) or discards it: nothing
-- is dropped silently.
ALTER TABLE outbox ADD COLUMN refused_at INTEGER;
ALTER TABLE mail_outbox ADD COLUMN refused_at INTEGER;
