//! The store on real files: migrations, backup, file mode, pragmas.

use std::os::unix::fs::PermissionsExt;

use suivi::store::{Store, MIGRATOR};

#[tokio::test]
async fn migrating_an_empty_file_creates_the_schema_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    // The folder must exist: suivi creates files, never folders (see `operator.rs`).
    std::fs::create_dir(dir.path().join("nested")).unwrap();
    let path = dir.path().join("nested").join("suivi.db");
    let (store, report) = Store::open(&path).await.unwrap();
    assert_eq!(report.applied, MIGRATOR.iter().count());
    assert_eq!(report.backup, None, "a new file needs no backup");
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let names: Vec<&str> = tables.iter().map(|(n,)| n.as_str()).collect();
    for t in [
        "agreements",
        "answers",
        "conversations",
        "deliveries",
        "people",
        "supports",
        "tasks",
        "work_sessions",
    ] {
        assert!(names.contains(&t), "{t} missing from {names:?}");
    }
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let (journal,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(journal, "wal");
    let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    store.close().await;
}

#[tokio::test]
async fn running_the_migrations_again_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suivi.db");
    let (store, _) = Store::open(&path).await.unwrap();
    store
        .touch_person(42, "Awa", Some("fr"), chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;
    let (store, report) = Store::open(&path).await.unwrap();
    assert_eq!(report.applied, 0);
    assert_eq!(report.backup, None, "nothing changes, so nothing is copied");
    let person = store.person(42).await.unwrap().unwrap();
    assert_eq!(person.display_name, "Awa");
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    assert!(files
        .iter()
        .all(|f| !f.file_name().to_string_lossy().contains("backup")));
    store.close().await;
}

#[tokio::test]
async fn a_backup_is_written_before_migrating_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // An existing database that predates the migrations, with data in it.
    {
        use sqlx::ConnectOptions;
        let opts = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut conn = opts.connect().await.unwrap();
        sqlx::query("CREATE TABLE notes (text TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO notes VALUES ('garder ceci')")
            .execute(&mut conn)
            .await
            .unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (store, report) = Store::open(&path).await.unwrap();
    let backup = report.backup.expect("a backup must be written");
    assert!(backup.exists());
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600,
        "tightened"
    );
    // The copy holds the old data and not the new schema.
    let (_, _) = (store.close().await, ());
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(&backup);
    let pool = sqlx::SqlitePool::connect_with(opts).await.unwrap();
    let (text,): (String,) = sqlx::query_as("SELECT text FROM notes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(text, "garder ceci");
    let has: Option<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE name = 'agreements'")
            .fetch_optional(&pool)
            .await
            .unwrap();
    assert!(has.is_none());
}

#[tokio::test]
async fn an_unwritable_place_is_a_clear_error() {
    let err = Store::open(std::path::Path::new("/proc/suivi/cannot.db"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("/proc/suivi/cannot.db"), "{err}");
}

/// The check-ins migration rebuilds `conversations`: what refers to it (answers, agreements,
/// deliveries) must survive, on a file written by the code before it.
#[tokio::test]
async fn rebuilding_conversations_keeps_what_refers_to_them() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let before = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(suivi::store::MIGRATOR.migrations[..3].to_vec()),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    before.run(&mut conn).await.unwrap();
    let t = "2026-11-28T10:00:00.000Z";
    for sql in [
        format!("INSERT INTO people (id, created_at, updated_at) VALUES (1, '{t}', '{t}'), (2, '{t}', '{t}')"),
        format!("INSERT INTO supports (id, guild_id, advisor_id, beneficiary_id, created_at, updated_at, last_contact_at) VALUES (1, 0, 1, 2, '{t}', '{t}', '{t}')"),
        format!("INSERT INTO work_sessions (id, support_id, opened_at) VALUES (1, 1, '{t}')"),
        format!("INSERT INTO conversations (id, session_id, kind, step, state, status, created_at, updated_at, version) VALUES (7, 1, 'closing', 'agreed', '{{}}', 'done', '{t}', '{t}', 12)"),
        format!("INSERT INTO answers (conversation_id, field, value, answered_at) VALUES (7, 'next_step', 'Rédiger la convention', '{t}')"),
        format!("INSERT INTO agreements (support_id, conversation_id, cadence, first_exchange_local, first_exchange_utc, timezone, means, beneficiary_commitments, advisor_commitments, relay_consent, relay_consent_at, beneficiary_confirmed_at, advisor_confirmed_at, created_at) VALUES (1, 7, '{{\"unit\":\"weeks\",\"every\":2}}', '2026-12-01T10:00:00', '{t}', 'Europe/Paris', 'email', 'a', 'b', 1, '{t}', '{t}', '{t}', '{t}')"),
        format!("INSERT INTO deliveries (key, kind, recipient_id, conversation_id, due_at, payload, created_at) VALUES ('k', 'prompt', 2, 7, '{t}', '{{}}', '{t}')"),
    ] {
        sqlx::query(&sql).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();

    let (store, report) = suivi::store::Store::open(&path).await.unwrap();
    assert!(report.applied >= 1);
    let count = |sql: &'static str| {
        let pool = store.pool().clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
            n
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM answers WHERE conversation_id = 7").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM agreements WHERE conversation_id = 7").await,
        1
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM deliveries WHERE conversation_id = 7").await,
        1
    );
    assert_eq!(
        count("SELECT version FROM conversations WHERE id = 7").await,
        12
    );
    // The new kind is accepted, and a reference to a missing conversation is refused.
    sqlx::query(&format!("INSERT INTO conversations (session_id, kind, step, state, created_at, updated_at) VALUES (1, 'checkin', 'task_0', '{{}}', '{t}', '{t}')"))
        .execute(store.pool())
        .await
        .unwrap();
    let dangling = sqlx::query(&format!("INSERT INTO answers (conversation_id, field, value, answered_at) VALUES (999, 'x', 'y', '{t}')"))
        .execute(store.pool())
        .await;
    assert!(dangling.is_err(), "foreign keys are on again");
}
