-- Data rights and operations. `audit` records who exported, viewed through a digest, erased
-- or purged what, and when — never the content. `jobs` holds when the scheduler's periodic
-- work (the daily retention purge) is next due.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT    NOT NULL,
    actor_id    INTEGER,                         -- NULL: the system (retention), or an operator
    action      TEXT    NOT NULL,                -- 'export', 'erase', 'purge', 'digest'
    subject_id  INTEGER,                         -- the person the data is about
    detail      TEXT    NOT NULL DEFAULT ''      -- counts and ids only
);
CREATE INDEX audit_subject ON audit (subject_id, at);
CREATE INDEX audit_at ON audit (at);

CREATE TABLE jobs (
    name     TEXT PRIMARY KEY,
    next_at  TEXT NOT NULL
);

-- Facts about the running bot, for `suivi status` (e.g. when the gateway was last heard).
CREATE TABLE runtime (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
