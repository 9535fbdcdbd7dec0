//! A full disk, with SQLite's `max_page_count` standing for it: two writes fail and the person
//! is told plainly, nothing saved is lost, and once there is space again the next write
//! succeeds on its own (no connection is left inside a transaction). The console's goodbye
//! says "Everything is saved" only when it is true.

use std::sync::Arc;

use suivi::conversation::DeskError;
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::store::{FullFile, Store, StoreError};

use crate::common::*;

/// Sets `PRAGMA max_page_count` on every connection of the pool: the file's current size
/// (nothing more fits, once the free space is used up), or back to SQLite's default. The free
/// space left in the file's pages is used up in a table of the test's own and in the pages
/// of `answers` (rows of conversation `fill`), where the next answer would go.
async fn limit(store: &Store, full: bool, fill: i64) {
    let pool = store.pool();
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(pool.acquire().await.expect("a connection"));
    }
    for conn in &mut held {
        let max = if full {
            let (n,): (i64,) = sqlx::query_as("PRAGMA page_count")
                .fetch_one(&mut **conn)
                .await
                .expect("page count");
            n
        } else {
            1_073_741_823
        };
        sqlx::query(&format!("PRAGMA max_page_count = {max}"))
            .execute(&mut **conn)
            .await
            .expect("max_page_count");
    }
    if full {
        // Use up what is left in the file's pages.
        let conn = &mut held[0];
        sqlx::query("CREATE TABLE IF NOT EXISTS filler (x BLOB)")
            .execute(&mut **conn)
            .await
            .ok();
        let mut n = 0;
        for size in [4000, 1000, 200, 40, 1] {
            while sqlx::query("INSERT INTO filler VALUES (randomblob($1))")
                .bind(size)
                .execute(&mut **conn)
                .await
                .is_ok()
            {}
            loop {
                n += 1;
                let put = sqlx::query(
                    "INSERT INTO answers (conversation_id, field, value, answered_at)
                     VALUES ($1, $2, hex(randomblob($3)), '2026-01-01T00:00:00.000Z')",
                )
                .bind(fill)
                .bind(format!("filler-{n}"))
                .bind(size / 2 + 1)
                .execute(&mut **conn)
                .await;
                if put.is_err() {
                    break;
                }
            }
        }
    }
}

fn disk_full(e: &DeskError) -> bool {
    matches!(e, DeskError::Store(s) if s.is_disk_full())
}

#[tokio::test]
async fn two_failed_writes_on_a_full_disk_then_space_back_and_the_next_write_is_saved() {
    let env = file_env().await;
    let (opening, _) = env
        .desk
        .between(GUILD, &advisor(Lang::En), &beneficiary(Lang::En))
        .open_session()
        .await
        .expect("opened");
    let step = env.step(opening).await;
    let answer = "Understand how the cooperation agreement is financed next year.";
    let mut last = None;
    for _ in 0..2 {
        // Every pooled connection at the limit: a failed write drops its connection, and the
        // pool may open a fresh one (without the test's limit) for the next write.
        limit(env.desk.store(), true, opening).await;
        let e = env
            .say(opening, &beneficiary(Lang::En), Input::Text(answer.into()))
            .await
            .expect_err("no space left");
        assert!(disk_full(&e), "{e:?}");
        // The person is told plainly, in their language.
        let en = env.i18n.msg(Lang::En, &e.msg());
        assert!(en.contains("no storage space left"), "{en}");
        assert!(en.contains("Nothing you already answered is lost"), "{en}");
        let fr = env.i18n.msg(Lang::Fr, &e.msg());
        assert!(fr.contains("plus d’espace de stockage"), "{fr}");
        // The operator's line names the file (the connection that failed is gone, so the
        // one that explains may not carry the test's limit: the database or its log).
        let DeskError::Store(s) = e else {
            unreachable!()
        };
        let said = env.desk.explain(s).await;
        assert!(
            matches!(&said, StoreError::DiskFull { path, .. } if path.starts_with(&env.path) || path.display().to_string().starts_with(&env.path.display().to_string())),
            "{said:?}"
        );
        assert!(said.to_string().contains(&env.path.display().to_string()));
        last = Some(said);
    }
    // On a connection at the file's size limit, it is the database itself that is full.
    limit(env.desk.store(), true, opening).await;
    let first_full = match last {
        Some(StoreError::DiskFull { .. }) => {
            let e = env
                .say(opening, &beneficiary(Lang::En), Input::Text(answer.into()))
                .await
                .expect_err("still no space");
            let DeskError::Store(s) = e else {
                panic!("{e:?}")
            };
            s
        }
        other => panic!("{other:?}"),
    };
    limit(env.desk.store(), true, opening).await;
    let said = env.desk.explain(first_full).await;
    assert!(
        matches!(&said, StoreError::DiskFull { path, file: FullFile::Database } if *path == env.path),
        "{said:?}"
    );
    // Nothing saved was lost, nothing half-saved.
    assert_eq!(env.step(opening).await, step);
    assert_eq!(env.answer(opening, "expectations").await, None);
    let (people,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people")
        .fetch_one(env.desk.store().pool())
        .await
        .expect("people");
    assert_eq!(people, 2);

    // Space is back: the next write succeeds by itself, on whatever connection it gets.
    limit(env.desk.store(), false, opening).await;
    for sql in [
        "DROP TABLE IF EXISTS filler",
        "DELETE FROM answers WHERE field LIKE 'filler-%'",
    ] {
        sqlx::query(sql)
            .execute(env.desk.store().pool())
            .await
            .expect("a write after space came back");
    }
    env.say(opening, &beneficiary(Lang::En), Input::Text(answer.into()))
        .await
        .expect("saved once there is space");
    assert_eq!(
        env.answer(opening, "expectations").await.as_deref(),
        Some(answer)
    );
}

/// `/quit` says "Everything is saved" only when the last input was; on a full disk it says
/// what was not saved and what to do.
#[tokio::test]
async fn the_console_says_everything_is_saved_only_when_it_is() {
    let env = file_env().await;
    let (desk, _) = desk_on(&env.path, env.clock.clone()).await;
    let desk = Arc::new(desk);
    let console = |script: &'static [u8], lang: Lang| {
        let desk = desk.clone();
        async move {
            let mut out = Vec::new();
            let input = tokio::io::BufReader::new(script);
            suivi::console::run(desk, input, &mut out, lang, true)
                .await
                .expect("the console ends");
            String::from_utf8_lossy(&out).into_owned()
        }
    };
    let text = console(b"/open\n/quit\n", Lang::En).await;
    assert!(text.ends_with("Bye. Everything is saved.\n"), "{text}");
    let (opening,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM conversations")
        .fetch_one(desk.store().pool())
        .await
        .expect("the opening");

    limit(desk.store(), true, opening).await;
    let text = console(b"To finance the agreement next year.\n/quit\n", Lang::En).await;
    assert!(text.contains("no storage space left"), "{text}");
    assert!(!text.contains("Everything is saved"), "{text}");
    assert!(
        text.contains("Your last input could not be saved"),
        "{text}"
    );

    limit(desk.store(), false, opening).await;
    sqlx::query("DELETE FROM answers WHERE field LIKE 'filler-%'")
        .execute(desk.store().pool())
        .await
        .expect("space is back");
    let text = console(b"To finance the agreement next year.\n/quit\n", Lang::Fr).await;
    assert!(text.contains("Tout est enregistré"), "{text}");
    let (saved,): (String,) = sqlx::query_as(
        "SELECT value FROM answers WHERE conversation_id = $1 AND field = 'expectations'",
    )
    .bind(opening)
    .fetch_one(desk.store().pool())
    .await
    .expect("the answer is saved");
    assert_eq!(saved, "To finance the agreement next year.");
}
