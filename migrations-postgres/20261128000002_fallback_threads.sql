-- A private thread used when a person's direct messages are closed (Discord error 50007).
ALTER TABLE people ADD COLUMN fallback_thread_id BIGINT;
