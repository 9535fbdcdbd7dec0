//! The PostgreSQL schema kept in step with the SQLite one: `migrations-postgres/` has the same
//! versions and names as `migrations/`, and the two schemas they build have the same tables,
//! columns (kind, nullability, default), keys, unique constraints, indexes, foreign keys and
//! CHECK constraints.
//!
//! The tests that need a server read `SUIVI_TEST_DATABASE` (a URL whose user may create
//! databases; `.ci/postgres` starts one and prints it) and make a database of their own on it.
//! Without it they say so in one line and pass.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, PgConnection, SqliteConnection};
use suivi::store::copy::{describe_postgres, describe_sqlite, differences};
use suivi::store::{MIGRATOR, PG_MIGRATOR};

/// A database of its own on the test server, dropped when the test ends.
pub struct TestPg {
    pub url: String,
    admin: String,
    name: String,
}

impl TestPg {
    pub async fn connect(&self) -> PgConnection {
        PgConnection::connect(&self.url).await.unwrap()
    }
}

impl Drop for TestPg {
    fn drop(&mut self) {
        // Dropped from a thread of its own: the test's runtime may be ending.
        let admin = self.admin.clone();
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                rt.block_on(async {
                    if let Ok(mut c) = PgConnection::connect(&admin).await {
                        let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                        let _ = sqlx::query(&sql).execute(&mut c).await;
                        let _ = c.close().await;
                    }
                });
            }
        })
        .join();
    }
}

/// One line per test run, when no server is named: the suite passed on SQLite only.
pub fn not_tested() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Straight to the file descriptor: the harness captures `println!` of passing tests.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "PostgreSQL was not tested: the suite ran on SQLite only. To test PostgreSQL too, set \
             SUIVI_TEST_DATABASE=postgres://user@host/db (a user that may create databases) or \
             start a throw-away server with `.ci/postgres` and use the URL it prints."
        );
    });
}

/// A fresh, empty database on the server `SUIVI_TEST_DATABASE` names, or `None` (and one line
/// saying PostgreSQL was not tested) when it is not set.
pub async fn fresh_pg() -> Option<TestPg> {
    let Some(admin) = crate::common::test_server() else {
        not_tested();
        return None;
    };
    let url = crate::common::create_database(&admin).await;
    let name = url
        .split('?')
        .next()
        .and_then(|u| u.rsplit('/').next())
        .unwrap()
        .to_owned();
    Some(TestPg { url, admin, name })
}

/// A new SQLite file migrated as the store migrates it (foreign keys off while migrating).
pub async fn migrated_sqlite(path: &std::path::Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(false);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    MIGRATOR.run(&mut conn).await.unwrap();
    conn
}

#[test]
fn every_migration_has_its_postgresql_twin() {
    let sqlite: Vec<(i64, String)> = MIGRATOR
        .iter()
        .map(|m| (m.version, m.description.to_string()))
        .collect();
    let postgres: Vec<(i64, String)> = PG_MIGRATOR
        .iter()
        .map(|m| (m.version, m.description.to_string()))
        .collect();
    assert!(sqlite.len() >= 12, "{sqlite:?}");
    assert_eq!(
        sqlite, postgres,
        "migrations-postgres/ must hold one file per file of migrations/, same version and name"
    );
}

#[tokio::test]
async fn the_postgresql_schema_is_the_sqlite_one() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = migrated_sqlite(&dir.path().join("suivi.db")).await;
    let mut postgres = pg.connect().await;
    PG_MIGRATOR.run(&mut postgres).await.unwrap();
    let s = describe_sqlite(&mut sqlite).await.unwrap();
    let p = describe_postgres(&mut postgres).await.unwrap();
    // The description reads the real schema, not an empty one.
    assert!(s.tables.len() >= 16, "{:?}", s.tables.keys());
    let deliveries = &s.tables["deliveries"];
    assert!(deliveries.indexes["deliveries_series"].partial);
    assert!(deliveries.uniques.contains(&vec!["key".to_string()]));
    assert_eq!(
        s.tables["answers"].primary_key,
        ["conversation_id", "field"]
    );
    let diff = differences(&s, &p);
    assert!(
        diff.is_empty(),
        "the PostgreSQL schema differs from the SQLite one:\n{}",
        diff.join("\n")
    );

    // The comparison sees a change: a column dropped, a type too small for a Discord id, an
    // index missing, a reference that no longer cascades.
    for change in [
        "ALTER TABLE deliveries DROP COLUMN route",
        "ALTER TABLE tasks ALTER COLUMN position TYPE integer",
        "DROP INDEX deliveries_series",
        "ALTER TABLE tasks DROP CONSTRAINT tasks_agreement_id_fkey",
        "ALTER TABLE tasks ADD FOREIGN KEY (agreement_id) REFERENCES agreements(id)",
        "ALTER TABLE people ALTER COLUMN created_at DROP NOT NULL",
        "ALTER TABLE supports ALTER COLUMN status DROP DEFAULT",
        "ALTER TABLE deliveries ALTER COLUMN attempts SET DEFAULT 1",
        "ALTER TABLE conversations DROP CONSTRAINT conversations_kind_check",
        "ALTER TABLE conversations ADD CHECK (kind IN ('opening', 'closing'))",
    ] {
        sqlx::query(change).execute(&mut postgres).await.unwrap();
    }
    let p = describe_postgres(&mut postgres).await.unwrap();
    let diff = differences(&s, &p).join("\n");
    for seen in [
        "table deliveries, column route: only in SQLite",
        "table tasks, column position: SQLite INTEGER NOT NULL, PostgreSQL integer NOT NULL",
        "table deliveries, index deliveries_series: only in SQLite",
        "table tasks, foreign key ForeignKey { columns: [\"agreement_id\"], table: \"agreements\", references: [\"id\"], on_delete: \"CASCADE\" }: only in SQLite",
        "table people, column created_at: SQLite TEXT NOT NULL, PostgreSQL text",
        "table supports, column status: SQLite default 'active', PostgreSQL no default",
        "table deliveries, column attempts: SQLite default 0, PostgreSQL default 1",
        "table conversations, check Check { columns: {\"kind\"}, words: {\"checkin\", \"closing\", \"opening\"}, numbers: {} }: only in SQLite",
    ] {
        assert!(diff.contains(seen), "{seen:?} not in:\n{diff}");
    }
    postgres.close().await.unwrap();
}
