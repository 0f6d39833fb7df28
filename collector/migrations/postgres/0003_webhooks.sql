-- Webhook deliveries, queued in the same transaction as their submission (an outbox): an
-- acknowledged submission always gets its notification, however often delivery fails.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY NOT NULL,
    site            TEXT NOT NULL,
    submission_id   TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,
    failed          BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (failed, delivered_at, next_attempt_at);
