//! Rows as values both backends agree on, and the checksum of a table: SHA-256 over its rows
//! in primary-key order, each value written with its kind and its length, so NULL, '' and 0
//! differ and no two rows run into each other.

use sha2::{Digest, Sha256};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Decode, Postgres, QueryBuilder, Row, Type};

use super::describe::{Kind, Table};

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// Adds the value to a statement being built with [`QueryBuilder::push_bind`].
    pub fn push(self, kind: Kind, q: &mut QueryBuilder<'_, Postgres>) {
        match (self, kind) {
            (Value::Int(v), _) => q.push_bind(v),
            (Value::Real(v), _) => q.push_bind(v),
            (Value::Text(v), _) => q.push_bind(v),
            (Value::Blob(v), _) => q.push_bind(v),
            (Value::Null, Kind::Integer) => q.push_bind(None::<i64>),
            (Value::Null, Kind::Real) => q.push_bind(None::<f64>),
            (Value::Null, Kind::Text) => q.push_bind(None::<String>),
            (Value::Null, Kind::Blob) => q.push_bind(None::<Vec<u8>>),
        };
    }

    fn feed(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update([0u8]),
            Value::Int(v) => {
                h.update([1u8]);
                h.update(v.to_be_bytes());
            }
            Value::Real(v) => {
                h.update([2u8]);
                h.update(v.to_bits().to_be_bytes());
            }
            Value::Text(v) => {
                h.update([3u8]);
                h.update((v.len() as u64).to_be_bytes());
                h.update(v.as_bytes());
            }
            Value::Blob(v) => {
                h.update([4u8]);
                h.update((v.len() as u64).to_be_bytes());
                h.update(v);
            }
        }
    }
}

/// A column's value of the wrong kind (SQLite stores what it is given): which, and why.
#[derive(Debug)]
pub struct BadValue {
    pub column: String,
    pub detail: String,
}

/// One value of a row of either backend, read as its column's kind.
fn value<'r, R>(row: &'r R, i: usize, kind: Kind) -> Result<Value, sqlx::Error>
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    f64: Decode<'r, R::Database> + Type<R::Database>,
    String: Decode<'r, R::Database> + Type<R::Database>,
    Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    Ok(match kind {
        Kind::Integer => row.try_get::<Option<i64>, _>(i)?.map(Value::Int),
        Kind::Real => row.try_get::<Option<f64>, _>(i)?.map(Value::Real),
        Kind::Text => row.try_get::<Option<String>, _>(i)?.map(Value::Text),
        Kind::Blob => row.try_get::<Option<Vec<u8>>, _>(i)?.map(Value::Blob),
    }
    .unwrap_or(Value::Null))
}

/// The values of a SQLite row, in the order of `columns`.
pub fn from_sqlite(row: &SqliteRow, columns: &[(String, Kind)]) -> Result<Vec<Value>, BadValue> {
    columns
        .iter()
        .enumerate()
        .map(|(i, (name, kind))| {
            value(row, i, *kind).map_err(|e| BadValue {
                column: name.clone(),
                detail: e.to_string(),
            })
        })
        .collect()
}

/// The values of a PostgreSQL row, in the order of `columns`.
pub fn from_pg(row: &PgRow, columns: &[(String, Kind)]) -> Result<Vec<Value>, sqlx::Error> {
    columns
        .iter()
        .enumerate()
        .map(|(i, (_, kind))| value(row, i, *kind))
        .collect()
}

/// A table's checksum, fed row by row in primary-key order.
#[derive(Default)]
pub struct Checksum(Sha256);

impl Checksum {
    pub fn row(&mut self, values: &[Value]) {
        for v in values {
            v.feed(&mut self.0);
        }
    }

    /// The digest in hexadecimal.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// `"name"`, quoted for either backend.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `SELECT` of every column of `table` (SQLite's order) in primary-key order (every column
/// when there is no key). PostgreSQL orders text by bytes, as SQLite does, with `COLLATE "C"`.
pub fn select(name: &str, table: &Table, postgres: bool) -> String {
    let cols: Vec<String> = table.columns.iter().map(|c| quote(&c.name)).collect();
    let key: Vec<&str> = if table.primary_key.is_empty() {
        table.columns.iter().map(|c| c.name.as_str()).collect()
    } else {
        table.primary_key.iter().map(String::as_str).collect()
    };
    let order: Vec<String> = key
        .iter()
        .map(|k| {
            let text = table.column(k).and_then(|c| c.kind) == Some(Kind::Text);
            match (postgres, text) {
                (true, true) => format!("{} COLLATE \"C\"", quote(k)),
                _ => quote(k),
            }
        })
        .collect();
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        cols.join(", "),
        quote(name),
        order.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::{Checksum, Value};

    fn sum(rows: &[&[Value]]) -> String {
        let mut c = Checksum::default();
        for r in rows {
            c.row(r);
        }
        c.finish()
    }

    #[test]
    fn null_empty_text_and_zero_have_different_checksums() {
        let null = sum(&[&[Value::Null]]);
        let empty = sum(&[&[Value::Text(String::new())]]);
        let zero = sum(&[&[Value::Int(0)]]);
        assert_ne!(null, empty);
        assert_ne!(empty, zero);
        assert_ne!(null, zero);
        // Values do not run into each other: ("ab", "") is not ("a", "b").
        let ab = sum(&[&[Value::Text("ab".into()), Value::Text(String::new())]]);
        let a_b = sum(&[&[Value::Text("a".into()), Value::Text("b".into())]]);
        assert_ne!(ab, a_b);
        assert_eq!(null, sum(&[&[Value::Null]]), "the same rows, the same sum");
        assert_eq!(null.len(), 64);
    }
}
