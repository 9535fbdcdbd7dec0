//! SQLite's side of opening a file: the pools (through `sqlx::Any`, by the file's URL) with
//! the settings every connection gets, and the migrations run on a connection of their own.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{AnyPool, Connection, Executor};

use super::backend::drivers;
use super::{StoreError, MIGRATOR};

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
pub(super) async fn writing_pool(path: &Path) -> Result<AnyPool, StoreError> {
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
pub(super) async fn read_only_pool(path: &Path) -> Result<AnyPool, StoreError> {
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
pub(super) async fn migrate(options: &SqliteConnectOptions) -> Result<(), StoreError> {
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
