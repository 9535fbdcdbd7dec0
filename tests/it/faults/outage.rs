//! Discord answering 503 for ten minutes with 2,000 due rows: the dispatcher holds its sending
//! and probes once per back-off instead of trying every row, so the store's writes are bounded
//! by the back-off schedule, not by the loop; once Discord answers again every row is delivered
//! exactly once.

use std::collections::HashMap;

use chrono::Duration;
use suivi::clock::Clock;
use suivi::domain::prompt::Msg;
use suivi::outbox::{Payload, SendError};
use suivi::store::{DeliveryKind, NewDelivery};

use crate::common::*;

const ROWS: u64 = 2_000;
/// Discord user ids (never small).
const FIRST: u64 = 400_000_000_000_000_000;

fn notice(k: u64, due: chrono::DateTime<chrono::Utc>) -> NewDelivery {
    NewDelivery {
        key: format!("notice:outage:{k}"),
        kind: DeliveryKind::Notice,
        recipient: FIRST + k,
        support: None,
        conversation: None,
        series: None,
        due,
        expires: None,
        payload: Payload::Notice {
            msg: Msg::new("followup-undelivered").text("person", format!("P{k}")),
        }
        .to_json(),
    }
}

#[tokio::test]
async fn a_ten_minute_outage_costs_a_probe_per_back_off_and_ends_with_every_row_sent_once() {
    let env = env().await;
    let t0 = env.clock.now();
    let rows: Vec<_> = (0..ROWS).map(|k| notice(k, t0)).collect();
    env.desk.store().plan(&rows, t0).await.unwrap();
    let live = Live::start(&env).await;
    live.notifier
        .fail(None, usize::MAX, SendError::Transient { retry_after: None });
    let writes0 = live.desk.store().outbox_writes();
    // Ten minutes, a second at a time: every second the test asks for a pass (the bell), and
    // the loop runs on its own in between.
    for s in 1..=600 {
        env.clock.set(t0 + Duration::seconds(s));
        live.settle().await;
    }
    let tries = live.notifier.tries().len();
    let writes = live.desk.store().outbox_writes() - writes0;
    // Holds of 2, 4, 8, 16 s, then 30 s: about 25 probes in ten minutes, each a claim and a
    // retry, a heartbeat every 30 s, the first batch given back once.
    assert!(
        (10..=40).contains(&tries),
        "{tries} tries during the outage"
    );
    assert!(
        writes <= 3 * 40 + 25,
        "{writes} outbox writes during the outage"
    );
    let tried: HashMap<i64, usize> =
        live.notifier
            .tries()
            .iter()
            .fold(HashMap::new(), |mut m, t| {
                *m.entry(t.delivery).or_default() += 1;
                m
            });
    assert!(
        tried.values().all(|n| *n == 1),
        "each probe is another row: no row spends its tries on the outage"
    );

    // The dispatcher kept recording its passes (at most every 30 s) for `status --health`.
    let beat = live.desk.store().dispatcher_last_pass().await.unwrap();
    assert!(
        beat.is_some_and(|b| b >= t0 + Duration::seconds(570)),
        "{beat:?}"
    );

    // Discord answers again.
    live.notifier.heal();
    live.run_for(Duration::minutes(2)).await;
    let sent: Vec<_> = live.notifier.tries().into_iter().filter(|t| t.ok).collect();
    let mut once: HashMap<i64, usize> = HashMap::new();
    for s in &sent {
        *once.entry(s.delivery).or_default() += 1;
    }
    assert_eq!(once.len() as u64, ROWS, "every row delivered");
    assert!(once.values().all(|n| *n == 1), "exactly once");
    let (unsent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE status != 'sent'")
            .fetch_one(live.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(unsent, 0);
    // The backlog started within the longest hold of Discord answering again.
    let first_ok = sent.iter().map(|s| s.at).min().unwrap();
    assert!(first_ok <= t0 + Duration::seconds(600 + 30), "{first_ok}");
    live.stop().await;
}
