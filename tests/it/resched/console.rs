//! On the console (the real binary on a real file): a pending proposal, and a choice still to
//! make, are asked again when the console starts again.

use std::path::Path;

use crate::console::{run_console, script};

/// The example closing, up to its `/plan`: an agreement to reschedule.
fn closing(name: &str) -> String {
    let full = script(name);
    let lines: Vec<&str> = full.lines().collect();
    let end = lines
        .iter()
        .position(|l| *l == "/plan")
        .expect("the example shows its plan");
    lines[..end].join("\n")
}

async fn agreement(db: &Path) -> (String, String, Option<String>) {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .unwrap();
    sqlx::query_as(
        "SELECT cadence, first_exchange_local, rhythm_from_local FROM agreements
         WHERE status = 'active'",
    )
    .fetch_one(&pool)
    .await
    .unwrap()
}

/// What follows `lead` on its line.
fn after<'a>(out: &'a str, lead: &str) -> Vec<&'a str> {
    out.lines()
        .filter_map(|l| l.split_once(lead).map(|(_, r)| r.trim_end_matches('.')))
        .collect()
}

#[tokio::test]
async fn a_pending_proposal_is_asked_again_after_a_restart_and_the_date_accepted_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let first = format!(
        "{}\n/role advisor\n/reschedule | first Monday of the month\n/role beneficiary\n1\n\
         /role advisor\n/reschedule February 2nd 2027 2pm\n1\n/quit\n",
        closing("console-en.txt")
    );
    let out = run_console(&db, "en", &first);
    assert!(out.contains("is not on the agreed rhythm ("), "{out}");
    assert!(out.contains("1. This date once, then the rhythm"), "{out}");
    assert!(
        out.contains("2. Propose Monday, March 1, 2027 at 2:00 PM, Paris time instead"),
        "{out}"
    );
    assert!(out.contains("Your proposal was sent"), "{out}");

    // Started again: the beneficiary is asked again, and accepts.
    let out = run_console(&db, "en", "/role beneficiary\n1\n/plan\n/quit\n");
    assert!(
        out.contains("A proposed change is still waiting for your answer."),
        "{out}"
    );
    assert!(
        out.contains("the next exchange on Tuesday, February 2, 2027 at 2:00 PM, Paris time, once"),
        "{out}"
    );
    let accepted = after(&out, "Accepted. Next exchange: ");
    let told = after(&out, "accepted your proposal. Next exchange: ");
    assert_eq!(
        accepted,
        ["Tuesday, February 2, 2027 at 2:00 PM, Paris time"],
        "{out}"
    );
    assert_eq!(told, accepted, "{out}");
    // The console's people have no display name: each is named by their side, never by a
    // placeholder word.
    assert!(
        out.contains("Your advisor proposes a change")
            && out.contains("Your beneficiary accepted your proposal."),
        "{out}"
    );
    assert!(
        !out.lines()
            .any(|l| l.starts_with("advisor ") || l.starts_with("beneficiary ")),
        "{out}"
    );
    assert!(
        out.contains("Tuesday, February 2, 2027 at 2:00 PM"),
        "{out}"
    );
    // Stored as accepted: that date first, the first Monday's rhythm resuming after it.
    let (cadence, first, rhythm_from) = agreement(&db).await;
    assert_eq!(first, "2027-02-02T14:00:00");
    assert_eq!(rhythm_from.as_deref(), Some("2027-03-01T14:00:00"));
    assert!(cadence.contains(r#""unit":"month_weekday""#), "{cadence}");
}

#[tokio::test]
async fn a_choice_left_at_quit_is_asked_again_and_the_day_on_the_rhythm_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let first = format!(
        "{}\n/role advisor\n/reschedule | le premier lundi du mois\n/role beneficiary\n1\n\
         /role advisor\n/reschedule 2 février 2027 14h\n/quit\n",
        closing("console-fr.txt")
    );
    let out = run_console(&db, "fr", &first);
    assert!(out.contains("n’est pas encore envoyée"), "{out}");
    // Started again: the advisor's choice is shown again; the day on the rhythm is proposed.
    let out = run_console(
        &db,
        "fr",
        "/role advisor\n2\n/role beneficiary\n1\n/plan\n/quit\n",
    );
    assert!(
        out.contains("Vous proposez le mardi 2 février 2027 à 14\u{202f}h, heure de Paris\u{202f}: ce jour ne tombe pas sur le rythme convenu"),
        "{out}"
    );
    assert!(
        out.contains("2. Proposer plutôt le lundi 1er mars 2027 à 14\u{202f}h, heure de Paris"),
        "{out}"
    );
    let accepted = after(&out, "C’est accepté. Prochain échange\u{202f}: ");
    let told = after(
        &out,
        "a accepté votre proposition. Prochain échange\u{202f}: ",
    );
    assert_eq!(
        accepted,
        ["lundi 1er mars 2027 à 14\u{202f}h, heure de Paris"],
        "{out}"
    );
    assert_eq!(told, accepted, "{out}");
    let (_, anchor, rhythm_from) = agreement(&db).await;
    assert_eq!(anchor, "2027-03-01T14:00:00");
    assert_eq!(rhythm_from, None);
}
