//! The method itself, as pure Rust: no serenity, no sqlx, no I/O; time is passed in.
//!
//! - [`answer`]: own-words answers and the own-words check.
//! - [`closing`]: the closing conversation as a state machine, with [`closing::recap`] its
//!   steps, questions and recap; [`opening`] the expectations asked when a work session opens.
//! - [`agreement`]: what both sides agree, and the closed sets of choices.
//! - [`cadence`]: recurrence in local wall time; [`when`]: dates and rhythms typed in French
//!   or English; [`ics`]: calendar files of the agreed exchanges.
//! - [`prompt`]: prompts as data (Fluent ids and arguments), rendered by the adapters;
//!   [`localized`]: texts people wrote in several languages, shown in the reader's.
//! - [`talk`]: the one shape of every conversation; [`checkin`] the check-in between exchanges.
//! - [`digest`]: the advisor digest; [`access`]: who may see and do what.

pub mod access;
pub mod agreement;
pub mod answer;
pub mod cadence;
pub mod checkin;
pub mod closing;
pub mod digest;
pub mod ics;
pub mod localized;
pub mod names;
pub mod opening;
pub mod prompt;
pub mod talk;
pub mod when;
