//! What this process tells `suivi status --health` about itself: its row (its shards, pid and
//! host) written at start, its readiness written on each change, and a heartbeat every
//! `health.heartbeat_seconds` in between (one small write, never one per event), so that a
//! process that died without a word (kill -9, a lost machine) is seen as gone once it has
//! missed three. The writes go through the service ([`Desk::gateway_state`]); each is logged on
//! failure and never stops the bot.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::ShardManager;

use crate::conversation::Desk;
use crate::discord::{all_connected, Plan, Shards};
use crate::store::{ProcessId, ShardSpan};

/// How often the gateway's readiness is read from serenity's shard manager (in memory; the
/// database is written only when it changes, or for the heartbeat). Serenity tells no one when
/// a connection drops and its shard is restarted, so this is the one way to know.
const GATEWAY_WATCH: Duration = Duration::from_secs(1);

/// The part of the gateway `shards` makes this process answer for: `--shard-count auto` runs
/// every shard here, as `suivi run` alone does.
pub fn span_of(shards: Shards) -> ShardSpan {
    match shards {
        Shards::Range(p) => ShardSpan {
            first: p.first,
            last: p.last,
            count: p.total,
        },
        Shards::Auto => ShardSpan::WHOLE,
    }
}

/// This process: its shards, its pid, the machine's name, how often it beats.
pub fn this_process(shards: Shards, heartbeat_seconds: u32) -> ProcessId {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "?".to_owned());
    ProcessId {
        span: span_of(shards),
        pid: std::process::id(),
        host,
        heartbeat: chrono::Duration::seconds(i64::from(heartbeat_seconds)),
    }
}

/// Records the gateway as ready or not each time serenity's view of it changes (ready when
/// every shard this process runs is connected), and beats in between.
pub async fn watch_gateway(
    desk: Arc<Desk>,
    id: ProcessId,
    shards: Arc<ShardManager>,
    plan: Arc<OnceLock<Plan>>,
) {
    let every = id.heartbeat.to_std().unwrap_or(Duration::from_secs(60));
    let mut recorded = false;
    let mut beat = tokio::time::Instant::now();
    let mut tick = tokio::time::interval(GATEWAY_WATCH.min(every));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let ready = all_connected(&shards, &plan).await;
        if ready != recorded {
            tracing::info!(ready, "gateway readiness changed");
            desk.gateway_state(id.span, Some(ready)).await;
            recorded = ready;
            beat = tokio::time::Instant::now();
        } else if beat.elapsed() >= every {
            desk.gateway_state(id.span, None).await;
            beat = tokio::time::Instant::now();
        }
    }
}
