//! The closing as people live it on Discord (the real client against the loopback Discord,
//! every body validated): stale clicks, a second `/session` while a closing is in progress,
//! the advisor's commitments in order, fallback threads, `/setup`'s permissions. (The final
//! message and its calendar note are checked by the whole closing, in `discord.rs`.)

mod commitments;
mod in_progress;
mod setup;
mod stale_clicks;
mod threads;

use discord_double::{SentKind, SentMessage, UserSpec};
use serde_json::Value;

use crate::discord::*;

/// After a refused click: the private note and the question sent again (in either order);
/// the edits that clear buttons are skipped.
pub async fn note_and_question(w: &World, user: &UserSpec) -> (SentMessage, SentMessage) {
    let (mut note, mut question) = (None, None);
    while note.is_none() || question.is_none() {
        let m = w.double.next_message_to(user.id, T).await.unwrap();
        match m.kind {
            SentKind::ChannelMessage => question = Some(m),
            _ if m.ephemeral => note = Some(m),
            _ => {}
        }
    }
    (note.unwrap(), question.unwrap())
}

/// A click refused as made on an older question (in French): the private note, and the
/// question now asked, shown again, which names `question`.
pub async fn refused_showing(w: &World, user: &UserSpec, question: &str) -> SentMessage {
    let (told, again) = note_and_question(w, user).await;
    assert!(
        told.content
            .starts_with("Cette question a déjà reçu une réponse"),
        "told privately: {}",
        told.content
    );
    assert!(
        again.content.contains(question),
        "the current question is shown again: {}",
        again.content
    );
    again
}

/// `(relay consent, answers logged for it)` of the latest conversation.
pub async fn relay_of(w: &World) -> (Value, i64) {
    let (state,): (String,) =
        sqlx::query_as("SELECT state FROM conversations ORDER BY id DESC LIMIT 1")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    let state: Value = serde_json::from_str(&state).unwrap();
    let (logged,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers WHERE field = 'relay'")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    (state["answers"]["relay"].clone(), logged)
}

/// A closing in `locale` answered up to the relay question; returns the "continue" question
/// (answered long ago) and the relay question now asked.
pub async fn at_relay(w: &World, locale: &str) -> (SentMessage, SentMessage) {
    let b = beneficiary();
    let review = w.begin("close", false, locale).await;
    w.click(&b, &review, ":c:yes", locale).await;
    let questions = w.prompt(&b).await;
    w.click(&b, &questions, ":skip", locale).await;
    let cont = w.prompt(&b).await;
    w.click(&b, &cont, ":c:yes", locale).await;
    w.prompt(&b).await;
    w.dm("Rédiger une convention de partenariat avec la commune")
        .await;
    w.dm("écrire au maire\npréparer le budget").await;
    let future = w.dm("Un traducteur et deux jours de bénévolat").await;
    w.click(&b, &future, ":skip", locale).await;
    let called = w.prompt(&b).await;
    w.click(&b, &called, ":c:next", locale).await;
    let relay = w.prompt(&b).await;
    (cont, relay)
}
