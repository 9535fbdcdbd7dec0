//! Integration tests: one binary, one file per feature. Real SQLite files in temporary
//! folders, real migrations, a clock the tests move.

mod closing;
mod closing_ux;
mod common;
mod console;
mod discord;
mod discord_ux;
mod followup;
mod followup_changes;
mod locales;
mod process;
mod schedule;
mod store;
