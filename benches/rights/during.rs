//! Part 3: erasing a person while a reader holds a snapshot of the file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use suivi::conversation::Desk;
use suivi::domain::closing::Input;

use crate::fixture::files::Scan;
use crate::fixture::stats::{mib, ms, Summary};
use crate::fixture::{who, Shared};
use crate::{active_closing, paced_inputs, spawn_backup, ANSWERER, ANSWERER_ELSEWHERE, LONG_READ};

/// What holds a snapshot of the file while a person is erased.
#[derive(Clone, Copy)]
pub enum Reader {
    /// Nothing but the inputs (the baseline).
    Nothing,
    /// `suivi backup` (its own process).
    Backup,
    /// A read transaction held for [`LONG_READ`] by another pool.
    Long,
}

/// Part 3: erase `person` while `reader` reads the file; inputs go on meanwhile through the
/// same desk and through another one (another pool).
pub async fn erase_during(
    shared: &Shared,
    desk: &Desk,
    big: &Path,
    dir: &Path,
    (person, name, typed, pieces): (u64, &str, &'static str, [&'static str; 3]),
    reader: Reader,
) {
    // One more answer of theirs, so that their words are in the log too.
    let theirs = active_closing(desk, person).await;
    desk.input(
        theirs,
        &who(person, name),
        Input::Text(format!("{typed}, et personne ne sait encore quoi faire")),
    )
    .await
    .expect("an answer");
    let scan = |path: PathBuf| async move {
        tokio::task::spawn_blocking(move || Scan::of(&path, typed, &pieces, "Personne 99999"))
            .await
            .expect("scanning")
    };
    let before = scan(big.to_owned()).await;
    let (elsewhere, _) = shared.desk_at(big, desk.clock().now()).await;
    let (here_who, there_who) = (who(ANSWERER, "Awa"), who(ANSWERER_ELSEWHERE, "Léa"));
    let here_conv = active_closing(desk, ANSWERER).await;
    let there_conv = active_closing(&elsewhere, ANSWERER_ELSEWHERE).await;
    let (mut p1, mut p2) = (false, false);
    let stop = AtomicBool::new(false);
    let target = dir.join("backup-erase.db");
    let here = paced_inputs(
        desk,
        &here_who,
        here_conv,
        &mut p1,
        Some(&stop),
        Duration::from_secs(600),
    );
    let there = paced_inputs(
        &elsewhere,
        &there_who,
        there_conv,
        &mut p2,
        Some(&stop),
        Duration::from_secs(600),
    );
    let erase = async {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let done = Arc::new(AtomicBool::new(false));
        let read_began = Instant::now();
        let (thread, holder) = match reader {
            Reader::Nothing => {
                done.store(true, Ordering::Release);
                (None, None)
            }
            Reader::Backup => {
                let thread = spawn_backup(big, &target, &done);
                // Let the copy begin reading.
                while !target.exists() && !done.load(Ordering::Acquire) {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                (Some(thread), None)
            }
            Reader::Long => {
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", big.display()))
                    .await
                    .expect("another pool");
                let done = done.clone();
                let holder = tokio::spawn(async move {
                    let mut conn = pool.acquire().await.expect("a connection");
                    sqlx::query("BEGIN")
                        .execute(&mut *conn)
                        .await
                        .expect("begin");
                    let (_n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people")
                        .fetch_one(&mut *conn)
                        .await
                        .expect("a read");
                    tokio::time::sleep(LONG_READ).await;
                    sqlx::query("COMMIT")
                        .execute(&mut *conn)
                        .await
                        .expect("commit");
                    drop(conn);
                    pool.close().await;
                    done.store(true, Ordering::Release);
                    read_began.elapsed()
                });
                (None, Some(holder))
            }
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let erased = desk.erase_data(person, Some(person)).await;
        let took = started.elapsed();
        let running = !done.load(Ordering::Acquire);
        let after = scan(big.to_owned()).await;
        while !done.load(Ordering::Acquire) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut read_took = Duration::ZERO;
        if let Some(t) = thread {
            read_took = t.join().expect("the backup thread").0;
        }
        if let Some(h) = holder {
            read_took = h.await.expect("the long reader");
        }
        // An erasure that said it could not finish is asked again, as its caller would.
        let again = if erased.is_err() {
            let t = Instant::now();
            let r = desk.erase_data(person, Some(person)).await;
            Some((r.map(|e| e.supports), t.elapsed()))
        } else {
            None
        };
        let later = scan(big.to_owned()).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        stop.store(true, Ordering::Release);
        (erased, took, running, after, read_took, again, later)
    };
    let ((t1, f1), (t2, f2), (erased, took, running, after, read_took, again, later)) =
        tokio::join!(here, there, erase);
    elsewhere.store().close().await;
    let _ = std::fs::remove_file(&target);
    println!(
        "  erase_data: {} in {:.1} ms; the reader was {} when it returned; it read for {:.2} s",
        match &erased {
            Ok(e) => format!("ok ({} support)", e.supports),
            Err(e) => format!("error \"{e}\""),
        },
        ms(took),
        if running { "still reading" } else { "done" },
        read_took.as_secs_f64()
    );
    if let Some((r, t)) = again {
        println!(
            "  erase_data again once the reader had ended: {:?} in {:.1} ms",
            r.map_err(|e| e.to_string()),
            ms(t)
        );
    }
    for (name, s) in [
        ("before", &before),
        ("when erase_data returned", &after),
        ("after the reader ended (and any retry)", &later),
    ] {
        println!(
            "  {name}: db {:.1} MiB, sentence and pieces {:?}; wal {:.2} MiB, sentence and pieces {:?}",
            mib(s.db_bytes),
            s.db,
            mib(s.wal_bytes),
            s.wal
        );
    }
    for (name, times, failed) in [("same desk", &t1, f1), ("another pool", &t2, f2)] {
        let s = Summary::of(times);
        println!(
            "  inputs meanwhile ({name}): {}, median {:.2} ms, p99 {:.2} ms, max {:.1} ms, failed {failed}",
            s.n,
            ms(s.median),
            ms(s.p99),
            ms(s.max)
        );
    }
}
