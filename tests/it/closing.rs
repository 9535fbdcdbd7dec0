//! The closing conversation through the service, over a real SQLite file.

use suivi::conversation::DeskError;
use suivi::domain::closing::{ClosingError, Input};
use suivi::i18n::Lang;

use crate::common::*;

/// Starts a closing and answers the review (yes, no questions, continue): the next question is
/// the next step.
async fn at_next_step(env: &Env, lang: Lang) -> i64 {
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(lang), &beneficiary(lang))
        .start_closing(false)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    env.say(closing, &beneficiary(lang), Input::Skip)
        .await
        .unwrap();
    env.choose(closing, lang, "yes").await;
    assert_eq!(env.step(closing).await, "next_step");
    closing
}

async fn agreement_row(env: &Env) -> (String, String, String, String, String, String, bool) {
    // The consent is stored as 0 or 1 (an integer on both backends).
    let row: (String, String, String, String, String, String, i64) = sqlx::query_as(
        "SELECT cadence, first_exchange_local, first_exchange_utc, timezone, means, advisor_commitments, relay_consent
         FROM agreements WHERE status = 'active'",
    )
    .fetch_one(env.desk.store().pool())
    .await
    .unwrap();
    (row.0, row.1, row.2, row.3, row.4, row.5, row.6 != 0)
}

async fn tasks(env: &Env) -> Vec<(String, String)> {
    sqlx::query_as("SELECT text, status FROM tasks ORDER BY position")
        .fetch_all(env.desk.store().pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn whole_closing_in_french() {
    let env = env().await;
    let (closing, recap) = to_recap(&env, Lang::Fr, &FR, true).await;
    assert!(recap.contains("Récapitulatif de fin de séance"), "{recap}");
    assert!(
        recap.contains(&format!("Prochaine étape\u{202f}: {}", FR.next_step)),
        "{recap}"
    );
    assert!(
        recap.contains(
            "Tâches (3)\u{202f}:\n• écrire au maire de Thiès\n• préparer le budget prévisionnel"
        ),
        "{recap}"
    );
    assert!(
        recap.contains("toutes les 2 semaines, à partir du mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris. Moyens d’échange\u{202f}: courriel et en présentiel."),
        "{recap}"
    );
    assert!(
        recap.contains("Synthèse\u{202f}: On commence par la convention"),
        "{recap}"
    );
    assert!(
        recap.contains("Ce récapitulatif vous convient-il\u{202f}?"),
        "{recap}"
    );

    let out = env
        .say(
            closing,
            &beneficiary(Lang::Fr),
            Input::Choice("confirm".into()),
        )
        .await
        .unwrap();
    let to_advisor = env.shown_to(&out, ADVISOR);
    assert!(
        to_advisor.contains("Votre bénéficiaire a confirmé le récapitulatif"),
        "{to_advisor}"
    );
    // The advisor entered their commitments when asked: the recap both read holds them, and
    // nothing asks the advisor for them again.
    assert!(to_advisor.contains(FR.advisor_commitments), "{to_advisor}");
    assert!(!to_advisor.contains("engagements manquent"), "{to_advisor}");
    assert!(env
        .shown_to(&out, BENEFICIARY)
        .contains("envoyé à votre chargé·e de mission"));
    let out = env
        .say(closing, &advisor(Lang::Fr), Input::AdvisorConfirm)
        .await
        .unwrap();
    assert_eq!(out.len(), 2);
    for o in &out {
        let text = env.shown(std::slice::from_ref(o));
        assert!(text.starts_with("C’est convenu\u{202f}!"), "{text}");
        // The recap is not sent a third time: each side read it to confirm it; /plan keeps it.
        assert!(text.contains("/plan"), "{text}");
        let cal = o
            .calendar
            .as_ref()
            .expect("the agreement comes with its calendar");
        let ics = cal.ics(&env.i18n, o.lang);
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20261201T100000\r\n"),
            "{ics}"
        );
    }
    assert_eq!(env.step(closing).await, "agreed");

    let (cadence, local, utc, tz, means, advisor_commitments, relay) = agreement_row(&env).await;
    assert_eq!(cadence, r#"{"unit":"weeks","every":2}"#);
    assert_eq!(local, "2026-12-01T10:00:00");
    assert_eq!(utc, "2026-12-01T09:00:00.000Z");
    assert_eq!(tz, "Europe/Paris");
    assert_eq!(means, "email,in_person");
    assert_eq!(advisor_commitments, FR.advisor_commitments);
    assert!(relay);
    let t = tasks(&env).await;
    assert_eq!(t.len(), 3);
    assert_eq!(
        t[2],
        (
            "réunir le bureau de l'association".to_owned(),
            "not_started".to_owned()
        )
    );
    let (expectations, closed): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT expectations, closed_at FROM work_sessions")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(expectations.as_deref(), Some(FR.expectations));
    assert!(closed.is_some());

    // Over: more input is refused kindly.
    let err = env
        .say(
            closing,
            &beneficiary(Lang::Fr),
            Input::Text("encore".into()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, DeskError::Over("closing-error-finished")),
        "{err:?}"
    );
}

#[tokio::test]
async fn whole_closing_in_english() {
    let env = env().await;
    let (closing, recap) = to_recap(&env, Lang::En, &EN, false).await;
    assert!(recap.contains("End-of-session recap"), "{recap}");
    assert!(
        recap.contains(
            "The expectations stated at the start of the session were partly met, and the support continues."
        ),
        "{recap}"
    );
    assert!(
        recap.contains("Tasks (3):\n• write to the mayor of Thiès\n• prepare the budget"),
        "{recap}"
    );
    assert!(recap.contains("every 2 weeks, from Tuesday, December 1, 2026 at 10:00 AM, Paris time. Means: email and in person."));
    assert!(
        !recap.contains("Synthesis:"),
        "no synthesis was asked: {recap}"
    );
    assert!(
        recap.contains(&format!(
            "The advisor's commitments: {}",
            EN.advisor_commitments
        )),
        "{recap}"
    );
    env.say(
        closing,
        &beneficiary(Lang::En),
        Input::Choice("confirm".into()),
    )
    .await
    .unwrap();
    let out = env
        .say(closing, &advisor(Lang::En), Input::AdvisorConfirm)
        .await
        .unwrap();
    assert!(env.shown_to(&out, BENEFICIARY).starts_with("Agreed!"));
    let (_, local, ..) = agreement_row(&env).await;
    assert_eq!(local, "2026-12-01T10:00:00");
    assert_eq!(tasks(&env).await.len(), 3);
}

#[tokio::test]
async fn back_and_edit_from_the_recap() {
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    env.choose(closing, Lang::Fr, "yes").await;
    // Back from the questions step returns to the review question, which is answered again.
    let out = env
        .say(closing, &beneficiary(Lang::Fr), Input::Back)
        .await
        .unwrap();
    assert!(env
        .shown(&out)
        .contains("correspondaient-ils à vos attentes"));
    assert_eq!(env.step(closing).await, "review_match");
    // At the first question there is nothing before.
    let out = env
        .say(closing, &beneficiary(Lang::Fr), Input::Back)
        .await
        .unwrap();
    assert!(env.shown(&out).contains("C’est la première question"));

    // A fresh file: a second closing here would ask the advisor first (a closing is begun).
    let env2 = crate::common::env().await;
    let (closing, _) = to_recap(&env2, Lang::Fr, &FR, false).await;
    env2.choose(closing, Lang::Fr, "edit").await;
    let shown = env2.choose(closing, Lang::Fr, "next_step").await;
    assert!(shown.contains("quelle est la prochaine étape"), "{shown}");
    let recap = env2
        .text(
            closing,
            Lang::Fr,
            "Trouver d'abord un second partenaire à Dakar",
        )
        .await;
    assert!(
        recap.contains("Prochaine étape\u{202f}: Trouver d'abord un second partenaire à Dakar"),
        "{recap}"
    );
    assert!(
        recap.contains("Ce récapitulatif vous convient-il\u{202f}?"),
        "editing returns to the recap: {recap}"
    );
    assert_eq!(
        env2.answer(closing, "next_step").await.as_deref(),
        Some("Trouver d'abord un second partenaire à Dakar")
    );
    // Other answers are kept.
    assert!(recap.contains(FR.means));
}

#[tokio::test]
async fn optional_steps_can_be_skipped_required_ones_cannot() {
    let env = env().await;
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(Lang::En), &beneficiary(Lang::En))
        .start_closing(false)
        .await
        .unwrap();
    env.choose(closing, Lang::En, "yes").await;
    let out = env
        .say(closing, &beneficiary(Lang::En), Input::Skip)
        .await
        .unwrap();
    assert!(env
        .shown(&out)
        .contains("Would you like the support to continue?"));
    env.choose(closing, Lang::En, "not_sure").await;
    let out = env
        .say(closing, &beneficiary(Lang::En), Input::Skip)
        .await
        .unwrap();
    let shown = env.shown(&out);
    assert!(shown.contains("it cannot be skipped"), "{shown}");
    assert_eq!(env.step(closing).await, "next_step");
}

#[tokio::test]
async fn pause_then_resume_in_a_new_process() {
    let env = env().await;
    let closing = at_next_step(&env, Lang::Fr).await;
    env.text(closing, Lang::Fr, FR.next_step).await;
    let out = env
        .say(closing, &beneficiary(Lang::Fr), Input::Pause)
        .await
        .unwrap();
    assert!(env.shown(&out).contains("C’est en pause. Rien n’est perdu"));
    env.desk.store().close().await;

    // A new process: a new pool on the same file.
    let (desk, _) = desk_on(&env.path, env.clock.clone()).await;
    let out = desk
        .text_from(&beneficiary(Lang::Fr), "je reviens")
        .await
        .unwrap();
    let shown = env.i18n.prompt_body(Lang::Fr, &out[0].prompt);
    assert!(
        shown.starts_with("Reprenons là où vous en étiez."),
        "{shown}"
    );
    assert!(
        shown.contains("Quelles tâches allez-vous mettre en œuvre\u{202f}?"),
        "{shown}"
    );
    // The resuming message was not taken as an answer; earlier answers are there.
    let out = desk
        .text_from(&beneficiary(Lang::Fr), FR.tasks)
        .await
        .unwrap();
    assert!(env
        .i18n
        .prompt_body(Lang::Fr, &out[0].prompt)
        .contains("moyens et ressources"));
    let (next,): (String,) = sqlx::query_as("SELECT value FROM answers WHERE field = 'next_step'")
        .fetch_one(desk.store().pool())
        .await
        .unwrap();
    assert_eq!(next, FR.next_step);
}

#[tokio::test]
async fn own_words_check_asks_kindly_and_keeps_the_step() {
    let env = env().await;
    let closing = at_next_step(&env, Lang::Fr).await;
    let shown = env.text(closing, Lang::Fr, "ok").await;
    assert!(shown.contains("Pouvez-vous en dire un peu plus"), "{shown}");
    let shown = env.text(closing, Lang::Fr, "   ").await;
    assert!(shown.contains("Je n’ai pas reçu de réponse"), "{shown}");
    let copy = "quelle est la prochaine étape de votre projet de coopération, à travailler après celle abordée lors de l'appui";
    let shown = env.text(closing, Lang::Fr, copy).await;
    assert!(
        shown.contains("reprend presque mot pour mot la question"),
        "{shown}"
    );
    // The English wording of the question is a copy too.
    let shown = env
        .text(
            closing,
            Lang::Fr,
            "what is the next step of your cooperation project",
        )
        .await;
    assert!(
        shown.contains("reformuler avec vos propres mots"),
        "{shown}"
    );
    assert_eq!(env.step(closing).await, "next_step");
    assert_eq!(env.answer(closing, "next_step").await, None);
}

#[tokio::test]
async fn only_the_beneficiary_answers() {
    let env = env().await;
    let closing = env.start_closing(Lang::Fr).await;
    let stranger = suivi::conversation::Who::new(STRANGER, "Eve");
    let err = env
        .say(closing, &stranger, Input::Choice("yes".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, DeskError::Refused(ClosingError::NotParticipant)),
        "{err:?}"
    );
    let err = env
        .say(closing, &advisor(Lang::Fr), Input::Choice("yes".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, DeskError::Refused(ClosingError::AdvisorCannotAnswer)),
        "{err:?}"
    );
    assert!(env
        .i18n
        .text(Lang::Fr, err.message_id())
        .contains("avec ses propres mots"));
    let err = env
        .say(
            closing,
            &advisor(Lang::Fr),
            Input::Text("Je l'écris pour lui".into()),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        DeskError::Refused(ClosingError::AdvisorCannotAnswer)
    ));
    let err = env
        .say(closing, &beneficiary(Lang::Fr), Input::AdvisorConfirm)
        .await
        .unwrap_err();
    assert!(matches!(err, DeskError::Refused(ClosingError::AdvisorOnly)));
    assert_eq!(env.step(closing).await, "review_match");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_date_in_the_past_or_unreadable_is_refused_with_an_example() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    env.choose(closing, Lang::Fr, "edit").await;
    env.choose(closing, Lang::Fr, "first_exchange").await;
    let shown = env.text(closing, Lang::Fr, "2020-01-01 10:00").await;
    assert!(
        shown.contains("Cette date est déjà passée")
            && shown.contains("«\u{202f}mardi prochain 10\u{202f}h\u{202f}»"),
        "{shown}"
    );
    let shown = env.text(closing, Lang::Fr, "quand on pourra").await;
    assert!(
        shown.contains("Je n’ai pas compris cette date")
            && shown.contains("«\u{202f}2026-12-01 14:30\u{202f}»"),
        "{shown}"
    );
    let shown = env.text(closing, Lang::Fr, "mardi").await;
    assert!(shown.contains("Il manque l’heure"), "{shown}");
    assert_eq!(env.step(closing).await, "first_exchange");
    // The earlier agreed date is still the stored one.
    assert!(env
        .answer(closing, "first_exchange")
        .await
        .unwrap()
        .starts_with("2026-12-01T09:00:00"));

    // A recap confirmed after the date went by asks for a new one.
    let readback = env.text(closing, Lang::Fr, "jeudi 15h").await;
    assert!(
        readback.contains("Compris\u{202f}: jeudi 3 décembre 2026 à 15\u{202f}h, heure de Paris."),
        "{readback}"
    );
    let recap = env.choose(closing, Lang::Fr, "date_ok").await;
    assert!(
        recap.contains("jeudi 3 décembre 2026 à 15\u{202f}h"),
        "{recap}"
    );
    env.clock.set("2026-12-05T08:00:00Z".parse().unwrap());
    let shown = env.choose(closing, Lang::Fr, "confirm").await;
    assert!(shown.contains("Cette date est déjà passée"), "{shown}");
    assert_eq!(env.step(closing).await, "first_exchange");
}

#[tokio::test]
async fn a_five_thousand_character_answer_is_refused_and_nothing_is_lost() {
    let env = env().await;
    let closing = at_next_step(&env, Lang::En).await;
    env.text(closing, Lang::En, EN.next_step).await;
    let long = "Write to the mayor and ask for a meeting. ".repeat(120);
    assert!(long.chars().count() > 5000);
    let shown = env.text(closing, Lang::En, &long).await;
    assert!(
        shown.contains(&format!(
            "Your answer has {} characters; the limit is 1500",
            long.trim().chars().count()
        )),
        "{shown}"
    );
    assert!(
        shown.contains("Nothing you already answered is lost"),
        "{shown}"
    );
    assert_eq!(env.step(closing).await, "tasks");
    assert_eq!(
        env.answer(closing, "next_step").await.as_deref(),
        Some(EN.next_step)
    );
}

#[tokio::test]
async fn the_advisor_proposes_and_the_beneficiary_decides() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::Fr, &FR, false).await;
    // Before the beneficiary confirms, the advisor cannot confirm.
    let err = env
        .say(closing, &advisor(Lang::Fr), Input::AdvisorConfirm)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        DeskError::Refused(ClosingError::NotReadyForAdvisor)
    ));
    env.choose(closing, Lang::Fr, "confirm").await;
    let out = env
        .say(
            closing,
            &advisor(Lang::Fr),
            Input::AdvisorPropose("Et si on se voyait plutôt chaque semaine ?".into()),
        )
        .await
        .unwrap();
    let to_b = env.shown_to(&out, BENEFICIARY);
    assert!(
        to_b.contains("propose un changement\u{202f}: «\u{202f}Et si on se voyait plutôt chaque semaine ?\u{202f}»"),
        "{to_b}"
    );
    assert!(to_b.contains("Vous restez libre de vos choix"), "{to_b}");
    assert_eq!(env.step(closing).await, "recap");
    // The beneficiary keeps their choice and confirms again; the advisor then confirms.
    env.choose(closing, Lang::Fr, "confirm").await;
    env.say(
        closing,
        &advisor(Lang::Fr),
        Input::AdvisorCommitments(FR.advisor_commitments.into()),
    )
    .await
    .unwrap();
    env.say(closing, &advisor(Lang::Fr), Input::AdvisorConfirm)
        .await
        .unwrap();
    let (cadence, ..) =
        sqlx::query_as::<_, (String, String)>("SELECT cadence, means FROM agreements")
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
    assert_eq!(cadence, r#"{"unit":"weeks","every":2}"#);
}

#[tokio::test]
async fn a_custom_rhythm_is_typed() {
    let env = env().await;
    let (closing, _) = to_recap(&env, Lang::En, &EN, false).await;
    env.choose(closing, Lang::En, "edit").await;
    env.choose(closing, Lang::En, "frequency").await;
    let shown = env.choose(closing, Lang::En, "custom").await;
    assert!(shown.contains("What rhythm suits you?"), "{shown}");
    let shown = env.text(closing, Lang::En, "whenever").await;
    assert!(shown.contains("I could not read that rhythm"), "{shown}");
    let recap = env.text(closing, Lang::En, "every 3 weeks").await;
    assert!(
        recap.contains("The next exchanges take place every 3 weeks"),
        "{recap}"
    );
}

#[tokio::test]
async fn closing_while_the_expectations_are_unanswered_replaces_the_opening() {
    let env = env().await;
    let (opening, _) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr))
        .open_session()
        .await
        .unwrap();
    let (closing, out) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &beneficiary(Lang::Fr))
        .start_closing(false)
        .await
        .unwrap();
    assert!(env
        .shown(&out)
        .starts_with("Faisons le bilan de ce temps de travail."));
    let (status,): (String,) = sqlx::query_as("SELECT status FROM conversations WHERE id = $1")
        .bind(opening)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(status, "abandoned");
    // The beneficiary's next message goes to the closing they now see.
    let out = env
        .desk
        .text_from(&beneficiary(Lang::Fr), "Oui")
        .await
        .unwrap();
    assert_eq!(out[0].conversation, closing);
    let err = env
        .say(
            opening,
            &beneficiary(Lang::Fr),
            Input::Text("mes attentes".into()),
        )
        .await
        .unwrap_err();
    // The opening was replaced: it is not said to be finished.
    assert!(
        matches!(err, DeskError::Over("desk-conversation-replaced")),
        "{err:?}"
    );
}
