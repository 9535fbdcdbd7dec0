//! The outbox dispatcher. Every message suivi sends was planned in `deliveries` by the service,
//! in the same transaction as the change that caused it; this loop claims what is due (with a
//! lease), renders it for its reader, sends it through a [`Notifier`] (Discord, the console,
//! tests) and acknowledges it. It sleeps until the next due delivery and is woken by the
//! service's bell when something earlier is planned: it never polls on a fixed tick.
//!
//! Delivery is at least once, made effectively once by a nonce derived from the delivery's key
//! (Discord de-duplicates a resend after a crash). Failures are classified: transient ones
//! (5xx, 429, time-outs) are retried with a bounded exponential backoff and jitter, then
//! recorded as failed; permanent ones (DMs closed, user gone) are recorded at once. In both
//! cases the advisor is told. After a downtime, what is no longer useful (a reminder for an
//! exchange that has begun, an earlier reminder of the same exchange) is skipped, never sent in
//! a burst. No error ends the loop.

pub mod payload;
pub mod plan;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::{watch, Notify};

use crate::clock::Clock;
use crate::conversation::{notice, Desk};
use crate::domain::prompt::Msg;
pub use crate::store::Audience;
use crate::store::{Claimed, DeliveryKind, NewDelivery, Store, StoreError};
pub use payload::{Letter, Payload};

/// Where a letter went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Dm,
    /// A private thread in the guild's fallback channel (the person's DMs are closed).
    Thread(u64),
    Console,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Dm => "dm",
            Route::Thread(_) => "thread",
            Route::Console => "console",
        }
    }
}

/// Why a letter was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Retrying may help: a server error, a rate limit, a time-out.
    #[error("transient failure")]
    Transient {
        /// What the platform asked to wait, if it said.
        retry_after: Option<std::time::Duration>,
    },
    /// The person's direct messages are closed and there is no fallback.
    #[error("direct messages closed")]
    DmClosed,
    /// The person or the channel no longer exists, or the bot may not write there.
    #[error("recipient gone")]
    Gone,
}

impl SendError {
    fn reason(self) -> &'static str {
        match self {
            SendError::Transient { .. } => "transient",
            SendError::DmClosed => "dm_closed",
            SendError::Gone => "gone",
        }
    }
}

/// A boxed send.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<Route, SendError>> + Send + 'a>>;

/// What reaches people: the Discord adapter, the console and tests implement it.
pub trait Notifier: Send + Sync {
    fn send<'a>(&'a self, letter: &'a Letter) -> Sending<'a>;
}

/// Tuning, with the defaults the product uses.
#[derive(Debug, Clone)]
pub struct Tuning {
    /// How long a claimed delivery is reserved before another pass may take it (a crash).
    pub lease: Duration,
    /// How many deliveries one pass claims.
    pub batch: u32,
    /// Tries before a delivery is recorded as failed.
    pub max_attempts: i64,
    /// First retry delay; doubled each try, up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// Whose deliveries this dispatcher sends (the console and the bot may share a file).
    pub audience: Audience,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            lease: Duration::seconds(120),
            batch: 64,
            max_attempts: 6,
            first_backoff: Duration::seconds(2),
            max_backoff: Duration::minutes(10),
            audience: Audience::All,
        }
    }
}

/// The dispatcher.
pub struct Scheduler {
    desk: Arc<Desk>,
    store: Store,
    clock: Arc<dyn Clock>,
    notifier: Arc<dyn Notifier>,
    bell: Arc<Notify>,
    tuning: Tuning,
    /// `settle` asks for a pass that starts after its request; `idle` says which request the
    /// last pass that found nothing to do had seen.
    requested: AtomicU64,
    idle: watch::Sender<u64>,
}

impl Scheduler {
    pub fn new(desk: Arc<Desk>, notifier: Arc<dyn Notifier>, tuning: Tuning) -> Arc<Scheduler> {
        Arc::new(Scheduler {
            store: desk.store().clone(),
            clock: desk.shared_clock(),
            bell: desk.bell(),
            desk,
            notifier,
            tuning,
            requested: AtomicU64::new(0),
            idle: watch::channel(0).0,
        })
    }

    /// Runs until `stop` turns true. Every error is logged and waited out; none ends the loop.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        tracing::info!("scheduler started");
        match self
            .store
            .reclaim_abandoned(self.clock.now(), self.tuning.audience)
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                deliveries = n,
                "deliveries left claimed by a stopped process are sent again"
            ),
            Err(e) => tracing::warn!(error = %e, "could not reclaim abandoned deliveries"),
        }
        loop {
            if *stop.borrow() {
                break;
            }
            let seen = self.requested.load(Ordering::SeqCst);
            let wake = match self.pass().await {
                Ok(true) => continue,
                Ok(false) => {
                    self.idle.send_replace(seen);
                    match self.store.next_wake(self.tuning.audience).await {
                        Ok(at) => at,
                        Err(e) => {
                            tracing::warn!(error = %e, "scheduler could not read the next due time");
                            Some(self.clock.now() + Duration::seconds(5))
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "scheduler pass failed; trying again shortly");
                    self.idle.send_replace(seen);
                    Some(self.clock.now() + Duration::seconds(5))
                }
            };
            let sleep = async {
                match wake {
                    Some(at) => self.clock.sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = stop.changed() => {}
                () = self.bell.notified() => {}
                () = sleep => {}
            }
        }
        tracing::info!("scheduler stopped");
    }

    /// Waits until the scheduler has sent everything due now (or `within` passed): the
    /// console and tests use it to show deliveries in order.
    pub async fn settle(&self, within: std::time::Duration) -> bool {
        let r = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        self.bell.notify_one();
        let mut rx = self.idle.subscribe();
        tokio::time::timeout(within, rx.wait_for(|seen| *seen >= r))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// One pass: plan the next exchanges that are due for planning, skip what went stale,
    /// claim and send one batch. `true` when it did something (another pass follows).
    pub async fn pass(&self) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let mut planned = self.plan_due(now).await?;
        if self.tuning.audience != Audience::Console {
            match self.desk.run_retention_if_due().await {
                Ok(_) => {}
                Err(crate::conversation::DeskError::Store(e)) => return Err(e),
                Err(e) => tracing::warn!(error = %e, "retention did not run"),
            }
        }
        match self.desk.plan_due_digests().await {
            Ok(n) => planned += n,
            Err(crate::conversation::DeskError::Store(e)) => return Err(e),
            Err(e) => tracing::warn!(error = %e, "could not plan the digests"),
        }
        let skipped = self.store.skip_stale(now, self.tuning.audience).await?;
        if skipped > 0 {
            tracing::info!(skipped, "deliveries no longer useful were skipped");
        }
        let batch = self
            .store
            .claim(
                now,
                self.tuning.lease,
                self.tuning.batch,
                self.tuning.audience,
            )
            .await?;
        let worked = planned > 0 || !batch.is_empty();
        for c in batch {
            self.dispatch(c).await;
        }
        Ok(worked)
    }

    /// Plans the next exchange of agreements whose last planned one has passed.
    pub async fn plan_due(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let rows = self
            .store
            .agreements_to_plan(now, 500, self.tuning.audience)
            .await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let leads = &self.desk.config().reminder_leads_minutes;
        let mut deliveries = Vec::new();
        let mut next = Vec::with_capacity(rows.len());
        for r in &rows {
            let schedule = match crate::conversation::schedule_from(
                &r.cadence,
                &r.first_exchange_local,
                &r.timezone,
            ) {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!(agreement = r.agreement_id, error = %e, "unreadable agreement; not planned");
                    next.push((r.agreement_id, None));
                    continue;
                }
            };
            let sides = plan::Sides {
                support: r.support_id,
                advisor: r.advisor_id as u64,
                beneficiary: r.beneficiary_id as u64,
            };
            let (ds, at) = plan::next_reminders(sides, &schedule, leads, now);
            deliveries.extend(ds);
            next.push((r.agreement_id, at));
        }
        self.store.record_plans(&next, &deliveries, now).await?;
        Ok(rows.len())
    }

    /// Renders, sends and records one claimed delivery. Never fails: what goes wrong is
    /// recorded on the delivery.
    async fn dispatch(&self, c: Claimed) {
        if c.kind == DeliveryKind::Checkin.as_str() {
            return self.start_checkin(c).await;
        }
        let letter = match self.desk.letter(&c).await {
            Ok(Some(l)) => l,
            Ok(None) => {
                self.record(
                    self.store
                        .give_up(c.id, "skipped", "obsolete", &[], self.clock.now()),
                )
                .await;
                return;
            }
            Err(e) => {
                tracing::error!(delivery = c.id, error = %e, "could not render a delivery");
                self.record(self.store.give_up(
                    c.id,
                    "failed",
                    "unreadable",
                    &[],
                    self.clock.now(),
                ))
                .await;
                return;
            }
        };
        let sent = self.notifier.send(&letter).await;
        let now = self.clock.now();
        match sent {
            Ok(route) => {
                self.record(self.store.acknowledge(c.id, route.as_str(), now))
                    .await;
            }
            Err(SendError::Transient { retry_after }) if c.attempts < self.tuning.max_attempts => {
                let wait = self.backoff(c.id, c.attempts);
                let asked = retry_after
                    .and_then(|d| Duration::from_std(d).ok())
                    .unwrap_or_else(Duration::zero);
                let wait = wait.max(asked);
                tracing::warn!(
                    delivery = c.id,
                    attempt = c.attempts,
                    wait_ms = wait.num_milliseconds(),
                    "transient failure; will retry"
                );
                self.record(self.store.retry_later(c.id, now + wait, "transient"))
                    .await;
            }
            Err(e) => {
                tracing::warn!(delivery = c.id, kind = %c.kind, reason = e.reason(), "delivery failed");
                let told = self.tell_advisor(&c, &letter, e, now).await;
                self.record(self.store.give_up(c.id, "failed", e.reason(), &told, now))
                    .await;
            }
        }
    }

    /// A due check-in: the service starts the conversation and plans its first question.
    async fn start_checkin(&self, c: Claimed) {
        let now = self.clock.now();
        match self.desk.begin_checkin(&c).await {
            Ok(crate::conversation::CheckInStart::Started(_))
            | Ok(crate::conversation::CheckInStart::AlreadyStarted) => {
                self.record(self.store.acknowledge(c.id, "started", now))
                    .await;
            }
            Ok(crate::conversation::CheckInStart::Skipped(why)) => {
                self.record(self.store.give_up(c.id, "skipped", why, &[], now))
                    .await;
            }
            Err(e) => {
                tracing::warn!(delivery = c.id, error = %e, "could not start a check-in; will retry");
                let wait = self.backoff(c.id, c.attempts);
                if c.attempts < self.tuning.max_attempts {
                    self.record(self.store.retry_later(c.id, now + wait, "transient"))
                        .await;
                } else {
                    self.record(self.store.give_up(c.id, "failed", "store", &[], now))
                        .await;
                }
            }
        }
    }

    /// The notice to the advisor of the support when a delivery to someone else failed.
    async fn tell_advisor(
        &self,
        c: &Claimed,
        letter: &Letter,
        why: SendError,
        now: DateTime<Utc>,
    ) -> Vec<NewDelivery> {
        let Some(support) = c.support_id else {
            return Vec::new();
        };
        let Ok(Some(s)) = self.store.support_row(support).await else {
            return Vec::new();
        };
        let advisor = s.advisor_id as u64;
        if advisor == letter.to || letter.kind == DeliveryKind::Notice {
            return Vec::new();
        }
        let name = self
            .desk
            .name_of(letter.to)
            .await
            .unwrap_or_else(|_| letter.to.to_string());
        let id = match why {
            SendError::DmClosed => "followup-dm-closed",
            _ => "followup-undelivered",
        };
        let msg = Msg::new(id).text("person", name);
        vec![notice(
            format!("notice:undelivered:{}:{advisor}", c.id),
            advisor,
            Some(support),
            msg,
            now,
        )]
    }

    /// Exponential backoff with jitter (±25 %, derived from the delivery, so runs repeat).
    fn backoff(&self, delivery: i64, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        let base = self
            .tuning
            .first_backoff
            .checked_mul(1 << exp)
            .unwrap_or(self.tuning.max_backoff)
            .min(self.tuning.max_backoff);
        let seed = payload::nonce_of(&format!("{delivery}:{attempts}"));
        let r = u64::from_str_radix(&seed[..4], 16).unwrap_or(0) as i64; // 0..65535
        let ms = base.num_milliseconds();
        Duration::milliseconds(ms * 3 / 4 + ms / 2 * r / 65_535)
    }

    async fn record(&self, done: impl Future<Output = Result<(), StoreError>>) {
        if let Err(e) = done.await {
            tracing::error!(error = %e, "could not record a delivery's outcome; its lease will bring it back");
        }
    }
}

impl Scheduler {
    /// When the scheduler will next have something to do (the console's `/wait` stops there).
    pub async fn next_wake(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.store.next_wake(self.tuning.audience).await
    }
}
