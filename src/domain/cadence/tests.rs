//! Tests of [`super`]: interval checks and the serialised form of a cadence, the DST policy of
//! [`resolve_local`], series across DST changes and month ends, and property tests of the
//! schedule (ends and weekdays of the month are in `tests_end`). Test-only; kept apart so the module itself stays short.

use super::months::days_in_month;
use super::*;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Offset, Timelike};
use chrono_tz::America::New_York;
use chrono_tz::Europe::Paris;
use proptest::prelude::*;

pub(super) fn local(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub(super) fn utc(s: &str) -> DateTime<Utc> {
    local(s).and_utc()
}

pub(super) fn days(n: u32) -> Cadence {
    Cadence::days(n).unwrap()
}

pub(super) fn weeks(n: u32) -> Cadence {
    Cadence::weeks(n).unwrap()
}

pub(super) fn months(n: u32) -> Cadence {
    Cadence::months(n).unwrap()
}

#[test]
fn constructors_validate_the_interval() {
    assert_eq!(Cadence::days(15).unwrap().rule(), Rule::Days(15));
    assert_eq!(Cadence::weeks(2), Ok(Cadence::BIWEEKLY));
    assert_eq!(Cadence::months(1), Ok(Cadence::MONTHLY));
    assert_eq!(Cadence::days(0), Err(CadenceError::Zero));
    assert_eq!(
        Cadence::days(366),
        Err(CadenceError::OutOfRange {
            unit: Unit::Days,
            every: 366,
            max: 365
        })
    );
    assert!(Cadence::weeks(53).is_err());
    assert!(Cadence::months(13).is_err());
    assert!(Cadence::monthly_weekday(13, Nth::Last, chrono::Weekday::Fri).is_err());
    assert_eq!(
        Nth::from_number(5),
        Err(CadenceError::NoSuchWeekday { nth: 5 })
    );
    assert_eq!(Cadence::weeks(3).unwrap().every(), 3);
    assert_eq!(Cadence::WEEKLY.end(), None);
}

#[test]
fn cadence_serde_shape_and_validation() {
    let json = serde_json::to_string(&Cadence::BIWEEKLY).unwrap();
    assert_eq!(json, r#"{"unit":"weeks","every":2}"#);
    // What agreements saved before ends existed hold.
    let stored: Cadence = serde_json::from_str(r#"{"unit":"weeks","every":2}"#).unwrap();
    assert_eq!(stored, Cadence::BIWEEKLY);
    assert_eq!(stored.end(), None);
    let back: Cadence = serde_json::from_str(r#"{"unit":"months","every":3}"#).unwrap();
    assert_eq!(back, Cadence::months(3).unwrap());
    let back: Cadence = serde_json::from_str(r#"{"unit":"days","every":15}"#).unwrap();
    assert_eq!(back, Cadence::days(15).unwrap());
    assert!(serde_json::from_str::<Cadence>(r#"{"unit":"days","every":0}"#).is_err());
    let s = Schedule::new(local("2026-03-17 10:00"), Paris, Cadence::WEEKLY);
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), s);
}

/// Each wall time of `cases` resolves in `tz` to the UTC instant beside it.
fn resolves(tz: Tz, cases: &[(&str, &str)]) {
    for (wall, instant) in cases {
        assert_eq!(
            resolve_local(local(wall), tz),
            utc(instant),
            "{wall} in {tz}"
        );
    }
}

#[test]
fn resolve_local_dst_policy_paris() {
    resolves(
        Paris,
        &[
            // 2026-03-29: 02:00 -> 03:00. 02:30 does not exist: becomes 03:30 CEST.
            ("2026-03-29 02:30", "2026-03-29 01:30"),
            ("2026-03-29 02:00", "2026-03-29 01:00"),
            ("2026-03-29 03:00", "2026-03-29 01:00"),
            // 2026-10-25: 03:00 -> 02:00. 02:30 happens twice: the first is CEST.
            ("2026-10-25 02:30", "2026-10-25 00:30"),
            ("2026-10-25 10:00", "2026-10-25 09:00"),
            // 2027: 28 March and 31 October.
            ("2027-03-28 02:15", "2027-03-28 01:15"),
            ("2027-10-31 02:15", "2027-10-31 00:15"),
        ],
    );
}

#[test]
fn resolve_local_dst_policy_new_york() {
    // 2026-03-08: 02:00 EST -> 03:00 EDT; 2026-11-01: 02:00 EDT -> 01:00 EST.
    resolves(
        New_York,
        &[
            ("2026-03-08 02:30", "2026-03-08 07:30"),
            ("2026-11-01 01:30", "2026-11-01 05:30"),
            ("2026-11-01 02:30", "2026-11-01 07:30"),
        ],
    );
}

#[test]
fn weekly_paris_keeps_ten_oclock_across_both_changes() {
    // Tuesday 17 March 2026, 10:00 Paris.
    let s = Schedule::new(local("2026-03-17 10:00"), Paris, Cadence::WEEKLY);
    assert_eq!(s.occurrence(0), utc("2026-03-17 09:00"));
    assert_eq!(s.occurrence(1), utc("2026-03-24 09:00"));
    assert_eq!(s.occurrence(2), utc("2026-03-31 08:00"));
    assert_eq!(s.occurrence(31), utc("2026-10-20 08:00"));
    assert_eq!(s.occurrence(32), utc("2026-10-27 09:00"));
    // 2027: 23 March is CET, 30 March CEST; 26 October CEST, 2 November CET.
    for (after, next) in [
        ("2027-03-20 00:00", "2027-03-23 09:00"),
        ("2027-03-24 00:00", "2027-03-30 08:00"),
        ("2027-10-20 00:00", "2027-10-26 08:00"),
        ("2027-10-27 00:00", "2027-11-02 09:00"),
    ] {
        assert_eq!(s.next_after(utc(after)), utc(next), "after {after}");
    }
    for n in 0..120 {
        let at = s.occurrence(n).with_timezone(&Paris);
        assert_eq!((at.hour(), at.minute()), (10, 0));
        assert_eq!(at.weekday(), chrono::Weekday::Tue);
    }
}

#[test]
fn a_series_through_the_gap_and_the_overlap() {
    // Every week on Sunday 02:30 Paris: 29 March 2026 falls in the gap, 25 October in the
    // overlap.
    let s = Schedule::new(local("2026-03-22 02:30"), Paris, Cadence::WEEKLY);
    assert_eq!(s.occurrence(1), utc("2026-03-29 01:30")); // 03:30 CEST
    assert_eq!(s.local_occurrence(1), local("2026-03-29 02:30"));
    assert_eq!(s.occurrence(2), utc("2026-04-05 00:30")); // back to 02:30 CEST
    assert_eq!(s.occurrence(31), utc("2026-10-25 00:30")); // first 02:30
    assert_eq!(s.occurrence(32), utc("2026-11-01 01:30")); // 02:30 CET
}

#[test]
fn biweekly_new_york() {
    let s = Schedule::new(local("2026-02-24 09:00"), New_York, Cadence::BIWEEKLY);
    assert_eq!(s.occurrence(0), utc("2026-02-24 14:00"));
    assert_eq!(s.occurrence(1), utc("2026-03-10 13:00"));
    assert_eq!(
        s.upcoming(utc("2026-10-20 00:00"), 3),
        vec![
            utc("2026-10-20 13:00"),
            utc("2026-11-03 14:00"),
            utc("2026-11-17 14:00")
        ]
    );
}

#[test]
fn monthly_on_the_31st_clamps_and_comes_back() {
    let s = Schedule::new(local("2026-01-31 18:00"), Paris, Cadence::MONTHLY);
    let dates: Vec<String> = (0..14)
        .map(|n| s.local_occurrence(n).format("%Y-%m-%d").to_string())
        .collect();
    assert_eq!(
        dates,
        [
            "2026-01-31",
            "2026-02-28",
            "2026-03-31",
            "2026-04-30",
            "2026-05-31",
            "2026-06-30",
            "2026-07-31",
            "2026-08-31",
            "2026-09-30",
            "2026-10-31",
            "2026-11-30",
            "2026-12-31",
            "2027-01-31",
            "2027-02-28"
        ]
    );
    assert_eq!(
        s.local_occurrence(25).date(),
        NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
    );
    assert_eq!(s.occurrence(2), utc("2026-03-31 16:00"));
    let q = Schedule::new(local("2026-01-31 18:00"), Paris, months(3));
    assert_eq!(q.local_occurrence(1), local("2026-04-30 18:00"));
    assert_eq!(q.local_occurrence(2), local("2026-07-31 18:00"));
}

#[test]
fn next_after_before_the_first_and_on_an_occurrence() {
    let s = Schedule::new(local("2026-03-17 10:00"), Paris, Cadence::WEEKLY);
    assert_eq!(s.next_after(utc("2020-01-01 00:00")), s.occurrence(0));
    assert_eq!(s.next_after(s.occurrence(5)), s.occurrence(6));
    assert_eq!(
        s.next_index_after(s.occurrence(5) - Duration::seconds(1)),
        5
    );
    // Far ahead, without a scan from the start.
    // 200 years = 73 048 days = 10 435 weeks + 3 days.
    assert_eq!(s.next_index_after(utc("2226-03-17 12:00")), 10436);
}

#[test]
fn midpoints_land_at_the_agreed_hour() {
    let s = Schedule::new(local("2026-03-17 10:00"), Paris, Cadence::WEEKLY);
    assert_eq!(s.midpoint_after(utc("2026-03-16 00:00")), None);
    // Tuesday 10:00 + 3 days = Friday 10:00 Paris.
    for (after, mid) in [
        ("2026-03-18 00:00", "2026-03-20 09:00"),
        ("2026-03-21 00:00", "2026-03-20 09:00"),
    ] {
        assert_eq!(
            s.midpoint_after(utc(after)),
            Some(utc(mid)),
            "after {after}"
        );
    }
    for (after, next) in [
        ("2026-03-21 00:00", "2026-03-27 09:00"),
        ("2026-03-01 00:00", "2026-03-20 09:00"),
    ] {
        assert_eq!(
            s.next_midpoint_after(utc(after)),
            utc(next),
            "after {after}"
        );
    }
    let d = Schedule::new(local("2026-03-17 10:00"), Paris, days(1));
    assert_eq!(
        d.next_midpoint_after(utc("2026-03-17 12:00")),
        utc("2026-03-17 21:00")
    );
}

pub(super) const ZONES: [Tz; 8] = [
    Paris,
    New_York,
    chrono_tz::Europe::London,
    chrono_tz::Australia::Sydney,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::Santiago,
    chrono_tz::Asia::Tokyo,
    chrono_tz::UTC,
];

pub(super) fn arb_schedule() -> impl Strategy<Value = Schedule> {
    let cadence = prop_oneof![
        (1u32..=365).prop_map(days),
        (1u32..=52).prop_map(weeks),
        (1u32..=12).prop_map(months),
        (1u32..=12, 0usize..5, 0u8..7).prop_map(|(every, nth, day)| {
            let nth = [Nth::First, Nth::Second, Nth::Third, Nth::Fourth, Nth::Last][nth];
            let day = chrono::Weekday::try_from(day).unwrap();
            Cadence::monthly_weekday(every, nth, day).unwrap()
        }),
    ];
    (
        0i64..365 * 15,
        0u32..24,
        0u32..60,
        0usize..ZONES.len(),
        cadence,
    )
        .prop_map(|(day, h, m, z, c)| {
            let date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + Duration::days(day);
            let time = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            Schedule::new(date.and_time(time), ZONES[z], c)
        })
}

fn offset_secs(tz: Tz, t: DateTime<Utc>) -> i64 {
    i64::from(
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc(),
    )
}

proptest! {
    #[test]
    fn occurrences_strictly_increase(s in arb_schedule(), n in 0u32..200) {
        prop_assert!(s.occurrence(n) < s.occurrence(n + 1));
    }

    #[test]
    fn wall_time_is_kept_or_shifted_by_exactly_the_gap(s in arb_schedule(), n in 0u32..200) {
        let wanted = s.local_occurrence(n);
        let got_utc = s.occurrence(n);
        let got = got_utc.with_timezone(&s.tz()).naive_local();
        if s.tz().from_local_datetime(&wanted).earliest().is_some() {
            prop_assert_eq!(got, wanted);
        } else {
            let gap = offset_secs(s.tz(), got_utc)
                - offset_secs(s.tz(), got_utc - Duration::days(1));
            prop_assert!(gap > 0);
            prop_assert_eq!((got - wanted).num_seconds(), gap);
        }
    }

    #[test]
    fn monthly_day_is_the_anchor_day_clamped(s in arb_schedule(), n in 0u32..200) {
        if let Rule::Months(_) = s.cadence().rule() {
            let d = s.local_occurrence(n).date();
            let last = days_in_month(d.year(), d.month()).unwrap();
            prop_assert_eq!(d.day(), s.anchor().day().min(last));
        }
    }

    #[test]
    fn next_after_is_the_first_occurrence_strictly_after(
        s in arb_schedule(),
        secs in -86_400i64 * 400..86_400 * 365 * 20,
    ) {
        let t = s.occurrence(0) + Duration::seconds(secs);
        let n = s.next_index_after(t);
        prop_assert!(s.occurrence(n) > t);
        prop_assert_eq!(s.next_after(t), s.occurrence(n));
        if n > 0 {
            prop_assert!(s.occurrence(n - 1) <= t);
        }
        let up = s.upcoming(t, 3);
        prop_assert_eq!(up, vec![s.occurrence(n), s.occurrence(n + 1), s.occurrence(n + 2)]);
    }

    #[test]
    fn midpoints_lie_between_their_occurrences(
        s in arb_schedule(),
        secs in 0i64..86_400 * 365 * 5,
    ) {
        let t = s.occurrence(0) + Duration::seconds(secs);
        let n = s.next_index_after(t);
        let mid = s.midpoint_after(t).unwrap();
        prop_assert!(s.occurrence(n - 1) < mid && mid < s.occurrence(n));
        let next = s.next_midpoint_after(t);
        prop_assert!(next > t);
        prop_assert!(next == mid || mid <= t);
    }
}
