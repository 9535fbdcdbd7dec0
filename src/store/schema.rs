//! The file's schema against this binary's migrations: how many are still to apply, and
//! whether the file was written by a newer suivi (a migration this binary does not know) or
//! holds a migration marked failed. Every command reads this before it uses a file, and
//! refuses the last two with one line; only `migrate`, `run` and `console` apply what is
//! pending. Nothing here writes.

use std::path::Path;

use sqlx::AnyPool;

use super::{Backend, StoreError, MIGRATOR};

/// What the file's `_sqlx_migrations` table says, compared with the embedded migrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Embedded migrations the file has not applied yet.
    pub pending: usize,
    /// Versions the file has applied that this binary does not know (a newer suivi).
    pub unknown: Vec<i64>,
    /// Versions recorded as failed (a migration interrupted half-way).
    pub failed: Vec<i64>,
}

impl Schema {
    /// Reads the schema of the `backend` database `pool` is connected to.
    pub(crate) async fn read(pool: &AnyPool, backend: Backend) -> Result<Schema, sqlx::Error> {
        let has_table = match backend {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master
                WHERE type = 'table' AND name = '_sqlx_migrations'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
            }
        };
        let (tables,): (i64,) = sqlx::query_as(has_table).fetch_one(pool).await?;
        // `success` is a boolean: an integer on SQLite, a bool on PostgreSQL; the cast reads
        // both the same way.
        let rows: Vec<(i64, i64)> = if tables > 0 {
            sqlx::query_as(
                "SELECT version, CAST(success AS INTEGER) FROM _sqlx_migrations ORDER BY version",
            )
            .fetch_all(pool)
            .await?
        } else {
            Vec::new()
        };
        let rows: Vec<(i64, bool)> = rows.into_iter().map(|(v, ok)| (v, ok != 0)).collect();
        let migrator = backend.migrator();
        let known = |v: i64| migrator.iter().any(|m| m.version == v);
        Ok(Schema {
            pending: migrator
                .iter()
                .filter(|m| !rows.iter().any(|(v, ok)| *v == m.version && *ok))
                .count(),
            unknown: rows
                .iter()
                .filter(|(v, _)| !known(*v))
                .map(|(v, _)| *v)
                .collect(),
            failed: rows
                .iter()
                .filter(|(v, ok)| !ok && known(*v))
                .map(|(v, _)| *v)
                .collect(),
        })
    }

    /// The refusal every command gives for this file, if any: a newer suivi wrote it, or a
    /// migration is marked failed.
    pub fn refusal(&self, path: &Path) -> Option<StoreError> {
        if let Some(theirs) = self.unknown.iter().max() {
            return Some(StoreError::Newer {
                path: path.to_owned(),
                theirs: *theirs,
                ours: latest(),
            });
        }
        self.failed.first().map(|v| StoreError::MigrationFailed {
            path: path.to_owned(),
            version: *v,
            detail: "marked failed by an earlier attempt".into(),
        })
    }
}

/// The newest schema version this binary knows (both backends' migrations carry the same
/// versions).
pub fn latest() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The migration a failure names, when it names one.
pub(super) fn failed_version(e: &sqlx::migrate::MigrateError) -> i64 {
    use sqlx::migrate::MigrateError as M;
    match e {
        M::ExecuteMigration(_, v)
        | M::VersionMissing(v)
        | M::VersionMismatch(v)
        | M::VersionNotPresent(v)
        | M::Dirty(v) => *v,
        _ => 0,
    }
}
