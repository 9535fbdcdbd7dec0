//! On Discord: a message typed to a question that another process moved on is refused and the
//! question asked again; a message nobody waits for is answered through the outbox, which a
//! restart does not empty.

use discord_double::Failure;
use suivi::conversation::Who;
use suivi::domain::closing::Input;
use suivi::store::{DeliveryKind, DeliveryStatus};

use crate::discord::{beneficiary, stranger, World, T};
use crate::discord_followup::{deliveries_to, dm_containing, dm_of, eventually, hours};

const ANSWERED_ELSEWHERE: &str = "Rédiger la convention de partenariat avec la commune de Thiès";
const LATE: &str = "Préparer le budget prévisionnel avec le trésorier";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_to_a_question_that_moved_on_is_refused_and_the_question_asked_again() {
    let w = World::new(false).await;
    let b = beneficiary();
    let review = w.begin("close", false, "fr").await;
    w.click(&b, &review, ":c:partly", "fr").await;
    let questions = w.prompt(&b).await;
    w.click(&b, &questions, ":skip", "fr").await;
    let cont = w.prompt(&b).await;
    w.click(&b, &cont, ":c:yes", "fr").await;
    let next_step = w.prompt(&b).await;
    assert!(
        next_step.content.contains("prochaine étape"),
        "{}",
        next_step.content
    );

    // The question's nudge falls due and its send hangs: what follows for the beneficiary
    // waits behind it, as it would behind a slow Discord.
    w.double.stall_next("POST", "/channels/*/messages");
    w.advance(hours(48));
    w.double.wait_stalled(T).await.unwrap();

    // A console on the bot's file answers the question meanwhile.
    let pool = w.store().pool().clone();
    let (closing,): (i64,) =
        sqlx::query_as("SELECT id FROM conversations WHERE kind = 'closing' AND status = 'active'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let (console, _) = crate::common::desk_on(&w.db, w.clock.clone()).await;
    console
        .input(
            closing,
            &Who::new(b.id, "Moussa"),
            Input::Text(ANSWERED_ELSEWHERE.into()),
        )
        .await
        .unwrap();

    let (version,): (i64,) = sqlx::query_as("SELECT version FROM conversations WHERE id = $1")
        .bind(closing)
        .fetch_one(&pool)
        .await
        .unwrap();

    // The beneficiary, who never saw the next question, answers the one they had.
    w.double.dm(&b, LATE).await;
    eventually("the question asked again", || async {
        // (The Start button's one was planned at version 0.)
        let again: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM deliveries WHERE conversation_id = $1 AND recipient_id = $2 AND key LIKE $3",
        )
        .bind(closing)
        .bind(b.id as i64)
        .bind(format!("again:{closing}:{version}:%"))
        .fetch_optional(&pool)
        .await
        .unwrap();
        again
    })
    .await;
    let log: Vec<(String, String)> =
        sqlx::query_as("SELECT field, value FROM answers WHERE conversation_id = $1")
            .bind(closing)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(
        log.contains(&("next_step".to_owned(), ANSWERED_ELSEWHERE.to_owned())),
        "{log:#?}"
    );
    assert!(
        log.iter().all(|(f, v)| f != "tasks" && v != LATE),
        "nothing under the next question: {log:#?}"
    );
    let (step,): (String,) = sqlx::query_as("SELECT step FROM conversations WHERE id = $1")
        .bind(closing)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(step, "tasks");

    // Discord answers again: the next question, then the refusal with it asked again.
    w.double.release_stalled();
    let told = dm_containing(
        &w,
        &b,
        "Votre message est arrivé après que sa question a changé",
    )
    .await;
    assert!(
        told.content
            .contains("Quelles tâches allez-vous mettre en œuvre"),
        "{}",
        told.content
    );
    assert!(!told.content.contains(LATE));
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_nobody_waits_for_is_answered_through_the_outbox_across_a_restart() {
    let mut w = World::new(false).await;
    let eve = stranger();
    // Discord fails the answer once: it stays in the outbox for a retry.
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::ServerError(503));
    w.double
        .dm(&eve, "Bonjour, j’ai une question sur mon dossier")
        .await;
    let row = eventually("the refusal to wait for a retry", || async {
        deliveries_to(&w, &eve)
            .await
            .into_iter()
            .find(|d| d.status == DeliveryStatus::Planned && d.attempts == 1)
    })
    .await;
    assert_eq!(row.kind, DeliveryKind::Notice);
    assert!(row.key.starts_with("refusal:"), "{}", row.key);

    // The bot restarts before the retry: the refusal is still there, and goes out once.
    w.restart().await;
    w.advance(hours(1));
    let dm = dm_of(&w, &eve);
    let path = format!("/channels/{dm}/messages");
    let sent = w
        .double
        .wait_for(T, |r| r.matches("POST", &path) && r.status < 300)
        .await
        .unwrap();
    // Sent by the dispatcher: with the nonce of its delivery, enforced.
    let body = sent.body.unwrap();
    assert!(
        body["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("Aucune conversation ne vous attend")),
        "{body}"
    );
    assert!(
        body["nonce"].as_str().is_some_and(|n| !n.is_empty()),
        "{body}"
    );
    assert_eq!(body["enforce_nonce"], serde_json::json!(true), "{body}");
    let shown: Vec<String> = w
        .double
        .messages_in(dm)
        .iter()
        .map(|m| m.content.clone())
        .collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    let rows = eventually("the refusal acknowledged", || async {
        let rows = deliveries_to(&w, &eve).await;
        rows.iter()
            .all(|d| d.status == DeliveryStatus::Sent)
            .then_some(rows)
    })
    .await;
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0].attempts, 2);
    w.double.assert_no_violations();
}
