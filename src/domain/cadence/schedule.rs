//! The agreed series of exchanges: where each one falls in wall time, which of them the end
//! keeps, and the check-in points between them.
//!
//! Two views of the same series. The *rule's* occurrences ([`Schedule::occurrence`],
//! [`Schedule::next_after`], [`Schedule::next_midpoint_after`]) go on for ever, whatever the end;
//! the *exchanges* ([`Schedule::exchange`], [`Schedule::next_exchange_after`],
//! [`Schedule::upcoming`], [`Schedule::midpoint_after`], [`Schedule::next_check_in_after`]) stop
//! where the cadence ends, and are what the bot reminds about. Pure: "now" is an argument.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::months::{
    add_span, days_in_month, first_weekday_on_or_after, from_month_index, month_index,
    weekday_of_month,
};
use super::resolve_local;
use super::rule::{Cadence, CadenceError, End, Rule};

/// The agreed rhythm of exchanges: the first exchange's local wall time, its time zone, and the
/// cadence. Occurrence `n = 0` is the first exchange.
///
/// For a weekday of the month ("the 2nd Tuesday of every month") the first exchange is the
/// first such day on or after the anchor's date, at the anchor's wall time; later ones fall on
/// that weekday every `every` months counted from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The local wall time agreed for the first exchange (what the person meant, before any DST
    /// adjustment); every later occurrence keeps its time of day.
    anchor: NaiveDateTime,
    /// The IANA time zone the schedule was agreed in.
    tz: Tz,
    /// How often, and until when.
    cadence: Cadence,
    /// A first exchange agreed off the rhythm, before the rule's first occurrence (the person
    /// chose "this date first, then the rhythm"): it is exchange 0 and the rule's occurrences
    /// follow from `anchor`. `None` when the first exchange is on the rhythm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lead: Option<NaiveDateTime>,
}

impl Schedule {
    /// A schedule whose first exchange is at wall time `anchor` in `tz`. An end before the
    /// first exchange gives a series without exchanges; [`Self::try_new`] refuses it.
    pub fn new(anchor: NaiveDateTime, tz: Tz, cadence: Cadence) -> Schedule {
        Schedule {
            anchor,
            tz,
            cadence,
            lead: None,
        }
    }

    /// A series whose first exchange, at wall time `first`, is off the rhythm: the rule's
    /// occurrences then start at `rhythm_from` (after `first`). When `rhythm_from` is not after
    /// `first` this is [`Self::new`] at `first`.
    pub fn with_first(
        first: NaiveDateTime,
        rhythm_from: NaiveDateTime,
        tz: Tz,
        cadence: Cadence,
    ) -> Schedule {
        if rhythm_from <= first {
            return Schedule::new(first, tz, cadence);
        }
        Schedule {
            anchor: rhythm_from,
            tz,
            cadence,
            lead: Some(first),
        }
    }

    /// The first exchange agreed off the rhythm, if any (see [`Self::with_first`]).
    pub fn lead(&self) -> Option<NaiveDateTime> {
        self.lead
    }

    /// The rule alone, from its first occurrence: the series without an off-rhythm first
    /// exchange, and without its end (the end counts the first exchange).
    pub fn rhythm(&self) -> Schedule {
        Schedule::new(self.anchor, self.tz, self.cadence)
    }

    /// As [`Self::new`], refusing a series left without any exchange by its end
    /// ([`CadenceError::EndBeforeFirst`]).
    pub fn try_new(
        anchor: NaiveDateTime,
        tz: Tz,
        cadence: Cadence,
    ) -> Result<Schedule, CadenceError> {
        let s = Schedule::new(anchor, tz, cadence);
        match (s.exchange(0), cadence.end()) {
            (Some(_), _) => Ok(s),
            (None, Some(End::Until(end))) => Err(CadenceError::EndBeforeFirst {
                end,
                first: s
                    .checked_local_occurrence(0)
                    .map_or(anchor.date(), |t| t.date()),
            }),
            // Only an end date can come before the first exchange; past chrono's calendar, a
            // series has nothing to offer either.
            (None, _) => Err(CadenceError::NoExchange),
        }
    }

    /// The local wall time agreed for the first exchange (the off-rhythm one when there is
    /// one; the rule's occurrences start at [`Self::rhythm`]'s anchor).
    pub fn anchor(&self) -> NaiveDateTime {
        self.lead.unwrap_or(self.anchor)
    }

    /// The time zone the schedule was agreed in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// How often the exchanges happen, and until when.
    pub fn cadence(&self) -> Cadence {
        self.cadence
    }

    /// The rule's `n`-th occurrence as a UTC instant (`n = 0` is the first exchange), whether
    /// or not the end has come by then: [`Self::local_occurrence`] resolved by
    /// [`resolve_local`]. What the bot reminds about is [`Self::exchange`].
    ///
    /// # Panics
    /// If the occurrence lies beyond chrono's range (past the year 262 000), which no real `n`
    /// reaches.
    pub fn occurrence(&self, n: u32) -> DateTime<Utc> {
        resolve_local(self.local_occurrence(n), self.tz)
    }

    /// The rule's `n`-th occurrence as a local wall time, before the DST policy: the anchor's
    /// time of day on the anchor's date plus `n` intervals. Monthly series keep the anchor's day
    /// of month, clamped to the month's last day (the 31st gives Feb 28/29, Apr 30, then Mar 31
    /// again); a weekday of the month takes that weekday in each month of the series.
    ///
    /// # Panics
    /// As [`Self::occurrence`].
    pub fn local_occurrence(&self, n: u32) -> NaiveDateTime {
        self.checked_local_occurrence(n)
            .expect("occurrence beyond the supported calendar range")
    }

    pub(super) fn checked_local_occurrence(&self, n: u32) -> Option<NaiveDateTime> {
        match (self.lead, n) {
            (None, n) => self.rule_occurrence(n),
            (Some(lead), 0) => Some(lead),
            (Some(_), n) => self.rule_occurrence(n - 1),
        }
    }

    /// The rule's `n`-th occurrence from the anchor, the off-rhythm first exchange aside.
    fn rule_occurrence(&self, n: u32) -> Option<NaiveDateTime> {
        let date = self.anchor.date();
        let date = match self.cadence.rule() {
            Rule::Days(_) | Rule::Weeks(_) => {
                let p = self.cadence.period_days()?;
                date.checked_add_days(Days::new(p.checked_mul(u64::from(n))?))?
            }
            Rule::Months(_) => {
                let index = month_index(date) + i64::from(self.cadence.every()) * i64::from(n);
                let (year, month) = from_month_index(index)?;
                let day = date.day().min(days_in_month(year, month)?);
                NaiveDate::from_ymd_opt(year, month, day)?
            }
            Rule::MonthlyWeekday {
                every,
                nth,
                weekday,
            } => {
                let first = first_weekday_on_or_after(date, nth, weekday)?;
                let index = month_index(first) + i64::from(every.max(1)) * i64::from(n);
                let (year, month) = from_month_index(index)?;
                weekday_of_month(year, month, nth, weekday)?
            }
        };
        Some(date.and_time(self.anchor.time()))
    }

    /// The `n`-th exchange (`n = 0` is the first), or `None` once the series has ended.
    pub fn exchange(&self, n: u32) -> Option<DateTime<Utc>> {
        Some(resolve_local(self.local_exchange(n)?, self.tz))
    }

    /// The `n`-th exchange as a local wall time, before the DST policy (for a weekday of the
    /// month, `n = 0` is the first such day on or after the anchor), or `None` once the series
    /// has ended.
    pub fn local_exchange(&self, n: u32) -> Option<NaiveDateTime> {
        if self.exchange_count().is_some_and(|count| n >= count) {
            return None;
        }
        self.checked_local_occurrence(n)
    }

    /// How many exchanges the series holds: `None` without an end.
    pub fn exchange_count(&self) -> Option<u32> {
        let count = match self.cadence.end()? {
            End::Count(n) => n,
            End::Until(last_day) => self.count_while(|t| t.date() <= last_day),
            End::For(unit, n) => {
                let limit = self
                    .checked_local_occurrence(0)
                    .and_then(|first| add_span(first, unit, n));
                match limit {
                    Some(limit) => self.count_while(|t| t < limit),
                    None => self.count_while(|_| true),
                }
            }
        };
        Some(count)
    }

    /// The last exchange of an ended series; `None` without an end, or without exchanges.
    pub fn last_exchange(&self) -> Option<DateTime<Utc>> {
        let last = self.exchange_count()?.checked_sub(1)?;
        self.exchange(last)
    }

    /// How many leading occurrences satisfy `keep`, which must hold for a prefix of the series
    /// (occurrences only move forward in wall time). A binary search: no scan.
    fn count_while(&self, keep: impl Fn(NaiveDateTime) -> bool) -> u32 {
        let (mut kept, mut dropped) = (0u32, u32::MAX);
        while kept < dropped {
            let mid = kept + (dropped - kept) / 2;
            if self.checked_local_occurrence(mid).is_some_and(&keep) {
                kept = mid + 1;
            } else {
                dropped = mid;
            }
        }
        kept
    }

    /// The rule's occurrence `n` as an instant, `None` beyond chrono's range.
    fn checked_occurrence(&self, n: u32) -> Option<DateTime<Utc>> {
        Some(resolve_local(self.checked_local_occurrence(n)?, self.tz))
    }

    /// Index of the rule's first occurrence strictly after `t` (the end is not looked at).
    ///
    /// Estimates the index from the calendar distance between the first exchange and `t` (in
    /// `tz`), then corrects by a step or two: no scan from the first exchange.
    pub fn next_index_after(&self, t: DateTime<Utc>) -> u32 {
        let local = t.with_timezone(&self.tz).naive_local();
        let first = self.checked_local_occurrence(0).unwrap_or(self.anchor);
        let estimate: i64 = match self.cadence.period_days() {
            Some(p) => (local.date() - first.date())
                .num_days()
                .div_euclid(i64::try_from(p).unwrap_or(i64::MAX)),
            None => (month_index(local.date()) - month_index(first.date()))
                .div_euclid(i64::from(self.cadence.every())),
        };
        let mut n = u32::try_from(estimate.saturating_sub(1).max(0)).unwrap_or(u32::MAX - 2);
        // An occurrence past chrono's range counts as after every `t`.
        let after = |n: u32| self.checked_occurrence(n).is_none_or(|o| o > t);
        while n > 0 && after(n - 1) {
            n -= 1;
        }
        while !after(n) && n < u32::MAX {
            n += 1;
        }
        n
    }

    /// The rule's first occurrence strictly after `t`, the end not looked at; see
    /// [`Self::next_exchange_after`] for what the bot reminds about.
    ///
    /// # Panics
    /// As [`Self::occurrence`].
    pub fn next_after(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        self.occurrence(self.next_index_after(t))
    }

    /// The first exchange strictly after `t`, or `None` when the series has ended by then.
    pub fn next_exchange_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.exchange(self.next_index_after(t))
    }

    /// The next `count` exchanges strictly after `after`, in order: fewer (or none) when the
    /// series ends first.
    pub fn upcoming(&self, after: DateTime<Utc>, count: usize) -> Vec<DateTime<Utc>> {
        let first = self.next_index_after(after);
        let end = self.exchange_count();
        (0..count)
            .map_while(|i| u32::try_from(i).ok().and_then(|i| first.checked_add(i)))
            .take_while(|n| end.is_none_or(|end| *n < end))
            .map_while(|n| self.checked_occurrence(n))
            .collect()
    }

    /// The check-in point of the interval containing `t`: half-way between the last exchange at
    /// or before `t` and the next one. `None` before the first exchange, and after the last one
    /// of an ended series (there is no next exchange to prepare).
    ///
    /// Half-way is counted in days and lands at the anchor's wall time (a weekly Tuesday 10:00
    /// series gives Friday 10:00, not Friday 22:00), so a check-in arrives at the hour people
    /// agreed to talk; a daily series uses the exact instant half-way. The result may be at or
    /// before `t` when this interval's check-in point has passed; see
    /// [`Self::next_check_in_after`] for the next one still to come.
    pub fn midpoint_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let next = self.next_index_after(t);
        self.exchange(next)?;
        self.midpoint(next.checked_sub(1)?)
    }

    /// The rule's first check-in point (as in [`Self::midpoint_after`]) strictly after `t`,
    /// counting the interval between the first and second exchanges as the first; the end is
    /// not looked at (see [`Self::next_check_in_after`]).
    ///
    /// # Panics
    /// As [`Self::occurrence`].
    pub fn next_midpoint_after(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        self.next_midpoint_index(t)
            .and_then(|n| self.midpoint(n))
            .expect("occurrence beyond the supported calendar range")
    }

    /// The first check-in point strictly after `t` between two exchanges of the series: `None`
    /// once no exchange is left to prepare.
    pub fn next_check_in_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let n = self.next_midpoint_index(t)?;
        self.exchange(n.checked_add(1)?)?;
        self.midpoint(n)
    }

    /// Index `n` of the first check-in point, between occurrences `n` and `n + 1`, after `t`.
    fn next_midpoint_index(&self, t: DateTime<Utc>) -> Option<u32> {
        // Midpoints increase with n, and the one before occurrence `next - 1` is not after `t`.
        let mut n = self.next_index_after(t).saturating_sub(1);
        while self.midpoint(n)? <= t {
            n = n.checked_add(1)?;
        }
        Some(n)
    }

    /// Half-way between occurrences `n` and `n + 1`.
    fn midpoint(&self, n: u32) -> Option<DateTime<Utc>> {
        let a = self.checked_local_occurrence(n)?;
        let b = self.checked_local_occurrence(n.checked_add(1)?)?;
        let days = (b.date() - a.date()).num_days();
        if days >= 2 {
            let mid = a.checked_add_signed(chrono::Duration::days(days / 2))?;
            Some(resolve_local(mid, self.tz))
        } else {
            let (a, b) = (resolve_local(a, self.tz), resolve_local(b, self.tz));
            Some(a + (b - a) / 2)
        }
    }
}
