//! Item 1 at the check-in: to "Souhaitez-vous ajouter une tâche ? (Vous pouvez passer.)" a
//! plain "non" / "no" is an answer (the check-in ends), a plain "oui" / "yes" asks which
//! task, and the next message is that task. In both languages, through the real dispatcher.

use chrono::{DateTime, Utc};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use crate::common::*;

/// Agreed every 2 weeks from Tuesday 1 December 2026; the check-in falls on 8 December.
async fn at_new_task(lang: Lang) -> (Env, Live, i64) {
    let (env, live) = agreed(lang, lang).await;
    let first: DateTime<Utc> = at("2026-12-01T09:00:00Z");
    live.run_until(first).await;
    let from = live.notifier.tries().len();
    live.run_until(at("2026-12-08T09:00:00Z")).await;
    let cid = live.notifier.tries()[from..]
        .iter()
        .find(|s| s.to == BENEFICIARY && s.conversation.is_some())
        .and_then(|s| s.conversation)
        .expect("the check-in's first question");
    for _ in 0..3 {
        live.desk
            .input(cid, &beneficiary(lang), Input::Choice("done".into()))
            .await
            .unwrap();
    }
    let (step,): (String,) = sqlx::query_as("SELECT step FROM conversations WHERE id = $1")
        .bind(cid)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert!(step.contains("new_task"), "{step}");
    (env, live, cid)
}

async fn added_tasks(env: &Env) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tasks")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    n
}

async fn no_ends_and_yes_asks_which(lang: Lang, no: &str, yes: &str, which: &str, task: &str) {
    // "no": the check-in is over, nothing added, no refusal.
    let (env, live, cid) = at_new_task(lang).await;
    let before = added_tasks(&env).await;
    let out = live
        .desk
        .input(cid, &beneficiary(lang), Input::Text(no.into()))
        .await
        .unwrap();
    let shown = env.shown_to(&out, BENEFICIARY);
    assert!(!shown.contains(which), "{shown}");
    let (status,): (String,) = sqlx::query_as("SELECT status FROM conversations WHERE id = $1")
        .bind(cid)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(status, "done", "{shown}");
    assert_eq!(added_tasks(&env).await, before);
    live.stop().await;

    // "yes": which one? The next message is the task.
    let (env, live, cid) = at_new_task(lang).await;
    let out = live
        .desk
        .input(cid, &beneficiary(lang), Input::Text(yes.into()))
        .await
        .unwrap();
    let shown = env.shown_to(&out, BENEFICIARY);
    assert!(shown.starts_with(which), "{shown}");
    live.desk
        .input(cid, &beneficiary(lang), Input::Text(task.into()))
        .await
        .unwrap();
    let (text,): (String,) = sqlx::query_as("SELECT text FROM tasks ORDER BY id DESC LIMIT 1")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(text, task);
    live.stop().await;
}

#[tokio::test]
async fn french_non_and_oui_answer_the_new_task_question() {
    no_ends_and_yes_asks_which(
        Lang::Fr,
        "non",
        "oui",
        "Laquelle\u{202f}? Écrivez la tâche à ajouter avec vos propres mots.",
        "Demander un rendez-vous à la région pour le cofinancement",
    )
    .await;
}

#[tokio::test]
async fn english_no_and_yes_answer_the_new_task_question() {
    no_ends_and_yes_asks_which(
        Lang::En,
        "no",
        "yes",
        "Which one? Write the task to add in your own words.",
        "Ask the region for a meeting about co-funding",
    )
    .await;
}
