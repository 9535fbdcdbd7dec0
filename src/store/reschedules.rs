//! Proposed changes of date or rhythm (`/reschedule`): one side proposes, the other accepts or
//! declines. A date off the rhythm waits for its proposer's choice (`choosing`) before the
//! other side is asked. A newer proposal replaces a pending one (`replaced_by`), in one
//! transaction with the word that tells its author. Accepting changes the active agreement to
//! exactly what was accepted and plans its reminders again, in one transaction with the notice
//! to the proposer.

use chrono::{DateTime, Utc};

use super::outbox::insert;
use super::{id, ts, Store, StoreError};
use crate::store::words::stored_words;
use crate::store::words::Flag;
use crate::store::NewDelivery;

/// Where a proposal stands, stored as its lower-case name: waiting for an answer (or for its
/// proposer's choice), accepted, declined, or replaced by a newer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RescheduleStatus {
    Pending,
    Accepted,
    Declined,
    Withdrawn,
}

stored_words!(RescheduleStatus {
    Pending => "pending",
    Accepted => "accepted",
    Declined => "declined",
    Withdrawn => "withdrawn",
});

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
    pub status: RescheduleStatus,
    /// The proposal that replaced this one.
    pub replaced_by: Option<i64>,
    /// The date is taken once, off the rhythm, which then resumes.
    #[sqlx(try_from = "Flag")]
    pub once: bool,
    /// The date is off the rhythm and its proposer has not chosen yet.
    #[sqlx(try_from = "Flag")]
    pub choosing: bool,
}

const COLUMNS: &str = "id, support_id, agreement_id, proposed_by, cadence, first_exchange_local,
    timezone, status, replaced_by, once, choosing";

/// A new proposal.
pub struct NewReschedule<'a> {
    pub support: i64,
    pub agreement: i64,
    pub by: u64,
    pub cadence: Option<&'a str>,
    pub first_local: Option<&'a str>,
    pub timezone: &'a str,
    /// Off the rhythm: the proposer chooses before the other side is asked.
    pub choosing: bool,
}

/// What an accepted proposal makes of the agreement: its whole new schedule.
pub struct Accepted<'a> {
    pub cadence: &'a str,
    pub first_local: &'a str,
    /// Where the rhythm resumes when the first exchange is off it (see `Schedule::with_first`).
    pub rhythm_from_local: Option<&'a str>,
    pub first_utc: DateTime<Utc>,
}

impl Store {
    /// Records a proposal and, with it, the deliveries `ask` builds once its id is known (the
    /// question to the other side, or the proposer's choice when `choosing`). Unless it is
    /// still being chosen, the pending proposals of the support are replaced by it.
    pub async fn propose_reschedule(
        &self,
        p: NewReschedule<'_>,
        ask: impl FnOnce(i64) -> Vec<NewDelivery>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        let (rid,): (i64,) = sqlx::query_as(
            "INSERT INTO reschedules (support_id, agreement_id, proposed_by, cadence, first_exchange_local,
               timezone, status, created_at, choosing) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8) RETURNING id",
        )
        .bind(p.support)
        .bind(p.agreement)
        .bind(id(p.by))
        .bind(p.cadence)
        .bind(p.first_local)
        .bind(p.timezone)
        .bind(&at)
        .bind(Flag(p.choosing))
        .fetch_one(&mut *tx)
        .await?;
        if !p.choosing {
            replace_pending(&mut tx, p.support, rid, &at).await?;
        }
        insert(&mut tx, self.audience, &ask(rid), now).await?;
        tx.commit().await?;
        Ok(rid)
    }

    /// The proposer's choice for a date off the rhythm: the date kept (`first_local`) and
    /// whether it is taken once. The pending proposals of the support are replaced by it and
    /// `deliveries` (the question to the other side, the words to replaced authors) written.
    /// `false` when it was no longer being chosen.
    pub async fn choose_reschedule(
        &self,
        r: &RescheduleRow,
        first_local: &str,
        once: bool,
        deliveries: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE reschedules SET choosing = 0, once = $1, first_exchange_local = $2
             WHERE id = $3 AND status = 'pending' AND choosing = 1",
        )
        .bind(Flag(once))
        .bind(first_local)
        .bind(r.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        replace_pending(&mut tx, r.support_id, r.id, &at).await?;
        insert(&mut tx, self.audience, deliveries, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn reschedule(&self, rid: i64) -> Result<Option<RescheduleRow>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM reschedules WHERE id = $1"))
                .bind(rid)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The pending proposals (being chosen or waiting for an answer) of one support, or of
    /// every support when `support` is `None`, oldest first.
    pub async fn pending_reschedules(
        &self,
        support: Option<i64>,
    ) -> Result<Vec<RescheduleRow>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM reschedules
             WHERE status = 'pending' AND ($1 IS NULL OR support_id = $1) ORDER BY id"
        ))
        .bind(support)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether a question about proposal `rid` (to answer it, or to choose) is still waiting
    /// to be sent: asking it again would show it twice.
    pub async fn reschedule_ask_unsent(&self, rid: i64) -> Result<bool, StoreError> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM deliveries WHERE status IN ('planned', 'claimed')
               AND (key LIKE 'reschedule:' || $1 || ':%'
                 OR key LIKE 'reschedule-choice:' || $1 || ':%'
                 OR key LIKE 'reschedule-again:' || $1 || ':%')",
        )
        .bind(rid)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Records deliveries that re-ask a pending proposal (a console started again).
    pub async fn ask_reschedules_again(
        &self,
        deliveries: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.plan(deliveries, now).await
    }

    /// Accepts (`Some`) or declines (`None`) a pending proposal. Accepting sets the agreement's
    /// schedule to what was accepted, cancels the reminders planned under the old one and
    /// plans again from now. `false` when it was no longer pending.
    pub async fn decide_reschedule(
        &self,
        r: &RescheduleRow,
        accepted: Option<Accepted<'_>>,
        notices: &[NewDelivery],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = ts(now);
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE reschedules SET status = $1, decided_at = $2
             WHERE id = $3 AND status = 'pending' AND choosing = 0",
        )
        .bind(if accepted.is_some() {
            RescheduleStatus::Accepted
        } else {
            RescheduleStatus::Declined
        })
        .bind(&at)
        .bind(r.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(a) = accepted {
            sqlx::query(
                "UPDATE agreements SET cadence = $1, first_exchange_local = $2, rhythm_from_local = $3,
                   first_exchange_utc = $4, next_plan_at = $5 WHERE id = $6 AND status = 'active'",
            )
            .bind(a.cadence)
            .bind(a.first_local)
            .bind(a.rhythm_from_local)
            .bind(ts(a.first_utc))
            .bind(&at)
            .bind(r.agreement_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE deliveries SET status = 'cancelled'
                 WHERE support_id = $1 AND status = 'planned' AND kind IN ('reminder', 'checkin')",
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

/// Every other pending proposal of `support` is replaced by `by`.
async fn replace_pending(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    support: i64,
    by: i64,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE reschedules SET status = 'withdrawn', decided_at = $1, replaced_by = $2
         WHERE support_id = $3 AND status = 'pending' AND id <> $4",
    )
    .bind(at)
    .bind(by)
    .bind(support)
    .bind(by)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
