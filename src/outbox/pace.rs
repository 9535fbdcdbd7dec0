//! The global send pace: Discord lets a bot make at most 50 requests per second, all routes
//! together, and answers 429 past it. serenity's rate limiter (on in production) only reacts
//! to a 429 it has been sent; the pace keeps the dispatcher from causing one.
//!
//! A [`Pace`] hands out instants: "these `n` requests may start at `t`". The dispatcher asks
//! it before every letter, for as many requests as the notifier says the letter costs
//! ([`crate::outbox::Notifier::requests`]), and sleeps until `t` through the [`Clock`]
//! (tests move that clock; nothing here reads the wall clock).
//!
//! [`Window`] is the in-process pace: at most `rate` requests start in any one-second window
//! (half-open, `[t, t + 1 s)`), because the instant of each of the last `rate` requests is
//! kept and the next may start only one second after the oldest of them. It is a token bucket
//! of `rate` tokens where each token comes back one second after it was spent: a quiet bot
//! sends a few letters at once, a burst goes out at exactly `rate` per second.
//!
//! Several processes sharing one bot token share one budget: a pace that reserves its
//! instants in the database implements the same trait, and the dispatcher does not change
//! ([`crate::outbox::shared_pace`], on PostgreSQL).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Discord's global limit: requests per second per bot.
pub const DISCORD_RATE: u32 = 50;

/// A reservation in progress: resolves to the instant the requests may start.
pub type Reserving<'a> = Pin<Box<dyn Future<Output = DateTime<Utc>> + Send + 'a>>;

/// The budget of requests a bot may make.
pub trait Pace: Send + Sync + std::fmt::Debug {
    /// Reserves `n` requests starting no earlier than `now`; resolves to the instant the
    /// first of them may start (the last may start then too: the budget is spent at once).
    fn reserve(&self, now: DateTime<Utc>, n: u32) -> Reserving<'_>;

    /// Requests per second at most, for planning how long a burst takes.
    fn rate(&self) -> u32;
}

/// The in-process pace: at most `rate` requests in any one-second window.
#[derive(Debug)]
pub struct Window {
    rate: u32,
    /// The instants of the latest requests, oldest first, at most `rate` of them.
    spent: Mutex<VecDeque<DateTime<Utc>>>,
}

impl Window {
    /// A pace of `rate` requests per second (at least 1).
    pub fn new(rate: u32) -> Window {
        let rate = rate.max(1);
        Window {
            rate,
            spent: Mutex::new(VecDeque::with_capacity(rate as usize)),
        }
    }

    /// The instant `n` requests may start at or after `now`, recorded as spent then.
    pub fn take(&self, now: DateTime<Utc>, n: u32) -> DateTime<Utc> {
        let cap = self.rate as usize;
        let mut spent = self.spent.lock().unwrap_or_else(|p| p.into_inner());
        let at = slot(spent.make_contiguous(), now, n, self.rate);
        for _ in 0..n.clamp(1, self.rate) {
            if spent.len() == cap {
                spent.pop_front();
            }
            spent.push_back(at);
        }
        at
    }
}

/// The instant at which `n` more requests may go out, given the instants already taken
/// (ascending): no earlier than `now` nor than the latest taken (instants stay in order), and
/// late enough that no one-second window holds more than `rate` — one second after the
/// request `rate - n` places back, if there is one. The in-memory [`Window`] and the pace
/// shared through the database ([`super::shared_pace`]) both take their instants by it.
pub fn slot(spent: &[DateTime<Utc>], now: DateTime<Utc>, n: u32, rate: u32) -> DateTime<Utc> {
    let cap = rate.max(1) as usize;
    let n = (n.max(1) as usize).min(cap);
    let spent = &spent[spent.len().saturating_sub(cap)..];
    let mut at = now;
    if let Some(&last) = spent.last() {
        at = at.max(last);
    }
    if spent.len() + n > cap {
        at = at.max(spent[spent.len() + n - cap - 1] + Duration::seconds(1));
    }
    at
}

impl Pace for Window {
    fn reserve(&self, now: DateTime<Utc>, n: u32) -> Reserving<'_> {
        let at = self.take(now, n);
        Box::pin(std::future::ready(at))
    }

    fn rate(&self) -> u32 {
        self.rate
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The instant the pace tests start from.
    pub(in crate::outbox) fn t0() -> DateTime<Utc> {
        "2027-01-04T09:00:00Z".parse().unwrap()
    }

    /// The most instants of `at` inside any half-open one-second window.
    fn busiest(at: &[DateTime<Utc>]) -> usize {
        at.iter()
            .map(|s| {
                at.iter()
                    .filter(|t| *t >= s && **t < *s + Duration::seconds(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn a_burst_goes_out_at_the_rate_and_never_more_in_any_second() {
        let w = Window::new(50);
        let now = t0();
        let at: Vec<_> = (0..500).map(|_| w.take(now, 1)).collect();
        assert_eq!(busiest(&at), 50);
        // 50 at once, then 50 one second later, and so on: 500 take 9 s to start.
        assert_eq!(at[0], now);
        assert_eq!(at[49], now);
        assert_eq!(at[50], now + Duration::seconds(1));
        assert_eq!(at[499], now + Duration::seconds(9));
    }

    #[test]
    fn letters_of_two_requests_spend_two_tokens() {
        let w = Window::new(50);
        let now = t0();
        let mut at = Vec::new();
        for _ in 0..100 {
            let t = w.take(now, 2);
            at.extend([t, t]);
        }
        assert_eq!(busiest(&at), 50, "requests are counted, not letters");
        assert_eq!(at[199], now + Duration::seconds(3));
    }

    #[test]
    fn a_quiet_bot_is_not_held_and_time_moving_frees_the_budget() {
        let w = Window::new(2);
        let now = t0();
        assert_eq!(w.take(now, 1), now);
        assert_eq!(w.take(now, 1), now);
        assert_eq!(w.take(now, 1), now + Duration::seconds(1));
        let later = now + Duration::seconds(5);
        assert_eq!(w.take(later, 1), later);
        // Asking for more than the rate at once is asking for the rate.
        assert_eq!(w.take(later, 9), later + Duration::seconds(1));
    }
}
