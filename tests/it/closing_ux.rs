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

/// From "what your advisor can be called on for" to the means of exchange.
async fn to_exchange_means(env: &Env, lang: Lang) -> i64 {
    let s = if lang == Lang::Fr { &FR } else { &EN };
    let (closing, _) = to_called_on_for(env, lang).await;
    env.choose(closing, lang, "next").await;
    env.choose(closing, lang, "yes").await;
    env.choose(closing, lang, "biweekly").await;
    env.text(closing, lang, s.first).await;
    assert_eq!(env.step(closing).await, "exchange_means");
    closing
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
        recap.contains("means: Video call and WhatsApp voice notes to the board"),
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
        plan.contains("Video call and WhatsApp voice notes to the board"),
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
            .contains("Video call and WhatsApp voice notes to the board"),
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
        recap.contains("Visioconférence et Des appels WhatsApp avec le bureau"),
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
    assert!(recap.contains("moyens : Visioconférence"), "{recap}");
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
        recap.contains("moyens : Un café à la médiathèque"),
        "{recap}"
    );
    assert_eq!(env.step(closing).await, "recap");
}

#[tokio::test]
async fn commitments_come_in_order_and_the_beneficiary_confirms_both() {
    let env = env().await;
    let closing = to_exchange_means(&env, Lang::En).await;
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Choices(vec!["email".into()]),
        )
        .await
        .unwrap();
    // The beneficiary reaches their commitments: the advisor is asked for theirs, by name.
    let to_advisor = env.shown_to(&out, ADVISOR);
    assert!(
        to_advisor.starts_with("Moussa has reached the commitments step"),
        "{to_advisor}"
    );
    let invite = out.iter().find(|o| o.to == ADVISOR).unwrap();
    assert!(
        matches!(&invite.prompt.expect, suivi::domain::prompt::Expect::One(o) if o[0].id == "advisor_commitments")
    );

    // The advisor has not answered yet: the recap waits for them, with nothing to confirm.
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Text(EN.commitments.into()),
        )
        .await
        .unwrap();
    assert!(out.iter().all(|o| o.to == BENEFICIARY), "asked once only");
    let recap = env.shown(&out);
    assert!(
        recap.contains("The advisor's commitments: to come"),
        "{recap}"
    );
    assert!(
        recap.contains("Your advisor has not entered their own commitments yet"),
        "{recap}"
    );
    let ids = |o: &suivi::conversation::Outgoing| match &o.prompt.expect {
        suivi::domain::prompt::Expect::One(opts) => {
            opts.iter().map(|o| o.id.clone()).collect::<Vec<_>>()
        }
        _ => Vec::new(),
    };
    assert_eq!(ids(&out[0]), ["edit"]);
    let shown = env.choose(closing, Lang::En, "confirm").await;
    assert!(
        shown.contains("You can confirm as soon as your advisor's commitments are in the recap"),
        "{shown}"
    );
    assert_eq!(env.step(closing).await, "recap");

    // The advisor enters theirs: the beneficiary gets the complete recap to confirm.
    let out = env
        .say(
            closing,
            &advisor(Lang::En),
            Input::AdvisorCommitments(EN.advisor_commitments.into()),
        )
        .await
        .unwrap();
    let told = env.shown_to(&out, ADVISOR);
    assert!(told.contains("sent to Moussa to confirm"), "{told}");
    let recap = env.shown_to(&out, BENEFICIARY);
    assert!(
        recap.starts_with("Your advisor has entered their commitments"),
        "{recap}"
    );
    assert!(
        recap.contains(&format!(
            "The advisor's commitments: {}",
            EN.advisor_commitments
        )),
        "{recap}"
    );
    let to_b = out.iter().find(|o| o.to == BENEFICIARY).unwrap();
    assert_eq!(ids(to_b), ["confirm", "edit"]);
    let out = env
        .say(
            closing,
            &beneficiary(Lang::En),
            Input::Choice("confirm".into()),
        )
        .await
        .unwrap();
    let review = env.shown_to(&out, ADVISOR);
    assert!(review.contains(EN.advisor_commitments), "{review}");
    assert!(!review.contains("still missing"), "{review}");

    // A change after the beneficiary confirmed: they confirm again.
    let changed = "Review the agreement and introduce two funders by email";
    let out = env
        .say(
            closing,
            &advisor(Lang::En),
            Input::AdvisorCommitments(changed.into()),
        )
        .await
        .unwrap();
    assert!(
        env.shown_to(&out, ADVISOR)
            .contains("they are asked to confirm it again"),
        "{}",
        env.shown_to(&out, ADVISOR)
    );
    let recap = env.shown_to(&out, BENEFICIARY);
    assert!(
        recap.starts_with("Your advisor has changed their commitments"),
        "{recap}"
    );
    assert!(recap.contains(changed), "{recap}");
    assert_eq!(env.step(closing).await, "recap");
    let err = env
        .say(closing, &advisor(Lang::En), Input::AdvisorConfirm)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            suivi::conversation::DeskError::Refused(
                suivi::domain::closing::ClosingError::NotReadyForAdvisor
            )
        ),
        "{err:?}"
    );
    env.choose(closing, Lang::En, "confirm").await;
    env.say(closing, &advisor(Lang::En), Input::AdvisorConfirm)
        .await
        .unwrap();
    let (theirs,): (String,) =
        sqlx::query_as("SELECT advisor_commitments FROM agreements WHERE status = 'active'")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(theirs, changed);
}
