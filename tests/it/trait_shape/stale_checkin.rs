//! A check-in on Discord (the real client against the loopback Discord, every body validated)
//! where the beneficiary clicks a button of an older question after the check-in moved on:
//! the click is refused kindly, the question now asked is shown again, no task changes and the
//! advisor is told of no blocker.

use chrono::{DateTime, Utc};
use discord_double::SentMessage;

use crate::discord::{advisor, beneficiary, whole_closing, World, FRENCH};
use crate::discord_followup::{dm_containing, dm_of, first_exchange, idle};
use crate::discord_ux::refused_showing;

const NEW_TASK: &str = "Souhaitez-vous ajouter une tâche";

/// Half-way between the first two exchanges (1 and 15 December 2026, 10:00 in Paris).
fn checkin_at() -> DateTime<Utc> {
    "2026-12-08T09:00:00Z".parse().unwrap()
}

async fn tasks(w: &World) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT text, status, blocker FROM tasks ORDER BY position")
        .fetch_all(w.store().pool())
        .await
        .unwrap()
}

/// The question number its buttons carry (`s:<conversation>:q<n>:...`).
fn number(msg: &SentMessage) -> Vec<String> {
    msg.custom_ids()
        .iter()
        .filter_map(|id| id.split(':').nth(2).map(str::to_owned))
        .collect()
}

/// The next question shown to the beneficiary, which names `question`.
async fn asked(w: &World, question: &str) -> SentMessage {
    let next = w.prompt(&beneficiary()).await;
    assert!(next.content.contains(question), "{}", next.content);
    next
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_an_older_checkin_question_is_refused_and_changes_no_task() {
    let w = World::new(false).await;
    whole_closing(&w, &FRENCH).await;
    idle(&w).await;
    let (b, a) = (beneficiary(), advisor());
    w.set_time(first_exchange());
    idle(&w).await;
    w.set_time(checkin_at());

    let q1 = dm_containing(&w, &b, "Tâche 1 sur 2").await;
    let first = number(&q1);
    assert!(
        !first.is_empty() && first.iter().all(|q| q.starts_with('q')),
        "the first question is numbered: {:?}",
        q1.custom_ids()
    );
    w.click(&b, &q1, ":c:done", "fr").await;
    let q2 = asked(&w, "Tâche 2 sur 2").await;
    assert_ne!(number(&q2), first, "a new question, a new number");
    let before = tasks(&w).await;
    assert_eq!(before[0].1, "done");
    assert_eq!(before[1].1, "not_started");

    // "Bloquée" on the first task's message, while the second task is asked: not taken for
    // the second task's status.
    w.click(&b, &q1, ":c:blocked", "fr").await;
    let again = refused_showing(&w, &b, "Tâche 2 sur 2").await;
    assert_eq!(tasks(&w).await, before, "no task changed");

    // The current question's own button applies; then the first two are older too.
    w.click(&b, &again, ":c:in_progress", "fr").await;
    asked(&w, NEW_TASK).await;
    w.click(&b, &q2, ":c:blocked", "fr").await;
    refused_showing(&w, &b, NEW_TASK).await;
    w.click(&b, &q1, ":c:not_started", "fr").await;
    let latest = refused_showing(&w, &b, NEW_TASK).await;
    let after = tasks(&w).await;
    assert_eq!(
        after,
        [
            ("écrire au maire".into(), "done".into(), None),
            ("préparer le budget".into(), "in_progress".into(), None),
        ]
    );

    w.click(&b, &latest, ":skip", "fr").await;
    let summary = dm_containing(&w, &a, "point d’étape").await;
    assert_eq!(
        summary.content,
        "Moussa a répondu au point d’étape\u{202f}: 1 tâche faite sur 2."
    );
    idle(&w).await;
    // The advisor was told of no blocker.
    let a_dm = dm_of(&w, &a);
    let to_advisor: Vec<String> = w
        .double
        .shown()
        .into_iter()
        .filter(|m| m.channel_id == Some(a_dm) && m.content.contains("bloqué"))
        .map(|m| m.content)
        .collect();
    assert!(to_advisor.is_empty(), "{to_advisor:#?}");
    w.double.assert_no_violations();
}
