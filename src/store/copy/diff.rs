//! The differences between the SQLite schema and the PostgreSQL one, as lines a person reads:
//! what only one side has, and what the two sides declare differently. Column order is not
//! compared (PostgreSQL appends what `ALTER TABLE … ADD COLUMN` adds, as SQLite does, but a
//! SQLite table rebuilt may order its columns otherwise); the copy names every column. CHECKs
//! are compared by what they name (see `checks.rs`).

use std::collections::BTreeSet;
use std::fmt::Debug;

use super::describe::{Column, Schema, Table};

/// Every difference between `sqlite` and `postgres`; empty when the schemas agree.
pub fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for name in names {
        match (sqlite.tables.get(name), postgres.tables.get(name)) {
            (Some(s), Some(p)) => table(name, s, p, &mut out),
            (Some(_), None) => out.push(format!("table {name}: only in SQLite")),
            (None, Some(_)) => out.push(format!("table {name}: only in PostgreSQL")),
            (None, None) => {}
        }
    }
    out
}

fn declared(c: &Column) -> String {
    let null = if c.not_null { " NOT NULL" } else { "" };
    format!("{}{null}", c.declared)
}

fn default(c: &Column) -> String {
    match &c.default {
        Some(d) => format!("default {d}"),
        None => "no default".to_owned(),
    }
}

fn table(name: &str, s: &Table, p: &Table, out: &mut Vec<String>) {
    let columns: BTreeSet<&String> = s
        .columns
        .iter()
        .chain(&p.columns)
        .map(|c| &c.name)
        .collect();
    for col in columns {
        match (s.column(col), p.column(col)) {
            (Some(a), Some(b)) => {
                let same_kind = a.kind.is_some() && a.kind == b.kind;
                if !same_kind || a.not_null != b.not_null {
                    out.push(format!(
                        "table {name}, column {col}: SQLite {}, PostgreSQL {}",
                        declared(a),
                        declared(b)
                    ));
                }
                if a.default != b.default {
                    out.push(format!(
                        "table {name}, column {col}: SQLite {}, PostgreSQL {}",
                        default(a),
                        default(b)
                    ));
                }
            }
            (Some(_), None) => out.push(format!("table {name}, column {col}: only in SQLite")),
            (None, Some(_)) => out.push(format!("table {name}, column {col}: only in PostgreSQL")),
            (None, None) => {}
        }
    }
    if s.primary_key != p.primary_key {
        out.push(format!(
            "table {name}, primary key: SQLite {:?}, PostgreSQL {:?}",
            s.primary_key, p.primary_key
        ));
    }
    sets(name, "unique constraint", &s.uniques, &p.uniques, out);
    let indexes: BTreeSet<&String> = s.indexes.keys().chain(p.indexes.keys()).collect();
    for index in indexes {
        match (s.indexes.get(index), p.indexes.get(index)) {
            (Some(a), Some(b)) if a != b => out.push(format!(
                "table {name}, index {index}: SQLite {a:?}, PostgreSQL {b:?}"
            )),
            (Some(_), None) => out.push(format!("table {name}, index {index}: only in SQLite")),
            (None, Some(_)) => out.push(format!("table {name}, index {index}: only in PostgreSQL")),
            _ => {}
        }
    }
    sets(name, "foreign key", &s.foreign_keys, &p.foreign_keys, out);
    sets(name, "check", &s.checks, &p.checks, out);
}

fn sets<T: Ord + Debug>(
    name: &str,
    what: &str,
    s: &BTreeSet<T>,
    p: &BTreeSet<T>,
    out: &mut Vec<String>,
) {
    for only in s.difference(p) {
        out.push(format!("table {name}, {what} {only:?}: only in SQLite"));
    }
    for only in p.difference(s) {
        out.push(format!("table {name}, {what} {only:?}: only in PostgreSQL"));
    }
}
