//! Integration tests: one binary, one file per feature. Real SQLite files in temporary
//! folders, real migrations, a clock the tests move.

mod checkin;
mod closing;
mod common;
mod console;
mod discord;
mod discord_checkin;
mod discord_followup;
mod followup;
mod followup_changes;
mod leaks;
mod locales;
mod process;
mod rights;
mod schedule;
mod store;
