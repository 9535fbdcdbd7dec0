//! One machine, 1,000,000 active agreements (issue 17): planning time, start to READY, and
//! resident memory per process, on a SQLite file or on PostgreSQL.
//!
//! The database: `SUIVI_BENCH_AGREEMENTS` (default 1,000,000) weekly agreements with their
//! supports, people (40 beneficiaries per advisor), work sessions and closing conversations,
//! seeded in bulk SQL (`fixture/seed_scale.rs`), every one due for planning now and its first
//! exchange a week ahead (08:00–17:59 Paris), with `bot.toml`'s reminders (24 h and 1 h before).
//!
//! Planning: the product's own pass (`Dispatcher::plan_due`, 500 agreements a call, what the
//! dispatcher's housekeeping runs when `agreements.next_plan_at` passes) until nothing is left,
//! on a copy of the database, in this process. Baseline in the same run: the same pass on a
//! database of 1/100 the size, three times (median); the figure is the big pass against 100×
//! the small one (1.00× is linear), and the median call (500 agreements) of each.
//!
//! Start to READY: the real `suivi run` (release build) against the loopback Discord
//! (`discord-double`) on a fresh copy of the big database, and on an empty one in the same run:
//! from spawn to the double answering every IDENTIFY with READY, and to the bot logging its
//! gateway as ready (what `suivi status --health` reads). Then each process's `VmRSS`/`VmHWM`
//! (`/proc/PID/status`) after READY and after its planning pass (the bot, started on a
//! database where every agreement is due, plans them all; done when no active agreement is due
//! for planning any more). One process on SQLite; two processes (`--shards 0-0` and `1-1` of
//! `--shard-count 2`) on PostgreSQL.
//!
//! Run: `cargo bench --bench scale` for a SQLite file in a temporary folder;
//! `SUIVI_BENCH_DATABASE=postgres://user@host:port/postgres cargo bench --bench scale` for
//! PostgreSQL (databases `suivi_scale_*` there, dropped at the end). `SUIVI_BENCH_AGREEMENTS`
//! sets the size (10,000 for a quick try).

#[allow(dead_code)]
#[path = "fixture/mod.rs"]
mod fixture;
#[allow(dead_code)]
#[path = "fixture/seed_scale.rs"]
mod seed_scale;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, SubsecRound, Utc};
use discord_double::Double;
use fixture::bot::memory_kib;
use fixture::seed_bulk::Population;
use fixture::stats::summary;
use fixture::{load, ts};
use seed_scale::{bench_server, populate, Place, WORKING_DAY};
use suivi::clock::ManualClock;
use suivi::config::Config;
use suivi::conversation::Desk;
use suivi::i18n::I18n;
use suivi::outbox::{Dispatcher, Letter, Notifier, Route, Sending, Tuning};

/// Beneficiaries per advisor.
const PER_ADVISOR: i64 = 40;
const ADVISOR_BASE: i64 = 1_000_000_000;
const BENEFICIARY_BASE: i64 = 2_000_000_000;
const GUILD: i64 = 7000;
/// How long a started bot may take to connect, or to plan everything.
const DEADLINE: Duration = Duration::from_secs(3 * 3600);

/// Sends nothing: a planning pass sends no letter.
struct Nobody;

impl Notifier for Nobody {
    fn send<'a>(&'a self, _letter: &'a Letter) -> Sending<'a> {
        Box::pin(async { Ok(Route::Console) })
    }
}

fn agreements() -> i64 {
    std::env::var("SUIVI_BENCH_AGREEMENTS")
        .ok()
        .and_then(|s| s.replace(['_', ','], "").parse().ok())
        .filter(|n: &i64| *n >= 100)
        .unwrap_or(1_000_000)
}

async fn seed(place: &Place, count: i64, now: DateTime<Utc>) -> f64 {
    place.fresh().await;
    let store = place.open().await;
    let t = Instant::now();
    populate(
        &store,
        now,
        &Population {
            agreements: count,
            advisors: (count / PER_ADVISOR).max(1),
            advisor_base: ADVISOR_BASE,
            beneficiary_base: BENEFICIARY_BASE,
            guild: GUILD,
        },
        WORKING_DAY,
    )
    .await;
    store.close().await;
    t.elapsed().as_secs_f64()
}

/// One planning pass over everything due.
struct Planning {
    total_s: f64,
    /// Each `plan_due` call, in ms.
    calls_ms: Vec<f64>,
    planned: usize,
    deliveries: i64,
}

/// Plans everything due at `now` on `place`, as the dispatcher does, timing each call.
async fn plan_all(place: &Place, now: DateTime<Utc>, i18n: Arc<I18n>) -> Planning {
    let store = place.open().await;
    let config = Config::parse(include_str!("../bot.toml"), &[]).expect("bot.toml");
    let clock = Arc::new(ManualClock::new(now));
    let desk = Arc::new(Desk::new(store.clone(), i18n, Arc::new(config), clock));
    let planner = Dispatcher::new(desk, Arc::new(Nobody), Tuning::default());
    let mut calls_ms = Vec::new();
    let mut planned = 0;
    let t = Instant::now();
    loop {
        let call = Instant::now();
        let n = planner.plan_due(now).await.expect("plan_due");
        if n == 0 {
            break;
        }
        calls_ms.push(call.elapsed().as_secs_f64() * 1e3);
        planned += n;
    }
    let total_s = t.elapsed().as_secs_f64();
    let (deliveries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries")
        .fetch_one(store.pool())
        .await
        .expect("count the deliveries");
    store.close().await;
    Planning {
        total_s,
        calls_ms,
        planned,
        deliveries,
    }
}

/// `suivi run` (the release binary) on `place`, against `double`, with `shards` of 2 when set.
fn spawn_bot(double: &Double, place: &Place, shards: Option<&str>, log: &Path) -> Child {
    let log = std::fs::File::create(log).expect("the bot's log");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_suivi"));
    cmd.arg("--config")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .arg("run");
    if let Some(s) = shards {
        cmd.args(["--shards", s, "--shard-count", "2"]);
    }
    cmd.env("DISCORD_TOKEN", "bench-token")
        .env("SUIVI_DISCORD_API_BASE", double.proxy_url())
        .env("SUIVI_DATABASE", place.setting())
        // The planner's debug line says how many agreements each batch took: who planned what.
        .env(
            "RUST_LOG",
            "suivi=info,suivi::outbox::dispatcher::jobs=debug",
        )
        // The bench's own settings, not suivi's (it refuses SUIVI_ variables it does not know).
        .env_remove("SUIVI_BENCH_DATABASE")
        .env_remove("SUIVI_BENCH_AGREEMENTS")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the suivi binary starts")
}

/// What one start measured.
struct Start {
    /// Spawn to the double having sent READY to every process.
    identify_ready_s: f64,
    /// Spawn to every process logging its gateway as ready.
    bot_ready_s: f64,
    /// (VmRSS, VmHWM) in KiB per process, after READY.
    ready_kib: Vec<(u64, u64)>,
    /// Spawn to no agreement left to plan; `None` when there was nothing to plan.
    planned_s: Option<f64>,
    /// (VmRSS, VmHWM) in KiB per process, after the planning pass.
    planned_kib: Vec<(u64, u64)>,
    /// Agreements each process planned (from its log).
    planned_by: Vec<u64>,
    /// Deliveries in the database after the planning.
    deliveries: i64,
}

/// The agreements a bot's log says it planned (its "a batch of agreements planned" lines).
fn planned_by(log: &Path) -> u64 {
    said(log)
        .lines()
        .filter(|l| l.contains("a batch of agreements planned"))
        .filter_map(|l| l.split("agreements=").nth(1))
        .filter_map(|n| n.split(|c: char| !c.is_ascii_digit()).next())
        .filter_map(|n| n.parse::<u64>().ok())
        .sum()
}

fn said(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_default()
}

/// Fails the bench with the logs if a bot stopped.
fn alive(bots: &mut [Child], logs: &[PathBuf]) {
    for (bot, log) in bots.iter_mut().zip(logs) {
        if let Ok(Some(status)) = bot.try_wait() {
            panic!("a bot stopped ({status}):\n{}", said(log));
        }
    }
}

/// Whether an active agreement is still due for planning at `now` (1 or 0), read beside the
/// bots: the first one by the index, not a count (counting a million rows twice a second
/// would slow the bots it watches).
async fn due(pool: &sqlx::AnyPool, now: DateTime<Utc>) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT 1 FROM agreements WHERE status = 'active' AND next_plan_at IS NOT NULL
           AND next_plan_at <= $1 LIMIT 1) AS first",
    )
    .bind(ts(now))
    .fetch_one(pool)
    .await
    .expect("count what is left to plan");
    n
}

fn stop(mut bot: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(60);
    while bot.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = bot.kill();
            let _ = bot.wait();
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts one bot (SQLite) or two (PostgreSQL, one shard of two each) on `place`, waits for
/// READY, then for the planning of everything due at `now`; stops them.
async fn start_bots(place: &Place, now: DateTime<Utc>, dir: &Path, tag: &str) -> Start {
    let double = Double::start().await;
    let shards: Vec<Option<&str>> = if place.is_server() {
        vec![Some("0-0"), Some("1-1")]
    } else {
        vec![None]
    };
    let logs: Vec<PathBuf> = (0..shards.len())
        .map(|i| dir.join(format!("{tag}-{i}.log")))
        .collect();
    let t = Instant::now();
    let mut bots: Vec<Child> = shards
        .iter()
        .zip(&logs)
        .map(|(s, log)| spawn_bot(&double, place, *s, log))
        .collect();
    let expected: Vec<(u64, u64)> = if place.is_server() {
        vec![(0, 2), (1, 2)]
    } else {
        vec![(0, 1)]
    };
    while double
        .wait_shards_ready(&expected, Duration::from_millis(20))
        .await
        .is_err()
    {
        alive(&mut bots, &logs);
        assert!(t.elapsed() < DEADLINE, "the gateway never became ready");
    }
    let identify_ready_s = t.elapsed().as_secs_f64();
    let ready = |log: &PathBuf| {
        said(log)
            .lines()
            .any(|l| l.contains("gateway readiness changed") && l.contains("true"))
    };
    while !logs.iter().all(ready) {
        alive(&mut bots, &logs);
        assert!(t.elapsed() < DEADLINE, "the bot never said it was ready");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let bot_ready_s = t.elapsed().as_secs_f64();
    let memory = |bots: &[Child]| {
        bots.iter()
            .map(|b| memory_kib(&b.id().to_string()))
            .collect::<Vec<_>>()
    };
    let ready_kib = memory(&bots);
    sqlx::any::install_default_drivers();
    let url = match place {
        Place::File(p) => format!("sqlite://{}?mode=ro", p.display()),
        Place::Server { .. } => place.setting().display().to_string(),
    };
    let pool = sqlx::AnyPool::connect(&url).await.expect("a side pool");
    let mut planned_s = None;
    while due(&pool, now).await > 0 {
        planned_s = Some(t.elapsed().as_secs_f64());
        alive(&mut bots, &logs);
        assert!(t.elapsed() < DEADLINE, "the bots never planned everything");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let planned_s = planned_s.map(|_| t.elapsed().as_secs_f64());
    let planned_kib = memory(&bots);
    let (deliveries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries")
        .fetch_one(&pool)
        .await
        .expect("count the deliveries");
    pool.close().await;
    for bot in bots {
        stop(bot);
    }
    let planned_by = logs.iter().map(|l| planned_by(l)).collect();
    Start {
        planned_by,
        deliveries,
        identify_ready_s,
        bot_ready_s,
        ready_kib,
        planned_s,
        planned_kib,
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

fn print_start(name: &str, s: &Start) {
    let per = |v: &[(u64, u64)]| {
        v.iter()
            .map(|(rss, hwm)| format!("{} / {}", mib(*rss), mib(*hwm)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let by = s
        .planned_by
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(" · ");
    println!(
        "| {name} | {:.2} s | {:.2} s | {} | {} | {} | {by} | {} |",
        s.identify_ready_s,
        s.bot_ready_s,
        per(&s.ready_kib),
        s.planned_s.map_or("—".to_owned(), |p| format!("{p:.1} s")),
        per(&s.planned_kib),
        s.deliveries,
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = bench_server();
    let store = if server.is_some() {
        "PostgreSQL"
    } else {
        "SQLite file"
    };
    let place = |name: &str| Place::named(server.as_deref(), dir.path(), name);
    let (big, small, work, empty) = (
        place("suivi_scale_big"),
        place("suivi_scale_small"),
        place("suivi_scale_work"),
        place("suivi_scale_empty"),
    );
    let count = agreements();
    let small_count = (count / 100).max(100);
    let i18n = Arc::new(I18n::load().expect("locales"));
    let now = Utc::now().trunc_subsecs(0);

    let seeded = seed(&big, count, now).await;
    seed(&small, small_count, now).await;
    eprintln!(
        "{store}: seeded {count} agreements in {seeded:.1} s; load {}",
        load()
    );

    // Planning in this process: the small database three times, the big one once.
    let mut smalls = Vec::new();
    for _ in 0..3 {
        small.copy_to(&work).await;
        smalls.push(plan_all(&work, now, i18n.clone()).await);
    }
    let small_totals = summary(smalls.iter().map(|p| p.total_s).collect());
    let small_calls = summary(smalls.iter().flat_map(|p| p.calls_ms.clone()).collect());
    big.copy_to(&work).await;
    let bigp = plan_all(&work, now, i18n.clone()).await;
    let big_calls = summary(bigp.calls_ms.clone());
    eprintln!(
        "{store}: planned {} agreements in {:.1} s; load {}",
        bigp.planned,
        bigp.total_s,
        load()
    );
    let scale = count as f64 / small_count as f64;

    println!(
        "\n{store}, {count} agreements (baseline {small_count}); load {}\n",
        load()
    );
    println!("| planning pass | agreements | deliveries planned | total | per 500-agreement call median / p99 |");
    println!("|---|---:|---:|---:|---:|");
    println!(
        "| {small_count} agreements (median of 3) | {} | {} | {:.2} s | {:.1} ms / {:.1} ms |",
        smalls[0].planned, smalls[0].deliveries, small_totals.0, small_calls.0, small_calls.2
    );
    println!(
        "| {count} agreements | {} | {} | {:.1} s | {:.1} ms / {:.1} ms |",
        bigp.planned, bigp.deliveries, bigp.total_s, big_calls.0, big_calls.2
    );
    println!(
        "\nbig / ({scale:.0} × small): total {:.2}×; median call {:.2}×; {:.0} agreements/s\n",
        bigp.total_s / (scale * small_totals.0),
        big_calls.0 / small_calls.0,
        bigp.planned as f64 / bigp.total_s
    );
    // The real binary: an empty database, then a fresh copy of the big one.
    // Migrated beforehand, as the big one is: both starts find a current schema.
    empty.fresh().await;
    empty.open().await.close().await;
    let empty_start = start_bots(&empty, now, dir.path(), "empty").await;
    big.copy_to(&work).await;
    let big_start = start_bots(&work, now, dir.path(), "big").await;

    println!("| `suivi run` on | spawn → READY sent (double) | spawn → bot ready (log) | RSS / HWM MiB after READY | spawn → all planned | RSS / HWM MiB after planning | agreements planned per process | deliveries |");
    println!("|---|---:|---:|---|---:|---|---|---:|");
    print_start("empty database", &empty_start);
    print_start(&format!("{count} agreements"), &big_start);
    println!(
        "\nstart to READY, {count} agreements / empty: {:.2}× (double), {:.2}× (bot); load {}",
        big_start.identify_ready_s / empty_start.identify_ready_s,
        big_start.bot_ready_s / empty_start.bot_ready_s,
        load()
    );
    for p in [&big, &small, &work, &empty] {
        p.remove().await;
    }
}
