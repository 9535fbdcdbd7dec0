//! Refused answers leave the outbox as it was: the question asked again is one row per
//! conversation and reader, planned again in place, and the conversation is not written.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use super::*;

#[tokio::test]
async fn ten_thousand_refused_answers_leave_the_outbox_as_one_did() {
    let env = env().await;
    let me = beneficiary(Lang::Fr);
    let (opening, _) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &me)
        .open_session()
        .await
        .unwrap();
    // The beneficiary presses Start: the question and its nudge are planned.
    env.desk.current(opening, &me).await.unwrap();
    let started = delivery_count(&env.desk).await;
    let first = env
        .say(opening, &me, Input::Text(String::new()))
        .await
        .unwrap();
    let refused = env.shown_to(&first, BENEFICIARY);
    assert!(
        refused.contains("qu’attendez-vous de cette séance"),
        "asked again: {refused}"
    );
    let after_one = delivery_count(&env.desk).await;
    assert!(after_one <= started + 1, "{started} → {after_one}");
    for i in 1..10_000 {
        // Empty, a filler, too short: refused, each with the question asked again.
        let text = ["", "bla", "ok"][i % 3];
        let out = env
            .say(opening, &me, Input::Text(text.into()))
            .await
            .unwrap();
        assert_eq!(out.len(), 1);
    }
    let after_all = delivery_count(&env.desk).await;
    assert!(after_all <= after_one + 2, "{after_one} → {after_all}");
    // The conversation was never written; the one question asked again is the latest.
    assert_eq!(
        versions(&env.desk, opening).await,
        (0, 0, "active".to_owned())
    );
    let again: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, status FROM deliveries WHERE key LIKE 'again:%' AND recipient_id = $1",
    )
    .bind(BENEFICIARY as i64)
    .fetch_all(env.desk.store().pool())
    .await
    .unwrap();
    assert_eq!(
        again,
        [(
            format!("again:{opening}:0:{BENEFICIARY}:10001"),
            "planned".to_owned()
        )]
    );
    assert!(answers(&env.desk, opening).await.is_empty());
}
