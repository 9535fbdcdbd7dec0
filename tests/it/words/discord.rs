//! Item 4 on the Discord double, where the adapter answers for itself: the advisor's
//! `/consent` shows the beneficiary's consent and changes nothing; the beneficiary's says what
//! is now set, with its date, and their advisor is told (by a neutral name or their own).

use serde_json::json;

use crate::discord::{advisor, beneficiary};
use crate::discord_followup::{agreed, answer_containing, dm_containing, slash};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_beneficiary_changes_the_relay_consent_on_discord() {
    let w = agreed(false).await;
    let (b, a) = (beneficiary(), advisor());
    let consent = || async {
        let (c, n): (i64, i64) = sqlx::query_as(
            "SELECT a.relay_consent, (SELECT COUNT(*) FROM consent_events)
             FROM agreements a WHERE a.status = 'active'",
        )
        .fetch_one(w.store().pool())
        .await
        .unwrap();
        (c != 0, n)
    };
    let before = consent().await;
    assert!(before.0, "given at the closing");

    slash(
        &w,
        &a,
        "consent",
        json!([{"name": "relay", "value": false}]),
    )
    .await;
    let shown = answer_containing(&w, &a, "Seul·e votre bénéficiaire peut donner ou retirer").await;
    assert!(shown.ephemeral);
    assert!(
        shown.content.contains("Son accord est donné depuis le "),
        "{}",
        shown.content
    );
    assert_eq!(consent().await, before, "the advisor changed nothing");

    slash(
        &w,
        &b,
        "consent",
        json!([{"name": "relay", "value": false}]),
    )
    .await;
    let said = answer_containing(&w, &b, "Vous avez retiré votre accord pour relayer, le ").await;
    assert!(said.ephemeral);
    assert!(!said.content.contains("C’est fait"), "{}", said.content);
    dm_containing(&w, &a, "Moussa a retiré son accord").await;
    assert_eq!(consent().await, (false, before.1 + 1));
    w.double.assert_no_violations();
}
