//! The digest on Discord (issue 15 item 6): the first one counts from the start of the support,
//! never "since the previous digest", and a message that could not be delivered is named with
//! whom it was for, never with its text.

use discord_double::Failure;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_digest_counts_from_the_start_and_names_what_was_not_delivered() {
    let w = World::new(false).await;
    let (b, a) = (beneficiary(), advisor());
    let review = w.begin("close", false, "fr").await;
    // The next question fails for good: the DM channel is gone.
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::UnknownChannel);
    w.click(&b, &review, ":c:yes", "fr").await;
    dm_containing(&w, &a, "n’a pas pu être remis").await;
    slash(&w, &a, "digest", json!([{"name": "now", "options": []}])).await;
    let digest = dm_containing(
        &w,
        &a,
        "Votre résumé depuis le début de l’accompagnement\u{202f}:",
    )
    .await;
    let text = &digest.content;
    assert!(!text.contains("précédent"), "{text}");
    assert!(
        text.contains(
            "✉ 1 message n’a pas pu être remis ou est arrivé trop tard\u{202f}: une question de la conversation pour Moussa."
        ),
        "{text}"
    );
    // Named, never quoted.
    assert!(!text.contains("Vous reste-t-il des questions"), "{text}");
    w.double.assert_no_violations();
}
