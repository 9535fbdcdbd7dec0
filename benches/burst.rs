//! A burst at Discord's global limit (issue 17): 10,000 reminders due within one minute, sent
//! by the real dispatcher at its pace (50 requests per 1.25 s), on a SQLite file and on PostgreSQL.
//!
//! 5,000 weekly agreements (1,000 advisors) whose first exchanges fall in one minute (08:00:00
//! to 08:00:59 Paris, spread by the second), planned by the product's own planning
//! (`Dispatcher::plan_due`) with `reminders.lead_times = ["1h"]`: 10,000 reminders due from
//! 07:00:00 to 07:00:59, both sides of each. The dispatcher runs on a controlled clock that the
//! bench moves to each instant the dispatcher sleeps until (its next turn at the pace, its
//! next wake), so the 5 minutes of sending take seconds, and what is measured in wall time is
//! the dispatcher's own cost per delivery (claim, render, acknowledge, and the planning of the
//! early start). The notifier models the Discord adapter's requests exactly: one message per
//! reminder, plus the opening of the person's DM channel the first time this process writes
//! to them (6,000 people: 16,000 requests, 400 s at 40/s).
//!
//! Two runs on copies of the same planned database: `max_early` 10 minutes (the default), and
//! the baseline `max_early` 0 (no early start: the burst starts at its due time).
//!
//! Figures: share delivered by the due instant, how early the first went, lateness p50/p99/max
//! (early counts as zero), the most requests in any one-second window, and wall time per
//! delivery (median, p99) with its ratio to the baseline.
//!
//! On a SQLite file, and also on PostgreSQL when `SUIVI_BENCH_DATABASE` names a server (its
//! own databases `suivi_burst_*` there, dropped at the end), the same run on each: the seeding
//! is written in both dialects (`fixture/seed_scale.rs`), a copy on PostgreSQL is
//! `CREATE DATABASE … TEMPLATE`.
//!
//! Run: `cargo bench --bench burst` (SQLite), or with
//! `SUIVI_BENCH_DATABASE=postgres://user@host:port/postgres` (SQLite, then PostgreSQL).

#[allow(dead_code)]
#[path = "fixture/mod.rs"]
mod fixture;
#[allow(dead_code)]
#[path = "fixture/seed_scale.rs"]
mod seed_scale;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use fixture::seed_bulk::Population;
use fixture::stats::summary;
use fixture::{load, start, ts};
use seed_scale::{bench_server, populate, Place, ONE_MINUTE};
use suivi::clock::{Clock, ManualClock};
use suivi::config::Config;
use suivi::conversation::Desk;
use suivi::i18n::I18n;
use suivi::outbox::pace::DISCORD_RATE;
use suivi::outbox::shared_pace::SharedPace;
use suivi::outbox::{Audience, Dispatcher, Letter, Notifier, Route, Sending, Tuning};
use suivi::store::Backend;
use tokio_util::sync::CancellationToken;

const AGREEMENTS: i64 = 5_000;
const ADVISORS: i64 = 1_000;
const ADVISOR_BASE: i64 = 1_000_000;
const BENEFICIARY_BASE: i64 = 2_000_000;
const GUILD: i64 = 7000;

/// One send as the notifier saw it.
struct Send {
    delivery: i64,
    at: DateTime<Utc>,
    wall: Instant,
    requests: u32,
}

/// Records every letter; counts requests as the Discord adapter does.
struct Recorder {
    clock: Arc<ManualClock>,
    opened: Mutex<HashSet<u64>>,
    sends: Mutex<Vec<Send>>,
}

impl Notifier for Recorder {
    fn send<'a>(&'a self, letter: &'a Letter) -> Sending<'a> {
        let requests = self.requests(letter);
        self.opened.lock().expect("not poisoned").insert(letter.to);
        self.sends.lock().expect("not poisoned").push(Send {
            delivery: letter.delivery,
            at: self.clock.now(),
            wall: Instant::now(),
            requests,
        });
        Box::pin(async { Ok(Route::Dm) })
    }

    fn requests(&self, letter: &Letter) -> u32 {
        let opened = self
            .opened
            .lock()
            .expect("not poisoned")
            .contains(&letter.to);
        1 + u32::from(!opened)
    }
}

fn config(max_early: u32) -> Arc<Config> {
    let mut c = Config::parse(include_str!("../bot.toml"), &[]).expect("bot.toml");
    c.reminder_leads_minutes = vec![60];
    c.reminder_max_early_minutes = max_early;
    Arc::new(c)
}

/// The planned database; returns the window the reminders are due in.
async fn prepare(place: &Place, i18n: Arc<I18n>) -> (DateTime<Utc>, DateTime<Utc>) {
    place.fresh().await;
    let store = place.open().await;
    let now = start();
    // Every first exchange in the same minute, spread by the second.
    let first = populate(
        &store,
        now,
        &Population {
            agreements: AGREEMENTS,
            advisors: ADVISORS,
            advisor_base: ADVISOR_BASE,
            beneficiary_base: BENEFICIARY_BASE,
            guild: GUILD,
        },
        ONE_MINUTE,
    )
    .await;
    let clock = Arc::new(ManualClock::new(now));
    let desk = Arc::new(Desk::new(store.clone(), i18n, config(10), clock));
    let planner = Dispatcher::new(desk, Arc::new(Nobody), Tuning::default());
    while planner.plan_due(now).await.expect("plan_due") > 0 {}
    if store.backend() == Backend::Sqlite {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await
            .expect("checkpoint");
    }
    store.close().await;
    let hour = chrono::Duration::hours(1);
    (first - hour, first - hour + chrono::Duration::seconds(59))
}

/// Sends nothing: the planning pass sends no letter.
struct Nobody;

impl Notifier for Nobody {
    fn send<'a>(&'a self, _letter: &'a Letter) -> Sending<'a> {
        Box::pin(async { Ok(Route::Console) })
    }
}

/// What one run measured.
struct Figures {
    planned: usize,
    sent_once: usize,
    on_time: usize,
    first_early_ms: i64,
    most_early_ms: i64,
    late_ms: (f64, f64, f64, f64),
    busiest_second: u32,
    burst_s: f64,
    wall_s: f64,
    per_delivery_us: (f64, f64, f64, f64),
}

/// Moves the clock to each instant the dispatcher sleeps until, up to `until`, or until
/// `enough`.
async fn drive(clock: &ManualClock, until: DateTime<Utc>, enough: impl Fn() -> bool) {
    let mut sleepers = clock.sleepers();
    loop {
        let now = clock.now();
        if now >= until || enough() {
            return;
        }
        let next = tokio::time::timeout(
            Duration::from_secs(60),
            sleepers.wait_for(|e| e.is_some_and(|t| t > now)),
        )
        .await
        .expect("the dispatcher waits for a later instant")
        .map(|e| *e)
        .expect("the clock lives")
        .expect("someone sleeps");
        clock.set(next.min(until));
    }
}

/// The most requests starting in any window `[t, t + 1 s)`.
fn busiest(sends: &[(DateTime<Utc>, u32)]) -> u32 {
    let mut most = 0;
    let mut first = 0;
    let mut inside = 0;
    for (t, n) in sends {
        inside += n;
        while sends[first].0 + chrono::Duration::seconds(1) <= *t {
            inside -= sends[first].1;
            first += 1;
        }
        most = most.max(inside);
    }
    most
}

async fn run(
    template: &Place,
    copy: &Place,
    i18n: Arc<I18n>,
    max_early: u32,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> Figures {
    template.copy_to(copy).await;
    let store = copy.open().await;
    let due: HashMap<i64, DateTime<Utc>> = sqlx::query_as::<_, (i64, String)>(
        "SELECT id, due_at FROM deliveries WHERE kind = 'reminder' AND due_at >= $1 AND due_at <= $2",
    )
    .bind(ts(window.0))
    .bind(ts(window.1))
    .fetch_all(store.pool())
    .await
    .expect("the burst's reminders")
    .into_iter()
    .map(|(id, d)| (id, d.parse().expect("an instant")))
    .collect();
    let clock = Arc::new(ManualClock::new(window.0 - chrono::Duration::minutes(15)));
    let desk = Arc::new(Desk::new(store, i18n, config(max_early), clock.clone()));
    let recorder = Arc::new(Recorder {
        clock: clock.clone(),
        opened: Mutex::new(HashSet::new()),
        sends: Mutex::new(Vec::new()),
    });
    // As `suivi run` paces: through the database on PostgreSQL (several processes may send),
    // in memory on one SQLite file.
    let tuning = match desk.store().backend() {
        Backend::Postgres => Tuning {
            pace: Arc::new(SharedPace::new(
                desk.store().clone(),
                Audience::All,
                DISCORD_RATE,
            )),
            ..Tuning::default()
        },
        Backend::Sqlite => Tuning::default(),
    };
    let dispatcher = Dispatcher::new(desk.clone(), recorder.clone(), tuning);
    let stop = CancellationToken::new();
    let task = tokio::spawn(dispatcher.clone().run(stop.clone()));
    let planned = due.len();
    // Nothing else falls due before the burst is over: every letter sent is one of it.
    let sent = || recorder.sends.lock().expect("not poisoned").len() >= planned;
    let t = Instant::now();
    drive(&clock, window.1 + chrono::Duration::minutes(30), sent).await;
    let wall_s = t.elapsed().as_secs_f64();
    stop.cancel();
    let _ = task.await;
    desk.store().close().await;

    let sends = std::mem::take(&mut *recorder.sends.lock().expect("not poisoned"));
    let burst: Vec<&Send> = sends
        .iter()
        .filter(|s| due.contains_key(&s.delivery))
        .collect();
    let once: HashSet<i64> = burst.iter().map(|s| s.delivery).collect();
    let lateness: Vec<i64> = burst
        .iter()
        .map(|s| (s.at - due[&s.delivery]).num_milliseconds())
        .collect();
    let first = burst
        .iter()
        .min_by_key(|s| s.at)
        .expect("something was sent");
    let last = burst
        .iter()
        .max_by_key(|s| s.at)
        .expect("something was sent");
    let wall: Vec<f64> = burst
        .windows(2)
        .map(|w| w[1].wall.duration_since(w[0].wall).as_secs_f64() * 1e6)
        .collect();
    let requests: Vec<(DateTime<Utc>, u32)> = sends.iter().map(|s| (s.at, s.requests)).collect();
    Figures {
        planned,
        sent_once: once.len(),
        on_time: lateness.iter().filter(|l| **l <= 0).count(),
        first_early_ms: (due[&first.delivery] - first.at).num_milliseconds(),
        most_early_ms: lateness.iter().map(|l| -l).max().unwrap_or(0).max(0),
        late_ms: summary(lateness.iter().map(|l| (*l).max(0) as f64).collect()),
        busiest_second: busiest(&requests),
        burst_s: (last.at - first.at).num_milliseconds() as f64 / 1e3,
        wall_s,
        per_delivery_us: summary(wall),
    }
}

fn print(name: &str, f: &Figures) {
    let (l50, _, l99, lmax) = f.late_ms;
    let (w50, _, w99, _) = f.per_delivery_us;
    println!(
        "| {name} | {} | {} | **{:.1} %** | {:.1} s | {:.1} s | {:.0} / {:.0} / {:.0} ms | {} | {:.1} s | {:.2} s | {:.0} µs / {:.0} µs |",
        f.planned,
        f.sent_once,
        100.0 * f.on_time as f64 / f.planned as f64,
        f.first_early_ms as f64 / 1e3,
        f.most_early_ms as f64 / 1e3,
        l50,
        l99,
        lmax,
        f.busiest_second,
        f.burst_s,
        f.wall_s,
        w50,
        w99,
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = bench_server();
    let mut stores = vec![("SQLite file", None)];
    if let Some(s) = server.as_deref() {
        stores.push(("PostgreSQL", Some(s)));
    }
    let i18n = Arc::new(I18n::load().expect("locales"));
    for (store, server) in stores {
        let place = |name: &str| Place::named(server, dir.path(), name);
        let (template, early_db, baseline_db) = (
            place("suivi_burst_template"),
            place("suivi_burst_early"),
            place("suivi_burst_baseline"),
        );
        let t = Instant::now();
        let window = prepare(&template, i18n.clone()).await;
        eprintln!(
            "{store}: planned {AGREEMENTS} agreements in {:.1} s; reminders due {} to {}; load {}",
            t.elapsed().as_secs_f64(),
            ts(window.0),
            ts(window.1),
            load()
        );
        let early = run(&template, &early_db, i18n.clone(), 10, window).await;
        let baseline = run(&template, &baseline_db, i18n.clone(), 0, window).await;
        println!("\n{store}:\n");
        println!(
            "| run | reminders | sent once | on time | first went early by | most early | lateness p50 / p99 / max (early = 0) | most requests in 1 s | burst (clock) | wall | wall per delivery median / p99 |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        print("`max_early` 10 min", &early);
        print("baseline, `max_early` 0", &baseline);
        println!(
            "\n{store}: wall per delivery, early / baseline: median {:.2}×, p99 {:.2}×; load {}",
            early.per_delivery_us.0 / baseline.per_delivery_us.0,
            early.per_delivery_us.2 / baseline.per_delivery_us.2,
            load()
        );
        for p in [&template, &early_db, &baseline_db] {
            p.remove().await;
        }
    }
}
