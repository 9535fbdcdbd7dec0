-- Check-ins are conversations too. SQLite rebuilds the table to change the CHECK constraint;
-- PostgreSQL changes it in place (the column CHECK is named conversations_kind_check).
-- `origin` names what started a conversation the scheduler starts (a check-in's delivery
-- key), so starting it twice after a crash finds the first one.
ALTER TABLE conversations DROP CONSTRAINT conversations_kind_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_kind_check
    CHECK (kind IN ('opening', 'closing', 'checkin'));
ALTER TABLE conversations ADD COLUMN origin TEXT UNIQUE;
-- What is in the way of a blocked task, in the beneficiary's words (confidential).
ALTER TABLE tasks ADD COLUMN blocker TEXT;
ALTER TABLE tasks ADD COLUMN blocker_at TEXT;
