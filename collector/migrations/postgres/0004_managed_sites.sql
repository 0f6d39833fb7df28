-- Sites and polls made in the inbox; the sites file's own are never stored here.
CREATE TABLE managed_sites (
    id         TEXT PRIMARY KEY NOT NULL,
    definition TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE managed_polls (
    site       TEXT NOT NULL,
    id         TEXT NOT NULL,
    definition TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (site, id)
);
