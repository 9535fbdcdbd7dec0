//! Through the service: the read-back, its correction (a choice or a typed date), and a first
//! date off the rhythm, kept or replaced, as stored, shown, reminded and exported.

use suivi::conversation::{DeskError, Sent};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use super::*;
use crate::common::*;

const NNBSP: char = '\u{202f}';

#[tokio::test]
async fn a_typed_date_is_read_back_in_full_and_can_be_corrected_by_a_choice_or_by_typing() {
    for (lang, first, shown, ok, change, corrected, again, again_shown) in [
        (
            Lang::Fr,
            "mardi 10h",
            format!("Compris{NNBSP}: mardi 1er décembre 2026 à 10{NNBSP}h, heure de Paris."),
            "C’est bien ça",
            "Corriger la date",
            "jeudi 14h30",
            "vendredi 4 décembre 9h",
            format!("Compris{NNBSP}: vendredi 4 décembre 2026 à 9{NNBSP}h, heure de Paris."),
        ),
        (
            Lang::En,
            "tuesday 10am",
            "Got it: Tuesday, December 1, 2026 at 10:00 AM, Paris time.".to_owned(),
            "That's right",
            "Change the date",
            "thursday 2:30pm",
            "December 4 9am",
            "Got it: Friday, December 4, 2026 at 9:00 AM, Paris time.".to_owned(),
        ),
    ] {
        let env = env().await;
        let closing = to_first_exchange(&env, lang, "biweekly").await;
        let me = beneficiary(lang);
        let out = env
            .say(closing, &me, Input::Text(first.into()))
            .await
            .unwrap();
        let text = env.shown(&out);
        assert!(text.contains(&shown), "{lang:?}: {text}");
        assert_eq!(labels(&env, lang, &out), [ok, change], "{lang:?}");
        assert_eq!(env.step(closing).await, "first_exchange_check");

        // "Change the date": the date question again; the date typed is read back in turn.
        let asked = env.choose(closing, lang, "date_change").await;
        assert_eq!(env.step(closing).await, "first_exchange", "{asked}");
        let text = env.text(closing, lang, corrected).await;
        let expected = if lang == Lang::Fr {
            format!("jeudi 3 décembre 2026 à 14{NNBSP}h{NNBSP}30")
        } else {
            "Thursday, December 3, 2026 at 2:30 PM".to_owned()
        };
        assert!(text.contains(&expected), "{lang:?}: {text}");
        let older = env.desk.current(closing, &me).await.unwrap()[0]
            .prompt
            .token;

        // Typing another date at the read-back: understood and read back again.
        let text = env.text(closing, lang, again).await;
        assert!(text.contains(&again_shown), "{lang:?}: {text}");
        assert_eq!(env.step(closing).await, "first_exchange_check");
        // The older read-back's button no longer applies: it named another date.
        let err = env
            .desk
            .answer(
                closing,
                &me,
                Input::Choice("date_ok".into()),
                Sent::With(older),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, DeskError::Stale), "{err:?}");
        assert_eq!(env.step(closing).await, "first_exchange_check");

        let next = env.choose(closing, lang, "date_ok").await;
        assert_eq!(env.step(closing).await, "exchange_means", "{next}");
        finish(&env, closing, lang).await;
        let (local, utc, from) = stored(&env).await;
        assert_eq!(local, "2026-12-04T09:00:00", "{lang:?}");
        assert_eq!(at(&utc), at("2026-12-04T08:00:00Z"));
        assert_eq!(from, None);
    }
}

/// Thursday 3 December 2026, 19:00 in Paris: "mardi 10h" is Tuesday 8 December, and the first
/// Monday of the month after it is 4 January 2027.
fn december_third_evening() -> chrono::DateTime<chrono::Utc> {
    at("2026-12-03T18:00:00Z")
}

#[tokio::test]
async fn a_first_date_off_the_rhythm_is_said_and_kept_then_the_rhythm_follows() {
    let env = env().await;
    env.clock.set(december_third_evening());
    let lang = Lang::Fr;
    let closing = to_first_exchange(&env, lang, "tous les premiers lundis du mois").await;
    let out = env
        .say(closing, &beneficiary(lang), Input::Text("mardi 10h".into()))
        .await
        .unwrap();
    let text = env.shown(&out);
    for expected in [
        format!("Compris{NNBSP}: mardi 8 décembre 2026 à 10{NNBSP}h, heure de Paris."),
        "Cette date ne tombe pas sur le rythme convenu".to_owned(),
        format!("le prochain échange serait le lundi 4 janvier 2027 à 10{NNBSP}h, heure de Paris."),
    ] {
        assert!(text.contains(&expected), "{expected}\n{text}");
    }
    assert_eq!(
        labels(&env, lang, &out),
        [
            "Garder mardi 8 décembre, puis le rythme".to_owned(),
            format!("Prendre lundi 4 janvier 2027 à 10{NNBSP}h, heure de Paris"),
            "Corriger la date".to_owned(),
        ]
    );
    // Nothing was moved in silence: the date typed is the one held until the person chooses.
    assert!(env
        .answer(closing, "first_exchange")
        .await
        .unwrap()
        .starts_with("2026-12-08T09:00:00"));

    env.choose(closing, lang, "date_keep").await;
    finish(&env, closing, lang).await;
    let (local, utc, from) = stored(&env).await;
    assert_eq!(local, "2026-12-08T10:00:00");
    assert_eq!(at(&utc), at("2026-12-08T09:00:00Z"));
    assert_eq!(from.as_deref(), Some("2027-01-04T10:00:00"));
    let shown = plan(&env, lang).await;
    assert!(
        shown.contains(&format!("mardi 8 décembre 2026 à 10{NNBSP}h")),
        "{shown}"
    );
    assert_eq!(
        reminded(&env).await.first(),
        Some(&at("2026-12-08T09:00:00Z"))
    );
    assert_eq!(
        ics_starts(&env, lang).await,
        [
            "DTSTART;TZID=Europe/Paris:20261208T100000",
            "DTSTART;TZID=Europe/Paris:20270104T100000",
        ]
    );
    // Once the first exchange has passed, the next one is the rhythm's: 4 January, then 1
    // February.
    let live = Live::start(&env).await;
    live.run_until(at("2026-12-09T12:00:00Z")).await;
    assert!(
        reminded(&env).await.contains(&at("2027-01-04T09:00:00Z")),
        "{:?}",
        reminded(&env).await
    );
    let shown = plan(&env, lang).await;
    assert!(
        shown.contains(&format!("lundi 4 janvier 2027 à 10{NNBSP}h")),
        "{shown}"
    );
    live.stop().await;
}

#[tokio::test]
async fn the_next_date_on_the_rhythm_is_taken_only_when_chosen() {
    let env = env().await;
    env.clock.set(december_third_evening());
    let lang = Lang::En;
    let closing = to_first_exchange(&env, lang, "the first Monday of every month").await;
    let out = env
        .say(
            closing,
            &beneficiary(lang),
            Input::Text("tuesday 10am".into()),
        )
        .await
        .unwrap();
    let text = env.shown(&out);
    for expected in [
        "Got it: Tuesday, December 8, 2026 at 10:00 AM, Paris time.",
        "This date is not on the rhythm agreed",
        "the next exchange would be Monday, January 4, 2027 at 10:00 AM, Paris time.",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert_eq!(
        labels(&env, lang, &out),
        [
            "Keep Tuesday, December 8, then the rhythm",
            "Take Monday, January 4, 2027 at 10:00 AM, Paris time",
            "Change the date",
        ]
    );
    env.choose(closing, lang, "date_take").await;
    // The answers log holds the date agreed.
    assert!(env
        .answer(closing, "first_exchange")
        .await
        .unwrap()
        .starts_with("2027-01-04T09:00:00"));
    finish(&env, closing, lang).await;
    let (local, utc, from) = stored(&env).await;
    assert_eq!(local, "2027-01-04T10:00:00");
    assert_eq!(at(&utc), at("2027-01-04T09:00:00Z"));
    assert_eq!(from, None);
    let shown = plan(&env, lang).await;
    assert!(
        shown.contains("Monday, January 4, 2027 at 10:00 AM"),
        "{shown}"
    );
    assert_eq!(
        reminded(&env).await.first(),
        Some(&at("2027-01-04T09:00:00Z"))
    );
    assert_eq!(
        ics_starts(&env, lang).await,
        ["DTSTART;TZID=Europe/Paris:20270104T100000"]
    );
}

#[tokio::test]
async fn a_weekly_rhythm_named_by_its_day_and_a_first_date_on_another_day_are_chosen_between() {
    let env = env().await;
    let lang = Lang::Fr;
    let closing = to_first_exchange(&env, lang, "tous les mardis").await;
    // Saturday 28 November: "jeudi 10h" is Thursday 3 December; the Tuesdays start on the 8th.
    let text = env.text(closing, lang, "jeudi 10h").await;
    assert!(
        text.contains(&format!(
            "le prochain échange serait le mardi 8 décembre 2026 à 10{NNBSP}h"
        )),
        "{text}"
    );
    env.choose(closing, lang, "date_keep").await;
    finish(&env, closing, lang).await;
    let (local, _, from) = stored(&env).await;
    assert_eq!(local, "2026-12-03T10:00:00");
    assert_eq!(from.as_deref(), Some("2026-12-08T10:00:00"));
    assert_eq!(
        ics_starts(&env, lang).await,
        [
            "DTSTART;TZID=Europe/Paris:20261203T100000",
            "DTSTART;TZID=Europe/Paris:20261208T100000",
        ]
    );
}

#[tokio::test]
async fn a_rhythm_changed_from_the_recap_is_checked_against_the_first_date() {
    let env = env().await;
    let lang = Lang::Fr;
    let (closing, _) = to_recap(&env, lang, &FR, false).await;
    env.choose(closing, lang, "edit").await;
    env.choose(closing, lang, "frequency").await;
    env.choose(closing, lang, "custom").await;
    // Tuesday 1 December is not a last Friday of the month: said before the recap.
    let text = env.text(closing, lang, "le dernier vendredi du mois").await;
    assert_eq!(env.step(closing).await, "first_exchange_check", "{text}");
    assert!(
        text.contains("Cette date ne tombe pas sur le rythme convenu"),
        "{text}"
    );
    let recap = env.choose(closing, lang, "date_keep").await;
    assert_eq!(env.step(closing).await, "recap", "{recap}");
}
