//! The days a rhythm falls on, its off-rhythm first exchange aside: whether a proposed date is
//! on the rhythm (`/reschedule`), and the rhythm's next day otherwise. Pure, as the rest of
//! `cadence`.

use chrono::NaiveDate;

use super::{resolve_local, Schedule};

impl Schedule {
    /// Whether `date` is a day the rhythm (without an off-rhythm first exchange) falls on.
    pub fn falls_on(&self, date: NaiveDate) -> bool {
        self.rhythm_day_on_or_after(date) == Some(date)
    }

    /// The first day on or after `date` the rhythm (without an off-rhythm first exchange)
    /// falls on.
    pub fn rhythm_day_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let rhythm = self.rhythm();
        let start = resolve_local(date.and_hms_opt(0, 0, 0)?, self.tz());
        let mut k = rhythm.next_index_after(start - chrono::Duration::seconds(1));
        let mut day = rhythm.checked_local_occurrence(k)?.date();
        // A wall time resolved across a DST change may land a step early: move on.
        while day < date {
            k = k.checked_add(1)?;
            day = rhythm.checked_local_occurrence(k)?.date();
        }
        Some(day)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, Weekday};
    use chrono_tz::Europe::Paris;

    use super::*;
    use crate::domain::cadence::{Cadence, Nth};

    fn first_mondays() -> Schedule {
        let c = Cadence::monthly_weekday(1, Nth::First, Weekday::Mon).unwrap();
        let at = NaiveDateTime::parse_from_str("2026-12-07 10:00", "%Y-%m-%d %H:%M").unwrap();
        Schedule::new(at, Paris, c)
    }

    #[test]
    fn a_tuesday_is_off_the_first_mondays_whose_next_day_is_named() {
        let s = first_mondays();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(s.falls_on(day("2027-02-01")));
        assert!(!s.falls_on(day("2027-02-02")));
        assert_eq!(
            s.rhythm_day_on_or_after(day("2027-02-02")),
            Some(day("2027-03-01"))
        );
    }
}
