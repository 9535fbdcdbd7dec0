//! Facts about the running bot that another process reads (`suivi status --health`): whether
//! the gateway is ready and since when, and how many deliveries failed for good lately. Each is
//! one small write on a state change, never one per event or per pass. Only the bot's audience
//! counts: a console on the same file, not running, leaves its own rows due.

use chrono::{DateTime, Duration, Utc};

use super::{ts, Store, StoreError};

/// The gateway as the bot last recorded it.
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

impl Store {
    /// Records that the gateway is (not) ready from `now` on; a repeat of the same state keeps
    /// its first instant (a RESUMED after READY does not reset "ready since").
    pub async fn record_gateway_state(
        &self,
        ready: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let value = format!("{} {}", if ready { "ready" } else { "down" }, ts(now));
        let prefix = if ready { "ready %" } else { "down %" };
        sqlx::query(
            "INSERT INTO runtime (key, value) VALUES ('gateway-state', $1)
             ON CONFLICT (key) DO UPDATE SET value = $1 WHERE runtime.value NOT LIKE $2",
        )
        .bind(value)
        .bind(prefix)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The gateway's state as last recorded; `None` when no bot ever ran on this database.
    pub async fn gateway_state(&self) -> Result<Option<GatewayState>, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM runtime WHERE key = 'gateway-state'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(v,)| {
            let (state, at) = v.split_once(' ')?;
            Some(GatewayState {
                ready: state == "ready",
                since: parse(at)?,
            })
        }))
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
