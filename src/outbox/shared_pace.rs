//! The global send pace shared through the database, for several processes sending for one bot
//! (PostgreSQL): each request takes its instant in the store's `send_pace` under a lock, with
//! the same rule as the in-memory [`Window`] ([`slot`]), so that together the processes never
//! put more than Discord's 50 requests in any second. One process on one SQLite file paces in
//! memory ([`Window`]): nobody else sends for it.
//!
//! Why a shared budget rather than one sending leader: every process keeps sending what it
//! planned the moment it planned it (its bell rings its own dispatcher), so a question asked on
//! shard 1 does not wait for a leader on shard 0 to hear of it, nobody idles, and a process
//! killed with SIGKILL leaves no leadership to take over — its leased deliveries come back to
//! the others when the lease ends, as on one process. The cost is one short transaction per
//! request, measured in BENCHMARKS.md.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::pace::{slot, window, Finishing, Pace, Reserving, Window};
use super::Audience;
use crate::clock::Clock;
use crate::store::Store;

/// The pace of every process sending for one bot on one database.
#[derive(Debug)]
pub struct SharedPace {
    store: Store,
    audience: Audience,
    /// Used when the database cannot be reached: the letter would not be recorded either, but
    /// the pace must not stop the loop. Its rate is this pace's.
    fallback: Window,
    /// Read again once the pace's lock is held (see [`SharedPace::with_clock`]).
    clock: Option<Arc<dyn Clock>>,
}

impl SharedPace {
    pub fn new(store: Store, audience: Audience, rate: u32) -> SharedPace {
        SharedPace {
            store,
            audience,
            fallback: Window::new(rate),
            clock: None,
        }
    }

    /// Takes each instant from `clock` read once the pace's lock is held, not only from the
    /// `now` the dispatcher read before asking: while other processes hold the lock that `now`
    /// grows old, and an instant recorded in the past lets the next requests start less than a
    /// second after this one really went (the Discord double counted 51 requests within 750 ms
    /// from two processes). Never earlier than that `now`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> SharedPace {
        self.clock = Some(clock);
        self
    }
}

impl Pace for SharedPace {
    fn reserve(&self, now: DateTime<Utc>, n: u32) -> Reserving<'_> {
        Box::pin(async move {
            let rate = self.fallback.per_window();
            match self
                .store
                .take_pace(self.audience, now, n, window(), |spent| {
                    let held = self.clock.as_ref().map_or(now, |c| c.now().max(now));
                    slot(spent, held, n, rate)
                })
                .await
            {
                Ok(at) => at,
                Err(e) => {
                    tracing::warn!(error = %e, "the shared send pace could not be read; pacing this process alone");
                    self.fallback.take(now, n)
                }
            }
        })
    }

    fn rate(&self) -> u32 {
        self.fallback.rate()
    }

    fn finished(&self, at: DateTime<Utc>, n: u32, over: DateTime<Utc>) -> Finishing<'_> {
        Box::pin(async move {
            if over <= at {
                return;
            }
            self.fallback.finish(at, n, over);
            if let Err(e) = self.store.finish_pace(self.audience, at, over).await {
                // The requests then count from their reserved instants: the window's guard
                // covers their delay, as it does for the other processes' requests in flight.
                tracing::warn!(error = %e, "the shared send pace could not record when requests were over");
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::pace::tests::t0;
    use super::*;

    /// The same instants as the in-memory window, request after request.
    #[test]
    fn the_shared_rule_gives_the_windows_instants() {
        let w = Window::new(50);
        let mut spent: Vec<DateTime<Utc>> = Vec::new();
        for i in 0..400u32 {
            let now = t0() + Duration::milliseconds(i64::from(i) * 7);
            let n = 1 + i % 2;
            let recent: Vec<_> = spent
                .iter()
                .copied()
                .filter(|t| *t >= now - window())
                .collect();
            let at = slot(&recent, now, n, 50);
            assert_eq!(at, w.take(now, n), "request {i}");
            spent.extend((0..n).map(|_| at));
        }
    }
}
