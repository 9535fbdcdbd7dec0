//! Moving an installation from SQLite to PostgreSQL (`suivi migrate --to postgres://…`), and
//! the PostgreSQL schema kept in step with the SQLite one.
//!
//! `migrations-postgres/` holds one file for each file of `migrations/`, with the same version
//! and name (the store's `PG_MIGRATOR`); [`describe`] reads either backend's schema into one
//! shape and [`differences`] says how two differ (the schema test and the copy both use it).
//! [`copy_to_postgres`] copies a SQLite file, stopped or live, into an empty PostgreSQL
//! database from one read snapshot, in one PostgreSQL transaction, and verifies the row count
//! and a SHA-256 checksum of every table on both sides before it commits. It works on its own connections, not on
//! the `Store`. Nothing here prints a password or a value of a row.

mod checks;
mod describe;
mod diff;
mod report;
mod rows;
mod run;
mod transfer;

pub use checks::Check;
pub use describe::{
    describe_postgres, describe_sqlite, Column, ForeignKey, Index, Kind, Schema, Table,
};
pub use diff::differences;
pub use report::{CopyError, CopyReport, TableReport};
pub use run::copy_to_postgres;
