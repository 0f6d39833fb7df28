-- Receipts no longer need an index of their own. A receipt now starts with its submission's
-- id, which the table's key already finds, and the rest of it is checked against the row;
-- the index of receipts was one b-tree more for every new submission to write into, a
-- twentieth of the writer's work (BENCHMARKS.md). Receipts given before this version (44
-- characters, without the id) are still found, through an index of those alone.
-- SQLite cannot drop a column's UNIQUE: the table is rebuilt, rows, indexes and all.
CREATE TABLE submissions_new (
    id            TEXT PRIMARY KEY NOT NULL,
    -- Unique by construction: it starts with the id (see the collector's `new_receipt`).
    receipt       TEXT NOT NULL,
    site          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind = 'feedback' OR kind = 'question' OR kind = 'vote'),
    status        TEXT NOT NULL DEFAULT 'received'
                  CHECK (status = 'received' OR status = 'answered' OR status = 'resolved'),
    spam          INTEGER NOT NULL DEFAULT 0,
    -- SHA-256 of the submission's content, so that a replay can be told from a reuse of the id.
    content_hash  TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    sent_at       TEXT NOT NULL,
    page_url      TEXT NOT NULL,
    page_title    TEXT NOT NULL,
    page_lang     TEXT NOT NULL,
    visitor       TEXT NOT NULL,
    origin        TEXT NOT NULL,
    body          TEXT NOT NULL,
    meta          TEXT NOT NULL,
    dwell_ms      INTEGER,
    -- Copied out of the body for the inbox's filters and search.
    category      TEXT,
    rating        INTEGER,
    message       TEXT,
    contact_name  TEXT,
    contact_email TEXT,
    -- The community manager's answer, and whether it is in the public Q&A.
    answer        TEXT,
    answered_at   TEXT,
    published     INTEGER NOT NULL DEFAULT 0,
    upvotes       INTEGER NOT NULL DEFAULT 0
);

INSERT INTO submissions_new SELECT * FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;

CREATE INDEX submissions_by_site ON submissions (site, received_at);
CREATE INDEX submissions_public ON submissions (site, upvotes) WHERE published = 1;
CREATE INDEX submissions_by_old_receipt ON submissions (receipt) WHERE length(receipt) = 44;
