//! On Discord (the real serenity/poise client against the loopback double): the question
//! arrives by direct message with three buttons after the exchange, and each button does what
//! it says.

use discord_double::{SentKind, SentMessage, SlashSpec, UserSpec};
use serde_json::json;

use crate::discord::{advisor, beneficiary, whole_closing, World, CHANNEL, FRENCH, GUILD, ROLE};
use crate::discord_followup::{dm_containing, dm_of, first_exchange, hours, idle};

/// The first exchange has passed by the grace: the question reaches the advisor.
async fn asked(w: &World, needle: &str) -> SentMessage {
    w.set_time(first_exchange() + hours(1));
    dm_containing(w, &advisor(), needle).await
}

/// The `custom_id` of one of the question's buttons.
fn button(msg: &SentMessage, choice: &str) -> String {
    let part = format!(":c:after-{choice}-");
    msg.custom_ids()
        .into_iter()
        .find(|c| c.contains(&part))
        .unwrap_or_else(|| panic!("no {part} on {:?}", msg.custom_ids()))
}

/// The next private answer to `user` that contains `needle`.
async fn reply_containing(w: &World, user: &UserSpec, needle: &str) -> SentMessage {
    loop {
        let m = w.reply(user).await;
        if m.content.contains(needle) {
            return m;
        }
    }
}

async fn agreed() -> World {
    let w = World::new(false).await;
    whole_closing(&w, &FRENCH).await;
    idle(&w).await;
    w
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_did_not_take_place_is_recorded_and_a_second_click_is_explained() {
    let w = agreed().await;
    let a = advisor();
    let q = asked(&w, "A-t-il eu lieu").await;
    assert!(
        q.content.starts_with("Votre échange avec Moussa était prévu le mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris. A-t-il eu lieu\u{202f}?"),
        "{}",
        q.content
    );
    assert_eq!(
        q.button_labels(),
        vec![
            "Oui — clôturer maintenant",
            "Il a été déplacé",
            "Il n’a pas eu lieu"
        ]
    );
    let before = w.double.requests().len();
    w.double.click(&a, &q, &button(&q, "not-held"), "fr").await;
    let r = reply_containing(&w, &a, "C’est noté").await;
    assert!(r.ephemeral);
    assert!(r.content.contains("n’a pas eu lieu"), "{}", r.content);
    let (outcome,): (Option<String>,) = sqlx::query_as("SELECT outcome FROM exchange_outcomes")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(outcome.as_deref(), Some("not_held"));
    // The answered question's buttons are gone (its message edited with no components).
    let cleared = w.double.requests()[before..].iter().any(|r| {
        r.method == "PATCH"
            && r.path.ends_with("/messages/@original")
            && r.body
                .as_ref()
                .is_some_and(|b| b["components"] == json!([]))
    });
    assert!(cleared, "{:#?}", w.double.requests());
    // A stale click on the same question: refused, saying what was answered.
    w.double.click(&a, &q, &button(&q, "held"), "fr").await;
    let r = reply_containing(&w, &a, "Vous avez déjà répondu").await;
    assert!(
        r.content.contains("«\u{202f}Il n’a pas eu lieu\u{202f}»"),
        "{}",
        r.content
    );
    let (closings,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM conversations WHERE kind = 'closing' AND status = 'active'",
    )
    .fetch_one(w.store().pool())
    .await
    .unwrap();
    assert_eq!(closings, 0, "the stale click started nothing");
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yes_starts_the_closing_and_its_first_question_reaches_the_beneficiary() {
    let w = agreed().await;
    let (a, b) = (advisor(), beneficiary());
    let q = asked(&w, "A-t-il eu lieu").await;
    w.double.click(&a, &q, &button(&q, "held"), "fr").await;
    let r = reply_containing(
        &w,
        &a,
        "La clôture du temps de travail avec Moussa commence",
    )
    .await;
    assert!(r.ephemeral);
    let (cid,): (i64,) =
        sqlx::query_as("SELECT id FROM conversations WHERE kind = 'closing' AND status = 'active'")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    // The closing's first question, in the beneficiary's DMs, with its buttons.
    let head = format!("s:{cid}:");
    let first = loop {
        let m = w.prompt(&b).await;
        if m.custom_ids().iter().any(|c| c.starts_with(&head)) {
            break m;
        }
    };
    assert!(!first.content.is_empty());
    let (outcome,): (Option<String>,) = sqlx::query_as("SELECT outcome FROM exchange_outcomes")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(outcome.as_deref(), Some("held"));
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_was_moved_opens_the_reschedule_in_english() {
    let w = agreed().await;
    let (a, b) = (advisor(), beneficiary());
    // The advisor reads English.
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &a, "settings")
                .roles(&[ROLE])
                .locale("en-US")
                .options(
                    json!([{"name": "language", "options": [{"name": "language", "value": 1}]}]),
                ),
        )
        .await;
    reply_containing(&w, &a, "English").await;
    let q = asked(&w, "Did it take place?").await;
    assert!(
        q.content
            .starts_with("Your exchange with Moussa was planned on Tuesday, December 1, 2026"),
        "{}",
        q.content
    );
    assert_eq!(
        q.button_labels(),
        vec![
            "Yes — close it now",
            "It was moved",
            "It did not take place"
        ]
    );
    w.double.click(&a, &q, &button(&q, "moved"), "en-US").await;
    let modal = w.reply(&a).await;
    let SentKind::Modal { custom_id, .. } = &modal.kind else {
        panic!("expected a form, got {:?}", modal.kind)
    };
    assert!(
        modal.text().contains("New date of the exchange"),
        "{}",
        modal.text()
    );
    w.double
        .submit_modal(&a, custom_id, &[("text", "thursday 2pm")], "en-US", None)
        .await;
    // Thursday is off the Tuesdays' rhythm: the advisor takes it once.
    let choice = dm_containing(&w, &a, "is not on the agreed rhythm").await;
    let once = choice
        .custom_ids()
        .into_iter()
        .find(|c| c.contains("rs-once-"))
        .unwrap_or_else(|| panic!("no choice to take the date once: {:?}", choice.custom_ids()));
    w.double.click(&a, &choice, &once, "en-US").await;
    let r = reply_containing(&w, &a, "Your proposal was sent").await;
    assert!(r.content.contains("December 3, 2026"), "{}", r.content);
    // The beneficiary is asked to accept it, in French, with the two buttons of a proposal.
    let proposal = dm_containing(&w, &b, "propose un changement").await;
    assert!(
        proposal.content.contains("3 décembre 2026"),
        "{}",
        proposal.content
    );
    assert!(proposal
        .custom_ids()
        .iter()
        .any(|c| c.contains(":c:rs-accept-")));
    let (outcome,): (Option<String>,) = sqlx::query_as("SELECT outcome FROM exchange_outcomes")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(outcome.as_deref(), Some("moved"));
    w.double.assert_no_violations();
}

/// How many questions after an exchange the advisor's DMs hold.
fn questions_in_dms(w: &World) -> usize {
    w.double
        .messages_in(dm_of(w, &advisor()))
        .iter()
        .filter(|m| m.content.contains("A-t-il eu lieu"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_before_the_question_still_asks_it_once_on_discord() {
    let mut w = agreed().await;
    w.set_time(first_exchange() - hours(2));
    idle(&w).await;
    w.restart().await;
    asked(&w, "A-t-il eu lieu").await;
    idle(&w).await;
    // Another restart after it was asked, and hours later: still one question.
    w.restart().await;
    w.set_time(first_exchange() + hours(6));
    idle(&w).await;
    assert_eq!(questions_in_dms(&w), 1);
    w.double.assert_no_violations();
}
