//! The dispatcher's housekeeping, run only when due (never in front of a due delivery):
//! planning agreements further, advisor digests, the retention purge and the pruning of old
//! deliveries; and the heartbeat `suivi status --health` reads. One agreement or one advisor
//! that cannot be planned is recorded (on its row, in the log with its id) and the others are
//! planned: a bad row never stops the rest.

use std::sync::atomic::Ordering;

use chrono::{DateTime, Duration, Utc};

use super::Dispatcher;
use crate::outbox::{plan, Audience};
use crate::store::{AgreementPlan, PlanRow, Plans, StoreError};

/// At most one heartbeat write per this much time: the loop must not add a write per pass.
pub const HEARTBEAT: Duration = Duration::seconds(30);

/// The job that deletes old sent, skipped and cancelled deliveries (`[outbox] keep_days`).
const PRUNE_JOB: &str = "outbox-prune";

/// After a housekeeping job failed, the next try.
const JOB_RETRY: Duration = Duration::seconds(30);

/// An agreement whose planning failed on a store error is tried again after this.
const PLAN_RETRY: Duration = Duration::minutes(10);

impl Dispatcher {
    /// Runs the housekeeping if it is due at `now`; returns how many things it planned.
    pub(super) async fn housekeeping(&self, now: DateTime<Utc>) -> usize {
        if self.jobs_dirty.swap(false, Ordering::SeqCst) {
            // The bell rang: something may be due earlier than thought.
            match self.store.jobs_wake(self.tuning.audience).await {
                Ok(Some(at)) => {
                    let mut jobs = self.jobs_at.lock().unwrap_or_else(|p| p.into_inner());
                    *jobs = Some(jobs.map_or(at, |j| j.min(at)));
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "could not read when the jobs are due"),
            }
        }
        let due = *self.jobs_at.lock().unwrap_or_else(|p| p.into_inner());
        if due.is_none_or(|at| at > now) {
            return 0;
        }
        let mut planned = 0;
        let mut failed = false;
        match self.plan_due(now).await {
            Ok(n) => planned += n,
            Err(e) => {
                failed = true;
                tracing::error!(error = %e, "could not read the agreements to plan");
            }
        }
        if self.tuning.audience != Audience::Console {
            if let Err(e) = self.service.run_retention().await {
                failed = true;
                tracing::error!(error = %e, "retention did not run");
            }
            if let Err(e) = self.prune_if_due(now).await {
                failed = true;
                tracing::error!(error = %e, "old deliveries could not be pruned");
            }
        }
        match self.service.plan_digests(self.tuning.audience).await {
            Ok(n) => planned += n,
            Err(e) => {
                failed = true;
                tracing::error!(error = %e, "could not plan the digests");
            }
        }
        let next = match self.store.jobs_wake(self.tuning.audience).await {
            Ok(at) if failed => Some(at.map_or(now + JOB_RETRY, |a| a.max(now + JOB_RETRY))),
            Ok(at) => at,
            Err(e) => {
                tracing::warn!(error = %e, "could not read when the jobs are due");
                Some(now + JOB_RETRY)
            }
        };
        *self.jobs_at.lock().unwrap_or_else(|p| p.into_inner()) = next;
        planned
    }

    /// Plans the next exchange of agreements whose last planned one has passed, one batch of
    /// up to 500; returns how many were taken (0: none is due). The batch is taken inside the
    /// transaction that writes its plans ([`crate::store::Store::plan_batch`]), so several
    /// processes on one database each plan different agreements, never the same twice. An
    /// agreement that cannot be read is marked (`plan_error`) and left for the operator; when
    /// writing the batch fails, each agreement is written on its own, and one whose writing
    /// fails again is marked and tried again later: the others are planned either way.
    pub async fn plan_due(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let leads = &self.service.config().reminder_leads_minutes;
        let batch = self
            .store
            .plan_batch(now, 500, self.tuning.audience, |rows| {
                decide(rows, leads, now)
            })
            .await?;
        if let Err(e) = &batch.written {
            // One of them may be the cause: each on its own, so the others are planned.
            tracing::warn!(error = %e, "planning a batch of agreements failed; one at a time");
            for agreement in &batch.plans.unreadable {
                self.mark(*agreement, "unreadable", None).await;
            }
            for p in &batch.plans.plans {
                if let Err(e) = self.store.record_plans(std::slice::from_ref(p), now).await {
                    let agreement = p.agreement;
                    tracing::error!(agreement, error = %e, "could not plan an agreement; trying again later");
                    self.mark(agreement, "store", Some(now + PLAN_RETRY)).await;
                }
            }
        }
        if batch.taken > 0 {
            // Which process planned what, when several share the database.
            tracing::debug!(agreements = batch.taken, "a batch of agreements planned");
        }
        Ok(batch.taken)
    }

    async fn mark(&self, agreement: i64, error: &str, retry: Option<DateTime<Utc>>) {
        if let Err(e) = self
            .store
            .record_plan_failure(agreement, error, retry)
            .await
        {
            tracing::error!(agreement, error = %e, "could not mark an agreement that failed to plan");
        }
    }

    /// Deletes old sent, skipped and cancelled deliveries once a day.
    async fn prune_if_due(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        match self.store.job_due(PRUNE_JOB).await? {
            Some(at) if at > now => return Ok(()),
            None => {
                // The first run: in an hour, not at once on a first start.
                return self
                    .store
                    .set_job_due(PRUNE_JOB, now + Duration::hours(1))
                    .await;
            }
            Some(_) => {}
        }
        let keep = Duration::days(i64::from(self.service.config().outbox_keep_days));
        let pruned = self
            .store
            .prune_deliveries(now - keep, self.tuning.audience)
            .await?;
        if pruned > 0 {
            tracing::info!(deliveries = pruned, "old deliveries pruned");
        }
        self.store
            .set_job_due(PRUNE_JOB, now + Duration::days(1))
            .await
    }

    /// Records a completed pass, at most once per [`HEARTBEAT`].
    pub(super) async fn heartbeat(&self, now: DateTime<Utc>) {
        let last = *self.beat.lock().unwrap_or_else(|p| p.into_inner());
        if last.is_some_and(|b| now - b < HEARTBEAT && now >= b) {
            return;
        }
        match self.store.dispatcher_pass(now).await {
            Ok(()) => *self.beat.lock().unwrap_or_else(|p| p.into_inner()) = Some(now),
            Err(e) => tracing::debug!(error = %e, "could not record the dispatcher's pass"),
        }
    }

    /// When the loop must wake: the earliest delivery it can claim, due or early (not before
    /// a hold ends), or the housekeeping.
    pub(super) async fn wake_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let due = self.store.delivery_wake(self.tuning.audience).await?;
        let early = *self.early_next.lock().unwrap_or_else(|p| p.into_inner());
        let sends = due.into_iter().chain(early).min();
        let sends = match (sends, self.held_until()) {
            (Some(s), Some(h)) => Some(s.max(h)),
            (s, _) => s,
        };
        let jobs = *self.jobs_at.lock().unwrap_or_else(|p| p.into_inner());
        Ok(sends.into_iter().chain(jobs).min())
    }
}

/// What the planner decides for a batch of agreements: the next reminders of each, and when to
/// plan it again. Pure: it runs inside the transaction that took the batch.
fn decide(rows: &[PlanRow], leads: &[u32], now: DateTime<Utc>) -> Plans {
    let mut plans = Plans::default();
    for r in rows {
        let schedule = match crate::store::schedule_from(
            &r.cadence,
            &r.first_exchange_local,
            &r.timezone,
            r.rhythm_from_local.as_deref(),
        ) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(agreement = r.agreement_id, error = %e, "unreadable agreement; not planned");
                plans.unreadable.push(r.agreement_id);
                continue;
            }
        };
        let sides = plan::Sides {
            support: r.support_id,
            advisor: r.advisor_id as u64,
            beneficiary: r.beneficiary_id as u64,
        };
        let (deliveries, next) = plan::next_reminders(sides, &schedule, leads, now);
        plans.plans.push(AgreementPlan {
            agreement: r.agreement_id,
            next,
            deliveries,
        });
    }
    plans
}
