//! Changes after the closing, through slash commands: `/support pause|resume|end`
//! (`/appui`), `/consent` (`/consentement`), `/reschedule` (`/replanifier`) and the buttons
//! of a proposal.

use super::*;
use suivi::store::{DeliveryKind, DeliveryStatus};

/// `/support <sub>` by `user`; returns their private answer, which must contain `expect`.
async fn support(w: &World, user: &UserSpec, sub: &str, expect: &str) -> SentMessage {
    slash(w, user, "support", json!([{"name": sub, "options": []}])).await;
    let r = answer_containing(w, user, expect).await;
    assert!(r.ephemeral);
    r
}

async fn reminders_of(w: &World) -> Vec<DeliveryRow> {
    let mut all = deliveries_to(w, &beneficiary()).await;
    all.extend(deliveries_to(w, &advisor()).await);
    all.retain(|d| d.kind == DeliveryKind::Reminder);
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_support_sends_no_reminder_a_resumed_one_plans_again_an_ended_one_stops() {
    let w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    let (b_dm, a_dm) = (dm_of(&w, &b), dm_of(&w, &a));

    // The advisor pauses: the planned reminders are cancelled, the beneficiary is told.
    support(&w, &a, "pause", "L’appui est en pause").await;
    dm_containing(&w, &b, "Claire a mis l’appui en pause").await;
    let rows = reminders_of(&w).await;
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter().all(|d| d.status == DeliveryStatus::Cancelled),
        "{rows:#?}"
    );

    // Past the day-before reminder's time, then resume. The resume notice is planned after
    // that time: a reminder sent meanwhile would have come before it.
    w.set_time(first_exchange() - hours(23));
    support(&w, &a, "resume", "L’appui reprend").await;
    dm_containing(&w, &b, "Claire a repris l’appui").await;
    assert_eq!(count_in(&w, b_dm, "Rappel"), 0);
    assert_eq!(count_in(&w, a_dm, "Rappel"), 0);
    // Planned again: only what is still ahead (the hour-before reminders).
    let planned = eventually("the hour-before reminders planned again", || async {
        let p: Vec<_> = reminders_of(&w)
            .await
            .into_iter()
            .filter(|d| d.status == DeliveryStatus::Planned)
            .collect();
        (p.len() == 2).then_some(p)
    })
    .await;
    assert!(
        planned
            .iter()
            .all(|d| d.due_at == stamp(first_exchange() - hours(1))),
        "{planned:#?}"
    );
    w.set_time(first_exchange() - hours(1));
    sent_in(&w, b_dm, "a lieu dans 1 heure").await;
    sent_in(&w, a_dm, "a lieu dans 1 heure").await;

    // The beneficiary ends it: the advisor is told, nothing more is planned.
    support(&w, &b, "end", "L’appui est terminé").await;
    dm_containing(&w, &a, "Moussa a mis fin à l’appui").await;
    idle(&w).await;
    let (support_status, agreement_status): (String, String) = sqlx::query_as(
        "SELECT s.status, a.status FROM supports s JOIN agreements a ON a.support_id = s.id",
    )
    .fetch_one(w.store().pool())
    .await
    .unwrap();
    assert_eq!(
        (support_status.as_str(), agreement_status.as_str()),
        ("ended", "ended")
    );
    // Past the next exchange's reminders (two weeks later): nothing. A new session's first
    // question, planned after that time, is the witness that the scheduler ran.
    w.set_time(first_exchange() + hours(14 * 24));
    let before = (count_in(&w, b_dm, "Rappel"), count_in(&w, a_dm, "Rappel"));
    assert_eq!(before, (1, 1));
    let public = w.session("open", false, "fr").await;
    w.click(&b, &public, ":start", "fr").await;
    dm_containing(&w, &b, "qu’attendez-vous de cette séance").await;
    assert_eq!(
        (count_in(&w, b_dm, "Rappel"), count_in(&w, a_dm, "Rappel")),
        before
    );
    let (planned,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM deliveries WHERE kind = 'reminder' AND status IN ('planned', 'claimed', 'sent')
           AND due_at > $1",
    )
    .bind(stamp(first_exchange()))
    .fetch_one(w.store().pool())
    .await
    .unwrap();
    assert_eq!(planned, 0);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_relay_consent_is_recorded_and_the_advisor_told() {
    let w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    let consent = || async {
        let (c,): (i64,) =
            sqlx::query_as("SELECT relay_consent FROM agreements WHERE status = 'active'")
                .fetch_one(w.store().pool())
                .await
                .unwrap();
        c != 0
    };
    assert!(consent().await, "given at the closing");
    slash(
        &w,
        &b,
        "consent",
        json!([{"name": "relay", "value": false}]),
    )
    .await;
    let r = answer_containing(&w, &b, "Vous avez retiré votre accord pour relayer, le ").await;
    assert!(r.ephemeral);
    let told = dm_containing(&w, &a, "Moussa a retiré son accord").await;
    assert!(
        told.content
            .contains("ne relayez plus d’informations sur son projet"),
        "{}",
        told.content
    );
    assert!(!consent().await);
    let events: Vec<(i64, i64)> =
        sqlx::query_as("SELECT person_id, relay FROM consent_events ORDER BY id")
            .fetch_all(w.store().pool())
            .await
            .unwrap();
    // Given at the closing, withdrawn now.
    assert_eq!(events, [(b.id as i64, 1), (b.id as i64, 0)]);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_date_proposed_by_the_advisor_is_accepted_once_by_the_beneficiary() {
    let w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    let b_dm = dm_of(&w, &b);
    slash(
        &w,
        &a,
        "reschedule",
        json!([{"name": "when", "value": "jeudi 15h"}]),
    )
    .await;
    // Thursday is off the agreed rhythm (every other Tuesday): the advisor chooses first (the
    // private answer says so too; waiting for the DM passes over it).
    let choice = dm_containing(&w, &a, "ne tombe pas sur le rythme convenu").await;
    let once = choice
        .custom_ids()
        .into_iter()
        .find(|c| c.contains("rs-once-"))
        .unwrap();
    w.double.click(&a, &choice, &once, "fr").await;
    let sent = answer_containing(&w, &a, "Votre proposition a été envoyée").await;
    assert!(
        sent.content.contains("jeudi 3 décembre 2026 à 15\u{202f}h"),
        "{}",
        sent.content
    );

    let proposal = dm_containing(&w, &b, "Claire propose un changement").await;
    assert!(
        proposal
            .content
            .contains("le prochain échange le jeudi 3 décembre 2026 à 15\u{202f}h"),
        "{}",
        proposal.content
    );
    assert_eq!(proposal.button_labels(), ["Accepter", "Refuser"]);
    let accept = proposal
        .custom_ids()
        .into_iter()
        .find(|c| c.contains("rs-accept-"))
        .unwrap();
    w.double.click(&b, &proposal, &accept, "fr").await;
    let ok = answer_containing(&w, &b, "C’est accepté").await;
    assert!(ok.ephemeral);
    assert!(
        ok.content.contains("jeudi 3 décembre 2026 à 15\u{202f}h"),
        "{}",
        ok.content
    );
    dm_containing(&w, &a, "Moussa a accepté votre proposition").await;
    let (first,): (String,) =
        sqlx::query_as("SELECT first_exchange_local FROM agreements WHERE status = 'active'")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    assert_eq!(first, "2026-12-03T15:00:00");

    // The old button again: refused, privately; nothing changes.
    w.double.click(&b, &proposal, &accept, "fr").await;
    let no = answer_containing(&w, &b, "déjà été acceptée").await;
    assert!(no.ephemeral);

    // The reminders follow the new date: none for Tuesday (its day-before time passes while
    // it is still ahead), one the day before Thursday.
    w.set_time(first_exchange() - hours(24));
    idle(&w).await;
    assert_eq!(count_in(&w, b_dm, "Rappel"), 0);
    w.set_time(first_exchange() + hours(29));
    let body = sent_in(&w, b_dm, "Rappel").await;
    assert!(
        body["content"]
            .as_str()
            .unwrap()
            .contains("a lieu demain, le jeudi 3 décembre 2026 à 15\u{202f}h"),
        "{body}"
    );
    idle(&w).await;
    assert_eq!(count_in(&w, b_dm, "Rappel"), 1);
    w.double.assert_no_violations();
}
