//! `suivi status --health` from what the running bot records: the gateway not ready past its
//! grace, a process silent for three heartbeats, messages due and not sent, permanent failures
//! in the last hour; with several processes, each one's shards.

use chrono::{DateTime, Utc};
use suivi::cli::health::process_lines;
use suivi::cli::health::{verdict, Unwell};
use suivi::store::{current_layout, DeliveryKind, NewDelivery, ProcessId, ShardSpan, Store};

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
    let up = state_is(&store, true).await;
    let minutes = chrono::Duration::minutes;
    // Heard from within three heartbeats (60 s each): healthy. The test's clock stands still,
    // so the bot's heartbeats keep that instant: past three, it is taken for gone.
    assert_eq!(verdict(&store, &cfg, up + minutes(3)).await.unwrap(), []);
    let gone = verdict(&store, &cfg, up + minutes(4)).await.unwrap();
    assert!(
        matches!(&gone[..], [Unwell::Gone { heard, seconds: 240, .. }] if *heard == up),
        "{gone:?}"
    );

    // Discord's gateway goes away.
    w.double.set_gateway_down(true).await;
    let since = state_is(&store, false).await;
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

    // Six minutes later, back: serenity reconnects by itself, and it is healthy again.
    w.clock.advance(minutes(6));
    w.double.set_gateway_down(false).await;
    let back = state_is(&store, true).await;
    assert_eq!(back, since + minutes(6));
    assert_eq!(verdict(&store, &cfg, back).await.unwrap(), []);
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

fn process(first: u32, last: u32, count: u32) -> ProcessId {
    ProcessId {
        span: ShardSpan { first, last, count },
        pid: 4000 + first,
        host: format!("bot-{first}"),
        heartbeat: chrono::Duration::seconds(30),
    }
}

/// What `--health` concludes at `now` from the processes as the database holds them.
async fn health_of(store: &Store, now: DateTime<Utc>) -> Vec<Unwell> {
    verdict(store, &config(), now).await.unwrap()
}

#[tokio::test]
async fn each_process_is_judged_by_its_shards_its_readiness_and_its_heartbeat() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::fresh_database(dir.path(), "p.db").await;
    let (store, _) = Store::open(&db).await.unwrap();
    let t0: DateTime<Utc> = "2027-01-04T10:00:00Z".parse().unwrap();
    let s = chrono::Duration::seconds;
    // Once, one process ran the whole gateway; it stopped cleanly. Then two of two shards.
    let whole = process(0, 0, 1);
    store.process_started(&whole, t0 - s(3600)).await.unwrap();
    let (zero, one) = (process(0, 0, 2), process(1, 1, 2));
    store.process_started(&zero, t0).await.unwrap();
    // Shard 1 never started: shard 0 within its grace is fine, shard 1 is run by no one.
    assert_eq!(
        health_of(&store, t0 + s(10)).await,
        [Unwell::Uncovered {
            shards: vec![1],
            count: 2
        }]
    );
    store.process_started(&one, t0 + s(1)).await.unwrap();
    for p in [&zero, &one] {
        store
            .record_gateway_state(p.span, true, t0 + s(5))
            .await
            .unwrap();
    }
    // Both ready: healthy, one line each; the history of one process is not listed.
    let now = t0 + s(60);
    assert_eq!(health_of(&store, now).await, []);
    let layout = current_layout(store.gateway_processes().await.unwrap());
    let lines = process_lines(&layout, now);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let i18n = suivi::i18n::I18n::load().unwrap();
    let say = |lang, (id, args): &(&str, Vec<(&str, String)>)| {
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        i18n.text_with(lang, id, &args)
    };
    assert_eq!(
        say(suivi::i18n::Lang::En, &lines[1]),
        "Shard 1 of 2: process 4001 on bot-1, ready since 2027-01-04 10:00 UTC, \
         last heard 2027-01-04 10:00:05 UTC."
    );
    assert_eq!(
        say(suivi::i18n::Lang::Fr, &lines[0]),
        "Shard 0 sur 2\u{202f}: processus 4000 sur bot-0, prêt depuis 2027-01-04 10:00 UTC, \
         dernier signe 2027-01-04 10:00:05 UTC."
    );
    // Shard 0 keeps beating, shard 1 is silent: after three heartbeats (90 s), it is gone.
    store
        .process_heartbeat(zero.span, t0 + s(80))
        .await
        .unwrap();
    assert_eq!(health_of(&store, t0 + s(95)).await, []);
    let gone = Unwell::Gone {
        span: one.span,
        pid: 4001,
        host: "bot-1".into(),
        heard: t0 + s(5),
        seconds: 96,
    };
    assert_eq!(
        health_of(&store, t0 + s(101)).await,
        std::slice::from_ref(&gone)
    );
    let line = say(suivi::i18n::Lang::Fr, &gone.message());
    assert!(
        line.starts_with("En mauvaise santé\u{202f}: shard 1 sur 2, le processus 4001 sur bot-1"),
        "{line}"
    );
    // Restarted for the same shards (another pid): it takes the row; not ready within the
    // grace is fine, past it unhealthy, ready again healthy.
    let again = ProcessId {
        pid: 5001,
        ..one.clone()
    };
    store.process_started(&again, t0 + s(120)).await.unwrap();
    store
        .process_heartbeat(zero.span, t0 + s(120))
        .await
        .unwrap();
    assert_eq!(health_of(&store, t0 + s(150)).await, []);
    store
        .process_heartbeat(zero.span, t0 + s(420))
        .await
        .unwrap();
    assert_eq!(
        health_of(&store, t0 + s(430)).await,
        [Unwell::ShardsDown {
            span: one.span,
            pid: 5001,
            host: "bot-1".into(),
            since: t0 + s(120),
            minutes: 5,
        }]
    );
    store
        .record_gateway_state(again.span, true, t0 + s(430))
        .await
        .unwrap();
    assert_eq!(health_of(&store, t0 + s(440)).await, []);
    assert_eq!(store.gateway_processes().await.unwrap().len(), 3);
    store.close().await;
}

#[tokio::test]
async fn a_database_of_the_previous_release_keeps_its_gateway_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::common::fresh_database(dir.path(), "old.db").await;
    let (store, _) = Store::open(&db).await.unwrap();
    // As the previous release left it: one shared row, the last writer's, and no table.
    for sql in [
        "DROP TABLE gateway_processes",
        "DELETE FROM _sqlx_migrations WHERE version = 20261205001601",
        "INSERT INTO runtime (key, value) VALUES ('gateway-state', 'ready 2027-01-04T09:00:00.000Z')",
    ] {
        sqlx::query(sql).execute(store.pool()).await.unwrap();
    }
    store.close().await;
    let (store, report) = Store::open(&db).await.unwrap();
    assert_eq!(report.applied, 1);
    let since: DateTime<Utc> = "2027-01-04T09:00:00Z".parse().unwrap();
    let [p] = &store.gateway_processes().await.unwrap()[..] else {
        panic!("one row, the whole gateway's");
    };
    assert_eq!(
        (p.id.span, p.ready, p.since, p.heard),
        (ShardSpan::WHOLE, true, since, since)
    );
    let left: Option<(String,)> =
        sqlx::query_as("SELECT value FROM runtime WHERE key = 'gateway-state'")
            .fetch_optional(store.pool())
            .await
            .unwrap();
    assert_eq!(left, None, "the old row is gone, its meaning kept");
    store.close().await;
}
