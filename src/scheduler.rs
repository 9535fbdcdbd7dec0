//! The dispatcher's former path, kept while code written against it moves to [`crate::outbox`]
//! (the one home of the outbox). Add nothing here.

pub use crate::outbox::dispatcher::Dispatcher as Scheduler;
pub use crate::outbox::{Audience, Letter, Notifier, Payload, Route, Sending, Tuning};

/// See [`crate::outbox::payload`].
pub mod payload {
    pub use crate::outbox::payload::nonce_of;
}

/// See [`crate::outbox::plan`].
pub mod plan {
    pub use crate::outbox::plan::{next_reminders, Sides};
}
