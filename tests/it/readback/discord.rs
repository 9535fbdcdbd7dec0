//! On Discord (the real client against the loopback Discord): the read-back with its two
//! buttons, "Change the date" then a typed date, a date typed at the read-back, and a click on
//! an older read-back refused as over.

use crate::discord::*;
use crate::discord_ux::{at_relay, note_and_question};

/// The step the latest conversation is at.
async fn step(w: &World) -> String {
    let (step,): (String,) =
        sqlx::query_as("SELECT step FROM conversations ORDER BY id DESC LIMIT 1")
            .fetch_one(w.store().pool())
            .await
            .unwrap();
    step
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_date_is_read_back_with_buttons_and_corrected_on_discord() {
    let w = World::new(false).await;
    let b = beneficiary();
    let (_, relay) = at_relay(&w, "fr").await;
    w.click(&b, &relay, ":c:yes", "fr").await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:biweekly", "fr").await;
    w.prompt(&b).await;

    let first = w.dm("mardi 10h").await;
    assert!(
        first
            .content
            .contains("Compris\u{202f}: mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris."),
        "{}",
        first.content
    );
    let labels = first.button_labels();
    for label in ["C’est bien ça", "Corriger la date"] {
        assert!(labels.iter().any(|l| l == label), "{labels:?}");
    }

    // "Corriger la date": the question again, and the date typed is read back.
    w.click(&b, &first, ":c:date_change", "fr").await;
    let asked = w.prompt(&b).await;
    assert!(
        asked
            .content
            .contains("Quand aura lieu le prochain échange"),
        "{}",
        asked.content
    );
    let second = w.dm("jeudi 14h30").await;
    assert!(
        second.content.contains(
            "Compris\u{202f}: jeudi 3 décembre 2026 à 14\u{202f}h\u{202f}30, heure de Paris."
        ),
        "{}",
        second.content
    );

    // A date typed at the read-back is read back in turn.
    let third = w.dm("vendredi 4 décembre 9h").await;
    assert!(
        third
            .content
            .contains("Compris\u{202f}: vendredi 4 décembre 2026 à 9\u{202f}h, heure de Paris."),
        "{}",
        third.content
    );
    assert_eq!(step(&w).await, "first_exchange_check");

    // The older read-back's "C'est bien ça" named another date: refused as over.
    w.click(&b, &second, ":c:date_ok", "fr").await;
    let (told, again) = note_and_question(&w, &b).await;
    assert!(
        told.content
            .starts_with("Cette question a déjà reçu une réponse"),
        "{}",
        told.content
    );
    assert!(
        again.content.contains("vendredi 4 décembre"),
        "{}",
        again.content
    );
    assert_eq!(step(&w).await, "first_exchange_check");

    w.click(&b, &again, ":c:date_ok", "fr").await;
    w.prompt(&b).await;
    assert_eq!(step(&w).await, "exchange_means");
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_date_is_read_back_in_english_on_discord() {
    let w = World::new(false).await;
    let b = beneficiary();
    let (_, relay) = at_relay(&w, "en-US").await;
    w.click(&b, &relay, ":c:yes", "en-US").await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:weekly", "en-US").await;
    w.prompt(&b).await;
    let first = w.dm("tuesday 10am").await;
    assert!(
        first
            .content
            .contains("Got it: Tuesday, December 1, 2026 at 10:00 AM, Paris time."),
        "{}",
        first.content
    );
    let labels = first.button_labels();
    for label in ["That's right", "Change the date"] {
        assert!(labels.iter().any(|l| l == label), "{labels:?}");
    }
    let second = w.dm("wednesday 9am").await;
    assert!(
        second
            .content
            .contains("Got it: Wednesday, December 2, 2026 at 9:00 AM, Paris time."),
        "{}",
        second.content
    );
    w.click(&b, &second, ":c:date_ok", "en-US").await;
    w.prompt(&b).await;
    assert_eq!(step(&w).await, "exchange_means");
    w.double.assert_no_violations();
}
