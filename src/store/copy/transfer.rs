//! One table at a time: read from the snapshot in primary-key order and written to
//! PostgreSQL in batches, then read back from PostgreSQL for its checksum; and the identity
//! sequences moved past the copied ids.

use futures_util::TryStreamExt;
use sqlx::{PgConnection, QueryBuilder, SqliteConnection};

use super::describe::{Kind, Table};
use super::report::CopyError;
use super::rows::{from_pg, from_sqlite, quote, select, Checksum, Value};

fn kinds(name: &str, table: &Table) -> Result<Vec<(String, Kind)>, CopyError> {
    table
        .columns
        .iter()
        .map(|c| match c.kind {
            Some(k) => Ok((c.name.clone(), k)),
            None => Err(CopyError::BadValue {
                table: name.to_owned(),
                column: c.name.clone(),
                detail: format!("declared type {}", c.declared),
            }),
        })
        .collect()
}

/// Rows per INSERT: PostgreSQL takes at most 65,535 parameters in a statement.
fn batch_rows(columns: usize) -> usize {
    (65_535 / columns.max(1)).clamp(1, 1000)
}

/// Copies one table, reading it in primary-key order from the snapshot; returns its row
/// count and checksum as read from the source.
pub(super) async fn copy_table(
    snap: &mut SqliteConnection,
    pg: &mut PgConnection,
    name: &str,
    table: &Table,
) -> Result<(i64, String), CopyError> {
    let columns = kinds(name, table)?;
    let copy_err = |source| CopyError::Copy {
        table: name.to_owned(),
        source,
    };
    // Columns referring to this same table: NULL at first, set once every row is there.
    let own: Vec<usize> = table
        .foreign_keys
        .iter()
        .filter(|fk| fk.table == name)
        .flat_map(|fk| fk.columns.iter())
        .filter_map(|c| columns.iter().position(|(n, _)| n == c))
        .collect();
    let key: Vec<usize> = table
        .primary_key
        .iter()
        .filter_map(|c| columns.iter().position(|(n, _)| n == c))
        .collect();
    let per_batch = batch_rows(columns.len());
    let mut sum = Checksum::default();
    let mut rows = 0i64;
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_batch);
    let mut later: Vec<(Vec<Value>, usize, Value)> = Vec::new();
    let sql = select(name, table, false);
    let mut stream = sqlx::query(&sql).fetch(&mut *snap);
    while let Some(row) = stream.try_next().await.map_err(copy_err)? {
        let mut values = from_sqlite(&row, &columns).map_err(|bad| CopyError::BadValue {
            table: name.to_owned(),
            column: bad.column,
            detail: bad.detail,
        })?;
        sum.row(&values);
        rows += 1;
        for &i in &own {
            if values[i] != Value::Null {
                let k = key.iter().map(|&k| values[k].clone()).collect();
                later.push((k, i, std::mem::replace(&mut values[i], Value::Null)));
            }
        }
        batch.push(values);
        if batch.len() >= per_batch {
            insert(pg, name, &columns, std::mem::take(&mut batch))
                .await
                .map_err(copy_err)?;
        }
    }
    drop(stream);
    if !batch.is_empty() {
        insert(pg, name, &columns, batch).await.map_err(copy_err)?;
    }
    for (k, col, value) in later {
        let mut q = QueryBuilder::new(format!("UPDATE {} SET ", quote(name)));
        q.push(quote(&columns[col].0)).push(" = ");
        value.push(columns[col].1, &mut q);
        for (n, (&i, v)) in key.iter().zip(k).enumerate() {
            q.push(if n == 0 { " WHERE " } else { " AND " });
            q.push(quote(&columns[i].0)).push(" = ");
            v.push(columns[i].1, &mut q);
        }
        q.build().execute(&mut *pg).await.map_err(copy_err)?;
    }
    let count = format!("SELECT count(*) FROM {}", quote(name));
    let (counted,): (i64,) = sqlx::query_as(&count)
        .fetch_one(&mut *snap)
        .await
        .map_err(copy_err)?;
    if counted != rows {
        return Err(copy_err(sqlx::Error::Protocol(format!(
            "{rows} rows read, {counted} counted"
        ))));
    }
    Ok((rows, sum.finish()))
}

async fn insert(
    pg: &mut PgConnection,
    name: &str,
    columns: &[(String, Kind)],
    rows: Vec<Vec<Value>>,
) -> Result<(), sqlx::Error> {
    let names: Vec<String> = columns.iter().map(|(n, _)| quote(n)).collect();
    let mut q = QueryBuilder::new(format!(
        "INSERT INTO {} ({}) VALUES ",
        quote(name),
        names.join(", ")
    ));
    for (r, row) in rows.into_iter().enumerate() {
        q.push(if r == 0 { "(" } else { ", (" });
        for (c, (v, (_, kind))) in row.into_iter().zip(columns).enumerate() {
            if c > 0 {
                q.push(", ");
            }
            v.push(*kind, &mut q);
        }
        q.push(")");
    }
    q.build().execute(pg).await.map(|_| ())
}

/// The row count and checksum of a table as PostgreSQL holds it (inside the copy's
/// transaction: what a commit would keep).
pub(super) async fn pg_checksum(
    pg: &mut PgConnection,
    name: &str,
    table: &Table,
) -> Result<(i64, String), sqlx::Error> {
    let columns: Vec<(String, Kind)> = table
        .columns
        .iter()
        .filter_map(|c| c.kind.map(|k| (c.name.clone(), k)))
        .collect();
    let mut sum = Checksum::default();
    let sql = select(name, table, true);
    let mut stream = sqlx::query(&sql).fetch(&mut *pg);
    while let Some(row) = stream.try_next().await? {
        sum.row(&from_pg(&row, &columns)?);
    }
    drop(stream);
    let count = format!("SELECT count(*) FROM {}", quote(name));
    let (rows,): (i64,) = sqlx::query_as(&count).fetch_one(&mut *pg).await?;
    Ok((rows, sum.finish()))
}

/// Moves every identity sequence past the largest id copied, so the next row PostgreSQL
/// numbers does not collide with a copied one.
pub(super) async fn reset_identities(pg: &mut PgConnection) -> Result<(), sqlx::Error> {
    let identities: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1, 2",
    )
    .fetch_all(&mut *pg)
    .await?;
    for (table, column) in identities {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(max({c}), 1), \
             COALESCE(max({c}) >= 1, false)) FROM {t}",
            c = quote(&column),
            t = quote(&table)
        );
        sqlx::query(&sql)
            .bind(quote(&table))
            .bind(&column)
            .execute(&mut *pg)
            .await?;
    }
    Ok(())
}
