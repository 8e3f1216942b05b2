-- The outbox carries SMS as well as email (TV3: a pilot session's link by SMS).
ALTER TABLE mail_outbox ADD COLUMN via TEXT NOT NULL DEFAULT 'email' CHECK (via IN ('email', 'sms'));
