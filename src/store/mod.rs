//! SQLite through sqlx: opening the file safely, migrations, and one file per aggregate.
//!
//! The file is created with mode 0600 before SQLite touches it; WAL, foreign keys and a busy
//! timeout are set on every connection. Before a migration changes an existing file, a copy is
//! written beside it with `VACUUM INTO`. The schema lives in `migrations/` only. Nothing here
//! logs answer texts.

mod conversations;
mod digest;
mod follow;
mod ops;
mod outbox;
mod people;
mod reschedules;
mod rights;
mod unfinished;

pub use conversations::{ConversationRow, Start, StepSave};
pub use digest::{DigestDue, StandingRow};
pub use follow::{AgreementRow, PlanRow, SupportRow, SupportStatus, TaskRow};
pub use ops::Health;
pub use outbox::{Audience, Claimed, DeliveryKind, DeliveryRow, NewDelivery, Unplannable};
pub use people::{GuildRow, PersonRow};
pub use reschedules::{NewReschedule, RescheduleRow};
pub use rights::Erased;
pub use unfinished::UnfinishedRow;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

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

/// The database, as one audience uses it.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
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
    /// Looks at the database at `path` read-only: whether it exists and how many migrations
    /// it lacks. Creates nothing (no file, no folder, no journal) and migrates nothing.
    pub async fn inspect(path: &Path) -> Result<Inspection, StoreError> {
        existing_parent(path)?;
        if !path.exists() {
            return Ok(Inspection::Missing);
        }
        // A read-only connection still creates the `-wal` and `-shm` files of a database in
        // WAL mode. Without a `-wal` file (nothing running, closed cleanly) the main file
        // holds everything: read it as immutable, which touches nothing. With one (the bot is
        // running, or stopped abruptly) both journal files are already there.
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(!Path::new(&wal).exists())
            .create_if_missing(false);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        let store = Store {
            pool,
            audience: Audience::Discord,
            writes: Default::default(),
        };
        let pending = store.pending_migrations().await;
        store.close().await;
        Ok(Inspection::Present { pending: pending? })
    }

    /// Opens (creating it, mode 0600) and migrates the database at `path`. Its folder must
    /// exist.
    pub async fn open(path: &Path) -> Result<(Store, OpenReport), StoreError> {
        let existed = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        create_private(path)?;
        let options = options_for(path)?
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Checkpoints are taken off people's steps (see `checkpoint`); this is the safety
            // net if those do not run.
            .pragma("wal_autocheckpoint", "8000")
            // Deleted content is overwritten, not left in free pages (erasure, retention).
            .pragma("secure_delete", "on");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let store = Store {
            pool,
            audience: Audience::Discord,
            writes: Default::default(),
        };
        let pending = store.pending_migrations().await?;
        let mut report = OpenReport::default();
        if existed && pending > 0 {
            report.backup = Some(store.backup(path).await?);
        }
        if pending > 0 {
            migrate(&options_for(path)?).await?;
        }
        report.applied = pending;
        Ok((store, report))
    }

    /// How many embedded migrations the file has not applied yet.
    pub async fn pending_migrations(&self) -> Result<usize, StoreError> {
        let has_table: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await?;
        let applied: Vec<(i64,)> = if has_table.is_some() {
            sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = 1")
                .fetch_all(&self.pool)
                .await?
        } else {
            Vec::new()
        };
        Ok(MIGRATOR
            .iter()
            .filter(|m| !applied.iter().any(|(v,)| *v == m.version))
            .count())
    }

    /// Writes a consistent copy of the database beside it, mode 0600.
    async fn backup(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let target = path.with_extension(format!("backup-{stamp}.db"));
        sqlx::query("VACUUM INTO ?")
            .bind(target.display().to_string())
            .execute(&self.pool)
            .await?;
        set_private(&target)?;
        tracing::info!(backup = %target.display(), "database backed up before migration");
        Ok(target)
    }

    /// Copies the write-ahead log back into the database without blocking writers
    /// (`PRAGMA wal_checkpoint(PASSIVE)`). Run in the background, not on a person's step.
    pub async fn checkpoint(&self) -> Result<(), StoreError> {
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The same database, writing rows for `audience` (the console opens the bot's file as
    /// its own audience). [`Audience::All`] writes as the bot does.
    pub fn for_audience(&self, audience: Audience) -> Store {
        Store {
            pool: self.pool.clone(),
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
    pub(crate) async fn write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Closes the pool, finishing what is in flight.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The connection options every connection uses.
fn options_for(path: &Path) -> Result<SqliteConnectOptions, StoreError> {
    Ok(
        SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true),
    )
}

/// Runs the pending migrations on a connection of their own with foreign keys off, as SQLite
/// asks for a table rebuilt to change a constraint (dropping the old table must not cascade),
/// then checks that every reference still holds.
async fn migrate(options: &SqliteConnectOptions) -> Result<(), StoreError> {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect_with(
        &options
            .clone()
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(false)
            .busy_timeout(Duration::from_secs(5)),
    )
    .await?;
    MIGRATOR.run(&mut conn).await?;
    let broken: Vec<(String, i64, String, i64)> = sqlx::query_as("PRAGMA foreign_key_check")
        .fetch_all(&mut conn)
        .await?;
    conn.close().await?;
    if let Some((table, row, parent, _)) = broken.first() {
        return Err(StoreError::Corrupt(format!(
            "after migrating, row {row} of {table} refers to a missing {parent}"
        )));
    }
    Ok(())
}

/// Creates the file if missing, with mode 0600, and tightens an existing one.
fn create_private(path: &Path) -> Result<(), StoreError> {
    let err = |source| StoreError::File {
        path: path.to_owned(),
        source,
    };
    existing_parent(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(err)?;
    set_private(path)
}

/// Refuses a path whose folder does not exist.
fn existing_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(StoreError::NoDirectory {
            path: path.to_owned(),
            dir: dir.to_owned(),
        }),
        _ => Ok(()),
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

/// Stored instants are RFC 3339 text.
pub(crate) fn ts(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Discord ids are u64; SQLite integers are i64 (snowflakes stay below 2^63).
pub(crate) fn id(v: u64) -> i64 {
    v as i64
}

#[cfg(test)]
mod tests {
    use sqlx::{Connection, SqliteConnection};

    use super::*;

    /// Another connection to the same file that does not wait for locks.
    async fn impatient(path: &Path) -> SqliteConnection {
        let options = options_for(path).unwrap().busy_timeout(Duration::ZERO);
        SqliteConnection::connect_with(&options).await.unwrap()
    }

    async fn open() -> (tempfile::TempDir, PathBuf, Store) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("suivi.db");
        let (store, _) = Store::open(&path).await.unwrap();
        (dir, path, store)
    }

    const READ: &str = "SELECT COUNT(*) FROM jobs";
    const WRITE: &str = "INSERT INTO jobs (name, next_at) VALUES (?, '2026-12-01T00:00:00.000Z')";

    /// Why [`Store::write`]: a deferred transaction that read, then writes after another
    /// connection wrote, fails at once whatever the busy timeout.
    #[tokio::test]
    async fn a_deferred_transaction_that_read_cannot_write_after_another_wrote() {
        let (_dir, path, store) = open().await;
        let mut tx = store.pool.begin().await.unwrap();
        let _: (i64,) = sqlx::query_as(READ).fetch_one(&mut *tx).await.unwrap();
        let mut other = impatient(&path).await;
        sqlx::query(WRITE)
            .bind("other")
            .execute(&mut other)
            .await
            .unwrap();
        let e = sqlx::query(WRITE).bind("mine").execute(&mut *tx).await;
        assert!(
            e.as_ref().is_err_and(|e| e.to_string().contains("locked")),
            "{e:?}"
        );
    }

    /// A write transaction holds the write lock from its start: nobody writes in between, so
    /// its own write after a read cannot fail that way.
    #[tokio::test]
    async fn a_write_transaction_holds_the_write_lock_from_its_start() {
        let (_dir, path, store) = open().await;
        let mut tx = store.write().await.unwrap();
        let _: (i64,) = sqlx::query_as(READ).fetch_one(&mut *tx).await.unwrap();
        let mut other = impatient(&path).await;
        let e = sqlx::query(WRITE).bind("other").execute(&mut other).await;
        assert!(
            e.as_ref().is_err_and(|e| e.to_string().contains("locked")),
            "{e:?}"
        );
        sqlx::query(WRITE)
            .bind("mine")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // Then the other one can write.
        sqlx::query(WRITE)
            .bind("other")
            .execute(&mut other)
            .await
            .unwrap();
        let (n,): (i64,) = sqlx::query_as(READ).fetch_one(&store.pool).await.unwrap();
        assert_eq!(n, 2);
    }
}
