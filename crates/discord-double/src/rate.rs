//! Discord's global rate limit, counted: "all bots can make up to 50 requests per second to
//! our API", whatever the route, all shards and processes of one bot together. Interaction
//! endpoints (the callback and the webhook follow-ups of an interaction token) are not bound
//! to it, as Discord documents.
//!
//! The double records the instant every request of the bot arrives (whichever process made
//! it: they share one token and one double) and counts them in one-second windows:
//! [`crate::Double::busiest_second`] is the most arrivals inside any half-open window
//! `[t, t + 1 s)` — a rolling window, the strictest count, the one the bot's pace promises
//! for the instants it starts its requests at. [`crate::Double::busiest_window`] counts in a
//! window of another width, for a test that allows for the time a request takes to arrive.
//!
//! Which message each delivery became, as Discord shows it: [`crate::Double::messages_by_nonce`]
//! groups every message created (in any channel) by its nonce.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::types::path_matches;

/// Discord's global limit: requests per second per bot.
pub const GLOBAL_LIMIT: usize = 50;

/// A request that counts against the global limit, as it arrived.
#[derive(Clone, Debug)]
pub struct Arrival {
    /// When the double received it (its body read).
    pub at: Instant,
    /// The port the request came from (`127.0.0.1:port`): one connection of one process,
    /// which a test can match to the process that holds it.
    pub peer_port: u16,
    /// HTTP method.
    pub method: String,
    /// The path after `/api/v10`.
    pub path: String,
    /// The nonce of the body, if any (integers in decimal).
    pub nonce: Option<String>,
}

/// The arrivals of the requests that count against the global limit.
#[derive(Default)]
pub(crate) struct RateState {
    /// In the order the requests were recorded (about ascending: two requests handled at
    /// once may be recorded in either order).
    arrivals: Vec<Arrival>,
}

impl RateState {
    /// Records a request, if it counts against the global limit.
    pub(crate) fn record(&mut self, a: Arrival) {
        if counts_globally(&a.path) {
            self.arrivals.push(a);
        }
    }
}

/// Whether a request counts against the bot's global limit: every route but those of an
/// interaction's token (`POST /interactions/{id}/{token}/callback`, `/webhooks/{app}/{token}`
/// and below).
pub(crate) fn counts_globally(path: &str) -> bool {
    !(path_matches("/interactions/*/*/callback", path) || path_matches("/webhooks/*/*/**", path))
}

/// The most of `at` inside any half-open window `[t, t + width)`.
pub fn busiest(at: &[Instant], width: Duration) -> usize {
    let mut at = at.to_vec();
    at.sort_unstable();
    let mut most = 0;
    let mut first = 0;
    for (i, t) in at.iter().enumerate() {
        while at[first] + width <= *t {
            first += 1;
        }
        most = most.max(i + 1 - first);
    }
    most
}

/// The shortest time in which `n` of `at` arrived (the span from the first to the last of
/// them), or `None` when there are fewer than `n`. `n = 51`: how close Discord's global limit
/// came to being broken — under a second means 51 requests in some one-second window.
pub fn shortest_span(at: &[Instant], n: usize) -> Option<Duration> {
    let mut at = at.to_vec();
    at.sort_unstable();
    let n = n.max(1);
    (n - 1..at.len()).map(|i| at[i] - at[i + 1 - n]).min()
}

impl crate::Double {
    /// Every request that counts against the global limit, in the order recorded.
    pub fn global_arrivals(&self) -> Vec<Arrival> {
        self.inner.lock().rate.arrivals.clone()
    }

    fn arrival_instants(&self) -> Vec<Instant> {
        let st = self.inner.lock();
        st.rate.arrivals.iter().map(|a| a.at).collect()
    }

    /// The most requests counting against the global limit that arrived inside any one
    /// second (`[t, t + 1 s)`, for every `t`): Discord's limit is [`GLOBAL_LIMIT`].
    pub fn busiest_second(&self) -> usize {
        self.busiest_window(Duration::from_secs(1))
    }

    /// The most requests counting against the global limit that arrived inside any window
    /// `[t, t + width)`.
    pub fn busiest_window(&self, width: Duration) -> usize {
        busiest(&self.arrival_instants(), width)
    }

    /// The shortest time in which `n` requests counting against the global limit arrived
    /// ([`shortest_span`]); `None` when fewer arrived.
    pub fn shortest_span(&self, n: usize) -> Option<Duration> {
        shortest_span(&self.arrival_instants(), n)
    }

    /// Requests counting against the global limit in each second since the first of them
    /// (`[first + k s, first + (k + 1) s)`), for a report.
    pub fn requests_per_second(&self) -> Vec<usize> {
        let mut at = self.arrival_instants();
        at.sort_unstable();
        let Some(&first) = at.first() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for t in at {
            let k = (t - first).as_secs() as usize;
            if out.len() <= k {
                out.resize(k + 1, 0);
            }
            out[k] += 1;
        }
        out
    }

    /// Every message created so far, in any channel, grouped by its nonce (integers in
    /// decimal): the ids of the messages that carry it, in order. A resend answered by
    /// de-duplication is no new message; messages without a nonce are left out.
    pub fn messages_by_nonce(&self) -> BTreeMap<String, Vec<u64>> {
        let st = self.inner.lock();
        let mut out: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for e in &st.feed {
            if e.channel.is_none() || !crate::outbox::is_creation(&e.msg) {
                continue;
            }
            if let Some(n) = crate::outbox::nonce_key(&e.msg.raw) {
                out.entry(n).or_default().push(e.msg.id);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(base: Instant, ms: &[u64]) -> Vec<Instant> {
        ms.iter()
            .map(|m| base + Duration::from_millis(*m))
            .collect()
    }

    #[test]
    fn the_busiest_second_is_a_rolling_half_open_window() {
        let t = Instant::now();
        // 50 at 0 ms, 50 at 1000 ms: never more than 50 in [t, t + 1 s).
        let mut ms = vec![0; 50];
        ms.extend(vec![1000; 50]);
        assert_eq!(busiest(&at(t, &ms), Duration::from_secs(1)), 50);
        // One of the second fifty 1 ms early: 51 in [0, 1000).
        ms[50] = 999;
        assert_eq!(busiest(&at(t, &ms), Duration::from_secs(1)), 51);
        // Straddling a whole second counts too: 30 at 600 ms and 30 at 1400 ms.
        let mut ms = vec![600; 30];
        ms.extend(vec![1400; 30]);
        assert_eq!(busiest(&at(t, &ms), Duration::from_secs(1)), 60);
        assert_eq!(busiest(&at(t, &ms), Duration::from_millis(800)), 30);
        // Order does not matter.
        ms.reverse();
        assert_eq!(busiest(&at(t, &ms), Duration::from_secs(1)), 60);
        assert_eq!(busiest(&[], Duration::from_secs(1)), 0);
    }

    #[test]
    fn the_shortest_span_of_n_arrivals_says_how_close_the_limit_came() {
        let t = Instant::now();
        let mut ms = vec![0; 50];
        ms.extend(vec![1000; 50]);
        let at = at(t, &ms);
        // 51 arrivals take a full second at least: the limit was kept.
        assert_eq!(shortest_span(&at, 51), Some(Duration::from_secs(1)));
        assert_eq!(shortest_span(&at, 50), Some(Duration::ZERO));
        assert_eq!(shortest_span(&at, 101), None);
        let mut late = at.clone();
        late[0] += Duration::from_millis(30);
        // One of the first fifty arrived 30 ms late: 51 within 970 ms.
        assert_eq!(shortest_span(&late, 51), Some(Duration::from_millis(970)));
        assert_eq!(busiest(&late, Duration::from_secs(1)), 51);
    }

    #[test]
    fn interaction_routes_do_not_count_against_the_global_limit() {
        assert!(counts_globally("/channels/1/messages"));
        assert!(counts_globally("/users/@me/channels"));
        assert!(counts_globally("/gateway/bot"));
        assert!(counts_globally("/applications/1/commands"));
        assert!(!counts_globally("/interactions/1/tok/callback"));
        assert!(!counts_globally("/webhooks/1/tok/messages/@original"));
        assert!(!counts_globally("/webhooks/1/tok"));
    }
}
