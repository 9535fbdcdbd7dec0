//! Time as an argument: everything that needs "now" asks a [`Clock`], so tests move time
//! instead of sleeping. Loops sleep through [`Clock::sleep_until`], which a moved clock wakes.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;

/// A boxed future, as the clock's sleep returns.
pub type Sleep<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    /// Resolves once `now() >= at`.
    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_>;

    /// Moves the clock forward; `false` for a clock that cannot be moved (the system's).
    /// The console's `/wait` and tests use it.
    fn advance(&self, by: Duration) -> bool {
        let _ = by;
        false
    }
}

/// How long a real sleep lasts at most before the clock is read again: a wall clock set by
/// NTP or a suspended machine is caught up with within this time.
const LONGEST_NAP: std::time::Duration = std::time::Duration::from_secs(15 * 60);

fn real_sleep(remaining: Duration) -> tokio::time::Sleep {
    let d = remaining
        .to_std()
        .unwrap_or(std::time::Duration::ZERO)
        .min(LONGEST_NAP);
    tokio::time::sleep(d)
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_> {
        Box::pin(async move {
            loop {
                let remaining = at - Utc::now();
                if remaining <= Duration::zero() {
                    return;
                }
                real_sleep(remaining).await;
            }
        })
    }
}

/// A clock that moves only when told (tests, benchmarks). It knows who sleeps on it and until
/// when ([`ManualClock::sleepers`]), so a test can move it to the next instant a loop waits for
/// (a paced burst waits between letters) without guessing.
#[derive(Debug)]
pub struct ManualClock {
    at: Mutex<DateTime<Utc>>,
    moved: watch::Sender<DateTime<Utc>>,
    /// The instants sleepers wait for, by sleeper; and the earliest of them, to wait on.
    sleeping: Mutex<(u64, std::collections::BTreeMap<u64, DateTime<Utc>>)>,
    earliest: watch::Sender<Option<DateTime<Utc>>>,
    /// How many sleep, as it changes: with several loops on one clock, a test moves it only
    /// once every one of them waits (a loop at work is no sleeper).
    count: watch::Sender<usize>,
}

/// Removes a sleeper from its clock when its sleep ends or is dropped.
struct Sleeper<'a> {
    clock: &'a ManualClock,
    id: u64,
}

impl Drop for Sleeper<'_> {
    fn drop(&mut self) {
        let mut s = self
            .clock
            .sleeping
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        s.1.remove(&self.id);
        let min = s.1.values().min().copied();
        self.clock.earliest.send_replace(min);
        self.clock.count.send_replace(s.1.len());
    }
}

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock {
            at: Mutex::new(at),
            moved: watch::channel(at).0,
            sleeping: Mutex::new((0, std::collections::BTreeMap::new())),
            earliest: watch::channel(None).0,
            count: watch::channel(0).0,
        }
    }

    /// The earliest instant someone sleeps until, as it changes (`None`: nobody sleeps).
    pub fn sleepers(&self) -> watch::Receiver<Option<DateTime<Utc>>> {
        self.earliest.subscribe()
    }

    /// How many sleep on this clock, as it changes.
    pub fn sleeping(&self) -> watch::Receiver<usize> {
        self.count.subscribe()
    }

    fn sleeper(&self, at: DateTime<Utc>) -> Sleeper<'_> {
        let mut s = self.sleeping.lock().unwrap_or_else(|p| p.into_inner());
        s.0 += 1;
        let id = s.0;
        s.1.insert(id, at);
        let min = s.1.values().min().copied();
        self.earliest.send_replace(min);
        self.count.send_replace(s.1.len());
        Sleeper { clock: self, id }
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.at.lock().unwrap_or_else(|p| p.into_inner()) = at;
        self.moved.send_replace(at);
    }

    pub fn advance(&self, by: Duration) {
        let now = {
            let mut t = self.at.lock().unwrap_or_else(|p| p.into_inner());
            *t += by;
            *t
        };
        self.moved.send_replace(now);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.at.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_> {
        let mut rx = self.moved.subscribe();
        Box::pin(async move {
            if *rx.borrow() >= at {
                return;
            }
            let _sleeping = self.sleeper(at);
            // Only fails if the clock is dropped, which outlives its sleepers.
            let _ = rx.wait_for(|now| *now >= at).await;
        })
    }

    fn advance(&self, by: Duration) -> bool {
        ManualClock::advance(self, by);
        true
    }
}

/// The real time, shifted by what `/wait` added: the console lets a person watch weeks of
/// follow-up in a minute.
#[derive(Debug)]
pub struct ShiftedClock {
    shift: Mutex<Duration>,
    moved: watch::Sender<Duration>,
}

impl Default for ShiftedClock {
    fn default() -> Self {
        ShiftedClock {
            shift: Mutex::new(Duration::zero()),
            moved: watch::channel(Duration::zero()).0,
        }
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + *self.shift.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sleep_until(&self, at: DateTime<Utc>) -> Sleep<'_> {
        let mut rx = self.moved.subscribe();
        Box::pin(async move {
            loop {
                let remaining = at - self.now();
                if remaining <= Duration::zero() {
                    return;
                }
                tokio::select! {
                    () = real_sleep(remaining) => {}
                    changed = rx.changed() => if changed.is_err() { real_sleep(remaining).await },
                }
            }
        })
    }

    fn advance(&self, by: Duration) -> bool {
        let shift = {
            let mut s = self.shift.lock().unwrap_or_else(|p| p.into_inner());
            *s += by;
            *s
        };
        self.moved.send_replace(shift);
        true
    }
}
