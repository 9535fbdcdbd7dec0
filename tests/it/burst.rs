//! Bursts at Discord's global limit (issue 17): a thousand reminders due at one instant go out
//! at 50 per second at most, starting early just enough that none is late, never more than
//! `reminders.max_early` before its time; nothing but reminders is ever early; with
//! `max_early = "0m"` the burst is late and the dispatcher says how late; a crash mid-burst
//! loses and doubles nothing.
//!
//! The dispatcher runs on the test's clock; [`drive`] moves that clock to each instant the
//! dispatcher waits for (the next turn at the pace, the next due time), so a burst of 20 s
//! takes no 20 s of test, and the instants the notifier records are the ones a bot would send
//! at.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use suivi::clock::{Clock, ManualClock};
use suivi::config::Config;
use suivi::conversation::Desk;
use suivi::i18n::{I18n, Lang};
use suivi::outbox::plan::{check_in, reminders_of, Sides};
use suivi::store::{DeliveryKind, Store};

use crate::common::*;

/// The agreement's exchange: Tuesday 1 December 2026, 10:00 Paris.
pub(crate) fn exchange() -> DateTime<Utc> {
    at("2026-12-01T09:00:00Z")
}

/// When the burst is due: the 24-hour reminders of that exchange, Monday 09:00 UTC.
pub(crate) fn due() -> DateTime<Utc> {
    exchange() - Duration::hours(24)
}

/// The example configuration with `reminders.max_early` set, and the advisors' digest at 09:59
/// Paris on Mondays (08:59 UTC): due inside the burst's early window.
pub(crate) fn config_with(max_early_minutes: u32) -> Config {
    let mut c = config();
    c.reminder_max_early_minutes = max_early_minutes;
    c.digest_time = NaiveTime::from_hms_opt(9, 59, 0).unwrap();
    c
}

pub(crate) async fn desk_with(
    path: &Path,
    clock: Arc<ManualClock>,
    i18n: Arc<I18n>,
    c: &Config,
) -> Desk {
    let (store, _) = Store::open(path).await.unwrap();
    Desk::new(store, i18n, Arc::new(c.clone()), clock)
}

/// A fresh file and clock with `max_early_minutes`, an agreement made through the service
/// (every 2 weeks from Tuesday 1 December, 10:00 Paris) and a dispatcher running.
async fn agreed_with(max_early_minutes: u32) -> (Env, Live, Config) {
    let c = config_with(max_early_minutes);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suivi.db");
    let clock = Arc::new(ManualClock::new(start()));
    let i18n = Arc::new(I18n::load().unwrap());
    let desk = desk_with(&path, clock.clone(), i18n.clone(), &c).await;
    let env = Env {
        _dir: dir,
        path,
        clock,
        desk,
        i18n,
    };
    let live_desk = Arc::new(desk_with(&env.path, env.clock.clone(), env.i18n.clone(), &c).await);
    let live = Live::start_on(&env, live_desk, TestNotifier::new(&env));
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    agree(&env, closing, Lang::Fr, Lang::Fr, &FR).await;
    live.settle().await;
    (env, live, c)
}

/// The agreement's support.
pub(crate) async fn support(store: &Store) -> i64 {
    deliveries(store, ADVISOR, DeliveryKind::Reminder).await[0]
        .support_id
        .unwrap()
}

/// Plans, through the outbox's planning keys, the 24-hour reminders of the agreement's
/// exchange for `pairs` more pairs of people on its support (so each renders as the real
/// reminder): two reminders per pair, all due at [`due`]. Wakes the dispatcher.
pub(crate) async fn plan_burst(env: &Env, live: &Live, pairs: u64) {
    let store = env.desk.store();
    let support = support(store).await;
    let now = env.clock.now();
    let mut ds = Vec::new();
    for i in 1..=pairs {
        let sides = Sides {
            support,
            advisor: 10_000 + i,
            beneficiary: 20_000 + i,
        };
        ds.extend(reminders_of(sides, exchange(), &[1440], now));
    }
    store.plan(&ds, now).await.unwrap();
    live.settle().await;
}

/// Moves the test's clock to each instant the dispatcher sleeps until, up to `until`, or until
/// `enough` says so. Fails if the dispatcher waits for nothing for 20 s of real time.
pub(crate) async fn drive(clock: &ManualClock, until: DateTime<Utc>, enough: impl Fn() -> bool) {
    let mut sleepers = clock.sleepers();
    loop {
        let now = clock.now();
        if now >= until || enough() {
            return;
        }
        let next = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            sleepers.wait_for(|e| e.is_some_and(|t| t > now)),
        )
        .await
        .expect("the dispatcher waits for a later instant")
        .map(|e| *e)
        .unwrap()
        .unwrap();
        clock.set(next.min(until));
    }
}

/// The most tries inside any one-second window `[t, t + 1 s)`.
pub(crate) fn busiest_second(tries: &[Seen]) -> usize {
    let mut at: Vec<_> = tries.iter().map(|s| s.at).collect();
    at.sort();
    let mut most = 0;
    let mut first = 0;
    for (i, t) in at.iter().enumerate() {
        while at[first] + Duration::seconds(1) <= *t {
            first += 1;
        }
        most = most.max(i + 1 - first);
    }
    most
}

/// The reminders due at [`due`] in the file: id → key.
pub(crate) async fn burst_rows(store: &Store) -> BTreeMap<i64, String> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, key FROM deliveries WHERE kind = 'reminder' AND due_at = $1 AND status = 'sent'",
    )
    .bind(due().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    .fetch_all(store.pool())
    .await
    .unwrap();
    rows.into_iter().collect()
}

/// Every reminder of the burst is recorded sent (`planned` of them), and the tries handed each
/// of them to Discord with one nonce: a letter handed over when a crash came is handed over
/// again with the same nonce (Discord shows it once), and none is missing. The sent rows.
pub(crate) async fn sent_once_each(
    store: &Store,
    planned: i64,
    tries: &[Seen],
) -> BTreeMap<i64, String> {
    let rows = burst_rows(store).await;
    assert_eq!(rows.len() as i64, planned, "every reminder sent, none lost");
    let mut nonces: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for s in tries {
        nonces
            .entry(s.delivery)
            .or_default()
            .insert(s.nonce.clone());
    }
    assert_eq!(nonces.len(), rows.len(), "every delivery handed to Discord");
    assert!(
        nonces.values().all(|n| n.len() == 1),
        "one nonce per delivery: Discord shows each once"
    );
    rows
}

pub(crate) async fn count_burst(store: &Store) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE kind = 'reminder' AND due_at = $1")
            .bind(due().to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .fetch_one(store.pool())
            .await
            .unwrap();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_reminders_due_at_once_arrive_on_time_at_fifty_per_second() {
    let (env, live, _) = agreed_with(10).await;
    plan_burst(&env, &live, 500).await;
    let store = env.desk.store();
    let planned = count_burst(store).await;
    assert_eq!(planned, 1002, "500 pairs and the agreement's own two");
    // A check-in due in the middle of the burst, planned as the dispatcher plans one.
    let sides = Sides {
        support: support(store).await,
        advisor: ADVISOR,
        beneficiary: BENEFICIARY,
    };
    let checkin_at = due() - Duration::seconds(10);
    store
        .plan(&[check_in(sides, checkin_at, exchange())], env.clock.now())
        .await
        .unwrap();
    live.settle().await;

    drive(&env.clock, due() + Duration::minutes(5), || false).await;

    let tries = live.notifier.tries();
    let burst: Vec<_> = tries
        .iter()
        .filter(|s| s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1))
        .collect();
    // Every one exactly once.
    let rows = burst_rows(store).await;
    assert_eq!(
        rows.len() as i64,
        planned,
        "every reminder of the burst is sent"
    );
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    for s in &burst {
        *seen.entry(s.delivery).or_default() += 1;
    }
    assert_eq!(seen.len(), rows.len());
    assert!(seen.values().all(|n| *n == 1), "none twice");
    assert!(burst.iter().all(|s| s.ok));
    // None after its due instant, none more than 10 minutes before it.
    let first = burst.iter().map(|s| s.at).min().unwrap();
    let last = burst.iter().map(|s| s.at).max().unwrap();
    assert!(last <= due(), "the last went at {last}, after {}", due());
    assert!(
        first >= due() - Duration::minutes(10),
        "the first went at {first}"
    );
    // Early, but not for nothing: 1,002 letters counted as two requests each need 40 s.
    assert!(
        first <= due() - Duration::seconds(20),
        "the first went at {first}"
    );
    // Never over 50 in any second (every try counts, whatever its kind).
    assert!(busiest_second(&tries) <= 50, "{}", busiest_second(&tries));
    assert_eq!(
        busiest_second(&burst.into_iter().cloned().collect::<Vec<_>>()),
        50
    );
    let p = live.scheduler.punctuality();
    assert_eq!(p.late, 0, "{p:?}");
    assert_eq!(p.early, planned as u64, "{p:?}");
    assert_eq!(p.most_early_ms, (due() - first).num_milliseconds());

    // The digest due at 08:59 and the check-in due at 08:59:50, inside the early window,
    // went at their time, not before.
    let digests = deliveries(store, ADVISOR, DeliveryKind::Digest).await;
    let digest: Vec<_> = digests
        .iter()
        .filter(|d| d.due_at.starts_with("2026-11-30T08:59"))
        .collect();
    assert_eq!(digest.len(), 1, "{digests:?}");
    let sent_digest = live.notifier.sent(ADVISOR, DeliveryKind::Digest);
    let went = sent_digest
        .iter()
        .find(|s| s.delivery == digest[0].id)
        .expect("the digest was sent");
    assert_eq!(went.at, at(&digest[0].due_at), "at its time, not before");
    let checkin = deliveries(store, BENEFICIARY, DeliveryKind::Checkin).await;
    let checkin: Vec<_> = checkin
        .iter()
        .filter(|d| at(&d.due_at) == checkin_at)
        .collect();
    assert_eq!(checkin.len(), 1);
    let started = at(checkin[0]
        .sent_at
        .as_deref()
        .expect("the check-in was started"));
    assert!(started >= checkin_at, "started at {started}");
    let question = live
        .notifier
        .sent(BENEFICIARY, DeliveryKind::Prompt)
        .into_iter()
        .filter(|s| s.at > due() - Duration::hours(1))
        .map(|s| s.at)
        .min()
        .expect("the check-in's first question");
    assert!(question >= checkin_at, "asked at {question}");
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_max_early_zero_nothing_is_early_and_the_lateness_is_reported() {
    let (env, live, _) = agreed_with(0).await;
    plan_burst(&env, &live, 150).await;
    let store = env.desk.store();
    let planned = count_burst(store).await;
    assert_eq!(planned, 302);
    let before = live.scheduler.punctuality();
    drive(&env.clock, due() + Duration::minutes(5), || false).await;
    let burst: Vec<_> = live
        .notifier
        .tries()
        .into_iter()
        .filter(|s| s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1))
        .collect();
    assert_eq!(burst.len() as i64, planned);
    assert!(burst.iter().all(|s| s.at >= due()), "nothing early");
    assert!(busiest_second(&burst) <= 50);
    // 50 at their time, then 50 a window of 1.25 s: the last of 302 goes 7.5 s late.
    let last = burst.iter().map(|s| s.at).max().unwrap();
    assert_eq!(last, due() + Duration::milliseconds(7_500));
    let p = live.scheduler.punctuality();
    assert_eq!(p.early, before.early, "{p:?}");
    assert_eq!(p.most_late_ms, 7_500, "{p:?}");
    assert_eq!(p.late - before.late, 252, "{p:?}");
    live.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crash_mid_burst_loses_and_doubles_nothing() {
    let (env, live, c) = agreed_with(10).await;
    plan_burst(&env, &live, 500).await;
    let store = env.desk.store();
    let planned = count_burst(store).await;
    let notifier = live.notifier.clone();
    let in_burst = |n: &TestNotifier| {
        n.tries()
            .into_iter()
            .filter(|s| s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1))
            .count()
    };
    drive(&env.clock, due(), || in_burst(&notifier) >= 400).await;
    let before_crash = in_burst(&notifier);
    assert!((400..planned as usize).contains(&before_crash));
    let (_, notifier) = live.crash().await;
    // The process comes back a second later (a restart takes that at least), on the same file.
    env.clock.advance(Duration::seconds(1));
    let desk = Arc::new(desk_with(&env.path, env.clock.clone(), env.i18n.clone(), &c).await);
    let live = Live::start_on(&env, desk, notifier);
    drive(&env.clock, due() + Duration::minutes(5), || false).await;

    let burst: Vec<_> = live
        .notifier
        .tries()
        .into_iter()
        .filter(|s| s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1))
        .collect();
    let rows = sent_once_each(store, planned, &burst).await;
    assert!(burst.len() <= rows.len() + 1, "{} tries", burst.len());
    assert!(burst.iter().all(|s| s.at <= due()), "still on time");
    assert!(busiest_second(&burst) <= 50);
    live.stop().await;
}
