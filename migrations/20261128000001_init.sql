-- suivi's first schema. Instants are RFC 3339 text in UTC; time zones are IANA names.
-- Discord ids (snowflakes) fit SQLite's signed 64-bit integers.

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,          -- Discord user id
    display_name  TEXT    NOT NULL DEFAULT '',
    lang          TEXT,                         -- saved preference: 'fr' | 'en-US'
    last_locale   TEXT,                         -- locale of their last interaction
    timezone      TEXT,                         -- IANA name, NULL: the guild's or the default
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL
);

CREATE TABLE guilds (
    id                   INTEGER PRIMARY KEY,   -- Discord guild id; 0 is the console
    advisor_role_id      INTEGER,
    fallback_channel_id  INTEGER,
    lang                 TEXT,
    timezone             TEXT,
    preferred_locale     TEXT,
    called_on_for        TEXT,
    updated_at           TEXT    NOT NULL
);

-- An advisor supporting a beneficiary, in a guild.
CREATE TABLE supports (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        INTEGER NOT NULL,
    advisor_id      INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    beneficiary_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status          TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    last_contact_at TEXT    NOT NULL,
    ended_at        TEXT,
    UNIQUE (guild_id, advisor_id, beneficiary_id)
);
CREATE INDEX supports_beneficiary ON supports (beneficiary_id);
CREATE INDEX supports_advisor ON supports (advisor_id);

-- A work session, with the expectations the beneficiary stated when it opened.
CREATE TABLE work_sessions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    support_id       INTEGER NOT NULL REFERENCES supports(id) ON DELETE CASCADE,
    opened_at        TEXT    NOT NULL,
    expectations     TEXT,
    expectations_at  TEXT,
    closed_at        TEXT
);
CREATE INDEX work_sessions_support ON work_sessions (support_id);

-- An opening or closing conversation: the engine's state, saved after every input.
CREATE TABLE conversations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  INTEGER NOT NULL REFERENCES work_sessions(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('opening', 'closing')),
    step        TEXT    NOT NULL,
    state       TEXT    NOT NULL,               -- JSON of domain::closing::Closing / Opening
    status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'done', 'abandoned')),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX conversations_session ON conversations (session_id);
CREATE INDEX conversations_status ON conversations (status);

-- Every answer, one row per field, as last given (the digest reads what changed).
CREATE TABLE answers (
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    field            TEXT    NOT NULL,
    value            TEXT    NOT NULL,
    answered_at      TEXT    NOT NULL,
    PRIMARY KEY (conversation_id, field)
);

-- What both sides confirmed at the end of a closing.
CREATE TABLE agreements (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    support_id                INTEGER NOT NULL REFERENCES supports(id) ON DELETE CASCADE,
    conversation_id           INTEGER NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
    cadence                   TEXT    NOT NULL,  -- JSON, e.g. {"unit":"weeks","every":2}
    first_exchange_local      TEXT    NOT NULL,  -- wall time as agreed, e.g. 2026-12-01T10:00:00
    first_exchange_utc        TEXT    NOT NULL,
    timezone                  TEXT    NOT NULL,
    means                     TEXT    NOT NULL,  -- comma-separated ids
    beneficiary_commitments   TEXT    NOT NULL,
    advisor_commitments       TEXT    NOT NULL,
    relay_consent             INTEGER NOT NULL CHECK (relay_consent IN (0, 1)),
    relay_consent_at          TEXT    NOT NULL,
    beneficiary_confirmed_at  TEXT    NOT NULL,
    advisor_confirmed_at      TEXT    NOT NULL,
    status                    TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'ended')),
    created_at                TEXT    NOT NULL
);
CREATE INDEX agreements_support ON agreements (support_id, status);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    support_id    INTEGER NOT NULL REFERENCES supports(id) ON DELETE CASCADE,
    agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'not_started'
                  CHECK (status IN ('not_started', 'in_progress', 'done', 'blocked')),
    updated_at    TEXT    NOT NULL
);
CREATE INDEX tasks_agreement ON tasks (agreement_id);

-- The scheduler's outbox: every reminder, check-in, nudge and digest, planned ahead, so that a
-- restart loses none. A row is claimed before delivery and acknowledged after.
CREATE TABLE deliveries (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL CHECK (kind IN ('reminder', 'checkin', 'nudge', 'digest', 'notice')),
    recipient_id   INTEGER NOT NULL,
    support_id     INTEGER REFERENCES supports(id) ON DELETE CASCADE,
    due_at         TEXT    NOT NULL,
    payload        TEXT    NOT NULL DEFAULT '{}',
    status         TEXT    NOT NULL DEFAULT 'planned'
                   CHECK (status IN ('planned', 'claimed', 'sent', 'failed', 'cancelled')),
    attempts       INTEGER NOT NULL DEFAULT 0,
    claimed_until  TEXT,
    last_error     TEXT,
    sent_at        TEXT,
    dedupe_key     TEXT    UNIQUE
);
CREATE INDEX deliveries_due ON deliveries (status, due_at);
