//! One exchange off the rhythm, accepted as such: "this date once, then the rhythm" (a
//! `/reschedule` to a Tuesday when the agreed rhythm is the first Monday of the month). The
//! exception is the series' first exchange, exactly at the wall time accepted; the rhythm then
//! resumes with its first occurrence after it, at the rhythm's own time of day. An end counts
//! the exception as one of the exchanges.
//!
//! Stored beside the cadence in the agreement's JSON (`"once": "2027-02-02T14:00:00"`, see
//! [`once_of`]); a cadence read without it has no exception. Pure, as the rest of `cadence`.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;

use super::{resolve_local, Schedule};

impl Schedule {
    /// This schedule with one exchange at `once` (a local wall time in the schedule's zone)
    /// before its rhythm resumes: the rhythm's occurrences at or before `once` are dropped.
    pub fn with_once(mut self, once: Option<NaiveDateTime>) -> Schedule {
        self.once = once;
        self
    }

    /// The exchange off the rhythm, if any.
    pub fn once(&self) -> Option<NaiveDateTime> {
        self.once
    }

    /// The same rhythm without its exception.
    pub fn rhythm(&self) -> Schedule {
        self.clone().with_once(None)
    }

    /// Whether `date` is a day the rhythm (without its exception) falls on.
    pub fn falls_on(&self, date: NaiveDate) -> bool {
        self.rhythm_day_on_or_after(date) == Some(date)
    }

    /// The first day on or after `date` the rhythm (without its exception) falls on.
    pub fn rhythm_day_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let rhythm = self.rhythm();
        let start = resolve_local(date.and_hms_opt(0, 0, 0)?, self.tz());
        let n = rhythm.next_index_after(start - chrono::Duration::seconds(1));
        let mut day = rhythm.rule_local_occurrence(n)?.date();
        // A wall time resolved across a DST change may land a step early: move on.
        let mut k = n;
        while day < date {
            k = k.checked_add(1)?;
            day = rhythm.rule_local_occurrence(k)?.date();
        }
        Some(day)
    }

    /// The index of the rhythm's first occurrence strictly after the exception.
    fn resume_index(&self, once: NaiveDateTime) -> Option<u32> {
        let rhythm = self.rhythm();
        let mut k = rhythm.next_index_after(resolve_local(once, self.tz()));
        while rhythm.rule_local_occurrence(k)? <= once {
            k = k.checked_add(1)?;
        }
        while k > 0 && rhythm.rule_local_occurrence(k - 1)? > once {
            k -= 1;
        }
        Some(k)
    }

    /// Occurrence `n` of a series with an exception: the exception first, then the rhythm.
    pub(super) fn with_once_occurrence(
        &self,
        once: NaiveDateTime,
        n: u32,
    ) -> Option<NaiveDateTime> {
        match n.checked_sub(1) {
            None => Some(once),
            Some(m) => self.rule_local_occurrence(self.resume_index(once)?.checked_add(m)?),
        }
    }

    /// [`Schedule::next_index_after`] for a series with an exception, from the rhythm's own.
    pub(super) fn once_index_after(&self, once: NaiveDateTime, t: DateTime<Utc>) -> u32 {
        if resolve_local(once, self.tz()) > t {
            return 0;
        }
        let Some(resume) = self.resume_index(once) else {
            return u32::MAX;
        };
        let n = self.rhythm().next_index_after(t);
        n.saturating_sub(resume).saturating_add(1)
    }
}

/// The exception stored beside a cadence's JSON, if any (`{"unit": …, "once": "…"}`).
pub fn once_of(cadence_json: &str) -> Option<NaiveDateTime> {
    #[derive(Deserialize)]
    struct Once {
        #[serde(default)]
        once: Option<NaiveDateTime>,
    }
    serde_json::from_str::<Once>(cadence_json).ok()?.once
}

/// `cadence_json` with the exception `once` set (or removed with `None`).
pub fn with_once_json(cadence_json: &str, once: Option<NaiveDateTime>) -> Option<String> {
    let mut v: serde_json::Value = serde_json::from_str(cadence_json).ok()?;
    let map = v.as_object_mut()?;
    match once {
        Some(t) => {
            map.insert("once".to_owned(), serde_json::to_value(t).ok()?);
        }
        None => {
            map.remove("once");
        }
    }
    serde_json::to_string(&v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cadence::{Cadence, Nth};
    use chrono::Weekday;
    use chrono_tz::Europe::Paris;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn first_mondays() -> Schedule {
        let c = Cadence::monthly_weekday(1, Nth::First, Weekday::Mon).unwrap();
        Schedule::new(local("2026-12-07 10:00"), Paris, c)
    }

    #[test]
    fn the_exception_comes_first_then_the_rhythm_at_its_own_time() {
        let s = first_mondays().with_once(Some(local("2027-02-02 14:00")));
        assert_eq!(s.local_exchange(0), Some(local("2027-02-02 14:00")));
        assert_eq!(s.local_exchange(1), Some(local("2027-03-01 10:00")));
        assert_eq!(s.local_exchange(2), Some(local("2027-04-05 10:00")));
        let before = resolve_local(local("2027-01-20 09:00"), Paris);
        assert_eq!(
            s.upcoming(before, 2),
            [
                resolve_local(local("2027-02-02 14:00"), Paris),
                resolve_local(local("2027-03-01 10:00"), Paris)
            ]
        );
        let after = resolve_local(local("2027-02-02 14:00"), Paris);
        assert_eq!(
            s.upcoming(after, 1),
            [resolve_local(local("2027-03-01 10:00"), Paris)]
        );
    }

    #[test]
    fn the_rhythm_knows_its_days() {
        let s = first_mondays();
        assert!(!s.falls_on(NaiveDate::from_ymd_opt(2027, 2, 2).unwrap()));
        assert!(s.falls_on(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()));
        assert_eq!(
            s.rhythm_day_on_or_after(NaiveDate::from_ymd_opt(2027, 2, 2).unwrap()),
            NaiveDate::from_ymd_opt(2027, 3, 1)
        );
    }

    #[test]
    fn the_json_carries_the_exception_and_the_cadence_still_reads() {
        let json = serde_json::to_string(&Cadence::WEEKLY).unwrap();
        let with = with_once_json(&json, Some(local("2027-02-02 14:00"))).unwrap();
        assert_eq!(once_of(&with), Some(local("2027-02-02 14:00")));
        let back: Cadence = serde_json::from_str(&with).unwrap();
        assert_eq!(back, Cadence::WEEKLY);
        assert_eq!(once_of(&with_once_json(&with, None).unwrap()), None);
    }
}

#[cfg(test)]
mod calendar_tests {
    use super::*;
    use crate::domain::cadence::{Cadence, Nth};
    use chrono::Weekday;
    use chrono_tz::Europe::Paris;

    #[test]
    fn the_calendar_lists_the_exception_then_the_rhythm() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let c = Cadence::monthly_weekday(1, Nth::First, Weekday::Mon).unwrap();
        let s =
            Schedule::new(at("2026-12-07 10:00"), Paris, c).with_once(Some(at("2027-02-02 14:00")));
        let ics = crate::domain::ics::calendar(&s, 3, "u1", "Échange", "", Utc::now());
        assert!(ics.contains("UID:once-u1\r\n"), "{ics}");
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20270202T140000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20270301T100000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("RRULE:FREQ=MONTHLY;INTERVAL=1;COUNT=2;BYDAY=1MO"),
            "{ics}"
        );
        assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1, "{ics}");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::domain::cadence::{Cadence, Nth};
    use chrono::{Days, Weekday};
    use chrono_tz::Europe::Paris;
    use proptest::prelude::*;

    fn cadence(k: u8) -> Cadence {
        match k % 5 {
            0 => Cadence::WEEKLY,
            1 => Cadence::BIWEEKLY,
            2 => Cadence::MONTHLY,
            3 => Cadence::monthly_weekday(1, Nth::First, Weekday::Mon).unwrap(),
            _ => Cadence::monthly_weekday(1, Nth::Last, Weekday::Fri).unwrap(),
        }
    }

    proptest! {
        /// Whatever the rhythm and the date taken once off it: the first exchange is that
        /// date, to the minute; the later ones fall on the rhythm, in order, after it; and the
        /// instant just before it gives it as the next exchange.
        #[test]
        fn the_date_taken_once_is_the_first_exchange_and_the_rhythm_resumes_after_it(
            k in 0u8..5,
            anchor_days in 0u64..400,
            once_days in 1u64..500,
            hour in 7u32..20,
            minute in 0u32..60,
        ) {
            let base = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
            let anchor = (base + Days::new(anchor_days)).and_hms_opt(10, 0, 0).unwrap();
            let rhythm = Schedule::new(anchor, Paris, cadence(k));
            let day = anchor.date() + Days::new(once_days);
            prop_assume!(!rhythm.falls_on(day));
            let once = day.and_hms_opt(hour, minute, 0).unwrap();
            let s = rhythm.clone().with_once(Some(once));
            prop_assert_eq!(s.local_exchange(0), Some(once));
            let at = resolve_local(once, Paris);
            prop_assert_eq!(s.next_exchange_after(at - chrono::Duration::seconds(1)), Some(at));
            let mut last = once;
            for n in 1..6 {
                let t = s.local_exchange(n).unwrap();
                prop_assert!(t > last);
                prop_assert!(rhythm.falls_on(t.date()), "{t}");
                last = t;
            }
            // Nothing of the rhythm between the exception and the rhythm's return.
            let back = s.local_exchange(1).unwrap();
            prop_assert_eq!(rhythm.rhythm_day_on_or_after(day), Some(back.date()));
            prop_assert_eq!(s.upcoming(at - chrono::Duration::seconds(1), 2)[1], resolve_local(back, Paris));
        }
    }
}
