//! The dispatcher. Every message suivi sends was planned in `deliveries` by the service,
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
//! a burst. No error ends the loop, and no bad row stops the others: what goes wrong with one
//! row is recorded on it (and logged with its id, never its text) and the pass goes on.
//!
//! Every letter waits its turn at the global pace ([`crate::outbox::pace`]: Discord's 50
//! requests per second per bot, counted in requests, not letters). A burst of reminders that
//! the pace could not send by their due times starts early, just enough, never more than
//! `reminders.max_early` ([`early`]); nothing else is ever sent before it is due. What was sent
//! early or late is tallied ([`Punctuality`]) and logged when a burst is over.
//!
//! It never spins: it sleeps until the earliest instant something can really be done
//! ([`Store::next_wake`]), and a pass that did nothing while the store said something was due
//! is followed by a floor ([`Tuning::floor`]) unless the bell rings. A transient failure holds
//! the whole audience's sending for a back-off (the platform is failing: sending the rest now
//! would only fail too), then one delivery probes until one gets through; so a long outage
//! costs a probe per back-off, not a try per row. Due rows are claimed first; housekeeping
//! (planning agreements further, digests, retention, pruning) runs only when it is due.

mod early;
mod failure;
mod jobs;
mod send;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use tokio_util::sync::CancellationToken;

use super::pace::{Pace, Window, DISCORD_RATE};
use super::{Audience, Bell, Notifier, Service};
use crate::clock::Clock;
use crate::store::{Store, StoreError};

pub use send::Punctuality;

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
    /// The longest the whole audience's sending is held after transient failures in a row
    /// (a platform outage): once it answers again, the backlog starts within this.
    pub max_hold: Duration,
    /// The shortest real time between a pass that did nothing and the next, unless the bell
    /// rings: what bounds the loop if the store says something is due that no pass can take.
    pub floor: std::time::Duration,
    /// Whose deliveries this dispatcher sends (the console and the bot may share a file).
    pub audience: Audience,
    /// The global send pace: Discord's 50 requests per second per bot by default. Clones of
    /// a `Tuning` share it.
    pub pace: Arc<dyn Pace>,
    /// Requests a letter is counted as when planning a burst ahead (the pace counts each
    /// letter's own when it is sent): 2, a message and the opening of a DM channel, which a
    /// process makes once per person.
    pub letter_requests: u32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            lease: Duration::seconds(120),
            batch: 64,
            max_attempts: 6,
            first_backoff: Duration::seconds(2),
            max_backoff: Duration::minutes(10),
            max_hold: Duration::seconds(30),
            floor: std::time::Duration::from_millis(50),
            audience: Audience::All,
            pace: Arc::new(Window::new(DISCORD_RATE)),
            letter_requests: 2,
        }
    }
}

/// The dispatcher.
pub struct Dispatcher {
    service: Arc<dyn Service>,
    store: Store,
    clock: Arc<dyn Clock>,
    notifier: Arc<dyn Notifier>,
    bell: Arc<Bell>,
    tuning: Tuning,
    /// Sending held after transient failures (see [`failure`]).
    hold: Mutex<failure::Hold>,
    /// When housekeeping is next due (`None`: nothing planned); due at once at start.
    jobs_at: Mutex<Option<DateTime<Utc>>>,
    /// The bell rang: something may have been planned earlier than `jobs_at`.
    jobs_dirty: AtomicBool,
    /// When the last heartbeat was written.
    beat: Mutex<Option<DateTime<Utc>>>,
    /// When the next reminder may be claimed early (see [`early`]), as the last pass found.
    early_next: Mutex<Option<DateTime<Utc>>>,
    /// Reminders due up to this instant may go early: a burst under way.
    early_until: Mutex<Option<DateTime<Utc>>>,
    /// What was sent early or late: since the start, and since the last report in the log.
    punctuality: Mutex<(Punctuality, Punctuality)>,
    /// Cancelled when the loop is told to stop: a letter waiting for its turn at the pace is
    /// given back instead of waited for.
    halt: Mutex<Option<CancellationToken>>,
}

impl Dispatcher {
    pub fn new(
        service: Arc<dyn Service>,
        notifier: Arc<dyn Notifier>,
        tuning: Tuning,
    ) -> Arc<Dispatcher> {
        Arc::new(Dispatcher {
            store: service.store().clone(),
            clock: service.clock(),
            bell: service.bell(),
            service,
            notifier,
            tuning,
            hold: Mutex::new(failure::Hold::default()),
            jobs_at: Mutex::new(Some(DateTime::<Utc>::MIN_UTC)),
            jobs_dirty: AtomicBool::new(false),
            beat: Mutex::new(None),
            early_next: Mutex::new(None),
            early_until: Mutex::new(None),
            punctuality: Mutex::default(),
            halt: Mutex::new(None),
        })
    }

    /// Starts [`Dispatcher::run`] on its own task.
    pub fn spawn(self: &Arc<Self>) -> Running {
        let stop = CancellationToken::new();
        let task = tokio::spawn(self.clone().run(stop.clone()));
        Running { stop, task }
    }

    /// Runs until `stop` is cancelled. Every error is logged and waited out; none ends the loop.
    pub async fn run(self: Arc<Self>, stop: CancellationToken) {
        tracing::info!("scheduler started");
        *self.halt.lock().unwrap_or_else(|p| p.into_inner()) = Some(stop.clone());
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
            if stop.is_cancelled() {
                break;
            }
            let seen = self.bell.requests();
            let wake = match self.pass().await {
                Ok(true) => continue,
                Ok(false) => {
                    self.report_punctuality();
                    self.bell.caught_up(seen);
                    match self.wake_at().await {
                        Ok(at) => at,
                        Err(e) => {
                            tracing::warn!(error = %e, "scheduler could not read the next due time");
                            Some(self.clock.now() + Duration::seconds(5))
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "scheduler pass failed; trying again shortly");
                    self.bell.caught_up(seen);
                    Some(self.clock.now() + Duration::seconds(5))
                }
            };
            // Something due now that this pass could not take: wait the floor (real time),
            // never loop at once.
            let floor = wake.is_some_and(|at| at <= self.clock.now());
            let sleep = async {
                match wake {
                    _ if floor => tokio::time::sleep(self.tuning.floor).await,
                    Some(at) => self.clock.sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = stop.cancelled() => {}
                () = self.bell.rung() => self.jobs_dirty.store(true, Ordering::SeqCst),
                () = sleep => {}
            }
        }
        tracing::info!("scheduler stopped");
    }

    /// Waits until the scheduler has sent everything due now (or `within` passed): the
    /// console and tests use it to show deliveries in order.
    pub async fn settle(&self, within: std::time::Duration) -> bool {
        self.bell.settle(within).await
    }

    /// One pass: claim and send one batch of what is due, then the housekeeping that is due
    /// (planning, digests, retention, pruning) and skip what went stale. `true` when it did
    /// something (another pass follows).
    pub async fn pass(&self) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let mut worked = false;
        if let Some(limit) = self.claim_limit(now) {
            let mut batch = self
                .store
                .claim(now, self.tuning.lease, limit, self.tuning.audience)
                .await?;
            let full = batch.len() as u32 >= limit;
            if !full {
                // Room left: reminders of a burst whose turn has come before their time.
                let room = limit - batch.len() as u32;
                batch.extend(self.claim_early(now, room).await?);
            }
            worked = !batch.is_empty();
            let mut left = batch.into_iter();
            while let Some(c) = left.next() {
                if let Some(untried) = self.dispatch(c).await {
                    // Stopping while it waited for its turn: it and the rest go back.
                    let rest: Vec<_> = std::iter::once(untried).chain(left).collect();
                    self.record(self.store.release(&rest)).await;
                    break;
                }
                if self.held(self.clock.now()) {
                    // The platform is failing: the rest were not tried, they go back as
                    // they were.
                    self.record(self.store.release(&left.collect::<Vec<_>>()))
                        .await;
                    break;
                }
            }
            if !full {
                let skipped = self.store.skip_stale(now, self.tuning.audience).await?;
                if skipped > 0 {
                    tracing::info!(skipped, "deliveries no longer useful were skipped");
                }
            }
        }
        worked |= self.housekeeping(now).await > 0;
        self.heartbeat(now).await;
        Ok(worked)
    }
}

impl Dispatcher {
    /// When the scheduler will next have something to do (the console's `/wait` stops there).
    pub async fn next_wake(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let store = self.store.next_wake(self.tuning.audience).await?;
        let early = *self.early_next.lock().unwrap_or_else(|p| p.into_inner());
        Ok(store.into_iter().chain(early).min())
    }
}

/// A dispatcher running on its own task ([`Dispatcher::spawn`]).
pub struct Running {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Stops the dispatcher and waits, at most `within`, for the letter being sent; past it the
    /// task is abandoned (the lease brings back what it held).
    pub async fn stop(mut self, within: std::time::Duration) {
        self.stop.cancel();
        match tokio::time::timeout(within, &mut self.task).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "the dispatcher's task ended abnormally"),
            Err(_) => {
                tracing::warn!(
                    "the dispatcher did not stop in time; its lease brings back what it held"
                );
                self.task.abort();
            }
        }
    }
}
