//! `suivi migrate --to postgres://…`: a database written by the previous release moves whole
//! (counts, checksums, rows read back equal, ids continue after the copied ones); a target
//! with rows is refused and left as it was; a copy that differs is rolled back; a source being
//! written during the copy gives one consistent snapshot; and the binary end to end.
//! Each test makes its own database on the server `SUIVI_TEST_DATABASE` names, or says in one
//! line that PostgreSQL was not tested.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use sqlx::{Connection, PgConnection, SqliteConnection};
use suivi::store::copy::{copy_to_postgres, CopyError};
use suivi::store::PG_MIGRATOR;

use crate::pg_schema::{fresh_pg, migrated_sqlite};

/// The golden file, copied into `dir` and brought to today's schema as `suivi migrate` would.
async fn previous_release(dir: &Path) -> PathBuf {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/sqlite/schema-20261204000031.sqlite");
    let path = dir.join("suivi.db");
    std::fs::copy(golden, &path).unwrap();
    migrated_sqlite(&path).await.close().await.unwrap();
    path
}

async fn sqlite(path: &Path) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

async fn count_pg(pg: &mut PgConnection, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(pg)
        .await
        .unwrap();
    n
}

/// How many tables suivi's schema has in the file at `path`.
async fn tables_of(path: &Path) -> usize {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name <> '_sqlx_migrations'",
    )
    .fetch_one(&mut sqlite(path).await)
    .await
    .unwrap();
    n as usize
}

type AgreementDates = (String, String, String, String, String, i64);
const AGREEMENT: &str = "SELECT cadence, first_exchange_local, first_exchange_utc, timezone,
    means, relay_consent FROM agreements WHERE id = 1";
const DELIVERY: &str = "SELECT key, kind, due_at, payload, status FROM deliveries
    WHERE status = 'planned' ORDER BY id LIMIT 1";

#[tokio::test]
async fn a_database_written_by_the_previous_release_moves_whole() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = previous_release(dir.path()).await;
    let report = copy_to_postgres(&path, &pg.url).await.unwrap();
    assert!(report.ok(), "{report:#?}");
    // Every table of today's schema, the golden file's and those later migrations added.
    assert_eq!(report.tables.len(), tables_of(&path).await);
    assert!(report.tables.len() >= 16);
    // Tables come after those they refer to.
    let at = |t: &str| report.tables.iter().position(|r| r.name == t).unwrap();
    assert!(at("people") < at("supports") && at("supports") < at("agreements"));
    assert!(at("conversations") < at("agreements") && at("agreements") < at("tasks"));

    let mut src = sqlite(&path).await;
    let mut dst = pg.connect().await;
    for t in &report.tables {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {}", t.name))
            .fetch_one(&mut src)
            .await
            .unwrap();
        assert_eq!((t.source_rows, t.target_rows), (n, n), "{}", t.name);
        assert_eq!(count_pg(&mut dst, &t.name).await, n, "{}", t.name);
    }
    // What the earlier release wrote is all there.
    for (table, rows) in [
        ("people", 2),
        ("agreements", 1),
        ("tasks", 3),
        ("answers", 16),
        ("conversations", 3),
        ("deliveries", 70),
        ("consent_events", 2),
        ("reschedules", 1),
        ("exchange_outcomes", 2),
    ] {
        assert_eq!(count_pg(&mut dst, table).await, rows, "{table}");
    }

    // The agreement's dates and a planned delivery's payload read back as they were written.
    let before: AgreementDates = sqlx::query_as(AGREEMENT).fetch_one(&mut src).await.unwrap();
    let after: AgreementDates = sqlx::query_as(AGREEMENT).fetch_one(&mut dst).await.unwrap();
    assert_eq!(after, before);
    assert_eq!(after.0, r#"{"unit":"weeks","every":2}"#);
    assert_eq!(after.1, "2026-12-08T10:00:00");
    assert_eq!(after.2, "2026-12-08T09:00:00.000Z");
    assert_eq!(after.3, "Europe/Paris");
    let before: (String, String, String, String, String) =
        sqlx::query_as(DELIVERY).fetch_one(&mut src).await.unwrap();
    let after: (String, String, String, String, String) =
        sqlx::query_as(DELIVERY).fetch_one(&mut dst).await.unwrap();
    assert_eq!(after, before);
    assert!(
        after.3.starts_with('{') && after.3.len() > 20,
        "{}",
        after.3
    );
    let (withdrawn,): (i64,) =
        sqlx::query_as("SELECT relay FROM consent_events ORDER BY id DESC LIMIT 1")
            .fetch_one(&mut dst)
            .await
            .unwrap();
    assert_eq!(withdrawn, 0);

    // PostgreSQL numbers the next row after the copied ones.
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO consent_events (support_id, person_id, relay, at)
         VALUES (1, 2, 1, '2027-01-01T00:00:00Z') RETURNING id",
    )
    .fetch_one(&mut dst)
    .await
    .unwrap();
    assert_eq!(id, 3);
    // The schema versions are recorded as the SQLite ones.
    let versions: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut dst)
            .await
            .unwrap();
    let ours: Vec<i64> = suivi::store::MIGRATOR.iter().map(|m| m.version).collect();
    assert_eq!(versions.into_iter().map(|(v,)| v).collect::<Vec<_>>(), ours);
}

#[tokio::test]
async fn a_target_with_rows_is_refused_and_left_as_it_was() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = previous_release(dir.path()).await;
    let mut dst = pg.connect().await;
    PG_MIGRATOR.run(&mut dst).await.unwrap();
    sqlx::query("INSERT INTO people (id, created_at, updated_at) VALUES (42, 't', 't')")
        .execute(&mut dst)
        .await
        .unwrap();
    // A password in the URL (this test server does not ask for one) is never shown.
    let url = pg.url.replacen("://postgres@", "://postgres:hunter2@", 1);
    let err = copy_to_postgres(&path, &url).await.unwrap_err();
    match &err {
        CopyError::NotEmpty { tables, target } => {
            assert_eq!(tables, &[("people".to_string(), 1)]);
            assert!(!target.contains("hunter2"), "{target}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert_eq!(count_pg(&mut dst, "people").await, 1);
    assert_eq!(count_pg(&mut dst, "agreements").await, 0);
}

#[tokio::test]
async fn a_copy_that_differs_is_rolled_back() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = previous_release(dir.path()).await;
    let mut dst = pg.connect().await;
    PG_MIGRATOR.run(&mut dst).await.unwrap();
    // Something between the copy and the disk changes a task's text.
    for sql in [
        "CREATE FUNCTION alter_task() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN NEW.text := NEW.text || '!'; RETURN NEW; END $$",
        "CREATE TRIGGER alter_task BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION alter_task()",
    ] {
        sqlx::query(sql).execute(&mut dst).await.unwrap();
    }
    let err = copy_to_postgres(&path, &pg.url).await.unwrap_err();
    let CopyError::Mismatch(report) = err else {
        panic!("{err:?}");
    };
    let differing: Vec<&str> = report
        .tables
        .iter()
        .filter(|t| !t.ok())
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(differing, ["tasks"]);
    let tasks = report.tables.iter().find(|t| t.name == "tasks").unwrap();
    assert_eq!((tasks.source_rows, tasks.target_rows), (3, 3));
    assert_ne!(tasks.source_checksum, tasks.target_checksum);
    // Nothing was kept.
    for table in ["people", "agreements", "tasks", "deliveries"] {
        assert_eq!(count_pg(&mut dst, table).await, 0, "{table}");
    }
}

/// Nowhere: the tests below are refused before any server is reached.
const NO_SERVER: &str = "postgres://suivi:pw@127.0.0.1:1/none";

#[tokio::test]
async fn a_source_this_suivi_cannot_copy_is_refused_before_the_server_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let err = copy_to_postgres(&missing, NO_SERVER).await.unwrap_err();
    assert!(matches!(err, CopyError::SourceMissing { .. }), "{err:?}");
    let path = previous_release(dir.path()).await;
    let err = copy_to_postgres(&path, "mysql://u:pw@h/db")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, CopyError::NotPostgres { url } if url == "mysql://u@h/db"),
        "{err:?}"
    );

    // A migration not applied yet: `suivi migrate` first.
    let mut conn = sqlite(&path).await;
    let last = suivi::store::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = ?1")
        .bind(last)
        .execute(&mut conn)
        .await
        .unwrap();
    let err = copy_to_postgres(&path, NO_SERVER).await.unwrap_err();
    assert!(
        matches!(err, CopyError::SourcePending { pending: 1, .. }),
        "{err:?}"
    );
    // A migration this suivi does not know: a newer one wrote the file.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         SELECT ?1, 'x', 1, checksum, 0 FROM _sqlx_migrations LIMIT 1",
    )
    .bind(last)
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         SELECT 99991231000000, 'later', 1, checksum, 0 FROM _sqlx_migrations LIMIT 1",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let err = copy_to_postgres(&path, NO_SERVER).await.unwrap_err();
    assert!(
        matches!(
            err,
            CopyError::SourceNewer {
                version: 99991231000000,
                ..
            }
        ),
        "{err:?}"
    );
}

/// Rows seeded in `audit` so the copy takes long enough for the writer to write during it.
const SEEDED: i64 = 30_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_written_during_the_copy_gives_one_snapshot() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = previous_release(dir.path()).await;
    let writer = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&path)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(5)),
        )
        .await
        .unwrap();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO audit (at, action, subject_id, detail) SELECT 'seed', 'export', i, '' FROM n",
    )
    .bind(SEEDED)
    .execute(&writer)
    .await
    .unwrap();
    // The writer: each transaction adds one audit row and records how many it wrote.
    let (written, mut seen) = tokio::sync::watch::channel(0i64);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let task = {
        let (writer, stop) = (writer.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0i64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let mut tx = writer.begin().await.unwrap();
                sqlx::query("INSERT INTO audit (at, action, detail) VALUES ('live', 'erase', ?1)")
                    .bind(n.to_string())
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                sqlx::query("INSERT OR REPLACE INTO runtime (key, value) VALUES ('writer', ?1)")
                    .bind(n.to_string())
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                written.send_replace(n);
            }
            n
        })
    };
    tokio::time::timeout(Duration::from_secs(30), seen.wait_for(|n| *n >= 3))
        .await
        .unwrap()
        .unwrap();
    let report = copy_to_postgres(&path, &pg.url).await.unwrap();
    let during = *seen.borrow();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let total = task.await.unwrap();
    assert!(report.ok(), "{report:#?}");

    let mut dst = pg.connect().await;
    let (copied,): (String,) = sqlx::query_as("SELECT value FROM runtime WHERE key = 'writer'")
        .fetch_one(&mut dst)
        .await
        .unwrap();
    let copied: i64 = copied.parse().unwrap();
    let (live, last): (i64, Option<String>) =
        sqlx::query_as("SELECT count(*), max(lpad(detail, 12, '0')) FROM audit WHERE at = 'live'")
            .fetch_one(&mut dst)
            .await
            .unwrap();
    // One snapshot: the counter and the rows it counts were copied at the same instant.
    assert_eq!(live, copied);
    assert_eq!(last.unwrap().trim_start_matches('0'), copied.to_string());
    assert_eq!(count_pg(&mut dst, "audit").await, SEEDED + copied);
    let audit = report.tables.iter().find(|t| t.name == "audit").unwrap();
    assert_eq!(audit.source_rows, SEEDED + copied);
    // The source was written before the snapshot and went on being written after it.
    assert!(copied >= 3, "{copied}");
    assert!(
        during > copied,
        "no write during the copy: {during} vs {copied}"
    );
    assert!(total >= during);
    writer.close().await;
}

fn suivi(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_suivi"));
    c.arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .env("SUIVI_DATABASE", db)
        .env("LANG", "en_US.UTF-8")
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG");
    c
}

fn output(c: &mut Command) -> (i32, String, String) {
    let out = c.stdin(Stdio::null()).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[tokio::test]
async fn the_binary_moves_todays_database_and_says_so() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("suivi.db");
    // Today's flows, through the real binary.
    crate::console::run_console(&db, "en", &crate::console::script("console-en.txt"));
    let url = pg.url.replacen("://postgres@", "://postgres:hunter2@", 1);
    let (code, out, err) = output(suivi(&db).args(["migrate", "--to", &url]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("hunter2") && !err.contains("hunter2"));
    let shown = pg.url.split('?').next().unwrap();
    assert!(
        out.starts_with(&format!("Copying {} into {shown}", db.display())),
        "{out}"
    );
    assert!(
        out.contains("table") && out.contains("checksum (SHA-256)"),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    for table in ["people", "supports", "agreements", "tasks", "deliveries"] {
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(table))
            .unwrap_or_else(|| panic!("{table} not in:\n{out}"));
        assert!(line.ends_with(" ok"), "{line}");
    }
    let mut dst = pg.connect().await;
    let (agreements, tasks) = (
        count_pg(&mut dst, "agreements").await,
        count_pg(&mut dst, "tasks").await,
    );
    assert_eq!((agreements, tasks), (1, 3));
    let last = lines.last().unwrap();
    assert!(
        last.starts_with(&format!("{} tables, ", tables_of(&db).await))
            && last.contains(&format!("rows copied into {shown}")),
        "{last}"
    );

    // Again: the target has rows now, and is left as it is.
    let (code, _, err) = output(suivi(&db).args(["migrate", "--to", &url]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("already holds rows: ") && err.contains("agreements (1)"),
        "{err}"
    );
    assert!(err.contains("create a new one (createdb)"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    assert_eq!(count_pg(&mut dst, "agreements").await, 1);

    // A database already on PostgreSQL has no file to copy.
    let (code, _, err) = output(suivi(Path::new(&url)).args(["migrate", "--to", &url]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("The database is already on PostgreSQL ("),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");

    // Not a PostgreSQL URL: exit 2, and what to write.
    let (code, _, err) = output(suivi(&db).args(["migrate", "--to", "mysql://u:pw@h/db"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--to mysql://u@h/db: not a PostgreSQL URL"),
        "{err}"
    );
}
