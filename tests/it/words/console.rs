//! Items 4 and 5 in the console, typed as a person would: the advisor's `/consent` shows the
//! consent and changes nothing, the beneficiary's says what is now set; `/support` and
//! `/timezone` say what is now set, never "C'est fait."; the console's two people (who have
//! no display name) are named by a neutral form, never "advisor" or "beneficiary" inside a
//! sentence; the means read in lower case after a colon.

use std::path::Path;

use crate::console::{run_console, script};

async fn relay_consent(db: &Path) -> (bool, i64) {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .unwrap();
    let (relay,): (bool,) = sqlx::query_as("SELECT relay_consent FROM agreements ORDER BY id DESC")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consent_events WHERE relay = 0")
        .fetch_one(&pool)
        .await
        .unwrap();
    (relay, events)
}

/// The example script, then the settings typed by each side.
fn with_settings(name: &str, tail: &str) -> String {
    let base = script(name);
    let base = base.trim_end().trim_end_matches("/quit");
    format!("{base}\n{tail}/quit\n")
}

struct Expect {
    lang: &'static str,
    script: &'static str,
    tail: &'static str,
    shown: &'static [&'static str],
    never: &'static [&'static str],
    /// Consents withdrawn by the example script's closing itself.
    withdrawn_at_closing: i64,
}

async fn console_words(e: &Expect) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let out = run_console(&db, e.lang, &with_settings(e.script, e.tail));
    for shown in e.shown {
        assert!(out.contains(shown), "{shown:?} not in:\n{out}");
    }
    for never in e.never {
        assert!(!out.contains(never), "{never:?} in:\n{out}");
    }
    // The advisor's attempt changed nothing; the beneficiary's withdrew it, once.
    assert_eq!(
        relay_consent(&db).await,
        (false, e.withdrawn_at_closing + 1)
    );
}

#[tokio::test]
async fn french_console_says_what_is_set_and_names_people_neutrally() {
    console_words(&Expect {
        lang: "fr",
        script: "console-fr.txt",
        tail: "/role advisor\n/consent non\n/role beneficiary\n/consent non\n/fuseau Europe/Paris\n/appui pause\n",
        shown: &[
            "Seul·e votre bénéficiaire peut donner ou retirer son accord pour relayer. Son accord est donné depuis le",
            "Vous avez retiré votre accord pour relayer, le ",
            "Les dates sont maintenant affichées et lues à l’heure de Paris.",
            "L’appui est en pause.",
            "Votre bénéficiaire est arrivé·e à l’étape des engagements",
            "Moyens d’échange\u{202f}: courriel et en présentiel.",
        ],
        never: &[
            "C’est fait.",
            " advisor ",
            "beneficiary est",
            "avec advisor",
            "Courriel et En présentiel",
        ],
        withdrawn_at_closing: 0,
    })
    .await;
}

#[tokio::test]
async fn english_console_says_what_is_set_and_names_people_neutrally() {
    console_words(&Expect {
        lang: "en",
        script: "console-en.txt",
        tail: "/role advisor\n/consent no\n/role beneficiary\n/consent no\n/timezone Europe/Paris\n/support pause\n",
        shown: &[
            "Only your beneficiary can give or withdraw their consent to relay.",
            "You withdrew your consent to relay, on ",
            "Dates are now shown and read in Paris time.",
            "The support is paused.",
            "Means: phone and Discord.",
        ],
        never: &["Done.", "Phone and Discord"],
        withdrawn_at_closing: 1,
    })
    .await;
}

/// Item 2 typed in the console: "stop" at the review, the synthesis, both confirm; `/plan`
/// then shows the ended support, and the advisor was told once.
fn stop_in_console(lang: &str, expectations: &str, synthesis: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    let script = format!(
        "/open\n{expectations}\n/close synthesis\n1\n/skip\n2\n{synthesis}\n1\n1\n/plan\n/quit\n"
    );
    run_console(&db, lang, &script)
}

#[test]
fn french_console_stop_means_stop() {
    let out = stop_in_console(
        "fr",
        "Comprendre comment monter un partenariat avec une commune au Sénégal",
        "On commence par la convention, ensuite le budget, puis le calendrier commun",
    );
    assert!(out.contains("L’appui s’est terminé le "), "{out}");
    assert!(!out.contains("Pas encore d’accord"), "{out}");
    assert_eq!(
        out.matches("a choisi de ne pas poursuivre l’appui").count(),
        1,
        "{out}"
    );
    for never in [
        "d’ici le prochain échange",
        "Saisir mes engagements",
        "prochaine étape",
    ] {
        assert!(!out.contains(never), "{never:?} in:\n{out}");
    }
}

#[test]
fn english_console_stop_means_stop() {
    let out = stop_in_console(
        "en",
        "Understand how to set up a partnership with a town in Senegal",
        "First the agreement, then the budget, then a shared calendar",
    );
    assert!(out.contains("The support ended on "), "{out}");
    assert!(!out.contains("No agreement yet"), "{out}");
    assert_eq!(
        out.matches("chose not to continue the support").count(),
        1,
        "{out}"
    );
    for never in [
        "before the next exchange",
        "Enter my commitments",
        "next step",
    ] {
        assert!(!out.contains(never), "{never:?} in:\n{out}");
    }
}
