//! "Follow-up that never misses": the outbox and the scheduler with 100,000 active agreements
//! in a SQLite **file**.
//!
//! 1. **Planning**: 100,000 agreements due for planning (`next_plan_at` = now), planned by
//!    `Scheduler::plan_due` until none is due; total time, agreements per second, rows created.
//! 2. **Claim and acknowledge**: every planned delivery made due (a burst: the claim's "now" is
//!    past all of them), claimed in batches of 64 with `Store::claim` and acknowledged one by
//!    one with `Store::acknowledge` (their expiries and series cleared first: at that instant
//!    every reminder is stale, and a claim never takes a stale row), against a bare sqlx loop making the same `UPDATE …
//!    RETURNING` claim (without the store's conversation-order and lease conditions) and the
//!    same per-row acknowledgement, on the same file and the same pool, in alternating rounds.
//!    Before it (2b), `Store::skip_stale` timed at an instant where the 200,000 24-hour
//!    reminders are due and none is stale (it changes nothing): every scheduler pass runs it.
//! 3. **Lateness** from due to received by the loopback Discord: 1,000 planned reminders made
//!    due at 20 ms intervals (50 per second, 20 s), sent by the real `suivi run` binary (a
//!    separate process, `SUIVI_DISCORD_API_BASE` pointing at `crates/discord-double`) on the
//!    same database. Baseline in the same run: the bench itself sleeping until each due
//!    instant and making the same two REST calls (open a DM, send a message) through serenity.
//! 4. **Resident memory** (VmRSS, VmHWM) of that bot process with 100,000 agreements planned,
//!    and of this process after planning them in-process.
//!
//! Run: `DISCORD_OPENAPI=../shared/discord/openapi.json cargo bench --bench followup`
//! (without the variable the double skips schema validation). See `BENCHMARKS.md`.

#[allow(dead_code)]
#[path = "fixture/mod.rs"]
mod fixture;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use discord_double::Double;
use fixture::bot::{memory_kib, spawn_bot, stop};
use fixture::seed_bulk::{populate, Population};
use fixture::stats::summary;
use fixture::ts;
use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, HttpBuilder, Nonce, UserId};
use suivi::clock::SystemClock;
use suivi::config::Config;
use suivi::conversation::Desk;
use suivi::i18n::I18n;
use suivi::outbox::payload::nonce_of;
use suivi::outbox::{Dispatcher as Scheduler, Letter, Notifier, Route, Sending, Tuning};
use suivi::store::{Claimed, Store};

const AGREEMENTS: i64 = 100_000;
const ADVISORS: i64 = 1_000;
const ADVISOR_BASE: i64 = 1_000_000;
const BENEFICIARY_BASE: i64 = 2_000_000;
const GUILD: i64 = 7000;

/// Claim-and-acknowledge rounds per side, and what one round does at most.
const ROUNDS: usize = 8;
const ROUND_DELIVERIES: usize = 2_000;
const ROUND_TIME: Duration = Duration::from_millis(2_500);
const BATCH: u32 = 64;

/// Lateness: deliveries, spacing, and the baseline's share.
const TIMED: usize = 1_000;
const SPACING_MS: i64 = 20;
const BASELINE: usize = 500;
/// From planning the timed deliveries to the first one due (the bot starts meanwhile).
const LEAD_IN: Duration = Duration::from_secs(5);

const T: Duration = Duration::from_secs(30);

fn parse_ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("stored instants are RFC 3339")
        .with_timezone(&Utc)
}

/// A notifier that is never reached in the planning pass (plan_due sends nothing).
struct Nobody;

impl Notifier for Nobody {
    fn send<'a>(&'a self, _letter: &'a Letter) -> Sending<'a> {
        Box::pin(async { Ok(Route::Console) })
    }
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql)
        .fetch_one(store.pool())
        .await
        .expect("count");
    n
}

/// The bare claim: the same UPDATE … RETURNING, without the conversation-order condition and
/// the expired-lease branch.
async fn bare_claim(store: &Store, now: &str, until: &str, limit: u32) -> Vec<Claimed> {
    sqlx::query_as(
        "UPDATE deliveries SET status = 'claimed', claimed_until = $2, attempts = attempts + 1
         WHERE id IN (SELECT id FROM deliveries WHERE status = 'planned' AND due_at <= $1
                      ORDER BY due_at, id LIMIT $3)
         RETURNING id, key, kind, recipient_id, support_id, conversation_id, due_at, payload, attempts,
           '' AS claim_token",
    )
    .bind(now)
    .bind(until)
    .bind(i64::from(limit))
    .fetch_all(store.pool())
    .await
    .expect("bare claim")
}

async fn bare_ack(store: &Store, delivery: i64, now: &str) {
    sqlx::query("UPDATE deliveries SET status = 'sent', route = 'dm', sent_at = $1 WHERE id = $2")
        .bind(now)
        .bind(delivery)
        .execute(store.pool())
        .await
        .expect("bare acknowledge");
}

#[derive(Default)]
struct Side {
    per_second: Vec<f64>,
    claim_ms: Vec<f64>,
    ack_us: Vec<f64>,
    done: usize,
}

/// One round: claim and acknowledge up to ROUND_DELIVERIES within ROUND_TIME.
async fn round(store: &Store, now: DateTime<Utc>, bare: bool, side: &mut Side) {
    let lease = chrono::Duration::seconds(120);
    let (now_s, until_s) = (ts(now), ts(now + lease));
    let start = Instant::now();
    let mut n = 0;
    while n < ROUND_DELIVERIES && start.elapsed() < ROUND_TIME {
        let t = Instant::now();
        let batch = if bare {
            bare_claim(store, &now_s, &until_s, BATCH).await
        } else {
            store
                .claim(now, lease, BATCH, suivi::store::Audience::All)
                .await
                .expect("claim")
        };
        side.claim_ms.push(t.elapsed().as_secs_f64() * 1e3);
        if batch.is_empty() {
            break;
        }
        for c in &batch {
            let t = Instant::now();
            if bare {
                bare_ack(store, c.id, &now_s).await;
            } else {
                store.acknowledge(c, "dm", now).await.expect("ack");
            }
            side.ack_us.push(t.elapsed().as_secs_f64() * 1e6);
        }
        n += batch.len();
    }
    side.per_second
        .push(n as f64 / start.elapsed().as_secs_f64());
    side.done += n;
}

/// Watches the double's recorded requests and stamps, with the system clock, the first time a
/// message carrying each expected nonce (`<nonce>.<i>`) is seen. Returns when all were seen or
/// at `deadline`.
async fn observe(
    double: &Double,
    expected: &HashMap<String, DateTime<Utc>>,
    deadline: DateTime<Utc>,
) -> HashMap<String, DateTime<Utc>> {
    let seen: Mutex<HashMap<String, DateTime<Utc>>> = Mutex::new(HashMap::new());
    let within = (deadline - Utc::now()).to_std().unwrap_or(Duration::ZERO);
    let _ = double
        .wait_for(within, |r| {
            if r.method != "POST"
                || !r.path.starts_with("/channels/")
                || !r.path.ends_with("/messages")
            {
                return false;
            }
            let Some(nonce) = r
                .body
                .as_ref()
                .and_then(|b| b.get("nonce"))
                .and_then(|n| n.as_str())
            else {
                return false;
            };
            let base = nonce.split('.').next().unwrap_or(nonce);
            if !expected.contains_key(base) {
                return false;
            }
            let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
            if !s.contains_key(base) {
                s.insert(base.to_owned(), Utc::now());
            }
            s.len() >= expected.len()
        })
        .await;
    seen.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Lateness in ms of each expected nonce (missing ones are counted apart).
fn lateness(
    expected: &HashMap<String, DateTime<Utc>>,
    seen: &HashMap<String, DateTime<Utc>>,
) -> (Vec<f64>, usize) {
    let mut out = Vec::with_capacity(expected.len());
    let mut missing = 0;
    for (nonce, due) in expected {
        match seen.get(nonce) {
            Some(at) => out.push((*at - *due).num_microseconds().unwrap_or(i64::MAX) as f64 / 1e3),
            None => missing += 1,
        }
    }
    (out, missing)
}

/// Baseline: this process sleeps until each due instant and makes the bot's two REST calls
/// (open a DM, send one message with a nonce) through serenity, one task per delivery.
async fn baseline(double: &Double) -> (Vec<f64>, usize) {
    let http = Arc::new(
        HttpBuilder::new("bench-token")
            .proxy(double.proxy_url())
            .ratelimiter_disabled(true)
            .default_allowed_mentions(CreateAllowedMentions::new())
            .build(),
    );
    let first = Utc::now() + chrono::Duration::seconds(1);
    let mut expected = HashMap::new();
    let mut plan = Vec::new();
    for i in 0..BASELINE {
        let due = first + chrono::Duration::milliseconds(SPACING_MS * i as i64);
        let nonce = nonce_of(&format!("baseline:{i}"));
        expected.insert(nonce.clone(), due);
        plan.push((due, nonce, 9_000_000 + i as u64));
    }
    let content = "Rappel : votre échange avec Conseillère 1 a lieu demain, mardi 8 décembre à \
                   10:00 (dans 24 heures), par Discord, téléphone. Vos engagements : Appeler la \
                   mairie de Thiès; envoyer le budget révisé. Ses engagements : Relire le budget; \
                   préparer la réunion avec le partenaire.";
    let sender = tokio::spawn(async move {
        for (due, nonce, user) in plan {
            if let Ok(wait) = (due - Utc::now()).to_std() {
                tokio::time::sleep(wait).await;
            }
            let http = http.clone();
            tokio::spawn(async move {
                let channel: ChannelId = match UserId::new(user).create_dm_channel(&http).await {
                    Ok(c) => c.id,
                    Err(_) => return,
                };
                let _ = channel
                    .send_message(
                        &http,
                        CreateMessage::new()
                            .content(content)
                            .nonce(Nonce::String(format!("{nonce}.0")))
                            .enforce_nonce(true),
                    )
                    .await;
            });
        }
    });
    let last = first + chrono::Duration::milliseconds(SPACING_MS * BASELINE as i64);
    let seen = observe(double, &expected, last + chrono::Duration::seconds(10)).await;
    let _ = sender.await;
    lateness(&expected, &seen)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("followup.db");
    let (store, _) = Store::open(&db).await.expect("open the file database");
    let config = Arc::new(Config::parse(include_str!("../bot.toml"), &[]).expect("bot.toml"));
    let i18n = Arc::new(I18n::load().expect("locales"));
    let desk = Arc::new(Desk::new(
        store.clone(),
        i18n,
        config,
        Arc::new(SystemClock),
    ));
    let scheduler = Scheduler::new(desk, Arc::new(Nobody), Tuning::default());

    // 0. The population (not timed beyond the line printed).
    let plan_now = Utc::now();
    let t = Instant::now();
    let first_exchange = populate(
        &store,
        plan_now,
        &Population {
            agreements: AGREEMENTS,
            advisors: ADVISORS,
            advisor_base: ADVISOR_BASE,
            beneficiary_base: BENEFICIARY_BASE,
            guild: GUILD,
        },
    )
    .await;
    let populate_s = t.elapsed().as_secs_f64();
    eprintln!("populated {AGREEMENTS} agreements in {populate_s:.1} s");

    // 1. Planning.
    let before = count(&store, "SELECT COUNT(*) FROM deliveries").await;
    let mut pass_ms = Vec::new();
    let mut planned = 0usize;
    let t = Instant::now();
    loop {
        let p = Instant::now();
        let n = scheduler.plan_due(plan_now).await.expect("plan_due");
        if n == 0 {
            break;
        }
        pass_ms.push(p.elapsed().as_secs_f64() * 1e3);
        planned += n;
    }
    let plan_s = t.elapsed().as_secs_f64();
    let rows = count(&store, "SELECT COUNT(*) FROM deliveries").await - before;
    let still_due = count(
        &store,
        &format!(
            "SELECT COUNT(*) FROM agreements WHERE status = 'active' AND (next_plan_at IS NULL OR next_plan_at <= '{}')",
            ts(plan_now)
        ),
    )
    .await;
    let passes = pass_ms.len();
    let (pass50, _, pass99, passmax) = summary(pass_ms);
    let (rss_plan, hwm_plan) = memory_kib("self");
    eprintln!("planned {planned} agreements in {plan_s:.1} s ({rows} deliveries)");

    // 2b. A pass's skip check in a burst: just before the first exchange, every 24-hour
    // reminder is due and none is stale (no expiry passed, the 1-hour ones not due yet), so
    // `skip_stale` walks all of them and changes nothing.
    let burst_now = first_exchange - chrono::Duration::minutes(61);
    let burst_due = count(
        &store,
        &format!(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'planned' AND due_at <= '{}'",
            ts(burst_now)
        ),
    )
    .await;
    let mut skip_ms = Vec::new();
    let mut skipped = 0;
    for _ in 0..5 {
        let t = Instant::now();
        skipped += store
            .skip_stale(burst_now, suivi::store::Audience::All)
            .await
            .expect("skip_stale");
        skip_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (skip50, _, _, skipmax) = summary(skip_ms);

    // 2. Claim and acknowledge: everything planned is due at `claim_now`. A claim never takes
    // a row no longer worth sending (past its exchange, or followed in its series by a later
    // one also due), and at `claim_now` every planned reminder is: the backlog claimed here is
    // one still worth sending, expiries and series cleared.
    sqlx::query("UPDATE deliveries SET expires_at = NULL, series = NULL WHERE status = 'planned'")
        .execute(store.pool())
        .await
        .expect("a backlog worth sending");
    let claim_now = plan_now + chrono::Duration::days(8);
    let backlog = count(
        &store,
        "SELECT COUNT(*) FROM deliveries WHERE status = 'planned'",
    )
    .await;
    // Warm-up (not counted): one batch each.
    round_warm(&store, claim_now).await;
    let mut sides = [Side::default(), Side::default()];
    for r in 0..ROUNDS {
        // Alternate which side goes first.
        let order = if r % 2 == 0 {
            [false, true]
        } else {
            [true, false]
        };
        for bare in order {
            round(&store, claim_now, bare, &mut sides[usize::from(bare)]).await;
        }
    }
    let [store_side, bare_side] = sides;
    let ca_done = (store_side.done, bare_side.done);
    let (s_rate, _, _, _) = summary(store_side.per_second.clone());
    let (b_rate, _, _, _) = summary(bare_side.per_second.clone());
    let s_rates = store_side.per_second.clone();
    let b_rates = bare_side.per_second.clone();
    let (s_claim50, _, s_claim99, _) = summary(store_side.claim_ms);
    let (b_claim50, _, b_claim99, _) = summary(bare_side.claim_ms);
    let (s_ack50, _, s_ack99, _) = summary(store_side.ack_us);
    let (b_ack50, _, b_ack99, _) = summary(bare_side.ack_us);
    eprintln!("claim and acknowledge: store {s_rate:.0}/s, bare {b_rate:.0}/s");

    // 3. Lateness through the double, with the real binary on this database.
    let rows_timed: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, key FROM deliveries WHERE status = 'planned' AND kind = 'reminder'
           AND key LIKE '%:1440:%' ORDER BY id DESC LIMIT $1",
    )
    .bind(TIMED as i64)
    .fetch_all(store.pool())
    .await
    .expect("reminders to time");
    let mut rows_timed = rows_timed;
    rows_timed.reverse();
    let first_due = Utc::now() + chrono::Duration::from_std(LEAD_IN).expect("lead-in");
    let mut expected = HashMap::new();
    let mut due_of_id = HashMap::new();
    {
        let mut tx = store.pool().begin().await.expect("begin");
        for (i, (id, key)) in rows_timed.iter().enumerate() {
            let due = first_due + chrono::Duration::milliseconds(SPACING_MS * i as i64);
            sqlx::query("UPDATE deliveries SET due_at = $1 WHERE id = $2")
                .bind(ts(due))
                .bind(id)
                .execute(&mut *tx)
                .await
                .expect("make due");
            expected.insert(nonce_of(key), due);
            due_of_id.insert(*id, due);
        }
        tx.commit().await.expect("commit");
    }
    let timed_ids: Vec<i64> = rows_timed.iter().map(|(id, _)| *id).collect();
    let planned_left = count(
        &store,
        "SELECT COUNT(*) FROM deliveries WHERE status = 'planned'",
    )
    .await;
    store.close().await;

    let double = Double::start().await;
    let t = Instant::now();
    let child = spawn_bot(&double, &db);
    double.wait_ready(T).await.expect("READY");
    let app = double.application_id();
    double
        .wait_for(T, |r| {
            r.matches("PUT", &format!("/applications/{app}/commands"))
        })
        .await
        .expect("commands registered");
    let ready_ms = t.elapsed().as_secs_f64() * 1e3;
    let (rss_ready, _) = memory_kib(&child.id().to_string());
    let head_start_ms = (first_due - Utc::now()).num_milliseconds();
    let last_due = first_due + chrono::Duration::milliseconds(SPACING_MS * TIMED as i64);
    let seen = observe(&double, &expected, last_due + chrono::Duration::seconds(20)).await;
    let (rss_bot, hwm_bot) = memory_kib(&child.id().to_string());
    stop(child);
    let (late_bot, missing_bot) = lateness(&expected, &seen);

    // The bot's own record: acknowledged when, and how every timed delivery ended.
    let (store, _) = Store::open(&db).await.expect("reopen");
    let mut acked_ms = Vec::new();
    let mut statuses: HashMap<suivi::store::DeliveryStatus, usize> = HashMap::new();
    for id in &timed_ids {
        let row = store
            .delivery(*id)
            .await
            .expect("delivery")
            .expect("exists");
        *statuses.entry(row.status).or_default() += 1;
        if let Some(sent) = row.sent_at.as_deref() {
            acked_ms.push((parse_ts(sent) - due_of_id[id]).num_milliseconds() as f64);
        }
    }
    store.close().await;

    let (late_base, missing_base) = baseline(&double).await;
    let violations = double.violations();

    // Summary.
    let (l50, l90, l99, lmax) = summary(late_bot.clone());
    let (a50, _, a99, amax) = summary(acked_ms);
    let (bl50, bl90, bl99, blmax) = summary(late_base);
    let over_250 = late_bot.iter().filter(|&&l| l > 250.0).count();
    let mib = |k: u64| k as f64 / 1024.0;
    println!();
    println!("followup — {AGREEMENTS} active agreements in a SQLite file, 2-core machine");
    println!();
    println!("| measure | figure |");
    println!("|---|---|");
    println!("| population (bulk inserts, one transaction) | {populate_s:.1} s |");
    println!(
        "| 1. planning: {planned} agreements, {passes} passes of ≤ 500 | {plan_s:.1} s, {:.0} agreements/s |",
        planned as f64 / plan_s
    );
    println!("| 1. rows created | {rows} deliveries ({:.1} per agreement); {still_due} agreements still due |", rows as f64 / planned.max(1) as f64);
    println!("| 1. one pass (500 agreements) | median {pass50:.0} ms, p99 {pass99:.0} ms, max {passmax:.0} ms |");
    println!("| 2b. `skip_stale` with {burst_due} due, none stale (5 calls) | median {skip50:.0} ms, max {skipmax:.0} ms; {skipped} skipped |");
    println!("| 2. backlog due at the claim's now | {backlog} planned deliveries |");
    println!(
        "| 2. claim + acknowledge, `Store` | median {s_rate:.0}/s (rounds: {}) |",
        fmt_rates(&s_rates)
    );
    println!(
        "| 2. claim + acknowledge, bare sqlx | median {b_rate:.0}/s (rounds: {}) |",
        fmt_rates(&b_rates)
    );
    println!(
        "| 2. ratio bare / store (median) | {:.2}× |",
        b_rate / s_rate
    );
    println!("| 2. one claim of {BATCH}, store / bare | median {s_claim50:.2} / {b_claim50:.2} ms, p99 {s_claim99:.2} / {b_claim99:.2} ms |");
    println!("| 2. one acknowledgement, store / bare | median {s_ack50:.0} / {b_ack50:.0} µs, p99 {s_ack99:.0} / {b_ack99:.0} µs |");
    println!(
        "| 2. deliveries processed, store / bare | {} / {} |",
        ca_done.0, ca_done.1
    );
    println!("| 3. bot start → commands registered (100k agreements, {planned_left} planned rows) | {ready_ms:.0} ms; first due {head_start_ms} ms later |");
    println!("| 3. lateness due → received by the double, `suivi run` ({TIMED} at 50/s) | median {l50:.1} ms, p90 {l90:.1} ms, p99 {l99:.1} ms, max {lmax:.1} ms; {over_250} over 250 ms; {missing_bot} not received |");
    println!("| 3. due → acknowledged in the file (`sent_at`) | median {a50:.1} ms, p99 {a99:.1} ms, max {amax:.1} ms |");
    println!("| 3. baseline: bench timer + same 2 REST calls ({BASELINE} at 50/s) | median {bl50:.1} ms, p90 {bl90:.1} ms, p99 {bl99:.1} ms, max {blmax:.1} ms; {missing_base} not received |");
    println!(
        "| 3. ratio bot / baseline | median {:.1}×, p99 {:.1}× |",
        l50 / bl50,
        l99 / bl99
    );
    println!("| 3. outcome of the timed deliveries | {statuses:?} |");
    println!("| 4. bot process VmRSS after READY / after the 1,000 sends (VmHWM) | {:.1} / {:.1} MiB ({:.1} MiB) |", mib(rss_ready), mib(rss_bot), mib(hwm_bot));
    println!(
        "| 4. this process after planning in-process: VmRSS (VmHWM) | {:.1} MiB ({:.1} MiB) |",
        mib(rss_plan),
        mib(hwm_plan)
    );
    println!();
    println!("goals: claim+ack ≥ 2000/s: {}; within 1.5× of bare: {}; lateness p99 < 250 ms: {}; bot VmRSS < 100 MB: {}",
        yes(s_rate >= 2000.0), yes(b_rate / s_rate <= 1.5), yes(l99 < 250.0 && missing_bot == 0), yes(rss_bot * 1024 < 100_000_000));
    println!("double violations during the run: {}", violations.len());
    for v in violations.iter().take(5) {
        println!("  {v}");
    }
}

/// One batch of each side, not counted (statement caches, page cache).
async fn round_warm(store: &Store, now: DateTime<Utc>) {
    let lease = chrono::Duration::seconds(120);
    for bare in [false, true] {
        let batch = if bare {
            bare_claim(store, &ts(now), &ts(now + lease), BATCH).await
        } else {
            store
                .claim(now, lease, BATCH, suivi::store::Audience::All)
                .await
                .expect("claim")
        };
        for c in &batch {
            if bare {
                bare_ack(store, c.id, &ts(now)).await;
            } else {
                store.acknowledge(c, "dm", now).await.expect("ack");
            }
        }
    }
}

fn fmt_rates(v: &[f64]) -> String {
    v.iter()
        .map(|r| format!("{r:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn yes(b: bool) -> &'static str {
    if b {
        "met"
    } else {
        "NOT met"
    }
}
