//! SQLite through sqlx: opening the file safely, migrations, and one file per aggregate.
//!
//! The file is created with mode 0600 before SQLite touches it; WAL, foreign keys and a busy
//! timeout are set on every connection. Before a migration changes an existing file, a copy is
//! written beside it with `VACUUM INTO`. The schema lives in `migrations/` only. Nothing here
//! logs answer texts.

mod after;
mod backend;
mod console;
mod conversations;
pub mod copy;
mod digest;
mod digest_missed;
mod export_sql;
mod follow;
mod lock;
mod open;
mod ops;
mod outbox;
mod pace;
mod people;
mod reask;
mod reschedules;
mod rights;
mod runtime;
mod saved;
mod schema;
mod sqlite;
#[cfg(test)]
mod status_names;
mod unfinished;
mod words;

pub use after::{AfterNote, Outcome, OutcomeRow};
pub use conversations::{ConversationRow, ConversationStatus, Start, StepSave};
pub use digest::{DigestDue, StandingRow};
pub use digest_missed::MissedRow;
pub use follow::{
    AgreementRow, AgreementStatus, PlanRow, SupportChange, SupportRow, SupportStatus, TaskRow,
    TaskState,
};
pub use lock::{LockError, WriterLock};
pub use ops::{partial_path, Health};
pub use outbox::{
    AgreementPlan, Audience, Claimed, DeliveryKind, DeliveryRow, DeliveryStatus, NewDelivery,
    PlanBatch, Plans, Presence, Unplannable,
};
pub use people::{GuildRow, PersonRow};
pub use reask::AskAgain;
pub use reschedules::{Accepted, NewReschedule, RescheduleRow, RescheduleStatus};
pub use rights::{AuditLine, Erased};
pub use runtime::{current_layout, GatewayProcess, GatewayState, ProcessId, ShardSpan};
pub use saved::{schedule_from, split_version, with_version};
pub use schema::{latest as latest_schema, Schema};
pub use unfinished::UnfinishedRow;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sqlx::AnyPool;

pub use backend::{database_of, redact, server_of, Backend, Target, PG_MIGRATOR};

/// The migrations, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A store failure. Shown to people as a generic "try again" message; details go to the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder the file would go in does not exist: suivi does not create folders, a
    /// mistyped path must not become a new database somewhere unexpected.
    #[error("the folder {} of the database file {} does not exist; create it first", .dir.display(), .path.display())]
    NoDirectory { path: PathBuf, dir: PathBuf },
    #[error("cannot prepare the database file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `database = ""`: there is no file to open.
    #[error("no database file is named: set database in bot.toml (or SUIVI_DATABASE)")]
    NoPath,
    /// The file does not exist (commands that only use an existing one).
    #[error("the database {path} does not exist yet; `suivi migrate` or the first `suivi run` creates it")]
    Missing { path: PathBuf },
    /// The file cannot be opened for writing (its mode, its owner, a read-only mount).
    #[error("the database file {path} cannot be written ({source}); give it to the bot's user (chown) with mode 0600")]
    NotWritable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// SQLite cannot create its journal files (`-wal`, `-shm`) in the folder.
    #[error("files cannot be created in the folder {dir} ({source}); the bot's user must be able to write there")]
    FolderNotWritable {
        dir: PathBuf,
        source: std::io::Error,
    },
    /// `PRAGMA quick_check` found damaged pages.
    #[error("the database {path} is damaged ({detail}); restore the latest backup")]
    Damaged { path: PathBuf, detail: String },
    /// A newer suivi migrated this file: this binary does not know its schema.
    #[error("the database {path} was written by a newer suivi (schema {theirs}; this suivi knows up to {ours}); run the newer suivi, or restore a backup taken before the upgrade")]
    Newer {
        path: PathBuf,
        theirs: i64,
        ours: i64,
    },
    /// A migration failed (now, or in an earlier attempt that left it marked failed).
    #[error("migrating the database {path} failed at migration {version} ({detail}); the file is unchanged: keep the backup copy beside it, report this error, and restore that copy or fix the cause before starting again")]
    MigrationFailed {
        path: PathBuf,
        version: i64,
        detail: String,
    },
    /// The file needs migrating and this command does not migrate.
    #[error("the database {path} has {count} migration(s) to apply; run `suivi migrate` first")]
    NeedsMigration { path: PathBuf, count: usize },
    /// No space left for a write: the file that could not grow, by name.
    #[error("{}", match .file {
        FullFile::Database => format!("the database {} is full (no space left on its disk, or its size limit reached); free space: writes resume by themselves", .path.display()),
        FullFile::Journal => format!("the disk holding the write-ahead log {} is full; free space: writes resume by themselves", .path.display()),
        FullFile::Backup => format!("the backup destination {} is full; choose a folder with more space", .path.display()),
    })]
    DiskFull { path: PathBuf, file: FullFile },
    /// The PostgreSQL server cannot be reached (not running, a wrong host or port, a firewall).
    #[error("cannot reach the PostgreSQL server at {server} ({detail}); is it running? check the host and port of database in bot.toml (or SUIVI_DATABASE)")]
    Unreachable { server: String, detail: String },
    /// The server answered but refused (a wrong user or password, a missing database).
    #[error("the PostgreSQL server refused {url}: {detail}; check the user, the password and the database name")]
    ServerRefused { url: String, detail: String },
    /// `suivi backup` of a database on a server: PostgreSQL's own tool does it.
    #[error("the database is on a PostgreSQL server: back it up with pg_dump, e.g. {command}")]
    BackupOnServer { command: String },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("not found")]
    NotFound,
    /// Another process saved this conversation since it was read.
    #[error("the conversation changed meanwhile")]
    Conflict,
    /// What was deleted is deleted, but another connection kept reading an older snapshot
    /// (usually a `suivi backup` in progress), so the write-ahead log could not be emptied:
    /// the erased text may still be in the files until it is. Running the erasure again
    /// once that reader has finished empties it.
    #[error("deleted, but the write-ahead log could not be emptied: another connection (a backup in progress?) kept reading an older snapshot; run it again once that has finished")]
    LogInUse,
}

/// Which file had no space left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullFile {
    Database,
    /// The write-ahead log beside it (`-wal`).
    Journal,
    /// A backup copy being written.
    Backup,
}

impl StoreError {
    /// SQLite's "database or disk is full" (`SQLITE_FULL`), wherever it was met.
    pub fn is_disk_full(&self) -> bool {
        fn full(e: &sqlx::Error) -> bool {
            // SQLITE_FULL, or PostgreSQL's disk_full (SQLSTATE 53100).
            matches!(e, sqlx::Error::Database(d) if matches!(d.code().as_deref(), Some("13" | "53100")))
        }
        use sqlx::migrate::MigrateError as M;
        match self {
            StoreError::DiskFull { .. } => true,
            StoreError::Sql(e) => full(e),
            StoreError::Migrate(M::Execute(e) | M::ExecuteMigration(e, _)) => full(e),
            StoreError::MigrationFailed { detail, .. } => {
                detail.contains("database or disk is full")
            }
            _ => false,
        }
    }
}

/// The database, as one audience uses it.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    /// SQLite or PostgreSQL: the few statements that differ are chosen by it, here only.
    backend: Backend,
    /// The file, to name it when it is full (for a server: its URL without the password).
    path: Arc<Path>,
    /// Whose rows this handle writes (the audience column of what it plans): the bot's by
    /// default, the console's through [`Store::for_audience`].
    audience: Audience,
    /// Write statements the dispatcher made (claims, outcomes, heartbeats), shared by every
    /// handle of one opening: what a test or a benchmark bounds during an outage.
    writes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// What opening did, for the operator.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OpenReport {
    pub applied: usize,
    pub backup: Option<PathBuf>,
}

/// What `suivi check` found, without changing anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inspection {
    /// No file yet: the first `suivi migrate` or `suivi run` creates it.
    Missing,
    /// The file exists and opens; `pending` migrations are still to apply.
    Present { pending: usize },
}

impl Store {
    /// Copies the write-ahead log back into the database without blocking writers
    /// (`PRAGMA wal_checkpoint(PASSIVE)`). Run in the background, not on a person's step.
    /// PostgreSQL has no such log: nothing to do there.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            return Ok(());
        }
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which kind of database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The same database, writing rows for `audience` (the console opens the bot's file as
    /// its own audience). [`Audience::All`] writes as the bot does.
    pub fn for_audience(&self, audience: Audience) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            path: self.path.clone(),
            audience,
            writes: self.writes.clone(),
        }
    }

    /// How many write statements the dispatcher made through this opening of the file.
    pub fn outbox_writes(&self) -> u64 {
        self.writes.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Counts one dispatcher write.
    pub(crate) fn wrote(&self) {
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whose rows this handle writes.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// A transaction that writes. `BEGIN IMMEDIATE` takes the write lock at once (waiting
    /// for it up to the busy timeout): a deferred `BEGIN` that reads first fails at its first
    /// write with "database is locked", without waiting, when another connection wrote in
    /// between (a WAL snapshot cannot be upgraded), e.g. a check-in starting while a message
    /// is being recorded as sent.
    ///
    /// PostgreSQL gets the same single-writer semantics from one transaction-scoped advisory
    /// lock ([`WRITER_KEY`]) taken at the start of every write transaction, across processes:
    /// what a transaction read before writing is still true when it writes.
    pub(crate) async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        match self.backend {
            Backend::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITER_KEY)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// Closes the pool, finishing what is in flight.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

pub(crate) fn set_private(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(
            |source| StoreError::File {
                path: path.to_owned(),
                source,
            },
        )?;
    }
    Ok(())
}

/// The advisory lock every PostgreSQL write transaction holds (any fixed number: suivi's
/// database is its own).
const WRITER_KEY: i64 = 0x5375_6976_6921;

/// Stored instants are RFC 3339 text.
pub(crate) fn ts(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Discord ids are u64; SQLite integers are i64 (snowflakes stay below 2^63).
pub(crate) fn id(v: u64) -> i64 {
    v as i64
}

#[cfg(test)]
mod tests;
