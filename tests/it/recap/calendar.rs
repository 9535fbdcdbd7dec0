//! The calendar files: the agreement's event names both people and its means, and a series
//! without end says in its note how many exchanges the file holds and until when (the RRULE's
//! COUNT and the note agree); the preview's file is said to be a preview, never pointing to
//! "private messages".

use suivi::domain::agreement::Means;
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use super::{field, suivi, unfolded};
use crate::common::*;

#[tokio::test]
async fn the_agreement_event_names_both_people_its_means_and_where_the_file_stops() {
    for lang in [Lang::Fr, Lang::En] {
        let env = env().await;
        let s = if lang == Lang::Fr { &FR } else { &EN };
        let (closing, _) = to_recap(&env, lang, s, false).await;
        env.choose(closing, lang, "confirm").await;
        let done = env
            .say(closing, &advisor(lang), Input::AdvisorConfirm)
            .await
            .unwrap();
        let cal = done
            .iter()
            .find_map(|o| o.calendar.clone())
            .expect("the agreement carries its calendar");
        let ics = cal.ics(&env.i18n, lang);
        let summary = field(&ics, "SUMMARY");
        let note = field(&ics, "DESCRIPTION");
        for name in ["Claire", "Moussa"] {
            assert!(summary.contains(name), "{summary}");
            assert!(note.contains(name), "{note}");
        }
        for m in [Means::Email, Means::InPerson] {
            let label = env.i18n.msg(lang, &m.msg(None)).to_lowercase();
            assert!(note.to_lowercase().contains(&label), "{label}: {note}");
        }
        // Every two weeks without end: the file lists a number of exchanges, and says so.
        let rrule = field(&ics, "RRULE");
        let count: u32 = rrule
            .split(';')
            .find_map(|p| p.strip_prefix("COUNT="))
            .and_then(|n| n.parse().ok())
            .expect("a COUNT");
        let last = cal.schedule.exchange(count - 1).unwrap();
        let last = env.i18n.when(lang, last, cal.schedule.tz());
        assert!(note.contains(&count.to_string()), "{note}");
        assert!(note.contains(&last), "{last}: {note}");
        assert!(
            !unfolded(&ics).contains("messages privés") && !ics.contains("private messages"),
            "{note}"
        );
        // The note's paragraphs stand apart.
        assert!(note.contains("\n\n"), "{note}");
    }
}

#[test]
fn the_preview_calendar_is_a_preview_and_says_where_it_stops() {
    for (lang, every, preview, stops) in [
        (
            "fr",
            "toutes les 2 semaines",
            "Aperçu",
            "4 premiers échanges",
        ),
        ("en", "every 2 weeks", "Preview", "first 4 exchanges"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.ics");
        let out = suivi("C", None)
            .args(["schedule", "preview", "--every", every])
            .args(["--at", "2027-03-02 10:00", "--tz", "Europe/Paris"])
            .args(["--count", "4", "--lang", lang, "--ics"])
            .arg(&file)
            .args(["--now", "2027-02-01T08:00:00Z"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ics = std::fs::read_to_string(&file).unwrap();
        let text = unfolded(&ics);
        assert!(field(&ics, "SUMMARY").starts_with(preview), "{text}");
        let note = field(&ics, "DESCRIPTION");
        assert!(note.contains(stops), "{note}");
        assert!(!text.contains("messages privés"), "{text}");
        assert!(!text.contains("private messages"), "{text}");
        assert!(field(&ics, "RRULE").contains("COUNT=4"), "{ics}");
    }
}

#[test]
fn a_bad_now_is_refused_in_the_operator_language() {
    for (lang, said) in [("fr", "--now attend"), ("en", "--now takes")] {
        let out = suivi("C", None)
            .args(["schedule", "preview", "--every", "every week"])
            .args(["--at", "2027-03-02 10:00", "--tz", "Europe/Paris"])
            .args(["--lang", lang, "--now", "yesterday"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.starts_with(said), "{err}");
    }
}
