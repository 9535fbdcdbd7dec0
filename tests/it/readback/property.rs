//! The property of issue 14: for any understood date, the instant the read-back names is the
//! one stored, the one `/plan` shows, the one the first reminder is about and the calendar
//! file's first `DTSTART`. Many typed dates (ISO, written out, weekdays; French and English;
//! preset rhythms and a weekday of the month, kept or taken) on a fixed clock.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Europe::Paris;
use proptest::prelude::*;
use suivi::domain::cadence::resolve_local;
use suivi::domain::closing::Input;
use suivi::i18n::Lang;

use super::*;
use crate::common::*;

const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const WEEKDAYS_EN: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// How a person writes `local` in `lang`: `form` 0 is ISO, 1 the date written out with its
/// year, 2 a weekday (when the day is at most a week ahead).
fn typed(local: NaiveDateTime, lang: Lang, form: usize, days_ahead: u32) -> String {
    let (h, m) = (local.hour(), local.minute());
    let d = local.date();
    let time = match lang {
        Lang::Fr if m == 0 => format!("{h}h"),
        Lang::Fr => format!("{h}h{m:02}"),
        Lang::En | Lang::EnGb => {
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            let ampm = if h < 12 { "am" } else { "pm" };
            format!("{h12}:{m:02}{ampm}")
        }
    };
    match (form, lang) {
        (0, _) => local.format("%Y-%m-%d %H:%M").to_string(),
        (2, Lang::Fr) if days_ahead <= 7 => {
            format!(
                "{} {time}",
                WEEKDAYS_FR[d.weekday().num_days_from_monday() as usize]
            )
        }
        (2, Lang::En) if days_ahead <= 7 => {
            format!(
                "{} {time}",
                WEEKDAYS_EN[d.weekday().num_days_from_monday() as usize]
            )
        }
        (_, Lang::Fr) => {
            let day = if d.day() == 1 {
                "1er".to_owned()
            } else {
                d.day().to_string()
            };
            format!(
                "{day} {} {} {time}",
                MONTHS_FR[d.month0() as usize],
                d.year()
            )
        }
        (_, Lang::En | Lang::EnGb) => format!(
            "{} {}, {} {time}",
            MONTHS_EN[d.month0() as usize],
            d.day(),
            d.year()
        ),
    }
}

async fn one_case(
    days: u32,
    hour: u32,
    quarter: u32,
    form: usize,
    lang: Lang,
    rhythm: usize,
    take: bool,
) {
    let env = env().await;
    let today: NaiveDate = start().with_timezone(&Paris).date_naive();
    let local = (today + Duration::days(i64::from(days)))
        .and_time(NaiveTime::from_hms_opt(hour, quarter * 15, 0).unwrap());
    let words = typed(local, lang, form, days);
    let rhythm = match (rhythm, lang) {
        (0, _) => "biweekly",
        (1, _) => "monthly",
        (_, Lang::Fr) => "le premier lundi du mois",
        (_, Lang::En | Lang::EnGb) => "the first Monday of every month",
    };
    let closing = to_first_exchange(&env, lang, rhythm).await;
    let out = env
        .say(closing, &beneficiary(lang), Input::Text(words.clone()))
        .await
        .unwrap();
    let read_back = env.shown(&out);
    let offered = labels(&env, lang, &out);
    let off_rhythm = offered.len() == 3;
    let choice = match (off_rhythm, take) {
        (false, _) => "date_ok",
        (true, false) => "date_keep",
        (true, true) => "date_take",
    };
    env.choose(closing, lang, choice).await;
    finish(&env, closing, lang).await;

    let (stored_local, stored_utc, _) = stored(&env).await;
    let stored_utc = at(&stored_utc);
    let named = env.i18n.when(lang, stored_utc, Paris);
    let context = format!("{words:?} ({lang:?}, {rhythm}, {choice})");
    if choice == "date_take" {
        // The date taken is the one the choice named in full.
        let label = &offered[1];
        assert!(label.ends_with(&named), "{context}: {label} / {named}");
    } else {
        // The read-back names the date typed, which is the one stored.
        let said = match lang {
            Lang::Fr => format!("Compris\u{202f}: {named}."),
            Lang::En | Lang::EnGb => format!("Got it: {named}."),
        };
        assert!(read_back.contains(&said), "{context}: {said}\n{read_back}");
        assert_eq!(
            stored_local,
            local.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "{context}"
        );
        assert_eq!(stored_utc, resolve_local(local, Paris), "{context}");
    }
    let shown = plan(&env, lang).await;
    assert!(shown.contains(&named), "{context}: /plan\n{shown}");
    assert_eq!(
        reminded(&env).await.first(),
        Some(&stored_utc),
        "{context}: first reminder"
    );
    let first_start = ics_starts(&env, lang).await.into_iter().next();
    let stored_local = NaiveDateTime::parse_from_str(&stored_local, "%Y-%m-%dT%H:%M:%S").unwrap();
    assert_eq!(
        first_start,
        Some(format!(
            "DTSTART;TZID=Europe/Paris:{}",
            stored_local.format("%Y%m%dT%H%M%S")
        )),
        "{context}: calendar"
    );
    assert_eq!(resolve_local(stored_local, Paris), stored_utc, "{context}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_read_back_is_what_is_stored_shown_reminded_and_exported(
        days in 1u32..150,
        hour in 7u32..22,
        quarter in 0u32..4,
        form in 0usize..3,
        french in any::<bool>(),
        rhythm in 0usize..3,
        take in any::<bool>(),
    ) {
        let lang = if french { Lang::Fr } else { Lang::En };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(one_case(days, hour, quarter, form, lang, rhythm, take));
    }
}
