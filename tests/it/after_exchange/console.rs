//! In the console: the question after the exchange arrives like the advisor's other messages
//! and its choices are picked by number.

use crate::console::{run_console, script};

/// What the console shows in one language.
struct Words {
    lang: &'static str,
    example: &'static str,
    question: &'static str,
    labels: [&'static str; 3],
    recorded: &'static str,
    digest: &'static str,
    already: &'static str,
}

const FR: Words = Words {
    lang: "fr",
    example: "console-fr.txt",
    question: "A-t-il eu lieu\u{202f}?",
    labels: [
        "Oui — clôturer maintenant",
        "Il a été déplacé",
        "Il n’a pas eu lieu",
    ],
    recorded: "C’est noté\u{202f}: l’échange avec",
    digest: "✗ Échange du ",
    already: "Vous avez déjà répondu pour l’échange prévu le",
};

const EN: Words = Words {
    lang: "en",
    example: "console-en.txt",
    question: "Did it take place?",
    labels: [
        "Yes — close it now",
        "It was moved",
        "It did not take place",
    ],
    recorded: "Noted: the exchange with",
    digest: "✗ Exchange of ",
    already: "You already answered for the exchange planned on",
};

async fn answered_by_number(w: &Words) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    // The example up to the agreement, then past its first exchange (at most a week ahead)
    // and its grace: the advisor picks "It did not take place", reads the digest, picks again.
    let closing = script(w.example);
    let head = closing
        .split("/plan")
        .next()
        .expect("the example reaches the agreement");
    let input = format!("{head}/wait 8d\n/role advisor\n3\n/digest\n3\n/quit\n");
    let out = run_console(&db, w.lang, &input);
    assert_eq!(out.matches(w.question).count(), 1, "asked once: {out}");
    for (n, label) in w.labels.iter().enumerate() {
        assert!(out.contains(&format!("{}. {label}", n + 1)), "{out}");
    }
    assert!(out.contains(w.recorded), "{out}");
    assert!(out.contains(w.digest), "{out}");
    assert!(out.contains(w.already), "{out}");
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

#[tokio::test]
async fn the_question_arrives_in_the_console_and_is_answered_by_number_in_french() {
    answered_by_number(&FR).await;
}

#[tokio::test]
async fn the_question_arrives_in_the_console_and_is_answered_by_number_in_english() {
    answered_by_number(&EN).await;
}
