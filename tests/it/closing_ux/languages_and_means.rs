//! "What an advisor can be called on for" in the reader's language; video and another means
//! named in the beneficiary's words.

use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::store::GuildRow;

use super::{to_called_on_for, to_exchange_means};
use crate::common::*;

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

#[tokio::test]
async fn video_and_a_means_named_in_the_beneficiarys_words() {
    let env = env().await;
    let live = Live::start(&env).await;
    let closing = to_exchange_means(&env, Lang::En).await;
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Choices(vec!["video".into(), "other".into()]),
        )
        .await
        .unwrap();
    let asked = env.shown(&out);
    assert!(asked.contains("Which other means"), "{asked}");
    assert_eq!(env.step(closing).await, "other_means");
    // Named in their own words: a bare filler is not a means.
    let again = env.text(closing, Lang::En, "ok").await;
    assert!(again.contains("say a little more"), "{again}");
    env.text(closing, Lang::En, "WhatsApp voice notes to the board")
        .await;
    assert_eq!(env.step(closing).await, "commitments");
    let recap = env.text(closing, Lang::En, EN.commitments).await;
    assert!(
        recap.contains("Means: video call and WhatsApp voice notes to the board."),
        "{recap}"
    );
    agree(&env, closing, Lang::En, Lang::En, &EN).await;
    let (means, other): (String, Option<String>) =
        sqlx::query_as("SELECT means, other_means FROM agreements WHERE status = 'active'")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(means, "video,other");
    assert_eq!(other.as_deref(), Some("WhatsApp voice notes to the board"));
    // The plan and the reminders name it as the beneficiary did.
    let plan = env.desk.plan(BENEFICIARY, GUILD).await.unwrap().unwrap();
    let plan = env.i18n.prompt_body(Lang::En, &plan);
    assert!(
        plan.contains("video call and WhatsApp voice notes to the board"),
        "{plan}"
    );
    live.run_until(at("2026-11-30T09:30:00Z")).await;
    let reminders = live
        .notifier
        .sent(BENEFICIARY, suivi::store::DeliveryKind::Reminder);
    assert!(!reminders.is_empty());
    assert!(
        reminders[0]
            .text
            .contains("video call and WhatsApp voice notes to the board"),
        "{}",
        reminders[0].text
    );
}

#[tokio::test]
async fn visio_in_french_and_another_means_dropped_when_edited() {
    let env = env().await;
    let closing = to_exchange_means(&env, Lang::Fr).await;
    env.say(
        closing,
        &beneficiary(Lang::Fr),
        Input::Choices(vec!["video".into(), "other".into()]),
    )
    .await
    .unwrap();
    env.text(closing, Lang::Fr, "Des appels WhatsApp avec le bureau")
        .await;
    let recap = env.text(closing, Lang::Fr, FR.commitments).await;
    assert!(
        recap.contains("visioconférence et des appels WhatsApp avec le bureau"),
        "{recap}"
    );
    // Changing the means from the recap: without "another means", its words go.
    env.choose(closing, Lang::Fr, "edit").await;
    env.choose(closing, Lang::Fr, "exchange_means").await;
    let recap = env
        .say(
            closing,
            &beneficiary(Lang::Fr),
            Input::Choices(vec!["video".into()]),
        )
        .await
        .unwrap();
    let recap = env.shown(&recap);
    assert!(
        recap.contains("Moyens d’échange\u{202f}: visioconférence"),
        "{recap}"
    );
    assert!(!recap.contains("WhatsApp"), "{recap}");
    // Picking it again while editing asks for its words, then returns to the recap.
    env.choose(closing, Lang::Fr, "edit").await;
    env.choose(closing, Lang::Fr, "exchange_means").await;
    env.say(
        closing,
        &beneficiary(Lang::Fr),
        Input::Choices(vec!["other".into()]),
    )
    .await
    .unwrap();
    assert_eq!(env.step(closing).await, "other_means");
    let recap = env
        .text(closing, Lang::Fr, "Un café à la médiathèque")
        .await;
    assert!(
        recap.contains("Moyens d’échange\u{202f}: un café à la médiathèque"),
        "{recap}"
    );
    assert_eq!(env.step(closing).await, "recap");
}
