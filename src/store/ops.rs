//! What an operator needs from the database: an online, consistent copy while the bot runs
//! (`suivi backup`), and the figures of `suivi status`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{ts, Backend, FullFile, Store, StoreError};

/// Where a backup to `target` is written until it is complete: a hidden name in the same
/// folder, unique to this process and moment.
pub fn partial_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    target.with_file_name(format!(".{name}.partial-{}-{nanos}", std::process::id()))
}

/// Creates `path`, empty, readable by its owner only, failing if it exists.
fn create_empty_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

/// The figures `suivi status` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Health {
    pub database_bytes: u64,
    pub conversations_in_progress: i64,
    pub deliveries_planned: i64,
    /// Planned and due for more than a minute (the dispatcher is behind or stopped).
    pub deliveries_late: i64,
    pub deliveries_failed: i64,
    pub supports_active: i64,
    /// The last gateway event the bot saw (RFC 3339), if it recorded one.
    pub last_gateway_event: Option<String>,
}

impl Store {
    /// Writes a consistent copy of the database to `target` (which must not exist), while
    /// others keep reading and writing (`VACUUM INTO` reads one snapshot).
    ///
    /// The copy is written into [`partial_path`]: a file created empty with mode 0600 before
    /// the first byte, in the same folder, renamed to `target` once complete. A failed copy
    /// removes it; a killed one leaves only that private file, under a name no later backup
    /// uses.
    pub async fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        self.backup_to_via(target, &partial_path(target)).await
    }

    /// [`Store::backup_to`], through the partial file `partial` (the caller removes it if it
    /// stops the copy half-way).
    ///
    /// A database on a PostgreSQL server is not copied here: the error says the `pg_dump`
    /// command that does it.
    pub async fn backup_to_via(&self, target: &Path, partial: &Path) -> Result<(), StoreError> {
        if let Some(command) = self.dump_command(&Utc::now().format("%Y%m%d").to_string()) {
            return Err(StoreError::BackupOnServer { command });
        }
        let full = |e: StoreError| {
            if e.is_disk_full() {
                StoreError::DiskFull {
                    path: target.to_owned(),
                    file: FullFile::Backup,
                }
            } else {
                e
            }
        };
        create_empty_private(partial).map_err(|source| StoreError::File {
            path: target.to_owned(),
            source,
        })?;
        let copied = sqlx::query("VACUUM INTO $1")
            .bind(partial.display().to_string())
            .execute(&self.pool)
            .await;
        if let Err(e) = copied {
            let mut journal = partial.as_os_str().to_owned();
            journal.push("-journal");
            let _ = std::fs::remove_file(partial);
            let _ = std::fs::remove_file(journal);
            return Err(full(e.into()));
        }
        // No overwrite: a link fails when `target` appeared meanwhile.
        let placed = std::fs::hard_link(partial, target)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Err(e),
                _ if !target.exists() => std::fs::rename(partial, target),
                _ => Err(e),
            })
            .map_err(|source| StoreError::File {
                path: target.to_owned(),
                source,
            });
        let _ = std::fs::remove_file(partial);
        placed
    }

    /// The figures of `suivi status`.
    pub async fn health(&self, path: &Path, now: DateTime<Utc>) -> Result<Health, StoreError> {
        let late = ts(now - chrono::Duration::minutes(1));
        let (conv, planned, late, failed, active): (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM conversations WHERE status = 'active'),
                    (SELECT COUNT(*) FROM deliveries WHERE status = 'planned'),
                    (SELECT COUNT(*) FROM deliveries WHERE status = 'planned' AND due_at < $1),
                    (SELECT COUNT(*) FROM deliveries WHERE status = 'failed'),
                    (SELECT COUNT(*) FROM supports WHERE status = 'active')",
        )
        .bind(late)
        .fetch_one(&self.pool)
        .await?;
        let last: Option<(String,)> =
            sqlx::query_as("SELECT value FROM runtime WHERE key = 'gateway-seen'")
                .fetch_optional(&self.pool)
                .await?;
        let mut bytes = 0;
        match self.backend {
            Backend::Sqlite => {
                for suffix in ["", "-wal"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    bytes += std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
                }
            }
            Backend::Postgres => {
                let (size,): (i64,) = sqlx::query_as("SELECT pg_database_size(current_database())")
                    .fetch_one(&self.pool)
                    .await?;
                bytes = u64::try_from(size).unwrap_or(0);
            }
        }
        Ok(Health {
            database_bytes: bytes,
            conversations_in_progress: conv,
            deliveries_planned: planned,
            deliveries_late: late,
            deliveries_failed: failed,
            supports_active: active,
            last_gateway_event: last.map(|(s,)| s),
        })
    }

    /// Records that the gateway was heard from (for `suivi status`).
    pub async fn gateway_seen(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO runtime (key, value) VALUES ('gateway-seen', $1)
             ON CONFLICT (key) DO UPDATE SET value = $1",
        )
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
