-- SY2–SY6: what an import from SyncroMSP links and keeps. The Syncro id wins on later imports,
-- so it is unique where set; a customer disabled in Syncro, or an asset deleted there, stays,
-- inactive.
ALTER TABLE customers ADD COLUMN syncro_id INTEGER;
ALTER TABLE customers ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE customers ADD COLUMN parent_id TEXT;
CREATE UNIQUE INDEX customers_by_syncro ON customers (syncro_id) WHERE syncro_id IS NOT NULL;

ALTER TABLE assets ADD COLUMN syncro_id INTEGER;
ALTER TABLE assets ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assets ADD COLUMN site_id TEXT;
CREATE UNIQUE INDEX assets_by_syncro ON assets (syncro_id) WHERE syncro_id IS NOT NULL;

ALTER TABLE asset_types ADD COLUMN group_name TEXT;

-- SY7: the ticket each Syncro RMM alert became (once), and whether the pair is resolved.
CREATE TABLE syncro_alerts (
    alert_id  INTEGER PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE,
    resolved  INTEGER NOT NULL DEFAULT 0
);
