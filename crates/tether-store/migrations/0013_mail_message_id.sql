-- Each queued email keeps one Message-ID for all its attempts: a message the server took
-- just before a crash, sent again after it, is the same message to the recipient's mailbox
-- (which collapses copies by Message-ID) instead of a second invitation.
ALTER TABLE mail_outbox ADD COLUMN message_id TEXT;
