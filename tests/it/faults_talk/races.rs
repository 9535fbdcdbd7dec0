//! Two services on one file (the bot and a console) answering the same question at once.

use suivi::conversation::{Begin, DeskError, Sent};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use suivi::outbox::payload::Payload;

use super::*;

/// What is planned for the beneficiary as "asked again" in a conversation, rendered.
async fn asked_again(env: &Env, conversation: i64) -> Vec<(String, String)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT key, status, payload FROM deliveries WHERE conversation_id = $1 AND recipient_id = $2
           AND series IS NOT NULL AND key LIKE 'again:%' ORDER BY id",
    )
    .bind(conversation)
    .bind(BENEFICIARY as i64)
    .fetch_all(env.desk.store().pool())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(_, status, payload)| {
            let Payload::Prompts { lang, prompts, .. } = serde_json::from_str(&payload).unwrap()
            else {
                panic!("not prompts: {payload}")
            };
            let text = prompts
                .iter()
                .map(|p| env.i18n.prompt_body(lang, p))
                .collect::<Vec<_>>()
                .join("\n");
            (status, text)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_services_answering_at_once_never_store_an_answer_under_another_question() {
    let env = env().await;
    let other = live_desk(&env).await;
    let me = beneficiary(Lang::Fr);
    for round in 0..20 {
        let (closing, out) = closing_at_next_step(&env).await;
        // Both show the same question; both type an answer to it at once.
        let asked = asked_in(&out);
        let (v0, _, _) = versions(&env.desk, closing).await;
        let mine = format!("Rédiger la convention de partenariat, version {round} de la console");
        let theirs = format!("Écrire au maire de Thiès pour une réunion, tour {round} du bot");
        let (a, b) = tokio::join!(
            env.desk
                .answer(closing, &me, Input::Text(mine.clone()), Sent::AsOf(asked)),
            other.answer(closing, &me, Input::Text(theirs.clone()), Sent::AsOf(asked)),
        );
        let (winner, won, lost) = match (&a, &b) {
            (Ok(out), Err(e)) => (&mine, out, e),
            (Err(e), Ok(out)) => (&theirs, out, e),
            other => panic!("round {round}: exactly one answer is taken: {other:?}"),
        };
        assert!(matches!(lost, DeskError::Moved), "round {round}: {lost:?}");
        // One write; the answer under its own question, nothing under the next.
        let (v1, asked1, _) = versions(&env.desk, closing).await;
        assert_eq!(v1, v0 + 1, "round {round}");
        assert_eq!(asked1, v1, "the question changed");
        let log = answers(&env.desk, closing).await;
        assert!(
            log.contains(&("next_step".to_owned(), winner.clone())),
            "{log:#?}"
        );
        assert!(log.iter().all(|(f, _)| f != "tasks"), "{log:#?}");
        assert_eq!(env.step(closing).await, "tasks");
        let state = env.desk.conversation(closing).await.unwrap().unwrap().state;
        let loser = if winner == &mine { &theirs } else { &mine };
        assert!(!state.contains(loser.as_str()), "round {round}");
        assert!(log.iter().all(|(_, v)| v != loser));
        // The loser is told, with the question now asked.
        let tasks_question = env.shown_to(won, BENEFICIARY);
        let again = asked_again(&env, closing).await;
        assert_eq!(again.len(), 1, "{again:#?}");
        let (status, text) = &again[0];
        assert_eq!(status, "planned");
        assert!(
            text.starts_with("Votre message est arrivé après que sa question a changé\u{202f}:"),
            "{text}"
        );
        assert!(
            text.ends_with(&tasks_question),
            "{text}\n---\n{tasks_question}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loser_of_an_opening_race_is_told_its_expectations_were_already_recorded() {
    let env = env().await;
    let other = live_desk(&env).await;
    for (round, lang) in [Lang::Fr, Lang::En, Lang::Fr, Lang::En]
        .into_iter()
        .enumerate()
    {
        let me = beneficiary(lang);
        let (opening, out) = env
            .desk
            .between(GUILD, &advisor(lang), &me)
            .restart(Begin::Open)
            .await
            .unwrap();
        let asked = out[0].prompt.asked.expect("stamped");
        let one = format!("Trouver des partenaires au Sénégal, tour {round}");
        let two = format!("Monter un budget pour la commune, tour {round}");
        let (a, b) = tokio::join!(
            env.desk
                .answer(opening, &me, Input::Text(one.clone()), Sent::AsOf(asked)),
            other.answer(opening, &me, Input::Text(two.clone()), Sent::AsOf(asked)),
        );
        let (winner, lost) = match (&a, &b) {
            (Ok(_), Err(e)) => (&one, e),
            (Err(e), Ok(_)) => (&two, e),
            other => panic!("round {round}: exactly one answer is taken: {other:?}"),
        };
        assert!(
            matches!(lost, DeskError::Over("opening-error-finished")),
            "{lost:?}"
        );
        assert_eq!(
            answers(&env.desk, opening).await,
            [("expectations".to_owned(), winner.clone())]
        );
        let told = env.i18n.msg(lang, &lost.msg());
        match lang {
            Lang::Fr => assert_eq!(
                told,
                "Vos attentes étaient déjà enregistrées\u{202f}: cette réponse n’a donc pas été \
                 ajoutée. Rien d’autre n’est demandé ici\u{202f}: votre chargé·e de mission les \
                 reprendra avec vous à la fin de la séance."
            ),
            Lang::En | Lang::EnGb => assert_eq!(
                told,
                "Your expectations were already recorded, so this answer was not added. Nothing \
                 more is needed here: your advisor will go over them with you at the end of the \
                 session."
            ),
        }
        assert!(!told.contains("clôture") && !told.contains("closing"));
    }
}

#[tokio::test]
async fn the_version_goes_up_on_every_write_and_only_then() {
    let env = env().await;
    let me = beneficiary(Lang::Fr);
    let (closing, _) = closing_at_next_step(&env).await;
    let mut last = versions(&env.desk, closing).await;
    assert_eq!(last, (3, 3, "active".to_owned()));

    // Each input that changes the conversation is one write: one version.
    for input in [
        Input::Text("Rédiger la convention avec la commune de Thiès".into()),
        Input::Back,
        Input::Text("Rédiger la convention de partenariat avec Thiès".into()),
    ] {
        env.say(closing, &me, input).await.unwrap();
        let now = versions(&env.desk, closing).await;
        assert_eq!(now.0, last.0 + 1, "{now:?} after {last:?}");
        assert_eq!(now.1, now.0, "each of these changed the question");
        last = now;
    }
    // An answer refused, the question shown again: nothing written.
    env.say(closing, &me, Input::Text("ok".into()))
        .await
        .unwrap();
    env.desk.current(closing, &me).await.unwrap();
    assert_eq!(versions(&env.desk, closing).await, last);

    // Replaced by a new closing: a write too.
    let (second, _) = closing_at_next_step(&env).await;
    let replaced = versions(&env.desk, closing).await;
    assert_eq!(replaced, (last.0 + 1, last.1, "abandoned".to_owned()));
    // Ended by the advisor: the conversation in progress is written as abandoned.
    let before = versions(&env.desk, second).await;
    env.desk
        .change_support(
            GUILD,
            &advisor(Lang::Fr),
            Some(BENEFICIARY),
            suivi::conversation::Change::End,
        )
        .await
        .unwrap();
    let ended = versions(&env.desk, second).await;
    assert_eq!(ended, (before.0 + 1, before.1, "abandoned".to_owned()));
}
