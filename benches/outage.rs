//! A Discord outage with a backlog: 2,000 notices due at once while the loopback Discord answers
//! every REST call with 503, then answers again.
//!
//! Real time, shortened ten times: the outage lasts 60 s and the dispatcher's back-off
//! constants are divided by ten (first back-off 200 ms, longest hold 3 s, longest back-off
//! 60 s), so the schedule of tries is the one of a ten-minute outage at the product's defaults.
//! In the same run, the same dispatcher with an empty outbox for the same time is the idle
//! baseline. Measured: the store's write statements per second (`Store::outbox_writes`), the
//! REST calls made, and the CPU time of this process (`/proc/self/stat`, utime + stime; the
//! double runs in it too, and answers only the probes); then, once Discord answers again, the
//! time until every row is sent, beside what Discord's 50 requests per second would allow for
//! the same calls (a DM channel opened and a message sent per person).
//!
//! Run: `cargo bench --bench outage`. See `BENCHMARKS.md`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use discord_double::{Double, Failure};
use serenity::all::{CreateAllowedMentions, HttpBuilder};
use suivi::clock::SystemClock;
use suivi::config::Config;
use suivi::conversation::Desk;
use suivi::discord::deliver::Courier;
use suivi::domain::prompt::Msg;
use suivi::i18n::I18n;
use suivi::outbox::{Audience, Dispatcher as Scheduler, Payload, Tuning};
use suivi::store::{DeliveryKind, NewDelivery, Store};

const ROWS: u64 = 2_000;
const OUTAGE: Duration = Duration::from_secs(60);
const SCALE: i32 = 10;
/// Queued 503s per route: more than the probes of the outage can use.
const QUEUED: usize = 2_000;
/// Discord user ids.
const FIRST: u64 = 400_000_000_000_000_000;

/// CPU time of this process so far, in seconds (clock ticks of 10 ms).
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn notice(k: u64) -> NewDelivery {
    NewDelivery {
        key: format!("notice:outage:{k}"),
        kind: DeliveryKind::Notice,
        recipient: FIRST + k,
        support: None,
        conversation: None,
        series: None,
        due: Utc::now(),
        expires: None,
        payload: Payload::Notice {
            msg: Msg::new("followup-undelivered").text("person", format!("P{k}")),
        }
        .to_json(),
    }
}

async fn count_sent(store: &Store) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'")
        .fetch_one(store.pool())
        .await
        .expect("count");
    n
}

/// One window: CPU seconds and store writes over `d`, the dispatcher running.
async fn window(store: &Store, d: Duration) -> (f64, u64) {
    let (c0, w0) = (cpu(), store.outbox_writes());
    tokio::time::sleep(d).await;
    (cpu() - c0, store.outbox_writes() - w0)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open(&dir.path().join("outage.db"))
        .await
        .expect("open");
    let double = Double::start().await;
    let http = Arc::new(
        HttpBuilder::new("bench-token")
            .proxy(double.proxy_url())
            .ratelimiter_disabled(true)
            .default_allowed_mentions(CreateAllowedMentions::new())
            .build(),
    );
    let i18n = Arc::new(I18n::load().expect("locales"));
    let config = Config::parse(include_str!("../bot.toml"), &[]).expect("config");
    let desk = Arc::new(Desk::new(
        store.clone(),
        i18n.clone(),
        Arc::new(config),
        Arc::new(SystemClock),
    ));
    let courier = Courier::new(http, desk.clone(), i18n);
    let d = Tuning::default();
    let tuning = Tuning {
        first_backoff: d.first_backoff / SCALE,
        max_backoff: d.max_backoff / SCALE,
        max_hold: d.max_hold / SCALE,
        audience: Audience::Discord,
        ..d
    };
    let scheduler = Scheduler::new(desk.clone(), Arc::new(courier), tuning);
    let stop = tokio_util::sync::CancellationToken::new();
    let task = tokio::spawn(scheduler.clone().run(stop.clone()));
    scheduler.settle(Duration::from_secs(10)).await;

    // Idle: nothing to send.
    let (idle_cpu, idle_writes) = window(&store, OUTAGE).await;

    // The outage: every DM opening and every message answered 503.
    for _ in 0..QUEUED {
        double.fail_next("POST", "/users/@me/channels", Failure::ServerError(503));
        double.fail_next("POST", "/channels/*/messages", Failure::ServerError(503));
    }
    let rows: Vec<_> = (0..ROWS).map(notice).collect();
    store.plan(&rows, Utc::now()).await.expect("plan");
    let requests0 = double.requests().len();
    scheduler.settle(Duration::from_millis(10)).await;
    let (out_cpu, out_writes) = window(&store, OUTAGE).await;
    let out_requests = double.requests().len() - requests0;
    let sent_during = count_sent(&store).await;

    // Discord answers again.
    double.clear_failures();
    let back = Instant::now();
    let requests1 = double.requests().len();
    let mut first_at = None;
    loop {
        let sent = count_sent(&store).await;
        if sent > 0 && first_at.is_none() {
            first_at = Some(back.elapsed());
        }
        if sent as u64 >= ROWS || back.elapsed() > Duration::from_secs(600) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let recovery = back.elapsed();
    let recovery_requests = double.requests().len() - requests1;
    let sent = count_sent(&store).await;
    stop.cancel();
    let _ = task.await;

    let secs = OUTAGE.as_secs_f64();
    let pct = |c: f64| c / secs * 100.0;
    println!("outage: {ROWS} due notices, 503 on every call for {secs:.0} s (a 10-minute outage at 1/{SCALE} time)");
    println!("| | idle (empty outbox) | outage |");
    println!("|---|---|---|");
    println!(
        "| store writes | {idle_writes} ({:.2}/s) | {out_writes} ({:.2}/s) |",
        idle_writes as f64 / secs,
        out_writes as f64 / secs
    );
    println!(
        "| CPU of the process | {idle_cpu:.2} s ({:.2} % of a core) | {out_cpu:.2} s ({:.2} % of a core) |",
        pct(idle_cpu),
        pct(out_cpu)
    );
    println!("| REST calls | 0 | {out_requests} |");
    println!("sent during the outage: {sent_during}");
    let discord = recovery_requests as f64 / 50.0;
    println!(
        "recovery: first sent after {:.2} s, all {sent} sent after {:.2} s ({recovery_requests} REST calls; at Discord's 50 req/s: {discord:.1} s)",
        first_at.unwrap_or_default().as_secs_f64(),
        recovery.as_secs_f64()
    );
    let ok = sent as u64 == ROWS && pct(out_cpu) < 1.0 && sent_during == 0;
    println!(
        "goals: under 1 % of a core during the outage: {}; every row sent once Discord answers: {}",
        if pct(out_cpu) < 1.0 { "met" } else { "NOT met" },
        if ok { "met" } else { "NOT met" }
    );
    double.assert_no_violations();
}
