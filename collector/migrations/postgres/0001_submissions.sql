-- One row per accepted submission. `id` is the client's idempotency key.
CREATE TABLE submissions (
    id            TEXT PRIMARY KEY NOT NULL,
    receipt       TEXT NOT NULL UNIQUE,
    site          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('feedback', 'question', 'vote')),
    status        TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'answered', 'resolved')),
    spam          BIGINT NOT NULL DEFAULT 0,
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
    dwell_ms      BIGINT,
    -- Copied out of the body for the inbox's filters and search.
    category      TEXT,
    rating        BIGINT,
    message       TEXT,
    contact_name  TEXT,
    contact_email TEXT,
    -- The community manager's answer, and whether it is in the public Q&A.
    answer        TEXT,
    answered_at   TEXT,
    published     BIGINT NOT NULL DEFAULT 0,
    upvotes       BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX submissions_by_site ON submissions (site, received_at);
CREATE INDEX submissions_public ON submissions (site, published, upvotes);

-- A visitor's current vote in a poll: voting again replaces it.
CREATE TABLE votes (
    site          TEXT NOT NULL,
    poll          TEXT NOT NULL,
    visitor       TEXT NOT NULL,
    choices       TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    voted_at      TEXT NOT NULL,
    PRIMARY KEY (site, poll, visitor)
);

-- One upvote per visitor per public question.
CREATE TABLE upvotes (
    question_id TEXT NOT NULL,
    visitor     TEXT NOT NULL,
    PRIMARY KEY (question_id, visitor)
);
