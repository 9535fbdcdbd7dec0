//! The advisor's commitments in order, on Discord.

use super::at_relay;
use crate::discord::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_beneficiary_confirms_only_once_the_advisor_entered_their_commitments() {
    let w = World::new(false).await;
    let (b, a) = (beneficiary(), advisor());
    let (_, relay) = at_relay(&w, "en-US").await;
    w.click(&b, &relay, ":c:yes", "en-US").await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:weekly", "en-US").await;
    w.prompt(&b).await;
    let readback = w.dm("tuesday 10am").await;
    w.click(&b, &readback, ":c:date_ok", "en-US").await;
    let means = w.prompt(&b).await;
    w.select(&b, &means, &["video"], "en-US").await;
    w.prompt(&b).await;
    let invite = w.prompt(&a).await;
    assert!(
        invite
            .content
            .starts_with("Moussa has reached the commitments step"),
        "{}",
        invite.content
    );
    assert_eq!(invite.button_labels(), ["Enter my commitments"]);
    // The advisor does not answer yet: the recap waits for them, nothing to confirm.
    let waiting = w
        .dm("Send the draft agreement before the next exchange")
        .await;
    assert!(
        waiting
            .content
            .contains("The advisor's commitments are still to be entered.")
            || waiting.text().contains("are still to be entered"),
        "{}",
        waiting.content
    );
    assert!(!waiting
        .custom_ids()
        .iter()
        .any(|c| c.ends_with(":c:confirm")));
    let awaited = w.prompt(&a).await;
    assert!(
        awaited.content.contains("is waiting for your commitments"),
        "{}",
        awaited.content
    );
    // They come: the beneficiary gets the complete recap, and confirms it.
    enter_commitments(&w, &awaited, "Review the draft within a week", "en-US").await;
    let sent = w.prompt(&a).await;
    assert!(
        sent.content.contains("sent to Moussa to confirm"),
        "{}",
        sent.content
    );
    let mut recap = w.prompt(&b).await;
    assert!(
        recap
            .content
            .starts_with("Your advisor has entered their commitments"),
        "{}",
        recap.content
    );
    while recap.components.is_empty() {
        recap = w.prompt(&b).await;
    }
    let all = recap.content.clone();
    assert!(
        recap.custom_ids().iter().any(|c| c.ends_with(":c:confirm")),
        "{all}"
    );
    // The waiting recap's button belongs to a question now gone.
    w.click(&b, &waiting, ":c:edit", "en-US").await;
    let note = loop {
        let m = w.double.next_message_to(b.id, T).await.unwrap();
        if m.ephemeral {
            break m;
        }
    };
    assert!(
        note.content
            .starts_with("This question was already answered"),
        "{}",
        note.content
    );
    w.click(&b, &recap, ":c:confirm", "en-US").await;
    let review = loop {
        let m = w.prompt(&a).await;
        if !m.components.is_empty() {
            break m;
        }
    };
    assert!(
        review.content.contains("Review the draft within a week"),
        "{}",
        review.content
    );
    w.click(&a, &review, ":c:advisor_confirm", "en-US").await;
    // (Before it: the recap sent again after the stale click, and "sent to your advisor".)
    while !w.prompt(&b).await.content.starts_with("Agreed!") {}
    let (theirs,): (String,) =
        sqlx::query_as("SELECT advisor_commitments FROM agreements WHERE status = 'active'")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    assert_eq!(theirs, "Review the draft within a week");
    w.double.assert_no_violations();
}
