//! The closing as people live it, through the service: "what an advisor can be called on for"
//! in the reader's language, the other means of exchange, the order of commitments, stale
//! answers, a second closing while one is in progress, a state saved by the previous release.

use suivi::conversation::{DeskError, Sent};
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

#[tokio::test]
async fn an_answer_sent_with_an_older_question_is_refused_and_the_current_one_sent_again() {
    let env = env().await;
    let (closing, _) = env
        .desk
        .start_closing(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr), false)
        .await
        .unwrap();
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
        "SELECT payload FROM deliveries WHERE kind = 'prompt' AND recipient_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(BENEFICIARY as i64)
    .fetch_one(env.desk.store().pool())
    .await
    .unwrap();
    let last: suivi::scheduler::Payload = serde_json::from_str(&payload).unwrap();
    let suivi::scheduler::Payload::Prompts { prompts, .. } = last else {
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

/// A closing saved by the release before this one, as it stands in `conversations.state`:
/// the beneficiary confirmed the recap before the advisor entered any commitments; the text
/// "called on for" is one string; questions were not numbered.
const OLD_ROW: &str = r#"{"kind":"closing","advisor":501,"beneficiary":502,"expectations":null,"synthesis_requested":false,"called_on_for":"• relire vos dossiers","tz":"Europe/Paris","step":"awaiting_advisor","history":["review_match","review_questions","review_continue","next_step","tasks","means","future_needs","called_on_for","relay","frequency","first_exchange","exchange_means","commitments"],"editing":false,"paused":false,"answers":{"review_match":"partly","questions":null,"wants_continue":"yes","next_step":"Rédiger la convention avec la commune","tasks":["écrire au maire","préparer le budget"],"means":"Un traducteur wolof","future_needs":null,"relay":"yes","relay_at":"2026-11-28T10:00:00Z","frequency":"biweekly","cadence":{"unit":"weeks","every":2},"first_exchange":{"local":"2026-12-01T10:00:00","tz":"Europe/Paris","utc":"2026-12-01T09:00:00Z"},"exchange_means":["email","in_person"],"commitments":"Envoyer le projet de convention","synthesis":null,"advisor_commitments":null,"advisor_proposal":null},"beneficiary_confirmed_at":"2026-11-28T10:00:00Z","advisor_confirmed_at":null}"#;

#[tokio::test]
async fn a_closing_saved_by_the_previous_release_carries_on() {
    let env = env().await;
    let (closing, _) = env
        .desk
        .start_closing(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr), false)
        .await
        .unwrap();
    sqlx::query("UPDATE conversations SET state = ?, step = 'awaiting_advisor' WHERE id = ?")
        .bind(OLD_ROW)
        .bind(closing)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
    let a = advisor(Lang::Fr);
    // A button of that release (no question number) is refused kindly, never misapplied.
    let err = env
        .desk
        .answer(closing, &a, Input::AdvisorConfirm, Sent::With(None))
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Stale), "{err:?}");
    assert_eq!(env.step(closing).await, "awaiting_advisor");
    // The advisor's review asks for the commitments they can now enter.
    let out = env.desk.current(closing, &a).await.unwrap();
    let review = env.shown(&out);
    assert!(
        review.contains("Vos propres engagements manquent encore"),
        "{review}"
    );
    assert!(!review.contains('['), "every message renders: {review}");
    // Entered now, after the beneficiary confirmed: they confirm again, with them.
    let out = env
        .say(
            closing,
            &a,
            Input::AdvisorCommitments(FR.advisor_commitments.into()),
        )
        .await
        .unwrap();
    let to_b = env.shown_to(&out, BENEFICIARY);
    assert!(
        to_b.starts_with("Votre chargé·e de mission a saisi ses engagements"),
        "{to_b}"
    );
    assert!(to_b.contains(FR.advisor_commitments), "{to_b}");
    assert_eq!(env.step(closing).await, "recap");
    env.choose(closing, Lang::Fr, "confirm").await;
    env.say(closing, &a, Input::AdvisorConfirm).await.unwrap();
    assert_eq!(env.step(closing).await, "agreed");
    let (means, theirs): (String, String) =
        sqlx::query_as("SELECT means, advisor_commitments FROM agreements WHERE status = 'active'")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(means, "email,in_person");
    assert_eq!(theirs, FR.advisor_commitments);
}

#[tokio::test]
async fn a_closing_saved_at_the_commitments_asks_the_advisor_once_the_beneficiary_answers() {
    let env = env().await;
    let (closing, _) = env
        .desk
        .start_closing(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr), false)
        .await
        .unwrap();
    let at_commitments = OLD_ROW
        .replace(r#""step":"awaiting_advisor""#, r#""step":"commitments""#)
        .replace(
            r#""commitments":"Envoyer le projet de convention""#,
            r#""commitments":null"#,
        )
        .replace(
            r#""beneficiary_confirmed_at":"2026-11-28T10:00:00Z""#,
            r#""beneficiary_confirmed_at":null"#,
        );
    sqlx::query("UPDATE conversations SET state = ?, step = 'commitments' WHERE id = ?")
        .bind(&at_commitments)
        .bind(closing)
        .execute(env.desk.store().pool())
        .await
        .unwrap();
    let out = env
        .say(
            closing,
            &beneficiary(Lang::Fr),
            Input::Text(FR.commitments.into()),
        )
        .await
        .unwrap();
    let to_advisor = env.shown_to(&out, ADVISOR);
    assert!(
        to_advisor.starts_with("Moussa est arrivé·e à l’étape des engagements"),
        "{to_advisor}"
    );
    let recap = env.shown_to(&out, BENEFICIARY);
    // The text saved as one string is still there, now saved in the new shape.
    let row = env
        .desk
        .store()
        .conversation(closing)
        .await
        .unwrap()
        .unwrap();
    assert!(row
        .state
        .contains(r#""called_on_for":"• relire vos dossiers""#));
    assert!(
        row.state.contains(r#""advisor_asked":true"#),
        "{}",
        row.state
    );
    assert!(
        recap.contains("n’a pas encore saisi ses propres engagements"),
        "{recap}"
    );
}

#[tokio::test]
async fn a_second_close_mid_closing_asks_and_discards_nothing() {
    let env = env().await;
    let closing = to_exchange_means(&env, Lang::Fr).await;
    let (a, b) = (advisor(Lang::Fr), beneficiary(Lang::Fr));
    // A second /close, or /open: refused until the advisor chooses; nothing changed.
    let err = env
        .desk
        .start_closing(GUILD, &a, &b, false)
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
    let err = env.desk.open_session(GUILD, &a, &b).await.unwrap_err();
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
        .restart(
            GUILD,
            &a,
            &b,
            suivi::conversation::Begin::Close { synthesis: false },
        )
        .await
        .unwrap();
    assert_ne!(again, closing);
    let (status,): (String,) = sqlx::query_as("SELECT status FROM conversations WHERE id = ?")
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
        plan.contains(&format!("Prochaine étape : {}", FR.next_step)),
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
    let (first, _) = env.desk.start_closing(GUILD, &a, &b, false).await.unwrap();
    let (second, _) = env.desk.start_closing(GUILD, &a, &b, true).await.unwrap();
    assert_ne!(first, second);
    assert!(env.desk.plan(BENEFICIARY, GUILD).await.unwrap().is_none());
}
