//! Hostile input gets a clear refusal: durations and dates out of range, lines that are not
//! text or far too long, configuration past its limits, negative rhythms, answers that show
//! nothing or reorder themselves, markdown in answers shown on Discord, and the documented
//! defaults that must be the code's.

mod answers;
mod console;
mod defaults;
mod discord;
mod fuzz;
mod preview;
