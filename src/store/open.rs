//! Opening the database file, in the three ways commands need it: migrating (`migrate`,
//! `run`, `console`), current and writable without migrating (`data`), and read-only
//! (`status`, `audit`, `backup`, `check`). Every way refuses a file written by a newer suivi or
//! holding a failed migration ([`Schema::refusal`]).
//!
//! A pooled connection whose write or commit failed (a full disk) is closed when it comes
//! back to the pool rather than kept inside a transaction, so writes resume by themselves once
//! there is space again. A failed migration writes no further backup copy on the next start:
//! the copy written before the first attempt is kept and named again.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, Connection, Executor};

use super::backend::drivers;
use super::schema::{failed_version, Schema};
use super::{Backend, FullFile, Inspection, OpenReport, Store, StoreError, Target, MIGRATOR};

/// What every writing connection to a file sets, in this order (`busy_timeout` first: the
/// others may wait for a lock).
const PRAGMAS: [&str; 6] = [
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    // Checkpoints are taken off people's steps (see `checkpoint`); this is the safety net if
    // those do not run.
    "PRAGMA wal_autocheckpoint = 8000",
    // Deleted content is overwritten, not left in free pages (erasure, retention).
    "PRAGMA secure_delete = ON",
];

impl Store {
    /// Looks at the database at `path` read-only: whether it exists and how many migrations
    /// it lacks. Creates nothing (no file, no folder, no journal) and migrates nothing. A file
    /// written by a newer suivi, or with a failed migration, is refused.
    pub async fn inspect(path: &Path) -> Result<Inspection, StoreError> {
        let path = match Target::of(path) {
            Target::Server(url) => return Self::inspect_server(&url).await,
            Target::File(p) => p,
        };
        let path = path.as_path();
        existing_parent(path)?;
        if !path.exists() {
            return Ok(Inspection::Missing);
        }
        let pool = read_only_pool(path).await?;
        let schema = Schema::read(&pool, Backend::Sqlite).await;
        pool.close().await;
        let schema = schema?;
        if let Some(refusal) = schema.refusal(path) {
            return Err(refusal);
        }
        Ok(Inspection::Present {
            pending: schema.pending,
        })
    }

    /// What `suivi run` needs of the file, checked without changing it: its folder exists and
    /// can be written (SQLite creates the `-wal` and `-shm` files there), the file can be
    /// written, its pages are sound (`PRAGMA quick_check`), and its schema is one this binary
    /// can use. No file yet is fine: the first `run` or `migrate` creates it.
    /// On a server: that it answers and its schema is one this binary can use.
    pub async fn verify(path: &Path) -> Result<Inspection, StoreError> {
        if path.as_os_str().is_empty() {
            return Err(StoreError::NoPath);
        }
        let path = match Target::of(path) {
            Target::Server(url) => return Self::inspect_server(&url).await,
            Target::File(p) => p,
        };
        let path = path.as_path();
        existing_parent(path)?;
        folder_writable(path)?;
        if !path.exists() {
            return Ok(Inspection::Missing);
        }
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|source| StoreError::NotWritable {
                path: path.to_owned(),
                source,
            })?;
        let inspection = Self::inspect(path).await?;
        let pool = read_only_pool(path).await?;
        let found: Result<Vec<(String,)>, _> =
            sqlx::query_as("PRAGMA quick_check").fetch_all(&pool).await;
        pool.close().await;
        let damaged = |detail: String| StoreError::Damaged {
            path: path.to_owned(),
            detail,
        };
        match found {
            Ok(lines) if lines.len() == 1 && lines[0].0 == "ok" => Ok(inspection),
            Ok(lines) => Err(damaged(
                lines
                    .into_iter()
                    .take(3)
                    .map(|(l,)| l)
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
            Err(e) => Err(damaged(e.to_string())),
        }
    }

    /// Opens an existing, up-to-date database read-only: nothing in the file changes
    /// (`status`, `audit`, `backup`). With `allow_pending`, a file still to migrate is opened
    /// too (a backup before migrating); without, it is refused with the fix.
    pub async fn open_read(path: &Path, allow_pending: bool) -> Result<Store, StoreError> {
        let path = match Target::of(path) {
            Target::Server(url) => return Self::existing_server(&url, allow_pending).await,
            Target::File(p) => p,
        };
        let path = path.as_path();
        let pool = Self::existing(path, allow_pending, read_only_pool(path)).await?;
        Ok(Store::from_pool(pool, path))
    }

    /// Opens an existing, up-to-date database to read and write, without migrating it
    /// (`data export`, `data erase`).
    pub async fn open_current(path: &Path) -> Result<Store, StoreError> {
        let path = match Target::of(path) {
            Target::Server(url) => return Self::existing_server(&url, false).await,
            Target::File(p) => p,
        };
        let path = path.as_path();
        let pool = Self::existing(path, false, writing_pool(path)).await?;
        Ok(Store::from_pool(pool, path))
    }

    async fn existing(
        path: &Path,
        allow_pending: bool,
        pool: impl std::future::Future<Output = Result<AnyPool, StoreError>>,
    ) -> Result<AnyPool, StoreError> {
        existing_parent(path)?;
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        let pool = pool.await?;
        let schema = match Schema::read(&pool, Backend::Sqlite).await {
            Ok(s) => s,
            Err(e) => {
                pool.close().await;
                return Err(e.into());
            }
        };
        let refusal = schema.refusal(path).or_else(|| {
            (schema.pending > 0 && !allow_pending).then(|| StoreError::NeedsMigration {
                path: path.to_owned(),
                count: schema.pending,
            })
        });
        if let Some(refusal) = refusal {
            pool.close().await;
            return Err(refusal);
        }
        Ok(pool)
    }

    /// Opens (creating it, mode 0600) and migrates the database at `path`. Its folder must
    /// exist. A server URL opens and migrates the database on that server.
    pub async fn open(path: &Path) -> Result<(Store, OpenReport), StoreError> {
        if path.as_os_str().is_empty() {
            return Err(StoreError::NoPath);
        }
        let path = match Target::of(path) {
            Target::Server(url) => return Self::open_server(&url).await,
            Target::File(p) => p,
        };
        let path = path.as_path();
        let existed = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        existing_parent(path)?;
        // Said as `suivi check` says it, rather than SQLite's "unable to open database file".
        folder_writable(path)?;
        create_private(path)?;
        let store = Store::from_pool(writing_pool(path).await?, path);
        let schema = Schema::read(&store.pool, Backend::Sqlite).await?;
        if let Some(refusal) = schema.refusal(path) {
            store.close().await;
            return Err(refusal);
        }
        let mut report = OpenReport::default();
        if existed && schema.pending > 0 {
            report.backup = Some(store.backup_before_migrating(path).await?);
        }
        if schema.pending > 0 {
            if let Err(e) = migrate(&options_for(path)?).await {
                store.close().await;
                return Err(match e {
                    StoreError::Migrate(m) => StoreError::MigrationFailed {
                        path: path.to_owned(),
                        version: failed_version(&m),
                        detail: m.to_string(),
                    },
                    other => other,
                });
            }
        }
        report.applied = schema.pending;
        Ok((store, report))
    }

    /// Writes a consistent copy of the database beside it, mode 0600, unless a copy written
    /// since the file last changed is already there (an earlier attempt whose migration
    /// failed): that one is kept, so a service restarting in a loop does not fill the disk.
    async fn backup_before_migrating(&self, path: &Path) -> Result<PathBuf, StoreError> {
        // Everything committed into the main file: its time of change is the data's.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await?;
        if let Some(existing) = recent_backup(path) {
            tracing::info!(backup = %existing.display(), "database unchanged since its last backup: no new copy");
            return Ok(existing);
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let target = path.with_extension(format!("backup-{stamp}.db"));
        self.backup_to(&target).await?;
        tracing::info!(backup = %target.display(), "database backed up before migration");
        Ok(target)
    }

    /// A disk-full error said for the operator: which file (the database, its log) and
    /// where. Any other error is returned as it is.
    pub async fn explain(&self, e: StoreError) -> StoreError {
        if !e.is_disk_full() || matches!(e, StoreError::DiskFull { .. }) {
            return e;
        }
        if self.backend == Backend::Postgres {
            return StoreError::DiskFull {
                path: self.path.to_path_buf(),
                file: FullFile::Database,
            };
        }
        // In WAL mode a transaction writes to the log; the main file only grows past its
        // limit (`max_page_count`) or when a checkpoint copies pages into it.
        let sizes: Result<((i64,), (i64,)), sqlx::Error> = async {
            let count = sqlx::query_as("PRAGMA page_count")
                .fetch_one(&self.pool)
                .await?;
            let max = sqlx::query_as("PRAGMA max_page_count")
                .fetch_one(&self.pool)
                .await?;
            Ok((count, max))
        }
        .await;
        let at_limit = matches!(sizes, Ok(((count,), (max,))) if count >= max);
        let path = self.path.to_path_buf();
        if at_limit {
            StoreError::DiskFull {
                path,
                file: FullFile::Database,
            }
        } else {
            let mut wal = path.into_os_string();
            wal.push("-wal");
            StoreError::DiskFull {
                path: wal.into(),
                file: FullFile::Journal,
            }
        }
    }

    fn from_pool(pool: AnyPool, path: &Path) -> Store {
        Store {
            pool,
            backend: Backend::Sqlite,
            path: Arc::from(path),
            audience: super::Audience::Discord,
            writes: Default::default(),
        }
    }
}

/// The newest backup of `path` (`<stem>.backup-*.db`) written after the file last changed.
fn recent_backup(path: &Path) -> Option<PathBuf> {
    let changed = path.metadata().and_then(|m| m.modified()).ok()?;
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let prefix = format!("{stem}.backup-");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&prefix) && name.ends_with(".db")
        })
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let at = meta.modified().ok()?;
            (meta.len() > 0 && at >= changed).then(|| (at, e.path()))
        })
        .max()
        .map(|(_, p)| p)
}

/// The `sqlite://` URL of `path` with `params` (`Any` opens files by URL).
fn url_of(path: &Path, params: &str) -> String {
    let mut url = String::from("sqlite://");
    for c in path.display().to_string().chars() {
        match c {
            '%' | '?' | '#' | ' ' => url.push_str(&format!("%{:02X}", c as u32)),
            c => url.push(c),
        }
    }
    if !params.is_empty() {
        url.push('?');
        url.push_str(params);
    }
    url
}

/// A pool that reads and writes, with the settings every connection uses ([`PRAGMAS`]).
async fn writing_pool(path: &Path) -> Result<AnyPool, StoreError> {
    drivers();
    Ok(AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                for pragma in PRAGMAS {
                    conn.execute(pragma).await?;
                }
                Ok(())
            })
        })
        // A write or a commit that failed (a full disk) may leave the connection inside a
        // transaction SQLite already ended: such a connection is closed, never reused, so the
        // next write starts on a clean one.
        .after_release(|conn, _| {
            Box::pin(async move {
                // Queued behind the rollback of a dropped transaction.
                conn.ping().await?;
                Ok(!conn.is_in_transaction())
            })
        })
        .connect(&url_of(path, "mode=rw"))
        .await?)
}

/// A read-only pool: immutable (touching nothing) without a `-wal` file, the main file then
/// holding everything; with one (the bot runs, or stopped abruptly) both journals are there.
async fn read_only_pool(path: &Path) -> Result<AnyPool, StoreError> {
    drivers();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let immutable = !Path::new(&wal).exists();
    Ok(AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url_of(path, &format!("mode=ro&immutable={immutable}")))
        .await?)
}

/// The connection options every connection uses.
pub(super) fn options_for(path: &Path) -> Result<SqliteConnectOptions, StoreError> {
    Ok(
        SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true),
    )
}

/// Runs the pending migrations on a connection of their own with foreign keys off, as SQLite
/// asks for a table rebuilt to change a constraint (dropping the old table must not cascade),
/// then checks that every reference still holds.
async fn migrate(options: &SqliteConnectOptions) -> Result<(), StoreError> {
    let mut conn = sqlx::SqliteConnection::connect_with(
        &options
            .clone()
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(false)
            .busy_timeout(Duration::from_secs(5)),
    )
    .await?;
    let ran = MIGRATOR.run(&mut conn).await;
    if let Err(e) = ran {
        let _ = conn.close().await;
        return Err(e.into());
    }
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
    existing_parent(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(|source| StoreError::NotWritable {
            path: path.to_owned(),
            source,
        })?;
    super::set_private(path)
}

/// Refuses a path whose folder does not exist.
pub(super) fn existing_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(StoreError::NoDirectory {
            path: path.to_owned(),
            dir: dir.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// Whether files can be created beside `path` (SQLite's `-wal` and `-shm`): a probe file is
/// created and removed at once; the database file itself is not touched.
fn folder_writable(path: &Path) -> Result<(), StoreError> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    let probe = dir.join(format!(".suivi-check-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(source) => Err(StoreError::FolderNotWritable { dir, source }),
    }
}
