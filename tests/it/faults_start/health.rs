//! `suivi status --health` from what the running bot records: the gateway not ready past its
//! grace, messages due and not sent, permanent failures in the last hour.

use chrono::{DateTime, Utc};
use suivi::cli::health::{verdict, Unwell};
use suivi::clock::Clock;
use suivi::store::{DeliveryKind, NewDelivery, Store};

use super::*;

async fn state_is(store: &Store, ready: bool) -> DateTime<Utc> {
    let deadline = tokio::time::Instant::now() + T;
    loop {
        if let Some(g) = store.gateway_state().await.unwrap() {
            if g.ready == ready {
                return g.since;
            }
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the gateway was never recorded {}",
            if ready { "ready" } else { "down" }
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_not_ready_past_its_grace_is_unhealthy_until_it_is_back() {
    let mut w = World::bare().await;
    w.start_bot().await;
    let cfg = config();
    assert_eq!(cfg.health_gateway_grace_minutes, 5);
    let store = w.store().clone();
    state_is(&store, true).await;
    let later = w.clock.now() + chrono::Duration::hours(1);
    assert_eq!(verdict(&store, &cfg, later).await.unwrap(), []);

    // Discord's gateway goes away.
    w.double.set_gateway_down(true).await;
    let since = state_is(&store, false).await;
    let minutes = chrono::Duration::minutes;
    assert_eq!(verdict(&store, &cfg, since + minutes(4)).await.unwrap(), []);
    assert_eq!(
        verdict(&store, &cfg, since + minutes(6)).await.unwrap(),
        [Unwell::GatewayDown { since, minutes: 6 }]
    );
    let (id, args) = Unwell::GatewayDown { since, minutes: 6 }.message();
    let i18n = suivi::i18n::I18n::load().unwrap();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let line = i18n.text_with(suivi::i18n::Lang::En, id, &args);
    assert!(
        line.starts_with("Unhealthy: the Discord gateway has not been ready since"),
        "{line}"
    );

    // Back: serenity reconnects by itself, and it is healthy again.
    w.double.set_gateway_down(false).await;
    state_is(&store, true).await;
    assert_eq!(verdict(&store, &cfg, since + minutes(6)).await.unwrap(), []);
    w.bot.take().unwrap().shutdown().await;
    // A stopped bot is not ready either.
    let (store, _) = Store::open(&w.db).await.unwrap();
    state_is(&store, false).await;
    store.close().await;
}

fn failed(key: &str, due: DateTime<Utc>) -> NewDelivery {
    NewDelivery {
        key: key.into(),
        kind: DeliveryKind::Reminder,
        recipient: 5000,
        support: None,
        conversation: None,
        series: None,
        due,
        expires: None,
        payload: "{}".into(),
    }
}

#[tokio::test]
async fn permanent_failures_in_the_last_hour_past_the_threshold_are_unhealthy() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("h.db")).await.unwrap();
    let cfg = config();
    assert_eq!(cfg.health_failed_per_hour, 10);
    let now: DateTime<Utc> = "2027-01-04T10:00:00Z".parse().unwrap();
    // Nine recent failures and thirty old ones: healthy.
    let mut ds: Vec<_> = (0..9)
        .map(|i| {
            failed(
                &format!("recent{i}"),
                now - chrono::Duration::minutes(50 - i),
            )
        })
        .collect();
    ds.extend((0..30).map(|i| failed(&format!("old{i}"), now - chrono::Duration::hours(3))));
    store.plan(&ds, now).await.unwrap();
    sqlx::query("UPDATE deliveries SET status = 'failed', last_error = 'dm_closed'")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(verdict(&store, &cfg, now).await.unwrap(), []);
    // The tenth within the hour crosses it.
    store
        .plan(
            &[failed("recent9", now - chrono::Duration::minutes(1))],
            now,
        )
        .await
        .unwrap();
    sqlx::query("UPDATE deliveries SET status = 'failed' WHERE key = 'recent9'")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(
        verdict(&store, &cfg, now).await.unwrap(),
        [Unwell::Failing { count: 10, max: 10 }]
    );
    // A planned message due 6 minutes ago and not sent: late too.
    store
        .plan(&[failed("late", now - chrono::Duration::minutes(6))], now)
        .await
        .unwrap();
    let v = verdict(&store, &cfg, now).await.unwrap();
    assert!(
        v.contains(&Unwell::Late {
            count: 1,
            since: now - chrono::Duration::minutes(6)
        }),
        "{v:?}"
    );
    store.close().await;
}
