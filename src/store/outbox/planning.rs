//! Planning agreements further, a batch at a time: the agreements whose next exchange must be
//! planned are taken inside the transaction that writes what the planner decided for them, so
//! that several processes on one database plan each agreement once.
//!
//! Every write transaction holds the writers' lock (`BEGIN IMMEDIATE` on SQLite, the advisory
//! lock on PostgreSQL, see [`Store::write`]), and the batch is read after it: a second process
//! waits for the first to commit and then reads the agreements the first has not planned, never
//! the same ones again. On PostgreSQL the rows are also locked (`FOR UPDATE OF a SKIP LOCKED`):
//! an agreement another statement is changing at that moment (outside the writers' lock) is
//! left for the next batch instead of waited for. Locks end with the transaction, or with the
//! connection when a process dies (kill -9): nothing is left claimed.
//!
//! The planner's decisions (pure computation, no I/O) run inside that transaction, through a
//! closure, so the rows read are those written. On PostgreSQL the deliveries and the
//! agreements' next planning instants are written a few hundred rows per statement: one
//! statement per delivery was the planning's cost there (a round trip each). On SQLite they stay
//! one row per statement: measured, the multi-row statements were slower there.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sqlx::{Any, Transaction};

use super::{Audience, NewDelivery};
use crate::store::{ts, Backend, PlanRow, Store, StoreError};

/// What the planner decided for one agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementPlan {
    pub agreement: i64,
    /// When it must be planned again; `None`: its series has ended.
    pub next: Option<DateTime<Utc>>,
    pub deliveries: Vec<NewDelivery>,
}

/// What the planner made of a batch: the plans, and the agreements it could not read (marked
/// `unreadable` for the operator, not planned again by themselves).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plans {
    pub plans: Vec<AgreementPlan>,
    pub unreadable: Vec<i64>,
}

/// A batch taken by [`Store::plan_batch`].
#[derive(Debug)]
pub struct PlanBatch {
    /// How many agreements were taken (0: none is due).
    pub taken: usize,
    pub plans: Plans,
    /// Whether the batch was written. When it was not, nothing of it was: the caller may
    /// write each agreement on its own ([`Store::record_plans`]) so one bad row does not hold
    /// back the others.
    pub written: Result<(), StoreError>,
}

/// Active agreements (of active supports) of an audience whose next exchange must be planned by
/// `$1`, oldest first, at most `$2`.
const DUE: &str =
    "SELECT a.id AS agreement_id, a.support_id, s.advisor_id, s.beneficiary_id, a.cadence,
        a.first_exchange_local, a.timezone, a.rhythm_from_local
     FROM agreements a JOIN supports s ON s.id = a.support_id
     WHERE a.status = 'active' AND a.next_plan_at IS NOT NULL AND a.next_plan_at <= $1
       AND s.status = 'active'
       AND ($3 = 'all' OR s.audience = $3)
     ORDER BY a.next_plan_at LIMIT $2";

/// Deliveries per `INSERT` (9 parameters each, 2 shared: far below both servers' limits).
const DELIVERIES_PER_STATEMENT: usize = 400;

/// Agreements per `UPDATE` of their next planning instant (2 parameters each).
const AGREEMENTS_PER_STATEMENT: usize = 500;

impl Store {
    /// Takes up to `limit` agreements due for planning at `now`, lets `decide` plan them, and
    /// writes its decisions in the same transaction. A batch another process is planning is
    /// never taken again: see the module's notes.
    pub async fn plan_batch<F>(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        audience: Audience,
        decide: F,
    ) -> Result<PlanBatch, StoreError>
    where
        F: FnOnce(&[PlanRow]) -> Plans,
    {
        let lock = match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE OF a SKIP LOCKED",
        };
        let mut tx = self.write().await?;
        let rows: Vec<PlanRow> = sqlx::query_as(&format!("{DUE}{lock}"))
            .bind(ts(now))
            .bind(i64::from(limit))
            .bind(audience.filter())
            .fetch_all(&mut *tx)
            .await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok(PlanBatch {
                taken: 0,
                plans: Plans::default(),
                written: Ok(()),
            });
        }
        let plans = decide(&rows);
        let written = match write_plans(&mut tx, self.backend, self.audience, &plans, now).await {
            Ok(()) => tx.commit().await.map_err(StoreError::from),
            Err(e) => {
                // Nothing of the batch stays; the rows' locks go with the transaction.
                let _ = tx.rollback().await;
                Err(e)
            }
        };
        Ok(PlanBatch {
            taken: rows.len(),
            plans,
            written,
        })
    }

    /// Records what the planner decided for some agreements (one at a time, after a batch
    /// failed): their deliveries, and when each must be planned again.
    pub async fn record_plans(
        &self,
        plans: &[AgreementPlan],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let plans = Plans {
            plans: plans.to_vec(),
            unreadable: Vec::new(),
        };
        write_plans(&mut tx, self.backend, self.audience, &plans, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn write_plans(
    tx: &mut Transaction<'_, Any>,
    backend: Backend,
    audience: Audience,
    plans: &Plans,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let deliveries: Vec<&NewDelivery> = plans.plans.iter().flat_map(|p| &p.deliveries).collect();
    let next: Vec<_> = plans.plans.iter().map(|p| (p.agreement, p.next)).collect();
    let (deliveries_per, agreements_per) = match backend {
        Backend::Postgres => (DELIVERIES_PER_STATEMENT, AGREEMENTS_PER_STATEMENT),
        // Row by row: the multi-row statements made SQLite's planning slower, not faster
        // (BENCHMARKS.md, the scale section's before/after).
        Backend::Sqlite => (1, 1),
    };
    insert_many(tx, audience, &deliveries, now, deliveries_per).await?;
    for chunk in next.chunks(agreements_per) {
        set_next(tx, chunk).await?;
    }
    for agreement in &plans.unreadable {
        sqlx::query(
            "UPDATE agreements SET plan_failures = plan_failures + 1, plan_error = 'unreadable',
               next_plan_at = NULL WHERE id = $1",
        )
        .bind(agreement)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Plans deliveries as [`super::insert`] does (an existing key is left as it is unless it was
/// cancelled), `per_statement` at a time. A key repeated in `deliveries` is planned once, from
/// its first occurrence, as one statement per delivery would have done (and PostgreSQL refuses
/// one statement that meets the same key twice).
async fn insert_many(
    tx: &mut Transaction<'_, Any>,
    audience: Audience,
    deliveries: &[&NewDelivery],
    now: DateTime<Utc>,
    per_statement: usize,
) -> Result<(), StoreError> {
    let mut seen = HashSet::with_capacity(deliveries.len());
    let unique: Vec<&NewDelivery> = deliveries
        .iter()
        .copied()
        .filter(|d| seen.insert(d.key.as_str()))
        .collect();
    for chunk in unique.chunks(per_statement.max(1)) {
        super::insert_rows(tx, audience, chunk, now).await?;
    }
    Ok(())
}

/// Sets the next planning instant of each agreement in `next` (and clears its failures), in one
/// statement.
async fn set_next(
    tx: &mut Transaction<'_, Any>,
    next: &[(i64, Option<DateTime<Utc>>)],
) -> Result<(), StoreError> {
    let whens: String = (0..next.len())
        .map(|i| format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2))
        .collect();
    let ids: Vec<String> = (0..next.len()).map(|i| format!("${}", 2 * i + 1)).collect();
    let sql = format!(
        "UPDATE agreements SET next_plan_at = CASE id{whens} END, plan_failures = 0, plan_error = NULL
         WHERE id IN ({})",
        ids.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for (agreement, at) in next {
        q = q.bind(agreement).bind(at.map(ts));
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
