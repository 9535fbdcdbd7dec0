//! Several processes on one PostgreSQL database sending one burst (issue 17): a thousand
//! reminders due at one instant, three dispatchers — each with its own connections, as three
//! processes have — sharing Discord's global limit through the database; one is killed
//! mid-burst (its task aborted where it stands, as SIGKILL leaves it) and another starts.
//! Every reminder goes out exactly once as Discord shows it (one nonce per delivery), each
//! the processes share the work, and only what the killed one held waits for its lease.
//!
//! One test clock serves the four dispatchers: it is moved only once every living one waits
//! ([`drive_all`]). The 50-a-second limit across processes is asserted where it is decided,
//! on the instants the processes take (`pg_pace`): here a dispatcher woken by a move may run a
//! little after another's, so the instants the notifiers record are not exact to the second.
//!
//! Runs when `SUIVI_TEST_DATABASE` names a server; otherwise says so in one line and passes.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use suivi::clock::{Clock, ManualClock};
use suivi::i18n::{I18n, Lang};
use suivi::outbox::pace::DISCORD_RATE;
use suivi::outbox::shared_pace::SharedPace;
use suivi::outbox::Tuning;
use suivi::store::{Audience, DeliveryKind};

use crate::burst::{config_with, count_burst, desk_with, due, plan_burst, sent_once_each};
use crate::common::*;

/// Moves the test's clock for `n` dispatchers at once: only when every one of them waits (one
/// at work is no sleeper), to the earliest instant one waits for, up to `until` or until
/// `enough` says so.
async fn drive_all(clock: &ManualClock, n: usize, until: DateTime<Utc>, enough: impl Fn() -> bool) {
    let mut count = clock.sleeping();
    let earliest = clock.sleepers();
    loop {
        let now = clock.now();
        if now >= until || enough() {
            return;
        }
        tokio::time::timeout(
            std::time::Duration::from_secs(20),
            count.wait_for(|c| *c >= n),
        )
        .await
        .expect("every dispatcher comes to wait")
        .unwrap();
        // Copied out: a watch's borrow blocks its sender while held.
        let next = *earliest.borrow();
        match next {
            Some(t) if t > now => clock.set(t.min(until)),
            // One is about to wake: let it.
            Some(_) => {
                let _ =
                    tokio::time::timeout(std::time::Duration::from_secs(20), count.changed()).await;
            }
            None => clock.set(until),
        }
    }
}

/// A dispatcher of its own process: its own service and connections, the shared pace.
async fn process(env: &Env, c: &suivi::config::Config) -> Live {
    let desk = Arc::new(desk_with(&env.path, env.clock.clone(), env.i18n.clone(), c).await);
    let tuning = Tuning {
        pace: Arc::new(SharedPace::new(
            desk.store().clone(),
            Audience::All,
            DISCORD_RATE,
        )),
        ..Tuning::default()
    };
    Live::start_tuned(env, desk, TestNotifier::new(env), tuning)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_send_a_burst_once_at_fifty_a_second_through_a_kill() {
    let Some(server) = test_server() else {
        crate::pg_schema::not_tested();
        return;
    };
    let c = config_with(10);
    let dir = tempfile::tempdir().unwrap();
    let path = std::path::PathBuf::from(create_database(&server).await);
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
    let first = process(&env, &c).await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    agree(&env, closing, Lang::Fr, Lang::Fr, &FR).await;
    first.settle().await;
    plan_burst(&env, &first, 500).await;
    let store = env.desk.store();
    let planned = count_burst(store).await;
    assert!(planned >= 1000, "{planned}");
    let second = process(&env, &c).await;
    let third = process(&env, &c).await;

    let in_burst = |live: &Live| {
        live.notifier
            .tries()
            .into_iter()
            .filter(|s| s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1))
            .collect::<Vec<_>>()
    };
    let (n1, n2, n3) = (
        first.notifier.clone(),
        second.notifier.clone(),
        third.notifier.clone(),
    );
    let sent_so_far = || {
        [&n1, &n2, &n3]
            .iter()
            .map(|n| {
                n.tries()
                    .iter()
                    .filter(|s| {
                        s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1)
                    })
                    .count()
            })
            .sum::<usize>()
    };
    drive_all(&env.clock, 3, due(), || sent_so_far() >= 400).await;
    assert!(sent_so_far() < 1000, "the kill comes mid-burst");
    // The second process is killed where it stands; a fourth one starts a second later.
    let killed_tries = in_burst(&second);
    let (_, killed_notifier) = second.crash().await;
    env.clock.advance(Duration::seconds(1));
    let fourth = process(&env, &c).await;
    // Past the burst, and past the lease of what the killed process held.
    drive_all(&env.clock, 3, due() + Duration::minutes(10), || false).await;

    let mut all = Vec::new();
    for live in [&first, &third, &fourth] {
        all.extend(in_burst(live));
    }
    let late_from_kill = all
        .iter()
        .filter(|s| s.at > due())
        .map(|s| s.delivery)
        .collect::<BTreeSet<_>>()
        .len();
    all.extend(
        killed_notifier
            .tries()
            .into_iter()
            .filter(|s| s.kind == DeliveryKind::Reminder && s.at > due() - Duration::hours(1)),
    );
    assert!(killed_tries.len() <= all.len());

    sent_once_each(store, planned, &all).await;
    // Each process sent some of it: the work was shared.
    for (name, live) in [("first", &first), ("third", &third)] {
        assert!(!in_burst(live).is_empty(), "the {name} process sent none");
    }
    assert!(!killed_tries.is_empty(), "the killed process had sent some");
    // What the living processes held went out by its time; only what the killed one held
    // (and what waited behind it for the same people) waited for its lease.
    assert!(
        late_from_kill <= 2 * Tuning::default().batch as usize,
        "{late_from_kill} late"
    );
    for live in [first, third, fourth] {
        live.stop().await;
    }
}
