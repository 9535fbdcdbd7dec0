-- Advisor digests: when each advisor receives theirs (day, time, zone; defaults from bot.toml's
-- `digest` section), when the next one is due and when the last one was sent ("new since").
-- advisor_id is a Discord id, always given: a plain BIGINT key.
CREATE TABLE digest_settings (
    advisor_id    BIGINT PRIMARY KEY,
    day           BIGINT,                        -- 1 = Monday … 7 = Sunday; NULL: the default
    time          TEXT,                          -- HH:MM; NULL: the default
    timezone      TEXT,                          -- IANA; NULL: the advisor's or the default
    next_at       TEXT,                          -- the next scheduled digest (UTC)
    last_sent_at  TEXT
);
CREATE INDEX digest_settings_next ON digest_settings (next_at);

-- Members of this role see the digests of every advisor of the server.
ALTER TABLE guilds ADD COLUMN coordinator_role_id BIGINT;
