//! Facts about the running bot that another process reads (`suivi status --health`): each
//! `suivi run` process's part of the gateway, whether it is ready and since when, its last
//! heartbeat; and how many deliveries failed for good lately. Each is one small write on a
//! state change or a heartbeat (every `health.heartbeat_seconds`), never one per event or per
//! pass. Only the bot's audience counts: a console on the same file, not running, leaves its
//! own rows due.
//!
//! A process's row is keyed by its shards (`first-last/count`), not by its pid: the operator
//! starts "shards 0-1 of 4" and "shards 2-3 of 4" (deploy/compose.yaml's bot-0 and bot-1), a
//! restarted or replaced process answers for the same shards and takes its predecessor's row,
//! and the table holds one row per part of the gateway instead of one per process ever started.
//! The pid and host are recorded beside, to say which process that is now.

use chrono::{DateTime, Duration, Utc};

use super::{ts, Store, StoreError};

/// The part of the gateway a process runs: shards `first..=last` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShardSpan {
    pub first: u32,
    pub last: u32,
    pub count: u32,
}

impl ShardSpan {
    /// The whole gateway on one connection (`suivi run` alone, or `--shard-count auto`).
    pub const WHOLE: ShardSpan = ShardSpan {
        first: 0,
        last: 0,
        count: 1,
    };

    /// The row's key.
    pub fn key(&self) -> String {
        format!("{}-{}/{}", self.first, self.last, self.count)
    }

    /// Whether this one process runs every shard.
    pub fn is_whole(&self) -> bool {
        self.first == 0 && self.last + 1 >= self.count
    }

    /// Whether `shard` is one of these.
    pub fn holds(&self, shard: u32) -> bool {
        self.is_whole() || (self.first..=self.last).contains(&shard)
    }
}

/// Who is writing: a process's shards, its pid and host, and how often it beats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessId {
    pub span: ShardSpan,
    pub pid: u32,
    pub host: String,
    pub heartbeat: Duration,
}

/// One process as it last recorded itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayProcess {
    pub id: ProcessId,
    pub started: DateTime<Utc>,
    pub ready: bool,
    /// Since when it is (or is not) ready.
    pub since: DateTime<Utc>,
    /// Its last write.
    pub heard: DateTime<Utc>,
}

/// The gateway as the processes last recorded it, all together: ready when every one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewayState {
    pub ready: bool,
    /// Since when it is (or is not) ready.
    pub since: DateTime<Utc>,
}

fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

type Row = (
    String,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    i64,
    String,
    String,
    i64,
);

fn process(
    (_, first, last, count, pid, host, started, ready, since, heard, every): Row,
) -> Option<GatewayProcess> {
    Some(GatewayProcess {
        id: ProcessId {
            span: ShardSpan {
                first: u32::try_from(first).ok()?,
                last: u32::try_from(last).ok()?,
                count: u32::try_from(count).ok()?,
            },
            pid: u32::try_from(pid).ok()?,
            host,
            heartbeat: Duration::seconds(every),
        },
        started: parse(&started)?,
        ready: ready != 0,
        since: parse(&since)?,
        heard: parse(&heard)?,
    })
}

impl Store {
    /// Records that process `id` started at `now`, not ready yet; it takes the row of the
    /// process that ran the same shards before it.
    pub async fn process_started(
        &self,
        id: &ProcessId,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let s = id.span;
        sqlx::query(
            "INSERT INTO gateway_processes (shards, first_shard, last_shard, shard_count, pid,
                 host, started_at, ready, since, heartbeat, heartbeat_seconds)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7, $7, $8)
             ON CONFLICT (shards) DO UPDATE SET pid = $5, host = $6, started_at = $7, ready = 0,
                 since = $7, heartbeat = $7, heartbeat_seconds = $8",
        )
        .bind(s.key())
        .bind(i64::from(s.first))
        .bind(i64::from(s.last))
        .bind(i64::from(s.count))
        .bind(i64::from(id.pid))
        .bind(id.host.clone())
        .bind(ts(now))
        .bind(id.heartbeat.num_seconds())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records that the process running `span` is (not) ready from `now` on, and alive; a
    /// repeat of the same state keeps its first instant (a RESUMED after READY does not reset
    /// "ready since").
    pub async fn record_gateway_state(
        &self,
        span: ShardSpan,
        ready: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE gateway_processes SET heartbeat = $1,
                 since = CASE WHEN ready = $2 THEN since ELSE $1 END, ready = $2
             WHERE shards = $3",
        )
        .bind(ts(now))
        .bind(i64::from(ready))
        .bind(span.key())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The process running `span` is alive at `now` (its heartbeat).
    pub async fn process_heartbeat(
        &self,
        span: ShardSpan,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE gateway_processes SET heartbeat = $1 WHERE shards = $2")
            .bind(ts(now))
            .bind(span.key())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every process ever recorded, by shards; [`current_layout`] keeps those of the sharding
    /// now in use.
    pub async fn gateway_processes(&self) -> Result<Vec<GatewayProcess>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT shards, first_shard, last_shard, shard_count, pid, host, started_at, ready,
                    since, heartbeat, heartbeat_seconds
             FROM gateway_processes ORDER BY shard_count, first_shard, last_shard",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(process).collect())
    }

    /// The gateway's state, all processes of the current sharding together: ready when every
    /// one is (since the last became so), else not ready since the first went down; `None`
    /// when no bot ever ran on this database.
    pub async fn gateway_state(&self) -> Result<Option<GatewayState>, StoreError> {
        let all = current_layout(self.gateway_processes().await?);
        let down = all.iter().filter(|p| !p.ready).map(|p| p.since).min();
        let up = all.iter().map(|p| p.since).max();
        Ok(match (down, up) {
            (Some(since), _) => Some(GatewayState {
                ready: false,
                since,
            }),
            (None, Some(since)) => Some(GatewayState { ready: true, since }),
            (None, None) => None,
        })
    }

    /// Deliveries that failed for good (DMs closed, person gone, retries exhausted) whose last
    /// try was within `within` before `now`.
    pub async fn failed_since(
        &self,
        now: DateTime<Utc>,
        within: Duration,
    ) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'failed' AND due_at > $1
               AND audience = 'discord'",
        )
        .bind(ts(now - within))
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    /// How many planned deliveries were due before `before` (the dispatcher should have
    /// taken them), and the earliest one's due time; `None` when there is none.
    pub async fn due_before(
        &self,
        before: DateTime<Utc>,
    ) -> Result<Option<(i64, DateTime<Utc>)>, StoreError> {
        let (count, min): (i64, Option<String>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(due_at) FROM deliveries
             WHERE status = 'planned' AND due_at < $1 AND audience = 'discord'",
        )
        .bind(ts(before))
        .fetch_one(&self.pool)
        .await?;
        Ok(min.as_deref().and_then(parse).map(|at| (count, at)))
    }
}

/// The processes of the sharding now in use: the shard count of the process started last.
/// Rows of an earlier sharding (the operator moved from 2 shards to 4, or back to one process)
/// are history, not processes to wait for.
pub fn current_layout(all: Vec<GatewayProcess>) -> Vec<GatewayProcess> {
    let Some(count) = all
        .iter()
        .max_by_key(|p| p.started)
        .map(|p| p.id.span.count)
    else {
        return all;
    };
    all.into_iter()
        .filter(|p| p.id.span.count == count)
        .collect()
}
