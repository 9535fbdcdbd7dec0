//! The outbox, in one place: every message suivi sends is planned as a row of `deliveries` in
//! the same transaction as the change that caused it, then claimed, sent and acknowledged by
//! one dispatcher. Here, side by side:
//!
//! - [`plan`]: the planning keys — what is planned for a step, an agreement's next exchange, a
//!   check-in, a notice — pure functions of their inputs;
//! - [`payload`]: what a delivery carries and the [`Letter`] it becomes when it is sent;
//! - the sending trait ([`Notifier`], with [`Route`] and [`SendError`]): implemented by the
//!   Discord adapter, the console and tests, and nothing more is asked of them;
//! - [`dispatcher`]: the loop that claims what is due, has it rendered, sends it, records what
//!   became of it, and runs the housekeeping;
//! - [`pace`]: the global send pace (Discord's 50 requests per second per bot), which the
//!   dispatcher asks before every letter, and by which it plans a burst of reminders early.
//!
//! The SQL of claims and acknowledgements stays in `store::outbox` (re-exported here): the
//! store owns every query, so a second database (PostgreSQL, `FOR UPDATE SKIP LOCKED`) is one
//! layer to write, and the outbox never holds a connection of its own.
//!
//! Must not: import the conversation service. The service plans deliveries with [`plan`] and
//! renders letters; the dispatcher reaches it only through the service trait that `app.rs`
//! hands it, so dependencies run one way: service → outbox → store.

mod bell;
pub mod dispatcher;
pub mod pace;
pub mod payload;
pub mod plan;
pub mod service;
pub mod shared_pace;

use std::future::Future;
use std::pin::Pin;

pub use crate::store::{Audience, Claimed, DeliveryKind, DeliveryRow, DeliveryStatus, NewDelivery};
pub use bell::Bell;
pub use dispatcher::{Dispatcher, Punctuality, Running, Tuning};
pub use pace::{Pace, Window};
pub use payload::{nonce_of, Calendar, DigestScope, Letter, Payload};
pub use service::{CheckInOutcome, Service};

/// Where a letter went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Dm,
    /// A private thread in the guild's fallback channel (the person's DMs are closed).
    Thread(u64),
    Console,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Dm => "dm",
            Route::Thread(_) => "thread",
            Route::Console => "console",
        }
    }
}

/// Why a letter was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Retrying may help: a server error, a rate limit, a time-out.
    #[error("transient failure")]
    Transient {
        /// What the platform asked to wait, if it said.
        retry_after: Option<std::time::Duration>,
    },
    /// The person's direct messages are closed and there is no fallback.
    #[error("direct messages closed")]
    DmClosed,
    /// The person or the channel no longer exists, or the bot may not write there.
    #[error("recipient gone")]
    Gone,
}

impl SendError {
    fn reason(self) -> &'static str {
        match self {
            SendError::Transient { .. } => "transient",
            SendError::DmClosed => "dm_closed",
            SendError::Gone => "gone",
        }
    }
}

/// Where a conversation's latest question to a person stands, as an adapter tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptFate {
    /// Not sent yet, or sent to their direct messages (or the console).
    Waiting,
    Sent,
    /// Sent to a private thread of the guild's fallback channel (their DMs are closed).
    InThread,
    /// Could not reach them.
    Failed,
}

impl PromptFate {
    /// From a delivery's status and route as saved ([`Route::as_str`]).
    pub fn of(status: DeliveryStatus, route: Option<&str>) -> PromptFate {
        match status {
            DeliveryStatus::Sent if route == Some(Route::Thread(0).as_str()) => {
                PromptFate::InThread
            }
            DeliveryStatus::Sent => PromptFate::Sent,
            DeliveryStatus::Failed => PromptFate::Failed,
            _ => PromptFate::Waiting,
        }
    }
}

/// A boxed send.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<Route, SendError>> + Send + 'a>>;

/// What reaches people: the Discord adapter, the console and tests implement it.
pub trait Notifier: Send + Sync {
    fn send<'a>(&'a self, letter: &'a Letter) -> Sending<'a>;

    /// How many requests to the platform sending `letter` makes, for the global pace
    /// ([`pace`]): one by default (one letter, one call). The Discord adapter counts each
    /// message of the letter and the opening of a DM channel it has not opened yet.
    fn requests(&self, letter: &Letter) -> u32 {
        let _ = letter;
        1
    }
}
