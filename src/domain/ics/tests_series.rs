//! Tests of [`super`] for weekdays of the month and ended series: the file, expanded by an
//! independent RFC 5545 implementation (the `rrule` crate), gives exactly the exchanges of the
//! schedule, no more, across DST changes, leap years, month ends and months with four or five
//! such weekdays. Test-only.

use super::tests::{expand, local, onsets, resolve_with, stamp, unfold, value};
use super::*;
use crate::domain::cadence::{Cadence, End, Nth, Unit};
use chrono::NaiveDate;
use chrono_tz::America::New_York;
use chrono_tz::Europe::Paris;
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The exchanges the calendar must hold: all of an ended series, `count` of an open one.
fn exchanges(s: &Schedule, count: u32) -> Vec<DateTime<Utc>> {
    let n = s.exchange_count().unwrap_or(count.max(1));
    (0..n).map_while(|i| s.exchange(i)).collect()
}

fn check(s: &Schedule, count: u32) -> String {
    let text = calendar(s, count, "uid-2@suivi", "Échange", "", stamp());
    let wanted = exchanges(s, count);
    assert!(!wanted.is_empty());
    assert_eq!(expand(&text), wanted, "RRULE expansion\n{text}");
    let onsets = onsets(&text);
    for (n, at) in wanted.iter().enumerate() {
        let wall = s.local_exchange(u32::try_from(n).unwrap()).unwrap();
        assert_eq!(
            resolve_with(&onsets, wall),
            *at,
            "VTIMEZONE, n = {n}\n{text}"
        );
    }
    text
}

fn weekday_of_month(every: u32, nth: Nth, day: Weekday) -> Cadence {
    Cadence::monthly_weekday(every, nth, day).unwrap()
}

#[test]
fn weekdays_of_the_month_expand_to_the_schedule() {
    // Second Tuesday, Paris, from March 2027 (five Tuesdays) across both DST changes.
    let s = Schedule::new(
        local("2027-03-02 10:00"),
        Paris,
        weekday_of_month(1, Nth::Second, Weekday::Tue),
    );
    let text = check(&s, 24);
    let lines = unfold(&text);
    assert_eq!(
        value(&lines, "DTSTART;TZID="),
        "Europe/Paris:20270309T100000"
    );
    assert_eq!(
        value(&lines, "RRULE:"),
        "FREQ=MONTHLY;INTERVAL=1;COUNT=24;BYDAY=2TU"
    );
    // Last Friday in New York, every other month; the fourth Thursday; the last Monday of
    // February in leap and common years.
    let last = Schedule::new(
        local("2026-10-01 18:30"),
        New_York,
        weekday_of_month(2, Nth::Last, Weekday::Fri),
    );
    let text = check(&last, 30);
    assert!(text.contains(";BYDAY=-1FR\r\n"), "{text}");
    assert!(text.contains("INTERVAL=2;"), "{text}");
    check(
        &Schedule::new(
            local("2026-11-01 08:00"),
            New_York,
            weekday_of_month(1, Nth::Fourth, Weekday::Thu),
        ),
        40,
    );
    check(
        &Schedule::new(
            local("2027-02-01 09:00"),
            Paris,
            weekday_of_month(12, Nth::Last, Weekday::Mon),
        ),
        6,
    );
    // Sunday 02:30 Paris: the last Sunday of March is the night of the change, in the gap,
    // and the last Sunday of October in the overlap.
    check(
        &Schedule::new(
            local("2026-01-01 02:30"),
            Paris,
            weekday_of_month(1, Nth::Last, Weekday::Sun),
        ),
        36,
    );
}

#[test]
fn ended_series_list_their_own_exchanges() {
    // Weekly Paris until 30 June 2027, through the March change: UNTIL is the last exchange, in
    // UTC, whatever `count` says.
    let until = Cadence::WEEKLY
        .with_end(End::Until(date("2027-06-30")))
        .unwrap();
    let s = Schedule::new(local("2027-03-02 10:00"), Paris, until);
    for count in [1, 10, 200] {
        let text = check(&s, count);
        let lines = unfold(&text);
        assert_eq!(
            value(&lines, "RRULE:"),
            "FREQ=WEEKLY;INTERVAL=1;UNTIL=20270629T080000Z"
        );
    }
    assert_eq!(exchanges(&s, 1).len(), 18);
    // A number of sessions is a COUNT.
    let six = Cadence::MONTHLY.with_end(End::Count(6)).unwrap();
    let s = Schedule::new(local("2026-01-31 18:00"), Paris, six);
    let text = check(&s, 26);
    assert!(text
        .contains("RRULE:FREQ=MONTHLY;INTERVAL=1;COUNT=6;BYMONTHDAY=28,29,30,31;BYSETPOS=-1\r\n"));
    // A span, New York, across the November change.
    let span = Cadence::weeks(2)
        .unwrap()
        .with_end(End::For(Unit::Months, 4))
        .unwrap();
    check(
        &Schedule::new(local("2026-09-15 09:00"), New_York, span),
        26,
    );
    // Leap years: monthly on 29 February until 1 March 2030; the last Friday with an end date.
    let leap = Cadence::months(1)
        .unwrap()
        .with_end(End::Until(date("2030-03-01")))
        .unwrap();
    check(
        &Schedule::new(local("2028-02-29 09:15"), New_York, leap),
        26,
    );
    let fridays = weekday_of_month(1, Nth::Last, Weekday::Fri)
        .with_end(End::Until(date("2027-12-31")))
        .unwrap();
    let text = check(
        &Schedule::new(local("2027-01-01 10:00"), Paris, fridays),
        26,
    );
    assert!(text.contains("UNTIL=20271231T090000Z;BYDAY=-1FR"), "{text}");
    // Daily for ten days, across the October change in Paris.
    let daily = Cadence::days(1)
        .unwrap()
        .with_end(End::For(Unit::Days, 10))
        .unwrap();
    check(&Schedule::new(local("2027-10-27 02:30"), Paris, daily), 26);
}

#[test]
fn a_series_without_exchange_has_no_event() {
    let c = Cadence::WEEKLY
        .with_end(End::Until(date("2027-06-30")))
        .unwrap();
    let text = calendar(
        &Schedule::new(local("2027-07-01 10:00"), Paris, c),
        10,
        "u",
        "s",
        "",
        stamp(),
    );
    assert!(!text.contains("VEVENT"));
    assert!(text.contains("BEGIN:VTIMEZONE"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
}

const ZONES: [Tz; 4] = [
    Paris,
    New_York,
    chrono_tz::Australia::Sydney,
    chrono_tz::UTC,
];

fn arb_cadence() -> impl Strategy<Value = Cadence> {
    let rule = prop_oneof![
        (1u32..=30).prop_map(|n| Cadence::days(n).unwrap()),
        (1u32..=8).prop_map(|n| Cadence::weeks(n).unwrap()),
        (1u32..=12).prop_map(|n| Cadence::months(n).unwrap()),
        (1u32..=6, 0usize..5, 0u8..7).prop_map(|(every, nth, day)| {
            let nth = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last][nth];
            weekday_of_month(every, nth, Weekday::try_from(day).unwrap())
        }),
    ];
    let end = prop_oneof![
        Just(None),
        (1u32..=40).prop_map(|n| Some(End::Count(n))),
        (1u32..=24).prop_map(|n| Some(End::For(Unit::Months, n))),
        (0i64..900).prop_map(|d| Some(End::Until(date("2027-01-01") + Duration::days(d)))),
    ];
    (rule, end).prop_map(|(c, end)| match end {
        Some(end) => c.with_end(end).unwrap(),
        None => c,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_series_expands_to_its_exchanges(
        c in arb_cadence(),
        day in 0i64..400,
        minutes in 0i64..24 * 60,
        z in 0usize..ZONES.len(),
        count in 1u32..40,
    ) {
        let anchor = local("2026-12-01 00:00") + Duration::days(day) + Duration::minutes(minutes);
        let s = Schedule::new(anchor, ZONES[z], c);
        if s.exchange(0).is_some() {
            let text = calendar(&s, count, "u", "s", "", stamp());
            prop_assert_eq!(expand(&text), exchanges(&s, count));
        }
    }
}
