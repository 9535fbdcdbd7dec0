//! Part 2: `suivi backup` of a database with 100,000 agreements while inputs are applied.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use suivi::clock::ManualClock;
use suivi::conversation::Desk;
use suivi::domain::closing::Input;

use crate::fixture::seed_bulk::copy_agreements;
use crate::fixture::stats::{mib, ms, Summary};
use crate::fixture::{who, Shared, ADVISOR, GUILD};
use crate::{
    active_closing, live_closing, paced_inputs, scalar, spawn_backup, AGREEMENTS, ANSWERER,
    ANSWERER_ELSEWHERE, BULK, PERSON, QUIET_WINDOW, ROUNDS, SCRIPTS, TYPED, TYPED_LONG,
    TYPED_QUIET, TYPIST, TYPIST_LONG, TYPIST_QUIET,
};

/// The history of one real closing, used as the template of the bulk rows.
pub struct Template {
    conversation: i64,
    agreement: i64,
}

/// Part 2: 100,000 active agreements, by bulk SQL in one transaction.
pub async fn build_bulk(shared: &Shared, path: &Path) -> (Desk, Arc<ManualClock>, i64) {
    let now: DateTime<Utc> = "2026-11-28T10:00:00Z".parse().expect("an instant");
    let (desk, clock) = shared.desk_at(path, now).await;
    let advisor = who(ADVISOR, "Claire");
    let closing = live_closing(&desk, &clock, &advisor, &who(PERSON, "Moussa"), &SCRIPTS[0]).await;
    let (agreement,): (i64,) =
        sqlx::query_as("SELECT id FROM agreements WHERE conversation_id = $1")
            .bind(closing)
            .fetch_one(desk.store().pool())
            .await
            .expect("the template agreement");
    let template = Template {
        conversation: closing,
        agreement,
    };
    // Closings in progress: those the timed inputs are applied to, and those of the people
    // erased during a read (their words already in them).
    for (person, typed) in [
        (who(ANSWERER, "Awa"), None),
        (who(ANSWERER_ELSEWHERE, "Léa"), None),
        (who(TYPIST, "Binta"), Some(TYPED)),
        (who(TYPIST_LONG, "Chloé"), Some(TYPED_LONG)),
        (who(TYPIST_QUIET, "Inès"), Some(TYPED_QUIET)),
    ] {
        let (opening, _) = desk
            .between(GUILD, &advisor, &person)
            .open_session()
            .await
            .expect("opening a session");
        let expectations = match typed {
            Some(t) => format!("{t}, il faut trouver une solution"),
            None => "Préparer le dossier de subvention pour la région et comprendre les critères de sélection".to_owned(),
        };
        desk.input(opening, &person, Input::Text(expectations))
            .await
            .expect("stating the expectations");
        let (active, _) = desk
            .between(GUILD, &advisor, &person)
            .start_closing(true)
            .await
            .expect("starting the closing");
        let question = match typed {
            Some(t) => format!("{t} : comment faire sans perdre de temps ?"),
            None => "Faut-il déjà avoir un cofinancement de la commune pour déposer le dossier à la région ?".to_owned(),
        };
        for input in [
            Input::Choice("partly".to_owned()),
            Input::Text(question),
            Input::Choice("yes".to_owned()),
        ] {
            desk.input(active, &person, input)
                .await
                .expect("an answer of a closing in progress");
        }
    }

    let t = Instant::now();
    let store = desk.store().clone();
    let mut tx = store.pool().begin().await.expect("a transaction");
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    copy_agreements(
        &mut tx,
        (template.conversation, template.agreement),
        AGREEMENTS,
        BULK,
        &at,
    )
    .await;
    tx.commit().await.expect("committing the bulk rows");
    store.truncate_wal().await.expect("checkpoint");
    let seeded = t.elapsed();
    let active = scalar(
        &store,
        "SELECT COUNT(*) FROM agreements WHERE status = 'active'",
    )
    .await;
    assert!(active > AGREEMENTS, "{active}");
    let rows = [
        scalar(&store, "SELECT COUNT(*) FROM answers").await,
        scalar(&store, "SELECT COUNT(*) FROM tasks").await,
        scalar(&store, "SELECT COUNT(*) FROM deliveries").await,
    ];
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup database: {active} active agreements, {} answers, {} tasks, {} deliveries; file {:.1} MiB; bulk SQL {:.1} s",
        rows[0],
        rows[1],
        rows[2],
        mib(size),
        seeded.as_secs_f64()
    );
    (desk, clock, active)
}

/// Part 2.
pub async fn backup(shared: &Shared, dir: &Path, big: &Path) -> Desk {
    println!();
    println!("== 2. suivi backup with {AGREEMENTS} agreements while inputs are applied ==");
    let (desk, _clock, _) = build_bulk(shared, big).await;
    let conversation = active_closing(&desk, ANSWERER).await;
    let answerer = who(ANSWERER, "Awa");
    let mut paused = false;
    // Warm-up.
    paced_inputs(
        &desk,
        &answerer,
        conversation,
        &mut paused,
        None,
        Duration::from_secs(1),
    )
    .await;
    let mut quiet = Vec::new();
    let mut during = Vec::new();
    let mut failed = 0;
    let mut walls = Vec::new();
    let mut reported = Vec::new();
    let mut rounds = Vec::new();
    for r in 0..ROUNDS {
        let (q, f) = paced_inputs(
            &desk,
            &answerer,
            conversation,
            &mut paused,
            None,
            QUIET_WINDOW,
        )
        .await;
        failed += f;
        let target = dir.join(format!("backup-{r}.db"));
        let done = Arc::new(AtomicBool::new(false));
        let thread = spawn_backup(big, &target, &done);
        let (d, f) = paced_inputs(
            &desk,
            &answerer,
            conversation,
            &mut paused,
            Some(&done),
            Duration::from_secs(600),
        )
        .await;
        failed += f;
        let (wall, inside) = thread.join().expect("the backup thread");
        let copy_size = std::fs::metadata(&target).map_or(0, |m| m.len());
        // The copy is whole: every agreement is in it.
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", target.display()))
            .await
            .expect("opening the copy");
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM agreements WHERE status = 'active'")
                .fetch_one(&pool)
                .await
                .expect("counting the copy's agreements");
        pool.close().await;
        let (qs, ds) = (Summary::of(&q), Summary::of(&d));
        println!(
            "  round {r}: backup {:.2} s wall ({} reported for the copy), copy {:.1} MiB with {n} active agreements | without: {} inputs, median {:.2} ms, p99 {:.2} ms | during: {} inputs, median {:.2} ms, p99 {:.2} ms, max {:.1} ms",
            wall.as_secs_f64(),
            inside.map_or("?".to_owned(), |d| format!("{:.2} s", d.as_secs_f64())),
            mib(copy_size),
            qs.n,
            ms(qs.median),
            ms(qs.p99),
            ds.n,
            ms(ds.median),
            ms(ds.p99),
            ms(ds.max),
        );
        rounds.push((qs, ds));
        quiet.extend(q);
        during.extend(d);
        walls.push(wall);
        if let Some(d) = inside {
            reported.push(d);
        }
        let _ = std::fs::remove_file(&target);
    }
    let (qs, ds) = (Summary::of(&quiet), Summary::of(&during));
    let ws = Summary::of(&walls);
    let size = std::fs::metadata(big).map_or(0, |m| m.len());
    println!(
        "  suivi backup: median {:.2} s wall (min {:.2}, max {:.2}){}; {:.0} MiB/s of database",
        ws.median.as_secs_f64(),
        ws.min.as_secs_f64(),
        ws.max.as_secs_f64(),
        if reported.is_empty() {
            String::new()
        } else {
            format!(
                ", {:.2} s reported for the copy itself",
                Summary::of(&reported).median.as_secs_f64()
            )
        },
        mib(size) / ws.median.as_secs_f64()
    );
    println!();
    println!(
        "| {:<22} | {:>7} | {:>11} | {:>11} | {:>11} |",
        "ms per input", "inputs", "median", "p99", "max"
    );
    println!(
        "|{:-<24}|{:->9}|{:->13}|{:->13}|{:->13}|",
        "", "", "", "", ""
    );
    for (name, s) in [("no backup running", &qs), ("during suivi backup", &ds)] {
        println!(
            "| {:<22} | {:>7} | {:>11.2} | {:>11.2} | {:>11.2} |",
            name,
            s.n,
            ms(s.median),
            ms(s.p99),
            ms(s.max)
        );
    }
    println!(
        "  ratios (during / without): median {:.2}x, p99 {:.2}x; inputs failed: {failed}",
        ds.median.as_secs_f64() / qs.median.as_secs_f64(),
        ds.p99.as_secs_f64() / qs.p99.as_secs_f64()
    );
    desk
}
