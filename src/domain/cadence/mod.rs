//! Recurrence in local wall time: how often two people agreed to talk, and when each exchange
//! falls.
//!
//! A [`Schedule`] is the agreed first exchange (a *local* wall time in an IANA time zone) plus a
//! [`Cadence`]. Occurrences are computed in wall time first ("every 2 weeks, Tuesday 10:00
//! Europe/Paris" stays at 10:00 across daylight-saving changes) and only then turned into UTC
//! instants by [`resolve_local`], which applies the product's DST policy: a wall time that does
//! not exist (spring-forward gap) is shifted forward by the gap; an ambiguous one (fall-back
//! overlap) takes the first occurrence. A monthly series keeps the anchor's day of month, clamped
//! to the last day of shorter months, without drifting.
//!
//! This module is pure: no I/O, no clock. "Now" is always passed in. Parsing what people type is
//! in `when`; calendar files are in `ics`.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How often the exchanges happen. Build it with [`Cadence::days`], [`Cadence::weeks`],
/// [`Cadence::months`] (which validate the interval) or the constants.
///
/// Serialised as `{"unit": "weeks", "every": 2}`; deserialisation validates like the
/// constructors. The variants are public for matching; a hand-built `Days(0)` is treated as 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "unit",
    content = "every",
    rename_all = "snake_case",
    try_from = "RawCadence"
)]
pub enum Cadence {
    /// Every `n` days (1..=[`Cadence::MAX_DAYS`]).
    Days(u32),
    /// Every `n` weeks, same weekday (1..=[`Cadence::MAX_WEEKS`]).
    Weeks(u32),
    /// Every `n` months, same day of month, clamped to short months (1..=[`Cadence::MAX_MONTHS`]).
    Months(u32),
}

/// The unvalidated wire shape of [`Cadence`], checked by `TryFrom` on deserialisation.
#[derive(Deserialize)]
#[serde(tag = "unit", content = "every", rename_all = "snake_case")]
enum RawCadence {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

impl TryFrom<RawCadence> for Cadence {
    type Error = CadenceError;
    fn try_from(raw: RawCadence) -> Result<Self, Self::Error> {
        match raw {
            RawCadence::Days(n) => Cadence::days(n),
            RawCadence::Weeks(n) => Cadence::weeks(n),
            RawCadence::Months(n) => Cadence::months(n),
        }
    }
}

/// A cadence interval outside the accepted range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CadenceError {
    /// `every` is 0 or larger than `max` for its unit.
    #[error("a cadence interval must be between 1 and {max}, got {every}")]
    OutOfRange {
        /// The interval asked for.
        every: u32,
        /// The largest interval accepted for this unit.
        max: u32,
    },
}

impl Cadence {
    /// Largest interval in days (a year).
    pub const MAX_DAYS: u32 = 365;
    /// Largest interval in weeks (a year).
    pub const MAX_WEEKS: u32 = 52;
    /// Largest interval in months (a year).
    pub const MAX_MONTHS: u32 = 12;
    /// Every week.
    pub const WEEKLY: Cadence = Cadence::Weeks(1);
    /// Every two weeks.
    pub const BIWEEKLY: Cadence = Cadence::Weeks(2);
    /// Every month.
    pub const MONTHLY: Cadence = Cadence::Months(1);

    /// Every `n` days, `n` in 1..=365.
    pub fn days(n: u32) -> Result<Cadence, CadenceError> {
        check(n, Self::MAX_DAYS).map(Cadence::Days)
    }

    /// Every `n` weeks, `n` in 1..=52.
    pub fn weeks(n: u32) -> Result<Cadence, CadenceError> {
        check(n, Self::MAX_WEEKS).map(Cadence::Weeks)
    }

    /// Every `n` months, `n` in 1..=12.
    pub fn months(n: u32) -> Result<Cadence, CadenceError> {
        check(n, Self::MAX_MONTHS).map(Cadence::Months)
    }

    /// Parses what a person typed ("toutes les 2 semaines", "every month"); see
    /// [`super::when::parse_cadence`].
    pub fn parse(input: &str) -> Result<Cadence, super::when::WhenError> {
        super::when::parse_cadence(input)
    }

    /// The interval, in this cadence's unit (at least 1).
    pub fn every(self) -> u32 {
        match self {
            Cadence::Days(n) | Cadence::Weeks(n) | Cadence::Months(n) => n.max(1),
        }
    }

    /// The interval in days for day and week cadences; `None` for months.
    fn period_days(self) -> Option<u64> {
        match self {
            Cadence::Days(_) => Some(u64::from(self.every())),
            Cadence::Weeks(_) => Some(7 * u64::from(self.every())),
            Cadence::Months(_) => None,
        }
    }
}

fn check(n: u32, max: u32) -> Result<u32, CadenceError> {
    if (1..=max).contains(&n) {
        Ok(n)
    } else {
        Err(CadenceError::OutOfRange { every: n, max })
    }
}

/// Turns a local wall time in `tz` into an instant, with the product's DST policy.
///
/// - A wall time that exists once maps to that instant.
/// - A wall time in a spring-forward gap is shifted forward by the gap: 02:30 on the morning
///   Europe/Paris jumps from 02:00 to 03:00 becomes 03:30 CEST (01:30 UTC).
/// - An ambiguous wall time in a fall-back overlap takes the first (earlier) instant: 02:30 on
///   the morning Europe/Paris goes back from 03:00 to 02:00 is 02:30 CEST (00:30 UTC).
pub fn resolve_local(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    use chrono::LocalResult;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => {
            // In a gap. The offset in force just before the gap, applied to the wall time,
            // gives the instant whose wall time is `local` shifted forward by the gap.
            let before = offset_before_gap(local, tz);
            (local - chrono::Duration::seconds(i64::from(before))).and_utc()
        }
    }
}

/// The UTC offset (seconds) in force just before the gap containing `local`: the offset of the
/// latest existing wall time before it, found by stepping back an hour at a time (real gaps
/// last at most a day).
fn offset_before_gap(local: NaiveDateTime, tz: Tz) -> i32 {
    use chrono::{LocalResult, Offset};
    let mut probe = local;
    for _ in 0..48 {
        probe -= chrono::Duration::hours(1);
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.offset().fix().local_minus_utc(),
            // The later instant of an overlap carries the offset that runs into the gap.
            LocalResult::Ambiguous(a, b) => return a.max(b).offset().fix().local_minus_utc(),
            LocalResult::None => {}
        }
    }
    0
}

/// The agreed rhythm of exchanges: the first exchange's local wall time, its time zone, and the
/// cadence. Occurrence `n = 0` is the first exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The local wall time agreed for the first exchange (what the person meant, before any DST
    /// adjustment); every later occurrence keeps its time of day.
    anchor: NaiveDateTime,
    /// The IANA time zone the schedule was agreed in.
    tz: Tz,
    /// How often.
    cadence: Cadence,
}

impl Schedule {
    /// A schedule whose first exchange is at wall time `anchor` in `tz`.
    pub fn new(anchor: NaiveDateTime, tz: Tz, cadence: Cadence) -> Schedule {
        Schedule {
            anchor,
            tz,
            cadence,
        }
    }

    /// The local wall time agreed for the first exchange.
    pub fn anchor(&self) -> NaiveDateTime {
        self.anchor
    }

    /// The time zone the schedule was agreed in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// How often the exchanges happen.
    pub fn cadence(&self) -> Cadence {
        self.cadence
    }

    /// The `n`-th exchange as a UTC instant (`n = 0` is the first): [`Self::local_occurrence`]
    /// resolved by [`resolve_local`].
    ///
    /// # Panics
    /// If the occurrence lies beyond chrono's range (past the year 262 000), which no real `n`
    /// reaches.
    pub fn occurrence(&self, n: u32) -> DateTime<Utc> {
        resolve_local(self.local_occurrence(n), self.tz)
    }

    /// The `n`-th exchange as a local wall time, before the DST policy: the anchor's time of day
    /// on the anchor's date plus `n` intervals. Monthly series keep the anchor's day of month,
    /// clamped to the month's last day (the 31st gives Feb 28/29, Apr 30, then Mar 31 again).
    ///
    /// # Panics
    /// As [`Self::occurrence`].
    pub fn local_occurrence(&self, n: u32) -> NaiveDateTime {
        self.checked_local_occurrence(n)
            .expect("occurrence beyond the supported calendar range")
    }

    fn checked_local_occurrence(&self, n: u32) -> Option<NaiveDateTime> {
        let date = self.anchor.date();
        let date = match self.cadence.period_days() {
            Some(p) => date.checked_add_days(Days::new(p.checked_mul(u64::from(n))?))?,
            None => {
                let start = i64::from(date.year()) * 12 + i64::from(date.month0());
                let index = start + i64::from(self.cadence.every()) * i64::from(n);
                let year = i32::try_from(index.div_euclid(12)).ok()?;
                let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
                let day = date.day().min(days_in_month(year, month)?);
                NaiveDate::from_ymd_opt(year, month, day)?
            }
        };
        Some(date.and_time(self.anchor.time()))
    }

    /// Index of the first occurrence strictly after `t`.
    ///
    /// Estimates the index from the calendar distance between the anchor and `t` (in `tz`), then
    /// corrects by a step or two: no scan from the first exchange.
    pub fn next_index_after(&self, t: DateTime<Utc>) -> u32 {
        let local = t.with_timezone(&self.tz).naive_local();
        let estimate: i64 = match self.cadence.period_days() {
            Some(p) => (local.date() - self.anchor.date())
                .num_days()
                .div_euclid(p as i64),
            None => {
                let months = |d: NaiveDateTime| i64::from(d.year()) * 12 + i64::from(d.month0());
                (months(local) - months(self.anchor)).div_euclid(i64::from(self.cadence.every()))
            }
        };
        let mut n = u32::try_from(estimate.saturating_sub(1).max(0)).unwrap_or(u32::MAX - 2);
        while n > 0 && self.occurrence(n - 1) > t {
            n -= 1;
        }
        while self.occurrence(n) <= t {
            n += 1;
        }
        n
    }

    /// The first occurrence strictly after `t`.
    pub fn next_after(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        self.occurrence(self.next_index_after(t))
    }

    /// The next `count` occurrences strictly after `after`, in order.
    pub fn upcoming(&self, after: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
        let first = self.next_index_after(after);
        (0..count)
            .map_while(|i| u32::try_from(i).ok().and_then(|i| first.checked_add(i)))
            .map(|n| self.occurrence(n))
            .collect()
    }

    /// The check-in point of the interval containing `t`: half-way between the last occurrence at
    /// or before `t` and the next one. `None` before the first exchange.
    ///
    /// Half-way is counted in days and lands at the anchor's wall time (a weekly Tuesday 10:00
    /// series gives Friday 10:00, not Friday 22:00), so a check-in arrives at the hour people
    /// agreed to talk; a daily series uses the exact instant half-way. The result may be at or
    /// before `t` when this interval's check-in point has passed; see
    /// [`Self::next_midpoint_after`] for the next one still to come.
    pub fn midpoint_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let next = self.next_index_after(t);
        let last = next.checked_sub(1)?;
        Some(self.midpoint(last))
    }

    /// The first check-in point (as in [`Self::midpoint_after`]) strictly after `t`, counting the
    /// interval between the first and second exchanges as the first.
    pub fn next_midpoint_after(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        // Midpoints increase with n, and the one before occurrence `next - 1` is not after `t`.
        let mut n = self.next_index_after(t).saturating_sub(1);
        while self.midpoint(n) <= t {
            n += 1;
        }
        self.midpoint(n)
    }

    /// Half-way between occurrences `n` and `n + 1`.
    fn midpoint(&self, n: u32) -> DateTime<Utc> {
        let (a, b) = (self.local_occurrence(n), self.local_occurrence(n + 1));
        let days = (b.date() - a.date()).num_days();
        if days >= 2 {
            let mid = a + chrono::Duration::days(days / 2);
            resolve_local(mid, self.tz)
        } else {
            let (a, b) = (self.occurrence(n), self.occurrence(n + 1));
            a + (b - a) / 2
        }
    }
}

/// Number of days in `month` of `year`, `None` outside chrono's range.
fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    u32::try_from((next - first).num_days()).ok()
}

#[cfg(test)]
mod tests;
