//! `suivi status --health`: whether suivi is doing its job, judged from what the running bots
//! record in the database (another process: a service manager's probe). Each `suivi run`
//! process keeps one row (its shards, pid and host, whether it is ready and since when, its
//! last heartbeat: [`crate::store::GatewayProcess`]). Unhealthy, with the reason, when:
//! - a process has not been ready for more than `health.gateway_grace_minutes` (recorded at
//!   start, on every change, and at a stop), and no live process runs its shards;
//! - a process says it is ready but has missed [`MISSED_BEATS`] heartbeats (killed with
//!   SIGKILL, its machine lost): what it last wrote is no longer believed;
//! - a shard of the sharding in use is run by no process at all;
//! - a message has been due for more than [`LATE_MINUTES`] without being sent: suivi is not
//!   running, or its dispatcher is stalled (a Discord outage puts messages back with a later
//!   due time, so it does not count here);
//! - `health.failed_per_hour` messages or more failed for good within the last hour.
//!
//! The sharding in use is that of the process started last: rows of an earlier one (the
//! operator moved from 2 shards to 4) are history. A database no bot ever ran on has no
//! process: that alone is not unhealthy.

use chrono::{DateTime, Duration, Utc};

use crate::config::Config;
use crate::store::{current_layout, GatewayProcess, ShardSpan, Store, StoreError};

/// Minutes a due message may wait before `--health` says so.
pub const LATE_MINUTES: i64 = 5;

/// Heartbeats a ready process may miss before `--health` calls it gone.
pub const MISSED_BEATS: i32 = 3;

/// One reason for being unhealthy; each becomes one line for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unwell {
    /// The gateway (one process runs it all) has not been ready since this instant.
    GatewayDown { since: DateTime<Utc>, minutes: i64 },
    /// One process of several has not been ready since this instant.
    ShardsDown {
        span: ShardSpan,
        pid: u32,
        host: String,
        since: DateTime<Utc>,
        minutes: i64,
    },
    /// A process recorded ready, not heard from since this instant.
    Gone {
        span: ShardSpan,
        pid: u32,
        host: String,
        heard: DateTime<Utc>,
        seconds: i64,
    },
    /// Shards of `count` that no process runs.
    Uncovered { shards: Vec<u32>, count: u32 },
    /// Messages due and not sent, the oldest due since this instant.
    Late { count: i64, since: DateTime<Utc> },
    /// Messages failed for good in the last hour.
    Failing { count: i64, max: u32 },
}

type Message = (&'static str, Vec<(&'static str, String)>);

fn at(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The arguments that name a part of the gateway and its process.
fn span_args(span: &ShardSpan, pid: u32, host: &str) -> Vec<(&'static str, String)> {
    let shards = if span.first == span.last {
        span.first.to_string()
    } else {
        format!("{}-{}", span.first, span.last)
    };
    vec![
        ("shards", shards),
        ("n", (span.last - span.first + 1).to_string()),
        ("count", span.count.to_string()),
        ("pid", pid.to_string()),
        ("host", host.to_owned()),
    ]
}

impl Unwell {
    /// The Fluent message and its arguments.
    pub fn message(&self) -> Message {
        match self {
            Unwell::GatewayDown { since, minutes } => (
                "health-gateway-down",
                vec![("since", at(since)), ("minutes", minutes.to_string())],
            ),
            Unwell::ShardsDown {
                span,
                pid,
                host,
                since,
                minutes,
            } => {
                let mut args = span_args(span, *pid, host);
                args.extend([("since", at(since)), ("minutes", minutes.to_string())]);
                ("health-shards-down", args)
            }
            Unwell::Gone {
                span,
                pid,
                host,
                heard,
                seconds,
            } => {
                let mut args = span_args(span, *pid, host);
                args.extend([("heard", at(heard)), ("seconds", seconds.to_string())]);
                ("health-gone", args)
            }
            Unwell::Uncovered { shards, count } => {
                let list: Vec<String> = shards.iter().map(u32::to_string).collect();
                (
                    "health-uncovered",
                    vec![
                        ("shards", list.join(", ")),
                        ("n", shards.len().to_string()),
                        ("count", count.to_string()),
                    ],
                )
            }
            Unwell::Late { count, since } => (
                "ops-unhealthy",
                vec![("count", count.to_string()), ("since", at(since))],
            ),
            Unwell::Failing { count, max } => (
                "health-failing",
                vec![("count", count.to_string()), ("max", max.to_string())],
            ),
        }
    }
}

/// Whether `p` is running and ready at `now`: it says so, and beat recently enough.
fn live(p: &GatewayProcess, now: DateTime<Utc>) -> bool {
    p.ready && !silent(p, now)
}

fn silent(p: &GatewayProcess, now: DateTime<Utc>) -> bool {
    now - p.heard > p.id.heartbeat * MISSED_BEATS
}

/// What the processes of the sharding in use say at `now`: each one that is down past
/// `grace` or gone, and whose shards no live process runs; the shards no process runs.
pub fn gateway_verdict(
    processes: &[GatewayProcess],
    grace: Duration,
    now: DateTime<Utc>,
) -> Vec<Unwell> {
    let mut unwell = Vec::new();
    let Some(count) = processes.first().map(|p| p.id.span.count) else {
        return unwell;
    };
    let covered = |shard: u32| {
        processes
            .iter()
            .any(|p| live(p, now) && p.id.span.holds(shard))
    };
    for p in processes.iter().filter(|p| !live(p, now)) {
        let s = p.id.span;
        if (s.first..=s.last.min(count.saturating_sub(1))).all(covered) {
            continue; // Another process runs these shards now.
        }
        let (pid, host) = (p.id.pid, p.id.host.clone());
        if p.ready {
            let seconds = (now - p.heard).num_seconds();
            let heard = p.heard;
            unwell.push(Unwell::Gone {
                span: s,
                pid,
                host,
                heard,
                seconds,
            });
        } else if now - p.since > grace {
            let (since, minutes) = (p.since, (now - p.since).num_minutes());
            unwell.push(if s.is_whole() {
                Unwell::GatewayDown { since, minutes }
            } else {
                Unwell::ShardsDown {
                    span: s,
                    pid,
                    host,
                    since,
                    minutes,
                }
            });
        }
    }
    let claimed = |shard: u32| processes.iter().any(|p| p.id.span.holds(shard));
    let shards: Vec<u32> = (0..count).filter(|&s| !claimed(s)).collect();
    if !shards.is_empty() {
        unwell.push(Unwell::Uncovered { shards, count });
    }
    unwell
}

/// One line per process of a sharding run by several (`--shards`), for the operator: its
/// shards, pid and host, ready or not since when, last heard. None for one process running
/// the whole gateway (`--health` stays silent when all is well).
pub fn process_lines(processes: &[GatewayProcess], now: DateTime<Utc>) -> Vec<Message> {
    if processes.iter().all(|p| p.id.span.is_whole()) {
        return Vec::new();
    }
    let seconds = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    processes
        .iter()
        .map(|p| {
            let state = match (p.ready, silent(p, now)) {
                (true, false) => "ready",
                (true, true) => "gone",
                (false, _) => "down",
            };
            let mut args = span_args(&p.id.span, p.id.pid, &p.id.host);
            args.extend([
                ("state", state.to_owned()),
                ("since", at(&p.since)),
                ("heard", seconds(&p.heard)),
            ]);
            ("health-process", args)
        })
        .collect()
}

/// Every reason suivi is unhealthy at `now`, empty when healthy; and the lines listing its
/// processes ([`process_lines`]).
pub async fn verdict_and_processes(
    store: &Store,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<(Vec<Unwell>, Vec<Message>), StoreError> {
    let processes = current_layout(store.gateway_processes().await?);
    let grace = Duration::minutes(i64::from(config.health_gateway_grace_minutes));
    let mut unwell = gateway_verdict(&processes, grace, now);
    let late_before = now - Duration::minutes(LATE_MINUTES);
    if let Some((count, since)) = store.due_before(late_before).await? {
        unwell.push(Unwell::Late { count, since });
    }
    let failed = store.failed_since(now, Duration::hours(1)).await?;
    if failed >= i64::from(config.health_failed_per_hour) {
        unwell.push(Unwell::Failing {
            count: failed,
            max: config.health_failed_per_hour,
        });
    }
    Ok((unwell, process_lines(&processes, now)))
}

/// Every reason suivi is unhealthy at `now`; empty when healthy.
pub async fn verdict(
    store: &Store,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Vec<Unwell>, StoreError> {
    Ok(verdict_and_processes(store, config, now).await?.0)
}
