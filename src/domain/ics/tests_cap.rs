//! Tests of [`super::cap`]: a series without end is listed up to `count` and says so; an
//! ended one is listed whole and has nothing to say. Test-only.

use super::tests::local;
use super::*;
use crate::domain::cadence::{Cadence, End};
use chrono::NaiveDate;
use chrono_tz::Europe::Paris;

#[test]
fn an_open_series_is_capped_at_count_and_names_its_last_listed_exchange() {
    let s = Schedule::new(local("2027-03-02 10:00"), Paris, Cadence::BIWEEKLY);
    let (listed, last) = cap(&s, 26).expect("an open series is capped");
    assert_eq!(listed, 26);
    assert_eq!(Some(last), s.exchange(25));
    // The file's own COUNT says the same number.
    let text = calendar(&s, 26, "uid@suivi", "Échange", "", s.exchange(0).unwrap());
    assert!(text.contains(";COUNT=26"), "{text}");
}

#[test]
fn an_ended_series_is_listed_whole_and_not_capped() {
    let until = Cadence::WEEKLY
        .with_end(End::Until(
            NaiveDate::from_ymd_opt(2027, 6, 30).expect("a date"),
        ))
        .expect("an end");
    let s = Schedule::new(local("2027-03-02 10:00"), Paris, until);
    assert_eq!(cap(&s, 5), None);
    let six = Cadence::MONTHLY.with_end(End::Count(6)).expect("an end");
    let s = Schedule::new(local("2027-01-31 18:00"), Paris, six);
    assert_eq!(cap(&s, 2), None);
}
