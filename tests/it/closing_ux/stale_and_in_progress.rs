//! An answer sent with an older question; a second closing while one is in progress.

use suivi::conversation::{DeskError, Sent};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use super::to_exchange_means;
use crate::common::*;

#[tokio::test]
async fn an_answer_sent_with_an_older_question_is_refused_and_the_current_one_sent_again() {
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    env.choose(closing, Lang::Fr, "yes").await;
    env.say(closing, &beneficiary(Lang::Fr), Input::Skip)
        .await
        .unwrap();
    // The "continue" question, numbered as it was sent.
    let cont = env
        .desk
        .current(closing, &beneficiary(Lang::Fr))
        .await
        .unwrap();
    let cont_question = cont[0].prompt.token;
    assert!(cont_question.is_some());
    env.choose(closing, Lang::Fr, "yes").await;
    assert_eq!(env.step(closing).await, "next_step");
    let me = beneficiary(Lang::Fr);
    let err = env
        .desk
        .answer(closing, &me, Input::Back, Sent::With(cont_question))
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Stale), "{err:?}");
    assert!(env
        .i18n
        .text(Lang::Fr, err.message_id())
        .starts_with("Cette question a déjà reçu une réponse"));
    assert_eq!(env.step(closing).await, "next_step", "nothing applied");
    // The question now asked went out again, with its own number, which applies.
    let (payload,): (String,) = sqlx::query_as(
        "SELECT payload FROM deliveries WHERE kind = 'prompt' AND recipient_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(BENEFICIARY as i64)
    .fetch_one(env.desk.store().pool())
    .await
    .unwrap();
    let last: suivi::outbox::Payload = serde_json::from_str(&payload).unwrap();
    let suivi::outbox::Payload::Prompts { prompts, .. } = last else {
        panic!("{last:?}")
    };
    let shown = env.i18n.prompt_body(Lang::Fr, &prompts[0]);
    assert!(shown.contains("prochaine étape"), "{shown}");
    let now = prompts[0].token;
    assert_ne!(now, cont_question);
    env.desk
        .answer(closing, &me, Input::Back, Sent::With(now))
        .await
        .unwrap();
    assert_eq!(env.step(closing).await, "review_continue");
    // Typed messages answer whatever is asked now.
    env.say(closing, &me, Input::Choice("yes".into()))
        .await
        .unwrap();
    assert_eq!(env.step(closing).await, "next_step");
}

#[tokio::test]
async fn a_second_close_mid_closing_asks_and_discards_nothing() {
    let env = env().await;
    let closing = to_exchange_means(&env, Lang::Fr).await;
    let (a, b) = (advisor(Lang::Fr), beneficiary(Lang::Fr));
    // A second /close, or /open: refused until the advisor chooses; nothing changed.
    let err = env
        .desk
        .between(GUILD, &a, &b)
        .start_closing(false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, DeskError::InProgress(c) if c == closing),
        "{err:?}"
    );
    assert!(env
        .i18n
        .text(Lang::Fr, err.message_id())
        .contains("Rien n’a été effacé"));
    let err = env
        .desk
        .between(GUILD, &a, &b)
        .open_session()
        .await
        .unwrap_err();
    assert!(
        matches!(err, DeskError::InProgress(c) if c == closing),
        "{err:?}"
    );
    assert_eq!(env.step(closing).await, "exchange_means");

    // Resume: the question in progress goes to the beneficiary again.
    let before = count_kind(env.desk.store(), suivi::store::DeliveryKind::Prompt).await;
    env.desk.resume_closing(closing, &a).await.unwrap();
    assert_eq!(
        count_kind(env.desk.store(), suivi::store::DeliveryKind::Prompt).await,
        before + 1
    );
    let (payload,): (String,) = sqlx::query_as(
        "SELECT payload FROM deliveries WHERE kind = 'prompt' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(env.desk.store().pool())
    .await
    .unwrap();
    assert!(payload.contains("closing-exchange-means"), "{payload}");
    // Only its advisor may resume it.
    let other = suivi::conversation::Who::new(STRANGER, "Eve");
    assert!(env.desk.resume_closing(closing, &other).await.is_err());

    // Start again: a new closing; the one left stays readable in /plan.
    let (again, _) = env
        .desk
        .between(GUILD, &a, &b)
        .restart(suivi::conversation::Begin::Close { synthesis: false })
        .await
        .unwrap();
    assert_ne!(again, closing);
    let (status,): (String,) = sqlx::query_as("SELECT status FROM conversations WHERE id = $1")
        .bind(closing)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(status, "abandoned");
    let plan = env.desk.plan(BENEFICIARY, GUILD).await.unwrap().unwrap();
    let plan = env.i18n.prompt_body(Lang::Fr, &plan);
    assert!(
        plan.starts_with("Clôture laissée inachevée le samedi 28 novembre 2026"),
        "{plan}"
    );
    assert!(
        plan.contains(&format!("Prochaine étape\u{202f}: {}", FR.next_step)),
        "{plan}"
    );
    assert!(plan.contains("Moyens et ressources"), "{plan}");
    assert!(!plan.contains("à venir"), "only what was answered: {plan}");
    // The new closing, once begun, shows as in progress, before the one left.
    env.choose(again, Lang::Fr, "partly").await;
    let plan = env.desk.plan(BENEFICIARY, GUILD).await.unwrap().unwrap();
    let plan = env.i18n.prompt_body(Lang::Fr, &plan);
    let in_progress = plan.find("Clôture en cours, commencée le").unwrap();
    let left = plan.find("Clôture laissée inachevée").unwrap();
    assert!(in_progress < left, "{plan}");
}

#[tokio::test]
async fn a_closing_not_begun_is_replaced_without_asking() {
    let env = env().await;
    let (a, b) = (advisor(Lang::En), beneficiary(Lang::En));
    let (first, _) = env
        .desk
        .between(GUILD, &a, &b)
        .start_closing(false)
        .await
        .unwrap();
    let (second, _) = env
        .desk
        .between(GUILD, &a, &b)
        .start_closing(true)
        .await
        .unwrap();
    assert_ne!(first, second);
    assert!(env.desk.plan(BENEFICIARY, GUILD).await.unwrap().is_none());
}
