-- One row per `suivi run` process, for `suivi status --health`: which part of the gateway it
-- runs (shards first..=last of shard_count; the key repeats them as "first-last/count"), which
-- process it is (pid, host), whether all its shards are connected and since when, and its
-- last heartbeat, written every heartbeat_seconds. A restarted process takes its
-- predecessor's row (same key). This replaces runtime's single 'gateway-state' row, which
-- the last process to write had overwritten; its value becomes the whole gateway's row.
CREATE TABLE gateway_processes (
    shards             TEXT    PRIMARY KEY,
    first_shard        INTEGER NOT NULL,
    last_shard         INTEGER NOT NULL,
    shard_count        INTEGER NOT NULL,
    pid                INTEGER NOT NULL,
    host               TEXT    NOT NULL,
    started_at         TEXT    NOT NULL,
    ready              INTEGER NOT NULL,
    since              TEXT    NOT NULL,
    heartbeat          TEXT    NOT NULL,
    heartbeat_seconds  INTEGER NOT NULL
);
INSERT INTO gateway_processes
    SELECT '0-0/1', 0, 0, 1, 0, '', substr(value, instr(value, ' ') + 1),
           CASE WHEN value LIKE 'ready %' THEN 1 ELSE 0 END,
           substr(value, instr(value, ' ') + 1), substr(value, instr(value, ' ') + 1), 60
    FROM runtime WHERE key = 'gateway-state';
DELETE FROM runtime WHERE key = 'gateway-state';
