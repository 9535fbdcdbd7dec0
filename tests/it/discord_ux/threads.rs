//! Fallback threads: named for the person; the "Write my answer" button goes once answered.

use discord_double::{Failure, SentKind, SentMessage};
use serde_json::json;

use crate::discord::*;

/// Closed direct messages: the session opens in a private thread of the fallback channel.
/// Returns the thread and its first question.
async fn in_a_thread(w: &World) -> (u64, SentMessage) {
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    let public = w.session("open", false, "fr").await;
    w.click(&beneficiary(), &public, ":start", "fr").await;
    let thread = w
        .double
        .wait_for(T, |r| {
            r.matches("POST", &format!("/channels/{FALLBACK}/threads"))
        })
        .await
        .unwrap();
    let name = thread.body.as_ref().unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let member = w
        .double
        .wait_for(T, |r| {
            r.method == "PUT" && r.path.contains("/thread-members/")
        })
        .await
        .unwrap();
    let thread_id: u64 = member
        .path
        .strip_prefix("/channels/")
        .and_then(|p| p.split_once("/thread-members/"))
        .map(|(t, _)| t.parse().unwrap())
        .unwrap();
    let question = w.double.next_message_in(thread_id, T).await.unwrap();
    // The Start button's private note says where the questions went.
    loop {
        let m = w.double.next_message_to(beneficiary().id, T).await.unwrap();
        if m.content.contains("fil privé") {
            break;
        }
    }
    assert_eq!(
        name, "suivi — Moussa",
        "named for the person, nothing confidential"
    );
    (thread_id, question)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_write_my_answer_button_goes_once_answered() {
    let w = World::new(true).await;
    let b = beneficiary();
    let (thread, question) = in_a_thread(&w).await;
    assert!(question.custom_ids().iter().any(|c| c.ends_with(":answer")));
    w.click(&b, &question, ":answer", "fr").await;
    let modal = w.reply(&b).await;
    let SentKind::Modal { custom_id, .. } = &modal.kind else {
        panic!("{:?}", modal.kind)
    };
    w.double
        .submit_modal(
            &b,
            custom_id,
            &[("text", "Trouver des partenaires au Sénégal")],
            "fr",
            Some((GUILD, thread)),
        )
        .await;
    let thanks = loop {
        let m = w.double.next_message_in(thread, T).await.unwrap();
        if m.kind == SentKind::ChannelMessage {
            break m;
        }
    };
    assert!(thanks.content.starts_with("Merci"), "{}", thanks.content);
    let edited = w
        .double
        .wait_for(T, |r| {
            r.matches(
                "PATCH",
                &format!("/channels/{thread}/messages/{}", question.id),
            )
        })
        .await
        .unwrap();
    assert_eq!(edited.body.as_ref().unwrap()["components"], json!([]));
    let stored = w.double.message(question.id).unwrap();
    assert_eq!(stored["components"], json!([]), "the button is gone");
    // The same form sent again (say, from a second window) is refused, not taken twice.
    w.double
        .submit_modal(
            &b,
            custom_id,
            &[("text", "Autre chose")],
            "fr",
            Some((GUILD, thread)),
        )
        .await;
    loop {
        let m = w.double.next_message_to(b.id, T).await.unwrap();
        // Told the truth: an opening has no agreement to speak of.
        if m.ephemeral
            && m.content
                .starts_with("Vos attentes étaient déjà enregistrées")
        {
            break;
        }
    }
    let (exp,): (Option<String>,) = sqlx::query_as("SELECT expectations FROM work_sessions")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(exp.as_deref(), Some("Trouver des partenaires au Sénégal"));
    w.double.assert_no_violations();
}
