//! Sending one claimed delivery: render it, wait its turn at the global pace, hand it to the
//! notifier, record what became of it, and tally how punctual it was.

use std::future::Future;

use chrono::{DateTime, Duration, Utc};

use super::Dispatcher;
use crate::outbox::{Claimed, DeliveryKind, DeliveryStatus, SendError};
use crate::store::StoreError;

/// How punctual the sent deliveries were. Lateness counts early as zero; how early is its own
/// figure (a burst of reminders starts early so that none is late).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Punctuality {
    pub sent: u64,
    /// Sent before their due instant.
    pub early: u64,
    /// The most one went early, in milliseconds.
    pub most_early_ms: i64,
    /// Sent after their due instant.
    pub late: u64,
    /// The most one was late, in milliseconds (early counts as zero).
    pub most_late_ms: i64,
    /// The lateness of all of them added up (early as zero), for the mean.
    pub total_late_ms: i64,
}

impl Punctuality {
    /// Adds a delivery sent `lateness` after its due instant (negative: early).
    pub fn add(&mut self, lateness: Duration) {
        let ms = lateness.num_milliseconds();
        self.sent += 1;
        if ms < 0 {
            self.early += 1;
            self.most_early_ms = self.most_early_ms.max(-ms);
        } else if ms > 0 {
            self.late += 1;
            self.most_late_ms = self.most_late_ms.max(ms);
            self.total_late_ms = self.total_late_ms.saturating_add(ms);
        }
    }
}

/// A report in the log once a burst is over, when something went early or over this late.
const REPORT_LATE: Duration = Duration::minutes(1);

impl Dispatcher {
    /// Renders, sends and records one claimed delivery. Never fails: what goes wrong is
    /// recorded on the delivery. Returns the delivery untried when the dispatcher was told to
    /// stop while it waited for its turn at the pace (the caller gives it back).
    pub(super) async fn dispatch(&self, c: Claimed) -> Option<Claimed> {
        if c.kind == DeliveryKind::Checkin {
            self.start_checkin(c).await;
            return None;
        }
        let letter = match self.service.letter(&c).await {
            Ok(Some(l)) => l,
            Ok(None) => {
                let now = self.clock.now();
                self.record(
                    self.store
                        .give_up(&c, DeliveryStatus::Skipped, "obsolete", &[], now),
                )
                .await;
                return None;
            }
            Err(e) => {
                tracing::error!(delivery = c.id, error = %e, "could not render a delivery");
                let now = self.clock.now();
                self.record(
                    self.store
                        .give_up(&c, DeliveryStatus::Failed, "unreadable", &[], now),
                )
                .await;
                return None;
            }
        };
        let requests = self.notifier.requests(&letter);
        let Some(turn) = self.take_turn(requests).await else {
            return Some(c);
        };
        let sent = self.notifier.send(&letter).await;
        let now = self.clock.now();
        self.tuning.pace.finished(turn, requests, now).await;
        match sent {
            Ok(route) => {
                self.recovered();
                self.punctual(&c, now);
                self.record(self.store.acknowledge(&c, route.as_str(), now))
                    .await;
            }
            Err(SendError::Transient { retry_after }) if c.attempts < self.tuning.max_attempts => {
                let asked = retry_after
                    .and_then(|d| Duration::from_std(d).ok())
                    .unwrap_or_else(Duration::zero);
                let wait = self.hold_after_failure(&c, asked, now);
                tracing::warn!(
                    delivery = c.id,
                    attempt = c.attempts,
                    wait_ms = wait.num_milliseconds(),
                    "transient failure; will retry"
                );
                self.record(self.store.retry_later(&c, now + wait, "transient"))
                    .await;
            }
            Err(e) => {
                tracing::warn!(delivery = c.id, kind = %c.kind, reason = e.reason(), "delivery failed");
                let told = self.tell_advisor(&c, &letter, e, now).await;
                self.record(
                    self.store
                        .give_up(&c, DeliveryStatus::Failed, e.reason(), &told, now),
                )
                .await;
            }
        }
        None
    }

    /// Waits until `requests` may be made at the pace, and says the instant reserved.
    /// `None`: the dispatcher was told to stop meanwhile (nothing was spent that matters: the
    /// letter is given back).
    async fn take_turn(&self, requests: u32) -> Option<DateTime<Utc>> {
        let at = self.tuning.pace.reserve(self.clock.now(), requests).await;
        if at <= self.clock.now() {
            return Some(at);
        }
        let halt = self.halt.lock().unwrap_or_else(|p| p.into_inner()).clone();
        match halt {
            Some(halt) => tokio::select! {
                () = halt.cancelled() => None,
                () = self.clock.sleep_until(at) => Some(at),
            },
            None => {
                self.clock.sleep_until(at).await;
                Some(at)
            }
        }
    }

    /// Tallies a delivery sent at `now`.
    fn punctual(&self, c: &Claimed, now: DateTime<Utc>) {
        let Ok(due) = DateTime::parse_from_rfc3339(&c.due_at) else {
            return;
        };
        let lateness = now - due.with_timezone(&Utc);
        let mut p = self.punctuality.lock().unwrap_or_else(|p| p.into_inner());
        p.0.add(lateness);
        p.1.add(lateness);
    }

    /// What was sent since the start: how many early (and how early), late (and how late).
    pub fn punctuality(&self) -> Punctuality {
        self.punctuality.lock().unwrap_or_else(|p| p.into_inner()).0
    }

    /// Once a burst is over (nothing more to send now): one line in the log when something
    /// went early or over a minute late since the last one.
    pub(super) fn report_punctuality(&self) {
        let p = {
            let mut p = self.punctuality.lock().unwrap_or_else(|p| p.into_inner());
            if p.1.sent == 0 {
                return;
            }
            std::mem::take(&mut p.1)
        };
        if p.early > 0 || p.most_late_ms > REPORT_LATE.num_milliseconds() {
            tracing::info!(
                sent = p.sent,
                early = p.early,
                most_early_ms = p.most_early_ms,
                late = p.late,
                most_late_ms = p.most_late_ms,
                mean_late_ms = p.total_late_ms / i64::try_from(p.sent).unwrap_or(i64::MAX),
                "a burst was sent (lateness counts early as zero)"
            );
        }
    }

    /// Awaits a store write recording an outcome; a failure is logged (the lease brings the
    /// row back), a claim that was no longer ours too.
    pub(super) async fn record<T: Recorded>(
        &self,
        done: impl Future<Output = Result<T, StoreError>>,
    ) {
        match done.await {
            Ok(r) if !r.recorded() => tracing::warn!(
                "a delivery's outcome came after its lease ran out and another claim took it; not recorded"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(
                error = %e,
                "could not record a delivery's outcome; its lease will bring it back"
            ),
        }
    }
}

/// What a store write recording an outcome says: whether it was recorded.
pub(super) trait Recorded {
    fn recorded(&self) -> bool;
}

impl Recorded for bool {
    fn recorded(&self) -> bool {
        *self
    }
}

impl Recorded for () {
    fn recorded(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_counts_as_zero_lateness_and_is_reported_on_its_own() {
        let mut p = Punctuality::default();
        p.add(Duration::seconds(-90));
        p.add(Duration::seconds(-5));
        p.add(Duration::zero());
        p.add(Duration::milliseconds(250));
        assert_eq!(
            p,
            Punctuality {
                sent: 4,
                early: 2,
                most_early_ms: 90_000,
                late: 1,
                most_late_ms: 250,
                total_late_ms: 250,
            }
        );
    }
}
