//! The check-in on Discord: the real serenity/poise client against the loopback Discord, every
//! body validated against `DISCORD_OPENAPI`; time moves on the World's `ManualClock`. Its
//! questions arrive in the beneficiary's DMs with buttons; "Bloquée" asks what is in the way,
//! typed as a DM, and the advisor is alerted by DM, once.

use chrono::{DateTime, Utc};
use suivi::store::{DeliveryKind, DeliveryStatus};

use crate::discord::{advisor, beneficiary, whole_closing, World, CHANNEL, FRENCH};
use crate::discord_followup::{deliveries_to, dm_containing, dm_of, first_exchange, idle};

const BLOCKER: &str = "Le secrétariat de la mairie ne répond pas et je ne sais pas à qui écrire";

/// Half-way between the first two exchanges (1 and 15 December 2026, 10:00 in Paris).
fn checkin_at() -> DateTime<Utc> {
    "2026-12-08T09:00:00Z".parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checkin_in_dms_with_buttons_and_a_blocker_typed_alerts_the_advisor_by_dm() {
    let w = World::new(false).await;
    whole_closing(&w, &FRENCH).await;
    idle(&w).await;
    let (b, a) = (beneficiary(), advisor());
    let (b_dm, a_dm) = (dm_of(&w, &b), dm_of(&w, &a));

    // The first exchange passes: the check-in is planned half-way to the second.
    w.set_time(first_exchange());
    idle(&w).await;
    let planned: Vec<(String, DeliveryStatus)> = deliveries_to(&w, &b)
        .await
        .into_iter()
        .filter(|d| d.kind == DeliveryKind::Checkin)
        .map(|d| (d.due_at, d.status))
        .collect();
    assert_eq!(
        planned,
        [(
            "2026-12-08T09:00:00.000Z".to_owned(),
            DeliveryStatus::Planned
        )]
    );

    w.set_time(checkin_at());
    let q1 = dm_containing(&w, &b, "Tâche 1 sur 2").await;
    assert_eq!(q1.channel_id, Some(b_dm));
    assert!(
        q1.content
            .starts_with("Un petit point d’étape avant votre prochain échange"),
        "{}",
        q1.content
    );
    assert!(
        q1.content
            .contains("Tâche 1 sur 2\u{202f}: «\u{202f}écrire au maire\u{202f}»"),
        "{}",
        q1.content
    );
    let labels = q1.button_labels();
    for l in ["Faite", "En cours", "Pas commencée", "Bloquée"] {
        assert!(labels.iter().any(|x| x == l), "{l} not in {labels:?}");
    }
    w.click(&b, &q1, ":c:done", "fr").await;
    let q2 = w.prompt(&b).await;
    assert!(
        q2.content
            .contains("Tâche 2 sur 2\u{202f}: «\u{202f}préparer le budget\u{202f}»"),
        "{}",
        q2.content
    );
    w.click(&b, &q2, ":c:blocked", "fr").await;
    let why = w.prompt(&b).await;
    assert!(
        why.content
            .starts_with("Qu’est-ce qui bloque pour «\u{202f}préparer le budget\u{202f}»"),
        "{}",
        why.content
    );
    // Typed as a direct message.
    let next = w.dm(BLOCKER).await;
    assert!(
        next.content.contains("Souhaitez-vous ajouter une tâche"),
        "{}",
        next.content
    );
    let alert = dm_containing(&w, &a, "est bloqué·e").await;
    assert_eq!(alert.channel_id, Some(a_dm));
    assert_eq!(
        alert.content,
        format!(
            "Moussa est bloqué·e sur «\u{202f}préparer le budget\u{202f}». Avec ses mots (confidentiel)\u{202f}: {BLOCKER}"
        )
    );
    w.click(&b, &next, ":skip", "fr").await;
    let thanks = w.prompt(&b).await;
    assert!(
        thanks
            .content
            .starts_with("Merci\u{202f}! Votre chargé·e de mission"),
        "{}",
        thanks.content
    );
    let summary = dm_containing(&w, &a, "point d’étape").await;
    assert_eq!(
        summary.content,
        "Moussa a répondu au point d’étape\u{202f}: 1 tâche faite sur 2, 1 bloquée."
    );
    idle(&w).await;

    // The blocker was shown once, in the advisor's DMs, and nowhere else.
    let shown: Vec<_> = w
        .double
        .shown()
        .into_iter()
        .filter(|m| m.content.contains(BLOCKER) || m.raw.to_string().contains(BLOCKER))
        .collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(shown[0].channel_id, Some(a_dm));
    assert!(w
        .double
        .messages_in(CHANNEL)
        .iter()
        .all(|m| !m.content.contains("bloqu")));
    let tasks: Vec<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT text, status, blocker, blocker_at FROM tasks ORDER BY position")
            .fetch_all(w.store().pool())
            .await
            .unwrap();
    assert_eq!(
        tasks,
        [
            ("écrire au maire".into(), "done".into(), None, None),
            (
                "préparer le budget".into(),
                "blocked".into(),
                Some(BLOCKER.into()),
                Some("2026-12-08T09:00:00.000Z".into())
            ),
        ]
    );
    let (status,): (String,) =
        sqlx::query_as("SELECT status FROM conversations WHERE kind = 'checkin'")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    assert_eq!(status, "done");
    w.double.assert_no_violations();
}
