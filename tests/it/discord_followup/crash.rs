//! The real binary killed (SIGKILL) after Discord applied a send but before the bot heard
//! back: restarted on the same database, it sends the delivery again at once with the same
//! nonce, and Discord (the double) shows one message.

use std::path::Path;
use std::process::{Child, Command};
use suivi::store::{DeliveryKind, DeliveryStatus};

use sqlx::AnyPool;

use super::*;

/// `suivi run` on the World's database, against its double; its log goes to `log`.
fn spawn(w: &World, log: &Path) -> Child {
    crate::discord::suivi_run(w, log).spawn().unwrap()
}

/// Waits for a fresh Identify (after `before` of them) and its READY.
async fn connected(w: &World, before: usize) {
    eventually("the binary to identify", || async {
        (w.double.identify_count() > before).then_some(())
    })
    .await;
    w.double.wait_ready(T).await.unwrap();
}

type Row = (String, i64, Option<String>, Option<String>, Option<String>);

async fn prompt_row(pool: &AnyPool) -> Row {
    sqlx::query_as(
        "SELECT status, attempts, claimed_until, sent_at, route FROM deliveries
         WHERE kind = 'prompt' AND recipient_id = $1",
    )
    .bind(beneficiary().id as i64)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_between_send_and_acknowledgement_resends_once_with_the_same_nonce() {
    let w = World::bare().await;
    let b = beneficiary();
    let log = w.file("bot.log");
    let mut bot = spawn(&w, &log);
    connected(&w, 0).await;
    w.setup(false).await;
    let public = w.session("open", false, "fr").await;

    // Discord applies the first question, and the answer is held back: the bot never hears.
    w.double.stall_next("POST", "/channels/*/messages");
    w.click(&b, &public, ":start", "fr").await;
    w.double.wait_stalled(T).await.unwrap();
    let dm = dm_of(&w, &b);
    assert_eq!(w.double.messages_in(dm).len(), 1);
    bot.kill().unwrap(); // SIGKILL
    bot.wait().unwrap();

    let pool = crate::common::side_pool(&w.db).await;
    let (status, attempts, lease, _, _) = prompt_row(&pool).await;
    assert_eq!((status.as_str(), attempts), ("claimed", 1));
    let lease = lease.expect("a claimed delivery has a lease");

    // Restarted on the same file: sent again at once (not when the lease ends).
    let identifies = w.double.identify_count();
    let mut bot = spawn(&w, &log);
    connected(&w, identifies).await;
    let row = eventually("the delivery acknowledged after the restart", || async {
        let r = prompt_row(&pool).await;
        (r.0 == "sent").then_some(r)
    })
    .await;
    let (_, attempts, _, sent_at, route) = row;
    assert_eq!((attempts, route.as_deref()), (2, Some("dm")));
    assert!(
        sent_at.as_deref().unwrap() < lease.as_str(),
        "sent at {sent_at:?}, lease until {lease}"
    );

    // Same nonce twice; Discord answered the second with the first message.
    let sends: Vec<_> = w
        .double
        .requests()
        .into_iter()
        .filter(|r| r.matches("POST", &format!("/channels/{dm}/messages")))
        .map(|r| r.body.unwrap())
        .collect();
    assert_eq!(sends.len(), 2, "{sends:#?}");
    assert_eq!(sends[0]["nonce"], sends[1]["nonce"]);
    for s in &sends {
        assert_outbox_body(s);
    }
    assert_eq!(w.double.deduplicated_count(), 1);
    let shown = w.double.messages_in(dm);
    assert_eq!(shown.len(), 1);
    assert!(
        shown[0]
            .content
            .contains("qu’attendez-vous de cette séance"),
        "{}",
        shown[0].content
    );
    assert_eq!(
        w.double.nonces_in(dm),
        [sends[0]["nonce"].as_str().unwrap()]
    );

    // A clean stop.
    let killed = Command::new("kill")
        .args(["-TERM", &bot.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = eventually("the binary to stop", || {
        let s = bot.try_wait().unwrap();
        async move { s }
    })
    .await;
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(status.success(), "{status:?}\n{log}");
    assert!(
        log.contains("sent again"),
        "the restart says what it resent:\n{log}"
    );
    w.double.assert_no_violations();
}

/// A crash while the day-before reminders were being sent, and the bot back only on the day
/// of the exchange: the reminders left claimed are as stale as planned ones would be. Only the
/// hour-before reminder goes out, not a "tomorrow" on the day itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_left_claimed_by_a_crash_are_skipped_when_stale_after_the_downtime() {
    let mut w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    let (b_dm, a_dm) = (dm_of(&w, &b), dm_of(&w, &a));
    w.bot.take().unwrap().shutdown().await;
    // As a process killed while sending them leaves them (see the test above for the kill):
    // claimed at the day-before time, with a lease that ended long ago.
    let day_before = first_exchange() - hours(24);
    let pool = crate::common::side_pool(&w.db).await;
    let claimed = sqlx::query(
        "UPDATE deliveries SET status = 'claimed', attempts = 1, claimed_until = $1
         WHERE kind = 'reminder' AND due_at = $2",
    )
    .bind(stamp(day_before + chrono::Duration::minutes(2)))
    .bind(stamp(day_before))
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(claimed.rows_affected(), 2);
    pool.close().await;

    // Back 45 minutes before the exchange.
    w.set_time(first_exchange() - chrono::Duration::minutes(45));
    w.start_bot().await;
    sent_in(&w, b_dm, "a lieu dans 1 heure").await;
    sent_in(&w, a_dm, "a lieu dans 1 heure").await;
    idle(&w).await;
    for u in [&b, &a] {
        let rows: Vec<(DeliveryStatus, String)> = deliveries_to(&w, u)
            .await
            .into_iter()
            .filter(|d| d.kind == DeliveryKind::Reminder)
            .map(|d| (d.status, d.last_error.unwrap_or_default()))
            .collect();
        assert_eq!(
            rows,
            [
                (DeliveryStatus::Skipped, "stale".into()),
                (DeliveryStatus::Sent, String::new())
            ],
            "{}",
            u.name
        );
    }
    assert_eq!(
        count_in(&w, b_dm, "a lieu demain"),
        0,
        "no “tomorrow” on the day"
    );
    assert_eq!(count_in(&w, b_dm, "Rappel"), 1);
    assert_eq!(count_in(&w, a_dm, "Rappel"), 1);
    w.double.assert_no_violations();
}
