-- After each agreed exchange, the advisor is asked once whether it took place (issue 14, item
-- 6). One row per exchange of a support: created when the question is sent, answered by one of
-- the three choices. A check-in still waiting when its exchange came is closed and marked here
-- as missed, so the digest can say so. No text a person typed is kept here.
CREATE TABLE exchange_outcomes (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    support_id        INTEGER NOT NULL REFERENCES supports(id) ON DELETE CASCADE,
    -- The agreed instant of the exchange (RFC 3339, UTC).
    exchange_at       TEXT    NOT NULL,
    -- NULL while unanswered; 'held' (closing started), 'moved' (reschedule), 'not_held'.
    outcome           TEXT    CHECK (outcome IN ('held', 'moved', 'not_held')),
    asked_at          TEXT,
    answered_at       TEXT,
    -- When a check-in still waiting at this exchange was closed as missed.
    checkin_missed_at TEXT,
    UNIQUE (support_id, exchange_at)
);
CREATE INDEX exchange_outcomes_support ON exchange_outcomes (support_id);
