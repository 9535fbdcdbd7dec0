//! When Discord refuses a send: rate limits and server errors are retried after a backoff,
//! closed DMs fall back to a private thread or tell the advisor, and a question that never
//! arrived is asked again before an answer to it is taken.

use discord_double::Failure;
use suivi::store::{DeliveryKind, DeliveryStatus};

use super::*;

const FIRST_QUESTION: &str = "qu’attendez-vous de cette séance";

fn parse(at: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(at)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_then_a_server_error_are_retried_after_a_backoff() {
    let w = World::new(false).await;
    let b = beneficiary();
    w.double.fail_next(
        "POST",
        "/channels/*/messages",
        Failure::RateLimited { retry_after: 1.0 },
    );
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::ServerError(500));
    let public = w.session("open", false, "fr").await;
    let clicked = w.clock.now();
    w.click(&b, &public, ":start", "fr").await;

    // The 429: the question waits at least what Discord asked (1 s), then is tried again.
    let first = delivery_where(&w, &b, "the retry after the 429", |d| {
        d.kind == DeliveryKind::Prompt && d.status == DeliveryStatus::Planned && d.attempts == 1
    })
    .await;
    assert_eq!(first.last_error.as_deref(), Some("transient"));
    let retry = parse(&first.due_at);
    assert!(
        retry - clicked >= chrono::Duration::seconds(1),
        "retried after {}",
        retry - clicked
    );
    let dm = dm_of(&w, &b);
    assert_eq!(count_in(&w, dm, FIRST_QUESTION), 0);
    w.set_time(retry);

    // The 500: a longer wait (the backoff doubles).
    let second = delivery_where(&w, &b, "the retry after the 500", |d| {
        d.id == first.id && d.status == DeliveryStatus::Planned && d.attempts == 2
    })
    .await;
    let retry2 = parse(&second.due_at);
    assert!(
        retry2 - retry > retry - clicked,
        "{} then {}",
        retry - clicked,
        retry2 - retry
    );
    assert_eq!(count_in(&w, dm, FIRST_QUESTION), 0);
    w.set_time(retry2);

    let q = w.prompt(&b).await;
    assert!(q.content.contains(FIRST_QUESTION), "{}", q.content);
    let done = delivery_where(&w, &b, "the question sent", |d| {
        d.id == first.id && d.status == DeliveryStatus::Sent
    })
    .await;
    assert_eq!((done.attempts, done.route.as_deref()), (3, Some("dm")));
    // Three tries with one nonce; one message.
    let tries: Vec<_> = w
        .double
        .requests()
        .into_iter()
        .filter(|r| r.matches("POST", &format!("/channels/{dm}/messages")))
        .collect();
    assert_eq!(
        tries.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 500, 200]
    );
    let nonces: Vec<_> = tries
        .iter()
        .map(|r| r.body.as_ref().unwrap()["nonce"].clone())
        .collect();
    assert!(nonces.iter().all(|n| n == &nonces[0]), "{nonces:?}");
    assert_eq!(count_in(&w, dm, FIRST_QUESTION), 1);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_to_closed_dms_goes_to_the_fallback_thread() {
    let w = agreed(true).await;
    let (b, a) = (beneficiary(), advisor());
    // The beneficiary's reminder is sent first (planned first): its DM fails with 50007.
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    w.set_time(first_exchange() - hours(24));
    w.double
        .wait_for(T, |r| {
            r.matches("POST", &format!("/channels/{FALLBACK}/threads"))
        })
        .await
        .unwrap();
    let added = w
        .double
        .wait_for(T, |r| r.matches("PUT", "/channels/*/thread-members/*"))
        .await
        .unwrap();
    let thread: u64 = added.path.split('/').nth(2).unwrap().parse().unwrap();
    assert!(w.double.thread_members(thread).contains(&b.id));
    let body = sent_in(&w, thread, "Rappel").await;
    assert_outbox_body(&body);
    assert!(
        body["content"]
            .as_str()
            .unwrap()
            .contains("a lieu demain, le mardi 1er décembre 2026 à 10\u{202f}h"),
        "{body}"
    );
    // The advisor's own reminder still goes to their DMs.
    sent_in(&w, dm_of(&w, &a), "Rappel").await;
    idle(&w).await;
    let row = deliveries_to(&w, &b)
        .await
        .into_iter()
        .find(|d| d.kind == DeliveryKind::Reminder && d.status != DeliveryStatus::Planned)
        .unwrap();
    assert_eq!(
        (row.status, row.route.as_deref()),
        (DeliveryStatus::Sent, Some("thread"))
    );
    // The next one goes straight to the thread.
    w.set_time(first_exchange() - hours(1));
    sent_in(&w, thread, "a lieu dans 1 heure").await;
    idle(&w).await;
    assert_eq!(count_in(&w, thread, "Rappel"), 2);
    assert_eq!(count_in(&w, dm_of(&w, &b), "Rappel"), 0);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_to_closed_dms_without_fallback_fails_and_tells_the_advisor() {
    let w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    w.set_time(first_exchange() - hours(24));
    let told = dm_containing(&w, &a, "salon de secours").await;
    assert!(
        told.content
            .starts_with("Je ne peux pas envoyer de message privé à Moussa"),
        "{}",
        told.content
    );
    idle(&w).await;
    let row = deliveries_to(&w, &b)
        .await
        .into_iter()
        .find(|d| d.kind == DeliveryKind::Reminder && d.status != DeliveryStatus::Planned)
        .unwrap();
    assert_eq!(
        (row.status, row.last_error.as_deref()),
        (DeliveryStatus::Failed, Some("dm_closed"))
    );
    assert_eq!(count_in(&w, dm_of(&w, &b), "Rappel"), 0);
    // The advisor got their reminder and the notice, once each.
    let a_dm = dm_of(&w, &a);
    assert_eq!(count_in(&w, a_dm, "Rappel"), 1);
    assert_eq!(count_in(&w, a_dm, "salon de secours"), 1);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_to_a_question_that_never_arrived_is_not_taken_and_the_question_comes_again() {
    let w = World::new(false).await;
    let (b, a) = (beneficiary(), advisor());
    let question = "Vous reste-t-il des questions ou des besoins\u{202f}?";
    let review = w.begin("close", false, "fr").await;
    // The next question fails for good: the DM channel is gone.
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::UnknownChannel);
    w.click(&b, &review, ":c:yes", "fr").await;
    let told = dm_containing(&w, &a, "n’a pas pu être remis").await;
    assert!(told.content.contains("Moussa"), "{}", told.content);
    let failed = delivery_where(&w, &b, "the question failed", |d| {
        d.kind == DeliveryKind::Prompt && d.status == DeliveryStatus::Failed
    })
    .await;
    assert_eq!(failed.last_error.as_deref(), Some("gone"));
    let dm = dm_of(&w, &b);
    assert_eq!(count_in(&w, dm, question), 0);

    // The beneficiary writes anyway: not taken, told why, asked again.
    let text = "Comment trouver un cofinancement régional ?";
    w.double.dm(&b, text).await;
    let mut seen = Vec::new();
    while seen.len() < 2 {
        let m = w.prompt(&b).await;
        if m.content.contains("n’a pas été enregistré") || m.content.contains(question) {
            seen.push(m);
        }
    }
    assert!(
        seen.iter().any(|m| m
            .content
            .starts_with("Votre message n’a pas été enregistré")),
        "{seen:#?}"
    );
    let again = seen.iter().find(|m| m.content.contains(question)).unwrap();
    assert!(again.custom_ids().iter().any(|c| c.ends_with(":skip")));
    assert_eq!(count_in(&w, dm, question), 1);
    let (answers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE value = $1")
        .bind(text)
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(answers, 0, "the answer was not recorded");
    delivery_where(&w, &b, "the question sent again", |d| {
        d.id == failed.id && d.status == DeliveryStatus::Sent
    })
    .await;

    // Now it reached them, the same answer is taken.
    let next = w.dm(text).await;
    assert!(
        next.content
            .contains("Souhaitez-vous poursuivre l’appui\u{202f}?"),
        "{}",
        next.content
    );
    let (answers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE value = $1")
        .bind(text)
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(answers, 1);
    w.double.assert_no_violations();
}
