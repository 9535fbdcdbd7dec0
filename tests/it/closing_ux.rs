//! The closing as people live it, through the service: "what an advisor can be called on for"
//! in the reader's language, the other means of exchange, the order of commitments, stale
//! answers, a second closing while one is in progress, a state saved by the previous release.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::store::GuildRow;

use crate::common::*;

/// Starts a closing in `lang` and answers up to "what your advisor can be called on for";
/// returns the closing and what the beneficiary then read.
async fn to_called_on_for(env: &Env, lang: Lang) -> (i64, String) {
    let s = if lang == Lang::Fr { &FR } else { &EN };
    let (closing, _) = env
        .desk
        .start_closing(GUILD, &advisor(lang), &beneficiary(lang), false)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    env.say(closing, &beneficiary(lang), Input::Skip)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    env.text(closing, lang, s.next_step).await;
    env.text(closing, lang, s.tasks).await;
    env.text(closing, lang, s.means).await;
    let out = env
        .say(closing, &beneficiary(lang), Input::Skip)
        .await
        .unwrap();
    assert_eq!(env.step(closing).await, "called_on_for");
    (closing, env.shown(&out))
}

#[tokio::test]
async fn called_on_for_is_shown_in_the_readers_language() {
    let env = env().await;
    let (_, fr) = to_called_on_for(&env, Lang::Fr).await;
    assert!(fr.contains("• vous orienter vers des partenaires"), "{fr}");
    assert!(!fr.contains("point you to partners"), "{fr}");

    let env = crate::common::env().await;
    let (_, en) = to_called_on_for(&env, Lang::En).await;
    assert!(en.contains("• point you to partners, funding"), "{en}");
    assert!(!en.contains("vous orienter"), "{en}");
}

#[tokio::test]
async fn a_guild_sets_its_own_text_per_language() {
    let env = env().await;
    let store = env.desk.store();
    let row = GuildRow {
        id: GUILD as i64,
        called_on_for: Some("Texte commun, écrit avant les langues".into()),
        called_on_for_en: Some("Our advisors help with European funding".into()),
        ..Default::default()
    };
    store.save_guild(&row, start()).await.unwrap();
    let (_, en) = to_called_on_for(&env, Lang::En).await;
    assert!(
        en.contains("Our advisors help with European funding"),
        "{en}"
    );

    let env = crate::common::env().await;
    env.desk.store().save_guild(&row, start()).await.unwrap();
    let (_, fr) = to_called_on_for(&env, Lang::Fr).await;
    // No French text of the guild's own: its text in any language comes before the default.
    assert!(fr.contains("Texte commun, écrit avant les langues"), "{fr}");
}
