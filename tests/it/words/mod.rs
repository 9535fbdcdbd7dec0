//! Issue 15, the words: legitimate short answers, stop means stop, consent belongs to the
//! beneficiary, names and labels, and a render of every message in both languages.

mod checkin;
mod consent;
mod console;
mod discord;
mod names;
mod render;
mod short;
mod stop;
