//! For any date the parser understands, the rendering of the instant names the same day and
//! wall time that were understood, in both languages and in several zones.

use chrono::{Datelike, Duration, TimeZone, Timelike};
use proptest::prelude::*;
use suivi::domain::when::{parse_moment_for, DateOrder};
use suivi::i18n::{I18n, Lang};

const ZONES: [chrono_tz::Tz; 4] = [
    chrono_tz::Europe::Paris,
    chrono_tz::America::New_York,
    chrono_tz::Africa::Dakar,
    chrono_tz::America::Montreal,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_rendered_instant_names_the_understood_day_and_time(
        ahead_minutes in 60i64..(60 * 24 * 600),
        z in 0usize..4,
        form in 0usize..4,
    ) {
        let now = super::now();
        let tz = ZONES[z];
        let wanted = (now + Duration::minutes(ahead_minutes)).with_timezone(&tz).naive_local();
        let (y, mo, d, h, mi) = (wanted.year(), wanted.month(), wanted.day(), wanted.hour(), wanted.minute());
        let typed = match form {
            0 => format!("{y}-{mo:02}-{d:02} {h:02}:{mi:02}"),
            1 => format!("{d}/{mo}/{y} {h}h{mi:02}"),
            2 => format!("{mo}/{d}/{y} {h}:{mi:02}"),
            _ => format!("{d} {} {y} {h}:{mi:02}", ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"][mo as usize - 1]),
        };
        let order = if form == 2 { DateOrder::MonthFirst } else { DateOrder::DayFirst };
        let i18n = I18n::load().unwrap();
        if let Ok(m) = parse_moment_for(&typed, now, tz, order) {
            prop_assert_eq!(m.local.date(), wanted.date(), "{}", typed);
            let shown = m.utc.with_timezone(&tz).naive_local();
            // Outside a spring-forward gap the instant is the wall time understood.
            if tz.from_local_datetime(&m.local).earliest().is_some() {
                prop_assert_eq!(shown, m.local);
            }
            for lang in Lang::ALL {
                let text = i18n.when(*lang, m.utc, tz);
                let day = i18n.text(*lang, &format!("weekday-{}", shown.weekday().number_from_monday()));
                let month = i18n.text(*lang, &format!("month-{}", shown.month()));
                let time = i18n.time_of_day(*lang, shown.hour(), shown.minute());
                for part in [day, month, time, shown.year().to_string()] {
                    prop_assert!(text.contains(&part), "{} in {}: {}", typed, text, part);
                }
            }
        }
    }
}
