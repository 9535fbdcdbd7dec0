//! What the dispatcher does when a send fails: the back-off of the row, the hold of the whole
//! audience's sending while the platform fails, and the notice to the advisor.
//!
//! A transient failure (5xx, 429, time-out) says more about the platform than about the row:
//! the other due rows would fail too. So the dispatcher holds its sending for a back-off that
//! grows with the failures in a row (up to [`Tuning::max_hold`]), then sends one delivery at a
//! time until one gets through. A ten-minute outage costs a probe per hold, each on the
//! earliest due row (the one that failed waits its own back-off), instead of a try, a claim and
//! a write per row per back-off; and no row spends its tries on the outage.
//!
//! The back-off is written here rather than taken from a retry crate: a retry is not a future
//! awaited again in place but a row planned again in the database (`retry_later`), so the wait
//! survives a restart and the crates' loops have nothing to drive; its jitter is derived from
//! the delivery and the try (runs repeat, tests can say when a row comes back); and the hold of
//! the whole audience has no counterpart there. (`backoff` is unmaintained besides.)

use chrono::{DateTime, Duration, Utc};

use super::Dispatcher;
use crate::domain::prompt::Msg;
use crate::outbox::plan::notice;
use crate::outbox::{
    nonce_of, CheckInOutcome, Claimed, DeliveryKind, Letter, NewDelivery, SendError,
};
use crate::store::DeliveryStatus;

/// Sending held after transient failures.
#[derive(Debug, Default)]
pub(super) struct Hold {
    /// Nothing is claimed before this.
    until: Option<DateTime<Utc>>,
    /// Transient failures in a row, all rows together.
    streak: i64,
}

impl Dispatcher {
    /// How many deliveries a pass may claim at `now`: none while sending is held, one while
    /// probing after a hold, a batch otherwise.
    pub(super) fn claim_limit(&self, now: DateTime<Utc>) -> Option<u32> {
        let hold = self.hold.lock().unwrap_or_else(|p| p.into_inner());
        if hold.until.is_some_and(|u| u > now) {
            None
        } else if hold.streak > 0 {
            Some(1)
        } else {
            Some(self.tuning.batch)
        }
    }

    /// Whether sending is held at `now`.
    pub(super) fn held(&self, now: DateTime<Utc>) -> bool {
        let hold = self.hold.lock().unwrap_or_else(|p| p.into_inner());
        hold.until.is_some_and(|u| u > now)
    }

    /// When the hold ends, if there is one.
    pub(super) fn held_until(&self) -> Option<DateTime<Utc>> {
        self.hold.lock().unwrap_or_else(|p| p.into_inner()).until
    }

    /// A send got through: the platform answers.
    pub(super) fn recovered(&self) {
        let mut hold = self.hold.lock().unwrap_or_else(|p| p.into_inner());
        if hold.streak > 0 {
            tracing::info!(
                failures = hold.streak,
                "sending works again after transient failures"
            );
        }
        *hold = Hold::default();
    }

    /// A transient failure of `c` at `now` (`asked`: what the platform asked to wait): holds
    /// sending, and returns how long `c` waits (its own back-off, and at least the hold).
    pub(super) fn hold_after_failure(
        &self,
        c: &Claimed,
        asked: Duration,
        now: DateTime<Utc>,
    ) -> Duration {
        let mut hold = self.hold.lock().unwrap_or_else(|p| p.into_inner());
        hold.streak += 1;
        let platform = self
            .backoff(c.id, hold.streak)
            .min(self.tuning.max_hold)
            .max(asked);
        hold.until = Some(now + platform);
        self.backoff(c.id, c.attempts).max(platform)
    }

    /// Exponential backoff with jitter (±25 %, derived from the delivery, so runs repeat).
    pub(super) fn backoff(&self, delivery: i64, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        let base = self
            .tuning
            .first_backoff
            .checked_mul(1 << exp)
            .unwrap_or(self.tuning.max_backoff)
            .min(self.tuning.max_backoff);
        let seed = nonce_of(&format!("{delivery}:{attempts}"));
        let r = u64::from_str_radix(&seed[..4], 16).unwrap_or(0) as i64; // 0..65535
        let ms = base.num_milliseconds();
        Duration::milliseconds(ms * 3 / 4 + ms / 2 * r / 65_535)
    }

    /// A due check-in: the service starts the conversation and plans its first question.
    pub(super) async fn start_checkin(&self, c: Claimed) {
        let now = self.clock.now();
        match self.service.begin_checkin(&c).await {
            Ok(CheckInOutcome::Started) => {
                self.record(self.store.acknowledge(&c, "started", now))
                    .await;
            }
            Ok(CheckInOutcome::Skipped(why)) => {
                self.record(
                    self.store
                        .give_up(&c, DeliveryStatus::Skipped, why, &[], now),
                )
                .await;
            }
            Err(e) => {
                tracing::warn!(delivery = c.id, error = %e, "could not start a check-in; will retry");
                let wait = self.backoff(c.id, c.attempts);
                if c.attempts < self.tuning.max_attempts {
                    self.record(self.store.retry_later(&c, now + wait, "transient"))
                        .await;
                } else {
                    self.record(
                        self.store
                            .give_up(&c, DeliveryStatus::Failed, "store", &[], now),
                    )
                    .await;
                }
            }
        }
    }

    /// The notice to the advisor of the support when a delivery to someone else failed.
    pub(super) async fn tell_advisor(
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
            .service
            .name(letter.to, crate::domain::prompt::Role::Beneficiary)
            .await
            .unwrap_or_else(|_| {
                crate::domain::names::person(None, crate::domain::prompt::Role::Beneficiary)
            });
        let id = match why {
            SendError::DmClosed => "followup-dm-closed",
            _ => "followup-undelivered",
        };
        let msg = Msg::new(id).arg("person", name);
        vec![notice(
            format!("notice:undelivered:{}:{advisor}", c.id),
            advisor,
            Some(support),
            msg,
            now,
        )]
    }
}
