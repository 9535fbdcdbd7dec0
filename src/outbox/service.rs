//! What the dispatcher asks of the conversation service, as a trait the service implements:
//! the outbox knows no `Desk`, so the service may use the planning keys and payloads without
//! an import loop, and `app.rs` hands the one to the other.
//!
//! Errors come back boxed: the dispatcher does not tell them apart, it logs them (never a
//! text) and records a classification on the delivery.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::{Audience, Bell, Claimed, Letter};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::prompt::{Arg, Role};
use crate::store::Store;

/// A failure of the service, as the dispatcher logs it.
pub type ServiceError = Box<dyn std::error::Error + Send + Sync>;

/// A boxed answer of the service.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, ServiceError>> + Send + 'a>>;

/// What became of a due check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInOutcome {
    /// Started now or before (a crash after starting): its questions are in the outbox.
    Started,
    /// Not started (the support is not active, has no task…): the classification recorded.
    Skipped(&'static str),
}

/// The conversation service, as the dispatcher sees it.
pub trait Service: Send + Sync {
    fn store(&self) -> &Store;
    fn config(&self) -> &Config;
    /// The clock, shared: the dispatcher sleeps on it.
    fn clock(&self) -> Arc<dyn Clock>;
    /// Rung by the service after every commit that planned a delivery.
    fn bell(&self) -> Arc<Bell>;
    /// Renders a claimed delivery for its reader; `None`: no longer worth sending.
    fn letter<'a>(&'a self, delivery: &'a Claimed) -> Answer<'a, Option<Letter>>;
    /// Starts the check-in a due delivery stands for.
    fn begin_checkin<'a>(&'a self, delivery: &'a Claimed) -> Answer<'a, CheckInOutcome>;
    /// How `user` is named to others, on `role`'s side.
    fn name<'a>(&'a self, user: u64, role: Role) -> Answer<'a, Arg>;
    /// Plans the advisor digests that are due; returns how many.
    fn plan_digests(&self, audience: Audience) -> Answer<'_, usize>;
    /// Runs the retention purge if it is due.
    fn run_retention(&self) -> Answer<'_, ()>;
}
