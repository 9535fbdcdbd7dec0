-- The version of a conversation at which the question it asks now was first asked. An answer
-- typed to an older question is refused instead of being stored under the question now asked.
-- Rows saved before it existed start at 0: every answer to them is taken as before.
ALTER TABLE conversations ADD COLUMN asked_version BIGINT NOT NULL DEFAULT 0;
