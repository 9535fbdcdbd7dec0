//! `suivi status --health`: whether suivi is doing its job, judged from what the running bot
//! records in the database (another process: a service manager's probe). Unhealthy, with the
//! reason, when:
//! - the Discord gateway has not been ready for more than `health.gateway_grace_minutes`
//!   (recorded by the bot at start, on every change, and at a stop);
//! - a message has been due for more than [`LATE_MINUTES`] without being sent: suivi is not
//!   running, or its dispatcher is stalled (a Discord outage puts messages back with a later
//!   due time, so it does not count here);
//! - `health.failed_per_hour` messages or more failed for good within the last hour.
//!
//! A database no bot ever ran on has no gateway state: that alone is not unhealthy.

use chrono::{DateTime, Duration, Utc};

use crate::config::Config;
use crate::store::{Store, StoreError};

/// Minutes a due message may wait before `--health` says so.
pub const LATE_MINUTES: i64 = 5;

/// One reason for being unhealthy; each becomes one line for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unwell {
    /// The gateway has not been ready since this instant.
    GatewayDown { since: DateTime<Utc>, minutes: i64 },
    /// Messages due and not sent, the oldest due since this instant.
    Late { count: i64, since: DateTime<Utc> },
    /// Messages failed for good in the last hour.
    Failing { count: i64, max: u32 },
}

impl Unwell {
    /// The Fluent message and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        let at = |t: &DateTime<Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
        match self {
            Unwell::GatewayDown { since, minutes } => (
                "health-gateway-down",
                vec![("since", at(since)), ("minutes", minutes.to_string())],
            ),
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

/// Every reason suivi is unhealthy at `now`; empty when healthy.
pub async fn verdict(
    store: &Store,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Vec<Unwell>, StoreError> {
    let mut unwell = Vec::new();
    if let Some(g) = store.gateway_state().await? {
        let grace = Duration::minutes(i64::from(config.health_gateway_grace_minutes));
        if !g.ready && now - g.since > grace {
            unwell.push(Unwell::GatewayDown {
                since: g.since,
                minutes: (now - g.since).num_minutes(),
            });
        }
    }
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
    Ok(unwell)
}
