//! What a copy reports, and why one did not happen.

use std::path::PathBuf;

/// One table, as read on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableReport {
    pub name: String,
    pub source_rows: i64,
    pub target_rows: i64,
    /// SHA-256 of the rows in primary-key order, hexadecimal.
    pub source_checksum: String,
    pub target_checksum: String,
}

impl TableReport {
    /// The same rows on both sides.
    pub fn ok(&self) -> bool {
        self.source_rows == self.target_rows && self.source_checksum == self.target_checksum
    }
}

/// What a copy did, table by table, in the order they were copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// The target's URL, without its password.
    pub target: String,
    pub tables: Vec<TableReport>,
}

impl CopyReport {
    /// Every table verified.
    pub fn ok(&self) -> bool {
        self.tables.iter().all(TableReport::ok)
    }

    /// Rows copied, all tables together.
    pub fn rows(&self) -> i64 {
        self.tables.iter().map(|t| t.source_rows).sum()
    }
}

/// Why a copy did not happen. Every message names what to do; none holds a password or a
/// value of a row.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{url} is not a PostgreSQL URL; write postgres://user@host/database")]
    NotPostgres { url: String },
    #[error("the database {} does not exist", .path.display())]
    SourceMissing { path: PathBuf },
    #[error("cannot read the database {}: {source}", .path.display())]
    Source { path: PathBuf, source: sqlx::Error },
    #[error("the database {} has {pending} migration(s) to apply; run `suivi migrate` first", .path.display())]
    SourcePending { path: PathBuf, pending: usize },
    #[error("the database {} was written by a newer suivi (migration {version}); use that version", .path.display())]
    SourceNewer { path: PathBuf, version: i64 },
    #[error("cannot connect to {target}: {source}")]
    Connect { target: String, source: sqlx::Error },
    #[error("{target} already holds rows: {}; copy into an empty database", list(.tables))]
    NotEmpty {
        target: String,
        tables: Vec<(String, i64)>,
    },
    #[error("cannot apply the PostgreSQL migrations to {target}: {source}")]
    Migrate {
        target: String,
        source: sqlx::migrate::MigrateError,
    },
    #[error("the PostgreSQL schema differs from the SQLite one: {}", .lines.join("; "))]
    SchemaDiffers { lines: Vec<String> },
    #[error("table {table}, column {column}: a value of an unexpected type ({detail})")]
    BadValue {
        table: String,
        column: String,
        detail: String,
    },
    #[error("the tables {} refer to each other in a cycle", .tables.join(", "))]
    Cycle { tables: Vec<String> },
    #[error("copying the table {table} failed: {source}")]
    Copy { table: String, source: sqlx::Error },
    #[error("the copy differs from the source; nothing was kept")]
    Mismatch(CopyReport),
}

fn list(tables: &[(String, i64)]) -> String {
    let named: Vec<String> = tables.iter().map(|(t, n)| format!("{t} ({n})")).collect();
    named.join(", ")
}
