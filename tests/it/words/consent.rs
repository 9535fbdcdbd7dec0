//! Item 4, the consent belongs to the beneficiary: only they give or withdraw it; their
//! advisor is shown it and cannot change it; each answer says what is now set, with its date
//! ("Vous avez retiré votre accord pour relayer, le 28 novembre 2026."), not "C'est fait.".
//! Through the service in both languages, and through the console as typed.

use suivi::i18n::Lang;

use crate::common::*;

async fn consent_rows(env: &Env) -> (bool, i64) {
    let (relay,): (i64,) =
        sqlx::query_as("SELECT relay_consent FROM agreements WHERE status = 'active'")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_events")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    (relay != 0, events)
}

async fn only_the_beneficiary_changes_it(lang: Lang, advisor_sees: &str, withdrawn: &str) {
    let (env, live) = agreed(lang, lang).await;
    let before = consent_rows(&env).await;
    assert!(before.0, "consent given at the closing");
    let msg = env
        .desk
        .relay_consent_said(GUILD, &advisor(lang), false)
        .await
        .unwrap();
    let shown = env.i18n.msg(lang, &msg);
    assert_eq!(shown, advisor_sees);
    assert_eq!(consent_rows(&env).await, before, "nothing changed");

    let msg = env
        .desk
        .relay_consent_said(GUILD, &beneficiary(lang), false)
        .await
        .unwrap();
    assert_eq!(env.i18n.msg(lang, &msg), withdrawn);
    assert_eq!(consent_rows(&env).await, (false, before.1 + 1));
    live.stop().await;
}

#[tokio::test]
async fn french_consent_belongs_to_the_beneficiary() {
    only_the_beneficiary_changes_it(
        Lang::Fr,
        "Seul·e votre bénéficiaire peut donner ou retirer son accord pour relayer. Son accord est donné depuis le 28 novembre 2026.",
        "Vous avez retiré votre accord pour relayer, le 28 novembre 2026. Votre chargé·e de mission en est informé·e.",
    )
    .await;
}

#[tokio::test]
async fn english_consent_belongs_to_the_beneficiary() {
    only_the_beneficiary_changes_it(
        Lang::En,
        "Only your beneficiary can give or withdraw their consent to relay. It has been given since November 28, 2026.",
        "You withdrew your consent to relay, on November 28, 2026. Your advisor has been told.",
    )
    .await;
}
