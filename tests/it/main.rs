//! Integration tests: one binary, one file per feature. Real SQLite files in temporary
//! folders, real migrations, a clock the tests move.

mod after_exchange;
mod checkin;
mod closing;
mod closing_ux;
mod common;
mod console;
mod console_choices;
mod discord;
mod discord_checkin;
mod discord_followup;
mod discord_locale;
mod discord_rights;
mod discord_ux;
mod edges;
mod faults;
mod faults_start;
mod faults_talk;
mod followup;
mod followup_changes;
mod hostile;
mod layout;
mod leaks;
mod locales;
mod operations;
mod operator;
mod own_words;
mod process;
mod readback;
mod readme;
mod recap;
mod resched;
mod rights;
mod schedule;
mod store;
mod typography;
