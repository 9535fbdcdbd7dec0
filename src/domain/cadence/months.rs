//! Calendar arithmetic in wall time that chrono does not give as such: a span added to a date,
//! months counted from year 0, the nth (or last) weekday of a month, the length of a month.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, Weekday};

use super::rule::{Nth, Unit};

/// `first` plus `n` units of a span; months keep the day, clamped to short months.
pub(super) fn add_span(first: NaiveDateTime, unit: Unit, n: u32) -> Option<NaiveDateTime> {
    match unit {
        Unit::Days => first.checked_add_days(Days::new(n.into())),
        Unit::Weeks => first.checked_add_days(Days::new(u64::from(n) * 7)),
        Unit::Months => first.checked_add_months(Months::new(n)),
    }
}

/// Months since year 0 (January = 0).
pub(super) fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// (year, month 1..=12) of a [`month_index`].
pub(super) fn from_month_index(index: i64) -> Option<(i32, u32)> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    Some((year, month))
}

/// The `nth` `weekday` of a month: the first to the fourth always exist; the last is within the
/// month's last seven days.
pub(super) fn weekday_of_month(
    year: i32,
    month: u32,
    nth: Nth,
    weekday: Weekday,
) -> Option<NaiveDate> {
    match nth.number() {
        Some(k) => {
            NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(k).ok()?)
        }
        None => {
            let last = NaiveDate::from_ymd_opt(year, month, days_in_month(year, month)?)?;
            let back =
                (last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
            last.checked_sub_days(Days::new(back.into()))
        }
    }
}

/// The first `nth` `weekday` of a month on or after `date`: this month's, or next month's.
pub(super) fn first_weekday_on_or_after(
    date: NaiveDate,
    nth: Nth,
    weekday: Weekday,
) -> Option<NaiveDate> {
    let this = weekday_of_month(date.year(), date.month(), nth, weekday)?;
    if this >= date {
        return Some(this);
    }
    let (year, month) = from_month_index(month_index(date) + 1)?;
    weekday_of_month(year, month, nth, weekday)
}

/// Number of days in `month` of `year`, `None` outside chrono's range.
pub(super) fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let (y, m) = from_month_index(month_index(first) + 1)?;
    let next = NaiveDate::from_ymd_opt(y, m, 1)?;
    u32::try_from((next - first).num_days()).ok()
}
