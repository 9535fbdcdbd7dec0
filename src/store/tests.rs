//! The store's own tests: the write lock, and what every pooled connection is set to.

use std::time::Duration;

use sqlx::{Connection, SqliteConnection};

use super::sqlite::options_for;
use super::*;

/// Another connection to the same file that does not wait for locks.
async fn impatient(path: &Path) -> SqliteConnection {
    let options = options_for(path).unwrap().busy_timeout(Duration::ZERO);
    SqliteConnection::connect_with(&options).await.unwrap()
}

async fn open() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suivi.db");
    let (store, _) = Store::open(&path).await.unwrap();
    (dir, path, store)
}

const READ: &str = "SELECT COUNT(*) FROM jobs";
const WRITE: &str = "INSERT INTO jobs (name, next_at) VALUES ($1, '2026-12-01T00:00:00.000Z')";

/// The pool reaches the file through `sqlx::Any`: every pooled connection still gets the
/// settings `open` promises (WAL, foreign keys, a busy timeout, secure delete).
#[tokio::test]
async fn every_pooled_connection_has_wal_and_foreign_keys_on() {
    let (_dir, _path, store) = open().await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(store.pool.acquire().await.unwrap());
    }
    for conn in &mut held {
        let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        for (pragma, want) in [
            ("foreign_keys", 1),
            ("busy_timeout", 5000),
            ("secure_delete", 1),
        ] {
            let (v,): (i64,) = sqlx::query_as(&format!("PRAGMA {pragma}"))
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(v, want, "{pragma}");
        }
    }
    // And a row that breaks a reference is refused.
    let e = sqlx::query(
        "INSERT INTO answers (conversation_id, field, value, answered_at) VALUES (999, 'x', 'y', 'z')",
    )
    .execute(&store.pool)
    .await;
    assert!(e.is_err_and(|e| e.to_string().contains("FOREIGN KEY")));
}

/// Why [`Store::write`]: a deferred transaction that read, then writes after another
/// connection wrote, fails at once whatever the busy timeout.
#[tokio::test]
async fn a_deferred_transaction_that_read_cannot_write_after_another_wrote() {
    let (_dir, path, store) = open().await;
    let mut tx = store.pool.begin().await.unwrap();
    let _: (i64,) = sqlx::query_as(READ).fetch_one(&mut *tx).await.unwrap();
    let mut other = impatient(&path).await;
    sqlx::query(WRITE)
        .bind("other")
        .execute(&mut other)
        .await
        .unwrap();
    let e = sqlx::query(WRITE).bind("mine").execute(&mut *tx).await;
    assert!(
        e.as_ref().is_err_and(|e| e.to_string().contains("locked")),
        "{e:?}"
    );
}

/// A write transaction holds the write lock from its start: nobody writes in between, so
/// its own write after a read cannot fail that way.
#[tokio::test]
async fn a_write_transaction_holds_the_write_lock_from_its_start() {
    let (_dir, path, store) = open().await;
    let mut tx = store.write().await.unwrap();
    let _: (i64,) = sqlx::query_as(READ).fetch_one(&mut *tx).await.unwrap();
    let mut other = impatient(&path).await;
    let e = sqlx::query(WRITE).bind("other").execute(&mut other).await;
    assert!(
        e.as_ref().is_err_and(|e| e.to_string().contains("locked")),
        "{e:?}"
    );
    sqlx::query(WRITE)
        .bind("mine")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // Then the other one can write.
    sqlx::query(WRITE)
        .bind("other")
        .execute(&mut other)
        .await
        .unwrap();
    let (n,): (i64,) = sqlx::query_as(READ).fetch_one(&store.pool).await.unwrap();
    assert_eq!(n, 2);
}
