-- Discord's global limit (50 requests per second per bot) shared by every process sending for
-- one bot: each request about to go out takes its instant here, in a transaction that sees the
-- others'. Rows older than a few seconds are deleted as new ones are taken. One SQLite file has
-- one sending process (the writer lock), which paces in memory: the table stays empty there,
-- and exists so both backends keep one schema.
CREATE TABLE send_pace (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    audience  TEXT    NOT NULL,
    at        TEXT    NOT NULL
);
CREATE INDEX send_pace_audience_at ON send_pace (audience, at);
