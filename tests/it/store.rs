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
