//! Tests of [`super`] for weekdays of the month and ends: which day each month gives, months
//! with four or five such weekdays, what an end keeps, the stored JSON, and property tests of
//! ended series. Test-only.

use super::tests::{arb_schedule, local, months, utc, weeks};
use super::*;
use chrono::{Datelike, Duration, NaiveDate, Timelike, Weekday};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Paris;
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dates(s: &Schedule, n: u32) -> Vec<String> {
    (0..n)
        .map(|i| s.local_occurrence(i).format("%Y-%m-%d").to_string())
        .collect()
}

fn weekday_of_month(every: u32, nth: Nth, day: Weekday) -> Cadence {
    Cadence::monthly_weekday(every, nth, day).unwrap()
}

#[test]
fn second_tuesday_and_last_friday_in_months_of_four_and_five() {
    // March 2027 has five Tuesdays (2, 9, 16, 23, 30), February four; the first exchange is the
    // first 2nd Tuesday on or after the anchor's date.
    let s = Schedule::new(
        local("2027-03-02 10:00"),
        Paris,
        weekday_of_month(1, Nth::Second, Weekday::Tue),
    );
    assert_eq!(
        dates(&s, 5),
        [
            "2027-03-09",
            "2027-04-13",
            "2027-05-11",
            "2027-06-08",
            "2027-07-13"
        ]
    );
    // 10:00 Paris on both sides of the change of 28 March 2027.
    assert_eq!(s.occurrence(0), utc("2027-03-09 09:00"));
    assert_eq!(s.occurrence(1), utc("2027-04-13 08:00"));
    // Anchored after this month's 2nd Tuesday: next month's.
    let late = Schedule::new(
        local("2027-03-10 10:00"),
        Paris,
        weekday_of_month(1, Nth::Second, Weekday::Tue),
    );
    assert_eq!(late.local_occurrence(0), local("2027-04-13 10:00"));
    // Anchored on the day itself: that day.
    let on = Schedule::new(
        local("2027-03-09 10:00"),
        Paris,
        weekday_of_month(1, Nth::Second, Weekday::Tue),
    );
    assert_eq!(on.occurrence(0), utc("2027-03-09 09:00"));
    // Last Friday: 29 January 2027 (five Fridays), 26 February (four), 26 March…
    let last = Schedule::new(
        local("2027-01-01 18:30"),
        New_York,
        weekday_of_month(1, Nth::Last, Weekday::Fri),
    );
    assert_eq!(
        dates(&last, 4),
        ["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30"]
    );
    assert_eq!(last.occurrence(2), utc("2027-03-26 22:30")); // EDT since 14 March
                                                             // Fourth Tuesday of February in a leap year, and the last Tuesday of February 2028 (29th).
    let leap = Schedule::new(
        local("2028-02-01 09:00"),
        Paris,
        weekday_of_month(12, Nth::Last, Weekday::Tue),
    );
    assert_eq!(dates(&leap, 2), ["2028-02-29", "2029-02-27"]);
    let fourth = Schedule::new(
        local("2028-02-01 09:00"),
        Paris,
        weekday_of_month(2, Nth::Fourth, Weekday::Tue),
    );
    assert_eq!(
        dates(&fourth, 3),
        ["2028-02-22", "2028-04-25", "2028-06-27"]
    );
}

#[test]
fn an_end_date_is_included_and_a_span_is_not() {
    let until = weeks(1).with_end(End::Until(date("2026-04-07"))).unwrap();
    let s = Schedule::new(local("2026-03-17 10:00"), Paris, until);
    assert_eq!(s.exchange_count(), Some(4)); // 17, 24, 31 March, 7 April
    assert_eq!(s.exchange(3), Some(utc("2026-04-07 08:00")));
    assert_eq!(s.exchange(4), None);
    assert_eq!(s.last_exchange(), Some(utc("2026-04-07 08:00")));
    // The rule goes on; the exchanges do not.
    assert_eq!(s.occurrence(4), utc("2026-04-14 08:00"));
    assert_eq!(
        s.upcoming(utc("2026-03-30 00:00"), 10),
        vec![utc("2026-03-31 08:00"), utc("2026-04-07 08:00")]
    );
    assert!(s.upcoming(utc("2026-04-07 08:00"), 10).is_empty());
    assert_eq!(
        s.next_exchange_after(utc("2026-04-07 07:00")),
        s.exchange(3)
    );
    assert_eq!(s.next_exchange_after(utc("2026-04-07 08:00")), None);
    assert_eq!(
        s.next_after(utc("2026-04-07 08:00")),
        utc("2026-04-14 08:00")
    );
    // Check-ins: between exchanges only.
    assert_eq!(
        s.midpoint_after(utc("2026-04-01 00:00")),
        Some(utc("2026-04-03 08:00"))
    );
    assert_eq!(s.midpoint_after(utc("2026-04-08 00:00")), None);
    assert_eq!(
        s.next_check_in_after(utc("2026-04-01 00:00")),
        Some(utc("2026-04-03 08:00"))
    );
    assert_eq!(s.next_check_in_after(utc("2026-04-04 00:00")), None);

    // "for 3 months" from 17 March: up to 17 June excluded.
    let span = weeks(2).with_end(End::For(Unit::Months, 3)).unwrap();
    let s = Schedule::new(local("2026-03-17 10:00"), Paris, span);
    assert_eq!(s.exchange_count(), Some(7)); // 17/3 … 9/6; 23/6 is out
    assert_eq!(s.last_exchange(), Some(utc("2026-06-09 08:00")));
    // "every month for 3 months" is three exchanges, "for 6 weeks" weekly is six.
    let m = Schedule::new(
        local("2026-01-31 18:00"),
        Paris,
        months(1).with_end(End::For(Unit::Months, 3)).unwrap(),
    );
    assert_eq!(m.exchange_count(), Some(3));
    let w = Schedule::new(
        local("2026-01-31 18:00"),
        Paris,
        weeks(1).with_end(End::For(Unit::Weeks, 6)).unwrap(),
    );
    assert_eq!(w.exchange_count(), Some(6));
    let c = Schedule::new(
        local("2026-01-31 18:00"),
        Paris,
        months(1).with_end(End::Count(6)).unwrap(),
    );
    assert_eq!(c.upcoming(utc("2020-01-01 00:00"), 100).len(), 6);
    assert_eq!(c.last_exchange(), Some(c.occurrence(5)));
    assert_eq!(
        Schedule::new(local("2026-01-31 18:00"), Paris, Cadence::WEEKLY).exchange_count(),
        None
    );
}

#[test]
fn a_weekday_of_the_month_with_an_end_counts_from_its_first_exchange() {
    let c = weekday_of_month(1, Nth::Last, Weekday::Fri)
        .with_end(End::For(Unit::Months, 3))
        .unwrap();
    // First exchange: Friday 29 January 2027; three months later is 29 April, so 26 March is
    // the last.
    let s = Schedule::new(local("2027-01-05 09:00"), Paris, c);
    assert_eq!(s.exchange_count(), Some(3));
    assert_eq!(s.local_exchange(2), Some(local("2027-03-26 09:00")));
    assert_eq!(s.local_exchange(3), None);
}

#[test]
fn try_new_refuses_an_end_before_the_first_exchange() {
    let c = weeks(2).with_end(End::Until(date("2027-06-30"))).unwrap();
    assert_eq!(
        Schedule::try_new(local("2027-07-01 10:00"), Paris, c),
        Err(CadenceError::EndBeforeFirst {
            end: date("2027-06-30"),
            first: date("2027-07-01")
        })
    );
    assert!(Schedule::try_new(local("2027-06-30 10:00"), Paris, c).is_ok());
    // The first 2nd Tuesday on or after 20 June 2027 is 13 July: after the end.
    let w = weekday_of_month(1, Nth::Second, Weekday::Tue)
        .with_end(End::Until(date("2027-06-30")))
        .unwrap();
    assert_eq!(
        Schedule::try_new(local("2027-06-20 10:00"), Paris, w),
        Err(CadenceError::EndBeforeFirst {
            end: date("2027-06-30"),
            first: date("2027-07-13")
        })
    );
    let empty = Schedule::new(local("2027-07-01 10:00"), Paris, c);
    assert_eq!(empty.exchange(0), None);
    assert!(empty.upcoming(utc("2020-01-01 00:00"), 5).is_empty());
    assert_eq!(empty.next_exchange_after(utc("2020-01-01 00:00")), None);
}

#[test]
fn ends_are_checked_by_the_constructor() {
    assert_eq!(
        weeks(1).with_end(End::Count(0)),
        Err(CadenceError::NoExchange)
    );
    assert_eq!(
        weeks(1).with_end(End::Count(101)),
        Err(CadenceError::TooManyExchanges {
            count: 101,
            max: 100
        })
    );
    assert_eq!(
        weeks(1).with_end(End::For(Unit::Months, 0)),
        Err(CadenceError::EmptySpan)
    );
    assert_eq!(
        weeks(1).with_end(End::For(Unit::Months, 37)),
        Err(CadenceError::SpanTooLong {
            unit: Unit::Months,
            n: 37,
            max_months: 36
        })
    );
    assert!(weeks(1).with_end(End::For(Unit::Weeks, 156)).is_ok());
    assert!(weeks(1).with_end(End::For(Unit::Weeks, 157)).is_err());
    let ended = weeks(1).with_end(End::Count(3)).unwrap();
    assert_eq!(ended.without_end(), Cadence::WEEKLY);
}

#[test]
fn ends_and_weekdays_of_the_month_are_stored_flat() {
    let cases = [
        (
            weeks(2).with_end(End::Until(date("2027-06-30"))).unwrap(),
            r#"{"unit":"weeks","every":2,"until":"2027-06-30"}"#,
        ),
        (
            months(1).with_end(End::Count(6)).unwrap(),
            r#"{"unit":"months","every":1,"count":6}"#,
        ),
        (
            weeks(1).with_end(End::For(Unit::Months, 3)).unwrap(),
            r#"{"unit":"weeks","every":1,"for":{"months":3}}"#,
        ),
        (
            weekday_of_month(1, Nth::Second, Weekday::Tue),
            r#"{"unit":"month_weekday","every":1,"nth":2,"weekday":"tue"}"#,
        ),
        (
            weekday_of_month(2, Nth::Last, Weekday::Fri)
                .with_end(End::For(Unit::Weeks, 10))
                .unwrap(),
            r#"{"unit":"month_weekday","every":2,"nth":-1,"weekday":"fri","for":{"weeks":10}}"#,
        ),
    ];
    for (cadence, json) in cases {
        assert_eq!(serde_json::to_string(&cadence).unwrap(), json);
        assert_eq!(serde_json::from_str::<Cadence>(json).unwrap(), cadence);
    }
    for bad in [
        r#"{"unit":"weeks","every":2,"until":"2027-06-30","count":3}"#,
        r#"{"unit":"weeks","every":2,"count":0}"#,
        r#"{"unit":"month_weekday","every":1,"nth":5,"weekday":"tue"}"#,
        r#"{"unit":"month_weekday","every":1,"weekday":"tue"}"#,
        r#"{"unit":"weeks","every":1,"nth":2,"weekday":"tue"}"#,
        r#"{"unit":"month_weekday","every":13,"nth":1,"weekday":"mon"}"#,
        r#"{"unit":"weeks","every":1,"for":{"months":40}}"#,
    ] {
        assert!(serde_json::from_str::<Cadence>(bad).is_err(), "{bad}");
    }
}

fn arb_end() -> impl Strategy<Value = Option<End>> {
    prop_oneof![
        Just(None),
        (1u32..=100).prop_map(|n| Some(End::Count(n))),
        (1u32..=36).prop_map(|n| Some(End::For(Unit::Months, n))),
        (1u32..=156).prop_map(|n| Some(End::For(Unit::Weeks, n))),
        (0i64..365 * 17).prop_map(|d| Some(End::Until(date("2020-01-01") + Duration::days(d)))),
    ]
}

fn arb_ended() -> impl Strategy<Value = Schedule> {
    (arb_schedule(), arb_end()).prop_map(|(s, end)| {
        let cadence = match end {
            Some(end) => s.cadence().with_end(end).unwrap(),
            None => s.cadence(),
        };
        Schedule::new(s.anchor(), s.tz(), cadence)
    })
}

proptest! {
    #[test]
    fn a_weekday_of_the_month_is_that_weekday_at_that_rank(s in arb_schedule(), n in 0u32..150) {
        if let Rule::MonthlyWeekday { nth, weekday, .. } = s.cadence().rule() {
            let at = s.local_occurrence(n);
            let d = at.date();
            prop_assert_eq!(d.weekday(), weekday);
            prop_assert_eq!(at.time(), s.anchor().time());
            let last_day = months::days_in_month(d.year(), d.month()).unwrap();
            match nth.number() {
                Some(k) => prop_assert_eq!((d.day() - 1) / 7 + 1, k),
                None => prop_assert!(d.day() + 7 > last_day),
            }
            prop_assert!(s.local_occurrence(0).date() >= s.anchor().date());
            prop_assert!(s.local_occurrence(0).date() - s.anchor().date() < Duration::days(63));
        }
    }

    #[test]
    fn the_exchanges_are_the_rule_cut_by_the_end(
        s in arb_ended(),
        secs in -86_400i64 * 400..86_400 * 365 * 20,
    ) {
        let count = s.exchange_count();
        let seen = count.unwrap_or(40).min(120);
        for n in 0..seen {
            prop_assert_eq!(s.exchange(n), Some(s.occurrence(n)));
        }
        if let Some(count) = count {
            prop_assert_eq!(s.exchange(count), None);
            match s.cadence().end() {
                Some(End::Until(last)) => {
                    if count > 0 {
                        prop_assert!(s.local_occurrence(count - 1).date() <= last);
                    }
                    prop_assert!(s.local_occurrence(count).date() > last);
                }
                Some(End::For(unit, k)) => {
                    let first = s.local_occurrence(0);
                    let limit = match unit {
                        Unit::Months => first.checked_add_months(chrono::Months::new(k)).unwrap(),
                        Unit::Weeks => first + Duration::weeks(k.into()),
                        Unit::Days => first + Duration::days(k.into()),
                    };
                    prop_assert!(count >= 1);
                    prop_assert!(s.local_occurrence(count - 1) < limit);
                    prop_assert!(s.local_occurrence(count) >= limit);
                }
                Some(End::Count(k)) => prop_assert_eq!(count, k),
                None => prop_assert!(false),
            }
        }
        let t = s.occurrence(0) + Duration::seconds(secs);
        let up = s.upcoming(t, 5);
        let n = s.next_index_after(t);
        let wanted: Vec<_> = (n..n + 5).map_while(|i| s.exchange(i)).collect();
        prop_assert_eq!(&up, &wanted);
        prop_assert_eq!(s.next_exchange_after(t), wanted.first().copied());
        if let Some(mid) = s.next_check_in_after(t) {
            prop_assert!(mid > t);
            prop_assert!(s.next_exchange_after(mid).is_some());
        }
        let (h, m) = (s.anchor().hour(), s.anchor().minute());
        prop_assert_eq!((s.local_occurrence(1).hour(), s.local_occurrence(1).minute()), (h, m));
    }

    #[test]
    fn a_cadence_survives_its_json(s in arb_ended()) {
        let json = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), s);
    }
}
