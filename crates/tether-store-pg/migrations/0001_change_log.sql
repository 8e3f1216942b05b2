-- Every change to the team workspace, in the order it committed. Desktops follow it by
-- sequence: after a reconnect they ask for everything after the last one they applied.
CREATE TABLE changes (
    seq     BIGINT PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    payload JSONB NOT NULL
);

-- One row, locked by each writer until it commits: sequence numbers are handed out in commit
-- order, so a reader that has seen N has seen everything before N (a SEQUENCE would let a
-- later number commit first, and a reader skip the earlier one for good).
CREATE TABLE change_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO change_counter (id, seq) VALUES (1, 0);
