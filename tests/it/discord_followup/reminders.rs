//! Reminders before the agreed exchanges, as each side reads them in their DMs.

use serde_json::json;
use suivi::store::{DeliveryKind, DeliveryStatus};

use super::*;

/// Everything a reminder must say, in the reader's words.
fn assert_reminder(body: &Value, lines: &[&str]) {
    assert_outbox_body(body);
    let content = body["content"].as_str().unwrap();
    for l in lines {
        assert!(content.contains(l), "{l:?} not in:\n{content}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_sides_are_reminded_a_day_and_an_hour_before_in_their_language() {
    let w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    // The advisor now reads English; the beneficiary keeps French.
    slash(
        &w,
        &a,
        "settings",
        json!([{"name": "language", "options": [{"name": "language", "value": 1}]}]),
    )
    .await;
    answer_containing(&w, &a, "I will speak English").await;
    // ... and lives in Toronto: dates are shown in each reader's own time zone.
    slash(
        &w,
        &a,
        "settings",
        json!([{"name": "timezone", "options": [{"name": "timezone", "value": "America/Toronto"}]}]),
    )
    .await;
    answer_containing(&w, &a, "Toronto time").await;
    let (b_dm, a_dm) = (dm_of(&w, &b), dm_of(&w, &a));

    // Planned at the closing: both leads, both sides, nothing sent yet.
    let mut reminders = deliveries_to(&w, &b).await;
    reminders.extend(deliveries_to(&w, &a).await);
    reminders.retain(|d| d.kind == DeliveryKind::Reminder);
    assert_eq!(reminders.len(), 4, "{reminders:#?}");
    assert!(reminders
        .iter()
        .all(|d| d.status == DeliveryStatus::Planned));
    assert_eq!(count_in(&w, b_dm, "Rappel"), 0);

    // A day before.
    w.set_time(first_exchange() - hours(24));
    let to_b = sent_in(&w, b_dm, "Rappel").await;
    assert_reminder(
        &to_b,
        &[
            "Rappel\u{202f}: votre prochain échange avec Claire a lieu demain, le mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris.",
            "Moyens\u{202f}: ",
            "Vos engagements\u{202f}: Envoyer le projet de convention avant le prochain échange",
            "Ses engagements\u{202f}: Relire la convention et transmettre deux contacts",
        ],
    );
    let to_a = sent_in(&w, a_dm, "Reminder").await;
    assert_reminder(
        &to_a,
        &[
            "Reminder: your next exchange with Moussa is tomorrow, on Tuesday, December 1, 2026 at 4:00 AM, Toronto time.",
            "Means: ",
            "Your commitments: Relire la convention et transmettre deux contacts",
            "Their commitments: Envoyer le projet de convention avant le prochain échange",
        ],
    );
    // The means agreed (e-mail, in person), named in each reader's language.
    let means_fr = to_b["content"].as_str().unwrap().to_lowercase();
    assert!(
        means_fr.contains("moyens\u{202f}: courriel et en présentiel."),
        "{means_fr}"
    );
    let means_en = to_a["content"].as_str().unwrap().to_lowercase();
    assert!(
        means_en.contains("means: email and in person."),
        "{means_en}"
    );

    // An hour before.
    w.advance(hours(23));
    let to_b = sent_in(&w, b_dm, "a lieu dans 1 heure").await;
    assert_reminder(
        &to_b,
        &["le mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris"],
    );
    let to_a = sent_in(&w, a_dm, "is in 1 hour").await;
    assert_reminder(
        &to_a,
        &["on Tuesday, December 1, 2026 at 4:00 AM, Toronto time"],
    );
    idle(&w).await;

    // Once each: two reminders in each DM channel, all acknowledged.
    assert_eq!(count_in(&w, b_dm, "Rappel"), 2);
    assert_eq!(count_in(&w, a_dm, "Reminder"), 2);
    for u in [&b, &a] {
        let rows: Vec<_> = deliveries_to(&w, u)
            .await
            .into_iter()
            .filter(|d| d.kind == DeliveryKind::Reminder && d.due_at < stamp(first_exchange()))
            .collect();
        assert_eq!(rows.len(), 2, "{rows:#?}");
        for d in rows {
            assert_eq!(
                (d.status, d.route.as_deref(), d.attempts),
                (DeliveryStatus::Sent, Some("dm"), 1),
                "{d:?}"
            );
        }
    }
    // Every message of the outbox carried its nonce, enforced, and pinged nobody.
    let mut checked = 0;
    for r in w.double.requests() {
        if r.method == "POST" && (r.path == format!("/channels/{b_dm}/messages")) {
            assert_outbox_body(r.body.as_ref().unwrap());
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
    w.double.assert_no_violations();
}
