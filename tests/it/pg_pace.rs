//! Discord's global limit shared by several processes on one database: each holds its own
//! pool (as two processes do) and takes request instants through the store's `send_pace`;
//! together they never put more than 50 requests in any one-second window.

use chrono::{DateTime, Duration, Utc};
use suivi::outbox::pace::Pace;
use suivi::outbox::shared_pace::SharedPace;
use suivi::store::{Audience, Store};

use super::pg_schema::fresh_pg;

/// The most instants in any window [t, t + 1 s).
fn busiest(at: &[DateTime<Utc>]) -> usize {
    at.iter()
        .map(|s| {
            at.iter()
                .filter(|t| *t >= s && **t < *s + Duration::seconds(1))
                .count()
        })
        .max()
        .unwrap_or(0)
}

async fn burst(pace: &SharedPace, now: DateTime<Utc>, requests: u32) -> Vec<DateTime<Utc>> {
    let mut at = Vec::new();
    for i in 0..requests {
        // One letter in three opens a DM channel first: two requests.
        let n = if i % 3 == 0 { 2 } else { 1 };
        let t = pace.reserve(now, n).await;
        at.extend((0..n).map(|_| t));
    }
    at
}

async fn three_processes_share(stores: [Store; 3], now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let [a, b, c] = stores.map(|s| SharedPace::new(s, Audience::Discord, 50));
    let (x, y, z) = tokio::join!(
        burst(&a, now, 120),
        burst(&b, now, 120),
        burst(&c, now, 120)
    );
    [x, y, z].concat()
}

#[tokio::test]
async fn three_processes_on_one_server_never_exceed_fifty_requests_a_second_together() {
    let Some(pg) = fresh_pg().await else {
        return;
    };
    let mut stores = Vec::new();
    for _ in 0..3 {
        let (store, _) = Store::open(std::path::Path::new(&pg.url)).await.unwrap();
        stores.push(store);
    }
    let stores: [Store; 3] = stores.try_into().unwrap();
    let now: DateTime<Utc> = "2027-03-01T08:00:00Z".parse().unwrap();
    let at = three_processes_share(stores.clone(), now).await;
    assert_eq!(at.len(), 480);
    assert_eq!(busiest(&at), 50, "together at the limit, never above");
    // 480 requests, 50 a window of 1.25 s (a second and the guard): the last goes out in the
    // tenth window, not before.
    let last = *at.iter().max().unwrap();
    assert_eq!(last, now + Duration::milliseconds(11_250), "{last}");
    for s in &stores {
        s.close().await;
    }
}

/// The same rule on one SQLite file (one process there, but the store path is the same).
#[tokio::test]
async fn on_one_file_the_shared_pace_keeps_the_same_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("suivi.db")).await.unwrap();
    let now: DateTime<Utc> = "2027-03-01T08:00:00Z".parse().unwrap();
    let at = three_processes_share([store.clone(), store.clone(), store.clone()], now).await;
    assert_eq!(busiest(&at), 50);
    assert_eq!(
        *at.iter().max().unwrap(),
        now + Duration::milliseconds(11_250)
    );
}

/// Requests are counted from when they were over once the dispatcher says so: the next
/// reservation past the budget waits a window from then, not from the instant reserved (on the
/// server of `SUIVI_TEST_DATABASE` if there is one, else on a file).
#[tokio::test]
async fn requests_count_from_when_they_were_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::common::fresh_database(dir.path(), "suivi.db").await;
    let (store, _) = Store::open(&path).await.unwrap();
    let pace = SharedPace::new(store.clone(), Audience::Discord, 2);
    let now: DateTime<Utc> = "2027-03-01T08:00:00Z".parse().unwrap();
    let first = pace.reserve(now, 2).await;
    assert_eq!(first, now);
    let over = now + Duration::milliseconds(300);
    pace.finished(first, 2, over).await;
    let next = pace.reserve(now + Duration::milliseconds(400), 1).await;
    assert_eq!(next, over + suivi::outbox::pace::window());
    // The other audience's budget is its own.
    let console = SharedPace::new(store.clone(), Audience::Console, 2);
    assert_eq!(console.reserve(now, 2).await, now);
    store.close().await;
}

/// The database out of reach (here: its pools closed): the process paces itself alone by the
/// same rule, and when requests were over still moves its own count, quietly.
#[tokio::test]
async fn with_the_database_out_of_reach_a_process_paces_itself_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("suivi.db")).await.unwrap();
    let pace = SharedPace::new(store.clone(), Audience::Discord, 50);
    store.close().await;
    let now: DateTime<Utc> = "2027-03-01T08:00:00Z".parse().unwrap();
    let mut at = Vec::new();
    for _ in 0..120 {
        at.push(pace.reserve(now, 1).await);
    }
    assert_eq!(busiest(&at), 50);
    assert_eq!(at[50], now + suivi::outbox::pace::window());
    let over = at[119] + Duration::milliseconds(300);
    pace.finished(at[119], 1, over).await;
    assert_eq!(pace.reserve(now, 1).await, over);
}
