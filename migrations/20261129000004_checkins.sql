-- Check-ins are conversations too. SQLite cannot change a CHECK constraint in place, so the
-- conversations table is rebuilt with SQLite's documented procedure (copy, drop, rename). The
-- store runs migrations on a connection with foreign keys off, so dropping the old table does
-- not cascade to the answers, agreements and deliveries that refer to it by name.
-- `origin` names what started a conversation the scheduler starts (a check-in's delivery
-- key), so starting it twice after a crash finds the first one.
CREATE TABLE conversations_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  INTEGER NOT NULL REFERENCES work_sessions(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('opening', 'closing', 'checkin')),
    step        TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done', 'abandoned')),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 0,
    origin      TEXT    UNIQUE
);
INSERT INTO conversations_new (id, session_id, kind, step, state, status, created_at, updated_at, version)
    SELECT id, session_id, kind, step, state, status, created_at, updated_at, version FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_new RENAME TO conversations;
CREATE INDEX conversations_session ON conversations (session_id);
CREATE INDEX conversations_status ON conversations (status);
-- What is in the way of a blocked task, in the beneficiary's words (confidential).
ALTER TABLE tasks ADD COLUMN blocker TEXT;
ALTER TABLE tasks ADD COLUMN blocker_at TEXT;
