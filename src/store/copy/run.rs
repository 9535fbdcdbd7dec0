//! The copy itself: one read snapshot of the SQLite file, the PostgreSQL schema applied to an
//! empty database, every table copied in foreign-key order inside one PostgreSQL transaction,
//! the identity sequences moved past the copied ids, then each table's row count and checksum
//! compared on both sides before the transaction commits. Any error or any difference rolls
//! the transaction back: the target stays empty and the copy can be run again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, PgConnection, SqliteConnection};

use super::describe::{describe_postgres, describe_sqlite, Schema};
use super::diff::differences;
use super::report::{CopyError, CopyReport, TableReport};
use super::rows::quote;
use super::transfer::{copy_table, pg_checksum, reset_identities};
use crate::store::{redact, MIGRATOR, PG_MIGRATOR};

/// Copies the SQLite database at `source` into the empty PostgreSQL database at `url`.
pub async fn copy_to_postgres(source: &Path, url: &str) -> Result<CopyReport, CopyError> {
    let target = redact(url);
    let scheme_ok = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let options = match PgConnectOptions::from_str(url) {
        Ok(o) if scheme_ok => o,
        _ => return Err(CopyError::NotPostgres { url: target }),
    };
    if !source.is_file() {
        return Err(CopyError::SourceMissing {
            path: source.to_owned(),
        });
    }
    let failed = |source_err| CopyError::Source {
        path: source.to_owned(),
        source: source_err,
    };
    let mut wal = source.as_os_str().to_owned();
    wal.push("-wal");
    // Read-only; without a `-wal` file nobody writes it, and it is read as it is.
    let sqlite = SqliteConnectOptions::new()
        .filename(source)
        .read_only(true)
        .immutable(!Path::new(&wal).exists())
        .create_if_missing(false);
    let mut src = SqliteConnection::connect_with(&sqlite)
        .await
        .map_err(failed)?;
    // A source this suivi cannot copy is said before the server is reached (and checked again
    // inside the snapshot).
    if let Err(e) = source_current(&mut src, source).await {
        let _ = src.close().await;
        return Err(e);
    }
    let mut pg = match PgConnection::connect_with(&options).await {
        Ok(c) => c,
        Err(e) => {
            let _ = src.close().await;
            return Err(CopyError::Connect { target, source: e });
        }
    };
    let result = copy_between(&mut src, &mut pg, source, &target).await;
    let _ = src.close().await;
    let _ = pg.close().await;
    result
}

async fn copy_between(
    src: &mut SqliteConnection,
    pg: &mut PgConnection,
    path: &Path,
    target: &str,
) -> Result<CopyReport, CopyError> {
    let failed = |e| CopyError::Source {
        path: path.to_owned(),
        source: e,
    };
    // One read transaction: WAL keeps every read below on the snapshot of the first one,
    // whatever a running bot writes meanwhile.
    let mut snap = src.begin().await.map_err(failed)?;
    source_current(&mut snap, path).await?;
    let source_schema = describe_sqlite(&mut snap).await.map_err(failed)?;
    let pg_err = |e| CopyError::Connect {
        target: target.to_owned(),
        source: e,
    };
    let present = describe_postgres(pg).await.map_err(pg_err)?;
    let mut filled = Vec::new();
    for name in present.tables.keys() {
        if source_schema.tables.contains_key(name) {
            let sql = format!("SELECT count(*) FROM {}", quote(name));
            let (n,): (i64,) = sqlx::query_as(&sql)
                .fetch_one(&mut *pg)
                .await
                .map_err(pg_err)?;
            if n > 0 {
                filled.push((name.clone(), n));
            }
        }
    }
    if !filled.is_empty() {
        return Err(CopyError::NotEmpty {
            target: target.to_owned(),
            tables: filled,
        });
    }
    PG_MIGRATOR
        .run(&mut *pg)
        .await
        .map_err(|source| CopyError::Migrate {
            target: target.to_owned(),
            source,
        })?;
    let target_schema = describe_postgres(pg).await.map_err(pg_err)?;
    let lines = differences(&source_schema, &target_schema);
    if !lines.is_empty() {
        return Err(CopyError::SchemaDiffers { lines });
    }
    let order = fk_order(&source_schema)?;
    let mut tx = pg.begin().await.map_err(pg_err)?;
    let mut tables = Vec::new();
    for name in &order {
        let Some(table) = source_schema.tables.get(name) else {
            continue;
        };
        let copy_err = |source| CopyError::Copy {
            table: name.clone(),
            source,
        };
        let (source_rows, source_checksum) = copy_table(&mut snap, &mut tx, name, table).await?;
        let (target_rows, target_checksum) =
            pg_checksum(&mut tx, name, table).await.map_err(copy_err)?;
        tables.push(TableReport {
            name: name.clone(),
            source_rows,
            target_rows,
            source_checksum,
            target_checksum,
        });
    }
    reset_identities(&mut tx)
        .await
        .map_err(|source| CopyError::Copy {
            table: "identity sequences".into(),
            source,
        })?;
    let report = CopyReport {
        target: target.to_owned(),
        tables,
    };
    if !report.ok() {
        let _ = tx.rollback().await;
        return Err(CopyError::Mismatch(report));
    }
    tx.commit().await.map_err(pg_err)?;
    let _ = snap.rollback().await;
    Ok(report)
}

/// The source has every migration of this suivi, and none it does not know: the two schemas
/// are then the ones the schema test compares.
async fn source_current(conn: &mut SqliteConnection, path: &Path) -> Result<(), CopyError> {
    let applied: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(|source| CopyError::Source {
                path: path.to_owned(),
                source,
            })?;
    let applied: BTreeSet<i64> = applied.into_iter().map(|(v,)| v).collect();
    let known: BTreeSet<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(version) = applied.difference(&known).next() {
        return Err(CopyError::SourceNewer {
            path: path.to_owned(),
            version: *version,
        });
    }
    let pending = known.difference(&applied).count();
    if pending > 0 {
        return Err(CopyError::SourcePending {
            path: path.to_owned(),
            pending,
        });
    }
    Ok(())
}

/// The tables in an order where each comes after those it refers to (a table's references to
/// itself are written in a second pass). Ties in name order, so every run copies alike.
fn fk_order(schema: &Schema) -> Result<Vec<String>, CopyError> {
    let mut waiting: BTreeMap<&String, BTreeSet<&String>> = schema
        .tables
        .iter()
        .map(|(name, t)| {
            let deps = t
                .foreign_keys
                .iter()
                .map(|fk| &fk.table)
                .filter(|d| *d != name && schema.tables.contains_key(*d))
                .collect();
            (name, deps)
        })
        .collect();
    let mut order: Vec<String> = Vec::new();
    while !waiting.is_empty() {
        let ready: Vec<&String> = waiting
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| order.contains(d)))
            .map(|(n, _)| *n)
            .collect();
        if ready.is_empty() {
            return Err(CopyError::Cycle {
                tables: waiting.keys().map(|n| n.to_string()).collect(),
            });
        }
        for name in ready {
            waiting.remove(name);
            order.push(name.clone());
        }
    }
    Ok(order)
}
