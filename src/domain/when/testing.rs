//! Helpers shared by the tests of the `when` sub-modules: a fixed "now", wall-time literals,
//! assertions on [`parse_moment`] and proptest strategies. Test-only; no product code uses it.

use super::{parse_moment, WhenError};
use crate::domain::cadence::resolve_local;
use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Paris;
use chrono_tz::Tz;
use proptest::prelude::*;

/// The days of the week, Monday first, as people write them.
pub(super) const DAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
pub(super) const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Tuesday 17 November 2026, 09:00 in Paris.
pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 17, 8, 0, 0).unwrap()
}

pub(super) fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub(super) fn parses_to(inputs: &[&str], expected: &str) {
    for input in inputs {
        match parse_moment(input, now(), Paris) {
            Ok(m) => {
                assert_eq!(m.local, local(expected), "{input:?}");
                assert_eq!(m.utc, resolve_local(m.local, Paris), "{input:?}");
                assert_eq!(m.tz, Paris);
            }
            Err(e) => panic!("{input:?} gave {e:?}, expected {expected}"),
        }
    }
}

pub(super) fn fails_with(inputs: &[&str], error: WhenError) {
    for input in inputs {
        assert_eq!(parse_moment(input, now(), Paris), Err(error), "{input:?}");
    }
}

pub(super) const ZONES: [Tz; 5] = [
    Paris,
    New_York,
    chrono_tz::Asia::Tokyo,
    chrono_tz::Australia::Sydney,
    chrono_tz::UTC,
];

pub(super) fn arb_now() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..86_400 * 365 * 3)
        .prop_map(|s| Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(s))
}
