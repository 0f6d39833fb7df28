-- The same table, with its two CHECKs written as comparisons instead of `IN (…)` lists:
-- SQLite evaluates a list of three or more by building a temporary b-tree for every row
-- it writes, which cost the writer a quarter of its time (BENCHMARKS.md). SQLite cannot
-- change a constraint in place, so the table is rebuilt, rows, indexes and all.
CREATE TABLE submissions_new (
    id            TEXT PRIMARY KEY NOT NULL,
    receipt       TEXT NOT NULL UNIQUE,
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
CREATE INDEX submissions_public ON submissions (site, published, upvotes);
