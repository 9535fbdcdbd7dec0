//! The planning keys: what is planned, for whom, when, under which idempotency key. A step of
//! a conversation plans its prompts (one delivery per reader) and the nudges of its questions;
//! an agreement plans the reminders of its next exchange for both sides at each configured lead
//! time, the question to the advisor after it and the check-in half-way; anything can plan a
//! notice. When an exchange has passed, the dispatcher plans the one after
//! (`agreements.next_plan_at`), so an agreement costs a handful of rows, not a year.
//!
//! Pure: the schedule, the leads and "now" come in; deliveries to plan come out. A key names
//! what, which occurrence and who, so planning the same thing twice plans nothing more.

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use super::payload::{Calendar, Payload};
use super::{DeliveryKind, NewDelivery};
use crate::domain::cadence::Schedule;
use crate::domain::prompt::{Expect, Msg, Prompt};
use crate::i18n::Lang;

/// One step of a conversation, as its deliveries are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub conversation: i64,
    pub support: i64,
    /// The conversation's version after the step: each step's prompts get their own key.
    pub version: i64,
}

/// What one reader is sent by a step, in order.
#[derive(Debug, Clone)]
pub struct Reading {
    pub to: u64,
    pub lang: Lang,
    pub prompts: Vec<Prompt>,
    pub calendar: Option<Calendar>,
}

/// How an unanswered question is asked again: how many times, how many hours apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nudges {
    pub delay_hours: u32,
    pub max: u32,
}

/// The deliveries of one step: each reader's prompts as one delivery, and the nudges of the
/// questions among them.
pub fn step(
    step: Step,
    readers: Vec<Reading>,
    nudges: Nudges,
    now: DateTime<Utc>,
) -> Vec<NewDelivery> {
    let Step {
        conversation,
        support,
        version,
    } = step;
    let mut deliveries = Vec::new();
    for Reading {
        to,
        lang,
        prompts,
        calendar,
    } in readers
    {
        let questions: Vec<Prompt> = prompts
            .iter()
            .filter(|p| p.expect != Expect::Nothing)
            .cloned()
            .collect();
        deliveries.push(NewDelivery {
            key: format!("prompt:{conversation}:{version}:{to}"),
            kind: DeliveryKind::Prompt,
            recipient: to,
            support: Some(support),
            conversation: Some(conversation),
            series: None,
            due: now,
            expires: None,
            payload: Payload::Prompts {
                lang,
                prompts,
                calendar,
            }
            .to_json(),
        });
        if questions.is_empty() {
            continue;
        }
        let payload = Payload::Nudge {
            lang,
            prompts: questions,
        }
        .to_json();
        for k in 1..=nudges.max {
            deliveries.push(NewDelivery {
                key: format!("nudge:{conversation}:{version}:{to}:{k}"),
                kind: DeliveryKind::Nudge,
                recipient: to,
                support: Some(support),
                conversation: Some(conversation),
                series: Some(format!("nudge:{conversation}:{to}")),
                due: now + Duration::hours(i64::from(nudges.delay_hours) * i64::from(k)),
                expires: None,
                payload: payload.clone(),
            });
        }
    }
    deliveries
}

/// A notice to one person, rendered when sent.
pub fn notice(
    key: String,
    to: u64,
    support: Option<i64>,
    msg: Msg,
    now: DateTime<Utc>,
) -> NewDelivery {
    let payload = Payload::Notice { msg };
    single(key, DeliveryKind::Notice, to, support, now, None, &payload)
}

/// A delivery of its own: of no conversation, no series.
pub fn single(
    key: String,
    kind: DeliveryKind,
    to: u64,
    support: Option<i64>,
    due: DateTime<Utc>,
    expires: Option<DateTime<Utc>>,
    payload: &Payload,
) -> NewDelivery {
    NewDelivery {
        key,
        kind,
        recipient: to,
        support,
        conversation: None,
        series: None,
        due,
        expires,
        payload: payload.to_json(),
    }
}

/// Who an agreement's reminders go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sides {
    pub support: i64,
    pub advisor: u64,
    pub beneficiary: u64,
}

/// The reminders of the next exchange strictly after `now`, and when to plan again (that
/// exchange's instant); `None` when the series has ended.
///
/// A lead whose time has already passed is not planned (an agreement made two hours before
/// its first exchange gets the one-hour reminder, not a late "tomorrow" one).
pub fn next_reminders(
    sides: Sides,
    schedule: &Schedule,
    leads_minutes: &[u32],
    now: DateTime<Utc>,
) -> (Vec<NewDelivery>, Option<DateTime<Utc>>) {
    let Some(exchange) = schedule.upcoming(now, 1).into_iter().next() else {
        return (Vec::new(), None);
    };
    let mut out = reminders_of(sides, exchange, leads_minutes, now);
    out.push(after_exchange(sides, exchange));
    // The check-in of the interval now running: half-way to the next exchange (none before
    // the first exchange; the next one is planned when this exchange has passed).
    if let Some(at) = schedule
        .next_check_in_after(now)
        .filter(|at| *at < exchange)
    {
        out.push(check_in(sides, at, exchange));
    }
    (out, Some(exchange))
}

/// The check-in half-way between two exchanges: a conversation the dispatcher starts with
/// the beneficiary; not worth starting once the next exchange has begun.
pub fn check_in(sides: Sides, at: DateTime<Utc>, next_exchange: DateTime<Utc>) -> NewDelivery {
    let stamp = at.to_rfc3339_opts(SecondsFormat::Secs, true);
    single(
        format!("checkin:{}:{stamp}:{}", sides.support, sides.beneficiary),
        DeliveryKind::Checkin,
        sides.beneficiary,
        Some(sides.support),
        at,
        Some(next_exchange),
        &Payload::CheckIn,
    )
}

/// How long after an exchange's agreed time its advisor is asked whether it took place.
pub const AFTER_GRACE: Duration = Duration::hours(1);

/// The question to the advisor, once, after an exchange: did it take place? Its key names the
/// exchange, so planning it again (a restart, a new agreement with the same date) plans nothing
/// more.
pub fn after_exchange(sides: Sides, exchange: DateTime<Utc>) -> NewDelivery {
    let stamp = exchange.to_rfc3339_opts(SecondsFormat::Secs, true);
    single(
        format!("after:{}:{stamp}:{}", sides.support, sides.advisor),
        DeliveryKind::Notice,
        sides.advisor,
        Some(sides.support),
        exchange + AFTER_GRACE,
        None,
        &Payload::After { exchange },
    )
}

/// The reminders of one exchange.
pub fn reminders_of(
    sides: Sides,
    exchange: DateTime<Utc>,
    leads_minutes: &[u32],
    now: DateTime<Utc>,
) -> Vec<NewDelivery> {
    let stamp = exchange.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut out = Vec::new();
    for &lead in leads_minutes {
        let due = exchange - Duration::minutes(i64::from(lead));
        if due < now {
            continue;
        }
        let payload = Payload::Reminder {
            exchange,
            lead_minutes: lead,
        }
        .to_json();
        for to in [sides.beneficiary, sides.advisor] {
            out.push(NewDelivery {
                key: format!("reminder:{}:{stamp}:{lead}:{to}", sides.support),
                kind: DeliveryKind::Reminder,
                recipient: to,
                support: Some(sides.support),
                conversation: None,
                series: Some(format!("reminder:{}:{stamp}:{to}", sides.support)),
                due,
                expires: Some(exchange),
                payload: payload.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cadence::Cadence;

    fn sides() -> Sides {
        Sides {
            support: 7,
            advisor: 1,
            beneficiary: 2,
        }
    }

    #[test]
    fn the_next_exchange_gets_both_leads_for_both_sides() {
        let anchor = "2027-03-23T10:00:00".parse().unwrap();
        let s = Schedule::new(anchor, chrono_tz::Europe::Paris, Cadence::WEEKLY);
        let now = "2027-03-20T12:00:00Z".parse().unwrap();
        let (ds, next) = next_reminders(sides(), &s, &[1440, 60], now);
        let exchange: DateTime<Utc> = "2027-03-23T09:00:00Z".parse().unwrap();
        assert_eq!(next, Some(exchange));
        assert_eq!(
            ds.iter()
                .filter(|d| d.kind == DeliveryKind::Reminder)
                .count(),
            4
        );
        assert!(
            ds.iter().all(|d| d.kind != DeliveryKind::Checkin),
            "no check-in before the first exchange"
        );
        let after: Vec<_> = ds.iter().filter(|d| d.key.starts_with("after:")).collect();
        assert_eq!(after.len(), 1, "the advisor is asked once after it");
        assert_eq!(
            (after[0].recipient, after[0].due),
            (1, exchange + AFTER_GRACE)
        );
        assert_eq!(ds[0].due, exchange - Duration::hours(24));
        assert_eq!(ds[2].due, exchange - Duration::hours(1));
        assert!(ds
            .iter()
            .filter(|d| d.kind == DeliveryKind::Reminder)
            .all(|d| d.expires == Some(exchange)));
        // After the DST change, 10:00 Paris is 08:00 UTC; the check-in is half-way, at the
        // agreed hour: Friday 10:00 Paris.
        let (ds, next) = next_reminders(sides(), &s, &[60], exchange);
        assert_eq!(next, Some("2027-03-30T08:00:00Z".parse().unwrap()));
        let checkin: Vec<_> = ds
            .iter()
            .filter(|d| d.kind == DeliveryKind::Checkin)
            .collect();
        assert_eq!(checkin.len(), 1);
        assert_eq!(checkin[0].recipient, 2);
        assert_eq!(
            checkin[0].due,
            "2027-03-26T09:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }

    #[test]
    fn a_lead_already_past_is_not_planned() {
        let exchange: DateTime<Utc> = "2027-03-23T09:00:00Z".parse().unwrap();
        let now = exchange - Duration::hours(2);
        let ds = reminders_of(sides(), exchange, &[1440, 60], now);
        assert_eq!(ds.len(), 2);
        assert!(ds.iter().all(|d| d.key.contains(":60:")));
    }
}
