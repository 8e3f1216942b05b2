-- The ticket desk (SPEC TK1) in its final shape after the solo file's migrations 0003–0013:
-- directory, tickets with their timeline, assets with typed fields and launch history, chats,
-- the mail outbox (TK2) and the ticket each Syncro RMM alert became (SY7).
--
-- Names that lists sort by are COLLATE "C": the solo file sorts by bytes (SQLite's BINARY),
-- and the console must list the same order from either home.

-- IN8: a technician who is not taking invitations. The board's migration adds the same
-- column; whichever of the two runs first adds it.
ALTER TABLE technicians ADD COLUMN IF NOT EXISTS available BOOLEAN NOT NULL DEFAULT true;

-- Search documents: `words` holds a row's own words as the code split and folded them (the
-- same split the solo file's search applies to what a technician types), so both homes
-- find the same rows; `search` adds the customer's words and is what queries match.
CREATE TABLE customers (
    id        TEXT PRIMARY KEY,
    name      TEXT COLLATE "C" NOT NULL,
    -- SY2: the Syncro customer it is linked to; wins on later imports, so unique where set.
    -- Deferrable: an import may move a link from one customer to another within a batch.
    syncro_id BIGINT,
    active    BOOLEAN NOT NULL DEFAULT true,
    parent_id TEXT,
    words     TSVECTOR NOT NULL DEFAULT '',
    CONSTRAINT customers_syncro_id_unique UNIQUE (syncro_id) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX customers_by_name ON customers (name, id);

CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    name        TEXT COLLATE "C" NOT NULL
);
-- A customer's sites are replaced whole on each save.
CREATE INDEX sites_by_customer ON sites (customer_id);

CREATE TABLE end_users (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    site_id     TEXT,
    name        TEXT COLLATE "C" NOT NULL,
    email       TEXT NOT NULL
);
CREATE INDEX end_users_by_customer ON end_users (customer_id);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL,
    channel_id TEXT NOT NULL,
    -- Technician ids.
    members    JSONB NOT NULL DEFAULT '[]'
);

CREATE TABLE ticket_types (
    id                    TEXT PRIMARY KEY,
    name                  TEXT COLLATE "C" NOT NULL,
    send_invite_on_create BOOLEAN NOT NULL DEFAULT false,
    invite_target         JSONB NOT NULL DEFAULT '{"kind":"default"}'
);

-- The last ticket number handed out. One row, locked by each insert until it commits: two
-- server instances never take the same number, and a rolled-back insert leaves no gap (the
-- solo file numbers MAX + 1 under its single writer).
CREATE TABLE ticket_numbers (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last BIGINT NOT NULL
);
INSERT INTO ticket_numbers (id, last) VALUES (1, 1000);

CREATE TABLE tickets (
    number         BIGINT PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    subject        TEXT NOT NULL,
    status         TEXT NOT NULL,
    customer_id    TEXT,
    end_user_name  TEXT NOT NULL DEFAULT '',
    end_user_email TEXT NOT NULL DEFAULT '',
    type_id        TEXT,
    assignee       TEXT,
    asset_id       TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    words          TSVECTOR NOT NULL DEFAULT '',
    search         TSVECTOR NOT NULL DEFAULT ''
);
-- Lists: most recently updated first, whole or by customer, status or assignee.
CREATE INDEX tickets_by_updated ON tickets (updated_at DESC, number DESC);
CREATE INDEX tickets_by_customer ON tickets (customer_id, updated_at DESC);
CREATE INDEX tickets_by_status ON tickets (status, updated_at DESC);
CREATE INDEX tickets_by_assignee ON tickets (assignee, updated_at DESC);
CREATE INDEX tickets_search ON tickets USING GIN (search);

CREATE TABLE ticket_actions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id      TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    at             TIMESTAMPTZ NOT NULL,
    actor          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    note           TEXT NOT NULL,
    -- A remote session's chat transcript, apart from its summary in `note`.
    transcript     TEXT,
    -- InvitationRecord, for invitation actions.
    invitation     JSONB,
    -- 'pending', 'sent' or 'discarded' for actions that send mail.
    delivery       TEXT,
    logged_seconds BIGINT
);
CREATE INDEX ticket_actions_by_ticket ON ticket_actions (ticket_id, id);

CREATE TABLE asset_types (
    id         TEXT PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL,
    -- AssetFieldSpec list.
    fields     JSONB NOT NULL,
    group_name TEXT
);

CREATE TABLE assets (
    id               TEXT PRIMARY KEY,
    -- Insertion order, which an import's full read keeps (as the solo file's rowid does).
    seq              BIGINT GENERATED ALWAYS AS IDENTITY,
    name             TEXT COLLATE "C" NOT NULL,
    customer_id      TEXT,
    type_id          TEXT NOT NULL,
    inventory_number TEXT NOT NULL DEFAULT '',
    platform         TEXT NOT NULL DEFAULT 'other',
    -- Field key -> normalised value.
    fields           JSONB NOT NULL DEFAULT '{}',
    -- SY3: unique where set; an import checks it first.
    syncro_id        BIGINT UNIQUE,
    active           BOOLEAN NOT NULL DEFAULT true,
    site_id          TEXT,
    words            TSVECTOR NOT NULL DEFAULT '',
    search           TSVECTOR NOT NULL DEFAULT ''
);
-- Lists and searches go by name (the id orders namesakes the same way every time).
CREATE INDEX assets_by_customer ON assets (customer_id, name, id);
CREATE INDEX assets_by_name ON assets (name, id);
CREATE INDEX assets_search ON assets USING GIN (search);

-- The customer's words are copied into each ticket's and asset's search document: a
-- generated column cannot read another table, and a search must stay one indexed match
-- (every word in any of the row's parts) rather than a join over every customer.
CREATE FUNCTION desk_search_with_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := NEW.words
        || COALESCE((SELECT c.words FROM customers c WHERE c.id = NEW.customer_id), ''::tsvector);
    RETURN NEW;
END
$$;
CREATE TRIGGER tickets_search BEFORE INSERT OR UPDATE OF words, customer_id ON tickets
    FOR EACH ROW EXECUTE FUNCTION desk_search_with_customer();
CREATE TRIGGER assets_search BEFORE INSERT OR UPDATE OF words, customer_id ON assets
    FOR EACH ROW EXECUTE FUNCTION desk_search_with_customer();

-- A renamed customer is found under its new name, on its tickets and assets too.
CREATE FUNCTION desk_customer_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets SET search = words || NEW.words WHERE customer_id = NEW.id;
    UPDATE assets SET search = words || NEW.words WHERE customer_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER customers_inserted_search AFTER INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION desk_customer_words();
CREATE TRIGGER customers_renamed_search AFTER UPDATE OF words ON customers
    FOR EACH ROW WHEN (OLD.words IS DISTINCT FROM NEW.words)
    EXECUTE FUNCTION desk_customer_words();

CREATE TABLE asset_launches (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    actor    TEXT NOT NULL,
    provider TEXT NOT NULL,
    label    TEXT NOT NULL,
    url      TEXT NOT NULL
);
CREATE INDEX asset_launches_by_asset ON asset_launches (asset_id, id DESC);

CREATE TABLE chats (
    id         TEXT PRIMARY KEY,
    ticket_id  TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX chats_by_ticket ON chats (ticket_id, created_at);

CREATE TABLE chat_messages (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    at      TIMESTAMPTZ NOT NULL,
    author  TEXT NOT NULL,
    html    TEXT NOT NULL
);
CREATE INDEX chat_messages_by_chat ON chat_messages (chat_id, id);

CREATE TABLE mail_outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The ticket action whose delivery this is.
    action_id       BIGINT REFERENCES ticket_actions (id) ON DELETE SET NULL,
    -- Addresses (or one E.164 number for an SMS).
    recipients      JSONB NOT NULL,
    subject         TEXT NOT NULL,
    html            TEXT NOT NULL,
    text            TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    -- Refused for good: kept until a technician retries, corrects or discards it.
    refused_at      TIMESTAMPTZ,
    via             TEXT NOT NULL DEFAULT 'email' CHECK (via IN ('email', 'sms')),
    -- One Message-ID for every attempt, so a copy sent again after a crash is the same
    -- message to the recipient's mailbox.
    message_id      TEXT NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '')
);
-- What a delivery round claims: due, not refused, oldest first.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE refused_at IS NULL;
CREATE INDEX mail_outbox_by_action ON mail_outbox (action_id);

-- SY7: the ticket each Syncro RMM alert became (once), and whether the pair is resolved.
CREATE TABLE syncro_alerts (
    alert_id  BIGINT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE,
    resolved  BOOLEAN NOT NULL DEFAULT false
);
-- The alert poll asks for the open ones on every round.
CREATE INDEX syncro_alerts_open ON syncro_alerts (alert_id) WHERE NOT resolved;
