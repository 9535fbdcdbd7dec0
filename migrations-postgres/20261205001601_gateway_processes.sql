-- One row per `suivi run` process, for `suivi status --health` (see
-- migrations/20261205001601_gateway_processes.sql): its shards, pid and host, readiness and
-- last heartbeat. runtime's former 'gateway-state' row becomes the whole gateway's row.
CREATE TABLE gateway_processes (
    shards             TEXT    PRIMARY KEY,
    first_shard        BIGINT  NOT NULL,
    last_shard         BIGINT  NOT NULL,
    shard_count        BIGINT  NOT NULL,
    pid                BIGINT  NOT NULL,
    host               TEXT    NOT NULL,
    started_at         TEXT    NOT NULL,
    ready              BIGINT  NOT NULL,
    since              TEXT    NOT NULL,
    heartbeat          TEXT    NOT NULL,
    heartbeat_seconds  BIGINT  NOT NULL
);
INSERT INTO gateway_processes
    SELECT '0-0/1', 0, 0, 1, 0, '', split_part(value, ' ', 2),
           CASE WHEN value LIKE 'ready %' THEN 1 ELSE 0 END,
           split_part(value, ' ', 2), split_part(value, ' ', 2), 60
    FROM runtime WHERE key = 'gateway-state';
DELETE FROM runtime WHERE key = 'gateway-state';
