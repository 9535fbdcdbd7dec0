//! What a database's schema is, read from the database itself (SQLite's pragmas, PostgreSQL's
//! catalogs) into one shape both backends share: tables, columns with their kind, nullability
//! and default, primary keys, unique constraints, named indexes, foreign keys and CHECKs. The schema
//! test compares the two; the copy reads its column lists, keys and table order from it.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::{PgConnection, SqliteConnection};

use super::checks::{check_of, sqlite_checks, Check};

/// The kinds of value both backends store: SQLite's INTEGER, REAL, TEXT and BLOB, which are
/// PostgreSQL's bigint, double precision, text and bytea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Integer,
    Real,
    Text,
    Blob,
}

/// A column: its name, its declared type (as the backend names it), the kind that type is
/// (`None`: one the copy does not know, e.g. PostgreSQL's 32-bit `integer`, too small for a
/// Discord id), whether NULL is refused, and its default as written (`'active'`, `0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub declared: String,
    pub kind: Option<Kind>,
    pub not_null: bool,
    pub default: Option<String>,
}

/// A default as both backends write it: PostgreSQL's cast (`'active'::text`) left out.
fn default_of(written: Option<String>) -> Option<String> {
    let written = written?;
    let written = written.trim();
    let bare = match written.rfind("::") {
        Some(i) if !written[i + 2..].contains('\'') => &written[..i],
        _ => written,
    };
    Some(bare.trim().to_owned())
}

/// An index created by name (`CREATE INDEX`), not one backing a key or a UNIQUE constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub columns: Vec<String>,
    pub unique: bool,
    /// A partial index (`WHERE …`).
    pub partial: bool,
}

/// A reference from `columns` to `table (references)`, with what a delete does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub table: String,
    pub references: Vec<String>,
    /// `NO ACTION`, `RESTRICT`, `CASCADE`, `SET NULL` or `SET DEFAULT`.
    pub on_delete: String,
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// In the backend's order (SQLite's is the one the copy reads and writes in).
    pub columns: Vec<Column>,
    pub primary_key: Vec<String>,
    /// The column lists of UNIQUE constraints.
    pub uniques: BTreeSet<Vec<String>>,
    pub indexes: BTreeMap<String, Index>,
    pub foreign_keys: BTreeSet<ForeignKey>,
    /// What each CHECK constraint names ([`Check`]).
    pub checks: BTreeSet<Check>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Every table of suivi's schema (sqlx's own `_sqlx_migrations` left out), by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    pub tables: BTreeMap<String, Table>,
}

/// SQLite's type affinity rules (section 3.1 of its datatype page), for a declared type.
fn sqlite_kind(declared: &str) -> Option<Kind> {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        Some(Kind::Integer)
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        Some(Kind::Text)
    } else if t.is_empty() || t.contains("BLOB") {
        Some(Kind::Blob)
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        Some(Kind::Real)
    } else {
        None
    }
}

fn pg_kind(declared: &str) -> Option<Kind> {
    match declared {
        "bigint" => Some(Kind::Integer),
        "double precision" => Some(Kind::Real),
        "text" => Some(Kind::Text),
        "bytea" => Some(Kind::Blob),
        _ => None,
    }
}

/// Reads the schema of a SQLite database.
pub async fn describe_sqlite(conn: &mut SqliteConnection) -> Result<Schema, sqlx::Error> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut schema = Schema::default();
    for (name,) in names {
        let mut table = Table::default();
        let cols: Vec<(String, String, bool, i64, Option<String>)> = sqlx::query_as(
            "SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info(?1)
             ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (col, declared, not_null, in_pk, default) in cols {
            if in_pk > 0 {
                pk.push((in_pk, col.clone()));
            }
            table.columns.push(Column {
                kind: sqlite_kind(&declared),
                name: col,
                declared,
                // A key column is NOT NULL in PostgreSQL; suivi never stores NULL in one.
                not_null: not_null || in_pk > 0,
                default: default_of(default),
            });
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        let indexes: Vec<(String, bool, String, bool)> = sqlx::query_as(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY name",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        for (index, unique, origin, partial) in indexes {
            let columns: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(&mut *conn)
                    .await?;
            let columns: Vec<String> = columns.into_iter().map(|(c,)| c).collect();
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    table.uniques.insert(columns);
                }
                _ => {
                    let index_def = Index {
                        columns,
                        unique,
                        partial,
                    };
                    table.indexes.insert(index, index_def);
                }
            }
        }
        let fks: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?1)
                 ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for (id, target, from, to, on_delete) in fks {
            let fk = by_id.entry(id).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                table: target,
                references: Vec::new(),
                on_delete: on_delete.to_ascii_uppercase(),
            });
            fk.columns.push(from);
            // `REFERENCES t` without a column names t's primary key; resolved below.
            fk.references.extend(to);
        }
        table.foreign_keys = by_id.into_values().collect();
        let (sql,): (String,) =
            sqlx::query_as("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1")
                .bind(&name)
                .fetch_one(&mut *conn)
                .await?;
        let columns = table.columns.iter().map(|c| c.name.clone()).collect();
        table.checks = sqlite_checks(&sql)
            .iter()
            .map(|body| check_of(body, &columns))
            .collect();
        schema.tables.insert(name, table);
    }
    // A reference without its columns named refers to the primary key of its table.
    let keys: BTreeMap<String, Vec<String>> = schema
        .tables
        .iter()
        .map(|(n, t)| (n.clone(), t.primary_key.clone()))
        .collect();
    for table in schema.tables.values_mut() {
        table.foreign_keys = std::mem::take(&mut table.foreign_keys)
            .into_iter()
            .map(|mut fk| {
                if fk.references.is_empty() {
                    fk.references = keys.get(&fk.table).cloned().unwrap_or_default();
                }
                fk
            })
            .collect();
    }
    Ok(schema)
}

const PG_CONSTRAINTS: &str = "
SELECT c.contype::text,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY
            AS k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
       f.relname::text,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY
            AS k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n),
       CASE c.confdeltype WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
            WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class f ON f.oid = c.confrelid
WHERE n.nspname = current_schema() AND t.relname = $1 AND c.contype IN ('p', 'u', 'f')";

/// Indexes created by name: those backing the table's own keys and UNIQUE constraints are
/// left out (they are read as constraints).
const PG_INDEXES: &str = "
SELECT i.relname::text, ix.indisunique, ix.indpred IS NOT NULL,
       array_agg(a.attname::text ORDER BY k.ord)
FROM pg_index ix
JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE n.nspname = current_schema() AND t.relname = $1
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = ix.indexrelid AND c.conrelid = t.oid
                    AND c.contype IN ('p', 'u', 'x'))
GROUP BY i.relname, ix.indisunique, ix.indpred";

type PgConstraint = (
    String,
    Option<Vec<String>>,
    Option<String>,
    Option<Vec<String>>,
    String,
);

/// Reads the schema of the PostgreSQL database's current schema (`public` by default).
pub async fn describe_postgres(conn: &mut PgConnection) -> Result<Schema, sqlx::Error> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
           AND table_name <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut schema = Schema::default();
    for (name,) in names {
        let mut table = Table::default();
        let cols: Vec<(String, String, bool, Option<String>)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text, is_nullable = 'NO', column_default::text
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        table.columns = cols
            .into_iter()
            .map(|(name, declared, not_null, default)| Column {
                kind: pg_kind(&declared),
                name,
                declared,
                not_null,
                default: default_of(default),
            })
            .collect();
        let constraints: Vec<PgConstraint> = sqlx::query_as(PG_CONSTRAINTS)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        for (kind, columns, target, references, on_delete) in constraints {
            let columns = columns.unwrap_or_default();
            match kind.as_str() {
                "p" => table.primary_key = columns,
                "u" => {
                    table.uniques.insert(columns);
                }
                _ => {
                    table.foreign_keys.insert(ForeignKey {
                        columns,
                        table: target.unwrap_or_default(),
                        references: references.unwrap_or_default(),
                        on_delete,
                    });
                }
            }
        }
        let indexes: Vec<(String, bool, bool, Vec<String>)> = sqlx::query_as(PG_INDEXES)
            .bind(&name)
            .fetch_all(&mut *conn)
            .await?;
        for (index, unique, partial, columns) in indexes {
            let index_def = Index {
                columns,
                unique,
                partial,
            };
            table.indexes.insert(index, index_def);
        }
        let checks: Vec<(String,)> = sqlx::query_as(
            "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
             JOIN pg_class t ON t.oid = c.conrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND t.relname = $1 AND c.contype = 'c'",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        let columns = table.columns.iter().map(|c| c.name.clone()).collect();
        table.checks = checks
            .iter()
            .map(|(def,)| check_of(def, &columns))
            .collect();
        schema.tables.insert(name, table);
    }
    Ok(schema)
}
