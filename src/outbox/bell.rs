//! The dispatcher's bell: the service rings it after every commit that planned a delivery, so
//! the dispatcher wakes at once instead of at its next due time; and anyone holding it may wait
//! until the dispatcher has sent what is due now ([`Bell::settle`]: the console, the Discord
//! handler that says where a first question went, tests). The service owns it and the
//! dispatcher listens to it, so neither needs the other's type.

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{watch, Notify};

/// Rung when something was planned; answers "has the dispatcher caught up?".
#[derive(Debug)]
pub struct Bell {
    notify: Notify,
    /// `settle` asks for a pass that starts after its request; `idle` says which request the
    /// last pass that found nothing to do had seen.
    requested: AtomicU64,
    idle: watch::Sender<u64>,
}

impl Default for Bell {
    fn default() -> Self {
        Bell {
            notify: Notify::new(),
            requested: AtomicU64::new(0),
            idle: watch::channel(0).0,
        }
    }
}

impl Bell {
    /// Wakes the dispatcher.
    pub fn ring(&self) {
        self.notify.notify_one();
    }

    /// Waits until the dispatcher has sent everything due now (or `within` passed).
    pub async fn settle(&self, within: std::time::Duration) -> bool {
        let r = self.requested.fetch_add(1, Ordering::SeqCst) + 1;
        self.ring();
        let mut rx = self.idle.subscribe();
        tokio::time::timeout(within, rx.wait_for(|seen| *seen >= r))
            .await
            .is_ok_and(|r| r.is_ok())
    }

    /// The latest request a pass starting now answers.
    pub(super) fn requests(&self) -> u64 {
        self.requested.load(Ordering::SeqCst)
    }

    /// A pass that started after `seen` requests found nothing more to do.
    pub(super) fn caught_up(&self, seen: u64) {
        self.idle.send_replace(seen);
    }

    /// Resolves when the bell rings.
    pub(super) async fn rung(&self) {
        self.notify.notified().await;
    }
}
