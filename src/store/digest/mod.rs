//! The advisor digest's rows: what it says about each support (`standing.rs`), and here each
//! advisor's digest settings, when their next digest is due, and the guild's coordinator role.
//! The digest's rules (what is urgent, what is confidential) live in `domain::digest`.

use chrono::{DateTime, Utc};

use crate::store::NewDelivery;
use crate::store::{id, ts, Store, StoreError};

mod standing;
#[cfg(test)]
mod tests;

pub use standing::StandingRow;

/// The supports a digest covers, as a condition on `supports s`: not ended, of the advisor
/// `?1` (or any when NULL), in the guild `?2` (or any when NULL).
pub(super) const SCOPE: &str =
    "s.status != 'ended' AND ($1 IS NULL OR s.advisor_id = $1) AND ($2 IS NULL OR s.guild_id = $2)";

/// An advisor whose digest is due.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DigestDue {
    pub advisor_id: i64,
    pub day: Option<i64>,
    pub time: Option<String>,
    pub timezone: Option<String>,
    pub next_at: Option<String>,
    pub last_sent_at: Option<String>,
}

impl Store {
    /// Advisors of `audience` whose digest is due by `now`, among those who follow a support.
    pub async fn digests_due(
        &self,
        now: DateTime<Utc>,
        audience: crate::store::Audience,
    ) -> Result<Vec<DigestDue>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT advisor_id, day, time, timezone, next_at, last_sent_at FROM digest_settings
             WHERE next_at IS NOT NULL AND next_at <= $1 AND ($2 = 'all' OR audience = $2)
               AND advisor_id IN (SELECT advisor_id FROM supports WHERE status != 'ended')",
        )
        .bind(ts(now))
        .bind(audience.filter())
        .fetch_all(&self.pool)
        .await?)
    }

    /// The digest settings of an advisor (none saved: the defaults).
    pub async fn digest_settings(&self, advisor: u64) -> Result<Option<DigestDue>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT advisor_id, day, time, timezone, next_at, last_sent_at FROM digest_settings WHERE advisor_id = $1",
        )
        .bind(id(advisor))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Saves an advisor's choice of day, time and zone, and when their next digest is due.
    pub async fn save_digest_settings(
        &self,
        advisor: u64,
        day: Option<i64>,
        time: Option<&str>,
        timezone: Option<&str>,
        next_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO digest_settings (advisor_id, day, time, timezone, next_at, audience) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (advisor_id) DO UPDATE SET day = $2, time = $3, timezone = $4, next_at = $5",
        )
        .bind(id(advisor))
        .bind(day)
        .bind(time)
        .bind(timezone)
        .bind(next_at.map(ts))
        .bind(self.audience.column())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Makes sure an advisor has a next digest planned (a first agreement): an existing plan
    /// is left as it is.
    pub async fn ensure_digest(
        &self,
        advisor: u64,
        next_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO digest_settings (advisor_id, next_at, audience) VALUES ($1, $2, $3)
             ON CONFLICT (advisor_id) DO UPDATE SET next_at = COALESCE(digest_settings.next_at, excluded.next_at)",
        )
        .bind(id(advisor))
        .bind(ts(next_at))
        .bind(self.audience.column())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Plans a digest delivery and moves the advisor's next one, in one transaction.
    pub async fn plan_digest(
        &self,
        advisor: u64,
        delivery: &NewDelivery,
        next_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        crate::store::outbox::insert(&mut tx, self.audience, std::slice::from_ref(delivery), now)
            .await?;
        sqlx::query(
            "UPDATE digest_settings SET next_at = $1, last_sent_at = $2 WHERE advisor_id = $3",
        )
        .bind(next_at.map(ts))
        .bind(ts(now))
        .bind(id(advisor))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an advisor's next digest to `at` without planning one (planning it failed).
    pub async fn defer_digest(&self, advisor: u64, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query("UPDATE digest_settings SET next_at = $1 WHERE advisor_id = $2")
            .bind(ts(at))
            .bind(id(advisor))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The earliest digest of this handle's audience due (the scheduler wakes for it).
    pub async fn next_digest_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let (at,): (Option<String>,) = sqlx::query_as(
            "SELECT MIN(next_at) FROM digest_settings WHERE next_at IS NOT NULL AND audience = $1",
        )
        .bind(self.audience.column())
        .fetch_one(&self.pool)
        .await?;
        Ok(at
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }
}

impl Store {
    /// The role whose members see every advisor's digest in a guild.
    pub async fn coordinator_role(&self, guild: u64) -> Result<Option<u64>, StoreError> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT coordinator_role_id FROM guilds WHERE id = $1")
                .bind(id(guild))
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(r,)| r).map(|r| r as u64))
    }

    /// Sets (or clears) a guild's coordinator role.
    pub async fn set_coordinator_role(
        &self,
        guild: u64,
        role: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guilds (id, coordinator_role_id, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET coordinator_role_id = $2, updated_at = $3",
        )
        .bind(id(guild))
        .bind(role.map(id))
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
