-- The ticket desk (SPEC TK1): directory, tickets with their timeline, assets with typed
-- fields and launch history, chats, remote-session records, and the mail outbox (TK2).
-- Search runs on FTS5 tables kept in step by triggers.

-- IN8: a technician who is not taking invitations.
ALTER TABLE technicians ADD COLUMN available INTEGER NOT NULL DEFAULT 1;

CREATE TABLE customers (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL
);

CREATE TABLE sites (
    id          TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name        TEXT NOT NULL
);

CREATE TABLE end_users (
    id          TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    site_id     TEXT,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL
);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    -- JSON array of technician ids.
    members    TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE ticket_types (
    id                    TEXT PRIMARY KEY NOT NULL,
    name                  TEXT NOT NULL,
    send_invite_on_create INTEGER NOT NULL DEFAULT 0,
    -- JSON InviteTarget.
    invite_target         TEXT NOT NULL DEFAULT '{"kind":"default"}'
);

-- The ticket number is the rowid, so the search index can point at it and VACUUM keeps it.
CREATE TABLE tickets (
    number         INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    subject        TEXT NOT NULL,
    status         TEXT NOT NULL,
    customer_id    TEXT,
    end_user_name  TEXT NOT NULL DEFAULT '',
    end_user_email TEXT NOT NULL DEFAULT '',
    type_id        TEXT,
    assignee       TEXT,
    asset_id       TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX tickets_by_updated ON tickets (updated_at DESC);
CREATE INDEX tickets_by_customer ON tickets (customer_id, updated_at DESC);
CREATE INDEX tickets_by_status ON tickets (status, updated_at DESC);

CREATE TABLE ticket_actions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id      TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    at             INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    note           TEXT NOT NULL,
    -- JSON InvitationRecord for invitation actions.
    invitation     TEXT,
    -- 'pending' or 'sent' for actions that send email.
    delivery       TEXT,
    logged_seconds INTEGER
);
CREATE INDEX ticket_actions_by_ticket ON ticket_actions (ticket_id, id);

CREATE VIRTUAL TABLE tickets_fts USING fts5 (
    number, subject, customer, end_user,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, number, subject, customer, end_user)
    VALUES (new.number, new.number, new.subject,
            COALESCE((SELECT name FROM customers WHERE id = new.customer_id), ''),
            new.end_user_name || ' ' || new.end_user_email);
END;
CREATE TRIGGER tickets_fts_update AFTER UPDATE OF subject, customer_id, end_user_name, end_user_email ON tickets BEGIN
    UPDATE tickets_fts SET
        subject = new.subject,
        customer = COALESCE((SELECT name FROM customers WHERE id = new.customer_id), ''),
        end_user = new.end_user_name || ' ' || new.end_user_email
    WHERE rowid = new.number;
END;
CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM tickets_fts WHERE rowid = old.number;
END;

CREATE TABLE asset_types (
    id     TEXT PRIMARY KEY NOT NULL,
    name   TEXT NOT NULL,
    -- JSON array of AssetFieldSpec.
    fields TEXT NOT NULL
);

CREATE TABLE assets (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    customer_id      TEXT,
    type_id          TEXT NOT NULL,
    inventory_number TEXT NOT NULL DEFAULT '',
    platform         TEXT NOT NULL DEFAULT 'other',
    -- JSON object: field key -> normalised value.
    fields           TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX assets_by_customer ON assets (customer_id, name);
CREATE INDEX assets_by_name ON assets (name);

CREATE VIRTUAL TABLE assets_fts USING fts5 (
    name, inventory_number, customer, fields,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
    INSERT INTO assets_fts (rowid, name, inventory_number, customer, fields)
    VALUES (new.seq, new.name, new.inventory_number,
            COALESCE((SELECT name FROM customers WHERE id = new.customer_id), ''),
            COALESCE((SELECT group_concat(value, ' ') FROM json_each(new.fields)), ''));
END;
CREATE TRIGGER assets_fts_update AFTER UPDATE ON assets BEGIN
    UPDATE assets_fts SET
        name = new.name,
        inventory_number = new.inventory_number,
        customer = COALESCE((SELECT name FROM customers WHERE id = new.customer_id), ''),
        fields = COALESCE((SELECT group_concat(value, ' ') FROM json_each(new.fields)), '')
    WHERE rowid = new.seq;
END;
CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
    DELETE FROM assets_fts WHERE rowid = old.seq;
END;

-- A renamed customer is found under its new name.
CREATE TRIGGER customers_rename_fts AFTER UPDATE OF name ON customers BEGIN
    UPDATE tickets_fts SET customer = new.name
    WHERE rowid IN (SELECT number FROM tickets WHERE customer_id = new.id);
    UPDATE assets_fts SET customer = new.name
    WHERE rowid IN (SELECT seq FROM assets WHERE customer_id = new.id);
END;

CREATE TABLE asset_launches (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    asset_id TEXT NOT NULL,
    at       INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    provider TEXT NOT NULL,
    label    TEXT NOT NULL,
    url      TEXT NOT NULL
);
CREATE INDEX asset_launches_by_asset ON asset_launches (asset_id, id DESC);

CREATE TABLE chats (
    id         TEXT PRIMARY KEY NOT NULL,
    ticket_id  TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX chats_by_ticket ON chats (ticket_id);

CREATE TABLE chat_messages (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id TEXT NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,
    author  TEXT NOT NULL,
    html    TEXT NOT NULL
);
CREATE INDEX chat_messages_by_chat ON chat_messages (chat_id, id);

-- SP2 fills this when a provider's session ends (the import issue); the schema is here so
-- tickets and chats can point at finished sessions from the start.
CREATE TABLE remote_sessions (
    id                  TEXT PRIMARY KEY NOT NULL,
    provider            TEXT NOT NULL,
    provider_session_id TEXT NOT NULL,
    ticket_id           TEXT,
    chat_id             TEXT,
    started_at          INTEGER,
    ended_at            INTEGER,
    duration_seconds    INTEGER,
    comment             TEXT,
    UNIQUE (provider, provider_session_id)
);

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id       INTEGER REFERENCES ticket_actions (id) ON DELETE SET NULL,
    -- JSON array of addresses.
    recipients      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    html            TEXT NOT NULL,
    text            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
CREATE INDEX mail_outbox_by_action ON mail_outbox (action_id);
