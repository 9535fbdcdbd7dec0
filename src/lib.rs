//! suivi: a Discord bot for support missions (*missions d'appui*). At the end of a work
//! session it has the beneficiary restate, in their own words, the next step, the tasks and
//! the means they need; it records what both sides agreed; between exchanges it reminds,
//! checks in and sends each advisor a digest. See `../shared/SPEC.md`.
//!
//! # Layout
//!
//! Dependencies point inward, towards [`domain`]:
//!
//! | module | what it is for | what it must not do |
//! |---|---|---|
//! | [`domain`] | the method: closing engine, own-words check, agreements, recurrence, date parsing | I/O, serenity, sqlx, reading the clock |
//! | [`i18n`] | Fluent bundles, language negotiation, rendering prompts | decide anything |
//! | [`store`] | SQLite: opening the file safely, migrations, one file per aggregate | hold product rules |
//! | [`conversation`] | the service: input → engine → saved state → prompts to send | know Discord or the terminal |
//! | [`outbox`] | planning keys, payloads and letters, the sending trait, the dispatcher | import the service |
//! | [`console`] | the conversation in a terminal (`suivi console`) | its own rules |
//! | [`discord`] | the ONLY place that imports serenity or poise: renders prompts, turns clicks and messages into inputs | decide anything about the method |
//! | [`app`] | wiring and graceful shutdown | — |
//! | [`config`] | `bot.toml` + environment → one validated [`config::Config`] | read globals later |
//! | [`clock`] | "now", as an argument | — |
//! | [`cli`] | the command line | hold logic |
//!
//! `main.rs` only parses the command line and hands over to [`cli::run`].

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod console;
pub mod conversation;
pub mod discord;
pub mod domain;
pub mod i18n;
pub mod outbox;
pub mod store;
