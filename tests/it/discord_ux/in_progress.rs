//! A second `/session` while a closing is in progress: resume it or start again.

use discord_double::{SentKind, SentMessage, SlashSpec};
use serde_json::json;

use super::at_relay;
use crate::discord::*;

/// `/session <sub>` by the advisor while a closing is in progress: the private question.
async fn second_session(w: &World, sub: &str, locale: &str) -> SentMessage {
    let opts =
        vec![json!({"name": "beneficiary", "type": 6, "value": beneficiary().id.to_string()})];
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &advisor(), "session")
                .roles(&[ROLE])
                .locale(locale)
                .options(json!([{"name": sub, "options": opts}])),
        )
        .await;
    loop {
        let m = w.double.next_message_to(advisor().id, T).await.unwrap();
        if matches!(m.kind, SentKind::InteractionReply { .. }) {
            return m;
        }
    }
}

async fn step_of(w: &World, conversation: i64) -> (String, String) {
    sqlx::query_as("SELECT step, status FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(w.store().pool())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_close_mid_closing_asks_the_advisor_to_resume_or_start_again() {
    let w = World::new(false).await;
    let (b, a) = (beneficiary(), advisor());
    let (_, relay) = at_relay(&w, "en-US").await;
    let (first,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM conversations")
        .fetch_one(w.store().pool())
        .await
        .unwrap();

    // Asked privately; nothing is lost meanwhile.
    let asked = second_session(&w, "close", "en-US").await;
    assert!(asked.ephemeral, "asked privately");
    assert!(
        asked
            .content
            .starts_with("Moussa has begun a closing that is not finished yet"),
        "{}",
        asked.content
    );
    assert_eq!(asked.button_labels(), ["Resume it", "Start again"]);
    assert_eq!(step_of(&w, first).await, ("relay".into(), "active".into()));

    // Resume: the beneficiary gets the question they are at again.
    w.click(&a, &asked, ":resume", "en-US").await;
    let done = w.reply(&a).await;
    assert!(
        matches!(done.kind, SentKind::UpdateMessage),
        "{:?}",
        done.kind
    );
    assert!(
        done.content.starts_with("Done: Moussa's current question"),
        "{}",
        done.content
    );
    assert!(done.components.is_empty());
    let again = w.prompt(&b).await;
    assert_eq!(again.content, relay.content);
    assert_eq!(step_of(&w, first).await, ("relay".into(), "active".into()));

    // Start again: a new closing, with its public Start message; the first one is left.
    let asked = second_session(&w, "close", "en-US").await;
    w.click(&a, &asked, ":restart:close:0", "en-US").await;
    let mut public = None;
    while public.is_none() {
        let m = w.double.next_message_to(a.id, T).await.unwrap();
        match m.kind {
            SentKind::UpdateMessage => assert!(m.content.starts_with("Started again")),
            SentKind::Followup => public = Some(m),
            _ => {}
        }
    }
    let public = public.unwrap();
    assert!(!public.ephemeral, "the Start message is public");
    assert!(
        public.content.contains(&format!("<@{}>", b.id)),
        "{}",
        public.content
    );
    assert_eq!(step_of(&w, first).await.1, "abandoned");
    w.click(&b, &public, ":start", "en-US").await;
    let review = w.prompt(&b).await;
    assert!(
        review
            .content
            .starts_with("Let's review this work session."),
        "{}",
        review.content
    );

    // The closing left is readable in /plan.
    w.double
        .slash(SlashSpec::guild(GUILD, CHANNEL, &b, "plan").locale("en-US"))
        .await;
    let plan = loop {
        let m = w.double.next_message_to(b.id, T).await.unwrap();
        if matches!(m.kind, SentKind::InteractionReply { .. }) {
            break m;
        }
    };
    assert!(plan.ephemeral);
    assert!(
        plan.content.contains("Closing left unfinished on"),
        "{}",
        plan.content
    );
    assert!(
        plan.content
            .contains("Next step: Rédiger une convention de partenariat avec la commune"),
        "{}",
        plan.content
    );
    w.double.assert_no_violations();
}
