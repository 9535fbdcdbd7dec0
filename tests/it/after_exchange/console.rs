//! In the console: the question after the exchange arrives like the advisor's other messages
//! and its choices are picked by number.

use crate::console::{run_console, script};

#[tokio::test]
async fn the_question_arrives_in_the_console_and_is_answered_by_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    // The French example up to the agreement, then past its first exchange (at most a week
    // ahead) and its grace: the advisor picks "It did not take place".
    let closing = script("console-fr.txt");
    let head = closing
        .split("/plan")
        .next()
        .expect("the example reaches the agreement");
    let input = format!("{head}/wait 8d\n/role advisor\n3\n/digest\n3\n/quit\n");
    let out = run_console(&db, "fr", &input);
    assert!(out.contains("A-t-il eu lieu\u{202f}?"), "{out}");
    for (n, label) in [
        "Oui — clôturer maintenant",
        "Il a été déplacé",
        "Il n’a pas eu lieu",
    ]
    .iter()
    .enumerate()
    {
        assert!(
            out.contains(&format!("{}. {label}", n + 1)) || out.contains(label),
            "{out}"
        );
    }
    assert_eq!(
        out.matches("A-t-il eu lieu").count(),
        1,
        "asked once: {out}"
    );
    assert!(out.contains("C’est noté\u{202f}: l’échange avec"), "{out}");
    // The digest shows it.
    assert!(out.contains("✗ Échange du "), "{out}");
    // Picking again is refused, saying what was answered.
    assert!(
        out.contains("Vous avez déjà répondu pour l’échange prévu le"),
        "{out}"
    );
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&db))
            .await
            .unwrap();
    let (outcome,): (Option<String>,) = sqlx::query_as("SELECT outcome FROM exchange_outcomes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(outcome.as_deref(), Some("not_held"));
}
