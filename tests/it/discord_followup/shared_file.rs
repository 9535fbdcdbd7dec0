//! The console and the bot on one database file: each dispatcher sends to its own people only.
//! The console runs on the real clock, the bot on the World's; each sees the other's
//! deliveries as due, and must leave them alone.

use super::*;
use crate::console::{run_console, script};
use suivi::store::{DeliveryKind, DeliveryStatus};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_and_the_bot_on_one_file_never_take_each_others_deliveries() {
    let w = World::new(false).await;
    let b = beneficiary();
    // A Discord question applied but not acknowledged: claimed, its lease already over on the
    // real clock the console reads.
    let public = w.session("open", false, "fr").await;
    w.double.stall_next("POST", "/channels/*/messages");
    w.click(&b, &public, ":start", "fr").await;
    w.double.wait_stalled(T).await.unwrap();

    let db = w.db.clone();
    let out =
        tokio::task::spawn_blocking(move || run_console(&db, "fr", &script("console-fr.txt")))
            .await
            .unwrap();
    assert!(
        out.contains("C’est convenu\u{202f}! L’accord de fin de séance est enregistré"),
        "{out}"
    );
    // The console left the bot's question alone.
    let q = deliveries_to(&w, &b)
        .await
        .into_iter()
        .find(|d| d.kind == DeliveryKind::Prompt)
        .unwrap();
    assert_eq!(
        (q.status, q.attempts),
        (DeliveryStatus::Claimed, 1),
        "{q:?}"
    );
    w.double.release_stalled();
    let q = delivery_where(&w, &b, "the bot's question acknowledged", |d| {
        d.id == q.id && d.status == DeliveryStatus::Sent
    })
    .await;
    assert_eq!((q.attempts, q.route.as_deref()), (1, Some("dm")));

    // The bot, moved past the console's first exchange, sends none of its reminders. The
    // beneficiary's answer (and what it sends) is the witness that the scheduler ran.
    w.set_time("2026-12-02T12:00:00Z".parse().unwrap());
    w.double
        .dm(
            &b,
            "Comprendre comment monter un partenariat avec une commune",
        )
        .await;
    dm_containing(&w, &b, "Merci, vos attentes sont notées").await;
    dm_containing(&w, &advisor(), "a exprimé ses attentes").await;
    let console_people: [u64; 2] = [suivi::console::ADVISOR, suivi::console::BENEFICIARY];
    for r in w.double.requests() {
        if r.matches("POST", "/users/@me/channels") {
            let to = r.body.as_ref().unwrap()["recipient_id"].clone();
            assert!(
                !console_people.iter().any(|p| to == json!(p.to_string())),
                "a DM was opened for the console's {to}"
            );
        }
    }
    let mut console_rows = 0;
    for p in console_people {
        for d in w.store().deliveries_to(p).await.unwrap() {
            console_rows += 1;
            assert!(
                matches!(d.route.as_deref(), None | Some("console")),
                "{d:?}"
            );
            assert!(d.status != DeliveryStatus::Claimed, "{d:?}");
        }
    }
    assert!(console_rows > 5, "{console_rows}");
    // The console's reminders, due and even stale on the bot's clock, are the console's to
    // send (its script waits a week and sends them) or to skip: the bot neither sent nor
    // skipped any.
    let mut reminders = Vec::new();
    for p in console_people {
        let rows = w.store().deliveries_to(p).await.unwrap();
        reminders.extend(
            rows.into_iter()
                .filter(|d| d.kind == DeliveryKind::Reminder),
        );
    }
    assert!(reminders.len() >= 2, "{reminders:#?}");
    assert!(
        reminders
            .iter()
            .all(|d| (d.status == DeliveryStatus::Planned && d.attempts == 0)
                || (d.status == DeliveryStatus::Sent && d.route.as_deref() == Some("console"))),
        "{reminders:#?}"
    );
    w.double.assert_no_violations();
}
