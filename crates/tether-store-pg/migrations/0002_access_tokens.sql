-- The team's technicians, and the access tokens their desktops sign in with.
CREATE TABLE technicians (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    can_release BOOLEAN NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE access_tokens (
    id            BIGSERIAL PRIMARY KEY,
    technician_id TEXT NOT NULL REFERENCES technicians (id) ON DELETE CASCADE,
    -- Which desktop it is for, as the admin named it.
    label         TEXT NOT NULL,
    -- SHA-256 of the token: a copy of the database signs nobody in.
    token_hash    BYTEA NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
