//! The global send pace: Discord lets a bot make at most 50 requests per second, all routes
//! together, and answers 429 past it. serenity's rate limiter (on in production) only reacts
//! to a 429 it has been sent; the pace keeps the dispatcher from causing one.
//!
//! A [`Pace`] hands out instants: "these `n` requests may start at `t`". The dispatcher asks
//! it before every letter, for as many requests as the notifier says the letter costs
//! ([`crate::outbox::Notifier::requests`]), and sleeps until `t` through the [`Clock`]
//! (tests move that clock; nothing here reads the wall clock).
//!
//! [`Window`] is the in-process pace: at most `rate` requests start in any window of
//! [`WINDOW_MS`] (half-open, `[t, t + 1.25 s)`), because the instant of each of the last
//! `rate` requests is kept and the next may start only one window after the oldest of them. It
//! is a token bucket of `rate` tokens where each token comes back one window after it was
//! spent: a quiet bot sends a few letters at once, a burst goes out at `rate` per window (40 a
//! second for Discord's 50).
//!
//! **Why a window longer than a second.** Discord counts requests when they arrive, and a
//! request arrives after the instant the pace gave it: by the time the process takes to wake
//! and send (a busy machine, another process holding the shared pace's lock) and, for the
//! second request of a letter, the answer to the first (the DM channel opened). Those delays
//! vary from request to request; when an early request is late by more than a later one, the
//! two come closer than their instants. With windows of exactly a second the Discord double
//! counted 54 to 56 requests within one second from two and three processes at fifty a second
//! (the shortest span of 51 requests: 872 ms). The quarter-second guard absorbs a spread of
//! delays up to 250 ms at the price of a fifth of the rate: a burst of 10,000 letters still
//! starts early enough within `reminders.max_early`'s 10 minutes.
//!
//! Several processes sharing one bot token share one budget: a pace that reserves its
//! instants in the database implements the same trait, and the dispatcher does not change
//! ([`crate::outbox::shared_pace`], on PostgreSQL).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// Discord's global limit: requests per second per bot; the pace allows this many per
/// [`WINDOW_MS`].
pub const DISCORD_RATE: u32 = 50;

/// The window, in milliseconds, over which a pace counts its `rate` requests: a second and a
/// guard of a quarter second for the delays between an instant and the request's arrival (see
/// the module's doc).
pub const WINDOW_MS: i64 = 1250;

/// The window as a duration.
pub fn window() -> Duration {
    Duration::milliseconds(WINDOW_MS)
}

/// Requests per second a pace of `rate` requests per window sustains, rounded down (at least
/// one): what planning a burst counts on.
pub fn sustained(rate: u32) -> u32 {
    u32::try_from(i64::from(rate.max(1)) * 1000 / WINDOW_MS)
        .unwrap_or(1)
        .max(1)
}

/// A reservation in progress: resolves to the instant the requests may start.
pub type Reserving<'a> = Pin<Box<dyn Future<Output = DateTime<Utc>> + Send + 'a>>;

/// Recording when requests were over.
pub type Finishing<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// The budget of requests a bot may make.
pub trait Pace: Send + Sync + std::fmt::Debug {
    /// Reserves `n` requests starting no earlier than `now`; resolves to the instant the
    /// first of them may start (the last may start then too: the budget is spent at once).
    fn reserve(&self, now: DateTime<Utc>, n: u32) -> Reserving<'_>;

    /// Requests per second it sustains, for planning how long a burst takes.
    fn rate(&self) -> u32;

    /// The `n` requests reserved at `at` were over (their answers in) by `over`: from now on
    /// they count from then, since Discord cannot have seen them later. The dispatcher sends
    /// one letter after another, so its next reservations are measured from when its last
    /// requests really arrived, whatever the delays: only the requests another process still
    /// has in flight count from their reserved instants, and the guard of [`WINDOW_MS`] is for
    /// them.
    fn finished(&self, at: DateTime<Utc>, n: u32, over: DateTime<Utc>) -> Finishing<'_>;
}

/// The in-process pace: at most `rate` requests in any window of [`WINDOW_MS`].
#[derive(Debug)]
pub struct Window {
    rate: u32,
    /// The instants of the latest requests, oldest first, at most `rate` of them.
    spent: Mutex<VecDeque<DateTime<Utc>>>,
}

impl Window {
    /// A pace of `rate` requests per window (at least 1).
    pub fn new(rate: u32) -> Window {
        let rate = rate.max(1);
        Window {
            rate,
            spent: Mutex::new(VecDeque::with_capacity(rate as usize)),
        }
    }

    /// Requests allowed in any window (what it was made with).
    pub fn per_window(&self) -> u32 {
        self.rate
    }

    /// Moves the latest `n` requests reserved at `at` to `over`, if later (see
    /// [`Pace::finished`]).
    pub fn finish(&self, at: DateTime<Utc>, n: u32, over: DateTime<Utc>) {
        if over <= at {
            return;
        }
        let mut spent = self.spent.lock().unwrap_or_else(|p| p.into_inner());
        let mut left = n.max(1);
        for t in spent.iter_mut().rev() {
            if left == 0 {
                break;
            }
            if *t == at {
                *t = over;
                left -= 1;
            }
        }
        spent.make_contiguous().sort_unstable();
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
/// late enough that no window of [`WINDOW_MS`] holds more than `rate` — one window after the
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
        at = at.max(spent[spent.len() + n - cap - 1] + window());
    }
    at
}

impl Pace for Window {
    fn reserve(&self, now: DateTime<Utc>, n: u32) -> Reserving<'_> {
        let at = self.take(now, n);
        Box::pin(std::future::ready(at))
    }

    fn rate(&self) -> u32 {
        sustained(self.rate)
    }

    fn finished(&self, at: DateTime<Utc>, n: u32, over: DateTime<Utc>) -> Finishing<'_> {
        self.finish(at, n, over);
        Box::pin(std::future::ready(()))
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
        // 50 at once, then 50 one window (1.25 s) later, and so on: 500 take 11.25 s to start.
        assert_eq!(at[0], now);
        assert_eq!(at[49], now);
        assert_eq!(at[50], now + Duration::milliseconds(1250));
        assert_eq!(at[499], now + Duration::milliseconds(11_250));
        assert_eq!(w.rate(), 40, "what a burst's planning counts on");
    }

    /// Requests arrive after their instants by delays that vary (waking, sending, the answer
    /// to a letter's first request): spread by up to the guard, they still never put more
    /// than 50 in any second where Discord counts them.
    #[test]
    fn arrivals_late_by_up_to_the_guard_stay_within_fifty_a_second() {
        let w = Window::new(50);
        let now = t0();
        let mut arrivals = Vec::new();
        for i in 0..1000i64 {
            let n = if i % 3 == 0 { 2 } else { 1 };
            let at = w.take(now, n);
            for k in 0..i64::from(n) {
                // A deterministic spread over [0, 250 ms): the worst case puts the longest
                // delays on the oldest requests of a window.
                let late = (i * 7919 + k * 104_729) % 250;
                arrivals.push(at + Duration::milliseconds(late));
            }
        }
        arrivals.sort();
        assert_eq!(busiest(&arrivals), 50);
        // The worst spread: every request of one window as late as the guard allows, every
        // request of the next on time.
        let w = Window::new(50);
        let mut worst = Vec::new();
        for i in 0..200 {
            let at = w.take(now, 1);
            let late = if (i / 50) % 2 == 0 { 249 } else { 0 };
            worst.push(at + Duration::milliseconds(late));
        }
        worst.sort();
        assert_eq!(busiest(&worst), 50);
    }

    /// Requests counted from when they were over: one sending after another, however late
    /// each arrives after its instant, no later request comes within a second of it.
    #[test]
    fn requests_count_from_when_they_were_over() {
        let w = Window::new(50);
        let now = t0();
        let mut arrivals = Vec::new();
        let mut clock = now;
        // A window's worth of requests late by 600 ms, the next on time, and so on: the worst
        // for a pace that counts from the reserved instants.
        let late = |i: i64| Duration::milliseconds(if (i / 50) % 2 == 0 { 600 } else { 0 });
        for i in 0..300i64 {
            let at = w.take(clock, 1);
            // Each request arrives late, its answer a little after.
            let arrived = at + late(i);
            let over = arrived + Duration::milliseconds(3);
            w.finish(at, 1, over);
            arrivals.push(arrived);
            clock = over;
        }
        assert!(busiest(&arrivals) <= 50, "{}", busiest(&arrivals));
        // Without it, the same delays put more in one second.
        let w = Window::new(50);
        let mut arrivals = Vec::new();
        for i in 0..300i64 {
            let at = w.take(now, 1);
            arrivals.push(at + late(i));
        }
        assert!(busiest(&arrivals) > 50, "{}", busiest(&arrivals));
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
        assert_eq!(at[199], now + Duration::milliseconds(3750));
    }

    #[test]
    fn a_quiet_bot_is_not_held_and_time_moving_frees_the_budget() {
        let w = Window::new(2);
        let now = t0();
        assert_eq!(w.take(now, 1), now);
        assert_eq!(w.take(now, 1), now);
        assert_eq!(w.take(now, 1), now + window());
        let later = now + Duration::seconds(5);
        assert_eq!(w.take(later, 1), later);
        // Asking for more than the rate at once is asking for the rate.
        assert_eq!(w.take(later, 9), later + window());
    }
}
