//! The parts of a moment checked against the calendar, in the person's time zone: the next such
//! weekday, a dated day, a day a number of days or months ahead; then past, too far, a weekday
//! that contradicts the date.
//!
//! **One rule for a date typed without a year: it is this year's.** If that moment has
//! already passed (earlier today or earlier this year), it is refused with
//! [`WhenError::Passed`], which names next year's date as a suggestion: the person is asked,
//! the date is never moved a year ahead in silence. A numeric date written with slashes is read
//! in the reader's [`DateOrder`]; when the order is unknown and both readings exist and differ,
//! the person is asked ([`WhenError::AmbiguousDate`]).
//!
//! Wall times become instants only through [`resolve_local`], the product's DST policy. This
//! module must not read the clock ("now" is an argument) or read words.

use super::moment::{Day, Parts};
use super::token::{Clock, Meridiem};
use super::{DateOrder, Moment, WhenError, MAX_MONTHS_AHEAD};
use crate::domain::cadence::resolve_local;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

pub(super) fn resolve(
    parts: Parts,
    now: DateTime<Utc>,
    tz: Tz,
    order: DateOrder,
) -> Result<Moment, WhenError> {
    if parts.day.is_none() && parts.weekday.is_none() && parts.clock.is_none() {
        return Err(WhenError::Unrecognised);
    }
    let today = now.with_timezone(&tz).date_naive();
    let this_year = today.year();
    let time = parts.clock.map(|c| wall_time(c, parts.hint)).transpose()?;
    let day = match parts.day {
        Some(Day::Slash {
            year,
            first,
            second,
        }) => Some(settle(year, first, second, order, this_year)?),
        day => day,
    };
    if let Some(Day::Date { year, month, day }) = day {
        if NaiveDate::from_ymd_opt(year.unwrap_or(this_year), month, day).is_none() {
            return Err(WhenError::InvalidDate);
        }
    }
    let time = match (time, day.is_some() || parts.weekday.is_some()) {
        (Some(t), true) => t,
        (None, _) => return Err(WhenError::NoTime),
        (Some(_), false) => return Err(WhenError::NoDay),
    };
    let date = match (day, parts.weekday) {
        (Some(Day::Offset(n)), _) => today
            .checked_add_days(Days::new(n.into()))
            .ok_or(WhenError::TooFar)?,
        (Some(Day::Date { year, month, day }), _) => {
            NaiveDate::from_ymd_opt(year.unwrap_or(this_year), month, day)
                .ok_or(WhenError::InvalidDate)?
        }
        (Some(Day::MonthsAhead(n)), _) => {
            let (y, m) = months_ahead(today, n).ok_or(WhenError::TooFar)?;
            NaiveDate::from_ymd_opt(y, m, today.day()).ok_or(WhenError::InvalidDate)?
        }
        (Some(Day::OfNextMonth(d)), _) => {
            let (y, m) = months_ahead(today, 1).ok_or(WhenError::TooFar)?;
            NaiveDate::from_ymd_opt(y, m, d).ok_or(WhenError::InvalidDate)?
        }
        (Some(Day::Slash { .. }), _) => return Err(WhenError::Unrecognised),
        (None, Some(w)) => {
            let ahead = (w.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
            today
                .checked_add_days(Days::new(if ahead == 0 { 7 } else { ahead.into() }))
                .ok_or(WhenError::TooFar)?
        }
        (None, None) => return Err(WhenError::Unrecognised),
    };
    if parts.weekday.is_some_and(|w| w != date.weekday()) {
        return Err(WhenError::WeekdayMismatch);
    }
    let local = date.and_time(time);
    let utc = resolve_local(local, tz);
    if utc <= now {
        let yearless = matches!(day, Some(Day::Date { year: None, .. }));
        let next_year = NaiveDate::from_ymd_opt(this_year + 1, date.month(), date.day());
        return Err(match next_year {
            Some(suggestion) if yearless => WhenError::Passed {
                typed: local,
                suggestion,
            },
            _ => WhenError::InPast,
        });
    }
    if now
        .checked_add_months(Months::new(MAX_MONTHS_AHEAD))
        .is_none_or(|limit| utc > limit)
    {
        return Err(WhenError::TooFar);
    }
    Ok(Moment { local, tz, utc })
}

/// (year, month) `n` months after `today`'s month.
fn months_ahead(today: NaiveDate, n: u32) -> Option<(i32, u32)> {
    let index = i64::from(today.year()) * 12 + i64::from(today.month0()) + i64::from(n);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    Some((year, month))
}

/// A slash date read in the reader's order: day first, month first, or, when the order is
/// unknown, the only reading that exists; two readings that exist and differ are asked about.
fn settle(
    year: Option<i32>,
    first: u32,
    second: u32,
    order: DateOrder,
    this_year: i32,
) -> Result<Day, WhenError> {
    let day_first = Day::Date {
        year,
        month: second,
        day: first,
    };
    let month_first = Day::Date {
        year,
        month: first,
        day: second,
    };
    let y = year.unwrap_or(this_year);
    Ok(match order {
        DateOrder::DayFirst => day_first,
        DateOrder::MonthFirst => month_first,
        DateOrder::Unknown => match (
            NaiveDate::from_ymd_opt(y, second, first),
            NaiveDate::from_ymd_opt(y, first, second),
        ) {
            (Some(a), Some(b)) if a != b => {
                return Err(WhenError::AmbiguousDate {
                    day_first: a,
                    month_first: b,
                })
            }
            (None, Some(_)) => month_first,
            _ => day_first,
        },
    })
}

/// A typed clock time as a wall time: 12-hour times need 1..=12, 24-hour times 0..=23.
fn wall_time(c: Clock, hint: Option<Meridiem>) -> Result<NaiveTime, WhenError> {
    let hour = match (c.meridiem, hint) {
        (Some(_), _) if !(1..=12).contains(&c.hour) => return Err(WhenError::InvalidDate),
        (Some(Meridiem::Am), _) => c.hour % 12,
        (Some(Meridiem::Pm), _) => c.hour % 12 + 12,
        (None, Some(Meridiem::Pm)) if (1..=11).contains(&c.hour) => c.hour + 12,
        (None, _) => c.hour,
    };
    NaiveTime::from_hms_opt(hour, c.minute, 0).ok_or(WhenError::InvalidDate)
}
