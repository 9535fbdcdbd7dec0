//! Bursts on time: when more reminders fall due than the pace can send by their due instants,
//! the dispatcher starts early, just enough, never more than `reminders.max_early`.
//!
//! Everything still to send up to `now + max_early` is taken in due order (whatever its kind:
//! a digest due at 09:00 takes its share of the pace before the reminders due after it), each
//! letter counted as [`super::Tuning::letter_requests`] requests (reserved together: the pace
//! lets a letter's requests start at one instant). Sent back to back from an instant `S` at a
//! pace that lets `rate` requests start at once and `rate` more each second after, reminder `i`
//! goes at `S + ⌊(W_i - 1) / rate⌋` seconds, `W_i` the requests up to and including its own;
//! so it is on time if `S` is no later than `due_i` minus that, its latest start, less one
//! second of margin once it is not in the first second's share (what else the pace carries:
//! prompts sent meanwhile, another process's share). A handful of reminders at one instant
//! goes at its time. A reminder may go once the latest start of every reminder after it has come (they
//! wait behind it) and never before `due - max_early`. Both bounds only grow along the due
//! order, so the reminders that may go now are the first ones: the claim takes them up to one
//! due instant ([`crate::store::Store::claim_early`]), and the dispatcher wakes when the next
//! one may go instead of at its due instant. Only reminders: prompts, check-ins, digests and
//! notices are never sent before they are due.
//!
//! A pass reads one count first (what is still to send within two windows, and the first
//! reminder among it): when even all of it would go out before that reminder's time, nothing is
//! read row by row and the dispatcher looks again when one might have to start, at the latest
//! one window later; with no reminder in two windows, when the next one enters the window.
//!
//! Once a burst has started it goes on at the pace until what could go early has gone: it only
//! looks "ahead of time" again because a letter cost fewer requests than counted.
//!
//! Counting each letter as two requests (a message, and the DM channel the first letter to a
//! person opens) starts a burst earlier than needed once channels are open: early rather than
//! late. Reminders due past `now + max_early` are not counted (they cannot go yet); a burst
//! larger than `max_early` at the pace can send arrives partly late, and the log says how late.

use chrono::{DateTime, Duration, Utc};

use super::Dispatcher;
use crate::outbox::{Claimed, DeliveryKind};
use crate::store::StoreError;

/// What may go early at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Early {
    /// Reminders due up to this instant may be claimed now.
    pub until: Option<DateTime<Utc>>,
    /// When the next one may (the dispatcher wakes then).
    pub next: Option<DateTime<Utc>>,
}

/// What may go early at `now`, from everything still to send up to `now + max_early`
/// (`pending`, in due order), each letter `cost` requests at `rate` requests per second.
pub(crate) fn plan(
    now: DateTime<Utc>,
    pending: &[(DateTime<Utc>, DeliveryKind)],
    max_early: Duration,
    rate: u32,
    cost: u32,
) -> Early {
    let rate = i64::from(rate.max(1));
    let cost = i64::from(cost.max(1));
    // Each reminder not yet due: its due instant and its latest start.
    let mut reminders: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    let mut requests = 0i64;
    for &(due, kind) in pending {
        requests += cost;
        if kind == DeliveryKind::Reminder && due > now {
            reminders.push((due, due - ahead(requests, rate)));
        }
    }
    let mut may_go = vec![now; reminders.len()];
    let mut after = DateTime::<Utc>::MAX_UTC;
    for (i, &(due, latest)) in reminders.iter().enumerate().rev() {
        after = after.min(latest);
        may_go[i] = after.max(due - max_early);
    }
    let ready = may_go.iter().take_while(|at| **at <= now).count();
    Early {
        until: ready.checked_sub(1).map(|i| reminders[i].0),
        next: may_go.get(ready).copied(),
    }
}

/// How long before the first of `requests` requests the last may start, at a pace of `rate`
/// at once and `rate` a second, with a second of margin past the first second's share.
fn ahead(requests: i64, rate: i64) -> Duration {
    if requests <= rate {
        Duration::zero()
    } else {
        Duration::seconds((requests - 1) / rate + 1)
    }
}

impl Dispatcher {
    /// Claims up to `room` reminders whose turn has come before their due time, and
    /// remembers when the next one's will.
    pub(super) async fn claim_early(
        &self,
        now: DateTime<Utc>,
        room: u32,
    ) -> Result<Vec<Claimed>, StoreError> {
        let minutes = self.service.config().reminder_max_early_minutes;
        if minutes == 0 {
            *self.early_next.lock().unwrap_or_else(|p| p.into_inner()) = None;
            *self.early_until.lock().unwrap_or_else(|p| p.into_inner()) = None;
            return Ok(Vec::new());
        }
        let max_early = Duration::minutes(i64::from(minutes));
        let audience = self.tuning.audience;
        let horizon = now + max_early;
        let rate = self.tuning.pace.rate();
        let cost = self.tuning.letter_requests;
        // Most of the time there is so little to send that no reminder due within two windows
        // needs to start early: nothing is read row by row, and the dispatcher looks again
        // when one might (a bound below the start of every one of them), at the latest one
        // window from now.
        let (count, first) = self
            .store
            .pending_summary(now, horizon + max_early, audience)
            .await?;
        let all = ahead(
            count.saturating_mul(i64::from(cost.max(1))),
            i64::from(rate.max(1)),
        );
        let next = match first {
            // None in two windows: the next one may go no sooner than `max_early` before it.
            None => Some(
                self.store
                    .next_reminder_after(horizon + max_early, audience)
                    .await?
                    .map(|due| due - max_early),
            ),
            Some(first) if first - all > now => {
                Some(Some((first - all).max(first - max_early).min(horizon)))
            }
            Some(_) => None,
        };
        let (early, next) = match next {
            Some(next) => (Early::default(), next),
            None => {
                let pending = self.store.pending_until(horizon, audience).await?;
                let early = plan(now, &pending, max_early, rate, cost);
                // The first reminder past the window enters it at its due time minus
                // `max_early`.
                let entering = self
                    .store
                    .next_reminder_after(horizon, audience)
                    .await?
                    .map(|due| due - max_early);
                (early, early.next.into_iter().chain(entering).min())
            }
        };
        *self.early_next.lock().unwrap_or_else(|p| p.into_inner()) = next;
        // A burst once started goes on at the pace: what could go early stays so (it only
        // looks "ahead of time" again because it went faster than planned), and finishing
        // early leaves the pace free for what falls due next.
        let until = {
            let mut started = self.early_until.lock().unwrap_or_else(|p| p.into_inner());
            let until = early
                .until
                .into_iter()
                .chain(started.filter(|u| *u > now))
                .max();
            *started = until;
            until
        };
        match until {
            Some(until) => {
                self.store
                    .claim_early(now, until, self.tuning.lease, room, audience)
                    .await
            }
            None => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: DeliveryKind = DeliveryKind::Reminder;

    fn t(s: &str) -> DateTime<Utc> {
        format!("2027-01-04T{s}Z").parse().unwrap()
    }

    #[test]
    fn a_burst_the_pace_can_send_in_time_waits_for_its_latest_start() {
        // 100 reminders at 09:00:00, two requests each at 50/s: the last letter 3 s after the
        // first, and a second of margin; one alone goes at its time.
        let pending = vec![(t("09:00:00"), R); 100];
        let ten = Duration::minutes(10);
        let at = |now| plan(now, &pending, ten, 50, 2);
        let start = t("09:00:00") - Duration::seconds(4);
        assert_eq!(
            at(t("08:55:00")),
            Early {
                until: None,
                next: Some(start)
            }
        );
        assert_eq!(at(start).until, Some(t("09:00:00")));
        let one = [(t("09:00:00"), R)];
        assert_eq!(
            plan(t("08:59:59"), &one, ten, 50, 2).next,
            Some(t("09:00:00"))
        );
    }

    #[test]
    fn never_earlier_than_max_early_and_nothing_without_reminders() {
        // 100,000 letters at 09:00 would need 66 minutes: they may start at 08:50, no sooner.
        let pending = vec![(t("09:00:00"), R); 100_000];
        let ten = Duration::minutes(10);
        assert_eq!(plan(t("08:49:59"), &pending, ten, 50, 2).until, None);
        assert_eq!(
            plan(t("08:49:59"), &pending, ten, 50, 2).next,
            Some(t("08:50:00"))
        );
        assert_eq!(
            plan(t("08:50:00"), &pending, ten, 50, 2).until,
            Some(t("09:00:00"))
        );
        let digests = vec![(t("09:00:00"), DeliveryKind::Digest); 100_000];
        assert_eq!(plan(t("08:55:00"), &digests, ten, 50, 2), Early::default());
    }

    #[test]
    fn what_is_due_before_a_reminder_takes_its_share_and_later_ones_pull_earlier_ones() {
        let ten = Duration::minutes(10);
        // 09:00:10 one reminder alone: it may go at its time. With 500 prompts due before
        // it (overdue now), it needs 20 s of pace before it.
        let alone = vec![(t("09:00:10"), R)];
        assert_eq!(plan(t("09:00:00"), &alone, ten, 50, 2).until, None);
        let mut behind = vec![(t("08:59:00"), DeliveryKind::Prompt); 500];
        behind.push((t("09:00:10"), R));
        assert_eq!(
            plan(t("09:00:00"), &behind, ten, 50, 2).until,
            Some(t("09:00:10"))
        );
        // One reminder at 09:00 and 1,000 at 09:00:30: all need 40 s and the margin, so from
        // 08:59:49 the one at 09:00 goes too (it is in their way), and the 1,000 follow.
        let mut pair = vec![(t("09:00:00"), R)];
        pair.extend(vec![(t("09:00:30"), R); 1000]);
        let p = plan(t("08:59:51"), &pair, ten, 50, 2);
        assert_eq!(p.until, Some(t("09:00:30")));
        let p = plan(t("08:59:40"), &pair, ten, 50, 2);
        assert_eq!(p.until, None);
        assert_eq!(p.next, Some(t("08:59:49")));
    }
}
