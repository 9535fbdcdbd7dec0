//! Proposed changes of date or rhythm (`/reschedule`): one side proposes, the other accepts or
//! declines. Accepting changes the active agreement and plans its reminders again, in one
//! transaction with the notice to the proposer.

use chrono::{DateTime, Utc};

use super::outbox::insert;
use super::{id, ts, Store, StoreError};
use crate::store::NewDelivery;

/// A proposal.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RescheduleRow {
    pub id: i64,
    pub support_id: i64,
    pub agreement_id: i64,
    pub proposed_by: i64,
    pub cadence: Option<String>,
    pub first_exchange_local: Option<String>,
    pub timezone: String,
    pub status: String,
}

/// A new proposal.
pub struct NewReschedule<'a> {
    pub support: i64,
    pub agreement: i64,
    pub by: u64,
    pub cadence: Option<&'a str>,
    pub first_local: Option<&'a str>,
    pub timezone: &'a str,
}

impl Store {
    /// Records a proposal (an earlier one still pending is withdrawn) and, with it, the
    /// delivery that asks the other side; returns its id. `ask` is built once the id is known.
    pub async fn propose_reschedule(
        &self,
        p: NewReschedule<'_>,
        ask: impl FnOnce(i64) -> Vec<NewDelivery>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        sqlx::query(
            "UPDATE reschedules SET status = 'withdrawn', decided_at = ? WHERE support_id = ? AND status = 'pending'",
        )
        .bind(&at)
        .bind(p.support)
        .execute(&mut *tx)
        .await?;
        let (rid,): (i64,) = sqlx::query_as(
            "INSERT INTO reschedules (support_id, agreement_id, proposed_by, cadence, first_exchange_local,
               timezone, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
        )
        .bind(p.support)
        .bind(p.agreement)
        .bind(id(p.by))
        .bind(p.cadence)
        .bind(p.first_local)
        .bind(p.timezone)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        insert(&mut tx, self.audience, &ask(rid), now).await?;
        tx.commit().await?;
        Ok(rid)
    }

    pub async fn reschedule(&self, rid: i64) -> Result<Option<RescheduleRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, support_id, agreement_id, proposed_by, cadence, first_exchange_local, timezone, status
             FROM reschedules WHERE id = ?",
        )
        .bind(rid)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Accepts or declines a pending proposal. Accepting changes the agreement (its cadence,
    /// its first exchange), cancels the reminders planned under the old rhythm and plans again
    /// from now. `false` when it was no longer pending.
    pub async fn decide_reschedule(
        &self,
        r: &RescheduleRow,
        accept: bool,
        first_utc: Option<DateTime<Utc>>,
        notices: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE reschedules SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'",
        )
        .bind(if accept { "accepted" } else { "declined" })
        .bind(&at)
        .bind(r.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if accept {
            sqlx::query(
                "UPDATE agreements SET cadence = COALESCE(?, cadence),
                   first_exchange_local = COALESCE(?, first_exchange_local),
                   first_exchange_utc = COALESCE(?, first_exchange_utc),
                   next_plan_at = ? WHERE id = ? AND status = 'active'",
            )
            .bind(&r.cadence)
            .bind(&r.first_exchange_local)
            .bind(first_utc.map(ts))
            .bind(&at)
            .bind(r.agreement_id)
            .execute(&mut *tx)
            .await?;
            if r.cadence.is_some() || r.first_exchange_local.is_some() {
                // A first exchange kept off the old rhythm does not carry over to a new plan.
                sqlx::query("UPDATE agreements SET rhythm_from_local = NULL WHERE id = ?")
                    .bind(r.agreement_id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "UPDATE deliveries SET status = 'cancelled'
                 WHERE support_id = ? AND status = 'planned' AND kind IN ('reminder', 'checkin')",
            )
            .bind(r.support_id)
            .execute(&mut *tx)
            .await?;
        }
        insert(&mut tx, self.audience, notices, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}
