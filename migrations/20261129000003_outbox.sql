-- The outbox: every message suivi sends is a row here, written in the same transaction as the
-- change that caused it, then sent by one dispatcher. Nothing ever planned into the first
-- `deliveries` table (it stayed empty), so it is replaced by this shape.
DROP TABLE deliveries;

CREATE TABLE deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Idempotency key: what, which occurrence, who. Planning the same thing twice is a no-op.
    key              TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL
                     CHECK (kind IN ('prompt', 'reminder', 'checkin', 'nudge', 'digest', 'notice')),
    recipient_id     INTEGER NOT NULL,
    support_id       INTEGER REFERENCES supports(id) ON DELETE CASCADE,
    conversation_id  INTEGER REFERENCES conversations(id) ON DELETE CASCADE,
    -- Deliveries of one series (the reminders of one exchange to one person): after a downtime
    -- only the latest one due is worth sending.
    series           TEXT,
    due_at           TEXT    NOT NULL,
    -- Past this instant the delivery is not worth sending (the exchange has begun): skipped.
    expires_at       TEXT,
    payload          TEXT    NOT NULL,           -- JSON of scheduler::Payload
    status           TEXT    NOT NULL DEFAULT 'planned'
                     CHECK (status IN ('planned', 'claimed', 'sent', 'failed', 'skipped', 'cancelled')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    claimed_until    TEXT,
    -- A classification ('transient', 'dm_closed', 'gone', 'stale'...), never message text.
    last_error       TEXT,
    route            TEXT,                       -- 'dm', 'thread', 'console'
    sent_at          TEXT,
    created_at       TEXT    NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (status, due_at);
CREATE INDEX deliveries_conversation ON deliveries (conversation_id, recipient_id, status);
CREATE INDEX deliveries_support ON deliveries (support_id, status);
CREATE INDEX deliveries_series ON deliveries (series) WHERE series IS NOT NULL;

-- Optimistic concurrency: two processes (the bot and a console) may open the same file; a save
-- that lost the race is detected by the version it read.
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Reminders are planned over a rolling horizon: the next exchange of each active agreement.
-- When `next_plan_at` passes, the scheduler plans the one after.
ALTER TABLE agreements ADD COLUMN next_plan_at TEXT;
CREATE INDEX agreements_next_plan ON agreements (status, next_plan_at);

-- Relay consent given and withdrawn, with dates (the agreement keeps the current value).
CREATE TABLE consent_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    support_id  INTEGER NOT NULL REFERENCES supports(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL,
    relay       INTEGER NOT NULL CHECK (relay IN (0, 1)),
    at          TEXT    NOT NULL
);
CREATE INDEX consent_events_support ON consent_events (support_id);

-- A change of date or rhythm proposed by one side, waiting for the other.
CREATE TABLE reschedules (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    support_id            INTEGER NOT NULL REFERENCES supports(id) ON DELETE CASCADE,
    agreement_id          INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    proposed_by           INTEGER NOT NULL,
    cadence               TEXT,                  -- JSON, NULL: unchanged
    first_exchange_local  TEXT,                  -- NULL: unchanged
    timezone              TEXT    NOT NULL,
    status                TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at            TEXT    NOT NULL,
    decided_at            TEXT
);
CREATE INDEX reschedules_support ON reschedules (support_id, status);
